// Round trip: circuit → emitQasm3 (both profiles, params bound) → importQasm → the same exact output
// distribution (reference simulator, to 1e-12).
//
// What is compared (the mapping the importer documents in src/qasm/index.ts): the emitter declares one
// `output` per circuit output that has bits (`y<k>` for bit outputs, `e<k>` for expectation outputs,
// which it measures in the Pauli eigenbasis), and the importer turns the `output` declarations, in order,
// into `bits` outputs. So the imported circuit is compared with the original circuit in which every
// expectation is replaced by that measurement (`materializeExpectations`); the first expectation taken
// is also compared with the original's ⟨P⟩ directly.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildCircuit } from "../../src/pipeline.js";
import { initialParamValues, type Circuit } from "../../src/ir/circuit.js";
import { emitQasm3Program } from "../../src/emit/qasm3/emit.js";
import { buildBatch } from "../../src/batch/batch.js";
import { exactDistribution } from "../../src/sim/reference.js";
import { importOk, expectSameDistribution, materializeExpectations, richCircuitArb, roundTrip } from "./support.js";

const PROFILES = ["full", "portable"] as const;

function khrnn(tokens: string): Circuit {
  const r = buildCircuit("examples/khrnn.qseq", { tokens: { text: tokens, file: "tokens.txt" } });
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return r.circuit!;
}

function qrnn(x: number[][]): Circuit {
  const r = buildCircuit("examples/qrnn.qseq", { inputs: { text: JSON.stringify({ x }), file: "x.json" } });
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return r.circuit!;
}

/** ⟨P⟩ of expectation output k from a distribution over the concatenated output bits. */
function parityMean(dist: ReadonlyMap<string, number>, offset: number, width: number): number {
  let m = 0;
  for (const [key, p] of dist) m += ((key.slice(offset, offset + width).split("1").length - 1) % 2 === 0 ? p : -p);
  return m;
}

describe("round trip of the example models", () => {
  const KHRNN_TOKENS = "Edge(0,1,2) Edge(1,2,3) Edge(0,4,5) ReadZ(0) ReadZ(1) ReadX(3) ReadZ(2)";

  it.each(PROFILES)("examples/khrnn.qseq (%s profile): resets, controlled-phase cells, Z and X reads", (profile) => {
    const c = khrnn(KHRNN_TOKENS);
    const init = Array.from(initialParamValues(c));
    roundTrip(c, init, profile);
    // a weighted hypergraph and non-zero read angles
    const { imported } = roundTrip(c, init.map((_, i) => (i === 0 ? -2.2 : 0.4 * i - 1)), profile);
    expect(imported.outputs.length).toBe(4);
    expect(imported.registers.map((r) => r.size)).toEqual([6]);
  });

  it.each(PROFILES)("examples/qrnn.qseq (%s profile): expectation outputs become measured bits with the simulator's values", (profile) => {
    const c = qrnn([[0.5, 1.2], [1.4, -0.3], [-0.6, 1.7]]);
    const init = Array.from(initialParamValues(c));
    for (const params of [init, init.map((v, i) => v + 0.37 * Math.sin(i + 1))]) {
      const { imported, programs } = roundTrip(c, params, profile);
      // the fresh qubit a[0] is reset before its next use, so one program reads every step's ⟨Z(a[0])⟩
      // undisturbed: each output's parity mean is the simulator's exact (non-collapsing) expectation
      expect(programs).toBe(1);
      const exact = exactDistribution(c, params).expectations;
      const dist = exactDistribution(imported).outputs;
      for (let k = 0; k < c.outputs.length; k++) expect(parityMean(dist, k, 1)).toBeCloseTo(exact.get(k)!, 12);
    }
  });

  it("keeps params late-bound: emit without --bind, import with inputsAsParams, bind at simulation time", () => {
    const c = qrnn([[0.5, 1.2], [1.4, -0.3]]);
    const params = Array.from(initialParamValues(c)).map((v, i) => v + 0.1 * i);
    for (const profile of PROFILES) {
      const prog = emitQasm3Program(c, { profile });
      const imported = importOk(prog.text, "unbound.qasm", { inputsAsParams: true });
      // one param per emitted `input float[64]`, in order, named as emitted (`w[2, 1]` → `w_2_1`)
      expect(imported.params.map((p) => p.name)).toEqual(c.params.map((p) => [p.name, ...p.index].join("_")));
      expect(imported.params.every((p) => p.type === "float" && p.init === 0 && p.index.length === 0)).toBe(true);
      const want = exactDistribution(materializeExpectations(c), params).outputs;
      expectSameDistribution(exactDistribution(imported, params).outputs, want, prog.text);
      // the same values given by name at import time
      const bind = new Map(imported.params.map((p, i) => [p.name, params[i]!]));
      const bound = importOk(prog.text, "bound.qasm", { bind });
      expect(bound.params).toEqual([]);
      expectSameDistribution(exactDistribution(bound).outputs, want, prog.text);
      // and as param initial values
      const asInit = importOk(prog.text, "init.qasm", { bind, inputsAsParams: true });
      expect(asInit.params.map((p) => p.init)).toEqual(params);
      expectSameDistribution(exactDistribution(asInit).outputs, want, prog.text);
    }
  });
});

describe("round trip of random dynamic circuits", () => {
  // defs with nested calls, every catalogue gate with ctrl/negctrl/inv/pow (fractional too), mid-circuit
  // measurement, reset, if on one or two bits (measurements inside branches), expectations, several outputs
  const cases = fc.sample(richCircuitArb(3, { maxCtrl: 2, fractionalPow: true }, 8), { numRuns: 120, seed: 0x9a5 });

  it.each(PROFILES)("120 circuits on 3 qubits, %s profile", (profile) => {
    for (const { c, params } of cases) roundTrip(c, params, profile);
  });

  it("late-bound params on random circuits (full profile, inputsAsParams)", () => {
    for (const { c, params } of cases.slice(0, 40)) {
      const batch = buildBatch(c);
      batch.circuits.forEach((pc, i) => {
        const prog = emitQasm3Program(pc, { profile: "full", outputIndex: batch.outputIndex[i]! });
        const imported = importOk(prog.text, "unbound.qasm", { inputsAsParams: true });
        expect(imported.params.length).toBe(c.params.length);
        const want = exactDistribution(materializeExpectations(pc), params).outputs;
        expectSameDistribution(exactDistribution(imported, params).outputs, want, prog.text);
      });
    }
  });

  it("4-qubit circuits with up to 3 controls", () => {
    const more = fc.sample(richCircuitArb(4, { maxCtrl: 3, fractionalPow: false }, 10), { numRuns: 30, seed: 77 });
    for (const { c, params } of more) for (const profile of PROFILES) roundTrip(c, params, profile);
  });
});
