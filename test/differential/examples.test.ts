// The examples, end to end: .qseq → circuit IR → OpenQASM 3 (both profiles, params bound) → run by
// qsharp-lang, an independent OpenQASM 3 implementation; measured distributions must agree with the
// exact distribution computed from the circuit IR by the reference simulator (and the fast simulator
// must agree with the reference).
//
// Statistical bounds (failure probability < 1e-6 per comparison, so the suite never flakes):
// - a distribution over K outcomes from N shots: total variation distance
//   TV ≤ sqrt((K·ln 2 + ln(1/δ)) / (2N))  (Bretagnolle–Huber–Carol), and no outcome outside the exact support;
// - an expectation ⟨P⟩ ∈ [−1, 1] from N ±1 samples: |mean − ⟨P⟩| ≤ sqrt(2·ln(2/δ) / N)  (Hoeffding).

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { emitQasm3 } from "../../src/emit/qasm3/emit.js";
import type { Circuit } from "../../src/ir/circuit.js";
import { initialParamValues } from "../../src/ir/circuit.js";
import { buildCircuit } from "../../src/pipeline.js";
import { compileSimulation } from "../../src/sim/index.js";
import { exactDistribution } from "../../src/sim/reference.js";
import { histogram, runQasm } from "../support/qsharp.js";

const DELTA = 1e-6;
const SHOTS = 1500;

const tvBound = (k: number, n: number): number => Math.sqrt((k * Math.LN2 + Math.log(1 / DELTA)) / (2 * n));
const meanBound = (n: number): number => Math.sqrt((2 * Math.log(2 / DELTA)) / n);

function compile(file: string, opts: Parameters<typeof buildCircuit>[1]): Circuit {
  const r = buildCircuit(file, opts);
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return r.circuit!;
}

function totalVariation(p: Map<string, number>, counts: Map<string, number>, shots: number): number {
  const keys = new Set([...p.keys(), ...counts.keys()]);
  let tv = 0;
  for (const k of keys) tv += Math.abs((p.get(k) ?? 0) - (counts.get(k) ?? 0) / shots);
  return tv / 2;
}

/** The emitted program's output variables, one per circuit output, in output order. */
function outputNames(qasm: string): string[] {
  return [...qasm.matchAll(/^output bit(?:\[\d+\])? (\w+);/gm)].map((m) => m[1]!);
}

describe("k-HRNN example through qsharp-lang", () => {
  // A small deterministic context: vertex 2 read in X after the others in Z (n = 4, k = 3).
  const tokens = "Edge(0,1,2) Edge(1,2,3) Edge(0,2,3) ReadZ(0) ReadZ(1) ReadZ(3) ReadX(2)";
  const c = compile("examples/khrnn.qseq", { tokens: { text: tokens, file: "<t>" }, hyper: new Map([["n", 4]]) });
  const exact = exactDistribution(c);

  it("is simulated identically by the fast simulator", () => {
    const fast = compileSimulation(c).exact(initialParamValues(c));
    for (const [k, p] of exact.outputs) expect(fast.outputs.get(k) ?? 0).toBeCloseTo(p, 12);
    expect(fast.outputs.size).toBe(exact.outputs.size);
  });

  it("has the hypergraph task's deterministic X outcome in the exact IR distribution", () => {
    // o2 = Σ_{e ∋ 2} Π_{i ∈ e∖{2}} z_i = z0·z1 + z1·z3 + z0·z3 (mod 2); Z outcomes uniform.
    expect(exact.outputs.size).toBe(8);
    for (const [key, p] of exact.outputs) {
      const [z0, z1, z3, o2] = [...key].map(Number) as [number, number, number, number];
      expect(o2).toBe((z0 * z1 + z1 * z3 + z0 * z3) % 2);
      expect(p).toBeCloseTo(1 / 8, 12);
    }
  });

  it.each(["full", "portable"] as const)("agrees with the exact distribution (%s profile)", async (profile) => {
    const qasm = emitQasm3(c, { profile, bind: { params: initialParamValues(c) } });
    const run = await runQasm(qasm, SHOTS);
    const counts = histogram(run, outputNames(qasm)).entries();
    const joined = new Map([...counts].map(([k, v]) => [k.replace(/ /g, ""), v]));
    for (const k of joined.keys()) expect(exact.outputs.get(k) ?? 0, `outcome ${k} is outside the exact support`).toBeGreaterThan(0);
    expect(totalVariation(exact.outputs, joined, SHOTS)).toBeLessThan(tvBound(exact.outputs.size, SHOTS));
  });

  it("agrees at trained-looking (non-Clifford) params too", async () => {
    const params = initialParamValues(c).map((v, i) => v + 0.3 + 0.1 * i);
    const ex = exactDistribution(c, params);
    const qasm = emitQasm3(c, { profile: "portable", bind: { params } });
    const run = await runQasm(qasm, SHOTS);
    const joined = new Map([...histogram(run, outputNames(qasm))].map(([k, v]) => [k.replace(/ /g, ""), v]));
    expect(totalVariation(ex.outputs, joined, SHOTS)).toBeLessThan(tvBound(ex.outputs.size, SHOTS));
  });
});

describe("QRNN example through qsharp-lang", () => {
  const inputs = JSON.stringify([[0.5, 1.2], [1.4, -0.3], [2.0, 0.8]]);
  const c = compile("examples/qrnn.qseq", { inputs: { text: inputs, file: "<inputs>" }, hyper: new Map([["n", 3]]) });
  const params = initialParamValues(c).map((v, i) => v + 0.2 * Math.sin(i + 1));
  const exact = exactDistribution(c, params);

  it.each(["full", "portable"] as const)("estimates every emitted expectation within its bound (%s profile)", async (profile) => {
    const qasm = emitQasm3(c, { profile, bind: { params } });
    const names = outputNames(qasm);
    expect(names).toHaveLength(c.outputs.length);
    const run = await runQasm(qasm, SHOTS);
    c.outputs.forEach((o, i) => {
      expect(o.kind).toBe("expect");
      const col = run.names.indexOf(names[i]!);
      // The product's ±1 sample is (−1)^(parity of the measured bits).
      const mean = run.shots.reduce((s, shot) => s + ((([...shot[col]!].filter((b) => b === "1").length) % 2) ? -1 : 1), 0) / SHOTS;
      expect(Math.abs(mean - exact.expectations.get(i)!), `output ${i}`).toBeLessThan(meanBound(SHOTS));
    });
  });

  it("has non-trivial expectations (the test would catch a wrong sign)", () => {
    expect([...exact.expectations.values()].some((v) => Math.abs(v) > 0.3)).toBe(true);
  });
});

describe("the sample inputs shipped with the examples", () => {
  it("compile in both profiles", () => {
    const k = compile("examples/khrnn.qseq", { tokens: { text: readFileSync("examples/khrnn.tokens", "utf8"), file: "examples/khrnn.tokens" } });
    const q = compile("examples/qrnn.qseq", { inputs: { text: readFileSync("examples/qrnn.inputs.json", "utf8"), file: "examples/qrnn.inputs.json" } });
    for (const c of [k, q]) for (const profile of ["full", "portable"] as const) {
      expect(emitQasm3(c, { profile }).startsWith("OPENQASM 3.0;")).toBe(true);
    }
  });
});
