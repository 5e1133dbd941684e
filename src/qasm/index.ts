// OpenQASM 3 import: program text → circuit IR (src/ir/circuit.ts), with diagnostics E1001–E1006.
//
// API
//   importQasm(text, file, opts?) → { circuit?, diagnostics }
// never throws; `circuit` is present exactly when there is no error. Every diagnostic has a code and a
// span in `file` (render them with src/diagnostics/render.ts, the source text under the name `file`).
//
// Supported subset (everything else is E1002, naming the construct — nothing is guessed or dropped):
// - `OPENQASM 3;` / `OPENQASM 3.x;` (optional, first), `include "stdgates.inc";`, `//` and `/* */` comments.
// - `qubit q;`, `qubit[n] q;`, `qreg q[n];` (top level); `bit b;`, `bit[n] c;`, `creg c[n];` with optional
//   initialisers (`= 0`, `= "0101"` — leftmost character = highest index —, `= measure q`);
//   `output bit …`; `input float[64|32] x;`, `input angle[n] x;`, `input int/uint/bool/bit x;`;
//   `const` and plain `int`/`uint`/`float`/`angle`/`bool` scalars with compile-time values (assignment and
//   compound assignment included); `let` aliases of qubits or bits (`++` concatenation).
// - Gates: `U`, `gphase` (no qubit operands but the controls of `ctrl @ gphase(a) q`), every stdgates.inc
//   gate, the qseq extras rxx ryy rzz sxdg iswap ccz (known to the QDK as well; available after the
//   include), `gate` definitions (→ `GateDef`,
//   calls → `CallOp`; definitions call earlier ones; a user definition of an extra's name takes precedence
//   over the catalogue), modifiers `ctrl`, `ctrl(n)`, `negctrl(n)`, `inv`, `pow(k)` with compile-time k.
//   Broadcasting over registers of equal size (single qubits repeat). Gate semantics are the catalogue's
//   (src/ir/gates.ts), which follows the OpenQASM 3 specification and stdgates.inc exactly.
// - `measure` (`c[0] = measure q[0];`, `c = measure q;`, `measure q -> c;`, `measure q;`), `reset`, `barrier`.
// - `if (…) … else …` on measured bits: `c[0] == 1`, `c[0]`, `!c[0]`, `c == 5` (a conjunction over the
//   register's bits, c[0] least significant as the specification says — qsharp-lang reads c[0] as the most
//   significant bit here, see test/qasm/qsharp.test.ts), `&&`, `||`, `!` — as long as the condition is a
//   conjunction of bit tests or the negation of one (→ `IfOp`, branches swapped for a negation).
//   Conditions on constants are decided at import time: only the branch taken is lowered (and checked).
// - `for int i in [a:b]` / `[a:s:b]` (inclusive, as in OpenQASM 3) / `{v, …}` with compile-time values:
//   unrolled (the unrolled size is bounded by `limits.maxOps`, E1006; a loop of no iterations is not checked).
// - Expressions: + - * / % ** (integer division truncates), comparisons, && || !, bitwise ops on integers,
//   casts, `pi`/`π`, `tau`/`τ`, `euler`/`ℇ`, sin cos tan arcsin arccos arctan exp ln log sqrt floor
//   ceiling pow mod; indices (negative from the end), slices `q[a:b]`, `q[a:s:b]`, index sets `q[{0, 2}]`.
//
// Semantics and conventions
// - Qubits start in |0⟩ and classical bits at 0. Registers keep their declaration order and names
//   (`Circuit.registers`, role "hidden"); the circuit's name is the file name without its extension.
// - Gate parameters are real numbers (as in the catalogue). Values stored in `angle` variables are
//   reduced into [0, 2π) (`angle[n]`: rounded to the nearest multiple of 2π/2^n); `float[32]` rounds
//   to single precision; `int[n]`/`uint[n]` wrap. Integer `/` truncates (so `1/2` is 0, as specified).
// - Classical bits are single-assignment in the IR: each measurement writes a fresh IR bit and the
//   importer tracks which IR bit each program bit holds. Inside an `if` on measured bits, a bit may be
//   (re)written by a measurement in one branch only, and only if it held no measurement result before
//   (then the IR bit is 0 on the other path, as in the program); anything else is E1002. Classical
//   scalars cannot be assigned inside such an `if`.
// - Outputs: every `output bit` / `output bit[n]` declaration becomes a `bits` output (declaration order,
//   `array` true for `bit[n]`). Without any `output`, every top-level bit register that some measurement
//   wrote becomes an output, in declaration order (a scalar `bit` has `array` false). Output bits that were
//   never measured read 0 (one shared, never-written IR bit); an output holding the constant 1 is E1002.
//   All outputs have `step` 0 and the circuit has 1 step.
// - Inputs: `opts.bind` gives values by name (a name the program does not declare as `input` is E1003).
//   With `inputsAsParams`, every `input float`/`input angle` instead becomes a circuit param
//   (`ParamInfo` named like the input, index [], type float/angle, init = the bound value or 0), so a
//   simulator can bind it late; an `angle` input is used as x − 2π·floor(x/2π). Other inputs (int, uint,
//   bool, bit) must be bound; unbound inputs are E1005. Values that must be known at import time (sizes,
//   indices, loop bounds, `pow` exponents, conditions) cannot depend on a param (E1002). Param values are
//   not rounded to the declared width (`float[32]`, `angle[n]`); bound values are.
// - Programs written by our emitter (src/emit/qasm3/emit.ts) import back to a circuit with the same
//   distribution over its outputs: output k with bits is the emitter's `y<k>`/`e<k>` declaration (in
//   order; an output without bits is not declared, so later ones move up), an expectation output `e<k>`
//   comes back as the measured bits of its Pauli factors, and the `input float[64]` declarations of an
//   unbound export come back as params (with `inputsAsParams`) in `Circuit.params` order.
// - Diagnostics: sorted by position. Syntax errors (E1001) are reported once per statement (recovery
//   resumes at the next `;` or `}`); statements a syntax error broke are not checked further, so every
//   later diagnostic is about a well-formed statement. Common OpenQASM 2 habits (`qubit q[2];`, `CNOT`,
//   `cnot`, missing `,` between operands) get a help line saying what to write.
//
// Not supported (E1002): `while`, `def`/`extern`/`return`, `break`/`continue`/`end`, `switch`, timing
// (`delay`, `box`, durations, `stretch`), pulse-level `cal`/`defcal`, `complex`, arrays, physical qubits
// `$n`, pragmas and annotations, `input`/`output` of qubits or of non-bit outputs, includes other than
// stdgates.inc, OpenQASM 2 (`OPENQASM 2.0;`, qelib1.inc), non-constant `pow`, loops over registers,
// classical computation on measurement results beyond `if` conditions.

import { basename, extname } from "node:path";
import type { Circuit } from "../ir/circuit.js";
import { diagnostic, sortDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.js";
import { lowerProgram, DEFAULT_QASM_LIMITS, type QasmLimits } from "./lower.js";
import { parseQasm } from "./parse.js";

export { DEFAULT_QASM_LIMITS, type QasmLimits } from "./lower.js";

export interface ImportQasmOptions {
  /** Values of `input` variables, by name. */
  readonly bind?: ReadonlyMap<string, number>;
  /** Keep `input float`/`input angle` variables as circuit params (init from `bind`, else 0). */
  readonly inputsAsParams?: boolean;
  /** Size limits (default DEFAULT_QASM_LIMITS). */
  readonly limits?: Partial<QasmLimits>;
}

export interface ImportQasmResult {
  /** The circuit, present exactly when no error was reported. */
  readonly circuit?: Circuit;
  /** Sorted by position. */
  readonly diagnostics: Diagnostic[];
}

/** Imports an OpenQASM 3 program. Never throws. */
export function importQasm(text: string, file: string, opts: ImportQasmOptions = {}): ImportQasmResult {
  const diagnostics: Diagnostic[] = [];
  try {
    const parsed = parseQasm(text, file);
    diagnostics.push(...parsed.diagnostics);
    const name = basename(file, extname(file)) || "qasm";
    const circuit = lowerProgram(parsed.program, {
      name, file, syntaxErrorsAt: parsed.syntaxErrorsAt,
      ...(opts.bind ? { bind: opts.bind } : {}),
      ...(opts.inputsAsParams ? { inputsAsParams: true } : {}),
      limits: { ...DEFAULT_QASM_LIMITS, ...(opts.limits ?? {}) },
    }, diagnostics);
    const ok = !diagnostics.some((d) => d.severity === "error");
    return { ...(ok && circuit ? { circuit } : {}), diagnostics: sortDiagnostics(diagnostics) };
  } catch (err) {
    const deep = err instanceof RangeError;
    diagnostics.push(diagnostic("E1001", { file, start: 0, end: Math.min(1, text.length), line: 1, col: 1 },
      deep ? "the program is nested too deeply to import" : `internal error: the importer failed: ${(err as Error).message}`));
    return { diagnostics: sortDiagnostics(diagnostics) };
  }
}
