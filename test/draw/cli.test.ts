// `qseq draw` as users run it: the bin script in a child process (run `npm run build` first).

import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkXml } from "./helpers.js";

function qseq(...args: string[]) {
  const r = spawnSync(process.execPath, ["bin/qseq.js", ...args], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const KHRNN = ["examples/khrnn.qseq", "--tokens", "@examples/khrnn.tokens"];

describe("qseq draw", () => {
  it("prints the terminal drawing of the committed docs/drawings/khrnn.txt", () => {
    const r = qseq("draw", ...KHRNN);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(readFileSync("docs/drawings/khrnn.txt", "utf8"));
  });

  it("writes an SVG atomically, picked by the .svg extension, identical on every run", () => {
    const dir = mkdtempSync(join(tmpdir(), "qseq-draw-"));
    const a = join(dir, "a.svg"), b = join(dir, "b.svg");
    expect(qseq("draw", "examples/qrnn.qseq", "--inputs", "examples/qrnn.inputs.json", "--fold", "24", "-o", a).code).toBe(0);
    expect(qseq("draw", "examples/qrnn.qseq", "--inputs", "examples/qrnn.inputs.json", "--fold", "24", "-o", b).code).toBe(0);
    const svg = readFileSync(a, "utf8");
    expect(svg).toBe(readFileSync(b, "utf8"));
    expect(svg).toBe(readFileSync("docs/drawings/qrnn.svg", "utf8"));
    checkXml(svg);
    expect(readdirSync(dir).sort()).toEqual(["a.svg", "b.svg"]); // no temporary files left
  });

  it("--format svg prints SVG to standard output; --bind shows values", () => {
    const r = qseq("draw", "examples/one-qubit-rnn.qseq", "--inputs", "examples/one-qubit-rnn.inputs.json", "--format", "svg", "--bind", "w=0.5");
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith("<svg ")).toBe(true);
    expect(r.stdout).toContain("ry(0.5·x[0])");
    expect(r.stderr).toBe(""); // W0103 concerns hardware runs, not drawings
  });

  it("--max-steps draws the first K steps and says so", () => {
    const r = qseq("draw", ...KHRNN, "--max-steps", "3");
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")[0]).toBe("khrnn: first 3 of 15 steps (--max-steps 3)");
    expect(r.stdout).not.toContain("step 3");
    expect(r.stderr).toContain("drew the first 3 of 15 steps");
  });

  it("--fold N starts a new row every N columns with the wire labels repeated", () => {
    const r = qseq("draw", ...KHRNN, "--fold", "4");
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n").filter((l) => l.startsWith("h[0] ")).length).toBeGreaterThan(4);
  });

  it("refuses bad options and oversized drawings as usage errors (exit 2)", () => {
    expect(qseq("draw", ...KHRNN, "--max-steps", "0").code).toBe(2);
    const pngToStdout = qseq("draw", ...KHRNN, "--format", "png");
    expect(pngToStdout.code).toBe(2);
    expect(pngToStdout.stderr).toContain("PNG output is binary: give the file with -o circuit.png");
    expect(qseq("draw", ...KHRNN, "--format", "jpeg").code).toBe(2);
    expect(qseq("draw", "examples/khrnn.qseq", "--tokens", "ReadZ(0)", "--inputs", "examples/qrnn.inputs.json").code).toBe(2);
    const missing = qseq("draw", "examples/khrnn.qseq", "--tokens", "@nope.tokens");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("cannot read token file nope.tokens");
    const many = Array.from({ length: 20_000 }, (_, i) => `Edge(${i % 4},${(i % 4) + 1},${(i % 4) + 2})`).join(" ");
    const file = join(mkdtempSync(join(tmpdir(), "qseq-draw-")), "many.tokens");
    writeFileSync(file, many);
    const big = qseq("draw", "examples/khrnn.qseq", "--tokens", `@${file}`, "--max-steps", "20000");
    expect(big.code).toBe(2);
    expect(big.stderr).toMatch(/error: the drawing would have up to .* cells; draw fewer steps with --max-steps/);
    expect(big.stderr).not.toContain("    at ");
  });

  it("reports program errors as diagnostics (exit 1), never a stack trace", () => {
    const bad = qseq("draw", "examples/khrnn.qseq", "--tokens", "Edge(0,0,1)");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/error\[E\d{4}\]/);
    expect(bad.stderr).not.toContain("    at ");
    const wrongKind = qseq("draw", "examples/qrnn.qseq", "--tokens", "A");
    expect(wrongKind.code).toBe(1);
    expect(existsSync("x.png")).toBe(false);
  });

  it("is listed in qseq --help", () => {
    const r = qseq("--help");
    expect(r.stdout).toMatch(/draw \[options\] <file>/);
  });
});
