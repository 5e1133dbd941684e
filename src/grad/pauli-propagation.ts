// Propagation of Pauli sums through gates (the Heisenberg picture, computed classically).
//
// A gate V on qubits Q maps a Pauli string A to V·A·V† (`push`: carry an operator from before the gate
// to after it) or V†·A·V (`pull`: carry it back). Only A's letters on Q change; the local part is
// conjugated numerically with the gate's matrix and expanded again in Pauli strings, using
// Tr(L·M) = Σ_i L[i, π(i)]·M[π(i), i] for a Pauli L (one nonzero per row). Cliffords map a string to a
// string; other gates split it into several, so sums can grow: `maxTerms` caps them (PauliGrowthError),
// which is how shadow recipes detect large light cones. Results are cached per gate and local string.

import type { GateOp } from "../ir/circuit.js";
import type { CMatrix } from "../ir/cmatrix.js";
import { fullGateMatrix } from "../ir/gates.js";
import { evaluate, type Env } from "../ir/expr.js";
import { PauliSum, letterAt, withLetter, type Pauli } from "./pauli.js";

export class PauliGrowthError extends Error {
  constructor(readonly terms: number, readonly cap: number) {
    super(`a propagated Pauli sum grew beyond ${cap} terms`);
    this.name = "PauliGrowthError";
  }
}

const LETTERS = ["I", "X", "Y", "Z"] as const;
/** 2×2 Pauli matrices: per letter, for each row r the column c and the value (re, im). */
const ONE_QUBIT: Record<string, { col: number[]; re: number[]; im: number[] }> = {
  I: { col: [0, 1], re: [1, 1], im: [0, 0] },
  X: { col: [1, 0], re: [1, 1], im: [0, 0] },
  Y: { col: [1, 0], re: [0, 0], im: [-1, 1] }, // [[0, −i], [i, 0]]
  Z: { col: [0, 1], re: [1, -1], im: [0, 0] },
};

/** A local Pauli (letters per operand, operand 0 = most significant bit) as a monomial matrix. */
function localPauli(letters: readonly string[]): { col: Int32Array; re: Float64Array; im: Float64Array } {
  const k = letters.length;
  const d = 1 << k;
  const col = new Int32Array(d), re = new Float64Array(d), im = new Float64Array(d);
  for (let r = 0; r < d; r++) {
    let c = 0, vr = 1, vi = 0;
    for (let j = 0; j < k; j++) {
      const bit = (r >> (k - 1 - j)) & 1;
      const m = ONE_QUBIT[letters[j]!]!;
      c |= m.col[bit]! << (k - 1 - j);
      const mr = m.re[bit]!, mi = m.im[bit]!;
      [vr, vi] = [vr * mr - vi * mi, vr * mi + vi * mr];
    }
    col[r] = c; re[r] = vr; im[r] = vi;
  }
  return { col, re, im };
}

/** W = A·P·A† for a dense A (dim d) and a monomial P. */
function conjugateLocal(a: CMatrix, p: ReturnType<typeof localPauli>): { re: Float64Array; im: Float64Array } {
  const d = a.dim;
  // T = A·P: column c of P has one entry at row r with P[r][col[r]] — T[i][col[r]] += A[i][r]·P[r][col[r]]
  const tr = new Float64Array(d * d), ti = new Float64Array(d * d);
  for (let r = 0; r < d; r++) {
    const c = p.col[r]!, pr = p.re[r]!, pi = p.im[r]!;
    for (let i = 0; i < d; i++) {
      const ar = a.re[i * d + r]!, ai = a.im[i * d + r]!;
      tr[i * d + c] = tr[i * d + c]! + ar * pr - ai * pi;
      ti[i * d + c] = ti[i * d + c]! + ar * pi + ai * pr;
    }
  }
  // W = T·A†: W[i][j] = Σ_c T[i][c]·conj(A[j][c])
  const wr = new Float64Array(d * d), wi = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      let sr = 0, si = 0;
      for (let c = 0; c < d; c++) {
        const xr = tr[i * d + c]!, xi = ti[i * d + c]!, yr = a.re[j * d + c]!, yi = -a.im[j * d + c]!;
        sr += xr * yr - xi * yi;
        si += xr * yi + xi * yr;
      }
      wr[i * d + j] = sr; wi[i * d + j] = si;
    }
  }
  return { re: wr, im: wi };
}

function adjoint(a: CMatrix): CMatrix {
  const d = a.dim;
  const re = new Float64Array(d * d), im = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) { re[j * d + i] = a.re[i * d + j]!; im[j * d + i] = -a.im[i * d + j]!; }
  return { dim: d, re, im };
}

/** The Pauli expansion of a Hermitian local matrix: letters → real coefficient (|c| > 1e-13). */
function expand(w: { re: Float64Array; im: Float64Array }, k: number, locals: readonly { letters: string[]; m: ReturnType<typeof localPauli> }[]): [string[], number][] {
  const d = 1 << k;
  const out: [string[], number][] = [];
  for (const { letters, m } of locals) {
    // Tr(L·W) = Σ_r L[r][col r]·W[col r][r]
    let s = 0;
    for (let r = 0; r < d; r++) {
      const c = m.col[r]!;
      s += m.re[r]! * w.re[c * d + r]! - m.im[r]! * w.im[c * d + r]!;
    }
    s /= d;
    if (Math.abs(s) > 1e-13) out.push([letters, s]);
  }
  return out;
}

interface GateCache {
  readonly qubits: readonly number[];
  readonly push: CMatrix;
  readonly pull: CMatrix;
  readonly memo: Map<string, [string[], number][]>;
}

export class PauliPropagator {
  private readonly gates = new WeakMap<GateOp, GateCache>();
  private readonly localBases = new Map<number, { letters: string[]; m: ReturnType<typeof localPauli> }[]>();

  constructor(private readonly env: Env, readonly maxTerms = 20000) {}

  private basis(k: number) {
    let b = this.localBases.get(k);
    if (!b) {
      b = [];
      for (let idx = 0; idx < 4 ** k; idx++) {
        const letters = Array.from({ length: k }, (_, j) => LETTERS[Math.floor(idx / 4 ** (k - 1 - j)) % 4]!);
        b.push({ letters, m: localPauli(letters) });
      }
      this.localBases.set(k, b);
    }
    return b;
  }

  private cache(g: GateOp): GateCache {
    let c = this.gates.get(g);
    if (!c) {
      const m = fullGateMatrix(g.name, g.args.map((a) => evaluate(a, this.env)), g.mods, (e) => evaluate(e, this.env));
      c = { qubits: g.qubits, push: m, pull: adjoint(m), memo: new Map() };
      this.gates.set(g, c);
    }
    return c;
  }

  /** A → V·A·V† (`dir` "push") or V†·A·V ("pull"). */
  conjugate(sum: PauliSum, g: GateOp, dir: "push" | "pull"): PauliSum {
    if (g.qubits.length === 0) return sum; // a global phase commutes with everything
    const c = this.cache(g);
    let mask = 0;
    for (const q of c.qubits) mask |= 1 << q;
    const out = new PauliSum();
    for (const t of sum.terms.values()) {
      if (((t.p.x | t.p.z) & mask) === 0) { out.add(t.p, t.c); continue; }
      const letters = c.qubits.map((q) => letterAt(t.p, q));
      const key = `${dir}:${letters.join("")}`;
      let exp = c.memo.get(key);
      if (!exp) {
        exp = expand(conjugateLocal(dir === "push" ? c.push : c.pull, localPauli(letters)), c.qubits.length, this.basis(c.qubits.length));
        c.memo.set(key, exp);
      }
      let rest: Pauli = t.p;
      for (const q of c.qubits) rest = withLetter(rest, q, "I");
      for (const [ls, coef] of exp) {
        let p = rest;
        ls.forEach((l, j) => { p = withLetter(p, c.qubits[j]!, l as "I" | "X" | "Y" | "Z"); });
        out.add(p, t.c * coef);
      }
    }
    out.prune(1e-12);
    if (out.size > this.maxTerms) throw new PauliGrowthError(out.size, this.maxTerms);
    return out;
  }
}

