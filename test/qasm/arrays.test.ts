// Arrays in the OpenQASM importer (src/qasm/arrays.ts, lower.ts): values known at import time, checked
// through their effect on a circuit (a rotation angle read from an array element, then the simulator's
// probability against sin²(θ/2) computed by hand), and every refusal's code and position.

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { exactDistribution } from "../../src/sim/reference.js";
import { importQasm } from "../../src/qasm/index.js";
import { importOk } from "./support.js";

const HEAD = 'OPENQASM 3.0;\ninclude "stdgates.inc";\n';
const codes = (body: string) => importQasm(HEAD + body, "t.qasm").diagnostics.map((d) => `${d.code} ${d.span?.line}:${d.span?.col}`);
const message = (body: string) => importQasm(HEAD + body, "t.qasm").diagnostics[0]?.message ?? "";
/** The rz angles of the imported circuit, in order. */
const rz = (body: string) => importOk(HEAD + "qubit q;\n" + body).ops.flatMap((o) => (o.kind === "gate" && o.name === "rz" ? [(o.args[0] as { v: number }).v] : []));
/** P(measuring 1) after `ry(angle) q` where the program computes the angle. */
const p1 = (body: string) => exactDistribution(importOk(`${HEAD}qubit q;\nbit c;\n${body}\nc = measure q;\n`)).outputs.get("1") ?? 0;
const sin2 = (t: number) => Math.sin(t / 2) ** 2;

describe("arrays", () => {
  it("declarations with initialisers, conversion of elements to the element type, zero initialisation", () => {
    // int[8] wraps (300 → 44), float[32] rounds, angle reduces into [0, 2π), uint wraps
    expect(rz("array[int[8], 4] a = {1, -2, 3, 300};\nfor int i in [0:3] rz(1.0 * a[i]) q;")).toEqual([1, -2, 3, 44]);
    expect(rz("array[float[32], 2] a = {0.1, 2};\nrz(a[0]) q; rz(a[1]) q;")).toEqual([Math.fround(0.1), 2]);
    expect(rz("array[angle, 2] a = {7.0, -1.0};\nrz(a[0]) q; rz(a[1]) q;")).toEqual([7 - 2 * Math.PI, 2 * Math.PI - 1]);
    expect(rz("array[uint[4], 1] a = {19};\nrz(1.0 * a[0]) q;")).toEqual([3]);
    expect(rz("array[bool, 2] a = {true, 0};\nif (a[0]) rz(1.0) q; if (a[1]) rz(2.0) q;")).toEqual([1]);
    expect(rz("array[int, 3] a;\narray[float, 1] f;\narray[bool, 1] b;\nrz(1.0 * a[2] + f[0]) q; if (!b[0]) rz(5.0) q;")).toEqual([0, 5]);
    expect(rz("const array[int, 2] k = {3, 4};\nrz(1.0 * k[1]) q;")).toEqual([4]);
  });

  it("multi-dimensional arrays: b[i][j], b[i, j], negative indices, rows as views, sizeof", () => {
    const decl = "array[float[64], 2, 3] b = {{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}};\n";
    expect(rz(decl + "rz(b[1][2]) q; rz(b[0, 1]) q; rz(b[-1, -3]) q;")).toEqual([6, 2, 4]);
    expect(rz(decl + "rz(1.0 * sizeof(b)) q; rz(1.0 * sizeof(b, 1)) q; rz(1.0 * sizeof(b[0])) q;")).toEqual([2, 3, 3]);
    expect(rz(decl + "for float x in b[1] rz(x) q;")).toEqual([4, 5, 6]);
    expect(rz("array[int, 2, 2, 2] c = {{{1, 2}, {3, 4}}, {{5, 6}, {7, 8}}};\nrz(1.0 * c[1, 0, 1]) q; rz(1.0 * c[1][1][0]) q; rz(1.0 * sizeof(c, 2)) q;")).toEqual([6, 7, 2]);
    // an index from an array element, then the simulator
    expect(p1("array[int, 3] idx = {2, 0, 1};\narray[float, 3] th = {0.3, 0.9, 1.7};\nry(th[idx[0]]) q;")).toBeCloseTo(sin2(1.7), 12);
  });

  it("element assignment, compound assignment, slices, whole-array and slice assignment", () => {
    expect(rz("array[int, 3] a;\na[1] = 5; a[2] += 7; a[2] *= 2; a[-3] -= 1;\nfor int x in a rz(1.0 * x) q;")).toEqual([-1, 5, 14]);
    expect(rz("array[int[4], 1] a;\na[0] = 9; a[0] += 9;\nrz(1.0 * a[0]) q;")).toEqual([2]); // int[4]: 18 wraps to 2
    expect(rz("array[int, 5] a = {1, 2, 3, 4, 5};\narray[int, 2] s2 = a[1:2];\nfor int x in s2 rz(1.0 * x) q;\nfor int x in a[0:2:4] rz(1.0 * x) q;")).toEqual([2, 3, 1, 3, 5]);
    expect(rz("array[int, 3] a = {1, 2, 3};\narray[int, 3] b2 = {7, 8, 9};\na = b2; b2[0] = 0;\nfor int x in a rz(1.0 * x) q;")).toEqual([7, 8, 9]);
    expect(rz("array[int, 3] a = {1, 2, 3};\na[1:2] = a[0:1];\nfor int x in a rz(1.0 * x) q;")).toEqual([1, 1, 2]);
    expect(rz("array[int, 2, 2] m;\nm[1] = {5, 6};\nm[0, 0:1] = m[1];\nfor int x in m[0] rz(1.0 * x) q;")).toEqual([5, 6]);
  });

  it("array parameters: readonly (copy-free reads), mutable (writes reach the caller, also through a slice), #dim", () => {
    const defs = "def total(readonly array[int, #dim = 1] x) -> int { int s2 = 0; for int i in [0:sizeof(x) - 1] s2 += x[i]; return s2; }\n"
      + "def bump(mutable array[int, #dim = 1] x) { for int i in [0:sizeof(x) - 1] x[i] += 10; }\n";
    expect(rz("array[int, 4] a = {1, 2, 3, 4};\n" + defs + "rz(1.0 * total(a)) q;\nbump(a[1:2]);\nrz(1.0 * total(a)) q;\nrz(1.0 * a[1]) q; rz(1.0 * a[3]) q;")).toEqual([10, 30, 12, 4]);
    expect(rz("array[int, 2, 3] m = {{1, 2, 3}, {4, 5, 6}};\ndef g(readonly array[int, 2, 3] x) -> int { return x[1, 2] - x[0][0]; }\nrz(1.0 * g(m)) q;")).toEqual([5]);
    expect(rz("array[float, 2] a = {0.5, 1.5};\ndef hf(readonly array[float, 2] x, qubit r) { rz(x[0] + x[1]) r; }\nhf(a, q);")).toEqual([2]);
    // a const array is visible in subroutines and gate bodies (a constant)
    expect(rz("const array[float, 2] k = {3.0, 4.0};\ndef f() -> float { return k[1]; }\nrz(f()) q;\ngate g2 a { rz(k[0]) a; }\ng2 q;")).toEqual([4]);
  });

  it("refusals: bounds (E1006, with the index and size), scope, types, shapes, read-only writes", () => {
    expect(codes("array[int, 3] a;\nint i = a[3];\n")).toEqual(["E1006 4:11"]);
    expect(message("array[int, 3] a;\nint i = a[3];\n")).toMatch(/index 3 is out of range for array\[int, 3\]/);
    expect(codes("array[int, 2, 2] a;\na[0, -3] = 1;\n")).toEqual(["E1006 4:6"]);
    expect(codes("array[int, 0] a;\nint i = a[0];\n")).toEqual(["E1006 4:11"]);
    expect(codes("for int i in [0:1] { array[int, 2] a; }\n")).toEqual(["E1004 3:36"]);
    expect(codes("def f() { array[int, 2] a; }\nf();\n")).toEqual(["E1004 3:25"]);
    expect(codes("array[bit, 2] a;\n")).toEqual(["E1004 3:7"]);
    expect(codes("array[bit[4], 2] a;\n")).toEqual(["E1004 3:7"]);
    expect(codes("array[int, 2] a = {1, 2, 3};\n")).toEqual(["E1004 3:19"]);
    expect(codes("array[int, 2, 2] a = {1, 2};\n")).toEqual(["E1004 3:23"]);
    expect(codes("array[int, 1, 1, 1, 1, 1, 1, 1, 1] a;\n")).toEqual(["E1006 3:33"]);
    expect(codes("array[int, 2] a = {1, 2.5};\n")).toEqual(["E1004 3:23"]);
    expect(codes("array[int, 2] a;\narray[int, 3] b2 = a;\n")).toEqual(["E1004 4:20"]);
    expect(codes("array[int, 2] a;\narray[float, 2] b2 = a;\n")).toEqual(["E1004 4:22"]);
    expect(codes("const array[int, 2] a = {1, 2};\na[0] = 3;\n")).toEqual(["E1004 4:1"]);
    expect(codes("array[int, 2] a;\ndef f(readonly array[int, 2] x) { x[0] = 1; }\nf(a);\n")).toEqual(["E1004 4:35"]);
    expect(codes("const array[int, 2] a = {1, 2};\ndef f(mutable array[int, 2] x) { }\nf(a);\n")).toEqual(["E1004 5:3"]);
    expect(codes("array[int, 2] a;\ndef f(array[int, 2] x) { }\n")).toEqual(["E1004 4:7"]);
    expect(codes("array[int, 2] a;\ndef f(readonly array[int, 3] x) { }\nf(a);\n")).toEqual(["E1004 5:3"]);
    expect(codes("array[int, #dim = 1] a;\n")).toEqual(["E1004 3:19"]);
    expect(codes("array[int, 2] a;\nint i = a[{0, 1}];\n")).toEqual(["E1004 4:10"]);
    expect(codes("array[int, 2] a;\nint i = a[0, 0];\n")).toEqual(["E1004 4:10"]);
    expect(codes("array[int, 2] a;\na += 1;\n")).toEqual(["E1004 4:3"]);
    expect(codes("qubit q;\narray[float, 2] a;\nrz(a) q;\n")).toEqual(["E1004 5:4"]);
    expect(codes("int i = {1, 2};\n")).toEqual(["E1004 3:9"]);
    expect(codes("array[int, 2, 2] a;\nfor int x in a { }\n")).toEqual(["E1002 4:14"]);
  });

  it("refusals: elements from measurements and late-bound inputs are E1002, saying so", () => {
    expect(codes("qubit q;\nbit b = measure q;\narray[int, 2] k;\nk[0] = b;\n")).toEqual(["E1002 6:8"]);
    expect(message("qubit q;\nbit b = measure q;\narray[int, 2] k;\nk[0] = b;\n")).toMatch(/measurement result/);
    const r = importQasm(`${HEAD}input float th;\narray[float, 2] k;\nk[0] = th;\n`, "t.qasm", { inputsAsParams: true });
    expect(r.diagnostics.map((d) => `${d.code} ${d.span?.line}:${d.span?.col}`)).toEqual(["E1002 5:8"]);
    expect(r.diagnostics[0]!.message).toMatch(/late-bound input/);
    expect(codes("qubit q;\nbit b = measure q;\narray[int, 1] k;\nif (b) { k[0] = 1; }\n")).toEqual(["E1002 6:10"]);
  });

  it("property: element reads after random writes match a plain JS array (int[8] wrap-around)", () => {
    fc.assert(fc.property(
      fc.array(fc.integer({ min: -300, max: 300 }), { minLength: 1, maxLength: 6 }),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: -300, max: 300 }), fc.boolean()), { maxLength: 6 }),
      (init, writes) => {
        const n = init.length;
        const wrap = (x: number) => ((((x + 128) % 256) + 256) % 256) - 128;
        const model = init.map(wrap);
        let prog = `array[int[8], ${n}] a = {${init.join(", ")}};\n`;
        for (const [i0, v, compound] of writes) {
          const i = i0 % n;
          prog += `a[${i}] ${compound ? "+=" : "="} ${v};\n`;
          model[i] = wrap(compound ? model[i]! + v : v);
        }
        prog += "for int x in a rz(1.0 * x) q;\n";
        expect(rz(prog)).toEqual(model);
      },
    ), { numRuns: 60 });
  });
});
