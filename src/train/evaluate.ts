// What a training step needs from one sample — its loss, gradient, and whether the model's more likely
// X bit is right on a deterministic context — computed in-process or in worker threads (./pool.ts) by the
// same function, so that both give bit-identical results.

import type { HypergraphSample } from "../task/sample.js";
import { targetString } from "../task/sample.js";
import type { GradientMethod, QuantumTaskModel } from "./quantum.js";

export interface SampleResult {
  readonly loss: number;
  readonly gradient: Float64Array;
  /** Deterministic context: 1 when P(true X bit | Z targets) > 1/2, else 0; null for other contexts. */
  readonly right: 0 | 1 | null;
  /** Deterministic context: P(true X bit | Z targets); null for other contexts. */
  readonly confidence: number | null;
}

/** A source of per-sample results over one data set (indices into it), in the order asked. */
export interface GradientSource {
  readonly labels: readonly string[];
  evaluate(indices: readonly number[], params: Float64Array): Promise<SampleResult[]>;
  close(): Promise<void>;
}

export function evaluateSample(model: QuantumTaskModel, s: HypergraphSample, params: ArrayLike<number>, dataFile: string, method: GradientMethod = "adjoint"): SampleResult {
  const g = model.gradient(s, params, dataFile, method);
  let right: 0 | 1 | null = null, confidence: number | null = null;
  if (s.context === "deterministic" && s.queries.length > 0) {
    // P(last bit = target | earlier targets) > 1/2  ⟺  P(targets) > P(targets with the last bit flipped)
    const t = targetString(s);
    const flipped = t.slice(0, -1) + (t.endsWith("1") ? "0" : "1");
    const other = model.forcedProbability(s, flipped, params, dataFile);
    right = g.probability > other ? 1 : 0;
    confidence = g.probability + other > 0 ? g.probability / (g.probability + other) : 0;
  }
  return { loss: g.loss, gradient: g.gradient, right, confidence };
}

/** The in-process source (no threads). */
export function inProcessSource(model: QuantumTaskModel, samples: readonly HypergraphSample[], dataFile: string, method: GradientMethod = "adjoint"): GradientSource {
  return {
    labels: model.labels,
    evaluate: async (indices, params) => indices.map((i) => evaluateSample(model, samples[i]!, params, dataFile, method)),
    close: async () => {},
  };
}
