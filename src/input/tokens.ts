// Token sequences as users write them: `Edge(0,2,5) ReadZ(1) ReadX(4)`, whitespace-separated, `#` to the
// end of a line is a comment. This module only reads the syntax (with spans for diagnostics); whether a
// token fits the model's alphabet is decided during elaboration.

import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { Span } from "../syntax/span.js";

export interface RawToken {
  readonly variant: string;
  readonly args: readonly number[];
  readonly span: Span;
  /** Spans of the individual integer arguments. */
  readonly argSpans: readonly Span[];
}

export function parseTokenText(text: string, file: string): { tokens: RawToken[]; diagnostics: Diagnostic[] } {
  const tokens: RawToken[] = [];
  const diagnostics: Diagnostic[] = [];
  let line = 1, lineStart = 0, i = 0;
  const spanAt = (start: number, end: number): Span => ({ file, start, end, line, col: start - lineStart + 1 });
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === "\n") { line++; lineStart = ++i; continue; }
    if (/\s/.test(ch)) { i++; continue; }
    if (ch === "#") { while (i < text.length && text[i] !== "\n") i++; continue; }
    const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:\(([^()\n]*)\))?/.exec(text.slice(i, i + 4096));
    if (!m) {
      let end = i;
      while (end < text.length && !/[\s]/.test(text[end]!)) end++;
      diagnostics.push(diagnostic("E0901", spanAt(i, end), `cannot read token ${JSON.stringify(text.slice(i, Math.min(end, i + 40)))}`, {
        help: "tokens look like `Edge(0,2,5)` or `ReadZ(1)`, separated by spaces",
      }));
      i = end;
      continue;
    }
    const start = i;
    const args: number[] = [];
    const argSpans: Span[] = [];
    let bad = false;
    if (m[2] !== undefined && m[2].trim() !== "") {
      let at = i + m[1]!.length + 1;
      for (const part of m[2].split(",")) {
        const lead = part.length - part.trimStart().length;
        const s = spanAt(at + lead, at + lead + Math.max(1, part.trim().length));
        if (!/^\s*-?\d+\s*$/.test(part)) {
          diagnostics.push(diagnostic("E0901", s, `token argument ${JSON.stringify(part.trim())} is not an integer`));
          bad = true;
        } else { args.push(Number(part)); argSpans.push(s); }
        at += part.length + 1;
      }
    }
    i += m[0].length;
    if (i < text.length && !/\s|#/.test(text[i]!)) {
      let end = i;
      while (end < text.length && !/\s/.test(text[end]!)) end++;
      diagnostics.push(diagnostic("E0901", spanAt(i, end), `unexpected ${JSON.stringify(text.slice(i, end))} after token \`${m[1]}\``, { help: "separate tokens with spaces; write arguments as `Name(1,2)`" }));
      i = end;
      bad = true;
    }
    if (!bad) tokens.push({ variant: m[1]!, args, span: spanAt(start, i), argSpans });
  }
  return { tokens, diagnostics };
}
