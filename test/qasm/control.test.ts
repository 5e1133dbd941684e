// Compile-time control flow: `while` with a condition known at import time, `break`/`continue` (in
// `for` and `while`), `switch` on a compile-time integer — unrolled or decided at import time.

import { describe, expect, it } from "vitest";
import { exactDistribution } from "../../src/sim/reference.js";
import { importQasm } from "../../src/qasm/index.js";
import { histogram, runQasm } from "../support/qsharp.js";
import { expectSameDistribution, importOk } from "./support.js";

const HEAD = 'OPENQASM 3.0;\ninclude "stdgates.inc";\n';
const codes = (body: string, opts = {}) => importQasm(HEAD + body, "t.qasm", opts).diagnostics.map((d) => `${d.code} ${d.span?.line}:${d.span?.col}`);
const rzAngles = (body: string) => importOk(HEAD + body).ops.flatMap((o) => (o.kind === "gate" && o.name === "rz" ? [(o.args[0] as { v: number }).v] : []));

describe("compile-time control flow", () => {
  it("while: unrolled while the condition holds; break and continue", () => {
    expect(rzAngles("qubit q;\nint i = 0;\nwhile (i < 4) { rz(i * 1.0) q; i += 1; }\n")).toEqual([0, 1, 2, 3]);
    expect(rzAngles("qubit q;\nint i = 0;\nwhile (true) { i += 1; if (i == 2) continue; if (i > 4) break; rz(i * 1.0) q; }\n")).toEqual([1, 3, 4]);
    expect(rzAngles("qubit q;\nfor int i in [0:9] { if (i % 2 == 1) { continue; } if (i >= 6) { break; } rz(i * 1.0) q; }\n")).toEqual([0, 2, 4]);
    // break leaves the innermost loop only
    expect(rzAngles("qubit q;\nfor int i in [0:2] { for int j in [0:2] { if (j > i) break; rz(10.0 * i + j) q; } }\n")).toEqual([0, 10, 11, 20, 21, 22]);
  });

  it("switch: the matching case, else default, else nothing", () => {
    const prog = (x: number) => `qubit q;\nconst int sel = ${x};\nswitch (sel) {\n  case 1, 2 { rz(1.0) q; }\n  case 3 { rz(3.0) q; }\n  default { rz(9.0) q; }\n}\nswitch (sel + 10) { case 11 { rz(11.0) q; } }\n`;
    expect(rzAngles(prog(1))).toEqual([1, 11]);
    expect(rzAngles(prog(2))).toEqual([1]);
    expect(rzAngles(prog(3))).toEqual([3]);
    expect(rzAngles(prog(7))).toEqual([9]);
  });

  it("misuse: break outside a loop (E1004), bad cases (E1004), runaway loops (E1006); run-time exits import", () => {
    expect(codes("break;\n")).toEqual(["E1004 3:1"]);
    // run-time conditions become run-time ops (test/qasm/runtime-control.test.ts)
    expect(codes("qubit q;\nbit b;\nb = measure q;\nwhile (b) { x q; }\n")).toEqual([]);
    expect(codes("qubit[2] q;\nbit[2] b;\nb = measure q;\nswitch (b) { case 1 { x q; } }\n")).toEqual([]);
    expect(codes("qubit q;\nbit b;\nb = measure q;\nfor int i in [0:3] { if (b) break; x q; }\n")).toEqual([]);
    expect(codes("switch (1.5) { case 1 { } }\n")).toEqual(["E1004 3:9"]);
    expect(codes("switch (1) { case 1, 2 { } case 2 { } }\n")).toEqual(["E1004 3:33"]);
    expect(codes("switch (1) { default { } default { } }\n")).toEqual(["E1004 3:26"]);
    expect(codes("qubit q;\nwhile (true) { x q; }\n", { limits: { maxOps: 100 } })).toEqual(["E1006 4:1"]);
    expect(codes("qubit q;\nint i = 0;\nwhile (true) { i += 1; }\n", { limits: { maxOps: 100 } })).toEqual(["E1006 5:1"]);
  });

  it("a while (true) without exit stops at the default limit quickly", () => {
    const t0 = performance.now();
    expect(codes("while (true) { }\n", { limits: { maxOps: 1_000_000 } })).toEqual(["E1006 3:1"]);
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it("qsharp-lang agrees on while, break, continue and switch", async () => {
    // (qsharp-lang reads `switch` from version 3.1 on)
    const text = `${HEAD.replace("3.0", "3.1")}qubit[3] q;
output bit[3] c;
int i = 0;
while (i < 3) {
  i += 1;
  if (i == 2) { continue; }
  ry(0.4 * i) q[i - 1];
}
for int k in [0:2] {
  if (k == 2) { break; }
  h q[k];
}
const int mode = 2;
switch (mode) {
  case 1 { x q[2]; }
  case 2 { ry(1.1) q[2]; }
  default { }
}
c = measure q;
`;
    const ours = exactDistribution(importOk(text)).outputs;
    const run = await runQasm(text, 800);
    const counts = histogram(run);
    for (const [key, n] of counts) {
      const p = ours.get(key.replaceAll(" ", "")) ?? 0;
      expect(p, key).toBeGreaterThan(1e-9);
      expect(Math.abs(n / 800 - p), key).toBeLessThan(0.08);
    }
    expectSameDistribution(ours, exactDistribution(importOk(`${HEAD}qubit[3] q;\nbit[3] c;\nry(0.4) q[0];\nry(1.2) q[2];\nh q[0];\nh q[1];\nry(1.1) q[2];\nc = measure q;\n`)).outputs);
  }, 60_000);
});

describe("a while loop that does not end", () => {
  it("stops at its own iteration bound (E1006), not at the unroll limit", () => {
    const d = importQasm(`${HEAD}int i = 0;\nwhile (true) { i += 1; }\n`, "t.qasm").diagnostics;
    expect(d.map((x) => `${x.code} ${x.span?.line}:${x.span?.col}`)).toEqual(["E1006 4:1"]);
    expect(d[0]!.message).toContain("more than 100,000 iterations");
  });
});
