// Random *dynamic* circuits for differential tests: a random unitary circuit (with gate definitions,
// modifiers and calls, from test/ir/random-circuits.ts) interleaved with mid-circuit measurements,
// resets and classical feed-forward, ending with a measurement of every qubit. All measured bits form
// one array output, so a shot's key is the whole bit string (bit 0 first).

import fc from "fast-check";
import type { Circuit, Op } from "../../src/ir/circuit.js";
import { circuitArb, type GenOptions } from "../ir/random-circuits.js";

export interface DynamicCircuit { readonly c: Circuit; readonly params: number[] }

type Insert = { kind: "measure" | "reset"; qubit: number } | { kind: "if"; negate: boolean; thenOps: number; elseOps: number };

export function dynamicCircuitArb(nq: number, o: GenOptions, maxOps = 8): fc.Arbitrary<DynamicCircuit> {
  const insert: fc.Arbitrary<Insert> = fc.oneof(
    fc.record({ kind: fc.constant("measure" as const), qubit: fc.integer({ min: 0, max: nq - 1 }) }),
    fc.record({ kind: fc.constant("reset" as const), qubit: fc.integer({ min: 0, max: nq - 1 }) }),
    fc.record({ kind: fc.constant("if" as const), negate: fc.boolean(), thenOps: fc.integer({ min: 0, max: 2 }), elseOps: fc.integer({ min: 0, max: 1 }) }),
  );
  return fc.tuple(circuitArb(nq, o, maxOps), fc.array(fc.tuple(fc.nat(), insert), { maxLength: 4 })).map(([{ c, params }, inserts]) => {
    const ops: Op[] = [...c.ops];
    let bits = 0;
    const measured: number[] = [];
    // Inserts at positions in increasing order, so an `if` can only test a bit measured before it.
    const sorted = inserts.map(([at, ins]) => [at % (ops.length + 1), ins] as const).sort((a, b) => a[0] - b[0]);
    const out: Op[] = [];
    let next = 0;
    for (const [at, ins] of sorted) {
      while (next < at) out.push(ops[next++]!);
      if (ins.kind === "measure") { measured.push(bits); out.push({ kind: "measure", qubit: ins.qubit, bit: bits++ }); }
      else if (ins.kind === "reset") out.push({ kind: "reset", qubit: ins.qubit });
      else if (ins.kind === "if" && measured.length > 0) {
        // Feed-forward: the branches reuse upcoming gates of the circuit, so they are as rich as the rest.
        const then = ops.slice(next, next + ins.thenOps);
        const els = ops.slice(next + ins.thenOps, next + ins.thenOps + ins.elseOps);
        next += ins.thenOps + ins.elseOps;
        out.push({ kind: "if", when: [{ bit: measured[measured.length - 1]!, value: !ins.negate }], then, else: els });
      }
    }
    while (next < ops.length) out.push(ops[next++]!);
    for (let q = 0; q < nq; q++) out.push({ kind: "measure", qubit: q, bit: bits++ });
    const all = Array.from({ length: bits }, (_, i) => i);
    return {
      c: { ...c, ops: out, numBits: bits, outputs: [{ kind: "bits", step: 0, bits: all, array: true }] },
      params,
    };
  });
}
