// Random recurrent .qseq models with expectation outputs at random steps, for differential tests of the
// readout batches and of gradient plans built on them.
//
// A model has a hidden register (2 or 3 qubits) carried across steps, sometimes a fresh qubit, a few
// tied params, an `init` block, and two token variants: `Read(i)` applies a few gates and emits an
// expectation (on the hidden qubit i, a product on the hidden register, or on the fresh qubit), `Turn(i)`
// only applies gates. A random token sequence therefore emits expectations at random steps whose qubits
// later steps use — the normal form of a recurrent model — as well as ones nothing disturbs.

import fc from "fast-check";

export interface RandomModel {
  readonly source: string;
  readonly tokens: string;
  /** Whether the model has a fresh register (reset every step: shadow recipes do not apply). */
  readonly fresh: boolean;
  readonly params: number;
}

const angle = fc.double({ min: -3, max: 3, noNaN: true }).map((v) => (Math.round(v * 1000) / 1000).toFixed(3));

function angleExpr(params: number): fc.Arbitrary<string> {
  const w = fc.integer({ min: 0, max: params - 1 }).map((i) => `w${i}`);
  return fc.oneof(
    w,
    fc.tuple(w, angle).map(([a, c]) => `${a} * 0.5 + ${c}`),
    fc.tuple(w, w).map(([a, b]) => `${a} - ${b}`),
    fc.tuple(w).map(([a]) => `2.0 * ${a}`),
    angle,
  );
}

/** One gate statement on the hidden register h (n qubits); `i` may stand for a qubit in a Read/Turn arm. */
function gateStmt(n: number, params: number, useBinder: boolean): fc.Arbitrary<string> {
  const q = useBinder ? fc.oneof(fc.integer({ min: 0, max: n - 1 }).map(String), fc.constant("i")) : fc.integer({ min: 0, max: n - 1 }).map(String);
  const pair = fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 1, max: n - 1 })).map(([a, d]) => [a, (a + d) % n] as const);
  const e = angleExpr(params);
  return fc.oneof(
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom("h", "x", "s", "sdg"), q).map(([g, a]) => `${g} h[${a}];`) },
    { weight: 4, arbitrary: fc.tuple(fc.constantFrom("rx", "ry", "rz"), e, q).map(([g, x, a]) => `${g}(${x}) h[${a}];`) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom("cx", "cz"), pair).map(([g, [a, b]]) => `${g} h[${a}], h[${b}];`) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom("crz", "rzz", "cry"), e, pair).map(([g, x, [a, b]]) => `${g}(${x}) h[${a}], h[${b}];`) },
  );
}

export function randomModelArb(): fc.Arbitrary<RandomModel> {
  return fc.record({
    n: fc.integer({ min: 2, max: 3 }),
    params: fc.integer({ min: 1, max: 3 }),
    fresh: fc.boolean(),
    seedGates: fc.nat(),
  }).chain(({ n, params, fresh }) => {
    const letter = fc.constantFrom("X", "Y", "Z");
    const observable = fc.oneof(
      letter.map((p) => `${p}(h[i])`),
      fc.tuple(letter, letter).map(([a, b]) => `${a}(h[0]) * ${b}(h[${n - 1}])`),
      ...(fresh ? [letter.map((p) => `${p}(a[0])`)] : []),
    );
    return fc.record({
      inits: fc.array(angle, { minLength: params, maxLength: params }),
      init: fc.array(gateStmt(n, params, false), { minLength: 1, maxLength: 3 }),
      read: fc.array(gateStmt(n, params, true), { minLength: 1, maxLength: 3 }),
      turn: fc.array(gateStmt(n, params, true), { minLength: 1, maxLength: 3 }),
      observable,
      tokens: fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: n - 1 })), { minLength: 3, maxLength: 6 }),
    }).map(({ inits, init, read, turn, observable, tokens }) => {
      // the fresh qubit picks up the parity of h[0] before it is read (so its expectation is informative)
      const freshLines = fresh ? ["  fresh a: qubit[1];"] : [];
      const freshRead = fresh ? " ry(w0) a[0]; cx h[0], a[0];" : "";
      const source = [
        "model rnd {",
        `  tokens { Read(i: 0..${n}) Turn(i: 0..${n}) }`,
        `  hidden h: qubit[${n}];`,
        ...freshLines,
        ...inits.map((v, k) => `  param w${k}: angle = ${v};`),
        `  init { ${init.join(" ")} }`,
        "  step(t) -> float? {",
        "    match t {",
        `      Read(i) => { ${read.join(" ")}${freshRead} emit expect ${observable}; }`,
        `      Turn(i) => { ${turn.join(" ")} }`,
        "    }",
        "  }",
        "}",
        "",
      ].join("\n");
      const text = tokens.map(([isRead, i]) => `${isRead ? "Read" : "Turn"}(${i})`).join(" ");
      // every sequence reads at least once
      return { source, tokens: tokens.some(([r]) => r) ? text : `${text} Read(0)`, fresh, params };
    });
  });
}
