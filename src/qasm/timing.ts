// Durations (`duration`, `stretch`, `100ns`, `4dt`): typed and computed at import time, then dropped —
// the ideal simulator has no time, so `delay` and `box` are no-ops (a `box` body is lowered as a block).
//
// A duration is a · seconds + b · dt, plus possibly unknown stretch amounts. `dt` is the backend's sample
// time, unknown here: a duration mixing SI time and dt cannot be compared or divided by another, and
// neither can one with a stretch (its length is chosen by a scheduler). Everything else follows the
// specification's rules: durations add and subtract, scale by numbers, divide to give a float.

import type { DurationUnit } from "./ast.js";

export interface Duration {
  readonly k: "dur";
  /** The SI part, in seconds. */
  readonly s: number;
  /** The part in units of the backend's `dt`. */
  readonly dt: number;
  /** Contains stretch amounts (decided by a scheduler: unknown). */
  readonly stretch: boolean;
}

const SECONDS: Readonly<Record<Exclude<DurationUnit, "dt">, number>> = { ns: 1e-9, us: 1e-6, "µs": 1e-6, ms: 1e-3, s: 1 };

export function durationLiteral(v: number, unit: DurationUnit): Duration {
  return unit === "dt" ? { k: "dur", s: 0, dt: v, stretch: false } : { k: "dur", s: v * SECONDS[unit], dt: 0, stretch: false };
}

export const STRETCH: Duration = { k: "dur", s: 0, dt: 0, stretch: true };
export const ZERO_DURATION: Duration = { k: "dur", s: 0, dt: 0, stretch: false };

/** The result of an operation on durations: a value, or why not (E1004 a type error, E1002 not computable here). */
export type DurationResult =
  | { readonly ok: true; readonly v: Duration | { readonly k: "float" | "bool"; readonly v: number } }
  | { readonly ok: false; readonly code: "E1004" | "E1002"; readonly message: string; readonly help?: string };

const fail = (code: "E1004" | "E1002", message: string, help?: string): DurationResult => ({ ok: false, code, message, ...(help ? { help } : {}) });

/** A single number for two durations compared or divided: both SI or both dt, neither stretched. */
function commensurable(a: Duration, b: Duration): { x: number; y: number } | DurationResult {
  if (a.stretch || b.stretch) return fail("E1002", "the length of a `stretch` is chosen by the scheduler, not known at import time");
  const si = a.dt === 0 && b.dt === 0, dt = a.s === 0 && b.s === 0;
  if (si) return { x: a.s, y: b.s };
  if (dt) return { x: a.dt, y: b.dt };
  return fail("E1002", "durations in `dt` and in SI units cannot be compared: the length of `dt` depends on the backend");
}

/** `a op b` where at least one side is a duration; `number` is a plain (int/float) operand. */
export function durationBinary(op: string, a: Duration | number, b: Duration | number): DurationResult {
  if (typeof a !== "number" && typeof b !== "number") {
    switch (op) {
      case "+": case "-": {
        const sign = op === "+" ? 1 : -1;
        return { ok: true, v: { k: "dur", s: a.s + sign * b.s, dt: a.dt + sign * b.dt, stretch: a.stretch || b.stretch } };
      }
      case "/": case "==": case "!=": case "<": case "<=": case ">": case ">=": {
        const c = commensurable(a, b);
        if ("ok" in c) return c;
        const { x, y } = c;
        if (op === "/") return y === 0 ? fail("E1004", "division by a zero duration") : { ok: true, v: { k: "float", v: x / y } };
        const r = op === "==" ? x === y : op === "!=" ? x !== y : op === "<" ? x < y : op === "<=" ? x <= y : op === ">" ? x > y : x >= y;
        return { ok: true, v: { k: "bool", v: r ? 1 : 0 } };
      }
      default: return fail("E1004", `\`${op}\` is not defined on two durations`);
    }
  }
  const d = (typeof a === "number" ? b : a) as Duration;
  const k = (typeof a === "number" ? a : b) as number;
  if (op === "*") return { ok: true, v: scale(d, k) };
  if (op === "/" && typeof b === "number") return b === 0 ? fail("E1004", "division of a duration by zero") : { ok: true, v: scale(d, 1 / b) };
  return fail("E1004", `\`${op}\` between a duration and a number is not defined`, op === "+" || op === "-" ? "give the number a unit, e.g. `100ns`" : undefined);
}

function scale(d: Duration, k: number): Duration {
  return { k: "dur", s: d.s * k, dt: d.dt * k, stretch: d.stretch };
}

export function negateDuration(d: Duration): Duration {
  return scale(d, -1);
}

/** Whether a duration is certainly negative (a `delay` or `box` of negative length is refused). */
export function isNegative(d: Duration): boolean {
  return !d.stretch && (d.s < 0 || d.dt < 0) && d.s <= 0 && d.dt <= 0;
}

export function describeDuration(d: Duration): string {
  if (d.stretch) return "a stretch";
  const parts = [d.s !== 0 || d.dt === 0 ? `${Number((d.s * 1e9).toPrecision(6))}ns` : "", d.dt !== 0 ? `${d.dt}dt` : ""].filter(Boolean);
  return `a duration (${parts.join(" + ")})`;
}
