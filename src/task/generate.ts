// The seeded generator of the hypergraph sequence task (docs/task.md): random k-uniform hypergraphs, their
// Edge tokens in random order (optionally padded with cancelling pairs), a measurement context, and the
// target bits drawn by the Born rule of the true hypergraph state. Train and test sets never share a
// hypergraph: each distinct hypergraph is assigned to one split when it is first drawn.

import { Rng } from "../sim/rng.js";
import { sampleOutputs } from "./hypergraph.js";
import { binomial, makeSample, type Context, type HypergraphSample, type TaskStep } from "./sample.js";

export interface GenerateOptions {
  readonly n: number;
  readonly k: number;
  /** Samples in all (train + test). */
  readonly samples: number;
  readonly seed: number;
  readonly context: Context;
  /** The expected fraction of hypergraphs (and so of samples) that go to the test set (default 0.2). */
  readonly testFraction?: number;
  /** Pairs of identical Edge tokens (which cancel) inserted at random places in each preparation phase. */
  readonly pad?: number;
}

/** The largest n the generator accepts: the true distribution is a 2^n-entry vector per sample. */
export const MAX_TASK_VERTICES = 20;

export class GenerateError extends Error {}

/** All k-subsets of 0..n-1 in lexicographic order. */
export function kSubsets(n: number, k: number): number[][] {
  const out: number[][] = [];
  const cur: number[] = [];
  const rec = (from: number): void => {
    if (cur.length === k) { out.push([...cur]); return; }
    for (let v = from; v <= n - (k - cur.length); v++) { cur.push(v); rec(v + 1); cur.pop(); }
  };
  rec(0);
  return out;
}

export function checkTaskSize(n: number, k: number): void {
  if (!Number.isInteger(n) || n < 1 || n > MAX_TASK_VERTICES) throw new GenerateError(`n must be an integer from 1 to ${MAX_TASK_VERTICES}, got ${n}`);
  if (!Number.isInteger(k) || k < 1 || k > n) throw new GenerateError(`k must be an integer from 1 to n = ${n}, got ${k}`);
}

function contextSteps(n: number, context: Context, rng: Rng): TaskStep[] {
  const order = rng.shuffle(Array.from({ length: n }, (_, i) => i));
  if (context === "deterministic") {
    const j = order.pop()!;
    return [...order.map((v): TaskStep => ({ kind: "read", basis: "Z", vertex: v })), { kind: "read", basis: "X", vertex: j }];
  }
  const m = 1 + Math.floor(rng.uniform() * n);
  return order.slice(0, m).map((v): TaskStep => ({ kind: "read", basis: rng.uniform() < 0.5 ? "Z" : "X", vertex: v }));
}

export function generateHypergraphData(o: GenerateOptions): { train: HypergraphSample[]; test: HypergraphSample[] } {
  checkTaskSize(o.n, o.k);
  const testFraction = o.testFraction ?? 0.2;
  if (!(testFraction >= 0 && testFraction <= 1)) throw new GenerateError(`the test fraction must be in [0, 1], got ${testFraction}`);
  const pad = o.pad ?? 0;
  const rng = new Rng(o.seed);
  const all = kSubsets(o.n, o.k);
  const splitOf = new Map<string, "train" | "test">();
  const train: HypergraphSample[] = [], test: HypergraphSample[] = [];
  for (let s = 0; s < o.samples; s++) {
    const edges = all.filter(() => rng.uniform() < 0.5);
    const key = edges.map((e) => e.join(".")).join("|");
    let split = splitOf.get(key);
    if (!split) { split = rng.uniform() < testFraction ? "test" : "train"; splitOf.set(key, split); }
    const prep: TaskStep[] = rng.shuffle(edges.map((e): TaskStep => ({ kind: "edge", vertices: e })));
    for (let p = 0; p < pad; p++) {
      const e = all[Math.floor(rng.uniform() * all.length)]!;
      for (let twice = 0; twice < 2; twice++) prep.splice(Math.floor(rng.uniform() * (prep.length + 1)), 0, { kind: "edge", vertices: e });
    }
    const steps = [...prep, ...contextSteps(o.n, o.context, rng)];
    const partial = makeSample({ n: o.n, k: o.k, context: o.context, edges, steps, targets: steps.map(() => null) });
    const bits = sampleOutputs(partial, () => rng.uniform());
    const targets = steps.map((): 0 | 1 | null => null);
    partial.queries.forEach((q, t) => { targets[q] = bits[t] as 0 | 1; });
    (split === "test" ? test : train).push(makeSample({ n: o.n, k: o.k, context: o.context, edges, steps, targets }));
  }
  return { train, test };
}

/** C(n, k) − 1: the memory a classical sequence model is predicted to need. */
export function classicalMemoryBound(n: number, k: number): number {
  return binomial(n, k) - 1;
}
