// Training a classical baseline with Adam on the masked binary cross-entropy of the read steps (targets
// teacher-forced as inputs of the next step), and the trained model as a SequenceModel for the scores.
// Shuffling uses the seeded Rng and the initialisers are seeded, so the same seed gives the same model.
// Every batch runs inside tf.tidy, and the few tensors kept out of it are disposed at once, so memory
// stays flat from epoch to epoch.

import type { Scalar, Tensor, Tensor2D } from "@tensorflow/tfjs";
import { Rng } from "../sim/rng.js";
import { binomial, type HypergraphSample, type MemorySize, type SequenceModel } from "../task/sample.js";
import { encodeBatch, featureSize, readValues, type EncodedBatch } from "./encode.js";
import type { Network } from "./network.js";
import { rnnNetwork } from "./rnn.js";
import { loadTf, type TF, type TfBackend } from "./tf.js";
import { transformerNetwork } from "./transformer.js";

export const BASELINE_KINDS = ["gru", "lstm", "transformer"] as const;
export type BaselineKind = (typeof BASELINE_KINDS)[number];

export interface EpochReport { epoch: number; loss: number; accuracy: number; seconds: number }

export interface TrainOptions {
  hidden: number;
  epochs: number;
  lr: number;
  batch: number;
  seed: number;
  onEpoch?: (e: EpochReport) => void;
  /** The TensorFlow.js backend (default: DEFAULT_BACKEND of ./tf.js). */
  backend?: TfBackend;
  /** Transformer blocks (default 2). */
  layers?: number;
}

export interface BaselineModel extends SequenceModel {
  readonly kind: BaselineKind;
  /** Frees the network's weights; the model cannot be used afterwards. */
  dispose(): void;
}

/** Samples per forward pass in conditionals(). */
const INFERENCE_BATCH = 256;

export function isBaselineKind(kind: string): kind is BaselineKind {
  return (BASELINE_KINDS as readonly string[]).includes(kind);
}

function toTensors(tf: TF, e: EncodedBatch): { x: Tensor; y: Tensor2D; mask: Tensor2D } {
  return {
    x: tf.tensor3d(e.x, [e.batch, e.length, e.features]),
    y: tf.tensor2d(e.y, [e.batch, e.length]),
    mask: tf.tensor2d(e.mask, [e.batch, e.length]),
  };
}

/** Σ over read steps of the binary cross-entropy of sigmoid(z) against y, in the stable logit form. */
function maskedBceSum(tf: TF, z: Tensor, y: Tensor, mask: Tensor): Scalar {
  const per = tf.relu(z).sub(z.mul(y)).add(tf.log1p(tf.exp(tf.abs(z).neg())));
  return per.mul(mask).sum();
}

function correctSum(tf: TF, z: Tensor, y: Tensor, mask: Tensor): Scalar {
  const predicted = tf.greater(z, 0).toFloat();
  return tf.scalar(1).sub(predicted.sub(y).abs()).mul(mask).sum();
}

export async function trainBaseline(kind: BaselineKind, train: readonly HypergraphSample[], o: TrainOptions): Promise<BaselineModel> {
  if (!isBaselineKind(kind)) throw new Error(`unknown baseline ${String(kind)} (expected ${BASELINE_KINDS.join(", ")})`);
  if (train.length === 0) throw new Error("no training samples");
  const n = train[0]!.n;
  const mixed = train.find((s) => s.n !== n);
  if (mixed) throw new Error(`the training samples have different n (${n} and ${mixed.n})`);
  for (const [name, v] of [["hidden", o.hidden], ["epochs", o.epochs], ["batch", o.batch]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`${name} must be a positive integer, got ${v}`);
  }
  if (!(o.lr > 0)) throw new Error(`the learning rate must be positive, got ${o.lr}`);

  const tf = await loadTf(o.backend);
  const longest = Math.max(...train.map((s) => s.steps.length));
  // the transformer's positions cover every unpadded sequence of this task size (all C(n, k) edges, then n
  // reads), so that a test sample longer than the training samples can still be scored
  const positions = Math.max(longest, binomial(n, train[0]!.k) + n);
  const features = featureSize(n);
  const net: Network = kind === "transformer"
    ? transformerNetwork(tf, { features, hidden: o.hidden, seed: o.seed, maxLength: positions, ...(o.layers ? { layers: o.layers } : {}) })
    : rnnNetwork(tf, kind, { features, hidden: o.hidden, seed: o.seed });
  const optimizer = tf.train.adam(o.lr);
  // its own stream, so that the shuffle does not depend on how many numbers the initialisation drew
  const rng = new Rng(o.seed + 0x51ed);
  const order = train.map((_, i) => i);
  try {
    for (let epoch = 1; epoch <= o.epochs; epoch++) {
      const start = performance.now();
      rng.shuffle(order);
      let lossSum = 0, correct = 0, reads = 0;
      for (let from = 0; from < order.length; from += o.batch) {
        const enc = encodeBatch(order.slice(from, from + o.batch).map((i) => train[i]!), n);
        const count = enc.mask.reduce((a, b) => a + b, 0);
        if (count === 0) continue;
        let right: Scalar | undefined;
        const loss = tf.tidy(() => {
          const { x, y, mask } = toTensors(tf, enc);
          const { value, grads } = tf.variableGrads(() => {
            const z = net.logits(x as never);
            right = tf.keep(correctSum(tf, z, y, mask));
            return maskedBceSum(tf, z, y, mask).div(count) as Scalar;
          }, [...net.variables]);
          // (Adam's typing asks for variables; the gradients it applies are plain tensors, keyed by variable name)
          optimizer.applyGradients(grads as unknown as Parameters<typeof optimizer.applyGradients>[0]);
          return value;
        });
        lossSum += (await loss.data())[0]! * count;
        correct += (await right!.data())[0]!;
        reads += count;
        loss.dispose();
        right!.dispose();
      }
      o.onEpoch?.({ epoch, loss: lossSum / Math.max(reads, 1), accuracy: correct / Math.max(reads, 1), seconds: (performance.now() - start) / 1000 });
    }
  } catch (e) {
    net.dispose();
    throw e;
  } finally {
    // Adam's moment estimates are only needed while training
    optimizer.dispose();
  }

  const memory: MemorySize = net.memory(longest);
  let disposed = false;
  return {
    kind,
    name: `${kind}(H=${o.hidden})`,
    memory,
    async conditionals(samples, outputs) {
      if (disposed) throw new Error("the baseline model has been disposed");
      if (outputs.length !== samples.length) throw new Error(`${outputs.length} output strings given for ${samples.length} samples`);
      const result: Float64Array[] = [];
      for (let from = 0; from < samples.length; from += INFERENCE_BATCH) {
        const chunk = samples.slice(from, from + INFERENCE_BATCH);
        const enc = encodeBatch(chunk, n, outputs.slice(from, from + INFERENCE_BATCH));
        const p = tf.tidy(() => tf.sigmoid(net.logits(tf.tensor3d(enc.x, [enc.batch, enc.length, enc.features]))));
        const values = await p.data();
        p.dispose();
        result.push(...readValues(chunk, enc.length, values));
      }
      return result;
    },
    dispose() {
      if (!disposed) { disposed = true; net.dispose(); }
    },
  };
}
