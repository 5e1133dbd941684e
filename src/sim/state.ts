// State vectors of the fast simulator and the memory guard.
//
// QUBIT CONVENTION (internal, little-endian): qubit q is bit q of a basis-state index, and amplitude i
// lives at data[2i] (real part) and data[2i + 1] (imaginary part) of ONE interleaved Float64Array of length
// 2^(n+1). This is the opposite of the reference simulator and of gate matrices (qubit 0 = most significant
// bit there); `toReferenceOrder` converts, `amplitude` reads one amplitude by circuit qubit values.

import { totalmem } from "node:os";
import type { PauliFactor } from "../ir/circuit.js";

/** The largest register the fast simulator accepts, whatever the memory limit. */
export const MAX_SIM_QUBITS = 29;

/** Bytes of one state vector of n qubits (16 bytes per complex amplitude). */
export function stateBytes(n: number): number {
  return 16 * 2 ** n;
}

/** The default memory limit: min(8 GiB, 60% of physical memory). */
export function defaultMaxMemoryBytes(): number {
  return Math.min(8 * 2 ** 30, Math.floor(0.6 * totalmem()));
}

/** The state (or the states a mode needs at once) would not fit: raised BEFORE anything is allocated. */
export class SimulationLimitError extends Error {
  readonly code = "E0804" as const;
  readonly neededBytes: number;
  readonly limitBytes: number;
  constructor(message: string, neededBytes: number, limitBytes: number) {
    super(message);
    this.name = "SimulationLimitError";
    this.neededBytes = neededBytes;
    this.limitBytes = limitBytes;
  }
}

export function formatBytes(b: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
  let i = 0;
  let v = b;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${Number.isInteger(v) ? v : v.toFixed(1)} ${units[i]}`;
}

/** Throws SimulationLimitError unless `count` states of n qubits fit in `limitBytes` (and n ≤ MAX_SIM_QUBITS). */
export function checkStateFits(n: number, limitBytes: number, count = 1, what = "the state vector"): void {
  if (!Number.isInteger(n) || n < 0) throw new Error(`invalid qubit count ${n}`);
  const needed = count * stateBytes(n);
  if (n > MAX_SIM_QUBITS) {
    throw new SimulationLimitError(
      `${n} qubits need a state vector of 2^${n} amplitudes (${formatBytes(stateBytes(n))}); ` +
      `the simulator holds at most ${MAX_SIM_QUBITS} qubits`,
      needed, limitBytes,
    );
  }
  if (needed > limitBytes) {
    throw new SimulationLimitError(
      `${what} of ${n} qubits needs ${formatBytes(needed)}` +
      (count > 1 ? ` (${count} states of ${formatBytes(stateBytes(n))})` : "") +
      `, more than the memory limit of ${formatBytes(limitBytes)}`,
      needed, limitBytes,
    );
  }
}

/** A state vector: `data` holds 2^n interleaved complex amplitudes (qubit q = bit q of the index). */
export interface SimState {
  readonly numQubits: number;
  readonly data: Float64Array;
}

/** |0…0⟩ (allocates; call `checkStateFits` first when n may be large). */
export function zeroState(n: number): SimState {
  const data = new Float64Array(2 * 2 ** n);
  data[0] = 1;
  return { numQubits: n, data };
}

export function cloneState(s: SimState): SimState {
  return { numQubits: s.numQubits, data: Float64Array.from(s.data) };
}

/** Σ |a_i|². */
export function norm2(data: Float64Array): number {
  let s = 0;
  for (let i = 0; i < data.length; i++) { const v = data[i]!; s += v * v; }
  return s;
}

/** The amplitude of the basis state with qubit q = bits[q] (bits[0] is qubit 0) as [re, im]. */
export function amplitude(s: SimState, bits: readonly (0 | 1 | boolean)[]): [number, number] {
  let idx = 0;
  for (let q = 0; q < s.numQubits; q++) if (bits[q]) idx += 2 ** q;
  return [s.data[2 * idx]!, s.data[2 * idx + 1]!];
}

/** The state in the reference simulator's layout: separate re/im arrays, qubit 0 = most significant bit. */
export function toReferenceOrder(s: SimState): { re: Float64Array; im: Float64Array } {
  const n = s.numQubits;
  const dim = 2 ** n;
  const re = new Float64Array(dim), im = new Float64Array(dim);
  for (let i = 0; i < dim; i++) {
    let j = 0;
    for (let q = 0; q < n; q++) if ((i >>> q) & 1) j |= 1 << (n - 1 - q);
    re[j] = s.data[2 * i]!;
    im[j] = s.data[2 * i + 1]!;
  }
  return { re, im };
}

/**
 * ⟨ψ|P|ψ⟩ for a Pauli product P = ⊗ factors (qubits distinct), on the state as given (not renormalised:
 * divide by `norm2(data)` for an unnormalised state). Real for Hermitian P.
 */
export function expectation(s: SimState | { numQubits: number; data: Float64Array }, factors: readonly PauliFactor[]): number {
  return pauliExpectation(s.data, s.numQubits, factors);
}

export function pauliExpectation(data: Float64Array, n: number, factors: readonly PauliFactor[]): number {
  let flip = 0, zmask = 0, ycount = 0;
  for (const f of factors) {
    if (!Number.isInteger(f.qubit) || f.qubit < 0 || f.qubit >= n) throw new Error(`expect: qubit ${f.qubit} out of range`);
    const b = 1 << f.qubit;
    if ((flip | zmask) & b) throw new Error(`expect: qubit ${f.qubit} appears twice in one Pauli product`);
    if (f.pauli === "X" || f.pauli === "Y") flip |= b;
    if (f.pauli === "Z" || f.pauli === "Y") zmask |= b;
    if (f.pauli === "Y") ycount++;
  }
  const dim = 2 ** n;
  if (flip === 0) {
    // diagonal: Σ (−1)^{popcount(i & zmask)} |a_i|²
    let s = 0;
    for (let i = 0; i < dim; i++) {
      const r = data[2 * i]!, m = data[2 * i + 1]!;
      const p = r * r + m * m;
      s += parity(i & zmask) ? -p : p;
    }
    return s;
  }
  // P|j⟩ = i^{ycount}·(−1)^{popcount(j & zmask)}·|j ⊕ flip⟩; sum over pairs (j, j ⊕ flip) once each (j has the
  // lowest flipped bit clear) and take Re: ⟨ψ|P|ψ⟩ = Σ_j conj(a_{j⊕flip})·ph·s_j·a_j.
  const ph = ycount % 4;
  const pr = ph === 0 ? 1 : ph === 2 ? -1 : 0, pi = ph === 1 ? 1 : ph === 3 ? -1 : 0;
  let s = 0;
  for (let j = 0; j < dim; j++) {
    const t = j ^ flip;
    const sign = parity(j & zmask) ? -1 : 1;
    const ar = data[2 * j]!, ai = data[2 * j + 1]!;
    const br = data[2 * t]!, bi = data[2 * t + 1]!;
    // Re(conj(b)·(pr + i·pi)·a)·sign
    const xr = pr * ar - pi * ai, xi = pr * ai + pi * ar;
    s += sign * (br * xr + bi * xi);
  }
  return s;
}

function parity(x: number): boolean {
  x ^= x >>> 16;
  x ^= x >>> 8;
  x ^= x >>> 4;
  x ^= x >>> 2;
  x ^= x >>> 1;
  return (x & 1) === 1;
}
