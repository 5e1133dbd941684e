import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { real } from "../support/numbers.js";
import { decomposeToStdgates, MAX_CONTROLS } from "../../src/ir/decompose.js";
import { circuitUnitary, exactDistribution } from "../../src/sim/reference.js";
import { cmDistanceUpToPhase, cmMaxAbsDiff } from "../../src/ir/cmatrix.js";
import { CATALOGUE_GATES, STDGATE_OUTPUT, gateArity, gateParamCount } from "../../src/ir/gates.js";
import type { Circuit, GateOp, Op } from "../../src/ir/circuit.js";
import { circuitArb, exprArb } from "./random-circuits.js";
import { circuit, ctrl, gate, negctrl, param, pow, inv } from "../support/circuits.js";

const SEED = 4242;

function gatesOf(ops: readonly Op[]): GateOp[] {
  return ops.flatMap((o) => (o.kind === "gate" ? [o] : o.kind === "if" ? [...gatesOf(o.then), ...gatesOf(o.else)] : []));
}

function expectPortable(c: Circuit): void {
  expect(c.defs).toHaveLength(0);
  for (const o of c.ops) expect(o.kind).not.toBe("call");
  for (const g of gatesOf(c.ops)) {
    expect(STDGATE_OUTPUT.has(g.name), `gate ${g.name}`).toBe(true);
    expect(g.mods).toEqual([]);
  }
}

function phaseDistance(a: Circuit, b: Circuit, params: number[]): number {
  return cmDistanceUpToPhase(circuitUnitary(b, params), circuitUnitary(a, params));
}

describe("decomposeToStdgates", () => {
  it("random circuits with nested calls, ctrl/negctrl, inv, integer and fractional pow: equal up to global phase", () => {
    fc.assert(fc.property(circuitArb(5, { maxCtrl: 2, fractionalPow: true }), ({ c, params }) => {
      const d = decomposeToStdgates(c);
      expectPortable(d);
      expect(phaseDistance(c, d, params)).toBeLessThan(1e-9);
    }), { seed: SEED, numRuns: 120 });
  });

  for (const name of CATALOGUE_GATES) {
    it(`${name} under ctrl(1..4) and negctrl: exact up to global phase, symbolic angles`, () => {
      const arity = gateArity(name);
      const nq = Math.min(arity + 4, 7);
      fc.assert(fc.property(
        fc.integer({ min: 1, max: nq - arity }),
        fc.integer({ min: 0, max: 1 }),
        fc.array(exprArb(0), { minLength: 4, maxLength: 4 }),
        fc.array(real(-7, 7), { minLength: 2, maxLength: 2 }),
        fc.boolean(),
        (m, negs, args, params, withInv) => {
          // m controls in all; with negs = 1 (and m > 1) the last one is a negctrl
          const nNeg = m > 1 ? negs : 0;
          const mods = [ctrl(m - nNeg), ...(nNeg ? [negctrl(1)] : []), ...(withInv ? [inv] : [])];
          const qubits = [...Array(nq).keys()].reverse().slice(0, m + arity);
          const c = circuit(nq, [gate(name, qubits, args.slice(0, gateParamCount(name)), mods)], { params });
          const d = decomposeToStdgates(c);
          expectPortable(d);
          expect(phaseDistance(c, d, params)).toBeLessThan(1e-9);
        }), { seed: SEED + name.length, numRuns: 12 });
    });
  }

  it("phases under controls are exact: ctrl @ gphase and ctrl @ U keep the relative phase", () => {
    // controlled global phases and controlled U (whose phase vs u3 matters) — compared on a superposed control
    const c = circuit(3, [
      gate("h", [0]),
      gate("gphase", [0], [0.7], [ctrl()]),
      gate("U", [0, 1], [0.3, param(0), 1.1], [ctrl()]),
      gate("u3", [0, 2, 1], [0.9, 0.2, -0.4], [ctrl(2)]),
      gate("rz", [2, 0, 1], [param(1)], [negctrl(), ctrl()]),
    ], { params: [0.4, -2.5] });
    const d = decomposeToStdgates(c);
    expectPortable(d);
    expect(phaseDistance(c, d, [0.4, -2.5])).toBeLessThan(1e-12);
    expect(phaseDistance(c, d, [3.3, 9.1])).toBeLessThan(1e-12);
  });

  it("keeps measurements and classical control: the same exact distribution", () => {
    const c = circuit(3, [
      gate("h", [0]), gate("ry", [0, 1], [param(0)], [ctrl()]),
      { kind: "measure", qubit: 1, bit: 0 },
      { kind: "if", when: [{ bit: 0, value: true }], then: [gate("rx", [0, 2], [0.9], [negctrl(), pow(0.5)])], else: [gate("gphase", [], [1])] },
      gate("iswap", [2, 0], [], [inv]),
      { kind: "measure", qubit: 0, bit: 1 }, { kind: "measure", qubit: 2, bit: 2 },
    ], { numBits: 3, params: [1.3] });
    const d = decomposeToStdgates(c);
    expectPortable(d);
    const a = exactDistribution(c).outcomes, b = exactDistribution(d).outcomes;
    expect(a.size).toBeGreaterThan(2);
    for (const k of new Set([...a.keys(), ...b.keys()])) expect(Math.abs((a.get(k) ?? 0) - (b.get(k) ?? 0))).toBeLessThan(1e-12);
  });

  it("drops only top-level phases", () => {
    const c = circuit(1, [gate("gphase", [], [0.5]), gate("U", [0], [0.1, 0.2, 0.3])]);
    const d = decomposeToStdgates(c);
    expect(d.ops.map((o) => (o as GateOp).name)).toEqual(["u3"]);
    const dist = cmMaxAbsDiff(circuitUnitary(c), circuitUnitary(d));
    expect(dist).toBeGreaterThan(0.1); // differs by the global phase only …
    expect(phaseDistance(c, d, [])).toBeLessThan(1e-12); // … and nothing else
  });

  it("uses the stdgates controlled forms for one control", () => {
    const names = (c: Circuit) => decomposeToStdgates(c).ops.map((o) => (o as GateOp).name);
    expect(names(circuit(2, [gate("x", [0, 1], [], [ctrl()])]))).toEqual(["cx"]);
    expect(names(circuit(3, [gate("x", [0, 1, 2], [], [ctrl(2)])]))).toEqual(["ccx"]);
    expect(names(circuit(3, [gate("swap", [0, 1, 2], [], [ctrl()])]))).toEqual(["cswap"]);
    expect(names(circuit(2, [gate("rz", [0, 1], [0.2], [ctrl()])]))).toEqual(["crz"]);
    expect(names(circuit(2, [gate("sx", [0, 1], [], [ctrl()])]))).toEqual(["cu"]);
    // negctrl @ z: x-conjugated controlled phase π
    expect(names(circuit(2, [gate("z", [0, 1], [], [negctrl()])]))).toEqual(["x", "cp", "x"]);
  });

  it("twelve controls work; thirteen are rejected with a clear error", () => {
    const c12 = circuit(13, [gate("x", [...Array(13).keys()], [], [ctrl(12)])]);
    const d = decomposeToStdgates(c12);
    expectPortable(d);
    expect(gatesOf(d.ops).every((g) => ["h", "cx", "p"].includes(g.name))).toBe(true);
    expect(() => decomposeToStdgates(circuit(14, [gate("z", [...Array(14).keys()], [], [ctrl(13)])]))).toThrow(
      new RegExp(`at most ${MAX_CONTROLS} controls`),
    );
  });

  it("multi-controlled phase via the Gray code is exact on 5 qubits (C^4 P)", () => {
    const c = circuit(5, [gate("p", [0, 1, 2, 3, 4], [param(0)], [ctrl(4)])], { params: [1.234] });
    const d = decomposeToStdgates(c);
    // 2^5 − 1 phase terms, no global phase at all
    expect(gatesOf(d.ops).filter((g) => g.name === "p")).toHaveLength(31);
    expect(cmMaxAbsDiff(circuitUnitary(c, [1.234]), circuitUnitary(d, [1.234]))).toBeLessThan(1e-12);
  });

  it("fractional pow on controlled rotations stays symbolic and exact", () => {
    const c = circuit(3, [gate("h", [0]), gate("rx", [0, 1, 2], [param(0)], [ctrl(2), pow(0.5)])], { params: [5.5] });
    const d = decomposeToStdgates(c);
    for (const v of [5.5, -9, 1]) expect(phaseDistance(c, d, [v, 0])).toBeLessThan(1e-9);
  });
});
