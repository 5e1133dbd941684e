// Number literals for OpenQASM 3 text.
//
// Every real value is printed as a float literal that parses back to the same double: the shortest
// round-trip digits (ECMAScript's Number → string), always with a decimal point (`1.0`, `0.1`,
// `1.0e-7`, `1.5e21`). A bare integer is never printed where a real is meant — qsharp-lang, for one,
// rejects `rx(1)` ("cannot cast const int to angle"). Integers proper (modifier counts, `pow(k)`
// exponents, indices, sizes) go through `formatInt`. Non-finite values have no literal: they throw.

/** A value with no OpenQASM literal (∞, NaN): the CLI reports it first (E0406, src/ir/finite.ts). */
export class NonFiniteValueError extends Error {
  constructor(readonly value: number) {
    super(`OpenQASM export: cannot print the non-finite number ${value} (see firstNonFiniteAngle in src/ir/finite.ts)`);
    this.name = "NonFiniteValueError";
  }
}

/** The shortest round-trip float literal for `v` (finite), e.g. `0.1`, `-2.5`, `1.0`, `1.0e-7`, `-0.0`. */
export function formatFloat(v: number): string {
  if (!Number.isFinite(v)) throw new NonFiniteValueError(v);
  if (v === 0) return Object.is(v, -0) ? "-0.0" : "0.0";
  const s = String(v); // shortest digits that round-trip (ECMA-262 Number::toString)
  const e = s.indexOf("e");
  if (e < 0) return s.includes(".") ? s : `${s}.0`;
  let mant = s.slice(0, e);
  let exp = s.slice(e + 1);
  if (!mant.includes(".")) mant += ".0";
  if (exp.startsWith("+")) exp = exp.slice(1);
  return `${mant}e${exp}`;
}

/** An integer literal (throws on non-integers: they would change meaning silently). */
export function formatInt(n: number): string {
  if (!Number.isSafeInteger(n)) throw new Error(`OpenQASM export: expected an integer, got ${n}`);
  return Object.is(n, -0) ? "0" : String(n);
}

/** True when `v` is an integer small enough to print exactly as an integer literal. */
export function isSmallInt(v: number): boolean {
  return Number.isSafeInteger(v) && !Object.is(v, -0);
}
