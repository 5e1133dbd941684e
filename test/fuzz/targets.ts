// The fuzz targets: the corpora, how a case (a mutant plus its inputs and options) is generated from
// (seed, index), and how it is run through the in-process front ends and, for a sample, through the CLI.
//
// A case FAILS when any call throws (except SimulationLimitError, the documented refusal of a state that
// does not fit), when a diagnostic reports an internal error that a front end caught and masked, when one
// stage takes longer than the slow limit, or when the CLI ends with anything but exit code 0, 1 or 2.
// Refusals with diagnostics (syntax errors, limits, …) are passes.

import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { trainabilityReports } from "../../src/analysis/trainability.js";
import type { Limits } from "../../src/check/interpreter.js";
import { STDLIB_DIR, type SourceHost } from "../../src/check/program.js";
import { hasErrors, type Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { renderText, toJson } from "../../src/diagnostics/render.js";
import { emitQasm3 } from "../../src/emit/qasm3/emit.js";
import { buildBatch, combineBatch } from "../../src/batch/batch.js";
import { sampleCircuits } from "../../src/batch/sample.js";
import { initialParamValues, nestedBlocks, type Circuit, type Op } from "../../src/ir/circuit.js";
import { buildCircuit, check } from "../../src/pipeline.js";
import { importQasm, type ImportQasmOptions } from "../../src/qasm/index.js";
import { compileSimulation, SimulationLimitError } from "../../src/sim/index.js";
import { KEYWORD_NAMES } from "../../src/syntax/tokens.js";
import { caseSeed, FuzzRng, mutate, NUMBERS } from "./mutate.js";

export type TargetName = "qseq" | "qasm";
export const TARGETS: readonly TargetName[] = ["qseq", "qasm"];

/** Repository root (test/fuzz/../..). */
export const ROOT = resolve(import.meta.dirname, "../..");

/** Tight limits: a mutant such as `n = 99999999` is refused at once with a diagnostic. */
export const FUZZ_LIMITS: Limits = { maxQubits: 32, maxOps: 4000 };
/** Circuits this small go on to the emitter round trip and the simulator. */
export const SIM_MAX_QUBITS = 12;
export const SIM_MAX_OPS = 1500;
/** `exact` branches on every measurement and reset: only for this many at most. */
export const EXACT_MAX_MEASUREMENTS = 10;

// ───────────────────────────────────────────── corpus ─────────────────────────────────────────────

export interface InputText { readonly kind: "tokens" | "inputs"; readonly file: string; readonly text: string }
export interface QseqSeed { readonly path: string; readonly text: string; readonly input?: InputText; readonly group: "examples" | "seeds" | "stdlib" | "golden" }

export interface Corpus {
  readonly qseq: readonly QseqSeed[];
  readonly tokens: readonly InputText[];
  readonly json: readonly InputText[];
  readonly qasm: readonly { readonly path: string; readonly text: string }[];
  /** Texts mutations draw tokens and splices from, per kind of file. */
  readonly pool: { readonly qseq: string[]; readonly tokens: string[]; readonly json: string[]; readonly qasm: string[] };
}

const list = (dir: string, ext: string): string[] =>
  existsSync(join(ROOT, dir)) ? readdirSync(join(ROOT, dir)).filter((f) => f.endsWith(ext)).sort().map((f) => `${dir}/${f}`) : [];
const read = (p: string): string => readFileSync(join(ROOT, p), "utf8");

let cached: Corpus | undefined;

/** Every example, stdlib file, golden check case and hand-written seed, and the emitted OpenQASM 3 of each runnable one. */
export function loadCorpus(): Corpus {
  if (cached) return cached;
  const tokens: InputText[] = [...list("examples", ".tokens"), ...list("test/fuzz/seeds", ".tokens")].map((file) => ({ kind: "tokens", file, text: read(file) }));
  const json: InputText[] = list("examples", ".inputs.json").map((file) => ({ kind: "inputs", file, text: read(file) }));
  const inputFor = (path: string): InputText | undefined => {
    const stem = path.replace(/\.qseq$/, "");
    return tokens.find((t) => t.file === `${stem}.tokens`) ?? json.find((j) => j.file === `${stem}.inputs.json`);
  };
  const qseq: QseqSeed[] = [];
  const add = (paths: string[], group: QseqSeed["group"]) => {
    for (const path of paths) {
      const input = inputFor(path);
      qseq.push({ path, text: read(path), group, ...(input ? { input } : {}) });
    }
  };
  add(list("examples", ".qseq"), "examples");
  add(list("test/fuzz/seeds", ".qseq"), "seeds");
  add(list("stdlib", ".qseq"), "stdlib");
  add(list("test/golden/check", ".qseq"), "golden");

  // Emitted programs: every runnable seed with its sample input, both profiles, params unbound and bound.
  const qasm: { path: string; text: string }[] = [];
  for (const s of qseq) {
    if (!s.input || s.group === "golden") continue;
    // A circuit whose expectation outputs need a batch of programs (emitQasm3 refuses it): one step only.
    for (const input of [s.input, firstStep(s.input)]) {
      const r = buildCircuit(s.path, { entryText: s.text, [input.kind]: { text: input.text, file: input.file } });
      if (!r.circuit || hasErrors(r.diagnostics)) throw new Error(`fuzz corpus: ${s.path} does not compile`);
      const texts: { path: string; text: string }[] = [];
      try {
        for (const profile of ["full", "portable"] as const) {
          for (const bound of [false, true]) {
            const text = emitQasm3(r.circuit, { profile, ...(bound ? { bind: { params: initialParamValues(r.circuit) } } : {}) });
            texts.push({ path: `${s.path.replace(/\.qseq$/, "")}.${profile}${bound ? ".bound" : ""}.qasm`, text });
          }
        }
      } catch (e) {
        if (isEmitRefusal(e)) continue;
        throw e;
      }
      qasm.push(...texts);
      break;
    }
  }
  // the importer's own corpus (test/qasm/corpus) covers every construct it reads, run-time control included
  const corpus = ["v3", "qasm2", "invalid"].flatMap((d) => list(`test/qasm/corpus/${d}`, ".qasm"));
  for (const path of [...list("test/fuzz/seeds", ".qasm"), ...list("test/golden/qasm", ".qasm"), ...corpus]) qasm.push({ path, text: read(path) });

  cached = {
    qseq, tokens, json, qasm,
    pool: {
      qseq: [...qseq.map((s) => s.text), ...tokens.map((t) => t.text)],
      tokens: tokens.map((t) => t.text),
      json: json.map((j) => j.text),
      qasm: qasm.map((q) => q.text),
    },
  };
  return cached;
}

/** The input cut to its first step (a JSON array or `{"x": [...]}`; a token text: its first token). */
function firstStep(input: InputText): InputText {
  if (input.kind === "tokens") return { ...input, text: input.text.replace(/#[^\n]*/g, "").trim().split(/\s+/)[0] ?? "" };
  const data = JSON.parse(input.text) as unknown;
  const cut = (v: unknown) => (Array.isArray(v) ? v.slice(0, 1) : v);
  const out = Array.isArray(data) ? cut(data) : Object.fromEntries(Object.entries(data as Record<string, unknown>).map(([k, v]) => [k, cut(v)]));
  return { ...input, text: JSON.stringify(out) };
}

const GATES = [
  "h", "x", "y", "z", "s", "sdg", "t", "tdg", "sx", "sxdg", "rx", "ry", "rz", "p", "u", "U", "gphase", "cx", "cy", "cz", "ch",
  "cp", "crx", "cry", "crz", "cu", "swap", "iswap", "ccx", "ccz", "cswap", "rxx", "ryy", "rzz", "mcx", "mcz", "mcp", "id", "u1", "u2", "u3",
];
export const QSEQ_WORDS = [
  ...KEYWORD_NAMES, ...GATES, "pi", "tau", "euler", "len", "min", "max", "sin", "sqrt", "abs", "floor", "X", "Y", "Z", "_",
  "h", "a", "q", "n", "k", "m", "e", "i", "tok", "theta", "phi", "hyperedge", "read_x", "euler", "cz_ring", "std/layers",
];
export const QASM_WORDS = [
  "OPENQASM", "include", "gate", "qubit", "qreg", "creg", "bit", "bool", "int", "uint", "float", "angle", "complex", "duration",
  "stretch", "array", "const", "input", "output", "measure", "reset", "barrier", "if", "else", "for", "while", "in", "let", "ctrl",
  "negctrl", "inv", "pow", "true", "false", "def", "return", "extern", "switch", "case", "box", "delay", "break", "continue", "end",
  ...GATES, "pi", "π", "tau", "euler", "sin", "cos", "arccos", "sqrt", "ln", "exp", "mod", "popcount", "rotl", "sizeof",
  "q", "c", "anc", "theta", "$0", "10ns", "2im", "\"stdgates.inc\"", "float[64]", "bit[4]", "int[8]", "uint[2]", "angle[4]",
];

// ───────────────────────────────────────────── cases ──────────────────────────────────────────────

export interface QseqCase {
  readonly target: "qseq";
  readonly seed: number;
  readonly index: number;
  /** The entry file's path (its directory resolves relative imports; `std/…` always resolves). */
  readonly entryPath: string;
  readonly entryText: string;
  /** Mutated imported files: absolute path → text (the entry stays as in the corpus). */
  readonly overrides: ReadonlyMap<string, string>;
  readonly input?: InputText;
  readonly hyper: ReadonlyMap<string, number>;
  readonly model?: string;
  /** Param values for the simulator: the initial values, or random ones. */
  readonly randomParams: boolean;
  readonly cli: boolean;
  readonly mutations: readonly string[];
}

export interface QasmCase {
  readonly target: "qasm";
  readonly seed: number;
  readonly index: number;
  readonly base: string;
  readonly text: string;
  readonly opts: { readonly inputsAsParams: boolean; readonly bind: ReadonlyMap<string, number> };
  readonly cli: boolean;
  readonly mutations: readonly string[];
}

export type FuzzCase = QseqCase | QasmCase;

export interface GenerateOptions {
  /** A case also runs the CLI with probability 1 / cliEvery (0: never). */
  readonly cliEvery: number;
}

const describeMutations = (what: string, ms: readonly { kind: string; detail: string }[]): string[] => ms.map((m) => `${what}: ${m.kind} ${m.detail}`);

export function generateCase(target: TargetName, seed: number, index: number, opts: GenerateOptions): FuzzCase {
  const rng = new FuzzRng(caseSeed(seed, index) ^ (target === "qasm" ? 0x5bd1e995 : 0));
  const cli = opts.cliEvery > 0 && rng.int(opts.cliEvery) === 0;
  return target === "qseq" ? generateQseq(rng, seed, index, cli) : generateQasm(rng, seed, index, cli);
}

function pickSeed(rng: FuzzRng, c: Corpus): QseqSeed {
  const roll = rng.int(100);
  const group: QseqSeed["group"] = roll < 55 ? "examples" : roll < 72 ? "seeds" : roll < 82 ? "stdlib" : "golden";
  const xs = c.qseq.filter((s) => s.group === group);
  return rng.pick(xs.length ? xs : c.qseq);
}

function generateQseq(rng: FuzzRng, seed: number, index: number, cli: boolean): QseqCase {
  const c = loadCorpus();
  const base = pickSeed(rng, c);
  const mutations: string[] = [];
  let entryText = base.text;
  const overrides = new Map<string, string>();
  const imports = [...base.text.matchAll(/import\s+"std\/([a-z]+)"/g)].map((m) => m[1]!).filter((lib) => existsSync(join(STDLIB_DIR, `${lib}.qseq`)));
  const roll = rng.int(100);
  if (roll < 12 && base.input) {
    // the program as it is: only its input (below, always mutated) or hyperparameters change
  } else if (imports.length && roll < 27) {
    const lib = rng.pick(imports);
    const path = join(STDLIB_DIR, `${lib}.qseq`);
    const m = mutate(rng, readFileSync(path, "utf8"), { corpus: c.pool.qseq, keywords: QSEQ_WORDS });
    overrides.set(path, m.text);
    mutations.push(...describeMutations(`std/${lib}`, m.mutations));
  } else {
    const m = mutate(rng, base.text, { corpus: c.pool.qseq, keywords: QSEQ_WORDS });
    entryText = m.text;
    mutations.push(...describeMutations(base.path, m.mutations));
  }
  let input: InputText | undefined = base.input && rng.chance(0.8) ? base.input
    : rng.chance(0.85) ? rng.pick([...c.tokens, ...c.json]) : undefined;
  if (input && (rng.chance(0.3) || mutations.length === 0)) {
    const m = mutate(rng, input.text, { corpus: input.kind === "tokens" ? c.pool.tokens : c.pool.json, keywords: input.kind === "tokens" ? ["Edge", "ReadZ", "ReadX", "Pair", "Flip", "Read", "Wide", "Pad", "x", "#"] : ["x", "\"x\"", "[", "]", "{", "}", "null", "true", "\"a\""] });
    mutations.push(...describeMutations(input.file, m.mutations));
    input = { ...input, text: m.text };
  }
  const hyper = new Map<string, number>();
  if (rng.chance(0.1)) hyper.set(rng.pick(["n", "k", "m", "depth", "zz"]), rng.pick([0, 1, 2, 3, 5, 8, -1, 13, 99999999, 1e20]));
  const model = rng.chance(0.05) ? rng.pick(["khrnn", "khrnn_expect", "qrnn", "hea", "rich", "m", "nope"]) : undefined;
  return {
    target: "qseq", seed, index, entryPath: base.path, entryText, overrides, hyper, randomParams: rng.chance(0.3), cli, mutations,
    ...(input ? { input } : {}), ...(model ? { model } : {}),
  };
}

function generateQasm(rng: FuzzRng, seed: number, index: number, cli: boolean): QasmCase {
  const c = loadCorpus();
  // emitted programs most of the time, then the hand-written seeds, then the golden error cases
  const roll = rng.int(100);
  const group = c.qasm.filter((q) => (roll < 60 ? !q.path.startsWith("test/") : roll < 85 ? q.path.startsWith("test/fuzz/") : q.path.startsWith("test/golden/")));
  const base = rng.pick(group.length ? group : c.qasm);
  const m = mutate(rng, base.text, { corpus: c.pool.qasm, keywords: QASM_WORDS, ...(rng.chance(0.15) ? { numbersOnly: true } : {}) });
  const bind = new Map<string, number>();
  const inputsAsParams = rng.chance(0.5);
  // bind (some of) the declared inputs, as `qseq run x.qasm --bind` would (finite numbers only)
  const bindAll = rng.chance(0.85);
  for (const d of m.text.matchAll(/input\s+(?:float|angle|int|uint|bool|bit)(?:\[[^\]]*\])?\s+([A-Za-z_][A-Za-z0-9_]*)/g)) {
    if (inputsAsParams ? rng.chance(0.3) : bindAll || rng.chance(0.5)) bind.set(d[1]!, Number(rng.pick(NUMBERS.filter((x) => Number.isFinite(Number(x))))));
  }
  if (rng.chance(0.03)) bind.set("nosuch", 1);
  return {
    target: "qasm", seed, index, base: base.path, text: m.text, opts: { inputsAsParams, bind }, cli,
    mutations: describeMutations(base.path, m.mutations),
  };
}

// ───────────────────────────────────────────── running ─────────────────────────────────────────────

export interface Failure {
  readonly kind: "throw" | "slow" | "internal-diagnostic" | "cli-exit";
  readonly stage: string;
  readonly message: string;
  readonly stack?: string;
}

export interface CaseOutcome {
  /** Stages reached (each counted once per case). */
  readonly stages: string[];
  readonly failure?: Failure;
  /** Soft findings (not failures): e.g. an emitted program the importer rejects. */
  readonly notes: string[];
  readonly ms: number;
}

export interface RunOptions {
  /** A stage slower than this fails the case. */
  readonly slowMs: number;
  /** Probability of the (slow) trainability analysis after a clean check. */
  readonly trainability: number;
  /** Directory for the files the CLI reads. */
  readonly tmpDir: string;
}

/** The internal errors that front ends catch and turn into diagnostics (they hide crashes). */
const INTERNAL = /internal error|the parser failed|the importer failed|analysis failed/i;

class CaseFailed extends Error {
  constructor(readonly failure: Failure) { super(failure.message); }
}

class Runner {
  readonly stages: string[] = [];
  readonly notes: string[] = [];
  constructor(readonly opts: RunOptions) {}

  reach(stage: string): void { if (!this.stages.includes(stage)) this.stages.push(stage); }

  /** Runs one stage: a throw or a slow stage fails the case. `tolerate` says which throws are refusals. */
  stage<T>(name: string, fn: () => T, tolerate?: (e: unknown) => boolean): T | undefined {
    const t0 = performance.now();
    let out: T;
    try {
      out = fn();
    } catch (e) {
      if (e instanceof CaseFailed) throw e;
      if (tolerate?.(e)) { this.reach(`${name}:refused`); return undefined; }
      throw new CaseFailed({ kind: "throw", stage: name, message: errorMessage(e), ...(e instanceof Error && e.stack ? { stack: e.stack } : {}) });
    }
    this.slow(name, performance.now() - t0);
    this.reach(name);
    return out;
  }

  async stageAsync<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const t0 = performance.now();
    let out: T;
    try {
      out = await fn();
    } catch (e) {
      if (e instanceof CaseFailed) throw e;
      throw new CaseFailed({ kind: "throw", stage: name, message: errorMessage(e), ...(e instanceof Error && e.stack ? { stack: e.stack } : {}) });
    }
    this.slow(name, performance.now() - t0);
    this.reach(name);
    return out;
  }

  slow(name: string, ms: number): void {
    if (ms > this.opts.slowMs) throw new CaseFailed({ kind: "slow", stage: name, message: `${name} took ${Math.round(ms)} ms (limit ${this.opts.slowMs} ms)` });
  }

  /** Renders the diagnostics as the CLI does (text and JSON) and rejects masked internal errors. */
  diagnostics(stage: string, ds: readonly Diagnostic[], sources: ReadonlyMap<string, string>): void {
    const bad = ds.find((d) => INTERNAL.test(d.message));
    if (bad) throw new CaseFailed({ kind: "internal-diagnostic", stage, message: `${bad.code}: ${bad.message}` });
    this.stage(`${stage}:render`, () => {
      renderText(ds, sources as Map<string, string>, { color: false });
      JSON.stringify(toJson(ds, sources as Map<string, string>));
    });
  }
}

export const errorMessage = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : `non-Error thrown: ${String(e)}`);

/**
 * The documented refusals of the back ends (a user error, not a crash): SimulationLimitError (E0804, a state
 * that does not fit), NeedsBatchError of emitQasm3 (expectation outputs on qubits used later need a batch of
 * programs), UnrollLimitError (E0801, src/check/limits.ts) and NonFiniteValueError of the emitter (param values
 * that make an angle ∞ or NaN, which the CLI reports first as E0406). The last three are matched by name.
 */
const isRefusal = (e: unknown): boolean =>
  e instanceof SimulationLimitError
  || (e instanceof Error && ["NeedsBatchError", "UnrollLimitError", "NonFiniteValueError", "ClassicalControlError", "LoopLimitError"].includes(e.name));
export const isEmitRefusal = isRefusal;
const isSimLimit = isRefusal;

/** Operations, counted into `if` branches (calls count once). */
export function countOps(ops: readonly Op[]): number {
  let n = 0;
  for (const op of ops) n += nestedBlocks(op).reduce((k, b) => k + countOps(b), 1);
  return n;
}
function countMeasurements(ops: readonly Op[]): number {
  let n = 0;
  for (const op of ops) {
    if (op.kind === "measure" || op.kind === "reset") n++;
    else if (op.kind === "while") n += countMeasurements(op.body) > 0 ? Infinity : 0; // a measurement per iteration
    else n += nestedBlocks(op).reduce((k, b) => k + countMeasurements(b), 0);
  }
  return n;
}
const small = (c: Circuit): boolean => c.numQubits <= SIM_MAX_QUBITS && countOps(c.ops) <= SIM_MAX_OPS;

/** Runs one case. Never throws: a failure is reported in the outcome. */
export async function runCase(c: FuzzCase, opts: RunOptions): Promise<CaseOutcome> {
  const r = new Runner(opts);
  const t0 = performance.now();
  let failure: Failure | undefined;
  try {
    if (c.target === "qseq") await runQseq(c, r);
    else await runQasm(c, r);
  } catch (e) {
    failure = e instanceof CaseFailed ? e.failure : { kind: "throw", stage: "harness", message: errorMessage(e), ...(e instanceof Error && e.stack ? { stack: e.stack } : {}) };
  }
  return { stages: r.stages, notes: r.notes, ms: performance.now() - t0, ...(failure ? { failure } : {}) };
}

const readCache = new Map<string, string | undefined>();
function hostFor(overrides: ReadonlyMap<string, string>): SourceHost {
  return {
    read: (p) => {
      const o = overrides.get(p);
      if (o !== undefined) return o;
      if (!readCache.has(p)) readCache.set(p, existsSync(p) ? readFileSync(p, "utf8") : undefined);
      return readCache.get(p);
    },
  };
}

function randomParams(c: Circuit, seed: number): Float64Array {
  const rng = new FuzzRng(seed);
  return Float64Array.from(c.params, () => (rng.next() / 4294967296 - 0.5) * 8);
}

async function runQseq(c: QseqCase, r: Runner): Promise<void> {
  const host = hostFor(c.overrides);
  const front = { entryText: c.entryText, host, hyper: c.hyper, limits: FUZZ_LIMITS };
  const checked = r.stage("check", () => check(c.entryPath, front))!;
  r.diagnostics("check", checked.diagnostics, checked.sources);
  const clean = !hasErrors(checked.diagnostics);
  if (clean) {
    r.reach("check:ok");
    if (new FuzzRng(caseSeed(c.seed, c.index) ^ 0x77).chance(r.opts.trainability)) {
      const reports = r.stage("trainability", () => trainabilityReports(checked.program, checked.models, { limits: FUZZ_LIMITS, budgetMs: 300 }))!;
      const masked = reports.find((t) => t.skipped !== undefined && INTERNAL.test(t.skipped));
      if (masked) throw new CaseFailed({ kind: "internal-diagnostic", stage: "trainability", message: `${masked.model}: ${masked.skipped}` });
      r.diagnostics("trainability", reports.flatMap((t) => t.diagnostics), checked.sources);
    }
  }
  const built = r.stage("build", () => buildCircuit(c.entryPath, {
    ...front,
    ...(c.model ? { model: c.model } : {}),
    ...(c.input ? { [c.input.kind]: { text: c.input.text, file: c.input.file } } : {}),
  }))!;
  r.diagnostics("build", built.diagnostics, built.sources);
  const circuit = built.circuit && !hasErrors(built.diagnostics) ? built.circuit : undefined;
  if (circuit) {
    r.reach("circuit");
    if (small(circuit)) await backEnds(c, r, circuit, c.randomParams ? randomParams(circuit, c.index) : initialParamValues(circuit), true);
  }
  const limited = built.diagnostics.some((d) => /^E08/.test(d.code)) || checked.diagnostics.some((d) => /^E08/.test(d.code));
  if (c.cli && c.overrides.size === 0) await qseqCli(c, r, circuit, !limited && (!built.circuit || small(built.circuit)));
}

/** Emitter (both profiles, bound and not), re-import of one emitted program, and the simulator. */
async function backEnds(fc: FuzzCase, r: Runner, c: Circuit, params: Float64Array, roundTrip: boolean): Promise<void> {
  const rng = new FuzzRng(caseSeed(fc.seed, fc.index) ^ 0x1234);
  const emitted: { text: string; bound: boolean }[] = [];
  // every program of the readout batch (one unless an expectation's qubits are used later), as the CLI emits them
  const batch = r.stage("batch", () => buildBatch(c, { maxOps: FUZZ_LIMITS.maxOps }), isRefusal);
  for (const profile of ["full", "portable"] as const) {
    for (const bound of [false, true]) {
      for (const [i, pc] of (batch?.circuits ?? []).entries()) {
        const opts = { profile, outputIndex: batch!.outputIndex[i]!, ...(bound ? { bind: { params } } : {}) };
        const text = r.stage(`emit:${profile}`, () => emitQasm3(pc, opts), isEmitRefusal);
        if (text !== undefined) emitted.push({ text, bound });
      }
    }
  }
  if (batch && batch.circuits.length > 1) r.reach("batch:prefixes");
  if (roundTrip && emitted.length) {
    const e = rng.pick(emitted);
    const back = r.stage("reimport", () => importQasm(e.text, "roundtrip.qasm", e.bound ? {} : { inputsAsParams: true }))!;
    r.diagnostics("reimport", back.diagnostics, new Map([["roundtrip.qasm", e.text]]));
    if (back.circuit) r.reach("reimport:ok");
    else r.notes.push(`an emitted program does not import: ${back.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.message}`).slice(0, 2).join("; ")}`);
  }
  const sim = r.stage("sim:compile", () => compileSimulation(c), isSimLimit);
  if (!sim) return;
  r.stage("sim:sample", () => sim.sample(params, 16, 1), isSimLimit);
  // what `qseq run --shots` does: sample the batch's programs and combine their counts
  if (batch) r.stage("sim:batch", () => combineBatch(batch.manifest, sampleCircuits(batch.circuits, params, () => 8, 1)), isSimLimit);
  const measured = countMeasurements(c.ops);
  if (measured <= EXACT_MAX_MEASUREMENTS) {
    r.stage("sim:exact", () => sim.exact(params), isSimLimit);
    const bits = c.outputs.reduce((n, o) => n + (o.kind === "bits" ? o.bits.length : 0), 0);
    const targets = Array.from({ length: bits }, () => (rng.chance(0.5) ? "1" : "0")).join("");
    r.stage("sim:forced", () => sim.forced(params, targets), isSimLimit);
  }
}

async function runQasm(c: QasmCase, r: Runner): Promise<void> {
  const opts: ImportQasmOptions = { bind: c.opts.bind, limits: FUZZ_LIMITS, ...(c.opts.inputsAsParams ? { inputsAsParams: true } : {}) };
  const file = "fuzz.qasm";
  const imported = r.stage("import", () => importQasm(c.text, file, opts))!;
  r.diagnostics("import", imported.diagnostics, new Map([[file, c.text]]));
  const circuit = imported.circuit;
  if (circuit) {
    r.reach("import:ok");
    if (small(circuit)) {
      const params = Float64Array.from(circuit.params, (p) => c.opts.bind.get(p.name) ?? p.init);
      await backEnds(c, r, circuit, params, false);
    }
  }
  const limited = imported.diagnostics.some((d) => d.code === "E1006");
  if (c.cli && !limited && (!circuit || small(circuit))) await qasmCli(c, r);
}

// ───────────────────────────────────────────── the CLI ─────────────────────────────────────────────

export interface CliResult { readonly code: number; readonly stdout: string; readonly stderr: string }

type MainFn = (argv: string[]) => Promise<number>;
let mainFn: MainFn | undefined;

/**
 * `main(argv)` of src/cli/main.ts in process, with standard output and error captured. A throw out of
 * main is what bin/qseq.js reports as an internal error (exit code 3).
 */
export async function runCli(args: string[]): Promise<CliResult> {
  mainFn ??= (await import("../../src/cli/main.js")).main as MainFn;
  const out: string[] = [];
  const err: string[] = [];
  const stdoutWrite = process.stdout.write;
  const stderrWrite = process.stderr.write;
  const savedExitCode = process.exitCode;
  const capture = (into: string[]) => ((chunk: unknown, ...rest: unknown[]) => {
    into.push(typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8"));
    const cb = rest.find((x) => typeof x === "function") as (() => void) | undefined;
    cb?.();
    return true;
  }) as typeof process.stdout.write;
  process.stdout.write = capture(out);
  process.stderr.write = capture(err);
  process.exitCode = undefined;
  try {
    const code = await mainFn(["node", "qseq", ...args]);
    return { code, stdout: out.join(""), stderr: err.join("") };
  } finally {
    process.stdout.write = stdoutWrite;
    process.stderr.write = stderrWrite;
    process.exitCode = savedExitCode;
  }
}

async function cliStage(r: Runner, name: string, args: string[]): Promise<CliResult> {
  const res = await r.stageAsync(name, () => runCli(args));
  if (![0, 1, 2].includes(res.code) || /internal error/i.test(res.stderr)) {
    throw new CaseFailed({ kind: "cli-exit", stage: name, message: `qseq ${args.join(" ")} → exit ${res.code}: ${res.stderr.slice(0, 500)}` });
  }
  return res;
}

function caseDir(r: Runner, c: FuzzCase): string {
  const dir = join(r.opts.tmpDir, `${c.target}-${c.index}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

async function qseqCli(c: QseqCase, r: Runner, circuit: Circuit | undefined, canRun: boolean): Promise<void> {
  const rng = new FuzzRng(caseSeed(c.seed, c.index) ^ 0xc11);
  const dir = caseDir(r, c);
  const file = join(dir, basename(c.entryPath));
  writeFileSync(file, c.entryText);
  const limits = ["--max-qubits", String(FUZZ_LIMITS.maxQubits), "--max-ops", String(FUZZ_LIMITS.maxOps)];
  const set = c.hyper.size ? ["--set", [...c.hyper].map(([k, v]) => `${k}=${BigInt(Math.trunc(v))}`).join(",")] : [];
  const format = rng.chance(0.3) ? ["--format", "json"] : [];
  const model = c.model ? ["--model", c.model] : [];
  const input: string[] = [];
  if (c.input) {
    const path = join(dir, c.input.kind === "tokens" ? "input.tokens" : "input.json");
    writeFileSync(path, c.input.text);
    input.push(`--${c.input.kind}`, c.input.kind === "tokens" ? `@${path}` : path);
  }
  await cliStage(r, "cli:check", ["check", file, ...set, ...limits, ...format]);
  const profile = ["--profile", rng.pick(["full", "portable"])];
  const bind = rng.chance(0.5) ? ["--bind"] : [];
  await cliStage(r, "cli:compile", ["compile", file, ...input, ...set, ...model, ...limits, ...profile, ...bind, ...format]);
  if (!canRun) return;
  const exact = circuit && countMeasurements(circuit.ops) <= EXACT_MAX_MEASUREMENTS && rng.chance(0.5);
  await cliStage(r, "cli:run", ["run", file, ...input, ...set, ...model, ...(exact ? ["--exact"] : ["--shots", "16", "--seed", "1"]), ...format]);
}

async function qasmCli(c: QasmCase, r: Runner): Promise<void> {
  const dir = caseDir(r, c);
  const file = join(dir, "mutant.qasm");
  writeFileSync(file, c.text);
  const bind = c.opts.bind.size ? ["--bind", [...c.opts.bind].map(([k, v]) => `${k}=${v}`).join(",")] : [];
  await cliStage(r, "cli:run", ["run", file, ...bind, "--shots", "16", "--seed", "1"]);
}

// ───────────────────────────────────────────── reports ─────────────────────────────────────────────

/** The files of a case, for reproducing it outside the fuzzer. */
export function caseFiles(c: FuzzCase): Map<string, string> {
  const files = new Map<string, string>();
  if (c.target === "qasm") {
    files.set("mutant.qasm", c.text);
    return files;
  }
  files.set(basename(c.entryPath), c.entryText);
  for (const [path, text] of c.overrides) files.set(`std-${basename(path)}`, text);
  if (c.input) files.set(c.input.kind === "tokens" ? "input.tokens" : "input.json", c.input.text);
  return files;
}

/** A human-readable reproduction of a failed case; the files are written under `dir`. */
export function describeFailure(c: FuzzCase, o: CaseOutcome, dir: string): string {
  const f = o.failure!;
  const caseDir = join(dir, `${c.target}-seed${c.seed}-index${c.index}`);
  mkdirSync(caseDir, { recursive: true });
  const files = caseFiles(c);
  for (const [name, text] of files) writeFileSync(join(caseDir, name), text);
  const call = c.target === "qasm"
    ? `importQasm(text, "fuzz.qasm", ${JSON.stringify({ inputsAsParams: c.opts.inputsAsParams, bind: Object.fromEntries(c.opts.bind) })}) + back ends`
    : `check/buildCircuit(${JSON.stringify(c.entryPath)}, { entryText, hyper: ${JSON.stringify(Object.fromEntries(c.hyper))}${c.model ? `, model: ${JSON.stringify(c.model)}` : ""}${c.input ? `, ${c.input.kind}: ${JSON.stringify(c.input.file)} (mutated copy)` : ""}${c.overrides.size ? ", host: mutated std files" : ""} }) + back ends`;
  const main = c.target === "qasm" ? c.text : c.entryText;
  return [
    `FAIL ${c.target} seed=${c.seed} index=${c.index} (reproduce: npx tsx test/fuzz/run.ts --target ${c.target} --seed ${c.seed} --index ${c.index})`,
    `  ${f.kind} in stage ${f.stage}: ${f.message}`,
    ...(f.stack ? [`  stack: ${f.stack.split("\n").slice(1, 6).map((s) => s.trim()).join(" | ")}`] : []),
    `  call: ${call}`,
    `  base: ${c.target === "qasm" ? c.base : c.entryPath}; mutations:`,
    ...c.mutations.map((m) => `    - ${m}`),
    `  files written to ${caseDir}: ${[...files.keys()].join(", ")}`,
    `  mutant text (first 3000 chars):`,
    main.slice(0, 3000).split("\n").map((l) => `    | ${l}`).join("\n"),
  ].join("\n");
}
