// Complex numbers in the OpenQASM importer (src/qasm/complex.ts, lower.ts): values known at import
// time, checked through a gate angle taken from `real(…)`/`imag(…)` and the simulator's probability,
// the spec's worked examples (classical.rst), refusals, and arithmetic identities as properties.

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { exactDistribution } from "../../src/sim/reference.js";
import { importQasm } from "../../src/qasm/index.js";
import { cadd, cdiv, cexp, cmul, cpow, csqrt, csub, type Complex } from "../../src/qasm/complex.js";
import { importOk } from "./support.js";

const HEAD = 'OPENQASM 3.0;\ninclude "stdgates.inc";\n';
const codes = (body: string) => importQasm(HEAD + body, "t.qasm").diagnostics.map((d) => `${d.code} ${d.span?.line}:${d.span?.col}`);
const message = (body: string) => importQasm(HEAD + body, "t.qasm").diagnostics[0]?.message ?? "";
const rz = (body: string) => importOk(HEAD + "qubit q;\n" + body).ops.flatMap((o) => (o.kind === "gate" && o.name === "rz" ? [(o.args[0] as { v: number }).v] : []));
/** [re, im] of the complex expression `e` as the importer computes it. */
const value = (decls: string, e: string): [number, number] => {
  const [re, im] = rz(`${decls}complex r_ = ${e};\nrz(real(r_)) q; rz(imag(r_)) q;\n`);
  return [re!, im!];
};
const p1 = (body: string) => exactDistribution(importOk(`${HEAD}qubit q;\nbit c;\n${body}\nc = measure q;\n`)).outputs.get("1") ?? 0;

describe("complex numbers", () => {
  it("the specification's examples (classical.rst, types.rst)", () => {
    const ab = "complex[float[64]] a = 10.0 + 5.0im;\ncomplex[float[64]] b = -2.0 - 7.0im;\n";
    expect(value(ab, "a + b")).toEqual([8, -2]);
    expect(value(ab, "a - b")).toEqual([12, 12]);
    expect(value(ab, "a * b")).toEqual([15, -80]);
    const [fr, fi] = value(ab, "a / b");
    expect(fr).toBeCloseTo(-55 / 53, 14);
    expect(fi).toBeCloseTo(60 / 53, 14);
    const [gr, gi] = value(ab, "a ** b");
    expect(gr).toBeCloseTo(0.10694695640729072, 14);
    expect(gi).toBeCloseTo(0.17536481119721312, 14);
    // types.rst: complex[float] d = 2.0+sin(π/2) + (3.1 * 5.5 im); real(d) == 3.0
    expect(value("", "2.0+sin(π/2) + (3.1 * 5.5 im)")).toEqual([3, 3.1 * 5.5]);
  });

  it("literals, promotion, unary minus, equality, casts, compound assignment, float[32] parts", () => {
    expect(value("", "2im")).toEqual([0, 2]);
    expect(value("", "1.5 im + 1")).toEqual([1, 1.5]);
    expect(value("", "-(1 + 2im)")).toEqual([-1, -2]);
    expect(value("", "complex(3)")).toEqual([3, 0]);
    expect(value("int k = 2;\n", "k * (1 + 1im)")).toEqual([2, 2]);
    expect(value("", "(1 + 1im) ** 2")).toEqual([0, 2]);
    expect(rz("complex w = 1im;\nw += 2;\nw *= w;\nrz(real(w)) q; rz(imag(w)) q;\nif (w == 3 + 4im) rz(1.0) q;\nif (w != 3 + 4im) rz(2.0) q;\n")).toEqual([3, 4, 1]);
    expect(rz("complex[float[32]] w = 0.1 + 0.2im;\nrz(real(w)) q; rz(imag(w)) q;\n")).toEqual([Math.fround(0.1), Math.fround(0.2)]);
    expect(rz("complex[float[32]] w = complex[float[32]](0.3);\nrz(real(w)) q;\n")).toEqual([Math.fround(0.3)]);
    expect(rz("const complex k = 1 + 2im;\ngate g a { rz(imag(k)) a; }\ng q;\n")).toEqual([]); // in a definition, not a top-level rz
    expect(rz("rz(real(2.5)) q; rz(imag(2.5)) q;\n")).toEqual([2.5, 0]);
  });

  it("exp and sqrt (principal root) on complex; a gate angle from real(z * w) through the simulator", () => {
    const [er, ei] = value("", "exp(1im * pi)");
    expect(er).toBeCloseTo(-1, 15);
    expect(ei).toBeCloseTo(0, 15);
    expect(value("", "sqrt(-4.0 + 0im)")).toEqual([0, 2]);
    expect(value("", "sqrt(3 + 4im)")).toEqual([2, 1]);
    // z = 0.5 + 0.25im, w = 1 - 2im: z·w = 1 - 0.75im; θ = real(z·w) = 1, φ = -imag(z·w) = 0.75
    const decls = "complex u = 0.5 + 0.25im;\ncomplex w = 1 - 2im;\n";
    expect(p1(`${decls}ry(real(u * w)) q;`)).toBeCloseTo(Math.sin(1 / 2) ** 2, 12);
    expect(p1(`${decls}ry(-imag(u * w)) q;`)).toBeCloseTo(Math.sin(0.75 / 2) ** 2, 12);
  });

  it("complex parameters and return values of def, complex loop variables, complex array elements", () => {
    expect(rz("def sq(complex a) -> complex { return a * a; }\nrz(imag(sq(1 + 1im))) q;\n")).toEqual([2]);
    expect(rz("def re32(complex[float[32]] a) -> float { return real(a); }\nrz(re32(0.1)) q;\n")).toEqual([Math.fround(0.1)]);
    expect(rz("array[complex, 2] zs = {1im, 2};\nfor complex c in zs rz(real(c) + 10 * imag(c)) q;\nzs[0] *= 1im;\nrz(real(zs[0])) q;\n")).toEqual([10, 2, -1]);
  });

  it("refusals: a complex value where a real one is needed is E1004 with a hint; functions the spec does not define on complex", () => {
    expect(codes("qubit q;\ncomplex w = 1 + 2im;\nrz(w) q;\n")).toEqual(["E1004 5:4"]);
    expect(importQasm(`${HEAD}qubit q;\ncomplex w = 1 + 2im;\nrz(w) q;\n`, "t.qasm").diagnostics[0]!.help).toMatch(/real\(/);
    expect(codes("complex w = 1im;\nif (w) { }\n")).toEqual(["E1004 4:5"]);
    expect(codes("complex w = 1im;\nfloat f = w;\n")).toEqual(["E1004 4:11"]);
    expect(codes("complex w = 1im;\nint f = int(w);\n")).toEqual(["E1004 4:13"]);
    expect(codes("complex w = 1im;\nbool f = w < 1;\n")).toEqual(["E1004 4:10"]);
    expect(codes("complex w = 1im;\nbit[2] c;\nc[w] = 1;\n")).toEqual(["E1004 5:3"]);
    expect(codes("complex w = sin(1im);\n")).toEqual(["E1004 3:13"]);
    expect(message("complex w = sin(1im);\n")).toMatch(/'sin' is not defined on complex numbers/);
    expect(codes("complex w = mod(1im, 2);\n")).toEqual(["E1004 3:13"]);
    expect(codes("angle a = 1.0;\ncomplex w = a;\n")).toEqual(["E1004 4:13"]);
    expect(codes("complex[int] w;\n")).toEqual(["E1002 3:9"]);
    expect(codes("complex[float[16]] w;\n")).toEqual(["E1002 3:15"]);
    expect(codes("const complex w = 1im;\nw = 2;\n")).toEqual(["E1004 4:1"]);
    expect(codes("qubit q;\nbit b = measure q;\ncomplex w = b;\n")).toEqual(["E1002 5:13"]);
    expect(codes("input complex w;\n")).toEqual(["E1002 3:7"]);
    const late = importQasm(`${HEAD}input float th;\ncomplex w = th * 1im;\n`, "t.qasm", { inputsAsParams: true });
    expect(late.diagnostics.map((d) => `${d.code} ${d.span?.line}:${d.span?.col}`)).toEqual(["E1002 4:13"]);
  });

  it("properties: arithmetic identities and agreement with a direct computation", () => {
    const part = fc.double({ min: -100, max: 100, noNaN: true }).map((x) => Math.round(x * 64) / 64);
    const cx = fc.record({ re: part, im: part });
    const close = (a: Complex, b: Complex, tol: number) => Math.abs(a.re - b.re) <= tol && Math.abs(a.im - b.im) <= tol;
    fc.assert(fc.property(cx, cx, (a, b) => {
      // dyadic parts: + - * are exact, and match the textbook formulas
      expect(close(cadd(a, b), { re: a.re + b.re, im: a.im + b.im }, 0)).toBe(true);
      expect(close(csub(a, b), { re: a.re - b.re, im: a.im - b.im }, 0)).toBe(true);
      expect(close(cmul(a, b), { re: a.re * b.re - a.im * b.im, im: a.re * b.im + a.im * b.re }, 0)).toBe(true);
      if (b.re !== 0 || b.im !== 0) {
        const q = cdiv(a, b);
        const scale = Math.max(1, Math.hypot(a.re, a.im));
        expect(close(cmul(q, b), a, 1e-12 * scale)).toBe(true);
      }
      const s = csqrt(a);
      expect(s.re).toBeGreaterThanOrEqual(0);
      expect(close(cmul(s, s), a, 1e-12 * Math.max(1, Math.hypot(a.re, a.im)))).toBe(true);
      // integer powers by multiplication agree with the principal exp(b log a)
      if (Math.hypot(a.re, a.im) > 0.1 && Math.hypot(a.re, a.im) < 10) {
        const p3 = cpow(a, { re: 3, im: 0 });
        const viaLog = cexp(cmul({ re: 3, im: 0 }, { re: Math.log(Math.hypot(a.re, a.im)), im: Math.atan2(a.im, a.re) }));
        expect(close(p3, viaLog, 1e-9 * Math.max(1, Math.hypot(p3.re, p3.im)))).toBe(true);
      }
    }), { numRuns: 200 });
    // the importer computes the same as complex.ts
    fc.assert(fc.property(cx, cx, (a, b) => {
      const lit = (z: Complex) => `(${z.re} + ${z.im}im)`;
      const [r, i] = value("", `${lit(a)} * ${lit(b)} - ${lit(b)}`);
      const want = csub(cmul(a, b), b);
      expect(r === want.re && i === want.im).toBe(true);
    }), { numRuns: 40 });
  });
});
