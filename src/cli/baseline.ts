// `qseq baseline <gru|lstm|transformer>`: trains a classical baseline (src/baseline, TensorFlow.js) on a
// task data file and prints its scores (src/task/scores.ts) on a test file, or on the training data when
// there is none. Progress (one line per epoch) goes to stderr, the scores to stdout.
//
//   qseq baseline gru --data train.jsonl --test test.jsonl --hidden 32 --epochs 20 --lr 0.003 --batch 64 --seed 1
//
// Exit codes: 0 scored, 1 a data file that cannot be used (its diagnostics on stderr), 2 bad options
// (UsageError, mapped by main.ts).

import { BASELINE_KINDS, isBaselineKind, trainBaseline } from "../baseline/train.js";
import { SequenceTooLongError } from "../baseline/transformer.js";
import { DataError, readDataFile } from "../task/data.js";
import type { HypergraphSample } from "../task/sample.js";
import { formatScores, scoreModel, scoresJson } from "../task/scores.js";
import { EXIT_DIAGNOSTICS, EXIT_OK } from "./exit-codes.js";
import { parsePositiveInt, parsePositiveNumber, parseSeed, UsageError } from "./options.js";

export interface BaselineOptions {
  data: string;
  test?: string;
  hidden?: string;
  epochs?: string;
  lr?: string;
  batch?: string;
  seed?: string;
  format: "text" | "json";
}

export const BASELINE_DEFAULTS = { hidden: 32, epochs: 20, lr: 0.003, batch: 64, seed: 1 } as const;

/** Reads a data file; a DataError is printed and becomes undefined. */
function readData(path: string): HypergraphSample[] | undefined {
  try {
    return readDataFile(path);
  } catch (e) {
    if (!(e instanceof DataError)) throw e;
    process.stderr.write(`${e.message}\n`);
    return undefined;
  }
}

export async function runBaseline(kind: string, o: BaselineOptions): Promise<number> {
  if (!isBaselineKind(kind)) throw new UsageError(`unknown baseline "${kind}" (expected one of ${BASELINE_KINDS.join(", ")})`);
  if (!o.data) throw new UsageError("--data <file> is required: the training data (JSON Lines, docs/task.md)");
  if (o.format !== "text" && o.format !== "json") throw new UsageError(`--format expects text or json, got "${String(o.format)}"`);
  const hidden = o.hidden === undefined ? BASELINE_DEFAULTS.hidden : parsePositiveInt(o.hidden, "--hidden");
  const epochs = o.epochs === undefined ? BASELINE_DEFAULTS.epochs : parsePositiveInt(o.epochs, "--epochs");
  const batch = o.batch === undefined ? BASELINE_DEFAULTS.batch : parsePositiveInt(o.batch, "--batch");
  const lr = o.lr === undefined ? BASELINE_DEFAULTS.lr : parsePositiveNumber(o.lr, "--lr");
  const seed = parseSeed(o.seed, BASELINE_DEFAULTS.seed);

  const train = readData(o.data);
  if (!train) return EXIT_DIAGNOSTICS;
  const test = o.test === undefined ? train : readData(o.test);
  if (!test) return EXIT_DIAGNOSTICS;
  for (const [file, samples] of [[o.data, train], [o.test ?? o.data, test]] as const) {
    if (samples.length === 0) {
      process.stderr.write(`error: ${file} has no samples\n`);
      return EXIT_DIAGNOSTICS;
    }
  }
  const n = train[0]!.n;
  const other = [...train, ...test].find((s) => s.n !== n);
  if (other) {
    process.stderr.write(`error: ${other.line ? `line ${other.line}: ` : ""}a sample with n = ${other.n}; a baseline is trained for one n, and the first training sample has n = ${n}\n`);
    return EXIT_DIAGNOSTICS;
  }

  const width = String(epochs).length;
  const model = await trainBaseline(kind, train, {
    hidden, epochs, lr, batch, seed,
    onEpoch: (e) => process.stderr.write(
      `epoch ${String(e.epoch).padStart(width)}/${epochs}  loss ${e.loss.toFixed(4)}  accuracy ${(100 * e.accuracy).toFixed(2)} %  ${e.seconds.toFixed(2)} s\n`),
  });
  try {
    const scores = await scoreModel(model, test, { seed });
    process.stdout.write(o.format === "json" ? `${JSON.stringify(scoresJson(scores), null, 2)}\n` : formatScores(scores));
  } catch (e) {
    if (!(e instanceof SequenceTooLongError)) throw e;
    process.stderr.write(`error: ${o.test ?? o.data}: ${e.message}\n`);
    return EXIT_DIAGNOSTICS;
  } finally {
    model.dispose();
  }
  return EXIT_OK;
}
