// Run-time classical control (docs/classical-control.md): variables, `assign`, `branch`, `while`,
// `break`/`continue` in both simulators — the fast one's exact, forced and sampled modes against the
// reference simulator and against distributions worked out by hand.
import { describe, expect, it } from "vitest";
import type { Circuit, ClassicalVar, Op } from "../../src/ir/circuit.js";
import { classicalControlOp, ClassicalControlError, requireStaticControl } from "../../src/ir/circuit.js";
import { cBinary, cConst, unwrap, BOOL, type CExpr, type CType } from "../../src/ir/classical.js";

const INT: CType = { k: "int", width: 8 };
import { exactDistribution } from "../../src/sim/reference.js";
import { compileSimulation, LoopLimitError } from "../../src/sim/index.js";
import { adjointGradient } from "../../src/grad/adjoint.js";
import { emitQasm3 } from "../../src/emit/qasm3/emit.js";
import { circuit, gate } from "../support/circuits.js";

const measure = (qubit: number, bit: number): Op => ({ kind: "measure", qubit, bit });
const bit = (b: number): CExpr => ({ k: "bits", src: [{ bit: b }], type: BOOL });
const v = (index: number, type: CType): CExpr => ({ k: "var", index, type });
const int = (x: number): CExpr => cConst(INT, x);
const bin = (op: Parameters<typeof cBinary>[0], a: CExpr, b: CExpr): CExpr => unwrap(cBinary(op, a, b));
const setVar = (index: number, value: CExpr): Op => ({ kind: "assign", target: { k: "var", index }, value });
const setBit = (b: number, value: CExpr): Op => ({ kind: "assign", target: { k: "bit", bit: b }, value });

function withVars(c: Circuit, vars: ClassicalVar[]): Circuit {
  return { ...c, vars };
}

/** Exact distributions of the fast simulator and of the reference agree with `expected` (over all bits). */
function expectExact(c: Circuit, expected: Record<string, number>): void {
  const fast = compileSimulation(c).exact();
  const ref = exactDistribution(c);
  for (const got of [fast.outcomes, ref.outcomes]) {
    const keys = new Set([...Object.keys(expected), ...got.keys()]);
    for (const k of keys) expect(got.get(k) ?? 0, k).toBeCloseTo(expected[k] ?? 0, 10);
  }
}

/** Sampled counts agree with the exact distribution (Hoeffding bound, failure probability 1e-9). */
function expectSampled(c: Circuit, shots: number): void {
  const exact = compileSimulation(c).exact().outputs;
  const counts = compileSimulation(c).sample(undefined, shots, 7).outputs;
  const eps = Math.sqrt(Math.log((2 * Math.max(exact.size, 1)) / 1e-9) / (2 * shots));
  let total = 0;
  for (const [k, n] of counts) {
    total += n;
    expect(exact.has(k), `sampled ${k}, which has probability 0`).toBe(true);
    expect(Math.abs(n / shots - exact.get(k)!)).toBeLessThanOrEqual(eps);
  }
  expect(total).toBe(shots);
}

describe("run-time classical control", () => {
  // repeat until success, at most 3 tries: tries (2 bits) and the last outcome are emitted
  //   int tries = 0; while (!b0 && tries < 3) { tries += 1; reset q; h q; b0 = measure q; }
  //   b1 = tries; b2 = tries >> 1;
  const rus = (): Circuit => withVars(circuit(1, [
    {
      kind: "while",
      cond: bin("&&", unwrap(cBinary("==", bit(0), int(0))), bin("<", v(0, INT), int(3))),
      body: [setVar(0, bin("+", v(0, INT), int(1))), { kind: "reset", qubit: 0 }, gate("h", [0]), measure(0, 0)],
    },
    setBit(1, v(0, INT)),
    setBit(2, bin(">>", v(0, INT), int(1))),
  ], { numBits: 3, outputs: [{ kind: "bits", step: 0, bits: [0, 1, 2], array: true }] }), [{ name: "tries", type: INT, init: 0 }]);

  it("a bounded repeat-until-success loop has the hand-worked distribution in every mode", () => {
    // tries = 1: success 1/2 ("110"); tries = 2: 1/4 ("101"); tries = 3: success 1/8 ("111"), failure 1/8 ("011")
    const c = rus();
    expectExact(c, { "110": 0.5, "101": 0.25, "111": 0.125, "011": 0.125 });
    expectSampled(c, 20_000);
    // a loop rewrites its bits, so teacher forcing has no single projection: refused by name
    expect(() => compileSimulation(c).forced(undefined, "101")).toThrow(/teacher forcing needs a circuit without run-time classical computation/);
  });

  it("an unbounded repeat-until-success loop ends where exact runs drop paths below 1e-14", () => {
    const c = circuit(1, [{ kind: "while", cond: unwrap(cBinary("==", bit(0), int(0))), body: [{ kind: "reset", qubit: 0 }, gate("h", [0]), measure(0, 0)] }],
      { numBits: 1, outputs: [{ kind: "bits", step: 0, bits: [0], array: false }] });
    const fast = compileSimulation(c).exact();
    expect(fast.outputs.get("1")).toBeGreaterThan(1 - 1e-13);
    expect(fast.outputs.has("0")).toBe(false);
    expect(exactDistribution(c).outputs.get("1")).toBeGreaterThan(1 - 1e-13);
    expectSampled(c, 2000);
  });

  it("break leaves the innermost loop and continue skips the rest of its body", () => {
    // int i = 0; int s = 0; while (true) { i += 1; if (i > 5) break; if (i % 2 == 0) continue; s += i; }
    // s = 1 + 3 + 5 = 9 → bits 1001 (b0 = s & 1, b1 = s >> 1 & 1, …)
    const i = v(0, INT), s = v(1, INT);
    const ops: Op[] = [{
      kind: "while", cond: cConst(BOOL, 1),
      body: [
        setVar(0, bin("+", i, int(1))),
        { kind: "branch", cond: bin(">", i, int(5)), then: [{ kind: "break" }], else: [] },
        { kind: "branch", cond: bin("==", bin("%", i, int(2)), int(0)), then: [{ kind: "continue" }], else: [] },
        setVar(1, bin("+", s, i)),
      ],
    }];
    for (let k = 0; k < 4; k++) ops.push(setBit(k, bin("&", bin(">>", s, int(k)), int(1))));
    const c = withVars(circuit(1, ops, { numBits: 4, outputs: [{ kind: "bits", step: 0, bits: [0, 1, 2, 3], array: true }] }),
      [{ name: "i", type: INT, init: 0 }, { name: "s", type: INT, init: 0 }]);
    expectExact(c, { "1001": 1 });
  });

  it("a branch on a computed value steers the quantum part, with measurements inside both arms", () => {
    // b0 = measure(h q0); if (b0 + 1 == 2) { x q1 } else { h q1 }; b1 = measure q1
    const c = circuit(2, [
      gate("h", [0]), measure(0, 0),
      { kind: "branch", cond: bin("==", bin("+", unwrap(cBinary("+", bit(0), int(0))), int(1)), int(2)), then: [gate("x", [1]), measure(1, 1)], else: [gate("h", [1]), measure(1, 1)] },
    ], { numBits: 2, outputs: [{ kind: "bits", step: 0, bits: [0, 1], array: true }] });
    expectExact(c, { "11": 0.5, "00": 0.25, "01": 0.25 });
    expectSampled(c, 20_000);
  });

  it("a branch whose taken side changes what its condition reads is taken once", () => {
    // v = 0; b0 = measure(h q0); if (b0) v = 1; branch (v == 0) { v = 1; b1 = 1 }: b1 = !b0
    const c = withVars(circuit(1, [
      gate("h", [0]), measure(0, 0),
      { kind: "if", when: [{ bit: 0, value: true }], then: [setVar(0, int(1))], else: [] },
      { kind: "branch", cond: bin("==", v(0, INT), int(0)), then: [setVar(0, int(1)), setBit(1, int(1))], else: [] },
    ], { numBits: 2, outputs: [{ kind: "bits", step: 0, bits: [0, 1], array: true }] }),
    [{ name: "v", type: INT, init: 0 }]);
    expectExact(c, { "01": 0.5, "10": 0.5 });
  });

  it("variables keep their declared width (uint[2] wraps at 4)", () => {
    const u2: CType = { k: "uint", width: 2 };
    const c = withVars(circuit(1, [
      { kind: "while", cond: bin("<", v(1, INT), int(5)), body: [setVar(0, bin("+", v(0, u2), int(1))), setVar(1, bin("+", v(1, INT), int(1)))] },
      setBit(0, v(0, u2)), setBit(1, bin(">>", v(0, u2), int(1))),
    ], { numBits: 2, outputs: [{ kind: "bits", step: 0, bits: [0, 1], array: true }] }),
    [{ name: "u", type: u2, init: 0 }, { name: "n", type: INT, init: 0 }]);
    expectExact(c, { "10": 1 }); // 5 mod 4 = 1
  });

  it("a loop that never ends is stopped with LoopLimitError (E0805) in both simulators", () => {
    const c = circuit(1, [{ kind: "while", cond: cConst(BOOL, 1), body: [gate("x", [0])] }], { numBits: 0 });
    const limited = compileSimulation(c, { maxLoopIterations: 1000 });
    expect(() => limited.exact()).toThrow(LoopLimitError);
    expect(() => compileSimulation(c, { maxLoopIterations: 1000 }).sample(undefined, 3, 1)).toThrow(/more than 1,000 iterations/);
    try { limited.exact(); } catch (e) { expect((e as LoopLimitError).code).toBe("E0805"); }
    expect(() => exactDistribution(c)).toThrow(LoopLimitError);
  });

  it("passes that need a static circuit refuse run-time control by name; OpenQASM export prints it", () => {
    const c = rus();
    expect(classicalControlOp(c.ops)?.kind).toBe("while");
    expect(() => requireStaticControl(c, "test")).toThrow(ClassicalControlError);
    expect(() => adjointGradient(c, { kind: "expectations" } as never)).toThrow(/adjoint differentiation needs a circuit without run-time classical computation/);
    // OpenQASM 3 has run-time control: the export prints it (test/qasm/runtime-control.test.ts re-imports it)
    expect(emitQasm3(c, { profile: "full" })).toMatch(/while \(/);
    expect(classicalControlOp([gate("h", [0]), { kind: "if", when: [{ bit: 0, value: true }], then: [gate("x", [0])], else: [] }])).toBeUndefined();
  });
});
