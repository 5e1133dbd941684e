// The trainability report of `qseq check`: the dynamical Lie algebra (DLA) of a model's trainable
// generators — its dimension, whether it is abelian, and whether it grows polynomially or exponentially
// with the register size — and the number of gates per step. Warnings W0104 (exponential, non-abelian
// DLA: barren-plateau risk) and W0105 (the cell grows with n). docs/language.md §11 states the rules.
//
// How a model becomes a set of Pauli strings:
// 1. Every input a step can read is elaborated once (each token value of the alphabet; one
//    representative feature vector), after `init` and before `final`: one circuit, split at its marks.
// 2. Each block (init, one step, final) is walked in order with a Clifford frame W — the fixed Clifford
//    gates met so far — and each trainable gate's generator G contributes the Pauli terms of W†·G·W
//    (its image before the fixed gates: U = W·Π exp(−iθ·W†GW)). Fixed gates that only prepare qubits
//    after a reset or measurement, or only change the basis of a following measurement, belong to the
//    preparation or the measurement and are skipped. Fixed non-Clifford gates, gates whose angle is a
//    data input and gates under a classical condition are counted as generators with a free angle.
// 3. Steps repeat in any order, so the step generators are closed under the step frames (the orbit of
//    the in-step images under every step's fixed Clifford part), then mapped through init's frame.
// 4. The Lie closure of the resulting Pauli strings (lie.ts) is the DLA of the finer model in which every
//    Pauli term is a generator of its own: an upper bound on the true DLA.

import { checkModel, type ModelSummary } from "../check/check.js";
import { DEFAULT_LIMITS, Interpreter, type Limits } from "../check/interpreter.js";
import { setupModel } from "../check/model-frame.js";
import type { Program } from "../check/program.js";
import { diagnostic, hasErrors, type Diagnostic } from "../diagnostics/diagnostic.js";
import { generatorPauliSum, isTrainable, rotationOf, toRotationForm } from "../grad/generators.js";
import { MAX_PAULI_QUBITS, popcount, type Pauli } from "../grad/pauli.js";
import type { FeatureValue } from "../input/features.js";
import type { RawToken } from "../input/tokens.js";
import type { Circuit, GateOp, Op } from "../ir/circuit.js";
import { cmAdjoint, cmFromRows, cmKron, cmMul, type CMatrix } from "../ir/cmatrix.js";
import { elaborate, type SequenceInput } from "../ir/elaborate.js";
import { isNum } from "../ir/expr.js";
import { controlsOf, flatten } from "../ir/flatten.js";
import { controlledForm, fullGateMatrix } from "../ir/gates.js";
import type { ModelDecl } from "../syntax/ast.js";
import type { Span } from "../syntax/span.js";
import { CliffordFrame, DEFAULT_CAP, frameOrbit, lieClosure, PauliSet, type LocalClifford } from "./lie.js";

export interface TrainabilityOptions {
  readonly limits?: Limits;
  /** Largest closure computed (default 4096 Pauli strings). */
  readonly cap?: number;
  /** Values of the size hyperparameter to analyse for growth (default 2..8). */
  readonly sweep?: readonly number[];
  /** Most inputs (token values) elaborated for one size (default 5000). */
  readonly maxInputs?: number;
  /** Time after which no further size is started (default 2000 ms). */
  readonly budgetMs?: number;
}

/** The analysis at one set of hyperparameter values. */
export interface SizeResult {
  readonly hyper: Readonly<Record<string, number>>;
  readonly qubits: number;
  /** Inputs elaborated, one step each (token values, or one representative feature vector). */
  readonly inputs: number;
  /** Some payload is an unbounded int: a few values were sampled. */
  readonly sampled: boolean;
  /** Distinct Pauli strings among the (frame-conjugated) generators. */
  readonly generators: number;
  /** Real dimension of the DLA (a lower bound when `capped`). */
  readonly dimension: number;
  readonly capped: boolean;
  readonly abelian: boolean;
  /** Every generator is a Z string (all trainable gates diagonal in one basis). */
  readonly diagonal: boolean;
  /** The DLA is all of su(2^k) on the k qubits its generators touch. */
  readonly full: boolean;
  /** Fixed or data-driven gate occurrences counted as generators (non-Clifford, conditional or input angles). */
  readonly promoted: number;
  /** Fewest and most gates (after inlining cells) that one step elaborates to. */
  readonly gatesPerStep: { readonly min: number; readonly max: number };
}

export type Growth = "polynomial" | "exponential" | "unknown";

export interface TrainabilityReport {
  readonly model: string;
  readonly hyper: Readonly<Record<string, number>>;
  /** The analysis at the model's hyperparameter values, unless `skipped` says why not. */
  readonly declared?: SizeResult;
  readonly skipped?: string;
  /** The size hyperparameter (the one that sets the register size) and the sizes analysed. */
  readonly sweep?: { readonly hyper: string; readonly sizes: readonly SizeResult[] };
  readonly growth: Growth;
  /** `≈ n^2.6`, `≈ 4.0^n`, or why the growth is unknown. */
  readonly growthNote: string;
  /** Gates per step do not grow with the size hyperparameter (null: unknown). */
  readonly constantCell: boolean | null;
  readonly cap: number;
  /** W0104 / W0105 warnings. */
  readonly diagnostics: readonly Diagnostic[];
}

const DEFAULT_SWEEP = [2, 3, 4, 5, 6, 7, 8];

/** The report for every model of a checked program (`summaries` from checkProgram, at their hyperparameter values). */
export function trainabilityReports(program: Program, summaries: readonly ModelSummary[], opts: TrainabilityOptions = {}): TrainabilityReport[] {
  const out: TrainabilityReport[] = [];
  for (const s of summaries) {
    const model = program.models.get(s.name);
    if (model) out.push(analyzeTrainability(program, model, s.hyper, opts));
  }
  return out;
}

/** The trainability report of one model at the given hyperparameter values (missing ones: defaults). */
export function analyzeTrainability(program: Program, model: ModelDecl, hyper: ReadonlyMap<string, number> = new Map(), opts: TrainabilityOptions = {}): TrainabilityReport {
  const started = Date.now();
  const cap = opts.cap ?? DEFAULT_CAP;
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const budget = opts.budgetMs ?? 2000;
  const base = resolvedHyper(program, model, hyper, limits);
  const name = model.name.name;
  const hyperRecord = Object.fromEntries(base);
  const declaredResult = analyzeSize(program, model, base, limits, cap, opts.maxInputs ?? 5000);

  const sweepName = sizeHyperparameter(program, model, base, limits);
  const sizes: SizeResult[] = [];
  const sweepNotes: string[] = [];
  if (sweepName !== undefined) {
    for (const v of opts.sweep ?? DEFAULT_SWEEP) {
      if (Date.now() - started > budget) { sweepNotes.push("time budget reached"); break; }
      const h = new Map(base).set(sweepName, v);
      const r = v === base.get(sweepName) ? declaredResult : analyzeSize(program, model, h, limits, cap, opts.maxInputs ?? 5000);
      if (typeof r === "string") {
        if (r.startsWith("stop:")) break;
        continue; // not a valid size (e.g. k > n): skip it
      }
      sizes.push(r);
      if (r.capped) break; // larger sizes are only more expensive
    }
  }
  const points = sizes.map((s) => ({ n: s.hyper[sweepName!]!, dim: s.dimension, capped: s.capped }));
  const growth = sweepName === undefined
    ? { growth: "unknown" as const, note: "no hyperparameter sets the register size" }
    : classifyGrowth(points, sweepName);
  const constantCell = sizes.length >= 2 ? sizes[sizes.length - 1]!.gatesPerStep.max <= sizes[0]!.gatesPerStep.max : null;

  const diagnostics: Diagnostic[] = [];
  const series = (f: (s: SizeResult) => string) => sizes.map(f).join(", ");
  const range = sizes.length ? `${sweepName} = ${sizes.map((s) => s.hyper[sweepName!]).join(", ")}` : "";
  if (growth.growth === "exponential" && [...sizes, ...(typeof declaredResult === "string" ? [] : [declaredResult])].some((s) => !s.abelian)) {
    diagnostics.push(diagnostic("W0104", model.name.span,
      `barren plateau risk: the dynamical Lie algebra of \`${name}\`'s trainable generators grows exponentially with \`${sweepName}\``,
      {
        label: `dimension ${series((s) => dimText(s))} for ${range}`,
        help: "gradients of such models vanish exponentially with the qubit count once circuits are deep; prefer generators that stay in a small algebra (commuting, diagonal or local ones, as in the k-HRNN), or keep circuits shallow",
      }));
  }
  if (constantCell === false) {
    const step = model.members.find((m) => m.kind === "step");
    diagnostics.push(diagnostic("W0105", step ? keywordSpan(step.span, 4) : model.name.span,
      `the cell is not constant-size: a step has up to ${series((s) => String(s.gatesPerStep.max))} gates for ${range}`,
      {
        label: "gates per step grow with the register",
        help: "a constant-size cell applies a fixed number of gates per step whatever the register size (like the k-HRNN's one hyperedge per token); loops over the whole register make every step cost O(n)",
      }));
  }
  return {
    model: name,
    hyper: hyperRecord,
    ...(typeof declaredResult === "string" ? { skipped: declaredResult.replace(/^stop: /, "") } : { declared: declaredResult }),
    ...(sweepName !== undefined ? { sweep: { hyper: sweepName, sizes } } : {}),
    growth: growth.growth,
    growthNote: growth.note + (sweepNotes.length ? ` (${sweepNotes.join(", ")})` : ""),
    constantCell,
    cap,
    diagnostics,
  };
}

function keywordSpan(s: Span, length: number): Span {
  return { ...s, end: Math.min(s.end, s.start + length) };
}

const dimText = (s: SizeResult): string => (s.capped ? `≥${s.dimension}` : String(s.dimension));

// ─────────────────────────────────────────── growth ────────────────────────────────────────────

/**
 * Polynomial or exponential growth of the DLA dimension d(n): exponential when the cap was reached at a
 * size analysed; otherwise, with at least three sizes, whichever of ln d = a + b·n (exponential) and
 * ln d = a + p·ln n (polynomial) fits the points with the smaller squared error (ties: polynomial).
 */
export function classifyGrowth(points: readonly { n: number; dim: number; capped: boolean }[], name = "n"): { growth: Growth; note: string } {
  const capped = points.find((p) => p.capped);
  const exact = points.filter((p) => !p.capped && p.n >= 1);
  const exp = exact.length >= 2 ? fit(exact.map((p) => p.n), exact.map((p) => Math.log(Math.max(p.dim, 1)))) : undefined;
  if (capped) {
    const rate = exp && exp.slope > 0 ? `≈ ${Math.exp(exp.slope).toFixed(1)}^${name}, ` : "";
    return { growth: "exponential", note: `${rate}the closure reaches its cap at ${name} = ${capped.n}` };
  }
  if (exact.length < 3) return { growth: "unknown", note: `too few sizes to fit (${exact.length})` };
  if (exact.every((p) => p.dim === exact[0]!.dim)) return { growth: "polynomial", note: "constant" };
  const pow = fit(exact.map((p) => Math.log(p.n)), exact.map((p) => Math.log(Math.max(p.dim, 1))))!;
  if (exp!.rss < pow.rss - 1e-9 && exp!.slope > 0) return { growth: "exponential", note: `≈ ${Math.exp(exp!.slope).toFixed(1)}^${name}` };
  return { growth: "polynomial", note: `≈ ${name}^${Math.max(0, pow.slope).toFixed(1)}` };
}

/** Least-squares line y = a + b·x: slope and residual sum of squares. */
function fit(xs: readonly number[], ys: readonly number[]): { slope: number; rss: number } {
  const n = xs.length;
  const mx = xs.reduce((s, x) => s + x, 0) / n, my = ys.reduce((s, y) => s + y, 0) / n;
  let sxx = 0, sxy = 0;
  for (let i = 0; i < n; i++) { sxx += (xs[i]! - mx) ** 2; sxy += (xs[i]! - mx) * (ys[i]! - my); }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  let rss = 0;
  for (let i = 0; i < n; i++) rss += (ys[i]! - (my + slope * (xs[i]! - mx))) ** 2;
  return { slope, rss };
}

// ─────────────────────────────────────── hyperparameters ───────────────────────────────────────

function resolvedHyper(program: Program, model: ModelDecl, given: ReadonlyMap<string, number>, limits: Limits): Map<string, number> {
  const r = checkModel(program, model, { hyper: given, limits });
  return new Map(r.summary?.hyper ?? given);
}

/** The first int hyperparameter whose value changes the model's qubit count. */
function sizeHyperparameter(program: Program, model: ModelDecl, base: ReadonlyMap<string, number>, limits: Limits): string | undefined {
  const qubitsAt = (h: ReadonlyMap<string, number>): number | undefined => {
    const r = checkModel(program, model, { hyper: h, limits });
    return hasErrors(r.diagnostics) ? undefined : r.summary?.numQubits;
  };
  const q0 = qubitsAt(base);
  for (const h of model.hyper) {
    const v = base.get(h.name.name);
    if (v === undefined) continue;
    for (const w of [v + 1, v - 1]) {
      const q = qubitsAt(new Map(base).set(h.name.name, w));
      if (q !== undefined && q0 !== undefined && q !== q0) return h.name.name;
    }
  }
  return undefined;
}

// ─────────────────────────────────────────── one size ───────────────────────────────────────────

/** The analysis at one size, or why it was not done ("stop: …" when larger sizes are pointless too). */
function analyzeSize(program: Program, model: ModelDecl, hyper: ReadonlyMap<string, number>, limits: Limits, cap: number, maxInputs: number): SizeResult | string {
  try {
    const checked = checkModel(program, model, { hyper, limits });
    if (hasErrors(checked.diagnostics) || !checked.summary) return "the model does not check at these values";
    const summary = checked.summary;
    if (summary.numQubits > MAX_PAULI_QUBITS) return `stop: more than ${MAX_PAULI_QUBITS} qubits`;
    const inputs = enumerateInputs(program, model, hyper, limits, maxInputs);
    if (typeof inputs === "string") return inputs;
    const blocks = elaborateBlocks(program, model, hyper, limits, summary, inputs);
    if (typeof blocks === "string") return blocks;
    return analyzeBlocks(blocks, summary, cap, inputs.sampled);
  } catch (e) {
    // A report is advice: a model it cannot analyse (an exotic gate, say) is reported as such, never a crash.
    return `the analysis failed: ${e instanceof Error ? e.message : String(e)}`;
  }
}

interface Inputs {
  readonly items: readonly SequenceInput[];
  readonly sampled: boolean;
}

const NOWHERE: Span = { file: "<trainability>", start: 0, end: 0, line: 1, col: 1 };
/** Values tried for a payload or input of type `int` (unbounded). */
const INT_SAMPLES = [0, 1, 2, 3];

/** Every input one step can read: each token value (payload ranges and subsets enumerated), or one representative feature vector. */
function enumerateInputs(program: Program, model: ModelDecl, hyper: ReadonlyMap<string, number>, limits: Limits, max: number): Inputs | string {
  const interp = new Interpreter(program, "check", model.name.name, limits);
  const frame = setupModel(interp, model, hyper);
  if (!frame) return "the model cannot be set up";
  let sampled = false;
  if (frame.variants) {
    const tokens: RawToken[] = [];
    for (const v of frame.variants.values()) {
      const fields: number[][][] = [];
      for (const r of interp.payloadRanges(v)) {
        if (r.k === "int") {
          if (!Number.isFinite(r.lo) || !Number.isFinite(r.hi)) { sampled = true; fields.push(INT_SAMPLES.map((x) => [x])); continue; }
          if (r.hi - r.lo + 1 > max) return `stop: more than ${max} token values`;
          fields.push(Array.from({ length: Math.max(0, r.hi - r.lo + 1) }, (_, i) => [r.lo + i]));
        } else if (r.k === "array" && r.items.every((it) => it.k === "int")) {
          const k = r.items.length;
          const lo = (r.items[0] as { lo: number } | undefined)?.lo ?? 0;
          const hi = (r.items[k - 1] as { hi: number } | undefined)?.hi ?? -1;
          if (binomial(hi - lo + 1, k) > max) return `stop: more than ${max} token values`;
          fields.push(combinations(lo, hi, k));
        } else return "a payload type cannot be enumerated";
      }
      if (fields.some((f) => f.length === 0)) return `token \`${v.name.name}\` has no possible value at these values`;
      const count = fields.reduce((n, f) => n * f.length, 1);
      if (tokens.length + count > max) return `stop: more than ${max} token values`;
      const product = fields.reduce<number[][]>((acc, f) => acc.flatMap((a) => f.map((b) => [...a, ...b])), [[]]);
      for (const args of product) tokens.push({ variant: v.name.name, args, span: NOWHERE, argSpans: args.map(() => NOWHERE) });
    }
    return { items: tokens.map((t) => ({ kind: "tokens", tokens: [t] })), sampled };
  }
  const input = frame.input;
  if (!input) return "the model declares no input";
  let steps: FeatureValue[];
  if (input.type.k === "range") {
    const r = interp.abstractPayload(input.type);
    if (r.k !== "int" || r.hi < r.lo) return "the input range is empty";
    if (r.hi - r.lo + 1 > max) return `stop: more than ${max} input values`;
    steps = Array.from({ length: r.hi - r.lo + 1 }, (_, i) => r.lo + i);
  } else if (input.type.k === "prim" && input.type.name === "int") {
    sampled = true;
    steps = [...INT_SAMPLES];
  } else {
    // Feature values stay symbolic in the circuit: any value shows which gates they drive.
    const build = (shape: readonly number[]): FeatureValue => (shape.length === 0 ? 0.5 : Array.from({ length: shape[0]! }, () => build(shape.slice(1))));
    steps = [build(input.shape)];
  }
  return { items: steps.map((s) => ({ kind: "features", steps: [s] })), sampled };
}

function binomial(n: number, k: number): number {
  if (k < 0 || n < k) return 0;
  let r = 1;
  for (let i = 0; i < k; i++) r = (r * (n - i)) / (i + 1);
  return Math.round(r);
}

function combinations(lo: number, hi: number, k: number): number[][] {
  const out: number[][] = [];
  const cur: number[] = [];
  const rec = (from: number): void => {
    if (cur.length === k) { out.push([...cur]); return; }
    for (let v = from; v <= hi - (k - cur.length - 1); v++) { cur.push(v); rec(v + 1); cur.pop(); }
  };
  rec(lo);
  return out;
}

interface Blocks {
  readonly numQubits: number;
  /** Flattened ops (for gate counts) and rotation-form ops (for generators), per block. */
  readonly init: { flat: readonly Op[]; rot: readonly Op[] };
  readonly steps: readonly { flat: readonly Op[]; rot: readonly Op[] }[];
  readonly final: { flat: readonly Op[]; rot: readonly Op[] };
}

/** Elaborates every input as one step (all in one sequence; one by one when some input is invalid, skipping those). */
function elaborateBlocks(program: Program, model: ModelDecl, hyper: ReadonlyMap<string, number>, limits: Limits, summary: ModelSummary, inputs: Inputs): Blocks | string {
  const run = (input: SequenceInput): Circuit | undefined => {
    const r = elaborate(program, input, { model: model.name.name, hyper, limits, checked: summary });
    return r.circuit && !hasErrors(r.diagnostics) ? r.circuit : undefined;
  };
  const join = (items: readonly SequenceInput[]): SequenceInput => (items[0]?.kind === "features"
    ? { kind: "features", steps: items.flatMap((i) => (i.kind === "features" ? i.steps : [])) }
    : { kind: "tokens", tokens: items.flatMap((i) => (i.kind === "tokens" ? i.tokens : [])) });
  // as few elaborations as the unroll limit allows: the inputs in chunks that fit it (a step's ops plus
  // its mark and fresh resets, with room for init), each input alone only where its chunk fails
  const chunk = Math.max(1, Math.floor(limits.maxOps / (2 * (summary.stepOps + 2))));
  const circuits: Circuit[] = [];
  for (let at = 0; at < inputs.items.length; at += chunk) {
    const items = inputs.items.slice(at, at + chunk);
    const joined = items.length > 1 ? run(join(items)) : undefined;
    if (joined) circuits.push(joined);
    else for (const c of items.map(run)) if (c) circuits.push(c);
  }
  if (circuits.length === 0) return "no input could be elaborated";
  let init: Blocks["init"] | undefined, final: Blocks["final"] | undefined;
  const steps: { flat: Op[]; rot: Op[] }[] = [];
  for (const c of circuits) {
    const flat = splitBlocks(flatten(c).ops);
    const rot = splitBlocks(toRotationForm(c).ops);
    init ??= { flat: flat.init, rot: rot.init };
    final ??= { flat: flat.final, rot: rot.final };
    flat.steps.forEach((s, i) => steps.push({ flat: s, rot: rot.steps[i]! }));
  }
  return { numQubits: circuits[0]!.numQubits, init: init!, steps, final: final! };
}

/** Splits a run's top-level ops at its marks (`step t: …`, `final`). */
function splitBlocks(ops: readonly Op[]): { init: Op[]; steps: Op[][]; final: Op[] } {
  const init: Op[] = [], steps: Op[][] = [], final: Op[] = [];
  let cur = init;
  for (const op of ops) {
    if (op.kind === "mark") {
      if (op.label.startsWith("step ")) { cur = []; steps.push(cur); continue; }
      if (op.label === "final") { cur = final; continue; }
    }
    cur.push(op);
  }
  return { init, steps, final };
}

// ─────────────────────────────────────────── generators ───────────────────────────────────────────

function analyzeBlocks(blocks: Blocks, summary: ModelSummary, cap: number, sampled: boolean): SizeResult {
  const nq = blocks.numQubits;
  let promoted = 0;
  const walk = (ops: readonly Op[], startFresh: boolean) => {
    const r = walkBlock(ops, nq, startFresh);
    promoted += r.promoted;
    return r;
  };
  const init = walk(blocks.init.rot, true);
  const seeds: Pauli[] = [];
  const frames = new Map<string, CliffordFrame>();
  for (const s of blocks.steps) {
    const r = walk(s.rot, false);
    seeds.push(...r.generators);
    if (!r.frame.isIdentity()) frames.set(r.frame.key(), r.frame);
  }
  seeds.push(...walk(blocks.final.rot, false).generators);
  const orbit = frameOrbit(seeds, [...frames.values()], cap);
  const gens = new PauliSet(init.generators);
  for (const p of orbit.set.values()) gens.add(init.frame.image(p));
  const dla = lieClosure(gens.values(), cap);
  const capped = dla.capped || orbit.capped;
  let supportMask = 0;
  for (const p of dla.elements) supportMask = (supportMask | p.x | p.z) >>> 0;
  const k = popcount(supportMask);
  const counts = blocks.steps.map((s) => countGates(s.flat));
  return {
    hyper: Object.fromEntries(summary.hyper),
    qubits: summary.numQubits,
    inputs: blocks.steps.length,
    sampled,
    generators: gens.size,
    dimension: dla.dimension,
    capped,
    abelian: dla.abelian,
    diagonal: gens.values().every((p) => p.x === 0),
    full: !capped && k > 0 && dla.dimension === 4 ** k - 1,
    promoted,
    gatesPerStep: { min: counts.length ? Math.min(...counts) : 0, max: counts.length ? Math.max(...counts) : 0 },
  };
}

function countGates(ops: readonly Op[]): number {
  let n = 0;
  for (const op of ops) {
    if (op.kind === "gate") n++;
    else if (op.kind === "if") n += countGates(op.then) + countGates(op.else);
  }
  return n;
}

/** A gate with constant angles (not trainable, not driven by a data input). */
const isFixed = (op: GateOp): boolean => !isTrainable(op) && op.args.every(isNum);

/**
 * One block in order: the Pauli terms of each trainable generator conjugated by the fixed Clifford gates
 * before it in the block, and the block's whole fixed Clifford part.
 */
function walkBlock(ops: readonly Op[], nq: number, startFresh: boolean): { generators: Pauli[]; frame: CliffordFrame; promoted: number } {
  const skip = preparationAndBasisGates(ops, nq, startFresh);
  const frame = CliffordFrame.identity(nq);
  const generators: Pauli[] = [];
  let promoted = 0;
  const gateTerms = (op: GateOp, conditional: boolean): void => {
    const rot = rotationOf(op);
    if (rot) {
      for (const t of generatorPauliSum(rot).withoutIdentity().terms.values()) generators.push(frame.image(t.p));
      return;
    }
    if (!conditional && isFixed(op)) {
      if (skip.has(op)) return;
      const c = cliffordAction(op);
      if (c) { frame.append(op.qubits, c); return; }
    }
    promoted++;
    for (const p of freeAngleTerms(op)) generators.push(frame.image(p));
  };
  const conditional = (inner: readonly Op[]): void => {
    for (const op of inner) {
      if (op.kind === "gate") gateTerms(op, true);
      else if (op.kind === "if") { conditional(op.then); conditional(op.else); }
    }
  };
  for (const op of ops) {
    if (op.kind === "gate") gateTerms(op, false);
    else if (op.kind === "if") { conditional(op.then); conditional(op.else); }
  }
  return { generators, frame, promoted };
}

/**
 * Fixed gates that belong to a preparation or a measurement: every qubit they act on was just reset or
 * measured (or is untouched since the start of the run) with only such gates since; or every qubit is
 * measured or reset next with only such gates in between.
 */
function preparationAndBasisGates(ops: readonly Op[], nq: number, startFresh: boolean): Set<Op> {
  const out = new Set<Op>();
  const touched = (op: Op, visit: (q: number) => void): void => {
    if (op.kind === "gate") op.qubits.forEach(visit);
    else if (op.kind === "measure" || op.kind === "reset") visit(op.qubit);
    else if (op.kind === "if") for (const o of [...op.then, ...op.else]) touched(o, visit);
  };
  const pass = (seq: readonly Op[], start: boolean): void => {
    const clean = new Array<boolean>(nq).fill(start);
    for (const op of seq) {
      if (op.kind === "measure" || op.kind === "reset") clean[op.qubit] = true;
      else if (op.kind === "gate" && isFixed(op) && op.qubits.every((q) => clean[q])) out.add(op);
      else touched(op, (q) => { clean[q] = false; });
    }
  };
  pass(ops, startFresh);
  pass([...ops].reverse(), false);
  return out;
}

// ───────────────────────────────────────── gate semantics ─────────────────────────────────────────

const PAULI_2 = {
  I: cmFromRows([[1, 0], [0, 1]]),
  X: cmFromRows([[0, 1], [1, 0]]),
  Y: cmFromRows([[0, [0, -1]], [[0, 1], 0]]),
  Z: cmFromRows([[1, 0], [0, -1]]),
};

/** The matrix of a Pauli string over m operands (bit j = operand j; operand 0 is the most significant). */
function localPauliMatrix(p: Pauli, m: number): CMatrix {
  let acc: CMatrix | undefined;
  for (let j = 0; j < m; j++) {
    const xb = (p.x >>> j) & 1, zb = (p.z >>> j) & 1;
    const f = xb ? (zb ? PAULI_2.Y : PAULI_2.X) : zb ? PAULI_2.Z : PAULI_2.I;
    acc = acc ? cmKron(acc, f) : f;
  }
  return acc ?? cmFromRows([[1]]);
}

/** M as ±P or ±iP for one Pauli string P over m operands, if it is one. */
function asPauliString(mat: CMatrix, m: number): Pauli | undefined {
  const d = 2 ** m;
  for (let x = 0; x < d; x++) {
    for (let z = 0; z < d; z++) {
      const p = { x, z };
      const pm = localPauliMatrix(p, m);
      let re = 0, im = 0;
      for (let r = 0; r < d; r++) {
        for (let c = 0; c < d; c++) {
          const ar = pm.re[r * d + c]!, ai = pm.im[r * d + c]!;
          if (ar === 0 && ai === 0) continue;
          const br = mat.re[c * d + r]!, bi = mat.im[c * d + r]!;
          re += ar * br - ai * bi; im += ar * bi + ai * br;
        }
      }
      const mag = Math.hypot(re, im) / d;
      if (mag > 1 - 1e-9) return p;
      if (mag > 1e-9) return undefined;
    }
  }
  return undefined;
}

const cliffordCache = new Map<string, LocalClifford | null>();

/** C†·X_j·C and C†·Z_j·C for a fixed gate on at most 3 qubits, if it is a Clifford gate. */
function cliffordAction(op: GateOp): LocalClifford | undefined {
  const m = op.qubits.length;
  if (m > 3) return undefined;
  const args = op.args.map((a) => (isNum(a) ? a.v : NaN));
  const key = `${op.name}|${args.join(",")}|${JSON.stringify(op.mods)}`;
  let c = cliffordCache.get(key);
  if (c === undefined) {
    c = null;
    const u = fullGateMatrix(op.name, args, op.mods);
    const ud = cmAdjoint(u);
    const image = (p: Pauli) => asPauliString(cmMul(ud, cmMul(localPauliMatrix(p, m), u)), m);
    const xs: Pauli[] = [], zs: Pauli[] = [];
    let ok = true;
    for (let j = 0; j < m && ok; j++) {
      const ix = image({ x: 2 ** j, z: 0 }), iz = image({ x: 0, z: 2 ** j });
      if (!ix || !iz) ok = false;
      else { xs.push(ix); zs.push(iz); }
    }
    if (ok) c = { x: xs, z: zs };
    cliffordCache.set(key, c);
  }
  return c ?? undefined;
}

/** Pauli strings on a base gate's own qubits whose span contains its generator (letter j on qubit j), and whether it has a phase part. */
const BASE_TERMS: Readonly<Record<string, { letters: readonly string[]; phase: boolean }>> = {
  id: { letters: [], phase: false },
  x: { letters: ["X"], phase: true }, sx: { letters: ["X"], phase: true }, sxdg: { letters: ["X"], phase: true },
  rx: { letters: ["X"], phase: false },
  y: { letters: ["Y"], phase: true }, ry: { letters: ["Y"], phase: false },
  z: { letters: ["Z"], phase: true }, s: { letters: ["Z"], phase: true }, sdg: { letters: ["Z"], phase: true },
  t: { letters: ["Z"], phase: true }, tdg: { letters: ["Z"], phase: true },
  p: { letters: ["Z"], phase: true }, phase: { letters: ["Z"], phase: true }, u1: { letters: ["Z"], phase: true },
  rz: { letters: ["Z"], phase: false },
  h: { letters: ["X", "Z"], phase: true },
  U: { letters: ["X", "Y", "Z"], phase: true }, u2: { letters: ["X", "Y", "Z"], phase: true }, u3: { letters: ["X", "Y", "Z"], phase: true },
  gphase: { letters: [], phase: true },
  rxx: { letters: ["XX"], phase: false }, ryy: { letters: ["YY"], phase: false }, rzz: { letters: ["ZZ"], phase: false },
  swap: { letters: ["XX", "YY", "ZZ"], phase: true },
  iswap: { letters: ["XX", "YY"], phase: false },
};

const MAX_FREE_CONTROLS = 16;

/**
 * A gate taken with a free angle: Pauli strings whose span contains the generator of every gate of its
 * kind, controls included (a control q multiplies the terms by (I ∓ Z_q)/2).
 */
function freeAngleTerms(op: GateOp): Pauli[] {
  const controls = controlsOf(op).map((c) => c.qubit);
  let targets = op.qubits.slice(controls.length);
  let bodies: { name: string; qubits: readonly number[] }[] = [{ name: op.name, qubits: targets }];
  const form = controlledForm(op.name, op.args);
  if (form) {
    controls.push(...targets.slice(0, form.ctrls));
    targets = targets.slice(form.ctrls);
    bodies = form.body.map((b) => ({ name: b.name, qubits: b.qubits.map((i) => targets[i]!) }));
  }
  if (controls.length > MAX_FREE_CONTROLS) throw new Error(`a fixed gate with ${controls.length} controls`);
  const out = new PauliSet();
  for (let s = 0; s < 2 ** controls.length; s++) {
    let zs = 0;
    controls.forEach((q, i) => { if ((s >>> i) & 1) zs |= 2 ** q; });
    for (const b of bodies) {
      const spec = BASE_TERMS[b.name];
      if (!spec) throw new Error(`no generator terms for the gate '${b.name}'`);
      for (const letters of spec.letters) {
        let x = 0, z = zs;
        [...letters].forEach((c, j) => {
          const bit = 2 ** b.qubits[j]!;
          if (c === "X" || c === "Y") x |= bit;
          if (c === "Z" || c === "Y") z ^= bit;
        });
        out.add({ x: x >>> 0, z: z >>> 0 });
      }
      if (spec.phase && s !== 0) out.add({ x: 0, z: zs >>> 0 });
    }
  }
  return out.values().filter((p) => p.x !== 0 || p.z !== 0);
}

// ─────────────────────────────────────────── report text ───────────────────────────────────────────

/** The report as the lines `qseq check` prints. */
export function formatTrainability(r: TrainabilityReport): string {
  const hyper = Object.entries(r.hyper).map(([k, v]) => `${k}=${v}`).join(", ");
  const lines = [`trainability of ${r.model}${hyper ? `<${hyper}>` : ""}:`];
  const d = r.declared;
  if (d) {
    const kind = d.abelian ? (d.capped ? "abelian as far as computed" : "abelian") : "not abelian";
    const extras = [`${d.generators} Pauli generator${d.generators === 1 ? "" : "s"}`];
    if (d.diagonal && d.generators > 0) extras.push("all Z strings");
    if (d.full) extras.push(`all of su(2^${Math.round(Math.log(d.dimension + 1) / Math.log(4))})`);
    lines.push(`  dynamical Lie algebra: dimension ${dimText(d)}, ${kind} (${extras.join("; ")})`);
  } else lines.push(`  dynamical Lie algebra: not computed (${r.skipped ?? "unknown reason"})`);
  const sizes = r.sweep?.sizes ?? [];
  const name = r.sweep?.hyper ?? "n";
  const over = (f: (s: SizeResult) => string) => sizes.length ? ` (${name} = ${sizes.map((s) => s.hyper[name]).join(", ")}: ${sizes.map(f).join(", ")})` : "";
  lines.push(`  growth in ${name}: ${r.growth}, ${r.growthNote}${r.growth === "unknown" ? "" : over(dimText)}`);
  const cell = r.constantCell === null ? "" : `${r.constantCell ? "constant in" : "grows with"} ${name}${over((s) => String(s.gatesPerStep.max))}`;
  if (d) {
    const g = d.gatesPerStep;
    lines.push(`  gates per step: ${g.min === g.max ? g.max : `${g.min} to ${g.max}`}${cell ? `; ${cell}` : ""}`);
    const notes: string[] = [];
    if (d.promoted) notes.push(`${d.promoted} fixed, conditional or data-driven gate${d.promoted === 1 ? "" : "s"} counted as generators`);
    if (d.sampled) notes.push(`int payloads sampled at ${INT_SAMPLES.join(", ")}`);
    if (notes.length) lines.push(`  note: ${notes.join("; ")}`);
  } else if (cell) lines.push(`  gates per step: ${cell}`);
  return lines.join("\n") + "\n";
}

/** The report as plain JSON data (its diagnostics are reported with the others). */
export function trainabilityJson(r: TrainabilityReport): Omit<TrainabilityReport, "diagnostics"> {
  const { model, hyper, declared, skipped, sweep, growth, growthNote, constantCell, cap } = r;
  return { model, hyper, ...(declared ? { declared } : {}), ...(skipped ? { skipped } : {}), ...(sweep ? { sweep } : {}), growth, growthNote, constantCell, cap };
}
