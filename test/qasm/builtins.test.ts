// The bit-level built-ins popcount, rotl, rotr in the OpenQASM importer (values known at import time,
// evaluated through src/ir/classical.ts), against a bit-string model written here.

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { importQasm } from "../../src/qasm/index.js";
import { importOk } from "./support.js";

const HEAD = 'OPENQASM 3.0;\ninclude "stdgates.inc";\n';
const codes = (body: string) => importQasm(HEAD + body, "t.qasm").diagnostics.map((d) => `${d.code} ${d.span?.line}:${d.span?.col}`);
const rz = (body: string) => importOk(HEAD + "qubit q;\n" + body).ops.flatMap((o) => (o.kind === "gate" && o.name === "rz" ? [(o.args[0] as { v: number }).v] : []));

/** The bit string of x in n bits, most significant first (as OpenQASM writes bit strings). */
const str = (x: number, n: number) => x.toString(2).padStart(n, "0").slice(-n);
/** rotl on the bit string: towards higher indices = towards the left of the string. */
const rotlStr = (s: string, d: number) => { const n = s.length, k = ((d % n) + n) % n; return s.slice(k) + s.slice(0, k); };

describe("popcount, rotl, rotr", () => {
  it("the specification's examples (classical.rst, types.rst)", () => {
    // bit[8] a = "10001111"; rotl(a, 2) → "00111110"
    expect(rz('bit[8] a = "10001111";\nbit[8] r = rotl(a, 2);\nrz(1.0 * uint[8](r)) q;')).toEqual([0b00111110]);
    // uint[6] b = 37; popcount(b) → 3; rotl(b, 3) → 44
    expect(rz("uint[6] b = 37;\nrz(1.0 * popcount(b)) q; rz(1.0 * rotl(b, 3)) q;")).toEqual([3, 44]);
    // const bit[8] b1 = "0010_1010"; rotl(b1, 3) → "0101_0001"
    expect(rz('bit[8] b1 = "0010_1010";\nrz(1.0 * uint[8](rotl(b1, 3))) q;')).toEqual([0b01010001]);
  });

  it("widths from casts and array elements, negative distances, nesting, results in conditions and bits", () => {
    expect(rz("rz(1.0 * rotr(uint[4](1), 1)) q;")).toEqual([8]);
    expect(rz("array[uint[3], 2] a = {1, 6};\nrz(1.0 * rotl(a[1], 1)) q; rz(1.0 * popcount(a[1])) q;")).toEqual([5, 2]);
    expect(rz("uint[5] u = 3;\nrz(1.0 * rotl(u, -1)) q; rz(1.0 * rotl(rotl(u, 2), 3)) q;")).toEqual([17, 3]);
    expect(rz('bit[3] b = "011";\nif (rotr(b, 1) == "101") rz(1.0) q;\nbit[3] c = rotr(b, 1);\nif (c[2]) rz(2.0) q;')).toEqual([1, 2]);
  });

  it("refusals: unsized operands, wrong types and arities (E1004), measured bits (E1002)", () => {
    expect(codes("uint u = 9;\nuint r = rotl(u, 1);\n")).toEqual(["E1004 4:15"]);
    expect(codes("float f = 1.0;\nuint r = popcount(f);\n")).toEqual(["E1004 4:19"]);
    expect(codes("uint[4] u = 1;\nuint r = rotl(u, 1.5);\n")).toEqual(["E1004 4:18"]);
    expect(codes("uint[4] u = 1;\nuint r = rotl(u);\n")).toEqual(["E1004 4:10"]);
    // measured bits: computed at run time (test/qasm/runtime-control.test.ts)
    expect(codes("qubit[2] q;\nbit[2] b = measure q;\nuint r = popcount(b);\n")).toEqual([]);
    expect(codes("int s = sizeof(3);\n")).toEqual(["E1004 3:16"]);
    expect(codes("array[int, 2] a;\nint s = sizeof(a, 1);\n")).toEqual(["E1006 4:19"]);
  });

  it("property: popcount, rotl, rotr on bit[n] and uint[n] agree with the bit-string model", () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 12 }), fc.nat(), fc.integer({ min: -30, max: 30 }), (n, x0, d) => {
      const x = x0 % 2 ** n;
      const s = str(x, n);
      const left = parseInt(rotlStr(s, d), 2), right = parseInt(rotlStr(s, -d), 2);
      const ones = [...s].filter((c) => c === "1").length;
      expect(rz(`uint[${n}] u = ${x};\nrz(1.0 * popcount(u)) q; rz(1.0 * rotl(u, ${d})) q; rz(1.0 * rotr(u, ${d})) q;`)).toEqual([ones, left, right]);
      expect(rz(`bit[${n}] b = "${s}";\nrz(1.0 * popcount(b)) q; rz(1.0 * uint[${n}](rotl(b, ${d}))) q; rz(1.0 * uint[${n}](rotr(b, ${d}))) q;`)).toEqual([ones, left, right]);
    }), { numRuns: 100 });
  });
});
