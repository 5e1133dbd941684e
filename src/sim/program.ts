// The simulator program: a circuit compiled once (flatten, classify every gate by kernel, plan fusion,
// lay out control flow as bytecode) and bound late to parameter values (`bind`: evaluate the compiled
// angle closures and fill one Float64Array "pool" with every kernel's numbers). Changing params never
// recompiles.

import { classicalControlOp, inputValues, initialParamValues, type Circuit, type ClassicalControlOp, type Op, type PauliFactor } from "../ir/circuit.js";
import { compileCExpr, normalize, type ClassicalEnv } from "../ir/classical.js";
import { flatten } from "../ir/flatten.js";
import type { Span } from "../syntax/span.js";
import { classifyGate, coreInto, diagInto, evalArgs, type GateItem } from "./gatekinds.js";
import { noFusion, planFusion, type Emit } from "./fusion.js";
import { checkStateFits, defaultMaxMemoryBytes } from "./state.js";

export interface SimOptions {
  /** Fuse gates before simulation (default true). */
  readonly fuse?: boolean;
  /** Memory limit for state vectors in bytes (default min(8 GiB, 60% of physical memory)). */
  readonly maxMemoryBytes?: number;
  /** Largest support of a fused diagonal block (default 10 qubits: a 16 KiB phase table). */
  readonly maxDiagQubits?: number;
  /** Most iterations of run-time `while` loops on one path of a run (default 1,000,000; LoopLimitError E0805). */
  readonly maxLoopIterations?: number;
}

export const DEFAULT_MAX_LOOP_ITERATIONS = 1_000_000;

export type KernelKind = "dense1" | "pair1" | "rxpair" | "rx" | "real1" | "dense1c" | "scale" | "phase" | "diag1" | "table" | "x" | "swap" | "denseK";

/** A kernel application. Fields not used by a kind are 0 / empty. */
export interface KernelInstr {
  readonly op: "kernel";
  readonly k: KernelKind;
  /** Target bit (dense1, dense1c, diag1, x; first qubit of swap). */
  readonly t: number;
  /** Second target (swap). */
  readonly t2: number;
  /** Required values of the special bits that are controls (phase: of all its condition bits). */
  readonly cv: number;
  /** Special bit positions (controls and targets; phase: its condition bits), ascending. */
  readonly sp: Int32Array;
  /** Qubits of a phase table (table index bit j = qubit qs[j]). */
  readonly qs: Int32Array;
  /** Amplitude offsets of the local indices of a dense k-qubit matrix. */
  readonly offs: Int32Array;
  /** Offset of this kernel's numbers in the pool. */
  readonly po: number;
  /** Number of pool entries. */
  readonly size: number;
  /** Fills pool[po … po + size) for (params, inputs). */
  readonly bind: (p: ArrayLike<number>, x: ArrayLike<number>, pool: Float64Array) => void;
  /** Source gates this kernel stands for. */
  readonly gates: number;
}

export type Instr =
  | KernelInstr
  | { readonly op: "measure"; readonly qubit: number; readonly bit: number }
  | { readonly op: "reset"; readonly qubit: number }
  /** Jump to `target` unless every literal holds. */
  | { readonly op: "jumpUnless"; readonly when: readonly { readonly bit: number; readonly value: boolean }[]; target: number }
  | { readonly op: "jump"; target: number }
  /** `target = value(classical state)`: a variable slot or an IR bit (its lowest bit). */
  | { readonly op: "assign"; readonly toBit: boolean; readonly index: number; readonly value: (env: ClassicalEnv) => number }
  /** Jump to `target` when `test` is 0. */
  | { readonly op: "branchUnless"; readonly test: (env: ClassicalEnv) => number; target: number }
  /** The backward jump closing a `while` body: counts one iteration against the path's budget. */
  | { readonly op: "loop"; target: number; readonly src?: Span }
  | { readonly op: "expect"; readonly output: number; readonly factors: readonly PauliFactor[] };

export interface ProgramStats {
  /** Gates after flattening (identities dropped). */
  readonly gates: number;
  /** Kernel applications (≤ gates with fusion). */
  readonly kernels: number;
  readonly fused: boolean;
}

export interface CompiledProgram {
  readonly circuit: Circuit;
  readonly numQubits: number;
  readonly numBits: number;
  readonly code: readonly Instr[];
  /** terminal[pc]: from pc on there are only measurements (and the end). */
  readonly terminal: readonly boolean[];
  readonly poolSize: number;
  readonly inputs: Float64Array;
  readonly maxMemoryBytes: number;
  /** All `bits` outputs' bits concatenated in output order. */
  readonly outputBits: readonly number[];
  /** Initial values of the run-time classical variables (`Circuit.vars`). */
  readonly varInit: Float64Array;
  readonly maxLoopIterations: number;
  /** The first run-time classical op (modes that need single-assignment bits refuse such programs). */
  readonly classicalControl: ClassicalControlOp | undefined;
  readonly stats: ProgramStats;
}

const EMPTY = new Int32Array(0);
/** Real 1-qubit matrices (a cheaper kernel). */
const REAL_1Q = new Set(["ry", "h"]);
/** A fused phase table is widened with the low qubits 0…5 so that it is read in contiguous runs … */
const RUN_QUBITS = 6;
/** … as long as the table stays within 2^12 entries (64 KiB). */
const TABLE_QUBITS = 12;

/** Compiles a circuit for simulation; throws SimulationLimitError (E0804) when one state would not fit. */
export function compileProgram(c: Circuit, opts: SimOptions = {}): CompiledProgram {
  const maxMemoryBytes = opts.maxMemoryBytes ?? defaultMaxMemoryBytes();
  checkStateFits(c.numQubits, maxMemoryBytes);
  const n = c.numQubits;
  const fuse = opts.fuse ?? true;
  const maxDiagQubits = Math.max(1, Math.min(opts.maxDiagQubits ?? 10, 16));
  const flat = flatten(c);
  const code: Instr[] = [];
  let pool = 0;
  let gates = 0;
  let kernels = 0;

  const checkQubit = (q: number, what: string) => {
    if (!Number.isInteger(q) || q < 0 || q >= n) throw new Error(`${what}: qubit ${q} out of range (the circuit has ${n})`);
  };
  const checkBit = (b: number, what: string) => {
    if (!Number.isInteger(b) || b < 0 || b >= c.numBits) throw new Error(`${what}: bit ${b} out of range (the circuit has ${c.numBits})`);
  };

  const kernel = (k: KernelKind, f: Partial<Omit<KernelInstr, "op" | "k" | "po" | "bind">> & { size: number; gates: number },
    bind: (po: number) => KernelInstr["bind"]): void => {
    const po = pool;
    pool += f.size;
    kernels++;
    code.push({
      op: "kernel", k, t: f.t ?? 0, t2: f.t2 ?? 0, cv: f.cv ?? 0, sp: f.sp ?? EMPTY, qs: f.qs ?? EMPTY,
      offs: f.offs ?? EMPTY, po, size: f.size, gates: f.gates, bind: bind(po),
    });
  };

  const emitOne = (g: GateItem) => {
    let cmask = 0, cv = 0;
    for (const c of g.controls) { cmask |= 1 << c.qubit; if (!c.negative) cv |= 1 << c.qubit; }
    const spOf = (extra: readonly number[]) => {
      const bits = [...g.controls.map((c) => c.qubit), ...extra];
      return Int32Array.from(bits.sort((a, b) => a - b));
    };
    const t = g.targets[0] ?? 0;
    switch (g.kind) {
      case "scalar": case "phase": {
        // phase where the controls hold (and, for phase gates, the target is 1)
        const cond = g.kind === "phase" ? cv | (1 << t) : cv;
        const sp = spOf(g.kind === "phase" ? [t] : []);
        const entry = g.kind === "phase" ? 2 : 0;
        kernel(sp.length === 0 ? "scale" : "phase", { cv: cond, sp, size: 2, gates: 1 }, (po) => {
          const tmp = new Float64Array(4);
          return (p, x, out) => {
            diagInto(g.name, evalArgs(g, p, x), tmp, 0);
            out[po] = tmp[entry]!; out[po + 1] = tmp[entry + 1]!;
          };
        });
        return;
      }
      case "diag1":
        kernel("diag1", { t, cv, sp: spOf([t]), size: 4, gates: 1 }, (po) => (p, x, out) => diagInto(g.name, evalArgs(g, p, x), out, po));
        return;
      case "diag":
        emitTable([g], [...g.qubits].sort((a, b) => a - b), 1);
        return;
      case "x":
        kernel("x", { t, cv, sp: spOf([t]), size: 0, gates: 1 }, () => () => {});
        return;
      case "swap":
        kernel("swap", { t, t2: g.targets[1]!, cv, sp: spOf(g.targets), size: 0, gates: 1 }, () => () => {});
        return;
      case "dense1": {
        if (g.controls.length === 0 && g.name === "rx") {
          // [[c, −is], [−is, c]]: pool = [c, s]
          kernel("rx", { t, sp: spOf([t]), size: 2, gates: 1 }, (po) => {
            const m = new Float64Array(8);
            return (p, x, out) => { coreInto("rx", evalArgs(g, p, x), m, 0); out[po] = m[0]!; out[po + 1] = -m[3]!; };
          });
          return;
        }
        if (g.controls.length === 0 && REAL_1Q.has(g.name)) {
          kernel("real1", { t, sp: spOf([t]), size: 4, gates: 1 }, (po) => {
            const m = new Float64Array(8);
            return (p, x, out) => { coreInto(g.name, evalArgs(g, p, x), m, 0); for (let j = 0; j < 4; j++) out[po + j] = m[2 * j]!; };
          });
          return;
        }
        kernel(g.controls.length === 0 ? "dense1" : "dense1c", { t, cv, sp: spOf([t]), size: 8, gates: 1 },
          (po) => (p, x, out) => coreInto(g.name, evalArgs(g, p, x), out, po));
        return;
      }
      case "denseK": {
        const k = g.targets.length;
        const D = 1 << k;
        const offs = new Int32Array(D);
        for (let l = 0; l < D; l++) {
          let o = 0;
          for (let j = 0; j < k; j++) if ((l >> (k - 1 - j)) & 1) o |= 1 << g.targets[j]!;
          offs[l] = o;
        }
        kernel("denseK", { cv, sp: spOf(g.targets), offs, size: 2 * D * D, gates: 1 },
          (po) => (p, x, out) => coreInto(g.name, evalArgs(g, p, x), out, po));
        return;
      }
    }
  };

  /**
   * A phase table for a list of diagonal gates on `qubits` (ascending). The table is widened with the low
   * qubits 0…a−1 (up to TABLE_QUBITS in all) so that the kernel reads it in contiguous runs of 2^a amplitudes.
   */
  const emitTable = (items: readonly GateItem[], qubits: readonly number[], count: number) => {
    const wide = [...qubits];
    for (let q = 0; q < Math.min(n, RUN_QUBITS); q++) {
      if (wide.includes(q)) continue;
      if (wide.length >= TABLE_QUBITS) break;
      wide.push(q);
    }
    wide.sort((a, b) => a - b);
    let a = 0;
    while (a < wide.length && wide[a] === a) a++;
    const tableQubits = a >= 3 ? wide : [...qubits];
    const qs = Int32Array.from(tableQubits);
    const pos = new Map<number, number>(tableQubits.map((q, j) => [q, j]));
    const T = 1 << tableQubits.length;
    // per item: control mask/value in table-index bits, target positions (operand 0 = MSB of the base index)
    const plans = items.map((g) => {
      let cm = 0, cv = 0;
      for (const c of g.controls) { const b = 1 << pos.get(c.qubit)!; cm |= b; if (!c.negative) cv |= b; }
      return { g, cm, cv, tpos: g.targets.map((q) => pos.get(q)!) };
    });
    // table index bits that no gate reads (the widening): the table is built on the others, then copied
    let used = 0;
    for (const q of qubits) used |= 1 << pos.get(q)!;
    kernel("table", { qs, size: 2 * T, gates: count }, (po) => {
      const d = new Float64Array(8);
      return (p, x, out) => {
        for (let i = 0; i < T; i++) { out[po + 2 * i] = 1; out[po + 2 * i + 1] = 0; }
        for (const { g, cm, cv, tpos } of plans) {
          diagInto(g.name, evalArgs(g, p, x), d, 0);
          const k = tpos.length;
          for (let i = 0; i < T; i++) {
            if ((i & ~used) !== 0) continue; // filled from the used bits below
            if ((i & cm) !== cv) continue;
            let l = 0;
            for (let j = 0; j < k; j++) l |= ((i >> tpos[j]!) & 1) << (k - 1 - j);
            const o = po + 2 * i;
            const ar = out[o]!, ai = out[o + 1]!, br = d[2 * l]!, bi = d[2 * l + 1]!;
            out[o] = ar * br - ai * bi; out[o + 1] = ar * bi + ai * br;
          }
        }
        if (used !== T - 1) {
          for (let i = 0; i < T; i++) {
            const src = po + 2 * (i & used);
            out[po + 2 * i] = out[src]!; out[po + 2 * i + 1] = out[src + 1]!;
          }
        }
      };
    });
  };

  /** The 2×2 product of a run of uncontrolled 1-qubit gates (in circuit order) into out[off…]. */
  const runMatrix = (items: readonly GateItem[]) => {
    const a = new Float64Array(8), b = new Float64Array(8), r = new Float64Array(8);
    return (p: ArrayLike<number>, x: ArrayLike<number>, out: Float64Array, off: number) => {
      // a ← G·a for each gate G
      let first = true;
      for (const g of items) {
        const args = evalArgs(g, p, x);
        if (g.diagonal) {
          diagInto(g.name, args, b, 0);
          const d0r = b[0]!, d0i = b[1]!, d1r = b[2]!, d1i = b[3]!;
          b.fill(0); b[0] = d0r; b[1] = d0i; b[6] = d1r; b[7] = d1i;
        } else coreInto(g.name, args, b, 0);
        if (first) { a.set(b); first = false; continue; }
        for (let i = 0; i < 2; i++) {
          for (let j = 0; j < 2; j++) {
            let sr = 0, si = 0;
            for (let k = 0; k < 2; k++) {
              const xr = b[2 * (2 * i + k)]!, xi = b[2 * (2 * i + k) + 1]!, yr = a[2 * (2 * k + j)]!, yi = a[2 * (2 * k + j) + 1]!;
              sr += xr * yr - xi * yi; si += xr * yi + xi * yr;
            }
            r[2 * (2 * i + j)] = sr; r[2 * (2 * i + j) + 1] = si;
          }
        }
        a.set(r);
      }
      out.set(a, off);
    };
  };

  /** One 2×2 matrix for a run of uncontrolled 1-qubit gates on qubit q. */
  const emitRun1 = (q: number, items: readonly GateItem[]) => {
    const m = runMatrix(items);
    kernel("dense1", { t: q, sp: Int32Array.of(q), size: 8, gates: items.length }, (po) => (p, x, out) => m(p, x, out, po));
  };

  /** Two runs on different qubits in one sweep (the lower qubit's matrix first in the pool). */
  const emitPair = (a: { qubit: number; items: readonly GateItem[] }, b: { qubit: number; items: readonly GateItem[] }) => {
    const [lo, hi] = a.qubit < b.qubit ? [a, b] : [b, a];
    const isRx = (r: { items: readonly GateItem[] }) => r.items.length === 1 && r.items[0]!.name === "rx";
    if (isRx(lo) && isRx(hi)) {
      // pool = [c_lo, s_lo, c_hi, s_hi]
      const gl = lo.items[0]!, gh = hi.items[0]!;
      kernel("rxpair", { t: lo.qubit, t2: hi.qubit, sp: Int32Array.of(lo.qubit, hi.qubit), size: 4, gates: 2 }, (po) => (p, x, out) => {
        const tl = gl.args[0]!(p, x), th = gh.args[0]!(p, x);
        out[po] = Math.cos(tl / 2); out[po + 1] = Math.sin(tl / 2); out[po + 2] = Math.cos(th / 2); out[po + 3] = Math.sin(th / 2);
      });
      return;
    }
    const ml = runMatrix(lo.items), mh = runMatrix(hi.items);
    kernel("pair1", { t: lo.qubit, t2: hi.qubit, sp: Int32Array.of(lo.qubit, hi.qubit), size: 16, gates: a.items.length + b.items.length },
      (po) => (p, x, out) => { ml(p, x, out, po); mh(p, x, out, po + 8); });
  };

  const emitAll = (emits: readonly Emit[]) => {
    for (const e of emits) {
      if (e.type === "one") emitOne(e.item);
      else if (e.type === "run1") emitRun1(e.qubit, e.items);
      else if (e.type === "pair") emitPair(e.a, e.b);
      else emitTable(e.items, e.qubits, e.items.length);
    }
  };

  const numVars = c.vars?.length ?? 0;
  const checkVar = (v: number, what: string) => {
    if (!Number.isInteger(v) || v < 0 || v >= numVars) throw new Error(`${what}: classical variable ${v} out of range (the circuit has ${numVars})`);
  };
  /** Open `while` loops: where `continue` jumps, and the `break` jumps to patch at the loop's end. */
  const loops: { head: number; breaks: { target: number }[]; src?: Span }[] = [];

  /** `then`, skipped by the conditional jump `skip`; `else` (when there is one) after a jump over it. */
  const twoWay = (skip: { target: number }, then: readonly Op[], els: readonly Op[]) => {
    compileBlock(then);
    if (els.length === 0) { skip.target = code.length; return; }
    const j = { op: "jump" as const, target: -1 };
    code.push(j);
    skip.target = code.length;
    compileBlock(els);
    j.target = code.length;
  };

  const compileBlock = (ops: readonly Op[]) => {
    let run: GateItem[] = [];
    const flush = () => {
      if (run.length === 0) return;
      emitAll(fuse ? planFusion(run, { maxDiagQubits, numQubits: n }) : noFusion(run));
      run = [];
    };
    for (const op of ops) {
      switch (op.kind) {
        case "gate": {
          for (const q of op.qubits) checkQubit(q, `gate '${op.name}'`);
          const g = classifyGate(op);
          gates++;
          if (g) run.push(g);
          break;
        }
        case "call": throw new Error("simulator: unexpected call after flattening");
        case "measure":
          flush();
          checkQubit(op.qubit, "measure"); checkBit(op.bit, "measure");
          code.push({ op: "measure", qubit: op.qubit, bit: op.bit });
          break;
        case "reset":
          flush();
          checkQubit(op.qubit, "reset");
          code.push({ op: "reset", qubit: op.qubit });
          break;
        case "expect": {
          flush();
          const out = c.outputs[op.output];
          if (!out || out.kind !== "expect") throw new Error(`expect op refers to output ${op.output}, which is not an expect output`);
          const seen = new Set<number>();
          for (const f of out.factors) {
            checkQubit(f.qubit, "expect");
            if (seen.has(f.qubit)) throw new Error(`expect: qubit ${f.qubit} appears twice in one Pauli product`);
            seen.add(f.qubit);
          }
          code.push({ op: "expect", output: op.output, factors: out.factors });
          break;
        }
        case "if": {
          flush();
          for (const l of op.when) checkBit(l.bit, "if");
          const ju = { op: "jumpUnless" as const, when: op.when, target: -1 };
          code.push(ju);
          twoWay(ju, op.then, op.else);
          break;
        }
        case "assign": {
          flush();
          if (op.target.k === "bit") checkBit(op.target.bit, "assign"); else checkVar(op.target.index, "assign");
          const value = compileCExpr(op.value);
          const vtype = op.target.k === "var" ? c.vars![op.target.index]!.type : undefined;
          code.push({
            op: "assign", toBit: op.target.k === "bit", index: op.target.k === "bit" ? op.target.bit : op.target.index,
            value: vtype ? (env) => normalize(vtype, value(env)) : value,
          });
          break;
        }
        case "branch": {
          flush();
          const bu = { op: "branchUnless" as const, test: compileCExpr(op.cond), target: -1 };
          code.push(bu);
          twoWay(bu, op.then, op.else);
          break;
        }
        case "while": {
          flush();
          const head = code.length;
          const bu = { op: "branchUnless" as const, test: compileCExpr(op.cond), target: -1 };
          code.push(bu);
          const loop = { head, breaks: [] as { target: number }[], ...(op.src ? { src: op.src } : {}) };
          loops.push(loop);
          compileBlock(op.body);
          loops.pop();
          code.push({ op: "loop", target: head, ...(op.src ? { src: op.src } : {}) });
          bu.target = code.length;
          for (const b of loop.breaks) b.target = code.length;
          break;
        }
        case "break": case "continue": {
          flush();
          const loop = loops[loops.length - 1];
          if (!loop) throw new Error(`simulator: \`${op.kind}\` outside a while loop`);
          if (op.kind === "continue") code.push({ op: "loop", target: loop.head, ...(loop.src ? { src: loop.src } : {}) });
          else { const j = { op: "jump" as const, target: -1 }; loop.breaks.push(j); code.push(j); }
          break;
        }
        case "barrier": case "mark": break;
      }
    }
    flush();
  };
  compileBlock(flat.ops);

  const terminal: boolean[] = new Array(code.length + 1).fill(false);
  terminal[code.length] = true;
  for (let pc = code.length - 1; pc >= 0; pc--) terminal[pc] = code[pc]!.op === "measure" && terminal[pc + 1]!;

  return {
    circuit: c, numQubits: n, numBits: c.numBits, code, terminal, poolSize: pool,
    inputs: inputValues(c), maxMemoryBytes,
    outputBits: c.outputs.flatMap((o) => (o.kind === "bits" ? o.bits : [])),
    varInit: Float64Array.from(c.vars ?? [], (v) => normalize(v.type, v.init)),
    maxLoopIterations: opts.maxLoopIterations ?? DEFAULT_MAX_LOOP_ITERATIONS,
    classicalControl: classicalControlOp(c.ops),
    stats: { gates, kernels, fused: fuse },
  };
}

/** Evaluates every kernel's numbers for the given params (default: the params' initial values). */
export function bindPool(p: CompiledProgram, params?: ArrayLike<number>): Float64Array {
  const values = params ?? initialParamValues(p.circuit);
  if (values.length < p.circuit.params.length) {
    throw new Error(`expected ${p.circuit.params.length} parameter value(s), got ${values.length}`);
  }
  const pool = new Float64Array(p.poolSize);
  for (const ins of p.code) if (ins.op === "kernel") ins.bind(values, p.inputs, pool);
  return pool;
}
