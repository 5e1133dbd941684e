// Pauli strings and real-weighted sums of them: the algebra behind generator analysis (commutation,
// Heisenberg propagation, the dynamical Lie algebra) and shadow estimators.
//
// A Pauli string on up to 30 qubits is two bitmasks: qubit q carries X if bit q of `x` is set only, Z if
// bit q of `z` only, Y if both. The string is the Hermitian operator i^{|x∧z|}·X^x·Z^z (so Y = iXZ).
// Qubit q of a string is qubit q of the circuit (and bit q of the simulator's amplitude index).

import type { PauliFactor, PauliLetter } from "../ir/circuit.js";

export interface Pauli {
  readonly x: number;
  readonly z: number;
}

/** The most qubits a Pauli string may span (bitmasks are 32-bit JS integers; one bit stays free). */
export const MAX_PAULI_QUBITS = 30;

export const IDENTITY: Pauli = { x: 0, z: 0 };

export function popcount(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

export function pauliKey(p: Pauli): string {
  return `${p.x.toString(36)}.${p.z.toString(36)}`;
}

export function pauliFromKey(k: string): Pauli {
  const dot = k.indexOf(".");
  return { x: parseInt(k.slice(0, dot), 36), z: parseInt(k.slice(dot + 1), 36) };
}

/** Number of qubits on which the string is not the identity. */
export function weight(p: Pauli): number {
  return popcount((p.x | p.z) >>> 0);
}

export function support(p: Pauli): number {
  return (p.x | p.z) >>> 0;
}

export function commutes(a: Pauli, b: Pauli): boolean {
  return ((popcount((a.x & b.z) >>> 0) + popcount((a.z & b.x) >>> 0)) & 1) === 0;
}

/** Qubit-wise commuting: on every qubit the letters are equal or one is the identity (one basis measures both). */
export function qubitwiseCommutes(a: Pauli, b: Pauli): boolean {
  const both = (support(a) & support(b)) >>> 0;
  return ((a.x ^ b.x) & both) === 0 && ((a.z ^ b.z) & both) === 0;
}

/** a·b = i^phase · c, with phase ∈ {0, 1, 2, 3}. */
export function multiply(a: Pauli, b: Pauli): { phase: number; p: Pauli } {
  const x = (a.x ^ b.x) >>> 0;
  const z = (a.z ^ b.z) >>> 0;
  // X^x1 Z^z1 X^x2 Z^z2 = (−1)^{|z1∧x2|} X^x Z^z, and each string carries its own i^{|x∧z|}.
  const e = popcount((a.x & a.z) >>> 0) + popcount((b.x & b.z) >>> 0) + 2 * popcount((a.z & b.x) >>> 0) - popcount((x & z) >>> 0);
  return { phase: ((e % 4) + 4) % 4, p: { x, z } };
}

export function letterAt(p: Pauli, q: number): PauliLetter | "I" {
  const xb = (p.x >>> q) & 1, zb = (p.z >>> q) & 1;
  return xb ? (zb ? "Y" : "X") : zb ? "Z" : "I";
}

export function withLetter(p: Pauli, q: number, letter: PauliLetter | "I"): Pauli {
  const bit = 2 ** q;
  const clear = { x: (p.x & ~bit) >>> 0, z: (p.z & ~bit) >>> 0 };
  switch (letter) {
    case "I": return clear;
    case "X": return { x: (clear.x | bit) >>> 0, z: clear.z };
    case "Z": return { x: clear.x, z: (clear.z | bit) >>> 0 };
    case "Y": return { x: (clear.x | bit) >>> 0, z: (clear.z | bit) >>> 0 };
  }
}

export function fromFactors(factors: readonly PauliFactor[]): { phase: number; p: Pauli } {
  let acc: { phase: number; p: Pauli } = { phase: 0, p: IDENTITY };
  for (const f of factors) {
    const single = withLetter(IDENTITY, f.qubit, f.pauli);
    const m = multiply(acc.p, single);
    acc = { phase: (acc.phase + m.phase) % 4, p: m.p };
  }
  return acc;
}

export function toFactors(p: Pauli): PauliFactor[] {
  const out: PauliFactor[] = [];
  for (let s = support(p), q = 0; s !== 0; s >>>= 1, q++) {
    if (s & 1) out.push({ pauli: letterAt(p, q) as PauliLetter, qubit: q });
  }
  return out;
}

/** `X0 Z3`-style label; `I` for the identity. */
export function pauliLabel(p: Pauli): string {
  const f = toFactors(p);
  return f.length === 0 ? "I" : f.map((t) => `${t.pauli}${t.qubit}`).join(" ");
}

/** A real linear combination of Pauli strings (a Hermitian operator), keyed by `pauliKey`. */
export class PauliSum {
  readonly terms = new Map<string, { p: Pauli; c: number }>();

  static of(p: Pauli, c = 1): PauliSum {
    const s = new PauliSum();
    s.add(p, c);
    return s;
  }

  add(p: Pauli, c: number): void {
    if (c === 0) return;
    const k = pauliKey(p);
    const t = this.terms.get(k);
    if (t) {
      t.c += c;
      if (t.c === 0) this.terms.delete(k);
    } else this.terms.set(k, { p, c });
  }

  addSum(o: PauliSum, scale = 1): void {
    for (const t of o.terms.values()) this.add(t.p, scale * t.c);
  }

  get size(): number {
    return this.terms.size;
  }

  /** Drops terms with |c| ≤ tol (rounding leftovers of cancellations). */
  prune(tol: number): this {
    for (const [k, t] of this.terms) if (Math.abs(t.c) <= tol) this.terms.delete(k);
    return this;
  }

  /** Σ|c|: bounds the spread of a single-shot estimate built from ±1 outcomes. */
  l1(): number {
    let s = 0;
    for (const t of this.terms.values()) s += Math.abs(t.c);
    return s;
  }

  /** The same operator without its identity component. */
  withoutIdentity(): PauliSum {
    const s = new PauliSum();
    for (const t of this.terms.values()) if (t.p.x !== 0 || t.p.z !== 0) s.add(t.p, t.c);
    return s;
  }
}
