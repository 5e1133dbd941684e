// The fast simulator against the reference simulator (the oracle), and fused against unfused.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { real } from "../support/numbers.js";
import { exactDistribution, pauliExpectation, stateVector } from "../../src/sim/reference.js";
import { compileSimulation, expectation, toReferenceOrder, type ExactDistribution } from "../../src/sim/index.js";
import type { Circuit, Op } from "../../src/ir/circuit.js";
import { circuitArb } from "../ir/random-circuits.js";
import { call, circuit, ctrl, def, gate, inv, negctrl, param, pow } from "../support/circuits.js";
import { programArb } from "./programs.js";

const TOL = 1e-12;

function maxStateDiff(c: Circuit, params: number[], fuse: boolean): number {
  const want = stateVector(c, params);
  const got = toReferenceOrder(compileSimulation(c, { fuse }).stateVector(params));
  let d = 0;
  for (let i = 0; i < want.re.length; i++) d = Math.max(d, Math.abs(got.re[i]! - want.re[i]!), Math.abs(got.im[i]! - want.im[i]!));
  return d;
}

function distDiff(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  let d = 0;
  for (const k of new Set([...a.keys(), ...b.keys()])) d = Math.max(d, Math.abs((a.get(k) ?? 0) - (b.get(k) ?? 0)));
  return d;
}

function exactDiff(got: ExactDistribution, want: ReturnType<typeof exactDistribution>): number {
  let d = Math.max(distDiff(got.outcomes, want.outcomes), distDiff(got.outputs, want.outputs), Math.abs(got.totalProbability - want.totalProbability));
  expect([...got.expectations.keys()].sort()).toEqual([...want.expectations.keys()].sort());
  for (const [k, v] of want.expectations) d = Math.max(d, Math.abs(got.expectations.get(k)! - v));
  return d;
}

describe("fast simulator: state vectors agree with the reference", () => {
  it("random unitary circuits with modifiers and calls (unfused and fused)", () => {
    fc.assert(fc.property(circuitArb(5, { maxCtrl: 2, fractionalPow: false }, 10), ({ c, params }) => {
      expect(maxStateDiff(c, params, false)).toBeLessThan(TOL);
      expect(maxStateDiff(c, params, true)).toBeLessThan(TOL);
    }), { seed: 301, numRuns: 200 });
  });

  it("random circuits with non-integer powers (flatten folds them symbolically: agreement to 1e-9, as flatten's own test)", () => {
    fc.assert(fc.property(circuitArb(4, { maxCtrl: 2, fractionalPow: true }, 8), ({ c, params }) => {
      expect(maxStateDiff(c, params, true)).toBeLessThan(1e-9);
    }), { seed: 302, numRuns: 100 });
  });

  it("every kernel kind by hand: phases, controls of both polarities, permutations, dense 2-qubit gates", () => {
    const c = circuit(5, [
      gate("h", [0]), gate("h", [1]), gate("ry", [2], [0.3]), gate("U", [3], [0.4, 0.5, 0.6]), gate("sx", [4]),
      gate("p", [0, 1, 2], [param(0)], [ctrl(2)]),            // hyperedge ctrl(2) @ p
      gate("z", [3, 4], [], [negctrl(1)]),                      // negctrl @ z
      gate("gphase", [0, 2], [0.7], [negctrl(2)]),              // negctrl(2) @ gphase
      gate("gphase", [], [0.25]),                               // global phase
      gate("rz", [1], [param(1)]), gate("crz", [2, 3], [0.9]),
      gate("rzz", [0, 4], [1.1]), gate("rzz", [1, 2, 3], [0.8], [ctrl(1)]),
      gate("cx", [0, 3]), gate("ccx", [1, 2, 4]), gate("x", [0, 1, 2, 3], [], [negctrl(1), ctrl(2)]),
      gate("swap", [1, 4]), gate("cswap", [0, 2, 3]), gate("swap", [0, 1, 2, 3], [], [negctrl(2)]),
      gate("rxx", [0, 2], [0.4]), gate("ryy", [1, 3], [0.5]), gate("iswap", [2, 4]),
      gate("iswap", [0, 1, 4], [], [ctrl(1)]), gate("rxx", [3, 2, 0], [0.6], [negctrl(1)]),
      gate("cu", [4, 0], [0.1, 0.2, 0.3, 0.4]), gate("ch", [1, 3]), gate("cy", [2, 0]),
      gate("crx", [3, 1], [0.7]), gate("cry", [0, 4], [0.8]), gate("cp", [1, 2], [1.3]), gate("ccz", [0, 1, 2]),
      gate("id", [3]), gate("y", [2]), gate("u2", [1], [0.2, 0.3]), gate("u3", [0], [0.1, 0.2, 0.3]),
      gate("t", [4]), gate("sdg", [3]), gate("tdg", [1]), gate("s", [0]), gate("sxdg", [2]),
    ], { params: [0.37, -1.2] });
    for (const fuse of [false, true]) expect(maxStateDiff(c, [0.37, -1.2], fuse)).toBeLessThan(TOL);
  });

  it("binds late: one compiled program, many parameter values", () => {
    const d = def("cell", 2, 1, [gate("ry", [0], [{ k: "arg", index: 0 }]), gate("cp", [0, 1], [{ k: "mul", a: { k: "arg", index: 0 }, b: { k: "num", v: 2 } }])]);
    const c = circuit(3, [
      gate("h", [0]), call(0, [0, 1], [param(0)]), call(0, [2, 1, 0], [param(1)], [ctrl(1)]),
      gate("rx", [2], [{ k: "fn", fn: "sin", a: param(1) }]), call(0, [1, 2], [param(0)], [inv, pow(2)]),
    ], { defs: [d], params: [0, 0] });
    const sim = compileSimulation(c);
    for (const params of [[0.1, 0.2], [2, -3], [-0.5, 7]]) {
      const got = toReferenceOrder(sim.stateVector(params));
      const want = stateVector(c, params);
      for (let i = 0; i < 8; i++) {
        expect(Math.abs(got.re[i]! - want.re[i]!)).toBeLessThan(TOL);
        expect(Math.abs(got.im[i]! - want.im[i]!)).toBeLessThan(TOL);
      }
    }
  });

  it("expectation(state, factors) equals the reference's Pauli expectation", () => {
    fc.assert(fc.property(circuitArb(4, { maxCtrl: 1, fractionalPow: false }, 8),
      fc.shuffledSubarray([0, 1, 2, 3], { minLength: 1 }), fc.array(fc.constantFrom("X" as const, "Y" as const, "Z" as const), { minLength: 4, maxLength: 4 }),
      ({ c, params }, qs, ps) => {
        const factors = qs.map((qubit, i) => ({ pauli: ps[i]!, qubit }));
        const ref = stateVector(c, params);
        const got = expectation(compileSimulation(c).stateVector(params), factors);
        expect(Math.abs(got - pauliExpectation(ref.re, ref.im, 4, factors))).toBeLessThan(TOL);
      }), { seed: 303, numRuns: 100 });
  });
});

describe("fast simulator: exact distributions agree with the reference", () => {
  it("random circuits with mid-circuit measurement, reset, if/else, expect and terminal measurements", () => {
    fc.assert(fc.property(programArb(4, { maxCtrl: 2, fractionalPow: false }, 8, 6), ({ c, params }) => {
      const want = exactDistribution(c, params);
      for (const fuse of [false, true]) expect(exactDiff(compileSimulation(c, { fuse }).exact(params), want)).toBeLessThan(TOL);
    }), { seed: 304, numRuns: 250 });
  });

  it("fused equals unfused: state vectors and distributions", () => {
    fc.assert(fc.property(programArb(5, { maxCtrl: 3, fractionalPow: true }, 12, 4), ({ c, params }) => {
      const a = compileSimulation(c, { fuse: false }).exact(params);
      const b = compileSimulation(c, { fuse: true }).exact(params);
      expect(distDiff(a.outcomes, b.outcomes)).toBeLessThan(TOL);
      expect(distDiff(a.outputs, b.outputs)).toBeLessThan(TOL);
      for (const [k, v] of a.expectations) expect(Math.abs(b.expectations.get(k)! - v)).toBeLessThan(TOL);
      const unitary = { ...c, ops: c.ops.filter((o) => o.kind === "gate" || o.kind === "call") };
      const sa = compileSimulation(unitary, { fuse: false }).stateVector(params).data;
      const sb = compileSimulation(unitary, { fuse: true }).stateVector(params).data;
      let d = 0;
      for (let i = 0; i < sa.length; i++) d = Math.max(d, Math.abs(sa[i]! - sb[i]!));
      expect(d).toBeLessThan(TOL);
    }), { seed: 305, numRuns: 200 });
  });

  it("fused phase tables (contiguous and scattered layouts) equal the gates one by one, 13 qubits", () => {
    const n = 13;
    const gen = fc.array(fc.tuple(fc.constantFrom("cz", "cp", "ccz", "rzz", "crz", "p", "rz", "t", "h", "rx", "mcp"),
      fc.shuffledSubarray([...Array(n).keys()], { minLength: 4, maxLength: 4 }), real(-4, 4)), { minLength: 40, maxLength: 120 });
    fc.assert(fc.property(gen, (spec) => {
      const ops: Op[] = spec.map(([name, qs, a]) => {
        switch (name) {
          case "cz": case "ccz": return gate(name, qs.slice(0, name === "cz" ? 2 : 3));
          case "cp": case "rzz": case "crz": return gate(name, qs.slice(0, 2), [a]);
          case "p": case "rz": case "rx": return gate(name, qs.slice(0, 1), [a]);
          case "mcp": return gate("p", qs, [a], [ctrl(3)]);
          default: return gate(name, qs.slice(0, 1));
        }
      });
      const c = circuit(n, ops);
      const plain = compileSimulation(c, { fuse: false }).stateVector().data;
      for (const maxDiagQubits of [3, 6, 10]) {
        const sim = compileSimulation(c, { fuse: true, maxDiagQubits });
        const got = sim.stateVector().data;
        let d = 0;
        for (let i = 0; i < got.length; i++) d = Math.max(d, Math.abs(got[i]! - plain[i]!));
        expect(d).toBeLessThan(TOL);
      }
    }), { seed: 306, numRuns: 40 });
  });

  it("fusion shrinks the kernel count on layered circuits and long diagonal runs", () => {
    const ops: Op[] = [];
    for (let l = 0; l < 4; l++) {
      for (let q = 0; q < 8; q++) ops.push(gate("rx", [q], [0.1 * (l + q)]), gate("rz", [q], [0.2 * q]));
      for (let q = 0; q + 1 < 8; q++) ops.push(gate("cz", [q, q + 1]));
    }
    const c = circuit(8, ops);
    const fused = compileSimulation(c, { fuse: true });
    const plain = compileSimulation(c, { fuse: false });
    expect(plain.stats.kernels).toBe(plain.stats.gates);
    expect(fused.stats.kernels).toBeLessThan(plain.stats.gates / 2);
    expect(maxStateDiff(c, [], true)).toBeLessThan(TOL);
  });
});
