// The readout pass (src/ir/readout.ts) and readout batches (src/batch/batch.ts): which expectation outputs
// need a prefix program, and — the property that matters — that the batch's programs, with expectations
// measured as hardware measures them, read exactly the simulator's (undisturbed) outputs.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildBatch, combineBatch } from "../../src/batch/batch.js";
import type { Circuit, Op, Output, PauliLetter } from "../../src/ir/circuit.js";
import { measureExpectations } from "../../src/ir/measure-expectations.js";
import { planReadout, programCircuit } from "../../src/ir/readout.js";
import { exactDistribution } from "../../src/sim/reference.js";
import { circuit, gate } from "../support/circuits.js";
import { richCircuitArb } from "../support/dynamic-circuits.js";

/** A circuit from ops where `E(letter, q)` stands for a fresh single-factor expectation output. */
function withExpects(nq: number, items: (Op | { E: PauliLetter; q: number })[], bitOutputs: Output[] = [], numBits = 0): Circuit {
  const outputs: Output[] = [];
  const ops: Op[] = items.map((it) => {
    if (!("E" in it)) return it;
    outputs.push({ kind: "expect", step: outputs.length, factors: [{ pauli: it.E, qubit: it.q }] });
    return { kind: "expect", output: outputs.length - 1 };
  });
  return circuit(nq, ops, { outputs: [...outputs, ...bitOutputs], numBits });
}

const measure = (qubit: number, bit: number): Op => ({ kind: "measure", qubit, bit });
const reset = (qubit: number): Op => ({ kind: "reset", qubit });

describe("planReadout", () => {
  it("keeps one program when every expectation's qubit is next reset, Z-measured after a Z factor, or never used", () => {
    const c = withExpects(2, [
      gate("h", [0]), { E: "X", q: 0 }, reset(0),          // reset after dephasing = reset
      gate("h", [1]), { E: "Z", q: 1 }, measure(1, 0),      // a Z measurement absorbs Z dephasing
      gate("ry", [0], [0.3]), { E: "Y", q: 0 }, gate("h", [1]), // q0 never used again
    ], [{ kind: "bits", step: 9, bits: [0], array: false }], 1);
    const r = planReadout(c);
    expect(r.disturbed).toEqual([]);
    expect(r.programs).toEqual([{ end: c.ops.length, outputs: [0, 1, 2, 3], main: true }]);
  });

  it("gives a prefix program to an expectation whose qubit a later gate, or a Z measurement after an X factor, uses", () => {
    const c = withExpects(2, [
      gate("h", [0]), { E: "X", q: 0 }, gate("h", [1]), { E: "Z", q: 1 },
      measure(0, 0),                 // X factor, then a Z measurement: output 0 is disturbed
      gate("rx", [1], [0.2]),        // a gate: output 1 is disturbed
      { E: "Z", q: 1 },
    ], [{ kind: "bits", step: 9, bits: [0], array: false }], 1);
    const r = planReadout(c);
    expect(r.disturbed.map((d) => [d.output, d.qubit, d.op.kind])).toEqual([[0, 0, "measure"], [1, 1, "gate"]]);
    // one cut serves both (before the measurement), and the prefix ends after its last expectation
    expect(r.programs).toEqual([
      { end: c.ops.length, outputs: [2, 3], main: true },
      { end: 4, outputs: [0, 1], main: false },
    ]);
  });

  it("treats an expectation in the same basis as transparent and one in another basis as a disturbance", () => {
    const c = withExpects(1, [gate("h", [0]), { E: "X", q: 0 }, { E: "X", q: 0 }, { E: "Z", q: 0 }]);
    const r = planReadout(c);
    expect(r.disturbed.map((d) => d.output)).toEqual([0, 1]);
    expect(r.programs).toEqual([{ end: 4, outputs: [2], main: true }, { end: 3, outputs: [0, 1], main: false }]);
  });

  it("uses the fewest programs: a recurrent expectation at every step needs one prefix per step but the last", () => {
    const items: (Op | { E: PauliLetter; q: number })[] = [];
    for (let s = 0; s < 6; s++) items.push(gate("ry", [0], [0.1 * (s + 1)]), { E: "Z", q: 0 });
    const r = planReadout(withExpects(1, items));
    expect(r.programs.length).toBe(6);
    expect(r.programs.map((p) => p.end)).toEqual([12, 2, 4, 6, 8, 10]);
    // an expectation on a second qubit that nothing disturbs joins the main program
    const two = withExpects(2, [gate("h", [1]), { E: "X", q: 1 }, ...items]);
    expect(planReadout(two).programs[0]!.outputs).toEqual([0, 6]);
  });

  it("reads only the outputs asked for, and no main program without bits when none is needed", () => {
    const c = withExpects(1, [gate("ry", [0], [0.3]), { E: "Z", q: 0 }, gate("ry", [0], [0.3]), { E: "Z", q: 0 }]);
    expect(planReadout(c, { bits: false, expectations: new Set([0]) }).programs).toEqual([{ end: 2, outputs: [0], main: false }]);
  });
});

/** ⟨P⟩ of a bits output holding an expectation's measured factors, from a distribution over all bit outputs. */
function parityMeans(c: Circuit): Map<number, number> {
  const dist = exactDistribution(c).outputs;
  const out = new Map<number, number>();
  let at = 0;
  c.outputs.forEach((o, k) => {
    const w = o.kind === "bits" ? o.bits.length : 0;
    let m = 0;
    for (const [key, p] of dist) m += (key.slice(at, at + w).split("1").length - 1) % 2 === 0 ? p : -p;
    out.set(k, m);
    at += w;
  });
  return out;
}

describe("readout batches read the simulator's outputs", () => {
  it("every expectation of random dynamic circuits, measured in its batch program, equals the undisturbed value", () => {
    let disturbedCircuits = 0, prefixPrograms = 0, outputsChecked = 0;
    fc.assert(fc.property(richCircuitArb(3, { maxCtrl: 2, fractionalPow: true }, 8), ({ c, params }) => {
      const bound = { ...c, params: c.params.map((p, i) => ({ ...p, init: params[i]! })) };
      const exact = exactDistribution(bound);
      const batch = buildBatch(bound);
      // every output is read by exactly one program
      const readers = new Map<number, number>();
      batch.outputIndex.forEach((outs, i) => outs.forEach((k) => { expect(readers.has(k)).toBe(false); readers.set(k, i); }));
      expect([...readers.keys()].sort((a, b) => a - b)).toEqual(c.outputs.map((_, k) => k));
      if (batch.readout.disturbed.length) disturbedCircuits++;
      prefixPrograms += batch.manifest.report.prefixPrograms;
      batch.circuits.forEach((pc, i) => {
        const measured = measureExpectations(pc);
        const means = parityMeans(measured);
        pc.outputs.forEach((o, k) => {
          if (o.kind !== "expect") return;
          outputsChecked++;
          expect(means.get(k)!).toBeCloseTo(exact.expectations.get(batch.outputIndex[i]![k]!)!, 10);
        });
        // the main program's bit outputs keep the circuit's emitted-bit distribution
        if (batch.readout.programs[i]!.main) {
          const bitsOnly = programCircuit(bound, { end: bound.ops.length, outputs: c.outputs.flatMap((o, k) => (o.kind === "bits" ? [k] : [])), main: true });
          const want = exactDistribution(bitsOnly).outputs;
          const got = new Map<string, number>();
          for (const [key, p] of exactDistribution(measured).outputs) {
            let bits = "", at = 0;
            measured.outputs.forEach((o, k) => {
              const w = o.kind === "bits" ? o.bits.length : 0;
              if (pc.outputs[k]!.kind === "bits") bits += key.slice(at, at + w); // expectations became bits too
              at += w;
            });
            got.set(bits, (got.get(bits) ?? 0) + p);
          }
          for (const [bits, p] of want) expect(got.get(bits) ?? 0).toBeCloseTo(p, 10);
        }
      });
    }), { numRuns: 400, seed: 8_181 });
    // not vacuous: many circuits need prefixes, and many expectations were compared
    expect(disturbedCircuits).toBeGreaterThan(80);
    expect(prefixPrograms).toBeGreaterThan(100);
    expect(outputsChecked).toBeGreaterThan(120);
  });

  it("combines counts into the outputs: expectations with standard errors, the bit distribution from the main program", () => {
    const c = withExpects(1, [gate("ry", [0], [0.5]), { E: "Z", q: 0 }, gate("ry", [0], [0.5]), { E: "X", q: 0 }, measure(0, 0)],
      [{ kind: "bits", step: 2, bits: [0], array: false }], 1);
    const batch = buildBatch(c);
    expect(batch.manifest.circuits.map((p) => p.layout)).toEqual([
      [{ output: 2, kind: "bits", width: 1 }],
      [{ output: 0, kind: "expect", width: 1 }],
      [{ output: 1, kind: "expect", width: 1 }],
    ]);
    const r = combineBatch(batch.manifest, [{ counts: { 0: 30, 1: 70 } }, { counts: { 0: 90, 1: 10 } }, { expectations: [0.25] }]);
    expect(r.distribution).toEqual([{ bits: "1", count: 70, probability: 0.7 }, { bits: "0", count: 30, probability: 0.3 }]);
    expect(r.expectations.map((e) => [e.output, e.value, e.circuit])).toEqual([[0, 0.8, 1], [1, 0.25, 2]]);
    expect(r.expectations[0]!.stderr).toBeCloseTo(Math.sqrt((1 - 0.64) / 99), 12);
    expect(() => combineBatch(batch.manifest, [{ counts: { 0: 1 } }])).toThrow(/1 result\(s\) for 3 circuit/);
    expect(() => combineBatch(batch.manifest, [{ counts: { "01": 1 } }, { counts: { 0: 1 } }, { counts: { 0: 1 } }])).toThrow(/must be 1 character/);
  });
});
