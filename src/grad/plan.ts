// Gradient plans: circuits to run anywhere (simulator, qsharp-lang, hardware) plus a JSON manifest that
// says how to turn their measured results into the gradient. The combiner (`combinePlan`) is the only
// code that reads results back, for every method.
//
// Circuits, result keys and the results format are those of every batch (src/batch/manifest.ts): each
// manifest circuit has its file, label, suggested shots and key layout. The circuits of a plan are the
// programs of the objective's readout batch (src/ir/readout.ts), shifted or measured as its method needs:
// an expectation output whose qubits later operations use is read from a prefix program of its own.
//
// ESTIMATORS
//   shift    ∂f/∂θ_p = Σ_t c_t·F(circuit_t) over the terms of p, where F is the circuit's part of the
//            objective (Σ w_k·⟨P_k⟩ over the expectation outputs in its layout, each ⟨P_k⟩ = mean of
//            (−1)^(xor of its bits); or P(emitted bits = targets)); the objective's value is the sum of F
//            over the `unshifted` circuits (one per program). For a log-likelihood (one program) the sum
//            is divided by F of the unshifted circuit.
//   grouped  ∂f/∂θ_p = Σ_t c_t·⟨Q_t⟩, ⟨Q_t⟩ = mean over circuit_t's shots of (−1)^(xor of the key bits of
//            Q_t's qubits): every circuit measures all qubits in one product basis that contains Q_t.
//   shadow   the same sum with ⟨Q_t⟩ from random-Pauli classical shadows: the bases (manifest `bases`, one
//            per circuit) are fixed data, so ⟨Q_t⟩ is the mean of (−1)^(…) over the shots whose basis agrees
//            with Q_t on its support (the plan makes sure every string has a few such bases), as the
//            median of means over ≤ `groups` round-robin groups of those bases.
//   ratio    ∂ log P = ∂P/P for a log-likelihood read by a shadow recipe: the numerator estimator gives ∂P,
//            P is the fraction of one circuit's shots that show the target bits; value log P.
//   parts    a sum of estimators, each over its own run of circuits (first, count; their circuit numbers
//            are relative to `first`): one per readout program of a shadow plan.

import {
  checkKey, checkResults, keyWidth, parityOf, plusMinusEstimate, ResultError, shotCount,
  type CircuitResult, type KeyField, type ManifestCircuit,
} from "../batch/manifest.js";
import type { Objective } from "./objective.js";

export type { CircuitResult, KeyField, ManifestCircuit } from "../batch/manifest.js";
/** Results that do not fit their plan. */
export { ResultError as PlanResultError } from "../batch/manifest.js";

export type PlanMethod = "param-shift" | "shadow-commuting" | "shadow-layers" | "shadow-general" | "shadow-mixed";

/** A Pauli string to estimate, as letters on key positions (qubit q is key position keyOf[q]). */
export interface KeyPauli {
  readonly positions: readonly number[];
  readonly letters: string;
}

export type Estimator =
  | {
    readonly kind: "shift";
    /** Per model output index (expectation objective); a circuit's F sums the outputs in its layout. */
    readonly weights?: readonly number[];
    readonly targets?: string;
    readonly terms: readonly { readonly param: number; readonly circuit: number; readonly coefficient: number }[];
    /** The unshifted circuit of each program: the objective's value is the sum of their F. */
    readonly unshifted: readonly number[];
    /** Divide by F(unshifted[0]) (log-likelihood). */
    readonly normalize: boolean;
  }
  | {
    readonly kind: "grouped";
    readonly terms: readonly { readonly param: number; readonly circuit: number; readonly coefficient: number; readonly pauli: KeyPauli }[];
  }
  | {
    readonly kind: "shadow";
    /** Per circuit: its measurement basis letters, by key position. */
    readonly bases: readonly string[];
    /** Median of means over at most this many groups of a string's bases. */
    readonly groups: number;
    readonly terms: readonly { readonly param: number; readonly coefficient: number; readonly pauli: KeyPauli }[];
  }
  | {
    /** ∂ log P = ∂P / P: the numerator estimates ∂P; P is the fraction of `value.circuit`'s shots whose
     * key bits at `positions` are `bits` (its value is log P). */
    readonly kind: "ratio";
    readonly numerator: Estimator;
    readonly value: { readonly circuit: number; readonly positions: readonly number[]; readonly bits: string };
  }
  | {
    readonly kind: "parts";
    readonly parts: readonly { readonly first: number; readonly count: number; readonly estimator: Estimator }[];
  };

export interface PlanManifest {
  readonly format: "qseq-gradient-plan";
  readonly version: 2;
  readonly method: PlanMethod;
  readonly model: string;
  readonly objective: Objective;
  readonly params: readonly { readonly name: string; readonly value: number }[];
  /** One per circuit: its file (when emitted), a description, the suggested shots, its key layout. */
  readonly circuits: readonly ManifestCircuit[];
  readonly estimator: Estimator;
  /** Why this method, and what it costs. */
  readonly report: PlanReport;
}

export interface PlanReport {
  readonly recipe: string;
  readonly reason: string;
  /** Target standard error per gradient component, and the total shots the plan suggests for it. */
  readonly targetError: number;
  readonly totalShots: number;
  readonly circuits: number;
  /** Readout programs the circuits are built on (1 unless expectations are taken on qubits used later). */
  readonly programs: number;
}

export interface CombinedGradient {
  readonly gradient: Float64Array;
  /** Standard error per component (from the shot statistics; 0 for exact values). */
  readonly stderr: Float64Array;
  readonly value?: number;
}

/** F (and its standard error) of one circuit under a shift estimator. */
function shiftValue(e: Estimator & { kind: "shift" }, layout: readonly KeyField[], r: CircuitResult, circuit: number): { mean: number; se: number } {
  if ("value" in r) return { mean: r.value, se: r.stderr ?? 0 };
  if ("expectations" in r) {
    if (!e.weights) throw new ResultError(`circuit ${circuit}: expectations given, but the objective is a log-likelihood (give counts or a probability value)`);
    const ex = layout.filter((f) => f.kind === "expect");
    if (r.expectations.length !== ex.length) throw new ResultError(`circuit ${circuit}: ${r.expectations.length} expectation(s) given, the circuit measures ${ex.length}`);
    let f = 0;
    ex.forEach((fld, i) => { f += (e.weights![fld.output] ?? 0) * r.expectations[i]!; });
    return { mean: f, se: 0 };
  }
  const width = keyWidth(layout);
  const n = shotCount(r.counts, circuit);
  let s1 = 0, s2 = 0;
  for (const [key, count] of Object.entries(r.counts)) {
    checkKey(key, width, circuit);
    let v = 0;
    let at = 0;
    if (e.targets !== undefined) {
      let emitted = "";
      for (const f of layout) {
        if (f.kind === "bits") emitted += key.slice(at, at + f.width);
        at += f.width;
      }
      v = emitted === e.targets ? 1 : 0;
    } else {
      for (const f of layout) {
        if (f.kind === "expect") {
          const pos = Array.from({ length: f.width }, (_, j) => at + j);
          v += (e.weights![f.output] ?? 0) * (parityOf(key, pos) ? -1 : 1);
        }
        at += f.width;
      }
    }
    s1 += count * v;
    s2 += count * v * v;
  }
  const mean = s1 / n;
  const variance = Math.max(0, s2 / n - mean * mean);
  return { mean, se: Math.sqrt(variance / Math.max(1, n - 1)) };
}

/** Turns per-circuit results into the gradient (and standard errors), for any plan. */
export function combinePlan(m: PlanManifest, results: readonly CircuitResult[]): CombinedGradient {
  checkResults(m.circuits, results);
  const P = m.params.length;
  const grad = new Float64Array(P);
  const varc = new Float64Array(P);
  const value = combineInto(m, m.estimator, results, 0, grad, varc);
  return { gradient: grad, stderr: varc.map(Math.sqrt), ...(value !== undefined ? { value } : {}) };
}

/** Adds one estimator's gradient (over circuits first, first + 1, …) into grad and its variance into varc. */
function combineInto(m: PlanManifest, e: Estimator, results: readonly CircuitResult[], first: number, grad: Float64Array, varc: Float64Array): number | undefined {
  const P = grad.length;
  if (e.kind === "parts") {
    for (const part of e.parts) combineInto(m, part.estimator, results, first + part.first, grad, varc);
    return undefined;
  }
  if (e.kind === "ratio") {
    const g = new Float64Array(P), v = new Float64Array(P);
    combineInto(m, e.numerator, results, first, g, v);
    const ci = first + e.value.circuit;
    const r = results[ci];
    if (!r || !("counts" in r)) throw new ResultError(`circuit ${ci}: the likelihood's circuit needs counts`);
    const n = shotCount(r.counts, ci);
    let hits = 0;
    for (const [key, count] of Object.entries(r.counts)) {
      checkKey(key, keyWidth(m.circuits[ci]!.layout), ci);
      if (e.value.positions.every((q, j) => key[q] === e.value.bits[j])) hits += count;
    }
    const p = hits / n;
    if (!(p > 0)) throw new ResultError("the likelihood's circuit never showed the target bits: the log-likelihood and its gradient are undefined (more shots?)");
    const varP = (p * (1 - p)) / Math.max(1, n - 1);
    for (let i = 0; i < P; i++) {
      grad[i] = grad[i]! + g[i]! / p;
      // delta method for a ratio of independent estimates
      varc[i] = varc[i]! + v[i]! / (p * p) + (g[i]! * g[i]! * varP) / p ** 4;
    }
    return Math.log(p);
  }
  if (e.kind === "shift") {
    const F = results.map((r, i) => (i < first ? { mean: 0, se: 0 } : shiftValue(e, m.circuits[i]!.layout, r, i)));
    const g = new Float64Array(P), v = new Float64Array(P);
    for (const t of e.terms) {
      const f = F[first + t.circuit]!;
      g[t.param] = g[t.param]! + t.coefficient * f.mean;
      v[t.param] = v[t.param]! + (t.coefficient * f.se) ** 2;
    }
    let value = e.unshifted.reduce((s, u) => s + F[first + u]!.mean, 0);
    if (e.normalize) {
      const p0 = F[first + e.unshifted[0]!]!;
      if (!(p0.mean > 0)) throw new ResultError("the unshifted circuit never produced the target outputs: the log-likelihood and its gradient are undefined (more shots?)");
      for (let i = 0; i < P; i++) {
        const gi = g[i]! / p0.mean;
        v[i] = (v[i]! + (gi * p0.se) ** 2) / (p0.mean * p0.mean);
        g[i] = gi;
      }
      value = Math.log(p0.mean);
    }
    for (let i = 0; i < P; i++) { grad[i] = grad[i]! + g[i]!; varc[i] = varc[i]! + v[i]!; }
    return value;
  }
  const countsOf = (ci: number) => {
    const r = results[first + ci];
    if (!r || !("counts" in r)) throw new ResultError(`circuit ${first + ci}: a ${m.method} plan needs counts (per-shot outcomes), not estimated values`);
    return r.counts;
  };
  if (e.kind === "grouped") {
    const cache = new Map<string, { mean: number; se: number }>();
    for (const t of e.terms) {
      const ck = `${t.circuit}:${t.pauli.positions.join(",")}`;
      let est = cache.get(ck);
      if (!est) {
        const counts = countsOf(t.circuit);
        const n = shotCount(counts, first + t.circuit);
        let s = 0;
        for (const [key, c] of Object.entries(counts)) s += c * (parityOf(key, t.pauli.positions) ? -1 : 1);
        est = plusMinusEstimate(s, n);
        cache.set(ck, est);
      }
      grad[t.param] = grad[t.param]! + t.coefficient * est.mean;
      varc[t.param] = varc[t.param]! + (t.coefficient * est.se) ** 2; // upper bound: terms share shots
    }
    return undefined;
  }
  // shadow: each string's expectation from the shots whose basis measured it (the bases are fixed data, so
  // rescaling by 3^w would only be unbiased on average over bases, not for these ones); median of means over
  // up to `groups` groups of those bases (round robin), for robustness against outlying bases
  const perString = new Map<string, { mean: number; se: number }>();
  for (const t of e.terms) {
    const key = `${t.pauli.positions.join(",")}:${t.pauli.letters}`;
    let est = perString.get(key);
    if (!est) {
      const perBasis: { sum: number; n: number }[] = [];
      e.bases.forEach((basis, ci) => {
        if (!t.pauli.positions.every((q, j) => basis[q] === t.pauli.letters[j])) return;
        let sum = 0, n = 0;
        for (const [k, c] of Object.entries(countsOf(ci))) { sum += c * (parityOf(k, t.pauli.positions) ? -1 : 1); n += c; }
        if (n > 0) perBasis.push({ sum, n });
      });
      const total = perBasis.reduce((a, b) => a + b.n, 0);
      if (total === 0) throw new ResultError(`no shot measured the Pauli string ${t.pauli.letters} on key positions ${t.pauli.positions.join(",")} (its bases got no counts)`);
      const K = Math.max(1, Math.min(e.groups, perBasis.length));
      const sums = new Float64Array(K), ns = new Float64Array(K);
      perBasis.forEach((b, i) => { sums[i % K] = sums[i % K]! + b.sum; ns[i % K] = ns[i % K]! + b.n; });
      const means = [...sums].map((v, g) => v / ns[g]!).sort((a, b) => a - b);
      const mid = K >> 1;
      const mean = K % 2 ? means[mid]! : (means[mid - 1]! + means[mid]!) / 2;
      const pooled = perBasis.reduce((a, b) => a + b.sum, 0) / total;
      // the median of K group means has ≈ 1.25× the standard error of the overall mean
      est = { mean, se: (K > 1 ? 1.25 : 1) * Math.sqrt(Math.max(0, 1 - pooled * pooled) / Math.max(1, total - 1)) };
      perString.set(key, est);
    }
    grad[t.param] = grad[t.param]! + t.coefficient * est.mean;
    varc[t.param] = varc[t.param]! + (t.coefficient * est.se) ** 2; // strings sharing shots: correlations ignored
  }
  return undefined;
}
