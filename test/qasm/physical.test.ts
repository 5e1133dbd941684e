// Physical qubits `$n`: circuit qubit n, in a register `$` sized by the largest index used, ahead of the
// declared registers.

import { describe, expect, it } from "vitest";
import { exactDistribution } from "../../src/sim/reference.js";
import { importQasm } from "../../src/qasm/index.js";
import { runQasm } from "../support/qsharp.js";
import { expectSameDistribution, importOk } from "./support.js";

const HEAD = 'OPENQASM 3.0;\ninclude "stdgates.inc";\n';
const codes = (body: string, opts = {}) => importQasm(HEAD + body, "t.qasm", opts).diagnostics.map((d) => `${d.code} ${d.span?.line}:${d.span?.col}`);

describe("physical qubits", () => {
  it("map to a register `$` of the largest index + 1, at offset 0; declared registers follow", () => {
    const c = importOk(`${HEAD}qubit[2] q;\nbit[3] c;\nh $2;\ncx $2, q[1];\nx $0;\nc[0] = measure $0;\nc[1] = measure $2;\nc[2] = measure q[1];\n`);
    expect(c.registers).toEqual([
      { name: "$", role: "hidden", offset: 0, size: 3 },
      { name: "q", role: "hidden", offset: 3, size: 2 },
    ]);
    expect(c.numQubits).toBe(5);
    expectSameDistribution(exactDistribution(c).outputs, new Map([["111", 0.5], ["100", 0.5]]));
  });

  it("work in every qubit position: measure ->, reset, barrier, let, if bodies, loops, delay", () => {
    const c = importOk(`${HEAD}bit[2] b;\nlet pair = $0 ++ $1;\nfor int i in [0:1] h pair[i];\nbarrier $0, $1;\nreset $1;\nmeasure $0 -> b[0];\nif (b[0]) x $1;\ndelay[10ns] $1;\nb[1] = measure $1;\n`);
    expectSameDistribution(exactDistribution(c).outputs, new Map([["00", 0.5], ["11", 0.5]]));
  });

  it("misuse: in a gate body, as a bit, over the qubit limit", () => {
    expect(codes("gate g a { x $0; }\n")).toEqual(["E1004 3:14"]);
    expect(codes("bit b;\nb = $0;\n")).toEqual(["E1002 4:5"]);
    expect(codes("measure $0 -> $1;\n")).toEqual(["E1001 3:15"]); // not an lvalue: a syntax error
    expect(codes("x $5;\nx $7;\n", { limits: { maxQubits: 4 } })).toEqual(["E1006 4:3"]);
    expect(codes("qubit[3] q;\nx $1;\n", { limits: { maxQubits: 4 } })).toEqual(["E1006 3:7"]); // the declared register no longer fits after $0, $1
  });

  it("qsharp-lang (which refuses `$n`) agrees on the same program with `$n` written as q[n]", async () => {
    const text = `${HEAD}bit[2] c;\nry(0.9) $0;\ncx $0, $2;\nh $1;\nc[0] = measure $0;\nc[1] = measure $2;\n`;
    const ours = exactDistribution(importOk(text)).outputs;
    const renamed = text.replace("bit[2] c;", "qubit[3] q;\nbit[2] c;").replace(/\$(\d+)/g, "q[$1]");
    expectSameDistribution(ours, exactDistribution(importOk(renamed)).outputs);
    const run = await runQasm(renamed, 600);
    const ones = run.shots.filter((s) => s.join("").replaceAll(" ", "") === "11").length;
    for (const shot of run.shots) expect(["00", "11"]).toContain(shot.join("").replaceAll(" ", ""));
    expect(Math.abs(ones / 600 - Math.sin(0.45) ** 2)).toBeLessThan(0.08);
    await expect(runQasm(text, 1)).rejects.toThrow(/hardware qubit operands are not supported/);
  }, 60_000);
});
