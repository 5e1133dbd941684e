// Gradient plans (parameter shift, shadow recipes) run by qsharp-lang, an independent OpenQASM 3
// implementation, and combined by the combiner exactly as hardware counts would be: the gradient must
// agree with the in-process adjoint gradient within the combiner's stated standard error (|z| < 5 per
// component, a 1-in-10^6 event).

import { describe, expect, it } from "vitest";
import { emitQasm3Program } from "../../src/emit/qasm3/emit.js";
import { adjointGradient } from "../../src/grad/adjoint.js";
import type { Objective } from "../../src/grad/objective.js";
import { paramShiftPlan, type GradientPlan } from "../../src/grad/param-shift.js";
import { shadowPlan } from "../../src/grad/shadow.js";
import { combinePlan, type CircuitResult } from "../../src/grad/plan.js";
import { buildCircuit } from "../../src/pipeline.js";
import { histogram, runQasm } from "../support/qsharp.js";

/** Runs every plan circuit in qsharp-lang and returns counts keyed as the combiner reads them. */
async function runPlanInQsharp(plan: GradientPlan, shots: number, profile: "full" | "portable"): Promise<CircuitResult[]> {
  const results: CircuitResult[] = [];
  for (const c of plan.circuits) {
    const prog = emitQasm3Program(c, { profile, bind: { params: plan.params } });
    const names = prog.outputNames.filter((n) => n !== "");
    const run = await runQasm(prog.text, shots);
    const counts: Record<string, number> = {};
    for (const [key, n] of histogram(run, names)) counts[key.replace(/ /g, "")] = n;
    results.push({ counts });
  }
  return results;
}

function expectWithinError(plan: GradientPlan, results: CircuitResult[], reference: Float64Array): void {
  const g = combinePlan(plan.manifest, results);
  reference.forEach((v, j) => {
    const se = g.stderr[j]!;
    if (se === 0) { expect(g.gradient[j]).toBe(0); expect(v).toBe(0); return; } // a param no gate uses
    expect(Math.abs(g.gradient[j]! - v) / se, `param ${j}: ${g.gradient[j]} ± ${se} vs adjoint ${v}`).toBeLessThan(5);
  });
}

describe("gradient plans through qsharp-lang", () => {
  it("k-HRNN log-likelihood (teacher forcing, tied params), portable profile", async () => {
    const c = buildCircuit("examples/khrnn.qseq", {
      tokens: { file: "t", text: "Edge(0,1,2) Edge(1,2,3) ReadZ(0) ReadX(2)" }, hyper: new Map([["n", 4]]),
    }).circuit!;
    const params = c.params.map((_, i) => 2.4 + 0.2 * i);
    const objective: Objective = { kind: "loglik", targets: "01" };
    const plan = paramShiftPlan(c, objective, params);
    const results = await runPlanInQsharp(plan, 3000, "portable");
    expectWithinError(plan, results, adjointGradient(c, objective, params).gradient);
  });

  it("an expectation objective with a controlled rotation (four-term rule), full profile", async () => {
    const src = `model m {
      hidden q: qubit[2];
      param a: angle = 0.7;
      param b: angle = -1.1;
      tokens { Go(i: 0..1) }
      init { h q[0]; }
      step(t) -> float {
        ry(a) q[1];
        ctrl @ rx(b) q[0], q[1];
        rz(a * 2.0) q[0];
        emit expect X(q[0]) * Z(q[1]);
      }
    }`;
    const built = buildCircuit("m.qseq", { entryText: src, tokens: { file: "t", text: "Go(0)" } });
    expect(built.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const c = built.circuit;
    const params = [0.7, -1.1];
    const objective: Objective = { kind: "expectation" };
    const plan = paramShiftPlan(c!, objective, params);
    expect(plan.manifest.circuits.some((x) => x.label.includes("equidistant"))).toBe(true);
    const results = await runPlanInQsharp(plan, 4000, "full");
    expectWithinError(plan, results, adjointGradient(c!, objective, params).gradient);
  });

  it("the commuting shadow recipe's single circuit (k-HRNN with per-edge weights), full profile", async () => {
    const c = buildCircuit("examples/khrnn-expect.qseq", {
      tokens: { file: "t", text: "Edge(0, 0,1,2) Edge(1, 1,2,3) Edge(2, 0,2,3) Edge(3, 1,3,4) ReadX(2)" },
      hyper: new Map([["n", 5], ["m", 4]]),
    }).circuit!;
    const params = [2.2, 2.7, 1.9, 3.0];
    const objective: Objective = { kind: "expectation" };
    const plan = shadowPlan(c, objective, params, "commuting");
    expect(plan.circuits.length).toBe(1);
    const results = await runPlanInQsharp(plan, 4000, "full");
    expectWithinError(plan, results, adjointGradient(c, objective, params).gradient);
  });

  it("the layers recipe's ancilla circuits (controlled observable, inverse gates), portable profile", async () => {
    const src = `model m {
      hidden q: qubit[2];
      param a: angle = 0.7;
      param b: angle = -1.1;
      tokens { Go(i: 0..1) }
      step(t) -> float {
        ry(a) q[0];
        cx q[0], q[1];
        rx(b) q[1];
        emit expect Z(q[0]) * X(q[1]);
      }
    }`;
    const c = buildCircuit("m.qseq", { entryText: src, tokens: { file: "t", text: "Go(0)" } }).circuit!;
    const params = [0.7, -1.1];
    const objective: Objective = { kind: "expectation" };
    const plan = shadowPlan(c, objective, params, "layers");
    const results = await runPlanInQsharp(plan, 4000, "portable");
    expectWithinError(plan, results, adjointGradient(c, objective, params).gradient);
  });

  it("a recurrent model with an expectation at every step: parameter-shift and shadow plans on its prefix programs", async () => {
    const c = buildCircuit("examples/one-qubit-rnn.qseq", { inputs: { file: "x.json", text: "[[1], [2], [-0.5]]" } }).circuit!;
    const objective: Objective = { kind: "expectation" };
    const params = [0.4];
    const reference = adjointGradient(c, objective, params).gradient;
    expect(reference[0]).toBeCloseTo(-5.28921, 4);
    const ps = paramShiftPlan(c, objective, params);
    expect(ps.manifest.report.programs).toBe(3);
    expectWithinError(ps, await runPlanInQsharp(ps, 3000, "full"), reference);
    const sh = shadowPlan(c, objective, params, "commuting");
    expect(sh.manifest.estimator.kind).toBe("parts");
    expectWithinError(sh, await runPlanInQsharp(sh, 6000, "portable"), reference);
  });

  it("the k-HRNN log-likelihood by the commuting shadow recipe (one basis for ∂P, one circuit for P), full profile", async () => {
    const c = buildCircuit("examples/khrnn.qseq", {
      tokens: { file: "t", text: "Edge(0,1,2) Edge(1,2,3) ReadX(1) ReadZ(0) ReadX(3)" }, hyper: new Map([["n", 4]]),
    }).circuit!;
    const params = c.params.map((_, i) => 2.5 + 0.3 * i);
    const objective: Objective = { kind: "loglik", targets: "011" };
    const plan = shadowPlan(c, objective, params, "commuting");
    expect(plan.manifest.estimator.kind).toBe("ratio");
    expectWithinError(plan, await runPlanInQsharp(plan, 6000, "full"), adjointGradient(c, objective, params).gradient);
  });
});

