// OpenQASM 3 (and 2.0) import: program text → circuit IR (src/ir/circuit.ts), with diagnostics E1001–E1006.
//
// API
//   importQasm(text, file, opts?) → { circuit?, diagnostics, pragmas, annotations }
// never throws; `circuit` is present exactly when there is no error. Every diagnostic has a code and a
// span in `file` (render them with src/diagnostics/render.ts, the source text under the name `file`).
// `pragmas` and `annotations` are returned even when the import fails (see "Pragmas and annotations").
//
// Supported subset (everything else is E1002, naming the construct — nothing is guessed or dropped):
// - `OPENQASM 3;` / `OPENQASM 3.x;` (optional, first), `include "stdgates.inc";`, `//` and `/* */` comments.
//   `include "file";` of the program's own files when the caller gives `readInclude` (the CLI reads them
//   relative to the including file): each is parsed once and lowered where it is included (at the top
//   level; its own version line is skipped); a missing file is E1003, a cycle E1004, and diagnostics inside
//   it name it (`included` holds the texts for rendering them). Also in OpenQASM 2.0 programs.
// - `qubit q;`, `qubit[n] q;`, `qreg q[n];` (top level); `bit b;`, `bit[n] c;`, `creg c[n];` with optional
//   initialisers (`= 0`, `= "0101"` — leftmost character = highest index —, `= measure q`); `const bit[n]`
//   registers with a constant value (visible in subroutines; writing them, also through an alias, is E1004);
//   `output bit …`, and `output bool` / `output int[n]|uint[n]|angle[n] v` (reported as the variable's bits
//   at the end, element 0 least significant); bit-level access `v[k]` to sized int/uint/angle variables
//   (read, assigned, measured into: `measure q -> c[0];`); `input float[64|32] x;`, `input angle[n] x;`, `input int/uint/bool/bit x;`;
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
//   significant bit here, see test/qasm/qsharp.test.ts), `&&`, `||`, `!`: a conjunction of bit tests or the
//   negation of one is an `IfOp` (branches swapped for a negation), which every back end has; any other
//   run-time condition is a `BranchOp`. Conditions on constants are decided at import time: only the
//   branch taken is lowered (and checked).
// - Run-time classical control (docs/classical-control.md): a value computed from measurement results
//   (arithmetic, comparisons, casts, sin … sqrt, popcount/rotl/rotr) is a typed classical expression
//   (src/ir/classical.ts) the circuit evaluates; a variable that holds one, or that run-time code writes,
//   is pinned to an IR variable (`Circuit.vars`, `AssignOp`); a bit that run-time code writes gets an IR
//   bit of its own. Bits and variables left different by the two sides of an `if` on measured bits are
//   assigned on each side. `while` whose condition depends on measured values, and a `while` whose
//   `break`/`continue` does (under an `if` on measured values: the iteration is rolled back and the rest of
//   the loop restarts as a run-time loop), is a `WhileOp` with `break`/`continue` ops; a `for` loop with
//   such an exit stays unrolled, its exits run-time flags guarding later iterations and the rest of each
//   block; a `return` under such an `if` stores a result variable and sets a flag the same way; `switch`
//   on a measured value is a chain of `BranchOp`s; a gate angle computed from measured values is applied
//   once per value of the bits (`IfOp`s) and small sized variables (`BranchOp`s) it reads, at most 1,024
//   cases; so is a gate application, measurement, reset or assignment whose index is computed from measured
//   values (once per value, the index written in). The simulators run these (E0805 bounds a run-time
//   loop's iterations) and the OpenQASM export prints them; gradients, teacher forcing and drawing refuse
//   the run-time ops by name. Still E1002: a size or loop bound computed from measurement results; a gate
//   angle or index reading a variable of unknown values (or > 1,024 cases); `return` from inside a run-time
//   `while` of a subroutine (from `for` loops it stops them); arrays and complex values computed from
//   measurements.
// - `for int i in [a:b]` / `[a:s:b]` (inclusive, as in OpenQASM 3) / `{v, …}` with compile-time values:
//   unrolled (the unrolled size is bounded by `limits.maxOps`, E1006; a loop of no iterations is not checked).
// - `while (cond) …` with a condition known at import time: unrolled, each test of the condition counting
//   against `limits.maxOps`, at most 100,000 iterations (so `while (true) {}` ends in E1006); from the
//   first test on measured values it is a run-time loop (above). `break;` / `continue;` in `for` and
//   `while` (E1004 outside a loop). `switch (x) { case 1, 2 { … } default { … } }` on a compile-time
//   integer: only the matching case (or `default`) is lowered; duplicate case values and a second
//   `default` are E1004; on a measured value, a run-time chain (above).
// - `def name(qubit a, qubit[n] r, int k, float t, bit b, duration d, …) -> type { … }` (top level):
//   inlined at every call — as a statement `name(args);` or in an expression —, arguments evaluated in
//   the caller's scope, the body in a scope under the global one (it sees its parameters, constants,
//   gates, subroutines; a global register is E1004). `return v;` / `return measure q;` / `return;`;
//   the value is converted to the declared return type (a run-time value is pinned). Recursion and a
//   `return` under an `if` on measured values are E1002; a missing return value, arity and kind mismatches are E1004.
// - Expressions: + - * / % ** (integer division truncates), comparisons, && || !, bitwise ops on integers,
//   casts, `pi`/`π`, `tau`/`τ`, `euler`/`ℇ`, sin cos tan arcsin arccos arctan exp ln log sqrt floor
//   ceiling pow mod; indices (negative from the end), slices `q[a:b]`, `q[a:s:b]`, index sets `q[{0, 2}]`.
//   `popcount`, `rotl`, `rotr` on import-time bit[n] and sized uint/int/angle values (the width is the
//   declared one: a variable, an array element or a cast `uint[8](…)`; the semantics of src/ir/classical.ts).
// - Arrays (arrays.ts), with import-time elements: `array[T, n, …] a;` (zero-initialised) or `= {…}`
//   (nested per dimension), `const` arrays; T is int/uint/float/angle/bool/complex with their sizes (the
//   spec excludes bit, bit[n] and stretch: E1004), at most 7 dimensions, declared in the global scope
//   only (E1004 elsewhere). `a[i]`, `b[i][j]`, `b[i, j]`, range slices `a[1:3]` (views of the same
//   array), element, slice and whole-array assignment (shapes and element types must match), `op=` on
//   elements, `sizeof(a)` / `sizeof(a, d)`, `for T x in a` (one-dimensional), `def` parameters
//   `readonly array[T, n] a` / `mutable array[T, #dim = k] a` (by reference: a mutable parameter writes
//   the caller's array; writing a readonly one, or passing a const array as mutable, is E1004).
//   Elements are converted like scalar declarations (int[n] wrap, float[32] rounding, angle reduction).
//   Bounds are checked (E1006). An element that would hold a measurement result or depend on a late-bound
//   input/param is E1002.
// - Complex numbers (complex.ts), import-time: `complex` / `complex[float[32|64]]` variables (const too),
//   def parameters and return values, array elements, loop variables; imaginary literals `2im`, `1.5 im`;
//   + - * / ** (principal value) == != and unary minus, ints/floats/bools promoted; `complex(x)` casts;
//   `real`, `imag`, and the spec's complex overloads of `exp`, `sqrt` (principal root) and `pow`. Other
//   functions on complex values, comparisons other than == !=, and a complex value where a real one is
//   needed (a gate angle, a condition, an index, a float variable) are E1004 (help: take `real(…)`);
//   `complex[float[32]]` rounds each part to single precision. Complex values computed from measurement
//   results or late-bound inputs are E1002.
// - Timing, as no-ops for the ideal simulator (timing.ts): `duration`/`stretch` declarations (`const`
//   too) and arithmetic on durations (units ns, us, µs, ms, s, dt: + −, scaling by numbers, duration /
//   duration → float, comparisons — refused with E1002 when they mix dt with SI units or involve a
//   stretch, whose length a scheduler decides), `delay[d] q…;` (checked, dropped), `box { … }` and
//   `box[d] { … }` (the body is lowered as a block), `nop;`/`nop q;`. A duration where a number is
//   needed, a number where a duration is needed (`delay[100]`) are E1004; a negative delay E1006;
//   `durationof({ … })` is a duration of unknown length, like a stretch (only a calibrated backend knows
//   it; the block is not parsed), so it can be added and scaled but not compared.
// - Physical qubits `$0`, `$1`, … (physical.ts): circuit qubits 0…n in one register named `$` (not an
//   identifier, so it cannot clash), sized by the largest index used anywhere in the program and placed
//   ahead of every declared register (which follow at offset n+1); they mix freely with declared qubits.
//   Not in gate bodies (E1004).
// - Pragmas and annotations (metadata.ts): `pragma …` / `#pragma …` lines (top level only, E1001
//   elsewhere) and `@name text` lines before a statement (E1001 when no statement follows) are accepted
//   and not interpreted; they are returned in `pragmas` ({text, span}: text after `pragma`) and
//   `annotations` ({name, text, span}), each once in source order — also inside gate bodies, loop bodies
//   (not once per iteration) and branches not taken. The circuit is the one without them.
//
// OpenQASM 2.0 (after `OPENQASM 2.0;` as the first statement; qasm2.ts, qelib1.ts)
// - The gate set is OpenQASM 2's: `U` and `CX` always; after `include "qelib1.inc";` the gates of
//   qelib1.inc (u3 u2 u1 u0 u cx id p x y z h s sdg t tdg sx sxdg rx ry rz cz cy ch swap ccx cswap crx cry
//   crz cu1 cp cu3 csx cu rxx rzz rccx rc3x c3x c3sqrtx c4x) with qelib1's meaning, which the importer
//   knows from its own table (the include file is not read). qelib1's gates are built from OpenQASM 2's U
//   (Rz·Ry·Rz, OpenQASM 3's U up to a global phase) and CX, never under a control, so they are defined up
//   to a global phase, and OpenQASM 2 cannot observe it: the circuit uses catalogue gates equal to them up
//   to that phase (u3 → U, u1 → p, cu1 → cp, cu3 → ctrl @ U — the controlled OpenQASM 3 U —, c3x →
//   ctrl(3) @ x, …). Their names are reserved (E1004 on redefinition); OpenQASM 3-only gates (`gphase`,
//   stdgates.inc) are unknown (E1003), `include "stdgates.inc"` is E1002.
// - Statements: `qreg`, `creg`, `gate`, `opaque` (E1002, naming it), gate applications with
//   broadcasting, `measure a -> b;` (qubit or register), `reset`, `barrier`, `if (c == n) op;` (the whole
//   creg compared with an integer, c[0] least significant; one operation, no `else`). `^` is a power
//   (binding tighter than `*` and than a unary minus on its left, -2^2 = -4, right-associative), not
//   xor; `/` divides reals (1/2 = 0.5). Every OpenQASM 3-only statement (`qubit`/`bit` and other typed
//   declarations, assignments, modifiers, `for`, `let`, blocks, other `if` forms, timing, `measure`
//   without a target) is E1001 with the OpenQASM 2 way to write it or the advice to declare version 3,
//   and so is every OpenQASM 3-only part of a statement's expressions and operands: operators other than
//   `+ - * / ^` and unary minus, functions other than sin cos tan exp ln sqrt, constants other than `pi`,
//   casts, booleans, bit strings, durations, non-decimal integers and `_` in numbers, names outside gate
//   definitions, indexing in expressions, slices, index sets, computed indices and sizes, `$n`. Pragmas
//   and annotations are accepted.
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
//   wrote (or that was assigned a measured bit, e.g. `d = read(q);`) becomes an output, in declaration order (a scalar `bit` has `array` false). Output bits that were
//   never measured read 0 (one shared, never-written IR bit); an output holding the constant 1 reads an
//   IR bit the circuit assigns 1 at the end.
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
// Not supported (E1002): `while` and `switch` on measurement results, recursion, `extern`, `end`,
// `durationof`, pulse-level `cal`/`defcal`, `input`/`output` of qubits, durations, arrays, complex numbers
// or non-bit outputs, array concatenation `++`, bit-level access of array elements (`a[0][1]` on an int
// array), arrays of durations, subroutines returning arrays, includes other than stdgates.inc (qelib1.inc in OpenQASM 2 mode), OpenQASM versions
// other than 2.0 and 3.x, non-constant `pow`, loops over registers, classical computation on
// measurement results beyond `if` conditions.

import { basename, extname } from "node:path";
import type { Circuit } from "../ir/circuit.js";
import { diagnostic, sortDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.js";
import { lowerProgram, DEFAULT_QASM_LIMITS, type IncludedFile, type QasmLimits } from "./lower.js";
import { parseQasm } from "./parse.js";
import { collectMetadata, type QasmAnnotation, type QasmPragma } from "./metadata.js";

export { DEFAULT_QASM_LIMITS, type QasmLimits } from "./lower.js";
export type { QasmAnnotation, QasmPragma } from "./metadata.js";

export interface ImportQasmOptions {
  /** Values of `input` variables, by name. */
  readonly bind?: ReadonlyMap<string, number>;
  /** Keep `input float`/`input angle` variables as circuit params (init from `bind`, else 0). */
  readonly inputsAsParams?: boolean;
  /** Size limits (default DEFAULT_QASM_LIMITS). */
  readonly limits?: Partial<QasmLimits>;
  /**
   * Reads a file named by `include "path";`: `path` resolved against the including file `from` (the CLI
   * reads the disk). Absent: only stdgates.inc and qelib1.inc can be included (E1002 for others).
   */
  readonly readInclude?: (path: string, from: string) => { readonly file: string; readonly text: string } | undefined;
}

export interface ImportQasmResult {
  /** The circuit, present exactly when no error was reported. */
  readonly circuit?: Circuit;
  /** Sorted by position. */
  readonly diagnostics: Diagnostic[];
  /** Every `pragma …` / `#pragma …` line, in source order (`text`: what follows the word `pragma`). */
  readonly pragmas: QasmPragma[];
  /** Every `@name text` annotation, in source order, each once (also in loops and untaken branches). */
  readonly annotations: QasmAnnotation[];
  /** The text of every included file, by its name in diagnostics (for rendering them). */
  readonly included: ReadonlyMap<string, string>;
}

/** Imports an OpenQASM 3 program. Never throws. */
export function importQasm(text: string, file: string, opts: ImportQasmOptions = {}): ImportQasmResult {
  const diagnostics: Diagnostic[] = [];
  const included = new Map<string, string>();
  // an included file is parsed once (its syntax errors reported once), lowered where it is included
  const parsedIncludes = new Map<string, IncludedFile>();
  const include = opts.readInclude && ((path: string, from: string): IncludedFile | "missing" => {
    const r = opts.readInclude!(path, from);
    if (!r) return "missing";
    let p = parsedIncludes.get(r.file);
    if (!p) {
      const parsed = parseQasm(r.text, r.file);
      diagnostics.push(...parsed.diagnostics);
      included.set(r.file, r.text);
      p = { file: r.file, program: parsed.program, syntaxErrorsAt: parsed.syntaxErrorsAt };
      parsedIncludes.set(r.file, p);
    }
    return p;
  });
  try {
    const parsed = parseQasm(text, file);
    diagnostics.push(...parsed.diagnostics);
    const name = basename(file, extname(file)) || "qasm";
    const circuit = lowerProgram(parsed.program, {
      name, file, syntaxErrorsAt: parsed.syntaxErrorsAt,
      ...(opts.bind ? { bind: opts.bind } : {}),
      ...(opts.inputsAsParams ? { inputsAsParams: true } : {}),
      ...(include ? { include } : {}),
      limits: { ...DEFAULT_QASM_LIMITS, ...(opts.limits ?? {}) },
    }, diagnostics);
    const ok = !diagnostics.some((d) => d.severity === "error");
    return { ...(ok && circuit ? { circuit } : {}), diagnostics: sortDiagnostics(diagnostics), ...collectMetadata(parsed.program), included };
  } catch (err) {
    const deep = err instanceof RangeError;
    diagnostics.push(diagnostic("E1001", { file, start: 0, end: Math.min(1, text.length), line: 1, col: 1 },
      deep ? "the program is nested too deeply to import" : `internal error: the importer failed: ${(err as Error).message}`));
    return { diagnostics: sortDiagnostics(diagnostics), pragmas: [], annotations: [], included };
  }
}
