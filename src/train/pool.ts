// Per-sample gradients in worker threads. Sample i belongs to worker i mod W for the whole run, so each
// worker elaborates and compiles only its own samples, once; a batch is split by owner, and the results
// come back in the batch's order (the trainer sums them in that order: threads change the speed, never
// the numbers).

import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { GradientSource, SampleResult } from "./evaluate.js";
import type { GradientMethod, ModelSpec } from "./quantum.js";

export interface WorkerInit {
  readonly file: string;
  readonly model?: string;
  readonly hyper: [string, number][];
  readonly limits?: ModelSpec["limits"];
  readonly dataFile: string;
  readonly index: number;
  readonly count: number;
  readonly method: GradientMethod;
}

export type WorkerReply =
  | { readonly type: "ready" }
  | { readonly type: "result"; readonly id: number; readonly results: SampleResult[] }
  | { readonly type: "error"; readonly message: string; readonly diagnostics?: readonly Diagnostic[]; readonly sources?: [string, string][] };

/** A failure inside a worker, carrying its diagnostics when it was a data or model error. */
export class WorkerError extends Error {
  constructor(message: string, readonly diagnostics?: readonly Diagnostic[], readonly sources?: ReadonlyMap<string, string>) {
    super(message);
  }
}

/**
 * The worker's script, compiled: next to this module (dist/train/), beside the CLI bundle (dist/cli/ →
 * dist/train/), or — when this module runs from the TypeScript sources (tests) — in the build's dist/.
 */
function workerUrl(): URL {
  for (const name of ["./worker.js", "../train/worker.js", "../../dist/train/worker.js"]) {
    const url = new URL(name, import.meta.url);
    if (existsSync(fileURLToPath(url))) return url;
  }
  throw new Error("the training worker script (dist/train/worker.js) is missing: run `npm run build`");
}

export async function workerPool(spec: ModelSpec, dataFile: string, labels: readonly string[], count: number, method: GradientMethod = "adjoint"): Promise<GradientSource> {
  const url = workerUrl();
  let nextId = 0;
  const pending = new Map<number, { resolve: (r: SampleResult[]) => void; reject: (e: Error) => void }>();
  const workers = Array.from({ length: count }, (_, index) => {
    const init: WorkerInit = {
      file: spec.file, ...(spec.model ? { model: spec.model } : {}), hyper: [...(spec.hyper ?? new Map())],
      ...(spec.limits ? { limits: spec.limits } : {}), dataFile, index, count, method,
    };
    return new Worker(url, { workerData: init });
  });
  let failure: WorkerError | undefined;
  const fail = (e: WorkerError): void => {
    failure ??= e;
    for (const p of pending.values()) p.reject(failure);
    pending.clear();
  };
  const ready = workers.map((w) => new Promise<void>((resolve, reject) => {
    w.on("message", (m: WorkerReply) => {
      if (m.type === "ready") resolve();
      else if (m.type === "result") { pending.get(m.id)?.resolve(m.results); pending.delete(m.id); }
      else { const e = new WorkerError(m.message, m.diagnostics, m.sources ? new Map(m.sources) : undefined); fail(e); reject(e); }
    });
    w.on("error", (e) => { const we = new WorkerError(`a training worker failed: ${e.message}`); fail(we); reject(we); });
  }));
  try {
    await Promise.all(ready);
  } catch (e) {
    await Promise.all(workers.map((w) => w.terminate()));
    throw e;
  }
  const ask = (w: number, indices: number[], params: Float64Array): Promise<SampleResult[]> => new Promise((resolve, reject) => {
    if (failure) { reject(failure); return; }
    const id = nextId++;
    pending.set(id, { resolve, reject });
    workers[w]!.postMessage({ type: "evaluate", id, indices, params });
  });
  return {
    labels,
    async evaluate(indices, params) {
      const parts: number[][] = workers.map(() => []);
      for (const i of indices) parts[i % count]!.push(i);
      const answers = await Promise.all(parts.map((p, w) => (p.length ? ask(w, p, params) : Promise.resolve([]))));
      const byIndex = new Map<number, SampleResult>();
      parts.forEach((p, w) => p.forEach((i, j) => byIndex.set(i, answers[w]![j]!)));
      return indices.map((i) => byIndex.get(i)!);
    },
    async close() { await Promise.all(workers.map((w) => w.terminate())); },
  };
}
