// State-vector kernels of the adjoint method, on the fast simulator's layout (src/sim/state.ts:
// interleaved re/im, qubit q = bit q of the amplitude index).
//
// A trainable occurrence is U(φ) = exp(−iφG), G = Π_controls ⊗ (c·P + d·I) (src/grad/generators.ts).
// On the controlled subspace U = e^{−iφd}·(cos(φc)·I − i·sin(φc)·P); elsewhere it is the identity.
// A Pauli string with flip mask x, phase mask z and ny Y letters maps |j⟩ to i^{ny}·(−1)^{|j∧z|}·|j ⊕ x⟩.

import type { PauliFactor } from "../ir/circuit.js";
import type { Rotation } from "./generators.js";
import { popcount } from "./pauli.js";

/** A rotation, prepared for the kernels. */
export interface RotationKernel {
  /** Control qubits as a mask, and the values they must have. */
  readonly mask: number;
  readonly val: number;
  readonly x: number;
  readonly z: number;
  /** i^{ny}: the phase of P's action, as (re, im). */
  readonly wr: number;
  readonly wi: number;
  readonly c: number;
  readonly d: number;
}

export function rotationKernel(r: Rotation): RotationKernel {
  let mask = 0, val = 0;
  for (const ctl of r.controls) {
    mask |= 1 << ctl.qubit;
    if (!ctl.negative) val |= 1 << ctl.qubit;
  }
  const ny = popcount(r.pauli.x & r.pauli.z) & 3;
  return {
    mask, val, x: r.pauli.x, z: r.pauli.z,
    wr: ny === 0 ? 1 : ny === 2 ? -1 : 0, wi: ny === 1 ? 1 : ny === 3 ? -1 : 0,
    c: r.c, d: r.d,
  };
}

export function pauliKernel(factors: readonly PauliFactor[]): { x: number; z: number; wr: number; wi: number } {
  let x = 0, z = 0;
  for (const f of factors) {
    if (f.pauli !== "Z") x |= 1 << f.qubit;
    if (f.pauli !== "X") z |= 1 << f.qubit;
  }
  const ny = popcount(x & z) & 3;
  return { x, z, wr: ny === 0 ? 1 : ny === 2 ? -1 : 0, wi: ny === 1 ? 1 : ny === 3 ? -1 : 0 };
}

function parity(v: number): number {
  v ^= v >>> 16; v ^= v >>> 8; v ^= v >>> 4; v ^= v >>> 2; v ^= v >>> 1;
  return v & 1;
}

/** s ← exp(−iφG)·s. */
export function applyRotation(s: Float64Array, n: number, k: RotationKernel, phi: number): void {
  const t = singleTarget(k);
  if (t < 0) rotate(s, n, k, phi, null);
  else if (k.x === 0) diagonal1(s, null, t, k, phi, 1 << (n + 1));
  else pair1(s, null, t, k, phi, 1 << (n + 1));
}

/** The target of an uncontrolled 1-qubit rotation (the common case, with blocked kernels), else −1. */
export function singleTarget(k: RotationKernel): number {
  const sup = k.x | k.z;
  if (k.mask !== 0 || sup === 0 || (sup & (sup - 1)) !== 0) return -1;
  return 31 - Math.clz32(sup);
}

/**
 * One backward step of the adjoint sweep at a trainable occurrence. With ψ the state and λ the costate
 * just AFTER the gate, returns ∂f/∂φ = 2·Im⟨λ|G|ψ⟩ (G commutes with U, so the derivative can be read off
 * after the gate), then un-applies the gate on both: ψ ← U†ψ, λ ← U†λ. One pass over both vectors.
 */
export function rotationAdjointStep(psi: Float64Array, lam: Float64Array, n: number, k: RotationKernel, phi: number): number {
  const t = singleTarget(k);
  if (t < 0) return 2 * rotate(psi, n, k, -phi, lam);
  if (k.x === 0) return 2 * diagonal1(psi, lam, t, k, -phi, 1 << (n + 1));
  return 2 * pair1(psi, lam, t, k, -phi, 1 << (n + 1));
}

// The blocked 1-qubit kernels walk amplitude pairs (i, i + 2^t) block by block, with no per-index tests.
// `other`, when given, is updated too and Im⟨other|G|s⟩ is returned (values before the update).

/** Uncontrolled exp(−iφ(c·Z + d·I)) on qubit t (rz, p). `len` = 2^(n+1) doubles. */
function diagonal1(s: Float64Array, other: Float64Array | null, t: number, k: RotationKernel, phi: number, len: number): number {
  const { c, d } = k;
  const a0 = -phi * (d + c), a1 = -phi * (d - c); // phases of |0⟩ and |1⟩ on qubit t
  const r0 = Math.cos(a0), i0 = Math.sin(a0), r1 = Math.cos(a1), i1 = Math.sin(a1);
  const g0 = d + c, g1 = d - c;
  const h = (2 << t) | 0;
  const blk = (2 * h) | 0;
  let acc = 0;
  for (let b = 0; b < len; b = (b + blk) | 0) {
    const e = (b + h) | 0;
    for (let o = b; o < e; o = (o + 2) | 0) {
      const p = (o + h) | 0;
      const ar = s[o]!, ai = s[o + 1]!, br = s[p]!, bi = s[p + 1]!;
      s[o] = r0 * ar - i0 * ai; s[o + 1] = r0 * ai + i0 * ar;
      s[p] = r1 * br - i1 * bi; s[p + 1] = r1 * bi + i1 * br;
      if (other) {
        const xr = other[o]!, xi = other[o + 1]!, yr = other[p]!, yi = other[p + 1]!;
        acc += g0 * (xr * ai - xi * ar) + g1 * (yr * bi - yi * br);
        other[o] = r0 * xr - i0 * xi; other[o + 1] = r0 * xi + i0 * xr;
        other[p] = r1 * yr - i1 * yi; other[p + 1] = r1 * yi + i1 * yr;
      }
    }
  }
  return acc;
}

/**
 * exp(−iφ(c·P + d·I)) for P = X or Y on one qubit, as the 2×2 matrix [[m00, m01], [m10, m00]], with P's
 * phases: P|0⟩ = ω0|1⟩, P|1⟩ = ω1|0⟩ (ω0 = i^{ny}; ω1 = −ω0 for Y, ω0 for X).
 */
function pairMatrix(k: RotationKernel, phi: number) {
  const isY = k.z !== 0;
  const w0r = k.wr, w0i = k.wi, w1r = isY ? -k.wr : k.wr, w1i = isY ? -k.wi : k.wi;
  const cs = Math.cos(phi * k.c), sn = Math.sin(phi * k.c);
  const er = Math.cos(phi * k.d), ei = -Math.sin(phi * k.d);
  // new a0 = e·(cs·a0 − i·sn·ω1·a1), new a1 = e·(cs·a1 − i·sn·ω0·a0); e·(−i·sn·ω) = e·sn·(ωi − i·ωr)
  const t1r = sn * w1i, t1i = -sn * w1r, t0r = sn * w0i, t0i = -sn * w0r;
  return {
    w0r, w0i, w1r, w1i,
    m00r: er * cs, m00i: ei * cs,
    m01r: er * t1r - ei * t1i, m01i: er * t1i + ei * t1r,
    m10r: er * t0r - ei * t0i, m10i: er * t0i + ei * t0r,
  };
}

/** Uncontrolled exp(−iφ(c·P + d·I)) for P = X or Y on qubit t (rx, ry). */
function pair1(s: Float64Array, other: Float64Array | null, t: number, k: RotationKernel, phi: number, len: number): number {
  const { c, d } = k;
  const { w0r, w0i, w1r, w1i, m00r, m00i, m01r, m01i, m10r, m10i } = pairMatrix(k, phi);
  const h = (2 << t) | 0;
  const blk = (2 * h) | 0;
  let acc = 0;
  for (let b = 0; b < len; b = (b + blk) | 0) {
    const e = (b + h) | 0;
    for (let o = b; o < e; o = (o + 2) | 0) {
      const p = (o + h) | 0;
      const ar = s[o]!, ai = s[o + 1]!, br = s[p]!, bi = s[p + 1]!;
      if (other) {
        const xr = other[o]!, xi = other[o + 1]!, yr = other[p]!, yi = other[p + 1]!;
        // (Gs)_0 = c·ω1·s_1 + d·s_0, (Gs)_1 = c·ω0·s_0 + d·s_1
        const g0r = c * (w1r * br - w1i * bi) + d * ar, g0i = c * (w1r * bi + w1i * br) + d * ai;
        const g1r = c * (w0r * ar - w0i * ai) + d * br, g1i = c * (w0r * ai + w0i * ar) + d * bi;
        acc += xr * g0i - xi * g0r + yr * g1i - yi * g1r;
        other[o] = m00r * xr - m00i * xi + m01r * yr - m01i * yi;
        other[o + 1] = m00r * xi + m00i * xr + m01r * yi + m01i * yr;
        other[p] = m10r * xr - m10i * xi + m00r * yr - m00i * yi;
        other[p + 1] = m10r * xi + m10i * xr + m00r * yi + m00i * yr;
      }
      s[o] = m00r * ar - m00i * ai + m01r * br - m01i * bi;
      s[o + 1] = m00r * ai + m00i * ar + m01r * bi + m01i * br;
      s[p] = m10r * ar - m10i * ai + m00r * br - m00i * bi;
      s[p + 1] = m10r * ai + m10i * ar + m00r * bi + m00i * br;
    }
  }
  return acc;
}

/**
 * Applies exp(−iφG) to s (and to `other` if given); when `other` is given, also returns
 * Im⟨other|G|s⟩ computed from the values BEFORE the update (both vectors are updated in the same pass).
 */
function rotate(s: Float64Array, n: number, k: RotationKernel, phi: number, other: Float64Array | null): number {
  const dim = 2 ** n;
  const { mask, val, x, z, wr, wi, c, d } = k;
  const cs = Math.cos(phi * c), sn = Math.sin(phi * c);
  // e^{−iφd}
  const er = Math.cos(phi * d), ei = -Math.sin(phi * d);
  let accIm = 0;
  if (x === 0) {
    // P diagonal (a Z-string, or I): amplitude j gets e^{−iφ(d + c·σ_j)}, σ_j = ±1; G_jj = d + c·σ_j.
    const pr = er * cs + ei * sn, pi = ei * cs - er * sn; // e^{−iφd}·(cos − i·sin) for σ = +1
    const mr = er * cs - ei * sn, mi = er * sn + ei * cs; // e^{−iφd}·(cos + i·sin) for σ = −1
    for (let j = 0; j < dim; j++) {
      if ((j & mask) !== val) continue;
      const neg = parity(j & z);
      const o = 2 * j;
      const ar = s[o]!, ai = s[o + 1]!;
      if (other) {
        const g = neg ? d - c : d + c;
        const br = other[o]!, bi = other[o + 1]!;
        accIm += g * (br * ai - bi * ar); // Im(conj(b)·g·a)
        s[o] = neg ? mr * ar - mi * ai : pr * ar - pi * ai;
        s[o + 1] = neg ? mr * ai + mi * ar : pr * ai + pi * ar;
        other[o] = neg ? mr * br - mi * bi : pr * br - pi * bi;
        other[o + 1] = neg ? mr * bi + mi * br : pr * bi + pi * br;
      } else {
        s[o] = neg ? mr * ar - mi * ai : pr * ar - pi * ai;
        s[o + 1] = neg ? mr * ai + mi * ar : pr * ai + pi * ar;
      }
    }
    return accIm;
  }
  const low = x & -x;
  for (let j = 0; j < dim; j++) {
    if ((j & low) !== 0 || (j & mask) !== val) continue;
    const t = j ^ x;
    // P|j⟩ = ωj|t⟩, P|t⟩ = ωt|j⟩
    const sj = parity(j & z) ? -1 : 1, st = parity(t & z) ? -1 : 1;
    const wjr = sj * wr, wji = sj * wi, wtr = st * wr, wti = st * wi;
    const oj = 2 * j, ot = 2 * t;
    const ajr = s[oj]!, aji = s[oj + 1]!, atr = s[ot]!, ati = s[ot + 1]!;
    if (other) {
      const bjr = other[oj]!, bji = other[oj + 1]!, btr = other[ot]!, bti = other[ot + 1]!;
      // (Gs)_j = c·ωt·s_t + d·s_j,  (Gs)_t = c·ωj·s_j + d·s_t
      const gjr = c * (wtr * atr - wti * ati) + d * ajr, gji = c * (wtr * ati + wti * atr) + d * aji;
      const gtr = c * (wjr * ajr - wji * aji) + d * atr, gti = c * (wjr * aji + wji * ajr) + d * ati;
      accIm += bjr * gji - bji * gjr + btr * gti - bti * gtr;
      mix(other, oj, ot, bjr, bji, btr, bti, wjr, wji, wtr, wti, cs, sn, er, ei);
    }
    mix(s, oj, ot, ajr, aji, atr, ati, wjr, wji, wtr, wti, cs, sn, er, ei);
  }
  return accIm;
}

/** (a_j, a_t) ← e·(cos·a_j − i·sin·ωt·a_t, cos·a_t − i·sin·ωj·a_j). */
function mix(
  s: Float64Array, oj: number, ot: number, ajr: number, aji: number, atr: number, ati: number,
  wjr: number, wji: number, wtr: number, wti: number, cs: number, sn: number, er: number, ei: number,
): void {
  // −i·sin·ω·a = sin·(ω·a)·(−i): (u + iv)(−i) = v − iu
  const ptr = wtr * atr - wti * ati, pti = wtr * ati + wti * atr; // ωt·a_t
  const pjr = wjr * ajr - wji * aji, pji = wjr * aji + wji * ajr; // ωj·a_j
  const njr = cs * ajr + sn * pti, nji = cs * aji - sn * ptr;
  const ntr = cs * atr + sn * pji, nti = cs * ati - sn * pjr;
  s[oj] = er * njr - ei * nji; s[oj + 1] = er * nji + ei * njr;
  s[ot] = er * ntr - ei * nti; s[ot + 1] = er * nti + ei * ntr;
}

/** λ ← λ + w·P·ψ for a Pauli product P (the costate gains the observable of an `expect` point). */
export function addPauliTimes(lam: Float64Array, psi: Float64Array, n: number, factors: readonly PauliFactor[], w: number): void {
  const { x, z, wr, wi } = pauliKernel(factors);
  const dim = 2 ** n;
  for (let j = 0; j < dim; j++) {
    const t = j ^ x;
    // (Pψ)_t = ωj·ψ_j
    const sg = parity(j & z) ? -w : w;
    const ar = psi[2 * j]!, ai = psi[2 * j + 1]!;
    lam[2 * t] = lam[2 * t]! + sg * (wr * ar - wi * ai);
    lam[2 * t + 1] = lam[2 * t + 1]! + sg * (wr * ai + wi * ar);
  }
}

/** K₁† = |1⟩⟨0| on qubit q (the adjoint of a reset's outcome-1 Kraus operator |0⟩⟨1|): moves the q = 0 half up. */
export function raiseQubit(s: Float64Array, n: number, q: number): void {
  const total = 2 << n;
  const h = 2 << q;
  for (let b = 0; b < total; b += 2 * h) {
    for (let i = b; i < b + h; i++) { s[i + h] = s[i]!; s[i] = 0; }
  }
}

/** Re⟨a|b⟩. */
export function realDot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}


/**
 * The backward steps of a diagonal rotation D (rz, p) applied AFTER an X/Y rotation R (rx, ry) on the same
 * uncontrolled qubit t — the pair of a layered ansatz — in one pass. Returns [∂f/∂φ_D, ∂f/∂φ_R] in `grads`.
 */
export function diagPairAdjointStep(
  psi: Float64Array, lam: Float64Array, n: number, t: number,
  dk: RotationKernel, dphi: number, rk: RotationKernel, rphi: number, grads: Float64Array,
): void {
  const len = (1 << (n + 1)) | 0;
  const h = (2 << t) | 0;
  const blk = (2 * h) | 0;
  // D† phases and generator eigenvalues
  const a0 = dphi * (dk.d + dk.c), a1 = dphi * (dk.d - dk.c);
  const r0 = Math.cos(a0), i0 = Math.sin(a0), r1 = Math.cos(a1), i1 = Math.sin(a1);
  const g0 = dk.d + dk.c, g1 = dk.d - dk.c;
  // R† = R(−φ)
  const { c, d } = rk;
  const { w0r, w0i, w1r, w1i, m00r, m00i, m01r, m01i, m10r, m10i } = pairMatrix(rk, -rphi);
  let accD = 0, accR = 0;
  if (rk.z !== 0 && d === 0 && m00i === 0) {
    // R = ry: a real rotation (cos, ∓sin) and G·ψ = c·(−i·b, i·a) — a third of the general arithmetic
    const cs = m00r, sn = m10r;
    for (let b = 0; b < len; b = (b + blk) | 0) {
      const e = (b + h) | 0;
      for (let o = b; o < e; o = (o + 2) | 0) {
        const p = (o + h) | 0;
        const ar0 = psi[o]!, ai0 = psi[o + 1]!, br0 = psi[p]!, bi0 = psi[p + 1]!;
        const xr0 = lam[o]!, xi0 = lam[o + 1]!, yr0 = lam[p]!, yi0 = lam[p + 1]!;
        accD += g0 * (xr0 * ai0 - xi0 * ar0) + g1 * (yr0 * bi0 - yi0 * br0);
        const ar = r0 * ar0 - i0 * ai0, ai = r0 * ai0 + i0 * ar0, br = r1 * br0 - i1 * bi0, bi = r1 * bi0 + i1 * br0;
        const xr = r0 * xr0 - i0 * xi0, xi = r0 * xi0 + i0 * xr0, yr = r1 * yr0 - i1 * yi0, yi = r1 * yi0 + i1 * yr0;
        accR += c * (yr * ar + yi * ai - xr * br - xi * bi);
        psi[o] = cs * ar - sn * br; psi[o + 1] = cs * ai - sn * bi;
        psi[p] = sn * ar + cs * br; psi[p + 1] = sn * ai + cs * bi;
        lam[o] = cs * xr - sn * yr; lam[o + 1] = cs * xi - sn * yi;
        lam[p] = sn * xr + cs * yr; lam[p + 1] = sn * xi + cs * yi;
      }
    }
    grads[0] = 2 * accD;
    grads[1] = 2 * accR;
    return;
  }
  for (let b = 0; b < len; b = (b + blk) | 0) {
    const e = (b + h) | 0;
    for (let o = b; o < e; o = (o + 2) | 0) {
      const p = (o + h) | 0;
      let ar = psi[o]!, ai = psi[o + 1]!, br = psi[p]!, bi = psi[p + 1]!;
      let xr = lam[o]!, xi = lam[o + 1]!, yr = lam[p]!, yi = lam[p + 1]!;
      accD += g0 * (xr * ai - xi * ar) + g1 * (yr * bi - yi * br);
      let u = r0 * ar - i0 * ai; ai = r0 * ai + i0 * ar; ar = u;
      u = r1 * br - i1 * bi; bi = r1 * bi + i1 * br; br = u;
      u = r0 * xr - i0 * xi; xi = r0 * xi + i0 * xr; xr = u;
      u = r1 * yr - i1 * yi; yi = r1 * yi + i1 * yr; yr = u;
      const q0r = c * (w1r * br - w1i * bi) + d * ar, q0i = c * (w1r * bi + w1i * br) + d * ai;
      const q1r = c * (w0r * ar - w0i * ai) + d * br, q1i = c * (w0r * ai + w0i * ar) + d * bi;
      accR += xr * q0i - xi * q0r + yr * q1i - yi * q1r;
      psi[o] = m00r * ar - m00i * ai + m01r * br - m01i * bi;
      psi[o + 1] = m00r * ai + m00i * ar + m01r * bi + m01i * br;
      psi[p] = m10r * ar - m10i * ai + m00r * br - m00i * bi;
      psi[p + 1] = m10r * ai + m10i * ar + m00r * bi + m00i * br;
      lam[o] = m00r * xr - m00i * xi + m01r * yr - m01i * yi;
      lam[o + 1] = m00r * xi + m00i * xr + m01r * yi + m01i * yr;
      lam[p] = m10r * xr - m10i * xi + m00r * yr - m00i * yi;
      lam[p + 1] = m10r * xi + m10i * xr + m00r * yi + m00i * yr;
    }
  }
  grads[0] = 2 * accD;
  grads[1] = 2 * accR;
}
