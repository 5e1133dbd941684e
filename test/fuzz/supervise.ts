// Runs a campaign in a worker thread with a watchdog: a case that hangs (or exhausts the worker's heap)
// is killed, reported as a failure and skipped, and the campaign goes on with the next case.

import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { emptyStats, record, type CampaignStats } from "./campaign.js";
import { describeFailure, generateCase, type CaseOutcome, type TargetName } from "./targets.js";

export interface WorkerSettings {
  readonly target: TargetName;
  readonly seed: number;
  readonly start: number;
  readonly count: number;
  readonly cliEvery: number;
  readonly slowMs: number;
  readonly trainability: number;
  readonly budgetMs: number;
  /** Where failing cases are written. */
  readonly out: string;
}

export type FromWorker =
  | { type: "start"; index: number }
  | { type: "case"; index: number; outcome: CaseOutcome; report?: string }
  | { type: "done" };

export interface SuperviseOptions {
  /** A case still running after this long is killed. */
  readonly hangMs: number;
  /** Heap of the worker (MB): a case that needs more fails instead of ending the process. */
  readonly heapMb?: number;
  /** Failure reports (the seed, index, mutations and mutant of each failed case). */
  readonly onReport?: (text: string) => void;
  readonly onProgress?: (s: CampaignStats) => void;
  readonly progressEvery?: number;
}

// tsx's loader is registered in the thread that started it only: the worker registers it, then loads worker.ts.
// (vitest has no import.meta.resolve: require.resolve finds tsx's CommonJS entry, next to the ES module one.)
const TSX_API = pathToFileURL(createRequire(import.meta.url).resolve("tsx/esm/api").replace(/\.cjs$/, ".mjs")).href;
const WORKER_BOOT = `import(${JSON.stringify(TSX_API)}).then(({ register }) => { register(); return import(${JSON.stringify(new URL("./worker.ts", import.meta.url).href)}); })`;

export async function superviseCampaign(s: WorkerSettings, o: SuperviseOptions): Promise<CampaignStats> {
  const stats = emptyStats(s.target, s.seed);
  const t0 = performance.now();
  const end = s.start + s.count;
  let next = s.start;
  let lastProgress = 0;
  while (next < end) {
    const remainingBudget = s.budgetMs - (performance.now() - t0);
    if (remainingBudget <= 0) { stats.stoppedByBudget = true; break; }
    const settings: WorkerSettings = { ...s, start: next, count: end - next, budgetMs: remainingBudget };
    const result = await new Promise<{ hung?: number; died?: string }>((resolve, reject) => {
      const worker = new Worker(WORKER_BOOT, { eval: true, workerData: settings, resourceLimits: { maxOldGenerationSizeMb: o.heapMb ?? 3072 } });
      let current = -1;
      let since = performance.now();
      const timer = setInterval(() => {
        if (current >= 0 && performance.now() - since > o.hangMs) {
          clearInterval(timer);
          void worker.terminate();
          resolve({ hung: current });
        }
      }, 100);
      worker.on("message", (m: FromWorker) => {
        if (m.type === "start") { current = m.index; since = performance.now(); return; }
        if (m.type === "case") {
          current = -1;
          next = m.index + 1;
          record(stats, m.index, m.outcome);
          if (m.report) o.onReport?.(m.report);
          if (o.onProgress && o.progressEvery && stats.executed - lastProgress >= o.progressEvery) {
            lastProgress = stats.executed;
            stats.elapsedMs = performance.now() - t0;
            o.onProgress(stats);
          }
          return;
        }
        clearInterval(timer);
        if (next < end) stats.stoppedByBudget = true;
        void worker.terminate();
        resolve({});
      });
      worker.on("error", (e) => {
        clearInterval(timer);
        // the worker died inside a case (out of memory, …): that case failed
        if (current >= 0) resolve({ hung: current, died: `the worker died: ${e.name}: ${e.message}` });
        else reject(e);
      });
    });
    if (result.hung === undefined) break;
    const index = result.hung;
    const c = generateCase(s.target, s.seed, index, { cliEvery: s.cliEvery });
    const outcome: CaseOutcome = {
      stages: [], notes: [], ms: result.died ? 0 : o.hangMs,
      failure: result.died
        ? { kind: "throw", stage: "worker", message: result.died }
        : { kind: "slow", stage: "hang", message: `the case was still running after ${o.hangMs} ms and was killed` },
    };
    record(stats, index, outcome);
    o.onReport?.(describeFailure(c, outcome, s.out));
    next = index + 1;
  }
  stats.elapsedMs = performance.now() - t0;
  return stats;
}
