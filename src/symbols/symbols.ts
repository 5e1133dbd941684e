// The symbol index of a program: every declaration with its span, and every use of a name resolved to the
// declaration it means, across imports. It is what editors need (go to definition, references, rename,
// outline, hover) and it is built from the syntax trees alone, by the scoping rules of the language
// reference §3, without elaborating anything:
//
// - one namespace per program: every `const`, `cell` and `model` of every loaded file;
// - gates and values live apart: the name before the operands of an application is looked up among
//   cells (and built-in gates, which have no declaration); every other name is a value name;
// - a cell body sees its own params and ports and the top-level constants; a model's members see its
//   hyperparameters, constants, registers, params and input; each block opens a scope for `let`/`const`
//   (visible after their statement), `for` its loop variable, a `match` arm its binders, `step` its binder.
//
// Built-in gates, functions (`sin`, `len`) and constants (`pi`, `tau`) resolve to no declaration.

import type * as A from "../syntax/ast.js";
import type { Span } from "../syntax/span.js";
import type { Program } from "../check/program.js";

export type SymbolKind =
  | "const" | "cell" | "model"
  | "cell-param" | "port"
  | "hyperparameter" | "variant" | "field" | "input" | "register" | "param"
  | "step-binder" | "arm-binder" | "let" | "loop";

export interface SymbolDef {
  readonly id: number;
  readonly name: string;
  readonly kind: SymbolKind;
  /** The declared name's span (what go-to-definition jumps to, and what rename rewrites). */
  readonly span: Span;
  /** The whole declaration. */
  readonly declSpan: Span;
  /** The enclosing cell or model, if any. */
  readonly container?: string;
  /** The `///` comment of a top-level declaration. */
  readonly doc?: string;
  /** The declared type, as a node (for hover). */
  readonly type?: A.TypeExpr;
}

export interface SymbolRef {
  readonly span: Span;
  readonly def: number;
}

/** A name that resolves to no declaration: a built-in, or a mistake the checker reports. */
export interface UnresolvedName {
  readonly name: string;
  readonly span: Span;
  readonly space: "gate" | "value" | "variant";
}

export interface SymbolIndex {
  readonly defs: readonly SymbolDef[];
  /** Uses of names (declarations themselves are not in this list). */
  readonly refs: readonly SymbolRef[];
  readonly unresolved: readonly UnresolvedName[];
}

type Scope = Map<string, number>;

class Indexer {
  readonly defs: SymbolDef[] = [];
  readonly refs: SymbolRef[] = [];
  readonly unresolved: UnresolvedName[] = [];
  private readonly cells = new Map<string, number>();
  private readonly models = new Map<string, number>();
  private readonly consts = new Map<string, number>();
  /** The innermost scope last. */
  private scopes: Scope[] = [];
  private variants: Map<string, number> = new Map();
  private container: string | undefined;

  constructor(private readonly program: Program) {}

  run(): SymbolIndex {
    // the program's namespace first, so that uses anywhere find declarations anywhere
    for (const f of this.program.files) {
      for (const d of f.decls) {
        if (!d.name.name) continue;
        const table = d.kind === "cell" ? this.cells : d.kind === "model" ? this.models : this.consts;
        if (!table.has(d.name.name)) table.set(d.name.name, this.define(d.name, d.kind, d.span, d.doc !== undefined ? { doc: d.doc } : {}, d.kind === "const" ? d.type : undefined, false));
      }
    }
    for (const f of this.program.files) {
      for (const d of f.decls) {
        if (d.kind === "const") this.withScopes([new Map(this.consts)], () => { this.type(d.type); this.expr(d.value); });
        else if (d.kind === "cell") this.cell(d);
        else this.model(d);
      }
    }
    return { defs: this.defs, refs: this.refs, unresolved: this.unresolved };
  }

  private define(name: A.Ident, kind: SymbolKind, declSpan: Span, extra: { doc?: string } = {}, type?: A.TypeExpr, scoped = true): number {
    const id = this.defs.length;
    this.defs.push({
      id, name: name.name, kind, span: name.span, declSpan,
      ...(this.container !== undefined ? { container: this.container } : {}),
      ...extra, ...(type ? { type } : {}),
    });
    if (scoped && name.name) this.scopes[this.scopes.length - 1]?.set(name.name, id);
    return id;
  }

  private withScopes<T>(scopes: Scope[], body: () => T): T {
    const saved = this.scopes;
    this.scopes = scopes;
    try { return body(); } finally { this.scopes = saved; }
  }

  private block(body: () => void): void {
    this.scopes.push(new Map());
    try { body(); } finally { this.scopes.pop(); }
  }

  private lookupValue(name: string): number | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const id = this.scopes[i]!.get(name);
      if (id !== undefined) return id;
    }
    return undefined;
  }

  private use(name: string, span: Span, space: UnresolvedName["space"]): void {
    if (!name) return;
    const id = space === "gate" ? this.cells.get(name) : space === "variant" ? this.variants.get(name) : this.lookupValue(name);
    if (id !== undefined) this.refs.push({ span, def: id });
    else this.unresolved.push({ name, span, space });
  }

  private cell(d: A.CellDecl): void {
    this.container = d.name.name;
    this.withScopes([new Map(this.consts), new Map()], () => {
      for (const p of d.params) { this.type(p.type); this.define(p.name, "cell-param", p.span, {}, p.type); }
      for (const p of d.ports) { this.type(p.type); this.define(p.name, "port", p.span, {}, p.type); }
      if (d.result) this.type(d.result);
      this.stmts(d.body.stmts);
    });
    this.container = undefined;
  }

  private model(d: A.ModelDecl): void {
    this.container = d.name.name;
    this.variants = new Map();
    this.withScopes([new Map(this.consts), new Map()], () => {
      for (const h of d.hyper) {
        this.type(h.type);
        if (h.default) this.expr(h.default);
        this.define(h.name, "hyperparameter", h.span, {}, h.type);
      }
      // members see each other whatever their order (a register's size may name a later const)
      for (const m of d.members) {
        switch (m.kind) {
          case "input": this.define(m.name, "input", m.span, {}, m.type); break;
          case "register": this.define(m.name, "register", m.span, {}, m.type); break;
          case "param": this.define(m.name, "param", m.span, {}, m.type); break;
          case "const": this.define(m.name, "const", m.span, {}, m.type); break;
          case "tokens":
            for (const v of m.variants) {
              if (!v.name.name) continue;
              this.variants.set(v.name.name, this.define(v.name, "variant", v.span, {}, undefined, false));
              for (const f of v.payload) this.define(f.name, "field", f.span, {}, f.type, false);
            }
            break;
          default: break;
        }
      }
      for (const m of d.members) {
        switch (m.kind) {
          case "tokens": for (const v of m.variants) for (const f of v.payload) this.type(f.type); break;
          case "input": case "register": this.type(m.type); break;
          case "param": this.type(m.type); if (m.init) this.expr(m.init); break;
          case "const": this.type(m.type); this.expr(m.value); break;
          case "init": this.block(() => this.stmts(m.body.stmts)); break;
          case "step":
            this.block(() => {
              this.define(m.binder, "step-binder", m.binder.span);
              if (m.output) this.type(m.output.type);
              this.stmts(m.body.stmts);
            });
            break;
          case "final":
            this.block(() => { if (m.output) this.type(m.output.type); this.stmts(m.body.stmts); });
            break;
        }
      }
    });
    this.container = undefined;
  }

  private stmts(stmts: readonly A.Stmt[]): void {
    for (const s of stmts) this.stmt(s);
  }

  private stmt(s: A.Stmt): void {
    switch (s.kind) {
      case "apply":
        for (const m of s.mods) {
          if ((m.k === "ctrl" || m.k === "negctrl") && m.count) this.expr(m.count);
          else if (m.k === "pow") this.expr(m.exponent);
        }
        this.use(s.callee.name, s.callee.span, "gate");
        for (const a of s.args) this.expr(a);
        for (const o of s.operands) this.expr(o);
        return;
      case "let":
        if (s.type) this.type(s.type);
        this.expr(s.value);
        this.define(s.name, "let", s.span, {}, s.type);
        return;
      case "const":
        this.type(s.type);
        this.expr(s.value);
        this.define(s.name, "const", s.span, {}, s.type);
        return;
      case "for":
        this.expr(s.iterable);
        this.block(() => { this.define(s.variable, "loop", s.span); this.stmts(s.body.stmts); });
        return;
      case "if":
        this.expr(s.cond);
        this.block(() => this.stmts(s.then.stmts));
        if (s.else) this.block(() => this.stmts(s.else!.stmts));
        return;
      case "match":
        this.expr(s.subject);
        for (const arm of s.arms) {
          if (arm.variant) this.use(arm.variant.name, arm.variant.span, "variant");
          this.block(() => {
            for (const b of arm.binders) this.define(b, "arm-binder", b.span);
            this.stmts(arm.body.stmts);
          });
        }
        return;
      case "measure": case "reset": case "barrier":
        for (const o of s.operands) this.expr(o);
        return;
      case "emit": case "return":
        this.expr(s.value);
        return;
      case "block":
        this.block(() => this.stmts(s.block.stmts));
        return;
    }
  }

  private type(t: A.TypeExpr): void {
    if (t.k === "prim") { for (const d of t.dims) if (d) this.expr(d); return; }
    if (t.k === "subset") this.expr(t.size);
    this.expr(t.lo);
    this.expr(t.hi);
  }

  private expr(e: A.Expr): void {
    switch (e.k) {
      case "name": this.use(e.name, e.span, "value"); return;
      case "unary": this.expr(e.a); return;
      case "binary": this.expr(e.a); this.expr(e.b); return;
      case "call": for (const a of e.args) this.expr(a); return; // built-in functions: no declaration
      case "index": this.expr(e.target); for (const i of e.indices) this.expr(i); return;
      case "range": this.expr(e.lo); this.expr(e.hi); return;
      case "array": for (const i of e.items) this.expr(i); return;
      case "measure": this.expr(e.operand); return;
      case "cellValue":
        this.use(e.callee.name, e.callee.span, "gate");
        for (const a of e.args) this.expr(a);
        for (const o of e.operands) this.expr(o);
        return;
      case "expect": for (const f of e.factors) this.expr(f.operand); return;
      default: return;
    }
  }
}

/** Builds the symbol index of a loaded program (syntax errors allowed: broken regions are skipped). */
export function buildSymbolIndex(program: Program): SymbolIndex {
  return new Indexer(program).run();
}

const within = (s: Span, file: string, offset: number) => s.file === file && offset >= s.start && offset <= s.end;

/** The declaration a position names: a declared name, or a use of one. */
export function symbolAt(index: SymbolIndex, file: string, offset: number): SymbolDef | undefined {
  const def = index.defs.find((d) => within(d.span, file, offset));
  if (def) return def;
  const ref = index.refs.find((r) => within(r.span, file, offset));
  return ref ? index.defs[ref.def] : undefined;
}

/** Every span that names a declaration: the declaration first, then its uses in source order. */
export function occurrences(index: SymbolIndex, def: SymbolDef): Span[] {
  const uses = index.refs.filter((r) => r.def === def.id).map((r) => r.span)
    .sort((a, b) => a.file.localeCompare(b.file) || a.start - b.start);
  return [def.span, ...uses];
}
