// The circuit IR: the waist of the pipeline. Every front end (a .qseq model elaborated for one input
// sequence, an imported .qasm file) produces a `Circuit`; every back end (OpenQASM 3 emitter, simulator,
// gradient passes) consumes one. Angles are symbolic `Expr`s in params and inputs, bound late.
//
// Conventions
// - Qubits and classical bits are dense integer indices. Every `measure` writes a fresh bit (bits are
//   single-assignment), so an output is simply a list of bit indices — except under run-time classical
//   control (below), where a loop body's measurement rewrites its bit at every iteration.
// - Run-time classical control (docs/classical-control.md): `if` tests a conjunction of bit values, which
//   every back end handles. Programs that compute on measured values (imported OpenQASM 3) also use
//   classical variables (`Circuit.vars`, typed slots of src/ir/classical.ts), `assign`, `branch` (a
//   condition that is any classical expression), `while` and `break`/`continue`. The simulators run them;
//   passes that need a static circuit (gradients, drawing, OpenQASM export) refuse them with
//   `ClassicalControlError` (see `requireStaticControl`).
// - Gate operands list the control qubits first (in modifier order, outermost modifier first), then the
//   base gate's own qubits — exactly OpenQASM 3's operand order for `ctrl @ g`.
// - Unitary cells survive as `GateDef`s so that the `full` OpenQASM profile can emit one `gate` per
//   signature; passes that need primitive gates call `flatten` (src/ir/flatten.ts).

import type { CExpr, CType } from "./classical.js";
import type { Expr } from "./expr.js";
import type { Span } from "../syntax/span.js";

/** A gate modifier in source order (outermost first), as in `ctrl(2) @ inv @ g`. */
export type Modifier =
  | { readonly k: "ctrl"; readonly n: number; readonly negative: boolean }
  | { readonly k: "inv" }
  | { readonly k: "pow"; readonly exponent: Expr };

/** A built-in gate from the catalogue (src/ir/gates.ts), possibly with modifiers. */
export interface GateOp {
  readonly kind: "gate";
  readonly name: string;
  readonly args: readonly Expr[];
  readonly qubits: readonly number[];
  readonly mods: readonly Modifier[];
  readonly src?: Span;
}

/** An application of a unitary gate definition (an elaborated unitary cell). */
export interface CallOp {
  readonly kind: "call";
  readonly def: number;
  readonly args: readonly Expr[];
  readonly qubits: readonly number[];
  readonly mods: readonly Modifier[];
  readonly src?: Span;
}

export interface MeasureOp { readonly kind: "measure"; readonly qubit: number; readonly bit: number; readonly src?: Span }
export interface ResetOp { readonly kind: "reset"; readonly qubit: number; readonly src?: Span }
export interface BarrierOp { readonly kind: "barrier"; readonly qubits: readonly number[] }

/** A runtime condition: all literals must hold (a conjunction of measured bit values). */
export interface BitLiteral { readonly bit: number; readonly value: boolean }
export interface IfOp {
  readonly kind: "if";
  readonly when: readonly BitLiteral[];
  readonly then: readonly Op[];
  readonly else: readonly Op[];
  readonly src?: Span;
}

/**
 * The point where an `emit expect …` output is taken: ⟨P⟩ in the ideal state there, which it does not
 * disturb (src/ir/readout.ts says how hardware programs estimate exactly that).
 */
export interface ExpectOp { readonly kind: "expect"; readonly output: number; readonly src?: Span }

/** A comment for readers of emitted code (e.g. which step and token follows); no effect. */
export interface MarkOp { readonly kind: "mark"; readonly label: string }

/** `target = value` at run time: a classical variable, or an IR bit (which gets the value's lowest bit). */
export interface AssignOp {
  readonly kind: "assign";
  readonly target: { readonly k: "var"; readonly index: number } | { readonly k: "bit"; readonly bit: number };
  readonly value: CExpr;
  readonly src?: Span;
}

/** A branch on a run-time classical expression (true when non-zero). */
export interface BranchOp {
  readonly kind: "branch";
  readonly cond: CExpr;
  readonly then: readonly Op[];
  readonly else: readonly Op[];
  readonly src?: Span;
}

/** `while (cond) body` at run time; the simulators bound the iterations (LoopLimitError, E0805). */
export interface WhileOp { readonly kind: "while"; readonly cond: CExpr; readonly body: readonly Op[]; readonly src?: Span }

/** `break` / `continue` of the innermost enclosing `WhileOp` (never outside one). */
export interface LoopControlOp { readonly kind: "break" | "continue"; readonly src?: Span }

/** A typed classical variable slot, read by `{k: "var"}` expressions and written by `AssignOp`. */
export interface ClassicalVar { readonly name: string; readonly type: CType; readonly init: number }

export type Op =
  | GateOp | CallOp | MeasureOp | ResetOp | BarrierOp | IfOp | ExpectOp | MarkOp
  | AssignOp | BranchOp | WhileOp | LoopControlOp;
/** Ops that exist only with run-time classical computation. */
export type ClassicalControlOp = AssignOp | BranchOp | WhileOp | LoopControlOp;
/** Operations allowed inside a gate definition's body. */
export type UnitaryOp = GateOp | CallOp;

export interface GateDef {
  /** Unique, OpenQASM-safe name (the emitter may still rename to avoid collisions). */
  readonly name: string;
  /** The cell it was elaborated from. */
  readonly cell: string;
  /** Names of the angle/float arguments; the body refers to them as `{k:"arg", index}`. */
  readonly argNames: readonly string[];
  /** Names of the local qubits 0..n-1 (port names, `q_0` style for array ports). */
  readonly qubitNames: readonly string[];
  readonly body: readonly UnitaryOp[];
}

export type PauliLetter = "X" | "Y" | "Z";
export interface PauliFactor { readonly pauli: PauliLetter; readonly qubit: number }

export type Output =
  | { readonly kind: "bits"; readonly step: number; readonly bits: readonly number[]; readonly array: boolean }
  | { readonly kind: "expect"; readonly step: number; readonly factors: readonly PauliFactor[] };

export interface Register {
  readonly name: string;
  readonly role: "hidden" | "fresh" | "local";
  readonly offset: number;
  readonly size: number;
}

export interface ParamInfo {
  /** Declared name, e.g. `phi`; with `index` [2] the scalar is `phi[2]`. */
  readonly name: string;
  readonly index: readonly number[];
  readonly type: "angle" | "float";
  readonly init: number;
}

export interface InputInfo {
  readonly name: string;
  readonly step: number;
  readonly index: readonly number[];
  readonly value: number;
}

export interface Circuit {
  readonly name: string;
  readonly numQubits: number;
  readonly numBits: number;
  readonly registers: readonly Register[];
  readonly params: readonly ParamInfo[];
  readonly inputs: readonly InputInfo[];
  readonly defs: readonly GateDef[];
  readonly ops: readonly Op[];
  readonly outputs: readonly Output[];
  /** Number of steps elaborated (the input sequence length). */
  readonly steps: number;
  /** Run-time classical variables (absent: none; see `AssignOp`). */
  readonly vars?: readonly ClassicalVar[];
}

/** The op lists nested in an op (branches, loop bodies); empty for a leaf. */
export function nestedBlocks(op: Op): readonly (readonly Op[])[] {
  switch (op.kind) {
    case "if": case "branch": return [op.then, op.else];
    case "while": return [op.body];
    default: return [];
  }
}

/** `op` with its nested op lists replaced (in `nestedBlocks` order); a leaf is returned as is. */
export function withNestedBlocks(op: Op, blocks: readonly (readonly Op[])[]): Op {
  switch (op.kind) {
    case "if": case "branch": return { ...op, then: blocks[0]!, else: blocks[1]! };
    case "while": return { ...op, body: blocks[0]! };
    default: return op;
  }
}

/** The first op (depth first) that needs run-time classical computation, if any. */
export function classicalControlOp(ops: readonly Op[]): ClassicalControlOp | undefined {
  for (const op of ops) {
    if (op.kind === "assign" || op.kind === "branch" || op.kind === "while" || op.kind === "break" || op.kind === "continue") return op;
    for (const b of nestedBlocks(op)) {
      const inner = classicalControlOp(b);
      if (inner) return inner;
    }
  }
  return undefined;
}

/** Thrown by passes that need a circuit without run-time classical computation. */
export class ClassicalControlError extends Error {
  constructor(readonly pass: string, readonly op: ClassicalControlOp) {
    super(`${pass} needs a circuit without run-time classical computation; this one has ${op.kind === "assign" ? "an" : "a"} \`${op.kind}\` op (it computes on measured values; simulate it instead)`);
    this.name = "ClassicalControlError";
  }
}

/** Throws ClassicalControlError when `c` has run-time classical computation. */
export function requireStaticControl(c: Pick<Circuit, "ops">, pass: string): void {
  const op = classicalControlOp(c.ops);
  if (op) throw new ClassicalControlError(pass, op);
}

/** `phi[2]` / `theta`: how a scalar param is shown to users. */
export function paramLabel(p: ParamInfo): string {
  return p.index.length === 0 ? p.name : `${p.name}[${p.index.join(", ")}]`;
}

/** `h[2]`: how qubit q is shown to users (its register and index; `q5` outside any register). */
export function qubitLabel(c: Pick<Circuit, "registers">, q: number): string {
  const r = c.registers.find((x) => q >= x.offset && q < x.offset + x.size);
  return r ? `${r.name}[${q - r.offset}]` : `q${q}`;
}

/** `Z(a[0])·X(h[1])`: an expectation output's observable, qubits named by register. */
export function observableLabel(c: Pick<Circuit, "registers">, o: Output): string {
  return o.kind === "expect" ? o.factors.map((f) => `${f.pauli}(${qubitLabel(c, f.qubit)})`).join("·") : "";
}

export function initialParamValues(c: Circuit): Float64Array {
  return Float64Array.from(c.params, (p) => p.init);
}

export function inputValues(c: Circuit): Float64Array {
  return Float64Array.from(c.inputs, (i) => i.value);
}
