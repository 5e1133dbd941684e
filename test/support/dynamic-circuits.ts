// Random *dynamic* circuits for differential and round-trip tests: a random unitary circuit (with gate
// definitions, modifiers and calls, from test/ir/random-circuits.ts) interleaved with mid-circuit
// measurements, resets, classical feed-forward and (optionally) expectation outputs, ending with a
// measurement of every qubit.

import fc from "fast-check";
import type { Circuit, Op, Output } from "../../src/ir/circuit.js";
import { circuitArb, type GenOptions } from "../ir/random-circuits.js";

export interface DynamicCircuit { readonly c: Circuit; readonly params: number[] }

/**
 * For comparison with an OpenQASM implementation by sampling: no expectation outputs (hardware-style
 * estimation would disturb the state) and one array output of every measured bit, so that a shot's key
 * is the whole bit string (bit 0 first).
 */
export function dynamicCircuitArb(nq: number, o: GenOptions, maxOps = 8): fc.Arbitrary<DynamicCircuit> {
  return richCircuitArb(nq, o, maxOps, { expectations: false }).map(({ c, params }) => ({
    c: { ...c, outputs: [{ kind: "bits", step: 0, bits: Array.from({ length: c.numBits }, (_, i) => i), array: true }] },
    params,
  }));
}

type Insert =
  | { kind: "measure" | "reset"; qubit: number }
  | { kind: "if"; lits: number; values: boolean[]; thenOps: number; elseOps: number; measureInside: boolean; qubit: number }
  | { kind: "expect"; paulis: ("X" | "Y" | "Z")[]; start: number };

/**
 * A random unitary circuit (gate definitions, modifiers, calls: test/ir/random-circuits.ts) interleaved
 * with mid-circuit measurements, resets, `if`s on conjunctions of one or two measured bits (possibly
 * measuring inside a branch), expectation outputs, and a final measurement of every qubit. Outputs: a
 * scalar bit, an array, an array repeating an earlier output's bit (the emitter copies it), an empty
 * output (not declared), and the expectations.
 */
export function richCircuitArb(nq: number, o: GenOptions, maxOps = 8, opts: { expectations?: boolean } = {}): fc.Arbitrary<DynamicCircuit> {
  const kinds: fc.WeightedArbitrary<Insert>[] = [
    { weight: 3, arbitrary: fc.record({ kind: fc.constant("measure" as const), qubit: fc.integer({ min: 0, max: nq - 1 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("reset" as const), qubit: fc.integer({ min: 0, max: nq - 1 }) }) },
    { weight: 3, arbitrary: fc.record({
      kind: fc.constant("if" as const), lits: fc.integer({ min: 1, max: 2 }), values: fc.array(fc.boolean(), { minLength: 2, maxLength: 2 }),
      thenOps: fc.integer({ min: 0, max: 2 }), elseOps: fc.integer({ min: 0, max: 2 }), measureInside: fc.boolean(), qubit: fc.integer({ min: 0, max: nq - 1 }),
    }) },
  ];
  if (opts.expectations !== false) kinds.push(
    { weight: 1, arbitrary: fc.record({
      kind: fc.constant("expect" as const), paulis: fc.array(fc.constantFrom("X" as const, "Y" as const, "Z" as const), { minLength: 1, maxLength: Math.min(2, nq) }),
      start: fc.integer({ min: 0, max: nq - 1 }),
    }) },
  );
  const insert: fc.Arbitrary<Insert> = fc.oneof(...kinds);
  return fc.tuple(circuitArb(nq, o, maxOps), fc.array(fc.tuple(fc.nat(), insert), { maxLength: 8 })).map(([{ c, params }, inserts]) => {
    const ops = [...c.ops];
    let bits = 0;
    const measured: number[] = [];
    const outputs: Output[] = [];
    const sorted = inserts.map(([at, ins]) => [at % (ops.length + 1), ins] as const).sort((a, b) => a[0] - b[0]);
    const out: Op[] = [];
    let next = 0;
    for (const [at, ins] of sorted) {
      while (next < at) out.push(ops[next++]!);
      if (ins.kind === "measure") { measured.push(bits); out.push({ kind: "measure", qubit: ins.qubit, bit: bits++ }); }
      else if (ins.kind === "reset") out.push({ kind: "reset", qubit: ins.qubit });
      else if (ins.kind === "expect") {
        const factors = ins.paulis.map((pauli, j) => ({ pauli, qubit: (ins.start + j) % nq }));
        outputs.push({ kind: "expect", step: 0, factors });
        out.push({ kind: "expect", output: outputs.length - 1 });
      } else if (ins.kind === "if" && measured.length > 0) {
        const lits = measured.slice(-ins.lits).map((bit, j) => ({ bit, value: ins.values[j]! }));
        const then: Op[] = ops.slice(next, next + ins.thenOps);
        const els: Op[] = ops.slice(next + ins.thenOps, next + ins.thenOps + ins.elseOps);
        next += ins.thenOps + ins.elseOps;
        if (ins.measureInside) { then.push({ kind: "measure", qubit: ins.qubit, bit: bits }); measured.push(bits++); }
        out.push({ kind: "if", when: lits, then, else: els });
      }
    }
    while (next < ops.length) out.push(ops[next++]!);
    const finals: number[] = [];
    for (let q = 0; q < nq; q++) { finals.push(bits); out.push({ kind: "measure", qubit: q, bit: bits++ }); }
    const bitOutputs: Output[] = [
      { kind: "bits", step: 0, bits: [finals[0]!], array: false },
      { kind: "bits", step: 0, bits: [...measured, ...finals.slice(1)], array: true },
      { kind: "bits", step: 1, bits: [], array: true },
      { kind: "bits", step: 1, bits: [finals[0]!], array: true },
    ];
    // expect outputs keep their indices (ExpectOp.output): bit outputs go after them
    return { c: { ...c, ops: out, numBits: bits, outputs: [...outputs, ...bitOutputs] }, params };
  });
}
