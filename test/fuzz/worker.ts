// The worker thread of supervise.ts: runs one campaign and reports every case to the parent thread.

import { parentPort, workerData } from "node:worker_threads";
import { runCampaign } from "./campaign.js";
import type { FromWorker, WorkerSettings } from "./supervise.js";
import { describeFailure } from "./targets.js";

const s = workerData as WorkerSettings;
const post = (m: FromWorker) => parentPort!.postMessage(m);
let report: string | undefined;
await runCampaign({
  target: s.target, seed: s.seed, start: s.start, count: s.count, budgetMs: s.budgetMs, cliEvery: s.cliEvery,
  slowMs: s.slowMs, trainability: s.trainability,
  onStart: (index) => post({ type: "start", index }),
  onFailure: (c, o) => { report = describeFailure(c, o, s.out); },
  onCase: (index, outcome) => { post({ type: "case", index, outcome, ...(report ? { report } : {}) }); report = undefined; },
});
post({ type: "done" });
