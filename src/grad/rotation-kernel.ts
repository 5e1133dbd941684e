// State-vector kernels of the adjoint method, on the fast simulator's layout (src/sim/state.ts:
// interleaved re/im, qubit q = bit q of the amplitude index).
//
// A trainable occurrence is U(φ) = exp(−iφG), G = Π_controls ⊗ (c·P + d·I) (src/grad/generators.ts).
// On the controlled subspace U = e^{−iφd}·(cos(φc)·I − i·sin(φc)·P); elsewhere it is the identity.
// A Pauli string with flip mask x, phase mask z and ny Y letters maps |j⟩ to i^{ny}·(−1)^{|j∧z|}·|j ⊕ x⟩.

import type { PauliFactor } from "../ir/circuit.js";
import type { Rotation } from "./generators.js";

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
  const ny = popcount32(r.pauli.x & r.pauli.z) & 3;
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
  const ny = popcount32(x & z) & 3;
  return { x, z, wr: ny === 0 ? 1 : ny === 2 ? -1 : 0, wi: ny === 1 ? 1 : ny === 3 ? -1 : 0 };
}

function popcount32(v: number): number {
  let c = 0;
  for (; v !== 0; v &= v - 1) c++;
  return c;
}

function parity(v: number): number {
  v ^= v >>> 16; v ^= v >>> 8; v ^= v >>> 4; v ^= v >>> 2; v ^= v >>> 1;
  return v & 1;
}

/** s ← exp(−iφG)·s. */
export function applyRotation(s: Float64Array, n: number, k: RotationKernel, phi: number): void {
  rotate(s, n, k, phi, null);
}

/**
 * One backward step of the adjoint sweep at a trainable occurrence. With ψ the state and λ the costate
 * just AFTER the gate, returns ∂f/∂φ = 2·Im⟨λ|G|ψ⟩ (G commutes with U, so the derivative can be read off
 * after the gate), then un-applies the gate on both: ψ ← U†ψ, λ ← U†λ. One pass over both vectors.
 */
export function rotationAdjointStep(psi: Float64Array, lam: Float64Array, n: number, k: RotationKernel, phi: number): number {
  return 2 * rotate(psi, n, k, -phi, lam);
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
