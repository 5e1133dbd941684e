// Adjoint gradients against central finite differences of the simulator's exact objective, on random
// dynamic circuits (all catalogue gates, modifiers, definitions, measurements, resets, feed-forward) and
// on the examples.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { adjointGradient, batchAdjointGradient } from "../../src/grad/adjoint.js";
import { objectiveValue, type Objective } from "../../src/grad/objective.js";
import { compileSimulation } from "../../src/sim/index.js";
import type { Circuit } from "../../src/ir/circuit.js";
import { richCircuitArb } from "../support/dynamic-circuits.js";
import { real } from "../support/numbers.js";
import { withFinalExpect } from "../support/gradients.js";
import { buildCircuit } from "../../src/pipeline.js";
import { add, mul, num } from "../../src/ir/expr.js";
import { circuit, gate, param } from "../support/circuits.js";

const H = 1e-5;

function finiteDifferences(c: Circuit, objective: Objective, params: number[]): number[] {
  const sim = compileSimulation(c);
  return params.map((_, i) => {
    const up = [...params], down = [...params];
    up[i]! += H; down[i]! -= H;
    return (objectiveValue(sim, c, objective, up) - objectiveValue(sim, c, objective, down)) / (2 * H);
  });
}

function expectClose(actual: ArrayLike<number>, expected: readonly number[], tol: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    expect(Math.abs(actual[i]! - expected[i]!), `component ${i}: adjoint ${actual[i]} vs ${expected[i]}`).toBeLessThan(tol * Math.max(1, Math.abs(expected[i]!)));
  }
}

/** A '0'/'1' target string that the circuit emits with probability ≥ 1e-3 (drawn from the exact distribution). */
function likelyTargets(c: Circuit, params: number[]): string | undefined {
  const outs = compileSimulation(c).exact(params).outputs;
  const best = [...outs].filter(([, p]) => p >= 1e-3).sort((a, b) => b[1] - a[1]);
  return best[Math.floor(best.length / 2)]?.[0];
}

const paulisArb = fc.array(fc.constantFrom("X" as const, "Y" as const, "Z" as const), { minLength: 1, maxLength: 3 });
const paramsArb = fc.array(real(-3, 3), { minLength: 2, maxLength: 2 });
const gen = { maxCtrl: 2, fractionalPow: false };

describe("adjoint differentiation", () => {
  it("equals central finite differences for expectation objectives on random dynamic circuits", () => {
    let informative = 0;
    fc.assert(fc.property(richCircuitArb(3, gen, 12), paulisArb, paramsArb, fc.array(real(-2, 2), { minLength: 9, maxLength: 9 }),
      ({ c: raw }, paulis, params, ws) => {
        const c = withFinalExpect(raw, paulis);
        const nexp = c.outputs.filter((o) => o.kind === "expect").length;
        if (nexp === 0) return;
        const objective: Objective = { kind: "expectation", weights: ws.slice(0, nexp) };
        const r = adjointGradient(c, objective, params);
        expect(r.value).toBeCloseTo(objectiveValue(compileSimulation(c), c, objective, params), 10);
        expectClose(r.gradient, finiteDifferences(c, objective, params), 1e-6);
        if (r.gradient.some((g) => Math.abs(g) > 1e-2)) informative++;
      }), { numRuns: 150, seed: 4101 });
    // the property is not vacuous: many circuits have clearly non-zero gradients
    expect(informative).toBeGreaterThan(30);
  });

  it("equals central finite differences for teacher-forced log-likelihoods on random dynamic circuits", () => {
    let informative = 0;
    fc.assert(fc.property(richCircuitArb(3, gen, 12, { expectations: false }), paramsArb, ({ c }, params) => {
      const targets = likelyTargets(c, params);
      if (targets === undefined) return;
      const objective: Objective = { kind: "loglik", targets };
      const r = adjointGradient(c, objective, params);
      expect(r.value).toBeCloseTo(objectiveValue(compileSimulation(c), c, objective, params), 9);
      expectClose(r.gradient, finiteDifferences(c, objective, params), 1e-6);
      if (r.gradient.some((g) => Math.abs(g) > 1e-2)) informative++;
    }), { numRuns: 150, seed: 4102 });
    expect(informative).toBeGreaterThan(30);
  });

  it("differentiates the k-HRNN's log-likelihood through its tied params", () => {
    const built = buildCircuit("examples/khrnn.qseq", {
      tokens: { file: "t", text: "Edge(0,1,2) Edge(1,2,3) Edge(0,3,5) Edge(2,4,5) ReadZ(0) ReadX(1) ReadZ(2) ReadX(3)" },
    });
    const c = built.circuit!;
    const params = c.params.map((_, i) => 2.5 + 0.1 * i);
    const objective: Objective = { kind: "loglik", targets: "0110" };
    const r = adjointGradient(c, objective, params);
    expectClose(r.gradient, finiteDifferences(c, objective, params), 1e-6);
    // theta is tied across all four edges: its gradient is non-zero at a generic point
    expect(Math.abs(r.gradient[0]!)).toBeGreaterThan(1e-3);
  });

  it("sweeps a diagonal rotation after an X/Y rotation on the same qubit in one pass, exactly (tied and scaled angles)", () => {
    const c0 = circuit(2, [
      gate("h", [0]), gate("h", [1]),
      gate("rx", [0], [param(0)]), gate("ry", [0], [mul(num(2), param(1))]), gate("rz", [0], [param(0)]), gate("p", [0], [param(2)]),
      gate("cx", [0, 1]),
      gate("ry", [1], [param(1)]), gate("rz", [1], [add(param(2), num(0.3))]),
      { kind: "expect", output: 0 },
    ], { params: [0.4, -1.2, 2.2], outputs: [{ kind: "expect", step: 0, factors: [{ pauli: "X", qubit: 0 }, { pauli: "Y", qubit: 1 }] }] });
    const params = [0.4, -1.2, 2.2];
    const objective: Objective = { kind: "expectation" };
    const r = adjointGradient(c0, objective, params);
    expectClose(r.gradient, finiteDifferences(c0, objective, params), 1e-7);
    expect(Math.max(...r.gradient.map(Math.abs))).toBeGreaterThan(0.05);
  });

  it("differentiates a layered ry·rz + cz ansatz exactly (the fused pair steps)", () => {
    const ops: Circuit["ops"][number][] = [];
    let p = 0;
    for (let layer = 0; layer < 2; layer++) {
      for (let q = 0; q < 3; q++) { ops.push(gate("ry", [q], [param(p++)])); ops.push(gate("rz", [q], [param(p++)])); }
      ops.push(gate("cz", [0, 1]), gate("cz", [1, 2]));
    }
    ops.push({ kind: "expect", output: 0 });
    const params = Array.from({ length: p }, (_, i) => 0.4 + 0.31 * i);
    const c = circuit(3, ops, { params, outputs: [{ kind: "expect", step: 0, factors: [{ pauli: "X", qubit: 0 }, { pauli: "Y", qubit: 2 }] }] });
    const objective: Objective = { kind: "expectation" };
    const r = adjointGradient(c, objective, params);
    expectClose(r.gradient, finiteDifferences(c, objective, params), 1e-7);
    expect(r.gradient.filter((g) => Math.abs(g) > 0.01).length).toBeGreaterThan(6);
  });

  it("averages a batch", () => {
    const mk = (text: string) => buildCircuit("examples/khrnn.qseq", { tokens: { file: "t", text } }).circuit!;
    const a = mk("Edge(0,1,2) ReadX(0)"), b = mk("Edge(0,1,3) Edge(1,2,3) ReadX(1)");
    const params = a.params.map((_, i) => 2 + 0.2 * i);
    const ra = adjointGradient(a, { kind: "loglik", targets: "1" }, params);
    const rb = adjointGradient(b, { kind: "loglik", targets: "0" }, params);
    const batch = batchAdjointGradient([{ circuit: a, objective: { kind: "loglik", targets: "1" } }, { circuit: b, objective: { kind: "loglik", targets: "0" } }], params);
    expect(batch.value).toBeCloseTo((ra.value + rb.value) / 2, 12);
    batch.gradient.forEach((g, i) => expect(g).toBeCloseTo((ra.gradient[i]! + rb.gradient[i]!) / 2, 12));
  });
});
