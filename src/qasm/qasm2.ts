// OpenQASM 2 mode: which statements of the (OpenQASM 3) syntax tree are not OpenQASM 2.
//
// After `OPENQASM 2.0;` the importer reads the program with OpenQASM 2's gate set (qelib1.ts) and
// refuses OpenQASM 3-only statements (E1001, with the OpenQASM 2 way to write them, or the advice to
// declare version 3). OpenQASM 2 statements have the same meaning in both versions, so once a
// statement passes this check it is lowered exactly as in OpenQASM 3.

import type { Span } from "../syntax/span.js";
import type * as A from "./ast.js";

export interface Qasm3Only { readonly span: Span; readonly what: string; readonly help: string }

const V3 = "declare `OPENQASM 3.0;` to use OpenQASM 3";

/** Why `s` is not an OpenQASM 2 statement, or undefined when it is (nested statements are checked when lowered). */
export function qasm3OnlyStatement(s: A.Stmt, inGate: boolean): Qasm3Only | undefined {
  switch (s.kind) {
    case "qubits":
      return s.style === "qubit" ? { span: s.span, what: "`qubit` declarations", help: `write \`qreg ${s.name.name || "q"}[n];\`, or ${V3}` } : undefined;
    case "classical":
      if (s.style !== "creg") return { span: s.span, what: "classical declarations other than `creg`", help: `OpenQASM 2 has only bit registers (\`creg c[n];\`); ${V3}` };
      if (s.init) return { span: s.span, what: "initialised `creg` declarations", help: "a creg starts at 0; remove the initialiser" };
      return undefined;
    case "ioQubit": return { span: s.span, what: "`input`/`output` declarations", help: V3 };
    case "assign": return { span: s.span, what: "assignments", help: s.value.k === "measure" ? "write `measure q -> c;`" : V3 };
    case "measure":
      return s.target ? undefined : { span: s.span, what: "`measure` without a target", help: "write `measure q -> c;`" };
    case "for": case "while": return { span: s.span, what: `\`${s.kind}\` loops`, help: `unroll the loop, or ${V3}` };
    case "def": case "return": return { span: s.span, what: "subroutines (`def`, `return`)", help: `use a \`gate\` definition, or ${V3}` };
    case "switch": return { span: s.span, what: "`switch`", help: "write one `if (c == n) …;` per case" };
    case "loopControl": return { span: s.span, what: `\`${s.word}\``, help: V3 };
    case "let": return { span: s.span, what: "`let` aliases", help: V3 };
    case "block": return { span: s.span, what: "blocks `{ … }` outside gate definitions", help: V3 };
    case "call":
      return s.mods.length > 0 ? { span: s.mods[0]!.span, what: "gate modifiers", help: `qelib1.inc has controlled gates (\`cx\`, \`cu3\`, \`ccx\`, …); or ${V3}` } : undefined;
    case "if": return inGate ? undefined : qasm2If(s);
    case "delay": case "box": case "nop":
      return { span: s.span, what: "timing (`delay`, `box`, durations)", help: V3 };
    default: return undefined;
  }
}

/** OpenQASM 2's `if` is `if (creg == integer) qop;`: one register, one integer, one quantum operation, no `else`. */
function qasm2If(s: A.Stmt & { kind: "if" }): Qasm3Only | undefined {
  const c = s.cond;
  const shape = c.k === "binary" && c.op === "==" && c.a.k === "ident" && c.b.k === "int";
  if (!shape) {
    return { span: c.span, what: "this `if` condition", help: "an OpenQASM 2 `if` compares a whole creg with an integer: `if (c == 1) x q[0];`" };
  }
  if (s.else) return { span: s.span, what: "`else`", help: "write a second `if` with the other value" };
  const body = s.then;
  if (body.length !== 1 || !["call", "measure", "reset"].includes(body[0]!.kind)) {
    return { span: s.span, what: "an `if` whose body is not one quantum operation", help: "write one `if (c == n) …;` per operation" };
  }
  return undefined;
}
