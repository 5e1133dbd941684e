// Timing for the ideal simulator: `delay`, `box`, `nop`, durations and stretches are checked (units,
// types) and then dropped — the circuit is the one without them.

import { describe, expect, it } from "vitest";
import { exactDistribution } from "../../src/sim/reference.js";
import { importQasm } from "../../src/qasm/index.js";
import { histogram, runQasm } from "../support/qsharp.js";
import { expectSameDistribution, importOk } from "./support.js";

const HEAD = 'OPENQASM 3.0;\ninclude "stdgates.inc";\n';
const codes = (body: string) => importQasm(HEAD + body, "t.qasm").diagnostics.map((d) => `${d.code} ${d.span?.line}:${d.span?.col}`);
const messages = (body: string) => importQasm(HEAD + body, "t.qasm").diagnostics.map((d) => d.message);

describe("timing as no-ops", () => {
  const timed = `${HEAD}qubit[2] q;
bit[2] c;
const duration pulse = 20ns;
duration wait = 2 * pulse + 0.5us - 10ns;
stretch st;
h q[0];
delay[wait] q[0];
delay[100dt] q;
delay[st] q[1];
box {
  cx q[0], q[1];
  delay[pulse] q[1];
}
box[1.5µs] {
  ry(wait / 1ns / 1000) q[1];
}
nop q[0];
nop;
if (wait > 1us) { x q[0]; }
if (wait / pulse == 26.5) { x q[1]; }
c = measure q;
`;
  const plain = `${HEAD}qubit[2] q;
bit[2] c;
h q[0];
cx q[0], q[1];
ry(0.53) q[1];
x q[1];
c = measure q;
`;

  it("drops delay, box, nop; computes durations; the box body is lowered", () => {
    const a = importOk(timed), b = importOk(plain);
    expect(a.ops.map((o) => o.kind)).toEqual(b.ops.map((o) => o.kind));
    expectSameDistribution(exactDistribution(a).outputs, exactDistribution(b).outputs);
  });

  it("units: ns, us, µs, ms, s, dt; dt and SI never mix in comparisons", () => {
    expect(codes("qubit q;\nif (1000ns == 1us && 1000us == 1ms && 1000ms == 1s && 1.0us == 1µs) x q;\n")).toEqual([]);
    expect(codes("qubit q;\nif (2dt < 3dt) x q;\n")).toEqual([]);
    expect(codes("qubit q;\nif (1dt < 1ns) x q;\n")).toEqual(["E1002 4:5"]);
    expect(messages("qubit q;\nstretch st;\nif (st < 1ns) x q;\n")[0]).toMatch(/stretch/);
    // a stretch or dt may still be delayed on, added, scaled
    expect(codes("qubit q;\nstretch st;\nduration d = 2 * (st + 4dt) - 1ns;\ndelay[d] q;\ndelay[st] q;\n")).toEqual([]);
  });

  it("type and unit errors are E1004; negative delays E1006; durationof is an unknown length", () => {
    expect(codes("qubit q;\ndelay[100] q;\n")).toEqual(["E1004 4:7"]);
    expect(importQasm(`${HEAD}qubit q;\ndelay[100] q;\n`, "t.qasm").diagnostics[0]!.help).toBe("give it a unit: `100ns` (units: ns, us, µs, ms, s, dt)");
    expect(codes("duration d = 1.5;\n")).toEqual(["E1004 3:14"]);
    expect(codes("duration d = 10ns + 1;\n")).toEqual(["E1004 3:14"]);
    expect(codes("float f = 10ns;\n")).toEqual(["E1004 3:11"]);
    expect(codes("qubit q;\nrx(10ns) q;\n")).toEqual(["E1004 4:4"]);
    expect(codes("duration d = 10ns * 2ns;\n")).toEqual(["E1004 3:14"]);
    expect(codes("const duration d = 10ns;\nd = 20ns;\n")).toEqual(["E1004 4:1"]);
    expect(codes("duration d = 10ns;\nd += 20ns;\nd = 3;\n")).toEqual(["E1004 5:5"]);
    expect(codes("qubit q;\ndelay[-5ns] q;\n")).toEqual(["E1006 4:7"]);
    expect(codes("qubit q;\nbox[1ns - 2ns] { x q; }\n")).toEqual(["E1006 4:5"]);
    expect(codes("qubit q;\ndelay[10ns] r;\n")).toEqual(["E1003 4:13"]);
    // durationof: a duration of unknown length (like a stretch): added and scaled, not compared
    expect(codes("qubit q;\nstretch a;\nduration d = -0.5 * durationof({ x q; }) + a;\ndelay[d] q;\n")).toEqual([]);
    expect(codes("qubit q;\nbool b = durationof({ x q; }) < 10ns;\n")).toEqual(["E1002 4:10"]);
    expect(codes("duration[32] d = 1ns;\n")).toEqual(["E1004 3:10"]);
  });

  it("in gate bodies: delay and box are allowed", () => {
    const c = importOk(`${HEAD}gate g a { delay[10ns] a; box { x a; } }\nqubit q;\nbit b;\ng q;\nb = measure q;\n`);
    expectSameDistribution(exactDistribution(c).outputs, new Map([["1", 1]]));
  });

  it("qsharp-lang agrees on `box` (it rejects durations and `delay`: NotSupported)", async () => {
    const text = `${HEAD}qubit[2] q;
bit[2] c;
h q[0];
box {
  cx q[0], q[1];
  ry(0.8) q[1];
}
c = measure q;
`;
    const ours = exactDistribution(importOk(text)).outputs;
    const run = await runQasm(text, 400);
    for (const [key, n] of histogram(run)) {
      const p = ours.get(key.replaceAll(" ", "")) ?? 0;
      expect(p, key).toBeGreaterThan(1e-9);
      expect(Math.abs(n / 400 - p), key).toBeLessThan(0.12);
    }
    await expect(runQasm(`${HEAD}qubit q;\ndelay[20ns] q;\n`, 1)).rejects.toThrow(/NotSupported/);
  }, 60_000);
});
