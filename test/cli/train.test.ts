// qseq data / train / eval as users run them: the real bin script in child processes.

import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

function qseq(...args: string[]) {
  const r = spawnSync(process.execPath, ["bin/qseq.js", ...args], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let dir = "";
const at = (name: string) => join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "qseq-train-"));
  const r = qseq("data", "hypergraph", "--n", "6", "--k", "3", "--samples", "300", "--seed", "1", "-o", at("d.jsonl"));
  expect(r.code).toBe(0);
});

describe("qseq data hypergraph", () => {
  it("writes a train and a test file and says how many samples and hypergraphs each holds", () => {
    const r = qseq("data", "hypergraph", "--n", "4", "--k", "2", "--samples", "50", "--context", "random", "--pad", "1", "-o", at("r.jsonl"));
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/wrote \d+ training samples \(\d+ hypergraphs\) to .*r\.train\.jsonl/);
    const lines = readFileSync(at("r.train.jsonl"), "utf8").trim().split("\n");
    expect(JSON.parse(lines[0]!)).toMatchObject({ n: 4, k: 2, context: "random" });
    // the same seed gives the same files
    qseq("data", "hypergraph", "--n", "4", "--k", "2", "--samples", "50", "--context", "random", "--pad", "1", "-o", at("r2.jsonl"));
    expect(readFileSync(at("r2.train.jsonl"), "utf8")).toBe(readFileSync(at("r.train.jsonl"), "utf8"));
  });

  it("refuses sizes that do not fit, as usage errors", () => {
    expect(qseq("data", "hypergraph", "--n", "3", "--k", "5", "-o", at("x.jsonl"))).toMatchObject({ code: 2 });
    expect(qseq("data", "hypergraph", "--n", "30", "--k", "2", "-o", at("x.jsonl")).stderr).toContain("--n is at most 20");
    expect(existsSync(at("x.train.jsonl"))).toBe(false);
  });
});

describe("qseq train and eval", () => {
  it("trains the k-HRNN from 0.3 rad off to zero error on the held-out file, and eval reads the checkpoint", () => {
    const r = qseq("train", "examples/khrnn.qseq", "--data", at("d.train.jsonl"), "--test", at("d.test.jsonl"), "--bind", "theta=2.84,phi=0.3",
      "--epochs", "4", "-o", at("k.ckpt.json"), "--plot", at("curve.svg"));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/epoch 1\/4 {2}loss \d\.\d{4} {2}accuracy/);
    expect(r.stdout).toContain("deterministic accuracy  100.00 %");
    expect(r.stdout).toMatch(/support violations {6}0\.00 %/);
    const ckpt = JSON.parse(readFileSync(at("k.ckpt.json"), "utf8"));
    expect(ckpt).toMatchObject({ format: "qseq-checkpoint", version: 1, model: { name: "khrnn" } });
    expect(ckpt.model.sourceHash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(Math.abs(ckpt.params.theta - Math.PI)).toBeLessThan(0.01);
    expect(ckpt.training.history).toHaveLength(4);
    expect(ckpt.training.state.adam.m).toHaveProperty("phi[3]");
    const svg = readFileSync(at("curve.svg"), "utf8");
    expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain("deterministic accuracy");
    expect((svg.match(/<circle/g) ?? []).length).toBe(8);

    const e = qseq("eval", "examples/khrnn.qseq", "--data", at("d.test.jsonl"), "--bind", `@${at("k.ckpt.json")}`, "--format", "json");
    expect(e.code, e.stderr).toBe(0);
    const scores = JSON.parse(e.stdout);
    expect(scores.deterministicAccuracy.rate).toBe(1);
    expect(scores.memory).toMatchObject({ amount: 6, unit: "qubits" });
    expect(scores.classicalBound).toBe(19);
    // a checkpoint of another version of the source: used by name, with a warning
    writeFileSync(at("edited.qseq"), readFileSync("examples/khrnn.qseq", "utf8").replace('import "std/hypergraph";', 'import "std/hypergraph"; // edited'));
    const edited = qseq("eval", at("edited.qseq"), "--data", at("d.test.jsonl"), "--bind", `@${at("k.ckpt.json")}`);
    expect(edited.code, edited.stderr).toBe(0);
    expect(edited.stderr).toContain("was trained on another version of the model's source");
    expect(e.stderr).not.toContain("warning");
    // the start is worse: an infinite KL is reported as such in JSON
    const off = JSON.parse(qseq("eval", "examples/khrnn.qseq", "--data", at("d.test.jsonl"), "--bind", "theta=0", "--format", "json").stdout);
    expect(off.kl).toBe("Infinity");
    expect(off.deterministicAccuracy.rate).toBeLessThan(0.8);
  });

  it("--bind @ckpt works in compile, run and grad", () => {
    const tokens = "@examples/khrnn.tokens";
    const c = qseq("compile", "examples/khrnn.qseq", "--tokens", tokens, "--bind", `@${at("k.ckpt.json")}`);
    expect(c.code, c.stderr).toBe(0);
    expect(c.stdout).not.toContain("input float[64] theta");
    expect(c.stdout).toContain("OPENQASM 3");
    expect(qseq("run", "examples/khrnn.qseq", "--tokens", tokens, "--bind", `@${at("k.ckpt.json")}`, "--exact").code).toBe(0);
    const g = qseq("grad", "examples/khrnn.qseq", "--tokens", tokens, "--bind", `@${at("k.ckpt.json")},theta=3`, "--targets", "000000", "--format", "json");
    expect(g.code, g.stderr).toBe(0);
    const bad = qseq("run", "examples/qrnn.qseq", "--inputs", "examples/qrnn.inputs.json", "--bind", `@${at("k.ckpt.json")}`);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--bind: .*lacks .*another model/);
  });

  it("refuses to overwrite a checkpoint without --resume, and a --resume with other options", () => {
    const r = qseq("train", "examples/khrnn.qseq", "--data", at("d.train.jsonl"), "-o", at("k.ckpt.json"));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("pass --resume");
    const s = qseq("train", "examples/khrnn.qseq", "--data", at("d.train.jsonl"), "-o", at("k.ckpt.json"), "--resume", "--lr", "0.5");
    expect(s.code).toBe(2);
    expect(s.stderr).toContain("--lr was 0.1, not 0.5");
    const t = qseq("train", "examples/khrnn.qseq", "--data", at("d.test.jsonl"), "-o", at("k.ckpt.json"), "--resume");
    expect(t.code).toBe(2);
    expect(t.stderr).toContain("is not the data");
  });

  it("an interrupted run (Ctrl-C) resumes to exactly the uninterrupted result", async () => {
    const args = ["train", "examples/khrnn.qseq", "--data", at("d.train.jsonl"), "--init", "random", "--curriculum", "--restarts", "2", "--seed", "5",
      "--epochs", "12", "--batch", "4", "--checkpoint-every", "0.05", "--format", "json"];
    const whole = qseq(...args, "-o", at("whole.json"));
    expect(whole.code, whole.stderr).toBe(0);
    // interrupt once the first checkpoint is on disk
    const child = spawn(process.execPath, ["bin/qseq.js", ...args, "-o", at("cut.json")], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (b: Buffer) => { stderr += b.toString(); });
    const code = await new Promise<number | null>((resolve) => {
      const poll = setInterval(() => { if (existsSync(at("cut.json"))) { clearInterval(poll); child.kill("SIGINT"); } }, 5);
      child.on("exit", (c) => { clearInterval(poll); resolve(c); });
    });
    const done = JSON.parse(readFileSync(at("whole.json"), "utf8"));
    expect(code, stderr).toBe(130);
    expect(stderr).toContain("--resume");
    expect(JSON.parse(readFileSync(at("cut.json"), "utf8")).training.state.done).toBe(false);
    const r = qseq(...args, "-o", at("cut.json"), "--resume");
    expect(r.code, r.stderr).toBe(0);
    const cut = JSON.parse(readFileSync(at("cut.json"), "utf8"));
    expect(cut.params).toEqual(done.params);
    expect(cut.training.history.map((h: { seconds: number }) => ({ ...h, seconds: 0 }))).toEqual(done.training.history.map((h: { seconds: number }) => ({ ...h, seconds: 0 })));
  });

  it("reports bad data with the line number, and a token the model does not accept", () => {
    const lines = readFileSync(at("d.test.jsonl"), "utf8").trim().split("\n");
    writeFileSync(at("bad.jsonl"), [lines[0], "{oops", lines[1]].join("\n") + "\n");
    const r = qseq("train", "examples/khrnn.qseq", "--data", at("bad.jsonl"), "-o", at("never.json"));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error[E0903]: this line is not JSON");
    expect(r.stderr).toContain("bad.jsonl:2:1");
    expect(existsSync(at("never.json"))).toBe(false);
    // data for n = 4 on the n = 6 model: it runs (a larger register holds the smaller task), with a warning
    const small = qseq("data", "hypergraph", "--n", "4", "--k", "3", "--samples", "20", "-o", at("small.jsonl"));
    expect(small.code).toBe(0);
    const w = qseq("eval", "examples/khrnn.qseq", "--data", at("small.test.jsonl"));
    expect(w.code, w.stderr).toBe(0);
    expect(w.stderr).toContain("holds a task with n = 4, k = 3, but model `khrnn` has n = 6; pass --set n=4,k=3");
    expect(qseq("eval", "examples/khrnn.qseq", "--set", "n=4", "--data", at("small.test.jsonl")).stderr).not.toContain("warning");
    // data for n = 6 on a model built for n = 4: the vertex is out of the model's range
    const e = qseq("eval", "examples/khrnn.qseq", "--set", "n=4", "--data", at("d.test.jsonl"));
    expect(e.code).toBe(1);
    expect(e.stderr).toMatch(/error\[E0903\]: model `khrnn` cannot read this sample/);
    expect(e.stderr).toContain("--set n=6,k=3");
    expect(e.stderr).toMatch(/d\.test\.jsonl:1:1/);
  });
});
