// The input features of a sample for the classical baselines, one vector per step:
//
//   [isEdge, isReadZ, isReadX | multi-hot of the step's vertices (n) | prevIsRead, prevBit]
//
// prevBit is the (teacher-forced) output of the step just before, when that step was a read; prevIsRead
// flags it. The output at a read step is P(bit = 1), computed by a causal model from the features of that
// step and the steps before it — so it sees the outputs of the earlier reads, never its own.
//
// A batch is padded to its longest sample with all-zero steps; `mask` is 1 exactly at the read steps of the
// real samples, and the loss and accuracy are taken over those only. The padding comes after every real
// step, so causal models need no other masking.

import type { HypergraphSample } from "../task/sample.js";

/** Features per step for n vertices. */
export function featureSize(n: number): number {
  return 3 + n + 2;
}

export interface EncodedBatch {
  /** Samples, padded length, features per step. */
  readonly batch: number;
  readonly length: number;
  readonly features: number;
  /** [batch, length, features], row-major. */
  readonly x: Float32Array;
  /** [batch, length]: the bit to predict at read steps (0 elsewhere). */
  readonly y: Float32Array;
  /** [batch, length]: 1 at the read steps of real samples, 0 at edges and padding. */
  readonly mask: Float32Array;
}

/**
 * Encodes samples with their query outputs teacher-forced to `outputs[s]` (one bit per query; default: the
 * samples' targets). Every sample must have `n` vertices.
 */
export function encodeBatch(samples: readonly HypergraphSample[], n: number, outputs?: readonly Uint8Array[]): EncodedBatch {
  const F = featureSize(n);
  const T = Math.max(1, ...samples.map((s) => s.steps.length));
  const B = samples.length;
  const x = new Float32Array(B * T * F), y = new Float32Array(B * T), mask = new Float32Array(B * T);
  samples.forEach((s, b) => {
    if (s.n !== n) throw new Error(`a sample with n = ${s.n} given to a baseline for n = ${n}`);
    const bits = outputs?.[b];
    if (bits && bits.length !== s.queries.length) throw new Error(`${bits.length} outputs given for a sample with ${s.queries.length} reads`);
    let query = 0;
    let prevRead = false, prevBit = 0;
    s.steps.forEach((step, t) => {
      const row = (b * T + t) * F;
      if (prevRead) { x[row + 3 + n] = 1; x[row + 4 + n] = prevBit; }
      if (step.kind === "edge") {
        x[row] = 1;
        for (const v of step.vertices) x[row + 3 + v] = 1;
        prevRead = false;
      } else {
        x[row + (step.basis === "Z" ? 1 : 2)] = 1;
        x[row + 3 + step.vertex] = 1;
        const bit = bits ? bits[query]! : s.targets[t]!;
        y[b * T + t] = bit;
        mask[b * T + t] = 1;
        query++;
        prevRead = true;
        prevBit = bit;
      }
    });
  });
  return { batch: B, length: T, features: F, x, y, mask };
}

/** Splits per-step values [batch, length] (e.g. P(bit = 1)) into one array per sample, at its read steps. */
export function readValues(samples: readonly HypergraphSample[], length: number, values: ArrayLike<number>): Float64Array[] {
  return samples.map((s, b) => Float64Array.from(s.queries, (q) => values[b * length + q]!));
}
