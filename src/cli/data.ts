// `qseq data hypergraph`: writes a seeded train/test pair of task data files (JSON Lines) whose
// hypergraphs are disjoint.

import { GenerateError, generateHypergraphData, MAX_TASK_VERTICES } from "../task/generate.js";
import { sampleJson, type HypergraphSample } from "../task/sample.js";
import { writeFileAtomic } from "./io.js";
import { parsePositiveInt, parseSeed, UsageError } from "./options.js";

export interface DataOptions {
  n: string;
  k: string;
  samples?: string;
  seed?: string;
  context: "deterministic" | "random";
  testFraction?: string;
  pad?: string;
  output: string;
}

/** `data.jsonl` → `data.train.jsonl` and `data.test.jsonl`. */
export function splitPaths(output: string): { train: string; test: string } {
  const base = output.replace(/\.jsonl$/i, "");
  return { train: `${base}.train.jsonl`, test: `${base}.test.jsonl` };
}

export function runData(o: DataOptions): number {
  const n = parsePositiveInt(o.n, "--n"), k = parsePositiveInt(o.k, "--k");
  if (n > MAX_TASK_VERTICES) throw new UsageError(`--n is at most ${MAX_TASK_VERTICES} (the generator keeps a 2^n-entry state per sample)`);
  if (k > n) throw new UsageError(`--k must be at most --n (${n}), got ${k}`);
  const testFraction = o.testFraction === undefined ? 0.2 : Number(o.testFraction);
  if (!(testFraction >= 0 && testFraction < 1)) throw new UsageError(`--test-fraction expects a number in [0, 1), got "${o.testFraction}"`);
  const pad = o.pad === undefined ? 0 : Number(o.pad);
  if (!Number.isInteger(pad) || pad < 0) throw new UsageError(`--pad expects a non-negative integer, got "${o.pad}"`);
  let data: { train: HypergraphSample[]; test: HypergraphSample[] };
  try {
    data = generateHypergraphData({
      n, k, samples: o.samples === undefined ? 1000 : parsePositiveInt(o.samples, "--samples"),
      seed: parseSeed(o.seed), context: o.context, testFraction, pad,
    });
  } catch (e) {
    if (e instanceof GenerateError) throw new UsageError(e.message);
    throw e;
  }
  const paths = splitPaths(o.output);
  const text = (xs: HypergraphSample[]): string => xs.map((s) => sampleJson(s) + "\n").join("");
  writeFileAtomic(paths.train, text(data.train));
  writeFileAtomic(paths.test, text(data.test));
  const graphs = (xs: HypergraphSample[]): number => new Set(xs.map((s) => JSON.stringify(s.edges))).size;
  process.stderr.write(`wrote ${data.train.length} training samples (${graphs(data.train)} hypergraphs) to ${paths.train}\n` +
    `wrote ${data.test.length} test samples (${graphs(data.test)} other hypergraphs) to ${paths.test}\n`);
  return 0;
}
