// The classical baselines (src/baseline) end to end on a tiny easy task (n = 3, k = 2, deterministic
// context): each one learns, is causal in its teacher-forced outputs, is reproducible from its seed,
// reports its carried state, and leaks no tensors.

import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTf, type TF } from "../../src/baseline/tf.js";
import { trainBaseline, type BaselineKind, type BaselineModel, type EpochReport } from "../../src/baseline/train.js";
import { generateHypergraphData } from "../../src/task/generate.js";
import { targetBits } from "../../src/task/sample.js";
import { scoreModel } from "../../src/task/scores.js";

const { train } = generateHypergraphData({ n: 3, k: 2, samples: 200, seed: 11, context: "deterministic", testFraction: 0 });
const targets = train.map(targetBits);
const longest = Math.max(...train.map((s) => s.steps.length));
const options = { hidden: 16, epochs: 30, lr: 0.01, batch: 32, seed: 5 };

let tf: TF;
beforeAll(async () => { tf = await loadTf(); });

describe.each<BaselineKind>(["gru", "lstm", "transformer"])("%s baseline", (kind) => {
  let model: BaselineModel;
  const epochs: EpochReport[] = [];
  const tensorsAfterEpoch: number[] = [];
  let tensorsBefore = 0;

  beforeAll(async () => {
    tensorsBefore = tf.memory().numTensors;
    model = await trainBaseline(kind, train, { ...options, onEpoch: (e) => { epochs.push(e); tensorsAfterEpoch.push(tf.memory().numTensors); } });
  });
  afterAll(() => model?.dispose());

  it("learns the deterministic bit: the loss falls and the last read is right well above chance", async () => {
    expect(epochs.map((e) => e.epoch)).toEqual(Array.from({ length: options.epochs }, (_, i) => i + 1));
    expect(epochs.at(-1)!.loss).toBeLessThan(epochs[0]!.loss - 0.05);
    // the Z reads are fair coins, so per-read accuracy tops out near (n − 1 + 2)/(2n) = 2/3
    expect(epochs.at(-1)!.accuracy).toBeGreaterThan(0.6);
    const scores = await scoreModel(model, train, { seed: 1, shots: 4 });
    expect(scores.deterministicAccuracy!.rate).toBeGreaterThan(0.75);
  });

  it("keeps the number of live tensors flat from epoch to epoch", () => {
    expect(new Set(tensorsAfterEpoch).size).toBe(1);
  });

  it("conditionals[0..t] do not depend on outputs[t..]", async () => {
    const subset = train.slice(0, 12);
    const base = await model.conditionals(subset, subset.map(targetBits));
    await fc.assert(fc.asyncProperty(
      fc.nat({ max: subset.length - 1 }), fc.nat(), fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
      async (i, at, bits) => {
        const s = subset[i]!;
        const t = at % s.queries.length;
        const outputs = subset.map(targetBits);
        for (let u = t; u < s.queries.length; u++) outputs[i]![u] = bits[u]! ? 1 : 0;
        const got = await model.conditionals(subset, outputs);
        expect(Array.from(got[i]!.subarray(0, t + 1))).toEqual(Array.from(base[i]!.subarray(0, t + 1)));
      }), { numRuns: 15, seed: 42 });
  });

  it("gives the same conditionals for the same seed, and different ones for another", async () => {
    const short = { ...options, epochs: 2 };
    const [m1, m2, m3] = [await trainBaseline(kind, train, short), await trainBaseline(kind, train, short), await trainBaseline(kind, train, { ...short, seed: 6 })];
    const [c1, c2, c3] = [await m1.conditionals(train, targets), await m2.conditionals(train, targets), await m3.conditionals(train, targets)];
    for (const m of [m1, m2, m3]) m.dispose();
    expect(c2.map((c) => Array.from(c))).toEqual(c1.map((c) => Array.from(c)));
    expect(c3.map((c) => Array.from(c))).not.toEqual(c1.map((c) => Array.from(c)));
    for (const c of c1) for (const p of c) expect(p > 0 && p < 1).toBe(true);
  });

  it("reports the state it carries from step to step", () => {
    const H = options.hidden;
    const expected = { gru: H, lstm: 2 * H, transformer: 2 * 2 * H * longest }[kind];
    expect(model.memory).toMatchObject({ amount: expected, unit: "floats" });
    expect(model.memory.detail).toMatch(kind === "transformer" ? new RegExp(`key/value cache.*× ${longest} steps`) : /state/);
    expect(model.name).toBe(`${kind}(H=${H})`);
  });

  it("frees every tensor it made when disposed", () => {
    model.dispose();
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });
});

describe("trainBaseline", () => {
  it("refuses bad options and mixed n", async () => {
    await expect(trainBaseline("gru", train, { ...options, hidden: 0 })).rejects.toThrow(/hidden must be a positive integer/);
    await expect(trainBaseline("gru", [], options)).rejects.toThrow(/no training samples/);
    const other = generateHypergraphData({ n: 4, k: 2, samples: 3, seed: 1, context: "random", testFraction: 0 }).train;
    await expect(trainBaseline("gru", [...train, ...other], options)).rejects.toThrow(/different n/);
  });

  it("a transformer refuses sequences longer than its positional embedding", async () => {
    const model = await trainBaseline("transformer", train, { ...options, hidden: 4, epochs: 1 });
    const long = generateHypergraphData({ n: 3, k: 2, samples: 1, seed: 1, context: "deterministic", testFraction: 0, pad: 4 }).train;
    await expect(model.conditionals(long, long.map(targetBits))).rejects.toThrow(/longer than the 6 positions of the transformer/); // C(3, 2) + 3
    model.dispose();
  });
});
