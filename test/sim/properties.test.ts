// Properties of the fast simulator: unitarity (norm), inverses, the memory guard, the PRNG.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Op, UnitaryOp } from "../../src/ir/circuit.js";
import {
  compileSimulation, MAX_SIM_QUBITS, norm2, Rng, SimulationLimitError, stateBytes, zeroState,
} from "../../src/sim/index.js";
import { circuitArb, gateOpArb } from "../ir/random-circuits.js";
import { circuit, gate } from "../support/circuits.js";
import { diagTable } from "../../src/sim/kernels.js";

const invert = (ops: readonly Op[]): Op[] =>
  [...ops].reverse().map((o) => {
    if (o.kind !== "gate" && o.kind !== "call") throw new Error("unitary ops only");
    return { ...o, mods: [{ k: "inv" as const }, ...o.mods] } as UnitaryOp;
  });

describe("fast simulator: properties", () => {
  it("preserves the norm to 1e-12 over 10^4 random gates on 10 qubits (fused and unfused)", () => {
    const ops = fc.sample(gateOpArb(10, 0, { maxCtrl: 3, fractionalPow: true }), { seed: 401, numRuns: 10_000 });
    const c = circuit(10, ops, { params: [0.3, -1.7] });
    for (const fuse of [false, true]) {
      const sim = compileSimulation(c, { fuse });
      expect(sim.stats.gates).toBeGreaterThanOrEqual(10_000);
      const s = sim.stateVector([0.3, -1.7]);
      expect(Math.abs(norm2(s.data) - 1)).toBeLessThan(1e-12);
    }
  });

  it("a circuit followed by its inverse returns to |0…0⟩ (global phase included)", () => {
    fc.assert(fc.property(circuitArb(6, { maxCtrl: 2, fractionalPow: true }, 12), ({ c, params }) => {
      const round = { ...c, ops: [...c.ops, ...invert(c.ops)] };
      for (const fuse of [false, true]) {
        const d = compileSimulation(round, { fuse }).stateVector(params).data;
        expect(Math.abs(d[0]! - 1)).toBeLessThan(1e-12);
        expect(Math.abs(d[1]!)).toBeLessThan(1e-12);
        expect(Math.abs(norm2(d) - 1)).toBeLessThan(1e-12);
      }
    }), { seed: 402, numRuns: 150 });
  });

  it("bound programs apply to a given state in place", () => {
    const c = circuit(3, [gate("h", [0]), gate("cx", [0, 1]), gate("cx", [1, 2])]);
    const bound = compileSimulation(c).bind();
    const s = zeroState(3);
    bound.apply(s);
    expect(s.data[0]).toBeCloseTo(Math.SQRT1_2, 15);
    expect(s.data[2 * 7]).toBeCloseTo(Math.SQRT1_2, 15);
    bound.apply(s); // GHZ preparation is not an involution: h then cx cx again
    expect(Math.abs(norm2(s.data) - 1)).toBeLessThan(1e-14);
  });
});

describe("kernels", () => {
  it("diagTable: scattered and contiguous-run layouts equal a per-amplitude lookup", () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 11 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.boolean(), (n, seed, low) => {
      const rng = new Rng(seed);
      const pick = [...Array(n).keys()].filter((q) => (low && q < 4) || rng.uniform() < 0.5);
      const qs = Int32Array.from(pick.sort((a, b) => a - b));
      const table = Float64Array.from({ length: 2 << qs.length }, () => rng.uniform() - 0.5);
      const s = Float64Array.from({ length: 2 << n }, () => rng.uniform() - 0.5);
      const want = Float64Array.from(s);
      for (let i = 0; i < 2 ** n; i++) {
        let t = 0;
        qs.forEach((q, j) => { if ((i >> q) & 1) t |= 1 << j; });
        const [ar, ai, tr, ti] = [want[2 * i]!, want[2 * i + 1]!, table[2 * t]!, table[2 * t + 1]!];
        want[2 * i] = ar * tr - ai * ti; want[2 * i + 1] = ar * ti + ai * tr;
      }
      diagTable(s, n, qs, table, 0);
      for (let i = 0; i < s.length; i++) expect(Math.abs(s[i]! - want[i]!)).toBeLessThan(1e-15);
    }), { seed: 404, numRuns: 200 });
  });
});

describe("fast simulator: memory guard (E0804)", () => {
  it("throws SimulationLimitError before allocating a 40-qubit state", () => {
    const before = process.memoryUsage().arrayBuffers;
    let err: unknown;
    try { compileSimulation(circuit(40, [gate("h", [0])])); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(SimulationLimitError);
    const e = err as SimulationLimitError;
    expect(e.code).toBe("E0804");
    expect(e.neededBytes).toBe(16 * 2 ** 40);
    expect(e.limitBytes).toBeGreaterThan(0);
    expect(e.message).toMatch(/40 qubits/);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(1 << 20);
  });

  it("respects maxMemoryBytes, and the qubit cap", () => {
    const c = circuit(17, [gate("h", [0])]);
    expect(() => compileSimulation(c, { maxMemoryBytes: 1 << 20 })).toThrow(SimulationLimitError);
    try { compileSimulation(c, { maxMemoryBytes: 1 << 20 }); } catch (e) {
      expect((e as SimulationLimitError).neededBytes).toBe(stateBytes(17));
      expect((e as SimulationLimitError).limitBytes).toBe(1 << 20);
      expect((e as Error).message).toMatch(/2 MiB.*1 MiB/);
    }
    expect(() => compileSimulation(circuit(MAX_SIM_QUBITS + 1, []), { maxMemoryBytes: 2 ** 60 })).toThrow(SimulationLimitError);
    expect(compileSimulation(c, { maxMemoryBytes: 2 << 20 }).numQubits).toBe(17);
  });

  it("exact mode reports when the branches in flight would exceed the limit", () => {
    // 4 nested splits of a 12-qubit state (64 KiB each) with room for 2 states
    const ops: Op[] = [];
    for (let i = 0; i < 4; i++) ops.push(gate("h", [i]), { kind: "measure", qubit: i, bit: i }, gate("x", [11]));
    const c = circuit(12, ops, { numBits: 4 });
    expect(() => compileSimulation(c, { maxMemoryBytes: 2.5 * stateBytes(12) }).exact()).toThrow(SimulationLimitError);
    expect(compileSimulation(c, { maxMemoryBytes: 8 * stateBytes(12) }).exact().outcomes.size).toBe(16);
  });

  it("exact mode stops with a clear error past its branch budget", () => {
    const ops: Op[] = [];
    for (let i = 0; i < 10; i++) ops.push(gate("h", [0]), { kind: "measure", qubit: 0, bit: i }, gate("x", [1]));
    const c = circuit(2, ops, { numBits: 10 });
    expect(() => compileSimulation(c).exact(undefined, { maxBranches: 100 })).toThrow(/more than 100 branches/);
    expect(compileSimulation(c).exact().branches).toBe(1024);
  });
});

describe("PRNG", () => {
  it("is reproducible per seed and uniform enough", () => {
    const a = new Rng(7), b = new Rng(7), c = new Rng(8);
    const xs = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.nextUint32())).not.toEqual(xs);
    const r = new Rng(1);
    const N = 100_000;
    let sum = 0, min = 1, max = 0;
    for (let i = 0; i < N; i++) { const u = r.uniform(); sum += u; min = Math.min(min, u); max = Math.max(max, u); }
    // mean of N uniforms: sd = 1/sqrt(12N) ≈ 0.0009; 7 sd ≈ failure probability 1e-11 (never flakes: the seed is fixed)
    expect(Math.abs(sum / N - 0.5)).toBeLessThan(0.0064);
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
  });
});
