// One analysis of a document for the language server: the program loaded from the document's text (its
// imports served from the open documents, else from disk), the checker's diagnostics and model
// summaries, and the symbol index. Plus the mapping between display names (what spans carry: paths
// relative to the working directory, `std/…` for the library) and document URIs.

import { isAbsolute, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { Position, Range } from "vscode-languageserver";
import { displayName, fsHost, STDLIB_DIR, type Program, type SourceHost } from "../check/program.js";
import type { ModelSummary } from "../check/check.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { check } from "../pipeline.js";
import { buildSymbolIndex, type SymbolIndex } from "../symbols/symbols.js";
import type { Span } from "../syntax/span.js";

export interface Analysis {
  readonly uri: string;
  readonly version: number;
  readonly text: string;
  /** The display name of the document (what its spans carry). */
  readonly file: string;
  readonly program: Program;
  readonly diagnostics: readonly Diagnostic[];
  readonly models: readonly ModelSummary[];
  readonly index: SymbolIndex;
  /** Where the analysis read imports from (the open documents, then disk). */
  readonly host: SourceHost;
  /** Position lookup per display name (lazily built). */
  docOf(file: string): TextDocument | undefined;
}

/** The absolute path of a URI (a `file:` URI, or a stand-in path in the working directory for others). */
export function uriToPath(uri: string): string {
  if (uri.startsWith("file:")) {
    try { return fileURLToPath(uri); } catch { /* fall through */ }
  }
  const tail = uri.replace(/^[a-z]+:/i, "").replace(/[^A-Za-z0-9_.-]+/g, "_") || "untitled";
  return resolve(process.cwd(), tail.endsWith(".qseq") ? tail : `${tail}.qseq`);
}

/** The absolute path of a display name. */
export function displayToPath(file: string): string {
  if (file.startsWith("std/")) return join(STDLIB_DIR, `${file.slice(4)}.qseq`);
  return isAbsolute(file) ? file : resolve(process.cwd(), file);
}

export interface UriMap {
  /** The URI of a display name: an open document's URI when one has that path, else a file URI. */
  uriOf(file: string): string;
}

/** A source host over open documents (by absolute path), falling back to disk. */
export function overlayHost(open: () => Iterable<{ uri: string; getText(): string }>, fallback: SourceHost = fsHost): SourceHost {
  return {
    read(absPath) {
      for (const d of open()) if (uriToPath(d.uri) === absPath) return d.getText();
      return fallback.read(absPath);
    },
  };
}

export function analyze(uri: string, version: number, text: string, host: SourceHost): Analysis {
  const path = uriToPath(uri);
  const file = displayName(path);
  const r = check(path, { entryText: text, host });
  const index = buildSymbolIndex(r.program);
  const docs = new Map<string, TextDocument>();
  return {
    uri, version, text, file, program: r.program, diagnostics: r.diagnostics, models: r.models, index, host,
    docOf(f) {
      let d = docs.get(f);
      if (!d) {
        const t = f === file ? text : r.sources.get(f);
        if (t === undefined) return undefined;
        d = TextDocument.create(f === file ? uri : pathToFileURL(displayToPath(f)).href, "qseq", version, t);
        docs.set(f, d);
      }
      return d;
    },
  };
}

/** The LSP range of a span (offsets converted with the text of the span's file). */
export function spanRange(a: Analysis, span: Span): Range {
  const d = a.docOf(span.file);
  if (!d) {
    const p: Position = { line: Math.max(0, span.line - 1), character: Math.max(0, span.col - 1) };
    return { start: p, end: p };
  }
  const len = d.getText().length;
  return { start: d.positionAt(Math.min(span.start, len)), end: d.positionAt(Math.min(Math.max(span.end, span.start), len)) };
}

export function fileUri(a: Analysis, file: string, uris?: UriMap): string {
  if (file === a.file) return a.uri;
  return uris ? uris.uriOf(file) : pathToFileURL(displayToPath(file)).href;
}
