// `def` subroutines with qubit and classical parameters, inlined at each call; `return` of a value.

import { describe, expect, it } from "vitest";
import { exactDistribution } from "../../src/sim/reference.js";
import { importQasm } from "../../src/qasm/index.js";
import { histogram, runQasm } from "../support/qsharp.js";
import { expectSameDistribution, importOk } from "./support.js";

const HEAD = 'OPENQASM 3.0;\ninclude "stdgates.inc";\n';
const codes = (body: string) => importQasm(HEAD + body, "t.qasm").diagnostics.map((d) => `${d.code} ${d.span?.line}:${d.span?.col}`);

describe("subroutines", () => {
  const text = `${HEAD}def bell(qubit a, qubit b) {
  h a;
  cx a, b;
}
def angle_for(int k) -> float {
  return pi / (2 * k);
}
def rotate(qubit[2] r, float t) {
  for int i in [0:1] { ry(t * (i + 1)) r[i]; }
}
def read(qubit a) -> bit {
  return measure a;
}
qubit[4] q;
bit[2] c;
bit d;
bell(q[0], q[1]);
rotate(q[2:3], angle_for(4));
c = measure q[0:1];
d = read(q[3]);
`;
  const plain = `${HEAD}qubit[4] q;
bit[2] c;
bit d;
h q[0];
cx q[0], q[1];
ry(pi / 8) q[2];
ry(pi / 4) q[3];
c = measure q[0:1];
d = measure q[3];
`;

  it("are inlined: qubit, register and classical parameters, return values (numbers and measured bits)", () => {
    expectSameDistribution(exactDistribution(importOk(text)).outputs, exactDistribution(importOk(plain)).outputs);
  });

  it("qsharp-lang agrees", async () => {
    const ours = exactDistribution(importOk(text)).outputs;
    const run = await runQasm(text, 800);
    for (const [key, n] of histogram(run)) {
      const p = ours.get(key.replaceAll(" ", "")) ?? 0;
      expect(p, key).toBeGreaterThan(1e-9);
      expect(Math.abs(n / 800 - p), key).toBeLessThan(0.08);
    }
  }, 60_000);

  it("misuse is E1004 (arity, kinds, sizes, globals, return outside), E1002 (recursion)", () => {
    expect(codes("def f(qubit a) { x a; }\nqubit[2] q;\nf(q);\n")).toEqual(["E1004 5:3"]);
    expect(codes("def f(qubit a) { x a; }\nqubit q;\nf(q, q);\n")).toEqual(["E1004 5:1"]);
    expect(codes("def f(qubit a) { x a; }\nqubit q;\nf(1.0);\n")).toEqual(["E1004 5:3"]);
    expect(codes("def f(qubit a) { x a; }\nqubit q;\nf q;\n")).toEqual(["E1004 5:3"]);
    expect(codes("qubit q;\ndef f() { x q; }\nf();\n")).toEqual(["E1004 4:13"]);
    expect(codes("return;\n")).toEqual(["E1004 3:1"]);
    expect(codes("def f(int k) -> int { return f(k); }\nint m = f(1);\n")).toEqual(["E1002 3:30"]);
    // a return decided at run time imports (test/qasm/runtime-control.test.ts), also from a for loop
    expect(codes("def f(qubit a) -> int { bit b; b = measure a; if (b) { return 1; } return 0; }\nqubit q;\nint m = f(q);\n")).toEqual([]);
    expect(codes("def f(qubit a) -> int { for int i in [0:1] { bit b = measure a; if (b) { return 1; } } return 0; }\nqubit q;\nint m = f(q);\n")).toEqual([]);
    expect(codes("def f(int k) -> int { }\nint m = f(1);\n")).toEqual(["E1004 4:9"]);
    expect(codes("def f(int k) { }\nint m = f(1);\n")).toEqual(["E1004 4:9"]);
    expect(codes("def f(int k, float k) { }\n")).toEqual(["E1004 3:20"]);
    expect(codes("int g = 1;\ndef f() -> int { return g; }\nint m = f();\n")).toEqual(["E1003 4:25"]);
  });

  it("nested calls of empty subroutines count against the unroll limit", () => {
    const defs = ["def f0() { }", ...Array.from({ length: 30 }, (_, i) => `def f${i + 1}() { f${i}(); f${i}(); }`)].join("\n");
    const t0 = performance.now();
    const r = importQasm(`${HEAD}${defs}\nf30();\n`, "t.qasm", { limits: { maxOps: 10_000 } });
    expect(r.diagnostics.map((d) => d.code)).toEqual(["E1006"]);
    expect(performance.now() - t0).toBeLessThan(5000);
  });
});
