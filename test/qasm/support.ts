// Helpers for the OpenQASM import tests: comparing distributions, turning expectation outputs into the
// measured bits the emitter prints, random dynamic circuits with several outputs.

import { expect } from "vitest";
import type { Circuit, Op, Output } from "../../src/ir/circuit.js";
import { emitQasm3, emitQasm3Program, type EmitQasm3Options, type Qasm3Profile } from "../../src/emit/qasm3/emit.js";
import { buildBatch } from "../../src/batch/batch.js";
import { exactDistribution } from "../../src/sim/reference.js";
import { renderText } from "../../src/diagnostics/render.js";
import { importQasm, type ImportQasmOptions } from "../../src/qasm/index.js";
export { richCircuitArb } from "../support/dynamic-circuits.js";

/** Imports, failing the test with the rendered diagnostics if there is any. */
export function importOk(text: string, file = "test.qasm", opts: ImportQasmOptions = {}): Circuit {
  const r = importQasm(text, file, opts);
  if (!r.circuit || r.diagnostics.length > 0) {
    throw new Error(`import failed:\n${renderText(r.diagnostics, new Map([[file, text]]))}\n--- program ---\n${text}`);
  }
  return r.circuit;
}

/** The largest |p − q| over all outcomes (a missing outcome has probability 0). */
export function maxDiff(p: ReadonlyMap<string, number>, q: ReadonlyMap<string, number>): number {
  let d = 0;
  for (const k of new Set([...p.keys(), ...q.keys()])) d = Math.max(d, Math.abs((p.get(k) ?? 0) - (q.get(k) ?? 0)));
  return d;
}

export function expectSameDistribution(actual: ReadonlyMap<string, number>, expected: ReadonlyMap<string, number>, context = "", tol = 1e-12): void {
  const d = maxDiff(actual, expected);
  if (d > tol) {
    const show = (m: ReadonlyMap<string, number>) => [...m].sort().map(([k, p]) => `${k}: ${p}`).join("\n");
    expect.fail(`distributions differ by ${d}\n${context}\nexpected:\n${show(expected)}\nactual:\n${show(actual)}`);
  }
}

/**
 * The circuit the emitter actually prints: every `expect` output k becomes a `bits` output (array) of
 * fresh bits, measured where the expectation is taken — rotate each factor's qubit to the Z basis
 * (X: h; Y: sdg, h), measure, rotate back — exactly as src/emit/qasm3/emit.ts does. (The simulator's
 * expectation does not collapse the state; the emitted measurement does, so only this circuit is
 * comparable with an imported one.)
 */
export function materializeExpectations(c: Circuit): Circuit {
  let numBits = c.numBits;
  const outputs: Output[] = [...c.outputs];
  const g = (name: string, qubit: number): Op => ({ kind: "gate", name, args: [], qubits: [qubit], mods: [] });
  const rewrite = (ops: readonly Op[]): Op[] => ops.flatMap((op): Op[] => {
    if (op.kind === "if") return [{ ...op, then: rewrite(op.then), else: rewrite(op.else) }];
    if (op.kind !== "expect") return [op];
    const o = c.outputs[op.output];
    if (!o || o.kind !== "expect") throw new Error("expect op without an expect output");
    const bits = o.factors.map(() => numBits++);
    outputs[op.output] = { kind: "bits", step: o.step, bits, array: true };
    const out: Op[] = [];
    for (const f of o.factors) {
      if (f.pauli === "X") out.push(g("h", f.qubit));
      else if (f.pauli === "Y") out.push(g("sdg", f.qubit), g("h", f.qubit));
    }
    o.factors.forEach((f, j) => out.push({ kind: "measure", qubit: f.qubit, bit: bits[j]! }));
    for (const f of o.factors) {
      if (f.pauli === "X") out.push(g("h", f.qubit));
      else if (f.pauli === "Y") out.push(g("h", f.qubit), g("s", f.qubit));
    }
    return out;
  });
  const ops = rewrite(c.ops);
  return { ...c, ops, numBits, outputs };
}

/**
 * Emits `c` (params bound), imports the text and checks that the imported circuit has one output per
 * declared output, in order, with the emitted shape, and the same exact distribution over them.
 * Returns the program text and the imported circuit.
 */
/**
 * Emits every program of c's readout batch (src/batch/batch.ts; one unless an expectation's qubits are used
 * later), imports each back, and compares its exact output distribution with the program's circuit in which
 * every expectation is replaced by its measurement. Returns the main program (the first).
 */
export function roundTrip(c: Circuit, params: readonly number[], profile: Qasm3Profile, tol = 1e-12): { text: string; imported: Circuit; programs: number } {
  const batch = buildBatch(c);
  const trips = batch.circuits.map((pc, i) => roundTripProgram(pc, params, profile, tol, batch.outputIndex[i]!));
  return { ...trips[0]!, programs: trips.length };
}

/** The OpenQASM text of every program of c's readout batch. */
export function emitPrograms(c: Circuit, opts: EmitQasm3Options): string[] {
  const batch = buildBatch(c);
  return batch.circuits.map((pc, i) => emitQasm3(pc, { ...opts, outputIndex: batch.outputIndex[i]! }));
}

function roundTripProgram(c: Circuit, params: readonly number[], profile: Qasm3Profile, tol: number, outputIndex: readonly number[]): { text: string; imported: Circuit } {
  const prog = emitQasm3Program(c, { profile, bind: { params: [...params] }, outputIndex });
  const imported = importOk(prog.text, `roundtrip-${profile}.qasm`);
  const comparable = materializeExpectations(c);
  // the mapping of outputs: emitted output k (when it has bits) ↔ imported output in declaration order
  const declared = c.outputs.map((o, k) => ({ o, k })).filter(({ k }) => prog.outputNames[k] !== "");
  expect(imported.outputs.length, prog.text).toBe(declared.length);
  declared.forEach(({ o, k }, i) => {
    const out = imported.outputs[i]!;
    const width = o.kind === "bits" ? o.bits.length : o.factors.length;
    expect(out.kind).toBe("bits");
    if (out.kind !== "bits") return;
    expect(out.bits.length, `output ${k}`).toBe(width);
    expect(out.array, `output ${k}`).toBe(o.kind === "expect" ? true : o.array || width !== 1);
  });
  expect(imported.params).toEqual([]);
  const want = exactDistribution(comparable, [...params]).outputs;
  const got = exactDistribution(imported).outputs;
  expectSameDistribution(got, want, `${profile} profile\n${prog.text}`, tol);
  return { text: prog.text, imported };
}

// ───────────────────────────────────── random dynamic circuits ─────────────────────────────────────
