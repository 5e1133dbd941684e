// A training worker thread (./pool.ts): loads the model and the data file, compiles the samples it owns
// (index i with i mod count = its index), then answers evaluate requests with per-sample results.

import { parentPort, workerData } from "node:worker_threads";
import { DiagnosticError } from "../diagnostics/diagnostic.js";
import { DataError, readDataFile } from "../task/data.js";
import { evaluateSample } from "./evaluate.js";
import type { WorkerInit, WorkerReply } from "./pool.js";
import { ModelLoadError, QuantumTaskModel } from "./quantum.js";

const init = workerData as WorkerInit;
const port = parentPort!;
const reply = (m: WorkerReply): void => port.postMessage(m);

function errorReply(e: unknown): WorkerReply {
  if (e instanceof DataError || e instanceof ModelLoadError) return { type: "error", message: e.message, diagnostics: e.diagnostics, sources: [...e.sources] };
  if (e instanceof DiagnosticError) return { type: "error", message: e.message, diagnostics: e.diagnostics };
  return { type: "error", message: e instanceof Error ? e.message : String(e) };
}

try {
  const samples = readDataFile(init.dataFile);
  const model = new QuantumTaskModel({
    file: init.file, ...(init.model ? { model: init.model } : {}), hyper: new Map(init.hyper), ...(init.limits ? { limits: init.limits } : {}),
  });
  model.prepare(samples.filter((_, i) => i % init.count === init.index), init.dataFile);
  port.on("message", (m: { type: "evaluate"; id: number; indices: number[]; params: Float64Array }) => {
    try {
      reply({ type: "result", id: m.id, results: m.indices.map((i) => evaluateSample(model, samples[i]!, m.params, init.dataFile, init.method)) });
    } catch (e) {
      reply(errorReply(e));
    }
  });
  reply({ type: "ready" });
} catch (e) {
  reply(errorReply(e));
}
