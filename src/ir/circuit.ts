// The circuit IR: the waist of the pipeline. Every front end (a .qseq model elaborated for one input
// sequence, an imported .qasm file) produces a `Circuit`; every back end (OpenQASM 3 emitter, simulator,
// gradient passes) consumes one. Angles are symbolic `Expr`s in params and inputs, bound late.
//
// Conventions
// - Qubits and classical bits are dense integer indices. Every `measure` writes a fresh bit (bits are
//   single-assignment), so an output is simply a list of bit indices.
// - Gate operands list the control qubits first (in modifier order, outermost modifier first), then the
//   base gate's own qubits — exactly OpenQASM 3's operand order for `ctrl @ g`.
// - Unitary cells survive as `GateDef`s so that the `full` OpenQASM profile can emit one `gate` per
//   signature; passes that need primitive gates call `flatten` (src/ir/flatten.ts).

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

export type Op = GateOp | CallOp | MeasureOp | ResetOp | BarrierOp | IfOp | ExpectOp | MarkOp;
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
