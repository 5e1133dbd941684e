// OpenQASM 2 import: a corpus of OpenQASM 2 programs (test/qasm/corpus/qasm2), each imported and simulated
// exactly, and compared with (1) the same program translated to OpenQASM 3 with stdgates names and imported
// (exact, must agree to 1e-12) and (2) that translation run by qsharp-lang (statistical: the L1 distance
// below the Bretagnolle–Huber–Carol bound, as in qsharp.test.ts). Then the OpenQASM 2 rules: OpenQASM 3
// syntax in an OpenQASM 2 program is E1001 with a hint, qelib1 names need the include, `opaque` is E1002.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { exactDistribution } from "../../src/sim/reference.js";
import { importQasm } from "../../src/qasm/index.js";
import { histogram, runQasm } from "../support/qsharp.js";
import { l1Bound, l1Distance } from "../emit/helpers.js";
import { expectSameDistribution, importOk } from "./support.js";

const CORPUS = join(import.meta.dirname, "corpus", "qasm2");
const corpus = readdirSync(CORPUS).filter((f) => f.endsWith(".qasm")).sort()
  .map((f) => ({ name: f, text: readFileSync(join(CORPUS, f), "utf8") }));

/**
 * qelib1 gates that stdgates.inc (and the QDK) lack, as OpenQASM 3 definitions. u1/u2/u3 keep their
 * names: stdgates' versions differ from qelib1's by a global phase only, and these programs apply them
 * without controls.
 */
const PRELUDE: Readonly<Record<string, string>> = {
  u0: "gate u0(g) a { id a; }",
  u: "gate u(t, f, l) a { U(t, f, l) a; }",
  cu1: "gate cu1(l) a, b { cp(l) a, b; }",
  cu3: "gate cu3(t, f, l) a, b { ctrl @ U(t, f, l) a, b; }",
  csx: "gate csx a, b { ctrl @ sx a, b; }",
  rccx: "gate rccx a, b, c { h c; t c; cx b, c; tdg c; cx a, c; t c; cx b, c; tdg c; h c; }",
  rc3x: "gate rc3x a, b, c, d { h d; t d; cx c, d; tdg d; h d; cx a, d; t d; cx b, d; tdg d; cx a, d; t d; cx b, d; tdg d; h d; t d; cx c, d; tdg d; h d; }",
  c3x: "gate c3x a, b, c, d { ctrl(3) @ x a, b, c, d; }",
  c3sqrtx: "gate c3sqrtx a, b, c, d { ctrl(3) @ sx a, b, c, d; }",
  c4x: "gate c4x a, b, c, d, e { ctrl(4) @ x a, b, c, d, e; }",
};

/**
 * The corpus programs in OpenQASM 3: version and include swapped, missing qelib1 gates defined, `^` as
 * `**`, `creg` as `bit[n]`, integer literals in gate parameters written as floats (qsharp-lang wants an angle there).
 */
function toQasm3(text: string): string {
  const used = Object.keys(PRELUDE).filter((g) => new RegExp(`(^|[;\\s])${g}\\b[\\s(]`, "m").test(text));
  return text
    .replace(/OPENQASM 2\.0;/, "OPENQASM 3.0;")
    .replace(/include "qelib1.inc";/, ['include "stdgates.inc";', ...used.map((g) => PRELUDE[g]!)].join("\n"))
    .replace(/^creg (\w+)\[(\d+)\];/gm, "bit[$2] $1;") // (test/support/qsharp.ts finds the reported variables by their `bit` declarations)
    .replaceAll("^", "**")
    .replace(/^(\s*(?!if\b)[A-Za-z_]\w*\s*)\(([^)]*)\)/gm, (_m, head: string, args: string) =>
      `${head}(${args.replace(/(?<![\w.])(\d+)(?![\w.])/g, "$1.0")})`);
}

const DELTA = 1e-10;
const SHOTS = 1500;

describe("the OpenQASM 2 corpus", () => {
  it("has the programs the tests expect", () => {
    expect(corpus.map((c) => c.name)).toEqual(["bell.qasm", "gates.qasm", "ghz.qasm", "teleport.qasm", "zoo.qasm"]);
  });

  for (const { name, text } of corpus) {
    it(`${name}: same exact distribution as its OpenQASM 3 translation, and as qsharp-lang's samples`, async () => {
      const c = importOk(text, name);
      const exact = exactDistribution(c);
      expect(Math.abs(exact.totalProbability - 1)).toBeLessThan(1e-9);
      const v3 = toQasm3(text);
      expectSameDistribution(exact.outputs, exactDistribution(importOk(v3, name)).outputs, v3, 1e-12);

      const run = await runQasm(v3, SHOTS);
      const counts = new Map<string, number>();
      for (const [key, n] of histogram(run)) counts.set(key.replaceAll(" ", ""), n);
      expect(run.names.length, `${name}: reported ${run.names.join(", ")}`).toBe(c.outputs.length);
      const { l1, categories, impossible } = l1Distance(exact.outputs, counts, SHOTS);
      expect({ name, impossible }).toEqual({ name, impossible: 0 });
      expect(l1, `${name}: L1 ${l1.toFixed(4)}\n${v3}`).toBeLessThan(l1Bound(categories, SHOTS, DELTA));
    }, 60_000);
  }

  it("known distributions: Bell, teleportation", () => {
    const dist = (f: string) => exactDistribution(importOk(corpus.find((c) => c.name === f)!.text, f)).outputs;
    expectSameDistribution(dist("bell.qasm"), new Map([["00", 0.5], ["11", 0.5]]), "", 1e-12);
    // outputs m0, m1, out: every m0 m1 pair has probability 1/4; out is 1 with probability sin²(0.55)
    const p = dist("teleport.qasm");
    let one = 0;
    for (const [k, v] of p) if (k.endsWith("1")) one += v;
    expect(one).toBeCloseTo(Math.sin(0.55) ** 2, 12);
  });
});

describe("OpenQASM 2 rules", () => {
  const HEAD2 = 'OPENQASM 2.0;\ninclude "qelib1.inc";\n';
  const diags = (text: string) => importQasm(text, "t.qasm").diagnostics.map((d) => `${d.code} ${d.span?.line}:${d.span?.col}`);

  it("`if (creg == n)` compares the whole register, c[0] least significant", () => {
    const c = importOk(`${HEAD2}qreg q[3];\ncreg c[2];\ncreg r[1];\nx q[0];\nmeasure q[0] -> c[0];\nmeasure q[1] -> c[1];\nif (c == 1) x q[2];\nmeasure q[2] -> r[0];\n`);
    expectSameDistribution(exactDistribution(c).outputs, new Map([["101", 1]]), "", 1e-12);
    const d = importOk(`${HEAD2}qreg q[3];\ncreg c[2];\ncreg r[1];\nx q[0];\nmeasure q[0] -> c[0];\nmeasure q[1] -> c[1];\nif (c == 2) x q[2];\nmeasure q[2] -> r[0];\n`);
    expectSameDistribution(exactDistribution(d).outputs, new Map([["100", 1]]), "", 1e-12);
  });

  it("U and CX need no include; the qelib1 names do", () => {
    importOk("OPENQASM 2.0;\nqreg q[2];\nU(pi/2,0,pi) q[0];\nCX q[0],q[1];\n");
    const r = importQasm("OPENQASM 2.0;\nqreg q[1];\nh q[0];\n", "t.qasm");
    expect(r.diagnostics.map((d) => [d.code, d.span?.line, d.span?.col, d.help])).toEqual([
      ["E1003", 3, 1, "'h' is declared by qelib1.inc: add `include \"qelib1.inc\";` after the `OPENQASM 2.0;` line"],
    ]);
  });

  it("OpenQASM 3 statements are E1001 with a hint", () => {
    const r = importQasm(`${HEAD2}qubit[2] q;\nqreg r[2];\nbit b;\ncreg c[2];\nctrl @ x r[0], r[1];\nc = measure r;\nfor int i in [0:1] x r[i];\nif (c[0] == 1) x r[0];\nif (c == 1) x r[0]; else x r[1];\nmeasure r;\n`, "t.qasm");
    expect(r.diagnostics.map((d) => `${d.code} ${d.span?.line}:${d.span?.col}`)).toEqual([
      "E1001 3:1", "E1001 5:1", "E1001 7:1", "E1001 8:1", "E1001 9:1", "E1001 10:5", "E1001 11:1", "E1001 12:1",
    ]);
    expect(r.diagnostics.every((d) => d.message.startsWith("not OpenQASM 2:") && d.help)).toBe(true);
    expect(r.diagnostics[0]!.help).toBe("write `qreg q[n];`, or declare `OPENQASM 3.0;` to use OpenQASM 3");
    expect(r.diagnostics[3]!.help).toBe("write `measure q -> c;`");
  });

  it("OpenQASM 3 gates and libraries are not OpenQASM 2", () => {
    expect(diags(`${HEAD2}qreg q[1];\ngphase(0.1);\n`)).toEqual(["E1003 4:1"]);
    expect(diags('OPENQASM 2.0;\ninclude "stdgates.inc";\n')).toEqual(["E1002 2:9"]);
    expect(diags('OPENQASM 3.0;\ninclude "qelib1.inc";\n')).toEqual(["E1002 2:9"]);
  });

  it("qelib1 names are reserved; opaque gates are E1002 by name; barriers and user gates work", () => {
    expect(diags(`${HEAD2}gate cu1(a) x, y { CX x, y; }\n`)).toEqual(["E1004 3:6"]);
    const r = importQasm(`${HEAD2}opaque magic(a) x;\nqreg q[1];\nmagic(0.1) q[0];\n`, "t.qasm");
    expect(r.diagnostics.map((d) => `${d.code} ${d.span?.line}:${d.span?.col} ${d.message}`)).toEqual([
      "E1002 3:1 the OpenQASM importer does not support `opaque` gates",
    ]);
    const c = importOk(`${HEAD2}gate g a, b { h a; barrier a, b; cx a, b; }\nqreg q[2];\ncreg c[2];\ng q[0], q[1];\nbarrier q;\nmeasure q -> c;\n`);
    expectSameDistribution(exactDistribution(c).outputs, new Map([["00", 0.5], ["11", 0.5]]), "", 1e-12);
  });

  it("`^` is a power in OpenQASM 2 (right-associative, above `*` and unary minus) and xor in OpenQASM 3; `/` divides reals in OpenQASM 2 only", () => {
    const angle = (text: string) => {
      const c = importOk(text);
      const op = c.ops[0]!;
      return op.kind === "gate" ? (op.args[0] as { v: number }).v : NaN;
    };
    expect(angle(`${HEAD2}qreg q[1];\nrz(2*2^3^2/2^9) q[0];\n`)).toBeCloseTo(2, 12);
    expect(angle(`${HEAD2}qreg q[1];\nrz(-2^2) q[0];\n`)).toBe(-4);
    expect(angle(`${HEAD2}qreg q[1];\nrz((-2)^2) q[0];\n`)).toBe(4);
    expect(angle(`${HEAD2}qreg q[1];\nrz(2^-3^-1*-1^2) q[0];\n`)).toBeCloseTo(-(2 ** -(3 ** -1)), 12);
    expect(angle(`${HEAD2}qreg q[1];\nrz(1/2) q[0];\n`)).toBe(0.5);
    expect(angle('OPENQASM 3.0;\ninclude "stdgates.inc";\nqubit q;\nrz(6 ^ 3) q;\n')).toBe(5);
    expect(angle('OPENQASM 3.0;\ninclude "stdgates.inc";\nqubit q;\nrz(-3 ^ 1) q;\n')).toBe(-4);
    expect(angle('OPENQASM 3.0;\ninclude "stdgates.inc";\nqubit q;\nrz(1 / 2) q;\n')).toBe(0);
  });

  it("OpenQASM 2 expressions: the six functions, `^`, pi, scientific notation, parentheses, unary minus", () => {
    // ry(θ)|0⟩ measures 1 with probability sin²(θ/2); each θ is worked out by hand
    const cases: [string, number][] = [
      ["sin(pi/6)", 0.5], ["cos(pi/3)*3", 1.5], ["tan(pi/4)", 1], ["exp(1)", Math.E], ["ln(4)", Math.log(4)], ["sqrt(2)", Math.SQRT2],
      ["2^3^2/2^8", 2], // right-associative: 2^9/2^8 (not 64/256)
      ["2*3^2/36", 0.5], // above `*`: 2*9/36 (not 6^2/36)
      ["-2^2 + 5", 1], // above a unary minus: -(2^2) + 5 (not 9)
      ["2^-1", 0.5], ["-2^-2^-1 + 1", 1 - Math.SQRT1_2], // -(2^(-(2^-1))) + 1
      ["1/2 + 3/4", 1.25], // reals, not integer division
      ["1.5e-1 * 1E1", 1.5], ["2.5E+0 - 2", 0.5], [".5 + 5. - 5", 0.5], ["1e-3 * 1000", 1],
      ["((1 + (2 - 3)) * 4 + (0.5))", 0.5], ["-(-(0.5))", 0.5], ["-pi/2 + pi", Math.PI / 2], ["sqrt(exp(ln(4)))", 2],
    ];
    const p1 = (theta: number) => new Map([["0", Math.cos(theta / 2) ** 2], ["1", Math.sin(theta / 2) ** 2]]);
    for (const [e, theta] of cases) {
      const c = importOk(`${HEAD2}qreg q[1];\ncreg c[1];\nry(${e}) q[0];\nmeasure q[0] -> c[0];\n`);
      expectSameDistribution(exactDistribution(c).outputs, p1(theta), e, 1e-12);
    }
    // on gate parameters: -a^2 + b/2 with a = 1, b = 3 is 0.5
    const g = importOk(`${HEAD2}gate g(a, b) r { ry(-a^2 + b/2) r; }\nqreg q[1];\ncreg c[1];\ng(1, 3) q[0];\nmeasure q[0] -> c[0];\n`);
    expectSameDistribution(exactDistribution(g).outputs, p1(0.5), "g(1, 3)", 1e-12);
  });

  it("OpenQASM 3 expressions, indices and sizes are E1001 at the offending part, with a hint", () => {
    // [statement (one per line from line 5), column of the error, what the message names]
    const cases: [string, number, string][] = [
      ["rz(2**3) q[0];", 4, "`**`"],
      ["rz(pi * 2 ** 2) q[0];", 9, "`**`"],
      ["rz(5 % 3) q[0];", 4, "the operator `%`"],
      ["rz(1 << 2) q[0];", 4, "the operator `<<`"],
      ["rz(3 & 1) q[0];", 4, "the operator `&`"],
      ["rz(1 < 2) q[0];", 4, "the operator `<`"],
      ["rz(1 && 1) q[0];", 4, "the operator `&&`"],
      ["rz(~1) q[0];", 4, "the operator `~`"],
      ["rz(-!0) q[0];", 5, "the operator `!`"],
      ["rz(float(1)) q[0];", 4, "casts"],
      ["rz(arcsin(1)) q[0];", 4, "the function `arcsin`"],
      ["rz(2 * floor(1.5)) q[0];", 8, "the function `floor`"],
      ["rz(mod(5, 3)) q[0];", 4, "the function `mod`"],
      ["rz(popcount(3)) q[0];", 4, "the function `popcount`"],
      ["rz(log(2)) q[0];", 4, "the function `log`"],
      ["rz(1 + cos(tau)) q[0];", 12, "the constant `tau`"],
      ["rz(euler) q[0];", 4, "the constant `euler`"],
      ["rz(π) q[0];", 4, "the constant `π`"],
      ["rz(100ns) q[0];", 4, "durations"],
      ["rz(2im) q[0];", 4, "complex numbers"],
      ["rz(true) q[0];", 4, "`true` and `false`"],
      ['rz("01") q[0];', 4, "bit-string literals"],
      ["rz(c[0]) q[0];", 4, "indexing in an expression"],
      ["rz(c) q[0];", 4, "a name (`c`) in an expression outside a gate definition"],
      ["rz(0x1) q[0];", 4, "hexadecimal, octal and binary integers"],
      ["rz(0b1) q[0];", 4, "hexadecimal, octal and binary integers"],
      ["rz(1_000) q[0];", 4, "`_` in numbers"],
      ["rz(1.5_0) q[0];", 4, "`_` in numbers"],
      ["x q[0:1];", 4, "slices, index sets and computed or negative indices"],
      ["x q[-1];", 4, "slices, index sets and computed or negative indices"],
      ["cx q[0], q[0 + 1];", 11, "slices, index sets and computed or negative indices"],
      ["measure q[0] -> c[{1}];", 18, "slices, index sets and computed or negative indices"],
      ["barrier $0;", 9, "physical qubits (`$n`)"],
      ["qreg r[1 + 1];", 8, "computed register sizes"],
      ["creg d[0x2];", 8, "hexadecimal, octal and binary integers"],
      ["qreg s;", 1, "registers without a size"],
      ["if (c == 0b1) x q[0];", 10, "hexadecimal, octal and binary integers"],
      ["if (c == 1) rz(2**1) q[0];", 16, "`**`"],
      ["gate g(a) r { rz(a % 2) r; }", 18, "the operator `%`"],
      ["gate h2(a) r { rz(ln(a) * tau) r; }", 27, "the constant `tau`"],
    ];
    const r = importQasm(`${HEAD2}qreg q[2];\ncreg c[2];\n${cases.map(([s]) => s).join("\n")}\n`, "t.qasm");
    expect(r.diagnostics.map((d) => `${d.code} ${d.span?.line}:${d.span?.col} ${d.message}`)).toEqual(
      cases.map(([, col, what], i) => `E1001 ${i + 5}:${col} not OpenQASM 2: ${what} (this program declares \`OPENQASM 2.0\`)`));
    const help = (line: number) => r.diagnostics.find((d) => d.span?.line === line)?.help;
    expect(r.diagnostics.every((d) => d.help)).toBe(true);
    expect(help(5)).toBe("OpenQASM 2 writes a power `a ^ b`");
    expect(help(19)).toBe("write `ln(x)`");
    expect(help(20)).toBe("write `2*pi`");
    expect(help(21)).toBe("write `exp(1)`");
    expect(help(29)).toBe("write `1`");
    expect(help(31)).toBe("write `1000`");
  });

  it("unsupported versions say which ones are read", () => {
    const r = importQasm("OPENQASM 2.1;\nqreg q[1];\n", "t.qasm");
    expect(r.diagnostics.map((d) => [d.code, d.help])).toEqual([["E1002", "the importer reads OpenQASM 2.0 and OpenQASM 3: write `OPENQASM 2.0;` or `OPENQASM 3.0;`"]]);
  });
});
