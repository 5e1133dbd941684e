// Random circuits with run-time classical control (property tests): variables, assignments, branches on
// computed conditions, bounded `while` loops with `break`/`continue` under branches, measurements that
// rewrite their bits inside loops. Both simulators must agree exactly, sampling must stay on the exact
// support, and the OpenQASM export re-imported must give the same distribution.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Circuit, ClassicalVar, Op } from "../../src/ir/circuit.js";
import { BOOL, cBinary, cCast, cConst, type CExpr, type CType } from "../../src/ir/classical.js";
import { exactDistribution } from "../../src/sim/reference.js";
import { compileSimulation } from "../../src/sim/index.js";
import { emitQasm3 } from "../../src/emit/qasm3/emit.js";
import { importQasm } from "../../src/qasm/index.js";
import { circuit, gate } from "../support/circuits.js";
import { expectSameDistribution } from "../qasm/support.js";

const NQ = 2;
const NBITS = 3;
const U2: CType = { k: "uint", width: 2 };
const VARS: ClassicalVar[] = [{ name: "count", type: U2, init: 0 }, { name: "flag", type: BOOL, init: 0 }, { name: "n", type: { k: "int" }, init: 0 }];

/** mulberry32: the program is a pure function of the seed fast-check draws. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random program of at most `budget` ops; loops are bounded by the `count` variable (uint[2] < 3). */
function randomProgram(seed: number): Circuit {
  const r = rng(seed);
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const leaf = (): CExpr => {
    const x = r();
    if (x < 0.4) return { k: "bits", src: [{ bit: Math.floor(r() * NBITS) }], type: { k: "bits", width: 1 } };
    if (x < 0.8) { const i = Math.floor(r() * VARS.length); return { k: "var", index: i, type: VARS[i]!.type }; }
    return cConst({ k: "int" }, Math.floor(r() * 4));
  };
  const expr = (depth: number): CExpr => {
    if (depth === 0 || r() < 0.3) return leaf();
    const built = cBinary(pick(["+", "-", "==", "!=", "<", "&&", "||", "^", "*"] as const), expr(depth - 1), expr(depth - 1));
    return "error" in built ? leaf() : built;
  };
  const cond = (): CExpr => {
    const c = cCast(expr(2), BOOL);
    return "error" in c ? cConst(BOOL, 1) : c;
  };
  const count: CExpr = { k: "var", index: 0, type: U2 };
  let budget = 14;
  const block = (depth: number, inLoop: boolean): Op[] => {
    const ops: Op[] = [];
    const n = 1 + Math.floor(r() * 4);
    for (let k = 0; k < n && budget > 0; k++, budget--) {
      const x = r();
      const q = Math.floor(r() * NQ);
      if (x < 0.25) ops.push(pick([gate("h", [q]), gate("rx", [q], [0.3 + r() * 2]), gate("cx", [q, 1 - q]), gate("x", [q])]));
      else if (x < 0.45) ops.push({ kind: "measure", qubit: q, bit: Math.floor(r() * NBITS) });
      else if (x < 0.55) ops.push({ kind: "reset", qubit: q });
      else if (x < 0.7) {
        const i = 1 + Math.floor(r() * (VARS.length - 1)); // never `count`: it bounds the loops
        ops.push(r() < 0.2 ? { kind: "assign", target: { k: "bit", bit: Math.floor(r() * NBITS) }, value: expr(2) } : { kind: "assign", target: { k: "var", index: i }, value: expr(2) });
      } else if (x < 0.85 && depth < 2) {
        ops.push({ kind: "branch", cond: cond(), then: block(depth + 1, inLoop), else: r() < 0.5 ? block(depth + 1, inLoop) : [] });
      } else if (x < 0.93 && depth < 2 && !inLoop) {
        // at most 3 iterations: `count` restarts at 0 and goes up by one at the top of every iteration
        const body = block(depth + 1, true);
        const inc: Op = { kind: "assign", target: { k: "var", index: 0 }, value: unwrapOr(cBinary("+", count, cConst({ k: "int" }, 1)), count) };
        ops.push({ kind: "assign", target: { k: "var", index: 0 }, value: cConst(U2, 0) });
        ops.push({ kind: "while", cond: unwrapOr(cBinary("&&", unwrapOr(cBinary("<", count, cConst({ k: "int" }, 3)), cConst(BOOL, 0)), cond()), cConst(BOOL, 0)), body: [inc, ...body] });
      } else if (inLoop) {
        ops.push({ kind: "branch", cond: cond(), then: [{ kind: r() < 0.5 ? "break" : "continue" }], else: [] });
      } else ops.push(gate("h", [q]));
    }
    return ops;
  };
  const ops = block(0, false);
  return {
    ...circuit(NQ, [...ops, { kind: "measure", qubit: 0, bit: NBITS }], {
      numBits: NBITS + 1, outputs: [{ kind: "bits", step: 0, bits: Array.from({ length: NBITS + 1 }, (_, i) => i), array: true }],
    }),
    vars: VARS,
  };
}

const unwrapOr = (r: CExpr | { error: string }, fallback: CExpr): CExpr => ("error" in r ? fallback : r);

describe("random circuits with run-time classical control", () => {
  it("the fast simulator's exact distribution equals the reference's; shots stay on its support", () => {
    fc.assert(fc.property(fc.integer(), (seed) => {
      const c = randomProgram(seed);
      const fast = compileSimulation(c).exact().outputs;
      expectSameDistribution(fast, exactDistribution(c).outputs, `seed ${seed}`, 1e-9);
      for (const k of compileSimulation(c).sample(undefined, 50, seed >>> 0).outputs.keys()) expect(fast.get(k) ?? 0, `seed ${seed}: sampled ${k}`).toBeGreaterThan(0);
    }), { numRuns: 150 });
  });

  it("the OpenQASM export (both profiles) re-imports to the same distribution", () => {
    fc.assert(fc.property(fc.integer(), (seed) => {
      const c = randomProgram(seed);
      const want = exactDistribution(c).outputs;
      for (const profile of ["full", "portable"] as const) {
        const text = emitQasm3(c, { profile });
        const back = importQasm(text, "random.qasm");
        expect(back.diagnostics.filter((d) => d.severity === "error").map((d) => d.message), `seed ${seed}\n${text}`).toEqual([]);
        expectSameDistribution(exactDistribution(back.circuit!).outputs, want, `seed ${seed} (${profile})\n${text}`, 1e-9);
      }
    }), { numRuns: 80 });
  });
});
