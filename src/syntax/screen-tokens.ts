// Screening a lexed token stream before parsing, shared by the .qseq and OpenQASM front ends:
// unterminated strings and block comments become diagnostics (and are dropped), and absurd bracket
// nesting is refused up front — recursive descent, and every pass after it, recurses on nesting.

import type { IToken } from "chevrotain";
import type { Code } from "../diagnostics/catalogue.js";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { Span } from "./span.js";

export const MAX_NESTING = 256;

export interface ScreenCodes {
  /** Code for an unterminated string or block comment. */
  readonly unterminated: Code;
  /** Code for nesting deeper than MAX_NESTING. */
  readonly tooDeep: Code;
}

/** The tokens to parse, or undefined when nesting is too deep (reported). */
export function screenTokens(tokens: readonly IToken[], codes: ScreenCodes, spanOf: (t: IToken) => Span, diagnostics: Diagnostic[]): IToken[] | undefined {
  const out: IToken[] = [];
  let depth = 0;
  for (const t of tokens) {
    const name = t.tokenType.name;
    if (name === "UnterminatedString" || name === "UnterminatedComment") {
      const span = spanOf(t);
      const string = name === "UnterminatedString";
      diagnostics.push(diagnostic(codes.unterminated, { ...span, end: Math.min(span.end, span.start + (string ? 1 : 2)) },
        string ? "unterminated string literal" : "unterminated block comment",
        { label: "starts here", help: string ? "close the string with `\"` on the same line" : "close the comment with `*/`" }));
      continue;
    }
    if (name === "LParen" || name === "LBracket" || name === "LBrace") depth++;
    else if (name === "RParen" || name === "RBracket" || name === "RBrace") depth = Math.max(0, depth - 1);
    if (depth > MAX_NESTING) {
      diagnostics.push(diagnostic(codes.tooDeep, spanOf(t), `brackets nested more than ${MAX_NESTING} deep`, { label: "too deep", help: "split the expression or block" }));
      return undefined;
    }
    out.push(t);
  }
  return out;
}
