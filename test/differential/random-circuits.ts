// Our simulator against qsharp-lang on hundreds of seeded random dynamic circuits (gates of the whole
// catalogue with modifiers, gate definitions and calls, mid-circuit measurement, reset, feed-forward),
// emitted as OpenQASM 3 in both profiles.
//
// Statistical bound: for K possible outcomes and N shots, P(TV ≥ ε) ≤ 2^K·exp(−2Nε²) (Bretagnolle–Huber–
// Carol), so ε = sqrt((K·ln 2 + ln(1/δ)) / (2N)); δ = 1e-9 per circuit keeps the suite's failure
// probability below 1e-6. K is the number of outcomes with non-zero exact probability plus one (the rest).
// Every observed outcome must also lie in the exact support.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Qasm3Profile } from "../../src/emit/qasm3/emit.js";
import { emitQasm3 } from "../../src/emit/qasm3/emit.js";
import type { Circuit } from "../../src/ir/circuit.js";
import { compileSimulation } from "../../src/sim/index.js";
import { exactDistribution } from "../../src/sim/reference.js";
import { dynamicCircuitArb } from "../support/dynamic-circuits.js";
import { histogram, runQasm } from "../support/qsharp.js";

const CIRCUITS = 200;
const SHOTS = 1200;
const DELTA = 1e-9;

/** The simulator under test (the fast one, src/sim), checked against the reference on every circuit too. */
function ours(c: Circuit, params: number[]): Map<string, number> {
  const fast = compileSimulation(c).exact(params).outputs;
  const reference = exactDistribution(c, params).outputs;
  for (const [k, p] of reference) expect(Math.abs((fast.get(k) ?? 0) - p), `outcome ${k}: fast vs reference simulator`).toBeLessThan(1e-10);
  return fast;
}

function totalVariation(p: Map<string, number>, counts: Map<string, number>, shots: number): number {
  const keys = new Set([...p.keys(), ...counts.keys()]);
  let tv = 0;
  for (const k of keys) tv += Math.abs((p.get(k) ?? 0) - (counts.get(k) ?? 0) / shots);
  return tv / 2;
}

const samples = fc.sample(dynamicCircuitArb(3, { maxCtrl: 2, fractionalPow: true }, 7), { numRuns: CIRCUITS, seed: 0x51b });

/** Half of the circuits per profile; one test file per profile, so the two run in parallel. */
export function randomCircuitSuite(profile: Qasm3Profile): void {
describe(`${CIRCUITS / 2} random dynamic circuits, ${profile} profile: our simulator vs qsharp-lang`, () => {
  const mine = samples.map((s, i) => [i, s] as const).filter(([i]) => (i % 2 === 0) === (profile === "full"));
  it.each(mine)("circuit %i", async (i, { c, params }) => {
    const exact = ours(c, params);
    const qasm = emitQasm3(c, { profile, bind: { params } });
    const run = await runQasm(qasm, SHOTS, { seed: 1000 + i });
    const counts = histogram(run, ["y0"]);
    for (const k of counts.keys()) expect(exact.get(k) ?? 0, `${profile}: outcome ${k} is outside the exact support\n${qasm}`).toBeGreaterThan(1e-12);
    const support = [...exact.values()].filter((p) => p > 1e-12).length + 1;
    const eps = Math.sqrt((support * Math.LN2 + Math.log(1 / DELTA)) / (2 * SHOTS));
    expect(totalVariation(exact, counts, SHOTS), `${profile} profile\n${qasm}`).toBeLessThan(eps);
  });

  it("has the power to see a wrong answer: a flipped distribution fails the same bound", () => {
    const { c, params } = samples.find((s) => [...ours(s.c, s.params).values()].some((p) => p > 0.6 && p < 0.99))!;
    const exact = ours(c, params);
    const flipped = new Map([...exact].map(([k, p]) => [[...k].map((b) => (b === "0" ? "1" : "0")).join(""), p]));
    const fakeCounts = new Map([...flipped].map(([k, p]) => [k, Math.round(p * SHOTS)]));
    const support = [...exact.values()].filter((p) => p > 1e-12).length + 1;
    const eps = Math.sqrt((support * Math.LN2 + Math.log(1 / DELTA)) / (2 * SHOTS));
    expect(totalVariation(exact, fakeCounts, SHOTS)).toBeGreaterThan(eps);
  });
});
}
