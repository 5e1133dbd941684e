// Runs a batch of programs (a readout batch or a gradient plan) on the in-process simulator the way
// hardware runs them: expectation outputs measured in their bases, shots sampled, counts keyed as the
// manifests say. Program i uses seed + i.

import type { Circuit } from "../ir/circuit.js";
import { measureExpectations } from "../ir/measure-expectations.js";
import { compileSimulation, type SimOptions } from "../sim/index.js";
import type { CircuitResult } from "./manifest.js";

export function sampleCircuits(
  circuits: readonly Circuit[], params: ArrayLike<number>, shots: (i: number) => number, seed: number, opts: SimOptions = {},
): CircuitResult[] {
  return circuits.map((c, i) => {
    const r = compileSimulation(measureExpectations(c), opts).sample(params, shots(i), seed + i);
    return { counts: Object.fromEntries(r.outputs) };
  });
}
