// What every batch of programs shares — a readout batch (`qseq compile --emit-dir`) and a gradient plan
// (`qseq grad --emit-dir`): per circuit its file, a description, the suggested shots and the layout of its
// results' keys; and the results format, with the helpers that read counts.
//
// KEYS. A circuit's result key is the values of its outputs in declaration order, each output's bits
// element 0 first, concatenated ('0'/'1'): the OpenQASM program's `output` registers read in order. An
// expectation output contributes one bit per Pauli factor; one shot's sample of the product is
// (−1)^(xor of those bits).
//
// RESULTS (one entry per circuit, in manifest order), each one of
//   { "counts": { "<key>": n, … } }   shots (what hardware returns)
//   { "value": F, "stderr": s? }      an already-estimated circuit value (gradient plans; see their readout)
//   { "expectations": [⟨P_k⟩, …] }    per expectation output of the circuit, in its key order

import type { Circuit } from "../ir/circuit.js";

/** One output's bits in a circuit's result keys. */
export interface KeyField {
  /** The model's output index (circuits of a batch measure a subset of the model's outputs). */
  readonly output: number;
  readonly kind: "bits" | "expect";
  /** Number of bits of this output in a key. */
  readonly width: number;
}

export interface ManifestCircuit {
  /** The OpenQASM 3 file, relative to the manifest. */
  readonly file: string;
  readonly label: string;
  /** Suggested shots. */
  readonly shots: number;
  /** What the bits of its result keys are, in order. */
  readonly layout: readonly KeyField[];
}

export type CircuitResult =
  | { readonly counts: Readonly<Record<string, number>> }
  | { readonly value: number; readonly stderr?: number }
  | { readonly expectations: readonly number[] };

/** A result that does not fit its manifest (a user error: the CLI reports it). */
export class ResultError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ResultError";
  }
}

/** The key layout of a circuit whose outputs are the model outputs `modelOutputs[k]` (default k). */
export function keyLayout(c: Circuit, modelOutputs?: readonly number[]): KeyField[] {
  return c.outputs.map((o, k) => {
    const output = modelOutputs?.[k] ?? k;
    return o.kind === "bits"
      ? { output, kind: "bits" as const, width: o.bits.length }
      : { output, kind: "expect" as const, width: o.factors.length };
  });
}

export const keyWidth = (layout: readonly KeyField[]): number => layout.reduce((s, f) => s + f.width, 0);

/** Parity of the key's bits at these positions. */
export function parityOf(key: string, positions: readonly number[]): number {
  let p = 0;
  for (const i of positions) if (key.charCodeAt(i) === 49) p ^= 1;
  return p;
}

export function checkKey(key: string, width: number, circuit: number): void {
  if (key.length !== width || !/^[01]*$/.test(key)) {
    throw new ResultError(`circuit ${circuit}: the key '${key}' must be ${width} character(s) '0'/'1'`);
  }
}

/** The number of shots in a counts table (every count a non-negative integer, at least one shot). */
export function shotCount(counts: Readonly<Record<string, number>>, circuit: number): number {
  let n = 0;
  for (const [k, v] of Object.entries(counts)) {
    if (!Number.isInteger(v) || v < 0) throw new ResultError(`circuit ${circuit}: count of '${k}' is not a non-negative integer`);
    n += v;
  }
  if (n === 0) throw new ResultError(`circuit ${circuit}: no shots`);
  return n;
}

/** Mean of a ±1 sample and its standard error. */
export function plusMinusEstimate(sum: number, n: number): { mean: number; se: number } {
  const mean = sum / n;
  return { mean, se: Math.sqrt(Math.max(0, 1 - mean * mean) / Math.max(1, n - 1)) };
}

/** ⟨P⟩ of the expectation field at key position `at` (width w), from counts. */
export function expectationFromCounts(counts: Readonly<Record<string, number>>, at: number, width: number, totalWidth: number, circuit: number): { mean: number; se: number; shots: number } {
  const n = shotCount(counts, circuit);
  const positions = Array.from({ length: width }, (_, j) => at + j);
  let s = 0;
  for (const [key, c] of Object.entries(counts)) {
    checkKey(key, totalWidth, circuit);
    s += c * (parityOf(key, positions) ? -1 : 1);
  }
  return { ...plusMinusEstimate(s, n), shots: n };
}

/** Checks the results list's shape against the manifest's circuits. */
export function checkResults(circuits: readonly ManifestCircuit[], results: unknown): asserts results is CircuitResult[] {
  if (!Array.isArray(results)) throw new ResultError(`expected a list of results, one per circuit`);
  if (results.length !== circuits.length) {
    throw new ResultError(`${results.length} result(s) for ${circuits.length} circuit(s) in the manifest`);
  }
  results.forEach((r, i) => {
    const ok = r !== null && typeof r === "object" && (
      ("counts" in r && r.counts !== null && typeof r.counts === "object") ||
      ("value" in r && typeof r.value === "number") ||
      ("expectations" in r && Array.isArray(r.expectations) && r.expectations.every((x: unknown) => typeof x === "number")));
    if (!ok) throw new ResultError(`circuit ${i}: a result is {"counts": {...}}, {"value": F} or {"expectations": [...]}`);
  });
}
