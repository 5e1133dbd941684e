// qseq experiment separation --quick: the reduced sweep CI runs, its report, and resuming from stored runs.

import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

function qseq(...args: string[]) {
  const r = spawnSync(process.execPath, ["bin/qseq.js", ...args], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("qseq experiment separation --quick", () => {
  it("runs the reduced sweep, writes the report and plot, and resumes without rerunning finished runs", () => {
    const dir = mkdtempSync(join(tmpdir(), "qseq-sep-"));
    const out = join(dir, "sep.md");
    const r = qseq("experiment", "separation", "--quick", "--out", out);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("[1/5] n = 4, k = 2: k-HRNN");
    const md = readFileSync(out, "utf8");
    expect(md).toContain("## Budget");
    expect(md).toContain("### n = 4, k = 2 (C(n, k) − 1 = 5)");
    // the trained k-HRNN solves the task with 4 qubits
    expect(md).toMatch(/\| k-HRNN \| 4 qubits \| 0\.80 \| 100\.0 % \| 100\.0 % \| 0\.0 % \| 0\.000 \|/);
    for (const row of ["gru H = 2", "gru H = 8", "lstm H = 2", "lstm H = 8"]) expect(md).toMatch(new RegExp(`\\| ${row} \\| \\d+ floats \\| [\\d.]+ \\| [\\d.]+ % \\|`));
    expect(md).toContain("](sep.svg)");
    const svg = readFileSync(join(dir, "sep.svg"), "utf8");
    expect(svg).toContain("k = 2: test deterministic accuracy");
    expect((svg.match(/<circle/g) ?? []).length).toBe(5 + 3); // the runs, and the legend's three models
    const runs = readdirSync(join(dir, "sep.runs")).sort();
    expect(runs).toContain("n4-k2-khrnn.json");
    expect(runs).toHaveLength(6); // five runs and the sweep's budget

    // a second call finds every run stored: nothing is trained again, the report is the same
    const again = qseq("experiment", "separation", "--quick", "--out", out);
    expect(again.code).toBe(0);
    expect(again.stderr).not.toContain("[1/5]");
    expect(readFileSync(out, "utf8")).toBe(md);

    // a deleted run is run again; a state directory of another budget is refused
    const removed = join(dir, "sep.runs", "n4-k2-lstm-h8.json");
    rmSync(removed);
    const resumed = qseq("experiment", "separation", "--quick", "--out", out);
    expect(resumed.stderr).toContain("[5/5] n = 4, k = 2: lstm H = 8");
    expect(resumed.stderr).not.toContain("[1/5]");
    expect(existsSync(removed)).toBe(true);
    writeFileSync(join(dir, "sep.runs", "sweep.json"), "{}\n");
    const other = qseq("experiment", "separation", "--quick", "--out", out);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain("another sweep budget");
  });

  it("shares one sweep between two processes (one per core): every run is done once", async () => {
    const dir = mkdtempSync(join(tmpdir(), "qseq-sep2-"));
    const out = join(dir, "sep.md");
    // a stale lock of a process that is gone is taken over
    mkdirSync(join(dir, "sep.runs"));
    writeFileSync(join(dir, "sep.runs", "n4-k2-gru-h2.lock"), "999999999");
    const { spawn } = await import("node:child_process");
    const runOnce = () => new Promise<string>((resolve) => {
      const child = spawn(process.execPath, ["bin/qseq.js", "experiment", "separation", "--quick", "--out", out], { stdio: ["ignore", "ignore", "pipe"] });
      let stderr = "";
      child.stderr.on("data", (b: Buffer) => { stderr += b.toString(); });
      child.on("exit", () => resolve(stderr));
    });
    const [a, b] = await Promise.all([runOnce(), runOnce()]);
    const started = (t: string) => t.split("\n").filter((l) => /^\[\d\/5\]/.test(l)).map((l) => l.slice(0, 5));
    expect([...started(a), ...started(b)].sort()).toEqual(["[1/5]", "[2/5]", "[3/5]", "[4/5]", "[5/5]"]);
    expect(readdirSync(join(dir, "sep.runs")).filter((f) => f.endsWith(".lock"))).toEqual([]);
    const again = qseq("experiment", "separation", "--quick", "--out", out);
    expect(again.stderr).not.toMatch(/^\[\d\/5\]/m);
  });
});
