// The baselines' input encoding (src/baseline/encode.ts): shapes, padding and masking, and that the
// previous-output feature of a step carries the output of the step before it, never its own.

import { describe, expect, it } from "vitest";
import { encodeBatch, featureSize, readValues } from "../../src/baseline/encode.js";
import { generateHypergraphData } from "../../src/task/generate.js";
import { makeSample, type TaskStep } from "../../src/task/sample.js";

const edge = (...vertices: number[]): TaskStep => ({ kind: "edge", vertices });
const read = (basis: "Z" | "X", vertex: number): TaskStep => ({ kind: "read", basis, vertex });

// Edge(0,1) ReadZ(0) ReadZ(1) ReadX(2), targets 1 0 1 (hand-made: the encoder does not check the physics)
const a = makeSample({ n: 3, k: 2, context: "deterministic", edges: [[0, 1]], steps: [edge(0, 1), read("Z", 0), read("Z", 1), read("X", 2)], targets: [null, 1, 0, 1] });
const b = makeSample({ n: 3, k: 2, context: "random", edges: [], steps: [read("X", 1)], targets: [0] });

describe("encodeBatch", () => {
  it("has one feature vector per step: kind one-hot, vertex multi-hot, previous read flag and bit", () => {
    expect(featureSize(3)).toBe(8);
    const e = encodeBatch([a], 3);
    expect([e.batch, e.length, e.features]).toEqual([1, 4, 8]);
    const row = (t: number) => Array.from(e.x.subarray(t * 8, t * 8 + 8));
    //                 E  Z  X  v0 v1 v2 prevRead prevBit
    expect(row(0)).toEqual([1, 0, 0, 1, 1, 0, 0, 0]);
    expect(row(1)).toEqual([0, 1, 0, 1, 0, 0, 0, 0]);
    expect(row(2)).toEqual([0, 1, 0, 0, 1, 0, 1, 1]); // the previous read emitted 1
    expect(row(3)).toEqual([0, 0, 1, 0, 0, 1, 1, 0]); // … and this one's predecessor 0
    expect(Array.from(e.y)).toEqual([0, 1, 0, 1]);
    expect(Array.from(e.mask)).toEqual([0, 1, 1, 1]);
  });

  it("pads a batch to its longest sample with zero steps outside the mask", () => {
    const e = encodeBatch([a, b], 3);
    expect([e.batch, e.length]).toEqual([2, 4]);
    expect(Array.from(e.mask.subarray(4))).toEqual([1, 0, 0, 0]);
    expect(Array.from(e.x.subarray((4 + 1) * 8)).every((v) => v === 0)).toBe(true);
  });

  it("teacher-forces the given outputs instead of the targets", () => {
    const e = encodeBatch([a], 3, [Uint8Array.of(0, 1, 1)]);
    expect(Array.from(e.y)).toEqual([0, 0, 1, 1]);
    expect(e.x[2 * 8 + 7]).toBe(0);
    expect(e.x[3 * 8 + 7]).toBe(1);
    expect(() => encodeBatch([a], 3, [Uint8Array.of(0, 1)])).toThrow(/2 outputs given for a sample with 3 reads/);
    expect(() => encodeBatch([a], 4)).toThrow(/n = 3 given to a baseline for n = 4/);
  });

  it("never shows a read step its own output: flipping output t changes only the steps after read t", () => {
    const { train } = generateHypergraphData({ n: 5, k: 3, samples: 30, seed: 3, context: "random", testFraction: 0, pad: 1 });
    for (const s of train) {
      const base = Uint8Array.from(s.queries, (q) => s.targets[q]!);
      const e0 = encodeBatch([s], 5, [base]);
      s.queries.forEach((q, t) => {
        const flipped = base.slice();
        flipped[t] = 1 - flipped[t]!;
        const e1 = encodeBatch([s], 5, [flipped]);
        const upTo = (q + 1) * e0.features;
        expect(Array.from(e1.x.subarray(0, upTo))).toEqual(Array.from(e0.x.subarray(0, upTo)));
        if (q + 1 < s.steps.length) expect(e1.x[upTo + e0.features - 1]).toBe(1 - e0.x[upTo + e0.features - 1]!);
      });
    }
  });

  it("readValues picks each sample's read steps out of a padded batch", () => {
    const values = Float32Array.from({ length: 8 }, (_, i) => i);
    expect(readValues([a, b], 4, values).map((v) => Array.from(v))).toEqual([[1, 2, 3], [4]]);
  });
});
