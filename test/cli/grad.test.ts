// `qseq grad` as users run it: the bin script in a child process.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { combinePlan, type PlanManifest } from "../../src/grad/plan.js";

function qseq(...args: string[]) {
  const r = spawnSync(process.execPath, ["bin/qseq.js", ...args], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const KHRNN = ["examples/khrnn.qseq", "--tokens", "@examples/khrnn.tokens", "--bind", "theta=2.9,phi=0.3", "--targets", "011001"];
const KHX = ["examples/khrnn-expect.qseq", "--tokens", "@examples/khrnn-expect.tokens", "--bind", "theta=2.5"];

function gradients(stdout: string): number[] {
  return JSON.parse(stdout).params.map((p: { gradient: number }) => p.gradient);
}

describe("qseq grad", () => {
  it("adjoint (the default on the simulator) and exact parameter shift agree on the k-HRNN log-likelihood", () => {
    const a = qseq("grad", ...KHRNN, "--format", "json");
    expect(a.code).toBe(0);
    const ps = qseq("grad", ...KHRNN, "--method", "param-shift", "--format", "json");
    expect(ps.code).toBe(0);
    const ga = gradients(a.stdout), gp = gradients(ps.stdout);
    expect(Math.abs(ga[0]!)).toBeGreaterThan(0.1); // theta matters for these targets
    ga.forEach((g, i) => expect(gp[i]).toBeCloseTo(g, 10));
    const text = qseq("grad", ...KHRNN);
    expect(text.stdout).toContain("gradient by adjoint");
    expect(text.stdout).toMatch(/theta\s+2\.90000\s+0\.2776/);
  });

  it("writes a plan directory and combines counts measured elsewhere into the gradient", () => {
    const dir = join(mkdtempSync(join(tmpdir(), "qseq-grad-")), "plan");
    const w = qseq("grad", ...KHX, "--method", "auto", "--emit-dir", dir);
    expect(w.code).toBe(0);
    expect(w.stdout).toContain("auto: commuting last block");
    const files = readdirSync(dir).sort();
    expect(files).toEqual(["circuit-0000.qasm", "manifest.json"]);
    expect(readFileSync(join(dir, "circuit-0000.qasm"), "utf8")).toContain("OPENQASM 3.0;");
    const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as PlanManifest;
    // Fake "hardware" counts: every shot reads 0 on every qubit (key = the 6 measured qubits, qubit 0 first).
    const results = join(dir, "..", "results.json");
    writeFileSync(results, JSON.stringify({ results: [{ counts: { "000000": 100 } }] }));
    const c = qseq("grad", "combine", join(dir, "manifest.json"), results, "--format", "json");
    expect(c.code).toBe(0);
    const expected = combinePlan(manifest, [{ counts: { "000000": 100 } }]).gradient;
    gradients(c.stdout).forEach((g, i) => expect(g).toBeCloseTo(expected[i]!, 12));
    // an existing, non-empty directory is never overwritten
    const again = qseq("grad", ...KHX, "--method", "shadow", "--emit-dir", dir);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("exists and is not empty");
  });

  it("explains what is missing or wrong, with non-zero exits and no stack traces", () => {
    const noTargets = qseq("grad", "examples/khrnn.qseq", "--tokens", "@examples/khrnn.tokens");
    expect(noTargets.code).toBe(2);
    expect(noTargets.stderr).toContain("needs the target outputs: --targets with 6 bit(s)");
    const badLength = qseq("grad", "examples/khrnn.qseq", "--tokens", "@examples/khrnn.tokens", "--targets", "01");
    expect(badLength.code).toBe(2); // a bad option
    expect(badLength.stderr).toContain("6 character(s)");
    // a measured qubit used again: the likelihood is no projector's expectation at the end
    const shadowLoglik = qseq("grad", "examples/khrnn.qseq", "--tokens", "Edge(0,1,2) ReadZ(0) Edge(0,1,2) ReadX(1)", "--targets", "01", "--method", "shadow");
    expect(shadowLoglik.code).toBe(1);
    expect(shadowLoglik.stderr).toContain("no shadow recipe applies: a gate acts on h[0] after it is measured");
    const impossible = qseq("grad", "examples/khrnn.qseq", "--tokens", "@examples/khrnn.tokens", "--targets", "000001");
    expect(impossible.code).toBe(1);
    expect(impossible.stderr).toContain("probability 0");
    const badCombine = join(mkdtempSync(join(tmpdir(), "qseq-grad-")), "bad.json");
    writeFileSync(badCombine, "{ nope");
    const comb = qseq("grad", "combine", badCombine, badCombine);
    expect(comb.code).toBe(2);
    expect(comb.stderr).toContain("is not valid JSON");
    for (const r of [noTargets, badLength, shadowLoglik, impossible, comb]) expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync("plan")).toBe(false);
  });

  it("shows the options of `qseq grad FILE` in its help", () => {
    const r = qseq("grad", "--help");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("qseq grad FILE [options]");
    expect(r.stdout).toContain("--method <method>");
    expect(r.stdout).toContain("combine [options] <manifest> <results>");
  });

  it("samples a shadow plan on the simulator and reports standard errors", () => {
    const r = qseq("grad", ...KHX, "--method", "shadow", "--shots", "2000", "--seed", "5", "--format", "json");
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.method).toContain("shadow-commuting");
    expect(report.params[0].stderr).toBeGreaterThan(0);
  });
});
