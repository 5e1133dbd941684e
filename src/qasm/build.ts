// CST → AST for OpenQASM 3. The grammar (parser.ts) says what is well-formed; this module turns the
// concrete tree into the data the lowering reads. It tolerates the partial trees error recovery leaves
// behind: a missing name becomes "", a missing expression `{k:"error"}`.

import type { CstElement, CstNode, IToken } from "chevrotain";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { Span } from "../syntax/span.js";
import type * as A from "./ast.js";
import { UNSUPPORTED_STATEMENTS } from "./tokens.js";

type Children = Record<string, CstElement[] | undefined>;

/** Binary operator precedence (higher binds tighter), as in the OpenQASM 3 specification; all left-associative. */
const PRECEDENCE: Readonly<Record<string, number>> = {
  "||": 1, "&&": 2, "|": 3, "^": 4, "&": 5, "==": 6, "!=": 6, "<": 7, "<=": 7, ">": 7, ">=": 7, "<<": 8, ">>": 8,
  "+": 9, "-": 9, "*": 10, "/": 10, "%": 10,
};

/** The precedence of OpenQASM 2's `^` (power): above `*` and `/`, and above a unary minus (`QASM2_PREFIX`). */
const QASM2_POWER = 11;
const QASM2_PREFIX = 10.5;
/** Marks a prefix operator on the operator stack (only around OpenQASM 2's `^`). */
const PREFIX = "prefix ";

/** Deeper expressions are refused (E1001): every later pass recurses on them. */
export const MAX_EXPR_DEPTH = 500;

export class QasmAstBuilder {
  /** Expression depth (for the nesting limit). */
  private readonly depth = new WeakMap<A.Expr, number>();
  private depthReported = false;

  constructor(
    private readonly fileName: string,
    private readonly tokens: readonly IToken[],
    private readonly diags: Diagnostic[],
    /** Line starts of the text (CST nodes carry offsets only). */
    private readonly lines: LineIndex = new LineIndex(""),
    /** OpenQASM 2 text: `^` is exponentiation (binding tighter than `*`, right-associative), not xor. */
    private readonly qasm2 = false,
  ) {}

  // ---- helpers -------------------------------------------------------------------------------------

  private kids(n: CstNode): Children { return n.children as Children; }
  private node(n: CstNode, name: string, i = 0): CstNode | undefined { return this.kids(n)[name]?.[i] as CstNode | undefined; }
  private nodes(n: CstNode, name: string): CstNode[] { return (this.kids(n)[name] ?? []) as CstNode[]; }
  private token(n: CstNode, name: string, i = 0): IToken | undefined {
    const t = this.kids(n)[name]?.[i] as IToken | undefined;
    return t && !t.isInsertedInRecovery && Number.isFinite(t.startOffset) ? t : undefined;
  }
  private tokensOf(n: CstNode, name: string): IToken[] {
    return ((this.kids(n)[name] ?? []) as IToken[]).filter((t) => !t.isInsertedInRecovery && Number.isFinite(t.startOffset));
  }

  tokenSpan(t: IToken): Span {
    return { file: this.fileName, start: t.startOffset, end: (t.endOffset ?? t.startOffset) + 1, line: t.startLine ?? 1, col: t.startColumn ?? 1 };
  }

  span(n: CstNode): Span {
    const l = n.location;
    if (l && Number.isFinite(l.startOffset)) {
      const end = Number.isFinite(l.endOffset) ? (l.endOffset as number) + 1 : l.startOffset + 1;
      const { line, col } = this.lines.position(l.startOffset);
      return { file: this.fileName, start: l.startOffset, end, line, col };
    }
    return { file: this.fileName, start: 0, end: 0, line: 1, col: 1 };
  }

  private ident(n: CstNode, name = "Identifier", i = 0): A.Ident {
    const t = this.token(n, name, i);
    return t ? { name: t.image, span: this.tokenSpan(t) } : { name: "", span: this.span(n) };
  }

  private cover(a: Span, b: Span): Span {
    return a.start <= b.start ? { ...a, end: Math.max(a.end, b.end) } : { ...b, end: Math.max(a.end, b.end) };
  }

  // ---- statements -----------------------------------------------------------------------------------

  program(n: CstNode): A.Program {
    return { stmts: this.nodes(n, "statement").flatMap((s) => this.statement(s)) };
  }

  private statement(s: CstNode): A.Stmt[] {
    const entry = Object.entries(this.kids(s))[0];
    if (!entry) return [];
    const [name, inner] = entry;
    const el = inner?.[0];
    if (!el) return [];
    if (!("children" in el)) {
      // a Pragma or Annotation token
      const t = el as IToken;
      if (t.isInsertedInRecovery || !Number.isFinite(t.startOffset)) return [];
      const span = this.tokenSpan(t);
      if (name === "Pragma") return [{ kind: "pragma", text: t.image.replace(/^#?pragma/, "").trim(), span }];
      const m = /^@(\S*)\s*(.*)$/.exec(t.image.trimEnd());
      return [{ kind: "annotation", name: m?.[1] ?? "", text: m?.[2] ?? "", span }];
    }
    const n = el as CstNode;
    const span = this.span(n);
    switch (name) {
      case "versionStmt": {
        const t = this.token(n, "IntLiteral") ?? this.token(n, "FloatLiteral");
        return [{ kind: "version", version: t?.image ?? "", span }];
      }
      case "includeStmt": {
        const t = this.token(n, "StringLiteral");
        if (!t) return [];
        return [{ kind: "include", path: t.image.slice(1, -1), pathSpan: this.tokenSpan(t), span }];
      }
      case "gateDef":
        return [{
          kind: "gate",
          name: this.ident(n, "name"),
          params: this.tokensOf(n, "params").map((t) => ({ name: t.image, span: this.tokenSpan(t) })),
          qubits: this.tokensOf(n, "qubits").map((t) => ({ name: t.image, span: this.tokenSpan(t) })),
          body: this.blockBody(this.node(n, "block")),
          span,
        }];
      case "defStmt": {
        const ret = this.node(n, "returns");
        return [{
          kind: "def",
          name: this.ident(n, "name"),
          params: this.nodes(n, "defParam").map((p): A.DefParam => {
            const t = this.node(p, "scalarType");
            const access = this.token(p, "access")?.image as "const" | "readonly" | "mutable" | undefined;
            if (t) return { k: "classical", name: this.ident(p), type: this.scalarType(t), ...(access ? { access } : {}), span: this.span(p) };
            const d = this.node(p, "designator");
            return { k: "qubit", name: this.ident(p), ...(d ? { size: this.designator(d) } : {}), span: this.span(p) };
          }),
          ...(ret ? { returns: this.scalarType(ret) } : {}),
          body: this.blockBody(this.node(n, "block")),
          span,
        }];
      }
      case "returnStmt": {
        const v = this.node(n, "declValue");
        return [{ kind: "return", ...(v ? { value: this.declValue(v) } : {}), span }];
      }
      case "qubitDecl": {
        const d = this.node(n, "designator") ?? this.misplaced(n, "qubit");
        return [{ kind: "qubits", name: this.ident(n), ...(d ? { size: this.designator(d) } : {}), style: "qubit", span }];
      }
      case "qregDecl": {
        const d = this.node(n, "designator");
        return [{ kind: "qubits", name: this.ident(n), ...(d ? { size: this.designator(d) } : {}), style: "qreg", span }];
      }
      case "cregDecl": {
        const d = this.node(n, "designator");
        const init = this.node(n, "declValue");
        const typeSpan = this.tokenSpanOr(this.token(n, "Kw_creg"), span);
        return [{
          kind: "classical",
          type: { kind: "bit", ...(d ? { size: this.designator(d) } : {}), span: typeSpan },
          name: this.ident(n),
          ...(init ? { init: this.declValue(init) } : {}),
          style: "creg",
          span,
        }];
      }
      case "ioDecl": {
        const io = this.token(n, "io");
        const modifier = io?.image === "input" ? "input" : "output";
        const t = this.node(n, "scalarType");
        if (!t) return [{ kind: "ioQubit", name: this.ident(n), span }];
        return [{ kind: "classical", type: this.scalarType(t), name: this.ident(n), modifier, span }];
      }
      case "constDecl": {
        const t = this.node(n, "scalarType");
        const init = this.node(n, "declValue");
        return [{
          kind: "classical",
          ...(t ? { type: this.scalarType(t) } : {}),
          name: this.ident(n),
          ...(init ? { init: this.declValue(init) } : {}),
          modifier: "const",
          span,
        }];
      }
      case "classicalDecl": {
        const t = this.node(n, "scalarType");
        const init = this.node(n, "declValue");
        const type: A.TypeNode = t ? this.scalarType(t) : { kind: "int", span };
        const late = this.misplaced(n, type.kind);
        return [{
          kind: "classical",
          type: late && !type.size ? { ...type, size: this.designator(late) } : type,
          name: this.ident(n),
          ...(init ? { init: this.declValue(init) } : {}),
          span,
        }];
      }
      case "ifStmt": {
        const els = this.node(n, "else");
        return [{
          kind: "if",
          cond: this.expression(this.node(n, "expression"), n),
          then: this.body(this.node(n, "then")),
          ...(els ? { else: this.body(els) } : {}),
          span,
        }];
      }
      case "forStmt": {
        const t = this.node(n, "scalarType");
        const range = this.node(n, "range");
        const iterable = this.node(n, "iterable");
        let set: A.ForSet;
        if (range) {
          const lb = this.token(n, "LBracket"), rb = this.token(n, "RBracket");
          const sp = lb && rb ? this.cover(this.tokenSpan(lb), this.tokenSpan(rb)) : this.span(range);
          set = { k: "range", item: this.indexItem(range), span: sp };
        } else if (iterable) {
          set = { k: "expr", e: this.expression(iterable, n) };
        } else {
          const lb = this.token(n, "LBrace"), rb = this.token(n, "RBrace");
          const sp = lb && rb ? this.cover(this.tokenSpan(lb), this.tokenSpan(rb)) : span;
          set = { k: "set", items: this.nodes(n, "set").map((e) => this.expression(e, n)), span: sp };
        }
        return [{
          kind: "for",
          ...(t ? { type: this.scalarType(t) } : {}),
          variable: this.ident(n),
          set,
          body: this.body(this.node(n, "body")),
          span,
        }];
      }
      case "letStmt":
        return [{ kind: "let", name: this.ident(n), parts: this.nodes(n, "gateOperand").map((o) => this.operand(o)), span }];
      case "block":
        return [{ kind: "block", body: this.blockBody(n), span }];
      case "measureStmt": {
        const target = this.node(n, "lvalue");
        const operand = this.node(n, "gateOperand");
        if (!operand) return [];
        return [{ kind: "measure", operand: this.operand(operand), ...(target ? { target: this.lvalue(target) } : {}), span }];
      }
      case "resetStmt":
        return [{ kind: "reset", operands: this.operandList(this.node(n, "operandList")), span }];
      case "barrierStmt":
        return [{ kind: "barrier", operands: this.operandList(this.node(n, "operandList")), span }];
      case "delayStmt": {
        const d = this.node(n, "designator");
        return [{ kind: "delay", duration: d ? this.designator(d) : { k: "error", span }, operands: this.operandList(this.node(n, "operandList")), span }];
      }
      case "boxStmt": {
        const d = this.node(n, "designator");
        return [{ kind: "box", ...(d ? { duration: this.designator(d) } : {}), body: this.blockBody(this.node(n, "block")), span }];
      }
      case "whileStmt":
        return [{ kind: "while", cond: this.expression(this.node(n, "expression"), n), body: this.body(this.node(n, "body")), span }];
      case "loopControl":
        return [{ kind: "loopControl", word: this.token(n, "word")?.image === "continue" ? "continue" : "break", span }];
      case "switchStmt":
        return [{
          kind: "switch",
          subject: this.expression(this.node(n, "expression"), n),
          cases: this.nodes(n, "switchCase").map((c) => ({
            ...(this.token(c, "Kw_case") ? { values: this.nodes(c, "values").map((e) => this.expression(e, c)) } : {}),
            body: this.blockBody(this.node(c, "block")),
            span: this.span(c),
          })),
          span,
        }];
      case "nopStmt":
        return [{ kind: "nop", operands: this.operandList(this.node(n, "operandList")), span }];
      case "assignStmt": {
        const target = this.node(n, "lvalue");
        const value = this.node(n, "declValue");
        const op = this.token(n, "op");
        if (!target || !value || !op) return [];
        return [{ kind: "assign", target: this.lvalue(target), op: op.image, opSpan: this.tokenSpan(op), value: this.declValue(value), span }];
      }
      case "gateCall":
        return [{
          kind: "call",
          mods: this.nodes(n, "modifier").map((m) => this.modifier(m)),
          name: this.ident(n),
          args: this.nodes(n, "args").map((e) => this.expression(e, n)),
          parens: this.token(n, "LParen") !== undefined,
          operands: this.operandList(this.node(n, "operandList")),
          span,
        }];
      case "unsupportedStmt": {
        const kw = this.token(n, "UnsupportedKw");
        if (!kw) return [];
        const word = kw.image;
        // the statement's extent: from the keyword to the last token the parser skipped
        const idx = this.tokens.indexOf(kw);
        const next = idx >= 0 ? this.tokens[idx + 1] : undefined;
        const declares = (word === "def" || word === "extern" || word === "defcal" || word === "opaque") && next?.tokenType.name === "Identifier"
          ? next.image : undefined;
        return [{ kind: "unsupported", what: UNSUPPORTED_STATEMENTS[word] ?? `\`${word}\``, ...(declares ? { declares } : {}), span: this.tokenSpan(kw) }];
      }
      default:
        return [];
    }
  }

  /** `qubit q[2];` / `bit c[2];`: reports the misplaced size (E1001) and returns it. */
  private misplaced(n: CstNode, type: string): CstNode | undefined {
    const d = this.node(n, "misplaced");
    if (!d) return undefined;
    const name = this.ident(n).name;
    const size = this.span(d);
    const text = this.tokens.filter((t) => t.startOffset > size.start && t.startOffset < size.end - 1).map((t) => t.image).join(" ");
    this.diags.push(diagnostic("E1001", size, "in OpenQASM 3 the size goes after the type", {
      label: "misplaced size",
      help: `write \`${type}[${text}] ${name};\`${type === "qubit" ? " (or `qreg " + name + "[" + text + "];`)" : type === "bit" ? " (or `creg " + name + "[" + text + "];`)" : ""}`,
    }));
    return d;
  }

  private tokenSpanOr(t: IToken | undefined, fallback: Span): Span {
    return t ? this.tokenSpan(t) : fallback;
  }

  private blockBody(n: CstNode | undefined): A.Stmt[] {
    return n ? this.nodes(n, "statement").flatMap((s) => this.statement(s)) : [];
  }

  /** The body of `if`/`for`: a block's statements, or the single statement. */
  private body(n: CstNode | undefined): A.Stmt[] {
    if (!n) return [];
    const block = this.node(n, "block");
    if (block && Object.keys(this.kids(n)).length === 1) return this.blockBody(block);
    return this.statement(n);
  }

  private designator(n: CstNode): A.Expr {
    return this.expression(this.node(n, "expression"), n);
  }

  private scalarType(n: CstNode): A.TypeNode {
    const kind = (this.token(n, "kind")?.image ?? "int") as A.ScalarKind;
    const d = this.node(n, "designator");
    const inner = this.node(n, "scalarType");
    const dims = kind === "array" ? this.nodes(n, "expression").map((e) => this.expression(e, n)) : undefined;
    const dimCount = this.node(n, "dimCount");
    return {
      kind, ...(d ? { size: this.designator(d) } : {}), ...(inner ? { elem: this.scalarType(inner) } : {}),
      ...(dims ? { dims } : {}), ...(dimCount ? { dimCount: this.expression(dimCount, n) } : {}), span: this.span(n),
    };
  }

  /** `{a, {b, c}}` → nested `arrayLit` expressions. */
  private arrayLiteral(n: CstNode): A.Expr {
    const items = this.nodes(n, "items").map((c) => (c.name === "arrayLiteral" ? this.arrayLiteral(c) : this.expression(c, n)));
    const d = items.reduce((m, a) => Math.max(m, this.d(a)), 0) + 1;
    return this.withDepth({ k: "arrayLit", items, span: this.span(n) }, d);
  }

  private declValue(n: CstNode): A.DeclValue {
    const m = this.token(n, "Kw_measure");
    const operand = this.node(n, "gateOperand");
    if (m && operand) return { k: "measure", operand: this.operand(operand), span: this.span(n) };
    const lit = this.node(n, "arrayLiteral");
    if (lit) return { k: "expr", e: this.arrayLiteral(lit) };
    return { k: "expr", e: this.expression(this.node(n, "expression"), n) };
  }

  private modifier(n: CstNode): A.Modifier {
    const kind = this.token(n, "kind")?.image ?? "inv";
    const span = this.span(n);
    const e = this.node(n, "expression");
    if (kind === "ctrl" || kind === "negctrl") return { k: kind, ...(e ? { n: this.expression(e, n) } : {}), span };
    if (kind === "pow") return { k: "pow", exponent: this.expression(e, n), span };
    return { k: "inv", span };
  }

  private operandList(n: CstNode | undefined): A.Operand[] {
    return n ? this.nodes(n, "gateOperand").map((o) => this.operand(o)) : [];
  }

  private operand(n: CstNode): A.Operand {
    const hw = this.token(n, "HardwareQubit");
    if (hw) return { k: "hardware", text: hw.image, span: this.tokenSpan(hw) };
    return { k: "ref", name: this.ident(n), indices: this.nodes(n, "indexOp").map((i) => this.indexOp(i)), span: this.span(n) };
  }

  private lvalue(n: CstNode): A.Operand {
    return { k: "ref", name: this.ident(n), indices: this.nodes(n, "indexOp").map((i) => this.indexOp(i)), span: this.span(n) };
  }

  private indexOp(n: CstNode): A.IndexOp {
    const span = this.span(n);
    if (this.token(n, "LBrace")) return { k: "set", items: this.nodes(n, "set").map((e) => this.expression(e, n)), span };
    return { k: "items", items: this.nodes(n, "items").map((i) => this.indexItem(i)), span };
  }

  private indexItem(n: CstNode): A.IndexItem {
    const span = this.span(n);
    const colons = this.tokensOf(n, "colons");
    const parts = this.nodes(n, "parts");
    if (colons.length === 0) return { k: "single", e: this.expression(parts[0], n), span };
    // split the expressions at the colons by position: start : stop, or start : step : stop
    const pieces: (A.Expr | undefined)[] = [];
    let p = 0;
    for (let i = 0; i <= colons.length; i++) {
      const limit = i < colons.length ? colons[i]!.startOffset : Infinity;
      const part = parts[p];
      if (part && (part.location?.startOffset ?? Infinity) < limit) { pieces.push(this.expression(part, n)); p++; }
      else pieces.push(undefined);
    }
    if (pieces.length > 3) {
      this.diags.push(diagnostic("E1001", this.tokenSpan(colons[2]!), "a range has at most two `:` (start : step : stop)", { label: "one too many" }));
      return { k: "range", span };
    }
    const [a, b, c] = pieces;
    if (pieces.length === 2) return { k: "range", ...(a ? { start: a } : {}), ...(b ? { stop: b } : {}), span };
    return { k: "range", ...(a ? { start: a } : {}), ...(b ? { step: b } : {}), ...(c ? { stop: c } : {}), span };
  }

  // ---- expressions ----------------------------------------------------------------------------------

  private withDepth(e: A.Expr, d: number): A.Expr {
    if (d > MAX_EXPR_DEPTH) {
      if (!this.depthReported) {
        this.depthReported = true;
        this.diags.push(diagnostic("E1001", e.span, `expression nested more than ${MAX_EXPR_DEPTH} deep`, { label: "too deep", help: "split it with intermediate `const` declarations" }));
      }
      const err: A.Expr = { k: "error", span: e.span };
      this.depth.set(err, 1);
      return err;
    }
    this.depth.set(e, d);
    return e;
  }

  private d(e: A.Expr): number { return this.depth.get(e) ?? 1; }

  expression(n: CstNode | undefined, parent: CstNode): A.Expr {
    if (!n) return { k: "error", span: this.span(parent) };
    switch (n.name) {
      case "expression": {
        // precedence climbing over the flat operand/operator list (shunting-yard: no recursion)
        const nodes = this.nodes(n, "operands");
        const ops = ((this.kids(n)["ops"] ?? []) as IToken[]).map((t) => t.image);
        if (nodes.length === 0) return { k: "error", span: this.span(n) };
        if (nodes.length === 1) return this.expression(nodes[0], n);
        // OpenQASM 2's `^` binds tighter than a unary minus on its left, -2^2 = -(2^2), as in Qiskit's
        // parsers (arXiv:1707.03429's grammar leaves it open); the grammar reads `-2` as one operand, so
        // there the operands' prefix operators join the operator stack, between `*` and `^`.
        const prefixes: Span[] | undefined = this.qasm2 && ops.includes("^") ? [] : undefined;
        const values: A.Expr[] = [];
        const pending: string[] = [];
        const operand = (o: CstNode) => {
          let u: CstNode | undefined = o;
          for (let t; prefixes && u?.name === "unary" && (t = this.token(u, "op")); u = this.node(u, "unary")) {
            pending.push(PREFIX + t.image);
            prefixes.push(this.tokenSpan(t));
          }
          values.push(this.expression(u, n));
        };
        const prec = (op: string) => (this.qasm2 && op === "^" ? QASM2_POWER : prefixes && op.startsWith(PREFIX) ? QASM2_PREFIX : PRECEDENCE[op]!);
        operand(nodes[0]!);
        for (let i = 0; i < ops.length && i + 1 < nodes.length; i++) {
          const op = ops[i]!;
          const right = this.qasm2 && op === "^";
          while (pending.length > 0 && (right ? prec(pending[pending.length - 1]!) > prec(op) : prec(pending[pending.length - 1]!) >= prec(op))) this.reduce(values, pending, prefixes);
          pending.push(op);
          operand(nodes[i + 1]!);
        }
        while (pending.length > 0 && values.length > (prefixes && pending[pending.length - 1]!.startsWith(PREFIX) ? 0 : 1)) this.reduce(values, pending, prefixes);
        return values[0]!;
      }
      case "unary": {
        const op = this.token(n, "op");
        if (!op) return this.expression(this.node(n, "power"), n);
        const a = this.expression(this.node(n, "unary"), n);
        return this.withDepth({ k: "unary", op: op.image as "-" | "!" | "~", a, span: this.span(n) }, this.d(a) + 1);
      }
      case "power": {
        const a = this.expression(this.node(n, "postfix"), n);
        const rhs = this.node(n, "unary");
        if (!rhs) return a;
        const b = this.expression(rhs, n);
        return this.withDepth({ k: "binary", op: "**", a, b, span: this.span(n) }, Math.max(this.d(a), this.d(b)) + 1);
      }
      case "postfix": {
        let acc = this.expression(this.node(n, "primary"), n);
        for (const ix of this.nodes(n, "indexOp")) {
          const index = this.indexOp(ix);
          acc = this.withDepth({ k: "index", base: acc, index, span: this.cover(acc.span, index.span) }, this.d(acc) + 2);
        }
        return acc;
      }
      case "primary": return this.primary(n);
      default: return { k: "error", span: this.span(n) };
    }
  }

  /** Pops one operator and its operands (two; one for an OpenQASM 2 prefix operator) and pushes their node (precedence climbing). */
  private reduce(values: A.Expr[], pending: string[], prefixes?: Span[]): void {
    const raw = pending.pop()!, b = values.pop()!;
    if (prefixes && raw.startsWith(PREFIX)) {
      values.push(this.withDepth({ k: "unary", op: raw.slice(PREFIX.length) as "-" | "!" | "~", a: b, span: this.cover(prefixes.pop()!, b.span) }, this.d(b) + 1));
      return;
    }
    const a = values.pop()!;
    const e: A.Expr = this.qasm2 && raw === "^"
      ? { k: "binary", op: "**", a, b, written: "^", span: this.cover(a.span, b.span) }
      : { k: "binary", op: raw, a, b, span: this.cover(a.span, b.span) };
    values.push(this.withDepth(e, Math.max(this.d(a), this.d(b)) + 1));
  }

  private primary(n: CstNode): A.Expr {
    const span = this.span(n);
    let t: IToken | undefined;
    if ((t = this.token(n, "IntLiteral"))) return { k: "int", v: parseIntLiteral(t.image), text: t.image, span };
    if ((t = this.token(n, "FloatLiteral"))) return { k: "float", v: Number(t.image.replaceAll("_", "")), text: t.image, span };
    if (this.token(n, "Kw_true")) return { k: "bool", v: true, span };
    if (this.token(n, "Kw_false")) return { k: "bool", v: false, span };
    if ((t = this.token(n, "StringLiteral"))) return { k: "string", v: t.image.slice(1, -1), span };
    if ((t = this.token(n, "DurationLiteral"))) {
      const m = /^(.*?)(dt|ns|us|µs|ms|s)$/.exec(t.image)!;
      return { k: "duration", v: Number(m[1]!.replaceAll("_", "")), unit: m[2] as A.DurationUnit, span };
    }
    if (this.token(n, "Kw_durationof")) return { k: "durationof", span };
    if ((t = this.token(n, "ImagLiteral"))) return { k: "imag", v: Number(t.image.replace(/[ \t]*im$/, "").replaceAll("_", "")), span };
    if (this.token(n, "HardwareQubit")) return { k: "unsupported", what: "a physical qubit (`$n`) as a classical value", span };
    const inner = this.node(n, "inner");
    if (inner) return this.expression(inner, n);
    const cast = this.node(n, "cast");
    if (cast) {
      const arg = this.expression(this.node(n, "castArg"), n);
      return this.withDepth({ k: "cast", type: this.scalarType(cast), arg, span }, this.d(arg) + 1);
    }
    const name = this.token(n, "name");
    if (!name) return { k: "error", span };
    if (this.token(n, "LParen")) {
      const args = this.nodes(n, "args").map((e) => this.expression(e, n));
      const d = args.reduce((m, a) => Math.max(m, this.d(a)), 0) + 1;
      return this.withDepth({ k: "call", name: { name: name.image, span: this.tokenSpan(name) }, args, span }, d);
    }
    return { k: "ident", name: name.image, span };
  }
}

/** Offset → 1-based line and column (UTF-16 units), by binary search over the line starts. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) this.starts.push(i + 1);
  }
  position(offset: number): { line: number; col: number } {
    let lo = 0, hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid; else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - this.starts[lo]! + 1 };
  }
}

/** Decimal, `0x…`, `0o…`, `0b…`, with `_` separators. Huge values become Infinity-free but inexact numbers. */
export function parseIntLiteral(text: string): number {
  const s = text.replaceAll("_", "");
  const lower = s.toLowerCase();
  try {
    if (lower.startsWith("0x") || lower.startsWith("0o") || lower.startsWith("0b")) return Number(BigInt(lower));
  } catch {
    return NaN;
  }
  return Number(s);
}
