// The true Born distribution of the task's outputs, computed directly from the hypergraph — independent of
// every model and of the project's simulator, so that scores compare a model against the ground truth.
//
// |H_E⟩ = Π_{e∈E} C^{k−1}Z_e |+⟩^n has amplitudes (−1)^{f(x)}/√2^n with f(x) = #{e ∈ E : e ⊆ x} mod 2.
// The queries read distinct vertices, so their sequential measurement has the joint distribution of one
// product-basis measurement: apply H to each X-read vertex, then read the computational basis.

import type { HypergraphSample, TaskStep } from "./sample.js";

/** The query steps of a sample: (basis, vertex) in order. */
export function queryReads(s: Pick<HypergraphSample, "steps" | "queries">): { basis: "Z" | "X"; vertex: number }[] {
  return s.queries.map((q) => s.steps[q] as Extract<TaskStep, { kind: "read" }>);
}

/** The amplitudes of |H_E⟩ after H on every X-read vertex (real; index bit v = vertex v). */
function rotatedState(n: number, edges: readonly (readonly number[])[], xVertices: readonly number[]): Float64Array {
  const dim = 1 << n;
  const masks = edges.map((e) => e.reduce((m, v) => m | (1 << v), 0));
  const a = new Float64Array(dim);
  const amp = 1 / Math.sqrt(dim);
  for (let x = 0; x < dim; x++) {
    let f = 0;
    for (const m of masks) if ((x & m) === m) f ^= 1;
    a[x] = f ? -amp : amp;
  }
  const r = Math.SQRT1_2;
  for (const v of xVertices) {
    const bit = 1 << v;
    for (let x = 0; x < dim; x++) {
      if (x & bit) continue;
      const u = a[x]!, w = a[x | bit]!;
      a[x] = r * (u + w);
      a[x | bit] = r * (u - w);
    }
  }
  return a;
}

/** Probabilities below this are rounding errors of exact zeros (every true probability is a multiple of 2^−n). */
const ZERO = 1e-12;

/**
 * The exact distribution of a sample's query outputs: outcome string (one char per query, in order) →
 * probability, listing only outcomes of positive probability.
 */
export function trueDistribution(s: Pick<HypergraphSample, "n" | "edges" | "steps" | "queries">): Map<string, number> {
  const reads = queryReads(s);
  const a = rotatedState(s.n, s.edges, reads.filter((r) => r.basis === "X").map((r) => r.vertex));
  const out = new Map<string, number>();
  for (let x = 0; x < a.length; x++) {
    const p = a[x]! * a[x]!;
    if (p === 0) continue;
    let key = "";
    for (const r of reads) key += (x >> r.vertex) & 1 ? "1" : "0";
    out.set(key, (out.get(key) ?? 0) + p);
  }
  for (const [key, p] of out) if (p < ZERO) out.delete(key);
  return out;
}

/**
 * Draws the query outputs by the Born rule, one query after the other (each conditioned on the ones
 * before), with `uniform` a source of numbers in [0, 1).
 */
export function sampleOutputs(s: Pick<HypergraphSample, "n" | "edges" | "steps" | "queries">, uniform: () => number): Uint8Array {
  const reads = queryReads(s);
  const a = rotatedState(s.n, s.edges, reads.filter((r) => r.basis === "X").map((r) => r.vertex));
  const out = new Uint8Array(reads.length);
  let fixedMask = 0, fixedBits = 0;
  reads.forEach((r, t) => {
    let p0 = 0, p1 = 0;
    for (let x = 0; x < a.length; x++) {
      if ((x & fixedMask) !== fixedBits) continue;
      const p = a[x]! * a[x]!;
      if ((x >> r.vertex) & 1) p1 += p; else p0 += p;
    }
    const b = uniform() * (p0 + p1) < p1 ? 1 : 0;
    out[t] = b;
    fixedMask |= 1 << r.vertex;
    if (b) fixedBits |= 1 << r.vertex;
  });
  return out;
}

/**
 * The deterministic context's X outcome o_j = Σ_{e∋j} Π_{i∈e∖{j}} z_i (mod 2), from the Z outcomes z
 * (vertex → bit) read before it.
 */
export function deterministicBit(edges: readonly (readonly number[])[], j: number, z: ReadonlyMap<number, number>): 0 | 1 {
  let o = 0;
  for (const e of edges) {
    if (!e.includes(j)) continue;
    let prod = 1;
    for (const i of e) if (i !== j) prod &= z.get(i) ?? 0;
    o ^= prod;
  }
  return o as 0 | 1;
}
