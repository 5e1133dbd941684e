// Text → AST + syntax diagnostics. Never throws: every lexing or parsing problem becomes a coded
// diagnostic with a span, and the (partial) tree is still returned for the checker and the editor.

import type { IToken } from "chevrotain";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { SourceFile } from "./ast.js";
import { AstBuilder } from "./build.js";
import { parseTokens } from "./parser.js";
import type { Span } from "./span.js";
import { screenTokens } from "./screen-tokens.js";
import { qseqLexer } from "./tokens.js";

export interface ParseResult {
  readonly ast: SourceFile;
  readonly diagnostics: Diagnostic[];
  /** Comments in source order (for the formatter). */
  readonly comments: readonly IToken[];
}

export function parseSource(text: string, file: string): ParseResult {
  const diagnostics: Diagnostic[] = [];
  const lexed = qseqLexer.tokenize(text);
  const builder = new AstBuilder(file, text);

  for (const e of lexed.errors) {
    const span: Span = { file, start: e.offset, end: e.offset + Math.max(1, e.length), line: e.line ?? 1, col: e.column ?? 1 };
    const ch = text.slice(e.offset, e.offset + 1);
    diagnostics.push(diagnostic("E0101", { ...span, end: e.offset + 1 }, `unexpected character ${JSON.stringify(ch)}`, {
      label: "not part of the language",
      help: "identifiers are letters, digits and `_`; strings use double quotes",
    }));
  }
  const comments = (lexed.groups["comments"] ?? []) as IToken[];
  const tokens = screenTokens(lexed.tokens, { unterminated: "E0102", tooDeep: "E0103" }, (t) => builder.tokenSpan(t), diagnostics);
  if (!tokens) return { ast: { path: file, imports: [], decls: [] }, diagnostics, comments };

  let cst;
  try {
    const parsed = parseTokens(tokens);
    cst = parsed.cst;
    for (const e of parsed.errors) diagnostics.push(syntaxDiagnostic(e.message, e.token, e.previousToken, text, file, builder));
  } catch (err) {
    // Chevrotain should never throw on input; if it does, report it as a diagnostic, not a crash.
    diagnostics.push(diagnostic("E0103", { file, start: 0, end: 0, line: 1, col: 1 }, `the parser failed: ${(err as Error).message}`));
    return { ast: { path: file, imports: [], decls: [] }, diagnostics, comments };
  }
  return { ast: builder.file(cst, comments), diagnostics, comments };
}

function syntaxDiagnostic(message: string, token: IToken, previous: IToken | undefined, text: string, file: string, b: AstBuilder): Diagnostic {
  const atEof = token.tokenType.name === "EOF" || !Number.isFinite(token.startOffset);
  const found = atEof ? "end of file" : `'${token.image}'`;
  const mismatch = /^Expecting (?:token of type )?--> (.*?) <-- but found/.exec(message);
  if (mismatch) {
    const expected = mismatch[1]!;
    // A missing `;`, `)` … reads best pointed at the end of what came before it.
    if (previous && Number.isFinite(previous.startOffset) && (atEof || /^'[;)\]}]'$/.test(expected))) {
      const end = (previous.endOffset ?? previous.startOffset) + 1;
      const pos = b.tokenSpan(previous);
      const span: Span = { file, start: end - 1, end, line: pos.line, col: pos.col + (end - 1 - previous.startOffset) };
      return diagnostic("E0103", span, `expected ${expected}, found ${found}`, { label: `expected ${expected} after this` });
    }
    return diagnostic("E0103", spanOf(token, text, file, b), `expected ${expected}, found ${found}`, { label: "unexpected here" });
  }
  const expecting = /one of these possible Token sequences:\n([\s\S]*?)\nbut found/.exec(message)?.[1];
  const firsts = expecting
    ? [...new Set([...expecting.matchAll(/\[([^\],]+)/g)].map((m) => m[1]!.trim()))].slice(0, 6)
    : [];
  return diagnostic("E0103", spanOf(token, text, file, b), `unexpected ${found}`, {
    label: "unexpected here",
    ...(firsts.length ? { help: `expected ${firsts.join(", ")}` } : {}),
  });
}

function spanOf(token: IToken, text: string, file: string, b: AstBuilder): Span {
  if (Number.isFinite(token.startOffset)) return b.tokenSpan(token);
  // End of file: point just past the last character.
  const lines = text.split("\n");
  const last = lines[lines.length - 1] ?? "";
  return { file, start: text.length, end: text.length + 1, line: lines.length, col: last.length + 1 };
}
