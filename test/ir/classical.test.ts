import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  EMPTY_ENV, assignConvert, cBinary, cCall, cCast, cConst, cUnary, cexprToQasm, checkType, compileCExpr, evaluate,
  isConstant, normalize, typeName,
  type CBinaryOp, type CExpr, type CType, type ClassicalEnv,
} from "../../src/ir/classical.js";

// ---- helpers ---------------------------------------------------------------------------------------

const ok = (r: CExpr | { error: string }): CExpr => {
  if ("error" in r) throw new Error(`unexpected error: ${r.error}`);
  return r;
};
const errOf = (r: CExpr | { error: string }): string => {
  if (!("error" in r)) throw new Error(`expected an error, got a ${typeName(r.type)} node`);
  return r.error;
};
const val = (e: CExpr | { error: string }, env: ClassicalEnv = EMPTY_ENV): number => evaluate(ok(e), env);

const int = (w?: number): CType => (w === undefined ? { k: "int" } : { k: "int", width: w });
const uint = (w?: number): CType => (w === undefined ? { k: "uint" } : { k: "uint", width: w });
const float = (w?: number): CType => (w === undefined ? { k: "float" } : { k: "float", width: w });
const angle = (w?: number): CType => (w === undefined ? { k: "angle" } : { k: "angle", width: w });
const bitsT = (w: number): CType => ({ k: "bits", width: w });
const BOOL: CType = { k: "bool" };

const c = cConst;
/** A bit-string literal, most significant bit on the left (as in the spec's examples). */
const bs = (s: string): CExpr => c(bitsT(s.length), parseInt(s, 2));
const str = (v: number, w: number): string => v.toString(2).padStart(w, "0");
const variable = (index: number, type: CType): CExpr => ({ k: "var", index, type });
const PI = Math.PI;
const names = { bit: (b: number) => `c[${b}]`, var: (i: number) => `v${i}` };

/** Evaluates `op` on two values both as constants (folded) and as run-time variables. */
function both(op: CBinaryOp, ta: CType, x: number, tb: CType, y: number): { folded: number; runtime: number; type: CType } {
  const folded = ok(cBinary(op, c(ta, x), c(tb, y)));
  const rt = ok(cBinary(op, variable(0, ta), variable(1, tb)));
  const env = { bits: [], vars: [normalize(ta, x), normalize(tb, y)] };
  expect(folded.k).toBe("const");
  expect(rt.type).toEqual(folded.type);
  return { folded: evaluate(folded, EMPTY_ENV), runtime: compileCExpr(rt)(env), type: rt.type };
}
const bin = (op: CBinaryOp, ta: CType, x: number, tb: CType, y: number): number => {
  const r = both(op, ta, x, tb, y);
  expect(r.runtime).toBe(r.folded);
  return r.runtime;
};

// ---- normalize -------------------------------------------------------------------------------------

describe("normalize", () => {
  it("wraps sized integers (two's complement) and truncates unsized ones", () => {
    expect(normalize(int(8), 127)).toBe(127);
    expect(normalize(int(8), 128)).toBe(-128);
    expect(normalize(int(8), 255)).toBe(-1);
    expect(normalize(int(8), -129)).toBe(127);
    expect(normalize(uint(8), 256)).toBe(0);
    expect(normalize(uint(8), -1)).toBe(255);
    expect(normalize(int(), 3.7)).toBe(3);
    expect(normalize(int(), -3.7)).toBe(-3);
    expect(normalize(uint(), -3.7)).toBe(-3);
    expect(normalize(int(8), 2.9)).toBe(2);
    expect(Object.is(normalize(int(), -0.5), 0)).toBe(true);
    expect(normalize(uint(53), 2 ** 53)).toBe(0);
    expect(normalize(int(53), 2 ** 52)).toBe(-(2 ** 52));
  });
  it("non-finite values become 0 for int, uint, bits and angle; floats keep them", () => {
    for (const t of [int(), int(8), uint(), uint(4), bitsT(3), angle(), angle(8)]) {
      expect(normalize(t, NaN)).toBe(0);
      expect(normalize(t, Infinity)).toBe(0);
      expect(normalize(t, -Infinity)).toBe(0);
    }
    expect(normalize(float(), Infinity)).toBe(Infinity);
    expect(normalize(float(32), NaN)).toBeNaN();
    expect(normalize(BOOL, NaN)).toBe(1); // `val != 0`
  });
  it("float[32] rounds to single precision", () => {
    expect(normalize(float(32), 0.1)).toBe(Math.fround(0.1));
    expect(normalize(float(64), 0.1)).toBe(0.1);
    expect(normalize(float(), 0.1)).toBe(0.1);
  });
  it("bool is 0 or 1; bits[n] is taken mod 2^n", () => {
    expect(normalize(BOOL, 5)).toBe(1);
    expect(normalize(BOOL, 0)).toBe(0);
    expect(normalize(BOOL, -0.5)).toBe(1);
    expect(normalize(bitsT(3), 9)).toBe(1);
    expect(normalize(bitsT(3), -1)).toBe(7);
  });
  it("angles are reduced into [0, 2π); angle[n] rounds to multiples of 2π/2^n", () => {
    expect(normalize(angle(), 7)).toBeCloseTo(7 - 2 * PI, 15);
    expect(normalize(angle(), -PI / 2)).toBeCloseTo(1.5 * PI, 15);
    expect(normalize(angle(), 2 * PI)).toBe(0);
    expect(normalize(angle(4), PI)).toBe(PI); // "1000"
    expect(normalize(angle(6), PI / 2)).toBe(PI / 2); // "010000"
    expect(normalize(angle(8), 7 * (PI / 8))).toBe(7 * (PI / 8)); // "01110000"
    expect(normalize(angle(2), 2 * PI - 0.1)).toBe(0); // wraps
    expect(normalize(angle(3), -PI / 4)).toBeCloseTo((7 * PI) / 4, 15);
  });
  it("float → angle[8] rounds to nearest, ties to even (the spec's two_pi * (127/512) example)", () => {
    const twoPi = 6.283185307179586;
    const f = twoPi * (127 / 512);
    const a = ok(cCast(c(float(64), f), angle(8)));
    expect(val(cCast(a, bitsT(8)))).toBe(0b01000000);
  });
});

// ---- integers --------------------------------------------------------------------------------------

describe("integer arithmetic", () => {
  it("the spec's int[32] examples", () => {
    const i32 = int(32);
    expect(bin("*", i32, 2, i32, 3)).toBe(6);
    expect(bin("/", i32, 3, i32, 2)).toBe(1);
    expect(bin("%", i32, 3, i32, 2)).toBe(1);
    expect(bin("**", i32, 2, i32, 3)).toBe(8);
    expect(bin("+", i32, 2, i32, 4)).toBe(6);
  });
  it("`/` truncates toward zero and `%` takes the sign of the dividend (C)", () => {
    expect(bin("/", int(), 7, int(), 2)).toBe(3);
    expect(bin("/", int(), -7, int(), 2)).toBe(-3);
    expect(bin("/", int(), 7, int(), -2)).toBe(-3);
    expect(bin("/", int(), -7, int(), -2)).toBe(3);
    expect(bin("%", int(), -7, int(), 2)).toBe(-1);
    expect(bin("%", int(), 7, int(), -2)).toBe(1);
    expect(bin("%", int(8), -7, int(8), 3)).toBe(-1);
    expect(bin("/", uint(8), 200, uint(8), 7)).toBe(28);
  });
  it("sized arithmetic wraps", () => {
    expect(bin("+", int(8), 127, int(8), 1)).toBe(-128);
    expect(bin("-", uint(8), 0, uint(8), 1)).toBe(255);
    expect(bin("*", int(8), 16, int(8), 16)).toBe(0);
    expect(bin("/", int(8), -128, int(8), -1)).toBe(-128);
    expect(bin("**", uint(4), 3, uint(4), 3)).toBe(27 % 16);
    expect(bin("*", uint(53), 2 ** 53 - 1, uint(53), 2 ** 53 - 1)).toBe(1); // (−1)² mod 2^53
    expect(bin("+", uint(53), 2 ** 53 - 1, uint(53), 2 ** 53 - 1)).toBe(2 ** 53 - 2);
  });
  it("unsized integers do not wrap", () => {
    expect(bin("+", int(), 2 ** 40, int(), 2 ** 40)).toBe(2 ** 41);
    expect(bin("-", uint(), 1, uint(), 2)).toBe(-1);
  });
  it("`**` with a negative integer exponent truncates 1/b^|e|", () => {
    expect(bin("**", int(), 2, int(), -1)).toBe(0);
    expect(bin("**", int(), 1, int(), -5)).toBe(1);
    expect(bin("**", int(), -1, int(), -3)).toBe(-1);
    expect(bin("**", int(), -1, int(), -2)).toBe(1);
    expect(bin("**", int(), 3, int(), 0)).toBe(1);
  });
  it("integer division by zero: 0 at run time, an error between constants", () => {
    for (const op of ["/", "%"] as const) {
      expect(errOf(cBinary(op, c(int(), 5), c(int(), 0)))).toMatch(/division by zero/);
      expect(errOf(cBinary(op, c(uint(8), 5), c(uint(8), 0)))).toMatch(/division by zero/);
      const e = ok(cBinary(op, variable(0, int(8)), variable(1, int(8))));
      expect(evaluate(e, { bits: [], vars: [5, 0] })).toBe(0);
      expect(compileCExpr(e)({ bits: [], vars: [-5, 0] })).toBe(0);
    }
    expect(errOf(cBinary("**", c(int(), 0), c(int(), -1)))).toMatch(/division by zero/);
    expect(errOf(cCall("mod", [c(int(), 3), c(int(), 0)]))).toMatch(/division by zero/);
  });
  it("unary minus on int, uint (wraps) and bool (promoted to int)", () => {
    expect(val(cUnary("-", c(int(8), -128)))).toBe(-128);
    expect(val(cUnary("-", c(uint(8), 1)))).toBe(255);
    expect(val(cUnary("-", c(int(), 5)))).toBe(-5);
    const nb = ok(cUnary("-", c(BOOL, 1)));
    expect(nb.type).toEqual(int());
    expect(val(nb)).toBe(-1);
    expect(errOf(cUnary("-", bs("101")))).toMatch(/`-` needs a number/);
  });
});

describe("implicit promotion", () => {
  const typeOf = (op: CBinaryOp, ta: CType, tb: CType) => ok(cBinary(op, variable(0, ta), variable(1, tb))).type;
  it("follows the C99-like rules", () => {
    expect(typeOf("+", int(8), float())).toEqual(float());
    expect(typeOf("+", float(32), int(64 - 11))).toEqual(float(32));
    expect(typeOf("+", float(32), float(64))).toEqual(float(64));
    expect(typeOf("+", float(64), float())).toEqual(float());
    expect(typeOf("+", int(8), int(16))).toEqual(int(16));
    expect(typeOf("+", uint(8), int(16))).toEqual(int(16));
    expect(typeOf("+", uint(16), int(8))).toEqual(uint(16));
    expect(typeOf("+", uint(16), int(16))).toEqual(uint(16));
    expect(typeOf("+", int(8), int())).toEqual(int());
    expect(typeOf("+", uint(8), int())).toEqual(int());
    expect(typeOf("+", int(), uint())).toEqual(int());
    expect(typeOf("+", BOOL, BOOL)).toEqual(int());
    expect(typeOf("+", BOOL, uint(4))).toEqual(uint(4));
    expect(typeOf("+", bitsT(1), int())).toEqual(int()); // a scalar bit behaves as bool
    expect(typeOf("/", float(32), int())).toEqual(float(32));
  });
  it("inserts explicit cast nodes", () => {
    const e = ok(cBinary("+", variable(0, int(8)), variable(1, float())));
    expect(e.k === "binary" && e.a.k).toBe("cast");
    expect(e.k === "binary" && e.a.type).toEqual(float());
  });
  it("uint[8] vs int[8] follows C: the signed operand is converted to unsigned", () => {
    // int[8] −1 becomes uint[8] 255
    expect(bin("<", int(8), -1, uint(8), 1)).toBe(0);
    expect(bin("+", int(8), -1, uint(8), 1)).toBe(0);
  });
  it("float[32] arithmetic rounds to single precision", () => {
    expect(bin("+", float(32), 0.1, float(32), 0.2)).toBe(Math.fround(Math.fround(0.1) + Math.fround(0.2)));
    expect(bin("/", float(), 1, float(), 0)).toBe(Infinity);
    expect(bin("**", float(), -8, float(), 1 / 3)).toBeNaN();
    expect(bin("/", float(), 7, int(), 2)).toBe(3.5);
  });
  it("rejects `%` on floats and angles, with the operand types in the message", () => {
    expect(errOf(cBinary("%", variable(0, float()), variable(1, angle(8))))).toBe("`%` needs integers, not float and angle[8]");
    expect(errOf(cBinary("%", c(float(), 1), c(int(), 2)))).toMatch(/`%` needs integers, not float and int.*mod/);
    expect(errOf(cBinary("+", bs("101"), c(int(), 2)))).toMatch(/cast the register first, e\.g\. uint\[3\]/);
  });
});

// ---- bits, bitwise ---------------------------------------------------------------------------------

describe("bitwise operations", () => {
  const a = bs("10001111"), b = bs("01110000");
  const s8 = (e: CExpr | { error: string }) => str(val(e), 8);
  it("the spec's bit[8] examples", () => {
    expect(s8(cBinary("<<", a, c(int(), 1)))).toBe("00011110");
    expect(s8(cCall("rotl", [a, c(int(), 2)]))).toBe("00111110");
    expect(s8(cBinary("|", a, b))).toBe("11111111");
    expect(s8(cBinary("&", a, b))).toBe("00000000");
    expect(ok(cBinary("&", a, b)).type).toEqual(bitsT(8));
    expect(s8(cBinary("^", a, b))).toBe("11111111");
    expect(s8(cBinary(">>", a, c(int(), 3)))).toBe("00010001");
    expect(s8(cUnary("~", a))).toBe("01110000");
    expect(s8(cCall("rotl", [bs("00101010"), c(int(), 3)]))).toBe("01010001"); // types.rst
  });
  it("uint[6] 37: popcount 3, rotl by 3 is 44", () => {
    const u = c(uint(6), 37);
    const p = ok(cCall("popcount", [u]));
    expect(p.type).toEqual(uint());
    expect(val(p)).toBe(3);
    expect(val(cCall("popcount", [bs("10001111")]))).toBe(5);
    const r = ok(cCall("rotl", [u, c(int(), 3)]));
    expect(r.type).toEqual(uint(6));
    expect(val(r)).toBe(44);
    expect(val(cCall("rotr", [u, c(int(), -3)]))).toBe(44); // rotl(a, n) == rotr(a, -n)
    expect(val(cCall("rotl", [u, c(int(), 6 + 3)]))).toBe(44);
  });
  it("on sized ints (two's complement) with literal adaptation", () => {
    expect(bin("&", int(8), -1, int(8), 0x0f)).toBe(15);
    expect(bin("|", int(8), 0x70, int(8), 0x0f)).toBe(127);
    expect(bin("^", int(8), -1, int(8), 0x7f)).toBe(-128);
    expect(val(cUnary("~", c(int(8), 0)))).toBe(-1);
    expect(val(cUnary("~", c(uint(4), 5)))).toBe(10);
    const e = ok(cBinary("&", variable(0, uint(8)), c(int(), 0x0f)));
    expect(e.type).toEqual(uint(8));
    expect(evaluate(e, { bits: [], vars: [0xab] })).toBe(0x0b);
    const eb = ok(cBinary("&", bs("1011"), c(int(), 3)));
    expect(eb.type).toEqual(bitsT(4));
    expect(val(eb)).toBe(3);
  });
  it("shifts: << drops bits, >> is logical on uint/bits and arithmetic on int; negative distance goes the other way", () => {
    expect(bin("<<", uint(8), 0x81, int(), 1)).toBe(2);
    expect(bin(">>", uint(8), 0x80, int(), 7)).toBe(1);
    expect(bin(">>", int(8), -128, int(), 7)).toBe(-1);
    expect(bin(">>", int(8), -7, int(), 1)).toBe(-4);
    expect(bin("<<", int(8), 1, int(), 7)).toBe(-128);
    expect(bin("<<", uint(8), 1, int(), 8)).toBe(0);
    expect(bin(">>", int(8), -1, int(), 100)).toBe(-1);
    expect(bin("<<", uint(8), 4, int(), -2)).toBe(1);
    expect(bin(">>", uint(8), 1, int(), -3)).toBe(8);
    expect(bin("<<", uint(53), 2 ** 52 + 1, uint(), 1)).toBe(2);
  });
  it("rejects mixed sized and unsized operands, width mismatches, floats and bool `~`", () => {
    expect(errOf(cBinary("&", variable(0, int(8)), variable(1, int())))).toMatch(/sized/);
    expect(errOf(cBinary("&", bs("101"), bs("10")))).toMatch(/same sized type/);
    expect(errOf(cBinary("&", c(float(), 1), c(int(8), 1)))).toMatch(/integers or bit registers/);
    expect(errOf(cBinary("<<", variable(0, float()), c(int(), 1)))).toMatch(/shifts an integer/);
    expect(errOf(cBinary("<<", bs("101"), c(float(), 1)))).toMatch(/integer shift distance/);
    expect(errOf(cUnary("~", c(BOOL, 1)))).toMatch(/use `!`/);
    expect(errOf(cUnary("~", variable(0, uint())))).toMatch(/sized/);
    expect(errOf(cCall("popcount", [c(float(), 1)]))).toMatch(/popcount/);
    expect(errOf(cCall("rotl", [c(int(8), 1), c(int(), 1)]))).toMatch(/bit\[n\] or uint\[n\]/);
  });
  it("unsized integers combine and shift as exact integers (as the QDK reads them)", () => {
    const env = { bits: [], vars: [12, 10, -5] };
    expect(evaluate(ok(cBinary("&", variable(0, int()), variable(1, int()))), env)).toBe(8);
    expect(evaluate(ok(cBinary("|", variable(0, int()), variable(1, int()))), env)).toBe(14);
    expect(evaluate(ok(cBinary("^", variable(0, int()), variable(2, int()))), env)).toBe(12 ^ -5);
    expect(evaluate(ok(cBinary("<<", variable(0, int()), c(int(), 3))), env)).toBe(96);
    expect(evaluate(ok(cBinary(">>", variable(2, int()), c(int(), 1))), env)).toBe(-3);
    expect(evaluate(ok(cBinary("<<", variable(0, int()), c(int(), -2))), env)).toBe(3);
    expect(errOf(cUnary("~", variable(0, int())))).toMatch(/sized/);
  });
  it("bool & bool stays bool", () => {
    const e = ok(cBinary("^", c(BOOL, 1), variable(0, bitsT(1))));
    expect(e.type).toEqual(BOOL);
    expect(evaluate(e, { bits: [], vars: [1] })).toBe(0);
  });
});

// ---- comparisons and logic -------------------------------------------------------------------------

describe("comparisons and logical operators", () => {
  it("give bool", () => {
    const e = ok(cBinary("<", variable(0, int(8)), c(int(), 3)));
    expect(e.type).toEqual(BOOL);
    expect(evaluate(e, { bits: [], vars: [2] })).toBe(1);
    expect(bin(">=", float(), 2.5, int(), 2)).toBe(1);
    expect(bin("==", BOOL, 0, BOOL, 0)).toBe(1);
    expect(bin("!=", uint(4), 3, uint(4), 3)).toBe(0);
    expect(bin("<=", int(), -1, float(), -1)).toBe(1);
    expect(bin("==", float(), NaN, float(), NaN)).toBe(0);
    expect(bin("!=", float(), NaN, float(), NaN)).toBe(1);
  });
  it("bit registers compare with registers of the same width and with integers (as uint[n])", () => {
    expect(val(cBinary("==", bs("101"), c(int(), 5)))).toBe(1);
    expect(val(cBinary(">", bs("101"), bs("011")))).toBe(1);
    expect(errOf(cBinary("==", bs("101"), bs("01")))).toMatch(/same width/);
    const reg: CExpr = { k: "bits", src: [{ bit: 0 }, { bit: 1 }, { value: 1 }], type: bitsT(3) };
    const e = ok(cBinary("==", reg, c(int(), 6)));
    expect(evaluate(e, { bits: [0, 1], vars: [] })).toBe(1);
    expect(compileCExpr(e)({ bits: [1, 1], vars: [] })).toBe(0);
    expect(val(cBinary("==", variable(0, bitsT(1)), c(BOOL, 1)), { bits: [], vars: [1] })).toBe(1);
  });
  it("&&, || and ! need bool (a scalar bit counts)", () => {
    expect(bin("&&", BOOL, 1, BOOL, 0)).toBe(0);
    expect(bin("||", BOOL, 1, BOOL, 0)).toBe(1);
    expect(bin("||", bitsT(1), 0, BOOL, 0)).toBe(0);
    expect(val(cUnary("!", c(BOOL, 0)))).toBe(1);
    expect(val(cUnary("!", variable(0, bitsT(1))), { bits: [], vars: [1] })).toBe(0);
    expect(errOf(cUnary("!", c(int(), 1)))).toMatch(/`!` needs a bool, not int/);
    expect(errOf(cBinary("&&", c(int(), 1), c(BOOL, 1)))).toMatch(/bool operands/);
  });
});

// ---- angles ----------------------------------------------------------------------------------------

describe("angles", () => {
  const a4 = angle(4);
  const bits4 = (e: CExpr | { error: string }) => str(val(cCast(ok(e), bitsT(4))), 4);
  const a = c(a4, 7 * (PI / 8)), b = c(a4, PI / 8), cc = c(a4, 5 * (PI / 4)), two = c(uint(4), 2);
  it("the spec's angle[4] table", () => {
    expect(bits4(a)).toBe("0111");
    expect(bits4(b)).toBe("0001");
    expect(bits4(cc)).toBe("1010");
    expect(bits4(cBinary("+", a, b))).toBe("1000");
    expect(val(cBinary("+", a, b))).toBe(PI);
    expect(bits4(cBinary("-", b, a))).toBe("1010");
    expect(bits4(cBinary("/", a, two))).toBe("0011");
    expect(bits4(cBinary("*", two, cc))).toBe("0100");
    expect(bits4(cBinary("*", cc, two))).toBe("0100");
    const q = ok(cBinary("/", cc, b));
    expect(q.type).toEqual(uint(4));
    expect(val(q)).toBe(10);
    for (const e of [cBinary("+", a, b), cBinary("*", two, cc), cBinary("/", a, two)]) expect(ok(e).type).toEqual(a4);
  });
  it("negation is 2π − a; shifts act on the bit pattern", () => {
    expect(bits4(cUnary("-", c(a4, PI / 4)))).toBe("1110");
    expect(val(cUnary("-", c(a4, 0)))).toBe(0);
    expect(val(cBinary("+", c(a4, PI / 4), ok(cUnary("-", c(a4, PI / 4)))))).toBe(0);
    const nine = c(a4, 9 * (PI / 8));
    expect(bits4(nine)).toBe("1001");
    expect(val(cBinary("<<", nine, c(int(), 2)))).toBe(PI / 2);
    expect(val(cBinary(">>", nine, c(int(), 2)))).toBe(PI / 4);
    expect(bits4(cUnary("~", nine))).toBe("0110");
    expect(val(cUnary("-", c(angle(), PI / 2)))).toBeCloseTo(1.5 * PI, 15);
  });
  it("wraps around and compares on the ring", () => {
    const ang = variable(0, angle(8));
    const twice = ok(cBinary("*", c(int(), 2), ang));
    const env = { bits: [], vars: [normalize(angle(8), 1.5 * PI)] };
    expect(evaluate(twice, env)).toBe(PI);
    expect(evaluate(ok(cBinary(">=", twice, ang)), env)).toBe(0);
    expect(val(cBinary("+", c(a4, 1.5 * PI), c(a4, PI)))).toBe(PI / 2);
    expect(val(cBinary("*", c(a4, PI / 8), c(int(), -1)))).toBe(normalize(a4, -PI / 8));
  });
  it("a float meets an angle in + − and comparisons (converted to the angle type)", () => {
    const d = c(angle(32), PI);
    expect(val(cBinary("==", d, c(float(), PI)))).toBe(1);
    const s = ok(cBinary("+", c(angle(20), PI / 2), c(float(), PI)));
    expect(s.type).toEqual(angle(20));
    expect(val(s)).toBeCloseTo(1.5 * PI, 12);
  });
  it("different widths promote to the wider angle", () => {
    const e = ok(cBinary("+", c(angle(4), PI / 8), c(angle(8), PI / 128)));
    expect(e.type).toEqual(angle(8));
    expect(val(e)).toBe(PI / 8 + PI / 128);
    expect(ok(cBinary("<", c(angle(4), 0), c(angle(), 1))).type).toEqual(BOOL);
  });
  it("unsized angles compute in radians", () => {
    expect(val(cBinary("+", c(angle(), 1.5 * PI), c(angle(), PI)))).toBeCloseTo(PI / 2, 14);
    expect(val(cBinary("/", c(angle(), PI), c(int(), 4)))).toBeCloseTo(PI / 4, 15);
    expect(val(cBinary("/", c(angle(), PI), c(angle(), PI / 4 + 1e-9)))).toBe(3);
  });
  it("rejects operations the spec does not define", () => {
    expect(errOf(cBinary("*", c(a4, 1), c(a4, 1)))).toMatch(/multiplies only by an integer/);
    expect(errOf(cBinary("*", c(a4, 1), c(float(), 2)))).toMatch(/multiplies only by an integer/);
    expect(errOf(cBinary("/", c(uint(4), 1), c(a4, 1)))).toMatch(/divided by an angle/);
    expect(errOf(cBinary("+", c(a4, 1), c(int(), 1)))).toMatch(/adds only to an angle/);
    expect(errOf(cBinary("**", c(a4, 1), c(a4, 1)))).toMatch(/needs numbers/);
    expect(errOf(cBinary("==", c(a4, 1), c(int(), 1)))).toMatch(/compares an angle only/);
    expect(errOf(cBinary("/", c(a4, 1), c(a4, 0)))).toMatch(/division by zero/);
    expect(errOf(cBinary("&", c(a4, 1), c(angle(8), 1)))).toMatch(/same sized type/);
  });
});

// ---- casts -----------------------------------------------------------------------------------------

describe("casts", () => {
  // The spec's casting table (rows: from, columns: to) over bool, int, uint, float, angle, bit.
  const kinds = ["bool", "int", "uint", "float", "angle", "bit"] as const;
  const table: Record<(typeof kinds)[number], string> = {
    bool: "-YYYNY", int: "Y-YYNY", uint: "YY-YNY", float: "YYY-YN", angle: "YNNN-Y", bit: "YYYNY-",
  };
  const sample = (k: (typeof kinds)[number]): CType =>
    k === "bool" ? BOOL : k === "bit" ? bitsT(8) : k === "float" ? float(64) : ({ k, width: 8 } as CType);
  for (const from of kinds) {
    kinds.forEach((to, j) => {
      const allowed = table[from][j];
      if (allowed === "-") return;
      it(`${from} → ${to}: ${allowed === "Y" ? "allowed" : "not allowed"}`, () => {
        const r = cCast(variable(0, sample(from)), sample(to));
        if (allowed === "Y") expect("error" in r).toBe(false);
        else expect(errOf(r)).toMatch(/cannot cast/);
      });
    });
  }
  it("bool casts", () => {
    expect(val(cCast(c(BOOL, 1), float()))).toBe(1);
    expect(val(cCast(c(BOOL, 1), int(8)))).toBe(1);
    expect(str(val(cCast(c(BOOL, 1), bitsT(4))), 4)).toBe("0001");
    expect(val(cCast(c(int(), 5), BOOL))).toBe(1);
    expect(val(cCast(c(float(), 0), BOOL))).toBe(0);
    expect(val(cCast(c(angle(8), PI), BOOL))).toBe(1);
    expect(val(cCast(bs("000"), BOOL))).toBe(0);
  });
  it("int ↔ uint reinterprets two's complement: x == int[n](uint[n](x))", () => {
    expect(val(cCast(c(uint(8), 200), int(8)))).toBe(-56);
    expect(val(cCast(c(int(8), -1), uint(8)))).toBe(255);
    expect(val(cCast(ok(cCast(c(int(8), -56), uint(8))), int(8)))).toBe(-56);
    expect(val(cCast(c(uint(32), 10), int(16)))).toBe(10);
  });
  it("float → int truncates toward zero (and wraps for sized)", () => {
    expect(val(cCast(c(float(), 2.5), int(8)))).toBe(2);
    expect(val(cCast(c(float(), -2.5), int()))).toBe(-2);
    expect(val(cCast(c(float(), 300.7), uint(8)))).toBe(44);
    expect(val(cCast(c(float(), 2.5), uint()))).toBe(2); // uint(f1) in the spec: 2
    expect(val(cCast(c(int(), 3), float(32)))).toBe(3);
  });
  it("int/uint ↔ bit[n] (same width, two's complement, little endian) and bit → unsized int", () => {
    expect(str(val(cCast(c(int(8), -2), bitsT(8))), 8)).toBe("11111110");
    expect(val(cCast(bs("11111110"), int(8)))).toBe(-2);
    expect(val(cCast(bs("11111110"), uint(8)))).toBe(254);
    expect(val(cCast(bs("10"), int()))).toBe(2);
    expect(str(val(cCast(c(int(), 5), bitsT(4))), 4)).toBe("0101"); // unsized: low bits
    expect(errOf(cCast(c(int(16), 1), bitsT(8)))).toMatch(/widths differ/);
    expect(errOf(cCast(bs("101"), int(8)))).toMatch(/widths differ/);
    expect(errOf(cCast(bs("101"), bitsT(4)))).toMatch(/slicing/);
    expect(errOf(cCast(bs("101"), float()))).toMatch(/cannot cast/);
  });
  it("angle ↔ bit[n] copies the bit pattern; float → angle reduces", () => {
    expect(str(val(cCast(c(angle(4), PI), bitsT(4))), 4)).toBe("1000");
    expect(str(val(cCast(c(angle(8), 7 * (PI / 8)), bitsT(8))), 8)).toBe("01110000");
    expect(val(cCast(bs("1000"), angle(4)))).toBe(PI);
    expect(val(cCast(c(float(), 5 * PI), angle()))).toBeCloseTo(PI, 14);
    expect(errOf(cCast(c(angle(4), PI), bitsT(8)))).toMatch(/widths differ/);
    expect(errOf(cCast(c(angle(), PI), bitsT(8)))).toMatch(/unsized angle/);
    expect(errOf(cCast(bs("1000"), angle()))).toMatch(/angle\[4\]/);
    expect(errOf(cCast(c(angle(8), 1), float()))).toMatch(/cannot cast angle\[8\] to float/);
  });
  it("angle → angle: padding is exact, narrowing rounds to nearest, ties to even", () => {
    expect(val(cCast(c(angle(4), PI / 8), angle(8)))).toBe(PI / 8);
    // angle[8] index 3 → angle[6]: 3/4 = 0.75 → 1; index 2 → 0.5 → tie → 0; index 6 → 1.5 → 2
    const narrow = (k: number) => val(cCast(c(angle(8), (k * 2 * PI) / 256), angle(6))) / ((2 * PI) / 64);
    expect(narrow(3)).toBeCloseTo(1, 12);
    expect(narrow(2)).toBeCloseTo(0, 12);
    expect(narrow(6)).toBeCloseTo(2, 12);
    expect(narrow(255)).toBe(0); // wraps
  });
  it("cast nodes fold on constants and stay nodes otherwise; identity casts vanish", () => {
    expect(ok(cCast(c(int(), 3), float())).k).toBe("const");
    expect(ok(cCast(variable(0, int()), float())).k).toBe("cast");
    const v = variable(0, int(8));
    expect(ok(cCast(v, int(8)))).toBe(v);
  });
});

describe("assignConvert (implicit conversions)", () => {
  it("allows float → angle, angle → wider/narrower angle, int → float, int ↔ uint, bool ↔ bit", () => {
    expect(ok(assignConvert(c(float(), PI / 2), angle(20))).type).toEqual(angle(20));
    expect(val(assignConvert(c(float(), PI / 2), angle(20)))).toBe(PI / 2);
    expect(ok(assignConvert(variable(0, angle(8)), angle(4))).type).toEqual(angle(4));
    expect(val(assignConvert(c(int(), 3), float(32)))).toBe(3);
    expect(val(assignConvert(c(int(), -1), uint(8)))).toBe(255);
    expect(val(assignConvert(c(BOOL, 1), bitsT(1)))).toBe(1);
    expect(val(assignConvert(c(bitsT(1), 1), int()))).toBe(1);
    expect(val(assignConvert(c(int(), 1), bitsT(1)))).toBe(1); // bit b = 1;
    expect(val(assignConvert(c(int(), 5), BOOL))).toBe(1);
  });
  it("rejects angle → float, float → int, int → angle, bit[n] ↔ int", () => {
    expect(errOf(assignConvert(variable(0, angle(8)), float()))).toMatch(/implicitly/);
    expect(errOf(assignConvert(c(float(32), 1), int(53)))).toMatch(/int\[53\]\(…\) to truncate/);
    expect(errOf(assignConvert(c(int(), 1), angle(8)))).toMatch(/not an angle/);
    expect(errOf(assignConvert(bs("101"), int()))).toMatch(/explicit cast/);
    expect(errOf(assignConvert(c(int(), 5), bitsT(3)))).toMatch(/explicit cast/);
    expect(errOf(assignConvert(bs("101"), bitsT(4)))).toMatch(/implicitly/);
  });
});

// ---- builtins --------------------------------------------------------------------------------------

describe("built-in functions", () => {
  it("trigonometry on floats and angles; ints are promoted", () => {
    expect(val(cCall("sin", [c(angle(20), PI / 2)]))).toBe(1);
    expect(ok(cCall("cos", [variable(0, angle(8))])).type).toEqual(float());
    const e = ok(cCall("exp", [variable(0, int(8))]));
    expect(e.type).toEqual(float());
    expect(evaluate(e, { bits: [], vars: [1] })).toBe(Math.E);
    expect(ok(cCall("sqrt", [variable(0, float(32))])).type).toEqual(float(32));
    expect(val(cCall("sqrt", [c(float(32), 2)]))).toBe(Math.fround(Math.SQRT2));
    expect(val(cCall("arccos", [c(float(), -1)]))).toBe(PI);
    expect(val(cCall("arctan", [c(float(), 1)]))).toBe(PI / 4);
    expect(val(cCall("log", [c(float(), -1)]))).toBeNaN();
    expect(errOf(cCall("arcsin", [c(angle(8), 1)]))).toMatch(/`arcsin` takes a float, not angle\[8\]/);
    expect(errOf(cCall("sin", [bs("101")]))).toMatch(/float or an angle/);
    expect(errOf(cCall("sin", []))).toMatch(/takes 1 argument, not 0/);
  });
  it("floor, ceiling, mod, pow", () => {
    expect(val(cCall("floor", [c(float(), -1.5)]))).toBe(-2);
    expect(val(cCall("ceiling", [c(float(), -1.5)]))).toBe(-1);
    expect(val(cCall("floor", [c(int(), 3)]))).toBe(3);
    expect(val(cCall("mod", [c(float(), -7.5), c(float(), 2)]))).toBe(-1.5);
    expect(ok(cCall("mod", [c(int(), 7), c(float(), 2)])).type).toEqual(float());
    const m = ok(cCall("mod", [variable(0, int(8)), c(int(8), 3)]));
    expect(m.type).toEqual(int(8));
    expect(evaluate(m, { bits: [], vars: [-7] })).toBe(-1);
    expect(val(cCall("pow", [c(int(), 3), c(int(), 4)]))).toBe(81);
    expect(val(cCall("pow", [c(float(), 2), c(float(), 0.5)]))).toBe(Math.SQRT2);
    expect(errOf(cCall("mod", [c(angle(4), 1), c(int(), 2)]))).toMatch(/two numbers/);
  });
});

// ---- limits ----------------------------------------------------------------------------------------

describe("limits", () => {
  it("rejects integers and registers wider than 53 bits, angles wider than 50, odd float widths", () => {
    expect(checkType(int(53))).toBeUndefined();
    expect(checkType(int(64))).toMatch(/53 bits/);
    expect(errOf(cBinary("+", variable(0, int(64)), c(int(), 1)))).toMatch(/too wide.*JS numbers/);
    expect(errOf(cCast(c(int(), 1), uint(54)))).toMatch(/too wide/);
    expect(errOf(cCall("popcount", [variable(0, bitsT(60))]))).toMatch(/too wide/);
    expect(errOf(assignConvert(c(float(), 1), angle(64)))).toMatch(/50 bits/);
    expect(errOf(cUnary("-", variable(0, float(16))))).toMatch(/float\[32\] and float\[64\]/);
    expect(checkType(float(32))).toBeUndefined();
  });
});

// ---- printing --------------------------------------------------------------------------------------

describe("typeName and cexprToQasm", () => {
  it("names types as OpenQASM 3 writes them", () => {
    expect(typeName(int(8))).toBe("int[8]");
    expect(typeName(angle(20))).toBe("angle[20]");
    expect(typeName(bitsT(3))).toBe("bit[3]");
    expect(typeName(bitsT(1))).toBe("bit");
    expect(typeName(BOOL)).toBe("bool");
    expect(typeName(uint())).toBe("uint");
    expect(typeName(float(32))).toBe("float[32]");
  });
  it("prints constants with their types; floats always with a decimal point", () => {
    const p = (e: CExpr) => cexprToQasm(e, names);
    expect(p(c(float(), 1))).toBe("1.0");
    expect(p(c(float(), -2))).toBe("(-2.0)");
    expect(p(c(float(), 1e21))).toBe("1.0e+21");
    expect(p(c(float(), 1.5e-7))).toBe("1.5e-7");
    expect(p(c(float(32), 0.5))).toBe("float[32](0.5)");
    expect(p(c(angle(8), 0))).toBe("angle[8](0.0)");
    expect(p(c(angle(), PI))).toBe(`angle(${PI})`);
    expect(p(c(int(), -3))).toBe("(-3)");
    expect(p(c(int(), 2 ** 60))).toBe("1152921504606846976");
    expect(p(c(int(8), -3))).toBe("int[8](-3)");
    expect(p(c(uint(), 3))).toBe("uint(3)");
    expect(p(c(BOOL, 1))).toBe("true");
    expect(p(bs("0101"))).toBe('"0101"');
    expect(p(c(float(), Infinity))).toBe("exp(1000.0)");
  });
  it("prints expressions fully parenthesised with their casts", () => {
    const e = ok(cBinary("+", variable(0, int(8)), variable(1, float())));
    expect(cexprToQasm(e, names)).toBe("(float(v0) + v1)");
    const f = ok(cBinary("<", ok(cUnary("-", variable(0, int()))), c(int(), -2)));
    expect(cexprToQasm(f, names)).toBe("((-v0) < (-2))");
    const g = ok(cCall("pow", [variable(0, float()), c(float(), 2)]));
    expect(cexprToQasm(g, names)).toBe("(v0 ** 2.0)");
    const h = ok(cCall("rotl", [variable(0, uint(4)), variable(1, uint(8))]));
    expect(cexprToQasm(h, names)).toBe("rotl(v0, int(v1))");
  });
  it("prints bit reads: one bit, a register built bit by bit, or via the emitter's hook", () => {
    const one: CExpr = { k: "bits", src: [{ bit: 4 }], type: bitsT(1) };
    expect(cexprToQasm(one, names)).toBe("c[4]");
    const reg: CExpr = { k: "bits", src: [{ bit: 0 }, { value: 1 }, { bit: 2 }], type: bitsT(3) };
    // (a scalar bit casts to an unsized uint only: uint[3](c[0]) would be a width mismatch)
    expect(cexprToQasm(reg, names)).toBe("bit[3](uint(c[0]) + 4 * uint(c[2]) + 2)");
    expect(cexprToQasm(reg, { ...names, bits: () => "c" })).toBe("c");
    const k: CExpr = { k: "bits", src: [{ value: 1 }, { value: 0 }], type: bitsT(2) };
    expect(isConstant(k)).toBe(true);
    expect(cexprToQasm(k, names)).toBe('"01"');
  });
});

// ---- properties ------------------------------------------------------------------------------------

/** A small deterministic PRNG so that fast-check only has to supply a seed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LEAF_TYPES: CType[] = [BOOL, int(), int(8), int(32), uint(), uint(6), uint(53), float(), float(32), angle(), angle(4), angle(20), bitsT(1), bitsT(4), bitsT(8)];
const OPS: CBinaryOp[] = ["+", "-", "*", "/", "%", "**", "&", "|", "^", "<<", ">>", "==", "!=", "<", "<=", ">", ">=", "&&", "||"];
const FNS = ["sin", "cos", "tan", "arcsin", "arccos", "arctan", "exp", "log", "sqrt", "floor", "ceiling", "mod", "pow", "popcount", "rotl", "rotr"] as const;

function randomValue(r: () => number, t: CType): number {
  const x = r();
  if (t.k === "float") return x < 0.1 ? Math.round((r() - 0.5) * 10) : (r() - 0.5) * 20;
  if (t.k === "angle") return r() * 2 * PI;
  if (t.k === "bool") return x < 0.5 ? 0 : 1;
  const w = (t as { width?: number }).width;
  if (w === undefined) return Math.round((r() - 0.5) * 40);
  return Math.floor(r() * 2 ** w);
}

/** A random well-typed expression over variables 0..n-1 (types `vt`) and bits 0..7, built by the builders. */
function randomExpr(r: () => number, vt: CType[], depth: number, constOnly = false): CExpr {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  if (depth <= 0 || r() < 0.25) {
    const x = r();
    if (constOnly || x < 0.4) {
      const t = pick(LEAF_TYPES);
      return cConst(t, randomValue(r, t));
    }
    if (x < 0.55) {
      const n = 1 + Math.floor(r() * 4);
      const src = Array.from({ length: n }, () => (r() < 0.8 ? { bit: Math.floor(r() * 8) } : { value: (r() < 0.5 ? 0 : 1) as 0 | 1 }));
      return { k: "bits", src, type: bitsT(n) };
    }
    const i = Math.floor(r() * vt.length);
    return variable(i, vt[i]!);
  }
  for (let attempt = 0; attempt < 20; attempt++) {
    const x = r();
    let res: CExpr | { error: string };
    if (x < 0.55) res = cBinary(pick(OPS), randomExpr(r, vt, depth - 1, constOnly), randomExpr(r, vt, depth - 1, constOnly));
    else if (x < 0.7) res = cUnary(pick(["-", "!", "~"] as const), randomExpr(r, vt, depth - 1, constOnly));
    else if (x < 0.85) res = cCast(randomExpr(r, vt, depth - 1, constOnly), pick(LEAF_TYPES));
    else {
      const fn = pick(FNS);
      const n = fn === "mod" || fn === "pow" || fn === "rotl" || fn === "rotr" ? 2 : 1;
      res = cCall(fn, Array.from({ length: n }, () => randomExpr(r, vt, depth - 1, constOnly)));
    }
    if (!("error" in res)) return res;
  }
  return cConst(int(), 1);
}

const sameNumber = (a: number, b: number) => Object.is(a, b) || (a === b);

function nodes(e: CExpr): CExpr[] {
  switch (e.k) {
    case "const": case "bits": case "var": return [e];
    case "unary": case "cast": return [e, ...nodes(e.a)];
    case "binary": return [e, ...nodes(e.a), ...nodes(e.b)];
    case "call": return [e, ...e.args.flatMap(nodes)];
  }
}

describe("properties", () => {
  it("evaluate == compileCExpr, and every node's value is normalised to its type", () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const r = rng(seed);
        const vt = [r() < 0.5 ? int(8) : uint(6), float(), angle(4), bitsT(3), BOOL];
        const e = randomExpr(r, vt, 4);
        for (let k = 0; k < 3; k++) {
          const env = { bits: Array.from({ length: 8 }, () => (r() < 0.5 ? 0 : 1)), vars: vt.map((t) => normalize(t, randomValue(r, t))) };
          const a = evaluate(e, env), b = compileCExpr(e)(env);
          expect(sameNumber(a, b) || (Number.isNaN(a) && Number.isNaN(b))).toBe(true);
          for (const n of nodes(e)) {
            const v = evaluate(n, env);
            expect(Number.isNaN(v) || sameNumber(normalize(n.type, v), v)).toBe(true);
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it("constant folding agrees with run-time evaluation", () => {
    const types = [int(8), uint(8), int(), float(), angle(6), bitsT(4), BOOL, uint(53)];
    fc.assert(
      fc.property(fc.integer(), fc.constantFrom(...OPS), (seed, op) => {
        const r = rng(seed);
        const ta = types[Math.floor(r() * types.length)]!, tb = types[Math.floor(r() * types.length)]!;
        const x = normalize(ta, randomValue(r, ta)), y = normalize(tb, randomValue(r, tb));
        const f = cBinary(op, c(ta, x), c(tb, y));
        const rt = cBinary(op, variable(0, ta), variable(1, tb));
        if ("error" in rt) {
          // only an unsized integer literal meeting a sized operand in `&`/`|`/`^` types where a variable does not
          const literalAdapted = ["&", "|", "^"].includes(op) && [ta, tb].some((t) => (t.k === "int" || t.k === "uint") && t.width === undefined);
          if (!literalAdapted) expect("error" in f).toBe(true);
          return;
        }
        if ("error" in f) {
          expect(f.error).toMatch(/division by zero/);
          return;
        }
        expect(f.k).toBe("const");
        const v = compileCExpr(rt)({ bits: [], vars: [x, y] });
        expect(sameNumber(evaluate(f, EMPTY_ENV), v) || (Number.isNaN(v) && Number.isNaN(evaluate(f, EMPTY_ENV)))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it("normalize is idempotent", () => {
    fc.assert(
      fc.property(fc.constantFrom(...LEAF_TYPES, angle(50), int(53), uint(1), int(1)), fc.double(), (t, v) => {
        const n = normalize(t, v);
        const n2 = normalize(t, n);
        expect(Number.isNaN(n) ? Number.isNaN(n2) : n2 === n).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("int[n]/uint[n] arithmetic equals a BigInt reference mod 2^n", () => {
    const wrapRef = (x: bigint, n: number, signed: boolean): number => {
      const m = 1n << BigInt(n);
      let r = ((x % m) + m) % m;
      if (signed && r >= m >> 1n) r -= m;
      return Number(r);
    };
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 53 }), fc.boolean(), fc.bigInt(), fc.bigInt(), fc.constantFrom("+", "-", "*", "/", "%", "**", "&", "|", "^") as fc.Arbitrary<CBinaryOp>,
        (n, signed, x0, y0, op) => {
          const t: CType = { k: signed ? "int" : "uint", width: n };
          const x = wrapRef(x0, n, signed), y = wrapRef(op === "**" ? (y0 < 0n ? -y0 : y0) % 70n : y0, n, signed);
          if ((op === "/" || op === "%") && y === 0) return;
          if (op === "**" && y < 0) return;
          const X = BigInt(x), Y = BigInt(y), m = 1n << BigInt(n);
          const ux = ((X % m) + m) % m, uy = ((Y % m) + m) % m;
          const ref: Record<string, () => bigint> = {
            "+": () => X + Y, "-": () => X - Y, "*": () => X * Y, "/": () => X / Y, "%": () => X % Y, "**": () => X ** Y,
            "&": () => ux & uy, "|": () => ux | uy, "^": () => ux ^ uy,
          };
          expect(bin(op, t, x, t, y)).toBe(wrapRef(ref[op]!(), n, signed));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("shifts on uint[n] equal a BigInt reference", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 53 }), fc.bigInt({ min: 0n, max: (1n << 53n) - 1n }), fc.integer({ min: 0, max: 60 }), (n, x0, s) => {
        const m = 1n << BigInt(n), x = x0 % m;
        expect(bin("<<", uint(n), Number(x), int(), s)).toBe(Number((x << BigInt(s)) % m));
        expect(bin(">>", uint(n), Number(x), int(), s)).toBe(Number(x >> BigInt(s)));
      }),
      { numRuns: 1000 },
    );
  });

  it("rotl then rotr is the identity; rotl(a, n) == rotr(a, -n)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 53 }), fc.boolean(), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.integer({ min: -200, max: 200 }), (n, reg, f, d) => {
        const t: CType = reg ? bitsT(n) : uint(n);
        const x = Math.floor(f * 2 ** n);
        const v = variable(0, t), dist = variable(1, int());
        const env = { bits: [], vars: [x, d] };
        const l = ok(cCall("rotl", [v, dist]));
        const back = ok(cCall("rotr", [l, dist]));
        expect(evaluate(back, env)).toBe(x);
        const r = ok(cCall("rotr", [v, ok(cUnary("-", dist))]));
        expect(compileCExpr(r)(env)).toBe(evaluate(l, env));
        expect(val(cCall("popcount", [l]), env)).toBe(val(cCall("popcount", [v]), env));
      }),
      { numRuns: 1000 },
    );
  });

  it("angle[n] → bit[n] → angle[n] round trip, and bit[n] → angle[n] → bit[n]", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (n, f) => {
        const k = Math.floor(f * 2 ** n);
        const a = c(angle(n), (k * 2 * PI) / 2 ** n);
        const b = ok(cCast(a, bitsT(n)));
        expect(val(b)).toBe(k);
        expect(val(cCast(b, angle(n)))).toBe((a as { v: number }).v);
        const rv = variable(0, bitsT(n));
        const rt = ok(cCast(ok(cCast(rv, angle(n))), bitsT(n)));
        expect(evaluate(rt, { bits: [], vars: [k] })).toBe(k);
      }),
      { numRuns: 1000 },
    );
  });

  it("float → angle[n] lands within π/2^n of the value mod 2π", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.double({ min: -1e6, max: 1e6, noNaN: true }), (n, x) => {
        const a = val(cCast(c(float(), x), angle(n)));
        expect(a).toBeGreaterThanOrEqual(0);
        expect(a).toBeLessThan(2 * PI);
        let d = Math.abs(a - (((x % (2 * PI)) + 2 * PI) % (2 * PI)));
        d = Math.min(d, 2 * PI - d);
        expect(d).toBeLessThanOrEqual(PI / 2 ** n + 1e-9);
      }),
      { numRuns: 1000 },
    );
  });

  it("cexprToQasm prints every float/angle constant with a decimal point, never a bare integer", () => {
    const floatLit = /^\(?-?\d+\.\d+(e[+-]\d+)?\)?$/;
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const r = rng(seed);
        const vt = [int(8), float(), angle(8)];
        const e = randomExpr(r, vt, 4);
        const out = cexprToQasm(e, names);
        for (const n of nodes(e)) {
          if (n.k !== "const" || (n.type.k !== "float" && n.type.k !== "angle")) continue;
          const s = cexprToQasm(n, names);
          expect(out).toContain(s);
          if (!Number.isFinite(n.v)) continue;
          const inner = n.type.k === "angle" || n.type.width !== undefined ? s.replace(/^[a-z]+(\[\d+\])?\((.*)\)$/, "$2") : s;
          expect(inner).toMatch(floatLit);
        }
        // and all number tokens directly inside float[...]( / angle[...]( casts of constants carry a point
        expect(out).not.toMatch(/(angle|float)(\[\d+\])?\(\(?-?\d+\)?\)/);
      }),
      { numRuns: 500 },
    );
  });

  it("constant expressions print deterministically and fold to a const node", () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const e = randomExpr(rng(seed), [], 4, true);
        expect(isConstant(e)).toBe(true);
        expect(e.k).toBe("const");
      }),
      { numRuns: 300 },
    );
  });
});
