// What `qseq train` and `qseq eval` share: loading the model and a data file, and reporting their errors
// as diagnostics (exit 1) rather than stack traces.

import { DataError } from "../task/data.js";
import type { HypergraphSample } from "../task/sample.js";
import { ModelLoadError, QuantumTaskModel } from "../train/quantum.js";
import { WorkerError } from "../train/pool.js";
import { printDiagnostics, type Format } from "./io.js";
import { parseHyper } from "./options.js";
import { readCheckpoint } from "../train/checkpoint.js";

export interface TaskModelOptions {
  model?: string;
  set?: string;
}

/** Runs a task command; a model, data or worker error is printed as diagnostics and gives exit code 1. */
export async function reportingTaskErrors(format: Format, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof ModelLoadError || e instanceof DataError) {
      printDiagnostics(e.diagnostics, e.sources, format);
      return 1;
    }
    if (e instanceof WorkerError) {
      if (e.diagnostics) printDiagnostics(e.diagnostics, e.sources ?? new Map(), format);
      else process.stderr.write(`error: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

/**
 * `--bind @ckpt.json…` on a model whose source differs from the one the checkpoint was trained on: the
 * params still load by name, with a warning (the user may have only edited a comment).
 */
export function warnIfOtherSource(bind: string | true | undefined, model: QuantumTaskModel): void {
  if (typeof bind !== "string" || !bind.startsWith("@")) return;
  const path = bind.slice(1).split(",")[0]!;
  try {
    const c = readCheckpoint(path);
    if (c.model.sourceHash !== model.sourceHash) process.stderr.write(`warning: ${path} was trained on another version of the model's source (${c.model.file}); its params are used by name\n`);
  } catch {
    // unreadable checkpoints are reported by parseBind
  }
}

/**
 * A model whose hyperparameters `n`/`k` differ from the data's still runs when the tokens fit (a larger
 * register holds a smaller task), but it is rarely what was meant: say so.
 */
export function warnIfOtherSize(model: QuantumTaskModel, samples: readonly HypergraphSample[], file: string): void {
  const s = samples[0];
  if (!s) return;
  const h = model.effectiveHyper;
  const differs = (["n", "k"] as const).filter((name) => h.has(name) && h.get(name) !== s[name]);
  if (differs.length) {
    process.stderr.write(`warning: ${file} holds a task with n = ${s.n}, k = ${s.k}, but model \`${model.modelName}\` has ${differs.map((d) => `${d} = ${h.get(d)}`).join(", ")}; pass --set n=${s.n},k=${s.k} for the model of the data's size\n`);
  }
}

export function loadTaskModel(file: string, o: TaskModelOptions): QuantumTaskModel {
  return new QuantumTaskModel({ file, ...(o.model ? { model: o.model } : {}), hyper: parseHyper(o.set) });
}
