// State-vector kernels of the fast simulator, specialised by gate kind (after qulacs / qsim).
//
// Every kernel updates ONE interleaved Float64Array in place: amplitude i is (s[2i], s[2i+1]) and qubit q is
// bit q of i (little-endian). Gate matrices arrive interleaved and row-major, operand 0 = most significant
// bit of the matrix index (the catalogue's convention): entry (r, c) of a D×D matrix is
// (m[mo + 2(rD + c)], m[mo + 2(rD + c) + 1]).
//
// Controlled gates enumerate only the amplitudes they change: `sp` lists the "special" bit positions
// (controls and targets) in ascending order, a base index has all of them 0, and `deposit` spreads a
// compressed counter over the remaining bits. The innermost loop is the contiguous run below the lowest
// special bit, so nothing tests bits per amplitude. Uncontrolled gates use plain stride loops.
//
// Index arithmetic is int32 (`| 0`, shifts): offsets into the array stay below 2^31 because n ≤ 29
// (MAX_SIM_QUBITS), and V8 keeps such loops on integer registers (double-valued counters cost 2-3x).

/** Inserts a 0 bit at each position of `sp[0..len)` (ascending) into x. */
function deposit(x: number, sp: Int32Array, len: number): number {
  for (let k = 0; k < len; k++) {
    const p = sp[k]!;
    const low = x & ((1 << p) - 1);
    x = ((x - low) << 1) | low;
  }
  return x;
}

// ─────────────────────────────────────────── dense 1-qubit ───────────────────────────────────────────

/** An uncontrolled 2×2 matrix on qubit t. */
export function dense1(s: Float64Array, n: number, t: number, m: Float64Array, mo: number): void {
  const m00r = m[mo]!, m00i = m[mo + 1]!, m01r = m[mo + 2]!, m01i = m[mo + 3]!;
  const m10r = m[mo + 4]!, m10i = m[mo + 5]!, m11r = m[mo + 6]!, m11i = m[mo + 7]!;
  const len = (2 << n) | 0;
  if (t === 0) {
    for (let i = 0; i < len; i = (i + 4) | 0) {
      const ar = s[i]!, ai = s[i + 1]!, br = s[i + 2]!, bi = s[i + 3]!;
      s[i] = m00r * ar - m00i * ai + m01r * br - m01i * bi;
      s[i + 1] = m00r * ai + m00i * ar + m01r * bi + m01i * br;
      s[i + 2] = m10r * ar - m10i * ai + m11r * br - m11i * bi;
      s[i + 3] = m10r * ai + m10i * ar + m11r * bi + m11i * br;
    }
    return;
  }
  const h = (2 << t) | 0; // half block, in doubles
  const blk = (h << 1) | 0;
  for (let b = 0; b < len; b = (b + blk) | 0) {
    const e = (b + h) | 0;
    for (let i = b; i < e; i = (i + 2) | 0) {
      const j = (i + h) | 0;
      const ar = s[i]!, ai = s[i + 1]!, br = s[j]!, bi = s[j + 1]!;
      s[i] = m00r * ar - m00i * ai + m01r * br - m01i * bi;
      s[i + 1] = m00r * ai + m00i * ar + m01r * bi + m01i * br;
      s[j] = m10r * ar - m10i * ai + m11r * br - m11i * bi;
      s[j + 1] = m10r * ai + m10i * ar + m11r * bi + m11i * br;
    }
  }
}

/**
 * Two uncontrolled 2×2 matrices in one sweep: A (at mo) on qubit ta and B (at mo + 8) on qubit tb, ta < tb.
 * The same arithmetic as two `dense1` calls, half the passes over memory.
 */
export function dense1pair(s: Float64Array, n: number, ta: number, tb: number, m: Float64Array, mo: number): void {
  const a00r = m[mo]!, a00i = m[mo + 1]!, a01r = m[mo + 2]!, a01i = m[mo + 3]!;
  const a10r = m[mo + 4]!, a10i = m[mo + 5]!, a11r = m[mo + 6]!, a11i = m[mo + 7]!;
  const b00r = m[mo + 8]!, b00i = m[mo + 9]!, b01r = m[mo + 10]!, b01i = m[mo + 11]!;
  const b10r = m[mo + 12]!, b10i = m[mo + 13]!, b11r = m[mo + 14]!, b11i = m[mo + 15]!;
  const len = (2 << n) | 0, ha = (2 << ta) | 0, hb = (2 << tb) | 0;
  const sa = (ha << 1) | 0, sb = (hb << 1) | 0;
  for (let c = 0; c < len; c = (c + sb) | 0) {
    const ce = (c + hb) | 0;
    for (let b = c; b < ce; b = (b + sa) | 0) {
      const be = (b + ha) | 0;
      for (let i = b; i < be; i = (i + 2) | 0) {
        const j = (i + ha) | 0, k = (i + hb) | 0, l = (j + hb) | 0;
        const xr = s[i]!, xi = s[i + 1]!, yr = s[j]!, yi = s[j + 1]!;
        const zr = s[k]!, zi = s[k + 1]!, wr = s[l]!, wi = s[l + 1]!;
        // A on (x, y) and on (z, w)
        const x1r = a00r * xr - a00i * xi + a01r * yr - a01i * yi, x1i = a00r * xi + a00i * xr + a01r * yi + a01i * yr;
        const y1r = a10r * xr - a10i * xi + a11r * yr - a11i * yi, y1i = a10r * xi + a10i * xr + a11r * yi + a11i * yr;
        const z1r = a00r * zr - a00i * zi + a01r * wr - a01i * wi, z1i = a00r * zi + a00i * zr + a01r * wi + a01i * wr;
        const w1r = a10r * zr - a10i * zi + a11r * wr - a11i * wi, w1i = a10r * zi + a10i * zr + a11r * wi + a11i * wr;
        // B on (x1, z1) and on (y1, w1)
        s[i] = b00r * x1r - b00i * x1i + b01r * z1r - b01i * z1i;
        s[i + 1] = b00r * x1i + b00i * x1r + b01r * z1i + b01i * z1r;
        s[k] = b10r * x1r - b10i * x1i + b11r * z1r - b11i * z1i;
        s[k + 1] = b10r * x1i + b10i * x1r + b11r * z1i + b11i * z1r;
        s[j] = b00r * y1r - b00i * y1i + b01r * w1r - b01i * w1i;
        s[j + 1] = b00r * y1i + b00i * y1r + b01r * w1i + b01i * w1r;
        s[l] = b10r * y1r - b10i * y1i + b11r * w1r - b11i * w1i;
        s[l + 1] = b10r * y1i + b10i * y1r + b11r * w1i + b11i * w1r;
      }
    }
  }
}

/** rx on qubit ta (c = ca, s = sa) and rx on qubit tb (cb, sb), ta < tb, in one sweep. */
export function rxpair(s: Float64Array, n: number, ta: number, tb: number, ca: number, sa: number, cb: number, sb: number): void {
  const len = (2 << n) | 0, ha = (2 << ta) | 0, hb = (2 << tb) | 0;
  const sta = (ha << 1) | 0, stb = (hb << 1) | 0;
  for (let c = 0; c < len; c = (c + stb) | 0) {
    const ce = (c + hb) | 0;
    for (let b = c; b < ce; b = (b + sta) | 0) {
      const be = (b + ha) | 0;
      for (let i = b; i < be; i = (i + 2) | 0) {
        const j = (i + ha) | 0, k = (i + hb) | 0, l = (j + hb) | 0;
        const xr = s[i]!, xi = s[i + 1]!, yr = s[j]!, yi = s[j + 1]!;
        const zr = s[k]!, zi = s[k + 1]!, wr = s[l]!, wi = s[l + 1]!;
        const x1r = ca * xr + sa * yi, x1i = ca * xi - sa * yr, y1r = ca * yr + sa * xi, y1i = ca * yi - sa * xr;
        const z1r = ca * zr + sa * wi, z1i = ca * zi - sa * wr, w1r = ca * wr + sa * zi, w1i = ca * wi - sa * zr;
        s[i] = cb * x1r + sb * z1i; s[i + 1] = cb * x1i - sb * z1r;
        s[k] = cb * z1r + sb * x1i; s[k + 1] = cb * z1i - sb * x1r;
        s[j] = cb * y1r + sb * w1i; s[j + 1] = cb * y1i - sb * w1r;
        s[l] = cb * w1r + sb * y1i; s[l + 1] = cb * w1i - sb * y1r;
      }
    }
  }
}

/** rx(θ) = [[c, −i·s], [−i·s, c]] on qubit t (c = cos θ/2, s = sin θ/2): half the arithmetic of `dense1`. */
export function rxgate(s: Float64Array, n: number, t: number, c: number, sn: number): void {
  const len = (2 << n) | 0;
  if (t === 0) {
    for (let i = 0; i < len; i = (i + 4) | 0) {
      const ar = s[i]!, ai = s[i + 1]!, br = s[i + 2]!, bi = s[i + 3]!;
      s[i] = c * ar + sn * bi;
      s[i + 1] = c * ai - sn * br;
      s[i + 2] = c * br + sn * ai;
      s[i + 3] = c * bi - sn * ar;
    }
    return;
  }
  const h = (2 << t) | 0;
  const blk = (h << 1) | 0;
  for (let b = 0; b < len; b = (b + blk) | 0) {
    const e = (b + h) | 0;
    for (let i = b; i < e; i = (i + 2) | 0) {
      const j = (i + h) | 0;
      const ar = s[i]!, ai = s[i + 1]!, br = s[j]!, bi = s[j + 1]!;
      s[i] = c * ar + sn * bi;
      s[i + 1] = c * ai - sn * br;
      s[j] = c * br + sn * ai;
      s[j + 1] = c * bi - sn * ar;
    }
  }
}

/** A real 2×2 matrix [[a, b], [c, d]] on qubit t (ry, h). */
export function real1(s: Float64Array, n: number, t: number, m00: number, m01: number, m10: number, m11: number): void {
  const len = (2 << n) | 0;
  if (t === 0) {
    for (let i = 0; i < len; i = (i + 4) | 0) {
      const ar = s[i]!, ai = s[i + 1]!, br = s[i + 2]!, bi = s[i + 3]!;
      s[i] = m00 * ar + m01 * br;
      s[i + 1] = m00 * ai + m01 * bi;
      s[i + 2] = m10 * ar + m11 * br;
      s[i + 3] = m10 * ai + m11 * bi;
    }
    return;
  }
  const h = (2 << t) | 0;
  const blk = (h << 1) | 0;
  for (let b = 0; b < len; b = (b + blk) | 0) {
    const e = (b + h) | 0;
    for (let i = b; i < e; i = (i + 2) | 0) {
      const j = (i + h) | 0;
      const ar = s[i]!, ai = s[i + 1]!, br = s[j]!, bi = s[j + 1]!;
      s[i] = m00 * ar + m01 * br;
      s[i + 1] = m00 * ai + m01 * bi;
      s[j] = m10 * ar + m11 * br;
      s[j + 1] = m10 * ai + m11 * bi;
    }
  }
}

/** A 2×2 matrix on qubit t where the controls hold: `sp` = controls ∪ {t} ascending, `cv` = control values. */
export function dense1c(
  s: Float64Array, n: number, t: number, cv: number, sp: Int32Array, m: Float64Array, mo: number,
): void {
  const m00r = m[mo]!, m00i = m[mo + 1]!, m01r = m[mo + 2]!, m01i = m[mo + 3]!;
  const m10r = m[mo + 4]!, m10i = m[mo + 5]!, m11r = m[mo + 6]!, m11i = m[mo + 7]!;
  const len = sp.length;
  const p0 = sp[0]!;
  const run = (2 << p0) | 0; // doubles
  const outer = 1 << (n - len - p0);
  const h = (2 << t) | 0;
  for (let o = 0; o < outer; o++) {
    const base = (deposit(o << p0, sp, len) | cv) << 1;
    const e = (base + run) | 0;
    for (let i = base; i < e; i = (i + 2) | 0) {
      const j = (i + h) | 0;
      const ar = s[i]!, ai = s[i + 1]!, br = s[j]!, bi = s[j + 1]!;
      s[i] = m00r * ar - m00i * ai + m01r * br - m01i * bi;
      s[i + 1] = m00r * ai + m00i * ar + m01r * bi + m01i * br;
      s[j] = m10r * ar - m10i * ai + m11r * br - m11i * bi;
      s[j + 1] = m10r * ai + m10i * ar + m11r * bi + m11i * br;
    }
  }
}

// ───────────────────────────────────────────── diagonal ─────────────────────────────────────────────

/** Multiplies every amplitude by (pr + i·pi): a global phase. */
export function scaleAll(s: Float64Array, n: number, pr: number, pi: number): void {
  const len = (2 << n) | 0;
  for (let i = 0; i < len; i = (i + 2) | 0) {
    const ar = s[i]!, ai = s[i + 1]!;
    s[i] = ar * pr - ai * pi;
    s[i + 1] = ar * pi + ai * pr;
  }
}

/**
 * Multiplies the amplitudes whose bits at `sp` (ascending) equal those of `cv` by (pr + i·pi): phase gates
 * p/z/s/t (target bit = 1) under any controls, cz, cp, ccz and the k-HRNN hyperedges `ctrl(m) @ p`.
 */
export function phase(s: Float64Array, n: number, cv: number, sp: Int32Array, pr: number, pi: number): void {
  const len = sp.length;
  if (len === 0) { scaleAll(s, n, pr, pi); return; }
  if (len <= 3) { phaseNested(s, n, cv, sp, pr, pi); return; }
  const p0 = sp[0]!;
  const run = (2 << p0) | 0;
  const outer = 1 << (n - len - p0);
  for (let o = 0; o < outer; o++) {
    const base = (deposit(o << p0, sp, len) | cv) << 1;
    const e = (base + run) | 0;
    for (let i = base; i < e; i = (i + 2) | 0) {
      const ar = s[i]!, ai = s[i + 1]!;
      s[i] = ar * pr - ai * pi;
      s[i + 1] = ar * pi + ai * pr;
    }
  }
}

/** `phase` with 1–3 condition bits as nested stride loops (no per-run bit arithmetic). */
function phaseNested(s: Float64Array, n: number, cv: number, sp: Int32Array, pr: number, pi: number): void {
  const len = sp.length;
  // pad to three levels with the top bit position n (a level that runs once)
  const p0 = sp[0]!, p1 = len > 1 ? sp[1]! : n, p2 = len > 2 ? sp[2]! : n;
  const N = (2 << n) | 0;
  const h2 = (2 << p2) | 0, s2 = p2 === n ? N : (h2 << 1) | 0, e2 = p2 === n ? N : h2;
  const h1 = (2 << p1) | 0, s1 = p1 === n ? N : (h1 << 1) | 0, e1 = p1 === n ? N : h1;
  const h0 = (2 << p0) | 0, s0 = (h0 << 1) | 0;
  const off = (cv << 1) | 0;
  for (let a = 0; a < N; a = (a + s2) | 0) {
    const ae = (a + e2) | 0;
    for (let b = a; b < ae; b = (b + s1) | 0) {
      const be = (b + e1) | 0;
      for (let c = b; c < be; c = (c + s0) | 0) {
        const ce = (c + h0 + off) | 0;
        for (let i = (c + off) | 0; i < ce; i = (i + 2) | 0) {
          const ar = s[i]!, ai = s[i + 1]!;
          s[i] = ar * pr - ai * pi;
          s[i + 1] = ar * pi + ai * pr;
        }
      }
    }
  }
}

/** diag(d0, d1) on qubit t, where the controls hold (`sp` = controls ∪ {t}; sp empty-controls case included). */
export function diag1(
  s: Float64Array, n: number, t: number, cv: number, sp: Int32Array,
  d0r: number, d0i: number, d1r: number, d1i: number,
): void {
  const len = sp.length;
  const p0 = sp[0]!;
  const run = (2 << p0) | 0;
  const outer = 1 << (n - len - p0);
  const h = (2 << t) | 0;
  for (let o = 0; o < outer; o++) {
    const base = (deposit(o << p0, sp, len) | cv) << 1;
    const e = (base + run) | 0;
    for (let i = base; i < e; i = (i + 2) | 0) {
      const j = (i + h) | 0;
      const ar = s[i]!, ai = s[i + 1]!, br = s[j]!, bi = s[j + 1]!;
      s[i] = ar * d0r - ai * d0i;
      s[i + 1] = ar * d0i + ai * d0r;
      s[j] = br * d1r - bi * d1i;
      s[j + 1] = br * d1i + bi * d1r;
    }
  }
}

const LOW_BITS = 12;
const lowScratch = new Int32Array(1 << LOW_BITS);

/**
 * A diagonal given as a phase table over the qubits `qs` (ascending; table index bit j = value of qubit
 * qs[j]): amplitude i is multiplied by table[idx(i)] (interleaved at `to`). When the table covers the low
 * qubits 0…a−1 (a ≥ 3), amplitudes come in contiguous runs of 2^a that read the table sequentially.
 */
export function diagTable(s: Float64Array, n: number, qs: Int32Array, table: Float64Array, to: number): void {
  const k = qs.length;
  let a = 0;
  while (a < k && qs[a] === a) a++;
  if (a >= 3) { diagTableRuns(s, n, qs, a, table, to); return; }
  const L = Math.min(n, LOW_BITS);
  const lowN = 1 << L;
  const lo = lowScratch;
  for (let r = 0; r < lowN; r++) {
    let x = 0;
    for (let j = 0; j < k; j++) { const q = qs[j]!; if (q < L && ((r >>> q) & 1)) x |= 1 << j; }
    lo[r] = (2 * x + to) | 0;
  }
  const outer = 1 << (n - L);
  const run = (2 * lowN) | 0;
  for (let o = 0; o < outer; o++) {
    let hi = 0;
    for (let j = 0; j < k; j++) { const q = qs[j]!; if (q >= L && ((o >>> (q - L)) & 1)) hi |= 1 << j; }
    hi <<= 1;
    const base = (o * run) | 0;
    for (let r = 0, i = base; r < lowN; r = (r + 1) | 0, i = (i + 2) | 0) {
      const ti = (hi + lo[r]!) | 0;
      const tr = table[ti]!, tm = table[ti + 1]!;
      const ar = s[i]!, ai = s[i + 1]!;
      s[i] = ar * tr - ai * tm;
      s[i + 1] = ar * tm + ai * tr;
    }
  }
}

function diagTableRuns(s: Float64Array, n: number, qs: Int32Array, a: number, table: Float64Array, to: number): void {
  const k = qs.length;
  const runD = (2 << a) | 0; // doubles per run
  const outer = 1 << (n - a);
  for (let o = 0; o < outer; o++) {
    // table index bits a… from the bits of (o << a) at qs[a…]
    let hi = 0;
    for (let j = a; j < k; j++) hi |= ((o >>> (qs[j]! - a)) & 1) << j;
    const t0 = (to + (hi << 1)) | 0;
    const base = (o * runD) | 0;
    for (let r = 0; r < runD; r = (r + 2) | 0) {
      const i = (base + r) | 0, ti = (t0 + r) | 0;
      const tr = table[ti]!, tm = table[ti + 1]!;
      const ar = s[i]!, ai = s[i + 1]!;
      s[i] = ar * tr - ai * tm;
      s[i + 1] = ar * tm + ai * tr;
    }
  }
}

// ──────────────────────────────────────────── permutations ───────────────────────────────────────────

/** X on qubit t where the controls hold (x, cx, ccx, mcx): amplitude swaps, no arithmetic. */
export function xgate(s: Float64Array, n: number, t: number, cv: number, sp: Int32Array): void {
  const h = (2 << t) | 0;
  const len = sp.length;
  if (len === 1) {
    const total = (2 << n) | 0;
    for (let b = 0; b < total; b = (b + (h << 1)) | 0) {
      const e = (b + h) | 0;
      for (let i = b; i < e; i = (i + 2) | 0) {
        const j = (i + h) | 0;
        const ar = s[i]!, ai = s[i + 1]!;
        s[i] = s[j]!; s[i + 1] = s[j + 1]!;
        s[j] = ar; s[j + 1] = ai;
      }
    }
    return;
  }
  const p0 = sp[0]!;
  const run = (2 << p0) | 0;
  const outer = 1 << (n - len - p0);
  for (let o = 0; o < outer; o++) {
    const base = (deposit(o << p0, sp, len) | cv) << 1;
    const e = (base + run) | 0;
    for (let i = base; i < e; i = (i + 2) | 0) {
      const j = (i + h) | 0;
      const ar = s[i]!, ai = s[i + 1]!;
      s[i] = s[j]!; s[i + 1] = s[j + 1]!;
      s[j] = ar; s[j + 1] = ai;
    }
  }
}

/** SWAP of qubits a and b where the controls hold (swap, cswap): `sp` = controls ∪ {a, b}. */
export function swapgate(s: Float64Array, n: number, a: number, b: number, cv: number, sp: Int32Array): void {
  const ha = (2 << a) | 0, hb = (2 << b) | 0;
  const len = sp.length;
  const p0 = sp[0]!;
  const run = (2 << p0) | 0;
  const outer = 1 << (n - len - p0);
  for (let o = 0; o < outer; o++) {
    const base = (deposit(o << p0, sp, len) | cv) << 1;
    const e = (base + run) | 0;
    for (let i = base; i < e; i = (i + 2) | 0) {
      const x = (i + ha) | 0, y = (i + hb) | 0;
      const xr = s[x]!, xi = s[x + 1]!;
      s[x] = s[y]!; s[x + 1] = s[y + 1]!;
      s[y] = xr; s[y + 1] = xi;
    }
  }
}

// ──────────────────────────────────────────── dense k-qubit ──────────────────────────────────────────

const vr = new Float64Array(64), vi = new Float64Array(64);

/**
 * A dense D×D matrix (D = 2^k, k ≤ 6) on the targets whose amplitude offsets are `offs` (offs[l] for local
 * index l, operand 0 = most significant bit of l), where the controls hold; `sp` = controls ∪ targets.
 */
export function denseK(
  s: Float64Array, n: number, offs: Int32Array, cv: number, sp: Int32Array, m: Float64Array, mo: number,
): void {
  const D = offs.length;
  const len = sp.length;
  const p0 = sp[0]!;
  const runA = 1 << p0;
  const outer = 1 << (n - len - p0);
  for (let o = 0; o < outer; o++) {
    const base = deposit(o << p0, sp, len) | cv;
    for (let r0 = 0; r0 < runA; r0++) {
      const i = (base + r0) | 0;
      for (let l = 0; l < D; l++) { const x = (i + offs[l]!) << 1; vr[l] = s[x]!; vi[l] = s[x + 1]!; }
      for (let r = 0; r < D; r++) {
        let sr = 0, si = 0;
        let mi = mo + 2 * r * D;
        for (let c = 0; c < D; c++, mi += 2) {
          const a = m[mi]!, b = m[mi + 1]!, xr = vr[c]!, xi = vi[c]!;
          sr += a * xr - b * xi;
          si += a * xi + b * xr;
        }
        const x = (i + offs[r]!) << 1;
        s[x] = sr; s[x + 1] = si;
      }
    }
  }
}

// ──────────────────────────────────────────── measurement ────────────────────────────────────────────

/** Σ |a_i|² over the amplitudes with qubit q = 1. */
export function probOne(s: Float64Array, n: number, q: number): number {
  const total = (2 << n) | 0;
  const h = (2 << q) | 0;
  let p = 0;
  for (let b = h; b < total; b = (b + (h << 1)) | 0) {
    const e = (b + h) | 0;
    for (let i = b; i < e; i = (i + 1) | 0) { const v = s[i]!; p += v * v; }
  }
  return p;
}

/**
 * Projects qubit q onto `one` and multiplies the kept amplitudes by `scale`; with `toZero` the kept |1⟩
 * half is moved to |0⟩ (a reset after outcome 1). The other half is zeroed.
 */
export function collapse(s: Float64Array, n: number, q: number, one: boolean, scale: number, toZero: boolean): void {
  const total = (2 << n) | 0;
  const h = (2 << q) | 0;
  for (let b = 0; b < total; b = (b + (h << 1)) | 0) {
    const e = (b + h) | 0;
    if (!one) {
      for (let i = b; i < e; i = (i + 1) | 0) { s[i]! *= scale; s[i + h] = 0; }
    } else if (toZero) {
      for (let i = b; i < e; i = (i + 1) | 0) { s[i] = s[i + h]! * scale; s[i + h] = 0; }
    } else {
      for (let i = b; i < e; i = (i + 1) | 0) { s[i] = 0; s[i + h]! *= scale; }
    }
  }
}

/** ⟨half0|half1⟩ of qubit q's two halves (amplitudes with q = 0 vs their partners with q = 1), as [re, im]. */
export function halfOverlap(s: Float64Array, n: number, q: number): [number, number] {
  const total = (2 << n) | 0;
  const h = (2 << q) | 0;
  let re = 0, im = 0;
  for (let b = 0; b < total; b = (b + (h << 1)) | 0) {
    const e = (b + h) | 0;
    for (let i = b; i < e; i = (i + 2) | 0) {
      const ar = s[i]!, ai = s[i + 1]!, br = s[i + h]!, bi = s[i + h + 1]!;
      re += ar * br + ai * bi;
      im += ar * bi - ai * br;
    }
  }
  return [re, im];
}
