import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { real } from "../support/numbers.js";
import {
  circuitUnitary, exactDistribution, maxQubits, MAX_QUBITS, stateVector,
} from "../../src/sim/reference.js";
import { gateMatrix, CATALOGUE_GATES, gateArity, gateParamCount } from "../../src/ir/gates.js";
import { cmMaxAbsDiff, cmKron, cmIdentity } from "../../src/ir/cmatrix.js";
import type { Op, Output } from "../../src/ir/circuit.js";
import { call, circuit, def, gate, param, pow } from "../support/circuits.js";

const TOL = 1e-12;
const measure = (qubit: number, bit: number): Op => ({ kind: "measure", qubit, bit });
const reset = (qubit: number): Op => ({ kind: "reset", qubit });
const when = (lits: [number, boolean][], then: Op[], els: Op[] = []): Op =>
  ({ kind: "if", when: lits.map(([bit, value]) => ({ bit, value })), then, else: els });
const bitsOut = (step: number, bits: number[]): Output => ({ kind: "bits", step, bits, array: bits.length > 1 });
const expectOut = (step: number, factors: [("X" | "Y" | "Z"), number][]): Output =>
  ({ kind: "expect", step, factors: factors.map(([pauli, qubit]) => ({ pauli, qubit })) });

function expectDist(got: Map<string, number>, want: Record<string, number>, tol = TOL): void {
  const keys = new Set([...got.keys(), ...Object.keys(want)]);
  for (const k of keys) {
    const g = got.get(k) ?? 0, w = want[k] ?? 0;
    if (!(Math.abs(g - w) <= tol)) throw new Error(`P(${k}) = ${g}, expected ${w}`);
  }
}

describe("reference simulator: distributions", () => {
  it("Bell pair", () => {
    const c = circuit(2, [gate("h", [0]), gate("cx", [0, 1]), measure(0, 0), measure(1, 1)], {
      numBits: 2, outputs: [bitsOut(0, [0, 1])],
    });
    const r = exactDistribution(c);
    expectDist(r.outcomes, { "00": 0.5, "11": 0.5 });
    expectDist(r.outputs, { "00": 0.5, "11": 0.5 });
    expect(r.totalProbability).toBeCloseTo(1, 14);
    expect(r.branches).toBe(2);
  });

  it("keys list bit 0 first; outputs concatenate bit outputs in output order", () => {
    // q0 = 1 deterministically, q1 = 0; outputs: bit 1 first, then bit 0
    const c = circuit(2, [gate("x", [0]), measure(0, 0), measure(1, 1)], {
      numBits: 2, outputs: [bitsOut(0, [1]), bitsOut(1, [0])],
    });
    const r = exactDistribution(c);
    expectDist(r.outcomes, { "10": 1 });
    expectDist(r.outputs, { "01": 1 });
    expect(r.branches).toBe(1); // the zero-probability branches were dropped
  });

  it("Born probabilities of a rotated qubit", () => {
    fc.assert(fc.property(real(-7, 7), (th) => {
      const c = circuit(1, [gate("ry", [0], [param(0)]), measure(0, 0)], { numBits: 1, params: [0] });
      const r = exactDistribution(c, [th]);
      const p1 = Math.sin(th / 2) ** 2;
      expectDist(r.outcomes, p1 < 1e-14 ? { "0": 1 } : 1 - p1 < 1e-14 ? { "1": 1 } : { "0": 1 - p1, "1": p1 }, 1e-12);
    }), { seed: 11, numRuns: 50 });
  });

  it("mid-circuit measurement with feed-forward: teleportation", () => {
    const th = 1.234;
    const c = circuit(3, [
      gate("ry", [0], [param(0)]),
      gate("h", [1]), gate("cx", [1, 2]),
      gate("cx", [0, 1]), gate("h", [0]),
      measure(0, 0), measure(1, 1),
      when([[1, true]], [gate("x", [2])]),
      when([[0, true]], [gate("z", [2])]),
      { kind: "expect", output: 1 },
      measure(2, 2),
    ], { numBits: 3, params: [th], outputs: [bitsOut(0, [2]), expectOut(0, [["Z", 2]])] });
    const r = exactDistribution(c);
    const p1 = Math.sin(th / 2) ** 2;
    expectDist(r.outputs, { "0": 1 - p1, "1": p1 });
    // every correction pattern is equally likely and independent of the teleported bit
    for (const ab of ["00", "01", "10", "11"]) {
      expect(r.outcomes.get(ab + "0")).toBeCloseTo((1 - p1) / 4, 14);
      expect(r.outcomes.get(ab + "1")).toBeCloseTo(p1 / 4, 14);
    }
    expect(r.expectations.get(1)).toBeCloseTo(Math.cos(th), 13);
  });

  it("if with a conjunction and an else branch", () => {
    // q0, q1 uniform; q2 := q0 AND NOT q1 via classical control, else branch flips q3
    const c = circuit(4, [
      gate("h", [0]), gate("h", [1]), measure(0, 0), measure(1, 1),
      when([[0, true], [1, false]], [gate("x", [2])], [gate("x", [3])]),
      measure(2, 2), measure(3, 3),
    ], { numBits: 4 });
    const r = exactDistribution(c);
    expectDist(r.outcomes, { "0001": 0.25, "0101": 0.25, "1010": 0.25, "1101": 0.25 });
  });

  it("reset: returns a qubit to |0⟩ without recording; entangled resets branch, product resets merge", () => {
    const c1 = circuit(1, [gate("h", [0]), reset(0), measure(0, 0)], { numBits: 1 });
    const r1 = exactDistribution(c1);
    expectDist(r1.outcomes, { "0": 1 });
    expect(r1.branches).toBe(1);

    const c2 = circuit(2, [gate("h", [0]), gate("cx", [0, 1]), reset(0), measure(0, 0), measure(1, 1)], { numBits: 2 });
    const r2 = exactDistribution(c2);
    expectDist(r2.outcomes, { "00": 0.5, "01": 0.5 });

    // after a reset of half a Bell pair, q1 is maximally mixed: ⟨X⟩ = 0 although H·H would be 1 for |+⟩
    const c3 = circuit(2, [gate("h", [0]), gate("cx", [0, 1]), reset(0), gate("h", [1]), { kind: "expect", output: 0 }],
      { outputs: [expectOut(0, [["Z", 1]])] });
    expect(exactDistribution(c3).expectations.get(0)).toBeCloseTo(0, 14);
    // reset then reuse: x; reset; h → |+⟩, ⟨X⟩ = 1
    const c4 = circuit(1, [gate("x", [0]), reset(0), gate("h", [0]), { kind: "expect", output: 0 }], { outputs: [expectOut(0, [["X", 0]])] });
    expect(exactDistribution(c4).expectations.get(0)).toBeCloseTo(1, 14);
  });

  it("expectation values of Pauli products", () => {
    const th = 0.77;
    const out: Output[] = [
      expectOut(0, [["Z", 0]]), expectOut(0, [["X", 0]]), expectOut(0, [["Y", 1]]),
      expectOut(0, [["Z", 2], ["Z", 3]]), expectOut(0, [["X", 2], ["X", 3]]), expectOut(0, [["Y", 2], ["Y", 3]]),
      expectOut(0, [["X", 0], ["Y", 1]]),
    ];
    const c = circuit(4, [
      gate("ry", [0], [th]), gate("rx", [1], [th]), gate("h", [2]), gate("cx", [2, 3]),
      ...out.map((_, i): Op => ({ kind: "expect", output: i })),
    ], { outputs: out });
    const e = exactDistribution(c).expectations;
    expect(e.get(0)).toBeCloseTo(Math.cos(th), 14);
    expect(e.get(1)).toBeCloseTo(Math.sin(th), 14);
    expect(e.get(2)).toBeCloseTo(-Math.sin(th), 14);
    expect(e.get(3)).toBeCloseTo(1, 14);
    expect(e.get(4)).toBeCloseTo(1, 14);
    expect(e.get(5)).toBeCloseTo(-1, 14);
    expect(e.get(6)).toBeCloseTo(Math.sin(th) * -Math.sin(th), 14);
  });

  it("expectation after a measurement is averaged over the branches that reach it", () => {
    // q0 = |+⟩ measured; then if bit 0 = 1: ry(θ) on q1. ⟨Z1⟩ = ½·1 + ½·cos θ
    const th = 2.1;
    const c = circuit(2, [
      gate("h", [0]), measure(0, 0), when([[0, true]], [gate("ry", [1], [th])]),
      { kind: "expect", output: 0 },
      when([[0, true]], [{ kind: "expect", output: 1 }]),
    ], { numBits: 1, outputs: [expectOut(0, [["Z", 1]]), expectOut(0, [["Z", 1]])] });
    const e = exactDistribution(c).expectations;
    expect(e.get(0)).toBeCloseTo(0.5 + 0.5 * Math.cos(th), 14);
    expect(e.get(1)).toBeCloseTo(Math.cos(th), 14); // only the bit-0 = 1 branch reached it
  });

  it("graph-state measurement context is deterministic (hypergraph task, k = 2)", () => {
    // |G⟩ = CZ01·CZ12 |+++⟩; reading q0, q2 in Z then q1 in X gives x1 = z0 ⊕ z2 with certainty
    const c = circuit(3, [
      gate("h", [0]), gate("h", [1]), gate("h", [2]),
      gate("z", [0, 1], [], [{ k: "ctrl", n: 1, negative: false }]), gate("cz", [1, 2]),
      measure(0, 0), measure(2, 1), gate("h", [1]), measure(1, 2),
    ], { numBits: 3, outputs: [bitsOut(0, [0]), bitsOut(1, [1]), bitsOut(2, [2])] });
    const r = exactDistribution(c);
    expectDist(r.outputs, { "000": 0.25, "011": 0.25, "101": 0.25, "110": 0.25 });
  });

  it("defaults params to their initial values; explicit params override", () => {
    const c = circuit(1, [gate("rx", [0], [param(0)]), measure(0, 0)], { numBits: 1, params: [Math.PI] });
    expectDist(exactDistribution(c).outcomes, { "1": 1 });
    expectDist(exactDistribution(c, [0]).outcomes, { "0": 1 });
  });
});

describe("reference simulator: states and unitaries", () => {
  it("qubit 0 is the most significant bit of a basis index", () => {
    const s = stateVector(circuit(3, [gate("x", [0])]));
    expect(s.re[0b100]).toBe(1);
    const g = stateVector(circuit(3, [gate("h", [0]), gate("cx", [0, 1]), gate("cx", [1, 2])]));
    expect(g.re[0]).toBeCloseTo(Math.SQRT1_2, 15);
    expect(g.re[7]).toBeCloseTo(Math.SQRT1_2, 15);
    expect(Array.from(g.re).filter((v) => Math.abs(v) > 1e-15)).toHaveLength(2);
  });

  it("stateVector refuses measurements", () => {
    expect(() => stateVector(circuit(1, [measure(0, 0)], { numBits: 1 }))).toThrow(/measurement-free/);
  });

  it("circuitUnitary of one gate on qubits 0..k−1 is its catalogue matrix; reversed operands swap the factors", () => {
    for (const name of CATALOGUE_GATES) {
      const k = gateArity(name);
      if (k === 0) continue;
      const args = Array.from({ length: gateParamCount(name) }, (_, i) => 0.4 + 0.9 * i);
      const u = circuitUnitary(circuit(k, [gate(name, [...Array(k).keys()], args)]));
      expect(cmMaxAbsDiff(u, gateMatrix(name, args))).toBeLessThan(TOL);
    }
    const u = circuitUnitary(circuit(2, [gate("rx", [1], [0.3]), gate("h", [0])]));
    expect(cmMaxAbsDiff(u, cmKron(gateMatrix("h", []), gateMatrix("rx", [0.3])))).toBeLessThan(TOL);
    const cxRev = circuitUnitary(circuit(2, [gate("cx", [1, 0])]));
    expect(cxRev.re[0b11 * 4 + 0b01]).toBe(1); // |01⟩ (q1 = 1) → |11⟩
    // a top-level gphase is a global phase on the whole unitary
    const gp = circuitUnitary(circuit(1, [gate("gphase", [], [0.3])]));
    expect(cmMaxAbsDiff(gp, cmKron(cmIdentity(1), gateMatrix("rz", [0])))).toBeCloseTo(Math.hypot(Math.cos(0.3) - 1, Math.sin(0.3)), 14);
    expect([gp.re[3], gp.im[3], gp.re[1]]).toEqual([Math.cos(0.3), Math.sin(0.3), 0]);
  });

  it("calls with a non-integer pow use the dense body matrix (principal power)", () => {
    const d = def("xx", 1, 0, [gate("x", [0])]);
    const u = circuitUnitary(circuit(1, [call(0, [0], [], [pow(0.5)])], { defs: [d] }));
    expect(cmMaxAbsDiff(u, gateMatrix("sx", []))).toBeLessThan(1e-12);
  });

  it("guards the register size with a clear error", () => {
    expect(() => maxQubits(MAX_QUBITS)).not.toThrow();
    expect(() => maxQubits(21)).toThrow(/at most 20 qubits; this circuit has 21/);
    expect(() => exactDistribution(circuit(21, []))).toThrow(/at most 20 qubits/);
    expect(() => circuitUnitary(circuit(13, []))).toThrow(/at most 12 qubits/);
  });
});

describe("reference simulator: terminal measurements and budget", () => {
  it("reading terminal measurements off the amplitudes equals branching on them", () => {
    fc.assert(fc.property(fc.array(real(-4, 4), { minLength: 6, maxLength: 6 }), (a) => {
      const body: Op[] = [
        gate("ry", [0], [a[0]!]), gate("rx", [1], [a[1]!]), gate("cx", [0, 2]), gate("u3", [2], [a[2]!, a[3]!, a[4]!]),
        gate("crz", [2, 1], [a[5]!]), gate("h", [1]),
      ];
      const meas = [measure(2, 0), measure(0, 1), measure(2, 2)];
      const terminal = exactDistribution(circuit(3, [...body, ...meas], { numBits: 3 }));
      // a trailing gate forces the branching path
      const branched = exactDistribution(circuit(3, [...body, ...meas, gate("id", [1])], { numBits: 3 }));
      for (const k of new Set([...terminal.outcomes.keys(), ...branched.outcomes.keys()])) {
        expect(Math.abs((terminal.outcomes.get(k) ?? 0) - (branched.outcomes.get(k) ?? 0))).toBeLessThan(1e-14);
        expect(k[0]).toBe(k[2]); // the same qubit measured twice agrees
      }
    }), { seed: 3, numRuns: 30 });
  });

  it("refuses runaway branching with a clear error", () => {
    const ops: Op[] = [];
    for (let q = 0; q < 12; q++) ops.push(gate("h", [q]), measure(q, q));
    ops.push(gate("x", [0]));
    expect(() => exactDistribution(circuit(12, ops, { numBits: 12 }))).toThrow(/branches of 2\^12 amplitudes exceed/);
  });
});

describe("reference simulator: size", () => {
  it("runs 12 qubits, 2000 gates and 12 terminal measurements (read off the amplitudes, no branching)", () => {
    const names = ["h", "rx", "ry", "rz", "cx", "cz", "cp", "swap", "ccx", "rzz", "u3", "t"];
    let seed = 12345;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const ops: Op[] = [];
    for (let i = 0; i < 2000; i++) {
      const name = names[Math.floor(rnd() * names.length)]!;
      const perm = [...Array(12).keys()].sort(() => rnd() - 0.5);
      ops.push(gate(name, perm.slice(0, gateArity(name)), Array.from({ length: gateParamCount(name) }, () => rnd() * 6)));
    }
    for (let q = 0; q < 12; q++) ops.push(measure(q, q));
    const c = circuit(12, ops, { numBits: 12 });
    const r = exactDistribution(c);
    expect(r.totalProbability).toBeCloseTo(1, 10);
    expect(r.branches).toBe(r.outcomes.size);
  });
});
