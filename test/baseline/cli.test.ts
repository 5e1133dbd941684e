// `qseq baseline` (src/cli/baseline.ts), run in-process: scores on stdout, one progress line per epoch on
// stderr, usage errors thrown as UsageError, unusable data files reported with exit 1.

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { runBaseline, type BaselineOptions } from "../../src/cli/baseline.js";
import { UsageError } from "../../src/cli/options.js";
import { generateHypergraphData } from "../../src/task/generate.js";
import { sampleJson } from "../../src/task/sample.js";

const dir = mkdtempSync(join(tmpdir(), "qseq-baseline-"));
const data = generateHypergraphData({ n: 4, k: 2, samples: 120, seed: 2, context: "deterministic", testFraction: 0.25 });
const trainFile = join(dir, "train.jsonl"), testFile = join(dir, "test.jsonl"), badFile = join(dir, "bad.jsonl");
writeFileSync(trainFile, data.train.map(sampleJson).join("\n") + "\n");
writeFileSync(testFile, data.test.map(sampleJson).join("\n") + "\n");
writeFileSync(badFile, `${sampleJson(data.train[0]!)}\n{"n": 4, "k": 2, "tokens": [\n`);

let out = "", err = "";
beforeEach(() => {
  out = ""; err = "";
  vi.spyOn(process.stdout, "write").mockImplementation((s) => { out += String(s); return true; });
  vi.spyOn(process.stderr, "write").mockImplementation((s) => { err += String(s); return true; });
});
afterEach(() => vi.restoreAllMocks());

const base: BaselineOptions = { data: trainFile, test: testFile, hidden: "8", epochs: "3", batch: "32", format: "text" };

describe("qseq baseline", () => {
  it("trains, reports each epoch on stderr and the test scores on stdout", async () => {
    expect(await runBaseline("gru", base)).toBe(0);
    expect(err.trim().split("\n")).toHaveLength(3);
    expect(err).toMatch(/^epoch 1\/3 {2}loss \d\.\d{4} {2}accuracy \d+\.\d\d % {2}\d+\.\d\d s$/m);
    expect(out).toContain(`model gru(H=8) on ${data.test.length} sample(s), n = 4, k = 2`);
    expect(out).toContain("memory                  8 floats (GRU hidden state h (H = 8 floats)); C(n,k) − 1 = 5");
  });

  it("prints JSON scores, on the training data when there is no test file", async () => {
    expect(await runBaseline("transformer", { ...base, test: undefined, format: "json", hidden: "4", epochs: "1" })).toBe(0);
    const json = JSON.parse(out) as { model: string; samples: number; memory: { detail: string } };
    expect(json.model).toBe("transformer(H=4)");
    expect(json.samples).toBe(data.train.length);
    expect(json.memory.detail).toContain("key/value cache");
    expect(err).not.toMatch(/tfjs|TensorFlow|Orthogonal/i);
  });

  it("refuses bad options with a UsageError", async () => {
    await expect(runBaseline("rnn", base)).rejects.toThrow(new UsageError(`unknown baseline "rnn" (expected one of gru, lstm, transformer)`));
    await expect(runBaseline("gru", { ...base, hidden: "0" })).rejects.toThrow(/--hidden expects a positive integer, got "0"/);
    await expect(runBaseline("gru", { ...base, epochs: "2.5" })).rejects.toThrow(/--epochs expects a positive integer/);
    await expect(runBaseline("gru", { ...base, lr: "fast" })).rejects.toThrow(/--lr expects a positive number, got "fast"/);
    await expect(runBaseline("gru", { ...base, seed: "-1" })).rejects.toThrow(UsageError);
  });

  it("reports an unusable data file with its line and exits 1", async () => {
    expect(await runBaseline("lstm", { ...base, test: badFile })).toBe(1);
    expect(err).toContain(`${badFile}:2`);
    expect(out).toBe("");
    expect(await runBaseline("lstm", { ...base, data: join(dir, "missing.jsonl") })).toBe(1);
    expect(err).toContain("missing.jsonl");
  });
});
