// Gradient plans: circuits to run anywhere (simulator, qsharp-lang, hardware) plus a JSON manifest that
// says how to turn their measured results into the gradient. The combiner (`combinePlan`) is the only
// code that reads results back, for every method.
//
// RESULTS (one entry per circuit, in manifest order), each one of
//   { "counts": { "<key>": n, … } }   shots; a key is the values of the circuit's outputs in declaration
//                                     order, each output's bits element 0 first, concatenated ('0'/'1');
//                                     this is the OpenQASM program's `output` registers read in order
//   { "value": F, "stderr": s? }      an already-estimated circuit value F (see the manifest's `readout`)
//   { "expectations": [⟨P_k⟩, …] }    per expectation output of the model (param-shift, expectation objective)
//
// ESTIMATORS
//   shift    ∂f/∂θ_p = Σ_t c_t·F(circuit_t) over the terms of p, where F is the circuit's objective value
//            (Σ_k w_k·⟨P_k⟩, each ⟨P_k⟩ = mean of (−1)^(xor of its bits); or P(emitted bits = targets));
//            for a log-likelihood the sum is divided by F(circuit 0), the unshifted circuit.
//   grouped  ∂f/∂θ_p = Σ_t c_t·⟨Q_t⟩, ⟨Q_t⟩ = mean over circuit_t's shots of (−1)^(xor of the key bits of
//            Q_t's qubits): every circuit measures all qubits in one product basis that contains Q_t.
//   shadow   the same sum with ⟨Q_t⟩ from random-Pauli classical shadows: the bases (manifest `bases`, one
//            per circuit) are fixed data, so ⟨Q_t⟩ is the mean of (−1)^(…) over the shots whose basis agrees
//            with Q_t on its support (the plan makes sure every string has a few such bases), as the
//            median of means over ≤ `groups` round-robin groups of those bases.

import type { Objective } from "./objective.js";

export type PlanMethod = "param-shift" | "shadow-commuting" | "shadow-layers" | "shadow-general";

export interface KeyField {
  readonly output: number;
  readonly kind: "bits" | "expect";
  /** Number of bits of this output in a key. */
  readonly width: number;
}

/** A Pauli string to estimate, as letters on key positions (qubit q is key position keyOf[q]). */
export interface KeyPauli {
  readonly positions: readonly number[];
  readonly letters: string;
}

export type Estimator =
  | {
    readonly kind: "shift";
    /** How one circuit's F is read from its key (the model's own outputs, expectations measured). */
    readonly layout: readonly KeyField[];
    /** Per output index (expectation objective). */
    readonly weights?: readonly number[];
    readonly targets?: string;
    readonly terms: readonly { readonly param: number; readonly circuit: number; readonly coefficient: number }[];
    /** Divide by F(circuit 0) (log-likelihood). */
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
  };

export interface PlanManifest {
  readonly format: "qseq-gradient-plan";
  readonly version: 1;
  readonly method: PlanMethod;
  readonly model: string;
  readonly objective: Objective;
  readonly params: readonly { readonly name: string; readonly value: number }[];
  /** One per circuit: its file (when emitted), a description, and the suggested number of shots. */
  readonly circuits: readonly { readonly file: string; readonly label: string; readonly shots: number }[];
  readonly estimator: Estimator;
  /** Why this method, and what it costs. */
  readonly report: PlanReport;
  /** Objective value from the plan's results, when the plan can give it (param-shift: circuit 0). */
  readonly valueCircuit?: number;
}

export interface PlanReport {
  readonly recipe: string;
  readonly reason: string;
  /** Target standard error per gradient component, and the total shots the plan suggests for it. */
  readonly targetError: number;
  readonly totalShots: number;
  readonly circuits: number;
}

export type CircuitResult =
  | { readonly counts: Readonly<Record<string, number>> }
  | { readonly value: number; readonly stderr?: number }
  | { readonly expectations: readonly number[] };

export interface CombinedGradient {
  readonly gradient: Float64Array;
  /** Standard error per component (from the shot statistics; 0 for exact values). */
  readonly stderr: Float64Array;
  readonly value?: number;
}

export class PlanResultError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PlanResultError";
  }
}

function parityOf(key: string, positions: readonly number[]): number {
  let p = 0;
  for (const i of positions) if (key.charCodeAt(i) === 49) p ^= 1;
  return p;
}

function checkKey(key: string, width: number, circuit: number): void {
  if (key.length !== width || !/^[01]*$/.test(key)) {
    throw new PlanResultError(`circuit ${circuit}: the key '${key}' must be ${width} character(s) '0'/'1'`);
  }
}

function shots(counts: Readonly<Record<string, number>>, circuit: number): number {
  let n = 0;
  for (const [k, v] of Object.entries(counts)) {
    if (!Number.isInteger(v) || v < 0) throw new PlanResultError(`circuit ${circuit}: count of '${k}' is not a non-negative integer`);
    n += v;
  }
  if (n === 0) throw new PlanResultError(`circuit ${circuit}: no shots`);
  return n;
}

/** F (and its standard error) of one circuit under a shift estimator. */
function shiftValue(e: Estimator & { kind: "shift" }, r: CircuitResult, circuit: number): { mean: number; se: number } {
  if ("value" in r) return { mean: r.value, se: r.stderr ?? 0 };
  if ("expectations" in r) {
    if (!e.weights) throw new PlanResultError(`circuit ${circuit}: expectations given, but the objective is a log-likelihood (give counts or a probability value)`);
    const ex = e.layout.filter((f) => f.kind === "expect");
    if (r.expectations.length !== ex.length) throw new PlanResultError(`circuit ${circuit}: ${r.expectations.length} expectation(s) given, the model has ${ex.length}`);
    let f = 0;
    ex.forEach((fld, i) => { f += e.weights![fld.output]! * r.expectations[i]!; });
    return { mean: f, se: 0 };
  }
  const width = e.layout.reduce((s, f) => s + f.width, 0);
  const n = shots(r.counts, circuit);
  let s1 = 0, s2 = 0;
  for (const [key, count] of Object.entries(r.counts)) {
    checkKey(key, width, circuit);
    let v = 0;
    if (e.targets !== undefined) {
      let emitted = "";
      let at = 0;
      for (const f of e.layout) {
        if (f.kind === "bits") emitted += key.slice(at, at + f.width);
        at += f.width;
      }
      v = emitted === e.targets ? 1 : 0;
    } else {
      let at = 0;
      for (const f of e.layout) {
        if (f.kind === "expect") {
          const pos = Array.from({ length: f.width }, (_, j) => at + j);
          v += e.weights![f.output]! * (parityOf(key, pos) ? -1 : 1);
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
  if (results.length !== m.circuits.length) {
    throw new PlanResultError(`${results.length} result(s) for ${m.circuits.length} circuit(s) in the plan`);
  }
  const P = m.params.length;
  const grad = new Float64Array(P);
  const varc = new Float64Array(P);
  const e = m.estimator;
  if (e.kind === "shift") {
    const F = results.map((r, i) => shiftValue(e, r, i));
    for (const t of e.terms) {
      grad[t.param] = grad[t.param]! + t.coefficient * F[t.circuit]!.mean;
      varc[t.param] = varc[t.param]! + (t.coefficient * F[t.circuit]!.se) ** 2;
    }
    let value = F[0]!.mean;
    if (e.normalize) {
      const p0 = F[0]!;
      if (!(p0.mean > 0)) throw new PlanResultError("the unshifted circuit never produced the target outputs: the log-likelihood and its gradient are undefined (more shots?)");
      for (let i = 0; i < P; i++) {
        const g = grad[i]! / p0.mean;
        varc[i] = (varc[i]! + (g * p0.se) ** 2) / (p0.mean * p0.mean);
        grad[i] = g;
      }
      value = Math.log(p0.mean);
    }
    return { gradient: grad, stderr: varc.map(Math.sqrt), value };
  }
  const counts = results.map((r, i) => {
    if (!("counts" in r)) throw new PlanResultError(`circuit ${i}: a ${m.method} plan needs counts (per-shot outcomes), not estimated values`);
    return r.counts;
  });
  if (e.kind === "grouped") {
    const cache = new Map<string, { mean: number; se: number }>();
    for (const t of e.terms) {
      const ck = `${t.circuit}:${t.pauli.positions.join(",")}`;
      let est = cache.get(ck);
      if (!est) {
        const n = shots(counts[t.circuit]!, t.circuit);
        let s = 0;
        for (const [key, c] of Object.entries(counts[t.circuit]!)) s += c * (parityOf(key, t.pauli.positions) ? -1 : 1);
        const mean = s / n;
        est = { mean, se: Math.sqrt(Math.max(0, 1 - mean * mean) / Math.max(1, n - 1)) };
        cache.set(ck, est);
      }
      grad[t.param] = grad[t.param]! + t.coefficient * est.mean;
      varc[t.param] = varc[t.param]! + (t.coefficient * est.se) ** 2; // upper bound: terms share shots
    }
    return { gradient: grad, stderr: varc.map(Math.sqrt) };
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
      counts.forEach((cs, ci) => {
        const basis = e.bases[ci]!;
        if (!t.pauli.positions.every((q, j) => basis[q] === t.pauli.letters[j])) return;
        let sum = 0, n = 0;
        for (const [k, c] of Object.entries(cs)) { sum += c * (parityOf(k, t.pauli.positions) ? -1 : 1); n += c; }
        if (n > 0) perBasis.push({ sum, n });
      });
      const total = perBasis.reduce((a, b) => a + b.n, 0);
      if (total === 0) throw new PlanResultError(`no shot measured the Pauli string ${t.pauli.letters} on key positions ${t.pauli.positions.join(",")} (its bases got no counts)`);
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
  return { gradient: grad, stderr: varc.map(Math.sqrt) };
}
