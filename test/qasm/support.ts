// Helpers for the OpenQASM import tests: comparing distributions, turning expectation outputs into the
// measured bits the emitter prints, random dynamic circuits with several outputs.

import fc from "fast-check";
import { expect } from "vitest";
import type { Circuit, Op, Output } from "../../src/ir/circuit.js";
import { emitQasm3Program, type Qasm3Profile } from "../../src/emit/qasm3/emit.js";
import { exactDistribution } from "../../src/sim/reference.js";
import { renderText } from "../../src/diagnostics/render.js";
import { importQasm, type ImportQasmOptions } from "../../src/qasm/index.js";
import { circuitArb, type GenOptions } from "../ir/random-circuits.js";

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
export function roundTrip(c: Circuit, params: readonly number[], profile: Qasm3Profile, tol = 1e-12): { text: string; imported: Circuit } {
  const prog = emitQasm3Program(c, { profile, bind: { params: [...params] } });
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
export function richCircuitArb(nq: number, o: GenOptions, maxOps = 8): fc.Arbitrary<{ c: Circuit; params: number[] }> {
  const insert: fc.Arbitrary<Insert> = fc.oneof(
    { weight: 3, arbitrary: fc.record({ kind: fc.constant("measure" as const), qubit: fc.integer({ min: 0, max: nq - 1 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("reset" as const), qubit: fc.integer({ min: 0, max: nq - 1 }) }) },
    { weight: 3, arbitrary: fc.record({
      kind: fc.constant("if" as const), lits: fc.integer({ min: 1, max: 2 }), values: fc.array(fc.boolean(), { minLength: 2, maxLength: 2 }),
      thenOps: fc.integer({ min: 0, max: 2 }), elseOps: fc.integer({ min: 0, max: 2 }), measureInside: fc.boolean(), qubit: fc.integer({ min: 0, max: nq - 1 }),
    }) },
    { weight: 1, arbitrary: fc.record({
      kind: fc.constant("expect" as const), paulis: fc.array(fc.constantFrom("X" as const, "Y" as const, "Z" as const), { minLength: 1, maxLength: Math.min(2, nq) }),
      start: fc.integer({ min: 0, max: nq - 1 }),
    }) },
  );
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
