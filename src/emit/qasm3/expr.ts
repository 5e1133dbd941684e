// Printing symbolic angle expressions as OpenQASM 3 expressions, with the fewest parentheses that keep
// the tree (and so the floating-point evaluation order) exactly as built.
//
// OpenQASM 3 precedence (qasm3Parser.g4), loosest first: `+ -` < `* /` < unary `-` < `**` (right-assoc.)
// < atoms and calls. So `-a ** b` is `-(a ** b)` and `(-a) ** b` needs its parentheses. For readability
// a unary minus is never printed directly after a binary operator: `a * (-b)`, `a - (-b)`.
//
// Two contexts:
// - "float" (top level): params are `input float[64]` names, every operator and built-in function is
//   available (`ceil` prints as `ceiling`; `abs`, which OpenQASM 3 lacks, calls a helper subroutine).
// - "angle" (inside a `gate` body): qsharp-lang types gate parameters as `angle` (a fixed-point value
//   mod 2π) and only accepts angle ± angle, −angle, angle ± float constant and angle · (non-negative) integer there
//   ("cannot cast angle to float" otherwise). Those are also the operations that commute with reduction
//   mod 2π, so they stay exact. `angleKind` tells which expressions qualify; the emitter passes every
//   other argument expression in from the caller as an extra gate parameter ("lifting").

import { evaluate, type Expr, type UnaryFn } from "../../ir/expr.js";
import { formatFloat, formatInt, isSmallInt } from "./numbers.js";

const ADD = 1, MUL = 2, UNARY = 3, POW = 4, ATOM = 5;

interface Printed { readonly text: string; readonly prec: number }

export interface ExprNames {
  /** Name of an unbound param (float context only). */
  param(id: number): string;
  /** Name of a gate-definition argument (angle context only). */
  arg(index: number): string;
  /** Name of the `abs` helper subroutine (float context; called when `abs` occurs). */
  absHelper?(): string;
}

const FN_NAMES: Readonly<Record<Exclude<UnaryFn, "abs">, string>> = {
  sin: "sin", cos: "cos", tan: "tan", arcsin: "arcsin", arccos: "arccos", arctan: "arctan",
  exp: "exp", log: "log", sqrt: "sqrt", floor: "floor", ceil: "ceiling",
};

/** A non-negative float literal; π itself prints as `pi`. */
function literal(v: number): string {
  return v === Math.PI ? "pi" : formatFloat(v);
}

function numPrinted(v: number): Printed {
  if (v < 0 || Object.is(v, -0)) return { text: `-${literal(-v)}`, prec: UNARY };
  return { text: literal(v), prec: ATOM };
}

const paren = (p: Printed, min: number): string => (p.prec >= min ? p.text : `(${p.text})`);
/** Right operand of a binary operator: also parenthesise a leading unary minus. */
const parenRight = (p: Printed, min: number): string =>
  p.prec >= min && !p.text.startsWith("-") ? p.text : `(${p.text})`;

/** Prints an expression in the float context (see the file comment). `input` leaves must be bound first. */
export function printFloatExpr(e: Expr, names: ExprNames): string {
  return printF(e, names).text;
}

function printF(e: Expr, names: ExprNames): Printed {
  switch (e.k) {
    case "num": return numPrinted(e.v);
    case "param": return { text: names.param(e.id), prec: ATOM };
    case "input": throw new Error("OpenQASM export: an input value was left unbound");
    case "arg": return { text: names.arg(e.index), prec: ATOM };
    case "neg": {
      const a = printF(e.a, names);
      return { text: `-${a.prec >= UNARY && !a.text.startsWith("-") ? a.text : `(${a.text})`}`, prec: UNARY };
    }
    case "add": case "sub": {
      // a + (−c) prints as a − c and a − (−c) as a + c: both exact in IEEE arithmetic
      let op = e.k === "add" ? "+" : "-";
      let b = e.b;
      if (b.k === "num" && (b.v < 0 || Object.is(b.v, -0))) { op = op === "+" ? "-" : "+"; b = { k: "num", v: -b.v }; }
      return { text: `${paren(printF(e.a, names), ADD)} ${op} ${parenRight(printF(b, names), MUL)}`, prec: ADD };
    }
    case "mul": case "div":
      return { text: `${paren(printF(e.a, names), MUL)} ${e.k === "mul" ? "*" : "/"} ${parenRight(printF(e.b, names), UNARY)}`, prec: MUL };
    case "pow":
      return { text: `${paren(printF(e.a, names), ATOM)} ** ${parenRight(printF(e.b, names), POW)}`, prec: POW };
    case "fn": {
      const inner = printF(e.a, names).text;
      if (e.fn === "abs") {
        if (!names.absHelper) throw new Error("OpenQASM export: abs() is not available in this context");
        return { text: `${names.absHelper()}(${inner})`, prec: ATOM };
      }
      return { text: `${FN_NAMES[e.fn]}(${inner})`, prec: ATOM };
    }
  }
}

/**
 * How an expression can be printed inside a gate body: "const" (no free symbols: printed as one folded
 * float literal), "angle" (built from gate arguments with the mod-2π-exact operations), or null (must be
 * lifted to a gate parameter computed by the caller).
 */
export function angleKind(e: Expr): "const" | "angle" | null {
  switch (e.k) {
    case "num": return "const";
    case "arg": return "angle";
    case "param": case "input": return null;
    case "neg": return angleKind(e.a);
    case "add": case "sub": {
      const a = angleKind(e.a), b = angleKind(e.b);
      if (a === null || b === null) return null;
      return a === "angle" || b === "angle" ? "angle" : "const";
    }
    case "mul": {
      const a = angleKind(e.a), b = angleKind(e.b);
      if (a === null || b === null) return null;
      if (a === "const" && b === "const") return "const";
      if (a === "angle" && b === "angle") return null;
      const k = a === "const" ? e.a : e.b;
      return k.k === "num" && isSmallInt(k.v) ? "angle" : null;
    }
    case "div": case "pow": case "fn": {
      const a = angleKind(e.a), b = e.k === "fn" ? "const" : angleKind(e.b);
      return a === "const" && b === "const" ? "const" : null;
    }
  }
}

/** Prints an expression for which `angleKind` is not null, in the angle context. */
export function printAngleExpr(e: Expr, names: ExprNames): string {
  return printA(e, names).text;
}

function printA(e: Expr, names: ExprNames): Printed {
  const kind = angleKind(e);
  if (kind === null) throw new Error("internal: expression not printable inside a gate body");
  if (kind === "const") return numPrinted(evaluate(e, { params: [], inputs: [] }));
  switch (e.k) {
    case "arg": return { text: names.arg(e.index), prec: ATOM };
    case "neg": {
      const a = printA(e.a, names);
      return { text: `-${a.prec >= UNARY && !a.text.startsWith("-") ? a.text : `(${a.text})`}`, prec: UNARY };
    }
    case "add": case "sub": {
      let op = e.k === "add" ? "+" : "-";
      let b = e.b;
      if (b.k === "num" && (b.v < 0 || Object.is(b.v, -0))) { op = op === "+" ? "-" : "+"; b = { k: "num", v: -b.v }; }
      return { text: `${paren(printA(e.a, names), ADD)} ${op} ${parenRight(printA(b, names), MUL)}`, prec: ADD };
    }
    case "mul": {
      // angle · integer, with the integer as an integer literal (qsharp-lang: angle · float is a type
      // error, and a negative factor fails at run time, so −k·a prints as −(k * a))
      const [k, x] = angleKind(e.a) === "const" ? [e.a, e.b] : [e.b, e.a];
      const v = (k as { v: number }).v;
      const ax = printA(x, names);
      const text = k === e.a ? `${formatInt(Math.abs(v))} * ${parenRight(ax, UNARY)}` : `${paren(ax, MUL)} * ${formatInt(Math.abs(v))}`;
      return v < 0 ? { text: `-(${text})`, prec: UNARY } : { text, prec: MUL };
    }
    default: throw new Error("internal: unexpected angle expression");
  }
}

/** A structural key for an expression (for de-duplicating lifted gate parameters). */
export function exprKey(e: Expr): string {
  switch (e.k) {
    case "num": return Object.is(e.v, -0) ? "-0" : String(e.v);
    case "param": return `p${e.id}`;
    case "input": return `i${e.id}`;
    case "arg": return `a${e.index}`;
    case "neg": return `(- ${exprKey(e.a)})`;
    case "fn": return `(${e.fn} ${exprKey(e.a)})`;
    default: return `(${e.k} ${exprKey(e.a)} ${exprKey(e.b)})`;
  }
}
