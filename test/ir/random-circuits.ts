// fast-check generators of random unitary circuits with modifiers and nested gate definitions.
import fc from "fast-check";
import { real } from "../support/numbers.js";
import type { Circuit, GateDef, Modifier, UnitaryOp } from "../../src/ir/circuit.js";
import { add, mul, num, type Expr } from "../../src/ir/expr.js";
import { CATALOGUE_GATES, gateArity, gateParamCount } from "../../src/ir/gates.js";
import { arg, circuit, param } from "../support/circuits.js";

const NO_SYMBOLIC_POW = new Set(["U", "u2", "u3", "cu"]);

export interface GenOptions {
  /** Largest ctrl(n) count per modifier. */
  maxCtrl: number;
  /** Allow non-integer pow on gates. */
  fractionalPow: boolean;
  names?: readonly string[];
}

const angle = real(-7, 7);

export function exprArb(nargs: number): fc.Arbitrary<Expr> {
  const opts: fc.Arbitrary<Expr>[] = [
    angle.map(num),
    fc.tuple(fc.integer({ min: 0, max: 1 }), real(-2, 2), angle)
      .map(([p, c, o]) => add(mul(param(p), num(c)), num(o))),
  ];
  if (nargs > 0) {
    opts.push(fc.tuple(fc.integer({ min: 0, max: nargs - 1 }), angle).map(([i, o]) => add(arg(i), num(o))));
  }
  return fc.oneof(...opts);
}

function modArb(o: GenOptions, allowFractional: boolean): fc.Arbitrary<Modifier> {
  const opts: fc.Arbitrary<Modifier>[] = [
    fc.integer({ min: 1, max: o.maxCtrl }).map((n): Modifier => ({ k: "ctrl", n, negative: false })),
    fc.integer({ min: 1, max: Math.min(2, o.maxCtrl) }).map((n): Modifier => ({ k: "ctrl", n, negative: true })),
    fc.constant<Modifier>({ k: "inv" }),
    fc.integer({ min: -2, max: 3 }).map((k): Modifier => ({ k: "pow", exponent: num(k) })),
  ];
  if (allowFractional) {
    opts.push(real(-2, 2).map((t): Modifier => ({ k: "pow", exponent: num(t) })));
  }
  return fc.oneof(...opts);
}

const range = (n: number) => [...Array(n).keys()];

/** A gate op on `nq` qubits (the first `nq` of a random permutation), args may refer to `nargs` def args. */
export function gateOpArb(nq: number, nargs: number, o: GenOptions): fc.Arbitrary<UnitaryOp> {
  const names = o.names ?? [...CATALOGUE_GATES, "mcx", "mcp", "mcz"];
  return fc.record({
    name: fc.constantFrom(...names),
    perm: fc.shuffledSubarray(range(nq), { minLength: nq, maxLength: nq }),
    mods: fc.array(modArb(o, o.fractionalPow), { maxLength: 3 }),
    args: fc.array(exprArb(nargs), { minLength: 4, maxLength: 4 }),
    extra: fc.integer({ min: 1, max: 3 }),
  }).map(({ name, perm, mods, args, extra }) => {
    const variadic = name === "mcx" || name === "mcp" || name === "mcz";
    const arity = variadic ? 1 + extra : gateArity(name);
    const nparams = variadic ? (name === "mcp" ? 1 : 0) : gateParamCount(name);
    const a = args.slice(0, nparams);
    const numeric = a.every((e) => e.k === "num");
    let ms = mods.map((m) =>
      m.k === "pow" && !(m.exponent.k === "num" && Number.isInteger(m.exponent.v)) && NO_SYMBOLIC_POW.has(name) && !numeric
        ? ({ k: "pow", exponent: num(2) } as Modifier) : m);
    // drop control modifiers until the operands fit
    const need = () => arity + ms.reduce((s, m) => s + (m.k === "ctrl" ? m.n : 0), 0);
    while (need() > nq) {
      const i = ms.findIndex((m) => m.k === "ctrl");
      if (i < 0) break;
      ms = ms.filter((_, j) => j !== i);
    }
    if (need() > nq) return { kind: "gate", name: "h", args: [], qubits: [perm[0]!], mods: [] } as UnitaryOp;
    return { kind: "gate", name, args: a, qubits: perm.slice(0, need()), mods: ms } as UnitaryOp;
  });
}

/** A call to one of `defs` (indices `defIds`) from a scope with `nq` qubits and `nargs` args. */
export function callOpArb(nq: number, nargs: number, defs: readonly { id: number; nq: number; nargs: number }[], o: GenOptions): fc.Arbitrary<UnitaryOp> {
  return fc.record({
    which: fc.integer({ min: 0, max: defs.length - 1 }),
    perm: fc.shuffledSubarray(range(nq), { minLength: nq, maxLength: nq }),
    mods: fc.array(modArb(o, false), { maxLength: 2 }),
    args: fc.array(exprArb(nargs), { minLength: 3, maxLength: 3 }),
  }).map(({ which, perm, mods, args }) => {
    const d = defs[which]!;
    let ms = mods;
    const need = () => d.nq + ms.reduce((s, m) => s + (m.k === "ctrl" ? m.n : 0), 0);
    while (need() > nq) {
      const i = ms.findIndex((m) => m.k === "ctrl");
      ms = ms.filter((_, j) => j !== i);
    }
    return { kind: "call", def: d.id, args: args.slice(0, d.nargs), qubits: perm.slice(0, need()), mods: ms } as UnitaryOp;
  });
}

/**
 * A random unitary circuit on `nq` qubits with two params and two gate definitions:
 * d0 (2 qubits, 1 arg: gates only) and d1 (3 qubits, 2 args: gates and calls of d0), called with modifiers.
 */
export function circuitArb(nq: number, o: GenOptions, maxOps = 6): fc.Arbitrary<{ c: Circuit; params: number[] }> {
  const d0Body = fc.array(gateOpArb(2, 1, { ...o, maxCtrl: 1 }), { minLength: 1, maxLength: 4 });
  const d1Body = fc.array(
    fc.oneof(gateOpArb(3, 2, { ...o, maxCtrl: 1 }), callOpArb(3, 2, [{ id: 0, nq: 2, nargs: 1 }], o)),
    { minLength: 1, maxLength: 4 },
  );
  const top = fc.array(
    fc.oneof(
      { weight: 3, arbitrary: gateOpArb(nq, 0, o) },
      { weight: 2, arbitrary: callOpArb(nq, 0, [{ id: 0, nq: 2, nargs: 1 }, { id: 1, nq: 3, nargs: 2 }], o) },
    ),
    { minLength: 1, maxLength: maxOps },
  );
  return fc.tuple(d0Body, d1Body, top, fc.array(angle, { minLength: 2, maxLength: 2 })).map(([b0, b1, ops, params]) => {
    const defs: GateDef[] = [
      { name: "d0", cell: "d0", argNames: ["a"], qubitNames: ["x", "y"], body: b0 },
      { name: "d1", cell: "d1", argNames: ["a", "b"], qubitNames: ["x", "y", "z"], body: b1 },
    ];
    return { c: circuit(nq, ops, { defs, params }), params };
  });
}
