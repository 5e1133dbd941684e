// Shadow-based gradient plans: Pauli propagation is exact; every recipe's sampled estimate agrees with the
// adjoint gradient within its stated error; recipes refuse models they do not fit, saying why.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { adjointGradient } from "../../src/grad/adjoint.js";
import type { Objective } from "../../src/grad/objective.js";
import { fromFactors, PauliSum, toFactors, type Pauli } from "../../src/grad/pauli.js";
import { PauliPropagator } from "../../src/grad/pauli-propagation.js";
import type { GradientPlan } from "../../src/grad/param-shift.js";
import { combinePlan } from "../../src/grad/plan.js";
import { samplePlanResults } from "../../src/grad/run-plan.js";
import { RecipeNotApplicable, shadowPlan } from "../../src/grad/shadow.js";
import type { Circuit, GateOp } from "../../src/ir/circuit.js";
import { flatten } from "../../src/ir/flatten.js";
import { buildCircuit } from "../../src/pipeline.js";
import { compileSimulation, expectation } from "../../src/sim/index.js";
import { circuitArb } from "../ir/random-circuits.js";
import { real } from "../support/numbers.js";
import { circuit, gate, param } from "../support/circuits.js";

const pauliArb = (n: number) => fc.array(fc.constantFrom("I", "X", "Y", "Z"), { minLength: n, maxLength: n })
  .filter((ls) => ls.some((l) => l !== "I"))
  .map((ls) => fromFactors(ls.flatMap((l, q) => (l === "I" ? [] : [{ pauli: l as "X" | "Y" | "Z", qubit: q }]))).p);

/** ⟨ψ|Σ c·P|ψ⟩ on the fast simulator's state. */
function sumExpectation(c: Circuit, sum: PauliSum, params: number[]): number {
  const s = compileSimulation(c).stateVector(params);
  let v = 0;
  for (const t of sum.terms.values()) v += t.c * (t.p.x === 0 && t.p.z === 0 ? 1 : expectation(s, toFactors(t.p)));
  return v;
}

describe("Pauli propagation", () => {
  it("pulling an observable back through a circuit gives its Heisenberg picture (random circuits, all gates)", () => {
    fc.assert(fc.property(circuitArb(3, { maxCtrl: 2, fractionalPow: false }, 8), pauliArb(3), ({ c, params }, p: Pauli) => {
      const flat = flatten(c);
      const gates = flat.ops.filter((o): o is GateOp => o.kind === "gate");
      const prop = new PauliPropagator({ params, inputs: [] });
      let sum = PauliSum.of(p);
      for (let j = gates.length - 1; j >= 0; j--) sum = prop.conjugate(sum, gates[j]!, "pull");
      // ⟨0|U†PU|0⟩ = Σ c·⟨0|Q|0⟩ over the pulled-back terms (only Z-strings survive on |0…0⟩)
      let atZero = 0;
      for (const t of sum.terms.values()) if (t.p.x === 0) atZero += t.c;
      expect(atZero).toBeCloseTo(sumExpectation(flat, PauliSum.of(p), params), 10);
      // and pushing it forward again returns P
      for (const g of gates) sum = prop.conjugate(sum, g, "push");
      expect(sum.size).toBe(1);
      expect([...sum.terms.values()][0]!.c).toBeCloseTo(1, 10);
    }), { numRuns: 80, seed: 4301 });
  });
});

function expectWithinError(plan: GradientPlan, reference: Float64Array, seed: number, shots?: number): { z2: number; k: number } {
  const g = combinePlan(plan.manifest, samplePlanResults(plan, seed, shots));
  let z2 = 0, k = 0;
  reference.forEach((v, j) => {
    const se = g.stderr[j]!;
    if (se === 0) { expect(g.gradient[j]).toBeCloseTo(v, 10); return; }
    const z = (g.gradient[j]! - v) / se;
    expect(Math.abs(z), `param ${j}: ${g.gradient[j]} ± ${se} vs adjoint ${v}`).toBeLessThan(5);
    z2 += z * z; k++;
  });
  return { z2, k };
}

const khx = (tokens: string, hyper: [string, number][] = []) => {
  const r = buildCircuit("examples/khrnn-expect.qseq", { tokens: { file: "t", text: tokens }, hyper: new Map(hyper) });
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return r.circuit!;
};

describe("shadow recipe: commuting last block", () => {
  it("reads every component of the k-HRNN gradient from ONE basis and agrees with adjoint", () => {
    const c = khx("Edge(0, 1,2,3) Edge(1, 2,4,5) Edge(2, 0,4,5) Edge(3, 0,1,2) Edge(4, 0,2,5) Edge(5, 0,1,4) Edge(6, 0,3,4) Edge(7, 0,2,3) Edge(8, 1,3,4) ReadX(3)");
    const params = c.params.map((_, i) => 2.1 + 0.15 * i);
    const objective: Objective = { kind: "expectation" };
    const plan = shadowPlan(c, objective, params, "commuting", { targetError: 0.02 });
    expect(plan.manifest.method).toBe("shadow-commuting");
    expect(plan.manifest.estimator.kind).toBe("grouped");
    expect(plan.manifest.circuits.length).toBe(1);
    expectWithinError(plan, adjointGradient(c, objective, params).gradient, 11);
  });

  it("falls back to one random-Pauli shadow when the strings need many bases, and still agrees", () => {
    const c = khx("Edge(0, 0,1,2) Edge(1, 1,2,3) Edge(2, 2,3,4) Edge(3, 0,3,4) ReadX(0) ReadX(1) ReadX(2) ReadX(3) ReadX(4)", [["n", 5], ["m", 4]]);
    const params = [2.0, 2.5, 1.7, 2.9];
    const objective: Objective = { kind: "expectation" };
    const plan = shadowPlan(c, objective, params, "commuting", { maxBases: 1, targetError: 0.05, seed: 3 });
    expect(plan.manifest.estimator.kind).toBe("shadow");
    expectWithinError(plan, adjointGradient(c, objective, params).gradient, 21);
  });

  it("refuses non-commuting trainable gates, naming them", () => {
    const c: Circuit = {
      ...circuit(2, [gate("ry", [1], [param(0)]), gate("cz", [0, 1]), gate("rx", [1], [param(1)]), { kind: "expect", output: 0 }], { params: [0.3, 0.4] }),
      outputs: [{ kind: "expect", step: 0, factors: [{ pauli: "Z", qubit: 1 }] }],
    };
    expect(() => shadowPlan(c, { kind: "expectation" }, [0.3, 0.4], "commuting")).toThrow(RecipeNotApplicable);
    expect(() => shadowPlan(c, { kind: "expectation" }, [0.3, 0.4], "commuting")).toThrow(/do not commute/);
  });
});

describe("shadow recipe: general (ancilla state Φ₀)", () => {
  it("agrees with adjoint on random small circuits with one Pauli observable", () => {
    const samples = fc.sample(fc.tuple(circuitArb(3, { maxCtrl: 1, fractionalPow: false }, 5), pauliArb(3), fc.array(real(-3, 3), { minLength: 2, maxLength: 2 })), { numRuns: 6, seed: 4302 });
    let z2 = 0, k = 0;
    samples.forEach(([{ c: raw }, p, params], i) => {
      const c: Circuit = { ...raw, ops: [...raw.ops, { kind: "expect", output: 0 }], outputs: [{ kind: "expect", step: 0, factors: toFactors(p) }] };
      const objective: Objective = { kind: "expectation" };
      const plan = shadowPlan(c, objective, params, "general", { targetError: 0.05, seed: 100 + i });
      expect(plan.manifest.method).toBe("shadow-general");
      const r = expectWithinError(plan, adjointGradient(c, objective, params).gradient, 500 + i);
      z2 += r.z2; k += r.k;
    });
    if (k > 4) expect(z2 / k).toBeLessThan(3);
  });

  it("refuses a log-likelihood whose measured qubits are used again, saying why", () => {
    const c = buildCircuit("examples/khrnn.qseq", { tokens: { file: "t", text: "Edge(0,1,2) ReadZ(0) Edge(0,1,2) ReadX(1)" } }).circuit!;
    expect(() => shadowPlan(c, { kind: "loglik", targets: "01" }, c.params.map(() => 1), "auto"))
      .toThrow(/a gate acts on h\[0\] after it is measured, so the likelihood is not the expectation of a projector/);
  });
});

describe("shadow recipes on a log-likelihood of terminal measurements (∂ log P = ∂P / P)", () => {
  const FIXED_READS = `import "std/hypergraph";
model hx<n: int = 4, m: int = 3> {
  tokens { Edge(w: 0..m, e: subset<2> of 0..n) ReadX(i: 0..n) ReadZ(i: 0..n) }
  hidden h: qubit[n];
  param theta: angle[m] = pi;
  init { reset h; h h; }
  step(t) -> bit? {
    match t {
      Edge(w, e) => hyperedge(theta[w]) h[e];
      ReadX(i) => { h h[i]; emit measure h[i]; }
      ReadZ(i) => emit measure h[i];
    }
  }
}`;

  it("fixed X reads of a weighted hypergraph state: the commuting recipe, within error of adjoint", () => {
    const c = buildCircuit("hx.qseq", { entryText: FIXED_READS, tokens: { file: "t", text: "Edge(0, 0,1) Edge(1, 1,2) Edge(2, 2,3) Edge(0, 0,3) ReadX(1) ReadZ(0) ReadX(2)" } }).circuit!;
    const params = [2.1, 2.9, 1.3];
    let z2 = 0, k = 0;
    for (const targets of ["010", "111", "000"]) {
      const objective: Objective = { kind: "loglik", targets };
      const plan = shadowPlan(c, objective, params, "auto");
      expect(plan.manifest.method).toBe("shadow-commuting");
      expect(plan.manifest.estimator.kind).toBe("ratio");
      expect(plan.manifest.report.reason).toContain("P(targets) is the expectation of a projector (7 Z-strings)");
      const reference = adjointGradient(c, objective, params);
      const g = combinePlan(plan.manifest, samplePlanResults(plan, 17, 40_000));
      expect(Math.abs(g.value! - reference.value)).toBeLessThan(0.05);
      reference.gradient.forEach((v, j) => {
        if (g.stderr[j] === 0) { expect(g.gradient[j]).toBeCloseTo(v, 10); return; } // no string to estimate
        const z = (g.gradient[j]! - v) / g.stderr[j]!;
        expect(Math.abs(z), `targets ${targets} param ${j}: ${g.gradient[j]} ± ${g.stderr[j]} vs ${v}`).toBeLessThan(5);
        z2 += z * z; k++;
      });
    }
    expect(z2 / k).toBeLessThan(3);
  });

  it("the k-HRNN with trainable X reads (rz(−φ) then h): the pushed generators still commute, and the plan agrees with adjoint", () => {
    const c = buildCircuit("examples/khrnn.qseq", { tokens: { file: "t", text: "Edge(0,1,2) Edge(1,2,3) ReadX(1) ReadZ(0) ReadX(3)" }, hyper: new Map([["n", 4]]) }).circuit!;
    const params = c.params.map((_, i) => 2.5 + 0.3 * i);
    const objective: Objective = { kind: "loglik", targets: "011" };
    const plan = shadowPlan(c, objective, params, "auto");
    expect(plan.manifest.method).toBe("shadow-commuting");
    expect(plan.circuits.length).toBe(5); // 4 bases for ∂P, one circuit for P
    expectWithinError(plan, adjointGradient(c, objective, params).gradient, 23, 20_000);
  });
});

describe("shadow recipe: commuting layers (ancilla state per layer)", () => {
  /** ry on every qubit, then rz on every qubit, then a cz chain; L times; expectations at the end. */
  function layered(n: number, L: number, observables: ("X" | "Y" | "Z")[][]): { c: Circuit; params: number[] } {
    const ops: Circuit["ops"][number][] = [];
    let p = 0;
    for (let l = 0; l < L; l++) {
      for (let q = 0; q < n; q++) ops.push(gate("ry", [q], [param(p++)]));
      for (let q = 0; q < n; q++) ops.push(gate("rz", [q], [param(p++)]));
      for (let q = 0; q + 1 < n; q++) ops.push(gate("cz", [q, q + 1]));
    }
    const outputs = observables.map((ls) => ({ kind: "expect" as const, step: 0, factors: ls.map((pauli, qubit) => ({ pauli, qubit })) }));
    outputs.forEach((_, k) => ops.push({ kind: "expect", output: k }));
    const params = Array.from({ length: p }, (_, i) => 0.3 + 0.37 * i);
    return { c: { ...circuit(n, ops, { params }), outputs }, params };
  }

  it("groups a layered ansatz into 2 layers per ansatz layer and agrees with adjoint (a sum of two observables)", () => {
    const { c, params } = layered(3, 2, [["Z", "Z"], ["X"]]);
    const objective: Objective = { kind: "expectation", weights: [1, 0.5] };
    const plan = shadowPlan(c, objective, params, "layers", { targetError: 0.03 });
    expect(plan.manifest.method).toBe("shadow-layers");
    expect(plan.manifest.report.reason).toContain("12 trainable gates fall into 4 layer(s)");
    const r = expectWithinError(plan, adjointGradient(c, objective, params).gradient, 31);
    expect(r.k).toBeGreaterThan(6);
    expect(r.z2 / r.k).toBeLessThan(3);
  });

  it("agrees with adjoint on random circuits (every catalogue gate, modifiers)", () => {
    const samples = fc.sample(fc.tuple(circuitArb(3, { maxCtrl: 1, fractionalPow: false }, 6), pauliArb(3), fc.array(real(-3, 3), { minLength: 2, maxLength: 2 })), { numRuns: 6, seed: 4303 });
    samples.forEach(([{ c: raw }, p, params], i) => {
      const c: Circuit = { ...raw, ops: [...raw.ops, { kind: "expect", output: 0 }], outputs: [{ kind: "expect", step: 0, factors: toFactors(p) }] };
      const objective: Objective = { kind: "expectation" };
      let plan: GradientPlan;
      try {
        plan = shadowPlan(c, objective, params, "layers", { targetError: 0.05 });
      } catch (e) {
        expect(e).toBeInstanceOf(RecipeNotApplicable); // e.g. no trainable gate
        return;
      }
      expectWithinError(plan, adjointGradient(c, objective, params).gradient, 700 + i);
    });
  });
});
