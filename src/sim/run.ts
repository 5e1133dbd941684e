// The simulation engines over a compiled program and a bound pool:
//   - `runStateVector`: the final state of a measurement-free program;
//   - `runSample`: Born-rule shots (shot branching: a group of shots shares one state until a measurement
//     splits it binomially; terminal measurements are sampled from one final state);
//   - `runExact`: the exact distribution by branching on every measurement and reset;
//   - `runForced`: teacher forcing — measurements of emitted bits are projected onto their targets, the
//     others (and resets) branch exactly; probabilities are accumulated as logs.
// States are normalised after every projection and carry their probability separately.

import { ClassicalControlError } from "../ir/circuit.js";
import { Rng } from "./rng.js";
import type { Span } from "../syntax/span.js";
import {
  collapse, dense1, dense1c, dense1pair, rxpair, denseK, diag1, diagTable, halfOverlap, phase, real1, rxgate, scaleAll, swapgate, xgate,
} from "./kernels.js";
import type { CompiledProgram, Instr, KernelInstr } from "./program.js";
import { checkStateFits, formatBytes, pauliExpectation, SimulationLimitError, stateBytes, type SimState } from "./state.js";

/** Branches (exact and forced modes) with probability below this are dropped, as in the reference simulator. */
export const DROP_PROBABILITY = 1e-14;
/** Default budget of branches for `exact` and `forced`. */
export const DEFAULT_MAX_BRANCHES = 1 << 20;

// ───────────────────────────────────────────── kernels ──────────────────────────────────────────────

export function applyKernel(ins: KernelInstr, s: Float64Array, n: number, pool: Float64Array): void {
  const po = ins.po;
  switch (ins.k) {
    case "dense1": dense1(s, n, ins.t, pool, po); return;
    case "pair1": dense1pair(s, n, ins.t, ins.t2, pool, po); return;
    case "rxpair": rxpair(s, n, ins.t, ins.t2, pool[po]!, pool[po + 1]!, pool[po + 2]!, pool[po + 3]!); return;
    case "rx": rxgate(s, n, ins.t, pool[po]!, pool[po + 1]!); return;
    case "real1": real1(s, n, ins.t, pool[po]!, pool[po + 1]!, pool[po + 2]!, pool[po + 3]!); return;
    case "dense1c": dense1c(s, n, ins.t, ins.cv, ins.sp, pool, po); return;
    case "scale": scaleAll(s, n, pool[po]!, pool[po + 1]!); return;
    case "phase": phase(s, n, ins.cv, ins.sp, pool[po]!, pool[po + 1]!); return;
    case "diag1": diag1(s, n, ins.t, ins.cv, ins.sp, pool[po]!, pool[po + 1]!, pool[po + 2]!, pool[po + 3]!); return;
    case "table": diagTable(s, n, ins.qs, pool, po); return;
    case "x": xgate(s, n, ins.t, ins.cv, ins.sp); return;
    case "swap": swapgate(s, n, ins.t, ins.t2, ins.cv, ins.sp); return;
    case "denseK": denseK(s, n, ins.offs, ins.cv, ins.sp, pool, po); return;
  }
}

function holds(bits: Uint8Array, when: readonly { readonly bit: number; readonly value: boolean }[]): boolean {
  for (const l of when) if ((bits[l.bit] === 1) !== l.value) return false;
  return true;
}

/**
 * The classical state of one path (a branch, a group of shots): IR bits, run-time variables, and the
 * `while` iterations taken so far. Copied where a measurement splits the path.
 */
export interface Classical { readonly bits: Uint8Array; readonly vars: Float64Array; iterations: number }

function freshClassical(p: CompiledProgram): Classical {
  return { bits: new Uint8Array(p.numBits), vars: Float64Array.from(p.varInit), iterations: 0 };
}

function cloneClassical(c: Classical): Classical {
  return { bits: Uint8Array.from(c.bits), vars: Float64Array.from(c.vars), iterations: c.iterations };
}

/** A run-time `while` ran more iterations on one path than the simulator allows. */
export class LoopLimitError extends Error {
  readonly code = "E0805" as const;
  /** `span`: the loop in the program text, when the circuit came from one. */
  constructor(readonly limit: number, readonly span?: Span) {
    super(`a run-time \`while\` loop ran more than ${limit.toLocaleString("en-US")} iterations on one path of the simulation`);
    this.name = "LoopLimitError";
  }
}

/**
 * Applies kernels, classical instructions and jumps from pc; returns the pc of the next
 * measure/reset/expect (or the end).
 */
function runUnitaries(p: CompiledProgram, s: Float64Array, pool: Float64Array, pc: number, cl: Classical): number {
  const code = p.code, n = p.numQubits;
  while (pc < code.length) {
    const ins = code[pc]!;
    switch (ins.op) {
      case "kernel": applyKernel(ins, s, n, pool); pc++; break;
      case "jump": pc = ins.target; break;
      case "jumpUnless": pc = holds(cl.bits, ins.when) ? pc + 1 : ins.target; break;
      case "branchUnless": pc = ins.test(cl) !== 0 ? pc + 1 : ins.target; break;
      case "assign": {
        const v = ins.value(cl);
        if (ins.toBit) cl.bits[ins.index] = Math.abs(Math.trunc(v)) % 2;
        else cl.vars[ins.index] = v;
        pc++;
        break;
      }
      case "loop":
        if (++cl.iterations > p.maxLoopIterations) throw new LoopLimitError(p.maxLoopIterations, ins.src);
        pc = ins.target;
        break;
      default: return pc;
    }
  }
  return pc;
}

/** [p0, p1]: the probability masses of qubit q being 0 and 1 (unnormalised). */
function masses(s: Float64Array, n: number, q: number): [number, number] {
  const total = (2 << n) | 0;
  const h = (2 << q) | 0;
  let p0 = 0, p1 = 0;
  for (let b = 0; b < total; b = (b + (h << 1)) | 0) {
    const e = (b + h) | 0;
    for (let i = b; i < e; i = (i + 1) | 0) { const v = s[i]!, w = s[i + h]!; p0 += v * v; p1 += w * w; }
  }
  return [p0, p1];
}

/** Σ |a_i|² over the i whose bits under `mask` equal `value`. */
function maskedMass(s: Float64Array, n: number, mask: number, value: number): number {
  const dim = 1 << n;
  let p = 0;
  for (let i = 0; i < dim; i++) {
    if ((i & mask) !== value) continue;
    const r = s[2 * i]!, m = s[2 * i + 1]!;
    p += r * r + m * m;
  }
  return p;
}

// ──────────────────────────────────────────── memory ────────────────────────────────────────────

/** Hands out state buffers within the memory limit, reusing released ones. */
class StatePool {
  private readonly free: Float64Array[] = [];
  created = 0;
  readonly maxStates: number;
  constructor(readonly n: number, readonly limitBytes: number, readonly mode: string) {
    checkStateFits(n, limitBytes);
    this.maxStates = Math.max(1, Math.floor(limitBytes / stateBytes(n)));
  }
  canAllocate(reserve = 0): boolean {
    return this.free.length > reserve || this.created + 1 + Math.max(0, reserve - this.free.length) <= this.maxStates;
  }
  allocate(): Float64Array {
    const b = this.free.pop();
    if (b) return b;
    if (this.created + 1 > this.maxStates) {
      throw new SimulationLimitError(
        `${this.mode} needs ${this.created + 1} states of ${this.n} qubits in flight (${formatBytes((this.created + 1) * stateBytes(this.n))}), ` +
        `more than the memory limit of ${formatBytes(this.limitBytes)}`,
        (this.created + 1) * stateBytes(this.n), this.limitBytes,
      );
    }
    this.created++;
    return new Float64Array(2 << this.n);
  }
  release(b: Float64Array): void {
    this.free.push(b);
  }
}

function resetToZero(s: Float64Array): void {
  s.fill(0);
  s[0] = 1;
}

// ─────────────────────────────────────────── state vector ───────────────────────────────────────────

/**
 * Runs a measurement-free program on `state` in place (default: a fresh |0…0⟩); `if`s see all bits 0 and
 * `expect`s are skipped, as in the reference simulator's `stateVector`.
 */
export function runStateVector(p: CompiledProgram, pool: Float64Array, state?: SimState): SimState {
  const n = p.numQubits;
  let data: Float64Array;
  if (state) {
    if (state.numQubits !== n || state.data.length !== 2 << n) throw new Error(`state has ${state.numQubits} qubits, the program ${n}`);
    data = state.data;
  } else {
    checkStateFits(n, p.maxMemoryBytes);
    data = new Float64Array(2 << n);
    data[0] = 1;
  }
  const cl = freshClassical(p);
  let pc = 0;
  for (;;) {
    pc = runUnitaries(p, data, pool, pc, cl);
    if (pc >= p.code.length) break;
    const ins = p.code[pc]!;
    if (ins.op === "expect") { pc++; continue; }
    throw new Error(`stateVector needs a measurement-free circuit (found '${ins.op}'); use exact, sample or forced`);
  }
  return { numQubits: n, data };
}

// ─────────────────────────────────────────── bookkeeping ───────────────────────────────────────────

function bitString(bits: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bits.length; i++) s += bits[i] ? "1" : "0";
  return s;
}

function outputString(bits: Uint8Array, outBits: readonly number[]): string {
  let s = "";
  for (const b of outBits) s += bits[b] ? "1" : "0";
  return s;
}

function addTo(m: Map<string, number>, k: string, v: number): void {
  m.set(k, (m.get(k) ?? 0) + v);
}

/** The terminal measurements from pc: (qubit, bit) pairs. */
function terminalMeasures(code: readonly Instr[], pc: number): { qubit: number; bit: number }[] {
  const out: { qubit: number; bit: number }[] = [];
  for (let i = pc; i < code.length; i++) {
    const ins = code[i]!;
    if (ins.op !== "measure") throw new Error("internal: non-terminal instruction in a terminal suffix");
    out.push({ qubit: ins.qubit, bit: ins.bit });
  }
  return out;
}

/**
 * The marginal distribution of the state over the distinct qubits `qs` (index bit j = qubit qs[j]),
 * normalised to the state's squared norm; as a dense table (≤ 2^22 entries) or a map.
 */
function marginal(s: Float64Array, n: number, qs: readonly number[]): Map<number, number> {
  const k = qs.length;
  const out = new Map<number, number>();
  if (k === 0) {
    let t = 0;
    for (let i = 0; i < s.length; i++) t += s[i]! * s[i]!;
    out.set(0, t);
    return out;
  }
  const L = Math.min(n, 12);
  const lowN = 1 << L;
  const lo = new Int32Array(lowN);
  for (let r = 0; r < lowN; r++) {
    let x = 0;
    for (let j = 0; j < k; j++) if (qs[j]! < L && (r >>> qs[j]!) & 1) x |= 1 << j;
    lo[r] = x;
  }
  const dense = k <= 22 ? new Float64Array(1 << k) : undefined;
  const outer = 1 << (n - L);
  for (let o = 0; o < outer; o++) {
    let hi = 0;
    for (let j = 0; j < k; j++) if (qs[j]! >= L && (o >>> (qs[j]! - L)) & 1) hi |= 1 << j;
    const base = o * lowN;
    for (let r = 0; r < lowN; r++) {
      const i = 2 * (base + r);
      const p = s[i]! * s[i]! + s[i + 1]! * s[i + 1]!;
      if (p === 0) continue;
      const key = hi | lo[r]!;
      if (dense) dense[key]! += p;
      else out.set(key, (out.get(key) ?? 0) + p);
    }
  }
  if (dense) for (let key = 0; key < dense.length; key++) if (dense[key]! > 0) out.set(key, dense[key]!);
  return out;
}

/** Sets the bits of terminal measurements from a marginal key over `qs`. */
function applyTerminal(bits: Uint8Array, ms: readonly { qubit: number; bit: number }[], qs: readonly number[], key: number): void {
  for (const m of ms) bits[m.bit] = (key >>> qs.indexOf(m.qubit)) & 1;
}

// ────────────────────────────────────────────── exact ──────────────────────────────────────────────

export interface ExactOptions {
  /** Budget of branches (leaves of the measurement tree); exceeding it is an Error. Default 2^20. */
  readonly maxBranches?: number;
}

/** The same shape as the reference simulator's `ExactResult`. */
export interface ExactDistribution {
  readonly outcomes: Map<string, number>;
  readonly outputs: Map<string, number>;
  readonly expectations: Map<number, number>;
  readonly totalProbability: number;
  readonly branches: number;
}

/** The exact distribution of classical bits and emitted outputs, branching on every measurement and reset. */
export function runExact(p: CompiledProgram, pool: Float64Array, opts: ExactOptions = {}): ExactDistribution {
  const n = p.numQubits;
  const code = p.code;
  const maxBranches = opts.maxBranches ?? DEFAULT_MAX_BRANCHES;
  const mem = new StatePool(n, p.maxMemoryBytes, "exact simulation");
  const outcomes = new Map<string, number>();
  const outputs = new Map<string, number>();
  const expSum = new Map<number, number>(), expW = new Map<number, number>();
  let total = 0;
  let branches = 0;
  let open = 1; // branches alive or finished

  const record = (bits: Uint8Array, w: number) => {
    total += w;
    branches++;
    addTo(outcomes, bitString(bits), w);
    addTo(outputs, outputString(bits, p.outputBits), w);
  };
  const split = () => {
    if (++open > maxBranches) {
      throw new Error(
        `exact simulation: more than ${maxBranches} branches (every mid-circuit measurement or reset with two ` +
        "possible outcomes doubles them); use sample mode, or raise maxBranches",
      );
    }
  };

  const visit = (s: Float64Array, pc: number, w: number, cl: Classical): void => {
    const bits = cl.bits;
    for (;;) {
      pc = runUnitaries(p, s, pool, pc, cl);
      if (p.terminal[pc]) {
        const ms = terminalMeasures(code, pc);
        const qs = [...new Set(ms.map((m) => m.qubit))];
        const marg = marginal(s, n, qs);
        let norm = 0;
        for (const v of marg.values()) norm += v;
        let first = true;
        for (const [key, v] of marg) {
          const pr = (w * v) / norm;
          if (pr < DROP_PROBABILITY) continue;
          if (!first) split();
          first = false;
          const b = Uint8Array.from(bits);
          applyTerminal(b, ms, qs, key);
          record(b, pr);
        }
        return;
      }
      const ins = code[pc]!;
      if (ins.op === "expect") {
        expSum.set(ins.output, (expSum.get(ins.output) ?? 0) + w * pauliExpectation(s, n, ins.factors));
        expW.set(ins.output, (expW.get(ins.output) ?? 0) + w);
        pc++;
        continue;
      }
      if (ins.op !== "measure" && ins.op !== "reset") throw new Error(`internal: unexpected '${ins.op}'`);
      const q = ins.qubit;
      const isReset = ins.op === "reset";
      const [m0, m1] = masses(s, n, q);
      const tot = m0 + m1;
      const keep0 = (w * m0) / tot >= DROP_PROBABILITY, keep1 = (w * m1) / tot >= DROP_PROBABILITY;
      if (!keep0 && !keep1) return;
      if (keep0 && keep1 && isReset) {
        // merge when the |1⟩ half is a multiple of the |0⟩ half (the reset qubit was not entangled)
        const [or, oi] = halfOverlap(s, n, q);
        if (Math.abs(or * or + oi * oi - m0 * m1) <= 1e-13 * m0 * m1) {
          collapse(s, n, q, false, 1 / Math.sqrt(m0), false);
          pc++;
          continue;
        }
      }
      if (keep0 && keep1) {
        split();
        const copy = mem.allocate();
        copy.set(s);
        collapse(copy, n, q, true, 1 / Math.sqrt(m1), isReset);
        const c1 = cloneClassical(cl);
        if (!isReset) c1.bits[ins.bit] = 1;
        visit(copy, pc + 1, (w * m1) / tot, c1);
        mem.release(copy);
      }
      const one = !keep0;
      collapse(s, n, q, one, 1 / Math.sqrt(one ? m1 : m0), isReset && one);
      if (!isReset) bits[ins.bit] = one ? 1 : 0;
      w = (w * (one ? m1 : m0)) / tot;
      pc++;
    }
  };

  const root = mem.allocate();
  resetToZero(root);
  visit(root, 0, 1, freshClassical(p));
  const expectations = new Map<number, number>();
  for (const [k, v] of expSum) expectations.set(k, v / expW.get(k)!);
  return { outcomes, outputs, expectations, totalProbability: total, branches };
}

// ───────────────────────────────────────────── forced ─────────────────────────────────────────────

export interface ForcedResult {
  /** P(every emitted bit equals its target). */
  readonly probability: number;
  /** Its natural log (−Infinity for probability 0); accurate where `probability` underflows. */
  readonly logProbability: number;
  /**
   * Per `expect` output: ⟨P⟩ at that point conditioned on the targets forced so far (averaged over the
   * branches of non-emitted measurements and resets, weighted by their probability).
   */
  readonly expectations: Map<number, number>;
  /** Branches explored (non-emitted measurements and resets branch; emitted ones never do). */
  readonly branches: number;
}

/** Σ over items of e^{logw}·value and e^{logw}, kept relative to the largest logw seen. */
class LogAccumulator {
  private ref = -Infinity;
  private sw = 0;
  private sv = 0;
  add(logw: number, value: number): void {
    if (logw === -Infinity) return;
    if (logw > this.ref) {
      const f = Math.exp(this.ref - logw);
      this.sw *= f; this.sv *= f;
      this.ref = logw;
    }
    const e = Math.exp(logw - this.ref);
    this.sw += e;
    this.sv += e * value;
  }
  get logTotal(): number { return this.sw > 0 ? this.ref + Math.log(this.sw) : -Infinity; }
  get mean(): number { return this.sv / this.sw; }
}

/**
 * Teacher forcing: `targets` is the value of every emitted bit, as a string of '0'/'1' over the `bits`
 * outputs concatenated in output order. Measurements of emitted bits are projected onto their targets;
 * measurements of bits that are not emitted, and resets, branch exactly (their outcomes are summed over).
 */
export function runForced(p: CompiledProgram, pool: Float64Array, targets: string, opts: ExactOptions = {}): ForcedResult {
  // a loop body rewrites its bits, so "the emitted bits equal the targets" has no single projection
  if (p.classicalControl) throw new ClassicalControlError("teacher forcing", p.classicalControl);
  const n = p.numQubits;
  const code = p.code;
  if (targets.length !== p.outputBits.length || !/^[01]*$/.test(targets)) {
    throw new Error(`forced: targets must be a string of ${p.outputBits.length} '0'/'1' characters (one per emitted bit), got '${targets}'`);
  }
  const forced = new Int8Array(p.numBits).fill(-1);
  let contradictory = false;
  p.outputBits.forEach((b, i) => {
    const v = targets[i] === "1" ? 1 : 0;
    if (forced[b]! >= 0 && forced[b] !== v) contradictory = true;
    forced[b] = v;
  });
  const expAcc = new Map<number, LogAccumulator>();
  const result = new LogAccumulator();
  if (contradictory) return { probability: 0, logProbability: -Infinity, expectations: new Map(), branches: 0 };
  const maxBranches = opts.maxBranches ?? DEFAULT_MAX_BRANCHES;
  const mem = new StatePool(n, p.maxMemoryBytes, "forced simulation");
  let open = 1;
  let branches = 0;
  const split = () => {
    if (++open > maxBranches) {
      throw new Error(`forced simulation: more than ${maxBranches} branches over measurements of bits that are not emitted (or resets); raise maxBranches`);
    }
  };

  const visit = (s: Float64Array, pc: number, logw: number, cl: Classical): void => {
    const bits = cl.bits;
    for (;;) {
      pc = runUnitaries(p, s, pool, pc, cl);
      if (p.terminal[pc]) {
        // P(emitted terminal bits = targets), marginalising the others; an emitted bit that no measurement
        // on this branch wrote keeps its initial 0, which must match its target too
        let mask = 0, value = 0;
        const written = new Set<number>();
        for (let i = pc; i < code.length; i++) written.add((code[i] as { readonly bit: number }).bit);
        for (const b of p.outputBits) if (!written.has(b) && bits[b] !== forced[b]) return;
        for (let i = pc; i < code.length; i++) {
          const ins = code[i] as { readonly qubit: number; readonly bit: number };
          const f = forced[ins.bit]!;
          if (f < 0) continue;
          const b = 1 << ins.qubit;
          if (mask & b && ((value & b) !== 0) !== (f === 1)) return; // one qubit, two different targets
          mask |= b;
          if (f === 1) value |= b;
        }
        branches++;
        if (mask === 0) { result.add(logw, 0); return; }
        const pm = maskedMass(s, n, mask, value) / maskedMass(s, n, 0, 0);
        if (pm > 0) result.add(logw + Math.log(pm), 0);
        return;
      }
      const ins = code[pc]!;
      if (ins.op === "expect") {
        let acc = expAcc.get(ins.output);
        if (!acc) expAcc.set(ins.output, (acc = new LogAccumulator()));
        acc.add(logw, pauliExpectation(s, n, ins.factors));
        pc++;
        continue;
      }
      if (ins.op !== "measure" && ins.op !== "reset") throw new Error(`internal: unexpected '${ins.op}'`);
      const q = ins.qubit;
      const isReset = ins.op === "reset";
      const [m0, m1] = masses(s, n, q);
      const tot = m0 + m1;
      const f = ins.op === "reset" ? -1 : forced[ins.bit]!;
      if (f >= 0 && ins.op === "measure") {
        const m = f === 1 ? m1 : m0;
        if (!(m > 0)) return; // the target has probability 0
        collapse(s, n, q, f === 1, 1 / Math.sqrt(m), false);
        bits[ins.bit] = f;
        logw += Math.log(m / tot);
        pc++;
        continue;
      }
      const keep0 = m0 / tot >= DROP_PROBABILITY, keep1 = m1 / tot >= DROP_PROBABILITY;
      if (keep0 && keep1 && isReset) {
        const [or, oi] = halfOverlap(s, n, q);
        if (Math.abs(or * or + oi * oi - m0 * m1) <= 1e-13 * m0 * m1) {
          collapse(s, n, q, false, 1 / Math.sqrt(m0), false);
          pc++;
          continue;
        }
      }
      if (keep0 && keep1) {
        split();
        const copy = mem.allocate();
        copy.set(s);
        collapse(copy, n, q, true, 1 / Math.sqrt(m1), isReset);
        const c1 = cloneClassical(cl);
        if (!isReset) c1.bits[ins.bit] = 1;
        visit(copy, pc + 1, logw + Math.log(m1 / tot), c1);
        mem.release(copy);
      }
      const one = !keep0;
      collapse(s, n, q, one, 1 / Math.sqrt(one ? m1 : m0), isReset && one);
      if (!isReset) bits[ins.bit] = one ? 1 : 0;
      logw += Math.log((one ? m1 : m0) / tot);
      pc++;
    }
  };

  const root = mem.allocate();
  resetToZero(root);
  visit(root, 0, 0, freshClassical(p));
  const logProbability = result.logTotal;
  const expectations = new Map<number, number>();
  for (const [k, acc] of expAcc) expectations.set(k, acc.mean);
  return { probability: Math.exp(logProbability), logProbability, expectations, branches };
}

// ───────────────────────────────────────────── sample ─────────────────────────────────────────────

export interface SampleResult {
  readonly shots: number;
  /** Counts of the emitted bit outputs (all `bits` outputs' bits concatenated in output order). */
  readonly outputs: Map<string, number>;
  /** Counts of the full classical bit strings (bit 0 first). */
  readonly outcomes: Map<string, number>;
  /** Per `expect` output: the mean over the shots that reached it of its exact expectation value there. */
  readonly expectations: Map<number, number>;
}

/**
 * Born-rule sampling with a seeded PRNG. Shots travel in groups that share one state: at a measurement the
 * group splits binomially (one copy of the state per split, within the memory limit; when no copy fits,
 * the group's shots continue one at a time on a spare buffer); from a terminal suffix of measurements all
 * of a group's shots are drawn from its final state at once.
 */
export function runSample(p: CompiledProgram, pool: Float64Array, shots: number, seed: number): SampleResult {
  if (!Number.isInteger(shots) || shots < 0) throw new Error(`sample: shots must be a non-negative integer, got ${shots}`);
  const n = p.numQubits;
  const code = p.code;
  const rng = new Rng(seed);
  const mem = new StatePool(n, p.maxMemoryBytes, "sampling");
  const outputs = new Map<string, number>();
  const outcomes = new Map<string, number>();
  const expSum = new Map<number, number>(), expN = new Map<number, number>();
  let spare: Float64Array | undefined;

  const record = (bits: Uint8Array, m: number) => {
    addTo(outcomes, bitString(bits), m);
    addTo(outputs, outputString(bits, p.outputBits), m);
  };

  /** Draws m basis indices from the state (sorted uniforms by exponential spacings, one sweep). */
  const drawIndices = (s: Float64Array, m: number): Map<number, number> => {
    const u = new Float64Array(m);
    let acc = 0;
    for (let j = 0; j < m; j++) { acc += rng.exponential(); u[j] = acc; }
    acc += rng.exponential();
    let tot = 0;
    for (let i = 0; i < s.length; i++) tot += s[i]! * s[i]!;
    const scale = tot / acc;
    for (let j = 0; j < m; j++) u[j]! *= scale;
    const out = new Map<number, number>();
    const dim = 1 << n;
    let cum = 0, j = 0, last = 0;
    for (let i = 0; i < dim && j < m; i++) {
      const pr = s[2 * i]! * s[2 * i]! + s[2 * i + 1]! * s[2 * i + 1]!;
      if (pr === 0) continue;
      last = i;
      cum += pr;
      let c = 0;
      while (j < m && u[j]! < cum) { j++; c++; }
      if (c > 0) out.set(i, (out.get(i) ?? 0) + c);
    }
    if (j < m) out.set(last, (out.get(last) ?? 0) + (m - j)); // rounding at the very end of the CDF
    return out;
  };

  const group = (s: Float64Array, pc: number, m: number, cl: Classical): void => {
    const bits = cl.bits;
    for (;;) {
      pc = runUnitaries(p, s, pool, pc, cl);
      if (p.terminal[pc]) {
        if (pc >= code.length) { record(bits, m); return; }
        const ms = terminalMeasures(code, pc);
        for (const [idx, c] of drawIndices(s, m)) {
          const b = Uint8Array.from(bits);
          for (const x of ms) b[x.bit] = (idx >>> x.qubit) & 1;
          record(b, c);
        }
        return;
      }
      const ins = code[pc]!;
      if (ins.op === "expect") {
        expSum.set(ins.output, (expSum.get(ins.output) ?? 0) + m * pauliExpectation(s, n, ins.factors));
        expN.set(ins.output, (expN.get(ins.output) ?? 0) + m);
        pc++;
        continue;
      }
      if (ins.op !== "measure" && ins.op !== "reset") throw new Error(`internal: unexpected '${ins.op}'`);
      const q = ins.qubit;
      const isReset = ins.op === "reset";
      const [m0, m1] = masses(s, n, q);
      const tot = m0 + m1;
      const k1 = rng.binomial(m, m1 / tot);
      let one = k1 === m;
      if (k1 > 0 && k1 < m) {
        if (!mem.canAllocate(spare ? 0 : 1)) {
          // no room for a copy: the group's shots go one at a time from here (a spare buffer keeps the state)
          spare ??= mem.allocate();
          for (let j = 0; j < m - 1; j++) {
            spare.set(s);
            group(spare, pc, 1, cloneClassical(cl));
          }
          group(s, pc, 1, cl);
          return;
        }
        const copy = mem.allocate();
        copy.set(s);
        collapse(copy, n, q, true, 1 / Math.sqrt(m1), isReset);
        const c1 = cloneClassical(cl);
        if (!isReset) c1.bits[ins.bit] = 1;
        group(copy, pc + 1, k1, c1);
        mem.release(copy);
        m -= k1; // the rest took outcome 0
        one = false;
      }
      collapse(s, n, q, one, 1 / Math.sqrt(one ? m1 : m0), isReset && one);
      if (!isReset) bits[ins.bit] = one ? 1 : 0;
      pc++;
    }
  };

  if (shots > 0) {
    const root = mem.allocate();
    if (mem.maxStates < 2) {
      // only one state fits: every shot from scratch
      for (let j = 0; j < shots; j++) { resetToZero(root); group(root, 0, 1, freshClassical(p)); }
    } else {
      resetToZero(root);
      group(root, 0, shots, freshClassical(p));
    }
  }
  const expectations = new Map<number, number>();
  for (const [k, v] of expSum) expectations.set(k, v / expN.get(k)!);
  return { shots, outputs, outcomes, expectations };
}
