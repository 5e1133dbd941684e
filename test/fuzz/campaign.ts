// A fuzz campaign: cases start…start+count−1 of one target and seed, run in order until done or until
// the wall-clock budget is spent, with per-stage counts and every failure collected.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateCase, runCase, type CaseOutcome, type FuzzCase, type TargetName } from "./targets.js";

export interface CampaignOptions {
  readonly target: TargetName;
  readonly seed: number;
  readonly start?: number;
  readonly count: number;
  /** Stop starting new cases after this many milliseconds. */
  readonly budgetMs: number;
  /** A case also runs the CLI with probability 1 / cliEvery (0: never). */
  readonly cliEvery: number;
  readonly slowMs: number;
  readonly trainability: number;
  /** Called before each case (a watchdog can tell which case hangs). */
  readonly onStart?: (index: number) => void;
  readonly onFailure?: (c: FuzzCase, o: CaseOutcome) => void;
  /** Called after each case (after onFailure). */
  readonly onCase?: (index: number, o: CaseOutcome) => void;
  /** Called every `progressEvery` cases. */
  readonly onProgress?: (s: CampaignStats) => void;
  readonly progressEvery?: number;
}

export interface CampaignStats {
  readonly target: TargetName;
  readonly seed: number;
  executed: number;
  failed: number;
  elapsedMs: number;
  /** Cases that reached each stage. */
  readonly stages: Record<string, number>;
  /** Soft findings by message (first 120 characters), with a count. */
  readonly notes: Record<string, number>;
  /** The slowest case. */
  slowest: { index: number; ms: number };
  readonly failures: { index: number; kind: string; stage: string; message: string; stack?: string }[];
  stoppedByBudget: boolean;
}

export function emptyStats(target: TargetName, seed: number): CampaignStats {
  return { target, seed, executed: 0, failed: 0, elapsedMs: 0, stages: {}, notes: {}, slowest: { index: -1, ms: 0 }, failures: [], stoppedByBudget: false };
}

export function record(s: CampaignStats, index: number, o: CaseOutcome): void {
  s.executed++;
  for (const st of o.stages) s.stages[st] = (s.stages[st] ?? 0) + 1;
  for (const n of o.notes) {
    const key = n.slice(0, 120);
    s.notes[key] = (s.notes[key] ?? 0) + 1;
  }
  if (o.ms > s.slowest.ms) s.slowest = { index, ms: Math.round(o.ms) };
  if (o.failure) {
    s.failed++;
    s.failures.push({ index, ...o.failure });
  }
}

export async function runCampaign(o: CampaignOptions): Promise<CampaignStats> {
  const stats = emptyStats(o.target, o.seed);
  const tmpDir = mkdtempSync(join(tmpdir(), "qseq-fuzz-"));
  const t0 = performance.now();
  const start = o.start ?? 0;
  try {
    for (let i = start; i < start + o.count; i++) {
      if (performance.now() - t0 > o.budgetMs) { stats.stoppedByBudget = true; break; }
      o.onStart?.(i);
      const c = generateCase(o.target, o.seed, i, { cliEvery: o.cliEvery });
      const outcome = await runCase(c, { slowMs: o.slowMs, trainability: o.trainability, tmpDir });
      record(stats, i, outcome);
      if (outcome.failure) o.onFailure?.(c, outcome);
      o.onCase?.(i, outcome);
      if (o.onProgress && o.progressEvery && stats.executed % o.progressEvery === 0) {
        stats.elapsedMs = performance.now() - t0;
        o.onProgress(stats);
      }
    }
  } finally {
    rmSync(tmpDir, { recursive: true, force: true });
  }
  stats.elapsedMs = performance.now() - t0;
  return stats;
}

/** Stage counts as `stage: n (p%)` lines, in the order stages were first reached. */
export function formatStats(s: CampaignStats): string {
  const pct = (n: number) => `${((100 * n) / Math.max(1, s.executed)).toFixed(1)}%`;
  const lines = [
    `${s.target} seed ${s.seed}: ${s.executed} cases in ${(s.elapsedMs / 1000).toFixed(1)} s ` +
      `(${(s.executed / Math.max(0.001, s.elapsedMs / 1000)).toFixed(0)} cases/s), ${s.failed} failed` +
      `${s.stoppedByBudget ? " (stopped by the time budget)" : ""}; slowest case ${s.slowest.index} (${s.slowest.ms} ms)`,
    ...Object.entries(s.stages).map(([k, n]) => `  ${k.padEnd(24)} ${String(n).padStart(8)}  ${pct(n)}`),
  ];
  const notes = Object.entries(s.notes);
  if (notes.length) lines.push("  notes (not failures):", ...notes.map(([k, n]) => `    ${n}× ${k}`));
  return lines.join("\n");
}
