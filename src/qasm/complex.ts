// Complex numbers of the OpenQASM importer (values known at import time): the arithmetic of
// OpenQASM 3's `complex[float[n]]` (classical.rst "Complex numbers": + - * / ** with C99 Annex G
// semantics, `**` giving the principal value; types.rst: `real`, `imag`, and the complex overloads of
// the built-ins `exp` and `sqrt`). Pure functions on {re, im} pairs; lower.ts does the typing.

export interface Complex { readonly re: number; readonly im: number }

export const complex = (re: number, im = 0): Complex => ({ re, im });

export function cadd(a: Complex, b: Complex): Complex { return { re: a.re + b.re, im: a.im + b.im }; }
export function csub(a: Complex, b: Complex): Complex { return { re: a.re - b.re, im: a.im - b.im }; }
export function cneg(a: Complex): Complex { return { re: -a.re, im: -a.im }; }

export function cmul(a: Complex, b: Complex): Complex {
  // a real factor keeps the other's parts exact (as C99 does for a real operand)
  if (a.im === 0) return { re: a.re * b.re, im: a.re * b.im };
  if (b.im === 0) return { re: a.re * b.re, im: a.im * b.re };
  return { re: a.re * b.re - a.im * b.im, im: a.re * b.im + a.im * b.re };
}

/** a / b (Smith's algorithm: no overflow in the intermediate |b|²); a division by 0 gives IEEE ∞/NaN parts. */
export function cdiv(a: Complex, b: Complex): Complex {
  if (b.im === 0) return { re: a.re / b.re, im: a.im / b.re };
  if (Math.abs(b.re) >= Math.abs(b.im)) {
    const r = b.im / b.re, d = b.re + b.im * r;
    return { re: (a.re + a.im * r) / d, im: (a.im - a.re * r) / d };
  }
  const r = b.re / b.im, d = b.re * r + b.im;
  return { re: (a.re * r + a.im) / d, im: (a.im * r - a.re) / d };
}

export function cabs(a: Complex): number { return Math.hypot(a.re, a.im); }

/** The principal logarithm: ln|a| + i·arg(a), arg in (−π, π]. */
export function clog(a: Complex): Complex { return { re: Math.log(cabs(a)), im: Math.atan2(a.im, a.re) }; }

export function cexp(a: Complex): Complex {
  const m = Math.exp(a.re);
  if (a.im === 0) return { re: m, im: 0 };
  return { re: m * Math.cos(a.im), im: m * Math.sin(a.im) };
}

/** The principal square root (real part ≥ 0; on the branch cut the sign of the imaginary part is kept). */
export function csqrt(a: Complex): Complex {
  if (a.re === 0 && a.im === 0) return { re: 0, im: a.im };
  const r = cabs(a);
  if (a.re >= 0) {
    const t = Math.sqrt((r + a.re) / 2);
    return { re: t, im: a.im / (2 * t) };
  }
  const t = Math.sqrt((r - a.re) / 2);
  return { re: Math.abs(a.im) / (2 * t), im: Object.is(a.im, -0) || a.im < 0 ? -t : t };
}

/**
 * a ** b, the principal value exp(b · log a). Integer exponents (|b| ≤ 64, real) are computed by repeated
 * multiplication, which is the same value without the rounding of exp/log (so (1+1im)**2 is exactly 2im).
 * 0 ** b is 1 for b = 0, 0 for Re b > 0, and NaN otherwise (undefined).
 */
export function cpow(a: Complex, b: Complex): Complex {
  if (b.im === 0 && Number.isInteger(b.re) && Math.abs(b.re) <= 64) {
    let n = Math.abs(b.re), base = a, r: Complex = { re: 1, im: 0 };
    while (n > 0) {
      if (n % 2 === 1) r = cmul(r, base);
      base = cmul(base, base);
      n = Math.floor(n / 2);
    }
    return b.re < 0 ? cdiv({ re: 1, im: 0 }, r) : r;
  }
  if (a.re === 0 && a.im === 0) {
    if (b.re === 0 && b.im === 0) return { re: 1, im: 0 };
    return b.re > 0 ? { re: 0, im: 0 } : { re: NaN, im: NaN };
  }
  return cexp(cmul(b, clog(a)));
}

export function cequal(a: Complex, b: Complex): boolean { return a.re === b.re && a.im === b.im; }

/** complex[float[32]]: each part rounded to single precision. */
export function cround(a: Complex, width: 32 | 64 | undefined): Complex {
  return width === 32 ? { re: Math.fround(a.re), im: Math.fround(a.im) } : a;
}

/** `1.5 + 2im`, `-2im`, `3` (for messages). */
export function formatComplex(a: Complex): string {
  const f = (x: number) => (Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(6))));
  if (a.im === 0) return f(a.re);
  if (a.re === 0) return `${f(a.im)}im`;
  return `${f(a.re)} ${a.im < 0 ? "-" : "+"} ${f(Math.abs(a.im))}im`;
}
