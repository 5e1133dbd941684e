import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { formatFloat, formatInt, isSmallInt } from "../../src/emit/qasm3/numbers.js";

// An OpenQASM 3 float literal with a decimal point (qasm3Lexer.g4 FloatLiteral, digits-dot-digits form).
const FLOAT_LITERAL = /^-?[0-9]+\.[0-9]+(e-?[0-9]+)?$/;

describe("formatFloat", () => {
  it("prints shortest round-trip digits with a decimal point", () => {
    expect(formatFloat(0.1)).toBe("0.1");
    expect(formatFloat(1)).toBe("1.0");
    expect(formatFloat(-2)).toBe("-2.0");
    expect(formatFloat(3.141592653589793)).toBe("3.141592653589793");
    expect(formatFloat(0.1 + 0.2)).toBe("0.30000000000000004");
    expect(formatFloat(123456789)).toBe("123456789.0");
    expect(formatFloat(1e21)).toBe("1.0e21");
    expect(formatFloat(1.5e300)).toBe("1.5e300");
    expect(formatFloat(1e-7)).toBe("1.0e-7");
    expect(formatFloat(-2.5e-10)).toBe("-2.5e-10");
    expect(formatFloat(5e-324)).toBe("5.0e-324");
    expect(formatFloat(Number.MAX_VALUE)).toBe("1.7976931348623157e308");
    expect(formatFloat(0)).toBe("0.0");
    expect(formatFloat(-0)).toBe("-0.0");
  });

  it("throws on NaN and infinities", () => {
    expect(() => formatFloat(Number.NaN)).toThrow(/non-finite/);
    expect(() => formatFloat(Number.POSITIVE_INFINITY)).toThrow(/non-finite/);
    expect(() => formatFloat(Number.NEGATIVE_INFINITY)).toThrow(/non-finite/);
  });

  it("round-trips every finite double exactly and always looks like a float literal (property)", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (v) => {
        const s = formatFloat(v);
        expect(s).toMatch(FLOAT_LITERAL);
        expect(Object.is(Number(s), v)).toBe(true);
      }),
      { numRuns: 20_000, seed: 20240611 },
    );
  });

  it("round-trips integers and small angles too (property)", () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer().map((i) => i * 1.0), fc.double({ min: -10, max: 10, noNaN: true })), (v) => {
        const s = formatFloat(v);
        expect(s).toMatch(FLOAT_LITERAL);
        expect(Object.is(Number(s), v)).toBe(true);
      }),
      { numRuns: 5_000, seed: 7 },
    );
  });
});

describe("formatInt", () => {
  it("prints integers and rejects everything else", () => {
    expect(formatInt(3)).toBe("3");
    expect(formatInt(-12)).toBe("-12");
    expect(formatInt(-0)).toBe("0");
    expect(() => formatInt(1.5)).toThrow(/integer/);
    expect(() => formatInt(2 ** 60)).toThrow(/integer/);
    expect(isSmallInt(4)).toBe(true);
    expect(isSmallInt(-0)).toBe(false);
    expect(isSmallInt(0.5)).toBe(false);
  });
});
