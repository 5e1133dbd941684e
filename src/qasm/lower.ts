// OpenQASM 3 AST → circuit IR (the importer's semantics; src/qasm/index.ts documents the contract).
//
// The lowering is an interpreter of the classical part of the program: constants, classical scalars,
// `for` loops and branches on constants are evaluated at import time, and only quantum operations and
// `if`s on measured bits reach the circuit. Classical bits are tracked per cell: a cell holds either a
// constant (0/1) or the IR bit of the measurement that last wrote it, so that outputs and conditions can
// name IR bits while the IR stays single-assignment.
//
// OpenQASM 2 programs take the same path: qasm2.ts refuses OpenQASM 3-only statements and expressions,
// qelib1.ts gives the gate set; durations (timing.ts) are values like numbers, dropped by `delay` and `box`.
//
// Diagnostics: E1002 unsupported construct, E1003 unknown identifier, E1004 type/arity error, E1005
// unbound input, E1006 value out of range. After a reported error the offending value becomes an
// "error" value that propagates silently, so one mistake yields one diagnostic.

import type {
  BitLiteral, Circuit, ClassicalVar, GateDef, Modifier, Op, Output, ParamInfo, Register, UnitaryOp,
} from "../ir/circuit.js";
import {
  assignConvert, BOOL, cBinary, cCall, cCast, cConst, cUnary, normalize, typeName, type BitSource, type CBinaryOp, type CBuiltin, type CExpr, type CType,
} from "../ir/classical.js";
import {
  add, div, evaluate, fn, mul, neg, num, pow, sub, isNum, type Expr, type UnaryFn,
} from "../ir/expr.js";
import { GATE_SIGNATURES } from "../ir/gate-signatures.js";
import { closestName, diagnostic, type Diagnostic, type DiagnosticExtras } from "../diagnostics/diagnostic.js";
import type { Code } from "../diagnostics/catalogue.js";
import type { Span } from "../syntax/span.js";
import type * as A from "./ast.js";
import { qasm3OnlyStatement } from "./qasm2.js";
import { largestPhysicalQubit, PHYSICAL_REGISTER } from "./physical.js";
import { QASM2_BUILTINS, QELIB1, type Qelib1Gate } from "./qelib1.js";
import {
  describeDuration, durationBinary, durationLiteral, isNegative, negateDuration, STRETCH, ZERO_DURATION, type Duration,
} from "./timing.js";
import {
  arraySize, arrayTypeName, elements, elemTypeName, flattenLiteral, MAX_ARRAY_DIMS, newArray, sameElemType, sameShape, select,
  type ArrayVal, type ElemType, type Selection,
} from "./arrays.js";
import {
  cadd, cdiv, cequal, cexp, cmul, cneg, complex, cpow, cround, csqrt, csub, formatComplex, type Complex,
} from "./complex.js";
import { evaluate as evaluateC, EMPTY_ENV, INT, isConstant as isConstantC } from "../ir/classical.js";

/** The most iterations an import-time `while` may run (E1006 beyond). */
export const MAX_WHILE_ITERATIONS = 100_000;

// ─────────────────────────────────────────── options ───────────────────────────────────────────

export interface QasmLimits {
  /** Largest total number of qubits. */
  readonly maxQubits: number;
  /** Largest number of operations plus loop iterations the unrolled program may take. */
  readonly maxOps: number;
}

export const DEFAULT_QASM_LIMITS: QasmLimits = { maxQubits: 1024, maxOps: 20_000_000 };

/** Largest classical bit register. */
const MAX_BITS = 1 << 20;

export interface LowerOptions {
  readonly bind?: ReadonlyMap<string, number>;
  readonly inputsAsParams?: boolean;
  readonly limits?: Partial<QasmLimits>;
  readonly name: string;
  readonly file: string;
  /** Offsets near syntax errors: statements there were only partly parsed and are not checked. */
  readonly syntaxErrorsAt?: readonly number[];
  /**
   * Reads and parses a file named by `include "path";` (relative to the including file `from`), or says it
   * is missing; absent: only stdgates.inc / qelib1.inc can be included.
   */
  readonly include?: (path: string, from: string) => IncludedFile | "missing";
}

/** A parsed included file. */
export interface IncludedFile {
  readonly file: string;
  readonly program: A.Program;
  readonly syntaxErrorsAt: readonly number[];
}

// ─────────────────────────────────────────── values ────────────────────────────────────────────

type NumType = "int" | "uint" | "float" | "angle" | "bool";

/** A classical bit's content: a constant, or the IR bit written by a measurement. */
type BitVal = { readonly k: "const"; readonly v: 0 | 1 } | { readonly k: "bit"; readonly bit: number };

/**
 * A classical bit. A `pinned` cell owns one IR bit that run-time code rewrites (a cell written in a
 * run-time loop): its value stays `{k: "bit", bit}` and writes become `assign`/`measure` ops on that bit.
 */
interface BitCell { readonly id: number; v: BitVal; measured: boolean; pinned?: boolean; /** of a `const` register */ readonly constant?: true }

type Value =
  /** A number (bool: 0/1). `e` is numeric, or symbolic in params / gate arguments (`dep` names one). */
  | { readonly k: "num"; readonly type: NumType; readonly e: Expr; readonly dep?: string }
  /** Classical bits (a `bit` or a `bit[n]` value, element 0 first). */
  | { readonly k: "bits"; readonly vals: readonly BitVal[]; readonly scalar: boolean }
  /** A duration (timing.ts): computed, checked, and dropped by `delay` and `box`. */
  | Duration
  /**
   * A run-time classical value: it depends on measurement results, so the circuit computes it
   * (src/ir/classical.ts; docs/classical-control.md). A variable holds one unpinned only while it reads
   * nothing the circuit rewrites (`needsPin`).
   */
  | { readonly k: "rt"; readonly c: CExpr }
  /** An array (arrays.ts): a view of a store of element values known at import time. */
  | ArrayVal<Value>
  /** A complex number known at import time (complex.ts). */
  | ({ readonly k: "complex" } & Complex)
  /** Already reported: propagates without further diagnostics. */
  | { readonly k: "error" };

const ERROR: Value = { k: "error" };
const ZERO_BIT: BitVal = { k: "const", v: 0 };
const ONE_BIT: BitVal = { k: "const", v: 1 };

const numVal = (type: NumType, v: number): Value => ({ k: "num", type, e: num(v) });

// ─────────────────────────────────────────── symbols ───────────────────────────────────────────

type GateRef =
  | { readonly k: "builtin"; readonly name: string; readonly params: number; readonly qubits: number }
  | { readonly k: "def"; readonly index: number; readonly name: string; readonly params: number; readonly qubits: number }
  /** An OpenQASM 2 gate (built-in or qelib1.inc): expanded into catalogue gates where it is applied. */
  | { readonly k: "lib"; readonly name: string; readonly params: number; readonly qubits: number; readonly lib: Qelib1Gate };

type Sym =
  | { readonly k: "qubits"; readonly name: string; readonly qubits: readonly number[]; readonly scalar: boolean; readonly span: Span }
  | { readonly k: "gateQubit"; readonly name: string; readonly index: number; readonly span: Span }
  | {
    readonly k: "bits"; readonly name: string; readonly cells: readonly BitCell[]; readonly scalar: boolean; readonly span: Span;
    readonly id: number; readonly output: boolean; readonly alias: boolean; readonly global: boolean;
  }
  | {
    readonly k: "var"; readonly name: string; readonly type: NumType; readonly width?: number; value: Value;
    readonly isConst: boolean; readonly input: boolean; readonly span: Span; readonly id: number;
    /** The IR classical variable that holds it once pinned (run-time assignments; see `pinVar`). */
    slot?: number;
  }
  | { readonly k: "gate"; readonly name: string; readonly gate: GateRef; readonly span?: Span }
  /** A `def` subroutine: inlined at each call. */
  | { readonly k: "sub"; readonly name: string; readonly def: A.Stmt & { kind: "def" }; readonly span: Span }
  /** A `duration` or `stretch` variable. */
  | { readonly k: "dur"; readonly name: string; value: Duration; readonly stretch: boolean; readonly isConst: boolean; readonly span: Span; readonly id: number }
  /** An array (a global, or a `readonly`/`mutable` parameter: a view of the caller's array). */
  | {
    readonly k: "array"; readonly name: string; readonly value: ArrayVal<Value>; readonly isConst: boolean;
    readonly access?: "readonly" | "mutable"; readonly span: Span; readonly id: number;
  }
  /** A `complex` variable (`width`: of each part, 32 or 64). */
  | { readonly k: "complex"; readonly name: string; readonly width?: 32 | 64; value: Value; readonly isConst: boolean; readonly span: Span; readonly id: number }
  /** A name declared by an unsupported or broken declaration: uses stay silent. */
  | { readonly k: "poison"; readonly name: string; readonly span: Span };

class Scope {
  readonly syms = new Map<string, Sym>();
  constructor(readonly parent: Scope | undefined, readonly kind: "global" | "gate" | "sub" | "block") {}
}

type VarSym = Sym & { k: "var" };

/**
 * A runtime branch (or run-time loop body) being lowered: writes to older cells and variables are logged
 * so the two branches can be merged; `parentOps` is the op list the branch op will be pushed to (where a
 * variable pinned inside the branch gets its value from before the branch).
 */
interface BranchFrame {
  readonly cellStart: number;
  readonly symStart: number;
  readonly bitStart: number;
  readonly writes: Map<BitCell, { old: BitVal; span: Span }>;
  readonly varWrites: Map<VarSym, { old: Value; span: Span }>;
  readonly parent: BranchFrame | undefined;
  readonly parentOps: Op[];
}

/**
 * A loop around the current statement: unrolled at import time, a run-time `while` op, or a `for` loop
 * unrolled with run-time exits (`guardedFor`).
 */
type LoopTag = { readonly kind: "for" | "while" | "runtime"; /** not lowered speculatively: a run-time exit is refused */ readonly once?: true } | GuardedLoop;

/**
 * An unrolled `for` loop whose `break`/`continue` is decided at run time: they set the flags (IR
 * variables), later iterations run only while `brk` is clear, and the rest of a block after a statement
 * that may have set one runs only while both are clear. `exits` counts the flag writes lowered so far.
 */
interface GuardedLoop { readonly kind: "guarded"; readonly brk: number; readonly cont: number; exits: number }

/**
 * Thrown where an unrolled `while` turns out to need a run-time exit (a `break`/`continue` under an `if`
 * on measured values): the loop rolls its lowering back and becomes a run-time `while` op.
 */
class NeedsRuntimeLoop {
  constructor(readonly loop: LoopTag) {}
}

/** The state of the gate definition being lowered. */
interface GateCtx { readonly name: string }

/** A condition: a conjunction of bit literals, or the negation of one (after constant folding). */
type Cond =
  | { readonly k: "const"; readonly v: boolean }
  | { readonly k: "and" | "nand"; readonly lits: readonly BitLiteral[] }
  /** Any other run-time condition (a `branch` op; `c` is a bool). */
  | { readonly k: "rt"; readonly c: CExpr };

const CONSTANTS: Readonly<Record<string, number>> = {
  pi: Math.PI, "π": Math.PI, tau: 2 * Math.PI, "τ": 2 * Math.PI, euler: Math.E, "ℇ": Math.E,
};

const UNARY_FUNCTIONS: Readonly<Record<string, UnaryFn>> = {
  sin: "sin", cos: "cos", tan: "tan", arcsin: "arcsin", arccos: "arccos", arctan: "arctan",
  exp: "exp", ln: "log", log: "log", sqrt: "sqrt", floor: "floor", ceiling: "ceil",
};
const OTHER_FUNCTIONS = ["mod", "pow"];
const UNSUPPORTED_FUNCTIONS: Readonly<Record<string, string>> = {};
/** Built-ins on bits, arrays and complex numbers (`staticCall`). */
const STATIC_FUNCTIONS = ["popcount", "rotl", "rotr", "sizeof", "real", "imag"];

/** Names other languages and libraries use for stdgates.inc gates (for "did you mean" hints). */
const GATE_ALIASES: Readonly<Record<string, string>> = {
  cnot: "cx", CNOT: "cx", toffoli: "ccx", Toffoli: "ccx", ccnot: "ccx", CCNOT: "ccx", hadamard: "h", H: "h", X: "x",
  Y: "y", Z: "z", S: "s", T: "t", fredkin: "cswap", sdag: "sdg", tdag: "tdg", sdagger: "sdg", tdagger: "tdg",
  u: "U", cu1: "cp", CZ: "cz", SWAP: "swap", sqrtx: "sx", cu3: "ctrl @ U",
};

/** Statements without nested statements (skipped when a syntax error broke them). */
const LEAF_STATEMENTS: ReadonlySet<string> = new Set(["call", "measure", "reset", "barrier", "assign", "let", "loopControl", "delay", "nop"]);

/** qseq's variadic sugar is not OpenQASM. */
const VARIADIC = new Set(["mcx", "mcp", "mcz"]);

class Abort extends Error {}

/** `break` / `continue`, unwinding to the innermost loop being unrolled (never escapes it: see `loopDepth`). */
/** `return`, unwinding to the subroutine call being inlined. */
class ReturnSignal {
  constructor(readonly value: Value | undefined) {}
}

/** The subroutine call being inlined. */
interface SubCtx {
  readonly name: string;
  inBranch: boolean;
  /**
   * Set when a `return` is decided at run time (`guardedReturn`): returns set the flag `exit.brk` and
   * store the value in the IR variable `result`, and the rest of a block after one runs only while the
   * flag is clear.
   */
  readonly guard?: { readonly exit: GuardedLoop; readonly result?: { readonly slot: number; readonly type: CType } };
}

/** Thrown by a `return` under an `if` on measured values: the call is rolled back and inlined guarded. */
class NeedsGuardedReturn {
  constructor(readonly sub: SubCtx) {}
}

class LoopSignal {
  constructor(readonly word: "break" | "continue") {}
}

// ─────────────────────────────────────────── lowering ──────────────────────────────────────────

export function lowerProgram(program: A.Program, opts: LowerOptions, diags: Diagnostic[]): Circuit | undefined {
  return new Lowering(opts, diags).run(program);
}

class Lowering {
  private readonly limits: QasmLimits;
  private readonly global = new Scope(undefined, "global");
  private scope: Scope = this.global;
  private ops: Op[] = [];
  private gate: GateCtx | undefined;
  private branch: BranchFrame | undefined;
  private stdgates = false;
  /** `OPENQASM 2.0;` was declared: OpenQASM 2's gate set and statement forms (qasm2.ts, qelib1.ts). */
  private qasm2 = false;
  private qelib1 = false;
  private numQubits = 0;
  private numBits = 0;
  private readonly registers: Register[] = [];
  private readonly scalarRegister: boolean[] = [];
  private readonly defs: GateDef[] = [];
  private readonly params: ParamInfo[] = [];
  /** `output` declarations in order: bit registers, and sized int/uint/angle or bool variables (their bits). */
  private readonly outputDecls: ((Sym & { k: "bits" }) | VarSym)[] = [];
  private readonly globalBitRegs: (Sym & { k: "bits" })[] = [];
  private readonly inputsSeen = new Set<string>();
  /** Qubits of the physical register `$` (0: none used; −1: refused, uses stay silent). */
  private physicalSize = 0;
  /** Loops being unrolled around the current statement (in this gate body, or at the top level). */
  private loopDepth = 0;
  /** `loopDepth` where the innermost `if` on measured bits being lowered began (−1: none). */
  private loopsAtBranch = -1;
  private sub: SubCtx | undefined;
  private readonly activeSubs = new Set<string>();
  private nextCell = 0;
  private nextSym = 0;
  private work = 0;
  private seenStatement = false;
  private firstSpan: Span | undefined;
  /** The circuit's run-time classical variables (pinned variables). */
  private readonly vars: ClassicalVar[] = [];
  /**
   * Every value each variable can hold, as far as import time knows (the union of all values assigned to
   * it, a sound over-approximation), or undefined: it lets a gate angle or an index read an unsized
   * variable (`leavesOf`). A variable a run-time loop assigns has none.
   */
  private readonly varDomains: (number[] | undefined)[] = [];
  /** IR bits owned by pinned cells: rewritten at run time, so a copy into another cell takes a snapshot. */
  private readonly mutableBits = new Set<number>();
  /** Undo log of cell and variable writes while a `while` iteration is lowered speculatively (`mark`). */
  private journal: (() => void)[] | undefined;
  private speculating = 0;
  /** > 0 while lowering a statement that can be split into cases over a run-time index (`splittable`). */
  private splitting = 0;
  /** Values of IR bits / variables fixed by the enclosing case splits (key: `leafKey`). */
  private readonly fixedLeaves = new Map<string, number>();
  /** Loops around the current statement (in this subroutine or at the top level), innermost last. */
  private loopTags: LoopTag[] = [];

  constructor(private readonly opts: LowerOptions, private readonly diags: Diagnostic[]) {
    this.limits = { ...DEFAULT_QASM_LIMITS, ...(opts.limits ?? {}) };
  }

  // ---- diagnostics ------------------------------------------------------------------------------

  private error(code: Code, span: Span, message: string, extras?: DiagnosticExtras): Value {
    this.diags.push(diagnostic(code, span, message, extras));
    return ERROR;
  }

  private unsupported(span: Span, what: string, help?: string): Value {
    return this.error("E1002", span, `the OpenQASM importer does not support ${what}`, { label: "unsupported", ...(help ? { help } : {}) });
  }

  private tick(span: Span, n = 1): void {
    this.work += n;
    if (this.work > this.limits.maxOps) {
      this.error("E1006", span, `the program unrolls to more than ${this.limits.maxOps.toLocaleString("en-US")} operations and loop iterations`,
        { label: "limit reached here", help: "shorten the loops, or raise the limit (`limits.maxOps`)" });
      throw new Abort();
    }
  }

  // ---- entry ------------------------------------------------------------------------------------

  run(program: A.Program): Circuit | undefined {
    const errorsBefore = this.diags.length;
    this.firstSpan = program.stmts[0]?.span;
    try {
      this.physicalQubits(program);
      this.block(program.stmts);
    } catch (e) {
      if (!(e instanceof Abort)) throw e;
    }
    this.checkBind();
    const outputs = this.outputs();
    if (this.diags.slice(errorsBefore).some((d) => d.severity === "error")) return undefined;
    return {
      name: this.opts.name,
      numQubits: this.numQubits,
      numBits: this.numBits,
      registers: this.registers,
      params: this.params,
      inputs: [],
      defs: this.defs,
      ops: this.ops,
      outputs,
      steps: 1,
      ...(this.vars.length > 0 ? { vars: this.vars } : {}),
    };
  }

  /** Physical qubits `$n` are circuit qubits 0…max, in a register `$` ahead of every declared one (physical.ts). */
  private physicalQubits(program: A.Program): void {
    const used = largestPhysicalQubit(program);
    if (!used) return;
    const size = used.index + 1;
    if (!Number.isSafeInteger(size) || size > this.limits.maxQubits) {
      this.error("E1006", used.span, `physical qubit ${used.span.end - used.span.start > 12 ? "index" : `$${used.index}`} needs ${Number.isSafeInteger(size) ? size : "too many"} qubits, more than the limit of ${this.limits.maxQubits}`, {
        label: "too many qubits", help: "physical qubits $0…$n become circuit qubits 0…n; raise the limit (`limits.maxQubits`)",
      });
      this.physicalSize = -1;
      return;
    }
    this.physicalSize = size;
    this.registers.push({ name: PHYSICAL_REGISTER, role: "hidden", offset: 0, size });
    this.scalarRegister.push(false);
    this.numQubits = size;
  }

  private checkBind(): void {
    const bind = this.opts.bind;
    if (!bind) return;
    for (const name of bind.keys()) {
      if (this.inputsSeen.has(name)) continue;
      const span = this.firstSpan ?? { file: this.opts.file, start: 0, end: 0, line: 1, col: 1 };
      const suggestion = closestName(name, this.inputsSeen);
      this.error("E1003", span, `a value is bound to '${name}', but the program declares no input of that name`, {
        label: "in this program",
        help: suggestion ? `did you mean '${suggestion}'?`
          : this.inputsSeen.size > 0 ? `its inputs are ${[...this.inputsSeen].map((n) => `'${n}'`).join(", ")}` : "the program declares no `input`",
      });
    }
  }

  // ---- scopes -----------------------------------------------------------------------------------

  /** Looks a name up; from inside a gate body, globals other than constants and gates are invisible. */
  private lookup(name: string): { sym: Sym; hidden: boolean } | undefined {
    let inGate = false;
    for (let s: Scope | undefined = this.scope; s; s = s.parent) {
      const sym = s.syms.get(name);
      if (sym) {
        const hidden = inGate && s.kind === "global" && !(sym.k === "gate" || sym.k === "sub" || sym.k === "poison" || (sym.k === "var" && sym.isConst && !sym.input)
          || ((sym.k === "array" || sym.k === "complex") && sym.isConst) || (sym.k === "bits" && sym.cells.length > 0 && sym.cells.every((c) => c.constant)));
        return { sym, hidden };
      }
      if (s.kind === "gate" || s.kind === "sub") inGate = true;
    }
    return undefined;
  }

  private visibleNames(filter: (s: Sym) => boolean): string[] {
    const out: string[] = [];
    for (let s: Scope | undefined = this.scope; s; s = s.parent) for (const [n, sym] of s.syms) if (filter(sym)) out.push(n);
    return out;
  }

  /** Declares a name in the current scope; reports a clash with a declaration in the same scope or a built-in. */
  private declare(sym: Sym, span: Span): boolean {
    const name = sym.name;
    if (name === "") return false;
    const clash = this.scope.syms.get(name);
    if (clash && clash.k !== "poison") {
      const at = "span" in clash && clash.span ? [{ span: clash.span, message: "first declared here" }] : [];
      this.error("E1004", span, `'${name}' is already declared`, { label: "declared again", ...(at.length ? { related: at } : {}) });
      return false;
    }
    if (name in CONSTANTS) {
      this.error("E1004", span, `'${name}' is a built-in constant and cannot be redeclared`, { label: "reserved name", help: "choose another name" });
      this.scope.syms.set(name, { k: "poison", name, span });
      return false;
    }
    const lib = this.libGate(name);
    if (lib && (this.scope === this.global || sym.k === "gate")) {
      this.error("E1004", span, `'${name}' is ${QASM2_BUILTINS.has(name) ? "a built-in gate of OpenQASM 2" : "a gate of qelib1.inc"} and cannot be redeclared`, { label: "reserved name", help: "choose another name" });
      this.scope.syms.set(name, { k: "poison", name, span });
      return false;
    }
    // (the qseq extras rxx, iswap, … are not in stdgates.inc: a user declaration shadows them)
    const builtin = this.qasm2 ? undefined : this.builtinGate(name);
    if (builtin && builtin.origin !== "extra" && (this.scope === this.global || sym.k === "gate")) {
      const by = builtin.origin === "builtin" ? "is a built-in gate" : "is a gate of stdgates.inc";
      this.error("E1004", span, `'${name}' ${by} and cannot be redeclared`, { label: "reserved name", help: "choose another name" });
      this.scope.syms.set(name, { k: "poison", name, span });
      return false;
    }
    this.scope.syms.set(name, sym);
    return true;
  }

  private poison(name: string, span: Span): void {
    if (name !== "" && !this.scope.syms.has(name)) this.scope.syms.set(name, { k: "poison", name, span });
  }

  /** In OpenQASM 2 mode: `U`, `CX`, and qelib1.inc's gates after the include. */
  private libGate(name: string): Qelib1Gate | undefined {
    if (!this.qasm2) return undefined;
    return QASM2_BUILTINS.get(name) ?? (this.qelib1 ? QELIB1.get(name) : undefined);
  }

  /** After a refused statement, the name it declares stays silent. */
  private poisonDeclared(s: A.Stmt): void {
    if (s.kind === "qubits" || s.kind === "classical" || s.kind === "ioQubit" || s.kind === "let") this.poison(s.name.name, s.name.span);
  }

  /** A catalogue gate visible by name (built-ins always; stdgates.inc gates and qseq extras after the include). */
  private builtinGate(name: string) {
    const s = GATE_SIGNATURES.get(name);
    if (!s || s.origin === "variadic") return undefined;
    if (s.origin === "builtin" || this.stdgates) return s;
    return undefined;
  }

  private inScope<T>(kind: "block" | "gate", body: () => T): T {
    const saved = this.scope;
    this.scope = new Scope(saved, kind);
    try {
      return body();
    } finally {
      this.scope = saved;
    }
  }

  private pushOp(op: Op, span: Span): void {
    this.tick(span);
    this.ops.push(op);
  }

  // ---- run-time classical values (docs/classical-control.md) -----------------------------------------
  //
  // A value that depends on a measurement result is a `rt` value: a classical expression the circuit
  // evaluates. A variable that must hold one (or that run-time code assigns: a `while` on measured values,
  // different values after the two sides of an `if` on measured bits) is *pinned* to an IR variable; a bit
  // cell written by run-time code is pinned to an IR bit it owns. Everything else stays an import-time value.

  /** `v` as a classical expression; undefined when reported. */
  private toCExpr(v: Value, span: Span): CExpr | undefined {
    switch (v.k) {
      case "rt": return v.c;
      case "bits": return bitsCExpr(v.vals);
      case "num":
        if (!isNum(v.e)) {
          this.unsupported(span, `run-time values computed from '${v.dep ?? "?"}' (a late-bound input or gate parameter)`, "bind the input's value (`--bind`) to compute with it at run time");
          return undefined;
        }
        return cConst(numCType(v.type), v.e.v);
      case "dur": this.durationMisuse(v, span, "a run-time value"); return undefined;
      case "array": case "complex": this.notScalar(v, span, "a value computed at run time"); return undefined;
      case "error": return undefined;
    }
  }

  /** A run-time value from a classical.ts builder (which type-checks: its error is an E1004). */
  private rtValue(r: CExpr | { error: string }, span: Span): Value {
    if ("error" in r) return this.error("E1004", span, r.error, { label: "type mismatch" });
    return { k: "rt", c: r };
  }

  private setCell(cell: BitCell, v: BitVal): void {
    const old = cell.v;
    this.journal?.push(() => { cell.v = old; });
    cell.v = v;
  }

  private setMeasured(cell: BitCell): void {
    if (cell.measured) return;
    this.journal?.push(() => { cell.measured = false; });
    cell.measured = true;
  }

  private setVarValue(sym: VarSym, v: Value): void {
    const old = sym.value;
    this.journal?.push(() => { sym.value = old; });
    sym.value = v;
  }

  /** Assigns an import-time value to an unpinned variable, logged for the enclosing run-time branch. */
  private writeVar(sym: VarSym, v: Value, span: Span): void {
    const b = this.branch;
    if (b && sym.id < b.symStart && !b.varWrites.has(sym)) b.varWrites.set(sym, { old: sym.value, span });
    this.setVarValue(sym, v);
  }

  /**
   * Where a value of something declared before run-time branches now open (`id` < a frame's start) must be
   * stored to hold before them: the op list of the outermost such branch, and the value there.
   */
  private entryPoint<T>(id: number, startOf: (f: BranchFrame) => number, oldOf: (f: BranchFrame) => T | undefined, current: T): { ops: Op[]; value: T } {
    const chain: BranchFrame[] = [];
    for (let f = this.branch; f && id < startOf(f); f = f.parent) chain.push(f);
    if (chain.length === 0) return { ops: this.ops, value: current };
    let value = current;
    for (const f of chain) { const old = oldOf(f); if (old !== undefined) value = old; } // the outermost log wins
    return { ops: chain[chain.length - 1]!.parentOps, value };
  }

  /** Pushes to an op list other than the current one (a rollback truncates only the current one). */
  private pushTo(ops: Op[], op: Op, span: Span): void {
    this.tick(span);
    ops.push(op);
    if (ops !== this.ops) this.journal?.push(() => { const i = ops.lastIndexOf(op); if (i >= 0) ops.splice(i, 1); });
  }

  /** A frame for a run-time branch (or loop body) about to be lowered inside the current one. */
  private newFrame(cellStart: number, symStart: number): BranchFrame {
    return { cellStart, symStart, bitStart: this.numBits, writes: new Map(), varWrites: new Map(), parent: this.branch, parentOps: this.ops };
  }

  /** A new IR variable (its possible values tracked from its first assignment on: `assignVar`). */
  private newVar(name: string, type: CType): number {
    const slot = this.vars.length;
    this.vars.push({ name, type, init: 0 });
    this.varDomains[slot] = [];
    return slot;
  }

  /** A new IR variable set to `value` here. */
  private newVarSet(name: string, type: CType, value: number, span: Span): number {
    const slot = this.newVar(name, type);
    this.pushOp(this.assignVar(slot, cConst(type, value), span), span);
    return slot;
  }

  /** Gives `sym` an IR variable (once); from then on its value lives in the circuit. Undefined when reported. */
  private pinVar(sym: VarSym, span: Span): number | undefined {
    if (sym.slot !== undefined) return sym.slot;
    const type = numCType(sym.type, sym.width);
    const { ops, value } = this.entryPoint<Value>(sym.id, (f) => f.symStart, (f) => f.varWrites.get(sym)?.old, sym.value);
    const init = this.toCExpr(value, span);
    const here = value === sym.value ? init : this.toCExpr(sym.value, span);
    if (!init || !here) return undefined;
    const slot = this.newVar(sym.name, type);
    this.pushTo(ops, this.assignVar(slot, init, span), span);
    if (here !== init) this.pushOp(this.assignVar(slot, here, span), span);
    // the branches it is written in no longer restore its import-time value: the variable holds it
    for (let f = this.branch; f; f = f.parent) {
      const w = f.varWrites.get(sym);
      if (w) { f.varWrites.delete(sym); this.journal?.push(() => f.varWrites.set(sym, w)); }
    }
    this.journal?.push(() => { sym.slot = undefined; });
    sym.slot = slot;
    this.setVarValue(sym, { k: "rt", c: { k: "var", index: slot, type } });
    return slot;
  }

  /** Gives `cell` an IR bit of its own (once), which run-time code rewrites. */
  private pinCell(cell: BitCell, span: Span): void {
    if (cell.pinned) return;
    const { ops, value } = this.entryPoint<BitVal>(cell.id, (f) => f.cellStart, (f) => f.writes.get(cell)?.old, cell.v);
    const bit = this.numBits++;
    this.mutableBits.add(bit);
    this.pushTo(ops, { kind: "assign", target: { k: "bit", bit }, value: bitsCExpr([value]), src: span }, span);
    if (!sameBit(value, cell.v)) this.pushOp({ kind: "assign", target: { k: "bit", bit }, value: bitsCExpr([cell.v]), src: span }, span);
    for (let f = this.branch; f; f = f.parent) {
      const w = f.writes.get(cell);
      if (w) { f.writes.delete(cell); this.journal?.push(() => f.writes.set(cell, w)); }
    }
    this.setCell(cell, { k: "bit", bit });
    this.journal?.push(() => { cell.pinned = false; });
    cell.pinned = true;
  }

  /** Pins what `name` names (a variable, or every cell of a bit register), before run-time code writes it. */
  private pinName(name: string, span: Span): void {
    const sym = this.lookup(name)?.sym;
    if (sym?.k === "var" && !sym.isConst && !sym.input) this.pinVar(sym, span);
    else if (sym?.k === "bits") for (const cell of sym.cells) this.pinCell(cell, span);
  }

  /** An `assign` op to variable `slot`, its possible values added to the variable's domain. */
  private assignVar(slot: number, value: CExpr, span: Span): Op {
    const known = this.varDomains[slot];
    if (known !== undefined) {
      const type = this.vars[slot]!.type;
      const values = this.valuesOf(value);
      const union = values && [...new Set([...known, ...values.map((v) => normalize(type, v))])];
      this.varDomains[slot] = union && union.length <= MAX_ANGLE_CASES ? union : undefined;
    }
    return { kind: "assign", target: { k: "var", index: slot }, value, src: span };
  }

  /**
   * What `c` reads that enclosing case splits have not fixed, when one case per combination of their
   * values is few enough (`MAX_ANGLE_CASES`); else reported (E1002) and undefined.
   */
  private caseLeaves(c: CExpr, what: string, span: Span, help: string): RuntimeLeaf[] | undefined {
    const leaves = this.leavesOf(c).filter((l) => !this.fixedLeaves.has(leafKey(l)));
    const unknown = leaves.find((l) => l.values.length === 0);
    const cases = caseCount(leaves);
    if (cases <= MAX_ANGLE_CASES) return leaves;
    const why = unknown
      ? `reading the run-time ${typeName(unknown.type)} '${this.vars[(unknown.at as { index: number }).index]?.name ?? "?"}', whose values cannot be listed`
      : `that takes up to ${cases.toLocaleString("en-US")} values`;
    this.unsupported(span, `${what} computed from measurement results ${why}`, help);
    return undefined;
  }

  /** What a run-time expression reads, each variable with its known values (else its type's, if few). */
  private leavesOf(c: CExpr): RuntimeLeaf[] {
    return runtimeLeaves(c).map((l) => (l.at.k === "var" && this.varDomains[l.at.index] !== undefined ? { ...l, values: this.varDomains[l.at.index]! } : l));
  }

  /** Every value `c` can take (evaluated over the values of what it reads), or undefined when too many. */
  private valuesOf(c: CExpr): number[] | undefined {
    const leaves = this.leavesOf(c);
    if (caseCount(leaves) > 4096) return undefined;
    const env = { bits: new Array<number>(this.numBits).fill(0), vars: new Array<number>(this.vars.length).fill(0) };
    const out = new Set<number>();
    const visit = (i: number): void => {
      if (i === leaves.length) { out.add(evaluateC(c, env)); return; }
      const l = leaves[i]!;
      for (const v of l.values) {
        if (l.at.k === "bit") env.bits[l.at.bit] = v; else env.vars[l.at.index] = v;
        visit(i + 1);
      }
    };
    visit(0);
    return out.size <= MAX_ANGLE_CASES ? [...out] : undefined;
  }

  /** A new bit holding the current value of a pinned cell's bit (which later run-time code may rewrite). */
  private snapshotBit(bit: number, span: Span): BitVal {
    const copy = this.numBits++;
    this.pushOp({ kind: "assign", target: { k: "bit", bit: copy }, value: bitsCExpr([{ k: "bit", bit }]), src: span }, span);
    return { k: "bit", bit: copy };
  }

  /** Declares a variable; one whose value is computed at run time is pinned at once. */
  private declareVar(sym: VarSym, span: Span): void {
    if (!this.declare(sym, span)) return;
    if (sym.value.k === "rt" && this.needsPin(sym.value.c)) this.pinVar(sym, span);
  }

  /**
   * Whether a variable must copy run-time value `c` into the circuit now: `c` reads a variable or a pinned
   * cell's bit, which later code may rewrite. Other IR bits are written once, so the expression itself can
   * stand for the value (and a gate angle computed from it can still be split into cases over its bits).
   */
  private needsPin(c: CExpr): boolean {
    // a large expression too: an accumulator in an unrolled loop would otherwise grow with every iteration
    return exprSizeAbove(c, MAX_UNPINNED_SIZE) || runtimeLeaves(c).some((l) => l.at.k === "var" || this.mutableBits.has(l.at.bit));
  }

  /** Inside the body of a run-time `while` (IR bits there are rewritten at every iteration). */
  private inRuntimeLoop(): boolean {
    return this.loopTags.some((t) => t.kind === "runtime");
  }

  /** State to return to when a speculatively lowered `while` iteration needs a run-time loop after all. */
  private mark(): Mark {
    this.journal ??= [];
    this.speculating++;
    return { journal: this.journal.length, ops: this.ops.length, numBits: this.numBits, vars: this.vars.length, diags: this.diags.length, work: this.work };
  }

  private release(): void {
    if (--this.speculating === 0) this.journal = undefined;
  }

  private rollback(m: Mark): void {
    const j = this.journal!;
    while (j.length > m.journal) j.pop()!();
    this.ops.length = m.ops;
    for (let b = m.numBits; b < this.numBits; b++) this.mutableBits.delete(b);
    this.numBits = m.numBits;
    this.vars.length = m.vars;
    this.varDomains.length = m.vars;
    this.diags.length = m.diags;
    this.work = m.work;
  }

  // ---- statements -------------------------------------------------------------------------------

  private block(stmts: readonly A.Stmt[]): void {
    let lastStatement = stmts.length - 1;
    while (lastStatement >= 0 && stmts[lastStatement]!.kind === "annotation") lastStatement--;
    for (const [i, s] of stmts.entries()) {
      if (s.kind === "annotation" && i > lastStatement) {
        this.error("E1001", s.span, `the annotation \`@${s.name}\` is not followed by a statement`, {
          label: "annotates nothing", help: "an annotation goes on the line before the statement it applies to",
        });
      }
      const loop = this.loopTags[this.loopTags.length - 1];
      const exits = loop?.kind === "guarded" ? loop.exits : 0;
      this.statement(s);
      if (loop?.kind === "guarded" && loop.exits !== exits && i + 1 < stmts.length) {
        // this statement may have left the iteration at run time: the rest runs only where it did not
        const rest = stmts.slice(i + 1);
        this.runtimeIf({ k: "rt", c: stayed(loop) }, () => this.block(rest), undefined, rest[0]!.span);
        return;
      }
    }
  }

  private statement(s: A.Stmt): void {
    const first = !this.seenStatement;
    this.seenStatement = true;
    if (LEAF_STATEMENTS.has(s.kind) && this.syntaxErrorsAt(s.span.file).some((at) => at >= s.span.start && at < s.span.end)) return;
    if (this.gate && !["call", "for", "while", "loopControl", "block", "barrier", "unsupported", "annotation", "pragma", "delay", "box", "nop"].includes(s.kind)) {
      this.error("E1004", s.span, `${describeStmt(s)} is not allowed in a gate definition`, {
        label: "not a gate application",
        help: "a gate body holds only gate applications (with modifiers), `gphase` and `for` loops over them",
      });
      return;
    }
    if (this.qasm2) {
      const v3 = qasm3OnlyStatement(s, this.gate !== undefined);
      if (v3) {
        this.error("E1001", v3.span, `not OpenQASM 2: ${v3.what} (this program declares \`OPENQASM 2.0\`)`, { label: "not OpenQASM 2", help: v3.help });
        this.poisonDeclared(s);
        return;
      }
    }
    switch (s.kind) {
      case "version": return this.version(s, first);
      case "include": return this.include(s);
      case "gate": return this.gateDef(s);
      case "qubits": return this.qubitDecl(s);
      case "classical": return this.classicalDecl(s);
      case "ioQubit":
        this.unsupported(s.span, "`input`/`output` qubits");
        return this.poison(s.name.name, s.name.span);
      case "assign": return this.splittable(s, (x) => this.assign(x as typeof s));
      case "measure": return this.splittable(s, (x) => this.measureStmt(x as typeof s));
      case "reset": return this.splittable(s, (x) => this.reset(x as typeof s));
      case "barrier": return this.barrier(s);
      case "delay": return this.delay(s);
      case "box": return this.box(s);
      case "nop": { this.operands(s.operands); return; }
      case "if": return this.ifStmt(s);
      case "for": return this.forStmt(s);
      case "while": return this.whileStmt(s);
      case "def": return this.defStmt(s);
      case "return": return this.returnStmt(s);
      case "switch": return this.switchStmt(s);
      case "loopControl":
        if (this.loopDepth === 0) {
          this.error("E1004", s.span, `\`${s.word}\` outside a loop`, { label: "no loop to " + (s.word === "break" ? "leave" : "continue") });
          return;
        }
        {
          const loop = this.loopTags[this.loopTags.length - 1]!;
          if (loop.kind === "runtime") { this.pushOp({ kind: s.word, src: s.span }, s.span); return; }
          if (this.loopsAtBranch >= this.loopDepth) {
            if (loop.kind === "guarded") {
              this.pushOp(this.assignVar(s.word === "break" ? loop.brk : loop.cont, cConst(BOOL, 1), s.span), s.span);
              loop.exits++;
              return;
            }
            // the iteration is rolled back: a `while` restarts as a run-time loop, a `for` as a guarded one
            if (!loop.once) throw new NeedsRuntimeLoop(loop);
            this.unsupported(s.span, `\`${s.word}\` of a loop over complex values under an \`if\` on a measurement result`);
            return;
          }
        }
        throw new LoopSignal(s.word);
      case "let": return this.letStmt(s);
      case "block": return this.inScope("block", () => this.block(s.body));
      case "call": return this.splittable(s, (x) => this.gateCall(x as typeof s));
      case "pragma":
        if (this.scope !== this.global || this.gate) this.error("E1001", s.span, "a `pragma` must be at the top level", { label: "inside a block", help: "move it out of the block (pragmas apply to the whole program)" });
        return;
      case "annotation": return; // kept by metadata.ts; it applies to the next statement, which is lowered as usual
      case "unsupported":
        this.unsupported(s.span, s.what);
        if (s.declares) this.poison(s.declares, s.span);
        return;
    }
  }

  private version(s: A.Stmt & { kind: "version" }, first: boolean): void {
    if (!first) {
      this.error("E1001", s.span, "the `OPENQASM` version must be the first statement", { label: "too late" });
      return;
    }
    if (/^2(\.0)?$/.test(s.version)) {
      this.qasm2 = true;
      return;
    }
    if (!/^3(\.\d+)?$/.test(s.version)) {
      this.error("E1002", s.span, `OpenQASM version ${s.version} is not supported by the OpenQASM importer`, {
        label: "unsupported version",
        help: s.version.startsWith("2") ? "the importer reads OpenQASM 2.0 and OpenQASM 3: write `OPENQASM 2.0;` or `OPENQASM 3.0;`" : "write `OPENQASM 3.0;` (or `OPENQASM 2.0;`)",
      });
    }
  }

  private include(s: A.Stmt & { kind: "include" }): void {
    if (this.scope !== this.global) {
      this.error("E1001", s.span, "`include` must be at the top level", { label: "inside a block" });
      return;
    }
    if (this.qasm2) {
      if (s.path === "qelib1.inc") { this.qelib1 = true; return; }
      if (s.path !== "stdgates.inc" && this.opts.include) return this.includeFile(s);
      this.error("E1002", s.pathSpan, `the OpenQASM importer does not support including "${s.path}" in an OpenQASM 2 program`, {
        label: "unsupported",
        help: s.path === "stdgates.inc" ? "OpenQASM 2 programs include \"qelib1.inc\" (stdgates.inc is OpenQASM 3's library)" : "paste the definitions into this file",
      });
      return;
    }
    if (s.path === "stdgates.inc") { this.stdgates = true; return; }
    if (s.path === "qelib1.inc") {
      this.unsupported(s.pathSpan, "the OpenQASM 2 library `qelib1.inc` in an OpenQASM 3 program",
        "start the file with `OPENQASM 2.0;` to import it as OpenQASM 2, or use `include \"stdgates.inc\";` (OpenQASM 3's standard gates)");
      this.stdgates = true; // keep checking the program as if the standard gates were there
      return;
    }
    this.includeFile(s);
  }

  /** Files being included (innermost last): a file that includes itself again is refused. */
  private readonly includeStack: string[] = [];
  private readonly includedErrors = new Map<string, readonly number[]>();

  private syntaxErrorsAt(file: string): readonly number[] {
    return file === this.opts.file ? (this.opts.syntaxErrorsAt ?? []) : (this.includedErrors.get(file) ?? []);
  }

  /** `include "file";` of the program's own files: its statements are lowered here, at the top level. */
  private includeFile(s: A.Stmt & { kind: "include" }): void {
    if (!this.opts.include) {
      this.unsupported(s.pathSpan, `including files other than stdgates.inc ("${s.path}")`, "paste the definitions into this file");
      return;
    }
    const r = this.opts.include(s.path, s.span.file);
    if (r === "missing") {
      this.error("E1003", s.pathSpan, `cannot read the included file "${s.path}"`, { label: "not found", help: "a path is relative to the including file" });
      return;
    }
    if (r.file === this.opts.file || this.includeStack.includes(r.file)) {
      this.error("E1004", s.pathSpan, `"${s.path}" includes itself (through ${[...this.includeStack, r.file].map((f) => `"${f}"`).join(" → ")})`, { label: "include cycle" });
      return;
    }
    this.includeStack.push(r.file);
    this.includedErrors.set(r.file, r.syntaxErrorsAt);
    try {
      // an included file's own version line is not a statement of the including program
      const stmts = r.program.stmts[0]?.kind === "version" ? r.program.stmts.slice(1) : r.program.stmts;
      this.block(stmts);
    } finally {
      this.includeStack.pop();
    }
  }

  // ---- declarations -----------------------------------------------------------------------------

  private qubitDecl(s: A.Stmt & { kind: "qubits" }): void {
    if (this.scope !== this.global) {
      this.error("E1004", s.span, "qubits can only be declared at the top level", { label: "inside a block" });
      return this.poison(s.name.name, s.name.span);
    }
    let size = 1;
    if (s.size) {
      const n = this.constInt(s.size, "a register size");
      if (n === undefined) return this.poison(s.name.name, s.name.span);
      if (n < 1) {
        this.error("E1006", s.size.span, `a qubit register needs at least 1 qubit, not ${n}`, { label: "invalid size" });
        return this.poison(s.name.name, s.name.span);
      }
      size = n;
    }
    if (this.numQubits + size > this.limits.maxQubits) {
      this.error("E1006", (s.size ?? s.name).span, `the program needs ${this.numQubits + size} qubits, more than the limit of ${this.limits.maxQubits}`, {
        label: "too many qubits",
        help: "raise the limit (`limits.maxQubits`)",
      });
      return this.poison(s.name.name, s.name.span);
    }
    const qubits = Array.from({ length: size }, (_, i) => this.numQubits + i);
    const sym: Sym = { k: "qubits", name: s.name.name, qubits, scalar: s.size === undefined, span: s.name.span };
    if (!this.declare(sym, s.name.span)) return;
    this.registers.push({ name: s.name.name, role: "hidden", offset: this.numQubits, size });
    this.scalarRegister.push(s.size === undefined);
    this.numQubits += size;
  }

  private classicalDecl(s: A.Stmt & { kind: "classical" }): void {
    const name = s.name.name;
    const type = s.type;
    if (type && (type.kind === "duration" || type.kind === "stretch") && s.modifier !== "input" && s.modifier !== "output") return this.durationDecl(s, type);
    if (type && (type.kind === "array" || type.kind === "complex") && s.modifier !== "input" && s.modifier !== "output") return this.staticDecl(s, type);
    if (type && (type.kind === "complex" || type.kind === "duration" || type.kind === "stretch" || type.kind === "array")) {
      const what = { complex: "`input`/`output` complex numbers", duration: "`input`/`output` durations", stretch: "`input`/`output` stretches", array: "`input`/`output` arrays" }[type.kind];
      this.unsupported(type.span, what);
      return this.poison(name, s.name.span);
    }
    if (s.modifier === "input") return this.inputDecl(s, type!);
    if (s.modifier === "output") {
      if (this.scope !== this.global) {
        this.error("E1004", s.span, "outputs can only be declared at the top level", { label: "inside a block" });
        return this.poison(name, s.name.span);
      }
      if (type!.kind !== "bit") {
        // a number is output as its bits (element 0 least significant): it needs a width
        const numeric = ["int", "uint", "angle"].includes(type!.kind) && type!.size !== undefined;
        if (!numeric && type!.kind !== "bool") {
          this.unsupported(type!.span, `\`output ${type!.kind}\` declarations`,
            ["int", "uint", "angle"].includes(type!.kind) ? `give it a width: \`output ${type!.kind}[8] ${name};\` (it is output as its bits)` : "declare outputs as `output bit`, `output bit[n]`, `output bool` or a sized int, uint or angle");
          return this.poison(name, s.name.span);
        }
        this.scalarDecl(s, type);
        const sym = this.scope.syms.get(name);
        if (sym?.k === "var") this.outputDecls.push(sym);
        return;
      }
    }
    if (!type || type.kind !== "bit") return this.scalarDecl(s, type);
    const isConst = s.modifier === "const";
    if (isConst && s.init?.k !== "expr") {
      this.error("E1004", s.span, `const '${name}' needs a value: \`const bit[n] ${name} = "0101";\``, { label: "no value" });
      return this.poison(name, s.name.span);
    }

    // bit / bit[n] / creg
    let size = 1;
    if (type.size) {
      const n = this.constInt(type.size, "a register size");
      if (n === undefined) return this.poison(name, s.name.span);
      if (n < 1 || n > MAX_BITS) {
        this.error("E1006", type.size.span, n < 1 ? `a bit register needs at least 1 bit, not ${n}` : `a bit register of ${n} bits is too large (at most ${MAX_BITS})`, { label: "invalid size" });
        return this.poison(name, s.name.span);
      }
      size = n;
    }
    const cells: BitCell[] = Array.from({ length: size }, () => ({ id: this.nextCell++, v: ZERO_BIT, measured: false, ...(isConst ? { constant: true as const } : {}) }));
    const scalar = type.size === undefined && s.style !== "creg";
    const sym: Sym & { k: "bits" } = {
      k: "bits", name, cells, scalar, span: s.name.span, id: this.nextSym++, output: s.modifier === "output", alias: false,
      global: this.scope === this.global,
    };
    if (s.init) {
      if (s.init.k === "measure") {
        if (!this.measureInto(s.init.operand, cells, scalar, s.init.span)) { /* reported */ }
      } else {
        const v = this.expr(s.init.e);
        if (isConst && isRuntime(v)) {
          this.error("E1004", s.init.e.span, `const '${name}' needs a compile-time value, but this is computed from measurement results`, { label: "not a constant", help: "declare it without `const`" });
          return this.poison(name, s.name.span);
        }
        const bits = this.toBits(v, size, scalar, s.init.e.span);
        if (bits) bits.forEach((b, i) => { cells[i]!.v = b; });
      }
    }
    if (!this.declare(sym, s.name.span)) return;
    if (sym.output) this.outputDecls.push(sym);
    if (sym.global) this.globalBitRegs.push(sym);
  }

  /** `duration d = 100ns;`, `const duration d = …;`, `stretch s;` (a stretch's length stays unknown). */
  private durationDecl(s: A.Stmt & { kind: "classical" }, type: A.TypeNode): void {
    const name = s.name.name;
    const stretch = type.kind === "stretch";
    if (type.size) {
      this.error("E1004", type.size.span, `\`${type.kind}\` takes no width`, { label: "remove this" });
      return this.poison(name, s.name.span);
    }
    let value: Duration = stretch ? STRETCH : ZERO_DURATION;
    if (s.init) {
      if (s.init.k === "measure") {
        this.error("E1004", s.init.span, `a measurement result is a \`bit\`, not a ${type.kind}`, { label: "measures a qubit" });
        return this.poison(name, s.name.span);
      }
      const v = this.duration(s.init.e);
      if (!v) return this.poison(name, s.name.span);
      value = stretch ? { ...v, stretch: true } : v;
    }
    this.declare({ k: "dur", name, value, stretch, isConst: s.modifier === "const", span: s.name.span, id: this.nextSym++ }, s.name.span);
  }

  /** An expression that must be a duration (`delay[…]`, `box[…]`, duration initialisers); undefined when reported. */
  private duration(e: A.Expr): Duration | undefined {
    const v = this.expr(e);
    if (v.k === "error") return undefined;
    if (v.k !== "dur") {
      const unitless = v.k === "num" && isNum(v.e) && (v.type === "int" || v.type === "float");
      this.error("E1004", e.span, `a duration is needed here, not ${describeValue(v)}`, {
        label: "not a duration",
        help: unitless ? `give it a unit: \`${(v.e as { v: number }).v}ns\` (units: ns, us, µs, ms, s, dt)` : "durations are written with a unit: `100ns`, `2.5us`, `4dt`",
      });
      return undefined;
    }
    return v;
  }

  /** A duration where something else is needed (E1004). */
  private durationMisuse(d: Duration, span: Span, where: string): Value {
    return this.error("E1004", span, `${describeDuration(d)} cannot be used as ${where}`, {
      label: "a duration", ...(d.stretch ? {} : { help: "divide it by a duration to get a number, e.g. `d / 1ns`" }),
    });
  }

  /** `int`/`uint`/`float`/`angle`/`bool` declarations, `const` ones included. */
  private scalarDecl(s: A.Stmt & { kind: "classical" }, type: A.TypeNode | undefined): void {
    const name = s.name.name;
    let value: Value;
    if (s.init?.k === "measure") {
      this.error("E1004", s.init.span, "a measurement result is a `bit`, not a number", { label: "measures a qubit", help: "declare a `bit` to hold it" });
      return this.poison(name, s.name.span);
    }
    value = s.init ? this.expr(s.init.e) : ERROR;
    let numType: NumType;
    let width: number | undefined;
    if (type) {
      numType = type.kind as NumType;
      if (type.size) {
        const w = this.constInt(type.size, "a type width");
        if (w === undefined) return this.poison(name, s.name.span);
        if (w < 1 || w > 1024) {
          this.error("E1006", type.size.span, `invalid width ${w}`, { label: "out of range" });
          return this.poison(name, s.name.span);
        }
        if (numType === "float" && w !== 32 && w !== 64) {
          this.unsupported(type.size.span, `\`float[${w}]\``, "use `float[64]` (or `float[32]`)");
          return this.poison(name, s.name.span);
        }
        if (numType === "bool") {
          this.error("E1004", type.size.span, "`bool` takes no width", { label: "remove this" });
          return this.poison(name, s.name.span);
        }
        width = w;
      }
    } else {
      // an untyped `const n = …;`: the value's own type
      if (value.k === "num") numType = value.type;
      else if (value.k === "bits") numType = "int";
      else if (value.k === "complex" || value.k === "array") return this.untypedStatic(s, value);
      else return this.poison(name, s.name.span);
    }
    if (!s.init) value = numVal(numType, 0);
    if (value.k === "error") return this.poison(name, s.name.span);
    const isConst = s.modifier === "const";
    const coerced = this.coerce(value, numType, width, s.init?.k === "expr" ? s.init.e.span : s.name.span, name);
    if (coerced.k === "error") return this.poison(name, s.name.span);
    if (isConst && coerced.k === "rt") {
      this.error("E1004", s.init?.k === "expr" ? s.init.e.span : s.span, `const '${name}' needs a compile-time value, but this is computed from measurement results`,
        { label: "not a constant", help: "declare it without `const`" });
      return this.poison(name, s.name.span);
    }
    if (isConst && coerced.k === "num" && !isNum(coerced.e) && this.gate === undefined) {
      this.error("E1004", s.init?.k === "expr" ? s.init.e.span : s.span,
        `const '${name}' needs a compile-time value, but this depends on the input '${coerced.dep ?? "?"}'`,
        { label: "not a constant", help: "declare it without `const`" });
      return this.poison(name, s.name.span);
    }
    this.declareVar({ k: "var", name, type: numType, ...(width !== undefined ? { width } : {}), value: coerced, isConst, input: false, span: s.name.span, id: this.nextSym++ }, s.name.span);
  }

  private inputDecl(s: A.Stmt & { kind: "classical" }, type: A.TypeNode): void {
    const name = s.name.name;
    if (this.scope !== this.global) {
      this.error("E1004", s.span, "inputs can only be declared at the top level", { label: "inside a block" });
      return this.poison(name, s.name.span);
    }
    if (name !== "") this.inputsSeen.add(name);
    if (type.kind === "bit" && type.size) {
      this.unsupported(type.span, "`input bit[n]` declarations", "declare an `input int` and compare it, or bind the bits as separate inputs");
      return this.poison(name, s.name.span);
    }
    const numType: NumType = type.kind === "bit" ? "bool" : (type.kind as NumType);
    let width: number | undefined;
    if (type.size) {
      const w = this.constInt(type.size, "a type width");
      if (w === undefined) return this.poison(name, s.name.span);
      if (w < 1 || w > 1024 || (numType === "float" && w !== 32 && w !== 64)) {
        this.error("E1006", type.size.span, `invalid width ${w} for an input`, { label: "out of range" });
        return this.poison(name, s.name.span);
      }
      width = w;
    }
    const bound = this.opts.bind?.get(name);
    let value: Value;
    if (this.opts.inputsAsParams && (numType === "float" || numType === "angle")) {
      const id = this.params.length;
      this.params.push({ name, index: [], type: numType, init: bound ?? 0 });
      const p: Expr = { k: "param", id };
      value = { k: "num", type: numType, e: numType === "angle" ? wrapAngleExpr(p) : p, dep: name };
    } else if (bound !== undefined) {
      if (!Number.isFinite(bound)) {
        this.error("E1006", s.name.span, `the value bound to input '${name}' is not a finite number`, { label: "bound to " + String(bound) });
        return this.poison(name, s.name.span);
      }
      if ((numType === "int" || numType === "uint" || numType === "bool") && !Number.isInteger(bound)) {
        this.error("E1004", s.name.span, `input '${name}' is ${type.kind === "bit" ? "a bit" : `an ${numType}`}, but the value bound to it is ${bound}`, { label: "needs an integer" });
        return this.poison(name, s.name.span);
      }
      if (numType === "bool" && bound !== 0 && bound !== 1) {
        this.error("E1006", s.name.span, `input '${name}' is a ${type.kind}, but the value bound to it is ${bound}`, { label: "needs 0 or 1" });
        return this.poison(name, s.name.span);
      }
      value = this.coerce(numVal(numType, bound), numType, width, s.name.span, name);
    } else {
      const asParams = numType === "float" || numType === "angle" ? " (or import with `inputsAsParams` to keep it a parameter)" : "";
      this.error("E1005", s.name.span, `input '${name}' has no value`, {
        label: "unbound input",
        help: `bind it, e.g. \`--bind ${name}=${numType === "float" || numType === "angle" ? "0.5" : "1"}\`${asParams}`,
      });
      return this.poison(name, s.name.span);
    }
    if (value.k === "error") return this.poison(name, s.name.span);
    this.declare({ k: "var", name, type: numType, ...(width !== undefined ? { width } : {}), value, isConst: false, input: true, span: s.name.span, id: this.nextSym++ }, s.name.span);
  }

  private letStmt(s: A.Stmt & { kind: "let" }): void {
    const parts = s.parts.map((p) => this.classifyOperand(p));
    if (parts.length === 0 || parts.some((p) => p === undefined)) return this.poison(s.name.name, s.name.span);
    const kinds = new Set(parts.map((p) => p!.k));
    if (kinds.size > 1) {
      this.error("E1004", s.span, "an alias joins either qubits or classical bits, not both", { label: "mixed" });
      return this.poison(s.name.name, s.name.span);
    }
    const scalar = parts.length === 1 && parts[0]!.scalar;
    if (parts[0]!.k === "qubits") {
      const qubits = parts.flatMap((p) => (p!.k === "qubits" ? p!.qubits : []));
      this.declare({ k: "qubits", name: s.name.name, qubits, scalar, span: s.name.span }, s.name.span);
    } else {
      const cells = parts.flatMap((p) => (p!.k === "bits" ? p!.cells : []));
      this.declare({
        k: "bits", name: s.name.name, cells, scalar, span: s.name.span, id: this.nextSym++, output: false, alias: true, global: false,
      }, s.name.span);
    }
  }

  /** An operand that is a qubit or bit reference (for `let`); undefined when reported. */
  private classifyOperand(o: A.Operand):
    | { k: "qubits"; qubits: number[]; scalar: boolean }
    | { k: "bits"; cells: BitCell[]; scalar: boolean }
    | undefined {
    if (o.k === "hardware") {
      const q = this.resolveQubits(o);
      return q ? { k: "qubits", qubits: q.qubits, scalar: true } : undefined;
    }
    const found = this.lookup(o.name.name);
    if (found?.sym.k === "bits") {
      const r = this.resolveBits(o);
      return r ? { k: "bits", cells: r.cells, scalar: r.scalar } : undefined;
    }
    const q = this.resolveQubits(o);
    return q ? { k: "qubits", qubits: q.qubits, scalar: q.scalar } : undefined;
  }

  // ---- gate definitions ---------------------------------------------------------------------------

  private gateDef(s: A.Stmt & { kind: "gate" }): void {
    if (this.scope !== this.global) {
      this.error("E1001", s.span, "a `gate` definition must be at the top level", { label: "inside a block" });
      return;
    }
    const name = s.name.name;
    const seen = new Map<string, Span>();
    for (const id of [...s.params, ...s.qubits]) {
      const prev = seen.get(id.name);
      if (prev) {
        this.error("E1004", id.span, `'${id.name}' is declared twice in the definition of '${name}'`, { label: "again", related: [{ span: prev, message: "first here" }] });
        this.poison(name, s.name.span);
        return;
      }
      seen.set(id.name, id.span);
    }
    const index = this.defs.length;
    const body: UnitaryOp[] = [];
    const errorsBefore = this.diags.length;
    const savedOps = this.ops;
    const savedGate = this.gate;
    const savedDepth = this.loopDepth, savedLoops = this.loopsAtBranch;
    this.ops = body as Op[];
    this.gate = { name };
    this.loopDepth = 0;
    this.loopsAtBranch = -1;
    try {
      this.inScope("gate", () => {
        s.params.forEach((p, i) => {
          this.declare({ k: "var", name: p.name, type: "angle", value: { k: "num", type: "angle", e: { k: "arg", index: i }, dep: p.name }, isConst: true, input: false, span: p.span, id: this.nextSym++ }, p.span);
        });
        s.qubits.forEach((q, i) => this.declare({ k: "gateQubit", name: q.name, index: i, span: q.span }, q.span));
        this.block(s.body);
      });
    } finally {
      this.ops = savedOps;
      this.gate = savedGate;
      this.loopDepth = savedDepth;
      this.loopsAtBranch = savedLoops;
    }
    const gate: GateRef = { k: "def", index, name, params: s.params.length, qubits: s.qubits.length };
    if (!this.declare({ k: "gate", name, gate, span: s.name.span }, s.name.span)) return;
    if (this.diags.length > errorsBefore) {
      // keep the name (calls are checked against its signature) but not a broken body
      this.defs.push({ name, cell: name, argNames: s.params.map((p) => p.name), qubitNames: s.qubits.map((q) => q.name), body: [] });
      return;
    }
    this.defs.push({ name, cell: name, argNames: s.params.map((p) => p.name), qubitNames: s.qubits.map((q) => q.name), body });
  }

  // ---- gate applications --------------------------------------------------------------------------

  /** The gate a name refers to; undefined when reported, null for a name already reported (no diagnostic). */
  private resolveGate(name: A.Ident): GateRef | undefined | null {
    if (name.name === "") return null;
    const found = this.lookup(name.name);
    if (found) {
      const sym = found.sym;
      if (sym.k === "gate") return sym.gate;
      if (sym.k === "poison") return null;
      this.error("E1004", name.span, `'${name.name}' is ${describeSym(sym)}, not a gate`, { label: "not a gate", ...("span" in sym && sym.span ? { related: [{ span: sym.span, message: "declared here" }] } : {}) });
      return undefined;
    }
    if (this.gate && name.name === this.gate.name) {
      this.error("E1004", name.span, `gate '${name.name}' cannot call itself`, { label: "recursive call" });
      return undefined;
    }
    if (this.qasm2) return this.resolveQasm2Gate(name);
    const b = this.builtinGate(name.name);
    if (b) return { k: "builtin", name: b.name, params: b.params, qubits: b.qubits };
    const sig = GATE_SIGNATURES.get(name.name);
    if (sig && !VARIADIC.has(name.name)) {
      this.error("E1003", name.span, `unknown gate '${name.name}'`, {
        label: "not declared",
        help: `'${name.name}' is declared by stdgates.inc: add \`include "stdgates.inc";\` after the \`OPENQASM\` line`,
      });
      return undefined;
    }
    if (VARIADIC.has(name.name)) {
      this.error("E1003", name.span, `unknown gate '${name.name}'`, { label: "not OpenQASM", help: `qseq's '${name.name}' is not OpenQASM: write \`ctrl(n) @ ${({ mcx: "x", mcp: "p", mcz: "z" } as Record<string, string>)[name.name]}\`` });
      return undefined;
    }
    const alias = GATE_ALIASES[name.name];
    if (alias && (this.stdgates || alias === "U")) {
      this.error("E1003", name.span, `unknown gate '${name.name}'`, { label: "not declared", help: `OpenQASM 3 calls it \`${alias}\`` });
      return undefined;
    }
    const candidates = [
      ...this.visibleNames((s) => s.k === "gate"),
      ...[...GATE_SIGNATURES.values()].filter((g) => g.origin === "builtin" || (this.stdgates && g.origin !== "variadic")).map((g) => g.name),
    ];
    const guess = closestName(name.name, candidates);
    const stdHint = !this.stdgates && guess && GATE_SIGNATURES.get(guess)?.origin === "stdgates" ? " (after `include \"stdgates.inc\";`)" : "";
    const stdGuess = !this.stdgates ? closestName(name.name, [...GATE_SIGNATURES.values()].filter((g) => g.origin === "stdgates").map((g) => g.name)) : undefined;
    this.error("E1003", name.span, `unknown gate '${name.name}'`, {
      label: "not declared",
      ...(guess ? { help: `did you mean '${guess}'?${stdHint}` }
        : stdGuess ? { help: `did you mean '${stdGuess}'? (declared by stdgates.inc: add \`include "stdgates.inc";\`)` } : {}),
    });
    return undefined;
  }

  /** A gate name in OpenQASM 2 mode (user definitions are looked up before). */
  private resolveQasm2Gate(name: A.Ident): GateRef | undefined {
    const lib = this.libGate(name.name);
    if (lib) return { k: "lib", name: lib.name, params: lib.params, qubits: lib.qubits, lib };
    if (QELIB1.has(name.name)) {
      this.error("E1003", name.span, `unknown gate '${name.name}'`, { label: "not declared", help: `'${name.name}' is declared by qelib1.inc: add \`include "qelib1.inc";\` after the \`OPENQASM 2.0;\` line` });
      return undefined;
    }
    const candidates = [...this.visibleNames((s) => s.k === "gate"), ...QASM2_BUILTINS.keys(), ...(this.qelib1 ? QELIB1.keys() : [])];
    const guess = closestName(name.name, candidates) ?? GATE_ALIASES[name.name];
    this.error("E1003", name.span, `unknown gate '${name.name}'`, {
      label: "not declared",
      ...(guess ? { help: `did you mean '${guess}'?` } : GATE_SIGNATURES.has(name.name) ? { help: "this is an OpenQASM 3 gate; OpenQASM 2 has `U`, `CX` and the gates of qelib1.inc" } : {}),
    });
    return undefined;
  }

  private gateCall(s: A.Stmt & { kind: "call" }): void {
    const sub = this.lookup(s.name.name);
    if (sub?.sym.k === "sub") {
      if (s.mods.length > 0 || s.operands.length > 0) {
        this.error("E1004", (s.mods[0] ?? s.operands[0])!.span, `'${s.name.name}' is a subroutine: pass its qubits inside the parentheses, without modifiers`, { label: "not a gate", help: `write \`${s.name.name}(…, q);\`` });
        return;
      }
      this.callSub(sub.sym, s.args, s.span);
      return;
    }
    const gate = this.resolveGate(s.name);
    if (gate === null) return;
    // evaluate everything (to report every problem), then give up if anything failed
    const mods = s.mods.map((m) => this.modifier(m));
    const args = s.args.map((a) => this.angle(a));
    if (!gate) { this.operands(s.operands); return; }
    if (!s.parens && gate.params > 0) {
      this.error("E1004", s.name.span, `gate '${gate.name}' takes ${plural(gate.params, "parameter")}, none given`, { label: `needs (${gate.params === 1 ? "θ" : Array(gate.params).fill("…").join(", ")})` });
      return;
    }
    if (s.args.length !== gate.params && s.parens) {
      const at = s.args[gate.params] ?? s.args[0];
      this.error("E1004", at ? spanFrom(at.span, s.args[s.args.length - 1]!.span) : s.name.span,
        `gate '${gate.name}' takes ${plural(gate.params, "parameter")}, ${s.args.length} given`, { label: s.args.length > gate.params ? "extra parameter" : "too few parameters" });
      return;
    }
    const operands = this.operands(s.operands);
    if (mods.some((m) => m === undefined) || args.some((a) => a === undefined) || operands === undefined) return;
    const modList = mods as Modifier[];
    const nctrl = modList.reduce((n, m) => n + (m.k === "ctrl" ? m.n : 0), 0);
    const expected = nctrl + gate.qubits;
    if (operands.length !== expected) {
      const what = nctrl > 0 ? `${plural(expected, "qubit operand")} (${nctrl} control${nctrl === 1 ? "" : "s"} + ${gate.qubits})` : plural(expected, "qubit operand");
      const gphase = gate.k === "builtin" && gate.name === "gphase";
      this.error("E1004", operands.length > 0 ? spanFrom(operands[0]!.span, operands[operands.length - 1]!.span) : s.name.span,
        `gate '${gate.name}' ${nctrl > 0 ? "with its modifiers " : ""}takes ${what}, ${operands.length} given`,
        {
          label: operands.length > expected ? "too many operands" : "too few operands",
          ...(gphase ? { help: "`gphase(a);` is a phase of the whole state; `ctrl @ gphase(a) q;` applies it where q is |1⟩" } : {}),
        });
      return;
    }
    // broadcast over registers of equal size
    let size = 1;
    let sizedBy: { span: Span; n: number } | undefined;
    for (const o of operands) {
      if (o.scalar) continue;
      if (sizedBy && o.qubits.length !== sizedBy.n) {
        this.error("E1004", o.span, `registers of different sizes in one gate application (${sizedBy.n} and ${o.qubits.length})`, {
          label: `${o.qubits.length} qubits`, related: [{ span: sizedBy.span, message: `${sizedBy.n} qubits` }],
          help: "gates broadcast over registers of the same size; index the registers to apply the gate to single qubits",
        });
        return;
      }
      sizedBy ??= { span: o.span, n: o.qubits.length };
      size = o.qubits.length;
    }
    for (let j = 0; j < size; j++) {
      const used = operands.map((o) => (o.scalar ? o.qubits[0]! : o.qubits[j]!));
      const dup = used.findIndex((q, i) => used.indexOf(q) !== i);
      if (dup >= 0) {
        this.error("E1004", operands[dup]!.span, `qubit ${this.qubitLabel(used[dup]!)} is used twice in one gate application`, { label: "used again", related: [{ span: operands[used.indexOf(used[dup]!)]!.span, message: "first here" }] });
        return;
      }
        this.caseSplit(args as GateArg[], s.span, (argsE) => {
        if (gate.k === "lib") {
          for (const st of gate.lib.expand(argsE)) {
            this.pushOp({ kind: "gate", name: st.name, args: st.args, qubits: st.qubits.map((q) => used[q]!), mods: st.mods, src: s.span }, s.span);
          }
        } else if (gate.k === "builtin") this.pushOp({ kind: "gate", name: gate.name, args: argsE, qubits: used, mods: modList, src: s.span }, s.span);
        else this.pushOp({ kind: "call", def: gate.index, args: argsE, qubits: used, mods: modList, src: s.span }, s.span);
      });
    }
  }

  /**
   * Lowers a statement; where an index (or another integer it needs at import time) turns out to be
   * computed at run time, the attempt is rolled back and the statement is lowered once per value of the
   * bits and small sized variables the index reads, each copy with that value written in.
   */
  private splittable(s: A.Stmt, lower: (s: A.Stmt) => void): void {
    const m = this.mark();
    let found: RuntimeIndex | undefined;
    this.splitting++;
    try {
      lower(s);
    } catch (e) {
      if (!(e instanceof RuntimeIndex)) throw e;
      this.rollback(m);
      found = e;
    } finally {
      this.splitting--;
      this.release();
    }
    if (!found) return;
    if (!containsNode(s, found.node)) { this.unsupported(found.node.span, `${found.what} computed from measurement results`); return; }
    const node = found.node, c = found.c;
    const leaves = this.caseLeaves(c, found.what, node.span,
      `a run-time index is resolved by one copy of the statement per value of the bits and variables it reads (at most ${MAX_ANGLE_CASES.toLocaleString("en-US")})`);
    if (!leaves) return;
    this.splitCases(leaves, node.span, (env) => {
      const k = evaluateC(c, env);
      const literal: A.Expr = { k: "int", v: k, text: String(k), span: node.span };
      this.splittable(replaceNode(s, node, literal), lower);
    });
  }

  /**
   * Calls `emit` once per combination of values of `leaves` (plus the values enclosing splits fixed), each
   * as a side of a run-time `if` (so what a case writes is merged like any branch's writes): an `if` op
   * per IR bit, a `branch` op per value of a variable.
   */
  private splitCases(leaves: readonly RuntimeLeaf[], span: Span, emit: (env: { bits: number[]; vars: number[] }) => void): void {
    const env = { bits: new Array<number>(this.numBits).fill(0), vars: new Array<number>(this.vars.length).fill(0) };
    for (const [key, value] of this.fixedLeaves) {
      const [k, i] = [key[0], Number(key.slice(1))];
      if (k === "b" && i < env.bits.length) env.bits[i] = value;
      else if (k === "v" && i < env.vars.length) env.vars[i] = value;
    }
    const fixed = (l: RuntimeLeaf, value: number, body: () => void) => () => {
      const key = leafKey(l);
      this.fixedLeaves.set(key, value);
      if (l.at.k === "bit") env.bits[l.at.bit] = value; else env.vars[l.at.index] = value;
      try { body(); } finally { this.fixedLeaves.delete(key); }
    };
    const split = (i: number): void => {
      if (i === leaves.length) return emit(env);
      const l = leaves[i]!;
      if (l.at.k === "bit") {
        this.runtimeIf({ k: "and", lits: [{ bit: l.at.bit, value: true }] }, fixed(l, 1, () => split(i + 1)), fixed(l, 0, () => split(i + 1)), span);
        return;
      }
      const slot = l.at.index;
      const chain = (k: number): void => {
        const value = l.values[k]!;
        if (k === l.values.length - 1) return fixed(l, value, () => split(i + 1))();
        const test = unwrapC(cBinary("==", { k: "var", index: slot, type: l.type }, cConst(l.type, value)));
        this.runtimeIf({ k: "rt", c: test }, fixed(l, value, () => split(i + 1)), () => chain(k + 1), span);
      };
      chain(0);
    };
    split(0);
  }

  /**
   * Applies `emit` with gate arguments as numbers: run-time ones are split into cases over the IR bits
   * (an `if` op per bit: every back end has those) and small sized variables (a `branch` op per value)
   * they read, each case with its arguments evaluated at import time.
   */
  private caseSplit(args: readonly GateArg[], span: Span, emit: (args: Expr[]) => void): void {
    const runtime = args.filter((a): a is GateArg & { k: "rt" } => a.k === "rt");
    if (runtime.length === 0) return emit(args as Expr[]);
    const leaves: RuntimeLeaf[] = [];
    for (const a of runtime) for (const l of a.leaves) if (!leaves.some((x) => sameLeaf(x, l))) leaves.push(l);
    this.splitCases(leaves, span, (env) => emit(args.map((a) => (a.k === "rt" ? num(evaluateC(a.c, env)) : a))));
  }

  private modifier(m: A.Modifier): Modifier | undefined {
    if (m.k === "inv") return { k: "inv" };
    if (m.k === "pow") {
      const v = this.expr(m.exponent);
      if (v.k === "error") return undefined;
      if (isRuntime(v)) { this.unsupported(m.exponent.span, "a `pow` exponent computed from measurement results", "branch on the bits: `if (c == 1) pow(2) @ g q;`"); return undefined; }
      if (v.k !== "num" || v.type === "bool") { this.error("E1004", m.exponent.span, "a `pow` exponent is a number", { label: describeValue(v) }); return undefined; }
      if (!isNum(v.e)) {
        this.unsupported(m.exponent.span, "`pow` with a non-constant exponent", `the exponent depends on '${v.dep ?? "?"}'; only compile-time exponents are imported`);
        return undefined;
      }
      if (!Number.isFinite(v.e.v)) { this.error("E1006", m.exponent.span, `the \`pow\` exponent ${v.e.v} is not finite`, { label: "not finite" }); return undefined; }
      return { k: "pow", exponent: v.e };
    }
    let n = 1;
    if (m.n) {
      const c = this.constInt(m.n, `the number of \`${m.k}\` controls`);
      if (c === undefined) return undefined;
      if (c < 1) { this.error("E1006", m.n.span, `\`${m.k}(${c})\` needs at least one control`, { label: "must be ≥ 1" }); return undefined; }
      if (c > this.limits.maxQubits) { this.error("E1006", m.n.span, `\`${m.k}(${c})\` has more controls than the program can have qubits`, { label: "too many" }); return undefined; }
      n = c;
    }
    return { k: "ctrl", n, negative: m.k === "negctrl" };
  }

  /** Resolves gate operands; undefined if any failed (all are checked and reported). */
  private operands(list: readonly A.Operand[]): { qubits: number[]; scalar: boolean; span: Span }[] | undefined {
    const out = list.map((o) => {
      const r = this.resolveQubits(o);
      return r ? { ...r, span: o.span } : undefined;
    });
    return out.some((o) => o === undefined) ? undefined : (out as { qubits: number[]; scalar: boolean; span: Span }[]);
  }

  /** A qubit operand: its circuit (or, in a gate body, local) qubit indices. */
  private resolveQubits(o: A.Operand): { qubits: number[]; scalar: boolean } | undefined {
    if (o.k === "hardware") {
      if (this.physicalSize < 0) return undefined;
      if (this.gate) {
        this.error("E1004", o.span, `a gate body can only use its own qubit arguments, not the physical qubit ${o.text}`, { label: "a physical qubit" });
        return undefined;
      }
      return { qubits: [Number(o.text.slice(1))], scalar: true };
    }
    if (o.name.name === "") return undefined;
    const found = this.lookup(o.name.name);
    if (!found) {
      const candidates = this.visibleNames((s) => s.k === "qubits" || s.k === "gateQubit");
      const guess = closestName(o.name.name, candidates);
      this.error("E1003", o.name.span, `unknown qubit or register '${o.name.name}'`, { label: "not declared", ...(guess ? { help: `did you mean '${guess}'?` } : {}) });
      return undefined;
    }
    const sym = found.sym;
    if (sym.k === "poison") return undefined;
    if (sym.k === "gateQubit") {
      if (o.indices.length > 0) {
        this.error("E1004", o.indices[0]!.span, `'${sym.name}' is a single qubit argument of the gate and cannot be indexed`, { label: "index on a qubit argument" });
        return undefined;
      }
      return { qubits: [sym.index], scalar: true };
    }
    if (sym.k !== "qubits") {
      this.error("E1004", o.name.span, `'${o.name.name}' is ${describeSym(sym)}, not a qubit`, { label: "a qubit is needed here", ...("span" in sym && sym.span ? { related: [{ span: sym.span, message: "declared here" }] } : {}) });
      return undefined;
    }
    if (found.hidden && !this.gate) {
      this.error("E1004", o.name.span, `a subroutine can only use the qubits passed to it, not the register '${o.name.name}'`, { label: "a global register", help: "add a `qubit` parameter" });
      return undefined;
    }
    if (this.gate && this.lookupScopeKind(o.name.name) === "global") {
      this.error("E1004", o.name.span, `a gate body can only use its own qubit arguments, not the register '${o.name.name}'`, { label: "a global register" });
      return undefined;
    }
    let list: readonly number[] = sym.qubits;
    let scalar = sym.scalar;
    for (const ix of o.indices) {
      const r = this.applyIndex(list.length, scalar, ix, `${scalar ? "qubit" : `qubit[${list.length}]`} ${o.name.name}`);
      if (!r) return undefined;
      list = r.picks.map((i) => list[i]!);
      scalar = r.scalar;
    }
    return { qubits: [...list], scalar };
  }

  private lookupScopeKind(name: string): Scope["kind"] | undefined {
    for (let s: Scope | undefined = this.scope; s; s = s.parent) if (s.syms.has(name)) return s.kind;
    return undefined;
  }

  /** A classical bit reference (`c`, `c[0]`, `c[1:2]`): its cells. */
  private resolveBits(o: A.Operand): { cells: BitCell[]; scalar: boolean; sym: Sym & { k: "bits" } } | undefined {
    if (o.k === "hardware") { this.error("E1004", o.span, `${o.text} is a physical qubit, not a classical bit`, { label: "a bit is needed here" }); return undefined; }
    if (o.name.name === "") return undefined;
    const found = this.lookup(o.name.name);
    if (!found) {
      const guess = closestName(o.name.name, this.visibleNames((s) => s.k === "bits"));
      this.error("E1003", o.name.span, `unknown bit or register '${o.name.name}'`, { label: "not declared", ...(guess ? { help: `did you mean '${guess}'?` } : {}) });
      return undefined;
    }
    const sym = found.sym;
    if (sym.k === "poison") return undefined;
    if (sym.k !== "bits") {
      this.error("E1004", o.name.span, `'${o.name.name}' is ${describeSym(sym)}, not a classical bit`, { label: "a bit is needed here" });
      return undefined;
    }
    let cells: readonly BitCell[] = sym.cells;
    let scalar = sym.scalar;
    for (const ix of o.indices) {
      const r = this.applyIndex(cells.length, scalar, ix, `${scalar ? "bit" : `bit[${cells.length}]`} ${o.name.name}`);
      if (!r) return undefined;
      cells = r.picks.map((i) => cells[i]!);
      scalar = r.scalar;
    }
    return { cells: [...cells], scalar, sym };
  }

  /** Applies one `[…]` to a sequence of `n` elements: the picked positions, and whether one element is left. */
  private applyIndex(n: number, scalar: boolean, ix: A.IndexOp, what: string): { picks: number[]; scalar: boolean } | undefined {
    if (scalar) {
      this.error("E1004", ix.span, `${what} is a single element and cannot be indexed`, { label: "index on a scalar" });
      return undefined;
    }
    if (ix.k === "set") {
      const picks: number[] = [];
      for (const e of ix.items) {
        const i = this.indexValue(e, n, what);
        if (i === undefined) return undefined;
        picks.push(i);
      }
      return { picks, scalar: false };
    }
    if (ix.items.length !== 1) {
      this.error("E1004", ix.span, `${what} has one dimension; this index has ${ix.items.length}`, { label: "too many indices" });
      return undefined;
    }
    const item = ix.items[0]!;
    if (item.k === "single") {
      const i = this.indexValue(item.e, n, what);
      return i === undefined ? undefined : { picks: [i], scalar: true };
    }
    const step = item.step ? this.constInt(item.step, "a range step") : 1;
    if (step === undefined) return undefined;
    if (step === 0) { this.error("E1006", item.step!.span, "a range step cannot be 0", { label: "zero step" }); return undefined; }
    const start = item.start ? this.indexValue(item.start, n, what) : step > 0 ? 0 : n - 1;
    const stop = item.stop ? this.indexValue(item.stop, n, what) : step > 0 ? n - 1 : 0;
    if (start === undefined || stop === undefined) return undefined;
    const picks: number[] = [];
    for (let i = start; step > 0 ? i <= stop : i >= stop; i += step) picks.push(i);
    return { picks, scalar: false };
  }

  /** An index into `n` elements (negative counts from the end), checked. */
  private indexValue(e: A.Expr, n: number, what: string): number | undefined {
    const i = this.constInt(e, "an index");
    if (i === undefined) return undefined;
    if (i < -n || i >= n) {
      this.error("E1006", e.span, `index ${i} is out of range for ${what}`, { label: "out of range", help: n === 1 ? "the only valid index is 0" : `valid indices are 0 to ${n - 1} (or -${n} to -1 from the end)` });
      return undefined;
    }
    return i < 0 ? n + i : i;
  }

  private qubitLabel(q: number): string {
    if (this.gate) return `argument ${q}`;
    for (let k = 0; k < this.registers.length; k++) {
      const r = this.registers[k]!;
      if (q >= r.offset && q < r.offset + r.size) {
        if (r.name === PHYSICAL_REGISTER) return `$${q}`;
        return this.scalarRegister[k] ? r.name : `${r.name}[${q - r.offset}]`;
      }
    }
    return `#${q}`;
  }

  // ---- measurement, reset, barrier ------------------------------------------------------------------

  private measureStmt(s: A.Stmt & { kind: "measure" }): void {
    if (!s.target) {
      // `measure q;`: the result is discarded, the collapse is not
      const q = this.resolveQubits(s.operand);
      if (!q) return;
      for (const qubit of q.qubits) this.pushOp({ kind: "measure", qubit, bit: this.numBits++, src: s.span }, s.span);
      return;
    }
    const vb = this.varBitTarget(s.target);
    if (vb) return this.measureIntoVarBit(vb, s.operand, s.span);
    const t = this.resolveBits(s.target);
    if (!t || this.writesConst(t, s.target.span)) { this.resolveQubits(s.operand); return; }
    this.measureInto(s.operand, t.cells, t.scalar, s.span);
  }

  /** Reports a write to bits of a `const` register (through its name or an alias). */
  private writesConst(t: { cells: readonly BitCell[]; sym: Sym & { k: "bits" } }, span: Span): boolean {
    if (!t.cells.some((c) => c.constant)) return false;
    this.error("E1004", span, `cannot assign to const bits${t.sym.alias ? ` (through the alias '${t.sym.name}')` : ` of '${t.sym.name}'`}`, { label: "read-only" });
    return true;
  }

  /** `v[k]` where v is a sized int/uint/angle variable (a bit of its value); undefined for anything else. */
  private varBitTarget(o: A.Operand): { sym: VarSym; ix: A.IndexOp } | undefined {
    if (o.k !== "ref" || o.indices.length !== 1) return undefined;
    const sym = this.lookup(o.name.name)?.sym;
    return sym?.k === "var" ? { sym, ix: o.indices[0]! } : undefined;
  }

  /** The position a bit-level index picks in a variable of `width` bits; undefined when reported. */
  private varBitIndex(sym: VarSym, ix: A.IndexOp): number | undefined {
    const width = sym.width;
    if (width === undefined || sym.type === "float" || sym.type === "bool") {
      this.error("E1004", ix.span, `bit-level access needs a sized int, uint or angle; '${sym.name}' is ${describeSym(sym)}${width === undefined ? " without a width" : ""}`, { label: "no bits to index" });
      return undefined;
    }
    const item = ix.k === "items" && ix.items.length === 1 ? ix.items[0]! : undefined;
    if (!item || item.k !== "single") { this.unsupported(ix.span, "a range or set of bits of an integer or angle", "index one bit at a time"); return undefined; }
    const k = this.constInt(item.e, "a bit index");
    if (k === undefined) return undefined;
    if (k < -width || k >= width) {
      this.error("E1006", item.e.span, `bit ${k} is out of range for ${typeName(numCType(sym.type, width))} '${sym.name}'`, { label: "out of range", help: `valid bits are 0 to ${width - 1} (or ${-width} to -1 from the end)` });
      return undefined;
    }
    return k < 0 ? k + width : k;
  }

  private measureIntoVarBit(t: { sym: VarSym; ix: A.IndexOp }, operand: A.Operand, span: Span): void {
    const q = this.resolveQubits(operand);
    const k = this.varBitIndex(t.sym, t.ix);
    if (!q || k === undefined) return;
    if (q.qubits.length !== 1) { this.error("E1004", operand.span, `measuring ${plural(q.qubits.length, "qubit")} into one bit`, { label: "sizes differ" }); return; }
    const bit = this.numBits++;
    this.pushOp({ kind: "measure", qubit: q.qubits[0]!, bit, src: span }, span);
    this.writeVarBit(t.sym, k, { k: "bits", vals: [{ k: "bit", bit }], scalar: true }, span);
  }

  /** Sets bit k of a sized int/uint/angle variable to a bit value (import time if both are known). */
  private writeVarBit(sym: VarSym, k: number, bit: Value, span: Span): void {
    if (sym.isConst || sym.input) {
      this.error("E1004", span, `cannot assign to ${sym.input ? "input" : "const"} '${sym.name}'`, { label: "read-only", related: [{ span: sym.span, message: "declared here" }] });
      return;
    }
    const type = numCType(sym.type, sym.width);
    const width = sym.width!;
    const cur = this.varCExpr(sym, span);
    const b = this.toCExpr(bit, span);
    if (!cur || !b) return;
    // uint[w] pattern with bit k cleared, plus the bit times 2^k, back to the variable's type through bit[w]
    const asBits = (e: CExpr, w: number) => cCast(e, { k: "bits", width: w });
    const pattern = asBits(cur, width);
    const bitU = cCast(b, { k: "uint" });
    if ("error" in pattern || "error" in bitU) { this.error("E1004", span, ("error" in pattern ? pattern : bitU as { error: string }).error, { label: "type mismatch" }); return; }
    const cleared = unwrapC(cBinary("&", unwrapC(cCast(pattern, { k: "uint", width })), cConst({ k: "uint", width }, 2 ** width - 1 - 2 ** k)));
    const sum = unwrapC(cBinary("+", cleared, unwrapC(cBinary("*", bitU, cConst({ k: "uint" }, 2 ** k)))));
    const value = unwrapC(cCast(unwrapC(asBits(sum, width)), type));
    this.setVarTo(sym, isConstantC(value) ? numVal(sym.type, evaluateC(value, EMPTY_ENV)) : { k: "rt", c: value }, span);
  }

  /** A variable's value as a classical expression of its declared type (import-time numbers carry no width). */
  private varCExpr(sym: VarSym, span: Span): CExpr | undefined {
    const v = sym.value;
    if (v.k === "num" && isNum(v.e)) return cConst(numCType(sym.type, sym.width), v.e.v);
    return this.toCExpr(v, span);
  }

  /** Bit k of a sized int/uint/angle variable's value, as a scalar bit. */
  private readVarBit(sym: VarSym, ix: A.IndexOp, span: Span): Value {
    const k = this.varBitIndex(sym, ix);
    if (k === undefined) return ERROR;
    const cur = this.varCExpr(sym, span);
    if (!cur) return ERROR;
    const width = sym.width!;
    const u = cCast(cCast(cur, { k: "bits", width }) as CExpr, { k: "uint", width });
    if ("error" in u) return this.rtValue(u, span);
    const shifted = unwrapC(cBinary("%", unwrapC(cBinary("/", u, cConst({ k: "uint", width }, 2 ** k))), cConst({ k: "uint", width }, 2)));
    const value = unwrapC(cCast(unwrapC(cCast(shifted, BOOL)), { k: "bits", width: 1 }));
    if (isConstantC(value)) return { k: "bits", vals: [evaluateC(value, EMPTY_ENV) ? ONE_BIT : ZERO_BIT], scalar: true };
    return { k: "rt", c: value };
  }

  /** Measures the operand's qubits into `cells` (sizes must agree). */
  private measureInto(operand: A.Operand, cells: readonly BitCell[], scalar: boolean, span: Span): boolean {
    const q = this.resolveQubits(operand);
    if (!q) return false;
    if (q.qubits.length !== cells.length || (q.scalar && !scalar && cells.length !== 1)) {
      this.error("E1004", operand.span, `measuring ${plural(q.qubits.length, "qubit")} into ${plural(cells.length, "bit")}`, { label: "sizes differ" });
      return false;
    }
    q.qubits.forEach((qubit, i) => {
      const cell = cells[i]!;
      this.setMeasured(cell);
      if (cell.pinned && cell.v.k === "bit") { this.pushOp({ kind: "measure", qubit, bit: cell.v.bit, src: span }, span); return; }
      const bit = this.numBits++;
      this.pushOp({ kind: "measure", qubit, bit, src: span }, span);
      this.writeCell(cell, { k: "bit", bit }, span);
    });
    return true;
  }

  private reset(s: A.Stmt & { kind: "reset" }): void {
    const ops = this.operands(s.operands);
    if (!ops) return;
    for (const o of ops) for (const qubit of o.qubits) this.pushOp({ kind: "reset", qubit, src: s.span }, s.span);
  }

  private barrier(s: A.Stmt & { kind: "barrier" }): void {
    const ops = this.operands(s.operands);
    if (!ops || this.gate) return; // inside a gate body a barrier has no meaning for the unitary
    const qubits = [...new Set(ops.flatMap((o) => o.qubits))];
    this.pushOp({ kind: "barrier", qubits }, s.span);
  }

  // ---- timing (no-ops for the ideal simulator; checked all the same) ---------------------------------

  private delay(s: A.Stmt & { kind: "delay" }): void {
    const d = this.duration(s.duration);
    this.operands(s.operands);
    if (d && isNegative(d)) this.error("E1006", s.duration.span, `a delay of negative length (${describeDuration(d)})`, { label: "negative" });
  }

  private box(s: A.Stmt & { kind: "box" }): void {
    if (s.duration) {
      const d = this.duration(s.duration);
      if (d && isNegative(d)) this.error("E1006", s.duration.span, `a box of negative length (${describeDuration(d)})`, { label: "negative" });
    }
    this.inScope("block", () => this.block(s.body));
  }

  // ---- classical assignment ---------------------------------------------------------------------------

  private writeCell(cell: BitCell, v: BitVal, span: Span): void {
    if (cell.pinned && cell.v.k === "bit") {
      const own = cell.v.bit;
      if (!(v.k === "bit" && v.bit === own)) this.pushOp({ kind: "assign", target: { k: "bit", bit: own }, value: bitsCExpr([v]), src: span }, span);
      return;
    }
    if (v.k === "bit" && this.mutableBits.has(v.bit)) v = this.snapshotBit(v.bit, span);
    const b = this.branch;
    if (b && cell.id < b.cellStart && !b.writes.has(cell)) b.writes.set(cell, { old: cell.v, span });
    this.setCell(cell, v);
  }

  private assign(s: A.Stmt & { kind: "assign" }): void {
    const target = s.target;
    if (target.k === "hardware") { this.error("E1004", target.span, `cannot assign to the physical qubit ${target.text}`, { label: "a qubit", help: "measure it into a bit: `b = measure ${target.text};`" }); return; }
    const found = this.lookup(target.name.name);
    if (!found) {
      if (target.name.name === "") return;
      const guess = closestName(target.name.name, this.visibleNames((x) => x.k === "var" || x.k === "bits"));
      this.error("E1003", target.name.span, `unknown variable '${target.name.name}'`, { label: "not declared", ...(guess ? { help: `did you mean '${guess}'?` } : {}) });
      if (s.value.k === "measure") this.resolveQubits(s.value.operand);
      else this.expr(s.value.e);
      return;
    }
    const sym = found.sym;
    if (sym.k === "poison") return;
    if (sym.k === "bits") {
      const t = this.resolveBits(target);
      if (!t || this.writesConst(t, target.span)) return;
      if (s.value.k === "measure") {
        if (s.op !== "=") { this.error("E1004", s.opSpan, `\`${s.op}\` cannot take a measurement`, { label: "use `=`" }); return; }
        this.measureInto(s.value.operand, t.cells, t.scalar, s.span);
        return;
      }
      let v = this.expr(s.value.e);
      if (s.op !== "=") v = this.binary(s.op.slice(0, -1), { k: "bits", vals: t.cells.map((c) => c.v), scalar: t.scalar }, v, s.span);
      const bits = this.toBits(v, t.cells.length, t.scalar, s.value.e.span);
      // a cell that now holds a measurement result counts as measured (an output candidate)
      if (bits) bits.forEach((b, i) => { if (b.k === "bit") this.setMeasured(t.cells[i]!); this.writeCell(t.cells[i]!, b, s.span); });
      return;
    }
    if (sym.k === "dur") return this.assignDuration(s, sym);
    if (sym.k === "array" || sym.k === "complex") return this.assignStatic(s, sym);
    if (sym.k !== "var") {
      this.error("E1004", target.name.span, `cannot assign to '${sym.name}': it is ${describeSym(sym)}`, { label: "not a variable" });
      return;
    }
    if (target.indices.length > 0) {
      if (target.indices.length > 1) { this.unsupported(target.indices[1]!.span, "a second index on a bit of an integer or angle"); return; }
      const k = this.varBitIndex(sym, target.indices[0]!);
      if (k === undefined) return;
      if (s.value.k === "measure") {
        if (s.op !== "=") { this.error("E1004", s.opSpan, `\`${s.op}\` cannot take a measurement`, { label: "use `=`" }); return; }
        return this.measureIntoVarBit({ sym, ix: target.indices[0]! }, s.value.operand, s.span);
      }
      let v = this.expr(s.value.e);
      if (s.op !== "=") v = this.binary(s.op.slice(0, -1), this.readVarBit(sym, target.indices[0]!, s.span), v, s.span);
      if (v.k === "error") return;
      // a bit's value: bits and bools as they are, anything else converted like `bit(…)`
      const c = this.toCExpr(v, s.value.e.span);
      const asBit = c && cCast(c, { k: "bits", width: 1 });
      if (!asBit) return;
      if ("error" in asBit) { this.error("E1004", s.value.e.span, asBit.error, { label: "not a bit" }); return; }
      return this.writeVarBit(sym, k, { k: "rt", c: asBit }, s.span);
    }
    if (sym.isConst || sym.input) {
      this.error("E1004", target.name.span, `cannot assign to ${sym.input ? "input" : "const"} '${sym.name}'`, { label: "read-only", related: [{ span: sym.span, message: "declared here" }] });
      return;
    }
    if (s.value.k === "measure") {
      this.error("E1004", s.value.span, `a measurement result is a \`bit\`; '${sym.name}' is ${sym.type === "int" ? "an" : "a"} ${sym.type}`, { label: "measures a qubit" });
      return;
    }
    let v = this.expr(s.value.e);
    if (s.op !== "=") v = this.binary(s.op.slice(0, -1), sym.value, v, s.span);
    const c = this.coerce(v, sym.type, sym.width, s.value.e.span, sym.name);
    if (c.k !== "error") this.setVarTo(sym, c, s.span);
  }

  /** Gives a variable a value already converted to its type: at import time, or by an `assign` op. */
  private setVarTo(sym: VarSym, c: Value, span: Span): void {
    if (sym.slot === undefined && (c.k !== "rt" || !this.needsPin(c.c))) return this.writeVar(sym, c, span);
    // a run-time value, or a variable run-time code writes: the circuit assigns it
    const slot = this.pinVar(sym, span);
    const value = slot === undefined ? undefined : this.toCExpr(c, span);
    if (value) this.pushOp(this.assignVar(slot!, value, span), span);
  }

  private assignDuration(s: A.Stmt & { kind: "assign" }, sym: Sym & { k: "dur" }): void {
    if (sym.isConst) {
      this.error("E1004", s.target.span, `cannot assign to const '${sym.name}'`, { label: "read-only", related: [{ span: sym.span, message: "declared here" }] });
      return;
    }
    if (s.target.k === "ref" && s.target.indices.length > 0) { this.error("E1004", s.target.indices[0]!.span, `'${sym.name}' is a duration and cannot be indexed`, { label: "index" }); return; }
    if (s.value.k === "measure") { this.error("E1004", s.value.span, `a measurement result is a \`bit\`, not a duration`, { label: "measures a qubit" }); return; }
    let v: Value = this.expr(s.value.e);
    if (s.op !== "=") v = this.binary(s.op.slice(0, -1), sym.value, v, s.span);
    if (v.k === "error") return;
    if (v.k !== "dur") { this.error("E1004", s.value.e.span, `'${sym.name}' is a duration; this is ${describeValue(v)}`, { label: "not a duration" }); return; }
    sym.value = sym.stretch ? { ...v, stretch: true } : v;
  }

  /** A value as `size` bits (for bit assignment); undefined when reported. */
  private toBits(v: Value, size: number, scalar: boolean, span: Span): BitVal[] | undefined {
    if (v.k === "error") return undefined;
    if (v.k === "dur") { this.durationMisuse(v, span, "bits"); return undefined; }
    if (v.k === "array" || v.k === "complex") { this.notScalar(v, span, "bits"); return undefined; }
    if (v.k === "bits") {
      if (v.vals.length !== size) {
        this.error("E1004", span, `${plural(v.vals.length, "bit")} assigned to ${plural(size, "bit")}`, { label: "sizes differ" });
        return undefined;
      }
      return [...v.vals];
    }
    if (v.k === "rt") return this.runtimeBits(v.c, size, span);
    if (!isNum(v.e)) {
      this.unsupported(span, "bits computed from late-bound inputs");
      return undefined;
    }
    const x = v.e.v;
    if (v.type === "float" || v.type === "angle" || !Number.isInteger(x)) {
      this.error("E1004", span, `${describeValue(v)} cannot be assigned to bits`, { label: "not an integer" });
      return undefined;
    }
    if (scalar && x !== 0 && x !== 1) {
      this.error("E1006", span, `a bit holds 0 or 1, not ${x}`, { label: "out of range" });
      return undefined;
    }
    if (x < 0 || (size < 53 && x >= 2 ** size)) {
      this.error("E1006", span, `${x} does not fit in ${plural(size, "bit")}`, { label: "out of range" });
      return undefined;
    }
    return Array.from({ length: size }, (_, i) => (Math.floor(x / 2 ** i) % 2 === 1 ? ONE_BIT : ZERO_BIT));
  }

  /** A run-time value as `size` new IR bits the circuit assigns (element i: bit i of the value). */
  private runtimeBits(c: CExpr, size: number, span: Span): BitVal[] | undefined {
    // as the import-time path does, an integer assigned to bits converts without a written cast
    const bits = cCast(c, { k: "bits", width: size });
    if ("error" in bits) { this.error("E1004", span, bits.error, { label: "type mismatch" }); return undefined; }
    const asUint = size === 1 ? bits : unwrapC(cCast(bits, { k: "uint", width: size }));
    return Array.from({ length: size }, (_, i) => {
      const bit = this.numBits++;
      // an `assign` to a bit keeps the value's lowest bit
      const value = i === 0 ? asUint : unwrapC(cBinary(">>", asUint, cConst({ k: "int" }, i)));
      this.pushOp({ kind: "assign", target: { k: "bit", bit }, value, src: span }, span);
      return { k: "bit", bit } as BitVal;
    });
  }

  /** Converts a value to a declared numeric type (integer widths wrap, angles reduce into [0, 2π)). */
  private coerce(v: Value, type: NumType, width: number | undefined, span: Span, name: string): Value {
    if (v.k === "error") return v;
    if (v.k === "dur") return this.durationMisuse(v, span, `the ${type} '${name}'`);
    if (v.k === "array" || v.k === "complex") return this.notScalar(v, span, `the ${type} '${name}'`);
    if (isRuntime(v)) {
      const c = this.toCExpr(v, span);
      return c ? this.rtValue(assignConvert(c, numCType(type, width)), span) : ERROR;
    }
    let n: Value = v;
    if (v.k === "bits") {
      const c = bitsConst(v.vals);
      if (c === undefined) {
        this.unsupported(span, `assigning a measurement result to the ${type} '${name}'`, "measured bits can only be tested in `if` conditions");
        return ERROR;
      }
      n = numVal(v.scalar ? "bool" : "uint", c);
    }
    if (n.k !== "num") return ERROR;
    const symbolic = !isNum(n.e);
    switch (type) {
      case "bool":
        if (symbolic) { this.unsupported(span, "booleans computed from late-bound inputs"); return ERROR; }
        return numVal("bool", (n.e as { v: number }).v !== 0 ? 1 : 0);
      case "int": case "uint": {
        if (n.type === "float" || n.type === "angle") {
          this.error("E1004", span, `${describeValue(n)} cannot be assigned to the ${type} '${name}' implicitly`, { label: "not an integer", help: `convert it explicitly: \`${type}(…)\`` });
          return ERROR;
        }
        if (symbolic) { this.unsupported(span, "integers computed from late-bound inputs"); return ERROR; }
        return numVal(type, wrapInt((n.e as { v: number }).v, type, width));
      }
      case "float":
        if (symbolic) return { k: "num", type: "float", e: n.e, ...(n.dep ? { dep: n.dep } : {}) };
        return numVal("float", width === 32 ? Math.fround((n.e as { v: number }).v) : (n.e as { v: number }).v);
      case "angle":
        if (symbolic) return { k: "num", type: "angle", e: n.type === "angle" ? n.e : wrapAngleExpr(n.e), ...(n.dep ? { dep: n.dep } : {}) };
        return numVal("angle", reduceAngle((n.e as { v: number }).v, width));
    }
  }

  /** A compile-time integer (sizes, indices, control counts); undefined when reported. */
  private constInt(e: A.Expr, what: string): number | undefined {
    const v = this.expr(e);
    if (v.k === "error") return undefined;
    if (v.k === "dur") { this.durationMisuse(v, e.span, what); return undefined; }
    if (v.k === "array" || v.k === "complex") { this.notScalar(v, e.span, what); return undefined; }
    let x: number | undefined;
    if (v.k === "rt" || (v.k === "bits" && bitsConst(v.vals) === undefined)) {
      // in a gate application, measurement, reset or assignment: lowered once per value (`splittable`)
      if (this.splitting > 0) {
        const c = this.toCExpr(v, e.span);
        if (c) throw new RuntimeIndex(e, c, what);
        return undefined;
      }
      this.unsupported(e.span, `${what} computed from measurement results`, "sizes and loop bounds must be known at import time (indices in gate applications, measurements, resets and assignments may be computed at run time)");
      return undefined;
    }
    if (v.k === "bits") x = bitsConst(v.vals);
    else if (isNum(v.e) && (v.type === "int" || v.type === "uint" || v.type === "bool")) x = v.e.v;
    else if (!isNum(v.e)) {
      this.unsupported(e.span, `${what} that depends on '${v.dep ?? "?"}'`, "sizes, indices and loop bounds must be compile-time integers");
      return undefined;
    }
    if (x === undefined || !Number.isInteger(x)) {
      this.error("E1004", e.span, `${what} must be an integer`, { label: describeValue(v) });
      return undefined;
    }
    return x;
  }

  // ---- control flow -------------------------------------------------------------------------------

  private ifStmt(s: A.Stmt & { kind: "if" }): void {
    const cond = this.cond(s.cond);
    if (cond === undefined) return;
    if (cond.k === "const") {
      const taken = cond.v ? s.then : s.else;
      if (taken) this.inScope("block", () => this.block(taken));
      return;
    }
    const body = (stmts: readonly A.Stmt[] | undefined) => stmts && (() => this.inScope("block", () => this.block(stmts)));
    this.runtimeIf(cond, body(s.then), body(s.else), s.span);
  }

  /**
   * An `if` on run-time values: an `if` op when the condition is a conjunction of bit tests (every back end
   * has those), a `branch` op otherwise. Both sides are lowered from the same import-time state; where they
   * leave a cell or a variable different, the circuit assigns it on each side.
   */
  private runtimeIf(cond: Cond & { k: "and" | "nand" | "rt" }, thenBody: (() => void) | undefined, elseBody: (() => void) | undefined, span: Span): void {
    const startCell = this.nextCell;
    const startSym = this.nextSym;
    const run = (body: (() => void) | undefined) => {
      const frame = this.newFrame(startCell, startSym);
      const savedOps = this.ops, savedBranch = this.branch;
      const ops: Op[] = [];
      this.ops = ops;
      this.branch = frame;
      const savedLoops = this.loopsAtBranch, savedSubBranch = this.sub?.inBranch;
      this.loopsAtBranch = this.loopDepth; // a `break` out of an unrolled loop from here needs a run-time exit
      if (this.sub) this.sub.inBranch = true; // and so would a `return`
      try {
        body?.();
      } finally {
        this.loopsAtBranch = savedLoops;
        if (this.sub) this.sub.inBranch = savedSubBranch!;
        this.ops = savedOps;
        this.branch = savedBranch;
      }
      // undo the branch's writes (the other branch starts from the same state)
      const after = new Map<BitCell, BitVal>();
      for (const [cell, w] of frame.writes) { after.set(cell, cell.v); this.setCell(cell, w.old); }
      const afterVars = new Map<VarSym, Value>();
      for (const [sym, w] of frame.varWrites) { afterVars.set(sym, sym.value); this.setVarValue(sym, w.old); }
      return { ops, frame, after, afterVars };
    };
    const yes = run(thenBody);
    const no = run(elseBody);
    // IR bits start at 0 only once: in a run-time loop a bit measured on one side keeps the last iteration's value
    const freshBitsAreZero = !this.inRuntimeLoop();
    const cells = new Set([...yes.after.keys(), ...no.after.keys()]);
    for (const cell of cells) {
      const before = cell.v;
      const a = yes.after.get(cell) ?? before;
      const b = no.after.get(cell) ?? before;
      let merged: BitVal | undefined;
      if (sameBit(a, b)) merged = a;
      else if (freshBitsAreZero && before.k === "const" && before.v === 0) {
        // one side measured into a cell that held 0: that IR bit is 0 on the other path
        if (sameBit(b, before) && a.k === "bit" && a.bit >= yes.frame.bitStart) merged = a;
        else if (sameBit(a, before) && b.k === "bit" && b.bit >= no.frame.bitStart) merged = b;
      }
      if (merged === undefined) {
        // the sides disagree: a new IR bit that each side assigns
        const bit = this.numBits++;
        this.pushTo(yes.ops, { kind: "assign", target: { k: "bit", bit }, value: bitsCExpr([a]), src: span }, span);
        this.pushTo(no.ops, { kind: "assign", target: { k: "bit", bit }, value: bitsCExpr([b]), src: span }, span);
        merged = { k: "bit", bit };
      }
      if (merged.k === "bit") this.setMeasured(cell); // it holds a measurement's consequence: an output candidate
      this.writeCell(cell, merged, span);
    }
    const vars = new Set([...yes.afterVars.keys(), ...no.afterVars.keys()]);
    for (const sym of vars) {
      const before = sym.value;
      const a = yes.afterVars.get(sym) ?? before;
      const b = no.afterVars.get(sym) ?? before;
      if (sym.slot === undefined && sameStatic(a, b)) { this.writeVar(sym, a, span); continue; }
      // the sides disagree (or one pinned it): the variable holds it, each side assigns its own value
      const slot = this.pinVar(sym, span);
      if (slot === undefined) continue;
      for (const [side, v] of [[yes, a], [no, b]] as const) {
        if (v === sym.value || v === before) continue;
        const value = this.toCExpr(v, span);
        if (value) this.pushTo(side.ops, this.assignVar(slot, value, span), span);
      }
    }
    if (cond.k === "rt") {
      this.pushOp({ kind: "branch", cond: cond.c, then: yes.ops, else: no.ops, src: span }, span);
      return;
    }
    const thenOps = cond.k === "and" ? yes.ops : no.ops;
    const elseOps = cond.k === "and" ? no.ops : yes.ops;
    this.pushOp({ kind: "if", when: cond.lits, then: thenOps, else: elseOps, src: span }, span);
  }

  private forStmt(s: A.Stmt & { kind: "for" }): void {
    let values: Value[] = [];
    const set = s.set;
    if (set.k === "range") {
      const item = set.item;
      if (item.k === "single" || item.start === undefined || item.stop === undefined) {
        this.error("E1004", set.span, "a loop range needs a start and a stop: `[start:stop]` or `[start:step:stop]`", { label: "incomplete range" });
        return;
      }
      const start = this.constInt(item.start, "a loop bound");
      const stop = this.constInt(item.stop, "a loop bound");
      const step = item.step ? this.constInt(item.step, "a loop step") : 1;
      if (start === undefined || stop === undefined || step === undefined) return;
      if (step === 0) { this.error("E1006", item.step!.span, "a range step cannot be 0", { label: "zero step" }); return; }
      const count = step > 0 ? (stop >= start ? Math.floor((stop - start) / step) + 1 : 0) : (start >= stop ? Math.floor((start - stop) / -step) + 1 : 0);
      if (count > this.limits.maxOps - this.work) {
        this.error("E1006", set.span, `a loop of ${count.toLocaleString("en-US")} iterations exceeds the unroll limit of ${this.limits.maxOps.toLocaleString("en-US")}`, { label: "too long", help: "loops are unrolled on import" });
        return;
      }
      values = Array.from({ length: count }, (_, i) => numVal("int", start + i * step));
    } else if (set.k === "set") {
      values = set.items.map((e) => this.expr(e));
      if (values.some((v) => v.k === "error")) return;
    } else if (this.isArrayRef(set.e)) {
      const elems = this.arrayLoopValues(set.e);
      if (!elems) return;
      values = elems;
    } else {
      const e = set.e;
      const sym = e.k === "ident" ? this.lookup(e.name)?.sym : undefined;
      if (sym?.k === "poison") return;
      if (sym && sym.k !== "var") {
        this.unsupported(e.span, `loops over ${sym.k === "bits" ? "bit registers" : "registers"}`, "loop over indices: `for int i in [0:n-1] { … c[i] … }`");
        return;
      }
      const v = this.expr(e);
      if (v.k !== "error") this.error("E1004", e.span, `cannot loop over ${describeValue(v)}`, { label: "not a range or set", help: "write `[start:stop]` or `{a, b, …}`" });
      return;
    }
    const varType: NumType = s.type ? (s.type.kind as NumType) : "int";
    if (s.type?.kind === "complex") return this.complexLoop(s, values);
    if (s.type && !["int", "uint", "float", "angle", "bool"].includes(s.type.kind)) {
      this.unsupported(s.type.span, `\`${s.type.kind}\` loop variables`);
      return;
    }
    const coerced = values.map((v) => this.coerce(v, varType, undefined, s.variable.span, s.variable.name));
    if (coerced.some((c) => c.k === "error")) return;
    const tag: LoopTag = { kind: "for" };
    for (const [k, c] of coerced.entries()) {
      this.tick(s.span);
      const m = this.mark();
      try {
        if (!this.iteration(tag, () => this.forBody(s, varType, c))) break;
      } catch (e) {
        if (!(e instanceof NeedsRuntimeLoop) || e.loop !== tag) throw e;
        this.rollback(m);
        return this.guardedFor(s, varType, coerced.slice(k));
      } finally {
        this.release();
      }
    }
  }

  private forBody(s: A.Stmt & { kind: "for" }, varType: NumType, value: Value): void {
    this.inScope("block", () => {
      this.declareVar({ k: "var", name: s.variable.name, type: varType, value, isConst: false, input: false, span: s.variable.span, id: this.nextSym++ }, s.variable.span);
      this.block(s.body);
    });
  }

  /**
   * The rest of a `for` loop (from the iteration that met a `break`/`continue` under an `if` on measured
   * values): still unrolled, so the loop variable stays known, with the exits as run-time flags.
   */
  private guardedFor(s: A.Stmt & { kind: "for" }, varType: NumType, values: readonly Value[]): void {
    const flag = (what: string) => this.newVarSet(`${what} ${s.variable.name}`, BOOL, 0, s.span);
    const tag: GuardedLoop = { kind: "guarded", brk: flag("break"), cont: flag("continue"), exits: 0 };
    const broke = unwrapC(cUnary("!", { k: "var", index: tag.brk, type: BOOL }));
    for (const [k, c] of values.entries()) {
      this.tick(s.span);
      const go = this.iteration(tag, () => {
        const body = () => this.forBody(s, varType, c);
        if (k === 0) body();
        else this.runtimeIf({ k: "rt", c: broke }, body, undefined, s.span);
        // a `continue` leaves this iteration only
        this.pushOp(this.assignVar(tag.cont, cConst(BOOL, 0), s.span), s.span);
      });
      if (!go) break;
    }
  }

  /** One unrolled loop iteration; false after a `break`. */
  private iteration(tag: LoopTag, body: () => void): boolean {
    this.loopDepth++;
    this.loopTags.push(tag);
    try {
      body();
      return true;
    } catch (e) {
      if (!(e instanceof LoopSignal)) throw e;
      return e.word === "continue";
    } finally {
      this.loopDepth--;
      this.loopTags.pop();
    }
  }

  // ---- subroutines (inlined) -----------------------------------------------------------------------

  private defStmt(s: A.Stmt & { kind: "def" }): void {
    if (this.scope !== this.global) {
      this.error("E1001", s.span, "a `def` must be at the top level", { label: "inside a block" });
      return;
    }
    const seen = new Map<string, Span>();
    for (const p of s.params) {
      const prev = seen.get(p.name.name);
      if (prev) {
        this.error("E1004", p.name.span, `'${p.name.name}' is declared twice in the parameters of '${s.name.name}'`, { label: "again", related: [{ span: prev, message: "first here" }] });
        return this.poison(s.name.name, s.name.span);
      }
      seen.set(p.name.name, p.name.span);
      if (p.k === "classical" && !this.staticParamOk(p)) return this.poison(s.name.name, s.name.span);
    }
    this.declare({ k: "sub", name: s.name.name, def: s, span: s.name.span }, s.name.span);
  }

  /**
   * Inlines a subroutine call: arguments are evaluated in the caller's scope, the body runs in a scope
   * under the global one (it sees its parameters, constants, gates and subroutines). The return value,
   * if the subroutine declares one, is converted to the declared type; undefined for no value.
   */
  private callSub(sym: Sym & { k: "sub" }, args: readonly A.Expr[], span: Span): Value | undefined {
    const d = sym.def;
    this.tick(span); // calls cost like operations: nested calls of empty subroutines still end at the limit
    if (this.gate) { this.error("E1004", span, `subroutine '${sym.name}' cannot be called in a gate definition`, { label: "in a gate body" }); return ERROR; }
    if (this.activeSubs.has(sym.name)) { this.unsupported(span, "recursive subroutines (they are inlined at import time)"); return ERROR; }
    if (args.length !== d.params.length) {
      this.error("E1004", span, `subroutine '${sym.name}' takes ${plural(d.params.length, "argument")}, ${args.length} given`, { label: "wrong number of arguments", related: [{ span: sym.span, message: "declared here" }] });
      return ERROR;
    }
    // arguments, in the caller's scope
    const bound: Sym[] = [];
    let ok = true;
    d.params.forEach((p, i) => {
      const a = args[i]!;
      if (p.k === "qubit") {
        const operand = exprToOperand(a);
        if (!operand) { this.error("E1004", a.span, `parameter '${p.name.name}' of '${sym.name}' is a qubit`, { label: "not a qubit" }); ok = false; return; }
        const q = this.resolveQubits(operand);
        if (!q) { ok = false; return; }
        const size = p.size ? this.inScopeOf(this.global, () => this.constInt(p.size!, "a qubit parameter size")) : undefined;
        if (p.size && size === undefined) { ok = false; return; }
        if ((size === undefined && !q.scalar) || (size !== undefined && q.qubits.length !== size)) {
          this.error("E1004", a.span, `parameter '${p.name.name}' of '${sym.name}' takes ${size === undefined ? "one qubit" : plural(size, "qubit")}, not ${plural(q.qubits.length, "qubit")}`, { label: "size differs" });
          ok = false; return;
        }
        bound.push({ k: "qubits", name: p.name.name, qubits: q.qubits, scalar: size === undefined, span: p.name.span });
        return;
      }
      const v = this.expr(a);
      const s = this.paramValue(p, v, a.span);
      if (!s) { ok = false; return; }
      bound.push(s);
    });
    if (!ok) return ERROR;
    const m = this.mark();
    let ret: Value | undefined;
    try {
      ret = this.inlineSub(sym, bound, undefined);
    } catch (e) {
      if (!(e instanceof NeedsGuardedReturn) || e.sub.name !== sym.name || e.sub.guard) throw e;
      this.rollback(m);
      const guard = this.subGuard(sym, span);
      if (!guard) return ERROR;
      ret = this.inlineSub(sym, bound, guard);
    } finally {
      this.release();
    }
    if (!d.returns) return undefined;
    if (ret === undefined) {
      return this.error("E1004", span, `subroutine '${sym.name}' ended without returning a value`, { label: "no `return`", related: [{ span: sym.span, message: `declared to return ${d.returns.kind}` }] });
    }
    if (ret.k === "error") return ERROR;
    const s = this.paramValue({ k: "classical", name: { name: "", span: d.returns.span }, type: d.returns, span: d.returns.span }, ret, span);
    return s ? (s.k === "var" || s.k === "dur" || s.k === "complex" ? s.value : s.k === "bits" ? { k: "bits", vals: s.cells.map((c) => c.v), scalar: s.scalar } : ERROR) : ERROR;
  }

  /** Inlines a subroutine's body with its parameters bound; the value of a static `return`, or the guarded result. */
  private inlineSub(sym: Sym & { k: "sub" }, bound: readonly Sym[], guard: SubCtx["guard"]): Value | undefined {
    const saved = { scope: this.scope, loopDepth: this.loopDepth, loopsAtBranch: this.loopsAtBranch, sub: this.sub, loopTags: this.loopTags, splitting: this.splitting };
    this.splitting = 0; // the body's statements split themselves
    this.scope = new Scope(this.global, "sub");
    this.loopDepth = 0;
    // IR bits are still rewritten per iteration of a run-time loop around the call
    this.loopTags = [...saved.loopTags.filter((t) => t.kind === "runtime"), ...(guard ? [guard.exit] : [])];
    this.loopsAtBranch = -1;
    this.sub = { name: sym.name, inBranch: false, ...(guard ? { guard } : {}) };
    this.activeSubs.add(sym.name);
    try {
      for (const b of bound) {
        if (b.k === "var") this.declareVar(b, b.span);
        else this.declare(b, (b as { span: Span }).span);
      }
      this.block(sym.def.body);
      if (guard?.result) return { k: "rt", c: { k: "var", index: guard.result.slot, type: guard.result.type } };
      return undefined;
    } catch (e) {
      if (!(e instanceof ReturnSignal)) throw e;
      return e.value;
    } finally {
      this.scope = saved.scope;
      this.loopDepth = saved.loopDepth;
      this.loopsAtBranch = saved.loopsAtBranch;
      this.sub = saved.sub;
      this.loopTags = saved.loopTags;
      this.splitting = saved.splitting;
      this.activeSubs.delete(sym.name);
    }
  }

  /** The flag and result variable of a subroutine call that returns at run time; undefined when reported. */
  private subGuard(sym: Sym & { k: "sub" }, span: Span): SubCtx["guard"] | undefined {
    const returns = sym.def.returns;
    let type: CType | undefined;
    if (returns) {
      const width = returns.size ? this.inScopeOf(this.global, () => this.constInt(returns.size!, "a type width")) : undefined;
      if (returns.size && width === undefined) return undefined;
      if (returns.kind === "bit") type = { k: "bits", width: width ?? 1 };
      else if (["bool", "int", "uint", "float", "angle"].includes(returns.kind)) type = numCType(returns.kind as NumType, width);
      else { this.unsupported(span, `a \`${returns.kind}\` result of '${sym.name}' returned under an \`if\` on a measurement result`); return undefined; }
    }
    const flag = this.newVarSet(`returned from ${sym.name}`, BOOL, 0, span);
    return {
      exit: { kind: "guarded", brk: flag, cont: flag, exits: 0 },
      ...(type ? { result: { slot: this.newVarSet(`result of ${sym.name}`, type, 0, span), type } } : {}),
    };
  }

  /** A classical parameter (or return value) bound to a value, converted to its type; undefined when reported. */
  private paramValue(p: A.DefParam & { k: "classical" }, v: Value, span: Span): Sym | undefined {
    if (v.k === "error") return undefined;
    const type = p.type;
    if (type.kind === "duration" || type.kind === "stretch") {
      if (v.k !== "dur") { this.error("E1004", span, `a duration is needed here, not ${describeValue(v)}`, { label: "not a duration" }); return undefined; }
      return { k: "dur", name: p.name.name, value: v, stretch: type.kind === "stretch", isConst: true, span: p.name.span, id: this.nextSym++ };
    }
    const width = type.size ? this.inScopeOf(this.global, () => this.constInt(type.size!, "a type width")) : undefined;
    if (type.size && width === undefined) return undefined;
    if (type.kind === "bit") {
      const size = width ?? 1;
      const bits = this.toBits(v, size, type.size === undefined, span);
      if (!bits) return undefined;
      const cells = bits.map((b) => ({ id: this.nextCell++, v: b, measured: b.k === "bit" }));
      return { k: "bits", name: p.name.name, cells, scalar: type.size === undefined, span: p.name.span, id: this.nextSym++, output: false, alias: false, global: false };
    }
    if (type.kind === "complex" || type.kind === "array") return this.staticParam(p, v, span);
    const c = this.coerce(v, type.kind, width, span, p.name.name || "the return value");
    if (c.k === "error") return undefined;
    return { k: "var", name: p.name.name, type: type.kind, ...(width !== undefined ? { width } : {}), value: c, isConst: false, input: false, span: p.name.span, id: this.nextSym++ };
  }

  private returnStmt(s: A.Stmt & { kind: "return" }): void {
    if (!this.sub) { this.error("E1004", s.span, "`return` outside a subroutine", { label: "not in a `def`" }); return; }
    const guard = this.sub.guard;
    // the loops of this subroutine around a run-time return must stop too: `for` loops (and unrolled
    // `while`s) are rolled back and lowered again with run-time exits, outermost first
    const loops = guard ? this.loopTags.slice(this.loopTags.indexOf(guard.exit) + 1) : [];
    if (loops.some((t) => t.kind === "runtime")) {
      this.unsupported(s.span, "`return` from inside a run-time loop of a subroutine that returns at run time", "leave the loop with `break` and return after it");
      return;
    }
    const unguarded = loops.find((t) => t.kind !== "guarded");
    if (unguarded) {
      if (!unguarded.once) throw new NeedsRuntimeLoop(unguarded);
      this.unsupported(s.span, "`return` from inside a loop over complex values");
      return;
    }
    // the call is inlined again with the returns as run-time flags (`guardedReturn`)
    if (!guard && this.sub.inBranch) throw new NeedsGuardedReturn(this.sub);
    let v: Value | undefined;
    if (s.value?.k === "measure") {
      const q = this.resolveQubits(s.value.operand);
      if (!q) throw new ReturnSignal(ERROR);
      const cells: BitCell[] = q.qubits.map(() => ({ id: this.nextCell++, v: ZERO_BIT, measured: false }));
      v = this.measureInto(s.value.operand, cells, q.scalar, s.span) ? { k: "bits", vals: cells.map((c) => c.v), scalar: q.scalar } : ERROR;
    } else if (s.value) v = this.expr(s.value.e);
    if (!guard) throw new ReturnSignal(v);
    // guardedReturn: store the value, set the flag; the rest of each enclosing block is guarded by it
    if (guard.result && v !== undefined && v.k !== "error") {
      const c = this.toCExpr(v, s.span);
      const value = c && (guard.result.type.k === "bits" ? cCast(c, guard.result.type) : assignConvert(c, guard.result.type));
      if (value && "error" in value) this.error("E1004", s.value!.k === "expr" ? s.value!.e.span : s.span, value.error, { label: "type mismatch" });
      else if (value) this.pushOp(this.assignVar(guard.result.slot, value, s.span), s.span);
    }
    this.pushOp(this.assignVar(guard.exit.brk, cConst(BOOL, 1), s.span), s.span);
    guard.exit.exits++;
    // and every loop of the subroutine around it stops
    for (const t of loops) {
      if (t.kind !== "guarded") continue;
      this.pushOp(this.assignVar(t.brk, cConst(BOOL, 1), s.span), s.span);
      t.exits++;
    }
  }

  private inScopeOf<T>(scope: Scope, body: () => T): T {
    const saved = this.scope;
    this.scope = scope;
    try { return body(); } finally { this.scope = saved; }
  }

  /**
   * `while`: unrolled while its condition is known at import time (each test counts against
   * `limits.maxOps`). From the first test that depends on measured values, or when an iteration needs a
   * run-time `break`/`continue`, the rest of the loop becomes a run-time `while` op.
   */
  private whileStmt(s: A.Stmt & { kind: "while" }): void {
    const tag: LoopTag = { kind: "while" };
    // an import-time loop that never ends would otherwise run until the unroll limit (20M ops, seconds):
    // a `while` gets its own, much smaller bound on iterations
    for (let iterations = 0; ; iterations++) {
      if (iterations >= MAX_WHILE_ITERATIONS) {
        this.error("E1006", s.span, `this \`while\` loop runs more than ${MAX_WHILE_ITERATIONS.toLocaleString("en-US")} iterations at import time`, {
          label: "too many iterations", help: "an import-time loop must end: check its condition, or write a `for` loop over a range",
        });
        return;
      }
      this.tick(s.span);
      const m = this.mark();
      try {
        const errors = this.diags.length;
        const cond = this.cond(s.cond);
        if (cond === undefined || this.diags.length > errors) return;
        if (cond.k !== "const") { this.rollback(m); return this.runtimeWhile(s); }
        if (!cond.v) return;
        if (!this.iteration(tag, () => this.inScope("block", () => this.block(s.body)))) return;
      } catch (e) {
        if (!(e instanceof NeedsRuntimeLoop) || e.loop !== tag) throw e;
        this.rollback(m);
        return this.runtimeWhile(s);
      } finally {
        this.release();
      }
    }
  }

  /**
   * A `while` op: everything the body assigns is pinned first (so the body, lowered once, reads the
   * circuit's values), then the condition is taken as a run-time expression.
   */
  private runtimeWhile(s: A.Stmt & { kind: "while" }): void {
    for (const name of assignedNames(s.body)) {
      this.pinName(name, s.span);
      // assigned at every iteration: import time does not know which values it reaches
      const sym = this.lookup(name)?.sym;
      if (sym?.k === "var" && sym.slot !== undefined) this.varDomains[sym.slot] = undefined;
    }
    const opsBefore = this.ops.length;
    const cond = this.cond(s.cond);
    if (cond === undefined) return;
    if (this.ops.length !== opsBefore) {
      this.unsupported(s.cond.span, "a run-time `while` condition that applies quantum operations (a subroutine call)", "call the subroutine before the loop and at the end of its body");
      return;
    }
    if (cond.k === "const" && !cond.v) return;
    const frame = this.newFrame(this.nextCell, this.nextSym);
    const savedOps = this.ops, savedBranch = this.branch, savedSubBranch = this.sub?.inBranch;
    const body: Op[] = [];
    this.ops = body;
    this.branch = frame;
    if (this.sub) this.sub.inBranch = true; // a `return` from inside would need a run-time exit
    try {
      this.iteration({ kind: "runtime" }, () => this.inScope("block", () => this.block(s.body)));
    } finally {
      this.ops = savedOps;
      this.branch = savedBranch;
      if (this.sub) this.sub.inBranch = savedSubBranch!;
    }
    // what the body writes was pinned above; a write the scan could not see would be read wrongly
    const missed = [...frame.writes.values(), ...frame.varWrites.values()][0];
    if (missed) {
      this.unsupported(missed.span, "this write in a run-time `while` loop (it names its target in a way the importer cannot follow)", "assign the register or variable by its own name");
      return;
    }
    this.pushOp({ kind: "while", cond: condCExpr(cond), body, src: spanFrom(s.span, s.cond.span) }, s.span); // (`while (cond`: where a runaway is shown)
  }

  /**
   * `switch`: on an import-time integer only the matching case (or `default`) is lowered; on a run-time
   * value it becomes a chain of run-time `if`s (case values in order, `default` last).
   */
  private switchStmt(s: A.Stmt & { kind: "switch" }): void {
    const v = this.expr(s.subject);
    if (v.k === "error") return;
    let x: number | undefined;
    let subject: CExpr | undefined;
    if (isRuntime(v)) {
      subject = this.toCExpr(v, s.subject.span);
      if (!subject) return;
      if (!["int", "uint", "bits"].includes(subject.type.k)) {
        this.error("E1004", s.subject.span, `a \`switch\` needs an integer, not ${describeValue(v)}`, { label: "not an integer" });
        return;
      }
    } else if (v.k === "num" && isNum(v.e) && (v.type === "int" || v.type === "uint")) x = v.e.v;
    else if (v.k === "bits") x = bitsConst(v.vals);
    else if (v.k === "num" && !isNum(v.e)) {
      this.unsupported(s.subject.span, "`switch` on late-bound inputs", `the value depends on '${v.dep ?? "?"}'`);
      return;
    } else {
      this.error("E1004", s.subject.span, `a \`switch\` needs an integer, not ${describeValue(v)}`, { label: "not an integer" });
      return;
    }
    const seen = new Map<number, Span>();
    const cases: { values: number[]; body: readonly A.Stmt[] }[] = [];
    let fallback: readonly A.Stmt[] | undefined;
    let ok = true;
    for (const c of s.cases) {
      if (!c.values) {
        if (fallback) { this.error("E1004", c.span, "a `switch` has at most one `default`", { label: "second default" }); ok = false; }
        fallback = c.body;
        continue;
      }
      const values: number[] = [];
      for (const e of c.values) {
        const k = this.constInt(e, "a `case` value");
        if (k === undefined) { ok = false; continue; }
        const prev = seen.get(k);
        if (prev) { this.error("E1004", e.span, `case ${k} appears twice`, { label: "duplicate", related: [{ span: prev, message: "first here" }] }); ok = false; continue; }
        seen.set(k, e.span);
        values.push(k);
      }
      cases.push({ values, body: c.body });
    }
    if (!ok) return;
    const lower = (body: readonly A.Stmt[]) => () => this.inScope("block", () => this.block(body));
    if (subject === undefined) {
      const body = cases.find((c) => c.values.includes(x!))?.body ?? fallback;
      if (body) lower(body)();
      return;
    }
    const subj = subject;
    const chain = (i: number): (() => void) | undefined => {
      if (i >= cases.length) return fallback && lower(fallback);
      const c = cases[i]!;
      const tests = c.values.map((k) => cBinary("==", subj, cConst({ k: "int" }, k)));
      const bad = tests.find((t) => "error" in t);
      if (bad) { this.rtValue(bad, s.subject.span); return undefined; }
      const test = c.values.length === 0 ? cConst(BOOL, 0) : (tests as CExpr[]).reduce((a, b) => unwrapC(cBinary("||", a, b)));
      return () => this.runtimeIf({ k: "rt", c: test }, lower(c.body), chain(i + 1), s.span);
    };
    chain(0)?.();
  }

  // ---- conditions ---------------------------------------------------------------------------------

  /** A condition for `if`; undefined when reported. */
  private cond(e: A.Expr): Cond | undefined {
    switch (e.k) {
      case "unary":
        if (e.op === "!") {
          const c = this.cond(e.a);
          return c && negate(c);
        }
        break;
      case "binary":
        if (e.op === "&&" || e.op === "||") {
          const a = this.cond(e.a), b = this.cond(e.b);
          if (!a || !b) return undefined;
          const r = e.op === "&&" ? condAnd(a, b) : negateOpt(condAnd(negate(a), negate(b)));
          // not a conjunction of bit tests (or its negation): a run-time `branch` condition
          return r ?? { k: "rt", c: unwrapC(cBinary(e.op, condCExpr(a), condCExpr(b))) };
        }
        if (e.op === "==" || e.op === "!=") {
          const ra = this.bitRef(e.a), rb = this.bitRef(e.b);
          if (ra === null || rb === null) return undefined;
          if (ra || rb) {
            if (ra && rb) {
              const ca = bitsConst(ra.vals), cb = bitsConst(rb.vals);
              if (ca !== undefined && cb !== undefined) return { k: "const", v: (ca === cb) === (e.op === "==") };
              return this.condOf(this.binary(e.op, bitsValue(ra), bitsValue(rb), e.span), e.span);
            }
            const ref = (ra ?? rb)!;
            const other = ra ? e.b : e.a;
            const v = this.expr(other);
            if (v.k === "error") return undefined;
            if (isRuntime(v)) return this.condOf(ra ? this.binary(e.op, bitsValue(ref), v, e.span) : this.binary(e.op, v, bitsValue(ref), e.span), e.span);
            let k: number | undefined;
            if (v.k === "num" && isNum(v.e) && v.type !== "float" && v.type !== "angle") k = v.e.v;
            else if (v.k === "bits") k = bitsConst(v.vals);
            if (k === undefined || !Number.isInteger(k)) {
              if (v.k === "num" && !isNum(v.e)) this.unsupported(other.span, "conditions on late-bound inputs");
              else this.error("E1004", other.span, `a bit value is compared with ${describeValue(v)}`, { label: "needs an integer" });
              return undefined;
            }
            const c = equalsConst(ref.vals, k);
            return e.op === "==" ? c : negate(c);
          }
        }
        break;
      case "cast":
        if (e.type.kind === "bool") {
          const r = this.bitRef(e.arg);
          if (r === null) return undefined;
          if (r) return truthy(r.vals);
        }
        break;
      case "ident": case "index": {
        const r = this.bitRef(e);
        if (r === null) return undefined;
        if (r) return truthy(r.vals);
        break;
      }
      default: break;
    }
    return this.condOf(this.expr(e), e.span);
  }

  /** A value as a condition (non-zero is true); undefined when reported. */
  private condOf(v: Value, span: Span): Cond | undefined {
    if (v.k === "error") return undefined;
    if (v.k === "dur") { this.durationMisuse(v, span, "a condition"); return undefined; }
    if (v.k === "array" || v.k === "complex") { this.notScalar(v, span, "a condition"); return undefined; }
    if (v.k === "bits") return truthy(v.vals);
    if (v.k === "rt") {
      const c = cCast(v.c, BOOL);
      if ("error" in c) { this.error("E1004", span, `${describeValue(v)} cannot be a condition`, { label: "not a bool" }); return undefined; }
      return { k: "rt", c };
    }
    if (!isNum(v.e)) { this.unsupported(span, "conditions on late-bound inputs", `the condition depends on '${v.dep ?? "?"}'`); return undefined; }
    return { k: "const", v: v.e.v !== 0 };
  }

  /**
   * If `e` names classical bits (`c`, `c[0]`, `c[0:1]`): their current values, or null if the reference
   * is broken (reported). Undefined (and no diagnostic) for anything else.
   */
  private bitRef(e: A.Expr): { vals: BitVal[]; scalar: boolean } | null | undefined {
    let base: A.Expr = e;
    const indices: A.IndexOp[] = [];
    while (base.k === "index") { indices.unshift(base.index); base = base.base; }
    if (base.k !== "ident") return undefined;
    const sym = this.lookup(base.name)?.sym;
    if (!sym || sym.k !== "bits") return undefined;
    const r = this.resolveBits({ k: "ref", name: { name: base.name, span: base.span }, indices, span: e.span });
    return r ? { vals: r.cells.map((c) => c.v), scalar: r.scalar } : null;
  }

  // ---- expressions --------------------------------------------------------------------------------

  /**
   * A gate argument (an angle): its expression, or a run-time classical expression (the gate is then
   * applied once per value of what it reads: `caseSplit`); undefined when reported.
   */
  private angle(e: A.Expr): GateArg | undefined {
    const v = this.expr(e);
    if (v.k === "error") return undefined;
    if (v.k === "rt" || isRuntime(v)) {
      const c = this.toCExpr(v, e.span);
      if (!c) return undefined;
      // an angle is a gate parameter as it is (its value is the radians), other numbers convert to float
      const asFloat = c.type.k === "angle" ? c : cCast(c, { k: "float" });
      if ("error" in asFloat) { this.error("E1004", e.span, `a gate parameter is a number, not ${describeValue(v)}`, { label: "not a number" }); return undefined; }
      const leaves = this.caseLeaves(c, "a gate parameter", e.span,
        "a gate angle computed from measurement results is applied once per value of the bits and variables it reads; branch on the bits instead: `if (c == 1) rz(θ1) q; else rz(θ0) q;`");
      return leaves && { k: "rt", c: asFloat, leaves };
    }
    if (v.k === "bits") return num(bitsConst(v.vals)!);
    if (v.k === "dur") { this.durationMisuse(v, e.span, "a gate parameter"); return undefined; }
    if (v.k === "array" || v.k === "complex") { this.notScalar(v, e.span, "a gate parameter"); return undefined; }
    if (v.type === "bool") { this.error("E1004", e.span, "a gate parameter is a number, not a bool", { label: "bool" }); return undefined; }
    if (isNum(v.e) && !Number.isFinite(v.e.v)) { this.error("E1006", e.span, `the gate parameter evaluates to ${v.e.v}`, { label: "not a finite number" }); return undefined; }
    return v.e;
  }

  private expr(e: A.Expr): Value {
    switch (e.k) {
      case "error": return ERROR;
      case "int":
        if (!Number.isSafeInteger(e.v)) return this.error("E1006", e.span, `integer literal ${e.text} is too large`, { label: "beyond 2^53" });
        return numVal("int", e.v);
      case "float":
        if (!Number.isFinite(e.v)) return this.error("E1006", e.span, "float literal out of range", { label: "overflows" });
        return numVal("float", e.v);
      case "bool": return numVal("bool", e.v ? 1 : 0);
      case "string": {
        const s = e.v.replaceAll("_", "");
        if (!/^[01]+$/.test(s)) return this.error("E1004", e.span, `"${e.v}" is not a bit string`, { label: "only 0, 1 and _ allowed here" });
        // the leftmost character is the most significant bit: element 0 is the last character
        return { k: "bits", vals: [...s].reverse().map((ch) => (ch === "1" ? ONE_BIT : ZERO_BIT)), scalar: false };
      }
      case "duration":
        if (!Number.isFinite(e.v)) return this.error("E1006", e.span, "duration literal out of range", { label: "overflows" });
        return durationLiteral(e.v, e.unit);
      case "unsupported": return this.unsupported(e.span, e.what);
      // a block's length is known to a calibrated backend only: an unknown duration, like a stretch's
      case "durationof": return STRETCH;
      case "imag":
        if (!Number.isFinite(e.v)) return this.error("E1006", e.span, "imaginary literal out of range", { label: "overflows" });
        return { k: "complex", re: 0, im: e.v };
      case "arrayLit":
        return this.error("E1004", e.span, "an array literal `{…}` can only initialise or be assigned to an array", { label: "array literal" });
      case "paren": return this.expr(e.a);
      case "ident": return this.identValue(e.name, e.span);
      case "index": {
        const r = this.bitRef(e);
        if (r === null) return ERROR;
        if (r) return { k: "bits", vals: r.vals, scalar: r.scalar };
        if (e.base.k === "ident") {
          const sym = this.lookup(e.base.name)?.sym;
          if (sym?.k === "var" && !this.lookup(e.base.name)?.hidden) return this.readVarBit(sym, e.index, e.span);
        }
        const base = this.expr(e.base);
        if (base.k === "error") return ERROR;
        if (base.k === "array") return this.indexArray(base, e.index);
        return this.unsupported(e.index.span, `indexing ${describeValue(base)}`);
      }
      case "cast": return this.cast(e);
      case "call": return this.call(e);
      case "unary": {
        const a = this.expr(e.a);
        if (a.k === "error") return a;
        if (isRuntime(a)) {
          const c = this.toCExpr(a, e.a.span);
          return c ? this.rtValue(cUnary(e.op, c), e.span) : ERROR;
        }
        if (e.op === "-" && a.k === "dur") return negateDuration(a);
        if (a.k === "dur") return this.error("E1004", e.span, `\`${e.op}\` is not defined on durations`, { label: describeDuration(a) });
        if (e.op === "-" && a.k === "complex") return { k: "complex", ...cneg(a) };
        if (e.op === "-") {
          const n = this.asNumber(a, e.a.span);
          if (!n) return ERROR;
          if (n.type === "bool") return this.error("E1004", e.a.span, "cannot negate a bool", { label: "bool", help: "use `!`" });
          return { k: "num", type: n.type === "uint" ? "int" : n.type, e: neg(n.e), ...(n.dep ? { dep: n.dep } : {}) };
        }
        if (e.op === "!") {
          const n = this.asNumber(a, e.a.span);
          if (!n) return ERROR;
          if (!isNum(n.e)) return this.unsupported(e.span, "logic on late-bound inputs");
          return numVal("bool", n.e.v === 0 ? 1 : 0);
        }
        // ~
        if (a.k === "bits") {
          if (bitsConst(a.vals) === undefined) return this.unsupported(e.span, "bitwise operations on measured bits");
          return { k: "bits", vals: a.vals.map((b) => (b.k === "const" && b.v === 1 ? ZERO_BIT : ONE_BIT)), scalar: a.scalar };
        }
        const n = this.asNumber(a, e.a.span);
        if (!n) return ERROR;
        if (!isNum(n.e) || (n.type !== "int" && n.type !== "uint")) return this.error("E1004", e.span, "`~` needs an integer or bits", { label: describeValue(n) });
        return numVal("int", ~n.e.v);
      }
      case "binary": {
        const a = this.expr(e.a);
        const b = this.expr(e.b);
        return this.binary(e.op, a, b, e.span);
      }
    }
  }

  private identValue(name: string, span: Span): Value {
    const found = this.lookup(name);
    if (!found) {
      if (name in CONSTANTS) return numVal("float", CONSTANTS[name]!);
      const candidates = [...this.visibleNames((s) => s.k === "var" || s.k === "bits"), "pi", "tau", "euler"];
      const guess = closestName(name, candidates);
      return this.error("E1003", span, `unknown identifier '${name}'`, { label: "not declared", ...(guess ? { help: `did you mean '${guess}'?` } : {}) });
    }
    const { sym, hidden } = found;
    if (hidden && this.sub && !this.gate) {
      return this.error("E1003", span, `'${name}' is not visible inside the subroutine '${this.sub.name}'`, {
        label: "declared outside the subroutine",
        help: "a subroutine sees its parameters, global constants, gates and subroutines: pass the value as a parameter",
      });
    }
    if (hidden) {
      return this.error("E1003", span, `'${name}' is not visible inside a gate definition`, {
        label: "declared outside the gate",
        help: "a gate body sees only its parameters, its qubit arguments and global constants: pass the value as a gate parameter",
      });
    }
    switch (sym.k) {
      case "poison": return ERROR;
      case "var": return sym.value;
      case "dur": return sym.value;
      case "array": return sym.isConst || sym.access === "readonly" ? { ...sym.value, frozen: true } : sym.value;
      case "complex": return sym.value;
      case "bits": return { k: "bits", vals: sym.cells.map((c) => c.v), scalar: sym.scalar };
      default:
        return this.error("E1004", span, `'${name}' is ${describeSym(sym)}; a classical value is needed here`, { label: "not a value" });
    }
  }

  /** An import-time number (callers handle run-time values first). */
  private asNumber(v: Value, span: Span): (Value & { k: "num" }) | undefined {
    if (v.k === "error") return undefined;
    if (v.k === "num") return v;
    if (v.k === "dur") { this.durationMisuse(v, span, "a number"); return undefined; }
    if (v.k === "array" || v.k === "complex") { this.notScalar(v, span, "a real number"); return undefined; }
    const c = v.k === "bits" ? bitsConst(v.vals) : undefined;
    if (v.k === "rt" || c === undefined) {
      this.unsupported(span, "a value computed from measurement results here", "it is known only when the circuit runs");
      return undefined;
    }
    return { k: "num", type: v.scalar ? "bool" : "uint", e: num(c) };
  }

  private binary(op: string, av: Value, bv: Value, span: Span): Value {
    if (av.k === "error" || bv.k === "error") return ERROR;
    if (av.k === "complex" || bv.k === "complex") return this.complexBinary(op, av, bv, span);
    if (av.k === "dur" || bv.k === "dur") return this.durationOp(op, av, bv, span);
    if (isRuntime(av) || isRuntime(bv)) {
      const a = this.toCExpr(av, span), b = this.toCExpr(bv, span);
      if (!a || !b) return ERROR;
      if (!RUNTIME_BINARY.has(op)) return this.unsupported(span, `\`${op}\` on values computed from measurement results`);
      return this.rtValue(cBinary(op as CBinaryOp, a, b), span);
    }
    const a = this.asNumber(av, span), b = this.asNumber(bv, span);
    if (!a || !b) return ERROR;
    const dep = a.dep ?? b.dep;
    const symbolic = !isNum(a.e) || !isNum(b.e);
    const ints = isIntType(a.type) && isIntType(b.type);
    const x = (a.e as { v: number }).v, y = (b.e as { v: number }).v;
    const result = numResult(dep);
    switch (op) {
      case "+": case "-": case "*": {
        const e = op === "+" ? add(a.e, b.e) : op === "-" ? sub(a.e, b.e) : mul(a.e, b.e);
        if (ints) {
          if (isNum(e) && !Number.isSafeInteger(e.v)) return this.error("E1006", span, "integer overflow", { label: "beyond 2^53" });
          return result("int", e);
        }
        return result("float", e);
      }
      case "/":
        if (ints) {
          if (y === 0) return this.error("E1006", span, "integer division by zero", { label: "divides by 0" });
          if (!this.qasm2) return result("int", num(Math.trunc(x / y))); // (OpenQASM 2 computes with reals: 1/2 is 0.5)
        }
        return result("float", div(a.e, b.e));
      case "%":
        if (!ints) return this.error("E1004", span, "`%` needs integer operands", { label: `${a.type} % ${b.type}` });
        if (y === 0) return this.error("E1006", span, "integer modulo by zero", { label: "modulo 0" });
        return result("int", num(x % y));
      case "**": {
        const e = pow(a.e, b.e);
        if (ints && y >= 0) {
          if (isNum(e) && !Number.isSafeInteger(e.v)) return this.error("E1006", span, "integer overflow", { label: "beyond 2^53" });
          return result("int", e);
        }
        return result("float", e);
      }
    }
    if (symbolic) {
      return this.unsupported(span, `\`${op}\` on values that depend on late-bound inputs or gate parameters`, dep ? `this depends on '${dep}'` : undefined);
    }
    switch (op) {
      case "==": return numVal("bool", x === y ? 1 : 0);
      case "!=": return numVal("bool", x !== y ? 1 : 0);
      case "<": return numVal("bool", x < y ? 1 : 0);
      case "<=": return numVal("bool", x <= y ? 1 : 0);
      case ">": return numVal("bool", x > y ? 1 : 0);
      case ">=": return numVal("bool", x >= y ? 1 : 0);
      case "&&": return numVal("bool", x !== 0 && y !== 0 ? 1 : 0);
      case "||": return numVal("bool", x !== 0 || y !== 0 ? 1 : 0);
    }
    if (!ints) return this.error("E1004", span, `\`${op}\` needs integer operands`, { label: `${a.type} ${op} ${b.type}` });
    const big = (f: (p: bigint, q: bigint) => bigint): Value => {
      const r = Number(f(BigInt(x), BigInt(y)));
      return Number.isSafeInteger(r) ? numVal("int", r) : this.error("E1006", span, "integer overflow", { label: "beyond 2^53" });
    };
    switch (op) {
      case "&": return big((p, q) => p & q);
      case "|": return big((p, q) => p | q);
      case "^": return big((p, q) => p ^ q);
      case "<<": return y < 0 || y > 64 ? this.error("E1006", span, `shift by ${y}`, { label: "out of range" }) : big((p, q) => p << q);
      case ">>": return y < 0 || y > 64 ? this.error("E1006", span, `shift by ${y}`, { label: "out of range" }) : big((p, q) => p >> q);
    }
    return this.unsupported(span, `the operator \`${op}\``);
  }

  /** `op` with a duration on at least one side (timing.ts has the rules). */
  private durationOp(op: string, av: Value, bv: Value, span: Span): Value {
    const side = (v: Value): Duration | number | undefined => {
      if (v.k === "dur") return v;
      if (v.k === "num" && isNum(v.e) && v.type !== "bool" && v.type !== "angle") return v.e.v;
      return undefined;
    };
    const a = side(av), b = side(bv);
    if (a === undefined || b === undefined) {
      const other = a === undefined ? av : bv;
      if (other.k === "num" && !isNum(other.e)) return this.unsupported(span, "durations computed from late-bound inputs");
      return this.error("E1004", span, `\`${op}\` between ${av.k === "dur" ? describeDuration(av) : describeValue(av)} and ${bv.k === "dur" ? describeDuration(bv) : describeValue(bv)}`, { label: "type mismatch" });
    }
    const r = durationBinary(op, a, b);
    if (!r.ok) return this.error(r.code, span, r.code === "E1002" ? `the OpenQASM importer cannot compute this: ${r.message}` : r.message, { label: r.code === "E1002" ? "unsupported" : "type mismatch", ...(r.help ? { help: r.help } : {}) });
    return r.v.k === "dur" ? r.v : numVal(r.v.k, r.v.v);
  }

  private cast(e: A.Expr & { k: "cast" }): Value {
    const v = this.expr(e.arg);
    if (v.k === "error") return v;
    if (v.k === "dur") return this.durationMisuse(v, e.span, `a \`${e.type.kind}\` cast`);
    const kind = e.type.kind;
    if (kind === "complex") return this.complexCast(e, v);
    if (v.k === "array" || v.k === "complex") return this.notScalar(v, e.arg.span, `the argument of \`${kind}(…)\``);
    if (v.k === "rt" || isRuntime(v)) return this.runtimeCast(e, v);
    if (kind === "bit") {
      let size = 1;
      if (e.type.size) {
        const n = this.constInt(e.type.size, "a cast width");
        if (n === undefined) return ERROR;
        if (n < 1 || n > 64) return this.error("E1006", e.type.size.span, `invalid width ${n}`, { label: "out of range" });
        size = n;
      }
      if (v.k === "bits") return v.vals.length === size ? { ...v, scalar: e.type.size === undefined } : this.error("E1004", e.span, `cannot cast ${plural(v.vals.length, "bit")} to ${plural(size, "bit")}`, { label: "sizes differ" });
      if (!isNum(v.e)) return this.unsupported(e.span, "casting late-bound inputs to bits");
      if (v.type === "float") return this.error("E1004", e.span, "cannot cast a float to bits", { label: "float" });
      const x = v.type === "bool" ? v.e.v : v.e.v;
      if (e.type.size === undefined) return { k: "bits", vals: [x !== 0 ? ONE_BIT : ZERO_BIT], scalar: true };
      const bits = this.toBits(numVal("int", ((x % 2 ** size) + 2 ** size) % 2 ** size), size, false, e.span);
      return bits ? { k: "bits", vals: bits, scalar: false } : ERROR;
    }
    if (kind === "int" || kind === "uint" || kind === "float" || kind === "angle" || kind === "bool") {
      let width: number | undefined;
      if (e.type.size) {
        const n = this.constInt(e.type.size, "a cast width");
        if (n === undefined) return ERROR;
        width = n;
      }
      let n: Value = v;
      if ((kind === "int" || kind === "uint") && v.k === "num" && (v.type === "float" || v.type === "angle")) {
        if (!isNum(v.e)) return this.unsupported(e.span, "casting late-bound inputs to integers");
        n = numVal("int", Math.trunc(v.e.v));
      }
      if (kind === "bool" && v.k === "bits") {
        const c = bitsConst(v.vals);
        if (c === undefined) return this.unsupported(e.span, "`bool` values of measurement results outside `if` conditions");
        return numVal("bool", c !== 0 ? 1 : 0);
      }
      return this.coerce(n, kind, width, e.span, `${kind}(…)`);
    }
    return this.unsupported(e.type.span, `casts to \`${kind}\``);
  }

  /** A cast of a run-time value (the casting table of src/ir/classical.ts). */
  private runtimeCast(e: A.Expr & { k: "cast" }, v: Value): Value {
    const kind = e.type.kind;
    if (!["bit", "bool", "int", "uint", "float", "angle"].includes(kind)) return this.unsupported(e.type.span, `casts of run-time values to \`${kind}\``);
    let width: number | undefined;
    if (e.type.size) {
      width = this.constInt(e.type.size, "a cast width");
      if (width === undefined) return ERROR;
    }
    const to: CType = kind === "bit" ? { k: "bits", width: width ?? 1 } : numCType(kind as NumType, width);
    const c = this.toCExpr(v, e.arg.span);
    return c ? this.rtValue(cCast(c, to), e.span) : ERROR;
  }

  private call(e: A.Expr & { k: "call" }): Value {
    const name = e.name.name;
    const local = this.lookup(name);
    if (local) {
      if (local.sym.k === "poison") return ERROR;
      if (local.sym.k === "sub") {
        const v = this.callSub(local.sym, e.args, e.span);
        if (v === undefined) return this.error("E1004", e.span, `subroutine '${name}' returns no value`, { label: "used as a value", related: [{ span: local.sym.span, message: "declared here" }] });
        return v;
      }
      return this.error("E1004", e.name.span, `'${name}' is ${describeSym(local.sym)}, not a function`, { label: "not a function" });
    }
    const f = UNARY_FUNCTIONS[name];
    if (STATIC_FUNCTIONS.includes(name)) return this.staticCall(e);
    const unsupportedFn = UNSUPPORTED_FUNCTIONS[name];
    if (unsupportedFn) return this.unsupported(e.name.span, unsupportedFn);
    if (!f && !OTHER_FUNCTIONS.includes(name)) {
      const guess = closestName(name, [...Object.keys(UNARY_FUNCTIONS), ...OTHER_FUNCTIONS]);
      const isGate = this.builtinGate(name) !== undefined;
      return this.error("E1003", e.name.span, `unknown function '${name}'`, {
        label: isGate ? "a gate, not a function" : "not declared",
        ...(guess ? { help: `did you mean '${guess}'?` } : {}),
      });
    }
    const arity = f ? 1 : 2;
    const args = e.args.map((a) => this.expr(a));
    if (args.some((a) => a.k === "complex")) return this.complexFunction(name, args, e);
    if (args.length !== arity) return this.error("E1004", e.span, `'${name}' takes ${plural(arity, "argument")}, ${args.length} given`, { label: "wrong number of arguments" });
    if (args.some(isRuntime)) {
      const cargs = args.map((a, i) => this.toCExpr(a, e.args[i]!.span));
      if (cargs.some((c) => c === undefined)) return ERROR;
      return this.rtValue(cCall(RUNTIME_FUNCTIONS[name]!, cargs as CExpr[]), e.span);
    }
    const nums = args.map((a, i) => this.asNumber(a, e.args[i]!.span));
    if (nums.some((n) => n === undefined)) return ERROR;
    const [a, b] = nums as (Value & { k: "num" })[];
    if (a!.type === "bool" || b?.type === "bool") return this.error("E1004", e.span, `'${name}' takes numbers, not bools`, { label: "bool argument" });
    const dep = a!.dep ?? b?.dep;
    if (f) {
      const r = closed(fn(f, a!.e));
      const type: NumType = (f === "floor" || f === "ceil") && (a!.type === "int" || a!.type === "uint") ? "int" : "float";
      return { k: "num", type, e: r, ...(dep && !isNum(r) ? { dep } : {}) };
    }
    if (name === "pow") return this.binary("**", a!, b!, e.span);
    // mod(a, b): the remainder with the sign of a (as C's fmod), numeric only
    if (!isNum(a!.e) || !isNum(b!.e)) return this.unsupported(e.span, "`mod` of late-bound inputs");
    if (b!.e.v === 0) return this.error("E1006", e.span, "`mod` by zero", { label: "modulo 0" });
    const ints = (a!.type === "int" || a!.type === "uint") && (b!.type === "int" || b!.type === "uint");
    return numVal(ints ? "int" : "float", a!.e.v % b!.e.v);
  }

  // ---- arrays and complex numbers (values known at import time; arrays.ts, complex.ts) ----------------

  /** An array or a complex number where a single real value is needed (E1004). */
  private notScalar(v: Value & { k: "array" | "complex" }, span: Span, where: string): Value {
    if (v.k === "complex") {
      return this.error("E1004", span, `${describeValue(v)} cannot be used as ${where}`, { label: "complex", help: "take its real part with `real(…)` (or its imaginary part with `imag(…)`)" });
    }
    return this.error("E1004", span, `${describeValue(v)} cannot be used as ${where}`, { label: "an array", help: "index it to get an element: `a[i]`" });
  }

  /** The component width of `complex` / `complex[float[n]]`: 32, 64, undefined (plain `float`); null when reported. */
  private complexWidth(t: A.TypeNode): 32 | 64 | undefined | null {
    if (t.size) { this.error("E1004", t.size.span, "the width of a complex number goes on its component type", { label: "write `complex[float[64]]`" }); return null; }
    if (!t.elem) return undefined;
    if (t.elem.kind !== "float") {
      this.unsupported(t.elem.span, `complex numbers with \`${t.elem.kind}\` components`, "the specification defines complex numbers with float components: `complex[float[64]]`");
      return null;
    }
    if (!t.elem.size) return undefined;
    const w = this.constInt(t.elem.size, "a type width");
    if (w === undefined) return null;
    if (w !== 32 && w !== 64) { this.unsupported(t.elem.size.span, `\`float[${w}]\` components`, "use `complex[float[64]]` (or `complex[float[32]]`)"); return null; }
    return w;
  }

  /** The element type of an array; undefined when reported. */
  private elemType(t: A.TypeNode): ElemType | undefined {
    switch (t.kind) {
      case "complex": {
        const w = this.complexWidth(t);
        return w === null ? undefined : { kind: "complex", ...(w ? { width: w } : {}) };
      }
      case "bit": case "stretch": case "array":
        this.error("E1004", t.span, t.kind === "array" ? "an array element cannot be an array" : `\`${t.kind}\` is not a valid array element type`, {
          label: "invalid element type",
          help: t.kind === "array" ? "list every dimension in one type: `array[int, 2, 3]`"
            : t.kind === "bit" ? "OpenQASM 3 excludes bit and bit[n] from arrays: use `bool`, `uint[n]`, or a bit register" : "OpenQASM 3 excludes stretch from arrays",
        });
        return undefined;
      case "duration":
        this.unsupported(t.span, "arrays of durations");
        return undefined;
      default: break;
    }
    const kind = t.kind as NumType;
    if (!t.size) return { kind };
    const w = this.constInt(t.size, "a type width");
    if (w === undefined) return undefined;
    if (w < 1 || w > 1024) { this.error("E1006", t.size.span, `invalid width ${w}`, { label: "out of range" }); return undefined; }
    if (kind === "float" && w !== 32 && w !== 64) { this.unsupported(t.size.span, `\`float[${w}]\``, "use `float[64]` (or `float[32]`)"); return undefined; }
    if (kind === "bool") { this.error("E1004", t.size.span, "`bool` takes no width", { label: "remove this" }); return undefined; }
    return { kind, width: w };
  }

  /** `array[T, n, m]` (or, for a parameter, `array[T, #dim = k]`): element type and lengths; undefined when reported. */
  private arrayShape(t: A.TypeNode, param: boolean): { elem: ElemType; dims?: number[]; dimCount?: number } | undefined {
    if (!t.elem) return undefined; // a syntax error, reported
    const elem = this.elemType(t.elem);
    if (!elem) return undefined;
    const dimsE = t.dims ?? [];
    if (t.dimCount) {
      if (!param) { this.error("E1004", t.dimCount.span, "`#dim` is only for array parameters of a subroutine", { label: "not a parameter", help: "give the length of every dimension: `array[int, 4, 2]`" }); return undefined; }
      if (dimsE.length > 0) { this.error("E1004", t.span, "an array parameter gives either the lengths of its dimensions or `#dim = n`, not both", { label: "both" }); return undefined; }
      const n = this.constInt(t.dimCount, "a number of dimensions");
      if (n === undefined) return undefined;
      if (n < 1 || n > MAX_ARRAY_DIMS) { this.error("E1006", t.dimCount.span, `an array has 1 to ${MAX_ARRAY_DIMS} dimensions, not ${n}`, { label: "out of range" }); return undefined; }
      return { elem, dimCount: n };
    }
    if (dimsE.length === 0) { this.error("E1004", t.span, "an array type needs the length of each dimension: `array[int, 4]`", { label: "no dimensions" }); return undefined; }
    if (dimsE.length > MAX_ARRAY_DIMS) {
      this.error("E1006", dimsE[MAX_ARRAY_DIMS]!.span, `an array has at most ${MAX_ARRAY_DIMS} dimensions; this one has ${dimsE.length}`, { label: "too many dimensions" });
      return undefined;
    }
    const dims: number[] = [];
    for (const d of dimsE) {
      const n = this.constInt(d, "an array length");
      if (n === undefined) return undefined;
      if (n < 0) { this.error("E1006", d.span, `an array length cannot be negative (${n})`, { label: "negative" }); return undefined; }
      dims.push(n);
    }
    if (arraySize(dims) > MAX_BITS) {
      this.error("E1006", t.span, `an array of ${arraySize(dims).toLocaleString("en-US")} elements is too large (at most ${MAX_BITS.toLocaleString("en-US")})`, { label: "too large" });
      return undefined;
    }
    return { elem, dims };
  }

  private zeroElem(elem: ElemType): Value {
    return elem.kind === "complex" ? { k: "complex", re: 0, im: 0 } : numVal(elem.kind, 0);
  }

  /** A value converted to an array's element type (as a declaration of that type converts it); ERROR when reported. */
  private convertElem(v: Value, elem: ElemType, span: Span, name: string): Value {
    if (v.k === "error") return v;
    if (elem.kind === "complex") {
      const c = this.toComplex(v, span);
      return c ? { k: "complex", ...cround(c, elem.width as 32 | 64 | undefined) } : ERROR;
    }
    if (v.k === "num" && !isNum(v.e)) {
      return this.unsupported(span, "array elements that depend on a late-bound input or gate parameter", `array elements are computed at import time; this depends on '${v.dep ?? "?"}'`);
    }
    if (v.k === "bits" && bitsConst(v.vals) === undefined) {
      return this.unsupported(span, "array elements that depend on a measurement result", "array elements are computed at import time");
    }
    return this.coerce(v, elem.kind, elem.width, span, name);
  }

  /** The elements (row-major) an initialiser or assigned value gives an array of this type; undefined when reported. */
  private arrayContents(e: A.Expr, elem: ElemType, dims: readonly number[], name: string): Value[] | undefined {
    const type = arrayTypeName(elem, dims);
    if (e.k === "arrayLit") {
      const r = flattenLiteral(e, dims);
      if ("error" in r) { this.error("E1004", r.error.span, r.error.message, { label: r.error.label }); return undefined; }
      const out: Value[] = [];
      let ok = true;
      for (const leaf of r.leaves) {
        const c = this.convertElem(this.expr(leaf), elem, leaf.span, `${name}[…]`);
        if (c.k === "error") ok = false;
        out.push(c);
      }
      return ok ? out : undefined;
    }
    const v = this.expr(e);
    if (v.k === "error") return undefined;
    if (v.k !== "array") {
      this.error("E1004", e.span, `${describeValue(v)} cannot be assigned to ${type}`, { label: "not an array", help: "write the elements in braces: `{1, 2, 3}`" });
      return undefined;
    }
    if (!sameShape(v.dims, dims)) { this.error("E1004", e.span, `${describeValue(v)} cannot be assigned to ${type}`, { label: "shapes differ" }); return undefined; }
    if (!sameElemType(v.elem, elem)) {
      this.error("E1004", e.span, `${describeValue(v)} cannot be assigned to ${type}`, { label: "element types differ", help: "arrays do not convert implicitly; assign the elements one by one" });
      return undefined;
    }
    return elements(v);
  }

  /** `array[…] a = …;` (global scope only, as the specification requires) and `complex` declarations. */
  private staticDecl(s: A.Stmt & { kind: "classical" }, type: A.TypeNode): void {
    const name = s.name.name;
    if (s.init?.k === "measure") {
      this.error("E1004", s.init.span, `a measurement result is a \`bit\`, not ${type.kind === "array" ? "an array" : "a complex number"}`, { label: "measures a qubit" });
      return this.poison(name, s.name.span);
    }
    if (type.kind === "complex") {
      const width = this.complexWidth(type);
      if (width === null) return this.poison(name, s.name.span);
      const c = s.init ? this.toComplex(this.expr(s.init.e), s.init.e.span) : complex(0);
      if (!c) return this.poison(name, s.name.span);
      this.declare({ k: "complex", name, ...(width ? { width } : {}), value: { k: "complex", ...cround(c, width) }, isConst: s.modifier === "const", span: s.name.span, id: this.nextSym++ }, s.name.span);
      return;
    }
    if (this.scope !== this.global) {
      this.error("E1004", s.name.span, "arrays can only be declared in the global scope", {
        label: "not at the top level", help: "declare it at the top level; a subroutine takes arrays as `readonly`/`mutable` parameters",
      });
      return this.poison(name, s.name.span);
    }
    const shape = this.arrayShape(type, false);
    if (!shape) return this.poison(name, s.name.span);
    const { elem } = shape;
    const dims = shape.dims!;
    const vals = s.init ? this.arrayContents(s.init.e, elem, dims, name) : undefined;
    if (s.init && !vals) return this.poison(name, s.name.span);
    const id = this.nextSym++;
    const value = newArray<Value>(elem, dims, id, (i) => (vals ? vals[i]! : this.zeroElem(elem)));
    this.declare({ k: "array", name, value, isConst: s.modifier === "const", span: s.name.span, id }, s.name.span);
  }

  /** An untyped `const z = 1 + 2im;` (a complex value); an untyped array is refused. */
  private untypedStatic(s: A.Stmt & { kind: "classical" }, v: Value & { k: "complex" | "array" }): void {
    if (v.k === "array") {
      this.error("E1004", s.name.span, "an array declaration needs its type: `array[int, 3] a = …;`", { label: "untyped" });
      return this.poison(s.name.name, s.name.span);
    }
    this.declare({ k: "complex", name: s.name.name, value: v, isConst: s.modifier === "const", span: s.name.span, id: this.nextSym++ }, s.name.span);
  }

  /** `a[i]`, `b[i, j]`, `a[1:3]` on an array value: an element, or a view of the selected part. */
  private indexArray(arr: ArrayVal<Value>, ix: A.IndexOp): Value {
    const r = this.arraySelect(arr, ix);
    if (!r) return ERROR;
    return r.k === "elem" ? arr.store.data[r.pos]! : r.view;
  }

  private arraySelect(arr: ArrayVal<Value>, ix: A.IndexOp): ReturnType<typeof select<Value>> | undefined {
    const what = arrayTypeName(arr.elem, arr.dims);
    if (ix.k === "set") {
      this.error("E1004", ix.span, "an array cannot be indexed by a set `{…}`", { label: "index set", help: "use an index or a range `a:b` (index sets select qubits and bits)" });
      return undefined;
    }
    if (ix.items.length > arr.dims.length) {
      this.error("E1004", ix.span, `${what} has ${plural(arr.dims.length, "dimension")}; this index has ${ix.items.length}`, { label: "too many indices" });
      return undefined;
    }
    const sels: Selection[] = [];
    for (const [d, item] of ix.items.entries()) {
      const n = arr.dims[d]!;
      const where = arr.dims.length > 1 ? `dimension ${d} of ${what}` : what;
      if (n === 0) { this.error("E1006", item.span, `${where} has length 0 and cannot be indexed`, { label: "empty" }); return undefined; }
      const r = this.applyIndex(n, false, { k: "items", items: [item], span: item.span }, where);
      if (!r) return undefined;
      sels.push(r.scalar ? { one: r.picks[0]! } : { picks: r.picks });
    }
    return select(arr, sels);
  }

  /** Does `e` name an array (`a`, `b[1]`)? No diagnostics. */
  private isArrayRef(e: A.Expr): boolean {
    let base = e;
    while (base.k === "index") base = base.base;
    return base.k === "ident" && this.lookup(base.name)?.sym.k === "array";
  }

  /** The elements a `for x in a` loop takes (a one-dimensional array); undefined when reported. */
  private arrayLoopValues(e: A.Expr): Value[] | undefined {
    const v = this.expr(e);
    if (v.k === "error") return undefined;
    if (v.k !== "array") { this.error("E1004", e.span, `cannot loop over ${describeValue(v)}`, { label: "not an array" }); return undefined; }
    if (v.dims.length > 1) {
      this.unsupported(e.span, "loops over multi-dimensional arrays (the loop variable would be an array)", "loop over the rows: `for int i in [0:sizeof(a) - 1] { … a[i] … }`");
      return undefined;
    }
    return elements(v);
  }

  /** `for complex z in …`. */
  private complexLoop(s: A.Stmt & { kind: "for" }, values: readonly Value[]): void {
    const width = this.complexWidth(s.type!);
    if (width === null) return;
    const cs: Value[] = [];
    for (const v of values) {
      const c = this.toComplex(v, s.variable.span);
      if (!c) return;
      cs.push({ k: "complex", ...cround(c, width) });
    }
    for (const c of cs) {
      this.tick(s.span);
      const go = this.iteration({ kind: "for", once: true }, () => this.inScope("block", () => {
        this.declare({ k: "complex", name: s.variable.name, ...(width ? { width } : {}), value: c, isConst: false, span: s.variable.span, id: this.nextSym++ }, s.variable.span);
        this.block(s.body);
      }));
      if (!go) break;
    }
  }

  /** Assignment to an array (whole, element, slice; `op=` on elements) or a complex variable. */
  private assignStatic(s: A.Stmt & { kind: "assign" }, sym: Sym & { k: "array" | "complex" }): void {
    const target = s.target as A.Operand & { k: "ref" };
    const readonlyParam = sym.k === "array" && sym.access === "readonly";
    if (sym.isConst || readonlyParam) {
      this.error("E1004", target.name.span, `cannot assign to ${readonlyParam ? "the readonly array parameter" : "const"} '${sym.name}'`, {
        label: "read-only", related: [{ span: sym.span, message: "declared here" }],
        ...(readonlyParam ? { help: "declare the parameter `mutable` to write to the caller's array" } : {}),
      });
      return;
    }
    if (s.value.k === "measure") {
      this.error("E1004", s.value.span, `a measurement result is a \`bit\`; '${sym.name}' is ${describeSym(sym)}`, { label: "measures a qubit" });
      return;
    }
    const storeId = sym.k === "array" ? sym.value.store.id : sym.id;
    if (this.branch && storeId < this.branch.symStart) {
      this.unsupported(s.span, `assigning to '${sym.name}' inside an \`if\` on a measurement result`,
        "its value would depend on the measurement; only quantum operations and measurements are imported under runtime conditions");
      return;
    }
    const rhs = s.value.e;
    if (sym.k === "complex") {
      if (target.indices.length > 0) { this.error("E1004", target.indices[0]!.span, `'${sym.name}' is a complex number and cannot be indexed`, { label: "index" }); return; }
      let v = this.expr(rhs);
      if (s.op !== "=") v = this.binary(s.op.slice(0, -1), sym.value, v, s.span);
      if (v.k === "error") return;
      const c = this.toComplex(v, rhs.span);
      if (c) sym.value = { k: "complex", ...cround(c, sym.width) };
      return;
    }
    let view: ArrayVal<Value> = sym.value;
    let elemPos: number | undefined;
    for (const ix of target.indices) {
      if (elemPos !== undefined) { this.unsupported(ix.span, "assigning to bits of an array element"); return; }
      const r = this.arraySelect(view, ix);
      if (!r) return;
      if (r.k === "elem") elemPos = r.pos;
      else view = r.view;
    }
    if (elemPos !== undefined) {
      let v = this.expr(rhs);
      if (s.op !== "=") v = this.binary(s.op.slice(0, -1), view.store.data[elemPos]!, v, s.span);
      const c = this.convertElem(v, view.elem, rhs.span, `${sym.name}[…]`);
      if (c.k !== "error") view.store.data[elemPos] = c;
      return;
    }
    if (s.op !== "=") { this.error("E1004", s.opSpan, `\`${s.op}\` on a whole array`, { label: "needs an element", help: "assign to the elements one by one: `a[i] " + s.op + " …;`" }); return; }
    const vals = this.arrayContents(rhs, view.elem, view.dims, sym.name);
    if (vals) view.pos.forEach((p, i) => { view.store.data[p] = vals[i]!; });
  }

  /** A `def` parameter of type array (with `readonly`/`mutable`) or complex: checked at the definition. */
  private staticParamOk(p: A.DefParam & { k: "classical" }): boolean {
    const t = p.type;
    if (t.kind === "array") {
      if (p.access !== "readonly" && p.access !== "mutable") {
        this.error("E1004", t.span, `the array parameter '${p.name.name}' needs \`readonly\` or \`mutable\``, {
          label: "no access modifier", help: "arrays are passed by reference: `readonly array[int, 4] a` or `mutable array[int, #dim = 1] a`",
        });
        return false;
      }
      return this.inScopeOf(this.global, () => this.arrayShape(t, true)) !== undefined;
    }
    if (p.access === "readonly" || p.access === "mutable") {
      this.error("E1004", p.span, `\`${p.access}\` applies to array parameters only`, { label: "not an array" });
      return false;
    }
    if (t.kind === "complex") return this.inScopeOf(this.global, () => this.complexWidth(t)) !== null;
    return true;
  }

  /** An array parameter bound to the caller's array (by reference), or a complex parameter / return value. */
  private staticParam(p: A.DefParam & { k: "classical" }, v: Value, span: Span): Sym | undefined {
    const t = p.type;
    const name = p.name.name;
    if (t.kind === "complex") {
      const w = this.inScopeOf(this.global, () => this.complexWidth(t));
      if (w === null) return undefined;
      const c = this.toComplex(v, span);
      if (!c) return undefined;
      return { k: "complex", name, ...(w ? { width: w } : {}), value: { k: "complex", ...cround(c, w) }, isConst: false, span: p.name.span, id: this.nextSym++ };
    }
    if (name === "") { this.unsupported(t.span, "subroutines that return arrays"); return undefined; }
    const shape = this.inScopeOf(this.global, () => this.arrayShape(t, true));
    if (!shape) return undefined;
    const wanted = shape.dims ? arrayTypeName(shape.elem, shape.dims) : `a ${shape.dimCount}-dimensional array of ${elemTypeName(shape.elem)}`;
    if (v.k !== "array") { this.error("E1004", span, `parameter '${name}' takes ${wanted}, not ${describeValue(v)}`, { label: "not an array" }); return undefined; }
    if (!sameElemType(v.elem, shape.elem) || (shape.dims ? !sameShape(shape.dims, v.dims) : v.dims.length !== shape.dimCount)) {
      this.error("E1004", span, `parameter '${name}' takes ${wanted}, not ${describeValue(v)}`, {
        label: "type differs", help: "array parameters are references: element type and shape must match exactly",
      });
      return undefined;
    }
    if (p.access === "mutable" && v.frozen) {
      this.error("E1004", span, `a read-only array cannot be passed to the mutable parameter '${name}'`, { label: "const or readonly", help: "declare the parameter `readonly`, or pass a non-const array" });
      return undefined;
    }
    const value: ArrayVal<Value> = { k: "array", elem: v.elem, dims: v.dims, store: v.store, pos: v.pos };
    return { k: "array", name, value, isConst: false, access: p.access as "readonly" | "mutable", span: p.name.span, id: this.nextSym++ };
  }

  /** A value as a complex number (ints, floats, bools and constant bits promote); undefined when reported. */
  private toComplex(v: Value, span: Span): Complex | undefined {
    if (v.k === "error") return undefined;
    if (v.k === "complex") return { re: v.re, im: v.im };
    if (v.k === "dur") { this.durationMisuse(v, span, "a complex number"); return undefined; }
    if (v.k === "array") { this.notScalar(v, span, "a complex number"); return undefined; }
    if (v.k === "rt") { this.unsupported(span, "complex numbers computed from measurement results", "complex values are computed at import time"); return undefined; }
    if (v.k === "bits") {
      const c = bitsConst(v.vals);
      if (c === undefined) { this.unsupported(span, "complex numbers computed from measurement results", "complex values are computed at import time"); return undefined; }
      return complex(c);
    }
    if (!isNum(v.e)) {
      this.unsupported(span, "complex numbers that depend on a late-bound input or gate parameter", `complex values are computed at import time; this depends on '${v.dep ?? "?"}'`);
      return undefined;
    }
    if (v.type === "angle") {
      this.error("E1004", span, `${describeValue(v)} cannot be converted to a complex number implicitly`, { label: "an angle", help: "convert it first: `float(…)`" });
      return undefined;
    }
    return complex(v.e.v);
  }

  /** + - * / ** == != with a complex operand (the other promoted to complex). */
  private complexBinary(op: string, av: Value, bv: Value, span: Span): Value {
    const a = this.toComplex(av, span);
    if (!a) return ERROR;
    const b = this.toComplex(bv, span);
    if (!b) return ERROR;
    const cv = (c: Complex): Value => ({ k: "complex", re: c.re, im: c.im });
    switch (op) {
      case "+": return cv(cadd(a, b));
      case "-": return cv(csub(a, b));
      case "*": return cv(cmul(a, b));
      case "/": return cv(cdiv(a, b));
      case "**": return cv(cpow(a, b));
      case "==": return numVal("bool", cequal(a, b) ? 1 : 0);
      case "!=": return numVal("bool", cequal(a, b) ? 0 : 1);
    }
    return this.error("E1004", span, `\`${op}\` is not defined on complex numbers`, {
      label: "complex operand", help: "complex numbers take + - * / ** == !=; compare their parts with `real(…)` and `imag(…)`",
    });
  }

  /** `complex(x)`, `complex[float[32]](x)`. */
  private complexCast(e: A.Expr & { k: "cast" }, v: Value): Value {
    const w = this.complexWidth(e.type);
    if (w === null) return ERROR;
    const c = this.toComplex(v, e.arg.span);
    return c ? { k: "complex", ...cround(c, w) } : ERROR;
  }

  /** A built-in applied to a complex argument: the spec defines `exp`, `sqrt` (principal root) and `pow` (`**`). */
  private complexFunction(name: string, args: readonly Value[], e: A.Expr & { k: "call" }): Value {
    if (name === "pow" && args.length === 2) return this.binary("**", args[0]!, args[1]!, e.span);
    if (name !== "exp" && name !== "sqrt") {
      return this.error("E1004", e.span, `'${name}' is not defined on complex numbers`, {
        label: "complex argument", help: "OpenQASM 3 defines exp, sqrt, ** (and real, imag) on complex numbers; apply the function to `real(…)` or `imag(…)`",
      });
    }
    if (args.length !== 1) return this.error("E1004", e.span, `'${name}' takes 1 argument, ${args.length} given`, { label: "wrong number of arguments" });
    const c = this.toComplex(args[0]!, e.args[0]!.span);
    if (!c) return ERROR;
    const r = name === "exp" ? cexp(c) : csqrt(c);
    return { k: "complex", re: r.re, im: r.im };
  }

  /** `sizeof`, `real`, `imag`, `popcount`, `rotl`, `rotr` on values known at import time. */
  private staticCall(e: A.Expr & { k: "call" }): Value {
    const name = e.name.name;
    const arities = name === "sizeof" ? [1, 2] : name === "rotl" || name === "rotr" ? [2] : [1];
    if (!arities.includes(e.args.length)) {
      return this.error("E1004", e.span, `'${name}' takes ${arities.map((n) => plural(n, "argument")).join(" or ")}, ${e.args.length} given`, { label: "wrong number of arguments" });
    }
    const arg = e.args[0]!;
    const v = this.expr(arg);
    if (v.k === "error") return ERROR;
    if (name === "sizeof") {
      if (v.k !== "array") return this.error("E1004", arg.span, `'sizeof' takes an array, not ${describeValue(v)}`, { label: "not an array" });
      const d = e.args[1] ? this.constInt(e.args[1], "a dimension number") : 0;
      if (d === undefined) return ERROR;
      if (d < 0 || d >= v.dims.length) {
        return this.error("E1006", e.args[1]!.span, `dimension ${d} is out of range for ${describeValue(v)}`, { label: "no such dimension", help: v.dims.length === 1 ? "its only dimension is 0" : `its dimensions are 0 to ${v.dims.length - 1}` });
      }
      return numVal("uint", v.dims[d]!);
    }
    if (name === "real" || name === "imag") {
      const c = this.toComplex(v, arg.span);
      return c ? numVal("float", name === "real" ? c.re : c.im) : ERROR;
    }
    // popcount, rotl, rotr: the typed semantics of the IR's classical expressions (src/ir/classical.ts)
    if (isRuntime(v)) {
      const cargs = [this.toCExpr(v, arg.span), ...(e.args[1] ? [this.toCExpr(this.expr(e.args[1]), e.args[1].span)] : [])];
      if (cargs.some((c) => c === undefined)) return ERROR;
      return this.rtValue(cCall(name as CBuiltin, cargs as CExpr[]), e.span);
    }
    const x = this.bitOperand(v, arg, name);
    if (!x) return ERROR;
    const cargs = [cConst(x.type, x.v)];
    if (name !== "popcount") {
      const dv = this.asNumber(this.expr(e.args[1]!), e.args[1]!.span);
      if (!dv) return ERROR;
      if (!isNum(dv.e)) return this.unsupported(e.args[1]!.span, `a \`${name}\` distance that depends on '${dv.dep ?? "?"}'`);
      if (dv.type !== "int" && dv.type !== "uint") return this.error("E1004", e.args[1]!.span, `'${name}' needs an integer distance, not ${describeValue(dv)}`, { label: "not an integer" });
      cargs.push(cConst(INT, dv.e.v));
    }
    const r = cCall(name as "popcount" | "rotl" | "rotr", cargs);
    if ("error" in r) return this.error("E1004", arg.span, r.error, { label: describeValue(v), help: "give the value a width: `bit[8]`, `uint[8]` (a variable, an array element or a cast `uint[8](…)`)" });
    const y = evaluateC(r, EMPTY_ENV);
    if (r.type.k === "bits") {
      const w = r.type.width;
      return { k: "bits", vals: Array.from({ length: w }, (_, i) => (Math.floor(y / 2 ** i) % 2 === 1 ? ONE_BIT : ZERO_BIT)), scalar: v.k === "bits" && v.scalar };
    }
    return numVal(r.type.k === "angle" || r.type.k === "int" ? r.type.k : "uint", y);
  }

  /** The typed constant a bit-level built-in works on: bits, or an integer/angle with the width of its declaration. */
  private bitOperand(v: Value, e: A.Expr, name: string): { type: CType; v: number } | undefined {
    if (v.k === "error") return undefined;
    if (v.k === "dur") { this.durationMisuse(v, e.span, `the argument of '${name}'`); return undefined; }
    if (v.k === "array" || v.k === "complex") { this.notScalar(v, e.span, `the argument of '${name}'`); return undefined; }
    if (v.k === "rt") return undefined; // (staticCall computes run-time values before)
    if (v.k === "bits") {
      const c = bitsConst(v.vals);
      if (c === undefined) return undefined; // (as above)
      return { type: { k: "bits", width: v.vals.length }, v: c };
    }
    if (!isNum(v.e)) { this.unsupported(e.span, `\`${name}\` of a value that depends on '${v.dep ?? "?"}'`); return undefined; }
    if (v.type === "bool" || v.type === "float") return { type: { k: v.type }, v: v.e.v };
    const width = this.staticWidth(e);
    return { type: { k: v.type, ...(width !== undefined ? { width } : {}) }, v: v.e.v };
  }

  /** The declared width of what `e` reads (`x` of `uint[8] x`, an element of `array[uint[8], n]`, `uint[8](…)`); no diagnostics. */
  private staticWidth(e: A.Expr): number | undefined {
    switch (e.k) {
      case "paren": return this.staticWidth(e.a);
      case "ident": {
        const sym = this.lookup(e.name)?.sym;
        return sym?.k === "var" ? sym.width : undefined;
      }
      case "cast": {
        const size = e.type.size;
        if (!size) return undefined;
        if (size.k === "int") return size.v;
        const sym = size.k === "ident" ? this.lookup(size.name)?.sym : undefined;
        return sym?.k === "var" && sym.isConst && sym.value.k === "num" && isNum(sym.value.e) ? sym.value.e.v : undefined;
      }
      case "index": {
        let base: A.Expr = e;
        while (base.k === "index") base = base.base;
        const sym = base.k === "ident" ? this.lookup(base.name)?.sym : undefined;
        return sym?.k === "array" ? sym.value.elem.width : undefined;
      }
      case "call": return e.name.name === "rotl" || e.name.name === "rotr" ? (e.args[0] ? this.staticWidth(e.args[0]) : undefined) : undefined;
      default: return undefined;
    }
  }

  // ---- outputs --------------------------------------------------------------------------------------

  /** An IR bit set to 1 by an `assign` at the end of the program. */
  private constantOne(span: Span): number {
    const bit = this.numBits++;
    this.pushOp({ kind: "assign", target: { k: "bit", bit }, value: bitsCExpr([ONE_BIT]), src: span }, span);
    return bit;
  }

  private outputs(): Output[] {
    const regs = this.outputDecls.length > 0 ? this.outputDecls : this.globalBitRegs.filter((r) => r.cells.some((c) => c.measured));
    // outputs that hold constants read shared IR bits: 0 one that nothing writes, 1 one assigned at the end
    let zero: number | undefined, one: number | undefined;
    const out: Output[] = [];
    for (const r of regs) {
      if (r.k === "var") {
        // the variable's bits at the end of the program, assigned to new IR bits
        const value = this.varCExpr(r, r.span);
        const width = r.width ?? 1;
        const bits = value && this.runtimeBits(value, width, r.span);
        if (bits) out.push({ kind: "bits", step: 0, bits: bits.map((b) => (b as { bit: number }).bit), array: r.width !== undefined });
        continue;
      }
      const bits: number[] = [];
      for (const cell of r.cells) {
        if (cell.v.k === "bit") bits.push(cell.v.bit);
        else if (cell.v.v === 0) bits.push((zero ??= this.numBits++));
        else bits.push((one ??= this.constantOne(r.span)));
      }
      out.push({ kind: "bits", step: 0, bits, array: !r.scalar });
    }
    return out;
  }
}

// ─────────────────────────────────────────── helpers ───────────────────────────────────────────

/** A subroutine argument written as an expression (`q`, `q[1]`, `q[0:1]`) read as a qubit operand. */
function exprToOperand(e: A.Expr): A.Operand | undefined {
  const indices: A.IndexOp[] = [];
  let base = e;
  while (base.k === "index") { indices.unshift(base.index); base = base.base; }
  if (base.k === "paren") return exprToOperand(base.a);
  if (base.k !== "ident") return undefined;
  return { k: "ref", name: { name: base.name, span: base.span }, indices, span: e.span };
}

/** The largest run-time expression a variable holds without an IR variable (`needsPin`). */
const MAX_UNPINNED_SIZE = 256;

/** Whether `c` has more than `limit` nodes (counting stops there). */
function exprSizeAbove(c: CExpr, limit: number): boolean {
  let n = 0;
  const visit = (e: CExpr): boolean => {
    if (++n > limit) return true;
    switch (e.k) {
      case "unary": case "cast": return visit(e.a);
      case "binary": return visit(e.a) || visit(e.b);
      case "call": return e.args.some(visit);
      default: return false;
    }
  };
  return visit(c);
}

/** The most cases a gate angle computed at run time is split into (`caseSplit`). */
const MAX_ANGLE_CASES = 1024;

/** Something a run-time expression reads: an IR bit, or a variable (with its values, when few). */
interface RuntimeLeaf { readonly at: { readonly k: "bit"; readonly bit: number } | { readonly k: "var"; readonly index: number }; readonly type: CType; readonly values: readonly number[] }

/** A gate argument: an import-time expression, or one the circuit computes (split into cases). */
type GateArg = Expr | { readonly k: "rt"; readonly c: CExpr; readonly leaves: readonly RuntimeLeaf[] };

/** How many combinations of values `leaves` take (∞ when one has values that cannot be listed). */
const caseCount = (leaves: readonly RuntimeLeaf[]): number =>
  leaves.reduce((n, l) => (l.values.length === 0 ? Infinity : n * l.values.length), 1);

const leafKey = (l: RuntimeLeaf): string => (l.at.k === "bit" ? `b${l.at.bit}` : `v${l.at.index}`);

/** Thrown by `constInt` on a run-time value inside a `splittable` statement. */
class RuntimeIndex {
  constructor(readonly node: A.Expr, readonly c: CExpr, readonly what: string) {}
}

/** Whether `target` (by identity) occurs in the syntax tree `x`. */
function containsNode(x: unknown, target: object): boolean {
  if (x === target) return true;
  if (Array.isArray(x)) return x.some((y) => containsNode(y, target));
  if (typeof x === "object" && x !== null) return Object.values(x).some((y) => containsNode(y, target));
  return false;
}

/** A copy of the syntax tree `x` with `target` (by identity) replaced by `by`. */
function replaceNode<T>(x: T, target: object, by: object): T {
  if (x === target) return by as T;
  if (Array.isArray(x)) return x.map((y) => replaceNode(y, target, by)) as T;
  if (typeof x === "object" && x !== null) return Object.fromEntries(Object.entries(x).map(([k, y]) => [k, replaceNode(y, target, by)])) as T;
  return x;
}

const sameLeaf = (a: RuntimeLeaf, b: RuntimeLeaf): boolean =>
  a.at.k === "bit" ? b.at.k === "bit" && a.at.bit === b.at.bit : b.at.k === "var" && a.at.index === b.at.index;

/** The IR bits and variables `c` reads; a variable's values listed when its type has at most 64 (else none). */
function runtimeLeaves(c: CExpr, into: RuntimeLeaf[] = []): RuntimeLeaf[] {
  const add = (l: RuntimeLeaf) => { if (!into.some((x) => sameLeaf(x, l))) into.push(l); };
  switch (c.k) {
    case "const": break;
    case "bits": for (const s of c.src) if ("bit" in s) add({ at: { k: "bit", bit: s.bit }, type: BOOL, values: [0, 1] }); break;
    case "var": add({ at: { k: "var", index: c.index }, type: c.type, values: typeValues(c.type) }); break;
    case "unary": case "cast": runtimeLeaves(c.a, into); break;
    case "binary": runtimeLeaves(c.a, into); runtimeLeaves(c.b, into); break;
    case "call": for (const a of c.args) runtimeLeaves(a, into); break;
  }
  return into;
}

/** Every value of a type with at most 64 of them (bool, and int/uint/bit/angle of width ≤ 6); else none. */
function typeValues(t: CType): number[] {
  if (t.k === "bool") return [0, 1];
  const w = (t as { width?: number }).width;
  if (w === undefined || w > 6 || t.k === "float") return [];
  const n = 2 ** w;
  switch (t.k) {
    case "int": return Array.from({ length: n }, (_, i) => i - n / 2);
    case "angle": return Array.from({ length: n }, (_, i) => (2 * Math.PI * i) / n);
    default: return Array.from({ length: n }, (_, i) => i);
  }
}

/** Binary operators the circuit can compute at run time (src/ir/classical.ts). */
const RUNTIME_BINARY: ReadonlySet<string> = new Set<CBinaryOp>(["+", "-", "*", "/", "%", "**", "&", "|", "^", "<<", ">>", "==", "!=", "<", "<=", ">", ">=", "&&", "||"]);

/** Built-in functions the circuit can compute at run time, by OpenQASM name. */
const RUNTIME_FUNCTIONS: Readonly<Record<string, CBuiltin>> = {
  sin: "sin", cos: "cos", tan: "tan", arcsin: "arcsin", arccos: "arccos", arctan: "arctan", exp: "exp", ln: "log", log: "log",
  sqrt: "sqrt", floor: "floor", ceiling: "ceiling", mod: "mod", pow: "pow", popcount: "popcount", rotl: "rotl", rotr: "rotr",
};

const isIntType = (t: NumType): boolean => t === "int" || t === "uint" || t === "bool";

/** What `rollback` restores (see `Lowering.mark`). */
interface Mark { readonly journal: number; readonly ops: number; readonly numBits: number; readonly vars: number; readonly diags: number; readonly work: number }

/** The classical.ts type of an import-time number (a declared width, when there is one). */
function numCType(type: NumType, width?: number): CType {
  if (type === "bool") return BOOL;
  return width === undefined ? { k: type } : { k: type, width };
}

/** Bits as a classical expression: a scalar `bit` is bits of width 1 (element 0 least significant). */
function bitsCExpr(vals: readonly BitVal[]): CExpr {
  const src: BitSource[] = vals.map((b) => (b.k === "const" ? { value: b.v } : { bit: b.bit }));
  return { k: "bits", src, type: { k: "bits", width: vals.length } };
}

/** Whether the circuit computes `v` at run time (it depends on a measurement result). */
/** Neither exit flag of a guarded loop is set (the iteration goes on). */
function stayed(loop: GuardedLoop): CExpr {
  const set = unwrapC(cBinary("||", { k: "var", index: loop.brk, type: BOOL }, { k: "var", index: loop.cont, type: BOOL }));
  return unwrapC(cUnary("!", set));
}

const bitsValue = (r: { vals: BitVal[]; scalar: boolean }): Value => ({ k: "bits", vals: r.vals, scalar: r.scalar });

function isRuntime(v: Value): boolean {
  return v.k === "rt" || (v.k === "bits" && bitsConst(v.vals) === undefined);
}

/** A condition as a classical `bool` expression (for `branch` and `while` ops). */
function condCExpr(c: Cond): CExpr {
  switch (c.k) {
    case "const": return cConst(BOOL, c.v ? 1 : 0);
    case "rt": return c.c;
    default: {
      const lits = c.lits.map((l) => {
        const b = bitsCExpr([{ k: "bit", bit: l.bit }]);
        return l.value ? unwrapC(cCast(b, BOOL)) : unwrapC(cUnary("!", b));
      });
      const all = lits.reduce((x, y) => unwrapC(cBinary("&&", x, y)));
      return c.k === "and" ? all : unwrapC(cUnary("!", all));
    }
  }
}

/** A builder result that cannot fail (bool logic on bits and bools). */
function unwrapC(r: CExpr | { error: string }): CExpr {
  if ("error" in r) throw new Error(`internal: ${r.error}`);
  return r;
}

/** The names a block's statements assign or measure into (nested blocks included, subroutine bodies not). */
function assignedNames(stmts: readonly A.Stmt[], into = new Set<string>()): Set<string> {
  for (const s of stmts) {
    switch (s.kind) {
      case "assign": if (s.target.k === "ref") into.add(s.target.name.name); break;
      case "measure": if (s.target?.k === "ref") into.add(s.target.name.name); break;
      // an alias declared in the body writes what it names
      case "let": for (const p of s.parts) if (p.k === "ref") into.add(p.name.name); break;
      case "if": assignedNames(s.then, into); if (s.else) assignedNames(s.else, into); break;
      case "for": case "while": case "block": case "box": assignedNames(s.body, into); break;
      case "switch": for (const c of s.cases) assignedNames(c.body, into); break;
      default: break;
    }
  }
  return into;
}

/** A numeric result (folded when closed), remembering which input or gate parameter it depends on. */
function numResult(dep: string | undefined): (type: NumType, e: Expr) => Value {
  return (type, e0) => {
    const e = closed(e0);
    return { k: "num", type, e, ...(dep && !isNum(e) ? { dep } : {}) };
  };
}

/** An expression without free symbols as a number (constructors leave e.g. `1 / 0` unfolded). */
function closed(e: Expr): Expr {
  return isNum(e) || hasFree(e) ? e : num(evaluate(e, { params: [], inputs: [] }));
}

function hasFree(e: Expr): boolean {
  switch (e.k) {
    case "num": return false;
    case "param": case "input": case "arg": return true;
    case "neg": case "fn": return hasFree(e.a);
    default: return hasFree(e.a) || hasFree(e.b);
  }
}

/** Two import-time values known to be equal (numbers by value; anything else only as the same object). */
function sameStatic(a: Value, b: Value): boolean {
  if (a === b) return true;
  return a.k === "num" && b.k === "num" && a.type === b.type && isNum(a.e) && isNum(b.e) && Object.is(a.e.v, b.e.v);
}

function sameBit(a: BitVal, b: BitVal): boolean {
  return a.k === "const" ? b.k === "const" && a.v === b.v : b.k === "bit" && a.bit === b.bit;
}

/** The integer value of bits if all are constant (element 0 least significant). */
function bitsConst(vals: readonly BitVal[]): number | undefined {
  let x = 0;
  for (let i = vals.length - 1; i >= 0; i--) {
    const v = vals[i]!;
    if (v.k !== "const") return undefined;
    x = x * 2 + v.v;
  }
  return x;
}

/** `bits == k` as a condition. */
function equalsConst(vals: readonly BitVal[], k: number): Cond {
  if (k < 0 || (vals.length < 53 && k >= 2 ** vals.length)) return { k: "const", v: false };
  return andOf(vals.map((v, i) => [v, Math.floor(k / 2 ** i) % 2 === 1] as const));
}

/** `bits != 0` (a bit or a register in a boolean context). */
function truthy(vals: readonly BitVal[]): Cond {
  return negate(equalsConst(vals, 0));
}

/** The conjunction of `value == wanted` tests, folded. */
function andOf(tests: readonly (readonly [BitVal, boolean])[]): Cond {
  const lits: BitLiteral[] = [];
  for (const [v, wanted] of tests) {
    if (v.k === "const") {
      if ((v.v === 1) !== wanted) return { k: "const", v: false };
      continue;
    }
    const prev = lits.find((l) => l.bit === v.bit);
    if (prev) {
      if (prev.value !== wanted) return { k: "const", v: false };
      continue;
    }
    lits.push({ bit: v.bit, value: wanted });
  }
  return lits.length === 0 ? { k: "const", v: true } : { k: "and", lits };
}

function negate(c: Cond): Cond {
  if (c.k === "const") return { k: "const", v: !c.v };
  if (c.k === "rt") return { k: "rt", c: unwrapC(cUnary("!", c.c)) };
  // a single negated literal is a literal
  if (c.lits.length === 1) {
    const l = c.lits[0]!;
    return c.k === "and" ? { k: "and", lits: [{ bit: l.bit, value: !l.value }] } : { k: "and", lits: [l] };
  }
  return { k: c.k === "and" ? "nand" : "and", lits: c.lits };
}

function negateOpt(c: Cond | undefined): Cond | undefined {
  return c && negate(c);
}

/** a ∧ b when it is again a conjunction (or the negation of one); undefined otherwise. */
function condAnd(a: Cond, b: Cond): Cond | undefined {
  if (a.k === "const") return a.v ? b : a;
  if (b.k === "const") return b.v ? a : b;
  if (a.k === "rt" || b.k === "rt") return undefined;
  if (a.k === "and" && b.k === "and") {
    return andOf([...a.lits, ...b.lits].map((l) => [{ k: "bit", bit: l.bit } as BitVal, l.value] as const));
  }
  return undefined;
}

function wrapInt(x: number, type: "int" | "uint", width: number | undefined): number {
  if (width === undefined || width >= 53) return x;
  const m = 2 ** width;
  let r = ((x % m) + m) % m;
  if (type === "int" && r >= m / 2) r -= m;
  return r;
}

const TWO_PI = 2 * Math.PI;

/** An angle value in [0, 2π): `angle[n]` rounds to the nearest multiple of 2π/2^n. */
export function reduceAngle(x: number, width: number | undefined): number {
  let r = x - TWO_PI * Math.floor(x / TWO_PI);
  if (width !== undefined) {
    const steps = 2 ** width;
    r = (Math.round((r / TWO_PI) * steps) % steps) * (TWO_PI / steps);
  }
  return r >= TWO_PI ? 0 : r;
}

/** x − 2π·floor(x / 2π): an `angle` computed from a late-bound value, reduced into [0, 2π). */
export function wrapAngleExpr(e: Expr): Expr {
  const t = num(TWO_PI);
  return sub(e, mul(t, fn("floor", div(e, t))));
}

function plural(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? "" : "s"}`;
}

function spanFrom(a: Span, b: Span): Span {
  return { ...a, end: Math.max(a.end, b.end) };
}

function describeSym(s: Sym): string {
  switch (s.k) {
    case "qubits": return s.scalar ? "a qubit" : `a register of ${plural(s.qubits.length, "qubit")}`;
    case "gateQubit": return "a qubit argument of the gate";
    case "bits": return s.scalar ? "a classical bit" : `a classical register of ${plural(s.cells.length, "bit")}`;
    case "var": return s.input ? `an input (${s.type})` : `a classical ${s.type} variable`;
    case "gate": return "a gate";
    case "sub": return "a subroutine";
    case "dur": return s.stretch ? "a stretch" : "a duration";
    case "array": return `${s.access ? `a ${s.access} array parameter` : s.isConst ? "a const array" : "an array"} (${arrayTypeName(s.value.elem, s.value.dims)})`;
    case "complex": return "a complex variable";
    case "poison": return "an unsupported declaration";
  }
}

function describeValue(v: Value): string {
  if (v.k === "error") return "an invalid value";
  if (v.k === "rt") return `a run-time ${typeName(v.c.type)} (computed from measurement results)`;
  if (v.k === "dur") return describeDuration(v);
  if (v.k === "bits") return v.scalar ? "a bit" : `${plural(v.vals.length, "bit")}`;
  if (v.k === "array") return `an ${arrayTypeName(v.elem, v.dims)}`;
  if (v.k === "complex") return `the complex number ${formatComplex(v)}`;
  const text = isNum(v.e) ? ` ${Number.isInteger(v.e.v) ? v.e.v : Number(v.e.v.toPrecision(6))}` : "";
  return `${v.type === "int" || v.type === "uint" || v.type === "angle" ? "an" : "a"} ${v.type}${text}`;
}

function describeStmt(s: A.Stmt): string {
  switch (s.kind) {
    case "measure": return "`measure`";
    case "reset": return "`reset`";
    case "if": return "`if`";
    case "classical": return "a classical declaration";
    case "qubits": return "a qubit declaration";
    case "assign": return "an assignment";
    case "gate": return "a nested `gate` definition";
    case "let": return "`let`";
    case "include": return "`include`";
    case "version": return "`OPENQASM`";
    default: return "this statement";
  }
}
