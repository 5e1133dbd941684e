// Runs a gradient plan's circuits on the in-process simulator, producing the same results a device
// would (counts keyed as the combiner expects), or exact circuit values.

import { sampleCircuits } from "../batch/sample.js";
import { compileSimulation } from "../sim/index.js";
import type { GradientPlan } from "./param-shift.js";
import type { CircuitResult } from "./plan.js";

/** Exact circuit values F (shift plans only: the other estimators are defined on shots). */
export function exactPlanResults(plan: GradientPlan): CircuitResult[] {
  const m = plan.manifest;
  const e = m.estimator;
  if (e.kind !== "shift") throw new Error(`exact evaluation is defined for parameter-shift plans, not ${m.method}`);
  return plan.circuits.map((c, i) => {
    const sim = compileSimulation(c);
    if (m.objective.kind === "loglik") return { value: sim.forced(plan.params, m.objective.targets).probability };
    // F of this circuit: its own expectation outputs, weighted as the objective weighs the model's
    const ex = sim.exact(plan.params).expectations;
    let f = 0;
    m.circuits[i]!.layout.forEach((field, k) => {
      if (field.kind === "expect") f += (e.weights?.[field.output] ?? 0) * (ex.get(k) ?? 0);
    });
    return { value: f };
  });
}

/**
 * Samples every circuit (`shots` each, or the manifest's suggestion) with expectation outputs measured as
 * hardware measures them; circuit i uses seed + i.
 */
export function samplePlanResults(plan: GradientPlan, seed: number, shots?: number): CircuitResult[] {
  return sampleCircuits(plan.circuits, plan.params, (i) => shots ?? plan.manifest.circuits[i]!.shots, seed);
}
