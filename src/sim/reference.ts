// The reference simulator: a small, exact, deliberately plain state-vector simulator used as a test oracle
// (the fast simulator lives elsewhere). It interprets the circuit IR directly from the OpenQASM 3 meaning
// of every construct — it does NOT use flatten/decompose, so that those passes can be tested against it.
//
// Conventions
// - A state of n qubits is a Float64Array pair of length 2^n; qubit 0 is the MOST significant bit of a
//   basis index (|q0 q1 … q_{n−1}⟩ read as binary), the same convention as the gate matrices.
// - Gates with modifiers: `modifiedGateMatrix` (src/ir/gates.ts) — ctrl/negctrl as controls, inv as adjoint,
//   pow(t) as the principal power (eigenphases in (−π, π]).
// - Calls: modifiers are pushed into the body (ctrl → controls on every op, inv → reversed body of
//   inverted ops, integer pow → repetition); a non-integer pow on a call uses the dense matrix of the body
//   (at most 10 local qubits).
// - Measurements branch: every branch carries an unnormalised state whose squared norm is its probability;
//   branches below 1e-14 are dropped. `reset` is measure-and-flip without recording (two branches, merged
//   again when the rest of the state is the same). Bits start at 0.

import {
  initialParamValues, inputValues, type Circuit, type GateDef, type Modifier, type Op, type PauliFactor, type UnitaryOp,
} from "../ir/circuit.js";
import { VARIADIC_BASE } from "../ir/gate-signatures.js";
import { evaluate as evaluateClassical, normalize, type ClassicalEnv } from "../ir/classical.js";
import { DEFAULT_MAX_LOOP_ITERATIONS } from "./program.js";
import { LoopLimitError } from "./run.js";
import { evaluate, type Env, type Expr } from "../ir/expr.js";
import { cmAdjoint, cmIdentity, cmPow, type CMatrix } from "../ir/cmatrix.js";
import { modifiedGateMatrix } from "../ir/gates.js";

/** The largest register the reference simulator accepts. */
export const MAX_QUBITS = 20;
/** Branches with probability below this are dropped. */
export const DROP_PROBABILITY = 1e-14;
/** Guard against exponential branching (e.g. many resets of entangled qubits): at most this many amplitudes in flight. */
export const MAX_TOTAL_AMPLITUDES = 1 << 22;

/** Throws a clear Error when a circuit is too large for the reference simulator (more than MAX_QUBITS qubits). */
export function maxQubits(numQubits: number, limit = MAX_QUBITS): void {
  if (!Number.isInteger(numQubits) || numQubits < 0) throw new Error(`invalid qubit count ${numQubits}`);
  if (numQubits > limit) {
    throw new Error(
      `the reference simulator holds at most ${limit} qubits; this circuit has ${numQubits} ` +
      `(a state vector of 2^${numQubits} amplitudes)`,
    );
  }
}

export interface StateVector {
  readonly numQubits: number;
  readonly re: Float64Array;
  readonly im: Float64Array;
}

/** A control qubit (true negative = `negctrl`). */
interface Ctl { readonly qubit: number; readonly negative: boolean }

interface Branch {
  re: Float64Array;
  im: Float64Array;
  /** Classical bits (0/1), one per circuit bit. */
  bits: Uint8Array;
  /** Run-time classical variables (`Circuit.vars`), normalized to their types. */
  vars: Float64Array;
  /** Run-time `while` iterations taken on this branch so far. */
  iterations: number;
}

/** Where branches leave a block: falling off its end, or by `break` / `continue` of the enclosing loop. */
interface Flow { next: Branch[]; broke: Branch[]; continued: Branch[] }

export interface ExactResult {
  /** Exact probability of every full classical bit string (bit 0 first), over all surviving branches. */
  readonly outcomes: Map<string, number>;
  /** Marginal over the emitted bit outputs (all `bits` outputs concatenated in output order). */
  readonly outputs: Map<string, number>;
  /** Per `expect` output (index into `Circuit.outputs`): ⟨P⟩ averaged over the branches that reached it. */
  readonly expectations: Map<number, number>;
  /** Total probability kept (1 up to dropped branches and rounding). */
  readonly totalProbability: number;
  /** Number of branches at the end (terminal measurements counted per distinct outcome). */
  readonly branches: number;
}

// ─────────────────────────────────────────── state kernels ──────────────────────────────────────────

/** Applies `core` to `targets` (targets[0] = most significant core index bit), where controls hold. */
export function applyMatrix(
  re: Float64Array, im: Float64Array, n: number,
  controls: readonly Ctl[], targets: readonly number[], core: CMatrix,
): void {
  const k = targets.length;
  const dim = 1 << k;
  if (core.dim !== dim) throw new Error(`applyMatrix: matrix of dim ${core.dim} on ${k} target(s)`);
  if (k === 0) {
    // a scalar (gphase) where the controls hold
    const [sr, si] = [core.re[0]!, core.im[0]!];
    forEachControlled(n, controls, 0, (i) => {
      const r = re[i]!, m = im[i]!;
      re[i] = r * sr - m * si; im[i] = r * si + m * sr;
    });
    return;
  }
  const tbits = targets.map((q) => 1 << (n - 1 - q));
  let tmask = 0;
  for (const b of tbits) {
    if (tmask & b) throw new Error("a gate uses the same qubit twice");
    tmask |= b;
  }
  const offsets = new Int32Array(dim);
  for (let l = 0; l < dim; l++) {
    let o = 0;
    for (let j = 0; j < k; j++) if ((l >> (k - 1 - j)) & 1) o |= tbits[j]!;
    offsets[l] = o;
  }
  const vr = new Float64Array(dim), vi = new Float64Array(dim);
  forEachControlled(n, controls, tmask, (base) => {
    for (let l = 0; l < dim; l++) { vr[l] = re[base + offsets[l]!]!; vi[l] = im[base + offsets[l]!]!; }
    for (let r = 0; r < dim; r++) {
      let sr = 0, si = 0;
      for (let c = 0; c < dim; c++) {
        const mr = core.re[r * dim + c]!, mi = core.im[r * dim + c]!;
        sr += mr * vr[c]! - mi * vi[c]!;
        si += mr * vi[c]! + mi * vr[c]!;
      }
      re[base + offsets[r]!] = sr; im[base + offsets[r]!] = si;
    }
  });
}

/** Calls f for every basis index with the `excluded` bits 0 and every control satisfied. */
function forEachControlled(n: number, controls: readonly Ctl[], excluded: number, f: (i: number) => void): void {
  let cmask = 0, cval = 0;
  for (const c of controls) {
    const b = 1 << (n - 1 - c.qubit);
    if (cmask & b || excluded & b) throw new Error(`a gate uses qubit ${c.qubit} twice`);
    cmask |= b;
    if (!c.negative) cval |= b;
  }
  const size = 1 << n;
  for (let i = 0; i < size; i++) {
    if ((i & excluded) !== 0 || (i & cmask) !== cval) continue;
    f(i);
  }
}

function norm2(re: Float64Array, im: Float64Array): number {
  let s = 0;
  for (let i = 0; i < re.length; i++) s += re[i]! * re[i]! + im[i]! * im[i]!;
  return s;
}

/** Probability mass (unnormalised) of qubit q being 1. */
function massOne(re: Float64Array, im: Float64Array, n: number, q: number): number {
  const b = 1 << (n - 1 - q);
  let s = 0;
  for (let i = 0; i < re.length; i++) if (i & b) s += re[i]! * re[i]! + im[i]! * im[i]!;
  return s;
}

/** ⟨ψ|P|ψ⟩ (unnormalised ψ) for a Pauli product. */
export function pauliExpectation(re: Float64Array, im: Float64Array, n: number, factors: readonly PauliFactor[]): number {
  let flip = 0, zmask = 0, ycount = 0;
  const seen = new Set<number>();
  for (const f of factors) {
    if (seen.has(f.qubit)) throw new Error(`expect: qubit ${f.qubit} appears twice in one Pauli product`);
    seen.add(f.qubit);
    const b = 1 << (n - 1 - f.qubit);
    if (f.pauli === "X" || f.pauli === "Y") flip |= b;
    if (f.pauli === "Z" || f.pauli === "Y") zmask |= b;
    if (f.pauli === "Y") ycount++;
  }
  // Y = i·X·Z: P|j⟩ = i^{ycount}·(−1)^{popcount(j & zmask)}·|j ⊕ flip⟩
  const ph = [[1, 0], [0, 1], [-1, 0], [0, -1]][ycount % 4]!;
  let sr = 0; // Re⟨ψ|P|ψ⟩ (the imaginary part vanishes for Hermitian P)
  for (let j = 0; j < re.length; j++) {
    const sign = parity(j & zmask) ? -1 : 1;
    const t = j ^ flip;
    // conj(ψ_t)·(phase·sign·ψ_j)
    const pr = sign * (ph[0]! * re[j]! - ph[1]! * im[j]!), pi = sign * (ph[0]! * im[j]! + ph[1]! * re[j]!);
    sr += re[t]! * pr + im[t]! * pi;
  }
  return sr;
}

function parity(x: number): boolean {
  let p = false;
  for (; x; x &= x - 1) p = !p;
  return p;
}

// ─────────────────────────────────────────── unitary ops ───────────────────────────────────────────

interface Scope {
  readonly env: Env;
  readonly defs: readonly GateDef[];
  /** Number of qubits (operands must be below it). */
  readonly n: number;
  /**
   * Index bits of the array being evolved: n for a state; 2n for a whole unitary stored row-major, whose
   * row index occupies the high n bits, so that a gate on qubit q acts on the rows (U ← G·U) exactly as on a state.
   */
  readonly bits: number;
}

interface Frame {
  /** Numeric actual arguments of the enclosing definition. */
  readonly args: readonly number[] | undefined;
  /** Local → circuit qubit. */
  readonly qmap: readonly number[] | undefined;
  readonly controls: readonly Ctl[];
  readonly depth: number;
}

const TOP: Frame = { args: undefined, qmap: undefined, controls: [], depth: 0 };

function evalIn(e: Expr, scope: Scope, frame: Frame): number {
  return evaluate(e, frame.args ? { ...scope.env, args: frame.args } : scope.env);
}

function mapQubits(qs: readonly number[], frame: Frame, n: number): number[] {
  return qs.map((q) => {
    const g = frame.qmap ? frame.qmap[q] : q;
    if (g === undefined || g < 0 || g >= n) throw new Error(`qubit ${q} out of range`);
    return g;
  });
}

/** Applies one gate or call (with its modifiers) to a state. */
function applyUnitary(op: UnitaryOp, st: { re: Float64Array; im: Float64Array }, scope: Scope, frame: Frame): void {
  if (frame.depth > 256) throw new Error("gate definitions nested too deeply (recursive definition?)");
  if (op.kind === "gate" && VARIADIC_BASE[op.name] !== undefined) {
    // `mcx q0, …, qm` = `ctrl(m) @ x` (innermost, after the source modifiers' controls)
    const ownCtl = op.mods.reduce((s, m) => s + (m.k === "ctrl" ? m.n : 0), 0);
    const extra = op.qubits.length - ownCtl - 1;
    if (extra < 1) throw new Error(`gate '${op.name}' needs at least ${ownCtl + 2} qubits`);
    const mods: Modifier[] = [...op.mods, { k: "ctrl", n: extra, negative: false }];
    applyUnitary({ ...op, name: VARIADIC_BASE[op.name]!, mods }, st, scope, frame);
    return;
  }
  const operands = mapQubits(op.qubits, frame, scope.n);
  const own: Ctl[] = [];
  for (const m of op.mods) {
    if (m.k !== "ctrl") continue;
    for (let i = 0; i < m.n; i++) {
      const q = operands[own.length];
      if (q === undefined) throw new Error("not enough operands for the control modifiers");
      own.push({ qubit: q, negative: m.negative });
    }
  }
  const base = operands.slice(own.length);
  const controls = [...frame.controls, ...own];
  const exponent = (e: Expr) => evalIn(e, scope, frame);

  if (op.kind === "gate") {
    const args = op.args.map((e) => evalIn(e, scope, frame));
    const { core } = modifiedGateMatrix(op.name, args, op.mods, exponent); // its controls are `own`
    applyMatrix(st.re, st.im, scope.bits, controls, base, core);
    return;
  }

  const def = scope.defs[op.def];
  if (!def) throw new Error(`call to unknown gate definition #${op.def}`);
  if (base.length !== def.qubitNames.length) throw new Error(`call to '${def.name}': wrong number of qubits`);
  const args = op.args.map((e) => evalIn(e, scope, frame));
  const inner: Frame = { args, qmap: base, controls, depth: frame.depth + 1 };
  const rest = op.mods.filter((m) => m.k !== "ctrl");
  const fractional = rest.some((m) => m.k === "pow" && !Number.isInteger(exponent(m.exponent)));
  if (fractional) {
    // dense matrix of the body, then the modifiers numerically
    if (base.length > 10) throw new Error(`pow on a call to '${def.name}' with ${base.length} qubits: too large for a dense matrix`);
    let m = bodyMatrix(def, args, scope, frame.depth + 1);
    for (let i = rest.length - 1; i >= 0; i--) {
      const md = rest[i]!;
      if (md.k === "inv") m = cmAdjoint(m);
      else if (md.k === "pow") m = cmPow(m, exponent(md.exponent));
    }
    applyMatrix(st.re, st.im, scope.bits, controls, base, m);
    return;
  }
  let seq: { op: UnitaryOp; inv: boolean }[] = def.body.map((o) => ({ op: o, inv: false }));
  const invert = (s: typeof seq) => [...s].reverse().map((x) => ({ op: x.op, inv: !x.inv }));
  for (let i = rest.length - 1; i >= 0; i--) {
    const md = rest[i]!;
    if (md.k === "inv") seq = invert(seq);
    else if (md.k === "pow") {
      const k = exponent(md.exponent);
      const once = k >= 0 ? seq : invert(seq);
      seq = [];
      for (let j = 0; j < Math.abs(k); j++) seq.push(...once);
    }
  }
  for (const { op: o, inv } of seq) applyUnitary(inv ? { ...o, mods: [{ k: "inv" }, ...o.mods] } : o, st, scope, inner);
}

/** The dense unitary of a definition body for numeric args (local qubit 0 most significant). */
function bodyMatrix(def: GateDef, args: readonly number[], scope: Scope, depth: number): CMatrix {
  const k = def.qubitNames.length;
  const local: Scope = { ...scope, n: k, bits: 2 * k };
  const frame: Frame = { args, qmap: undefined, controls: [], depth };
  const m = cmIdentity(1 << k);
  for (const o of def.body) applyUnitary(o, m, local, frame);
  return m;
}

function makeScope(c: Circuit, params?: ArrayLike<number>): Scope {
  maxQubits(c.numQubits);
  const p = params ?? initialParamValues(c);
  if (p.length < c.params.length) throw new Error(`expected ${c.params.length} parameter value(s), got ${p.length}`);
  return { env: { params: p, inputs: inputValues(c) }, defs: c.defs, n: c.numQubits, bits: c.numQubits };
}

// ────────────────────────────────────────── whole circuits ─────────────────────────────────────────

function zeroState(n: number): { re: Float64Array; im: Float64Array } {
  const re = new Float64Array(1 << n), im = new Float64Array(1 << n);
  re[0] = 1;
  return { re, im };
}

function holds(bits: Uint8Array, when: readonly { bit: number; value: boolean }[]): boolean {
  return when.every((l) => (bits[l.bit] === 1) === l.value);
}

/**
 * Runs a measurement-free circuit; `if` ops see all bits 0, `expect`/`barrier`/`mark` are ignored. Run-time
 * classical ops are refused: without measurements they are constant, and the importer folds them.
 */
function runPure(ops: readonly Op[], st: { re: Float64Array; im: Float64Array }, bits: Uint8Array, scope: Scope, what: string): void {
  for (const op of ops) {
    switch (op.kind) {
      case "gate": case "call": applyUnitary(op, st, scope, TOP); break;
      case "if": runPure(holds(bits, op.when) ? op.then : op.else, st, bits, scope, what); break;
      case "measure": case "reset": throw new Error(`${what} needs a measurement-free circuit (found '${op.kind}'); use exactDistribution`);
      case "assign": case "branch": case "while": case "break": case "continue":
        throw new Error(`${what} needs a circuit without run-time classical computation (found '${op.kind}'); use exactDistribution`);
      default: break;
    }
  }
}

/** The final state of a measurement-free circuit started from |0…0⟩. */
export function stateVector(c: Circuit, params?: ArrayLike<number>): StateVector {
  const scope = makeScope(c, params);
  const st = zeroState(c.numQubits);
  runPure(c.ops, st, new Uint8Array(c.numBits), scope, "stateVector");
  return { numQubits: c.numQubits, re: st.re, im: st.im };
}

/** The largest circuit `circuitUnitary` accepts. */
export const MAX_UNITARY_QUBITS = 12;

/** The unitary of a measurement-free circuit (qubit 0 = most significant index bit), column by column. */
export function circuitUnitary(c: Circuit, params?: ArrayLike<number>): CMatrix {
  maxQubits(c.numQubits, MAX_UNITARY_QUBITS);
  const scope = makeScope(c, params);
  const m = cmIdentity(1 << c.numQubits);
  runPure(c.ops, m, new Uint8Array(c.numBits), { ...scope, bits: 2 * c.numQubits }, "circuitUnitary");
  return m;
}

/**
 * Runs a circuit from |0…0⟩ exactly, branching on every measurement and reset, and returns the exact
 * distribution of the classical bits, of the emitted bit outputs, and the expectation of every `expect`
 * output. `params` defaults to the params' initial values; inputs come from the circuit.
 */
export function exactDistribution(c: Circuit, params?: ArrayLike<number>): ExactResult {
  const scope = makeScope(c, params);
  const n = c.numQubits;
  const expSum = new Map<number, number>();
  const expWeight = new Map<number, number>();
  const guard = (count: number) => {
    if (count * (1 << n) > MAX_TOTAL_AMPLITUDES) {
      throw new Error(
        `exactDistribution: ${count} branches of 2^${n} amplitudes exceed the reference simulator's budget ` +
        "(resets of entangled qubits and measurements each double the branches)",
      );
    }
  };

  const maxIterations = DEFAULT_MAX_LOOP_ITERATIONS;
  const env = (b: Branch): ClassicalEnv => b;
  // Breadth first: every op acts on all live branches; a branch that meets `break`/`continue` leaves the
  // block's flow until its loop collects it.
  const run = (ops: readonly Op[], branches: Branch[]): Flow => {
    let bs = branches;
    const broke: Branch[] = [], continued: Branch[] = [];
    for (const op of ops) {
      if (bs.length === 0) break;
      switch (op.kind) {
        case "gate": case "call":
          for (const b of bs) applyUnitary(op, b, scope, TOP);
          break;
        case "measure": case "reset": {
          const next: Branch[] = [];
          for (const b of bs) next.push(...collapse(b, op.qubit, op.kind === "measure" ? op.bit : -1, n));
          bs = next;
          guard(bs.length);
          break;
        }
        case "if": case "branch": {
          const test = (b: Branch) => (op.kind === "if" ? holds(b.bits, op.when) : evaluateClassical(op.cond, env(b)) !== 0);
          // partition before running either side: the `then` side may change what the test reads
          const taken = bs.map(test);
          const yes = run(op.then, bs.filter((_, i) => taken[i]));
          const no = run(op.else, bs.filter((_, i) => !taken[i]));
          bs = [...yes.next, ...no.next];
          broke.push(...yes.broke, ...no.broke);
          continued.push(...yes.continued, ...no.continued);
          break;
        }
        case "assign": {
          const t = op.target;
          for (const b of bs) {
            const v = evaluateClassical(op.value, env(b));
            if (t.k === "var") b.vars[t.index] = normalize(c.vars![t.index]!.type, v);
            else b.bits[t.bit] = Math.abs(Math.trunc(v)) % 2;
          }
          break;
        }
        case "while": {
          let live = bs;
          const exited: Branch[] = [];
          while (live.length > 0) {
            exited.push(...live.filter((b) => evaluateClassical(op.cond, env(b)) === 0));
            const body = run(op.body, live.filter((b) => evaluateClassical(op.cond, env(b)) !== 0));
            exited.push(...body.broke);
            live = [...body.next, ...body.continued];
            for (const b of live) if (++b.iterations > maxIterations) throw new LoopLimitError(maxIterations, op.src);
          }
          bs = exited;
          break;
        }
        case "break": broke.push(...bs); bs = []; break;
        case "continue": continued.push(...bs); bs = []; break;
        case "expect": {
          const out = c.outputs[op.output];
          if (!out || out.kind !== "expect") throw new Error(`expect op refers to output ${op.output}, which is not an expect output`);
          let s = 0, w = 0;
          for (const b of bs) { s += pauliExpectation(b.re, b.im, n, out.factors); w += norm2(b.re, b.im); }
          expSum.set(op.output, (expSum.get(op.output) ?? 0) + s);
          expWeight.set(op.output, (expWeight.get(op.output) ?? 0) + w);
          break;
        }
        default: break; // barrier, mark
      }
    }
    return { next: bs, broke, continued };
  };

  // Terminal measurements (a suffix of only measure/barrier/mark ops) are read off the final amplitudes
  // instead of branching: the same numbers, without 2^m copies of the state.
  let tail = c.ops.length;
  while (tail > 0 && ["measure", "barrier", "mark"].includes(c.ops[tail - 1]!.kind)) tail--;
  if (c.ops.slice(tail).filter((o) => o.kind === "measure").length > 30) tail = c.ops.length;
  const terminal = c.ops.slice(tail).flatMap((o) => (o.kind === "measure" ? [o] : []));

  const start = zeroState(n);
  const vars = Float64Array.from(c.vars ?? [], (v) => normalize(v.type, v.init));
  const final = run(c.ops.slice(0, tail), [{ re: start.re, im: start.im, bits: new Uint8Array(c.numBits), vars, iterations: 0 }]).next;

  const outcomes = new Map<string, number>();
  const outputs = new Map<string, number>();
  const outBits = c.outputs.flatMap((o) => (o.kind === "bits" ? o.bits : []));
  let total = 0;
  let count = 0;
  const record = (bits: Uint8Array, p: number) => {
    total += p;
    count++;
    const key = Array.from(bits, (v) => (v ? "1" : "0")).join("");
    outcomes.set(key, (outcomes.get(key) ?? 0) + p);
    const okey = outBits.map((i) => (bits[i] ? "1" : "0")).join("");
    outputs.set(okey, (outputs.get(okey) ?? 0) + p);
  };
  for (const b of final) {
    if (terminal.length === 0) { record(b.bits, norm2(b.re, b.im)); continue; }
    // group basis states by the values of the measured qubits
    const groups = new Map<number, number>();
    const masks = terminal.map((m) => 1 << (n - 1 - m.qubit));
    for (let i = 0; i < b.re.length; i++) {
      const p = b.re[i]! * b.re[i]! + b.im[i]! * b.im[i]!;
      if (p === 0) continue;
      let key = 0;
      masks.forEach((mk, j) => { if (i & mk) key |= 1 << j; });
      groups.set(key, (groups.get(key) ?? 0) + p);
    }
    for (const [key, p] of groups) {
      if (p < DROP_PROBABILITY) continue;
      const bits = Uint8Array.from(b.bits);
      terminal.forEach((m, j) => { bits[m.bit] = (key >> j) & 1; });
      record(bits, p);
    }
  }
  const expectations = new Map<number, number>();
  for (const [k, s] of expSum) expectations.set(k, s / expWeight.get(k)!);
  return { outcomes, outputs, expectations, totalProbability: total, branches: count };
}

/**
 * Measures (bit ≥ 0, recording the outcome) or resets (bit = −1: the 1-outcome is flipped back to |0⟩)
 * qubit q of a branch; returns the surviving branches. A reset whose two outcomes leave the same state of
 * the other qubits (up to a phase) stays one branch.
 */
function collapse(b: Branch, q: number, bit: number, n: number): Branch[] {
  const total = norm2(b.re, b.im);
  const p1 = massOne(b.re, b.im, n, q);
  const p0 = total - p1;
  const mask = 1 << (n - 1 - q);
  const project = (one: boolean): Branch => {
    const re = new Float64Array(b.re.length), im = new Float64Array(b.im.length);
    for (let i = 0; i < re.length; i++) {
      if (((i & mask) !== 0) !== one) continue;
      const j = bit < 0 && one ? i ^ mask : i; // reset: move the |1⟩ part to |0⟩
      re[j] = b.re[i]!; im[j] = b.im[i]!;
    }
    const bits = Uint8Array.from(b.bits);
    if (bit >= 0) bits[bit] = one ? 1 : 0;
    return { re, im, bits, vars: Float64Array.from(b.vars), iterations: b.iterations };
  };
  const keep0 = p0 >= DROP_PROBABILITY, keep1 = p1 >= DROP_PROBABILITY;
  if (!keep0 && !keep1) return [];
  if (keep0 && !keep1) return [project(false)];
  if (!keep0 && keep1) return [project(true)];
  const b0 = project(false), b1 = project(true);
  if (bit < 0) {
    // merge when b1 = e^{iφ}·sqrt(p1/p0)·b0 (the reset qubit was not entangled)
    let ir = 0, ii = 0;
    for (let i = 0; i < b0.re.length; i++) {
      ir += b0.re[i]! * b1.re[i]! + b0.im[i]! * b1.im[i]!;
      ii += b0.re[i]! * b1.im[i]! - b0.im[i]! * b1.re[i]!;
    }
    if (Math.abs(ir * ir + ii * ii - p0 * p1) <= 1e-13 * p0 * p1) {
      const s = Math.sqrt((p0 + p1) / p0);
      for (let i = 0; i < b0.re.length; i++) { b0.re[i]! *= s; b0.im[i]! *= s; }
      return [b0];
    }
  }
  return [b0, b1];
}
