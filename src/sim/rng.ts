// A small, fast, seeded PRNG for sampling: xoshiro128** (Blackman & Vigna) on 32-bit integer arithmetic,
// seeded through splitmix32 so that nearby seeds give unrelated streams. The simulator never calls
// Math.random: every sampled result is a function of (circuit, params, shots, seed).

/** A seeded pseudo-random generator (xoshiro128**). */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    // splitmix32 expands the seed (any finite number; its low 32 bits and the next 21 bits are mixed)
    let s = (seed >>> 0) ^ Math.floor(seed / 4294967296) * 0x2545f491;
    const next = (): number => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) | 0;
    };
    this.a = next(); this.b = next(); this.c = next(); this.d = next();
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
  }

  /** The next 32 random bits as an unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9);
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result >>> 0;
  }

  /** A uniform double in [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Shuffles xs in place (Fisher–Yates, from the last element down) and returns it. */
  shuffle<T>(xs: T[]): T[] {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = Math.floor(this.uniform() * (i + 1));
      [xs[i], xs[j]] = [xs[j]!, xs[i]!];
    }
    return xs;
  }

  /** An exponential variate with mean 1. */
  exponential(): number {
    return -Math.log(1 - this.uniform());
  }

  /** Binomial(m, p): the number of successes in m independent trials (exact; O(m) uniforms). */
  binomial(m: number, p: number): number {
    if (p <= 0) return 0;
    if (p >= 1) return m;
    let k = 0;
    for (let i = 0; i < m; i++) if (this.uniform() < p) k++;
    return k;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
