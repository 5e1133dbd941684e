// OpenQASM 3 text → AST + syntax diagnostics (E1001). Never throws: every lexing or parsing problem is a
// coded diagnostic with a span, and the (partial) tree is still returned so the lowering can report more.

import type { IToken } from "chevrotain";
import { screenTokens } from "../syntax/screen-tokens.js";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { Span } from "../syntax/span.js";
import type { Program, Stmt } from "./ast.js";
import { LineIndex, QasmAstBuilder } from "./build.js";
import { parseQasmTokens } from "./parser.js";
import { qasmLexer } from "./tokens.js";

/** Brackets nested deeper than this are refused up front (every pass recurses on nesting). */

export interface QasmParseResult {
  readonly program: Program;
  readonly diagnostics: Diagnostic[];
  /** Offsets of the tokens around each syntax error (statements there are not checked further). */
  readonly syntaxErrorsAt: readonly number[];
}

/** Piece and chunk sizes (defaults CHUNK_CHARS, CHUNK_TOKENS; tests use tiny ones). */
export interface ChunkSizes { readonly chars?: number; readonly tokens?: number }

export function parseQasm(text: string, file: string, sizes: ChunkSizes = {}): QasmParseResult {
  const diagnostics: Diagnostic[] = [];
  const stmts: Stmt[] = [];
  const syntaxErrorsAt: number[] = [];
  const lines = new LineIndex(text);
  const qasm2 = declaresQasm2(text);
  const builder = new QasmAstBuilder(file, [], diagnostics, lines, qasm2);
  let lastError: number | undefined;
  try {
    // Lex, parse and build one piece of whole top-level statements at a time: the tokens and the CST of
    // a 10^5-line program would take gigabytes, its AST does not.
    for (const piece of splitTopLevel(text, sizes.chars ?? CHUNK_CHARS)) {
      const tokens = lexPiece(text, piece, file, builder, diagnostics);
      if (!tokens) return { program: { stmts: [] }, diagnostics, syntaxErrorsAt: [] };
      for (const chunk of topLevelChunks(tokens, sizes.tokens ?? CHUNK_TOKENS)) {
        lastError = undefined; // pieces and chunks end at statement boundaries
        const parsed = parseQasmTokens(chunk);
        for (const e of parsed.errors) {
          for (const t of [e.token, e.previousToken]) if (t && Number.isFinite(t.startOffset)) syntaxErrorsAt.push(t.startOffset);
          // one error per statement: after a syntax error, recovery often trips over the rest of the
          // same statement; report again only once a `;` or `}` has been passed
          const at = Number.isFinite(e.token.startOffset) ? e.token.startOffset : text.length;
          if (lastError !== undefined && !boundaryBetween(chunk, lastError, at)) continue;
          lastError = at;
          diagnostics.push(syntaxDiagnostic(e.message, e.token, e.previousToken, text, file, builder));
        }
        const b = new QasmAstBuilder(file, chunk, diagnostics, lines, qasm2);
        for (const st of b.program(parsed.cst).stmts) stmts.push(st);
      }
    }
    return { program: { stmts }, diagnostics, syntaxErrorsAt };
  } catch (err) {
    // Chevrotain should never throw on input; deep statement nesting (`if (a) if (b) …` without braces)
    // can exhaust the stack. Report it as a diagnostic, not a crash.
    const deep = err instanceof RangeError;
    diagnostics.push(diagnostic("E1001", { file, start: 0, end: Math.min(1, text.length), line: 1, col: 1 },
      deep ? "the program is nested too deeply to parse" : `internal error: the parser failed: ${(err as Error).message}`,
      deep ? { help: "use blocks `{ … }` instead of long chains of nested statements" } : {}));
    return { program: { stmts: [] }, diagnostics, syntaxErrorsAt: [] };
  }
}

/**
 * Whether the program starts (after comments) with `OPENQASM 2.0;`: decided on the text up front, so
 * that every piece is built alike (OpenQASM 2 reads `^` as a power).
 */
export function declaresQasm2(text: string): boolean {
  return /^(?:\s|\/\/[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*OPENQASM\s+2(?:\.0)?\s*;/.test(text.slice(0, 4096));
}

/** A piece of the text: it starts at the beginning of line `line` (1-based), at offset `start`. */
interface Piece { readonly start: number; readonly end: number; readonly line: number }

/** Characters per lexed piece (a piece ends at the first line end after a statement past this size). */
const CHUNK_CHARS = 1 << 16;

/**
 * Splits the text into pieces that end after a line whose last significant character is a `;` or `}`
 * at brace depth 0, outside comments and strings, where the next significant text is not `else`. Each
 * piece lexes and parses exactly as it would within the whole text. (Broken input — an unterminated
 * comment, unbalanced braces — only makes the pieces longer.)
 */
export function splitTopLevel(text: string, size: number): Piece[] {
  const pieces: Piece[] = [];
  let start = 0, startLine = 1, line = 1, depth = 0, last = "";
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text[i]!;
    if (c === "/" && text[i + 1] === "/") {
      const nl = text.indexOf("\n", i);
      i = (nl < 0 ? n : nl) - 1;
      continue;
    }
    if (c === "/" && text[i + 1] === "*") {
      const close = text.indexOf("*/", i + 2);
      if (close < 0) break;
      for (let j = i; j < close; j++) if (text.charCodeAt(j) === 10) line++;
      i = close + 1;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < n && text[j] !== c && text[j] !== "\n") j++;
      if (text[j] === "\n") { i = j - 1; continue; } // unterminated: the line end is handled next
      i = j;
      last = c;
      continue;
    }
    if (c === "{") depth++;
    else if (c === "}") depth = Math.max(0, depth - 1);
    if (c === "\n") {
      line++;
      if (depth === 0 && (last === ";" || last === "}") && i + 1 - start >= size && !startsWithElse(text, i + 1)) {
        pieces.push({ start, end: i + 1, line: startLine });
        start = i + 1;
        startLine = line;
      }
      continue;
    }
    if (c !== " " && c !== "\t" && c !== "\r") last = c;
  }
  pieces.push({ start, end: n, line: startLine });
  return pieces;
}

/** Whether the next significant text after `i` (skipping whitespace and comments) is the word `else`. */
function startsWithElse(text: string, i: number): boolean {
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (text.startsWith("//", i)) { const nl = text.indexOf("\n", i); if (nl < 0) return false; i = nl + 1; continue; }
    if (text.startsWith("/*", i)) { const close = text.indexOf("*/", i + 2); if (close < 0) return false; i = close + 2; continue; }
    return /^else(?![A-Za-z0-9_])/.test(text.slice(i, i + 5));
  }
}

/**
 * Lexes one piece, with positions in the whole text; reports lexing errors. Undefined when brackets
 * nest absurdly deep (reported: recursive descent, and every pass after it, recurses on nesting).
 */
function lexPiece(text: string, piece: Piece, file: string, builder: QasmAstBuilder, diagnostics: Diagnostic[]): IToken[] | undefined {
  const whole = piece.start === 0 && piece.end === text.length;
  const lexed = qasmLexer.tokenize(whole ? text : text.slice(piece.start, piece.end));
  const dl = piece.line - 1;
  for (const e of lexed.errors) {
    const offset = e.offset + piece.start;
    const span: Span = { file, start: offset, end: offset + 1, line: (e.line ?? 1) + dl, col: e.column ?? 1 };
    const ch = String.fromCodePoint(text.codePointAt(offset) ?? 0xfffd);
    diagnostics.push(diagnostic("E1001", span, `unexpected character ${JSON.stringify(ch)}`, {
      label: "not part of OpenQASM 3",
      help: "identifiers are letters, digits and `_`; strings use double quotes",
    }));
  }
  if (!whole) {
    for (const t of lexed.tokens) {
      t.startOffset += piece.start;
      if (t.endOffset !== undefined) t.endOffset += piece.start;
      if (t.startLine !== undefined) t.startLine += dl;
      if (t.endLine !== undefined) t.endLine += dl;
    }
  }
  return screenTokens(lexed.tokens, { unterminated: "E1001", tooDeep: "E1001" }, (t) => builder.tokenSpan(t), diagnostics);
}

const BOUNDARIES: ReadonlySet<string> = new Set(["Semicolon", "RBrace", "Pragma", "Annotation"]);

/** A `;`, `}`, pragma or annotation at an offset in [from, to) (`from` itself counts: the error token may be the boundary). */
function boundaryBetween(tokens: readonly IToken[], from: number, to: number): boolean {
  if (to <= from) return false;
  return tokens.some((t) => t.startOffset >= from && t.startOffset < to && BOUNDARIES.has(t.tokenType.name));
}

/** Tokens per parsed chunk (a chunk ends at the first statement boundary after this many tokens). */
const CHUNK_TOKENS = 4096;

/**
 * Splits tokens at top-level statement boundaries: after a `;` or a `}` at brace depth 0 that is not
 * followed by `else`, and after a pragma or annotation line. Unbalanced braces (a syntax error) only make
 * chunks longer; each chunk parses exactly as it would within the whole file.
 */
export function topLevelChunks(tokens: readonly IToken[], size: number): IToken[][] {
  const chunks: IToken[][] = [];
  let start = 0;
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const name = tokens[i]!.tokenType.name;
    if (name === "LBrace") depth++;
    else if (name === "RBrace") depth = Math.max(0, depth - 1);
    if (i + 1 - start < size || depth > 0) continue;
    const boundary = name === "Semicolon" || name === "RBrace" || name === "Pragma" || name === "Annotation";
    if (boundary && tokens[i + 1]?.tokenType.name !== "Kw_else") {
      chunks.push(tokens.slice(start, i + 1));
      start = i + 1;
    }
  }
  if (start < tokens.length || chunks.length === 0) chunks.push(tokens.slice(start));
  return chunks;
}

function syntaxDiagnostic(message: string, token: IToken, previous: IToken | undefined, text: string, file: string, b: QasmAstBuilder): Diagnostic {
  const atEof = token.tokenType.name === "EOF" || !Number.isFinite(token.startOffset);
  const found = atEof ? "end of file" : `'${token.image.length > 40 ? token.image.slice(0, 37) + "..." : token.image}'`;
  const mismatch = /^Expecting (?:token of type )?--> (.*?) <-- but found/.exec(message);
  if ((mismatch && mismatch[1] === "EOF") || /^Redundant input, expecting EOF/.test(message)) {
    return diagnostic("E1001", spanOf(token, text, file, b), `unexpected ${found}`, { label: "no statement starts like this", help: STATEMENT_HELP });
  }
  if (mismatch) {
    const expected = mismatch[1]!;
    // A missing `;`, `)` … reads best pointed at the end of what came before it.
    if (previous && Number.isFinite(previous.startOffset) && (atEof || /^'[;)\]}]'$/.test(expected))) {
      const end = (previous.endOffset ?? previous.startOffset) + 1;
      const pos = b.tokenSpan(previous);
      const span: Span = { file, start: end - 1, end, line: pos.line, col: pos.col + (end - 1 - previous.startOffset) };
      const operandNext = expected === "';'" && !atEof && token.tokenType.name === "Identifier" &&
        (previous.tokenType.name === "Identifier" || previous.tokenType.name === "RBracket") && previous.startLine === token.startLine;
      return diagnostic("E1001", span, `expected ${expected}, found ${found}`, {
        label: `expected ${expected} after this`,
        ...(operandNext ? { help: "separate qubit operands with `,`" } : {}),
      });
    }
    return diagnostic("E1001", spanOf(token, text, file, b), `expected ${expected}, found ${found}`, { label: "unexpected here" });
  }
  const expecting = /one of these possible Token sequences:?:?\n([\s\S]*?)\nbut found/.exec(message)?.[1];
  const firsts = expecting
    ? [...new Set([...expecting.matchAll(/\[([^\],]+)/g)].map((m) => m[1]!.trim()))].filter((f) => f !== "UnsupportedKw").slice(0, 6)
    : [];
  const alternatives = expecting ? expecting.split("\n").length : 0;
  return diagnostic("E1001", spanOf(token, text, file, b), `unexpected ${found}`, {
    label: "unexpected here",
    ...(alternatives > 12 ? { help: STATEMENT_HELP } : firsts.length ? { help: `expected ${firsts.join(", ")}` } : {}),
  });
}

const STATEMENT_HELP = "a statement starts with a declaration (`qubit[2] q;`, `bit c;`, `const …`), a gate application (`h q[0];`), " +
  "an assignment, `measure`, `reset`, `barrier`, `if`, `for`, `let`, `gate` or `include`";

function spanOf(token: IToken, text: string, file: string, b: QasmAstBuilder): Span {
  if (Number.isFinite(token.startOffset)) return b.tokenSpan(token);
  // End of file: point just past the last character.
  const lines = text.split("\n");
  const last = lines[lines.length - 1] ?? "";
  return { file, start: text.length, end: text.length + 1, line: lines.length, col: last.length + 1 };
}
