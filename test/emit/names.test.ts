import { describe, expect, it } from "vitest";
import { isSafeIdentifier, Namer, RESERVED, sanitizeIdentifier } from "../../src/emit/qasm3/names.js";
import { emitQasm3 } from "../../src/emit/qasm3/emit.js";
import { GATE_SIGNATURES } from "../../src/ir/gate-signatures.js";
import type { Circuit } from "../../src/ir/circuit.js";
import { arg, bitsOut, call, def, g, measure, param } from "./helpers.js";

describe("reserved names", () => {
  it("cover keywords, types, built-ins, constants, functions, stdgates and qsharp-lang quirks", () => {
    for (const w of [
      "OPENQASM", "include", "def", "gate", "if", "else", "for", "while", "in", "return", "let", "box", "end", "switch",
      "case", "default", "input", "output", "const", "qubit", "qreg", "creg", "bit", "bool", "int", "uint", "float",
      "angle", "complex", "array", "void", "duration", "stretch", "measure", "reset", "barrier", "delay", "gphase",
      "inv", "pow", "ctrl", "negctrl", "true", "false", "pi", "π", "tau", "τ", "euler", "ℇ", "sin", "arccos",
      "ceiling", "sqrt", "U", "CX", "dim", "im", "rxx", "ccz", "cu1",
    ]) {
      expect(RESERVED.has(w), w).toBe(true);
    }
    for (const s of GATE_SIGNATURES.keys()) expect(RESERVED.has(s), s).toBe(true);
    expect(RESERVED.has("theta")).toBe(false);
  });
});

describe("sanitizeIdentifier / Namer", () => {
  it("makes valid identifiers", () => {
    expect(sanitizeIdentifier("phi")).toBe("phi");
    expect(sanitizeIdentifier("phi[2]")).toBe("phi_2_");
    expect(sanitizeIdentifier("3x")).toBe("_3x");
    expect(sanitizeIdentifier("a-b c")).toBe("a_b_c");
    expect(sanitizeIdentifier("ünï")).toBe("_n_");
    expect(sanitizeIdentifier("")).toBe("_");
  });

  it("renames clashes deterministically: n, n_, n_2, n_3", () => {
    const n = new Namer();
    expect(n.claim("h")).toBe("h_"); // a stdgates name
    expect(n.claim("h")).toBe("h_2");
    expect(n.claim("q")).toBe("q");
    expect(n.claim("q")).toBe("q_");
    expect(n.claim("q")).toBe("q_2");
    expect(n.claim("q_")).toBe("q__");
    const child = n.child();
    expect(child.claim("q")).toBe("q_3");
    expect(n.claim("q")).toBe("q_3"); // scopes are independent siblings: the parent does not see the child
  });
});

/** Every identifier declared by a program (registers, outputs, inputs, gates, gate params and qubits). */
function declaredNames(text: string): { global: string[]; perGate: string[][] } {
  const global: string[] = [];
  const perGate: string[][] = [];
  for (const line of text.split("\n")) {
    let m = /^(?:qubit|output bit|bit|input float)(?:\[\d+\])?(?:\[64\])? ([^;\s]+);/.exec(line);
    if (m) global.push(m[1]!);
    m = /^gate (\S+?)(?:\(([^)]*)\))? ([^{]+) \{/.exec(line);
    if (m) {
      global.push(m[1]!);
      perGate.push([...(m[2] ? m[2].split(", ") : []), ...m[3]!.split(", ")]);
    }
  }
  return { global, perGate };
}

describe("identifiers in emitted programs", () => {
  it("never collide with keywords, built-ins, stdgates or each other", () => {
    const regs = ["h", "pi", "measure", "U", "y0", "m", "dim", "3x", "q-1", "m"];
    const c: Circuit = {
      name: "names", numQubits: regs.length, numBits: 3, steps: 1,
      registers: regs.map((name, i) => ({ name, role: "hidden" as const, offset: i, size: 1 })),
      params: [
        { name: "w", index: [1, 2], type: "angle", init: 0.1 },
        { name: "x", index: [], type: "float", init: 0.2 },
        { name: "m", index: [], type: "angle", init: 0.3 },
      ],
      inputs: [],
      defs: [
        def("x", ["gate", "pi"], ["output", "q"], [g("rx", [0], [arg(0)]), g("cx", [0, 1])]),
        def("rzz", ["theta"], ["a"], [g("ry", [0], [arg(0)])]),
        def("x", [], ["a"], []),
      ],
      ops: [
        call(0, [0, 1], [param(0), param(1)]), call(1, [2], [param(2)]), g("rzz", [3, 4], [0.5]),
        measure(0, 0), measure(1, 1), measure(2, 2),
      ],
      outputs: [bitsOut([0]), bitsOut([1, 2])],
    };
    const text = emitQasm3(c, { profile: "full" });
    const { global, perGate } = declaredNames(text);
    expect(new Set(global).size).toBe(global.length);
    for (const n of global) {
      if (n === "rzz") continue; // the extra gate the emitter defines itself
      expect(isSafeIdentifier(n), `${n} in\n${text}`).toBe(true);
    }
    for (const names of perGate) {
      expect(new Set(names).size).toBe(names.length);
      for (const n of names) {
        expect(isSafeIdentifier(n), `${n} in\n${text}`).toBe(true);
        expect(global.includes(n), `${n} shadows a global`).toBe(false);
      }
    }
    expect(text).toContain("input float[64] w_1_2;");
    expect(text).toContain("qubit[1] h_;");
    expect(text).toContain("qubit[1] pi_;");
    expect(text).toContain("qubit[1] _3x;");
    expect(text).toContain("qubit[1] q_1;");
    expect(text).toContain("output bit y0_;"); // a register already took y0
    expect(text).toMatch(/^gate rzz_\(theta\) a \{$/m); // the user's `rzz` yields to the extra gate
    expect(text).toMatch(/^gate rzz\(theta\) a, b \{$/m);
    expect(text).toContain("qubit[1] y0;");
    // deterministic
    expect(emitQasm3(c, { profile: "full" })).toBe(text);
  });
});
