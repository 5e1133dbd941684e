// Pauli-string Lie algebra for the trainability report: sets of Pauli strings, their Lie closure (the
// dynamical Lie algebra of a set of Pauli generators) and Clifford frames (how fixed Clifford gates
// conjugate the generators that follow them).
//
// Phases are irrelevant here: a Pauli string stands for the real line it spans, so every map below
// works on the x/z masks and drops signs and factors of i.

import type { Pauli } from "../grad/pauli.js";

/** The most elements a closure (or an orbit) is grown to before it stops and reports `capped`. */
export const DEFAULT_CAP = 4096;

/** A set of Pauli strings (phases ignored), in insertion order. */
export class PauliSet {
  private readonly flat = new Set<number>();
  private readonly nested = new Map<number, Set<number>>();
  private readonly list: Pauli[] = [];

  constructor(items: Iterable<Pauli> = []) {
    for (const p of items) this.add(p);
  }

  get size(): number {
    return this.list.length;
  }

  has(p: Pauli): boolean {
    // Masks below 2^26 pack exactly into one double; wider ones (up to the 30-qubit limit) nest.
    if (p.x < 0x4000000 && p.z < 0x4000000) return this.flat.has(p.x * 0x4000000 + p.z);
    return this.nested.get(p.x)?.has(p.z) ?? false;
  }

  /** Adds p; false if it was already there. */
  add(p: Pauli): boolean {
    if (this.has(p)) return false;
    if (p.x < 0x4000000 && p.z < 0x4000000) this.flat.add(p.x * 0x4000000 + p.z);
    else {
      let s = this.nested.get(p.x);
      if (!s) this.nested.set(p.x, (s = new Set()));
      s.add(p.z);
    }
    this.list.push(p);
    return true;
  }

  at(i: number): Pauli {
    return this.list[i]!;
  }

  values(): readonly Pauli[] {
    return this.list;
  }
}

export interface LieClosure {
  /** Number of Pauli strings spanning the algebra (its real dimension); `cap` when capped. */
  readonly dimension: number;
  /** The closure was stopped at the cap: the true dimension is at least `dimension`. */
  readonly capped: boolean;
  /** Every pair of generators commutes (the algebra is their span). */
  readonly abelian: boolean;
  readonly elements: readonly Pauli[];
}

const isIdentity = (p: Pauli): boolean => p.x === 0 && p.z === 0;

/** Parity of the set bits of a 32-bit value. */
function parity(v: number): number {
  v ^= v >>> 16;
  v ^= v >>> 8;
  v ^= v >>> 4;
  return (0x6996 >>> (v & 0xf)) & 1;
}

/** Qubits spanned by the strings' supports (highest set bit + 1). */
function spanQubits(ps: readonly Pauli[]): number {
  let m = 0;
  for (const p of ps) m = (m | p.x | p.z) >>> 0;
  return m === 0 ? 0 : 32 - Math.clz32(m);
}

/** Membership bitmaps for closures on up to this many qubits (4^11 bytes = 4 MiB); wider ones use a PauliSet. */
const BITMAP_QUBITS = 11;

/**
 * The Lie closure of span{i·P : P ∈ generators}: the smallest set of Pauli strings that contains the
 * generators and, with any two anticommuting strings A and B, their product (as [A, B] = 2AB for
 * anticommuting strings and 0 for commuting ones, the span of such a set is closed under commutators).
 * The identity is dropped (it commutes with everything). Grows at most to `cap` elements.
 */
export function lieClosure(generators: Iterable<Pauli>, cap = DEFAULT_CAP): LieClosure {
  const set = new PauliSet();
  let capped = false;
  for (const g of generators) {
    if (isIdentity(g)) continue;
    if (set.size >= cap && !set.has(g)) { capped = true; break; }
    set.add(g);
  }
  const gens = set.size;
  const xs = new Int32Array(Math.max(cap, gens)), zs = new Int32Array(Math.max(cap, gens));
  for (let i = 0; i < gens; i++) { xs[i] = set.at(i).x; zs[i] = set.at(i).z; }
  let abelian = true;
  for (let i = 1; i < gens && abelian; i++) {
    for (let j = 0; j < i; j++) if (parity((xs[i]! & zs[j]!) ^ (zs[i]! & xs[j]!))) { abelian = false; break; }
  }
  if (abelian || capped) return { dimension: gens, capped, abelian, elements: set.values() };

  const nq = spanQubits(set.values());
  const r = nq <= BITMAP_QUBITS ? growWithBitmap(xs, zs, gens, cap, nq) : growWithSet(xs, zs, gens, cap, set);
  const elements: Pauli[] = [];
  for (let i = 0; i < r.size; i++) elements.push({ x: xs[i]! >>> 0, z: zs[i]! >>> 0 });
  return { dimension: r.size, capped: r.capped, abelian, elements };
}

// The closure loop: pairs (i, j < i) in insertion order, so that every element meets every earlier one
// once, new ones included. Two copies (membership by bitmap or by set) keep each loop monomorphic.

function growWithBitmap(xs: Int32Array, zs: Int32Array, size: number, cap: number, nq: number): { size: number; capped: boolean } {
  const shift = 1 << nq;
  const seen = new Uint8Array(1 << (2 * nq));
  for (let i = 0; i < size; i++) seen[xs[i]! * shift + zs[i]!] = 1;
  for (let i = 1; i < size; i++) {
    const ax = xs[i]!, az = zs[i]!;
    for (let j = 0; j < i; j++) {
      const bx = xs[j]!, bz = zs[j]!;
      if (!parity((ax & bz) ^ (az & bx))) continue;
      const cx = ax ^ bx, cz = az ^ bz;
      const k = cx * shift + cz;
      if (seen[k]) continue;
      if (size >= cap) return { size, capped: true };
      seen[k] = 1;
      xs[size] = cx; zs[size] = cz; size++;
    }
  }
  return { size, capped: false };
}

function growWithSet(xs: Int32Array, zs: Int32Array, size: number, cap: number, set: PauliSet): { size: number; capped: boolean } {
  for (let i = 1; i < size; i++) {
    const ax = xs[i]!, az = zs[i]!;
    for (let j = 0; j < i; j++) {
      const bx = xs[j]!, bz = zs[j]!;
      if (!parity((ax & bz) ^ (az & bx))) continue;
      const c = { x: (ax ^ bx) >>> 0, z: (az ^ bz) >>> 0 };
      if (set.has(c)) continue;
      if (size >= cap) return { size, capped: true };
      set.add(c);
      xs[size] = c.x; zs[size] = c.z; size++;
    }
  }
  return { size, capped: false };
}

/**
 * A Clifford frame W: the map P ↦ W†·P·W on Pauli strings (signs dropped), stored as the images of
 * X_q and Z_q for every qubit (the image of a product is the product of the images).
 */
export class CliffordFrame {
  private constructor(private readonly imgX: Pauli[], private readonly imgZ: Pauli[]) {}

  static identity(numQubits: number): CliffordFrame {
    return new CliffordFrame(
      Array.from({ length: numQubits }, (_, q) => ({ x: 2 ** q, z: 0 })),
      Array.from({ length: numQubits }, (_, q) => ({ x: 0, z: 2 ** q })),
    );
  }

  get numQubits(): number {
    return this.imgX.length;
  }

  /** W†·P·W (up to a phase). */
  image(p: Pauli): Pauli {
    let x = 0, z = 0;
    for (let s = (p.x | p.z) >>> 0, q = 0; s !== 0; s >>>= 1, q++) {
      if (!(s & 1)) continue;
      if ((p.x >>> q) & 1) { const i = this.imgX[q]!; x ^= i.x; z ^= i.z; }
      if ((p.z >>> q) & 1) { const i = this.imgZ[q]!; x ^= i.x; z ^= i.z; }
    }
    return { x: x >>> 0, z: z >>> 0 };
  }

  /**
   * W ← C·W for a Clifford gate C on `qubits`, given C†·X_j·C and C†·Z_j·C for each of its operands j as
   * Pauli strings over operand indices (bit j = operand j).
   */
  append(qubits: readonly number[], local: LocalClifford): void {
    const toGlobal = (p: Pauli): Pauli => {
      let x = 0, z = 0;
      qubits.forEach((q, j) => {
        if ((p.x >>> j) & 1) x |= 2 ** q;
        if ((p.z >>> j) & 1) z |= 2 ** q;
      });
      return { x: x >>> 0, z: z >>> 0 };
    };
    const nx = qubits.map((_, j) => this.image(toGlobal(local.x[j]!)));
    const nz = qubits.map((_, j) => this.image(toGlobal(local.z[j]!)));
    qubits.forEach((q, j) => { this.imgX[q] = nx[j]!; this.imgZ[q] = nz[j]!; });
  }

  isIdentity(): boolean {
    return this.imgX.every((p, q) => p.x === 2 ** q && p.z === 0) && this.imgZ.every((p, q) => p.x === 0 && p.z === 2 ** q);
  }

  key(): string {
    return [...this.imgX, ...this.imgZ].map((p) => `${p.x}.${p.z}`).join(",");
  }
}

/** A Clifford gate's action on its own operands: C†·X_j·C and C†·Z_j·C (bit j = operand j). */
export interface LocalClifford {
  readonly x: readonly Pauli[];
  readonly z: readonly Pauli[];
}

/**
 * The orbit of a set of Pauli strings under a set of frames: the smallest set containing `seeds` and
 * closed under every frame's map. Stops at `cap` elements.
 */
export function frameOrbit(seeds: Iterable<Pauli>, frames: readonly CliffordFrame[], cap = DEFAULT_CAP): { set: PauliSet; capped: boolean } {
  const set = new PauliSet();
  for (const p of seeds) {
    if (isIdentity(p)) continue;
    if (set.size >= cap && !set.has(p)) return { set, capped: true };
    set.add(p);
  }
  for (let i = 0; i < set.size; i++) {
    for (const f of frames) {
      const q = f.image(set.at(i));
      if (set.has(q)) continue;
      if (set.size >= cap) return { set, capped: true };
      set.add(q);
    }
  }
  return { set, capped: false };
}
