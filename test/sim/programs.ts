// fast-check generators of random circuits WITH classical control: the unitary circuits of
// test/ir/random-circuits.ts (modifiers, nested gate definitions, calls) interleaved with mid-circuit
// measurements, resets, `if`/`else` on measured bits (with measurements inside branches), expectation
// points, and a suffix of terminal measurements. Some measured bits are emitted, some are not.
import fc from "fast-check";
import type { Circuit, Op, Output, PauliLetter, UnitaryOp } from "../../src/ir/circuit.js";
import { circuitArb, gateOpArb, type GenOptions } from "../ir/random-circuits.js";

type Classical =
  | { k: "measure"; qubit: number; emit: boolean }
  | { k: "reset"; qubit: number }
  | { k: "expect"; factors: { pauli: PauliLetter; qubit: number }[] }
  | { k: "if"; lits: { pick: number; value: boolean }[]; then: UnitaryOp[]; els: UnitaryOp[]; measureIn: { qubit: number; emit: boolean } | null };

function classicalArb(nq: number, o: GenOptions): fc.Arbitrary<Classical> {
  const q = fc.integer({ min: 0, max: nq - 1 });
  const body = fc.array(gateOpArb(nq, 0, { ...o, maxCtrl: 1 }), { maxLength: 2 });
  return fc.oneof(
    { weight: 4, arbitrary: fc.record({ qubit: q, emit: fc.boolean() }).map((r): Classical => ({ k: "measure", ...r })) },
    { weight: 2, arbitrary: q.map((qubit): Classical => ({ k: "reset", qubit })) },
    {
      weight: 1,
      arbitrary: fc.shuffledSubarray([...Array(nq).keys()], { minLength: 1, maxLength: Math.min(3, nq) })
        .chain((qs) => fc.array(fc.constantFrom<PauliLetter>("X", "Y", "Z"), { minLength: qs.length, maxLength: qs.length })
          .map((ps): Classical => ({ k: "expect", factors: qs.map((qubit, i) => ({ pauli: ps[i]!, qubit })) }))),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        lits: fc.array(fc.record({ pick: fc.nat(), value: fc.boolean() }), { minLength: 1, maxLength: 2 }),
        then: body, els: body,
        measureIn: fc.option(fc.record({ qubit: q, emit: fc.boolean() }), { nil: null }),
      }).map((r): Classical => ({ k: "if", ...r })),
    },
  );
}

export interface ProgramCase { c: Circuit; params: number[] }

/**
 * A random circuit on `nq` qubits: `circuitArb`'s unitary ops with up to `maxClassical` classical ops
 * inserted at random positions, then terminal measurements of a random subset of qubits.
 */
export function programArb(nq: number, o: GenOptions, maxOps = 6, maxClassical = 5): fc.Arbitrary<ProgramCase> {
  return fc.tuple(
    circuitArb(nq, o, maxOps),
    fc.array(fc.tuple(fc.nat(), classicalArb(nq, o)), { maxLength: maxClassical }),
    fc.array(fc.record({ qubit: fc.integer({ min: 0, max: nq - 1 }), emit: fc.boolean() }), { maxLength: nq }),
  ).map(([{ c, params }, inserts, terminal]) => {
    const slots: (Op | Classical)[] = [...c.ops];
    for (const [at, x] of inserts) slots.splice(at % (slots.length + 1), 0, x);
    let numBits = 0;
    const emitted: number[] = [];
    const outputs: Output[] = [];
    const measure = (qubit: number, emit: boolean): Op => {
      const bit = numBits++;
      if (emit) emitted.push(bit);
      return { kind: "measure", qubit, bit };
    };
    const ops: Op[] = [];
    for (const s of slots) {
      if (!("k" in s)) { ops.push(s); continue; }
      switch (s.k) {
        case "measure": ops.push(measure(s.qubit, s.emit)); break;
        case "reset": ops.push({ kind: "reset", qubit: s.qubit }); break;
        case "expect":
          outputs.push({ kind: "expect", step: 0, factors: s.factors });
          ops.push({ kind: "expect", output: outputs.length - 1 });
          break;
        case "if": {
          if (numBits === 0) break;
          const seen = new Set<number>();
          const when = s.lits.map((l) => ({ bit: l.pick % numBits, value: l.value })).filter((l) => !seen.has(l.bit) && seen.add(l.bit));
          const then: Op[] = [...s.then];
          if (s.measureIn) then.push(measure(s.measureIn.qubit, s.measureIn.emit));
          ops.push({ kind: "if", when, then, else: s.els });
          break;
        }
      }
    }
    for (const t of terminal) ops.push(measure(t.qubit, t.emit));
    // emitted bits in two outputs (the second in reverse order, so that output order ≠ bit order)
    const half = Math.ceil(emitted.length / 2);
    const bitOutputs: Output[] = [];
    if (half > 0) bitOutputs.push({ kind: "bits", step: 0, bits: emitted.slice(0, half), array: true });
    if (emitted.length > half) bitOutputs.push({ kind: "bits", step: 1, bits: emitted.slice(half).reverse(), array: true });
    // expect ops refer to output indices: put the bit outputs after the expect outputs
    const circuit: Circuit = { ...c, numBits, ops, outputs: [...outputs, ...bitOutputs] };
    return { c: circuit, params };
  });
}
