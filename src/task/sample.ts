// One sample of the hypergraph sequence task (docs/task.md) and the interface every scored model
// implements — the quantum models (src/task/quantum-model.ts) and the classical baselines (src/baseline/)
// are scored by the same code (src/task/scores.ts) through it.

export type Basis = "Z" | "X";
export type Context = "deterministic" | "random";

/** A step of a sample, read from its token text. */
export type TaskStep =
  | { readonly kind: "edge"; readonly vertices: readonly number[] }
  | { readonly kind: "read"; readonly basis: Basis; readonly vertex: number };

export interface HypergraphSample {
  /** Vertices (= the quantum model's qubits) and the edge size. */
  readonly n: number;
  readonly k: number;
  readonly context: Context;
  /** The hidden hypergraph: sorted k-subsets of 0..n-1, in increasing lexicographic order. */
  readonly edges: readonly (readonly number[])[];
  /** The token text of each step, as a model reads it: `Edge(0,2,5)`, `ReadZ(1)`, `ReadX(4)`. */
  readonly tokens: readonly string[];
  /** The same steps, structured. */
  readonly steps: readonly TaskStep[];
  /** Per step: null for an Edge (no output), the target bit for a read. */
  readonly targets: readonly (0 | 1 | null)[];
  /** The read steps (indices into `steps`), in order: query t is step `queries[t]`. */
  readonly queries: readonly number[];
  /** 1-based line of the sample in its data file (0 when generated in memory), for messages. */
  readonly line: number;
}

/** The target bits of a sample's queries, in order (the teacher-forcing target string). */
export function targetBits(s: HypergraphSample): Uint8Array {
  return Uint8Array.from(s.queries, (q) => s.targets[q]!);
}

export function targetString(s: HypergraphSample): string {
  return s.queries.map((q) => String(s.targets[q])).join("");
}

/** The state a model carries from step to step, beside the C(n, k) − 1 a classical model needs. */
export interface MemorySize {
  readonly amount: number;
  readonly unit: "qubits" | "floats";
  /** How the amount is counted, e.g. "hidden state h (H floats)". */
  readonly detail: string;
}

/**
 * A model of the task's outputs, as the scores see it: for each sample, with its query outputs
 * teacher-forced to `outputs[s]` (one bit per query, in order), the probability that query t emits 1 given
 * the tokens and outputs[s][0..t-1], for every query t. Only outputs before t may influence entry t.
 */
export interface SequenceModel {
  readonly name: string;
  readonly memory: MemorySize;
  conditionals(samples: readonly HypergraphSample[], outputs: readonly Uint8Array[]): Promise<Float64Array[]>;
}

/** C(n, k). */
export function binomial(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
}

/** The token text of a step: `Edge(0,2,5)`, `ReadZ(1)`, `ReadX(4)`. */
export function tokenText(step: TaskStep): string {
  return step.kind === "edge" ? `Edge(${step.vertices.join(",")})` : `Read${step.basis}(${step.vertex})`;
}

/** Reads a token text back into a step (undefined for anything else). */
export function parseStep(text: string): TaskStep | undefined {
  const m = /^\s*(Edge|ReadZ|ReadX)\(\s*(-?\d+(?:\s*,\s*-?\d+)*)?\s*\)\s*$/.exec(text);
  if (!m) return undefined;
  const args = m[2] === undefined ? [] : m[2].split(",").map((a) => Number(a.trim()));
  if (m[1] === "Edge") return { kind: "edge", vertices: args };
  if (args.length !== 1) return undefined;
  return { kind: "read", basis: m[1] === "ReadZ" ? "Z" : "X", vertex: args[0]! };
}

/** A sample from its steps and targets (tokens and query indices derived). */
export function makeSample(o: {
  n: number; k: number; context: Context; edges: readonly (readonly number[])[];
  steps: readonly TaskStep[]; targets: readonly (0 | 1 | null)[]; line?: number;
}): HypergraphSample {
  const queries: number[] = [];
  o.steps.forEach((s, i) => { if (s.kind === "read") queries.push(i); });
  return {
    n: o.n, k: o.k, context: o.context, edges: o.edges, steps: o.steps, targets: o.targets,
    tokens: o.steps.map(tokenText), queries, line: o.line ?? 0,
  };
}

/** The JSON Lines form of a sample (the data file format, docs/task.md). */
export function sampleJson(s: HypergraphSample): string {
  return JSON.stringify({ n: s.n, k: s.k, context: s.context, edges: s.edges, tokens: s.tokens, targets: s.targets });
}
