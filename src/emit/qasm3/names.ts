// Identifiers in emitted OpenQASM 3: valid, never a keyword or a built-in name, unique per scope.
//
// Sources for the reserved table: the OpenQASM 3 lexer grammar (openqasm/openqasm
// source/grammar/qasm3Lexer.g4: keywords, types, built-in gates and operations), the spec's built-in
// constants and functions, every gate of stdgates.inc, and what qsharp-lang (the QDK's OpenQASM front
// end) additionally refuses or predefines (checked empirically: `dim` lexes as the `#dim` keyword; `pi`,
// `tau`, `euler`, `U`, `CX` and stdgates names are "redefined symbol" errors; the QDK also predefines the
// Qiskit-compatibility gates listed below, which we avoid so that readers are never confused).
//
// Renaming is deterministic: a clashing or reserved name `n` becomes the first free one of `n_`, `n_2`,
// `n_3`, … (in the order names are claimed; the emitter claims in a fixed order).

import { GATE_SIGNATURES } from "../../ir/gate-signatures.js";

const KEYWORDS = [
  // keywords and statements
  "OPENQASM", "include", "defcalgrammar", "def", "cal", "defcal", "gate", "extern", "box", "let",
  "break", "continue", "if", "else", "end", "return", "for", "while", "in", "switch", "case", "default",
  "nop", "pragma",
  // types and type modifiers
  "input", "output", "const", "readonly", "mutable", "qreg", "qubit", "creg", "bool", "bit", "int",
  "uint", "float", "angle", "complex", "array", "void", "duration", "stretch",
  // built-in operations and modifiers
  "gphase", "inv", "pow", "ctrl", "negctrl", "durationof", "delay", "reset", "measure", "barrier",
  // literals and literal suffixes
  "true", "false", "im", "dt", "ns", "us", "ms", "s",
  // OpenQASM 2 leftovers some parsers still reserve
  "opaque", "U", "CX",
  // qsharp-lang quirk: `dim` is lexed as the `#dim` keyword
  "dim",
];

const CONSTANTS = ["pi", "π", "tau", "τ", "euler", "ℇ"];

const FUNCTIONS = [
  "arccos", "arcsin", "arctan", "ceiling", "cos", "exp", "floor", "log", "mod", "popcount", "pow",
  "rotl", "rotr", "sin", "sqrt", "tan", "sizeof", "real", "imag",
];

/** Gates the QDK predefines for Qiskit compatibility (besides stdgates.inc). */
const QDK_GATES = [
  "cu1", "cu3", "rxx", "ryy", "rzz", "dcx", "ecr", "r", "rzx", "cs", "csdg", "sxdg", "csx", "rccx",
  "c3sqrtx", "c3x", "rc3x", "xx_minus_yy", "xx_plus_yy", "ccz", "mresetz_checked", "postselectz",
];

/** Names a user identifier may never take. (Extra-gate names are reserved too: the emitter defines them.) */
export const RESERVED: ReadonlySet<string> = new Set([
  ...KEYWORDS, ...CONSTANTS, ...FUNCTIONS, ...QDK_GATES, ...GATE_SIGNATURES.keys(),
]);

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** True for an ASCII OpenQASM identifier that is not reserved. */
export function isSafeIdentifier(s: string): boolean {
  return IDENT.test(s) && !RESERVED.has(s);
}

/**
 * Maps any string to a syntactically valid ASCII identifier: runs of other characters become `_`,
 * a leading digit gets a `_` prefix, the empty string becomes `_`. (Reserved words are left to `Namer`.)
 */
export function sanitizeIdentifier(raw: string): string {
  let s = raw.replace(/[^A-Za-z0-9_]+/g, "_");
  if (s === "") s = "_";
  if (/^[0-9]/.test(s)) s = `_${s}`;
  return s;
}

/** A scope of claimed names. Child scopes see their parent's names as taken. */
export class Namer {
  private readonly taken = new Set<string>();

  constructor(private readonly parent?: Namer) {}

  isTaken(name: string): boolean {
    return RESERVED.has(name) || this.taken.has(name) || (this.parent?.isTaken(name) ?? false);
  }

  /** Claims the identifier for `raw` (sanitized, renamed on clash) and returns it. */
  claim(raw: string): string {
    const base = sanitizeIdentifier(raw);
    let name = base;
    for (let k = 1; this.isTaken(name); k++) name = k === 1 ? `${base}_` : `${base}_${k}`;
    this.taken.add(name);
    return name;
  }

  /** Claims an exact name the emitter owns (e.g. an extra gate it defines); throws if already taken. */
  claimExact(name: string): string {
    if (this.taken.has(name) || (this.parent?.isTaken(name) ?? false)) {
      throw new Error(`OpenQASM export: internal name clash on '${name}'`);
    }
    this.taken.add(name);
    return name;
  }

  child(): Namer {
    return new Namer(this);
  }
}
