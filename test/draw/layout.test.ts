// The layout model of circuit drawings: wires, packing, slices, shapes, params, folding, limits.

import { describe, expect, it } from "vitest";
import { DrawSizeError, foldColumns, formatNumber, layoutCircuit, printExpr } from "../../src/draw/layout.js";
import { mul, num } from "../../src/ir/expr.js";
import { circuit, gate, mark, param, scalar } from "./helpers.js";

const names = { param: (i: number) => ["w", "phi[2]"][i]!, input: () => "x[0]", arg: (i: number) => `a${i}` };

describe("layout: wires", () => {
  it("labels wires by register and index and hides idle qubits", () => {
    const c = circuit({
      registers: [{ name: "h", role: "hidden", offset: 0, size: 3 }, { name: "a", role: "fresh", offset: 3, size: 2 }],
      ops: [mark("step 0: T"), gate("h", [0]), gate("cx", [0, 4]), { kind: "barrier", qubits: [0, 1, 2, 3, 4] }],
    });
    const l = layoutCircuit(c);
    expect(l.wires.map((w) => w.label)).toEqual(["h[0]", "a[1]"]);
    expect(l.elements.find((e) => e.shape === "barrier")!.rows).toEqual([0, 1]);
  });

  it("adds one classical track when something is measured, and names bits as the emitter does", () => {
    const c = circuit({
      ops: [mark("step 0: R"), { kind: "measure", qubit: 1, bit: 0 }, { kind: "measure", qubit: 2, bit: 1 }],
      numBits: 2, outputs: [{ kind: "bits", step: 0, bits: [1], array: false }],
    });
    const l = layoutCircuit(c);
    expect(l.wires.map((w) => [w.kind, w.label])).toEqual([["qubit", "q[1]"], ["qubit", "q[2]"], ["classical", "bits"]]);
    expect(l.elements.map((e) => e.bits)).toEqual([["m[0]"], ["y0"]]);
  });
});

describe("layout: greedy column packing", () => {
  it("places a gate in the first column after the last one occupied on its wires", () => {
    const c = circuit({ ops: [mark("step 0: T"), gate("h", [0]), gate("h", [1]), gate("cx", [0, 1]), gate("x", [2]), gate("h", [0])] });
    const l = layoutCircuit(c);
    expect(l.elements.map((e) => [e.shape, e.col])).toEqual([["box", 0], ["box", 0], ["oplus", 1], ["box", 0], ["box", 2]]);
  });

  it("occupies every row a vertical line crosses (controls, multi-qubit boxes, lines to the classical track)", () => {
    const c = circuit({ ops: [mark("step 0: T"), gate("cz", [0, 2]), gate("h", [1]), { kind: "measure", qubit: 0, bit: 0 }, gate("h", [3])], numBits: 1 });
    const l = layoutCircuit(c);
    // h[1] lies under the cz's line; the measurement's line to the track crosses q[1] and q[3]
    expect(l.elements.map((e) => e.col)).toEqual([0, 1, 2, 3]);
    const c2 = circuit({ ops: [mark("step 0: T"), { kind: "measure", qubit: 0, bit: 0 }, gate("h", [3])], numBits: 1 });
    expect(layoutCircuit(c2).elements.map((e) => e.col)).toEqual([0, 1]);
  });

  it("starts every step slice at a fresh column and labels it with the step and token", () => {
    const c = circuit({ ops: [gate("h", [0]), mark("step 0: Edge(0, 1, 2)"), gate("x", [1]), mark("step 1: ReadZ(0)"), gate("x", [2]), mark("final"), gate("z", [3])] });
    const l = layoutCircuit(c);
    expect(l.slices.map((s) => [s.title, s.detail, s.start, s.end])).toEqual([
      ["init", "", 0, 1], ["step 0", "Edge(0,1,2)", 1, 2], ["step 1", "ReadZ(0)", 2, 3], ["final", "", 3, 4],
    ]);
    expect(l.elements.map((e) => e.col)).toEqual([0, 1, 2, 3]);
    // the header fits: the slice's column is widened to the token's width
    expect(l.columns[1]!.width).toBeGreaterThanOrEqual("Edge(0,1,2)".length);
  });

  it("gives an empty step one column", () => {
    const l = layoutCircuit(circuit({ ops: [mark("step 0: A"), gate("h", [0]), mark("step 1: B"), mark("step 2: C"), gate("h", [0])] }));
    expect(l.slices.map((s) => s.end - s.start)).toEqual([1, 1, 1]);
  });
});

describe("layout: shapes", () => {
  it("draws controls as dots: cx → ⊕, cz → dots, ctrl @ p → dots and a box, negative controls open", () => {
    const c = circuit({
      ops: [mark("step 0: T"), gate("cx", [0, 1]), gate("ccz", [0, 1, 2]), gate("p", [0, 1, 3], [param(0)], [{ k: "ctrl", n: 2, negative: false }]),
        gate("x", [2, 3], [], [{ k: "ctrl", n: 1, negative: true }]), gate("cswap", [0, 1, 2])],
      params: [scalar("theta")],
    });
    const l = layoutCircuit(c);
    expect(l.elements.map((e) => [e.shape, e.label, e.rows, e.controls])).toEqual([
      ["oplus", "", [1], [{ row: 0, negative: false }]],
      ["dot", "", [2], [{ row: 0, negative: false }, { row: 1, negative: false }]],
      ["box", "p(theta)", [3], [{ row: 0, negative: false }, { row: 1, negative: false }]],
      ["oplus", "", [3], [{ row: 2, negative: true }]],
      ["swap", "", [1, 2], [{ row: 0, negative: false }]],
    ]);
  });

  it("draws a call as one box named by its cell, with modifiers shown", () => {
    const c = circuit({
      ops: [mark("step 0: T"), { kind: "call", def: 0, args: [param(0)], qubits: [0, 2], mods: [] },
        { kind: "call", def: 0, args: [num(Math.PI / 2)], qubits: [3, 0, 1], mods: [{ k: "ctrl", n: 1, negative: false }, { k: "inv" }] },
        gate("x", [1], [], [{ k: "pow", exponent: num(2) }])],
      params: [scalar("theta")],
      defs: [{ name: "blk_2", cell: "blk", argNames: ["t"], qubitNames: ["a", "b"], body: [] }],
    });
    const l = layoutCircuit(c);
    expect(l.elements.map((e) => [e.shape, e.label, e.rows, e.controls.map((x) => x.row)])).toEqual([
      ["call", "blk(theta)", [0, 2], []],
      ["call", "inv @ blk(π/2)", [0, 1], [3]],
      ["box", "pow(2) @ x", [1], []],
    ]);
  });

  it("draws resets, expectations (⟨Z⟩ markers) and conditionals with their bits", () => {
    const c = circuit({
      ops: [mark("step 0: T"), { kind: "reset", qubit: 0 }, { kind: "expect", output: 0 }, { kind: "measure", qubit: 1, bit: 0 },
        { kind: "if", when: [{ bit: 0, value: true }], then: [gate("x", [2])], else: [gate("z", [2])] }],
      numBits: 1,
      outputs: [{ kind: "expect", step: 0, factors: [{ pauli: "Z", qubit: 0 }, { pauli: "X", qubit: 1 }] }, { kind: "bits", step: 0, bits: [0], array: true }],
    });
    const l = layoutCircuit(c);
    expect(l.elements.map((e) => [e.shape, e.label, e.rows, e.bits])).toEqual([
      ["reset", "|0⟩", [0], []],
      ["expect", "⟨Z·X⟩", [0, 1], []],
      ["measure", "M", [1], ["y1[0]"]],
      ["if", "if y1[0]=1: x else z", [2], ["y1[0]=1"]],
    ]);
  });
});

describe("layout: angles and shared params", () => {
  it("prints angles readably", () => {
    expect(printExpr(mul(param(0), { k: "input", id: 0 }), names)).toBe("w·x[0]");
    expect(printExpr({ k: "neg", a: param(1) }, names)).toBe("-phi[2]");
    expect(printExpr({ k: "div", a: param(0), b: num(2) }, names)).toBe("w/2");
    expect(printExpr({ k: "sub", a: param(0), b: { k: "add", a: param(1), b: num(1) } }, names)).toBe("w-(phi[2]+1)");
    expect(formatNumber(Math.PI)).toBe("π");
    expect(formatNumber(-3 * Math.PI / 4)).toBe("-3π/4");
    expect(formatNumber(0.123456)).toBe("0.1235");
    expect(formatNumber(2)).toBe("2");
  });

  it("colours gates by their first param and counts each param's occurrences", () => {
    const c = circuit({
      ops: [mark("step 0: T"), gate("rx", [0], [param(0)]), gate("ry", [1], [param(1)]), mark("step 1: T"), gate("rx", [0], [param(0)]), gate("rz", [2], [mul(param(0), param(1))]), gate("h", [3])],
      params: [scalar("theta"), { name: "phi", index: [2], type: "angle", init: 0 }],
    });
    const l = layoutCircuit(c);
    expect(l.params).toEqual([{ id: 0, label: "theta", count: 3, color: 0 }, { id: 1, label: "phi[2]", count: 2, color: 1 }]);
    expect(l.elements.map((e) => e.color)).toEqual([0, 1, 0, 0, null]);
    expect(l.elements[3]!.label).toBe("rz(theta·phi[2])");
  });

  it("prints bound values instead of names with --bind", () => {
    const c = circuit({ ops: [mark("step 0: T"), gate("rx", [0], [param(0)])], params: [scalar("theta")] });
    expect(layoutCircuit(c, { params: [Math.PI / 2] }).elements[0]!.label).toBe("rx(π/2)");
  });
});

describe("layout: long sequences", () => {
  const long = (steps: number) => circuit({ ops: Array.from({ length: steps }, (_, t) => [mark(`step ${t}: T`), gate("h", [t % 4])]).flat() });

  it("draws only the first K steps and says so in the caption", () => {
    const l = layoutCircuit(long(100), { maxSteps: 10 });
    expect(l.slices).toHaveLength(10);
    expect(l.drawnSteps).toBe(10);
    expect(l.caption).toBe("test: first 10 of 100 steps (--max-steps 10)");
    expect(layoutCircuit(long(100)).slices).toHaveLength(64);
    expect(layoutCircuit(long(5)).caption).toBe("test: 5 steps");
  });

  it("refuses a drawing over the size limit before placing anything", () => {
    expect(() => layoutCircuit(long(1000), { maxSteps: 1000, maxCells: 1000 })).toThrow(DrawSizeError);
    expect(() => layoutCircuit(long(1000), { maxSteps: 1000, maxCells: 1000 })).toThrow(/--max-steps/);
  });

  it("folds every N columns or at a width", () => {
    const l = layoutCircuit(long(10));
    expect(foldColumns(l, { maxColumns: 4 })).toEqual([[0, 4], [4, 8], [8, 10]]);
    const w = l.columns[0]!.width + 2;
    expect(foldColumns(l, { maxWidth: 3 * w })).toEqual([[0, 3], [3, 6], [6, 9], [9, 10]]);
    expect(foldColumns(l, { maxWidth: 1 })).toHaveLength(10);
  });
});

describe("layout: folding at step boundaries", () => {
  it("breaks a row at the last slice start inside it, and splits a step only when it is wider than a row", () => {
    const c = circuit({ ops: [mark("step 0: A"), gate("h", [0]), gate("h", [0]), mark("step 1: B"), gate("h", [0]), gate("h", [0]), gate("h", [0]), mark("step 2: C"), gate("h", [0])] });
    const l = layoutCircuit(c);
    expect(l.slices.map((s) => [s.start, s.end])).toEqual([[0, 2], [2, 5], [5, 6]]);
    expect(foldColumns(l, { maxColumns: 4 })).toEqual([[0, 2], [2, 6]]);
    expect(foldColumns(l, { maxColumns: 2 })).toEqual([[0, 2], [2, 4], [4, 6]]);
  });
});
