// The OpenQASM 3 syntax tree the importer lowers (built from the CST by build.ts). It keeps what the
// lowering needs — spans on everything a diagnostic may point at — and tolerates the holes error
// recovery leaves (`{k: "error"}` expressions, empty names).

import type { Span } from "../syntax/span.js";

export interface Ident { readonly name: string; readonly span: Span }

export type DurationUnit = "ns" | "us" | "µs" | "ms" | "s" | "dt";

export type ScalarKind = "bit" | "bool" | "int" | "uint" | "float" | "angle" | "complex" | "duration" | "stretch" | "array";

export interface TypeNode {
  readonly kind: ScalarKind;
  /** `[n]` after the type name (`bit[3]`, `float[64]`); absent when not written. */
  readonly size?: Expr;
  /** `complex[float[32]]`: the component type; `array[int[8], 2, 3]`: the element type. */
  readonly elem?: TypeNode;
  /** `array[T, 2, 3]`: the lengths of the dimensions (outer first). */
  readonly dims?: readonly Expr[];
  /** `array[T, #dim = 2]` (array parameters): the number of dimensions, lengths left open. */
  readonly dimCount?: Expr;
  readonly span: Span;
}

export type Expr =
  | { readonly k: "int"; readonly v: number; readonly text: string; readonly span: Span }
  | { readonly k: "float"; readonly v: number; readonly text: string; readonly span: Span }
  | { readonly k: "bool"; readonly v: boolean; readonly span: Span }
  /** A string literal: in an expression, a bit string such as `"0101"`. */
  | { readonly k: "string"; readonly v: string; readonly span: Span }
  /** A duration literal: `100ns`, `2.5us`, `4dt` (`v` in the literal's unit). */
  | { readonly k: "duration"; readonly v: number; readonly unit: DurationUnit; readonly span: Span }
  /** An imaginary literal: `2im`, `1.5 im` (`v` the imaginary part). */
  | { readonly k: "imag"; readonly v: number; readonly span: Span }
  /** An array literal `{a, b, …}` (items may be array literals again): only as an initialiser or assigned value. */
  | { readonly k: "arrayLit"; readonly items: readonly Expr[]; readonly span: Span }
  /** `durationof({ … })`: the length of a block, which only a calibrated backend knows (its body is not parsed). */
  | { readonly k: "durationof"; readonly span: Span }
  /** A literal of an unsupported kind: `$0` (a physical qubit in an expression). */
  | { readonly k: "unsupported"; readonly what: string; readonly span: Span }
  | { readonly k: "ident"; readonly name: string; readonly span: Span }
  | { readonly k: "call"; readonly name: Ident; readonly args: readonly Expr[]; readonly span: Span }
  | { readonly k: "cast"; readonly type: TypeNode; readonly arg: Expr; readonly span: Span }
  | { readonly k: "index"; readonly base: Expr; readonly index: IndexOp; readonly span: Span }
  | { readonly k: "unary"; readonly op: "-" | "!" | "~"; readonly a: Expr; readonly span: Span }
  /** `written: "^"`: OpenQASM 2's power `a ^ b`, read as `**` (qasm2.ts tells it from a written `**`, which is OpenQASM 3 only). */
  | { readonly k: "binary"; readonly op: string; readonly a: Expr; readonly b: Expr; readonly written?: "^"; readonly span: Span }
  | { readonly k: "paren"; readonly a: Expr; readonly span: Span }
  | { readonly k: "error"; readonly span: Span };

/** One comma-separated item inside `[…]`: an index, or a range `start : step : stop` (parts optional). */
export type IndexItem =
  | { readonly k: "single"; readonly e: Expr; readonly span: Span }
  | { readonly k: "range"; readonly start?: Expr; readonly step?: Expr; readonly stop?: Expr; readonly span: Span };

export type IndexOp =
  | { readonly k: "items"; readonly items: readonly IndexItem[]; readonly span: Span }
  | { readonly k: "set"; readonly items: readonly Expr[]; readonly span: Span };

/** A qubit or classical reference: `q`, `q[0]`, `q[1:3]`, `c[{0, 2}]`; or a physical qubit `$0`. */
export type Operand =
  | { readonly k: "ref"; readonly name: Ident; readonly indices: readonly IndexOp[]; readonly span: Span }
  | { readonly k: "hardware"; readonly text: string; readonly span: Span };

export type Modifier =
  | { readonly k: "ctrl" | "negctrl"; readonly n?: Expr; readonly span: Span }
  | { readonly k: "inv"; readonly span: Span }
  | { readonly k: "pow"; readonly exponent: Expr; readonly span: Span };

export type DeclValue =
  | { readonly k: "measure"; readonly operand: Operand; readonly span: Span }
  | { readonly k: "expr"; readonly e: Expr };

export type ForSet =
  | { readonly k: "range"; readonly item: IndexItem; readonly span: Span }
  | { readonly k: "set"; readonly items: readonly Expr[]; readonly span: Span }
  | { readonly k: "expr"; readonly e: Expr };

export type Stmt =
  | { readonly kind: "version"; readonly version: string; readonly span: Span }
  | { readonly kind: "include"; readonly path: string; readonly pathSpan: Span; readonly span: Span }
  | { readonly kind: "gate"; readonly name: Ident; readonly params: readonly Ident[]; readonly qubits: readonly Ident[]; readonly body: readonly Stmt[]; readonly span: Span }
  /** `qubit[n] q;` (style "qubit") or `qreg q[n];` (style "qreg"). */
  | { readonly kind: "qubits"; readonly name: Ident; readonly size?: Expr; readonly style: "qubit" | "qreg"; readonly span: Span }
  /**
   * A classical declaration: `bit[2] c = …;`, `creg c[2];` (type bit), `const float x = …;`,
   * `input angle a;`, `output bit[3] y;`. `type` is absent for an untyped `const n = 3;`.
   */
  | {
    readonly kind: "classical"; readonly type?: TypeNode; readonly name: Ident; readonly init?: DeclValue;
    readonly modifier?: "const" | "input" | "output"; readonly style?: "creg"; readonly span: Span;
  }
  /** `input qubit q;` and the like: an I/O declaration of a non-classical type. */
  | { readonly kind: "ioQubit"; readonly name: Ident; readonly span: Span }
  | { readonly kind: "assign"; readonly target: Operand; readonly op: string; readonly opSpan: Span; readonly value: DeclValue; readonly span: Span }
  | { readonly kind: "measure"; readonly operand: Operand; readonly target?: Operand; readonly span: Span }
  | { readonly kind: "reset"; readonly operands: readonly Operand[]; readonly span: Span }
  | { readonly kind: "barrier"; readonly operands: readonly Operand[]; readonly span: Span }
  | { readonly kind: "if"; readonly cond: Expr; readonly then: readonly Stmt[]; readonly else?: readonly Stmt[]; readonly span: Span }
  | { readonly kind: "for"; readonly type?: TypeNode; readonly variable: Ident; readonly set: ForSet; readonly body: readonly Stmt[]; readonly span: Span }
  | { readonly kind: "let"; readonly name: Ident; readonly parts: readonly Operand[]; readonly span: Span }
  | { readonly kind: "block"; readonly body: readonly Stmt[]; readonly span: Span }
  | {
    readonly kind: "call"; readonly mods: readonly Modifier[]; readonly name: Ident; readonly args: readonly Expr[];
    /** True when `(…)` was written (even empty). */
    readonly parens: boolean;
    readonly operands: readonly Operand[]; readonly span: Span;
  }
  /** `delay[d] q, r;` (no operands: every qubit). */
  | { readonly kind: "delay"; readonly duration: Expr; readonly operands: readonly Operand[]; readonly span: Span }
  /** `box { … }` / `box[d] { … }`. */
  | { readonly kind: "box"; readonly duration?: Expr; readonly body: readonly Stmt[]; readonly span: Span }
  /** `def name(params) -> type { … }`: inlined at every call. */
  | { readonly kind: "def"; readonly name: Ident; readonly params: readonly DefParam[]; readonly returns?: TypeNode; readonly body: readonly Stmt[]; readonly span: Span }
  | { readonly kind: "return"; readonly value?: DeclValue; readonly span: Span }
  | { readonly kind: "while"; readonly cond: Expr; readonly body: readonly Stmt[]; readonly span: Span }
  | { readonly kind: "loopControl"; readonly word: "break" | "continue"; readonly span: Span }
  /** `switch (x) { case 1, 2 { … } default { … } }`: `values` absent for `default`. */
  | { readonly kind: "switch"; readonly subject: Expr; readonly cases: readonly SwitchCase[]; readonly span: Span }
  /** `nop q;`: an explicit no-op (on the listed qubits, if any). */
  | { readonly kind: "nop"; readonly operands: readonly Operand[]; readonly span: Span }
  /** `pragma …` / `#pragma …`: `text` is everything after the word `pragma`, trimmed. */
  | { readonly kind: "pragma"; readonly text: string; readonly span: Span }
  /** `@name text…` before a statement. */
  | { readonly kind: "annotation"; readonly name: string; readonly text: string; readonly span: Span }
  /** A construct recognised only to be rejected (E1002); `declares` is the name it would define, if any. */
  | { readonly kind: "unsupported"; readonly what: string; readonly declares?: string; readonly span: Span };

/** A subroutine parameter: a qubit (`size` for `qubit[n]`) or a classical value of `type`. */
export type DefParam =
  | { readonly k: "qubit"; readonly name: Ident; readonly size?: Expr; readonly span: Span }
  | { readonly k: "classical"; readonly name: Ident; readonly type: TypeNode; readonly access?: "const" | "readonly" | "mutable"; readonly span: Span };

export interface SwitchCase { readonly values?: readonly Expr[]; readonly body: readonly Stmt[]; readonly span: Span }

export interface Program {
  readonly stmts: readonly Stmt[];
}
