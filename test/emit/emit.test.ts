import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Circuit, GateOp, Op } from "../../src/ir/circuit.js";
import { add, mul, num } from "../../src/ir/expr.js";
import { cexpi, cmControlled, cmIdentity, cmMaxAbsDiff, cmMul, cmScale, type CMatrix } from "../../src/ir/cmatrix.js";
import { embed, EXTRA_DEFINITIONS, fullGateMatrix, STDGATE_OUTPUT } from "../../src/ir/gates.js";
import { emitQasm3, emitQasm3Program } from "../../src/emit/qasm3/emit.js";
import { expandHalfAngle, expandZyz, SIGN_PERIODIC, TWO_PI, wrapAngle } from "../../src/emit/qasm3/gateforms.js";
import {
  arg, bitsOut, call, circuit, ctrl, def, g, ifOp, inv, measure, negctrl, opsUnitary, param, pow, reset,
} from "./helpers.js";

const full = (c: Circuit, params?: number[]) => emitQasm3(c, { profile: "full", ...(params ? { bind: { params } } : {}) });
const portable = (c: Circuit, params?: number[]) => emitQasm3(c, { profile: "portable", ...(params ? { bind: { params } } : {}) });
/** The program body: the lines after the last declaration. */
const bodyOf = (text: string) => text.slice(text.lastIndexOf("\n\n") + 2).trimEnd().split("\n");

describe("program structure", () => {
  it("starts with the version and the include, then header comments", () => {
    const text = emitQasm3(circuit({ qubits: 1, ops: [g("h", [0])] }), { profile: "full", header: "made by a test\n\nline 3" });
    expect(text.startsWith('OPENQASM 3.0;\ninclude "stdgates.inc";\n// made by a test\n//\n// line 3\n')).toBe(true);
    expect(text).toContain("// qseq circuit 'test' (1 step), profile full");
    expect(text.endsWith("\nh q[0];\n")).toBe(true);
  });

  it("declares one qubit register per circuit register", () => {
    const c: Circuit = {
      ...circuit({ qubits: 5, ops: [g("cx", [1, 4])] }),
      registers: [
        { name: "hid", role: "hidden", offset: 0, size: 2 },
        { name: "a", role: "fresh", offset: 2, size: 3 },
      ],
    };
    const text = full(c);
    expect(text).toContain("qubit[2] hid;\nqubit[3] a;");
    expect(bodyOf(text)).toEqual(["cx hid[1], a[2];"]);
    expect(() => full({ ...c, registers: [{ name: "hid", role: "hidden", offset: 0, size: 2 }] })).toThrow(/belongs to no register/);
  });

  it("declares unbound params as float inputs and substitutes bound values and inputs", () => {
    const c: Circuit = {
      ...circuit({ qubits: 1, ops: [g("rx", [0], [add(mul(param(0), { k: "input", id: 0 }), param(1))])] }),
      params: [
        { name: "phi", index: [2], type: "angle", init: 0.5 },
        { name: "theta", index: [], type: "float", init: -1 },
      ],
      inputs: [{ name: "x", step: 0, index: [0], value: 0.25 }],
    };
    const unbound = full(c);
    expect(unbound).toContain("input float[64] phi_2; // param phi[2]: angle, init 0.5\ninput float[64] theta; // param theta: float, init -1");
    expect(bodyOf(unbound)).toEqual(["rx(phi_2 * 0.25 + theta) q[0];"]);
    const bound = full(c, [0.5, 1]);
    expect(bound).not.toContain("input");
    expect(bodyOf(bound)).toEqual(["rx(1.125) q[0];"]);
    expect(() => full(c, [1])).toThrow(/bind.params has 1 value/);
  });

  it("never prints an integer where an angle is expected", () => {
    const text = full(circuit({ qubits: 1, ops: [g("rx", [0], [1]), g("U", [0], [0, 2, -3]), g("gphase", [], [4])] }));
    expect(bodyOf(text)).toEqual(["rx(1.0) q[0];", "U(0.0, 2.0, -3.0) q[0];", "gphase(4.0);"]);
  });

  it("is deterministic", () => {
    const c = circuit({ qubits: 2, bits: 1, ops: [g("h", [0]), g("rzz", [0, 1], [0.3]), measure(0, 0)], outputs: [bitsOut([0])] });
    expect(full(c)).toBe(full(c));
    expect(portable(c)).toBe(portable(c));
  });
});

describe("operations", () => {
  it("gates with modifiers", () => {
    const text = full(circuit({
      qubits: 4,
      ops: [
        g("x", [0, 1, 2], [], [ctrl(2)]), g("rz", [0, 1], [0.5], [negctrl()]), g("s", [0], [], [inv]),
        g("t", [0], [], [inv, pow(2)]), g("h", [0, 1, 2], [], [negctrl(), ctrl()]), g("gphase", [0], [0.25], [ctrl()]),
        g("gphase", [], [0.5]), g("id", [3]), g("CX", [0, 1]), g("cu", [0, 1], [0.1, 0.2, 0.3, 0.4]),
      ],
    }));
    expect(bodyOf(text)).toEqual([
      "ctrl(2) @ x q[0], q[1], q[2];", "negctrl @ rz(0.5) q[0], q[1];", "inv @ s q[0];", "inv @ pow(2) @ t q[0];",
      "negctrl @ ctrl @ h q[0], q[1], q[2];", "ctrl @ gphase(0.25) q[0];", "gphase(0.5);", "id q[3];", "CX q[0], q[1];",
      "cu(0.1, 0.2, 0.3, 0.4) q[0], q[1];",
    ]);
  });

  it("folds powers qsharp-lang cannot run: non-integer, or under a control", () => {
    const text = full(circuit({
      qubits: 2,
      ops: [g("x", [0], [], [pow(0.5)]), g("rz", [0, 1], [0.5], [ctrl(), pow(3)]), g("p", [1], [0.5], [pow(-2)])],
    }));
    const lines = bodyOf(text);
    expect(lines.some((l) => l.includes("pow("))).toBe(true); // pow(-2) @ p: integer and uncontrolled, kept
    expect(lines).toContain("pow(-2) @ p(0.5) q[1];");
    expect(lines.filter((l) => l.includes("pow(")).length).toBe(1);
    expect(lines).toContain("ctrl @ rz(1.5) q[0], q[1];");
  });

  it("lowers variadic sugar to ctrl(m) @", () => {
    expect(bodyOf(full(circuit({ qubits: 3, ops: [g("mcx", [0, 1, 2]), g("mcp", [0, 1], [0.5])] })))).toEqual([
      "ctrl(2) @ x q[0], q[1], q[2];", "ctrl @ p(0.5) q[0], q[1];",
    ]);
  });

  it("measure, reset, barrier, mark", () => {
    const text = full(circuit({
      qubits: 3, bits: 2,
      ops: [
        { kind: "mark", label: "step 0: token Edge(e = [0, 1])\nsecond line" }, measure(1, 0), reset(2),
        { kind: "barrier", qubits: [0, 2] }, { kind: "barrier", qubits: [] }, measure(0, 1),
      ],
      outputs: [bitsOut([0])],
    }));
    expect(bodyOf(text)).toEqual([
      "// step 0: token Edge(e = [0, 1])", "// second line", "y0 = measure q[1];", "reset q[2];", "barrier q[0], q[2];",
      "barrier;", "m[0] = measure q[0];",
    ]);
    expect(text).toContain("output bit y0; // output 0 (step 0)\nbit[1] m;");
  });

  it("if / else on conjunctions of bit literals", () => {
    const text = full(circuit({
      qubits: 2, bits: 3,
      ops: [
        measure(0, 0), measure(1, 1),
        ifOp([[0, true]], [g("x", [1])]),
        ifOp([[0, false]], [g("x", [1])], [g("h", [1]), ifOp([[1, true]], [reset(0)])]),
        ifOp([[0, true], [1, false]], [g("x", [0])], [g("z", [0])]),
        ifOp([[0, true], [2, true]], [], [g("y", [0])]),
        ifOp([[1, true]], [], [g("y", [0])]),
        ifOp([], [g("s", [0])], [g("t", [0])]),
        ifOp([[0, true]], [], []),
      ],
      outputs: [bitsOut([0, 1])],
    }));
    expect(bodyOf(text)).toEqual([
      "y0[0] = measure q[0];", "y0[1] = measure q[1];",
      "if (y0[0] == 1) {", "  x q[1];", "}",
      "if (y0[0] == 0) {", "  x q[1];", "} else {", "  h q[1];", "  if (y0[1] == 1) {", "    reset q[0];", "  }", "}",
      "if (y0[0] == 1 && y0[1] == 0) {", "  x q[0];", "} else {", "  z q[0];", "}",
      "if (!(y0[0] == 1 && m[0] == 1)) {", "  y q[0];", "}",
      "if (y0[1] == 0) {", "  y q[0];", "}",
      "s q[0];",
    ]);
  });

  it("expect outputs: basis change, measurement into e<k>, basis change back", () => {
    const c = circuit({
      qubits: 3, bits: 1,
      ops: [measure(2, 0), { kind: "expect", output: 1 }],
      outputs: [bitsOut([0]), { kind: "expect", step: 1, factors: [{ pauli: "X", qubit: 0 }, { pauli: "Y", qubit: 1 }, { pauli: "Z", qubit: 2 }] }],
    });
    const prog = emitQasm3Program(c, { profile: "full" });
    expect(prog.outputNames).toEqual(["y0", "e1"]);
    expect(prog.text).toContain("output bit[3] e1; // output 1 (step 1): <X(q[0]) * Y(q[1]) * Z(q[2])> ~ mean over shots of (-1)^(e1[0] xor e1[1] xor e1[2])");
    expect(bodyOf(prog.text)).toEqual([
      "y0 = measure q[2];",
      "// expect <X(q[0]) * Y(q[1]) * Z(q[2])>: measure in its eigenbasis into e1, rotate back",
      "h q[0];", "sdg q[1];", "h q[1];",
      "e1[0] = measure q[0];", "e1[1] = measure q[1];", "e1[2] = measure q[2];",
      "h q[0];", "h q[1];", "s q[1];",
    ]);
    expect(() => full({ ...c, ops: [{ kind: "expect", output: 0 }] })).toThrow(/not an expect output/);
  });

  it("outputs: scalar and array bits, shared bits copied at the end, the rest in m", () => {
    const c = circuit({
      qubits: 2, bits: 4,
      ops: [measure(0, 0), measure(1, 1), measure(0, 2), measure(1, 3)],
      outputs: [bitsOut([1]), bitsOut([0, 1]), bitsOut([3], true), bitsOut([])],
    });
    const prog = emitQasm3Program(c, { profile: "full" });
    expect(prog.outputNames).toEqual(["y0", "y1", "y2", ""]);
    expect(prog.text).toContain("output bit y0; // output 0 (step 0)\noutput bit[2] y1; // output 1 (step 0)\n" +
      "output bit[1] y2; // output 2 (step 0)\n// output 3 (step 0) emits no bits\nbit[1] m;");
    expect(bodyOf(prog.text)).toEqual([
      "y1[0] = measure q[0];", "y0 = measure q[1];", "m[0] = measure q[0];", "y2[0] = measure q[1];", "y1[1] = y0;",
    ]);
  });
});

describe("gate definitions (full profile)", () => {
  it("emits each definition once, calls with modifiers, extras before use", () => {
    const c = circuit({
      qubits: 4, params: [0.5],
      defs: [
        def("pair", ["theta"], ["a", "b"], [g("rx", [0], [arg(0)]), g("rzz", [0, 1], [add(arg(0), num(1))])]),
        def("wrap", [], ["u", "v", "w"], [call(0, [0, 1], [0.25], [inv]), g("ccz", [0, 1, 2])]),
      ],
      ops: [
        call(0, [0, 1], [param(0)]), call(1, [3, 0, 1, 2], [], [negctrl()]), call(0, [2, 0, 1], [1.5], [ctrl(), pow(2)]),
        g("rzz", [1, 2], [0.3]),
      ],
    });
    const text = full(c);
    // `pair` runs under a control, so its rzz is expanded inline (2π-safe); the top-level rzz uses the extra
    expect(text).toContain("gate pair(theta, aux0, aux1) a, b {\n  h a;\n  gphase(aux0);\n  p(theta) a;\n  h a;\n  cx a, b;");
    const extra = text.indexOf("gate rzz(theta) a, b {");
    expect(extra).toBeGreaterThan(0);
    expect(text.indexOf("gate ccz a, b, c {")).toBeGreaterThan(0);
    expect(text.indexOf("gate pair(")).toBeGreaterThan(extra);
    expect(text.match(/^gate rzz/gm)!.length).toBe(1);
    expect(text).not.toContain("gate sxdg");
    expect(text).toContain("gate wrap u, v, w {\n");
    expect(bodyOf(text)[0]).toBe("pair(w0, -(w0 / 2.0), -((w0 + 1.0) / 2.0)) q[0], q[1];");
    expect(bodyOf(text)[1]).toBe("negctrl @ wrap q[3], q[0], q[1], q[2];");
    // pow(2) under ctrl: the call is repeated (qsharp-lang cannot control a powered operation)
    expect(bodyOf(text).slice(2)).toEqual([
      "ctrl @ pair(1.5, -0.75, -1.25) q[2], q[0], q[1];", "ctrl @ pair(1.5, -0.75, -1.25) q[2], q[0], q[1];", "rzz(0.3) q[1], q[2];",
    ]);
  });

  it("prints the extras exactly as EXTRA_DEFINITIONS (global phase included)", () => {
    for (const name of EXTRA_DEFINITIONS.keys()) {
      const d = EXTRA_DEFINITIONS.get(name)!;
      const n = d.qubitNames.length;
      const text = full(circuit({ qubits: n, ops: [g(name, [...Array(n).keys()], d.argNames.map(() => 0.5))] }));
      expect(text).toContain(`gate ${name}${d.argNames.length ? `(${d.argNames.join(", ")})` : ""} ${d.qubitNames.join(", ")} {`);
    }
  });

  it("passes expressions qsharp-lang cannot compute on angles in as extra parameters", () => {
    const c = circuit({
      qubits: 2, params: [0.3, 0.7],
      defs: [def("d", ["a", "b"], ["x", "y"], [
        g("p", [0], [add(mul(num(2), arg(0)), num(0.5))]), g("p", [1], [mul(arg(0), arg(1))]), g("rx", [1], [mul(arg(1), num(0.5))]),
      ])],
      ops: [call(0, [0, 1], [param(0), param(1)])],
    });
    const text = full(c);
    expect(text).toContain("// aux0 = a * b (passed in by callers)\n// aux1 = b * 0.5 (passed in by callers)\ngate d(a, b, aux0, aux1) x_, y_ {");
    expect(text).toContain("  p(2 * a + 0.5) x_;\n  p(aux0) y_;\n  rx(aux1) y_;\n}");
    expect(bodyOf(text)).toEqual(["d(w0, w1, w0 * w1, w1 * 0.5) q[0], q[1];"]);
    expect(bodyOf(full(c, [0.3, 0.7]))).toEqual([`d(0.3, 0.7, ${0.3 * 0.7}, 0.35) q[0], q[1];`]);
  });

  it("makes half-angle rotations of arguments 2π-safe only inside controlled definitions", () => {
    const d = def("d", ["a"], ["x"], [g("rz", [0], [arg(0)])]);
    const plain = full(circuit({ qubits: 2, defs: [d], ops: [call(0, [0], [-1])] }));
    expect(plain).toContain("gate d(a) x_ {\n  rz(a) x_;\n}");
    const controlled = full(circuit({ qubits: 2, defs: [d], ops: [call(0, [0, 1], [-1], [ctrl()])] }));
    expect(controlled).toContain("// aux0 = -(a / 2.0) (passed in by callers)\ngate d(a, aux0) x_ {\n  gphase(aux0);\n  p(a) x_;\n}");
    expect(bodyOf(controlled)).toEqual(["ctrl @ d(-1.0, 0.5) q[0], q[1];"]);
  });

  it("keeps a non-integer power of a definition as pow(t) @ (no exact plain-gate form)", () => {
    const c = circuit({ qubits: 1, defs: [def("d", [], ["x"], [g("h", [0])])], ops: [call(0, [0], [], [pow(0.5)])] });
    expect(bodyOf(full(c))).toEqual(["pow(0.5) @ d q[0];"]);
  });

  it("calls a helper subroutine for abs() of unbound params, and folds it once bound", () => {
    const c = circuit({ qubits: 1, params: [-0.5], ops: [g("rx", [0], [{ k: "fn", fn: "abs", a: param(0) }])] });
    const text = full(c);
    expect(text).toContain("def qseq_abs(float[64] x) -> float[64] {\n  if (x < 0.0) {\n    return -x;\n  }\n  return x;\n}");
    expect(bodyOf(text)).toEqual(["rx(qseq_abs(w0)) q[0];"]);
    const bound = full(c, [-0.5]);
    expect(bound).not.toContain("qseq_abs");
    expect(bodyOf(bound)).toEqual(["rx(0.5) q[0];"]);
  });

  it("rejects malformed definitions and calls", () => {
    expect(() => full(circuit({ qubits: 1, defs: [def("d", [], [], [])], ops: [] }))).toThrow(/has no qubits/);
    expect(() => full(circuit({ qubits: 2, defs: [def("d", ["a"], ["x"], [])], ops: [call(0, [0], [])] }))).toThrow(/takes 1 argument/);
    expect(() => full(circuit({ qubits: 2, defs: [def("d", [], ["x"], [])], ops: [call(0, [0, 1], [])] }))).toThrow(/qubit operand/);
    expect(() => full(circuit({ qubits: 2, ops: [call(0, [0], [])] }))).toThrow(/undefined gate definition/);
    expect(() => full(circuit({ qubits: 2, ops: [g("nope", [0])] }))).toThrow(/unknown gate 'nope'/);
    expect(() => full(circuit({ qubits: 2, ops: [g("cx", [0])] }))).toThrow(/qubit operand/);
    expect(() => full(circuit({ qubits: 2, ops: [g("rx", [0])] }))).toThrow(/takes 1 argument/);
  });
});

describe("portable profile", () => {
  it("prints only modifier-free stdgates.inc gates, no definitions, no global phase", () => {
    const c = circuit({
      qubits: 3, bits: 2, params: [0.4],
      defs: [def("d", ["a"], ["x", "y"], [g("rxx", [0, 1], [arg(0)]), g("gphase", [], [arg(0)])])],
      ops: [
        g("gphase", [], [0.3]), call(0, [0, 1, 2], [param(0)], [ctrl()]), g("ccz", [0, 1, 2]), g("sxdg", [0], [], [inv]),
        g("U", [1], [0.1, 0.2, 0.3]), measure(0, 0), ifOp([[0, true]], [g("x", [1], [], [pow(0.5)])]), measure(1, 1),
      ],
      outputs: [bitsOut([0, 1])],
    });
    const text = portable(c, [0.4]);
    expect(text).not.toMatch(/^\s*gate /m);
    expect(text).not.toContain("@");
    expect(text).not.toContain("gphase");
    for (const line of text.split("\n")) {
      const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)[ (]/.exec(line);
      if (!m || ["OPENQASM", "include", "qubit", "output", "bit", "if", "reset", "measure", "barrier", "input"].includes(m[1]!)) continue;
      if (/^\s*[A-Za-z_][A-Za-z0-9_]*(\[\d+\])? = measure/.test(line)) continue;
      expect(STDGATE_OUTPUT.has(m[1]!), line).toBe(true);
    }
  });

  it("compensates the sign of controlled half-angle rotations outside [0, 2π)", () => {
    expect(bodyOf(portable(circuit({ qubits: 2, ops: [g("crx", [0, 1], [-1]), g("crz", [1, 0], [9.0])] })))).toEqual([
      `crx(${-1 + TWO_PI}) q[0], q[1];`, "p(pi) q[0];", `crz(${9 - TWO_PI}) q[1], q[0];`, "p(pi) q[1];",
    ]);
  });
});

describe("gate forms kept exact under mod-2π angles (gateforms.ts)", () => {
  const angle = fc.double({ min: -60, max: 60, noNaN: true });
  const close = (a: CMatrix, b: CMatrix) => cmMaxAbsDiff(a, b) < 1e-9;

  /** A gate's matrix as qsharp-lang computes it: every argument reduced into [0, 2π); U times e^{iθ/2}. */
  const qsharpMatrix = (op: GateOp): CMatrix => {
    const red = op.args.map((e) => wrapAngle((e as { v: number }).v).value);
    const core0 = fullGateMatrix(op.name, red);
    const core = op.name === "U" ? cmScale(core0, cexpi(red[0]! / 2)) : core0;
    const controls = op.mods.flatMap((m) => (m.k === "ctrl" ? Array<boolean>(m.n).fill(m.negative) : []));
    return controls.length > 0 ? cmControlled(core, controls) : core;
  };
  const qsharpUnitary = (ops: readonly GateOp[], n: number): CMatrix => {
    let acc = cmIdentity(1 << n);
    for (const op of ops) {
      const m = qsharpMatrix(op);
      acc = cmMul(op.qubits.length > 0 ? embed(m, op.qubits, n) : cmScale(cmIdentity(1 << n), [m.re[0]!, m.im[0]!]), acc);
    }
    return acc;
  };
  /** Expands like the emitter does for symbolic angles inside controlled definitions, down to 2π-periodic pieces. */
  const fullyExpand = (op: GateOp): GateOp[] => {
    const nctrl = op.mods.reduce((k, m) => k + (m.k === "ctrl" ? m.n : 0), 0);
    const base = op.qubits.slice(nctrl);
    const pieces = SIGN_PERIODIC.has(op.name) ? expandHalfAngle(op.name, op.args, base)
      : ["U", "u2", "u3"].includes(op.name) ? expandZyz(op.name, op.args, base[0]!) : undefined;
    if (!pieces) return [op];
    return pieces.flatMap((p) => fullyExpand({ ...p, qubits: [...op.qubits.slice(0, nctrl), ...p.qubits], mods: [...op.mods, ...p.mods] }));
  };

  it("wrapAngle gives θ = value + 2π·turns with value in [0, 2π)", () => {
    fc.assert(fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), (t) => {
      const { value, turns } = wrapAngle(t);
      expect(value >= 0 && value < TWO_PI).toBe(true);
      expect(Math.abs(value + turns * TWO_PI - t)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(t)));
    }), { numRuns: 2000, seed: 3 });
    expect(wrapAngle(-1e-300)).toEqual({ value: 0, turns: 0 });
    expect(wrapAngle(-0)).toEqual({ value: 0, turns: 0 });
    expect(wrapAngle(-1)).toEqual({ value: TWO_PI - 1, turns: -1 });
  });

  it("reduced angle plus compensation = the original gate", () => {
    fc.assert(fc.property(angle, fc.constantFrom(...SIGN_PERIODIC.keys()), (t, name) => {
      const args = [t, 0.3, -0.2, 0.7].slice(0, name === "cu" ? 4 : 1);
      const { value, turns } = wrapAngle(t);
      const want = fullGateMatrix(name, args);
      const reduced = fullGateMatrix(name, [value, ...args.slice(1)]);
      let got = reduced;
      if (turns % 2 !== 0) {
        got = SIGN_PERIODIC.get(name) === "global"
          ? cmScale(reduced, [-1, 0])
          : cmMul(opsUnitary([g("p", [0], [Math.PI])], 2), reduced); // p(π) on the control
      }
      expect(close(got, want)).toBe(true);
    }), { numRuns: 400, seed: 5 });
  });

  it("half-angle expansions equal the gate, also with every piece's argument reduced mod 2π", () => {
    fc.assert(fc.property(angle, fc.constantFrom("rx", "ry", "rz", "rxx", "ryy", "rzz", "crx", "cry", "crz", "cu"), (t, name) => {
      const args = [t, 1.1, -2.3, 0.4].slice(0, name === "cu" ? 4 : 1);
      const nq = ["rx", "ry", "rz"].includes(name) ? 1 : 2;
      const qs = [...Array(nq).keys()];
      const want = fullGateMatrix(name, args);
      expect(close(opsUnitary(expandHalfAngle(name, args.map(num), qs), nq), want)).toBe(true);
      const pieces = fullyExpand(g(name, qs, args));
      expect(pieces.every((p) => !SIGN_PERIODIC.has(p.name) && p.name !== "U")).toBe(true);
      expect(close(qsharpUnitary(pieces, nq), want)).toBe(true);
      // ... and under a further control
      const cpieces = fullyExpand(g(name, [0, ...qs.map((q) => q + 1)], args, [ctrl()]));
      expect(close(qsharpUnitary(cpieces, nq + 1), fullGateMatrix(name, args, [ctrl()]))).toBe(true);
    }), { numRuns: 300, seed: 11 });
  });

  it("U / u2 / u3 as rz·ry·rz·gphase pieces (exact, and 2π-safe once expanded)", () => {
    fc.assert(fc.property(angle, angle, angle, fc.constantFrom("U", "u2", "u3"), (a, b, c, name) => {
      const args = name === "u2" ? [a, b] : [a, b, c];
      const want = fullGateMatrix(name, args);
      expect(close(opsUnitary(expandZyz(name, args.map(num), 0), 1), want)).toBe(true);
      expect(close(qsharpUnitary(fullyExpand(g(name, [0], args)), 1), want)).toBe(true);
    }), { numRuns: 300, seed: 13 });
  });
});

describe("large programs", () => {
  // Speed is measured by bench/compile (against qsharp-lang), not asserted here: machines are noisy.
  it("emits 3·10^5 gates, symbolic and bound, without exhausting the call stack", () => {
    const ops: Op[] = [];
    const n = 10;
    for (let i = 0; ops.length < 300_000; i++) {
      ops.push(g("rx", [i % n], [mul(param(i % 4), num(0.5 + i))]));
      ops.push(g("cx", [i % n, (i + 1) % n]));
      ops.push(g("rz", [(i + 3) % n, i % n], [add(param((i + 1) % 4), num(0.1))], [ctrl()]));
      ops.push(g("h", [(i + 5) % n]));
    }
    const c = circuit({ qubits: n, ops, params: [0.1, 0.2, 0.3, 0.4] });
    expect(full(c).split("\n").length).toBeGreaterThan(300_000);
    expect(full(c, [0.1, 0.2, 0.3, 0.4]).split("\n").length).toBeGreaterThan(300_000);
    expect(portable(c, [0.1, 0.2, 0.3, 0.4]).split("\n").length).toBeGreaterThan(300_000);
  });
});
