// Differential tests: emitted OpenQASM 3 run on qsharp-lang (an independent implementation) against the
// exact distribution of the reference simulator (src/sim/reference.ts), in both profiles.
//
// Statistical check, per run of N shots (2000 unless a test says otherwise): the L1 distance between
// the empirical and the exact distribution of the emitted bits must stay below the
// Bretagnolle–Huber–Carol bound
//   ε = sqrt(2·(K·ln 2 + ln(1/δ)) / N),   δ = 1e-8,
// where K counts the exact support plus one category for all impossible outcomes; a sample of an
// impossible outcome (probability ≤ 1e-12) fails at once. Expectation outputs: the sample mean of
// (−1)^parity must be within the Hoeffding bound sqrt(2·ln(2/δ)/N) of the exact ⟨P⟩. With fewer than
// 100 such checks the chance of a spurious failure stays below 1e-6 even for a truly random simulator —
// and runs are seeded (test/support/qsharp.ts), so a given qsharp-lang version repeats its samples.

import { expect } from "vitest";
import type { Circuit } from "../../src/ir/circuit.js";
import { emitQasm3Program } from "../../src/emit/qasm3/emit.js";
import { exactDistribution } from "../../src/sim/reference.js";
import { histogram, runQasm } from "../support/qsharp.js";
import { l1Bound, l1Distance, meanBound } from "./helpers.js";

const SHOTS = 2000;

/** Emits `c` in each profile, runs it on qsharp-lang and checks the samples against the exact distribution. */
export async function differential(c: Circuit, params?: number[], shots = SHOTS, profiles: readonly ("full" | "portable")[] = ["full", "portable"]): Promise<void> {
  const exact = exactDistribution(c, params);
  expect(Math.abs(exact.totalProbability - 1)).toBeLessThan(1e-9);
  for (const profile of profiles) {
    const prog = emitQasm3Program(c, { profile, bind: params ? { params } : {} });
    const run = await runQasm(prog.text, shots);
    if (process.env.QSEQ_TIMING) console.log(`${profile}: ${shots} shots in ${run.ms.toFixed(0)} ms`);
    const bitNames = c.outputs.flatMap((o, k) => (o.kind === "bits" && o.bits.length > 0 ? [prog.outputNames[k]!] : []));
    const counts = new Map<string, number>();
    if (bitNames.length > 0) for (const [key, n] of histogram(run, bitNames)) counts.set(key.replaceAll(" ", ""), n);
    else counts.set("", shots);
    const { l1, categories, impossible } = l1Distance(exact.outputs, counts, shots);
    const bound = l1Bound(categories, shots);
    expect({ profile, impossible }).toEqual({ profile, impossible: 0 });
    expect(l1, `${profile}: L1 ${l1.toFixed(4)} vs bound ${bound.toFixed(4)}\n${prog.text}`).toBeLessThan(bound);
    c.outputs.forEach((o, k) => {
      if (o.kind !== "expect") return;
      const i = run.names.indexOf(prog.outputNames[k]!);
      const mean = run.shots.reduce((s, shot) => s + ((shot[i]!.split("1").length - 1) % 2 === 0 ? 1 : -1), 0) / shots;
      expect(Math.abs(mean - exact.expectations.get(k)!), `${profile}: expect output ${k}`).toBeLessThan(meanBound(shots));
    });
  }
}

