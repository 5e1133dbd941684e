// `qseq combine MANIFEST RESULTS` (and `qseq grad combine`): results measured anywhere (counts from
// hardware, or estimated values), one per circuit of a batch, turned into what the batch is for — the
// model's outputs for a readout batch (`qseq compile --emit-dir`), the gradient for a gradient plan
// (`qseq grad --emit-dir`). The manifest's `format` says which.

import { combineBatch, type BatchManifest, type BatchOutputs } from "../batch/batch.js";
import { ResultError } from "../batch/manifest.js";
import { combinePlan, type PlanManifest } from "../grad/plan.js";
import type { Format } from "./io.js";
import { renderGradReport, type GradReport } from "./grad.js";
import { readFileArg, UsageError } from "./options.js";

function parseJson(path: string, what: string): unknown {
  try {
    return JSON.parse(readFileArg(path, what));
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${what} ${path} is not valid JSON: ${(e as Error).message}`);
  }
}

const isObject = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === "object" && !Array.isArray(x);

/** The manifest's shape, enough for the combiners to read it without tripping over missing fields. */
function checkManifest(m: unknown, path: string): BatchManifest | PlanManifest {
  const bad = (why: string) => new UsageError(`${path} is not a qseq manifest: ${why}`);
  if (!isObject(m)) throw bad("expected a JSON object");
  const known = (m.format === "qseq-batch" && m.version === 1) || (m.format === "qseq-gradient-plan" && m.version === 2);
  if (!known) {
    throw bad(`format "${String(m.format)}" version ${String(m.version)}; this qseq reads "qseq-batch" version 1 and "qseq-gradient-plan" version 2 (re-create older plans)`);
  }
  if (!Array.isArray(m.circuits) || !m.circuits.every((c) => isObject(c) && Array.isArray(c.layout) &&
    c.layout.every((f) => isObject(f) && typeof f.output === "number" && (f.kind === "bits" || f.kind === "expect") && Number.isInteger(f.width) && (f.width as number) >= 0))) {
    throw bad("every circuit needs a key layout of {output, kind, width} fields");
  }
  if (m.format === "qseq-batch") {
    if (!Array.isArray(m.outputs)) throw bad("a readout batch lists its outputs");
  } else if (!Array.isArray(m.params) || !isObject(m.estimator) || !isObject(m.objective)) {
    throw bad("a gradient plan has params, an objective and an estimator");
  }
  return m as unknown as BatchManifest | PlanManifest;
}

function renderOutputs(file: string, r: BatchOutputs): string {
  const lines = [`${file}: outputs from the batch's results`];
  if (r.distribution) {
    lines.push("", `emitted bits (${r.shots} shots of the main program):`);
    for (const d of r.distribution.slice(0, 32)) lines.push(`  ${(d.bits || "(none)").padEnd(12)} ${String(d.count).padEnd(8)} ${d.probability.toFixed(6)}`);
    if (r.distribution.length > 32) lines.push(`  … ${r.distribution.length - 32} more (--format json lists all)`);
  }
  if (r.expectations.length) {
    lines.push("", "expectation values:");
    for (const e of r.expectations) {
      lines.push(`  output ${e.output} (step ${e.step}) ⟨${e.observable}⟩ = ${e.value.toFixed(6)}${e.stderr ? ` ± ${e.stderr.toFixed(6)}` : ""}  (circuit ${e.circuit})`);
    }
  }
  return lines.join("\n") + "\n";
}

export function runCombine(manifestPath: string, resultsPath: string, o: { format: Format }): number {
  const manifest = checkManifest(parseJson(manifestPath, "manifest"), manifestPath);
  const raw = parseJson(resultsPath, "results file");
  const results = Array.isArray(raw) ? raw : isObject(raw) ? raw.results : undefined;
  if (!Array.isArray(results)) throw new UsageError(`${resultsPath}: expected {"results": [...]} with one entry per circuit`);
  try {
    if (manifest.format === "qseq-batch") {
      const r = combineBatch(manifest, results);
      process.stdout.write(o.format === "json" ? JSON.stringify({ file: manifestPath, ...r }, null, 2) + "\n" : renderOutputs(manifestPath, r));
      return 0;
    }
    const g = combinePlan(manifest, results);
    const report: GradReport = {
      file: manifestPath, method: `${manifest.method} (combined from ${resultsPath})`, objective: manifest.objective,
      ...(g.value !== undefined ? { value: g.value } : {}),
      params: manifest.params.map((p, i) => ({ name: p.name, value: p.value, gradient: g.gradient[i]!, stderr: g.stderr[i]! })),
    };
    process.stdout.write(o.format === "json" ? JSON.stringify(report, null, 2) + "\n" : renderGradReport(report));
    return 0;
  } catch (e) {
    if (e instanceof ResultError) {
      process.stderr.write(`error: ${resultsPath}: ${e.message}\n`);
      return 1;
    }
    // a manifest edited by hand can still hold values of the wrong type deep inside
    if (e instanceof TypeError || e instanceof RangeError) throw new UsageError(`${manifestPath} or ${resultsPath} is malformed: ${e.message}`);
    throw e;
  }
}
