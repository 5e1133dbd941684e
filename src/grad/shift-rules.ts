// Parameter-shift rules from a generator's spectrum.
//
// For U(φ) = exp(−iφG) the objective is a trigonometric polynomial in φ whose frequencies are the positive
// differences of G's eigenvalues. A rule writes f′(φ) = Σ_j c_j·f(φ + s_j):
//   - one frequency Ω: the two-term rule, s = ±π/(2Ω), c = ±Ω/2 (Pauli rotations: ±π/2, ±½);
//   - frequencies ⊆ {Ω, 2Ω, …, RΩ}: the equidistant rule of Wierichs et al. (2022), 2R terms,
//       x_μ = (2μ − 1)π/(2R), s_μ = x_μ/Ω, c_μ = Ω·(−1)^{μ−1}/(4R·sin²(x_μ/2)), μ = 1 … 2R
//     (R = 2, Ω = ½ is the four-term rule of controlled rotations: shifts ±π/2, ±3π/2, coefficients
//     ±(√2 ± 1)/(4√2));
//   - otherwise: R symmetric pairs ±s_j and coefficients solving Σ_j c_j·2·sin(Ω_ℓ·s_j) = Ω_ℓ for each
//     frequency Ω_ℓ (so Σ_j c_j·(f(s_j) − f(−s_j)) = f′(0) for every trigonometric polynomial with them).

export interface ShiftRule {
  /** Which construction produced it (for plans and reports). */
  readonly kind: "none" | "two-term" | "equidistant" | "solved";
  readonly shifts: readonly number[];
  readonly coefficients: readonly number[];
}

/** Tolerance for equal eigenvalues and integer frequency ratios. */
const EPS = 1e-9;

/** The distinct positive differences of the eigenvalues, ascending. */
export function frequencies(eigenvalues: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < eigenvalues.length; i++) {
    for (let j = 0; j < eigenvalues.length; j++) {
      const d = eigenvalues[i]! - eigenvalues[j]!;
      if (d > EPS && !out.some((f) => Math.abs(f - d) <= EPS)) out.push(d);
    }
  }
  return out.sort((a, b) => a - b);
}

export function shiftRule(freqs: readonly number[]): ShiftRule {
  if (freqs.length === 0) return { kind: "none", shifts: [], coefficients: [] };
  const omega = freqs[0]!;
  if (freqs.length === 1) {
    const s = Math.PI / (2 * omega);
    return { kind: "two-term", shifts: [s, -s], coefficients: [omega / 2, -omega / 2] };
  }
  const ratios = freqs.map((f) => f / omega);
  if (ratios.every((r) => Math.abs(r - Math.round(r)) <= 1e-9 * Math.max(1, r))) {
    const R = Math.round(ratios[ratios.length - 1]!);
    const shifts: number[] = [];
    const coefficients: number[] = [];
    const period = (2 * Math.PI) / omega;
    for (let mu = 1; mu <= 2 * R; mu++) {
      const x = ((2 * mu - 1) * Math.PI) / (2 * R);
      let s = x / omega;
      if (s > period / 2) s -= period; // the same point of a 2π/Ω-periodic function, written small
      shifts.push(s);
      coefficients.push((omega * (mu % 2 === 1 ? 1 : -1)) / (4 * R * Math.sin(x / 2) ** 2));
    }
    return { kind: "equidistant", shifts, coefficients };
  }
  return solvedRule(freqs);
}

function solvedRule(freqs: readonly number[]): ShiftRule {
  const R = freqs.length;
  const maxF = freqs[R - 1]!;
  // Try a few shift grids; keep the best-conditioned system.
  let best: { c: number[]; s: number[]; cond: number } | undefined;
  for (const scale of [1, 0.9, 0.75, 0.6, 1.1]) {
    const s = Array.from({ length: R }, (_, j) => (scale * (2 * j + 1) * Math.PI) / (2 * R * maxF));
    const a = freqs.map((f) => s.map((sj) => 2 * Math.sin(f * sj)));
    const c = solve(a, [...freqs]);
    if (!c) continue;
    const cond = c.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    if (!best || cond < best.cond) best = { c, s, cond };
  }
  if (!best) throw new Error(`no parameter-shift rule found for the frequencies ${freqs.join(", ")}`);
  return {
    kind: "solved",
    shifts: best.s.flatMap((sj) => [sj, -sj]),
    coefficients: best.c.flatMap((cj) => [cj, -cj]),
  };
}

/** Gaussian elimination with partial pivoting; undefined for a (numerically) singular matrix. */
function solve(a: number[][], b: number[]): number[] | undefined {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col++) {
    let piv = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[piv]![col]!)) piv = r;
    if (Math.abs(m[piv]![col]!) < 1e-10) return undefined;
    [m[col], m[piv]] = [m[piv]!, m[col]!];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r]![col]! / m[col]![col]!;
      for (let k = col; k <= n; k++) m[r]![k] = m[r]![k]! - f * m[col]![k]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}
