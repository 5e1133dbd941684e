// The language features, as pure functions of an analysis (src/lsp/analysis.ts) and LSP parameters.
// The server (src/lsp/server.ts) wires them to a connection; tests call them directly too.

import type { IToken } from "chevrotain";
import {
  CompletionItemKind, DiagnosticSeverity, DocumentHighlightKind, FoldingRangeKind, InlayHintKind, SymbolKind as LspSymbolKind,
  type CodeAction, type CodeLens, type CompletionItem, type Diagnostic as LspDiagnostic, type DocumentHighlight, type DocumentSymbol,
  type FoldingRange, type Hover, type InlayHint, type Location, type Position, type Range, type SignatureHelp,
  type SignatureInformation, type SymbolInformation, type TextEdit, type WorkspaceEdit,
} from "vscode-languageserver";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { describeStats, perStepRange, sequenceStats } from "./sequence.js";
import { BUILTIN_CONSTANTS, BUILTIN_FUNCTIONS } from "../check/builtins.js";
import { GATE_SIGNATURES } from "../ir/gate-signatures.js";
import { occurrences, symbolAt, type SymbolDef, type SymbolKind } from "../symbols/symbols.js";
import type * as A from "../syntax/ast.js";
import type { Span } from "../syntax/span.js";
import { KEYWORD_NAMES, qseqLexer } from "../syntax/tokens.js";
import { readdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { STDLIB_DIR } from "../check/program.js";
import { displayToPath, fileUri, spanRange, type Analysis, type UriMap } from "./analysis.js";
import { displayName } from "../check/program.js";

// ─────────────────────────────────────────── helpers ───────────────────────────────────────────

const offsetOf = (a: Analysis, p: Position): number => a.docOf(a.file)!.offsetAt(p);
const sourceOf = (a: Analysis, file: string): string | undefined => (file === a.file ? a.text : a.program.sources.get(file));
const sliceSpan = (a: Analysis, s: Span): string => sourceOf(a, s.file)?.slice(s.start, s.end) ?? "";

function location(a: Analysis, s: Span, uris?: UriMap): Location {
  return { uri: fileUri(a, s.file, uris), range: spanRange(a, s) };
}

const BUILTIN_CONSTANT_NAMES = Object.keys(BUILTIN_CONSTANTS);

// ─────────────────────────────────────────── diagnostics ───────────────────────────────────────────

export function lspDiagnostics(a: Analysis, uris?: UriMap): LspDiagnostic[] {
  const out: LspDiagnostic[] = [];
  // errors in imported files: one diagnostic on the import that brings them in (the first import for
  // files imported indirectly), pointing at the first of them
  const entry = a.program.files.find((f) => f.path === a.file);
  const importSpan = (file: string): Span | undefined => {
    const imps = entry?.imports ?? [];
    return (imps.find((i) => importTarget(a, i.path) === file) ?? imps[0])?.span;
  };
  const foreign = new Map<string, Diagnostic[]>();
  for (const d of a.diagnostics) if (d.span && d.span.file !== a.file && d.severity === "error") foreign.set(d.span.file, [...(foreign.get(d.span.file) ?? []), d]);
  for (const [file, ds] of foreign) {
    const span = importSpan(file);
    if (!span) continue;
    const first = ds[0]!;
    out.push({
      range: spanRange(a, span), severity: DiagnosticSeverity.Error, code: first.code, source: "qseq",
      message: `${ds.length} error${ds.length === 1 ? "" : "s"} in ${file}: ${first.message}`,
      relatedInformation: ds.slice(0, 20).map((d) => ({ location: location(a, d.span!, uris), message: `${d.code}: ${d.message}` })),
    });
  }
  for (const d of a.diagnostics) {
    if (d.span && d.span.file !== a.file) continue;
    const range = d.span ? spanRange(a, d.span) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    out.push(toLspDiagnostic(a, d, range, uris));
  }
  return out;
}

/** Diagnostics of another pass (the trainability report) for this document. */
export function moreDiagnostics(a: Analysis, ds: readonly Diagnostic[], uris?: UriMap): LspDiagnostic[] {
  return ds.filter((d) => d.span?.file === a.file).map((d) => toLspDiagnostic(a, d, spanRange(a, d.span!), uris));
}

function toLspDiagnostic(a: Analysis, d: Diagnostic, range: Range, uris?: UriMap): LspDiagnostic {
  const message = [d.message, d.label && d.label !== d.message ? `(${d.label})` : "", d.help ? `\nhelp: ${d.help}` : ""].filter(Boolean).join(" ").replace(" \nhelp", "\nhelp");
  return {
    range,
    severity: d.severity === "error" ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    code: d.code,
    source: "qseq",
    message,
    ...(d.related?.length ? { relatedInformation: d.related.map((l) => ({ location: location(a, l.span, uris), message: l.message })) } : {}),
  };
}

// ─────────────────────────────────────────── outline ───────────────────────────────────────────


export function documentSymbols(a: Analysis): DocumentSymbol[] {
  const file = a.program.files.find((f) => f.path === a.file);
  if (!file) return [];
  const sym = (name: A.Ident, kind: LspSymbolKind, span: Span, detail?: string, children?: DocumentSymbol[]): DocumentSymbol => {
    const range = spanRange(a, span);
    let selectionRange = spanRange(a, name.span);
    // the selection must lie within the range (broken trees may disagree)
    if (name.span.start < span.start || name.span.end > span.end) selectionRange = range;
    return { name: name.name || "?", kind, range, selectionRange, ...(detail ? { detail } : {}), ...(children ? { children } : {}) };
  };
  const typed = (t: A.TypedName, kind: LspSymbolKind) => sym(t.name, kind, t.span, sliceSpan(a, t.type.span));
  const out: DocumentSymbol[] = [];
  for (const d of file.decls) {
    if (d.kind === "const") out.push(sym(d.name, LspSymbolKind.Constant, d.span, sliceSpan(a, d.type.span)));
    else if (d.kind === "cell") {
      out.push(sym(d.name, LspSymbolKind.Function, d.span, "cell", [
        ...d.params.map((p) => typed(p, LspSymbolKind.Variable)),
        ...d.ports.map((p) => typed(p, LspSymbolKind.Field)),
      ]));
    } else {
      const children: DocumentSymbol[] = d.hyper.map((h) => sym(h.name, LspSymbolKind.TypeParameter, h.span, sliceSpan(a, h.type.span)));
      for (const m of d.members) {
        switch (m.kind) {
          case "tokens": {
            const variants = m.variants.filter((v) => v.name.name).map((v) => sym(v.name, LspSymbolKind.EnumMember, v.span, undefined, v.payload.map((f) => typed(f, LspSymbolKind.Field))));
            children.push({ name: "tokens", kind: LspSymbolKind.Enum, range: spanRange(a, m.span), selectionRange: spanRange(a, m.span), children: variants });
            break;
          }
          case "input": children.push(sym(m.name, LspSymbolKind.Variable, m.span, sliceSpan(a, m.type.span))); break;
          case "register": children.push(sym(m.name, LspSymbolKind.Field, m.span, `${m.role} ${sliceSpan(a, m.type.span)}`)); break;
          case "param": children.push(sym(m.name, LspSymbolKind.Property, m.span, sliceSpan(a, m.type.span))); break;
          case "const": children.push(sym(m.name, LspSymbolKind.Constant, m.span, sliceSpan(a, m.type.span))); break;
          default: {
            const r = spanRange(a, m.span);
            children.push({ name: m.kind, kind: LspSymbolKind.Method, range: r, selectionRange: r });
          }
        }
      }
      out.push(sym(d.name, LspSymbolKind.Class, d.span, "model", children));
    }
  }
  return out;
}

// ─────────────────────────────────────────── navigation ───────────────────────────────────────────

/** The display name of the file an import of the document names. */
function importTarget(a: Analysis, path: string): string {
  if (path.startsWith("std/")) return path.replace(/\.qseq$/, "");
  return displayName(resolve(dirname(displayToPath(a.file)), path.endsWith(".qseq") ? path : `${path}.qseq`));
}

export function definition(a: Analysis, p: Position, uris?: UriMap): Location[] {
  const off = offsetOf(a, p);
  const def = symbolAt(a.index, a.file, off);
  if (def) return [location(a, def.span, uris)];
  // an import: the file it names
  const imp = a.program.files.find((f) => f.path === a.file)?.imports.find((i) => off >= i.span.start && off <= i.span.end);
  if (imp) {
    const target = importTarget(a, imp.path);
    if (a.program.sources.has(target)) return [{ uri: fileUri(a, target, uris), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }];
  }
  return [];
}

export function references(a: Analysis, p: Position, includeDeclaration: boolean, uris?: UriMap): Location[] {
  const def = symbolAt(a.index, a.file, offsetOf(a, p));
  if (!def) return [];
  const all = occurrences(a.index, def);
  return (includeDeclaration ? all : all.slice(1)).map((s) => location(a, s, uris));
}

/** Occurrences of the symbol at a position in this document (the declaration a write, uses reads). */
export function documentHighlights(a: Analysis, p: Position): DocumentHighlight[] {
  const def = symbolAt(a.index, a.file, offsetOf(a, p));
  if (!def) return [];
  return occurrences(a.index, def).filter((s) => s.file === a.file)
    .map((s) => ({ range: spanRange(a, s), kind: s === def.span ? DocumentHighlightKind.Write : DocumentHighlightKind.Read }));
}

/** Top-level declarations (cells, models, consts) of a program whose names contain the query. */
export function workspaceSymbols(a: Analysis, query: string, uris?: UriMap): SymbolInformation[] {
  const q = query.toLowerCase();
  return a.index.defs.filter((d) => (d.kind === "cell" || d.kind === "model" || (d.kind === "const" && d.container === undefined)) && d.name.toLowerCase().includes(q))
    .map((d) => ({ name: d.name, kind: d.kind === "cell" ? LspSymbolKind.Function : d.kind === "model" ? LspSymbolKind.Class : LspSymbolKind.Constant, location: location(a, d.span, uris), containerName: d.span.file }));
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

export class RenameError extends Error {}

/** The declaration a rename at p would rename (a built-in name is refused). */
function renameTarget(a: Analysis, off: number): SymbolDef | undefined {
  const def = symbolAt(a.index, a.file, off);
  if (def) return def;
  const u = a.index.unresolved.find((x) => x.span.file === a.file && off >= x.span.start && off <= x.span.end);
  if (u) throw new RenameError(`\`${u.name}\` is built in and cannot be renamed`);
  return undefined;
}

export function prepareRename(a: Analysis, p: Position): Range | null {
  const off = offsetOf(a, p);
  const def = renameTarget(a, off);
  if (!def) return null;
  const here = occurrences(a.index, def).find((s) => s.file === a.file && off >= s.start && off <= s.end);
  return here ? spanRange(a, here) : null;
}

export function rename(a: Analysis, p: Position, newName: string, uris?: UriMap): WorkspaceEdit | null {
  const off = offsetOf(a, p);
  const def = renameTarget(a, off);
  if (!def) return null;
  if (!IDENT.test(newName) || KEYWORD_NAMES.has(newName)) throw new RenameError(`\`${newName}\` is not a valid name`);
  // a name already declared where the renamed one lives would be a duplicate (or silently shadow it)
  const topLevel = def.container === undefined;
  const clash = a.index.defs.find((d) => d.id !== def.id && d.name === newName && (topLevel
    ? d.container === undefined || d.kind === "cell" || d.kind === "model"
    : d.container === def.container || (d.container === undefined && d.kind !== "variant")));
  if (clash && def.kind !== "variant") throw new RenameError(`\`${newName}\` is already declared${clash.container ? ` in \`${clash.container}\`` : ""} (${KIND_TEXT[clash.kind]})`);
  const changes: Record<string, TextEdit[]> = {};
  for (const s of occurrences(a.index, def)) {
    (changes[fileUri(a, s.file, uris)] ??= []).push({ range: spanRange(a, s), newText: newName });
  }
  return { changes };
}

// ─────────────────────────────────────────── hover ───────────────────────────────────────────

const KIND_TEXT: Record<SymbolKind, string> = {
  const: "const", cell: "cell", model: "model", "cell-param": "cell parameter", port: "port",
  hyperparameter: "hyperparameter", variant: "token variant", field: "payload field", input: "input",
  register: "register", param: "param", "step-binder": "step token", "arm-binder": "payload binder", let: "let", loop: "loop variable",
};

/** The AST node a definition was declared by (for values of params, hyperparameters, consts). */
function declNode(a: Analysis, def: SymbolDef): A.Decl | A.Member | A.HyperParam | A.TypedName | A.Variant | undefined {
  const file = a.program.files.find((f) => f.path === def.span.file);
  if (!file) return undefined;
  for (const d of file.decls) {
    if (d.span.start === def.declSpan.start && d.name.span.start === def.span.start) return d;
    if (d.kind === "cell") {
      for (const p of [...d.params, ...d.ports]) if (p.name.span.start === def.span.start) return p;
    } else if (d.kind === "model") {
      for (const h of d.hyper) if (h.name.span.start === def.span.start) return h;
      for (const m of d.members) {
        if ("name" in m && m.name.span.start === def.span.start) return m;
        if (m.kind === "tokens") for (const v of m.variants) {
          if (v.name.span.start === def.span.start) return v;
          for (const f of v.payload) if (f.name.span.start === def.span.start) return f;
        }
      }
    }
  }
  return undefined;
}

/** The statement declaring a block-scoped name (`let`, local `const`, `for`). */
function localStmt(a: Analysis, def: SymbolDef): A.Stmt | undefined {
  const file = a.program.files.find((f) => f.path === def.span.file);
  const search = (stmts: readonly A.Stmt[]): A.Stmt | undefined => {
    for (const st of stmts) {
      if (st.span.start > def.declSpan.end || st.span.end < def.declSpan.start) continue;
      if ((st.kind === "let" || st.kind === "const") && st.name.span.start === def.span.start) return st;
      if (st.kind === "for" && st.variable.span.start === def.span.start) return st;
      const inner = st.kind === "for" ? st.body.stmts : st.kind === "if" ? [...st.then.stmts, ...(st.else?.stmts ?? [])] : st.kind === "block" ? st.block.stmts : st.kind === "match" ? st.arms.flatMap((x) => x.body.stmts) : [];
      const found = inner.length ? search(inner) : undefined;
      if (found) return found;
    }
    return undefined;
  };
  for (const d of file?.decls ?? []) {
    if (d.span.start > def.declSpan.start || d.span.end < def.declSpan.end) continue;
    if (d.kind === "cell") return search(d.body.stmts);
    if (d.kind === "model") for (const m of d.members) if (m.kind === "init" || m.kind === "step" || m.kind === "final") { const f = search(m.body.stmts); if (f) return f; }
  }
  return undefined;
}

function headerText(a: Analysis, def: SymbolDef): string {
  const text = sliceSpan(a, def.declSpan);
  const brace = text.indexOf("{");
  const head = def.kind === "cell" || def.kind === "model" ? (brace >= 0 ? text.slice(0, brace) : text) : text.split("\n")[0]!;
  return head.replace(/\s+/g, " ").trim();
}

export function hover(a: Analysis, p: Position): Hover | null {
  const off = offsetOf(a, p);
  const def = symbolAt(a.index, a.file, off);
  if (!def) {
    const u = a.index.unresolved.find((x) => x.span.file === a.file && off >= x.span.start && off <= x.span.end);
    if (!u) return null;
    const g = u.space === "gate" ? GATE_SIGNATURES.get(u.name) : undefined;
    if (g) return { contents: { kind: "markdown", value: `built-in gate \`${g.name}\`: ${g.params} angle${g.params === 1 ? "" : "s"}, ${g.qubits}${g.origin === "variadic" ? "+" : ""} qubit${g.qubits === 1 ? "" : "s"} (${g.origin})` }, range: spanRange(a, u.span) };
    if (BUILTIN_CONSTANT_NAMES.includes(u.name)) return { contents: { kind: "markdown", value: `built-in constant \`${u.name}\`` }, range: spanRange(a, u.span) };
    return null;
  }
  const lines: string[] = [];
  const node = declNode(a, def);
  const typeText = def.type ? sliceSpan(a, { ...def.type.span, file: def.span.file }) : "";
  lines.push("```qseq", `${KIND_TEXT[def.kind]} ${def.name}${typeText ? `: ${typeText}` : ""}`, "```");
  if (def.kind === "cell" || def.kind === "model") lines.push("```qseq", headerText(a, def), "```");
  if (node) {
    if (def.kind === "param" && "init" in node && node.init) lines.push(`initial value: \`${sliceSpan(a, node.init.span)}\``);
    if (def.kind === "hyperparameter" && "default" in node && node.default) lines.push(`default: \`${sliceSpan(a, node.default.span)}\``);
    if (def.kind === "const" && "value" in node) lines.push(`value: \`${sliceSpan(a, node.value.span)}\``);
    if (def.kind === "register" && "role" in node) lines.push(`${node.role} register`);
  }
  if (def.kind === "let" || def.kind === "loop" || (def.kind === "const" && def.container !== undefined && !node)) {
    const st = localStmt(a, def);
    if (st && (st.kind === "let" || st.kind === "const")) lines.push(`value: \`${sliceSpan(a, st.value.span)}\``);
    if (st && st.kind === "for") lines.push(`ranges over \`${sliceSpan(a, st.iterable.span)}\``);
  }
  if (def.kind === "model") {
    const s = a.models.find((m) => m.name === def.name);
    if (s) {
      const hyper = [...s.hyper].map(([k, v]) => `${k}=${v}`).join(", ");
      lines.push(`${s.numQubits} qubits, ${s.numParams} params${hyper ? ` (at ${hyper})` : ""}, at most ${s.stepOps} operations per step`);
    }
  }
  if (def.kind === "model" && def.span.file === a.file) {
    const st = sequenceStats(a, def.name);
    if (st) lines.push(`for \`${st.sequence.label}\` (${st.steps} steps): ${describeStats(st)}; gates per step ${perStepRange(st)}`);
  }
  if (def.kind === "cell") {
    const uses = a.models.map((m) => ({ m: m.name, st: sequenceStats(a, m.name) })).filter((x) => x.st && x.st.cellCalls.has(def.name));
    for (const { m, st } of uses) lines.push(`applied ${st!.cellCalls.get(def.name)} times by \`${m}\` for \`${st!.sequence.label}\``);
  }
  if (def.container) lines.push(`in \`${def.container}\``);
  if (def.doc) lines.push("", def.doc);
  if (def.span.file !== a.file) lines.push(`defined in \`${def.span.file}\``);
  const here = [...a.index.refs.filter((r) => r.def === def.id).map((r) => r.span), def.span].find((s) => s.file === a.file && off >= s.start && off <= s.end);
  return { contents: { kind: "markdown", value: lines.join("\n") }, ...(here ? { range: spanRange(a, here) } : {}) };
}

// ─────────────────────────────────────────── token context ───────────────────────────────────────────

interface Tok { readonly name: string; readonly image: string; readonly start: number; readonly end: number }

function lexTokens(text: string): Tok[] {
  const r = qseqLexer.tokenize(text);
  const comments = (r.groups["comments"] ?? []) as IToken[];
  const lastComment = comments[comments.length - 1];
  // the text ends inside a comment or string: mark it with a token that stops every slot
  if (lastComment && lastComment.tokenType.name !== "BlockComment" && lastComment.startOffset + lastComment.image.length === text.length) {
    return [{ name: "InComment", image: "", start: text.length, end: text.length }];
  }
  return r.tokens.map((t) => ({ name: t.tokenType.name, image: t.image, start: t.startOffset, end: t.startOffset + t.image.length }));
}

type Slot =
  | { k: "statement"; topLevel: boolean }
  | { k: "operand" }
  | { k: "argument" }
  | { k: "variant" }
  | { k: "none" };

/** What goes at an offset, from the tokens before it. */
export function slotAt(text: string, offset: number): Slot {
  const toks = lexTokens(text.slice(0, offset));
  // a partially typed identifier at the cursor does not count
  const last = toks[toks.length - 1];
  if (last && last.end === offset && (last.name === "Identifier" || last.name.startsWith("Kw_"))) toks.pop();
  if (last && (last.name === "InComment" || last.name === "UnterminatedComment" || last.name === "UnterminatedString" || last.name === "StringLiteral" && last.end === offset)) return { k: "none" };
  const braces: ("match" | "block")[] = [];
  let parens = 0;
  let pendingMatch = false;
  let stmtStart = 0;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    switch (t.name) {
      case "Kw_match": pendingMatch = true; break;
      case "LBrace": braces.push(pendingMatch && parens === 0 ? "match" : "block"); pendingMatch = false; stmtStart = i + 1; break;
      case "RBrace": braces.pop(); stmtStart = i + 1; break;
      case "Semicolon": if (parens === 0) stmtStart = i + 1; break;
      case "FatArrow": stmtStart = i + 1; break;
      case "LParen": case "LBracket": parens++; break;
      case "RParen": case "RBracket": parens = Math.max(0, parens - 1); break;
      case "Comma": if (parens === 0 && braces[braces.length - 1] === "match") stmtStart = i + 1; break;
      default: break;
    }
  }
  // inside brackets: an argument or index
  let depth = 0;
  for (let i = toks.length - 1; i >= stmtStart; i--) {
    const n = toks[i]!.name;
    if (n === "RParen" || n === "RBracket") depth++;
    else if (n === "LParen" || n === "LBracket") {
      if (depth === 0) return { k: "argument" };
      depth--;
    }
  }
  const stmt = toks.slice(stmtStart);
  if (braces[braces.length - 1] === "match" && stmt.length === 0) return { k: "variant" };
  if (stmt.length === 0) return { k: "statement", topLevel: braces.length === 0 };
  // skip modifiers `ctrl(…) @ inv @ …`
  let i = 0;
  while (i < stmt.length && /^Kw_(ctrl|negctrl|inv|pow)$/.test(stmt[i]!.name)) {
    i++;
    if (stmt[i]?.name === "LParen") { let d = 0; for (; i < stmt.length; i++) { if (stmt[i]!.name === "LParen") d++; else if (stmt[i]!.name === "RParen" && --d === 0) { i++; break; } } }
    if (stmt[i]?.name === "At") i++;
    else return { k: "none" };
  }
  if (i >= stmt.length) return { k: "statement", topLevel: false };
  const head = stmt[i]!;
  if (head.name === "Kw_measure" || head.name === "Kw_reset" || head.name === "Kw_barrier") return { k: "operand" };
  if (head.name === "Kw_emit" && (stmt[i + 1]?.name === "Kw_measure" || stmt[i + 1]?.name === "Identifier" && stmt.length > i + 2)) return { k: "operand" };
  if (head.name === "Identifier") {
    // `gate`, `gate(args)`, `gate(args) q, …`: operands
    let j = i + 1;
    if (stmt[j]?.name === "LParen") { let d = 0; for (; j < stmt.length; j++) { if (stmt[j]!.name === "LParen") d++; else if (stmt[j]!.name === "RParen" && --d === 0) { j++; break; } } }
    const rest = stmt.slice(j);
    if (rest.every((t) => t.name === "Identifier" || t.name === "Comma" || t.name === "LBracket" || t.name === "RBracket" || t.name === "IntLiteral") && (rest.length === 0 || rest[rest.length - 1]!.name === "Comma" || j === stmt.length)) return { k: "operand" };
  }
  if (head.name === "Kw_let" || head.name === "Kw_emit" || head.name === "Kw_return" || head.name === "Kw_if" || head.name === "Kw_for") {
    const eq = stmt.findIndex((t) => t.name === "Equals" || t.name === "Kw_in");
    if (head.name === "Kw_emit" || head.name === "Kw_return" || head.name === "Kw_if" || eq >= 0) return { k: "argument" };
  }
  if (head.name === "Kw_match") return { k: "argument" };
  return { k: "none" };
}

// ─────────────────────────────────────────── completion ───────────────────────────────────────────

const STATEMENT_KEYWORDS = ["let", "const", "for", "if", "else", "match", "measure", "reset", "barrier", "emit", "return", "ctrl", "negctrl", "inv", "pow"];
const TOP_KEYWORDS = ["import", "const", "cell", "model"];
const MEMBER_KEYWORDS = ["tokens", "input", "hidden", "fresh", "param", "const", "init", "step", "final"];

/** The enclosing top-level declaration of an offset in the document. */
function enclosingDecl(a: Analysis, offset: number): A.Decl | undefined {
  const file = a.program.files.find((f) => f.path === a.file);
  return file?.decls.find((d) => offset >= d.span.start && offset <= d.span.end + 1);
}

/** Match arms (with binders) whose span contains an offset. */
function armsAt(stmts: readonly A.Stmt[], offset: number, out: A.MatchArm[]): void {
  for (const s of stmts) {
    if (offset < s.span.start || offset > s.span.end) continue;
    switch (s.kind) {
      case "match": for (const arm of s.arms) if (offset >= arm.span.start && offset <= arm.span.end) { out.push(arm); armsAt(arm.body.stmts, offset, out); } break;
      case "for": armsAt(s.body.stmts, offset, out); break;
      case "if": armsAt(s.then.stmts, offset, out); if (s.else) armsAt(s.else.stmts, offset, out); break;
      case "block": armsAt(s.block.stmts, offset, out); break;
      default: break;
    }
  }
}

/** Value names visible (approximately) at an offset of the document. */
function valuesAt(a: Analysis, offset: number): SymbolDef[] {
  const decl = enclosingDecl(a, offset);
  const container = decl && decl.kind !== "const" ? decl.name.name : undefined;
  const binderStarts = new Set<number>();
  if (decl && decl.kind !== "const") {
    const arms: A.MatchArm[] = [];
    if (decl.kind === "cell") armsAt(decl.body.stmts, offset, arms);
    else for (const m of decl.members) if (m.kind === "init" || m.kind === "step" || m.kind === "final") armsAt(m.body.stmts, offset, arms);
    for (const arm of arms) for (const b of arm.binders) binderStarts.add(b.span.start);
  }
  const seen = new Set<string>();
  const out: SymbolDef[] = [];
  for (const d of a.index.defs) {
    let visible = false;
    if (d.container === undefined) visible = d.kind === "const";
    else if (d.container === container && (d.span.file === a.file)) {
      switch (d.kind) {
        case "cell-param": case "port": case "hyperparameter": case "input": case "register": case "param": case "const": visible = true; break;
        case "let": visible = d.declSpan.end <= offset; break;
        case "loop": case "step-binder": visible = offset >= d.declSpan.start; break;
        case "arm-binder": visible = binderStarts.has(d.span.start); break;
        default: break;
      }
    }
    if (visible && d.name && !seen.has(d.name)) { seen.add(d.name); out.push(d); }
  }
  return out;
}

const VALUE_ITEM_KIND: Partial<Record<SymbolKind, CompletionItemKind>> = {
  const: CompletionItemKind.Constant, register: CompletionItemKind.Field, port: CompletionItemKind.Field,
  param: CompletionItemKind.Property, hyperparameter: CompletionItemKind.TypeParameter,
};

/** Import paths: the standard library's files, and the .qseq files next to the document. */
function importPaths(a: Analysis): CompletionItem[] {
  const items: CompletionItem[] = [];
  const list = (dir: string): string[] => { try { return readdirSync(dir).filter((f) => f.endsWith(".qseq")).sort(); } catch { return []; } };
  for (const f of list(STDLIB_DIR)) items.push({ label: `std/${f.slice(0, -5)}`, kind: CompletionItemKind.Module, detail: "standard library" });
  const here = displayToPath(a.file);
  for (const f of list(dirname(here))) if (resolve(dirname(here), f) !== here) items.push({ label: `./${f.slice(0, -5)}`, kind: CompletionItemKind.File });
  return items;
}

export function completion(a: Analysis, p: Position): CompletionItem[] {
  const offset = offsetOf(a, p);
  const lineStart = a.text.lastIndexOf("\n", offset - 1) + 1;
  if (/^\s*import\s+"[^"]*$/.test(a.text.slice(lineStart, offset))) return importPaths(a);
  const slot = slotAt(a.text, offset);
  const items: CompletionItem[] = [];
  const gates = (): void => {
    for (const d of a.index.defs) if (d.kind === "cell") items.push({ label: d.name, kind: CompletionItemKind.Function, detail: headerText(a, d), ...(d.doc ? { documentation: d.doc } : {}) });
    for (const g of GATE_SIGNATURES.values()) items.push({ label: g.name, kind: CompletionItemKind.Function, detail: `built-in gate: ${g.params} angle(s), ${g.qubits} qubit(s)` });
  };
  const values = (kinds?: ReadonlySet<SymbolKind>): void => {
    for (const d of valuesAt(a, offset)) {
      if (kinds && !kinds.has(d.kind)) continue;
      items.push({ label: d.name, kind: VALUE_ITEM_KIND[d.kind] ?? CompletionItemKind.Variable, detail: KIND_TEXT[d.kind] });
    }
  };
  switch (slot.k) {
    case "statement": {
      if (slot.topLevel) for (const k of TOP_KEYWORDS) items.push({ label: k, kind: CompletionItemKind.Keyword });
      else {
        const decl = enclosingDecl(a, offset);
        const inMemberList = decl?.kind === "model" && !decl.members.some((m) => (m.kind === "init" || m.kind === "step" || m.kind === "final" || m.kind === "tokens") && offset > m.span.start && offset < m.span.end);
        const kws = inMemberList ? MEMBER_KEYWORDS : STATEMENT_KEYWORDS;
        for (const k of kws) items.push({ label: k, kind: CompletionItemKind.Keyword });
        if (!inMemberList) gates();
      }
      break;
    }
    case "operand": values(new Set<SymbolKind>(["register", "port", "let", "loop", "arm-binder", "input"])); break;
    case "argument":
      values(new Set<SymbolKind>(["param", "const", "hyperparameter", "loop", "let", "arm-binder", "cell-param", "input", "register", "port", "step-binder"]));
      for (const c of BUILTIN_CONSTANT_NAMES) items.push({ label: c, kind: CompletionItemKind.Constant, detail: "built-in constant" });
      for (const f of BUILTIN_FUNCTIONS) items.push({ label: f, kind: CompletionItemKind.Function, detail: "built-in function" });
      break;
    case "variant": {
      const decl = enclosingDecl(a, offset);
      if (decl?.kind === "model") {
        for (const m of decl.members) if (m.kind === "tokens") for (const v of m.variants) {
          if (!v.name.name) continue;
          const binders = v.payload.map((f) => f.name.name).join(", ");
          items.push({ label: v.name.name, kind: CompletionItemKind.EnumMember, detail: "token variant", insertText: v.payload.length ? `${v.name.name}(${binders}) => ` : `${v.name.name} => ` });
        }
        items.push({ label: "_", kind: CompletionItemKind.Keyword, detail: "any other variant", insertText: "_ => " });
      }
      break;
    }
    default: break;
  }
  return items;
}

// ─────────────────────────────────────────── signature help ───────────────────────────────────────────

export function signatureHelp(a: Analysis, p: Position): SignatureHelp | null {
  const offset = offsetOf(a, p);
  const toks = lexTokens(a.text.slice(0, offset));
  if (toks[toks.length - 1]?.name === "InComment") return null;
  let depth = 0;
  let commas = 0;
  for (let i = toks.length - 1; i >= 0; i--) {
    const n = toks[i]!.name;
    if (n === "Semicolon" || n === "LBrace" || n === "RBrace") return null;
    if (n === "RParen" || n === "RBracket") depth++;
    else if (n === "LBracket") { if (depth === 0) return null; depth--; }
    else if (n === "LParen") {
      if (depth > 0) { depth--; continue; }
      const callee = toks[i - 1];
      if (!callee || callee.name !== "Identifier") return null;
      const sig = signatureOf(a, callee.image);
      return sig ? { signatures: [sig], activeSignature: 0, activeParameter: Math.min(commas, Math.max(0, (sig.parameters?.length ?? 1) - 1)) } : null;
    } else if (n === "Comma" && depth === 0) commas++;
  }
  return null;
}

function signatureOf(a: Analysis, name: string): SignatureInformation | undefined {
  const cell = a.program.cells.get(name);
  if (cell) {
    const params = cell.params.map((q) => `${q.name.name}: ${sliceSpan(a, { ...q.type.span, file: cell.span.file })}`);
    const ports = cell.ports.map((q) => `${q.name.name}: ${sliceSpan(a, { ...q.type.span, file: cell.span.file })}`);
    const result = cell.result ? ` -> ${sliceSpan(a, { ...cell.result.span, file: cell.span.file })}` : "";
    return {
      label: `${name}(${params.join(", ")})${ports.length ? ` on ${ports.join(", ")}` : ""}${result}`,
      parameters: params.map((label) => ({ label })),
      ...(cell.doc ? { documentation: cell.doc } : {}),
    };
  }
  const g = GATE_SIGNATURES.get(name);
  if (g) {
    const params = Array.from({ length: g.params }, (_, i) => `θ${g.params > 1 ? i + 1 : ""}: angle`);
    return { label: `${name}(${params.join(", ")}) on ${g.qubits}${g.origin === "variadic" ? "+" : ""} qubit${g.qubits === 1 ? "" : "s"}`, parameters: params.map((label) => ({ label })), documentation: `built-in gate (${g.origin})` };
  }
  return undefined;
}

// ─────────────────────────────────────────── semantic tokens ───────────────────────────────────────────

export const TOKEN_TYPES = ["keyword", "number", "string", "comment", "function", "parameter", "variable", "type", "enumMember", "class", "property"] as const;
const TT = Object.fromEntries(TOKEN_TYPES.map((t, i) => [t, i])) as Record<(typeof TOKEN_TYPES)[number], number>;
export const TOKEN_MODIFIERS = ["declaration", "readonly", "defaultLibrary"] as const;

const KIND_TOKEN: Record<SymbolKind, number> = {
  const: TT.variable, cell: TT.function, model: TT.class, "cell-param": TT.parameter, port: TT.parameter,
  hyperparameter: TT.parameter, variant: TT.enumMember, field: TT.property, input: TT.variable, register: TT.variable,
  param: TT.parameter, "step-binder": TT.variable, "arm-binder": TT.variable, let: TT.variable, loop: TT.variable,
};

export function semanticTokens(a: Analysis): number[] {
  const doc = a.docOf(a.file)!;
  const lexed = qseqLexer.tokenize(a.text);
  const all: IToken[] = [...lexed.tokens, ...((lexed.groups["comments"] ?? []) as IToken[])].sort((x, y) => x.startOffset - y.startOffset);
  const byStart = new Map<number, { type: number; mods: number }>();
  for (const d of a.index.defs) if (d.span.file === a.file) byStart.set(d.span.start, { type: KIND_TOKEN[d.kind], mods: 1 | (d.kind === "const" ? 2 : 0) });
  for (const r of a.index.refs) if (r.span.file === a.file) { const d = a.index.defs[r.def]!; byStart.set(r.span.start, { type: KIND_TOKEN[d.kind], mods: d.kind === "const" ? 2 : 0 }); }
  for (const u of a.index.unresolved) if (u.span.file === a.file && !byStart.has(u.span.start)) {
    byStart.set(u.span.start, { type: u.space === "gate" ? TT.function : u.space === "variant" ? TT.enumMember : TT.variable, mods: 4 });
  }
  const data: number[] = [];
  let prevLine = 0, prevChar = 0;
  const push = (start: number, length: number, type: number, mods: number): void => {
    const pos = doc.positionAt(start);
    data.push(pos.line - prevLine, pos.line === prevLine ? pos.character - prevChar : pos.character, length, type, mods);
    prevLine = pos.line; prevChar = pos.character;
  };
  for (const t of all) {
    const name = t.tokenType.name;
    let type: number | undefined;
    let mods = 0;
    if (name === "Identifier") {
      const s = byStart.get(t.startOffset);
      if (s) { type = s.type; mods = s.mods; } else if (BUILTIN_FUNCTIONS.includes(t.image)) { type = TT.function; mods = 4; } else if (t.image === "_") type = TT.keyword;
      else type = TT.variable;
    } else if (/^Kw_(int|float|angle|bool|bit|qubit)$/.test(name)) type = TT.type;
    else if (name === "Kw_true" || name === "Kw_false") type = TT.keyword;
    else if (name.startsWith("Kw_")) type = TT.keyword;
    else if (name === "IntLiteral" || name === "FloatLiteral") type = TT.number;
    else if (name === "StringLiteral" || name === "UnterminatedString") type = TT.string;
    else if (name.endsWith("Comment")) type = TT.comment;
    if (type === undefined) continue;
    // one token per line (multi-line block comments are split)
    const parts = t.image.split("\n");
    let off = t.startOffset;
    for (const part of parts) {
      const len = part.replace(/\r$/, "").length;
      if (len > 0) push(off, len, type, mods);
      off += part.length + 1;
    }
  }
  return data;
}

// ─────────────────────────────────────────── folding ───────────────────────────────────────────

export function foldingRanges(a: Analysis): FoldingRange[] {
  const doc = a.docOf(a.file)!;
  const lexed = qseqLexer.tokenize(a.text);
  const out: FoldingRange[] = [];
  const stack: number[] = [];
  for (const t of lexed.tokens) {
    if (t.tokenType.name === "LBrace") stack.push(t.startOffset);
    else if (t.tokenType.name === "RBrace") {
      const open = stack.pop();
      if (open === undefined) continue;
      const s = doc.positionAt(open).line, e = doc.positionAt(t.startOffset).line;
      if (e > s) out.push({ startLine: s, endLine: e - 1 > s ? e - 1 : e });
    }
  }
  const comments = ((lexed.groups["comments"] ?? []) as IToken[]);
  let runStart = -1, runEnd = -1;
  const flush = (): void => { if (runStart >= 0 && runEnd > runStart) out.push({ startLine: runStart, endLine: runEnd, kind: FoldingRangeKind.Comment }); };
  for (const c of comments) {
    const s = doc.positionAt(c.startOffset).line, e = doc.positionAt(c.startOffset + c.image.length).line;
    if (c.tokenType.name === "BlockComment") {
      flush(); runStart = -1;
      if (e > s) out.push({ startLine: s, endLine: e, kind: FoldingRangeKind.Comment });
      continue;
    }
    const lineStart = a.text.lastIndexOf("\n", c.startOffset - 1) + 1;
    const alone = a.text.slice(lineStart, c.startOffset).trim() === "";
    if (alone && runStart >= 0 && s === runEnd + 1) runEnd = s;
    else { flush(); runStart = alone ? s : -1; runEnd = s; }
  }
  flush();
  return out.sort((x, y) => x.startLine - y.startLine);
}

// ─────────────────────────────────────────── formatting ───────────────────────────────────────────

export async function formatting(a: Analysis): Promise<TextEdit[]> {
  if (a.diagnostics.some((d) => d.span?.file === a.file && /^E01/.test(d.code))) return [];
  const { formatQseq } = await import("../format/index.js");
  let out: string;
  try { out = await formatQseq(a.text, a.file); } catch { return []; }
  if (out === a.text) return [];
  const doc = a.docOf(a.file)!;
  return [{ range: { start: { line: 0, character: 0 }, end: doc.positionAt(a.text.length) }, newText: out }];
}

// ─────────────────────────────────────────── inlay hints, lenses ───────────────────────────────────────────

export function inlayHints(a: Analysis, range?: Range): InlayHint[] {
  const out: InlayHint[] = [];
  const counts = new Map<number, number>();
  for (const r of a.index.refs) counts.set(r.def, (counts.get(r.def) ?? 0) + 1);
  for (const d of a.index.defs) {
    if (d.kind !== "param" || d.span.file !== a.file) continue;
    const pos = spanRange(a, d.declSpan).end;
    if (range && (pos.line < range.start.line || pos.line > range.end.line)) continue;
    const n = counts.get(d.id) ?? 0;
    out.push({ position: pos, label: ` × ${n} use${n === 1 ? "" : "s"}`, kind: InlayHintKind.Type, paddingLeft: true });
  }
  // per-step gate counts for the example sequence, after each model's `step(…)` header
  for (const d of a.program.files.find((f) => f.path === a.file)?.decls ?? []) {
    if (d.kind !== "model") continue;
    const step = d.members.find((m) => m.kind === "step");
    const st = step ? sequenceStats(a, d.name.name) : undefined;
    if (!step || !st || step.kind !== "step") continue;
    const pos = spanRange(a, step.body.span).start;
    if (range && (pos.line < range.start.line || pos.line > range.end.line)) continue;
    out.push({ position: pos, label: `gates per step: ${perStepRange(st)} (${st.sequence.label}) `, kind: InlayHintKind.Type, paddingRight: true });
  }
  return out;
}

export const TRAINABILITY_COMMAND = "qseq.trainability";

/** The drawn circuit and the OpenQASM of a model for the document's example sequence. */
export const CIRCUIT_COMMAND = "qseq.circuit";
export const QASM_COMMAND = "qseq.qasm";

export function codeLenses(a: Analysis): CodeLens[] {
  return a.index.defs.filter((d) => d.kind === "model" && d.span.file === a.file).flatMap((d) => {
    const range = spanRange(a, d.span);
    const lenses: CodeLens[] = [{ range, command: { title: "trainability report", command: TRAINABILITY_COMMAND, arguments: [a.uri, d.name] } }];
    const st = sequenceStats(a, d.name);
    if (st) {
      lenses.push(
        { range, command: { title: `circuit for ${st.sequence.label}`, command: CIRCUIT_COMMAND, arguments: [a.uri, d.name] } },
        { range, command: { title: `OpenQASM for ${st.sequence.label}`, command: QASM_COMMAND, arguments: [a.uri, d.name] } },
      );
    }
    return lenses;
  });
}

/** The text a sequence command shows: the circuit drawn for the terminal, or its OpenQASM 3 program(s). */
export async function sequenceCommandText(a: Analysis, command: string, model: string): Promise<string> {
  const st = sequenceStats(a, model);
  if (!st) return `no example sequence fits \`${model}\` (put NAME.tokens or NAME.inputs.json beside the file, and fix its errors)\n`;
  if (command === CIRCUIT_COMMAND) {
    const { layoutCircuit } = await import("../draw/layout.js");
    const { renderAscii } = await import("../draw/ascii.js");
    return renderAscii(layoutCircuit(st.circuit, {}), { width: 120 });
  }
  const { buildBatch } = await import("../batch/batch.js");
  const { emitQasm3 } = await import("../emit/qasm3/emit.js");
  const batch = buildBatch(st.circuit);
  return batch.circuits.map((pc, i) => emitQasm3(pc, {
    profile: "full", outputIndex: batch.outputIndex[i]!,
    ...(batch.circuits.length > 1 ? { header: `readout program ${i} of ${batch.circuits.length}: ${batch.manifest.circuits[i]!.label}` } : {}),
  })).join("\n");
}

export async function trainabilityText(a: Analysis, model?: string): Promise<string> {
  if (a.diagnostics.some((d) => d.severity === "error")) return "the trainability report needs a program without errors\n";
  const { formatTrainability, trainabilityReports } = await import("../analysis/trainability.js");
  const summaries = a.models.filter((m) => model === undefined || m.name === model);
  const reports = trainabilityReports(a.program, summaries);
  return reports.map(formatTrainability).join("") || `no model${model ? ` \`${model}\`` : ""} to report on\n`;
}

// ─────────────────────────────────────────── quick fixes ───────────────────────────────────────────

function findMatch(stmts: readonly A.Stmt[], start: number): A.Stmt & { kind: "match" } | undefined {
  for (const s of stmts) {
    if (s.kind === "match" && s.span.start === start) return s;
    const inner = s.kind === "for" ? s.body.stmts : s.kind === "if" ? [...s.then.stmts, ...(s.else?.stmts ?? [])] : s.kind === "block" ? s.block.stmts : s.kind === "match" ? s.arms.flatMap((x) => x.body.stmts) : [];
    const m = inner.length ? findMatch(inner, start) : undefined;
    if (m) return m;
  }
  return undefined;
}

export function codeActions(a: Analysis, range: Range): CodeAction[] {
  const out: CodeAction[] = [];
  const doc = a.docOf(a.file)!;
  const lo = doc.offsetAt(range.start), hi = doc.offsetAt(range.end);
  const file = a.program.files.find((f) => f.path === a.file);
  for (const d of a.diagnostics) {
    if (!d.span || d.span.file !== a.file || d.span.end < lo || d.span.start > hi) continue;
    const diag = toLspDiagnostic(a, d, spanRange(a, d.span));
    if (d.code === "W0102") {
      const model = file?.decls.find((x): x is A.ModelDecl => x.kind === "model" && x.span.start <= d.span!.start && d.span!.end <= x.span.end);
      if (!model) continue;
      let match: (A.Stmt & { kind: "match" }) | undefined;
      for (const m of model.members) if (!match && (m.kind === "init" || m.kind === "step" || m.kind === "final")) match = findMatch(m.body.stmts, d.span.start);
      if (!match) continue;
      const missing = [...d.message.matchAll(/`([A-Za-z_][A-Za-z0-9_]*)`/g)].map((x) => x[1]!).filter((n) => n !== "match");
      const variants = model.members.flatMap((m) => (m.kind === "tokens" ? m.variants : []));
      const closeAt = match.span.end - 1;
      if (a.text[closeAt] !== "}") continue;
      const lineStart = a.text.lastIndexOf("\n", closeAt - 1) + 1;
      const matchLineStart = a.text.lastIndexOf("\n", match.span.start - 1) + 1;
      const indent = /^[ \t]*/.exec(a.text.slice(matchLineStart))![0];
      const arms = missing.map((n) => {
        const v = variants.find((x) => x.name.name === n);
        const binders = v?.payload.map((f) => f.name.name) ?? [];
        return `${n}${binders.length ? `(${binders.join(", ")})` : ""} => { }`;
      });
      const alone = a.text.slice(lineStart, closeAt).trim() === "";
      const insertAt = alone ? lineStart : closeAt;
      const newText = alone ? arms.map((x) => `${indent}  ${x}\n`).join("") : ` ${arms.join(" ")} `;
      const pos = doc.positionAt(insertAt);
      out.push({ title: `add the missing arm${arms.length === 1 ? "" : "s"}: ${missing.join(", ")}`, kind: "quickfix", diagnostics: [diag], isPreferred: true, edit: { changes: { [a.uri]: [{ range: { start: pos, end: pos }, newText }] } } });
    } else if (d.code === "W0101") {
      const def = a.index.defs.find((x) => x.kind === "param" && x.span.file === a.file && x.span.start === d.span!.start);
      if (!def) continue;
      const s = def.declSpan;
      const lineStart = a.text.lastIndexOf("\n", s.start - 1) + 1;
      let lineEnd = a.text.indexOf("\n", s.end);
      if (lineEnd < 0) lineEnd = a.text.length;
      const before = a.text.slice(lineStart, s.start).trim();
      const after = a.text.slice(s.end, lineEnd).trim();
      const whole = before === "" && (after === "" || after.startsWith("//"));
      const r = whole ? { start: doc.positionAt(lineStart), end: doc.positionAt(Math.min(a.text.length, lineEnd + 1)) } : spanRange(a, s);
      out.push({ title: `remove the unused param \`${def.name}\``, kind: "quickfix", diagnostics: [diag], edit: { changes: { [a.uri]: [{ range: r, newText: "" }] } } });
    }
  }
  return out;
}
