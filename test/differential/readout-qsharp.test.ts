// Expectation outputs on hardware mean what they mean on the simulator: on random recurrent models with
// expectations at random steps (their qubits used by later steps), every program of the readout batch is
// emitted, run through qsharp-lang (an independent OpenQASM 3 implementation), and its counts combined
// with the batch manifest; each estimate must agree with our simulator's exact, undisturbed value within
// its standard error (|z| < 5 per output, and the z's must be calibrated: mean z² near 1).

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildBatch, combineBatch } from "../../src/batch/batch.js";
import type { CircuitResult } from "../../src/batch/manifest.js";
import { emitQasm3Program } from "../../src/emit/qasm3/emit.js";
import { initialParamValues } from "../../src/ir/circuit.js";
import { buildCircuit } from "../../src/pipeline.js";
import { compileSimulation } from "../../src/sim/index.js";
import { randomModelArb } from "../support/random-models.js";
import { histogram, runQasm } from "../support/qsharp.js";

const MODELS = 110;
const SHOTS = 600;

describe("readout batches through qsharp-lang", () => {
  it(`${MODELS} random recurrent models: every expectation estimated from the batch equals the simulator's exact value`, async () => {
    const models = fc.sample(randomModelArb(), { numRuns: MODELS, seed: 20_261_203 });
    const zs: number[] = [];
    let withPrefixes = 0, programs = 0;
    for (const [m, model] of models.entries()) {
      const built = buildCircuit("rnd.qseq", { entryText: model.source, tokens: { file: "t", text: model.tokens } });
      expect(built.diagnostics.filter((d) => d.severity === "error"), model.source).toEqual([]);
      const c = built.circuit!;
      const params = initialParamValues(c);
      const exact = compileSimulation(c).exact(params).expectations;
      const batch = buildBatch(c, { params });
      if (batch.manifest.report.prefixPrograms > 0) withPrefixes++;
      programs += batch.circuits.length;
      const results: CircuitResult[] = [];
      for (const [i, pc] of batch.circuits.entries()) {
        const prog = emitQasm3Program(pc, { profile: m % 2 ? "portable" : "full", bind: { params }, outputIndex: batch.outputIndex[i]! });
        const run = await runQasm(prog.text, SHOTS, { seed: 1000 + m * 16 + i });
        const counts: Record<string, number> = {};
        for (const [key, n] of histogram(run, prog.outputNames.filter((x) => x !== ""))) counts[key.replace(/ /g, "")] = n;
        results.push({ counts });
      }
      const outputs = combineBatch(batch.manifest, results);
      expect(outputs.expectations.length).toBe(c.outputs.length);
      for (const e of outputs.expectations) {
        const want = exact.get(e.output)!;
        // the exact standard error of a mean of ±1 samples whose mean is `want`
        const se = Math.sqrt(Math.max(0, 1 - want * want) / SHOTS);
        const what = `model ${m}, output ${e.output} (step ${e.step}) ⟨${e.observable}⟩: ${e.value} vs exact ${want}\n${model.source}${model.tokens}`;
        if (se < 1e-9) { expect(Math.abs(e.value - want), what).toBeLessThan(1e-9); continue; }
        const z = (e.value - want) / se;
        expect(Math.abs(z), what).toBeLessThan(5);
        zs.push(z);
      }
    }
    // not vacuous: most models need prefix programs, and hundreds of outputs were compared
    expect(withPrefixes).toBeGreaterThan(MODELS / 2);
    expect(programs).toBeGreaterThan(1.6 * MODELS);
    expect(zs.length).toBeGreaterThan(150);
    const meanZ2 = zs.reduce((s, z) => s + z * z, 0) / zs.length;
    console.log(`readout differential: ${MODELS} models, ${withPrefixes} with prefix programs, ${programs} programs, ${zs.length} outputs, mean z² ${meanZ2.toFixed(3)}`);
    expect(meanZ2).toBeGreaterThan(0.6);
    expect(meanZ2).toBeLessThan(1.6);
  });
});
