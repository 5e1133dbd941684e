// Helpers for the OpenQASM emitter tests: hand-built circuits, small unitaries, statistical bounds.
import type {
  Circuit, GateDef, GateOp, Op, Output, ParamInfo, Register, UnitaryOp,
} from "../../src/ir/circuit.js";
import { cmIdentity, cmMul, type CMatrix } from "../../src/ir/cmatrix.js";
import { embed, fullGateMatrix } from "../../src/ir/gates.js";

import { ctrl, negctrl, inv, pow, param, arg, call, gate as g, type ArgLike } from "../support/circuits.js";

export { ctrl, negctrl, inv, pow, param, arg, call, g, type ArgLike };
export const measure = (qubit: number, bit: number): Op => ({ kind: "measure", qubit, bit });
export const reset = (qubit: number): Op => ({ kind: "reset", qubit });
export const ifOp = (when: [number, boolean][], then: Op[], els: Op[] = []): Op =>
  ({ kind: "if", when: when.map(([bit, value]) => ({ bit, value })), then, else: els });

export function def(name: string, argNames: string[], qubitNames: string[], body: UnitaryOp[]): GateDef {
  return { name, cell: name, argNames, qubitNames, body };
}

export const bitsOut = (bits: number[], array = bits.length !== 1, step = 0): Output => ({ kind: "bits", step, bits, array });

export interface CircuitSpec {
  qubits: number;
  bits?: number;
  ops: Op[];
  defs?: GateDef[];
  outputs?: Output[];
  /** Initial values of scalar params named w0, w1, … */
  params?: number[];
  paramInfo?: ParamInfo[];
  registers?: Register[];
  name?: string;
}

export function circuit(s: CircuitSpec): Circuit {
  const params: ParamInfo[] = s.paramInfo ?? (s.params ?? []).map((init, i) => ({ name: `w${i}`, index: [], type: "angle", init }));
  return {
    name: s.name ?? "test", numQubits: s.qubits, numBits: s.bits ?? 0,
    registers: s.registers ?? [{ name: "q", role: "hidden", offset: 0, size: s.qubits }],
    params, inputs: [], defs: s.defs ?? [], ops: s.ops, outputs: s.outputs ?? [], steps: 1,
  };
}

/** The unitary of gate ops (numeric args, any modifiers) on n qubits (qubit 0 = most significant). */
export function opsUnitary(ops: readonly GateOp[], n: number): CMatrix {
  let m = cmIdentity(1 << n);
  for (const op of ops) {
    const args = op.args.map((e) => {
      if (e.k !== "num") throw new Error("opsUnitary: numeric args only");
      return e.v;
    });
    const mat = fullGateMatrix(op.name, args, op.mods);
    m = cmMul(op.qubits.length === 0 ? scalarOn(mat, n) : embed(mat, op.qubits, n), m);
  }
  return m;
}

function scalarOn(mat: CMatrix, n: number): CMatrix {
  const out = cmIdentity(1 << n);
  for (let i = 0; i < 1 << n; i++) { out.re[i * (1 << n) + i] = mat.re[0]!; out.im[i * (1 << n) + i] = mat.im[0]!; }
  return out;
}

// ─────────────────────────────────────────── statistics ─────────────────────────────────────────

/**
 * Bretagnolle–Huber–Carol inequality: for N samples of a K-category distribution,
 * P(‖p̂ − p‖₁ ≥ ε) ≤ 2^K·exp(−N·ε²/2). Returns the ε with failure probability `delta`.
 */
export function l1Bound(categories: number, shots: number, delta = 1e-8): number {
  return Math.sqrt((2 * (categories * Math.LN2 + Math.log(1 / delta))) / shots);
}

/** Hoeffding for the mean of N samples in [−1, 1]: P(|mean − μ| ≥ t) ≤ 2·exp(−N·t²/2). */
export function meanBound(shots: number, delta = 1e-8): number {
  return Math.sqrt((2 * Math.log(2 / delta)) / shots);
}

/**
 * ‖p̂ − p‖₁ between observed counts and an exact distribution, with every outcome of probability
 * ≤ 1e-12 lumped into one "impossible" category; also returns the category count for `l1Bound`.
 */
export function l1Distance(exact: ReadonlyMap<string, number>, counts: ReadonlyMap<string, number>, shots: number): { l1: number; categories: number; impossible: number } {
  const support = [...exact].filter(([, p]) => p > 1e-12);
  const inSupport = new Set(support.map(([k]) => k));
  let l1 = 0;
  for (const [k, p] of support) l1 += Math.abs((counts.get(k) ?? 0) / shots - p);
  let impossible = 0;
  for (const [k, c] of counts) if (!inSupport.has(k)) impossible += c;
  l1 += impossible / shots;
  return { l1, categories: support.length + 1, impossible };
}
