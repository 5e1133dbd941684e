// The importer never throws: arbitrary text, token soup, mutated emitted programs and pathological
// input all come back as coded diagnostics with spans (fast-check, fixed seeds).

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { importQasm, type ImportQasmOptions } from "../../src/qasm/index.js";
import { parseQasm, splitTopLevel } from "../../src/qasm/parse.js";
import { sortDiagnostics } from "../../src/diagnostics/diagnostic.js";
import { emitPrograms, richCircuitArb } from "./support.js";

function checkWellFormed(text: string, opts: ImportQasmOptions = {}): ReturnType<typeof importQasm> {
  let r: ReturnType<typeof importQasm> | undefined;
  expect(() => { r = importQasm(text, "fuzz.qasm", opts); }).not.toThrow();
  for (const d of r!.diagnostics) {
    expect(d.code, d.message).toMatch(/^E100[1-6]$/);
    expect(d.span, `${d.code} ${d.message}`).toBeDefined();
    expect(d.span!.file).toBe("fuzz.qasm");
    expect(d.span!.start).toBeGreaterThanOrEqual(0);
    expect(d.span!.end).toBeGreaterThanOrEqual(d.span!.start);
    expect(d.span!.start).toBeLessThanOrEqual(text.length + 1);
    expect(d.span!.line).toBeGreaterThanOrEqual(1);
    expect(d.message, `${d.code} ${d.message}\n--- text ---\n${text}`).not.toMatch(/internal error/);
  }
  expect(r!.circuit === undefined).toBe(r!.diagnostics.some((d) => d.severity === "error"));
  return r!;
}

const FRAGMENTS = [
  "OPENQASM 3.0;", "OPENQASM", "include \"stdgates.inc\";", "include", "\"", "qubit[2] q;", "qubit", "qreg q[3];", "creg c[3];",
  "bit[2] c;", "bit", "int", "float[64]", "angle", "const", "input", "output", "gate", "g(a) x, y", "{", "}", "(", ")", "[", "]",
  ";", ",", ":", "=", "==", "!=", "&&", "||", "!", "~", "+", "-", "*", "/", "%", "**", "<<", "@", "->", "++", "h", "x", "cx", "rx",
  "U", "gphase", "ctrl", "negctrl", "inv", "pow", "ctrl(2) @", "measure", "reset", "barrier", "if", "else", "for", "in", "while",
  "def", "let", "q", "c", "q[0]", "q[0:1]", "c[1]", "q[{0,1}]", "$0", "0", "1", "2.5", "1e9", "0x1F", "99999999999999999999",
  "pi", "π", "tau", "sin(", "true", "false", "\"0101\"", "100ns", "2im", "// c\n", "/*", "*/", "#pragma x\n", "@ann\n", "\n", " ",
  "end;", "box", "delay[10ns]", "duration", "complex[float]", "array[int, 2]", "break;", "return", "\u0000", "λ", "𝜃",
  // OpenQASM 2, timing, control flow, subroutines
  "OPENQASM 2.0;", "include \"qelib1.inc\";", "u3(1,2,3)", "cu1(0.5)", "^", "opaque", "stretch", "1dt", "box[5ns]", "nop",
  "durationof(", "while", "while (true)", "switch (1) {", "case 1", "default", "continue;", "def f(qubit a, int k) -> int",
  "f(q[0], 2);", "return 1;", "$3",
];

describe("robustness", () => {
  it("arbitrary text: diagnostics with spans, never an exception", () => {
    fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: "grapheme", maxLength: 100 })), (text) => {
      checkWellFormed(text);
    }), { numRuns: 500, seed: 20260301 });
  });

  it("token soup", () => {
    const soup = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 80 }).map((xs) => xs.join(" "));
    fc.assert(fc.property(soup, (text) => { checkWellFormed(text); }), { numRuns: 800, seed: 7 });
  });

  it("mutated emitted programs (both profiles)", () => {
    const programs = fc.sample(richCircuitArb(3, { maxCtrl: 2, fractionalPow: true }, 6), { numRuns: 20, seed: 99 })
      .flatMap(({ c, params }) => [...emitPrograms(c, { profile: "full", bind: { params } }), ...emitPrograms(c, { profile: "portable" })]);
    const mutated = fc.tuple(fc.constantFrom(...programs), fc.nat(), fc.nat({ max: 30 }), fc.constantFrom(...FRAGMENTS, ""))
      .map(([src, at, len, ins]) => { const i = at % (src.length + 1); return src.slice(0, i) + ins + src.slice(i + len); });
    const lineSwap = fc.tuple(fc.constantFrom(...programs), fc.nat(), fc.nat()).map(([src, a, b]) => {
      const lines = src.split("\n");
      const i = a % lines.length, j = b % lines.length;
      [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      return lines.join("\n");
    });
    fc.assert(fc.property(fc.oneof(mutated, lineSwap), fc.boolean(), (text, asParams) => {
      checkWellFormed(text, asParams ? { inputsAsParams: true } : { bind: new Map([["w0", 0.5], ["w1", -1]]) });
    }), { numRuns: 600, seed: 42 });
    // the unmutated programs import cleanly (params as inputs: bound late)
    for (const p of programs) expect(checkWellFormed(p, { inputsAsParams: true }).diagnostics).toEqual([]);
  });

  it("pathological input: deep nesting, long chains, huge sizes", () => {
    const H = 'OPENQASM 3.0;\ninclude "stdgates.inc";\nqubit q;\nbit c;\n';
    const cases: [string, string][] = [
      [`${H}rx(${"(".repeat(100_000)}1${")".repeat(100_000)}) q;`, "nested more than"],
      [`${H}rx(${"-".repeat(50_000)}1) q;`, ""],
      [`${H}rx(${Array(50_000).fill("1").join(" + ")}) q;`, "nested more than"],
      [`${H}rx(2 ${"** 2 ".repeat(20_000)}) q;`, ""],
      [`${H}c = measure q;\n${"if (c) ".repeat(20_000)}x q;`, ""],
      [`${H}c = measure q;\nif (c) x q;${" else if (c) x q;".repeat(20_000)}`, ""],
      [`${H}${"{ ".repeat(300)}x q;${" }".repeat(300)}`, "nested more than"],
      [`${H}for int i in [0:1000000000] { for int j in [0:1000000000] { x q; } }`, "exceeds the unroll limit"],
      [`${H}qubit[1000000000000] big;`, "more than the limit"],
      [`${H}bit[1000000000] big;`, "too large"],
      [`${H}ctrl(1000000) @ x q, q;`, "more controls"],
      [`${H}qubit[2] r;\nx r[99999999999999999999];`, "too large"],
      [`${H}rx(1e400) q;`, "out of range"],
      [`${H}rx(1/0.0) q;`, "evaluates to Infinity"],
    ];
    for (const [text, message] of cases) {
      const r = checkWellFormed(text);
      expect(r.circuit, text.slice(0, 80)).toBeUndefined();
      if (message) expect(r.diagnostics.map((d) => d.message).join("\n"), text.slice(0, 80)).toContain(message);
    }
  });

  it("a loop budget: limits.maxOps bounds the unrolled program", () => {
    const text = 'OPENQASM 3.0;\ninclude "stdgates.inc";\nqubit q;\nfor int i in [1:100] { for int j in [1:100] { x q; } }';
    expect(checkWellFormed(text).circuit?.ops.length).toBe(10_000);
    const r = checkWellFormed(text, { limits: { maxOps: 5000 } });
    expect(r.diagnostics.map((d) => d.code)).toEqual(["E1006"]);
    expect(r.diagnostics[0]!.message).toContain("more than 5,000");
  });

  it("bound values: unknown names, non-finite and non-integer values are diagnostics", () => {
    const text = 'OPENQASM 3.0;\ninput float[64] theta;\ninput int n;\nqubit q;\nU(theta, 0, 0) q;';
    const r1 = checkWellFormed(text, { bind: new Map([["theta", 1], ["n", 2], ["thetaa", 3]]) });
    expect(r1.diagnostics.map((d) => [d.code, d.help])).toEqual([["E1003", "did you mean 'theta'?"]]);
    const r2 = checkWellFormed(text, { bind: new Map([["theta", NaN], ["n", 2.5]]) });
    expect(r2.diagnostics.map((d) => d.code)).toEqual(["E1006", "E1004"]);
    const r3 = checkWellFormed(text, { inputsAsParams: true });
    expect(r3.diagnostics.map((d) => [d.code, d.message])).toEqual([["E1005", "input 'n' has no value"]]);
  });
});

describe("parsing in pieces", () => {
  // The parser lexes and parses a long program piece by piece (whole top-level statements); with the
  // smallest pieces possible the syntax tree and the diagnostics must be exactly those of one piece.
  const tricky = `OPENQASM 3.0;
include "stdgates.inc";
qubit[2] q;
bit[2] c;
c = measure q;
if (c[0]) { x q[0]; }
// a comment; with { braces } and "quotes"
else { y q[0]; }
if (c[1]) x q[1];
/* block; comment
   } over lines { */
else
  z q[1];
gate g(a) x, y { rz(a) x;
  cx x, y; }
for int i in [0:1] {
  g(0.1 * i) q[0], q[1];
}
#pragma keep; this
let s = q[0:1];
x q[0]
h q[1];
'unterminated;
c = "01";
cx q[0] q[1];
rx(0.5 q[0];
h q[0] ;
`;

  it("gives the same tree and diagnostics for any piece size", () => {
    const programs = [tricky, ...fc.sample(richCircuitArb(3, { maxCtrl: 2, fractionalPow: true }, 6), { numRuns: 10, seed: 5 })
      .flatMap(({ c, params }) => emitPrograms(c, { profile: "full", bind: { params } }))];
    for (const text of programs) {
      const whole = parseQasm(text, "p.qasm", { chars: Infinity, tokens: Infinity });
      for (const sizes of [{ chars: 1 }, { tokens: 1 }, { chars: 1, tokens: 1 }, { chars: 40, tokens: 7 }, { tokens: 3 }]) {
        const pieces = parseQasm(text, "p.qasm", sizes);
        expect(JSON.stringify(pieces.program), JSON.stringify(sizes)).toBe(JSON.stringify(whole.program));
        expect(sortDiagnostics(pieces.diagnostics)).toEqual(sortDiagnostics(whole.diagnostics));
      }
    }
    expect(splitTopLevel(tricky, 1).length).toBeGreaterThan(10);
  });
});
