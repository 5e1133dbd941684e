// bench/grad (a): the cost of one adjoint gradient (src/grad/adjoint.ts, all M components) in units of one
// forward simulation of the same objective, for M = 10 … 1000 params at 16 qubits. Backpropagation scaling
// means the ratio is a small constant, flat in M; finite differences (2M forwards) are shown for context.
//
// Circuit: a layered hardware-efficient ansatz on N = 16 qubits, built as circuit IR. A layer is ry(θ) and
// rz(θ') on qubits 0 … r−1 (each rotation its own param; r = 16 for a full layer, fewer in the last, partial
// layer so that M is exact) followed by a cz ring (q, q+1 mod N). At the end three `expect` outputs, Z₀,
// Z₀Z₁ and X₁₅; the objective is { kind: "expectation" } (their sum).
//
// Peers, in the same run, on the same circuit and params (compiled once, outside the timings; binding the
// params is inside, as in a training step):
//   forward fused    the fast simulator with fusion: the faster of bind + stateVector + ⟨P⟩ per output and
//                    bind + exact() (which reads the expectations itself)
//   forward unfused  the same without fusion
//   adjoint          compileAdjoint(c).gradient({ kind: "expectation" }, params): value and all M partials
// Before timing, every adjoint result is checked against the forward value, and against central finite
// differences (h = 1e-5, to 1e-6): all components at the smallest M, a few spread components at the others.
//
// Target (issue: bench/grad (a)): adjoint ÷ one fused forward ≤ 4, flat in M.
//
// Run: npm run bench:grad   (or: npx tsx bench/grad.ts [M list, e.g. 10,100,1000] [--quick])

import type { Circuit, Op, Output, PauliFactor } from "../src/ir/circuit.js";
import { compileAdjoint } from "../src/grad/adjoint.js";
import { compileSimulation, type SimProgram } from "../src/sim/index.js";
import { pauliExpectation } from "../src/sim/state.js";
import { circuit, gate, param } from "../test/support/circuits.js";

const N = 16;
const QUICK = process.argv.includes("--quick") || process.env.QSEQ_BENCH_QUICK === "1";
const listArg = process.argv.slice(2).find((a) => /^\d+(,\d+)*$/.test(a));
const MS = listArg ? listArg.split(",").map(Number) : QUICK ? [10, 100, 1000] : [10, 30, 100, 300, 1000];
/** Timing budget per measured quantity (ms) and repetitions. */
const MIN_MS = QUICK ? 200 : 600;
const MAX_REPS = QUICK ? 7 : 25;
const MIN_REPS = QUICK ? 3 : 5;
const TARGET = 4;
const FD_H = 1e-5;
const FD_TOL = 1e-6;
const OBSERVABLES: readonly (readonly PauliFactor[])[] = [
  [{ pauli: "Z", qubit: 0 }],
  [{ pauli: "Z", qubit: 0 }, { pauli: "Z", qubit: 1 }],
  [{ pauli: "X", qubit: N - 1 }],
];
const OBJECTIVE = { kind: "expectation" } as const;

// ─────────────────────────────────────────── circuit ───────────────────────────────────────────

/** The ansatz with exactly m params: full layers of 2N rotations, then a partial one. */
function ansatz(m: number): Circuit {
  const ops: Op[] = [];
  const init: number[] = [];
  while (init.length < m) {
    const perLayer = Math.min(2 * N, m - init.length);
    for (let q = 0; 2 * q < perLayer; q++) {
      for (const name of ["ry", "rz"]) {
        if (init.length >= m) break;
        const id = init.length;
        init.push(0.3 + 1.1 * Math.sin(1.7 * id + 0.4)); // spread, deterministic angles
        ops.push(gate(name, [q], [param(id)]));
      }
    }
    for (let q = 0; q < N; q++) ops.push(gate("cz", [q, (q + 1) % N]));
  }
  const outputs: Output[] = OBSERVABLES.map((factors) => ({ kind: "expect", step: 0, factors }));
  outputs.forEach((_, k) => ops.push({ kind: "expect", output: k }));
  return { ...circuit(N, ops, { params: init, outputs }), name: `hea${m}` };
}

// ─────────────────────────────────────────── forwards ───────────────────────────────────────────

/** The objective by bind + stateVector + ⟨P⟩ per expect output. */
function forwardStateVector(sim: SimProgram, params: Float64Array): number {
  const s = sim.bind(params).stateVector();
  let f = 0;
  for (const factors of OBSERVABLES) f += pauliExpectation(s.data, N, factors);
  return f;
}

/** The objective by bind + exact() (the simulator's own expectation path). */
function forwardExact(sim: SimProgram, params: Float64Array): number {
  let f = 0;
  for (const v of sim.bind(params).exact().expectations.values()) f += v;
  return f;
}

// ─────────────────────────────────────────── timing ───────────────────────────────────────────

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Median of repeated runs after two warm-up runs; `sink` keeps the results alive. */
let sink = 0;
function timeIt(f: () => number): number {
  sink += f();
  sink += f();
  const times: number[] = [];
  const start = performance.now();
  while (times.length < MIN_REPS || (performance.now() - start < MIN_MS && times.length < MAX_REPS)) {
    const t0 = performance.now();
    sink += f();
    times.push(performance.now() - t0);
  }
  return median(times);
}

// ─────────────────────────────────────────── checks ───────────────────────────────────────────

/** Throws unless the adjoint value and gradient match the forward value and central differences. */
function verify(m: number, c: Circuit, fused: SimProgram, params: Float64Array, full: boolean): string {
  const r = compileAdjoint(c).gradient(OBJECTIVE, params);
  const f0 = forwardStateVector(fused, params);
  const fx = forwardExact(fused, params);
  if (Math.abs(r.value - f0) > 1e-10 || Math.abs(fx - f0) > 1e-10) {
    throw new Error(`M = ${m}: adjoint value ${r.value}, forward ${f0}, exact() ${fx}`);
  }
  const idx = full ? [...params.keys()] : [0, Math.floor(m / 3), Math.floor((2 * m) / 3), m - 1];
  let worst = 0;
  for (const i of new Set(idx)) {
    const up = Float64Array.from(params), down = Float64Array.from(params);
    up[i]! += FD_H; down[i]! -= FD_H;
    const fd = (forwardStateVector(fused, up) - forwardStateVector(fused, down)) / (2 * FD_H);
    const err = Math.abs(r.gradient[i]! - fd);
    if (!(err <= FD_TOL)) throw new Error(`M = ${m}: ∂f/∂θ${i}: adjoint ${r.gradient[i]} vs finite differences ${fd}`);
    worst = Math.max(worst, err);
  }
  return `${full ? "all" : new Set(idx).size} components, max |adjoint − FD| = ${worst.toExponential(1)}`;
}

// ─────────────────────────────────────────── report ───────────────────────────────────────────

const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : ms >= 1 ? `${ms.toFixed(2)} ms` : `${(ms * 1000).toFixed(1)} µs`);
const ratio = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

function table(rows: string[][]): string {
  const w = rows[0]!.map((_, j) => Math.max(...rows.map((r) => r[j]!.length)));
  return rows.map((r) => r.map((c, j) => c.padEnd(w[j]!)).join("  ")).join("\n");
}

function main(): void {
  console.log(
    `bench/grad (a): node ${process.version}; ${N} qubits; ansatz = layers of ry + rz on every qubit + cz ring; ` +
    `objective = ⟨Z0⟩ + ⟨Z0 Z1⟩ + ⟨X${N - 1}⟩; median of ≤ ${MAX_REPS} runs after warm-up${QUICK ? " (quick)" : ""}\n`,
  );
  const header = [
    "M", "gates", "adjoint occ.", "fwd fused", "fwd unfused", "adjoint", "adj ÷ fused", "adj ÷ unfused", "FD (2M fwd, est.)", "FD ÷ adjoint",
  ];
  const rows: string[][] = [header];
  const ratios: number[] = [];
  for (const [i, m] of MS.entries()) {
    const c = ansatz(m);
    const params = Float64Array.from(c.params, (p) => p.init);
    const fused = compileSimulation(c, { fuse: true });
    const unfused = compileSimulation(c, { fuse: false });
    const adj = compileAdjoint(c);
    console.log(`M = ${m}: check ${verify(m, c, fused, params, i === 0 || m <= 30)}`);

    const fSV = timeIt(() => forwardStateVector(fused, params));
    const fEx = timeIt(() => forwardExact(fused, params));
    const uSV = timeIt(() => forwardStateVector(unfused, params));
    const uEx = timeIt(() => forwardExact(unfused, params));
    const tAdj = timeIt(() => adj.gradient(OBJECTIVE, params).value);
    const tF = Math.min(fSV, fEx), tU = Math.min(uSV, uEx);
    const r = tAdj / tF;
    ratios.push(r);
    const row = [
      String(m), String(fused.stats.gates), String(adj.occurrences),
      `${fmt(tF)} (${fused.stats.kernels} k, ${fSV <= fEx ? "sv" : "exact"})`,
      `${fmt(tU)} (${unfused.stats.kernels} k)`,
      fmt(tAdj), ratio(r), ratio(tAdj / tU), fmt(2 * m * tF), ratio((2 * m * tF) / tAdj),
    ];
    rows.push(row);
    console.log("  " + row.map((cell, j) => `${header[j]}: ${cell}`).join(" | "));
  }
  console.log("\n" + table(rows));
  const lo = Math.min(...ratios), hi = Math.max(...ratios);
  console.log(
    `\ntarget: adjoint ÷ one fused forward ≤ ${TARGET}, flat in M (backpropagation scaling). measured: ${ratio(lo)} … ${ratio(hi)} ` +
    `(${hi <= TARGET ? "within" : "ABOVE"} the target; max/min over M = ${ratio(hi / lo)}).\n` +
    "fwd = one forward evaluation of the objective (bind + simulate + the three expectations); (… k) = kernels after\n" +
    "fusion, sv/exact = which of stateVector + ⟨P⟩ and exact() was faster. adjoint = value + all M partials (forward pass,\n" +
    "then the backward sweep over ψ and the costate λ). FD = 2M fused forwards (central differences), estimated.",
  );
  if (!Number.isFinite(sink)) throw new Error("a timed run returned a non-finite objective");
}

main();
