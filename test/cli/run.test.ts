// `qseq run` as users run it: the bin script in a child process.

import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

function qseq(...args: string[]) {
  const r = spawnSync(process.execPath, ["bin/qseq.js", ...args], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// n = 4, k = 3: vertex 2 read in X after the others in Z; o2 = z0·z1 + z1·z3 + z0·z3 (mod 2).
const CONTEXT = ["--tokens", "Edge(0,1,2) Edge(1,2,3) Edge(0,2,3) ReadZ(0) ReadZ(1) ReadZ(3) ReadX(2)", "--set", "n=4"];
const o2 = (z0: number, z1: number, z3: number) => (z0 * z1 + z1 * z3 + z0 * z3) % 2;

describe("qseq run on a .qseq model", () => {
  it("prints the exact distribution: 8 equally likely outcomes, the X bit determined", () => {
    const r = qseq("run", "examples/khrnn.qseq", ...CONTEXT, "--exact", "--format", "json");
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { distribution: { bits: string; probability: number }[] };
    expect(report.distribution).toHaveLength(8);
    for (const d of report.distribution) {
      const [z0, z1, z3, x] = [...d.bits].map(Number) as [number, number, number, number];
      expect(x).toBe(o2(z0, z1, z3));
      expect(d.probability).toBeCloseTo(0.125, 12);
    }
  });

  it("samples reproducibly for a seed, only outcomes in the support", () => {
    const a = qseq("run", "examples/khrnn.qseq", ...CONTEXT, "--shots", "500", "--seed", "7", "--format", "json");
    const b = qseq("run", "examples/khrnn.qseq", ...CONTEXT, "--shots", "500", "--seed", "7", "--format", "json");
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const report = JSON.parse(a.stdout) as { distribution: { bits: string; count: number }[] };
    expect(report.distribution.reduce((s, d) => s + d.count, 0)).toBe(500);
    for (const d of report.distribution) {
      const [z0, z1, z3, x] = [...d.bits].map(Number) as [number, number, number, number];
      expect(x).toBe(o2(z0, z1, z3));
    }
  });

  it("gives the teacher-forced probability of a target sequence", () => {
    const right = qseq("run", "examples/khrnn.qseq", ...CONTEXT, "--force", `110${o2(1, 1, 0)}`, "--format", "json");
    expect(JSON.parse(right.stdout).probability).toBeCloseTo(0.125, 12);
    const wrong = qseq("run", "examples/khrnn.qseq", ...CONTEXT, "--force", `110${1 - o2(1, 1, 0)}`, "--format", "json");
    expect(JSON.parse(wrong.stdout).probability).toBeLessThan(1e-12);
  });

  it("renders a readable table and expectation values", () => {
    const r = qseq("run", "examples/qrnn.qseq", "--inputs", "examples/qrnn.inputs.json", "--exact");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("expectation values:");
    expect(r.stdout).toMatch(/output 0 \(step 0\) ⟨Z\(a\[0\]\)⟩ = -?\d\.\d{6}/);
    expect(r.stdout).not.toContain("outputs  "); // no bit table for a model that emits no bits
  });

  it("refuses states that do not fit, before allocating, with a diagnostic", () => {
    const r = qseq("run", "examples/khrnn.qseq", "--set", "n=40", "--tokens", "ReadZ(0)");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error[E0804]");
  });

  it("rejects conflicting modes and malformed targets as usage errors", () => {
    expect(qseq("run", "examples/khrnn.qseq", ...CONTEXT, "--exact", "--shots", "10").code).toBe(2);
    expect(qseq("run", "examples/khrnn.qseq", ...CONTEXT, "--force", "01x").code).toBe(2);
    expect(qseq("run", "examples/khrnn.qseq", ...CONTEXT, "--force", "01").code).toBe(2);
  });
});

describe("qseq run on an OpenQASM 3 file", () => {
  it("runs a program with an input bound from the command line", () => {
    const dir = mkdtempSync(join(tmpdir(), "qseq-run-"));
    const file = join(dir, "bell.qasm");
    writeFileSync(file, 'OPENQASM 3.0;\ninclude "stdgates.inc";\ninput float[64] theta;\nqubit[2] q;\noutput bit[2] c;\nry(theta) q[0];\ncx q[0], q[1];\nc = measure q;\n');
    const r = qseq("run", file, "--bind", "theta=1.5707963267948966", "--exact", "--format", "json");
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { distribution: { bits: string; probability: number }[] };
    expect(report.distribution.map((d) => d.bits).sort()).toEqual(["00", "11"]);
    for (const d of report.distribution) expect(d.probability).toBeCloseTo(0.5, 12);
    const unbound = qseq("run", file, "--exact");
    expect(unbound.code).toBe(1);
    expect(unbound.stderr).toContain("E1005");
  });

  it("reports OpenQASM errors as diagnostics with a span", () => {
    const dir = mkdtempSync(join(tmpdir(), "qseq-run-"));
    const file = join(dir, "bad.qasm");
    writeFileSync(file, 'OPENQASM 3.0;\ninclude "stdgates.inc";\nqubit[2] q;\nhh q[0];\n');
    const r = qseq("run", file);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error\[E1003\][^\n]*\n\s*--> .*bad\.qasm:4:1/);
  });
});

describe("qseq run / grad on an OpenQASM program with run-time control", () => {
  const dir = mkdtempSync(join(tmpdir(), "qseq-rt-"));
  const rus = join(dir, "rus.qasm");
  writeFileSync(rus, `OPENQASM 3.1;
include "stdgates.inc";
qubit q;
output bit done;
output bit[2] count;
uint[2] tries = 0;
while (!done && tries < 3) {
  tries += 1;
  reset q;
  h q;
  done = measure q;
}
count = tries;
`);
  const runaway = join(dir, "runaway.qasm");
  writeFileSync(runaway, 'OPENQASM 3.0;\ninclude "stdgates.inc";\nqubit q;\noutput bit b;\nb = measure q;\nwhile (b == 0) { x q; x q; }\n');

  it("--exact gives the loop's distribution; --force and grad are usage errors that name the op", () => {
    const r = qseq("run", rus, "--exact", "--format", "json");
    expect(r.code).toBe(0);
    const dist = JSON.parse(r.stdout).distribution as { bits: string; probability: number }[];
    expect(Object.fromEntries(dist.map((d) => [d.bits, d.probability]))).toEqual({ "110": 0.5, "101": 0.25, "011": 0.125, "111": 0.125 });
    const f = qseq("run", rus, "--force", "110");
    expect([f.code, f.stderr]).toEqual([2, expect.stringMatching(/teacher forcing needs a circuit without run-time classical computation; this one has an `assign` op/)]);
    const g = qseq("grad", rus, "--targets", "110");
    expect([g.code, g.stderr]).toEqual([2, expect.stringMatching(/adjoint differentiation needs a circuit without run-time classical computation/)]);
  });

  it("a loop that never ends is E0805 at the loop, exit 1, no stack trace", () => {
    const r = qseq("run", runaway, "--shots", "10");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error\[E0805\][^\n]*\n\s*--> .*runaway\.qasm:6:1/);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });
});

describe("qseq run on an OpenQASM program that includes its own files", () => {
  it("reads them relative to the including file and renders diagnostics inside them", () => {
    const dir = mkdtempSync(join(tmpdir(), "qseq-inc-"));
    mkdirSync(join(dir, "lib"));
    writeFileSync(join(dir, "lib", "gates.inc"), "gate bellpair a, b { h a; cx a, b; }\n");
    writeFileSync(join(dir, "lib", "bad.inc"), "gate bad a { hh a; }\n");
    writeFileSync(join(dir, "main.qasm"), 'OPENQASM 3.0;\ninclude "stdgates.inc";\ninclude "lib/gates.inc";\nqubit[2] q;\noutput bit[2] c;\nbellpair q[0], q[1];\nc = measure q;\n');
    writeFileSync(join(dir, "bad.qasm"), 'OPENQASM 3.0;\ninclude "stdgates.inc";\ninclude "lib/bad.inc";\n');
    const ok = qseq("run", join(dir, "main.qasm"), "--exact", "--format", "json");
    expect(ok.code).toBe(0);
    expect((JSON.parse(ok.stdout).distribution as { bits: string }[]).map((d) => d.bits).sort()).toEqual(["00", "11"]);
    const bad = qseq("run", join(dir, "bad.qasm"), "--exact");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/error\[E1003\]: unknown gate 'hh'\n\s*--> .*bad\.inc:1:14\n[\s\S]*\| gate bad a \{ hh a; \}/);
  });
});
