// Run-time classical control in imported OpenQASM 3 (docs/classical-control.md): values computed from
// measurement results, `while` loops and `switch` on them, `break`/`continue` decided at run time, and
// bits or variables that differ after the two sides of an `if`. Every program is checked against a
// distribution worked out by hand, in both simulators (the fast one and the reference), and the ones
// qsharp-lang can run against qsharp-lang.

import { describe, expect, it } from "vitest";
import { importQasm } from "../../src/qasm/index.js";
import { exactDistribution } from "../../src/sim/reference.js";
import { compileSimulation, LoopLimitError } from "../../src/sim/index.js";
import { classicalControlOp } from "../../src/ir/circuit.js";
import { histogram, runQasm } from "../support/qsharp.js";
import { expectSameDistribution, importOk } from "./support.js";
import { emitQasm3 } from "../../src/emit/qasm3/emit.js";
import { readdirSync, readFileSync } from "node:fs";

const HEAD = 'OPENQASM 3.1;\ninclude "stdgates.inc";\n';
const codes = (body: string) => importQasm(HEAD + body, "t.qasm").diagnostics.map((d) => `${d.code} ${d.span?.line}:${d.span?.col}`);

/** Both simulators give `expected` (keys: the outputs' bits, element 0 first, in declaration order). */
function expectDistribution(body: string, expected: Record<string, number>): void {
  const c = importOk(HEAD + body);
  const want = new Map(Object.entries(expected));
  expectSameDistribution(exactDistribution(c).outputs, want, "reference simulator", 1e-12);
  expectSameDistribution(compileSimulation(c).exact().outputs, want, "fast simulator", 1e-12);
}

/** qsharp-lang's shots agree with our exact distribution (L1 within a bound that fails with probability < 1e-9). */
async function expectQsharpAgrees(body: string, shots = 2000): Promise<void> {
  const ours = exactDistribution(importOk(HEAD + body)).outputs;
  const counts = histogram(await runQasm(HEAD + body, shots));
  let l1 = 0;
  const keys = new Set([...ours.keys(), ...[...counts.keys()].map((k) => k.replaceAll(" ", ""))]);
  for (const k of keys) {
    const n = [...counts].filter(([key]) => key.replaceAll(" ", "") === k).reduce((s, [, x]) => s + x, 0);
    const p = ours.get(k) ?? 0;
    if (n > 0) expect(p, `qsharp-lang saw ${k}, which has probability 0 here`).toBeGreaterThan(1e-12);
    l1 += Math.abs(n / shots - p);
  }
  // Bretagnolle–Huber–Carol: P(L1 ≥ ε) ≤ 2^K e^{−nε²/2}
  const eps = Math.sqrt((2 * (keys.size * Math.LN2 + Math.log(1e9))) / shots);
  expect(l1).toBeLessThan(eps);
}

const REPEAT_UNTIL_SUCCESS = `qubit q;
output bit done;
output bit[2] count;
uint[2] tries = 0;
done = 0;
while (!done && tries < 3) {
  tries += 1;
  reset q;
  h q;
  done = measure q;
}
count = tries;
`;

const BREAK_ON_MEASUREMENT = `qubit q;
output bit b;
output bit[2] cnt;
uint[2] n = 0;
while (true) {
  n += 1;
  reset q;
  ry(2 * pi / 3) q;
  b = measure q;
  if (b) break;
  if (n >= 3) break;
}
cnt = n;
`;

const SWITCH_ON_MEASURED = `qubit[3] q;
bit[2] c;
output bit r;
h q[0];
h q[1];
c = measure q[0:1];
switch (c) {
  case 0 { }
  case 1, 2 { x q[2]; }
  default { h q[2]; }
}
r = measure q[2];
`;

describe("run-time classical control in imported programs", () => {
  it("a while loop on measured values (repeat until success, at most 3 tries)", () => {
    // P(tries = t, done) = 2^-t; after three failures done = 0
    expectDistribution(REPEAT_UNTIL_SUCCESS, { "110": 1 / 2, "101": 1 / 4, "111": 1 / 8, "011": 1 / 8 });
    expect(classicalControlOp(importOk(HEAD + REPEAT_UNTIL_SUCCESS).ops)?.kind).toBeDefined();
  });

  it("an unrolled while(true) whose break depends on a measurement becomes a run-time loop", () => {
    // success probability 3/4 per try, at most 3 tries
    expectDistribution(BREAK_ON_MEASUREMENT, { "110": 3 / 4, "101": 3 / 16, "111": 3 / 64, "011": 1 / 64 });
  });

  it("a while that restarts as a run-time loop inside an if on a measurement keeps the outer variable right", () => {
    // the first, speculative iteration pins k before the if and is rolled back at the break
    expectDistribution(`qubit[2] q;
output bit a;
output bit r;
bit m;
int k = 5;
h q[0];
a = measure q[0];
if (a) {
  while (true) {
    reset q[1];
    h q[1];
    m = measure q[1];
    k = int(m);
    if (m) break;
  }
}
r = k == 1;
`, { "00": 1 / 2, "11": 1 / 2 });
  });

  it("continue at run time skips the rest of the body", () => {
    // count the 1s among 3 fair coins, but a 1 right after a 1 is not counted
    expectDistribution(`qubit q;
output bit[2] ones;
bit m;
bit last;
int i = 0;
int k = 0;
while (i < 3) {
  i += 1;
  reset q;
  h q;
  m = measure q;
  if (m && last) { continue; }
  last = m;
  if (m) { k += 1; }
}
ones = k;
`, // coins (first first) → k: 000→0, 101→2, the other six → 1 (in 011, 111 and 110 the second 1 in a row is skipped)
      { "00": 1 / 8, "10": 6 / 8, "01": 1 / 8 });
  });

  it("switch on a measured register: case lists and default", () => {
    // c uniform on 0..3: r = 0, 1, 1, then a fair coin for the default
    expectDistribution(SWITCH_ON_MEASURED, { "0": 3 / 8, "1": 5 / 8 });
  });

  it("arithmetic, casts and built-in functions on measured bits", () => {
    // P(q0 = 1) = 1/4, P(q1 = 1) = 3/4; sum = q0 + q1; r = (sum == 1); two = (sqrt(sum) > 1.2) = (sum == 2)
    expectDistribution(`qubit[4] q;
bit[2] c;
output bit r;
output bit two;
ry(pi / 3) q[0];
ry(2 * pi / 3) q[1];
c = measure q[0:1];
int sum = int(c[0]) + int(c[1]);
if (sum == 1) x q[2];
float f = sqrt(float(sum));
if (f > 1.2) { x q[3]; }
r = measure q[2];
two = measure q[3];
`, { "10": 1 / 16 + 9 / 16, "00": 3 / 16, "01": 3 / 16 });
  });

  it("bits computed at run time: xor of two measurements, a bit written on one side of an if", () => {
    expectDistribution(`qubit[2] q;
bit a;
bit b;
output bit par;
output bit w;
h q[0];
h q[1];
a = measure q[0];
b = measure q[1];
par = a ^ b;
w = 0;
if (a) { w = 1; }
`, { "00": 1 / 4, "01": 1 / 4, "10": 1 / 4, "11": 1 / 4 }); // par = a xor b, w = a: independent and uniform
    // a re-measured in one branch only: afterwards it is either measurement
    expectDistribution(`qubit q;
output bit a;
h q;
a = measure q;
if (a) { h q; a = measure q; }
`, { "0": 3 / 4, "1": 1 / 4 });
  });

  it("gate angles computed from measured bits: one gate per value of what they read", () => {
    // P(b = 1) = 1/4; then ry(π·b/2): P(r = 1) = 1/4 · 1/2
    const body = `qubit[2] q;
bit b;
output bit r;
ry(pi / 3) q[0];
b = measure q[0];
float ang = pi / 2 * int(b);
ry(ang) q[1];
r = measure q[1];
`;
    expectDistribution(body, { "1": 1 / 8, "0": 7 / 8 });
    // only bits are read: the circuit stays static (an `if` op per bit), so gradients and export take it
    expect(classicalControlOp(importOk(HEAD + body).ops)).toBeUndefined();
    // through a pinned uint[2] variable (a `branch` op per value): k = b0 + 2 b1, P(u = 1) = sin²(kπ/6)
    expectDistribution(`qubit[3] q;
bit[2] b;
output bit u;
h q[0];
h q[1];
b = measure q[0:1];
uint[2] k = 0;
if (b[0]) k += 1;
if (b[1]) k += 2;
ry(k * pi / 3) q[2];
u = measure q[2];
`, { "1": (0 + 1 / 4 + 3 / 4 + 1) / 4, "0": 1 - (0 + 1 / 4 + 3 / 4 + 1) / 4 });
  });

  it("qubit and bit indices computed at run time: the statement once per value of what the index reads", () => {
    // c uniform on 0..3 names the qubit to flip: one-hot outputs (element 0 first); only if ops (static circuit)
    const body = `qubit[2] a;
qubit[4] tg;
bit[2] c;
output bit[4] r;
h a;
c = measure a;
int i = int(c[0]) + 2 * int(c[1]);
x tg[i];
r = measure tg;
`;
    expectDistribution(body, { "1000": 1 / 4, "0100": 1 / 4, "0010": 1 / 4, "0001": 1 / 4 });
    expect(classicalControlOp(importOk(HEAD + body).ops)).toBeUndefined();
    // the measured index names both the qubit and the bit it is measured into
    expectDistribution(`qubit[2] a;
qubit[4] tg;
bit[2] c;
output bit[4] r;
h a;
c = measure a;
uint[2] i = uint[2](c);
x tg;
r[i] = measure tg[i];
`, { "1000": 1 / 4, "0100": 1 / 4, "0010": 1 / 4, "0001": 1 / 4 });
  });

  it("a run-time index keeps what the other cases do not write; constants, array elements and angles through variables", () => {
    // r held 1111; the measurement at the run-time index writes one 0 (after the reset), the rest stays
    expectDistribution(`qubit[2] a;
qubit[4] tg;
bit[2] c;
output bit[4] r;
h a;
c = measure a;
uint[2] i = uint[2](c);
x tg;
r = measure tg;
reset tg;
r[i] = measure tg[i];
`, { "0111": 1 / 4, "1011": 1 / 4, "1101": 1 / 4, "1110": 1 / 4 });
    // a constant written at a run-time index
    expectDistribution(`qubit[2] a;
bit[2] c;
output bit[4] r;
h a;
c = measure a;
uint[2] i = uint[2](c);
r[i] = 1;
`, { "1000": 1 / 4, "0100": 1 / 4, "0010": 1 / 4, "0001": 1 / 4 });
    // an array element at a run-time index, through an unsized float variable into a gate angle: the
    // variable's values are known at import time (those its cases assign), so the angle splits over them
    expectDistribution(`qubit[2] a;
qubit b;
bit[2] c;
output bit r;
array[float[64], 4] ang = {0.0, pi, pi / 2, 0.0};
h a;
c = measure a;
uint[2] i = uint[2](c);
float th = 0.0;
th = ang[i];
ry(th) b;
r = measure b;
`, { "1": 3 / 8, "0": 5 / 8 });
  });

  it("a variable with different values after the two sides of an if", () => {
    expectDistribution(`qubit[2] q;
output bit r;
bit m;
ry(pi / 3) q[0];
m = measure q[0];
int k = 1;
if (m) { k = 3; } else { k = 2; }
if (k == 3) { x q[1]; }
r = measure q[1];
`, { "1": 1 / 4, "0": 3 / 4 });
  });

  it("break and continue of a for loop decided at run time: the loop stays unrolled, its index known", () => {
    // measure fair coins until the first 1
    expectDistribution(`qubit[3] q;
output bit[3] c;
for int i in [0:2] { h q[i]; c[i] = measure q[i]; if (c[i]) break; }
`, { "100": 1 / 2, "010": 1 / 4, "001": 1 / 8, "000": 1 / 8 });
    // q[3] flips once per 0 of three biased coins (P(0) = 3/4): P(odd) = (1 − (1 − 2·3/4)^3) / 2
    expectDistribution(`qubit[4] q;
bit m;
output bit r;
for int i in [0:2] { ry(pi / 3) q[i]; m = measure q[i]; if (m) continue; x q[3]; }
r = measure q[3];
`, { "1": 9 / 16, "0": 7 / 16 });
    // an inner loop's run-time break, then the outer loop's, steered by a run-time count of zeros
    expectDistribution(`qubit[3] q;
bit m;
output bit[2] n;
uint[2] k = 0;
for int i in [0:2] {
  for int j in [0:0] { h q[i]; m = measure q[i]; if (m) { break; } k += 1; }
  if (k == 2) break;
}
n = k;
`, { "00": 1 / 8, "10": 3 / 8, "01": 1 / 2 });
  });

  it("return decided at run time: the rest of the subroutine runs only where it did not return", () => {
    // P(m = 1) = 1/4: k = 3 and q stays |1⟩; else ry(π/2) on |0⟩ and k = 1 (outputs n = k, r)
    expectDistribution(`def coin(qubit a) -> int {
  bit m = measure a;
  if (m) { return 3; }
  ry(pi / 2) a;
  return 1;
}
qubit[2] q;
output bit[2] n;
output bit r;
ry(pi / 3) q[0];
int k = coin(q[0]);
n = k;
r = measure q[0];
`, { "111": 1 / 4, "100": 3 / 8, "101": 3 / 8 });
    // from inside (nested) for loops: the loops stop, the rest is skipped (P(0) over four fair tries: 1/16)
    expectDistribution(`def g(qubit a) -> bit {
  for int i in [0:1] { for int j in [0:1] { h a; bit m = measure a; if (m) { return m; } } }
  return 0;
}
qubit q;
output bit r;
r = g(q);
`, { "0": 1 / 16, "1": 15 / 16 });
    // a subroutine without a result
    expectDistribution(`def f(qubit a, qubit b) {
  h a;
  bit m = measure a;
  if (m) { return; }
  x b;
}
qubit[2] q;
output bit r;
f(q[0], q[1]);
r = measure q[1];
`, { "0": 1 / 2, "1": 1 / 2 });
  });

  it("a static for loop inside a run-time while keeps its indices", () => {
    // measure a 2-qubit register until it reads 3 (at most 4 tries): P(success by try t) = 1 − (3/4)^t
    expectDistribution(`qubit[2] q;
output bit[2] c;
int tries = 0;
while (c != 3 && tries < 4) {
  tries += 1;
  for int i in [0:1] { reset q[i]; h q[i]; }
  c = measure q;
}
`, { "11": 1 - (3 / 4) ** 4, "00": (3 / 4) ** 4 / 3, "10": (3 / 4) ** 4 / 3, "01": (3 / 4) ** 4 / 3 });
  });

  it("qsharp-lang agrees on while, break and switch on measured values", async () => {
    // qsharp-lang converts an integer to bit[n] with element 0 as the most significant bit (the
    // specification: the least significant), so here the count is written bit by bit
    const bitwise = (name: string, v: string) => `${name}[0] = ${v} == 1 || ${v} == 3;\n${name}[1] = ${v} >= 2;\n`;
    await expectQsharpAgrees(REPEAT_UNTIL_SUCCESS.replace("count = tries;\n", bitwise("count", "tries")));
    await expectQsharpAgrees(BREAK_ON_MEASUREMENT.replace("cnt = n;\n", bitwise("cnt", "n")));
    await expectQsharpAgrees(SWITCH_ON_MEASURED);
  }, 120_000);

  it("OpenQASM export prints run-time control; re-imported, every corpus program has the same distribution", () => {
    const dir = "test/qasm/corpus/v3";
    const files = readdirSync(dir).filter((f) => f.startsWith("runtime-"));
    expect(files.length).toBeGreaterThanOrEqual(12);
    for (const f of files) {
      const c = importOk(readFileSync(`${dir}/${f}`, "utf8"), f);
      for (const profile of ["full", "portable"] as const) {
        const text = emitQasm3(c, { profile });
        expectSameDistribution(exactDistribution(importOk(text, `${f}.${profile}.qasm`)).outputs, exactDistribution(c).outputs, `${f} (${profile})\n${text}`, 1e-12);
      }
    }
  });

  it("qsharp-lang runs an exported run-time loop and agrees", async () => {
    const c = importOk(HEAD + REPEAT_UNTIL_SUCCESS.replace("count = tries;\n", "count[0] = tries == 1 || tries == 3;\ncount[1] = tries >= 2;\n"));
    const text = emitQasm3(c, { profile: "portable" });
    expect(text).toMatch(/while \(/);
    const ours = exactDistribution(c).outputs;
    const counts = histogram(await runQasm(text, 2000));
    for (const [k, n] of counts) {
      const p = ours.get(k.replaceAll(" ", "")) ?? 0;
      expect(p, `qsharp-lang saw ${k}`).toBeGreaterThan(1e-12);
      expect(Math.abs(n / 2000 - p), k).toBeLessThan(0.06);
    }
  }, 60_000);

  it("an accumulator of measured values in a long unrolled loop stays one variable (no deep expression)", () => {
    const c = importOk(`${HEAD}qubit q;\noutput bit b;\nint[32] total = 0;\nfor int i in [1:20000] { reset q; h q; bit m = measure q; total += int(m); }\nb = total > 9000;\n`);
    expect(c.vars?.length).toBe(1);
    const shots = compileSimulation(c).sample(undefined, 4, 1).outputs;
    expect([...shots.keys()]).toEqual(["1"]); // 20,000 fair coins: more than 9,000 ones, always in practice
    // the same with three coins, exactly: P(total ≥ 2) = 1/2
    expectDistribution("qubit q;\noutput bit b;\nint[32] total = 0;\nfor int i in [1:3] { reset q; h q; bit m = measure q; total += int(m); }\nb = total >= 2;\n", { "1": 1 / 2, "0": 1 / 2 });
  });

  // The specification's iterative phase estimation (examples/ipe.qasm), with `output` on its result and
  // n = 4: bit-level writes into an angle, shifts of an angle, a gate angle read from it (split per value)
  const IPE = (controlledPower: string) => `qubit q;
qubit r;
output angle[4] c;
reset q;
reset r;
h r;
uint[4] power = 1;
for uint i in [0: 3] {
  reset q;
  h q;
  ${controlledPower}
  inv @ phase(c) q;
  h q;
  measure q -> c[0];
  c <<= 1;
  power <<= 1;
}
`;

  it("iterative phase estimation (the specification's example) agrees with qsharp-lang", async () => {
    const theta = "3 * pi / 8";
    const withPow = importOk(HEAD + IPE(`ctrl @ pow(power) @ phase(${theta}) q, r;`));
    const withCp = importOk(HEAD + IPE(`cp(${theta} * power) q, r;`));
    const ours = exactDistribution(withPow).outputs;
    expectSameDistribution(exactDistribution(withCp).outputs, ours, "pow(power) @ phase vs cp(θ·power)", 1e-12);
    expect(ours.get("0000")).toBeCloseTo(1 / 2, 12); // r is the eigenvector of phase 0 half the time
    // qsharp-lang (which cannot run pow with a variable exponent) reports c in radians: k·2π/16
    const shots = 2000;
    const counts = histogram(await runQasm(HEAD + IPE(`cp(${theta} * power) q, r;`), shots));
    let l1 = 0;
    const seen = new Map<string, number>();
    for (const [v, n] of counts) {
      const k = Math.round((Number(v) / (2 * Math.PI)) * 16) % 16;
      const key = Array.from({ length: 4 }, (_, i) => (Math.floor(k / 2 ** i) % 2 ? "1" : "0")).join("");
      seen.set(key, (seen.get(key) ?? 0) + n);
    }
    for (const k of new Set([...seen.keys(), ...ours.keys()])) l1 += Math.abs((seen.get(k) ?? 0) / shots - (ours.get(k) ?? 0));
    expect(l1).toBeLessThan(Math.sqrt((2 * (16 * Math.LN2 + Math.log(1e9))) / shots));
  }, 60_000);

  it("bits of sized integers and angles: read and written, at import time and at run time; typed outputs", () => {
    // the specification's adder sets its inputs from the bits of a uint
    expectDistribution(`qubit[4] a;
output bit[4] r;
uint[4] a_in = 5;
for uint i in [0:3] { if (bool(a_in[i])) x a[i]; }
r = measure a;
`, { "1010": 1 });
    // a measured bit written into bit 2 of a uint[4] output (element 0 first), bit 0 set at import time
    expectDistribution(`qubit q;
output uint[4] v;
h q;
v[0] = 1;
v[2] = measure q;
`, { "1000": 1 / 2, "1010": 1 / 2 });
    expect(codes("output int k;\n")).toEqual(["E1002 3:8"]);
    // const registers: writing one is E1004, even through an alias
    expect(codes('qubit q;\nconst bit[2] m = "01";\nm[0] = measure q;\n')).toEqual(["E1004 5:1"]);
    expect(codes('const bit[2] m = "01";\nlet a = m;\na[1] = 1;\n')).toEqual(["E1004 5:1"]);
    expect(codes("float f = 1.0;\nbit b = f[0];\n")).toEqual(["E1004 4:10"]);
    expect(codes("uint[4] u = 1;\nbit b = u[4];\n")).toEqual(["E1006 4:11"]);
  });

  it("an output holding the constant 1 (a comparison known at import time) reads a bit the circuit sets", () => {
    expectDistribution("qubit q;\noutput bit[2] res;\nint k = 2;\nres[0] = k == 2;\nres[1] = measure q;\n", { "10": 1 });
  });

  it("sampling runs the loop per shot", () => {
    const c = importOk(HEAD + REPEAT_UNTIL_SUCCESS);
    const shots = 20_000;
    const counts = compileSimulation(c).sample(undefined, shots, 11).outputs;
    const expected: Record<string, number> = { "110": 1 / 2, "101": 1 / 4, "111": 1 / 8, "011": 1 / 8 };
    for (const [k, p] of Object.entries(expected)) expect(Math.abs((counts.get(k) ?? 0) / shots - p)).toBeLessThan(0.02);
  });

  it("a run-time loop that never ends is stopped by the simulator (E0805), not hung", () => {
    const c = importOk(`${HEAD}qubit q;\noutput bit b;\nb = measure q;\nwhile (b == 0) { x q; x q; }\n`);
    expect(() => compileSimulation(c, { maxLoopIterations: 1000 }).exact()).toThrow(LoopLimitError);
    // the error points at the loop (the CLI shows it as E0805 with a caret)
    try { compileSimulation(c, { maxLoopIterations: 1000 }).sample(undefined, 5, 1); expect.fail("no LoopLimitError"); } catch (e) {
      expect(e).toBeInstanceOf(LoopLimitError);
      expect([(e as LoopLimitError).span?.line, (e as LoopLimitError).span?.col]).toEqual([6, 1]);
    }
    expect(() => exactDistribution(c)).toThrow(LoopLimitError);
  });

  it("what stays refused, with the reason", () => {
    // a gate angle computed from an integer whose values cannot be listed (a run-time loop counts it)
    expect(codes("qubit q;\nbit b;\nint k = 0;\nwhile (!b) { k += 1; h q; b = measure q; }\nrz(k * 1.0) q;\n")).toEqual(["E1002 7:4"]);
    // a qubit index computed at run time from a value whose values cannot be listed (a run-time loop counts it)
    expect(codes("qubit[2] q;\nbit b;\nint k = 0;\nwhile (!b) { k += 1; h q[0]; b = measure q[0]; }\nx q[k % 2];\n")).toEqual(["E1002 7:5"]);
    // a register size or loop bound computed at run time
    expect(codes("qubit q;\nbit b;\nb = measure q;\nfor int i in [0:int(b)] { x q; }\n")).toEqual(["E1002 6:17"]);
    // a const from a measurement
    expect(codes("qubit q;\nbit b;\nb = measure q;\nconst int k = b;\n")).toEqual(["E1004 6:15"]);
    // a return from inside a run-time loop of a subroutine
    expect(codes("def g(qubit a) -> bit {\n  bit m;\n  while (!m) { h a; m = measure a; if (m) { return m; } }\n  return 0;\n}\nqubit q;\nbit r = g(q);\n")).toEqual(["E1002 5:45"]);
  });
});
