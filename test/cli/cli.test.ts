// The CLI as users run it: the real bin script in a child process, exit codes and output streams.

import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

function qseq(...args: string[]) {
  const r = spawnSync(process.execPath, ["bin/qseq.js", ...args], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("qseq itself", () => {
  it("prints its version from package.json", () => {
    const r = qseq("--version");
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync("package.json", "utf8")).version);
  });
});

describe("qseq check", () => {
  it("accepts the examples and summarises each model", () => {
    const r = qseq("check", "examples/khrnn.qseq");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("model khrnn<n=6, k=3>: 6 qubits, 7 params");
    expect(r.stdout).toContain("examples/khrnn.qseq: ok");
  });

  it("prints the trainability report after the summary: the k-HRNN is abelian and polynomial", () => {
    const r = qseq("check", "examples/khrnn.qseq");
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("trainability of khrnn<n=6, k=3>:\n  dynamical Lie algebra: dimension 41, abelian");
    expect(r.stdout).toContain("growth in n: polynomial");
    expect(r.stdout).toContain("gates per step: 0 to 2; constant in n");
    expect(r.stdout.indexOf("model khrnn")).toBeLessThan(r.stdout.indexOf("trainability of khrnn"));
  });

  it("warns about a hardware-efficient ansatz without failing", () => {
    const r = qseq("check", "examples/hea.qseq");
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("warning[W0104]: barren plateau risk");
    expect(r.stderr).toContain("--> examples/hea.qseq:16:7");
    expect(r.stderr).toContain("warning[W0105]: the cell is not constant-size");
    expect(r.stdout).toContain("growth in n: exponential");
    expect(r.stdout).toContain("examples/hea.qseq: ok");
    const json = qseq("check", "examples/hea.qseq", "--format", "json");
    expect(json.code).toBe(0);
    const out = JSON.parse(json.stdout) as { ok: boolean; diagnostics: { code: string }[]; models: { trainability: { growth: string; declared: { dimension: number; abelian: boolean } } }[] };
    expect(out.ok).toBe(true);
    expect(out.diagnostics.map((d) => d.code)).toEqual(["W0104", "W0105"]);
    expect(out.models[0]!.trainability).toMatchObject({ growth: "exponential", declared: { dimension: 120, abelian: false } });
  });

  it("exits 1 with rendered diagnostics on errors", () => {
    const r = qseq("check", "test/golden/check/five-mistakes.qseq");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error[E0601]: the same qubit appears twice in `cz`");
    expect(r.stderr).toContain("--> test/golden/check/five-mistakes.qseq:13:5");
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  });

  it("prints machine-readable diagnostics with --format json", () => {
    const r = qseq("check", "test/golden/check/five-mistakes.qseq", "--format", "json");
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { ok: boolean; diagnostics: { code: string; line: number; col: number }[] };
    expect(out.ok).toBe(false);
    expect(out.diagnostics.map((d) => `${d.code}@${d.line}:${d.col}`)).toEqual(["E0103@7:12", "E0402@10:18", "E0501@11:33", "E0601@13:5", "E0301@14:8"]);
  });

  it("applies --set and checks limits before any work", () => {
    expect(qseq("check", "examples/khrnn.qseq", "--set", "n=8,k=3").stdout).toContain("khrnn<n=8, k=3>: 8 qubits");
    const big = qseq("check", "examples/khrnn.qseq", "--set", "n=100000");
    expect(big.code).toBe(1);
    expect(big.stderr).toContain("E0802");
  });

  it("exits 2 on usage errors", () => {
    expect(qseq("check").code).toBe(2);
    expect(qseq("check", "examples/khrnn.qseq", "--set", "n=eight").code).toBe(2);
    expect(qseq("frobnicate").code).toBe(2);
    const missing = qseq("check", "does/not/exist.qseq");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("E0203");
  });

  it("explains itself with --help", () => {
    const r = qseq("compile", "--help");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("--tokens <tokens>");
    expect(r.stdout).toContain("--profile <profile>");
  });
});

describe("qseq compile", () => {
  it("prints OpenQASM 3 for the README's command", () => {
    const r = qseq("compile", "examples/khrnn.qseq", "--tokens", "@examples/khrnn.tokens");
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith("OPENQASM 3.0;")).toBe(true);
    expect(r.stdout).toContain("input float[64] theta;");
  });

  it("writes -o atomically and leaves no file behind on errors", () => {
    const dir = mkdtempSync(join(tmpdir(), "qseq-"));
    const out = join(dir, "k.qasm");
    const ok = qseq("compile", "examples/khrnn.qseq", "--tokens", "Edge(0,1,2) ReadX(0)", "--bind", "-o", out);
    expect(ok.code).toBe(0);
    expect(readFileSync(out, "utf8")).toContain("OPENQASM 3.0;");
    const bad = join(dir, "bad.qasm");
    const r = qseq("compile", "examples/khrnn.qseq", "--tokens", "Edge(0,1,9)", "-o", bad);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error[E0902]");
    expect(existsSync(bad)).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(["k.qasm"]);
  });

  it("reads feature vectors and binds params by name", () => {
    const dir = mkdtempSync(join(tmpdir(), "qseq-"));
    const inputs = join(dir, "x.json");
    writeFileSync(inputs, "[[0.5, 0.25]]");
    const r = qseq("compile", "examples/qrnn.qseq", "--inputs", inputs, "--bind", "scale=2.0", "--profile", "portable");
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain("input float");
    expect(r.stdout).toContain("ry(1.0)"); // 2.0 * 0.5
    expect(qseq("compile", "examples/qrnn.qseq", "--inputs", inputs, "--bind", "nope=1.0").code).toBe(2);
  });
});

describe("a reader that stops early", () => {
  it("ends the output quietly (qseq … | head): exit 0, no stack trace", async () => {
    const { spawn } = await import("node:child_process");
    // megabytes of OpenQASM, so that writes are still going when the pipe closes
    const tokens = join(mkdtempSync(join(tmpdir(), "qseq-pipe-")), "long.tokens");
    writeFileSync(tokens, "Edge(0,1,2) Edge(1,2,3) ".repeat(20000));
    const child = spawn(process.execPath, ["bin/qseq.js", "compile", "examples/khrnn.qseq", "--tokens", `@${tokens}`], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (b: Buffer) => { stderr += b.toString(); });
    child.stdout.once("data", () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(stderr).not.toContain("EPIPE");
    expect(code).toBe(0);
  });
});
