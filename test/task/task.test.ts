// The hypergraph sequence task: the generator, the independent Born-rule truth, the data reader's
// diagnostics, and the scores.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { renderText } from "../../src/diagnostics/render.js";
import { DataError, parseDataText } from "../../src/task/data.js";
import { generateHypergraphData, kSubsets } from "../../src/task/generate.js";
import { deterministicBit, sampleOutputs, trueDistribution } from "../../src/task/hypergraph.js";
import { binomial, makeSample, sampleJson, targetBits, type HypergraphSample, type SequenceModel, type TaskStep } from "../../src/task/sample.js";
import { formatScores, noMemoryAccuracy, scoreModel, scoresJson } from "../../src/task/scores.js";
import { Rng } from "../../src/sim/rng.js";

const read = (basis: "Z" | "X", vertex: number): TaskStep => ({ kind: "read", basis, vertex });

describe("the generator", () => {
  it("is reproducible from its seed, and other seeds differ", () => {
    const a = generateHypergraphData({ n: 5, k: 2, samples: 60, seed: 7, context: "random", pad: 1 });
    const b = generateHypergraphData({ n: 5, k: 2, samples: 60, seed: 7, context: "random", pad: 1 });
    const c = generateHypergraphData({ n: 5, k: 2, samples: 60, seed: 8, context: "random", pad: 1 });
    expect(a.train.map(sampleJson)).toEqual(b.train.map(sampleJson));
    expect(a.test.map(sampleJson)).toEqual(b.test.map(sampleJson));
    expect(a.train.map(sampleJson)).not.toEqual(c.train.map(sampleJson));
    expect(a.train.length + a.test.length).toBe(60);
  });

  it("never puts one hypergraph in both splits, even when hypergraphs repeat (n = 3, k = 2: 8 of them)", () => {
    const d = generateHypergraphData({ n: 3, k: 2, samples: 300, seed: 1, context: "deterministic", testFraction: 0.3 });
    const key = (s: HypergraphSample) => JSON.stringify(s.edges);
    const train = new Set(d.train.map(key)), test = new Set(d.test.map(key));
    expect(train.size + test.size).toBe(8);
    for (const k of test) expect(train.has(k)).toBe(false);
    expect(d.test.length).toBeGreaterThan(0);
  });

  it("writes deterministic contexts whose X target is the parity formula of the Z targets", () => {
    const d = generateHypergraphData({ n: 6, k: 3, samples: 200, seed: 3, context: "deterministic" });
    for (const s of [...d.train, ...d.test]) {
      const reads = s.queries.map((q) => s.steps[q] as Extract<TaskStep, { kind: "read" }>);
      expect(reads.slice(0, -1).every((r) => r.basis === "Z")).toBe(true);
      expect(reads.at(-1)!.basis).toBe("X");
      expect(new Set(reads.map((r) => r.vertex)).size).toBe(6);
      const z = new Map(reads.slice(0, -1).map((r, t) => [r.vertex, s.targets[s.queries[t]!]!]));
      expect(s.targets[s.queries.at(-1)!]).toBe(deterministicBit(s.edges, reads.at(-1)!.vertex, z));
    }
  });

  it("pads with pairs of identical Edge tokens that cancel (the reader accepts them)", () => {
    const d = generateHypergraphData({ n: 4, k: 2, samples: 40, seed: 2, context: "random", pad: 3 });
    for (const s of d.train) expect(s.steps.filter((x) => x.kind === "edge").length).toBe(s.edges.length + 6);
    expect(parseDataText(d.train.map(sampleJson).join("\n"), "pad.jsonl")).toHaveLength(d.train.length);
  });
});

describe("the true Born distribution", () => {
  it("is a distribution, and sampling stays in its support with its frequencies", () => {
    const edges = [[0, 1, 2], [1, 2, 3], [0, 2, 3]];
    const s = makeSample({ n: 4, k: 3, context: "random", edges, steps: [read("X", 1), read("Z", 0), read("X", 3)], targets: [0, 0, 0] });
    const p = trueDistribution(s);
    expect([...p.values()].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    const rng = new Rng(5);
    const counts = new Map<string, number>();
    const shots = 20000;
    for (let i = 0; i < shots; i++) {
      const key = Array.from(sampleOutputs(s, () => rng.uniform())).join("");
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    for (const key of counts.keys()) expect(p.has(key)).toBe(true);
    for (const [key, q] of p) expect(Math.abs((counts.get(key) ?? 0) / shots - q)).toBeLessThan(5 * Math.sqrt(q * (1 - q) / shots) + 1e-9);
  });

  it("makes Z reads uniform and the deterministic X read certain (property, random hypergraphs)", () => {
    fc.assert(fc.property(fc.integer({ min: 2, max: 6 }), fc.integer({ min: 0, max: 2 ** 20 }), fc.integer({ min: 0, max: 5 }), (n, mask, jRaw) => {
      const k = Math.min(n, 2 + (mask % 2));
      const all = kSubsets(n, k);
      const edges = all.filter((_, i) => (mask >> i) & 1);
      const j = jRaw % n;
      const others = [...Array(n).keys()].filter((v) => v !== j);
      const s = makeSample({ n, k, context: "deterministic", edges, steps: [...others.map((v) => read("Z", v)), read("X", j)], targets: [...others.map(() => 0 as const), 0] });
      const p = trueDistribution(s);
      expect(p.size).toBe(2 ** (n - 1));
      for (const [key, q] of p) {
        expect(q).toBeCloseTo(2 ** -(n - 1), 12);
        const z = new Map(others.map((v, t) => [v, Number(key[t])]));
        expect(Number(key.at(-1))).toBe(deterministicBit(edges, j, z));
      }
    }), { numRuns: 60 });
  });

  it("counts C(n, k)", () => {
    expect(binomial(6, 3)).toBe(20);
    expect(kSubsets(6, 3)).toHaveLength(20);
    expect(binomial(8, 2)).toBe(28);
  });
});

describe("the data reader", () => {
  const good = sampleJson(generateHypergraphData({ n: 4, k: 2, samples: 3, seed: 1, context: "deterministic", testFraction: 0 }).train[0]!);

  const problems = (text: string): string => {
    try {
      parseDataText(text, "bad.jsonl");
    } catch (e) {
      if (!(e instanceof DataError)) throw e;
      expect(e.diagnostics.every((d) => d.code === "E0903" || d.code === "E0203")).toBe(true);
      return renderText(e.diagnostics, e.sources);
    }
    throw new Error("no error");
  };
  const edit = (f: (o: Record<string, unknown>) => void): string => {
    const o = JSON.parse(good) as Record<string, unknown>;
    f(o);
    return JSON.stringify(o);
  };

  it("names the line and column of malformed JSON, with a caret, and goes on to the next lines", () => {
    const out = problems(`${good}\n{"n": 4, "k": 2,\n${good}\nnot json\n`);
    expect(out).toContain("--> bad.jsonl:2:1");
    expect(out).toContain("--> bad.jsonl:4:1");
    expect(out).toContain("^");
    expect(out).toContain("2 errors reported");
  });

  it("reports a hypergraph that does not fit n and k, at the edge", () => {
    expect(problems(edit((o) => { (o["edges"] as number[][]).push([0, 1, 2]); }))).toMatch(/the edge \[0,1,2\] has 3 vertices, but k = 2/);
    expect(problems(edit((o) => { o["edges"] = [[0, 9]]; }))).toMatch(/vertex outside 0\.\.3/);
    expect(problems(edit((o) => { o["k"] = 7; }))).toMatch(/k must be an integer from 1 to n = 4/);
    const wrongEdges = problems(edit((o) => { o["edges"] = [[0, 1]]; }));
    expect(wrongEdges).toMatch(/the Edge tokens do not build the listed hypergraph/);
  });

  it("reports targets of the wrong length or kind, impossible targets, unreadable tokens", () => {
    expect(problems(edit((o) => { (o["targets"] as unknown[]).pop(); }))).toMatch(/"targets" has \d+ entries but "tokens" has \d+/);
    expect(problems(edit((o) => { (o["tokens"] as string[]).push("Jump(1)"); (o["targets"] as unknown[]).push(null); }))).toMatch(/cannot read the token "Jump\(1\)"/);
    const flipped = edit((o) => { const t = o["targets"] as number[]; t[t.length - 1] = 1 - t[t.length - 1]!; });
    expect(problems(flipped)).toMatch(/probability 0 under the hypergraph state/);
    expect(problems(edit((o) => { (o["targets"] as unknown[])[0] = 1; }))).toMatch(/emits nothing, so its target must be null/);
  });

  it("refuses mixed sizes and empty files", () => {
    const other = sampleJson(generateHypergraphData({ n: 5, k: 2, samples: 2, seed: 1, context: "random", testFraction: 0 }).train[0]!);
    expect(problems(`${good}\n${other}`)).toMatch(/this sample has n = 5, k = 2, but line 1 has n = 4, k = 2\n --> bad\.jsonl:2:2/);
    expect(problems("\n\n")).toMatch(/holds no samples/);
  });
});

/** A model that answers with fixed conditionals (for the scores' edge cases). */
function constantModel(p1: number): SequenceModel {
  return {
    name: `constant ${p1}`,
    memory: { amount: 0, unit: "floats", detail: "none" },
    conditionals: async (samples) => samples.map((s) => new Float64Array(s.queries.length).fill(p1)),
  };
}

/** The exact model, from the truth itself. */
const oracle: SequenceModel = {
  name: "oracle",
  memory: { amount: 0, unit: "floats", detail: "the truth" },
  conditionals: async (samples, outputs) => samples.map((s, i) => {
    const p = trueDistribution(s);
    const o = outputs[i]!;
    const c = new Float64Array(o.length);
    let pre = "";
    for (let t = 0; t < o.length; t++) {
      let whole = 0, one = 0;
      for (const [key, q] of p) if (key.startsWith(pre)) { whole += q; if (key[t] === "1") one += q; }
      c[t] = whole > 0 ? one / whole : 0.5;
      pre += o[t];
    }
    return c;
  }),
};

describe("the scores", () => {
  const data = generateHypergraphData({ n: 5, k: 2, samples: 60, seed: 4, context: "deterministic", testFraction: 0 }).train;

  it("give the exact model zero violations, full accuracy and zero KL", async () => {
    const s = await scoreModel(oracle, data);
    expect(s.supportViolations.rate).toBe(0);
    expect(s.deterministicAccuracy).toEqual({ rate: 1, samples: 60 });
    expect(s.kl).toBeCloseTo(0, 10);
    expect(s.crossEntropy).toBeCloseTo(s.entropy, 10);
    expect(s.classicalBound).toBe(9);
  });

  it("give a coin-flipping model the no-memory scores: violations, chance accuracy, KL = log 2", async () => {
    const s = await scoreModel(constantModel(0.5), data, { shots: 64 });
    expect(s.kl).toBeCloseTo(Math.log(2), 10);
    expect(s.deterministicAccuracy!.rate).toBe(0); // undecided counts as wrong
    expect(s.supportViolations.rate).toBeGreaterThan(0.35);
    expect(s.supportViolations.rate).toBeLessThan(0.65);
  });

  it("report an infinite KL as such when a possible outcome gets probability 0", async () => {
    const s = await scoreModel(constantModel(0), data);
    expect(s.kl).toBe(Infinity);
    expect(s.infiniteKl).toBe(60);
    expect(formatScores(s)).toContain("KL to the Born rule     ∞ nats");
    expect((scoresJson(s) as { kl: unknown }).kl).toBe("Infinity");
  });

  it("state the no-memory score: ½ + ½·P(no possible edge through j is active)", async () => {
    const big = (n: number, k: number) => generateHypergraphData({ n, k, samples: 4000, seed: 2, context: "deterministic", testFraction: 0 }).train;
    expect(noMemoryAccuracy(big(4, 2))).toBeCloseTo(0.5 + 0.5 / 8, 1); // m = #ones among 3 Z reads
    expect(noMemoryAccuracy(big(4, 3))).toBeCloseTo(0.75, 1); // m = C(#ones, 2) = 0 when #ones ≤ 1
    expect((await scoreModel(oracle, data)).noMemoryAccuracy).toBe(noMemoryAccuracy(data));
  });

  it("teacher-force the file's targets for the NLL", async () => {
    const s = await scoreModel(constantModel(0.5), data);
    expect(s.nll).toBeCloseTo(5 * Math.log(2), 10);
    expect(targetBits(data[0]!)).toHaveLength(5);
  });
});

describe("docs/task.md", () => {
  it("shows a data line the reader accepts", async () => {
    const { readFileSync } = await import("node:fs");
    const line = /```json\n(.*)\n```/.exec(readFileSync("docs/task.md", "utf8"))![1]!;
    const [s] = parseDataText(line, "docs/task.md");
    expect(s!.queries).toHaveLength(6);
  });
});
