// Parameter shift: the rules are exact on trigonometric polynomials; plans evaluated exactly equal the
// adjoint gradient to 1e-10; sampled plans agree within their stated statistical error.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { adjointGradient } from "../../src/grad/adjoint.js";
import { paramShiftPlan } from "../../src/grad/param-shift.js";
import { combinePlan } from "../../src/grad/plan.js";
import { exactPlanResults, samplePlanResults } from "../../src/grad/run-plan.js";
import { frequencies, shiftRule } from "../../src/grad/shift-rules.js";
import type { Objective } from "../../src/grad/objective.js";
import { buildCircuit } from "../../src/pipeline.js";
import { richCircuitArb } from "../support/dynamic-circuits.js";
import { real } from "../support/numbers.js";
import { withFinalExpect } from "../support/gradients.js";

describe("shift rules", () => {
  it("the two-term rule for Pauli rotations: ±π/2, ±½", () => {
    const r = shiftRule(frequencies([-0.5, 0.5]));
    expect(r.kind).toBe("two-term");
    expect(r.shifts).toEqual([Math.PI / 2, -Math.PI / 2]);
    expect(r.coefficients).toEqual([0.5, -0.5]);
  });

  it("the four-term rule for controlled rotations: ±π/2, ±3π/2 with (√2 ± 1)/(4√2)", () => {
    const r = shiftRule(frequencies([-0.5, 0, 0.5]));
    expect(r.kind).toBe("equidistant");
    const byShift = new Map(r.shifts.map((s, i) => [Math.round((s / Math.PI) * 2), r.coefficients[i]!]));
    const a = (Math.SQRT2 + 1) / (4 * Math.SQRT2), b = (Math.SQRT2 - 1) / (4 * Math.SQRT2);
    expect(byShift.get(1)).toBeCloseTo(a, 14);
    expect(byShift.get(-1)).toBeCloseTo(-a, 14);
    expect(byShift.get(3)).toBeCloseTo(-b, 14);
    expect(byShift.get(-3)).toBeCloseTo(b, 14);
  });

  it("every rule differentiates every trigonometric polynomial with its frequencies exactly", () => {
    const spectra = [[-0.5, 0.5], [0, -1], [-0.5, 0, 0.5], [0, 1, 2, 3], [-1, 0, 0.5], [0, 0.3, 1.1], [0, 1, Math.SQRT2]];
    fc.assert(fc.property(fc.constantFrom(...spectra), fc.array(real(-1, 1), { minLength: 14, maxLength: 14 }), real(-3, 3), (eig, coef, x) => {
      const fr = frequencies(eig);
      const rule = shiftRule(fr);
      const f = (t: number) => fr.reduce((s, w, l) => s + coef[2 * l]! * Math.cos(w * t) + coef[2 * l + 1]! * Math.sin(w * t), coef[13]!);
      const df = fr.reduce((s, w, l) => s - coef[2 * l]! * w * Math.sin(w * x) + coef[2 * l + 1]! * w * Math.cos(w * x), 0);
      const est = rule.shifts.reduce((s, sh, j) => s + rule.coefficients[j]! * f(x + sh), 0);
      expect(Math.abs(est - df)).toBeLessThan(1e-12);
    }), { numRuns: 200, seed: 4201 });
  });
});

const gen = { maxCtrl: 2, fractionalPow: false };
const paramsArb = fc.array(real(-3, 3), { minLength: 2, maxLength: 2 });
const paulisArb = fc.array(fc.constantFrom("X" as const, "Y" as const, "Z" as const), { minLength: 1, maxLength: 3 });

describe("parameter-shift plans", () => {
  it("evaluated exactly, equal the adjoint gradient to 1e-10 (expectations, random dynamic circuits)", () => {
    fc.assert(fc.property(richCircuitArb(3, gen, 10), paulisArb, paramsArb, ({ c: raw }, paulis, params) => {
      const c = withFinalExpect(raw, paulis);
      const objective: Objective = { kind: "expectation" };
      const plan = paramShiftPlan(c, objective, params);
      const g = combinePlan(plan.manifest, exactPlanResults(plan));
      const a = adjointGradient(c, objective, params);
      a.gradient.forEach((v, i) => expect(Math.abs(g.gradient[i]! - v)).toBeLessThan(1e-10));
      expect(g.value).toBeCloseTo(a.value, 10);
    }), { numRuns: 80, seed: 4202 });
  });

  it("evaluated exactly, equal the adjoint gradient to 1e-10 (log-likelihood of the k-HRNN, tied params)", () => {
    const c = buildCircuit("examples/khrnn.qseq", {
      tokens: { file: "t", text: "Edge(0,1,2) Edge(1,2,3) Edge(0,3,5) ReadZ(0) ReadX(1) ReadZ(2) ReadX(3)" },
    }).circuit!;
    const params = c.params.map((_, i) => 2.5 + 0.1 * i);
    const objective: Objective = { kind: "loglik", targets: "0110" };
    const plan = paramShiftPlan(c, objective, params);
    const g = combinePlan(plan.manifest, exactPlanResults(plan));
    const a = adjointGradient(c, objective, params);
    a.gradient.forEach((v, i) => expect(Math.abs(g.gradient[i]! - v)).toBeLessThan(1e-10));
    // hyperedges are controlled phases (one frequency): two circuits per occurrence
    expect(plan.manifest.circuits.length).toBe(1 + 2 * (3 + 2));
  });

  it("sampled, agree with the adjoint gradient within their stated standard error", () => {
    const samples = fc.sample(fc.tuple(richCircuitArb(3, gen, 10), paulisArb, paramsArb), { numRuns: 12, seed: 4203 });
    let z2 = 0, k = 0;
    samples.forEach(([{ c: raw }, paulis, params], i) => {
      const c = withFinalExpect(raw, paulis);
      const objective: Objective = { kind: "expectation" };
      const plan = paramShiftPlan(c, objective, params);
      const g = combinePlan(plan.manifest, samplePlanResults(plan, 100 + i, 4000));
      const a = adjointGradient(c, objective, params);
      a.gradient.forEach((v, j) => {
        const se = g.stderr[j]!;
        if (se === 0) { expect(g.gradient[j]).toBeCloseTo(v, 12); return; }
        const z = (g.gradient[j]! - v) / se;
        expect(Math.abs(z), `component ${j}: ${g.gradient[j]} ± ${se} vs adjoint ${v}`).toBeLessThan(5);
        z2 += z * z; k++;
      });
    });
    // the stated errors are honest: the mean squared z-score is near 1 (not ≫ 1, not ≪ 1)
    expect(k).toBeGreaterThan(5);
    expect(z2 / k).toBeGreaterThan(0.2);
    expect(z2 / k).toBeLessThan(3);
  });

  it("sampled log-likelihood plans (teacher forcing) agree with the adjoint within error", () => {
    const c = buildCircuit("examples/khrnn.qseq", { tokens: { file: "t", text: "Edge(0,1,2) ReadZ(0) ReadX(1)" } }).circuit!;
    const params = c.params.map((_, i) => 2.2 + 0.3 * i);
    const objective: Objective = { kind: "loglik", targets: "01" };
    const plan = paramShiftPlan(c, objective, params);
    const g = combinePlan(plan.manifest, samplePlanResults(plan, 7, 20000));
    const a = adjointGradient(c, objective, params);
    a.gradient.forEach((v, j) => { if (g.stderr[j]! > 0) expect(Math.abs(g.gradient[j]! - v) / g.stderr[j]!).toBeLessThan(5); });
    expect(Math.abs(g.value! - a.value)).toBeLessThan(0.05);
  });
});
