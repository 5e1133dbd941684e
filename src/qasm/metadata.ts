// Pragmas and annotations: kept, not interpreted. The specification lets a compiler ignore the ones it
// does not understand; the importer understands none, so it hands them back to the caller
// (`ImportQasmResult.pragmas` / `.annotations`), each once, in source order — also those inside gate
// bodies, loops (not once per iteration) and branches not taken.

import type { Span } from "../syntax/span.js";
import type * as A from "./ast.js";

export interface QasmPragma { readonly text: string; readonly span: Span }
export interface QasmAnnotation { readonly name: string; readonly text: string; readonly span: Span }

export function collectMetadata(program: A.Program): { pragmas: QasmPragma[]; annotations: QasmAnnotation[] } {
  const pragmas: QasmPragma[] = [];
  const annotations: QasmAnnotation[] = [];
  // an explicit stack, not recursion: statement nesting is bounded only by the parser
  const stack: (readonly A.Stmt[])[] = [program.stmts];
  const found: A.Stmt[] = [];
  while (stack.length > 0) {
    for (const s of stack.pop()!) {
      if (s.kind === "pragma" || s.kind === "annotation") found.push(s);
      else if (s.kind === "gate" || s.kind === "def" || s.kind === "for" || s.kind === "while" || s.kind === "block" || s.kind === "box") stack.push(s.body);
      else if (s.kind === "switch") for (const c of s.cases) stack.push(c.body);
      else if (s.kind === "if") { stack.push(s.then); if (s.else) stack.push(s.else); }
    }
  }
  found.sort((a, b) => a.span.start - b.span.start);
  for (const s of found) {
    if (s.kind === "pragma") pragmas.push({ text: s.text, span: s.span });
    else if (s.kind === "annotation") annotations.push({ name: s.name, text: s.text, span: s.span });
  }
  return { pragmas, annotations };
}
