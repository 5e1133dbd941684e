// The .qseq formatter's printer: AST (src/syntax/ast.ts) + comments + tokens → a Prettier Doc.
//
// No second parser: the tree and the comments come from parseSource, the token stream from the
// project's lexer. Parentheses are not in the AST, so they are recovered from the tokens (a grouping
// `(` whose match closes right after an expression), and numbers are printed as written (the literal
// text of their span).
//
// Comments are interleaved by source position, not attached by Prettier: every list of things printed
// one per line (declarations, members, statements, token variants, match arms) takes the comments
// between its items. A comment on the same line as the end of the previous item (or the list's `{`)
// stays at the end of that line; any other is printed on its own line before the next item (or before
// the `}`). Comments inside an item that no nested list takes (inside an expression, a header) move to
// the end of the item's line — or, in a header before a `{`, to the end of the `{` line. Nothing is
// ever dropped; the tests check that the multiset of comment texts is unchanged.
//
// This module only imports Prettier's types: the builders are passed in, so that the CLI loads
// Prettier only when it formats (see src/cli/fmt.ts).

import type { IToken } from "chevrotain";
import type { Doc, doc as prettierDoc } from "prettier";
import type * as A from "../syntax/ast.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { hasErrors } from "../diagnostics/diagnostic.js";
import { parseSource } from "../syntax/parse.js";
import { qseqLexer } from "../syntax/tokens.js";

export type DocBuilders = typeof prettierDoc.builders;

/** The root node the Prettier parser returns (and the printer prints). */
export interface QseqRoot {
  readonly type: "qseq-root";
  readonly text: string;
  readonly file: A.SourceFile;
  /** Not called `comments`, so that Prettier does not try to attach them itself. */
  readonly qseqComments: readonly IToken[];
  readonly tokens: readonly IToken[];
}

/** Thrown by the Prettier parser for a file with syntax errors: nothing is printed. */
export class QseqSyntaxError extends Error {
  constructor(readonly diagnostics: readonly Diagnostic[], file: string) {
    super(`${file}: cannot format a file with syntax errors:\n` + diagnostics.map((d) => {
      const at = d.span ? `${d.span.line}:${d.span.col}: ` : "";
      return `  ${at}${d.code} ${d.message}`;
    }).join("\n"));
    this.name = "QseqSyntaxError";
  }
}

/** Parses for formatting; throws QseqSyntaxError when the file has syntax errors. */
export function parseForFormat(text: string, file = "<input>"): QseqRoot {
  const parsed = parseSource(text, file);
  if (hasErrors(parsed.diagnostics)) throw new QseqSyntaxError(parsed.diagnostics, file);
  const tokens = qseqLexer.tokenize(text).tokens;
  return { type: "qseq-root", text, file: parsed.ast, qseqComments: parsed.comments, tokens };
}

interface Line {
  doc: Doc;
  trailing: IToken[];
  blankBefore: boolean;
}

/** The spaces written before a trailing comment that was already at the end of its line (kept: they align comments). */
type Gaps = Map<IToken, number>;

const NOT_GROUPING_BEFORE = new Set(["Identifier", "Kw_ctrl", "Kw_negctrl", "Kw_pow", "Kw_if", "Kw_step"]);

export function printRoot(root: QseqRoot, b: DocBuilders): Doc {
  return new Printer(root, b).file();
}

class Printer {
  private readonly text: string;
  private readonly comments: readonly IToken[];
  private readonly claimed: boolean[];
  private readonly tokens: readonly IToken[];
  private readonly starts: number[];
  private readonly match = new Map<number, number>();
  private readonly gaps: Gaps = new Map();

  constructor(private readonly root: QseqRoot, private readonly b: DocBuilders) {
    this.text = root.text;
    this.comments = [...root.qseqComments].sort((x, y) => x.startOffset - y.startOffset);
    this.claimed = this.comments.map(() => false);
    this.tokens = root.tokens;
    this.starts = this.tokens.map((t) => t.startOffset);
    const stack: number[] = [];
    this.tokens.forEach((t, i) => {
      if (t.tokenType.name === "LParen") stack.push(i);
      else if (t.tokenType.name === "RParen") {
        const j = stack.pop();
        if (j !== undefined) this.match.set(j, i);
      }
    });
  }

  // ---- tokens and comments -----------------------------------------------------------------------

  /** Index of the first token starting at or after `offset`. */
  private tokenAt(offset: number): number {
    let lo = 0, hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid]! < offset) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  /** Offset of the first `{` at or after `offset`. */
  private braceAfter(offset: number): number {
    for (let i = this.tokenAt(offset); i < this.tokens.length; i++) {
      if (this.tokens[i]!.tokenType.name === "LBrace") return this.tokens[i]!.startOffset;
    }
    return offset;
  }

  /** Unclaimed comments starting in [from, to), which are claimed now. */
  private take(from: number, to: number): IToken[] {
    const out: IToken[] = [];
    this.comments.forEach((c, i) => {
      if (!this.claimed[i] && c.startOffset >= from && c.startOffset < to) {
        this.claimed[i] = true;
        out.push(c);
      }
    });
    return out;
  }

  private commentDoc(c: IToken): Doc {
    if (c.tokenType.name === "BlockComment") {
      const lines = c.image.split(/\r?\n/);
      return lines.length === 1 ? lines[0]! : this.b.join(this.b.literalline, lines);
    }
    return c.image.trimEnd();
  }

  private static end(c: IToken): number { return (c.endOffset ?? c.startOffset) + 1; }
  private static isLine(c: IToken): boolean { return c.tokenType.name !== "BlockComment"; }

  /** Whether the source between two offsets has a blank line (and no brace: header comments moved past one). */
  private blankBetween(from: number, to: number): boolean {
    const gap = this.text.slice(from, to);
    return (gap.match(/\n/g)?.length ?? 0) >= 2 && !/[{}]/.test(gap);
  }

  /**
   * Lays out the items of a list with the comments between them. `open` is the offset of the `{` (or
   * null at the top level), `close` where the list ends; `header` are comments that go to the end of the
   * `{` line.
   */
  private lines(items: readonly { start: number; end: number; doc: () => Doc }[], open: number | null, close: number, header: IToken[]): { head: IToken[]; lines: Line[] } {
    const head: IToken[] = [];
    const lines: Line[] = [];
    // the trailing list of the last thing printed: the `{` line first
    let trailing: IToken[] | null = open === null ? null : head;
    let prevEnd = open === null ? 0 : open + 1;
    for (const c of header) head.push(c);
    const between = (from: number, to: number): void => {
      for (const c of this.take(from, to)) {
        const gap = this.text.slice(prevEnd, c.startOffset);
        if (trailing && !gap.includes("\n")) {
          if (/^[ \t]+$/.test(gap) && trailing.length === 0) this.gaps.set(c, gap.length);
          trailing.push(c);
        }
        else {
          const line: Line = { doc: this.commentDoc(c), trailing: [], blankBefore: lines.length > 0 && this.blankBetween(prevEnd, c.startOffset) };
          lines.push(line);
          trailing = line.trailing;
        }
        prevEnd = Printer.end(c);
      }
    };
    let cursor = open === null ? 0 : open + 1;
    for (const item of items) {
      between(cursor, item.start);
      const blankBefore = lines.length > 0 && this.blankBetween(prevEnd, item.start);
      const doc = item.doc();
      const inner = this.take(item.start, item.end);
      const line: Line = { doc, trailing: inner, blankBefore };
      lines.push(line);
      trailing = line.trailing;
      prevEnd = Math.max(item.end, ...inner.map(Printer.end));
      cursor = item.end;
    }
    between(cursor, close);
    return { head, lines: this.splitTrailing(head, lines) };
  }

  /** After a line comment nothing more fits on its line: later trailing comments get lines of their own. */
  private splitTrailing(head: IToken[], lines: Line[]): Line[] {
    const out: Line[] = [];
    const split = (list: IToken[]): Line[] => {
      const k = list.findIndex(Printer.isLine);
      if (k < 0 || k === list.length - 1) return [];
      const rest = list.splice(k + 1);
      return rest.map((c) => ({ doc: this.commentDoc(c), trailing: [], blankBefore: false }));
    };
    out.push(...split(head));
    for (const l of lines) {
      out.push(l);
      out.push(...split(l.trailing));
    }
    return out;
  }

  /** Comments at the end of a line, as a line suffix: they do not count towards the line width. */
  private trailingDoc(cs: readonly IToken[]): Doc {
    if (cs.length === 0) return "";
    return this.b.lineSuffix(cs.map((c, i) => [" ".repeat(i === 0 ? this.gaps.get(c) ?? 1 : 1), this.commentDoc(c)]));
  }

  private renderLines(lines: readonly Line[]): Doc {
    const { hardline } = this.b;
    return lines.map((l, i) => [i > 0 ? hardline : "", i > 0 && l.blankBefore ? hardline : "", l.doc, this.trailingDoc(l.trailing)]);
  }

  private braced(items: readonly { start: number; end: number; doc: () => Doc }[], open: number, close: number, headerFrom: number): Doc {
    const header = this.take(headerFrom, open);
    const { head, lines } = this.lines(items, open, close, header);
    if (head.length === 0 && lines.length === 0) return "{}";
    const { hardline, indent } = this.b;
    return ["{", this.trailingDoc(head), lines.length ? indent([hardline, this.renderLines(lines)]) : "", hardline, "}"];
  }

  private block(block: A.Block, headerFrom: number): Doc {
    return this.braced(block.stmts.map((s) => this.item(s.span, () => this.stmt(s))), block.span.start, block.span.end - 1, headerFrom);
  }

  private item(span: { start: number; end: number }, doc: () => Doc): { start: number; end: number; doc: () => Doc } {
    return { start: span.start, end: span.end, doc };
  }

  // ---- declarations --------------------------------------------------------------------------------

  file(): Doc {
    const f = this.root.file;
    const decls: (A.ImportDecl | A.Decl)[] = [...f.imports, ...f.decls].sort((x, y) => x.span.start - y.span.start);
    const { lines } = this.lines(decls.map((d) => this.item(d.span, () => this.decl(d))), null, this.text.length, []);
    if (lines.length === 0) return "";
    return [this.renderLines(lines), this.b.hardline];
  }

  private decl(d: A.ImportDecl | A.Decl): Doc {
    switch (d.kind) {
      case "import": {
        const lit = /"(?:[^"\\\n]|\\.)*"/.exec(this.text.slice(d.span.start, d.span.end))?.[0] ?? JSON.stringify(d.path);
        return ["import ", lit, ";"];
      }
      case "const":
        return this.constDecl(d);
      case "cell": {
        const params = d.params.length ? this.list("(", d.params.map((p) => this.typedName(p)), ")") : "";
        const ports = this.b.join(", ", d.ports.map((p) => this.typedName(p)));
        const result = d.result ? [" -> ", this.type(d.result)] : "";
        return ["cell ", d.name.name, params, " on ", ports, result, " ", this.block(d.body, d.span.start)];
      }
      case "model": {
        const hyper = d.hyper.length
          ? this.list("<", d.hyper.map((h) => [h.name.name, ": ", this.type(h.type), h.default ? [" = ", this.expr(h.default)] : ""]), ">")
          : "";
        const open = this.braceAfter(d.name.span.end);
        const members = d.members.map((m) => this.item(m.span, () => this.member(m)));
        return ["model ", d.name.name, hyper, " ", this.braced(members, open, d.span.end - 1, d.span.start)];
      }
    }
  }

  private constDecl(d: A.ConstDecl): Doc {
    return ["const ", d.name.name, ": ", this.type(d.type), " = ", this.expr(d.value), ";"];
  }

  private typedName(t: A.TypedName): Doc {
    return [t.name.name, ": ", this.type(t.type)];
  }

  private member(m: A.Member): Doc {
    switch (m.kind) {
      case "tokens": {
        const open = this.braceAfter(m.span.start);
        const variants = m.variants.map((v) => this.item(v.span, () => [v.name.name, v.payload.length ? this.list("(", v.payload.map((p) => this.typedName(p)), ")") : ""]));
        return ["tokens ", this.braced(variants, open, m.span.end - 1, m.span.start)];
      }
      case "input":
        return ["input ", m.name.name, ": ", this.type(m.type), ";"];
      case "register":
        return [m.role, " ", m.name.name, ": ", this.type(m.type), ";"];
      case "param":
        return ["param ", m.name.name, ": ", this.type(m.type), m.init ? [" = ", this.expr(m.init)] : "", ";"];
      case "const":
        return this.constDecl(m);
      case "init":
        return ["init ", this.block(m.body, m.span.start)];
      case "step":
        return ["step(", m.binder.name, ")", this.output(m.output), " ", this.block(m.body, m.span.start)];
      case "final":
        return ["final", this.output(m.output), " ", this.block(m.body, m.span.start)];
    }
  }

  private output(o: A.OutputType | undefined): Doc {
    return o ? [" -> ", this.type(o.type), o.optional ? "?" : ""] : "";
  }

  private type(t: A.TypeExpr): Doc {
    switch (t.k) {
      case "prim":
        return t.dims.length ? [t.name, "[", this.b.join(", ", t.dims.map((d) => (d === null ? "" : this.expr(d)))), "]"] : t.name;
      case "range":
        return [this.expr(t.lo), "..", this.expr(t.hi)];
      case "subset":
        return ["subset<", this.expr(t.size), "> of ", this.expr(t.lo), "..", this.expr(t.hi)];
    }
  }

  /** `(a, b, c)` that breaks one item per line when it does not fit (the grammar has no trailing commas). */
  private list(open: string, items: Doc[], close: string): Doc {
    const { group, indent, softline, line, join } = this.b;
    return group([open, indent([softline, join([",", line], items)]), softline, close]);
  }

  // ---- statements ----------------------------------------------------------------------------------

  private stmt(s: A.Stmt): Doc {
    const ops = (os: readonly A.Expr[]): Doc => this.b.join(", ", os.map((o) => this.expr(o)));
    switch (s.kind) {
      case "apply": {
        const mods = s.mods.map((m) => [this.modifier(m), " @ "]);
        const args = s.args.length ? this.list("(", s.args.map((a) => this.expr(a)), ")") : "";
        return [mods, s.callee.name, args, " ", ops(s.operands), ";"];
      }
      case "let":
        return ["let ", s.name.name, s.type ? [": ", this.type(s.type)] : "", " = ", this.expr(s.value), ";"];
      case "const":
        return this.constDecl(s);
      case "for":
        return ["for ", s.variable.name, " in ", this.expr(s.iterable), " ", this.block(s.body, s.span.start)];
      case "if":
        return this.ifStmt(s, s.span.start);
      case "match": {
        const open = this.braceAfter(this.extent(s.subject).end);
        // the `=>` of one match are aligned, as the examples write them
        const patterns = s.arms.map((a) => (a.variant ? a.variant.name + (a.binders.length ? `(${a.binders.map((x) => x.name).join(", ")})` : "") : "_"));
        const width = Math.max(0, ...patterns.map((p) => p.length));
        const arms = s.arms.map((a, i) => this.item(a.span, () => this.arm(a, patterns[i]!.padEnd(width))));
        return ["match ", this.expr(s.subject), " ", this.braced(arms, open, s.span.end - 1, s.span.start)];
      }
      case "measure":
        return ["measure ", ops(s.operands), ";"];
      case "reset":
        return ["reset ", ops(s.operands), ";"];
      case "barrier":
        return s.operands.length ? ["barrier ", ops(s.operands), ";"] : "barrier;";
      case "emit":
        return ["emit ", this.expr(s.value), ";"];
      case "return":
        return ["return ", this.expr(s.value), ";"];
      case "block":
        return this.block(s.block, s.span.start);
    }
  }

  private ifStmt(s: A.Stmt & { kind: "if" }, headerFrom: number): Doc {
    const head: Doc[] = ["if (", this.expr(s.cond), ") ", this.block(s.then, headerFrom)];
    if (!s.else) return head;
    const only = s.else.stmts.length === 1 ? s.else.stmts[0]! : undefined;
    if (only?.kind === "if" && this.text[s.else.span.start] !== "{") {
      return [head, " else ", this.ifStmt(only, s.then.span.end)];
    }
    return [head, " else ", this.block(s.else, s.then.span.end)];
  }

  private arm(a: A.MatchArm, pattern: string): Doc {
    const isBlock = this.text[a.body.span.start] === "{";
    const only = a.body.stmts[0];
    const body: Doc = isBlock || !only ? this.block(a.body, a.span.start) : this.stmt(only);
    return [pattern, " => ", body];
  }

  private modifier(m: A.Modifier): Doc {
    switch (m.k) {
      case "inv":
        return "inv";
      case "pow":
        return ["pow(", this.expr(m.exponent), ")"];
      default:
        return m.count ? [m.k, "(", this.expr(m.count), ")"] : m.k;
    }
  }

  // ---- expressions ---------------------------------------------------------------------------------

  /** The source extent of an expression without its own parentheses (spans of chains start at their first operand). */
  private inner(e: A.Expr): { start: number; end: number } {
    switch (e.k) {
      case "binary":
        return { start: this.extent(e.a).start, end: this.extent(e.b).end };
      case "index":
        return { start: this.extent(e.target).start, end: e.span.end };
      case "range":
        return { start: this.extent(e.lo).start, end: this.extent(e.hi).end };
      default:
        return { start: e.span.start, end: e.span.end };
    }
  }

  private readonly extents = new Map<A.Expr, { start: number; end: number; parens: number }>();

  /** The extent with the grouping parentheses written around the expression, and how many pairs. */
  private extent(e: A.Expr): { start: number; end: number; parens: number } {
    const known = this.extents.get(e);
    if (known) return known;
    let { start, end } = this.inner(e);
    let parens = 0;
    for (;;) {
      const j = this.tokenAt(end);
      const i = this.tokenAt(start) - 1;
      if (i < 0 || j >= this.tokens.length) break;
      const open = this.tokens[i]!;
      if (open.tokenType.name !== "LParen" || this.match.get(i) !== j) break;
      const before = this.tokens[i - 1];
      if (before && NOT_GROUPING_BEFORE.has(before.tokenType.name)) break;
      start = open.startOffset;
      end = Printer.end(this.tokens[j]!);
      parens++;
    }
    const r = { start, end, parens };
    this.extents.set(e, r);
    return r;
  }

  private expr(e: A.Expr): Doc {
    const core = this.exprCore(e);
    return this.extent(e).parens > 0 ? ["(", core, ")"] : core;
  }

  private exprCore(e: A.Expr): Doc {
    const { join } = this.b;
    switch (e.k) {
      case "int":
      case "float":
      case "error":
        return this.text.slice(e.span.start, e.span.end);
      case "bool":
        return e.value ? "true" : "false";
      case "name":
        return e.name;
      case "unary":
        return [e.op, this.expr(e.a)];
      case "binary":
        return [this.expr(e.a), " ", e.op, " ", this.expr(e.b)];
      case "call":
        return [e.callee.name, e.args.length ? this.list("(", e.args.map((a) => this.expr(a)), ")") : "()"];
      case "index":
        return [this.expr(e.target), "[", join(", ", e.indices.map((i) => this.expr(i))), "]"];
      case "range":
        return [this.expr(e.lo), "..", this.expr(e.hi)];
      case "array":
        return e.items.length ? this.list("[", e.items.map((i) => this.expr(i)), "]") : "[]";
      case "measure":
        return ["measure ", this.expr(e.operand)];
      case "cellValue":
        return [e.callee.name, e.args.length ? this.list("(", e.args.map((a) => this.expr(a)), ")") : "", " ", join(", ", e.operands.map((o) => this.expr(o)))];
      case "expect":
        return ["expect ", join(" * ", e.factors.map((f) => [f.pauli.name, "(", this.expr(f.operand), ")"]))];
    }
  }
}
