// The public API of qseq: the same pipeline the CLI runs, as functions.

export { parseSource, type ParseResult } from "./syntax/parse.js";
export type * as Ast from "./syntax/ast.js";
export type { Span } from "./syntax/span.js";
export { loadProgram, type Program, type SourceHost } from "./check/program.js";
export { checkProgram, type CheckResult, type ModelSummary } from "./check/check.js";
export { DEFAULT_LIMITS, type Limits } from "./check/interpreter.js";
export { check, buildCircuit, type BuildOptions, type BuildOutput, type CheckOutput } from "./pipeline.js";
export { analyzeTrainability, trainabilityReports, formatTrainability, type TrainabilityReport } from "./analysis/trainability.js";
export { elaborate, type SequenceInput, type ElaborateOptions } from "./ir/elaborate.js";
export { parseTokenText, type RawToken } from "./input/tokens.js";
export { buildSymbolIndex, occurrences, symbolAt, type SymbolDef, type SymbolIndex, type SymbolKind, type SymbolRef } from "./symbols/symbols.js";
export { parseFeatureJson } from "./input/features.js";
export type * from "./ir/circuit.js";
export { paramLabel, initialParamValues, inputValues, ClassicalControlError, requireStaticControl } from "./ir/circuit.js";
export * as expr from "./ir/expr.js";
export { emitQasm3, NeedsBatchError } from "./emit/qasm3/emit.js";
export { planReadout, programCircuit, ReadoutError, type Readout, type ReadoutProgram, type Disturbance } from "./ir/readout.js";
export { buildBatch, combineBatch, type Batch, type BatchManifest, type BatchOutputs } from "./batch/batch.js";
export { sampleCircuits } from "./batch/sample.js";
export { type KeyField, type ManifestCircuit, ResultError } from "./batch/manifest.js";
export { UnrollLimitError } from "./check/limits.js";
export { importQasm, type ImportQasmOptions, type ImportQasmResult } from "./qasm/index.js";
export {
  compileSimulation, SimulationLimitError, LoopLimitError, type SimProgram, type BoundSimulation,
  type SampleResult, type ExactDistribution, type ForcedResult,
} from "./sim/index.js";
export { adjointGradient, batchAdjointGradient, compileAdjoint, type AdjointProgram, type GradientResult } from "./grad/adjoint.js";
export { type Objective, ObjectiveError, describeObjective } from "./grad/objective.js";
export { paramShiftPlan, type GradientPlan } from "./grad/param-shift.js";
export { shadowPlan, RecipeNotApplicable, type ShadowRecipe } from "./grad/shadow.js";
export { combinePlan, type PlanManifest, type CircuitResult, type CombinedGradient } from "./grad/plan.js";
export { exactPlanResults, samplePlanResults } from "./grad/run-plan.js";
export { CATALOGUE, type Code } from "./diagnostics/catalogue.js";
export { type Diagnostic, sortDiagnostics, hasErrors } from "./diagnostics/diagnostic.js";
export { renderText, toJson } from "./diagnostics/render.js";
// The hypergraph sequence task, training and the separation experiment (docs/task.md, docs/training.md)
export {
  binomial, makeSample, parseStep, sampleJson, targetBits, targetString, tokenText,
  type HypergraphSample, type MemorySize, type SequenceModel, type TaskStep,
} from "./task/sample.js";
export { generateHypergraphData, classicalMemoryBound, kSubsets, type GenerateOptions } from "./task/generate.js";
export { trueDistribution, sampleOutputs, deterministicBit } from "./task/hypergraph.js";
export { readDataFile, parseDataText, DataError } from "./task/data.js";
export { scoreModel, deterministicAccuracy, formatScores, scoresJson, type TaskScores, type ScoreOptions } from "./task/scores.js";
export { QuantumTaskModel, ModelLoadError, LIKELIHOOD_FLOOR, dataHash, type GradientMethod, type ModelSpec } from "./train/quantum.js";
export { train, initialState, difficulty, curriculumStages, learningRate, type TrainOptions, type TrainState, type EpochRecord, type TrainHooks } from "./train/trainer.js";
export { inProcessSource, type GradientSource, type SampleResult as TrainingSampleResult } from "./train/evaluate.js";
export { workerPool } from "./train/pool.js";
export { checkpointJson, checkpointText, readCheckpoint, restoreState, checkpointParams, CheckpointError, type CheckpointJson } from "./train/checkpoint.js";
export { trainBaseline, type BaselineKind, type BaselineModel } from "./baseline/train.js";
export { runSweep, separationMarkdown, separationSvg, FULL_SWEEP, QUICK_SWEEP, type SweepConfig, type RunResult } from "./experiment/separation.js";
