// Training checkpoints: versioned JSON with the params by label, the model's identity (file, name,
// hyperparameters, a hash of every source file), and — while training — the data's hash, the options and
// the whole training state (Adam moments by label, position, curriculum stage, metric history, best start
// so far). JSON numbers round-trip doubles exactly, so a resumed run continues bit for bit.
// `--bind @ckpt.json` in compile/run/grad/draw/eval reads the params from one.

import { readFileSync } from "node:fs";
import type { EpochRecord, TrainOptions, TrainState } from "./trainer.js";

export const CHECKPOINT_FORMAT = "qseq-checkpoint";
export const CHECKPOINT_VERSION = 1;

export interface ModelIdentity {
  readonly file: string;
  readonly name: string;
  readonly sourceHash: string;
  readonly hyper: Record<string, number>;
}

export interface CheckpointJson {
  readonly format: typeof CHECKPOINT_FORMAT;
  readonly version: number;
  readonly model: ModelIdentity;
  readonly params: Record<string, number>;
  readonly training?: {
    readonly data: { readonly file: string; readonly hash: string; readonly samples: number };
    readonly options: TrainOptions;
    readonly state: {
      readonly restart: number; readonly epoch: number; readonly batch: number; readonly done: boolean;
      readonly adam: { readonly t: number; readonly m: Record<string, number>; readonly v: Record<string, number> };
      readonly stage: number; readonly stageEpochs: number;
      readonly acc: TrainState["acc"];
      /** The current start's params (top-level `params` are the best start's once training is done). */
      readonly params: Record<string, number>;
      readonly best: { readonly restart: number; readonly loss: number; readonly accuracy: number | null; readonly complete: boolean; readonly params: Record<string, number> } | null;
    };
    readonly history: readonly EpochRecord[];
  };
}

export class CheckpointError extends Error {}

const byLabel = (labels: readonly string[], v: ArrayLike<number>): Record<string, number> => Object.fromEntries(labels.map((l, i) => [l, v[i]!]));

function fromLabels(labels: readonly string[], rec: Record<string, number>, what: string, path: string): Float64Array {
  const missing = labels.filter((l) => typeof rec[l] !== "number");
  if (missing.length) throw new CheckpointError(`${path}: ${what} lacks ${missing.join(", ")} (it was written for another model)`);
  return Float64Array.from(labels, (l) => rec[l]!);
}

export function checkpointJson(model: ModelIdentity, labels: readonly string[], t: {
  dataFile: string; dataHash: string; samples: number; options: TrainOptions; state: TrainState;
}): CheckpointJson {
  const s = t.state;
  return {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    model,
    params: byLabel(labels, s.done && s.best ? s.best.params : s.params),
    training: {
      data: { file: t.dataFile, hash: t.dataHash, samples: t.samples },
      options: t.options,
      state: {
        restart: s.restart, epoch: s.epoch, batch: s.batch, done: s.done,
        adam: { t: s.adam.t, m: byLabel(labels, s.adam.m), v: byLabel(labels, s.adam.v) },
        stage: s.stage, stageEpochs: s.stageEpochs, acc: s.acc,
        params: byLabel(labels, s.params),
        best: s.best ? { ...s.best, params: byLabel(labels, s.best.params) } : null,
      },
      history: s.history,
    },
  };
}

/** The checkpoint file's text. */
export function checkpointText(c: CheckpointJson): string {
  return JSON.stringify(c, null, 1) + "\n";
}

export function readCheckpoint(path: string): CheckpointJson {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new CheckpointError(`cannot read the checkpoint ${path}: ${e instanceof SyntaxError ? `not JSON (${e.message})` : "no such file"}`);
  }
  const c = json as Partial<CheckpointJson>;
  if (c.format !== CHECKPOINT_FORMAT) throw new CheckpointError(`${path} is not a qseq checkpoint (its "format" is not "${CHECKPOINT_FORMAT}")`);
  if (c.version !== CHECKPOINT_VERSION) throw new CheckpointError(`${path} is a version ${String(c.version)} checkpoint; this qseq reads version ${CHECKPOINT_VERSION}`);
  if (!c.params || typeof c.params !== "object" || !Object.values(c.params).every((v) => typeof v === "number" && Number.isFinite(v))) {
    throw new CheckpointError(`${path}: "params" must map param names to finite numbers`);
  }
  if (!c.model || typeof c.model.sourceHash !== "string") throw new CheckpointError(`${path}: "model" is missing or incomplete`);
  return c as CheckpointJson;
}

/** The params of a checkpoint in the order of `labels`. */
export function checkpointParams(c: CheckpointJson, labels: readonly string[], path: string): Float64Array {
  return fromLabels(labels, c.params, "the checkpoint", path);
}

/** The training state stored in a checkpoint, for --resume. */
export function restoreState(c: CheckpointJson, labels: readonly string[], path: string): TrainState {
  const t = c.training;
  if (!t) throw new CheckpointError(`${path} holds params only (no training state), so training cannot resume from it; start a new run with --bind @${path}`);
  const s = t.state;
  return {
    restart: s.restart, epoch: s.epoch, batch: s.batch, done: s.done,
    params: fromLabels(labels, s.params, "the training state", path),
    adam: { t: s.adam.t, m: fromLabels(labels, s.adam.m, "the optimizer state", path), v: fromLabels(labels, s.adam.v, "the optimizer state", path) },
    stage: s.stage, stageEpochs: s.stageEpochs, acc: { ...s.acc },
    history: [...t.history],
    best: s.best ? { ...s.best, params: fromLabels(labels, s.best.params, "the best start", path) } : null,
  };
}
