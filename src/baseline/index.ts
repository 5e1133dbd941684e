// The classical baselines of the hypergraph sequence task (GRU, LSTM, transformer on TensorFlow.js).
export { trainBaseline, isBaselineKind, BASELINE_KINDS, type BaselineKind, type BaselineModel, type TrainOptions, type EpochReport } from "./train.js";
export { encodeBatch, featureSize, readValues, type EncodedBatch } from "./encode.js";
export { loadTf, DEFAULT_BACKEND, type TfBackend } from "./tf.js";
