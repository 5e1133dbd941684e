// Physical qubits `$0`, `$1`, …: the importer maps them to one register named `$` at the front of the
// circuit, so that `$n` is circuit qubit n; the register's size is the largest index used plus one
// (found by this pre-pass before lowering, since uses may come anywhere). Declared registers follow it.

import type { Span } from "../syntax/span.js";
import type * as A from "./ast.js";

/** The register's name in `Circuit.registers` (not an identifier, so it cannot clash with a declared one). */
export const PHYSICAL_REGISTER = "$";

/** The largest physical qubit index in the program and where it is used, or undefined if none is. */
export function largestPhysicalQubit(program: A.Program): { index: number; span: Span } | undefined {
  let best: { index: number; span: Span } | undefined;
  const see = (o: A.Operand | undefined) => {
    if (o?.k !== "hardware") return;
    const index = Number(o.text.slice(1));
    if (!best || index > best.index) best = { index, span: o.span };
  };
  const stack: (readonly A.Stmt[])[] = [program.stmts];
  while (stack.length > 0) {
    for (const s of stack.pop()!) {
      switch (s.kind) {
        case "call": case "reset": case "barrier": case "delay": case "nop": s.operands.forEach(see); break;
        case "let": s.parts.forEach(see); break;
        case "measure": see(s.operand); see(s.target); break;
        case "classical": if (s.init?.k === "measure") see(s.init.operand); break;
        case "assign": see(s.target); if (s.value.k === "measure") see(s.value.operand); break;
        case "gate": case "def": case "for": case "while": case "block": case "box": stack.push(s.body); break;
        case "switch": for (const c of s.cases) stack.push(c.body); break;
        case "if": stack.push(s.then); if (s.else) stack.push(s.else); break;
        default: break;
      }
    }
  }
  return best;
}
