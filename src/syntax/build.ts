// CST → AST. The grammar (parser.ts) says what is well-formed; this module says what it means as data.
// It tolerates the partial trees that error recovery leaves behind: a missing identifier becomes "",
// a missing expression becomes `{k:"error"}`, so later passes can keep checking the rest of the file.

import type { CstElement, CstNode, IToken } from "chevrotain";
import type * as A from "./ast.js";
import type { Span } from "./span.js";

type Children = Record<string, CstElement[] | undefined>;

export class AstBuilder {
  constructor(private readonly fileName: string, private readonly text: string) {}

  // ---- helpers -------------------------------------------------------------------------------------

  private kids(n: CstNode): Children { return n.children as Children; }
  private node(n: CstNode, name: string, i = 0): CstNode | undefined { return this.kids(n)[name]?.[i] as CstNode | undefined; }
  private nodes(n: CstNode, name: string): CstNode[] { return (this.kids(n)[name] ?? []) as CstNode[]; }
  private token(n: CstNode, name: string, i = 0): IToken | undefined {
    const t = this.kids(n)[name]?.[i] as IToken | undefined;
    return t && !t.isInsertedInRecovery && Number.isFinite(t.startOffset) ? t : undefined;
  }
  private tokens(n: CstNode, name: string): IToken[] { return ((this.kids(n)[name] ?? []) as IToken[]).filter((t) => !t.isInsertedInRecovery); }

  tokenSpan(t: IToken): Span {
    return { file: this.fileName, start: t.startOffset, end: (t.endOffset ?? t.startOffset) + 1, line: t.startLine ?? 1, col: t.startColumn ?? 1 };
  }

  private span(n: CstNode): Span {
    const l = n.location;
    if (l && Number.isFinite(l.startOffset)) {
      const end = Number.isFinite(l.endOffset) ? (l.endOffset as number) + 1 : l.startOffset + 1;
      return { file: this.fileName, start: l.startOffset, end, line: l.startLine ?? 1, col: l.startColumn ?? 1 };
    }
    return { file: this.fileName, start: 0, end: 0, line: 1, col: 1 };
  }

  private ident(n: CstNode, name = "Identifier", i = 0): A.Ident {
    const t = this.token(n, name, i);
    return t ? { name: t.image, span: this.tokenSpan(t) } : { name: "", span: this.span(n) };
  }

  /** The `///` comments directly above a declaration. */
  private docFor(n: CstNode, comments: readonly IToken[]): string | undefined {
    const start = n.location?.startOffset;
    if (start === undefined || !Number.isFinite(start)) return undefined;
    const lines: string[] = [];
    let cursor = start;
    for (let i = comments.length - 1; i >= 0; i--) {
      const c = comments[i]!;
      if (c.startOffset >= start) continue;
      const gap = this.text.slice((c.endOffset ?? c.startOffset) + 1, cursor);
      if (!/^\s*$/.test(gap) || (gap.match(/\n/g)?.length ?? 0) > 1 || c.tokenType.name !== "DocComment") break;
      lines.unshift(c.image.replace(/^\/\/\/\s?/, ""));
      cursor = c.startOffset;
    }
    return lines.length ? lines.join("\n") : undefined;
  }

  // ---- declarations ---------------------------------------------------------------------------------

  file(n: CstNode, comments: readonly IToken[]): A.SourceFile {
    const imports: A.ImportDecl[] = [];
    const decls: A.Decl[] = [];
    for (const top of this.nodes(n, "topDecl")) {
      const imp = this.node(top, "importDecl");
      if (imp) {
        const t = this.token(imp, "StringLiteral");
        if (t) imports.push({ kind: "import", path: stringValue(t.image), span: this.span(imp) });
        continue;
      }
      const c = this.node(top, "constDecl");
      if (c) { decls.push(this.constDecl(c, comments)); continue; }
      const cell = this.node(top, "cellDecl");
      if (cell) { decls.push(this.cellDecl(cell, comments)); continue; }
      const model = this.node(top, "modelDecl");
      if (model) decls.push(this.modelDecl(model, comments));
    }
    return { path: this.fileName, imports, decls };
  }

  private constDecl(n: CstNode, comments: readonly IToken[] = []): A.ConstDecl {
    const doc = this.docFor(n, comments);
    return {
      kind: "const",
      name: this.ident(n),
      type: this.typeExpr(this.node(n, "typeExpr"), n),
      value: this.expression(this.node(n, "expression"), n),
      ...(doc ? { doc } : {}),
      span: this.span(n),
    };
  }

  private typedName(n: CstNode): A.TypedName {
    return { name: this.ident(n), type: this.typeExpr(this.node(n, "typeExpr"), n), span: this.span(n) };
  }

  private typedNames(n: CstNode | undefined): A.TypedName[] {
    return n ? this.nodes(n, "typedName").map((t) => this.typedName(t)) : [];
  }

  private cellDecl(n: CstNode, comments: readonly IToken[]): A.CellDecl {
    const resultType = this.node(n, "typeExpr");
    const doc = this.docFor(n, comments);
    return {
      kind: "cell",
      name: this.ident(n),
      params: this.typedNames(this.node(n, "params")),
      ports: this.typedNames(this.node(n, "ports")),
      ...(resultType ? { result: this.typeExpr(resultType, n) } : {}),
      body: this.block(this.node(n, "block"), n),
      ...(doc ? { doc } : {}),
      span: this.span(n),
    };
  }

  private modelDecl(n: CstNode, comments: readonly IToken[]): A.ModelDecl {
    const doc = this.docFor(n, comments);
    return {
      kind: "model",
      name: this.ident(n),
      hyper: this.nodes(n, "hyperParam").map((h) => {
        const d = this.node(h, "additive");
        return { name: this.ident(h), type: this.typeExpr(this.node(h, "typeExpr"), h), ...(d ? { default: this.binaryChain(d) } : {}), span: this.span(h) };
      }),
      members: this.nodes(n, "member").flatMap((m) => this.member(m)),
      ...(doc ? { doc } : {}),
      span: this.span(n),
    };
  }

  private outputType(n: CstNode | undefined): A.OutputType | undefined {
    if (!n) return undefined;
    return { type: this.typeExpr(this.node(n, "typeExpr"), n), optional: this.token(n, "Question") !== undefined, span: this.span(n) };
  }

  private member(m: CstNode): A.Member[] {
    const [name, inner] = Object.entries(this.kids(m))[0] ?? [];
    const n = inner?.[0] as CstNode | undefined;
    if (!name || !n) return [];
    const span = this.span(n);
    switch (name) {
      case "tokensDecl":
        return [{
          kind: "tokens",
          variants: this.nodes(n, "variant").map((v) => ({ name: this.ident(v), payload: this.typedNames(this.node(v, "typedNameList")), span: this.span(v) })),
          span,
        }];
      case "inputDecl": {
        const t = this.node(n, "typedName");
        if (!t) return [];
        const tn = this.typedName(t);
        return [{ kind: "input", name: tn.name, type: tn.type, span }];
      }
      case "registerDecl": {
        const t = this.node(n, "typedName");
        if (!t) return [];
        const tn = this.typedName(t);
        return [{ kind: "register", role: this.token(n, "Kw_hidden") ? "hidden" : "fresh", name: tn.name, type: tn.type, span }];
      }
      case "paramDecl": {
        const t = this.node(n, "typedName");
        if (!t) return [];
        const tn = this.typedName(t);
        const init = this.node(n, "expression");
        return [{ kind: "param", name: tn.name, type: tn.type, ...(init ? { init: this.expression(init, n) } : {}), span }];
      }
      case "constDecl":
        return [this.constDecl(n)];
      case "initBlock":
        return [{ kind: "init", body: this.block(this.node(n, "block"), n), span }];
      case "stepBlock": {
        const output = this.outputType(this.node(n, "outputType"));
        return [{ kind: "step", binder: this.ident(n), ...(output ? { output } : {}), body: this.block(this.node(n, "block"), n), span }];
      }
      case "finalBlock": {
        const output = this.outputType(this.node(n, "outputType"));
        return [{ kind: "final", ...(output ? { output } : {}), body: this.block(this.node(n, "block"), n), span }];
      }
      default:
        return [];
    }
  }

  // ---- types ----------------------------------------------------------------------------------------

  private typeExpr(n: CstNode | undefined, parent: CstNode): A.TypeExpr {
    if (!n) return { k: "prim", name: "int", dims: [], span: this.span(parent) };
    const span = this.span(n);
    if (this.token(n, "Kw_subset")) {
      return { k: "subset", size: this.binaryChainOr(this.node(n, "size"), n), lo: this.binaryChainOr(this.node(n, "lo"), n), hi: this.binaryChainOr(this.node(n, "hi"), n), span };
    }
    const prim = this.token(n, "prim");
    if (prim) {
      const hasBrackets = this.token(n, "LBracket") !== undefined;
      const dims: (A.Expr | null)[] = this.nodes(n, "dims").map((d) => this.expression(d, n));
      if (hasBrackets && dims.length === 0) dims.push(null);
      return { k: "prim", name: prim.image as A.PrimName, dims, span };
    }
    return { k: "range", lo: this.binaryChainOr(this.node(n, "rangeLo"), n), hi: this.binaryChainOr(this.node(n, "rangeHi"), n), span };
  }

  // ---- statements -----------------------------------------------------------------------------------

  private block(n: CstNode | undefined, parent: CstNode): A.Block {
    if (!n) return { stmts: [], span: this.span(parent) };
    return { stmts: this.nodes(n, "statement").flatMap((s) => this.statement(s)), span: this.span(n) };
  }

  private statement(s: CstNode): A.Stmt[] {
    const [name, inner] = Object.entries(this.kids(s))[0] ?? [];
    const n = inner?.[0] as CstNode | undefined;
    if (!name || !n) return [];
    const span = this.span(n);
    switch (name) {
      case "letStmt": {
        const t = this.node(n, "typeExpr");
        return [{ kind: "let", name: this.ident(n), ...(t ? { type: this.typeExpr(t, n) } : {}), value: this.valueExpr(this.node(n, "valueExpr"), n), span }];
      }
      case "constDecl":
        return [this.constDecl(n)];
      case "forStmt":
        return [{ kind: "for", variable: this.ident(n), iterable: this.rangeOrExpr(this.node(n, "rangeOrExpr"), n), body: this.block(this.node(n, "block"), n), span }];
      case "ifStmt":
        return [this.ifStmt(n)];
      case "matchStmt":
        return [{
          kind: "match",
          subject: this.expression(this.node(n, "expression"), n),
          arms: this.nodes(n, "matchArm").map((a) => this.matchArm(a)),
          span,
        }];
      case "measureStmt":
        return [{ kind: "measure", operands: this.operandList(this.node(n, "operandList")), span }];
      case "resetStmt":
        return [{ kind: "reset", operands: this.operandList(this.node(n, "operandList")), span }];
      case "barrierStmt":
        return [{ kind: "barrier", operands: this.operandList(this.node(n, "operandList")), span }];
      case "emitStmt":
        return [{ kind: "emit", value: this.valueExpr(this.node(n, "valueExpr"), n), span }];
      case "returnStmt":
        return [{ kind: "return", value: this.valueExpr(this.node(n, "valueExpr"), n), span }];
      case "block":
        return [{ kind: "block", block: this.block(n, s), span }];
      case "applyStmt":
        return [{
          kind: "apply",
          mods: this.nodes(n, "modifier").map((m) => this.modifier(m)),
          callee: this.ident(n),
          args: this.argList(this.node(n, "argList")),
          operands: this.operandList(this.node(n, "operandList")),
          span,
        }];
      default:
        return [];
    }
  }

  private ifStmt(n: CstNode): A.Stmt {
    const elseIf = this.node(n, "elseIf");
    const elseBlock = this.node(n, "else");
    let elseB: A.Block | undefined;
    if (elseIf) { const st = this.ifStmt(elseIf); elseB = { stmts: [st], span: st.span }; }
    else if (elseBlock) elseB = this.block(elseBlock, n);
    return {
      kind: "if",
      cond: this.valueExpr(this.node(n, "valueExpr"), n),
      then: this.block(this.node(n, "then"), n),
      ...(elseB ? { else: elseB } : {}),
      span: this.span(n),
    };
  }

  private matchArm(a: CstNode): A.MatchArm {
    const v = this.ident(a, "variant");
    const st = this.node(a, "statement");
    const body: A.Block = st ? { stmts: this.statement(st), span: this.span(st) } : { stmts: [], span: this.span(a) };
    const only = body.stmts.length === 1 ? body.stmts[0] : undefined;
    return {
      variant: v.name === "_" ? null : v,
      binders: this.tokens(a, "binders").map((t) => ({ name: t.image, span: this.tokenSpan(t) })),
      body: only?.kind === "block" ? only.block : body,
      span: this.span(a),
    };
  }

  private modifier(m: CstNode): A.Modifier {
    const kind = this.token(m, "kind")?.image ?? "inv";
    const span = this.span(m);
    const e = this.node(m, "expression");
    if (kind === "pow") return { k: "pow", exponent: this.expression(e, m), span };
    if (kind === "inv") return { k: "inv", span };
    return { k: kind as "ctrl" | "negctrl", ...(e ? { count: this.expression(e, m) } : {}), span };
  }

  private argList(n: CstNode | undefined): A.Expr[] {
    return n ? this.nodes(n, "expression").map((e) => this.expression(e, n)) : [];
  }

  private operandList(n: CstNode | undefined): A.Expr[] {
    return n ? this.nodes(n, "operand").map((o) => this.operand(o)) : [];
  }

  private operand(n: CstNode): A.Expr {
    const id = this.ident(n);
    let e: A.Expr = { k: "name", name: id.name, span: id.span };
    for (const il of this.nodes(n, "indexList")) e = { k: "index", target: e, indices: this.indexList(il), span: { ...e.span, end: this.span(il).end + 1 } };
    return e;
  }

  private indexList(n: CstNode): A.Expr[] {
    return this.nodes(n, "rangeOrExpr").map((r) => this.rangeOrExpr(r, n));
  }

  private rangeOrExpr(n: CstNode | undefined, parent: CstNode): A.Expr {
    if (!n) return { k: "error", span: this.span(parent) };
    const lo = this.expression(this.node(n, "lo"), n);
    const hiNode = this.node(n, "hi");
    if (!hiNode) return lo;
    return { k: "range", lo, hi: this.expression(hiNode, n), span: this.span(n) };
  }

  // ---- expressions ----------------------------------------------------------------------------------

  private valueExpr(n: CstNode | undefined, parent: CstNode): A.Expr {
    if (!n) return { k: "error", span: this.span(parent) };
    const ex = this.node(n, "expectExpr");
    if (ex) {
      return {
        k: "expect",
        factors: this.nodes(ex, "pauliFactor").map((f) => {
          const op = this.node(f, "operand");
          return { pauli: this.ident(f), operand: op ? this.operand(op) : { k: "error", span: this.span(f) }, span: this.span(f) };
        }),
        span: this.span(ex),
      };
    }
    const cv = this.node(n, "cellValue");
    if (cv) {
      return { k: "cellValue", callee: this.ident(cv), args: this.argList(this.node(cv, "argList")), operands: this.operandList(this.node(cv, "operandList")), span: this.span(cv) };
    }
    return this.expression(this.node(n, "expression"), n);
  }

  expression(n: CstNode | undefined, parent: CstNode): A.Expr {
    if (!n) return { k: "error", span: this.span(parent) };
    const or = this.node(n, "orExpr");
    return or ? this.binaryChain(or) : { k: "error", span: this.span(n) };
  }

  private binaryChainOr(n: CstNode | undefined, parent: CstNode): A.Expr {
    return n ? this.binaryChain(n) : { k: "error", span: this.span(parent) };
  }

  /** orExpr … multiplicative: left-associative chains of `operands` joined by `ops`. */
  private binaryChain(n: CstNode): A.Expr {
    if (n.name === "unary") return this.unary(n);
    const operands = this.nodes(n, "operands");
    const ops = this.tokens(n, "ops").sort((a, b) => a.startOffset - b.startOffset);
    if (operands.length === 0) return { k: "error", span: this.span(n) };
    let e = this.binaryChain(operands[0]!);
    for (let i = 1; i < operands.length; i++) {
      const b = this.binaryChain(operands[i]!);
      const op = (ops[i - 1]?.image ?? "+") as A.BinaryOp;
      e = { k: "binary", op, a: e, b, span: { ...e.span, end: Math.max(e.span.end, b.span.end) } };
    }
    return e;
  }

  private unary(n: CstNode): A.Expr {
    const op = this.token(n, "op");
    const inner = this.node(n, "unary");
    if (op) {
      const a = inner ? this.unary(inner) : { k: "error" as const, span: this.span(n) };
      return { k: "unary", op: op.image as "-" | "!", a, span: this.span(n) };
    }
    const p = this.node(n, "power");
    if (!p) return { k: "error", span: this.span(n) };
    const base = this.postfix(this.node(p, "postfix"), p);
    const exp = this.node(p, "unary");
    if (!exp) return base;
    const b = this.unary(exp);
    return { k: "binary", op: "**", a: base, b, span: { ...base.span, end: b.span.end } };
  }

  private postfix(n: CstNode | undefined, parent: CstNode): A.Expr {
    if (!n) return { k: "error", span: this.span(parent) };
    let e = this.primary(this.node(n, "primary"), n);
    for (const il of this.nodes(n, "indexList")) e = { k: "index", target: e, indices: this.indexList(il), span: { ...e.span, end: this.span(il).end + 1 } };
    return e;
  }

  private primary(n: CstNode | undefined, parent: CstNode): A.Expr {
    if (!n) return { k: "error", span: this.span(parent) };
    const span = this.span(n);
    const int = this.token(n, "IntLiteral");
    if (int) return { k: "int", value: Number(int.image), span };
    const fl = this.token(n, "FloatLiteral");
    if (fl) return { k: "float", value: Number(fl.image), span };
    if (this.token(n, "Kw_true")) return { k: "bool", value: true, span };
    if (this.token(n, "Kw_false")) return { k: "bool", value: false, span };
    if (this.token(n, "Kw_measure")) {
      const op = this.node(n, "operand");
      return { k: "measure", operand: op ? this.operand(op) : { k: "error", span }, span };
    }
    const id = this.token(n, "Identifier");
    if (id) {
      const callee = { name: id.image, span: this.tokenSpan(id) };
      if (this.kids(n)["LParen"]) return { k: "call", callee, args: this.argList(this.node(n, "argList")), span };
      return { k: "name", name: id.image, span: callee.span };
    }
    if (this.kids(n)["LBracket"]) return { k: "array", items: this.nodes(n, "items").map((e) => this.expression(e, n)), span };
    return this.expression(this.node(n, "expression"), n);
  }
}

/**
 * The value of a string literal. The lexer accepts any character and any `\x` escape between the quotes
 * (control characters, `\q`, …), which JSON.parse rejects: such a string is taken as written, so that a
 * strange import path is reported as not found (E0201) instead of crashing the parser.
 */
function stringValue(image: string): string {
  try {
    return JSON.parse(image) as string;
  } catch {
    return image.slice(1, -1);
  }
}
