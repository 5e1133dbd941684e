// The abstract syntax tree of a .qseq file. Built from the CST by src/syntax/build.ts; every node keeps
// its span. Nodes produced from a syntactically broken region may carry an empty name ("") — later
// passes skip diagnostics about such placeholders, so one mistake is reported once.

import type { Span } from "./span.js";

export interface Ident { readonly name: string; readonly span: Span }

export interface SourceFile {
  readonly path: string;
  readonly imports: readonly ImportDecl[];
  readonly decls: readonly Decl[];
}

export interface ImportDecl { readonly kind: "import"; readonly path: string; readonly span: Span }

export type Decl = ConstDecl | CellDecl | ModelDecl;

export interface ConstDecl {
  readonly kind: "const";
  readonly name: Ident;
  readonly type: TypeExpr;
  readonly value: Expr;
  readonly doc?: string;
  readonly span: Span;
}

export interface TypedName { readonly name: Ident; readonly type: TypeExpr; readonly span: Span }

export interface CellDecl {
  readonly kind: "cell";
  readonly name: Ident;
  readonly params: readonly TypedName[];
  readonly ports: readonly TypedName[];
  readonly result?: TypeExpr;
  readonly body: Block;
  readonly doc?: string;
  readonly span: Span;
}

export interface HyperParam { readonly name: Ident; readonly type: TypeExpr; readonly default?: Expr; readonly span: Span }

export interface ModelDecl {
  readonly kind: "model";
  readonly name: Ident;
  readonly hyper: readonly HyperParam[];
  readonly members: readonly Member[];
  readonly doc?: string;
  readonly span: Span;
}

export interface Variant { readonly name: Ident; readonly payload: readonly TypedName[]; readonly span: Span }

export interface OutputType { readonly type: TypeExpr; readonly optional: boolean; readonly span: Span }

export type Member =
  | { readonly kind: "tokens"; readonly variants: readonly Variant[]; readonly span: Span }
  | { readonly kind: "input"; readonly name: Ident; readonly type: TypeExpr; readonly span: Span }
  | { readonly kind: "register"; readonly role: "hidden" | "fresh"; readonly name: Ident; readonly type: TypeExpr; readonly span: Span }
  | { readonly kind: "param"; readonly name: Ident; readonly type: TypeExpr; readonly init?: Expr; readonly span: Span }
  | ConstDecl
  | { readonly kind: "init"; readonly body: Block; readonly span: Span }
  | { readonly kind: "step"; readonly binder: Ident; readonly output?: OutputType; readonly body: Block; readonly span: Span }
  | { readonly kind: "final"; readonly output?: OutputType; readonly body: Block; readonly span: Span };

export type PrimName = "int" | "float" | "angle" | "bool" | "bit" | "qubit";

export type TypeExpr =
  /** `angle`, `qubit[n]`, `angle[n, 3]`; `dims` null entries mean `qubit[]` (any length, ports only). */
  | { readonly k: "prim"; readonly name: PrimName; readonly dims: readonly (Expr | null)[]; readonly span: Span }
  | { readonly k: "range"; readonly lo: Expr; readonly hi: Expr; readonly span: Span }
  | { readonly k: "subset"; readonly size: Expr; readonly lo: Expr; readonly hi: Expr; readonly span: Span };

export interface Block { readonly stmts: readonly Stmt[]; readonly span: Span }

export type Modifier =
  | { readonly k: "ctrl" | "negctrl"; readonly count?: Expr; readonly span: Span }
  | { readonly k: "inv"; readonly span: Span }
  | { readonly k: "pow"; readonly exponent: Expr; readonly span: Span };

export interface MatchArm {
  /** null for the wildcard arm `_`. */
  readonly variant: Ident | null;
  readonly binders: readonly Ident[];
  readonly body: Block;
  readonly span: Span;
}

export type Stmt =
  | { readonly kind: "apply"; readonly mods: readonly Modifier[]; readonly callee: Ident; readonly args: readonly Expr[]; readonly operands: readonly Expr[]; readonly span: Span }
  | { readonly kind: "let"; readonly name: Ident; readonly type?: TypeExpr; readonly value: Expr; readonly span: Span }
  | ConstDecl
  | { readonly kind: "for"; readonly variable: Ident; readonly iterable: Expr; readonly body: Block; readonly span: Span }
  | { readonly kind: "if"; readonly cond: Expr; readonly then: Block; readonly else?: Block; readonly span: Span }
  | { readonly kind: "match"; readonly subject: Expr; readonly arms: readonly MatchArm[]; readonly span: Span }
  | { readonly kind: "measure"; readonly operands: readonly Expr[]; readonly span: Span }
  | { readonly kind: "reset"; readonly operands: readonly Expr[]; readonly span: Span }
  | { readonly kind: "barrier"; readonly operands: readonly Expr[]; readonly span: Span }
  | { readonly kind: "emit"; readonly value: Expr; readonly span: Span }
  | { readonly kind: "return"; readonly value: Expr; readonly span: Span }
  | { readonly kind: "block"; readonly block: Block; readonly span: Span };

export type BinaryOp = "+" | "-" | "*" | "/" | "%" | "**" | "==" | "!=" | "<" | "<=" | ">" | ">=" | "&&" | "||";

export interface PauliFactorExpr { readonly pauli: Ident; readonly operand: Expr; readonly span: Span }

export type Expr =
  | { readonly k: "int"; readonly value: number; readonly span: Span }
  | { readonly k: "float"; readonly value: number; readonly span: Span }
  | { readonly k: "bool"; readonly value: boolean; readonly span: Span }
  | { readonly k: "name"; readonly name: string; readonly span: Span }
  | { readonly k: "unary"; readonly op: "-" | "!"; readonly a: Expr; readonly span: Span }
  | { readonly k: "binary"; readonly op: BinaryOp; readonly a: Expr; readonly b: Expr; readonly span: Span }
  /** A classical function call `sin(x)`, `len(q)`. */
  | { readonly k: "call"; readonly callee: Ident; readonly args: readonly Expr[]; readonly span: Span }
  | { readonly k: "index"; readonly target: Expr; readonly indices: readonly Expr[]; readonly span: Span }
  /** `a..b`: only in index lists and `for` headers. */
  | { readonly k: "range"; readonly lo: Expr; readonly hi: Expr; readonly span: Span }
  | { readonly k: "array"; readonly items: readonly Expr[]; readonly span: Span }
  | { readonly k: "measure"; readonly operand: Expr; readonly span: Span }
  /** A measuring cell used as a value: `read_x(phi[i]) h[i]`. */
  | { readonly k: "cellValue"; readonly callee: Ident; readonly args: readonly Expr[]; readonly operands: readonly Expr[]; readonly span: Span }
  | { readonly k: "expect"; readonly factors: readonly PauliFactorExpr[]; readonly span: Span }
  /** Stands in for an expression the parser could not read (error recovery). */
  | { readonly k: "error"; readonly span: Span };
