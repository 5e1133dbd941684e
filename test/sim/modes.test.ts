// Sample and forced (teacher-forcing) modes, against the exact distribution; the exact k-HRNN.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Circuit, Op, Output } from "../../src/ir/circuit.js";
import { buildCircuit } from "../../src/pipeline.js";
import { exactDistribution } from "../../src/sim/reference.js";
import { compileSimulation, stateBytes, type ExactDistribution, type SampleResult } from "../../src/sim/index.js";
import { circuit, gate, param } from "../support/circuits.js";
import { programArb } from "./programs.js";

const measure = (qubit: number, bit: number): Op => ({ kind: "measure", qubit, bit });
const bitsOut = (step: number, bits: number[]): Output => ({ kind: "bits", step, bits, array: bits.length > 1 });

/** Failure probability of each statistical assertion below. */
const DELTA = 1e-9;

/**
 * Hoeffding + union bound: with N shots, every one of K frequencies is within ε = sqrt(ln(2K/δ)/(2N)) of
 * its probability except with probability ≤ δ. Outcomes outside the exact support must not occur.
 */
function expectHistogram(counts: ReadonlyMap<string, number>, exact: ReadonlyMap<string, number>, N: number): void {
  const keys = new Set([...exact.keys(), ...counts.keys()]);
  const eps = Math.sqrt(Math.log((2 * keys.size) / DELTA) / (2 * N));
  let total = 0;
  for (const k of keys) {
    const c = counts.get(k) ?? 0;
    total += c;
    const p = exact.get(k);
    if (p === undefined) throw new Error(`outcome ${k} sampled ${c} times, but its exact probability is 0`);
    if (!(Math.abs(c / N - p) <= eps)) throw new Error(`outcome ${k}: frequency ${c / N} vs probability ${p} (bound ${eps})`);
  }
  expect(total).toBe(N);
}

/** A top-level expectation: the mean of N per-shot values in [−1, 1] (Hoeffding: range 2). */
function expectMeans(got: SampleResult, exact: ExactDistribution, N: number): void {
  const eps = 2 * Math.sqrt(Math.log((2 * Math.max(1, exact.expectations.size)) / DELTA) / (2 * N));
  for (const [k, v] of exact.expectations) expect(Math.abs(got.expectations.get(k)! - v)).toBeLessThanOrEqual(eps);
}

/** Teleportation with a reset and an extra ancilla, feed-forward, an expectation, and terminal reads. */
function teleport(th: number): Circuit {
  return circuit(4, [
    gate("ry", [0], [param(0)]), gate("h", [3]),
    gate("h", [1]), gate("cx", [1, 2]),
    gate("cx", [0, 1]), gate("h", [0]),
    measure(0, 0), measure(1, 1),
    { kind: "if", when: [{ bit: 1, value: true }], then: [gate("x", [2])], else: [] },
    { kind: "if", when: [{ bit: 0, value: true }], then: [gate("z", [2])], else: [gate("rx", [3], [0.3])] },
    { kind: "expect", output: 0 },
    { kind: "reset", qubit: 3 }, gate("ry", [3], [1.0]),
    measure(2, 2), measure(3, 3),
  ], { numBits: 4, params: [th], outputs: [{ kind: "expect", step: 0, factors: [{ pauli: "Z", qubit: 2 }] }, bitsOut(1, [2, 3])] });
}

describe("sample mode", () => {
  it("mid-circuit measurement, reset and if: histograms within a 1e-9-failure bound of the exact distribution", () => {
    const c = teleport(1.234);
    const exact = compileSimulation(c).exact();
    const N = 20_000;
    const r = compileSimulation(c).sample(undefined, N, 12345);
    expect(r.shots).toBe(N);
    expectHistogram(r.outputs, exact.outputs, N);
    expectHistogram(r.outcomes, exact.outcomes, N);
    expectMeans(r, exact, N);
    expect(exact.expectations.get(0)).toBeCloseTo(Math.cos(1.234), 12);
  });

  it("random circuits: histograms within the bound, reproducible for a fixed seed", () => {
    const cases = fc.sample(programArb(4, { maxCtrl: 2, fractionalPow: false }, 8, 5), { seed: 501, numRuns: 12 });
    const N = 5_000;
    cases.forEach(({ c, params }, i) => {
      const sim = compileSimulation(c);
      const exact = sim.exact(params);
      const r = sim.sample(params, N, 1000 + i);
      expectHistogram(r.outcomes, exact.outcomes, N);
      expectHistogram(r.outputs, exact.outputs, N);
      expectMeans(r, exact, N);
      const again = sim.sample(params, N, 1000 + i);
      expect(again.outcomes).toEqual(r.outcomes);
      expect(again.expectations).toEqual(r.expectations);
    });
  });

  it("terminal measurements are drawn from one final state", () => {
    const c = circuit(3, [gate("h", [0]), gate("ry", [1], [0.7]), gate("cx", [0, 2]), measure(0, 0), measure(1, 1), measure(2, 2), measure(1, 3)],
      { numBits: 4, outputs: [bitsOut(0, [3, 0])] });
    const sim = compileSimulation(c);
    expect(sim.compiled.terminal[sim.compiled.code.findIndex((i) => i.op === "measure")]).toBe(true);
    const exact = sim.exact();
    const N = 50_000;
    const r = sim.sample(undefined, N, 3);
    expectHistogram(r.outcomes, exact.outcomes, N);
    expectHistogram(r.outputs, exact.outputs, N);
    for (const k of r.outcomes.keys()) expect(k[1]).toBe(k[3]); // the same qubit read twice agrees
    const other = sim.sample(undefined, N, 4);
    expect(other.outcomes).not.toEqual(r.outcomes);
  });

  it("stays correct when the memory limit allows only two states, or one (shots one at a time)", () => {
    const c = teleport(0.8);
    const exact = compileSimulation(c).exact();
    for (const states of [2, 1]) {
      const sim = compileSimulation(c, { maxMemoryBytes: states * stateBytes(4) });
      const N = 4_000;
      const r = sim.sample(undefined, N, 99);
      expectHistogram(r.outputs, exact.outputs, N);
      expectHistogram(r.outcomes, exact.outcomes, N);
      expect(sim.sample(undefined, N, 99).outcomes).toEqual(r.outcomes);
    }
  });

  it("zero shots", () => {
    const r = compileSimulation(teleport(0.1)).sample(undefined, 0, 1);
    expect(r.outputs.size).toBe(0);
  });
});

/** All bit strings of length k. */
const strings = (k: number): string[] => Array.from({ length: 2 ** k }, (_, i) => (k === 0 ? "" : i.toString(2).padStart(k, "0")));

describe("forced mode (teacher forcing)", () => {
  it("the forced probability of every output string equals its exact probability (random circuits)", () => {
    fc.assert(fc.property(programArb(4, { maxCtrl: 2, fractionalPow: false }, 8, 6), ({ c, params }) => {
      const k = c.outputs.reduce((s, o) => s + (o.kind === "bits" ? o.bits.length : 0), 0);
      fc.pre(k <= 8);
      const sim = compileSimulation(c);
      const exact = exactDistribution(c, params);
      const bound = sim.bind(params);
      let total = 0;
      for (const t of strings(k)) {
        const f = bound.forced(t);
        const want = exact.outputs.get(t) ?? 0;
        expect(Math.abs(f.probability - want)).toBeLessThan(1e-12);
        if (f.probability > 0) expect(Math.abs(f.logProbability - Math.log(f.probability))).toBeLessThan(1e-12);
        total += f.probability;
      }
      expect(Math.abs(total - exact.totalProbability)).toBeLessThan(1e-12);
    }), { seed: 601, numRuns: 150 });
  });

  it("accumulates logs: a 3000-read sequence underflows as a probability but not as a log", () => {
    const ops: Op[] = [];
    const n = 3000;
    for (let i = 0; i < n; i++) ops.push(gate("ry", [0], [param(0)]), measure(0, i), { kind: "reset", qubit: 0 });
    const c = circuit(1, ops, { numBits: n, params: [1.1], outputs: [bitsOut(0, [...Array(n).keys()])] });
    const p1 = Math.sin(1.1 / 2) ** 2;
    const targets = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? "1" : "0")).join("");
    const ones = [...targets].filter((x) => x === "1").length;
    const want = ones * Math.log(p1) + (n - ones) * Math.log(1 - p1);
    const r = compileSimulation(c).forced(undefined, targets);
    expect(r.probability).toBe(0);
    expect(Math.abs(r.logProbability - want)).toBeLessThan(1e-9 * Math.abs(want));
  });

  it("expectations are conditioned on the forced outcomes; impossible targets give probability 0", () => {
    const c = circuit(2, [gate("h", [0]), gate("cx", [0, 1]), measure(0, 0), { kind: "expect", output: 1 }, gate("x", [0]), measure(0, 1)],
      { numBits: 2, outputs: [bitsOut(0, [0, 1]), { kind: "expect", step: 0, factors: [{ pauli: "Z", qubit: 1 }] }] });
    const sim = compileSimulation(c);
    const a = sim.forced(undefined, "01");
    expect(a.probability).toBeCloseTo(0.5, 15);
    expect(a.expectations.get(1)).toBeCloseTo(1, 15);
    const b = sim.forced(undefined, "10");
    expect(b.probability).toBeCloseTo(0.5, 15);
    expect(b.expectations.get(1)).toBeCloseTo(-1, 15);
    const z = sim.forced(undefined, "00");
    expect(z.probability).toBe(0);
    expect(z.logProbability).toBe(-Infinity);
    expect(() => sim.forced(undefined, "0")).toThrow(/2 '0'\/'1' characters/);
  });
});

// ───────────────────────────────────────────── k-HRNN ─────────────────────────────────────────────

/** A seeded random 3-uniform hypergraph on 6 vertices (each triple kept with probability 1/2). */
function hypergraph(seed: number): number[][] {
  let s = seed >>> 0;
  const rand = () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32; };
  const edges: number[][] = [];
  for (let a = 0; a < 6; a++) for (let b = a + 1; b < 6; b++) for (let c = b + 1; c < 6; c++) if (rand() < 0.5) edges.push([a, b, c]);
  return edges;
}

function khrnn(tokens: string): Circuit {
  const r = buildCircuit("examples/khrnn.qseq", { tokens: { text: tokens, file: "tokens.txt" } });
  if (!r.circuit) throw new Error(r.diagnostics.map((d) => d.message).join("; "));
  return r.circuit;
}

describe("the exact k-HRNN (n = 6, k = 3)", () => {
  it("forcing the deterministic X outcome gives P(z's); the wrong one gives 0", () => {
    for (const seed of [1, 2, 3]) {
      const edges = hypergraph(seed);
      const j = seed % 6;
      const others = [0, 1, 2, 3, 4, 5].filter((v) => v !== j);
      const tokens = [...edges.map((e) => `Edge(${e.join(",")})`), ...others.map((v) => `ReadZ(${v})`), `ReadX(${j})`].join(" ");
      const c = khrnn(tokens);
      const sim = compileSimulation(c);
      const bound = sim.bind(); // theta = pi, phi = 0: the exact k-HRNN
      for (const zs of strings(5)) {
        const z = new Map(others.map((v, i) => [v, zs[i] === "1" ? 1 : 0]));
        let o = 0;
        for (const e of edges) if (e.includes(j)) o ^= e.filter((v) => v !== j).reduce((p, v) => p * z.get(v)!, 1);
        const right = bound.forced(zs + String(o));
        const wrong = bound.forced(zs + String(1 - o));
        expect(Math.abs(right.probability - 1 / 32)).toBeLessThan(1e-12);
        expect(Math.abs(right.logProbability + 5 * Math.LN2)).toBeLessThan(1e-12);
        expect(wrong.probability).toBeLessThan(1e-12);
      }
      // the exact distribution says the same
      const exact = bound.exact();
      expect(exact.outputs.size).toBe(32);
    }
  });

  it("forced equals the exact output distribution for trained (random) params, and agrees with the reference", () => {
    const tokens = "Edge(1,2,3) Edge(2,4,5) Edge(0,4,5) Edge(0,1,2) ReadZ(0) ReadX(3) Edge(0,3,4) ReadX(1) ReadZ(5) ReadX(2)";
    const c = khrnn(tokens);
    const params = [2.1, 0.3, -0.7, 1.9, 0.4, -2.2, 0.9];
    expect(c.params.length).toBe(params.length);
    const sim = compileSimulation(c);
    const exact = sim.exact(params);
    const ref = exactDistribution(c, params);
    for (const t of strings(5)) {
      expect(Math.abs(sim.forced(params, t).probability - (exact.outputs.get(t) ?? 0))).toBeLessThan(1e-12);
      expect(Math.abs((exact.outputs.get(t) ?? 0) - (ref.outputs.get(t) ?? 0))).toBeLessThan(1e-12);
    }
  });
});
