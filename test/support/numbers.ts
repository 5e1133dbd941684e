// Well-spread random reals for property tests. fast-check's `fc.double` draws uniformly over the
// floating-point REPRESENTATIONS in the range, so most draws are tiny (|x| < 1e-100): angles like that
// leave every gate at the identity and every derivative at 0. `real` draws uniformly over the interval,
// with the endpoints, 0 and a few multiples of π/2 mixed in as edge cases.
import fc from "fast-check";

export function real(min: number, max: number): fc.Arbitrary<number> {
  const specials = [min, max, 0, Math.PI / 2, -Math.PI / 2, Math.PI, -Math.PI].filter((v) => v >= min && v <= max);
  return fc.oneof(
    { weight: 9, arbitrary: fc.integer({ min: 0, max: 2 ** 30 }).map((i) => min + ((max - min) * i) / 2 ** 30) },
    { weight: 1, arbitrary: fc.constantFrom(...specials) },
  );
}
