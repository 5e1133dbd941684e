// The walker that gives .qseq programs their meaning. It runs in one of two modes over the same code:
// - "check": abstract values (ints as intervals, token payloads ranging over their types, unknown qubit
//   indices); every branch and match arm is visited once and loops run their body once with the loop
//   variable ranging over its bounds. It reports type, arity, bound and structure errors, and bounds
//   the number of ops per step (checked against the unroll limit before any elaboration starts).
// - "elaborate": concrete values for one input sequence; appends IR ops to a CircuitBuilder.
// Errors in elaboration mode abort (the first is enough: later ones would repeat for every step).

import type { BitLiteral, Modifier as IrModifier, PauliFactor, PauliLetter, UnitaryOp } from "../ir/circuit.js";
import * as X from "../ir/expr.js";
import { GATE_SIGNATURES, VARIADIC_BASE, type GateSignature } from "../ir/gate-signatures.js";
import { CircuitBuilder } from "../ir/builder.js";
import { closestName, diagnostic, type Diagnostic, type DiagnosticExtras } from "../diagnostics/diagnostic.js";
import type { Code } from "../diagnostics/catalogue.js";
import type * as A from "../syntax/ast.js";
import type { Span } from "../syntax/span.js";
import type { Program } from "./program.js";
import {
  describe, int, intAdd, intMax, intMin, intMod, intMul, intNeg, intSub, isConcreteInt, NONE,
  type IntValue, type Value,
} from "./values.js";

export type Mode = "check" | "elaborate";

import { DEFAULT_LIMITS, type Limits } from "./limits.js";
import { BUILTIN_CONSTANTS, BUILTIN_FUNCTIONS, REAL_FUNCTIONS } from "./builtins.js";
export { DEFAULT_LIMITS, type Limits };

const MAX_CALL_DEPTH = 64;
const MAX_ARRAY_ELEMENTS = 1_000_000;
const REAL_FUNCTION_SET = new Set(REAL_FUNCTIONS);
const CONSTANTS = BUILTIN_CONSTANTS;

/** Stops elaboration after a fatal diagnostic. */
export class Abort extends Error {
  constructor() { super("elaboration aborted"); }
}
class ReturnSignal {
  constructor(readonly value: Value) {}
}

interface EmitCount { min: number; max: number }

/** Where a model's step outputs may be emitted, and of which type. */
interface EmitContext {
  readonly output: A.OutputType | undefined;
  count: EmitCount;
  step: number;
}

export class Interpreter {
  readonly diagnostics: Diagnostic[] = [];
  readonly builder: CircuitBuilder;
  private scopes: Map<string, Value>[] = [new Map()];
  private readonly constCache = new Map<string, Value | "evaluating">();
  private readonly unitaryCache = new Map<string, boolean>();
  /** Param names read by any gate angle (for the unused-param warning). */
  readonly usedParams = new Set<string>();
  /** Ops counted while checking (elaboration counts in the builder). */
  checkedOps = 0;
  private callDepth = 0;
  /** Non-null while elaborating a unitary cell's body into a gate definition. */
  private defQubits: number | null = null;
  private runtimeIfDepth = 0;
  private emitCtx: EmitContext | null = null;
  private cellCtx: A.CellDecl | null = null;

  constructor(readonly program: Program, readonly mode: Mode, modelName: string, readonly limits: Limits = DEFAULT_LIMITS) {
    this.builder = new CircuitBuilder(modelName);
  }

  // ---- diagnostics ------------------------------------------------------------------------------------

  error(code: Code, span: Span, message: string, extras?: DiagnosticExtras): Value {
    this.diagnostics.push(diagnostic(code, span, message, extras));
    if (this.mode === "elaborate") throw new Abort();
    return NONE;
  }

  warn(code: Code, span: Span, message: string, extras?: DiagnosticExtras): void {
    this.diagnostics.push(diagnostic(code, span, message, extras));
  }

  // ---- scopes ---------------------------------------------------------------------------------------

  define(name: string, v: Value): void { if (name !== "") this.scopes[this.scopes.length - 1]!.set(name, v); }

  withScope<T>(body: () => T, fresh = false): T {
    const saved = this.scopes;
    // A fresh scope sees no enclosing names: cells see their own parameters and ports only
    // (global constants are looked up separately).
    this.scopes = fresh ? [new Map()] : [...saved, new Map()];
    try { return body(); } finally { this.scopes = saved; }
  }

  private lookup(name: string): Value | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const v = this.scopes[i]!.get(name);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  private countOp(): void {
    if (this.mode === "check") this.checkedOps++;
  }

  // ---- constants and compile-time values ----------------------------------------------------------

  globalConst(name: string, span: Span): Value | undefined {
    const decl = this.program.consts.get(name);
    if (!decl) return undefined;
    const cached = this.constCache.get(name);
    if (cached === "evaluating") return this.error("E0404", span, `constant \`${name}\` is defined in terms of itself`);
    if (cached) return cached;
    this.constCache.set(name, "evaluating");
    const v = this.withScope(() => this.constValue(decl), true);
    this.constCache.set(name, v);
    return v;
  }

  /** Evaluates a const declaration's value, checking it is compile-time and of its declared type. */
  constValue(decl: A.ConstDecl): Value {
    const v = this.evalExpr(decl.value);
    if (v.k === "none") return v;
    if (!this.isCompileTime(v)) return this.error("E0404", decl.value.span, `the value of \`${decl.name.name}\` is not known at compile time`, { help: "constants may use literals, other constants and hyperparameters" });
    return this.coerce(v, decl.type, decl.value.span);
  }

  private isCompileTime(v: Value): boolean {
    switch (v.k) {
      case "int": case "bool": return true;
      case "real": return v.expr.k === "num";
      case "array": return v.items.every((i) => this.isCompileTime(i));
      case "range": return true;
      default: return false;
    }
  }

  /** Requires a compile-time int (a size, a count). In check mode an interval is accepted and its upper end used. */
  requireInt(e: A.Expr, what: string): number | null {
    const v = this.evalExpr(e);
    if (v.k === "none") return null;
    if (v.k !== "int") { this.error("E0401", e.span, `${what} must be an int, found ${describe(v)}`); return null; }
    if (!Number.isFinite(v.hi)) { this.error("E0404", e.span, `${what} must be known at compile time`); return null; }
    if (v.lo !== v.hi && this.mode === "elaborate") { this.error("E0404", e.span, `${what} must be known at compile time`); return null; }
    return v.hi;
  }

  /** Converts a value to a declared classical type (int → float/angle, scalar broadcast into arrays). */
  coerce(v: Value, t: A.TypeExpr, span: Span): Value {
    if (v.k === "none") return v;
    if (t.k !== "prim") {
      if (v.k !== "int") return this.error("E0401", span, `expected an int, found ${describe(v)}`);
      return v;
    }
    const dims: number[] = [];
    for (const d of t.dims) {
      if (!d) return this.error("E0503", t.span, "only qubit ports may have an unspecified length");
      const n = this.requireInt(d, "an array size");
      if (n === null) return NONE;
      if (n < 0) return this.error("E0503", d.span, `array size ${n} is negative`);
      dims.push(n);
    }
    const total = dims.reduce((a, b) => a * b, 1);
    if (total > MAX_ARRAY_ELEMENTS) return this.error("E0503", t.span, `an array of ${total.toLocaleString("en-US")} elements is too large (the limit is ${MAX_ARRAY_ELEMENTS.toLocaleString("en-US")})`);
    const scalar = (x: Value): Value => {
      switch (t.name) {
        case "int": return x.k === "int" ? x : this.error("E0401", span, `expected int, found ${describe(x)}`);
        case "float": case "angle":
          if (x.k === "int") return { k: "real", expr: X.num(x.lo), angle: t.name === "angle" };
          if (x.k === "real") return { k: "real", expr: x.expr, angle: t.name === "angle" };
          return this.error("E0401", span, `expected ${t.name}, found ${describe(x)}`);
        case "bool": return x.k === "bool" ? x : this.error("E0401", span, `expected bool, found ${describe(x)}`);
        default: return this.error("E0401", span, `a ${t.name} cannot be a constant or a parameter`);
      }
    };
    const build = (x: Value, level: number): Value => {
      if (level === dims.length) return scalar(x);
      const n = dims[level]!;
      if (x.k === "array") {
        if (x.items.length !== n) return this.error("E0401", span, `expected ${n} elements, found ${x.items.length}`);
        return { k: "array", items: x.items.map((i) => build(i, level + 1)) };
      }
      const item = build(x, level + 1);
      return { k: "array", items: Array.from({ length: n }, () => item) };
    };
    return build(v, 0);
  }

  // ---- expressions ----------------------------------------------------------------------------------

  evalExpr(e: A.Expr): Value {
    switch (e.k) {
      case "int": return int(e.value);
      case "float": return { k: "real", expr: X.num(e.value), angle: false };
      case "bool": return { k: "bool", value: e.value };
      case "error": return NONE;
      case "name": return this.evalName(e.name, e.span);
      case "unary": return this.evalUnary(e);
      case "binary": return this.evalBinary(e);
      case "call": return this.evalCall(e);
      case "index": return this.evalIndex(e);
      case "range": {
        const lo = this.evalExpr(e.lo);
        const hi = this.evalExpr(e.hi);
        if (lo.k === "none" || hi.k === "none") return NONE;
        if (lo.k !== "int" || hi.k !== "int") return this.error("E0401", e.span, `range bounds must be ints, found ${describe(lo.k !== "int" ? lo : hi)}`);
        return { k: "range", lo, hi };
      }
      case "array": return { k: "array", items: e.items.map((i) => this.evalExpr(i)) };
      case "measure": return this.evalMeasure(e.operand, e.span);
      case "cellValue": return this.callCell(e.callee, e.args, e.operands, [], e.span, true);
      case "expect": return this.evalExpect(e);
    }
  }

  private evalName(name: string, span: Span): Value {
    if (name === "") return NONE;
    const v = this.lookup(name) ?? this.globalConst(name, span);
    if (v) return v;
    if (name in CONSTANTS) return { k: "real", expr: X.num(CONSTANTS[name]!), angle: true };
    if (this.program.cells.has(name) || GATE_SIGNATURES.has(name)) {
      return this.error("E0405", span, `\`${name}\` is a ${this.program.cells.has(name) ? "cell" : "gate"}, not a value`, { help: `apply it as a statement: \`${name} q;\`` });
    }
    const names = [...this.scopes.flatMap((s) => [...s.keys()]), ...this.program.consts.keys(), ...Object.keys(CONSTANTS)];
    const guess = closestName(name, names);
    return this.error("E0301", span, `unknown name \`${name}\``, { label: "not defined", ...(guess ? { help: `did you mean \`${guess}\`?` } : {}) });
  }

  private evalUnary(e: A.Expr & { k: "unary" }): Value {
    const a = this.evalExpr(e.a);
    if (a.k === "none") return a;
    if (e.op === "-") {
      if (a.k === "int") return intNeg(a);
      if (a.k === "real") return { ...a, expr: X.neg(a.expr) };
      return this.error("E0401", e.span, `cannot negate a ${describe(a)}`);
    }
    if (a.k === "bool") return { k: "bool", value: a.value === null ? null : !a.value };
    if (a.k === "bit") {
      if (a.lits.length !== 1) return this.error("E0603", e.span, "cannot negate a conjunction of measured bits", { help: "negate each bit: `!a || !b` is not supported at run time; restructure with nested ifs" });
      return { k: "bit", lits: [{ bit: a.lits[0]!.bit, value: !a.lits[0]!.value }] };
    }
    return this.error("E0401", e.span, `\`!\` needs a bool or a bit, found ${describe(a)}`);
  }

  private toReal(v: Value): X.Expr | null {
    if (v.k === "int") return Number.isFinite(v.lo) && v.lo === v.hi ? X.num(v.lo) : X.num(v.lo === v.hi ? v.lo : NaN);
    if (v.k === "real") return v.expr;
    return null;
  }

  private evalBinary(e: A.Expr & { k: "binary" }): Value {
    const a = this.evalExpr(e.a);
    const b = this.evalExpr(e.b);
    if (a.k === "none" || b.k === "none") return NONE;
    const op = e.op;
    const mismatch = (): Value => this.error("E0401", e.span, `\`${op}\` cannot combine ${describe(a)} and ${describe(b)}`);

    if (op === "&&" || op === "||") {
      if (a.k === "bool" && b.k === "bool") {
        if (op === "&&") return { k: "bool", value: a.value === false || b.value === false ? false : a.value === null || b.value === null ? null : true };
        return { k: "bool", value: a.value === true || b.value === true ? true : a.value === null || b.value === null ? null : false };
      }
      const la = this.condLits(a), lb = this.condLits(b);
      if (la === undefined || lb === undefined) return mismatch();
      if (op === "||") return this.error("E0603", e.span, "`||` on measured bits is not supported", { help: "use nested `if`s, or `!(!a && !b)` rewritten as separate branches" });
      // A compile-time `true` in a conjunction drops out; `false` makes the whole condition false.
      if (la === false || lb === false) return { k: "bool", value: false };
      return { k: "bit", lits: [...(la === true ? [] : la), ...(lb === true ? [] : lb)] };
    }

    if (op === "==" || op === "!=" || op === "<" || op === "<=" || op === ">" || op === ">=") {
      if ((a.k === "bit" || b.k === "bit") && (op === "==" || op === "!=")) {
        const [bitV, other] = a.k === "bit" ? [a, b] : [b, a];
        const lit = other.k === "int" && isConcreteInt(other) && (other.lo === 0 || other.lo === 1) ? other.lo === 1
          : other.k === "bool" && other.value !== null ? other.value : undefined;
        if (bitV.k !== "bit" || lit === undefined || bitV.lits.length !== 1) return this.error("E0603", e.span, "a measured bit can only be compared with 0, 1, true or false");
        const want = op === "==" ? lit : !lit;
        const l = bitV.lits[0]!;
        return { k: "bit", lits: [{ bit: l.bit, value: want ? l.value : !l.value }] };
      }
      if (a.k === "int" && b.k === "int") return { k: "bool", value: compareIntervals(op, a, b) };
      if (a.k === "bool" && b.k === "bool" && (op === "==" || op === "!=")) {
        return { k: "bool", value: a.value === null || b.value === null ? null : (a.value === b.value) === (op === "==") };
      }
      const ra = this.toReal(a), rb = this.toReal(b);
      if (!ra || !rb) return mismatch();
      if (ra.k !== "num" || rb.k !== "num") return this.error("E0404", e.span, "a comparison of reals must be known at compile time", { help: "conditions cannot depend on trainable params or inputs" });
      return { k: "bool", value: Number.isNaN(ra.v) || Number.isNaN(rb.v) ? null : compareNumbers(op, ra.v, rb.v) };
    }

    // Arithmetic
    if (a.k === "int" && b.k === "int" && op !== "/") {
      switch (op) {
        case "+": return intAdd(a, b);
        case "-": return intSub(a, b);
        case "*": return intMul(a, b);
        case "%": return intMod(a, b) ?? this.error("E0406", e.span, "remainder by zero");
        case "**":
          if (isConcreteInt(a) && isConcreteInt(b) && b.lo >= 0) return int(a.lo ** b.lo);
          break;
      }
    }
    if (a.k === "int" && b.k === "int" && op === "/" && isConcreteInt(b) && b.lo === 0) return this.error("E0406", e.span, "division by zero");
    const ra = this.toReal(a), rb = this.toReal(b);
    if (!ra || !rb) return mismatch();
    const angle = (a.k === "real" && a.angle) || (b.k === "real" && b.angle);
    switch (op) {
      case "+": return { k: "real", expr: X.add(ra, rb), angle };
      case "-": return { k: "real", expr: X.sub(ra, rb), angle };
      case "*": return { k: "real", expr: X.mul(ra, rb), angle };
      case "/": return { k: "real", expr: X.div(ra, rb), angle };
      case "**": return { k: "real", expr: X.pow(ra, rb), angle };
      default: return this.error("E0401", e.span, `\`${op}\` needs ints`);
    }
  }

  /** A condition as runtime literals; true/false for compile-time bools; undefined if not a condition. */
  private condLits(v: Value): readonly BitLiteral[] | boolean | undefined {
    if (v.k === "bit") return v.lits;
    // While checking, a bool that depends on a token payload is unknown; elaboration knows it.
    if (v.k === "bool") return v.value ?? true;
    return undefined;
  }

  private evalCall(e: A.Expr & { k: "call" }): Value {
    const name = e.callee.name;
    if (name === "") return NONE;
    const args = e.args.map((a) => this.evalExpr(a));
    if (args.some((a) => a.k === "none")) return NONE;
    const arity = (n: number): boolean => {
      if (args.length === n) return true;
      this.error("E0402", e.span, `\`${name}\` takes ${n} argument${n === 1 ? "" : "s"}, found ${args.length}`);
      return false;
    };
    if (name === "len") {
      if (!arity(1)) return NONE;
      const a = args[0]!;
      if (a.k === "qubits") return a.ids ? int(a.ids.length) : int(1, this.limits.maxQubits);
      if (a.k === "array") return int(a.items.length);
      if (a.k === "bits") return int(a.bits.length);
      return this.error("E0401", e.args[0]!.span, `\`len\` needs a register or an array, found ${describe(a)}`);
    }
    if (name === "min" || name === "max") {
      if (!arity(2)) return NONE;
      const [a, b] = args as [Value, Value];
      if (a.k === "int" && b.k === "int") return name === "min" ? intMin(a, b) : intMax(a, b);
      const ra = this.toReal(a), rb = this.toReal(b);
      if (!ra || !rb || ra.k !== "num" || rb.k !== "num") return this.error("E0401", e.span, `\`${name}\` needs ints or compile-time reals`);
      return { k: "real", expr: X.num(name === "min" ? Math.min(ra.v, rb.v) : Math.max(ra.v, rb.v)), angle: false };
    }
    if (REAL_FUNCTION_SET.has(name)) {
      if (!arity(1)) return NONE;
      const r = this.toReal(args[0]!);
      if (!r) return this.error("E0401", e.args[0]!.span, `\`${name}\` needs a number, found ${describe(args[0]!)}`);
      return { k: "real", expr: X.fn(name as X.UnaryFn, r), angle: false };
    }
    if (this.program.cells.has(name) || GATE_SIGNATURES.has(name)) {
      return this.error("E0603", e.span, `\`${name}\` acts on qubits and has no value here`, { help: `apply it as a statement: \`${name}(…) q;\`` });
    }
    const guess = closestName(name, BUILTIN_FUNCTIONS);
    return this.error("E0301", e.callee.span, `unknown function \`${name}\``, guess ? { help: `did you mean \`${guess}\`?` } : {});
  }

  private evalIndex(e: A.Expr & { k: "index" }): Value {
    let v = this.evalExpr(e.target);
    const targetName = e.target.k === "name" ? `\`${e.target.name}\`` : "this value";
    for (const ix of e.indices) {
      if (v.k === "none") return v;
      v = this.indexOnce(v, ix, targetName);
    }
    return v;
  }

  private indexOnce(v: Value, ix: A.Expr, targetName: string): Value {
    const size = v.k === "qubits" ? (v.ids ? v.ids.length : null) : v.k === "array" ? v.items.length : v.k === "bits" ? v.bits.length : undefined;
    if (size === undefined || (v.k === "qubits" && v.single)) return this.error("E0502", ix.span, `${targetName} is a ${describe(v)} and cannot be indexed`);
    const i = this.evalExpr(ix);
    if (i.k === "none") return i;
    const pick = (positions: IntValue[]): Value => {
      for (const p of positions) if (size !== null && !this.inBounds(p, size, ix.span, targetName)) return NONE;
      if (v.k === "qubits") {
        const ids = positions.map((p) => (v.ids && isConcreteInt(p) ? v.ids[p.lo]! : -1));
        return { k: "qubits", ids, single: false };
      }
      if (v.k === "bits") return { k: "bits", bits: positions.map((p) => (isConcreteInt(p) ? v.bits[p.lo]! : -1)) };
      const arr = v as Value & { k: "array" };
      const items = positions.map((p) => arr.items[Math.max(0, p.lo)]);
      // An index that takes no value (a payload of type `0..0`, say) into an empty array: nothing to stand
      // for, and the code cannot run for any input.
      if (items.some((x) => x === undefined)) return NONE;
      return { k: "array", items: items as Value[] };
    };
    if (i.k === "int") {
      const r = pick([i]);
      if (r.k === "none") return r;
      if (r.k === "qubits") return { ...r, single: true };
      if (r.k === "bits") return { k: "bit", lits: [{ bit: r.bits[0]!, value: true }] };
      return (r as Value & { k: "array" }).items[0]!;
    }
    if (i.k === "range") {
      if (!isConcreteInt(i.lo) || !isConcreteInt(i.hi)) {
        if (this.mode === "check") return v.k === "qubits" ? { k: "qubits", ids: null, single: false } : v;
        return this.error("E0404", ix.span, "slice bounds must be known at compile time");
      }
      if (size === null) return v.k === "qubits" ? { k: "qubits", ids: null, single: false } : v;
      if (i.hi.lo < i.lo.lo) return this.error("E0501", ix.span, `empty or reversed slice ${i.lo.lo}..${i.hi.lo}`);
      if (i.lo.lo === i.hi.lo) return this.error("E0501", ix.span, `empty slice ${i.lo.lo}..${i.hi.lo}`);
      if (size !== null && (i.lo.lo < 0 || i.hi.lo > size)) return this.error("E0501", ix.span, `slice ${i.lo.lo}..${i.hi.lo} is out of range for ${targetName} of length ${size}`);
      return pick(Array.from({ length: i.hi.lo - i.lo.lo }, (_, j) => int(i.lo.lo + j)));
    }
    if (i.k === "array" && i.items.every((x) => x.k === "int")) return pick(i.items as IntValue[]);
    return this.error("E0401", ix.span, `an index must be an int, a range or a list of ints, found ${describe(i)}`);
  }

  private inBounds(p: IntValue, size: number, span: Span, targetName: string): boolean {
    if (p.lo >= 0 && p.hi < size) return true;
    if (isConcreteInt(p)) {
      this.error("E0501", span, `index ${p.lo} is out of range for ${targetName} of length ${size}`, { label: `valid indices are 0..${size}` });
    } else {
      const range = Number.isFinite(p.lo) && Number.isFinite(p.hi) ? `${p.lo}..${p.hi + 1}` : "an unbounded range";
      this.error("E0501", span, `index may be out of range: it takes values in ${range} but ${targetName} has length ${size}`, {
        label: `valid indices are 0..${size}`,
        help: "give the index a range type (e.g. `i: 0..n`) or narrow the loop bounds",
      });
    }
    return false;
  }

  evalOperand(e: A.Expr): Value & { k: "qubits" } | null {
    const v = this.evalExpr(e);
    if (v.k === "none") return null;
    if (v.k !== "qubits") { this.error("E0405", e.span, `expected qubits, found ${describe(v)}`); return null; }
    return v;
  }

  private evalMeasure(operand: A.Expr, span: Span): Value {
    const q = this.evalOperand(operand);
    if (!q) return NONE;
    if (this.defQubits !== null || (this.cellCtx && this.isUnitaryCell(this.cellCtx))) return this.error("E0603", span, "`measure` inside a unitary context");
    const ids = q.ids ?? [-1];
    const bits = ids.map((id) => this.measureQubit(id, span));
    return q.single ? { k: "bit", lits: [{ bit: bits[0]!, value: true }] } : { k: "bits", bits };
  }

  private measureQubit(qubit: number, src: Span): number {
    this.countOp();
    if (this.mode === "check") return -1;
    const bit = this.builder.newBit();
    this.builder.push({ kind: "measure", qubit, bit, src });
    return bit;
  }

  private evalExpect(e: A.Expr & { k: "expect" }): Value {
    const factors: PauliFactor[] = [];
    for (const f of e.factors) {
      const letter = f.pauli.name;
      if (letter !== "X" && letter !== "Y" && letter !== "Z") {
        this.error("E0406", f.pauli.span, `\`${letter}\` is not a Pauli operator`, { help: "use X, Y or Z" });
        continue;
      }
      const q = this.evalOperand(f.operand);
      if (!q) continue;
      for (const id of q.ids ?? []) factors.push({ pauli: letter as PauliLetter, qubit: id });
    }
    this.checkDistinct(factors.map((f) => f.qubit), e.span, "an expectation");
    return { k: "expect", factors };
  }

  // ---- statements -----------------------------------------------------------------------------------

  execBlock(b: A.Block): void {
    this.withScope(() => { for (const s of b.stmts) this.exec(s); });
  }

  exec(s: A.Stmt): void {
    switch (s.kind) {
      case "apply": this.execApply(s); return;
      case "let": {
        let v = this.evalExpr(s.value);
        if (s.type && v.k !== "none" && v.k !== "bit" && v.k !== "bits") v = this.coerce(v, s.type, s.value.span);
        if (v.k === "qubits") this.error("E0603", s.value.span, "qubits cannot be bound with `let`", { help: "index the register where it is used" });
        this.define(s.name.name, v);
        return;
      }
      case "const": this.define(s.name.name, this.constValue(s)); return;
      case "block": this.execBlock(s.block); return;
      case "for": this.execFor(s); return;
      case "if": this.execIf(s); return;
      case "match": this.execMatch(s); return;
      case "measure": for (const o of s.operands) this.evalMeasure(o, s.span); return;
      case "reset": this.execReset(s); return;
      case "barrier": {
        const qs = s.operands.map((o) => this.evalOperand(o)).filter((q) => q !== null);
        if (this.defQubits !== null) return;
        this.countOp();
        if (this.mode === "elaborate") {
          const all = qs.length ? qs.flatMap((q) => q!.ids!) : Array.from({ length: this.builder.numQubits }, (_, i) => i);
          this.builder.push({ kind: "barrier", qubits: all });
        }
        return;
      }
      case "emit": this.execEmit(s); return;
      case "return": {
        if (!this.cellCtx?.result) { this.error("E0603", s.span, "`return` is only allowed in a cell with a result type", { help: "declare the result: `cell name on q: qubit -> bit { … }`" }); return; }
        if (this.runtimeIfDepth > 0) { this.error("E0603", s.span, "`return` inside a branch on a measured bit is not supported"); return; }
        throw new ReturnSignal(this.evalExpr(s.value));
      }
    }
  }

  private execReset(s: A.Stmt & { kind: "reset" }): void {
    if (this.defQubits !== null) { this.error("E0603", s.span, "`reset` inside a unitary context"); return; }
    for (const o of s.operands) {
      const q = this.evalOperand(o);
      if (!q) continue;
      for (const id of q.ids ?? [-1]) {
        this.countOp();
        if (this.mode === "elaborate") this.builder.push({ kind: "reset", qubit: id, src: s.span });
      }
    }
  }

  private execFor(s: A.Stmt & { kind: "for" }): void {
    const it = this.evalExpr(s.iterable);
    if (it.k === "none") return;
    let items: Value[] | null = null;
    let abstractVar: Value | null = null;
    let trips = 0;
    if (it.k === "range") {
      if (this.mode === "elaborate" || (isConcreteInt(it.lo) && isConcreteInt(it.hi) && it.hi.lo - it.lo.lo <= 1)) {
        if (!isConcreteInt(it.lo) || !isConcreteInt(it.hi)) { this.error("E0404", s.iterable.span, "loop bounds must be known at compile time"); return; }
        const n = Math.max(0, it.hi.lo - it.lo.lo);
        if (n > this.limits.maxOps) { this.error("E0801", s.iterable.span, `loop of ${n} iterations exceeds the unroll limit of ${this.limits.maxOps}`); return; }
        items = Array.from({ length: n }, (_, j) => int(it.lo.lo + j));
      } else {
        // Checking: run the body once with the variable ranging over the bounds.
        trips = Math.max(0, it.hi.hi - it.lo.lo);
        if (!Number.isFinite(trips)) { this.error("E0404", s.iterable.span, "loop bounds must be known at compile time"); return; }
        if (it.hi.hi - 1 < it.lo.lo) return;
        abstractVar = int(it.lo.lo, it.hi.hi - 1);
      }
    } else if (it.k === "array") items = [...it.items];
    else if (it.k === "qubits" || it.k === "bits") { this.error("E0401", s.iterable.span, `cannot loop over ${describe(it)}`, { help: "loop over indices: `for i in 0..len(q) { … }`" }); return; }
    else { this.error("E0401", s.iterable.span, `cannot loop over ${describe(it)}`); return; }

    if (abstractVar) {
      const before = this.checkedOps;
      const emits = this.emitCtx?.count;
      if (this.emitCtx) this.emitCtx.count = { min: 0, max: 0 };
      this.withScope(() => { this.define(s.variable.name, abstractVar!); this.execBlock(s.body); });
      this.checkedOps = before + (this.checkedOps - before) * trips;
      if (this.emitCtx && emits) this.emitCtx.count = { min: emits.min + this.emitCtx.count.min * trips, max: emits.max + this.emitCtx.count.max * trips };
      return;
    }
    for (const item of items!) this.withScope(() => { this.define(s.variable.name, item); this.execBlock(s.body); });
  }

  /** Runs alternative branches while checking: ops count their maximum, emits their min and max. */
  private branches(bodies: (() => void)[]): void {
    const before = this.checkedOps;
    const emitBefore = this.emitCtx?.count;
    let maxOps = 0;
    let min = Infinity, max = -Infinity;
    for (const body of bodies) {
      this.checkedOps = 0;
      if (this.emitCtx && emitBefore) this.emitCtx.count = { min: 0, max: 0 };
      body();
      maxOps = Math.max(maxOps, this.checkedOps);
      if (this.emitCtx) { min = Math.min(min, this.emitCtx.count.min); max = Math.max(max, this.emitCtx.count.max); }
    }
    this.checkedOps = before + maxOps;
    if (this.emitCtx && emitBefore) this.emitCtx.count = bodies.length ? { min: emitBefore.min + min, max: emitBefore.max + max } : emitBefore;
  }

  private execIf(s: A.Stmt & { kind: "if" }): void {
    const c = this.evalExpr(s.cond);
    if (c.k === "none") return;
    const runElse = (): void => { if (s.else) this.execBlock(s.else); };
    if (c.k === "bool") {
      if (c.value === true) this.execBlock(s.then);
      else if (c.value === false) runElse();
      else this.branches([() => this.execBlock(s.then), runElse]);
      return;
    }
    if (c.k !== "bit") { this.error("E0401", s.cond.span, `a condition must be a bool or a measured bit, found ${describe(c)}`); return; }
    if (this.defQubits !== null) { this.error("E0603", s.cond.span, "a branch on a measured bit inside a unitary context"); return; }
    const emitsBefore = this.emitCtx ? { ...this.emitCtx.count } : null;
    this.runtimeIfDepth++;
    try {
      if (this.mode === "check") {
        this.countOp();
        this.branches([() => this.execBlock(s.then), runElse]);
      } else {
        const then = this.builder.collect(() => this.execBlock(s.then));
        const els = this.builder.collect(runElse);
        this.builder.push({ kind: "if", when: c.lits, then, else: els, src: s.span });
      }
    } finally { this.runtimeIfDepth--; }
    if (this.emitCtx && emitsBefore && (this.emitCtx.count.max !== emitsBefore.max)) {
      this.error("E0603", s.span, "`emit` inside a branch on a measured bit", { help: "emit the bit itself instead; outputs must not depend on run-time branches" });
    }
  }

  private execMatch(s: A.Stmt & { kind: "match" }): void {
    const subject = this.evalExpr(s.subject);
    if (subject.k === "none") return;
    if (subject.k !== "token") { this.error("E0401", s.subject.span, `\`match\` needs the step's token, found ${describe(subject)}`); return; }
    const variants = this.tokenVariants;
    const seen = new Set<string>();
    let wildcard = false;
    for (const arm of s.arms) {
      if (arm.variant === null) { wildcard = true; continue; }
      const name = arm.variant.name;
      if (name === "") continue;
      const v = variants.get(name);
      if (!v) {
        const guess = closestName(name, variants.keys());
        this.error("E0303", arm.variant.span, `unknown token variant \`${name}\``, guess ? { help: `did you mean \`${guess}\`?` } : { help: `the variants are ${[...variants.keys()].join(", ")}` });
        continue;
      }
      if (arm.binders.length !== v.payload.length) {
        this.error("E0402", arm.span, `\`${name}\` has ${v.payload.length} payload field${v.payload.length === 1 ? "" : "s"}, the pattern binds ${arm.binders.length}`);
      }
      seen.add(name);
    }
    if (!wildcard && this.mode === "check") {
      const missing = [...variants.keys()].filter((n) => !seen.has(n));
      if (missing.length) this.warn("W0102", s.span, `\`match\` does not handle ${missing.map((m) => `\`${m}\``).join(", ")}`, { help: "add the arms, or `_ => {}` to ignore the other tokens explicitly" });
    }
    const runArm = (arm: A.MatchArm, payload: readonly Value[]): void => {
      this.withScope(() => {
        arm.binders.forEach((b, i) => this.define(b.name, payload[i] ?? NONE));
        this.execBlock(arm.body);
      });
    };
    if (subject.variant === null) {
      // Checking: every arm with its payload ranging over its declared types; plus "no arm" when inexhaustive.
      const bodies = s.arms.filter((a) => a.variant === null || variants.has(a.variant.name)).map((arm) => () => {
        const v = arm.variant ? variants.get(arm.variant.name) : undefined;
        runArm(arm, v ? v.payload.map((p) => this.abstractPayload(p.type)) : []);
      });
      if (!wildcard && seen.size < variants.size) bodies.push(() => {});
      this.branches(bodies);
      return;
    }
    const arm = s.arms.find((a) => a.variant?.name === subject.variant) ?? s.arms.find((a) => a.variant === null);
    if (arm) runArm(arm, subject.payload);
  }

  /** Token variants of the model being checked or elaborated (set by the model driver). */
  tokenVariants: Map<string, A.Variant> = new Map();

  private readonly payloadCache = new Map<A.Variant, Value[]>();

  /** The ranges of a variant's payload fields (evaluated once per variant). */
  payloadRanges(v: A.Variant): Value[] {
    let r = this.payloadCache.get(v);
    if (!r) { r = v.payload.map((p) => this.abstractPayload(p.type)); this.payloadCache.set(v, r); }
    return r;
  }

  /** The value a payload field of the given type ranges over, while checking. */
  abstractPayload(t: A.TypeExpr): Value {
    if (t.k === "range") {
      const lo = this.requireInt(t.lo, "a range bound"), hi = this.requireInt(t.hi, "a range bound");
      return lo === null || hi === null ? NONE : int(lo, hi - 1);
    }
    if (t.k === "subset") {
      const k = this.requireInt(t.size, "a subset size"), lo = this.requireInt(t.lo, "a range bound"), hi = this.requireInt(t.hi, "a range bound");
      if (k === null || lo === null || hi === null) return NONE;
      if (k > MAX_ARRAY_ELEMENTS) return this.error("E0503", t.size.span, `a subset of ${k.toLocaleString("en-US")} elements is too large (the limit is ${MAX_ARRAY_ELEMENTS.toLocaleString("en-US")})`);
      return { k: "array", items: Array.from({ length: k }, (_, i) => int(lo + i, hi - k + i)) };
    }
    if (t.name === "int" && t.dims.length === 0) return int(-Infinity, Infinity);
    return this.error("E0401", t.span, "token payloads are ints, ranges `a..b` or subsets `subset<k> of a..b`");
  }

  private execEmit(s: A.Stmt & { kind: "emit" }): void {
    const ctx = this.emitCtx;
    const v = this.evalExpr(s.value);
    if (!ctx) { this.error("E0603", s.span, "`emit` is only allowed in `step` and `final`"); return; }
    if (v.k === "none") return;
    const out = ctx.output;
    if (!out) { this.error("E0703", s.span, "this block emits a value but declares no output type", { help: "declare it, e.g. `step(tok) -> bit? { … }`" }); return; }
    const t = out.type;
    const want = t.k === "prim" ? `${t.name}${t.dims.length ? `[${t.dims.length}]` : ""}` : "?";
    let ok = false;
    if (t.k === "prim" && t.name === "bit") {
      if (t.dims.length === 0) ok = v.k === "bit" && v.lits.length === 1 && v.lits[0]!.value;
      else if (t.dims.length === 1 && t.dims[0]) {
        const n = this.requireInt(t.dims[0], "an output size");
        ok = v.k === "bits" && n !== null && v.bits.length === n;
      }
    } else if (t.k === "prim" && (t.name === "float" || t.name === "angle") && t.dims.length === 0) ok = v.k === "expect";
    if (!ok) {
      this.error("E0703", s.value.span, `emitted ${describe(v)} does not match the declared output \`${want}\``, {
        related: [{ span: out.span, message: "output type declared here" }],
        help: t.k === "prim" && t.name === "float" ? "emit an expectation: `emit expect Z(q[0]);`" : "emit a measured bit: `emit measure q[0];`",
      });
      return;
    }
    ctx.count = { min: ctx.count.min + 1, max: ctx.count.max + 1 };
    if (this.mode === "check") return;
    if (v.k === "expect") {
      const output = this.builder.addOutput({ kind: "expect", step: ctx.step, factors: v.factors });
      this.builder.push({ kind: "expect", output, src: s.span });
    } else if (v.k === "bit") this.builder.addOutput({ kind: "bits", step: ctx.step, bits: [v.lits[0]!.bit], array: false });
    else if (v.k === "bits") this.builder.addOutput({ kind: "bits", step: ctx.step, bits: v.bits, array: true });
  }

  /** Runs a step/final body, checking the number of emits against the declared output. */
  runEmitting(output: A.OutputType | undefined, step: number, body: () => void): void {
    const saved = this.emitCtx;
    this.emitCtx = { output, count: { min: 0, max: 0 }, step };
    try {
      body();
      const { min, max } = this.emitCtx.count;
      if (output) {
        if (max > 1) this.error("E0704", output.span, `a step may emit at most one value, but this one can emit ${max}`, { help: "emit a bit array (`-> bit[2]`) to output several bits at once" });
        if (!output.optional && min < 1) this.error("E0704", output.span, "some paths emit nothing, but the output type is not optional", { help: "mark it optional with `?` (`-> bit?`) or emit on every path" });
      }
    } finally { this.emitCtx = saved; }
  }

  // ---- gate and cell application --------------------------------------------------------------------

  private execApply(s: A.Stmt & { kind: "apply" }): void {
    const name = s.callee.name;
    if (name === "") return;
    if (this.program.cells.has(name)) { this.callCell(s.callee, s.args, s.operands, s.mods, s.span, false); return; }
    const sig = GATE_SIGNATURES.get(name);
    if (!sig) {
      const guess = closestName(name, [...GATE_SIGNATURES.keys(), ...this.program.cells.keys()]);
      this.error("E0302", s.callee.span, `unknown gate or cell \`${name}\``, { label: "not defined", ...(guess ? { help: `did you mean \`${guess}\`?` } : { help: "cells from the standard library need an import, e.g. `import \"std/layers\";`" }) });
      return;
    }
    this.applyGate(sig, s);
  }

  private modifiers(mods: readonly A.Modifier[]): { mods: IrModifier[]; controls: number } | null {
    const out: IrModifier[] = [];
    let controls = 0;
    for (const m of mods) {
      if (m.k === "inv") out.push({ k: "inv" });
      else if (m.k === "pow") {
        const e = this.evalExpr(m.exponent);
        const r = this.toReal(e);
        if (e.k === "none") return null;
        if (!r) { this.error("E0401", m.exponent.span, `\`pow\` needs a number, found ${describe(e)}`); return null; }
        if (!this.finiteReals([r], m.exponent.span, "this exponent")) return null;
        this.noteParams(r);
        out.push({ k: "pow", exponent: r });
      } else {
        const n = m.count ? this.requireInt(m.count, "a control count") : 1;
        if (n === null) return null;
        if (n < 0) { this.error("E0406", m.count!.span, `a control count cannot be negative, found ${n}`); return null; }
        if (n === 0) continue; // `ctrl(0) @ g` is `g`: lets `ctrl(len(q) - 1) @` cover one qubit too
        out.push({ k: "ctrl", n, negative: m.k === "negctrl" });
        controls += n;
      }
    }
    return { mods: out, controls };
  }

  private realArgs(args: readonly A.Expr[]): X.Expr[] | null {
    const out: X.Expr[] = [];
    for (const a of args) {
      const v = this.evalExpr(a);
      if (v.k === "none") return null;
      const r = this.toReal(v);
      if (!r) { this.error("E0401", a.span, `a gate angle must be a number, found ${describe(v)}`); return null; }
      if (!this.finiteReals([r], a.span, "this gate argument")) return null;
      this.noteParams(r);
      out.push(r);
    }
    return out;
  }

  /**
   * Gate and cell arguments are finite numbers: one that folds to a non-finite constant (`1e309`,
   * `2 ** 9999`, `log(0)`, `theta + 1e309`) is E0406. While checking, an int that is not known yet reads as
   * NaN, so only infinities are reported there; elaboration (concrete values) reports NaN too.
   */
  private finiteReals(es: readonly X.Expr[], span: Span, what: string): boolean {
    for (const e of es) {
      const bad = nonFiniteConstant(e, this.mode === "elaborate");
      if (bad !== undefined) {
        this.error("E0406", span, `${what} evaluates to ${bad}`, { label: "not a finite number", help: "gate angles and cell arguments must be finite numbers" });
        return false;
      }
    }
    return true;
  }

  private noteParams(e: X.Expr): void {
    if (this.mode !== "check") return;
    X.forEachParam(e, (id) => this.usedParams.add(this.builder.params[id]!.name));
  }

  /** Operand lists per application: OpenQASM-style broadcasting, or expansion of registers into operands. */
  private operandGroups(operands: readonly A.Expr[], arity: number | null, span: Span, what: string): number[][] | null {
    const qs: (Value & { k: "qubits" })[] = [];
    for (const o of operands) {
      const q = this.evalOperand(o);
      if (!q) return null;
      qs.push(q);
    }
    const unknownLength = qs.some((q) => q.ids === null);
    if (unknownLength) return this.mode === "check" ? [] : (this.error("E0403", span, "operand length unknown"), null);
    const flat = qs.flatMap((q) => q.ids!);
    if (arity === null) return [flat];
    if (qs.length === arity && qs.some((q) => !q.single)) {
      const lengths = new Set(qs.filter((q) => !q.single).map((q) => q.ids!.length));
      if (lengths.size === 1 && (flat.length !== arity || qs.every((q) => !q.single))) {
        const L = [...lengths][0]!;
        if (L === arity && qs.length === 1) return [flat];
        return Array.from({ length: L }, (_, j) => qs.map((q) => (q.single ? q.ids![0]! : q.ids![j]!)));
      }
      if (lengths.size > 1) {
        this.error("E0403", span, `registers of different lengths (${[...lengths].join(", ")}) cannot be broadcast together`);
        return null;
      }
    }
    if (flat.length === arity) return [flat];
    this.error("E0403", span, `${what} takes ${arity} qubit${arity === 1 ? "" : "s"}, found ${flat.length}`, {
      help: arity > 1 && flat.length === 1 ? "pass one operand per qubit, or a register of the right length" : "check the operands and any `ctrl(n) @` count",
    });
    return null;
  }

  private checkDistinct(ids: readonly number[], span: Span, what: string): boolean {
    const seen = new Set<number>();
    for (const id of ids) {
      if (id < 0) continue;
      if (seen.has(id)) {
        this.error("E0601", span, `the same qubit appears twice in ${what}`, { label: `qubit ${this.qubitName(id)} is used twice`, help: "a gate cannot act on one qubit twice (no-cloning)" });
        return false;
      }
      seen.add(id);
    }
    return true;
  }

  qubitName(id: number): string {
    if (this.defQubits !== null) return `#${id}`;
    const r = this.builder.registers.find((r) => id >= r.offset && id < r.offset + r.size);
    return r ? `${r.name}[${id - r.offset}]` : `#${id}`;
  }

  private applyGate(sig: GateSignature, s: A.Stmt & { kind: "apply" }): void {
    const mods = this.modifiers(s.mods);
    if (!mods) return;
    if (s.args.length !== sig.params) {
      this.error("E0402", s.span, `\`${sig.name}\` takes ${sig.params} angle${sig.params === 1 ? "" : "s"}, found ${s.args.length}`);
      return;
    }
    const args = this.realArgs(s.args);
    if (!args) return;
    const variadic = sig.origin === "variadic";
    const groups = this.operandGroups(s.operands, variadic ? null : mods.controls + sig.qubits, s.span, `\`${sig.name}\`${mods.controls ? ` with ${mods.controls} control${mods.controls === 1 ? "" : "s"}` : ""}`);
    if (!groups) return;
    for (const g of groups) {
      let name = sig.name;
      let irMods = mods.mods;
      if (variadic) {
        const m = g.length - mods.controls - 1;
        if (m < 1) { this.error("E0403", s.span, `\`${sig.name}\` needs at least ${mods.controls + 2} qubits, found ${g.length}`); return; }
        name = VARIADIC_BASE[sig.name]!;
        irMods = [...mods.mods, { k: "ctrl", n: m, negative: false }];
      }
      if (!this.checkDistinct(g, s.span, `\`${sig.name}\``)) return;
      this.countOp();
      if (this.mode === "elaborate") {
        const op = { kind: "gate" as const, name, args, qubits: g, mods: irMods, src: s.span };
        if (this.defQubits !== null) this.defBody!.push(op);
        else this.builder.push(op);
      }
    }
  }

  private defBody: UnitaryOp[] | null = null;

  /** Whether a cell is unitary: no measure, reset, barrier, return or measuring cell inside. */
  isUnitaryCell(cell: A.CellDecl): boolean {
    const cached = this.unitaryCache.get(cell.name.name);
    if (cached !== undefined) return cached;
    this.unitaryCache.set(cell.name.name, true); // recursion is reported elsewhere
    const result = !cell.result && this.blockIsUnitary(cell.body);
    this.unitaryCache.set(cell.name.name, result);
    return result;
  }

  private blockIsUnitary(b: A.Block): boolean {
    return b.stmts.every((s) => this.stmtIsUnitary(s));
  }

  private stmtIsUnitary(s: A.Stmt): boolean {
    switch (s.kind) {
      case "measure": case "reset": case "barrier": case "return": case "emit": return false;
      case "apply": {
        const c = this.program.cells.get(s.callee.name);
        return !c || this.isUnitaryCell(c);
      }
      case "let": case "const": return !containsQuantum(s.value);
      case "block": return this.blockIsUnitary(s.block);
      case "for": return this.blockIsUnitary(s.body);
      case "if": return !containsQuantum(s.cond) && this.blockIsUnitary(s.then) && (!s.else || this.blockIsUnitary(s.else));
      case "match": return s.arms.every((a) => this.blockIsUnitary(a.body));
    }
  }

  private callCell(callee: A.Ident, argExprs: readonly A.Expr[], operands: readonly A.Expr[], modExprs: readonly A.Modifier[], span: Span, asValue: boolean): Value {
    const cell = this.program.cells.get(callee.name);
    if (!cell) {
      if (GATE_SIGNATURES.has(callee.name)) return this.error("E0603", span, `gate \`${callee.name}\` has no result`, { help: "only measuring cells (`-> bit`) give a value" });
      const guess = closestName(callee.name, this.program.cells.keys());
      return this.error("E0302", callee.span, `unknown cell \`${callee.name}\``, guess ? { help: `did you mean \`${guess}\`?` } : {});
    }
    const unitary = this.isUnitaryCell(cell);
    if (asValue && !cell.result) return this.error("E0603", span, `cell \`${cell.name.name}\` has no result to use as a value`, { related: [{ span: cell.name.span, message: "declared here without `-> …`" }] });
    if (!asValue && cell.result && this.mode === "check") { /* a measuring cell used as a statement discards its result: fine */ }
    if (!unitary && modExprs.length) {
      return this.error("E0602", modExprs[0]!.span, `\`${modExprs[0]!.k}\` cannot be applied to cell \`${cell.name.name}\`: it measures or resets`, {
        related: [{ span: cell.name.span, message: "this cell is not unitary" }],
        help: "only unitary cells (no measure, reset or return) can be controlled, inverted or raised to a power",
      });
    }
    if (this.callDepth >= MAX_CALL_DEPTH) return this.error("E0803", span, `cell \`${cell.name.name}\` calls itself (directly or through other cells)`, { help: "cells cannot be recursive" });
    const mods = this.modifiers(modExprs);
    if (!mods) return NONE;
    if (argExprs.length !== cell.params.length) {
      return this.error("E0402", span, `\`${cell.name.name}\` takes ${cell.params.length} argument${cell.params.length === 1 ? "" : "s"}, found ${argExprs.length}`, { related: [{ span: cell.name.span, message: "defined here" }] });
    }
    const args: Value[] = [];
    for (let i = 0; i < cell.params.length; i++) {
      const v = this.evalExpr(argExprs[i]!);
      if (v.k === "none") return NONE;
      const c = this.withScope(() => this.coerceArg(v, cell.params[i]!, argExprs[i]!.span), true);
      if (c.k === "none") return NONE;
      if (!this.finiteReals(realsOf(c), argExprs[i]!.span, "this argument")) return NONE;
      args.push(c);
    }
    // Ports: one operand per port, or registers broadcast over cells whose ports are all single qubits.
    const portSizes: (number | null)[] = [];
    for (const p of cell.ports) {
      const t = p.type;
      if (t.k !== "prim" || t.name !== "qubit" || t.dims.length > 1) return this.error("E0401", p.type.span, "ports must be `qubit`, `qubit[N]` or `qubit[]`");
      if (t.dims.length === 0) portSizes.push(1);
      else if (t.dims[0] === null) portSizes.push(null);
      else {
        const n = this.withScope(() => this.requireInt(t.dims[0]!, "a port size"), true);
        if (n === null) return NONE;
        portSizes.push(n);
      }
    }
    const qs: (Value & { k: "qubits" })[] = [];
    for (const o of operands) {
      const q = this.evalOperand(o);
      if (!q) return NONE;
      qs.push(q);
    }
    let instances: (Value & { k: "qubits" })[][];
    const allSingle = portSizes.every((p) => p === 1);
    const ctrlQubits = mods.controls;
    if (ctrlQubits > 0) {
      // Controls come first: split them off the flattened operand list.
      const flat = qs.flatMap((q) => q.ids ?? []);
      const rest = flat.slice(ctrlQubits);
      // One any-length port takes whatever the fixed-size ports leave.
      const fixed = portSizes.reduce<number>((a, b) => a + (b ?? 0), 0);
      const anyLength = portSizes.filter((p) => p === null).length;
      if (anyLength === 1 && rest.length > fixed) portSizes[portSizes.indexOf(null)] = rest.length - fixed;
      const need = portSizes.reduce<number>((a, b) => a + (b ?? 0), 0);
      if (portSizes.includes(null) || rest.length !== need) return this.error("E0403", span, `\`${cell.name.name}\` with ${ctrlQubits} control${ctrlQubits === 1 ? "" : "s"} takes ${ctrlQubits + need} qubits, found ${flat.length}`);
      let at = 0;
      instances = [[{ k: "qubits", ids: flat.slice(0, ctrlQubits), single: false }, ...portSizes.map((n) => { const ids = rest.slice(at, at + n!); at += n!; return { k: "qubits" as const, ids, single: n === 1 }; })]];
    } else if (qs.length === portSizes.length && allSingle && qs.some((q) => !q.single)) {
      const lengths = new Set(qs.filter((q) => !q.single).map((q) => q.ids?.length ?? -1));
      if (lengths.size !== 1 || lengths.has(-1)) return this.mode === "check" && lengths.has(-1) ? NONE : this.error("E0403", span, "registers of different lengths cannot be broadcast together");
      const L = [...lengths][0]!;
      instances = Array.from({ length: L }, (_, j) => [{ k: "qubits" as const, ids: [], single: false }, ...qs.map((q) => ({ k: "qubits" as const, ids: [q.single ? q.ids![0]! : q.ids![j]!], single: true }))]);
    } else if (qs.length === portSizes.length) {
      for (let i = 0; i < qs.length; i++) {
        const want = portSizes[i]!;
        const got = qs[i]!.ids?.length;
        if (want !== null && got !== undefined && got !== want) {
          return this.error("E0403", operands[i]!.span, `port \`${cell.ports[i]!.name.name}\` of \`${cell.name.name}\` takes ${want} qubit${want === 1 ? "" : "s"}, found ${got}`);
        }
        if (want === 1 && !qs[i]!.single) qs[i] = { ...qs[i]!, single: true };
      }
      instances = [[{ k: "qubits", ids: [], single: false }, ...qs]];
    } else if (allSingle && qs.reduce((a, q) => a + (q.ids?.length ?? 0), 0) === portSizes.length) {
      const flat = qs.flatMap((q) => q.ids!);
      instances = [[{ k: "qubits", ids: [], single: false }, ...flat.map((id) => ({ k: "qubits" as const, ids: [id], single: true }))]];
    } else {
      return this.error("E0403", span, `\`${cell.name.name}\` has ${portSizes.length} port${portSizes.length === 1 ? "" : "s"}, found ${qs.length} operand${qs.length === 1 ? "" : "s"}`, { related: [{ span: cell.name.span, message: "defined here" }] });
    }
    let result: Value = NONE;
    for (const [ctrl, ...ports] of instances) {
      const all = [...ctrl!.ids!, ...ports.flatMap((p) => p.ids ?? [])];
      if (!this.checkDistinct(all, span, `the call of \`${cell.name.name}\``)) return NONE;
      result = unitary
        ? this.callUnitary(cell, args, ctrl!.ids!, ports, mods.mods, span)
        : this.inlineCell(cell, args, ports);
    }
    if (asValue && instances.length !== 1) return this.error("E0403", span, "a cell used as a value must be applied once, not broadcast");
    return result;
  }

  private coerceArg(v: Value, p: A.TypedName, span: Span): Value {
    if (p.type.k !== "prim" || p.type.name === "qubit" || p.type.name === "bit") return this.error("E0401", p.type.span, "cell parameters are int, float, angle or bool (or arrays of them); qubits go after `on`");
    return this.coerce(v, p.type, span);
  }

  /** Checks a cell on its own (abstract arguments and ports). */
  runCell(cell: A.CellDecl, args: readonly Value[], ports: readonly Value[]): Value {
    return this.runCellBody(cell, args, ports);
  }

  /** Binds a cell's parameters and ports, and runs its body in a fresh scope. */
  private runCellBody(cell: A.CellDecl, args: readonly Value[], ports: readonly Value[]): Value {
    const savedCell = this.cellCtx;
    const savedEmit = this.emitCtx;
    this.cellCtx = cell;
    this.emitCtx = null;
    this.callDepth++;
    try {
      return this.withScope(() => {
        cell.params.forEach((p, i) => this.define(p.name.name, args[i]!));
        cell.ports.forEach((p, i) => this.define(p.name.name, ports[i]!));
        try {
          this.execBlock(cell.body);
        } catch (sig) {
          if (sig instanceof ReturnSignal) return sig.value;
          throw sig;
        }
        if (cell.result) return this.error("E0705", cell.name.span, `cell \`${cell.name.name}\` declares a result but does not \`return\` it`);
        return NONE;
      }, true);
    } finally {
      this.callDepth--;
      this.cellCtx = savedCell;
      this.emitCtx = savedEmit;
    }
  }

  private inlineCell(cell: A.CellDecl, args: readonly Value[], ports: readonly Value[]): Value {
    if (this.defQubits !== null) return this.error("E0603", cell.span, `measuring cell \`${cell.name.name}\` used inside a unitary cell`);
    const v = this.runCellBody(cell, args, ports);
    if (cell.result && v.k !== "none") {
      const t = cell.result;
      const okBit = t.k === "prim" && t.name === "bit" && (t.dims.length === 0 ? v.k === "bit" : v.k === "bits");
      if (!okBit) return this.error("E0401", t.span, `cell \`${cell.name.name}\` returns ${describe(v)}, but declares ${t.k === "prim" ? t.name + (t.dims.length ? "[…]" : "") : "a range"}`);
    }
    return v;
  }

  /** A unitary cell: in elaboration, one gate definition per signature and a call to it. */
  private callUnitary(cell: A.CellDecl, args: readonly Value[], controls: readonly number[], ports: readonly (Value & { k: "qubits" })[], mods: IrModifier[], span: Span): Value {
    if (this.mode === "check") {
      const before = this.checkedOps;
      this.runCellBody(cell, args, ports);
      if (this.checkedOps === before) this.checkedOps++;
      return NONE;
    }
    // Signature: the cell, its port sizes and its compile-time (non-real) arguments.
    const realArgs: X.Expr[] = [];
    const argNames: string[] = [];
    const keyParts: unknown[] = [cell.name.name, ports.map((p) => p.ids!.length)];
    const formals: Value[] = args.map((a, i) => {
      const pname = cell.params[i]!.name.name;
      const toFormal = (v: Value, label: string): Value => {
        if (v.k === "real") {
          realArgs.push(v.expr);
          argNames.push(label);
          return { k: "real", expr: { k: "arg", index: realArgs.length - 1 }, angle: v.angle };
        }
        if (v.k === "array") return { k: "array", items: v.items.map((it, j) => toFormal(it, `${label}_${j}`)) };
        keyParts.push(v);
        return v;
      };
      return toFormal(a, pname);
    });
    const key = JSON.stringify(keyParts);
    let def = this.builder.findDef(key);
    if (def === undefined) {
      const localPorts: (Value & { k: "qubits" })[] = [];
      const qubitNames: string[] = [];
      let next = 0;
      ports.forEach((p, i) => {
        const n = p.ids!.length;
        const pname = cell.ports[i]!.name.name;
        localPorts.push({ k: "qubits", ids: Array.from({ length: n }, (_, j) => next + j), single: p.single });
        for (let j = 0; j < n; j++) qubitNames.push(p.single ? pname : `${pname}_${j}`);
        next += n;
      });
      // Readable names: any-length ports add their size (`hyperedge_3`); other variants get a counter.
      const sizes = ports.filter((_, i) => { const t = cell.ports[i]!.type; return t.k === "prim" && t.dims[0] === null; }).map((p) => p.ids!.length);
      let defName = [cell.name.name, ...sizes].join("_");
      const taken = (n: string): boolean => this.builder.defs.some((d) => d.name === n);
      for (let v = 2; taken(defName); v++) defName = `${[cell.name.name, ...sizes].join("_")}_v${v}`;
      def = this.builder.addDef(key, { name: defName, cell: cell.name.name, argNames, qubitNames }, () => {
        const savedQ = this.defQubits, savedBody = this.defBody;
        const body: UnitaryOp[] = [];
        this.defQubits = next;
        this.defBody = body;
        try { this.runCellBody(cell, formals, localPorts); } finally { this.defQubits = savedQ; this.defBody = savedBody; }
        return body;
      });
    }
    const op = { kind: "call" as const, def, args: realArgs, qubits: [...controls, ...ports.flatMap((p) => p.ids!)], mods, src: span };
    if (this.defQubits !== null) this.defBody!.push(op);
    else this.builder.push(op);
    return NONE;
  }
}

/** The first non-finite constant in an expression (NaN counts only when `nan`). */
function nonFiniteConstant(e: X.Expr, nan: boolean): number | undefined {
  switch (e.k) {
    case "num": return Number.isFinite(e.v) || (Number.isNaN(e.v) && !nan) ? undefined : e.v;
    case "neg": case "fn": return nonFiniteConstant(e.a, nan);
    case "add": case "sub": case "mul": case "div": case "pow": return nonFiniteConstant(e.a, nan) ?? nonFiniteConstant(e.b, nan);
    default: return undefined;
  }
}

/** The real numbers in a value (an array's elements, recursively). */
function realsOf(v: Value): X.Expr[] {
  if (v.k === "real") return [v.expr];
  if (v.k === "array") return v.items.flatMap(realsOf);
  return [];
}

function containsQuantum(e: A.Expr): boolean {
  switch (e.k) {
    case "measure": case "cellValue": return true;
    case "unary": return containsQuantum(e.a);
    case "binary": return containsQuantum(e.a) || containsQuantum(e.b);
    default: return false;
  }
}

function compareNumbers(op: string, a: number, b: number): boolean {
  switch (op) {
    case "==": return a === b;
    case "!=": return a !== b;
    case "<": return a < b;
    case "<=": return a <= b;
    case ">": return a > b;
    default: return a >= b;
  }
}

/** Compares intervals: a definite answer when every pair of values agrees, null otherwise. */
function compareIntervals(op: string, a: IntValue, b: IntValue): boolean | null {
  if (isConcreteInt(a) && isConcreteInt(b)) return compareNumbers(op, a.lo, b.lo);
  switch (op) {
    case "<": return a.hi < b.lo ? true : a.lo >= b.hi ? false : null;
    case "<=": return a.hi <= b.lo ? true : a.lo > b.hi ? false : null;
    case ">": return a.lo > b.hi ? true : a.hi <= b.lo ? false : null;
    case ">=": return a.lo >= b.hi ? true : a.hi < b.lo ? false : null;
    case "==": return a.hi < b.lo || a.lo > b.hi ? false : null;
    case "!=": return a.hi < b.lo || a.lo > b.hi ? true : null;
    default: return null;
  }
}
