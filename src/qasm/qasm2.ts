// OpenQASM 2 mode: which statements and expressions of the (OpenQASM 3) syntax tree are not OpenQASM 2.
//
// After `OPENQASM 2.0;` the importer reads the program with OpenQASM 2's gate set (qelib1.ts) and
// refuses OpenQASM 3-only statements, and OpenQASM 3-only parts of their expressions and operands (E1001,
// with the OpenQASM 2 way to write them, or the advice to declare version 3). OpenQASM 2 statements have
// the same meaning in both versions, so once a statement passes this check it is lowered as in OpenQASM
// 3 — but for two operators: `^` is a power (build.ts reads it as `**`, with OpenQASM 2's precedence) and
// `/` divides reals, also two integers (lower.ts).

import type { Span } from "../syntax/span.js";
import type * as A from "./ast.js";

export interface Qasm3Only { readonly span: Span; readonly what: string; readonly help: string }

const V3 = "declare `OPENQASM 3.0;` to use OpenQASM 3";

/**
 * Why `s` is not an OpenQASM 2 statement, or undefined when it is: its own expressions and operands are
 * checked too (nested statements are checked when lowered).
 */
export function qasm3OnlyStatement(s: A.Stmt, inGate: boolean): Qasm3Only | undefined {
  switch (s.kind) {
    case "qubits":
      return s.style === "qubit" ? { span: s.span, what: "`qubit` declarations", help: `write \`qreg ${s.name.name || "q"}[n];\`, or ${V3}` } : size(s.size, `qreg ${s.name.name}`, s.span);
    case "classical":
      if (s.style !== "creg") return { span: s.span, what: "classical declarations other than `creg`", help: `OpenQASM 2 has only bit registers (\`creg c[n];\`); ${V3}` };
      if (s.init) return { span: s.span, what: "initialised `creg` declarations", help: "a creg starts at 0; remove the initialiser" };
      return size(s.type?.size, `creg ${s.name.name}`, s.span);
    case "ioQubit": return { span: s.span, what: "`input`/`output` declarations", help: V3 };
    case "assign": return { span: s.span, what: "assignments", help: s.value.k === "measure" ? "write `measure q -> c;`" : V3 };
    case "measure":
      if (!s.target) return { span: s.span, what: "`measure` without a target", help: "write `measure q -> c;`" };
      return operand(s.operand) ?? operand(s.target);
    case "reset": case "barrier": return firstOf(s.operands, operand);
    case "for": case "while": return { span: s.span, what: `\`${s.kind}\` loops`, help: `unroll the loop, or ${V3}` };
    case "def": case "return": return { span: s.span, what: "subroutines (`def`, `return`)", help: `use a \`gate\` definition, or ${V3}` };
    case "switch": return { span: s.span, what: "`switch`", help: "write one `if (c == n) …;` per case" };
    case "loopControl": return { span: s.span, what: `\`${s.word}\``, help: V3 };
    case "let": return { span: s.span, what: "`let` aliases", help: V3 };
    case "block": return { span: s.span, what: "blocks `{ … }` outside gate definitions", help: V3 };
    case "call":
      if (s.mods.length > 0) return { span: s.mods[0]!.span, what: "gate modifiers", help: `qelib1.inc has controlled gates (\`cx\`, \`cu3\`, \`ccx\`, …); or ${V3}` };
      return firstOf(s.args, (e) => qasm3OnlyExpression(e, inGate)) ?? firstOf(s.operands, operand);
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
  const n = qasm3OnlyExpression(c.b);
  if (n) return n;
  if (s.else) return { span: s.span, what: "`else`", help: "write a second `if` with the other value" };
  const body = s.then;
  if (body.length !== 1 || !["call", "measure", "reset"].includes(body[0]!.kind)) {
    return { span: s.span, what: "an `if` whose body is not one quantum operation", help: "write one `if (c == n) …;` per operation" };
  }
  return qasm3OnlyStatement(body[0]!, false); // here: a body whose condition is false at import time is not lowered
}

/** OpenQASM 2's functions (arXiv:1707.03429's `unaryop`); `ln` is lowered as OpenQASM 3's `log`. */
const FUNCTIONS = new Set(["sin", "cos", "tan", "exp", "ln", "sqrt"]);

/** The constants OpenQASM 3 added (OpenQASM 2 has `pi` only), as OpenQASM 2 writes them. */
const CONSTANTS: ReadonlyMap<string, string> = new Map([["tau", "2*pi"], ["τ", "2*pi"], ["π", "pi"], ["euler", "exp(1)"], ["ℇ", "exp(1)"]]);

/**
 * Why `e` is not an OpenQASM 2 expression, or undefined when it is (the first offending part, outermost
 * first). OpenQASM 2's `exp` has decimal integer and real literals, `pi`, gate parameters, `+ - * /`,
 * `^` (power: the builder reads it as `**`), unary minus, parentheses and the six `FUNCTIONS`. Outside
 * gate definitions (`inGate` false) there are no parameters: a name there is a register, which OpenQASM 3
 * would read as a number.
 */
export function qasm3OnlyExpression(e: A.Expr, inGate = true): Qasm3Only | undefined {
  const sub = (x: A.Expr) => qasm3OnlyExpression(x, inGate);
  switch (e.k) {
    case "int": case "float": {
      if (e.text.includes("_")) return { span: e.span, what: "`_` in numbers", help: `write \`${e.text.replaceAll("_", "")}\`` };
      return e.k === "int" && !/^\d+$/.test(e.text) ? { span: e.span, what: "hexadecimal, octal and binary integers", help: `write \`${e.v}\`` } : undefined;
    }
    case "ident":
      if (CONSTANTS.has(e.name)) return { span: e.span, what: `the constant \`${e.name}\``, help: `write \`${CONSTANTS.get(e.name)}\`` };
      return inGate || e.name === "pi" ? undefined
        : { span: e.span, what: `a name (\`${e.name}\`) in an expression outside a gate definition`, help: "there OpenQASM 2 expressions hold numbers and `pi` only; a creg is read only by `if (c == n)`" };
    case "call":
      if (!FUNCTIONS.has(e.name.name)) {
        const help = e.name.name === "log" ? "write `ln(x)`" : e.name.name === "pow" ? "write `a ^ b`" : `OpenQASM 2 has sin, cos, tan, exp, ln and sqrt; or ${V3}`;
        return { span: e.name.span, what: `the function \`${e.name.name}\``, help };
      }
      return firstOf(e.args, sub);
    case "binary":
      if (e.op === "**" && !e.written) return { span: e.span, what: "`**`", help: "OpenQASM 2 writes a power `a ^ b`" };
      if (!["+", "-", "*", "/", "**"].includes(e.op)) return { span: e.span, what: `the operator \`${e.op}\``, help: `OpenQASM 2 has + - * / and ^ (power); ${V3}` };
      return sub(e.a) ?? sub(e.b);
    case "unary": return e.op === "-" ? sub(e.a) : { span: e.span, what: `the operator \`${e.op}\``, help: `OpenQASM 2 has a unary minus only; ${V3}` };
    case "paren": return sub(e.a);
    case "bool": return { span: e.span, what: "`true` and `false`", help: V3 };
    case "string": return { span: e.span, what: "bit-string literals", help: V3 };
    case "duration": return { span: e.span, what: "durations", help: V3 };
    case "cast": return { span: e.span, what: "casts", help: V3 };
    case "index": return { span: e.span, what: "indexing in an expression", help: `OpenQASM 2 reads a creg only by \`if (c == n)\`; ${V3}` };
    case "imag": return { span: e.span, what: "complex numbers", help: V3 };
    case "durationof": return { span: e.span, what: "timing (`durationof`)", help: V3 };
    case "arrayLit": return { span: e.span, what: "array literals", help: V3 };
    case "unsupported": return { span: e.span, what: e.what, help: V3 };
    case "error": return undefined;
  }
}

/** OpenQASM 2's `argument`: `q` or `q[n]`, n a decimal integer. */
function operand(o: A.Operand): Qasm3Only | undefined {
  if (o.k === "hardware") return { span: o.span, what: "physical qubits (`$n`)", help: "declare a `qreg` and use its qubits" };
  const ix = o.indices[0];
  if (!ix) return undefined;
  const item = ix.k === "items" && ix.items.length === 1 ? ix.items[0] : undefined;
  if (o.indices.length === 1 && item?.k === "single" && item.e.k === "int") return qasm3OnlyExpression(item.e);
  return { span: ix.span, what: "slices, index sets and computed or negative indices", help: `an OpenQASM 2 index is one integer (\`q[2]\`), or none for the whole register; ${V3}` };
}

/** `qreg q[n];` / `creg c[n];` (`decl` is `qreg q` / `creg c`): n a decimal integer. */
function size(n: A.Expr | undefined, decl: string, span: Span): Qasm3Only | undefined {
  if (!n) return { span, what: "registers without a size", help: `write \`${decl}[1];\`` };
  return n.k === "int" || n.k === "error" ? qasm3OnlyExpression(n) : { span: n.span, what: "computed register sizes", help: "an OpenQASM 2 register size is an integer: `qreg q[2];`" };
}

function firstOf<T>(xs: readonly T[], f: (x: T) => Qasm3Only | undefined): Qasm3Only | undefined {
  for (const x of xs) {
    const r = f(x);
    if (r) return r;
  }
  return undefined;
}
