// Rendering diagnostics: rustc-style text for terminals (source line, caret under the span, labels,
// a `help:` line) and a stable JSON shape for tools.

import pc from "picocolors";
import type { Diagnostic } from "./diagnostic.js";
import type { Span } from "../syntax/span.js";

/** The text of every file a diagnostic may point into, by the name used in spans. */
export type SourceTexts = ReadonlyMap<string, string>;

export interface RenderOptions { readonly color?: boolean }

export function renderText(ds: readonly Diagnostic[], sources: SourceTexts, opts: RenderOptions = {}): string {
  const c = pc.createColors(opts.color ?? false);
  const blocks = ds.map((d) => renderOne(d, sources, c));
  const errors = ds.filter((d) => d.severity === "error").length;
  const warnings = ds.length - errors;
  if (ds.length > 0) {
    const parts = [errors && `${errors} error${errors === 1 ? "" : "s"}`, warnings && `${warnings} warning${warnings === 1 ? "" : "s"}`].filter(Boolean);
    blocks.push(`${errors ? c.red(c.bold("error")) : c.yellow(c.bold("warning"))}: ${parts.join(", ")} reported`);
  }
  return blocks.join("\n\n") + "\n";
}

type Colors = ReturnType<typeof pc.createColors>;

function renderOne(d: Diagnostic, sources: SourceTexts, c: Colors): string {
  const sev = d.severity === "error" ? c.red(c.bold(`error[${d.code}]`)) : c.yellow(c.bold(`warning[${d.code}]`));
  const out = [`${sev}${c.bold(`: ${d.message}`)}`];
  if (d.span) {
    const spans: { span: Span; message: string; primary: boolean }[] = [
      { span: d.span, message: d.label ?? "", primary: true },
      ...(d.related ?? []).map((l) => ({ span: l.span, message: l.message, primary: false })),
    ];
    const gutter = Math.max(...spans.map((s) => String(s.span.line).length));
    const pad = " ".repeat(gutter);
    out.push(`${pad}${c.blue("-->")} ${d.span.file}:${d.span.line}:${d.span.col}`);
    for (const s of spans) {
      const text = sources.get(s.span.file);
      if (text === undefined) continue;
      if (s.span.file !== d.span.file) out.push(`${pad}${c.blue("::")} ${s.span.file}:${s.span.line}:${s.span.col}`);
      const lineText = lineAt(text, s.span.start);
      const width = Math.max(1, Math.min(s.span.end, lineText.end) - s.span.start);
      const caretCol = s.span.start - lineText.start;
      const marks = (s.primary ? "^" : "-").repeat(width);
      const painted = s.primary ? (d.severity === "error" ? c.red(marks) : c.yellow(marks)) : c.blue(marks);
      out.push(`${pad} ${c.blue("|")}`);
      out.push(`${c.blue(String(s.span.line).padStart(gutter))} ${c.blue("|")} ${expandTabs(lineText.text)}`);
      out.push(`${pad} ${c.blue("|")} ${" ".repeat(visualWidth(lineText.text.slice(0, caretCol)))}${painted}${s.message ? " " + s.message : ""}`);
    }
    if (d.help) out.push(`${pad} ${c.blue("=")} ${c.bold("help")}: ${d.help}`);
  } else if (d.help) {
    out.push(`  ${c.blue("=")} ${c.bold("help")}: ${d.help}`);
  }
  return out.join("\n");
}

function lineAt(text: string, offset: number): { text: string; start: number; end: number } {
  const lineStart = offset > 0 ? text.lastIndexOf("\n", offset - 1) + 1 : 0;
  let end = text.indexOf("\n", offset);
  if (end < 0) end = text.length;
  const raw = text.slice(lineStart, end).replace(/\r$/, "");
  return { text: raw, start: lineStart, end: lineStart + raw.length };
}

const expandTabs = (s: string): string => s.replace(/\t/g, "    ");
const visualWidth = (s: string): number => expandTabs(s).length;

export interface JsonDiagnostic {
  code: string;
  severity: string;
  message: string;
  file?: string;
  line?: number;
  col?: number;
  endLine?: number;
  endCol?: number;
  label?: string;
  help?: string;
  related?: { file: string; line: number; col: number; message: string }[];
}

export function toJson(ds: readonly Diagnostic[], sources: SourceTexts): JsonDiagnostic[] {
  return ds.map((d) => {
    const j: JsonDiagnostic = { code: d.code, severity: d.severity, message: d.message };
    if (d.span) {
      j.file = d.span.file;
      j.line = d.span.line;
      j.col = d.span.col;
      const text = sources.get(d.span.file);
      if (text !== undefined) {
        const endPos = positionOf(text, d.span.end);
        j.endLine = endPos.line;
        j.endCol = endPos.col;
      }
    }
    if (d.label) j.label = d.label;
    if (d.help) j.help = d.help;
    if (d.related?.length) j.related = d.related.map((l) => ({ file: l.span.file, line: l.span.line, col: l.span.col, message: l.message }));
    return j;
  });
}

export function positionOf(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) { line++; lineStart = i + 1; }
  return { line, col: offset - lineStart + 1 };
}
