// Small dense complex matrices: what the gate catalogue and the reference simulator need, written for
// clarity rather than speed (gate matrices are at most 8×8; whole-circuit unitaries are for tests).
//
// Storage is row-major in two parallel Float64Arrays: entry (r, c) is `re[r * dim + c] + i·im[r * dim + c]`.

export interface CMatrix {
  readonly dim: number;
  readonly re: Float64Array;
  readonly im: Float64Array;
}

/** A complex number as a `[re, im]` pair (only used to build matrices by hand). */
export type Complex = readonly [number, number];

export const cexpi = (phi: number): Complex => [Math.cos(phi), Math.sin(phi)];
export const cmulc = (a: Complex, b: Complex): Complex => [a[0] * b[0] - a[1] * b[1], a[0] * b[1] + a[1] * b[0]];

export function cmZeros(dim: number): CMatrix {
  return { dim, re: new Float64Array(dim * dim), im: new Float64Array(dim * dim) };
}

export function cmIdentity(dim: number): CMatrix {
  const m = cmZeros(dim);
  for (let i = 0; i < dim; i++) m.re[i * dim + i] = 1;
  return m;
}

/** Builds a matrix from rows of complex entries (`number` entries are real). */
export function cmFromRows(rows: readonly (readonly (Complex | number)[])[]): CMatrix {
  const dim = rows.length;
  const m = cmZeros(dim);
  rows.forEach((row, r) => {
    if (row.length !== dim) throw new Error(`cmFromRows: row ${r} has ${row.length} entries, expected ${dim}`);
    row.forEach((e, c) => {
      if (typeof e === "number") m.re[r * dim + c] = e;
      else { m.re[r * dim + c] = e[0]; m.im[r * dim + c] = e[1]; }
    });
  });
  return m;
}

export function cmDiag(entries: readonly Complex[]): CMatrix {
  const dim = entries.length;
  const m = cmZeros(dim);
  entries.forEach((e, i) => { m.re[i * dim + i] = e[0]; m.im[i * dim + i] = e[1]; });
  return m;
}

export function cmGet(m: CMatrix, r: number, c: number): Complex {
  return [m.re[r * m.dim + c]!, m.im[r * m.dim + c]!];
}

export function cmMul(a: CMatrix, b: CMatrix): CMatrix {
  if (a.dim !== b.dim) throw new Error(`cmMul: dimension mismatch ${a.dim} vs ${b.dim}`);
  const n = a.dim;
  const m = cmZeros(n);
  for (let r = 0; r < n; r++) {
    for (let k = 0; k < n; k++) {
      const ar = a.re[r * n + k]!, ai = a.im[r * n + k]!;
      if (ar === 0 && ai === 0) continue;
      for (let c = 0; c < n; c++) {
        const br = b.re[k * n + c]!, bi = b.im[k * n + c]!;
        m.re[r * n + c]! += ar * br - ai * bi;
        m.im[r * n + c]! += ar * bi + ai * br;
      }
    }
  }
  return m;
}

/** Product of a list of matrices in operator order: `cmProduct([A, B, C]) = A·B·C`. */
export function cmProduct(ms: readonly CMatrix[], dim: number): CMatrix {
  return ms.reduce((acc, m) => cmMul(acc, m), cmIdentity(dim));
}

export function cmAdjoint(a: CMatrix): CMatrix {
  const n = a.dim;
  const m = cmZeros(n);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      m.re[c * n + r] = a.re[r * n + c]!;
      m.im[c * n + r] = -a.im[r * n + c]!;
    }
  }
  return m;
}

/** Kronecker product; `a` acts on the more significant index bits. */
export function cmKron(a: CMatrix, b: CMatrix): CMatrix {
  const n = a.dim * b.dim;
  const m = cmZeros(n);
  for (let ar = 0; ar < a.dim; ar++) for (let ac = 0; ac < a.dim; ac++) {
    const xr = a.re[ar * a.dim + ac]!, xi = a.im[ar * a.dim + ac]!;
    if (xr === 0 && xi === 0) continue;
    for (let br = 0; br < b.dim; br++) for (let bc = 0; bc < b.dim; bc++) {
      const yr = b.re[br * b.dim + bc]!, yi = b.im[br * b.dim + bc]!;
      const r = ar * b.dim + br, c = ac * b.dim + bc;
      m.re[r * n + c] = xr * yr - xi * yi;
      m.im[r * n + c] = xr * yi + xi * yr;
    }
  }
  return m;
}

export function cmScale(a: CMatrix, s: Complex): CMatrix {
  const m = cmZeros(a.dim);
  for (let i = 0; i < a.re.length; i++) {
    m.re[i] = a.re[i]! * s[0] - a.im[i]! * s[1];
    m.im[i] = a.re[i]! * s[1] + a.im[i]! * s[0];
  }
  return m;
}

export function cmAdd(a: CMatrix, b: CMatrix): CMatrix {
  const m = cmZeros(a.dim);
  for (let i = 0; i < a.re.length; i++) { m.re[i] = a.re[i]! + b.re[i]!; m.im[i] = a.im[i]! + b.im[i]!; }
  return m;
}

/**
 * `ctrl @ … @ u` as one matrix: one control per entry of `negative` (true = `negctrl`), the first entry being
 * the most significant index bit; `u` acts on the least significant bits. The block selected by the
 * control pattern (all ones, with zeros for negative controls) is `u`; every other block is the identity.
 */
export function cmControlled(u: CMatrix, negative: readonly boolean[]): CMatrix {
  const k = negative.length;
  const n = u.dim << k;
  const m = cmIdentity(n);
  let sel = 0;
  for (let i = 0; i < k; i++) if (!negative[i]) sel |= 1 << (k - 1 - i);
  const off = sel * u.dim;
  for (let r = 0; r < u.dim; r++) for (let c = 0; c < u.dim; c++) {
    m.re[(off + r) * n + off + c] = u.re[r * u.dim + c]!;
    m.im[(off + r) * n + off + c] = u.im[r * u.dim + c]!;
  }
  return m;
}

export function cmMaxAbsDiff(a: CMatrix, b: CMatrix): number {
  if (a.dim !== b.dim) return Infinity;
  let d = 0;
  for (let i = 0; i < a.re.length; i++) d = Math.max(d, Math.hypot(a.re[i]! - b.re[i]!, a.im[i]! - b.im[i]!));
  return d;
}

export function cmApproxEqual(a: CMatrix, b: CMatrix, tol = 1e-12): boolean {
  return cmMaxAbsDiff(a, b) <= tol;
}

/** max |a − e^{iφ}·b| with the phase φ chosen from the largest entry of b (0 when b is zero). */
export function cmDistanceUpToPhase(a: CMatrix, b: CMatrix): number {
  if (a.dim !== b.dim) return Infinity;
  let best = -1, bestAbs = 0;
  for (let i = 0; i < b.re.length; i++) {
    const v = Math.hypot(b.re[i]!, b.im[i]!);
    if (v > bestAbs) { bestAbs = v; best = i; }
  }
  if (best < 0) return cmMaxAbsDiff(a, b);
  // phase = a_i / b_i normalised
  const ar = a.re[best]!, ai = a.im[best]!, br = b.re[best]!, bi = b.im[best]!;
  const qr = ar * br + ai * bi, qi = ai * br - ar * bi;
  const q = Math.hypot(qr, qi);
  const ph: Complex = q === 0 ? [1, 0] : [qr / q, qi / q];
  return cmMaxAbsDiff(a, cmScale(b, ph));
}

export function cmIsUnitary(a: CMatrix, tol = 1e-12): boolean {
  return cmApproxEqual(cmMul(cmAdjoint(a), a), cmIdentity(a.dim), tol);
}

export function cmIsDiagonal(a: CMatrix, tol = 0): boolean {
  for (let r = 0; r < a.dim; r++) for (let c = 0; c < a.dim; c++) {
    if (r !== c && Math.hypot(a.re[r * a.dim + c]!, a.im[r * a.dim + c]!) > tol) return false;
  }
  return true;
}

/** Integer matrix power by repeated squaring; negative exponents use the adjoint (unitary input). */
export function cmIntPow(a: CMatrix, k: number): CMatrix {
  if (!Number.isInteger(k)) throw new Error(`cmIntPow: exponent ${k} is not an integer`);
  let base = k < 0 ? cmAdjoint(a) : a;
  let e = Math.abs(k);
  let acc = cmIdentity(a.dim);
  while (e > 0) {
    if (e & 1) acc = cmMul(acc, base);
    e = Math.floor(e / 2);
    if (e > 0) base = cmMul(base, base);
  }
  return acc;
}

/**
 * Eigen-decomposition of a Hermitian matrix by cyclic complex Jacobi rotations:
 * returns `values` and a unitary `vectors` with `a = V·diag(values)·V†` (columns of V are eigenvectors).
 */
export function hermitianEigen(a: CMatrix): { values: Float64Array; vectors: CMatrix } {
  const n = a.dim;
  const re = Float64Array.from(a.re), im = Float64Array.from(a.im);
  const v = cmIdentity(n);
  const vre = v.re, vim = v.im;
  let scale = 0;
  for (let i = 0; i < re.length; i++) scale = Math.max(scale, Math.hypot(re[i]!, im[i]!));
  const eps = 1e-30 + 1e-17 * scale;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off = Math.max(off, Math.hypot(re[p * n + q]!, im[p * n + q]!));
    if (off <= eps) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const xr = re[p * n + q]!, xi = im[p * n + q]!;
        const r = Math.hypot(xr, xi);
        if (r <= eps) continue;
        const app = re[p * n + p]!, aqq = re[q * n + q]!;
        const theta = 0.5 * Math.atan2(2 * r, app - aqq);
        const c = Math.cos(theta), s = Math.sin(theta);
        // a_pq = r·e^{iφ}; G = identity except G_pp = c, G_pq = −s, G_qp = s·e^{−iφ}, G_qq = c·e^{−iφ}.
        const er = xr / r, ei = -xi / r; // e^{−iφ}
        // A ← A·G (columns p, q)
        for (let k = 0; k < n; k++) {
          const pr = re[k * n + p]!, pi = im[k * n + p]!, qr = re[k * n + q]!, qi = im[k * n + q]!;
          const qer = qr * er - qi * ei, qei = qr * ei + qi * er; // a_kq·e^{−iφ}
          re[k * n + p] = c * pr + s * qer; im[k * n + p] = c * pi + s * qei;
          re[k * n + q] = -s * pr + c * qer; im[k * n + q] = -s * pi + c * qei;
        }
        // A ← G†·A (rows p, q): row_p = c·row_p + s·e^{iφ}·row_q; row_q = −s·row_p + c·e^{iφ}·row_q
        for (let k = 0; k < n; k++) {
          const pr = re[p * n + k]!, pi = im[p * n + k]!, qr = re[q * n + k]!, qi = im[q * n + k]!;
          const qer = qr * er + qi * ei, qei = qi * er - qr * ei; // a_qk·e^{iφ}
          re[p * n + k] = c * pr + s * qer; im[p * n + k] = c * pi + s * qei;
          re[q * n + k] = -s * pr + c * qer; im[q * n + k] = -s * pi + c * qei;
        }
        // V ← V·G
        for (let k = 0; k < n; k++) {
          const pr = vre[k * n + p]!, pi = vim[k * n + p]!, qr = vre[k * n + q]!, qi = vim[k * n + q]!;
          const qer = qr * er - qi * ei, qei = qr * ei + qi * er;
          vre[k * n + p] = c * pr + s * qer; vim[k * n + p] = c * pi + s * qei;
          vre[k * n + q] = -s * pr + c * qer; vim[k * n + q] = -s * pi + c * qei;
        }
        im[p * n + p] = 0; im[q * n + q] = 0;
      }
    }
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = re[i * n + i]!;
  return { values, vectors: v };
}

/** Eigenphases within this distance of −π are taken as +π (the principal branch's closed end). */
export const BRANCH_CUT_SNAP = 1e-9;

/** The principal argument in (−π, π], with values within `BRANCH_CUT_SNAP` of −π mapped to π. */
export function principalArg(re: number, im: number): number {
  const a = Math.atan2(im, re);
  return a <= -Math.PI + BRANCH_CUT_SNAP ? Math.PI : a;
}

/**
 * Spectral decomposition of a unitary: `u = V·diag(e^{i·phases})·V†` with phases in (−π, π].
 * The eigenvectors come from a generic real combination of the commuting Hermitian parts
 * (u + u†)/2 and (u − u†)/2i; the result is checked and other combinations are tried when two eigenvalues
 * of u happen to collide in the combination.
 */
export function unitaryEigen(u: CMatrix): { phases: Float64Array; vectors: CMatrix } {
  const n = u.dim;
  const ud = cmAdjoint(u);
  for (const kappa of [0.6180339887498949, 1.7320508075688772, -0.41421356237309503, 2.718281828459045]) {
    const h = cmZeros(n);
    for (let i = 0; i < n * n; i++) {
      const hr = (u.re[i]! + ud.re[i]!) / 2, hi = (u.im[i]! + ud.im[i]!) / 2; // (u+u†)/2
      const kr = (u.im[i]! - ud.im[i]!) / 2, ki = -(u.re[i]! - ud.re[i]!) / 2; // (u−u†)/2i
      h.re[i] = hr + kappa * kr;
      h.im[i] = hi + kappa * ki;
    }
    const { vectors } = hermitianEigen(h);
    const d = cmMul(cmMul(cmAdjoint(vectors), u), vectors);
    if (!cmIsDiagonal(d, 1e-10)) continue;
    const phases = new Float64Array(n);
    for (let i = 0; i < n; i++) phases[i] = principalArg(d.re[i * n + i]!, d.im[i * n + i]!);
    return { phases, vectors };
  }
  throw new Error("unitaryEigen: could not diagonalise the matrix (is it unitary?)");
}

/**
 * Principal matrix power of a unitary, `u^t = exp(t·Log u)` with the eigenvalue phases of u taken in
 * (−π, π] — the OpenQASM 3 meaning of `pow(t) @ u`. Integer t uses exact repeated multiplication.
 */
export function cmPow(u: CMatrix, t: number): CMatrix {
  if (Number.isInteger(t)) return cmIntPow(u, t);
  if (cmIsDiagonal(u)) {
    const m = cmZeros(u.dim);
    for (let i = 0; i < u.dim; i++) {
      const j = i * u.dim + i;
      const phi = principalArg(u.re[j]!, u.im[j]!) * t;
      const r = Math.pow(Math.hypot(u.re[j]!, u.im[j]!), t);
      m.re[j] = r * Math.cos(phi); m.im[j] = r * Math.sin(phi);
    }
    return m;
  }
  const { phases, vectors } = unitaryEigen(u);
  const d = cmDiag(Array.from(phases, (p) => cexpi(p * t)));
  return cmMul(cmMul(vectors, d), cmAdjoint(vectors));
}

/**
 * A 2×2 unitary as `e^{iα}·Rz(β)·Ry(γ)·Rz(δ)` (numerically; the inverse of `zyzMatrix`).
 */
export function numericZyz(m: CMatrix): { alpha: number; beta: number; gamma: number; delta: number } {
  if (m.dim !== 2) throw new Error("numericZyz: expected a 2×2 matrix");
  const [a, b, c, d] = [cmGet(m, 0, 0), cmGet(m, 0, 1), cmGet(m, 1, 0), cmGet(m, 1, 1)];
  const det = [a[0] * d[0] - a[1] * d[1] - (b[0] * c[0] - b[1] * c[1]), a[0] * d[1] + a[1] * d[0] - (b[0] * c[1] + b[1] * c[0])] as const;
  const alpha = Math.atan2(det[1], det[0]) / 2;
  // V = e^{−iα}·m ∈ SU(2): V = [[e^{−i(β+δ)/2}cos(γ/2), −e^{−i(β−δ)/2}sin(γ/2)], [e^{i(β−δ)/2}sin(γ/2), …]]
  const ph = cexpi(-alpha);
  const v00 = cmulc(ph, a), v10 = cmulc(ph, c);
  const r00 = Math.hypot(v00[0], v00[1]), r10 = Math.hypot(v10[0], v10[1]);
  const gamma = 2 * Math.atan2(r10, r00);
  const sum = r00 > 1e-12 ? -2 * Math.atan2(v00[1], v00[0]) : 0; // β+δ
  const diff = r10 > 1e-12 ? 2 * Math.atan2(v10[1], v10[0]) : 0; // β−δ
  let beta: number, delta: number;
  if (r00 <= 1e-12) { delta = 0; beta = diff; }
  else if (r10 <= 1e-12) { delta = 0; beta = sum; }
  else { beta = (sum + diff) / 2; delta = (sum - diff) / 2; }
  return { alpha, beta, gamma, delta };
}
