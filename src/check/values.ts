// The values a .qseq program computes with. One domain serves two modes:
// - checking: ints are intervals (a loop variable or a token payload ranges over its type), qubit
//   indices and measured bits may be unknown (-1); every reachable branch is visited once;
// - elaboration: everything is concrete (intervals of width one), one input sequence at a time.
// Real numbers are symbolic `Expr`s so that params and inputs stay symbolic in the circuit IR.

import type { BitLiteral, PauliFactor } from "../ir/circuit.js";
import type { Expr } from "../ir/expr.js";

export type Value =
  /** An integer known to lie in [lo, hi] (concrete when lo === hi). */
  | { readonly k: "int"; readonly lo: number; readonly hi: number }
  /** A real (float or angle); symbolic in params and inputs. */
  | { readonly k: "real"; readonly expr: Expr; readonly angle: boolean }
  /** A compile-time boolean; null = unknown while checking. */
  | { readonly k: "bool"; readonly value: boolean | null }
  /** A runtime condition on measured bits (a conjunction), or one measured bit (one literal, true). */
  | { readonly k: "bit"; readonly lits: readonly BitLiteral[] }
  /** The result of measuring several qubits. */
  | { readonly k: "bits"; readonly bits: readonly number[] }
  /** Qubit operands: `single` for one qubit; ids may be -1 (unknown while checking); null = unknown length. */
  | { readonly k: "qubits"; readonly ids: readonly number[] | null; readonly single: boolean }
  | { readonly k: "array"; readonly items: readonly Value[] }
  | { readonly k: "range"; readonly lo: Value & { k: "int" }; readonly hi: Value & { k: "int" } }
  /** A per-step token; variant null = any variant (checking). */
  | { readonly k: "token"; readonly variant: string | null; readonly payload: readonly Value[] }
  | { readonly k: "expect"; readonly factors: readonly PauliFactor[] }
  /** Nothing (a unitary cell used as a value, an error already reported). */
  | { readonly k: "none" };

export type IntValue = Value & { k: "int" };

export const int = (lo: number, hi = lo): IntValue => ({ k: "int", lo, hi });
export const isConcreteInt = (v: Value): boolean => v.k === "int" && v.lo === v.hi;
export const NONE: Value = { k: "none" };

/** How a value's type is named in messages. */
export function describe(v: Value): string {
  switch (v.k) {
    case "int": return "int";
    case "real": return v.angle ? "angle" : "float";
    case "bool": return "bool";
    case "bit": return v.lits.length === 1 && v.lits[0]!.value ? "bit" : "bit condition";
    case "bits": return `bit[${v.bits.length}]`;
    case "qubits": return v.single ? "qubit" : v.ids ? `qubit[${v.ids.length}]` : "qubit[]";
    case "array": return v.items.length ? `${describe(v.items[0]!).replace(/\[.*$/, "")}[${shapeOf(v).join(", ")}]` : "array[0]";
    case "range": return "range";
    case "token": return "token";
    case "expect": return "expectation";
    case "none": return "nothing";
  }
}

export function shapeOf(v: Value): number[] {
  const dims: number[] = [];
  let cur: Value | undefined = v;
  while (cur?.k === "array") { dims.push(cur.items.length); cur = cur.items[0]; }
  return dims;
}

// ---- interval arithmetic on ints ------------------------------------------------------------------

export function intAdd(a: IntValue, b: IntValue): IntValue { return int(a.lo + b.lo, a.hi + b.hi); }
export function intSub(a: IntValue, b: IntValue): IntValue { return int(a.lo - b.hi, a.hi - b.lo); }
export function intMul(a: IntValue, b: IntValue): IntValue {
  const c = [a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi].map((x) => (Number.isNaN(x) ? 0 : x));
  return int(Math.min(...c), Math.max(...c));
}
/** Integer remainder; with a positive constant modulus and a non-negative left side the range is known. */
export function intMod(a: IntValue, b: IntValue): IntValue | null {
  if (isConcreteInt(a) && isConcreteInt(b)) return b.lo === 0 ? null : int(((a.lo % b.lo) + b.lo) % b.lo);
  if (b.lo === b.hi && b.lo > 0) return a.lo >= 0 && a.hi < b.lo ? a : int(0, b.lo - 1);
  return int(-Infinity, Infinity);
}
export function intNeg(a: IntValue): IntValue { return int(-a.hi, -a.lo); }
export function intMin(a: IntValue, b: IntValue): IntValue { return int(Math.min(a.lo, b.lo), Math.min(a.hi, b.hi)); }
export function intMax(a: IntValue, b: IntValue): IntValue { return int(Math.max(a.lo, b.lo), Math.max(a.hi, b.hi)); }
