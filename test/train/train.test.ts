// Training the k-HRNN on the hypergraph task through the API: from perturbed and random starts, exact
// resumption, threads that change nothing but the speed, and finite losses for impossible targets.

import { describe, expect, it } from "vitest";
import { generateHypergraphData } from "../../src/task/generate.js";
import { scoreModel } from "../../src/task/scores.js";
import { checkpointJson, checkpointText, readCheckpoint, restoreState } from "../../src/train/checkpoint.js";
import { inProcessSource } from "../../src/train/evaluate.js";
import { workerPool } from "../../src/train/pool.js";
import { LIKELIHOOD_FLOOR, QuantumTaskModel } from "../../src/train/quantum.js";
import { curriculumStages, difficulty, initialState, startParams, train, type TrainOptions } from "../../src/train/trainer.js";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sampleJson } from "../../src/task/sample.js";

const data = generateHypergraphData({ n: 6, k: 3, samples: 400, seed: 1, context: "deterministic" });
const model = new QuantumTaskModel({ file: "examples/khrnn.qseq" });
const base: TrainOptions = { epochs: 4, lr: 0.1, batch: 8, seed: 1, curriculum: false, restarts: 1, init: "model" };

async function trained(o: TrainOptions, start: Float64Array) {
  const state = initialState(start, o);
  await train(inProcessSource(model, data.train, "train"), data.train, start, o, state);
  return state;
}

describe("training the k-HRNN (n = 6, k = 3)", () => {
  it("the exact model is a stationary point: every sample's gradient is zero", () => {
    for (const s of data.train.slice(0, 50)) {
      const g = model.gradient(s, model.init);
      expect(Math.max(...g.gradient.map(Math.abs))).toBeLessThan(1e-9);
      expect(g.loss).toBeCloseTo(5 * Math.log(2), 9); // five uniform Z bits, a certain X bit
    }
  });

  it("reaches 100 % deterministic accuracy and zero support violations on held-out hypergraphs from 0.3 rad off", async () => {
    const start = Float64Array.from([Math.PI - 0.3, 0.3, -0.3, 0.3, -0.3, 0.3, -0.3]);
    const before = await scoreModel(model.sequenceModel(start), data.test);
    expect(before.deterministicAccuracy!.rate).toBeLessThan(1);
    expect(before.supportViolations.rate).toBeGreaterThan(0);
    const state = await trained(base, start);
    expect(state.done).toBe(true);
    expect(state.history).toHaveLength(4);
    expect(state.history.at(-1)!.loss).toBeLessThan(state.history[0]!.loss);
    const after = await scoreModel(model.sequenceModel(state.params), data.test, { shots: 32 });
    expect(after.deterministicAccuracy!.rate).toBe(1);
    expect(after.supportViolations.rate).toBe(0);
    expect(after.kl).toBeLessThan(1e-4);
  });

  it("with the curriculum, reaches 100 % from random starts (3 seeds)", async () => {
    for (const seed of [1, 2, 3]) {
      const o: TrainOptions = { ...base, epochs: 40, seed, curriculum: true, init: "random" };
      const start = await scoreModel(model.sequenceModel(startParams(model.init, o, 0)), data.test);
      expect(start.deterministicAccuracy!.rate, `seed ${seed} starts wrong`).toBeLessThan(0.9);
      const state = await trained(o, model.init);
      const s = await scoreModel(model.sequenceModel(state.params), data.test, { shots: 32 });
      expect(s.deterministicAccuracy!.rate, `seed ${seed}`).toBe(1);
      expect(s.supportViolations.rate, `seed ${seed}`).toBe(0);
    }
  });

  it("orders the curriculum by the difficulty c, starting at c = 0", () => {
    const stages = curriculumStages(data.train);
    expect(stages[0]).toBe(0);
    expect(stages).toEqual([...stages].sort((a, b) => a - b));
    expect(stages.at(-1)).toBe(Math.max(...data.train.map(difficulty)));
  });

  it("resumes from a checkpoint written after any batch with exactly the uninterrupted result", async () => {
    const o: TrainOptions = { ...base, epochs: 3, curriculum: true, restarts: 2, init: "random", seed: 9 };
    const whole = await trained(o, model.init);
    for (const stopAfter of [1, 37, 80]) {
      let batches = 0;
      const state = initialState(model.init, o);
      let saved = "";
      await train(inProcessSource(model, data.train, "train"), data.train, model.init, o, state, {
        onBatch: () => { batches++; },
        shouldStop: () => batches >= stopAfter,
        onCheckpoint: (s) => { saved = checkpointText(checkpointJson({ file: "m", name: "khrnn", sourceHash: model.sourceHash, hyper: {} }, model.labels, { dataFile: "d", dataHash: "h", samples: 1, options: o, state: s })); },
      });
      expect(state.done).toBe(false);
      const dir = mkdtempSync(join(tmpdir(), "qseq-resume-"));
      writeFileSync(join(dir, "c.json"), saved);
      const resumed = restoreState(readCheckpoint(join(dir, "c.json")), model.labels, "c.json");
      await train(inProcessSource(model, data.train, "train"), data.train, model.init, o, resumed);
      expect(Array.from(resumed.params)).toEqual(Array.from(whole.params));
      expect(resumed.history.map((r) => ({ ...r, seconds: 0 }))).toEqual(whole.history.map((r) => ({ ...r, seconds: 0 })));
      expect(resumed.best!.restart).toBe(whole.best!.restart);
    }
  });

  it("worker threads give bit-identical results", async () => {
    const dir = mkdtempSync(join(tmpdir(), "qseq-pool-"));
    const file = join(dir, "train.jsonl");
    const few = data.train.slice(0, 60);
    writeFileSync(file, few.map(sampleJson).join("\n") + "\n");
    const o: TrainOptions = { ...base, epochs: 2, seed: 4, init: "random" };
    const single = initialState(model.init, o);
    await train(inProcessSource(model, few, file), few, model.init, o, single);
    const pool = await workerPool(model.spec, file, model.labels, 2);
    const threaded = initialState(model.init, o);
    try {
      await train(pool, few, model.init, o, threaded);
    } finally {
      await pool.close();
    }
    expect(Array.from(threaded.params)).toEqual(Array.from(single.params));
  });

  it("trains with parameter-shift circuits to the same params as with adjoint gradients", async () => {
    const few = data.train.slice(0, 48);
    const o: TrainOptions = { ...base, epochs: 2 };
    const start = Float64Array.from([Math.PI - 0.3, 0.3, -0.3, 0.3, -0.3, 0.3, -0.3]);
    const adjoint = initialState(start, o), shift = initialState(start, { ...o, method: "param-shift" });
    await train(inProcessSource(model, few, "few"), few, start, o, adjoint);
    await train(inProcessSource(model, few, "few", "param-shift"), few, start, { ...o, method: "param-shift" }, shift);
    for (let i = 0; i < start.length; i++) expect(shift.params[i]).toBeCloseTo(adjoint.params[i]!, 9);
    expect(Math.abs(shift.params[0]! - start[0]!)).toBeGreaterThan(0.1);
  });

  it("gives a target of probability 0 a large finite loss and no NaN", () => {
    // theta = 0: no phases, so every X read gives 0; a sample whose X target is 1 is impossible
    const s = data.train.find((x) => x.targets[x.queries.at(-1)!] === 1)!;
    const p = Float64Array.from(model.init); p[0] = 0;
    const g = model.gradient(s, p);
    expect(g.loss).toBeCloseTo(-Math.log(LIKELIHOOD_FLOOR), 6);
    expect(g.gradient.every(Number.isFinite)).toBe(true);
  });
});
