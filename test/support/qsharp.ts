// A harness around `qsharp-lang` (Microsoft's QDK compiled to WebAssembly), used as the independent
// OpenQASM 3 implementation of our differential tests.
//
// Findings (qsharp-lang 1.32.5-dev, established empirically; the tests in test/emit/qsharp.test.ts pin
// the ones the emitter relies on):
// - Loading: `loadWasmModule(bytes of lib/web/qsc_wasm_bg.wasm)`, then `getCompiler()`, then
//   `compiler.run({ sources: [[name, text]], languageFeatures: [], projectType: "openqasm" }, "", shots,
//   new QscEventTarget(true))`; `getResults()` gives one `{ success, result, events }` per shot.
// - The run result of a shot is a Q#-formatted string of the program's `output` variables in
//   declaration order: one output prints bare (`One`, `[Zero, One]`), several as a tuple
//   (`([Zero, One], Zero)`); `bit[n]` is an array with element 0 first; unassigned outputs are `Zero`.
//   Without any `output` declaration every global classical variable is reported instead (bool `true`,
//   int `3`, float `0.5`, …).
// - Errors: compile errors make `run` throw (message e.g. "type error") and record a failed result
//   whose `value.errors[].diagnostic` has code, message and range; runtime failures ("program failed: …")
//   are failed shots. A program with an `input` declaration cannot run ("entry point not found").
// - Supported: `gate` definitions calling earlier ones (an empty body `{}` too); `ctrl @`, `ctrl(n) @`,
//   `negctrl @`, `inv @` and chains of them, on built-ins and on defined gates; `pow(k) @` ONLY with an
//   integer k (a float exponent is "expected Int, found Double") and only where no control applies: a
//   powered operation has no controlled version, so `ctrl @ pow(2) @ g`, or `pow(2) @ g` inside a gate
//   that is later controlled, fail with Qsc.CtlGen.MissingCtlFunctor (`pow(2) @ ctrl @ g` is fine);
//   `gphase` (also inside definitions and under ctrl); mid-circuit `measure`, `reset`, `barrier` (a
//   no-op); `if (b == 1) { … } else { … }`, `if (b)`, `!`, `&&`, nested ifs with measurements inside;
//   `output bit` / `output bit[n]`, plain `bit[n]` registers and element assignment; `qubit[n]`
//   registers; `def` subroutines; comments (Unicode too); literals like `1.0e-7`, `1.5e21`, `-0.0`.
// - Rejected: an integer literal where an angle is expected (`rx(1)`: "cannot cast const int to
//   angle"); identifiers `pi`, `tau`, `euler`, `U`, `CX`, stdgates names (`y`, `s`, `p`, …: "redefined
//   symbol") and `dim` (lexed as `#dim`); inside a gate body any arithmetic on parameters other than
//   angle ± angle, −angle, angle ± float constant, angle · non-negative int and angle / positive int
//   (`a * 2.0`, `sin(a)`, `a * b`, `a / b` are compile errors; `a * -3` and `a / -2` fail at run time).
//   The QDK predefines Qiskit extras (rxx ryy rzz sxdg ccz cu1 …); user `gate`s with those names shadow them.
// - Semantics: gate arguments are `angle`s — 53-bit fixed point reduced into [0, 2π) — so rx, ry, rz,
//   crx, cry, crz (and qsharp's rxx, ryy, rzz) computed at θ and θ − 2π differ by a sign: under control
//   that is observable (`ctrl @ rx(-2.0)` then `ctrl @ rx(2.0)` leaves a controlled −1). The built-in
//   `U(θ, φ, λ)` is the spec's matrix times e^{iθ/2} (its u2/u3/cu compensate). Inside gate bodies,
//   `a / n` acts on the already-reduced angle. The emitter avoids all of these (src/emit/qasm3/gateforms.ts).
// - Randomness: the simulator seeds its RNG from `crypto.getRandomValues` (32 bytes) on the first run in
//   a wasm instance and continues that stream in later runs; there is no seed API. This harness feeds
//   `getRandomValues` from a seeded generator while the wasm runs, so a fixed sequence of runs in a fresh
//   process (vitest: one test file) is reproducible.
// - Speed: every shot re-runs the program (no sampling from one final state). Measured on the dev box:
//   ~0.6 s for the first run (wasm initialisation + compilation); 10 qubits, 155 gates (ry/rz/cx layers),
//   1000 shots: ~4.6 s (≈ 4.6 ms per shot); a Bell pair, 2000 shots: ~0.13 s. Controlled gate
//   definitions are much slower (~5–12 ms per shot for 4–5 qubits), as is long angle arithmetic.
// - `getHir` compiles without running and does NOT report errors (an erroneous program still yields HIR).

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { getCompiler, loadWasmModule, QscEventTarget, type ICompiler, type ShotResult } from "qsharp-lang";

let compilerPromise: Promise<ICompiler> | undefined;

/** The shared compiler instance (the wasm module is loaded once per process). */
export function qsharpCompiler(): Promise<ICompiler> {
  compilerPromise ??= (async () => {
    const require = createRequire(import.meta.url);
    const entry = require.resolve("qsharp-lang"); // …/qsharp-lang/dist/node.js
    const bytes = readFileSync(join(dirname(entry), "..", "lib", "web", "qsc_wasm_bg.wasm"));
    await loadWasmModule(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    return getCompiler();
  })();
  return compilerPromise;
}

const program = (source: string) => ({
  sources: [["main.qasm", source]] as [string, string][],
  languageFeatures: [] as string[],
  projectType: "openqasm" as const,
});

export interface QasmShots {
  /** The reported variables: the `output` declarations in order (or, without any, the global classical variables). */
  readonly names: readonly string[];
  /** Per shot, the value of each reported variable: bits and bit arrays as bit strings (element 0 first). */
  readonly shots: readonly (readonly string[])[];
  /** Wall-clock time of the run call, in milliseconds. */
  readonly ms: number;
}

export interface RunOptions {
  /** Seed for the simulator's RNG (effective on the first run in this process). Default 0x5eed. */
  readonly seed?: number;
}

/** Compiles and runs an OpenQASM 3 program for `shots` shots; throws with the diagnostics on any failure. */
export async function runQasm(source: string, shots: number, opts: RunOptions = {}): Promise<QasmShots> {
  const compiler = await qsharpCompiler();
  const events = new QscEventTarget(true);
  const t0 = performance.now();
  let thrown: unknown;
  await withSeededRandom(opts.seed ?? 0x5eed, async () => {
    try {
      await compiler.run(program(source), "", shots, events);
    } catch (e) {
      thrown = e;
    }
  });
  const ms = performance.now() - t0;
  await new Promise((resolve) => setImmediate(resolve)); // the wasm run blocks the event loop: let the test runner talk
  const results = events.getResults();
  const failed = results.filter((r) => !r.success);
  if (thrown !== undefined || failed.length > 0 || results.length !== shots) {
    const detail = failed.length > 0 ? describeFailure(failed[0]!, source) : String(thrown ?? "no error reported");
    throw new Error(`qsharp-lang failed (${results.length - failed.length}/${shots} shots ok): ${detail}`);
  }
  const names = reportedNames(source);
  return {
    names,
    shots: results.map((r) => {
      const values = shotValues(parseQsharpValue(r.result as string), names.length);
      return values.map(valueString);
    }),
    ms,
  };
}

/** Counts of the joined values of `select` (default: all reported variables, joined by a space). */
export function histogram(run: QasmShots, select?: readonly string[]): Map<string, number> {
  const idx = (select ?? run.names).map((n) => {
    const i = run.names.indexOf(n);
    if (i < 0) throw new Error(`histogram: '${n}' is not among the outputs ${run.names.join(", ")}`);
    return i;
  });
  const h = new Map<string, number>();
  for (const shot of run.shots) {
    const key = idx.map((i) => shot[i]!).join(" ");
    h.set(key, (h.get(key) ?? 0) + 1);
  }
  return h;
}

/** The program compiled to the QDK's HIR (text). Note: compile errors are not reported here. */
export async function qsharpHir(source: string): Promise<string> {
  const compiler = await qsharpCompiler();
  return compiler.getHir(program(source));
}

// ─────────────────────────────────────────── values ────────────────────────────────────────────

/** A value as the QDK prints it. */
export type QValue =
  | { readonly k: "result"; readonly one: boolean }
  | { readonly k: "bool"; readonly v: boolean }
  | { readonly k: "number"; readonly text: string }
  | { readonly k: "array"; readonly items: readonly QValue[] }
  | { readonly k: "tuple"; readonly items: readonly QValue[] };

/** Parses `([Zero, One], One, true, 3, 0.5)`-style result text. */
export function parseQsharpValue(text: string): QValue {
  let i = 0;
  const ws = () => { while (i < text.length && /\s/.test(text[i]!)) i++; };
  const expect = (ch: string) => {
    ws();
    if (text[i] !== ch) throw new Error(`parseQsharpValue: expected '${ch}' at ${i} in ${JSON.stringify(text)}`);
    i++;
  };
  const list = (close: string): QValue[] => {
    const items: QValue[] = [];
    ws();
    if (text[i] === close) { i++; return items; }
    for (;;) {
      items.push(value());
      ws();
      if (text[i] === ",") { i++; continue; }
      expect(close);
      return items;
    }
  };
  const value = (): QValue => {
    ws();
    const ch = text[i];
    if (ch === "(") { i++; return { k: "tuple", items: list(")") }; }
    if (ch === "[") { i++; return { k: "array", items: list("]") }; }
    const m = /^[A-Za-z_][A-Za-z0-9_]*|^[-+0-9.eE]+/.exec(text.slice(i));
    if (!m) throw new Error(`parseQsharpValue: unexpected input at ${i} in ${JSON.stringify(text)}`);
    i += m[0].length;
    switch (m[0]) {
      case "Zero": return { k: "result", one: false };
      case "One": return { k: "result", one: true };
      case "true": return { k: "bool", v: true };
      case "false": return { k: "bool", v: false };
      default:
        if (/^[-+0-9]/.test(m[0])) return { k: "number", text: m[0] };
        throw new Error(`parseQsharpValue: unknown token '${m[0]}'`);
    }
  };
  const v = value();
  ws();
  if (i !== text.length) throw new Error(`parseQsharpValue: trailing input in ${JSON.stringify(text)}`);
  return v;
}

/** Splits a shot's value into one value per reported variable. */
function shotValues(v: QValue, count: number): QValue[] {
  if (count === 1) return [v];
  if (v.k !== "tuple" || v.items.length !== count) {
    throw new Error(`qsharp-lang result has an unexpected shape for ${count} output(s)`);
  }
  return [...v.items];
}

/** Bits → "0"/"1"; bit arrays → a bit string, element 0 first; other values in their printed form. */
export function valueString(v: QValue): string {
  switch (v.k) {
    case "result": return v.one ? "1" : "0";
    case "bool": return String(v.v);
    case "number": return v.text;
    case "array":
      return v.items.every((x) => x.k === "result") ? v.items.map(valueString).join("") : `[${v.items.map(valueString).join(", ")}]`;
    case "tuple": return `(${v.items.map(valueString).join(", ")})`;
  }
}

/** Names of the variables a run reports: the `output` declarations, else the global classical variables. */
export function reportedNames(source: string): string[] {
  const outputs: string[] = [];
  const globals: string[] = [];
  let depth = 0;
  for (const raw of source.split(/\r?\n/)) {
    const line = raw.replace(/\/\/.*$/, "");
    if (depth === 0) {
      const out = /^\s*output\s+[A-Za-z]+(?:\[[^\]]*\])?\s+([A-Za-z_][A-Za-z0-9_]*)\s*;/.exec(line);
      if (out) outputs.push(out[1]!);
      const decl = /^\s*(?:bit|bool|int|uint|float|angle|complex)(?:\[[^\]]*\])?\s+([A-Za-z_][A-Za-z0-9_]*)\s*(?:=|;)/.exec(line);
      if (decl) globals.push(decl[1]!);
    }
    for (const ch of line) { if (ch === "{") depth++; else if (ch === "}") depth--; }
  }
  return outputs.length > 0 ? outputs : globals;
}

function describeFailure(r: ShotResult, source: string): string {
  const res = r.result;
  if (typeof res === "string") return res;
  const lines = source.split(/\r?\n/);
  const errs = (res.errors ?? []).map((e) => {
    const d = e.diagnostic;
    const at = d.range.start.line;
    return `${d.code}: ${d.message} (line ${at + 1}: ${lines[at]?.trim() ?? ""})`;
  });
  return errs.length > 0 ? errs.join("; ") : res.message;
}

// ─────────────────────────────────────────── seeding ───────────────────────────────────────────

/** Runs `body` with `crypto.getRandomValues` fed by a splitmix32 stream from `seed`. */
async function withSeededRandom(seed: number, body: () => Promise<void>): Promise<void> {
  type Fill = <T extends ArrayBufferView | null>(array: T) => T;
  const c = globalThis.crypto as unknown as { getRandomValues: Fill };
  const own = Object.prototype.hasOwnProperty.call(c, "getRandomValues");
  const previous = c.getRandomValues;
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  c.getRandomValues = <T extends ArrayBufferView | null>(array: T): T => {
    if (array) {
      const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
      for (let i = 0; i < bytes.length; i++) bytes[i] = next() & 0xff;
    }
    return array;
  };
  try {
    await body();
  } finally {
    if (own) c.getRandomValues = previous;
    else delete (c as { getRandomValues?: unknown }).getRandomValues;
  }
}
