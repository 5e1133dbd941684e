// `qseq train`: Adam on the teacher-forced log-likelihood of a task data file (src/train/trainer.ts), with
// per-sample compiled programs kept across epochs, mini-batches spread over worker threads, a progress
// line, atomic versioned checkpoints (every epoch, every --checkpoint-every seconds, and on Ctrl-C) that
// --resume continues from, an SVG training curve, and the scores of the result on a test file.

import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { basename, extname } from "node:path";
import pc from "picocolors";
import { readDataFile } from "../task/data.js";
import { formatScores, scoreModel, scoresJson } from "../task/scores.js";
import type { HypergraphSample } from "../task/sample.js";
import { checkpointJson, CheckpointError, checkpointText, readCheckpoint, restoreState, type CheckpointJson } from "../train/checkpoint.js";
import { trainingCurveSvg } from "../train/curve.js";
import { inProcessSource, type GradientSource } from "../train/evaluate.js";
import { workerPool } from "../train/pool.js";
import { dataHash, type QuantumTaskModel } from "../train/quantum.js";
import { initialState, train, type EpochRecord, type TrainOptions, type TrainState } from "../train/trainer.js";
import { writeFileAtomic, type Format } from "./io.js";
import { parseBind, parsePositiveInt, parsePositiveNumber, parseSeed, UsageError } from "./options.js";
import { loadTaskModel, reportingTaskErrors, warnIfOtherSize, warnIfOtherSource, type TaskModelOptions } from "./task-io.js";

export interface TrainCliOptions extends TaskModelOptions {
  data: string;
  test?: string;
  epochs?: string;
  lr?: string;
  batch?: string;
  seed?: string;
  method?: string;
  curriculum?: boolean;
  restarts?: string;
  init?: "model" | "random";
  bind?: string | true;
  output?: string;
  resume?: boolean;
  workers?: string;
  checkpointEvery?: string;
  plot?: string;
  format: Format;
}

/** Defaults measured on the khrnn example (n = 6, k = 3): see docs/training.md. */
export const TRAIN_DEFAULTS = { epochs: 40, lr: 0.1, batch: 8, restarts: 3 } as const;

function optionsFrom(o: TrainCliOptions): TrainOptions {
  if (o.method !== undefined && o.method !== "adjoint" && o.method !== "param-shift") throw new UsageError(`--method expects adjoint or param-shift, got "${o.method}"`);
  return {
    method: o.method === "param-shift" ? "param-shift" : "adjoint",
    epochs: o.epochs === undefined ? TRAIN_DEFAULTS.epochs : parsePositiveInt(o.epochs, "--epochs"),
    lr: o.lr === undefined ? TRAIN_DEFAULTS.lr : parsePositiveNumber(o.lr, "--lr"),
    batch: o.batch === undefined ? TRAIN_DEFAULTS.batch : parsePositiveInt(o.batch, "--batch"),
    seed: parseSeed(o.seed),
    curriculum: o.curriculum === true,
    restarts: o.restarts === undefined ? TRAIN_DEFAULTS.restarts : parsePositiveInt(o.restarts, "--restarts"),
    init: o.init ?? "model",
  };
}

/** On --resume the stored options hold; an option given again must agree with them. */
function checkResumeOptions(o: TrainCliOptions, stored: TrainOptions): void {
  const given = optionsFrom(o);
  const named: [keyof TrainOptions, string, unknown][] = [
    ["epochs", "--epochs", o.epochs], ["lr", "--lr", o.lr], ["batch", "--batch", o.batch], ["seed", "--seed", o.seed],
    ["curriculum", "--curriculum", o.curriculum], ["restarts", "--restarts", o.restarts], ["init", "--init", o.init], ["method", "--method", o.method],
  ];
  for (const [key, flag, raw] of named) {
    if (raw !== undefined && given[key] !== stored[key]) {
      throw new UsageError(`--resume continues the run with its stored options: ${flag} was ${String(stored[key])}, not ${String(given[key])}`);
    }
  }
}

function workerCount(text: string | undefined, model: QuantumTaskModel, batch: number): number {
  const cores = Math.max(1, Math.min(availableParallelism(), 8));
  if (text === undefined || text === "auto") {
    // threads pay for themselves when a batch holds enough simulation work (measured in bench/train.ts)
    return batch * 2 ** model.numQubits >= 2 ** 17 ? Math.min(cores, 2, batch) : 0;
  }
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--workers expects a non-negative integer or auto, got "${text}"`);
  return n <= 1 ? 0 : n;
}

interface Progress {
  batch(p: { state: TrainState; batches: number; loss: number; accuracy: number | null; eta: number }): void;
  epoch(r: EpochRecord, o: TrainOptions): void;
  message(text: string): void;
  clear(): void;
}

const accText = (a: number | null): string => (a === null ? "—" : `${(100 * a).toFixed(1)} %`);
const duration = (s: number): string => (s < 60 ? `${s.toFixed(0)} s` : s < 3600 ? `${Math.floor(s / 60)} min ${Math.round(s % 60)} s` : `${(s / 3600).toFixed(1)} h`);

/** A live status line on a terminal; a line per epoch otherwise; JSON Lines with --format json. */
function progressReporter(format: Format): Progress {
  const tty = process.stderr.isTTY === true && format === "text";
  const c = pc.createColors(tty && !process.env["NO_COLOR"]);
  let live = false;
  const clear = (): void => { if (live) { process.stderr.write("\r\x1b[2K"); live = false; } };
  const epochLine = (r: EpochRecord, o: TrainOptions): string =>
    `${o.restarts > 1 ? `start ${r.restart + 1}/${o.restarts} ` : ""}epoch ${r.epoch + 1}/${o.epochs}` +
    `  loss ${r.loss.toFixed(4)}  accuracy ${accText(r.accuracy)}${r.confidence !== null ? `  least P(right X) ${r.confidence.toFixed(4)}` : ""}${r.stage !== null ? `  curriculum c ≤ ${r.stage}` : ""}  ${r.samples} samples  ${r.seconds.toFixed(2)} s`;
  return {
    batch(p) {
      if (!tty) return;
      const s = p.state;
      process.stderr.write(`\r\x1b[2K${c.cyan(`epoch ${s.epoch + 1}`)} batch ${s.batch}/${p.batches}  loss ${p.loss.toFixed(4)}  accuracy ${accText(p.accuracy)}  ETA ${duration(p.eta)}`);
      live = true;
    },
    epoch(r, o) {
      clear();
      if (format === "json") process.stderr.write(JSON.stringify({ event: "epoch", ...r }) + "\n");
      else process.stderr.write(epochLine(r, o) + "\n");
    },
    message(text) {
      clear();
      if (format === "json") process.stderr.write(JSON.stringify({ event: "message", text }) + "\n");
      else process.stderr.write(text + "\n");
    },
    clear,
  };
}

export function runTrain(file: string, o: TrainCliOptions): Promise<number> {
  return reportingTaskErrors(o.format, async () => {
    const ckptPath = o.output ?? `${basename(file, extname(file))}.ckpt.json`;
    if (!o.resume && existsSync(ckptPath)) throw new UsageError(`${ckptPath} exists: pass --resume to continue that run, or -o to write elsewhere`);
    if (o.resume && o.bind !== undefined) throw new UsageError("--bind sets the start of a new run; --resume continues from the checkpoint's own state");
    let stored: CheckpointJson | undefined;
    if (o.resume) {
      try {
        stored = readCheckpoint(ckptPath);
      } catch (e) {
        if (e instanceof CheckpointError) throw new UsageError(`--resume: ${e.message}`);
        throw e;
      }
    }
    const model = loadTaskModel(file, o);
    const samples = readDataFile(o.data);
    warnIfOtherSize(model, samples, o.data);
    const testSamples = o.test !== undefined ? readDataFile(o.test) : undefined;
    // a test sample the model cannot read is reported now, not after the training
    if (testSamples) model.prepare(testSamples, o.test!);
    const hash = dataHash(samples);
    const options = stored?.training ? stored.training.options : optionsFrom(o);
    // the first start (with --init model): the model's initial values, with --bind on top
    const start = stored ? Float64Array.from(model.init) : parseBind(o.bind ?? true, { params: model.paramInfo });
    warnIfOtherSource(o.bind, model);
    let state: TrainState;
    if (stored) {
      if (stored.model.sourceHash !== model.sourceHash) throw new UsageError(`--resume: the model's source changed since ${ckptPath} was written; train anew (or restore the source)`);
      if (stored.training?.data.hash !== hash) throw new UsageError(`--resume: ${o.data} is not the data ${ckptPath} was trained on (${stored.training?.data.file ?? "none"})`);
      checkResumeOptions(o, options);
      try {
        state = restoreState(stored, model.labels, ckptPath);
      } catch (e) {
        if (e instanceof CheckpointError) throw new UsageError(`--resume: ${e.message}`);
        throw e;
      }
    } else {
      state = initialState(start, options);
    }
    const progress = progressReporter(o.format);
    const identity = { file, name: model.modelName, sourceHash: model.sourceHash, hyper: Object.fromEntries(model.hyper) };
    const save = (s: TrainState): void => writeFileAtomic(ckptPath, checkpointText(checkpointJson(identity, model.labels, { dataFile: o.data, dataHash: hash, samples: samples.length, options, state: s })));

    const threads = workerCount(o.workers, model, options.batch);
    let source: GradientSource;
    const t0 = performance.now();
    if (threads > 0) {
      source = await workerPool(model.spec, o.data, model.labels, threads, options.method);
    } else {
      model.prepare(samples, o.data);
      source = inProcessSource(model, samples, o.data, options.method);
    }
    progress.message(`${stored ? "resuming" : "training"} ${model.modelName} on ${samples.length} samples of ${o.data}: ${model.labels.length} params, ` +
      `${options.epochs} epochs, batch ${options.batch}, lr ${options.lr}${options.curriculum ? ", curriculum over c" : ""}${options.restarts > 1 ? `, up to ${options.restarts} starts` : ""}, ` +
      `${options.method === "param-shift" ? "parameter-shift circuits, " : ""}${threads > 0 ? `${threads} worker threads` : "in-process"}; compiled in ${((performance.now() - t0) / 1000).toFixed(2)} s`);

    let interrupted = false;
    const onSigint = (): void => { interrupted = true; };
    process.on("SIGINT", onSigint);
    const every = o.checkpointEvery === undefined ? 30 : parsePositiveNumber(o.checkpointEvery, "--checkpoint-every");
    let lastSave = performance.now();
    try {
      await train(source, samples, start, options, state, {
        onBatch: (p) => progress.batch(p),
        onEpoch: (r) => progress.epoch(r, options),
        onRestart: (k) => progress.message(`start ${k + 1} of ${options.restarts} (the best so far: loss ${state.best?.loss.toFixed(4)}, accuracy ${accText(state.best?.accuracy ?? null)})`),
        onCheckpoint: (s) => { save(s); lastSave = performance.now(); },
        checkpointDue: () => performance.now() - lastSave > every * 1000,
        shouldStop: () => interrupted,
      });
    } finally {
      process.off("SIGINT", onSigint);
      await source.close();
    }
    if (!state.done) {
      progress.message(`interrupted: the run is saved in ${ckptPath}; continue it with the same command and --resume`);
      return 130;
    }
    if (o.plot) writeFileAtomic(o.plot, trainingCurveSvg(state.history, `${model.modelName} on ${basename(o.data)}`));
    const best = state.best!;
    progress.message(`done: start ${best.restart + 1} kept (loss ${best.loss.toFixed(4)}, accuracy ${accText(best.accuracy)}); params in ${ckptPath}${o.plot ? `, curve in ${o.plot}` : ""}`);
    return report(model, state.params, testSamples ?? samples, o.test ?? o.data, o.format, testSamples === undefined);
  });
}

async function report(model: QuantumTaskModel, params: Float64Array, samples: HypergraphSample[], dataFile: string, format: Format, onTraining: boolean): Promise<number> {
  const scores = await scoreModel(model.sequenceModel(params, dataFile), samples);
  const named = Object.fromEntries(model.labels.map((l, i) => [l, params[i]!]));
  if (format === "json") {
    process.stdout.write(JSON.stringify({ params: named, scoresOn: dataFile, scores: scoresJson(scores) }, null, 2) + "\n");
  } else {
    process.stdout.write(`params: ${model.labels.map((l, i) => `${l} = ${params[i]!.toFixed(4)}`).join(", ")}\n`);
    process.stdout.write(`scores on ${dataFile}${onTraining ? " (the training data: pass --test for held-out scores)" : ""}:\n`);
    process.stdout.write(formatScores(scores));
  }
  return 0;
}
