// Hand-written OpenQASM 3 programs in the styles people write (OpenQASM 2 registers, `U`, `gphase`,
// controlled gate definitions, loops, feed-forward), imported and simulated exactly: the output
// distributions are known in closed form.

import { describe, expect, it } from "vitest";
import { stateVector, exactDistribution } from "../../src/sim/reference.js";
import { uMatrix } from "../../src/ir/gates.js";
import type { Circuit, Op } from "../../src/ir/circuit.js";
import { importQasm } from "../../src/qasm/index.js";
import { importOk, expectSameDistribution } from "./support.js";

const HEAD = 'OPENQASM 3.0;\ninclude "stdgates.inc";\n';
const dist = (c: Circuit) => exactDistribution(c).outputs;
const d = (entries: Record<string, number>) => new Map(Object.entries(entries));
const sin2 = (x: number) => Math.sin(x) ** 2;
const cos2 = (x: number) => Math.cos(x) ** 2;

describe("importing hand-written programs", () => {
  it("OpenQASM 2 style: qreg/creg, U, CX, measure ->; every measured register is an output", () => {
    const c = importOk(`OPENQASM 3;
include "stdgates.inc";
qreg q[2];
creg c[2];
U(pi/2, 0, pi) q[0];   // a Hadamard
CX q[0], q[1];
measure q -> c;
`);
    expect(c.numQubits).toBe(2);
    expect(c.registers).toEqual([{ name: "q", role: "hidden", offset: 0, size: 2 }]);
    expect(c.outputs).toEqual([{ kind: "bits", step: 0, bits: [0, 1], array: true }]);
    expectSameDistribution(dist(c), d({ "00": 0.5, "11": 0.5 }));
  });

  it("U follows the specification's matrix, global phase included", () => {
    const c = importOk(`${HEAD}qubit q;\nqubit r;\nh r;\nctrl @ U(0.3, 0.4, 0.5) r, q;`);
    const s = stateVector(c);
    const u = uMatrix(0.3, 0.4, 0.5);
    // (|0⟩|0⟩ + |1⟩ U|0⟩)/√2 with q the most significant qubit: index = 2·q + r
    expect(s.re[0]).toBeCloseTo(Math.SQRT1_2, 14);
    expect(s.re[1]).toBeCloseTo(Math.SQRT1_2 * u.re[0]!, 14);
    expect(s.im[1]).toBeCloseTo(Math.SQRT1_2 * u.im[0]!, 14);
    expect(s.re[3]).toBeCloseTo(Math.SQRT1_2 * u.re[2]!, 14);
    expect(s.im[3]).toBeCloseTo(Math.SQRT1_2 * u.im[2]!, 14);
  });

  it("gphase is a global phase, and under ctrl a relative one", () => {
    const c = importOk(`${HEAD}qubit[2] q;
bit[2] c;
gphase(pi / 3);
h q[0];
ctrl @ gphase(pi) q[0];   // = z on q[0]
h q[0];
c[0] = measure q[0];
c[1] = measure q[1];
`);
    expectSameDistribution(dist(c), d({ "10": 1 }));
    const op = c.ops[2] as Op & { kind: "gate" };
    expect([op.name, op.qubits, op.mods]).toEqual(["gphase", [0], [{ k: "ctrl", n: 1, negative: false }]]);
  });

  it("gate definitions calling earlier ones, used under ctrl and inv", () => {
    const c = importOk(`${HEAD}
gate bell a, b {
  h a;
  cx a, b;
}
gate bell_and_back(theta) a, b {
  bell a, b;
  ry(theta) b;
  inv @ ry(theta) b;
  inv @ bell a, b;
}
qubit[3] q;
output bit[3] r;
x q[0];
ctrl @ bell q[0], q[1], q[2];          // q[0] is |1⟩: a Bell pair on q[1], q[2]
negctrl @ bell_and_back(0.7) q[0], q[1], q[2];   // q[0] is not |0⟩: nothing
r = measure q;
`);
    expect(c.defs.map((x) => x.name)).toEqual(["bell", "bell_and_back"]);
    expect(c.defs[1]!.body.map((o) => o.kind)).toEqual(["call", "gate", "gate", "call"]);
    expect(c.ops.filter((o) => o.kind === "call").length).toBe(2);
    expectSameDistribution(dist(c), d({ "100": 0.5, "111": 0.5 }));
  });

  it("broadcasting over registers and single qubits", () => {
    const c = importOk(`${HEAD}qubit[3] a;
qubit[3] b;
qubit tg;
bit[3] ra; bit[3] rb; bit rt;
x a;              // three x gates
cx a, b;          // pairwise
ccx a[0], a[1], tg;
ra = measure a; rb = measure b; rt = measure tg;
`);
    expect(c.ops.filter((o) => o.kind === "gate").length).toBe(7);
    expectSameDistribution(dist(c), d({ "1111111": 1 }));
  });

  it("for loops over ranges (inclusive) and sets, with constants and arithmetic on the loop variable", () => {
    const c = importOk(`${HEAD}const int n = 4;
qubit[n] q;
bit[n] c;
for int i in [0:n - 1] {
  ry(pi / 2 * (i % 2)) q[i];     // |+⟩ on odd qubits
}
for uint k in {0, 2} x q[k];
for int i in [3:-1:0] { c[i] = measure q[i]; }
`);
    // c[0] = 1, c[2] = 1, c[1], c[3] uniform
    expectSameDistribution(dist(c), d({ "1010": 0.25, "1110": 0.25, "1011": 0.25, "1111": 0.25 }));
    const rot = importOk(`${HEAD}qubit q; bit c;\nfor int k in [1:3] { rx(pi / 4) q; }\nc = measure q;`);
    expectSameDistribution(dist(rot), d({ "0": cos2((3 * Math.PI) / 8), "1": sin2((3 * Math.PI) / 8) }));
  });

  it("teleportation: mid-circuit measurement and feed-forward", () => {
    const c = importOk(`${HEAD}qubit[3] q;
bit a;
bit b;
output bit out;
ry(1.1) q[0];                 // the state to teleport
h q[1];
cx q[1], q[2];
cx q[0], q[1];
h q[0];
a = measure q[0];
b = measure q[1];
if (b == 1) x q[2];
if (a) { z q[2]; }
out = measure q[2];
`);
    expect(c.ops.filter((o) => o.kind === "if").length).toBe(2);
    expectSameDistribution(dist(c), d({ "0": cos2(0.55), "1": sin2(0.55) }));
  });

  it("conditions: register values, negation, conjunction, disjunction, else branches", () => {
    const prog = (cond: string) => importOk(`${HEAD}qubit[3] q;
bit[2] c;
bit r;
x q[1];
c = measure q[0:1];          // c[0] = 0, c[1] = 1: the value 2
if (${cond}) { x q[2]; } else { id q[2]; }
r = measure q[2];
`);
    const yes = d({ "011": 1 }), no = d({ "010": 1 });
    for (const [cond, want] of [
      ["c == 2", yes], ["c == 1", no], ["c != 2", no], ["c[1] == 1 && c[0] == 0", yes], ["c[1] && !c[0]", yes],
      ["!(c[1] && c[0])", yes], ["c[0] || c[1]", yes], ["c[0] || !c[1]", no], ["c == 7", no], ["bool(c[1])", yes],
    ] as const) {
      expectSameDistribution(dist(prog(cond)), want, cond);
    }
    // else-if chains nest
    const chain = importOk(`${HEAD}qubit[2] q; bit[2] c; bit r;
h q[0]; h q[1];
c = measure q;
if (c == 0) { } else if (c == 1) { x q[0]; } else { x q[0]; x q[0]; }
r = measure q[0];
`);
    // r = c[0] xor [c == 1]: c=0 → 0, c=1 → 1⊕1 = 0, c=2 → 0, c=3 → 1 (x twice)
    expectSameDistribution(dist(chain), d({ "000": 0.25, "100": 0.25, "010": 0.25, "111": 0.25 }));
  });

  it("a measurement inside a branch writes a bit the other branch leaves at 0", () => {
    const c = importOk(`${HEAD}qubit[2] q;
bit a;
bit b;
h q[0];
x q[1];
a = measure q[0];
if (a == 1) { b = measure q[1]; }
`);
    expectSameDistribution(dist(c), d({ "00": 0.5, "11": 0.5 }));
  });

  it("measure without a target still collapses the qubit", () => {
    const c = importOk(`${HEAD}qubit q; bit c;\nh q;\nmeasure q;\nh q;\nc = measure q;`);
    expectSameDistribution(dist(c), d({ "0": 0.5, "1": 0.5 }));
    expect(c.outputs).toEqual([{ kind: "bits", step: 0, bits: [1], array: false }]);
  });

  it("reset, barrier and comments", () => {
    const c = importOk(`${HEAD}/* a block
comment */ qubit[2] q; // trailing
bit[2] c;
x q;
barrier q;
reset q[0];
barrier;
c = measure q;
`);
    expectSameDistribution(dist(c), d({ "01": 1 }));
    expect(c.ops.filter((o) => o.kind === "barrier").map((o) => (o as { qubits: readonly number[] }).qubits)).toEqual([[0, 1], []]);
  });

  it("modifiers: ctrl(n), negctrl, inv, pow (integer and fractional)", () => {
    const c = importOk(`${HEAD}qubit[4] q;
bit[4] c;
x q[0]; x q[1];
ctrl(2) @ x q[0], q[1], q[2];           // fires
negctrl @ ctrl @ x q[2], q[0], q[3];    // q[2] is 1: does not fire
pow(0.5) @ x q[0];                       // sx: q[0] uniform
pow(2) @ inv @ s q[1];                   // a phase only
c = measure q;
`);
    expectSameDistribution(dist(c), d({ "0110": 0.5, "1110": 0.5 }));
    const gates = c.ops.filter((o): o is Op & { kind: "gate" } => o.kind === "gate");
    expect(gates[3]!.mods).toEqual([{ k: "ctrl", n: 1, negative: true }, { k: "ctrl", n: 1, negative: false }]);
    expect(gates[5]!.mods).toEqual([{ k: "pow", exponent: { k: "num", v: 2 } }, { k: "inv" }]);
  });

  it("let aliases, slices, index sets and negative indices", () => {
    const c = importOk(`${HEAD}qubit[5] q;
let ends = q[0] ++ q[-1];
let mid = q[1:3];
x ends;
x mid[{0, 2}];
bit[5] c;
c = measure q;
`);
    expectSameDistribution(dist(c), d({ "11011": 1 }));
  });

  it("classical scalars, constants, casts, Unicode constants and the built-in functions", () => {
    const c = importOk(`${HEAD}qubit q;
bit c;
const float half = π / 2;
float[64] theta = half;
theta = theta * 2;              // π
theta -= tau / 4;               // π/2
int k = 7 / 2;                  // 3 (integer division)
angle[4] a = -pi / 2;           // stored as 3π/2
rx(theta + arccos(1) * k + sqrt(4) * 0 + ln(euler) - log(ℇ)) q;  // rx(π/2)
c = measure q;
`);
    expectSameDistribution(dist(c), d({ "0": 0.5, "1": 0.5 }));
    const a = importOk(`${HEAD}qubit q;\nangle[4] a = -pi / 2;\nangle b = 7 * pi;\nrz(a) q;\nrz(b) q;\nrz(float(int(2.9))) q;`);
    const args = a.ops.map((o) => (o.kind === "gate" && o.args[0]!.k === "num" ? o.args[0]!.v : NaN));
    expect(args[0]).toBeCloseTo((3 * Math.PI) / 2, 15);
    expect(args[1]).toBeCloseTo(Math.PI, 14);
    expect(args[2]).toBe(2);
  });

  it("inputs: bound by name, or kept as params bound late", () => {
    const text = `${HEAD}input float[64] theta;\ninput angle phi;\nqubit q;\nbit c;\nry(theta) q;\nrz(phi) q;\nc = measure q;`;
    const bound = importOk(text, "in.qasm", { bind: new Map([["theta", 0.8], ["phi", 0.1]]) });
    expect(bound.params).toEqual([]);
    expectSameDistribution(dist(bound), d({ "0": cos2(0.4), "1": sin2(0.4) }));
    const late = importOk(text, "in.qasm", { inputsAsParams: true, bind: new Map([["theta", 0.8]]) });
    expect(late.params).toEqual([
      { name: "theta", index: [], type: "float", init: 0.8 },
      { name: "phi", index: [], type: "angle", init: 0 },
    ]);
    expectSameDistribution(dist(late), d({ "0": cos2(0.4), "1": sin2(0.4) }));
    expectSameDistribution(exactDistribution(late, [2.0, 9]).outputs, d({ "0": cos2(1), "1": sin2(1) }));
    // an angle input is reduced into [0, 2π): rz(2π + 0.3) and rz(0.3) agree
    const rz = importOk(`${HEAD}input angle a;\nqubit q;\nrz(a) q;`, "a.qasm", { inputsAsParams: true });
    const s1 = stateVector(rz, [2 * Math.PI + 0.3]), s2 = stateVector(rz, [0.3]);
    expect(s1.re[0]).toBeCloseTo(s2.re[0]!, 12);
    expect(s1.im[0]).toBeCloseTo(s2.im[0]!, 12);
  });

  it("output declarations fix the outputs and their order; unmeasured output bits read 0", () => {
    const c = importOk(`${HEAD}qubit[2] q;
output bit[2] second;
output bit first;
bit scratch;
x q[0];
scratch = measure q[1];
first = measure q[0];
second[1] = first;
`);
    expect(c.outputs.map((o) => (o.kind === "bits" ? [o.bits.length, o.array] : []))).toEqual([[2, true], [1, false]]);
    expectSameDistribution(dist(c), d({ "011": 1 }));
  });

  it("the extras the QDK knows come from the catalogue; a user definition takes precedence", () => {
    const c = importOk(`${HEAD}qubit[2] q;\nbit[2] c;\nrxx(pi) q[0], q[1];\nc = measure q;`);
    expect((c.ops[0] as { name: string }).name).toBe("rxx");
    expectSameDistribution(dist(c), d({ "11": 1 }));
    const own = importOk(`${HEAD}gate rzz(t) a, b { x a; }\nqubit[2] q;\nbit[2] c;\nrzz(0.1) q[0], q[1];\nc = measure q;`);
    expect(own.ops[0]!.kind).toBe("call");
    expectSameDistribution(dist(own), d({ "10": 1 }));
  });

  it("imports a program written without a version line or include (built-in U and gphase only)", () => {
    const c = importOk("qubit q;\nbit c;\nU(pi, 0, pi) q;\nc = measure q;");
    expectSameDistribution(dist(c), d({ "1": 1 }));
  });

  it("never returns a circuit together with an error", () => {
    const r = importQasm(`${HEAD}qubit q;\nh q;\nfoo q;`, "e.qasm");
    expect(r.circuit).toBeUndefined();
    expect(r.diagnostics.map((x) => x.code)).toEqual(["E1003"]);
  });
});

describe("import semantics in detail", () => {

  it("a negated conjunction becomes an IfOp with the branches swapped", () => {
    const c = importOk(`${HEAD}qubit[2] q;\nbit[2] c;\nc = measure q;\nif (!(c[0] == 1 && c[1] == 0)) { x q[0]; } else { y q[0]; }`);
    const op = c.ops[2]!;
    expect(op.kind).toBe("if");
    if (op.kind !== "if") return;
    expect(op.when).toEqual([{ bit: 0, value: true }, { bit: 1, value: false }]);
    expect(op.then.map((o) => (o as { name: string }).name)).toEqual(["y"]);
    expect(op.else.map((o) => (o as { name: string }).name)).toEqual(["x"]);
  });

  it("conditions on constant bits are decided at import time", () => {
    const c = importOk(`${HEAD}qubit q;\nbit[2] c = "10";\nif (c == 2) x q; else y q;\nif (c[0]) z q;`);
    expect(c.ops.map((o) => (o as { name: string }).name)).toEqual(["x"]);
  });

  it("bit values that depend on the branch taken are assigned by the circuit on each side", () => {
    const run = (body: string) => dist(importOk(HEAD + body));
    // measured before the if and again in one branch: afterwards it is either measurement
    expectSameDistribution(run("qubit q;\nbit a;\nh q;\na = measure q;\nif (a) { h q; a = measure q; }"), d({ "0": 0.75, "1": 0.25 }));
    // measured in both branches (the qubit was collapsed: b repeats a)
    expectSameDistribution(run("qubit q;\nbit a;\nbit b;\nh q;\na = measure q;\nif (a) { b = measure q; } else { b = measure q; }"), d({ "00": 0.5, "11": 0.5 }));
    // a constant written in one branch
    expectSameDistribution(run("qubit q;\nbit a;\nbit b;\nh q;\na = measure q;\nif (a) { b = 1; }"), d({ "00": 0.5, "11": 0.5 }));
    // a copy of an older measurement in one branch (outputs a, b, d)
    expectSameDistribution(run("qubit q;\nbit a;\nbit b;\nbit d;\nh q;\na = measure q;\nh q;\nd = measure q;\nif (a) { b = d; }"),
      d({ "000": 0.25, "001": 0.25, "100": 0.25, "111": 0.25 }));
    // the same value in both branches needs no assignment
    const same = importOk(`${HEAD}qubit q;\nbit a;\nbit b;\na = measure q;\nif (a) { b = 0; } else { b = 0; }`);
    expect(JSON.stringify(same.ops)).not.toContain('"assign"');
  });

  it("integer division truncates, as the specification says", () => {
    const c = importOk(`${HEAD}qubit q;\nrx(7 / 2) q;\nrx(7 / 2.0) q;\nrx(-7 / 2) q;`);
    expect(c.ops.map((o) => (o.kind === "gate" && o.args[0]!.k === "num" ? o.args[0]!.v : NaN))).toEqual([3, 3.5, -3]);
  });

  it("spans point at the statement for every op", () => {
    const text = `${HEAD}qubit q;\nh q;\n`;
    const c = importOk(text, "spans.qasm");
    const src = (c.ops[0] as { src?: { line: number; col: number; start: number; end: number } }).src!;
    expect([src.line, src.col, text.slice(src.start, src.end)]).toEqual([4, 1, "h q;"]);
  });

  it("the round-trip comparison has the power to see a changed angle", () => {
    const text = `${HEAD}qubit q;\nbit c;\nry(0.5) q;\nc = measure q;`;
    const a = dist(importOk(text)), b = dist(importOk(text.replace("0.5", "0.5000001")));
    expect(Math.abs(a.get("1")! - b.get("1")!)).toBeGreaterThan(1e-9);
  });
});
