import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { real } from "../support/numbers.js";
import { flatten } from "../../src/ir/flatten.js";
import { circuitUnitary } from "../../src/sim/reference.js";
import { cmMaxAbsDiff } from "../../src/ir/cmatrix.js";
import type { Circuit, GateOp, Op } from "../../src/ir/circuit.js";
import { num } from "../../src/ir/expr.js";
import { circuitArb } from "./random-circuits.js";
import { arg, call, circuit, ctrl, def, gate, inv, negctrl, param, pow } from "../support/circuits.js";

const SEED = 7_777;

function gatesOf(ops: readonly Op[]): GateOp[] {
  return ops.flatMap((o) => (o.kind === "gate" ? [o] : o.kind === "if" ? [...gatesOf(o.then), ...gatesOf(o.else)] : []));
}

function expectNormalForm(c: Circuit): void {
  expect(c.defs).toHaveLength(0);
  for (const o of c.ops) expect(o.kind).not.toBe("call");
  for (const g of gatesOf(c.ops)) for (const m of g.mods) expect(m.k).toBe("ctrl");
}

function sameUnitary(a: Circuit, b: Circuit, params: number[]): number {
  return cmMaxAbsDiff(circuitUnitary(a, params), circuitUnitary(b, params));
}

describe("flatten", () => {
  it("preserves the exact unitary (global phase included) of random circuits with nested calls and modifiers", () => {
    fc.assert(fc.property(circuitArb(5, { maxCtrl: 2, fractionalPow: true }), ({ c, params }) => {
      const f = flatten(c);
      expectNormalForm(f);
      expect(sameUnitary(c, f, params)).toBeLessThan(1e-9);
    }), { seed: SEED, numRuns: 150 });
  });

  it("keeps angles symbolic: one flattening is exact for several param values", () => {
    fc.assert(fc.property(circuitArb(4, { maxCtrl: 1, fractionalPow: true }), fc.array(real(-20, 20), { minLength: 2, maxLength: 2 }), ({ c }, other) => {
      const f = flatten(c);
      expect(sameUnitary(c, f, other)).toBeLessThan(1e-9);
    }), { seed: SEED + 1, numRuns: 60 });
  });

  it("inlines a call: args substituted, local qubits mapped, ctrl pushed into every op, gphase under ctrl becomes p", () => {
    const d = def("cell", 2, 1, [gate("rx", [0], [arg(0)]), gate("gphase", [], [0.25]), gate("cx", [0, 1])]);
    const c = circuit(3, [call(0, [2, 0, 1], [param(0)], [ctrl()])], { defs: [d], params: [0.5] });
    const f = flatten(c);
    expect(f.ops).toEqual([
      { kind: "gate", name: "rx", args: [param(0)], qubits: [2, 0], mods: [{ k: "ctrl", n: 1, negative: false }] },
      { kind: "gate", name: "p", args: [num(0.25)], qubits: [2], mods: [] },
      { kind: "gate", name: "cx", args: [], qubits: [2, 0, 1], mods: [{ k: "ctrl", n: 1, negative: false }] },
    ]);
    expect(sameUnitary(c, f, [0.5])).toBeLessThan(1e-12);
  });

  it("inv reverses and inverts the body; integer pow repeats; negative pow repeats the inverse", () => {
    const d = def("cell", 1, 0, [gate("s", [0]), gate("h", [0])]);
    const f = flatten(circuit(1, [call(0, [0], [], [inv])], { defs: [d] }));
    expect(f.ops.map((o) => (o as GateOp).name)).toEqual(["h", "sdg"]);
    const f2 = flatten(circuit(1, [call(0, [0], [], [pow(-2)])], { defs: [d] }));
    expect(f2.ops.map((o) => (o as GateOp).name)).toEqual(["h", "sdg", "h", "sdg"]);
    const f3 = flatten(circuit(1, [call(0, [0], [], [pow(0)])], { defs: [d] }));
    expect(f3.ops).toEqual([]);
  });

  it("merges control runs and keeps negctrl in the modifiers", () => {
    const c = circuit(4, [gate("x", [0, 1, 2, 3], [], [ctrl(), negctrl(), ctrl()])]);
    const g = flatten(c).ops[0] as GateOp;
    expect(g.mods).toEqual([
      { k: "ctrl", n: 1, negative: false }, { k: "ctrl", n: 1, negative: true }, { k: "ctrl", n: 1, negative: false },
    ]);
    expect(sameUnitary(c, flatten(c), [])).toBeLessThan(1e-12);
    const c2 = circuit(3, [gate("mcx", [0, 1, 2], [], [inv])]);
    const g2 = flatten(c2).ops[0] as GateOp;
    expect([g2.name, g2.qubits, g2.mods]).toEqual(["x", [0, 1, 2], [{ k: "ctrl", n: 2, negative: false }]]);
  });

  it("recurses into if, keeps measurements", () => {
    const d = def("cell", 1, 0, [gate("h", [0])]);
    const c = circuit(2, [
      { kind: "measure", qubit: 0, bit: 0 },
      { kind: "if", when: [{ bit: 0, value: true }], then: [call(0, [1], [], [inv])], else: [] },
    ], { defs: [d], numBits: 1 });
    const f = flatten(c);
    expect(f.ops[0]).toEqual({ kind: "measure", qubit: 0, bit: 0 });
    expect(f.ops[1]).toEqual({ kind: "if", when: [{ bit: 0, value: true }], then: [gate("h", [1])], else: [] });
  });

  it("rejects a non-integer pow on a call, with a clear error", () => {
    const d = def("cell", 1, 0, [gate("h", [0])]);
    expect(() => flatten(circuit(1, [call(0, [0], [], [pow(0.5)])], { defs: [d] }))).toThrow(/only integer constant powers of a gate definition/);
    expect(() => flatten(circuit(1, [call(0, [0], [], [pow(param(0))])], { defs: [d], params: [2] }))).toThrow(/pow\(<symbolic>\) @ cell/);
  });
});
