// Expectation outputs at every step, from the command line: W0103, the readout batch of
// `qseq compile --emit-dir`, `qseq combine`, `qseq run --shots` (what hardware would report), and
// `qseq grad` by every method on the one-qubit recurrent model (−5.289).

import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

function qseq(...args: string[]) {
  const r = spawnSync(process.execPath, ["bin/qseq.js", ...args], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const MODEL = "examples/one-qubit-rnn.qseq";
const INPUTS = ["--inputs", "examples/one-qubit-rnn.inputs.json"];
// ⟨Z⟩ after ry angles 0.4, 1.2, 1.0
const EXACT = [Math.cos(0.4), Math.cos(1.2), Math.cos(1.0)];

describe("expectation outputs whose qubits later steps use", () => {
  it("warn with W0103 at the emit, and a plain compile asks for --emit-dir (exit 2, nothing on stdout)", () => {
    const r = qseq("compile", MODEL, ...INPUTS);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("warning[W0103]: q[0] is used again after this expectation (at steps 0, 1 of 3)");
    expect(r.stderr).toContain("--> examples/one-qubit-rnn.qseq:20:5");
    expect(r.stderr).toContain("`ry` acts on q[0] next");
    expect(r.stderr).toMatch(/error: this sequence is read by 3 programs, not one: .*--emit-dir DIR/);
  });

  it("compile --emit-dir writes the batch; its programs' results, combined, give the exact outputs", () => {
    const dir = join(mkdtempSync(join(tmpdir(), "qseq-batch-")), "batch");
    const r = qseq("compile", MODEL, ...INPUTS, "--bind", "--emit-dir", dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`wrote 3 OpenQASM 3 program(s) and manifest.json to ${dir}`);
    expect(readdirSync(dir).sort()).toEqual(["manifest.json", "program-0000.qasm", "program-0001.qasm", "program-0002.qasm"]);
    const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
    expect(manifest.format).toBe("qseq-batch");
    expect(manifest.outputs.map((o: { circuit: number }) => o.circuit)).toEqual([1, 2, 0]);
    expect(manifest.circuits.map((c: { layout: unknown }) => c.layout)).toEqual([
      [{ output: 2, kind: "expect", width: 1 }], [{ output: 0, kind: "expect", width: 1 }], [{ output: 1, kind: "expect", width: 1 }],
    ]);
    // a prefix program stops after its output: step 0's program has one rotation and one measurement
    const prefix = readFileSync(join(dir, "program-0001.qasm"), "utf8");
    expect(prefix).toContain("output bit[1] e0;");
    expect(prefix.match(/^ry\(/gm)?.length).toBe(1);
    // results as a device would return them: each program's exact distribution as counts of 10^6 shots
    const results = manifest.circuits.map((c: { file: string }) => {
      const run = qseq("run", join(dir, c.file), "--exact", "--format", "json");
      expect(run.code, run.stderr).toBe(0);
      const dist = JSON.parse(run.stdout).distribution as { bits: string; probability: number }[];
      return { counts: Object.fromEntries(dist.map((d) => [d.bits, Math.round(d.probability * 1e6)])) };
    });
    const resultsFile = join(dir, "..", "results.json");
    writeFileSync(resultsFile, JSON.stringify({ results }));
    const combined = qseq("combine", join(dir, "manifest.json"), resultsFile, "--format", "json");
    expect(combined.code, combined.stderr).toBe(0);
    const values = JSON.parse(combined.stdout).expectations.map((e: { value: number }) => e.value);
    values.forEach((v: number, k: number) => expect(v).toBeCloseTo(EXACT[k]!, 5));
    // an existing non-empty directory is refused, and a wrong results file gets a clear error
    expect(qseq("compile", MODEL, ...INPUTS, "--emit-dir", dir).code).toBe(2);
    writeFileSync(resultsFile, JSON.stringify({ results: results.slice(1) }));
    const bad = qseq("combine", join(dir, "manifest.json"), resultsFile);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("2 result(s) for 3 circuit(s)");
    writeFileSync(resultsFile, JSON.stringify({ format: "something else" }));
    const notManifest = qseq("combine", resultsFile, resultsFile);
    expect(notManifest.code).toBe(2);
    expect(notManifest.stderr).toContain("is not a qseq manifest");
  });

  it("run --shots samples the batch's programs and reports estimates with standard errors", () => {
    const r = qseq("run", MODEL, ...INPUTS, "--shots", "40000", "--format", "json");
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.readout).toEqual({ programs: 3, prefixPrograms: 2 });
    report.expectations.forEach((e: { output: number; value: number; stderr: number }) => {
      expect(e.stderr).toBeGreaterThan(0);
      expect(Math.abs(e.value - EXACT[e.output]!) / e.stderr).toBeLessThan(5);
    });
    const text = qseq("run", MODEL, ...INPUTS, "--shots", "1000");
    expect(text.stdout).toContain("expectation values (estimated from the shots, as on hardware):");
    expect(text.stdout).toContain("read by 3 programs of 1000 shots each");
  });

  it("grad gives −5.289 by adjoint, parameter shift and the shadow recipes", () => {
    for (const method of ["adjoint", "param-shift"]) {
      const r = qseq("grad", MODEL, ...INPUTS, "--method", method, "--format", "json");
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).params[0].gradient).toBeCloseTo(-5.28921, 4);
    }
    const sh = qseq("grad", MODEL, ...INPUTS, "--method", "shadow", "--shots", "50000", "--format", "json");
    expect(sh.code, sh.stderr).toBe(0);
    const p = JSON.parse(sh.stdout).params[0];
    expect(Math.abs(p.gradient + 5.28921) / p.stderr).toBeLessThan(5);
  });

  it("grad --method auto --emit-dir says in one line why no shadow recipe applies", () => {
    const dir = join(mkdtempSync(join(tmpdir(), "qseq-plan-")), "plan");
    const r = qseq("grad", "examples/qrnn.qseq", "--inputs", "examples/qrnn.inputs.json", "--method", "auto", "--emit-dir", dir);
    expect(r.code, r.stderr).toBe(0);
    const note = r.stdout.split("\n").find((l) => l.startsWith("auto:"))!;
    expect(note).toMatch(/^auto: parameter shift \(no shadow recipe applies: .*reset/);
    expect(existsSync(join(dir, "manifest.json"))).toBe(true);
  });
});
