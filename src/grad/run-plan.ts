// Runs a gradient plan's circuits on the in-process simulator, producing the same results a device
// would (counts keyed as the combiner expects), or exact circuit values.

import { measureExpectations } from "../ir/measure-expectations.js";
import { compileSimulation } from "../sim/index.js";
import { objectiveValue } from "./objective.js";
import type { GradientPlan } from "./param-shift.js";
import type { CircuitResult } from "./plan.js";

/** Exact circuit values F (shift plans only: the other estimators are defined on shots). */
export function exactPlanResults(plan: GradientPlan): CircuitResult[] {
  const m = plan.manifest;
  if (m.estimator.kind !== "shift") throw new Error(`exact evaluation is defined for parameter-shift plans, not ${m.method}`);
  return plan.circuits.map((c) => {
    const sim = compileSimulation(c);
    const f = objectiveValue(sim, c, m.objective, plan.params);
    return { value: m.objective.kind === "loglik" ? Math.exp(f) : f };
  });
}

/**
 * Samples every circuit (`shots` each, or the manifest's suggestion) with expectation outputs measured as
 * hardware measures them; circuit i uses seed + i.
 */
export function samplePlanResults(plan: GradientPlan, seed: number, shots?: number): CircuitResult[] {
  return plan.circuits.map((c, i) => {
    const measured = measureExpectations(c);
    const n = shots ?? plan.manifest.circuits[i]!.shots;
    const r = compileSimulation(measured).sample(plan.params, n, seed + i);
    return { counts: Object.fromEntries(r.outputs) };
  });
}
