// `qseq check`: parse and check a .qseq file, then print a summary and a trainability report per model.

import { DEFAULT_LIMITS, type Limits } from "../check/interpreter.js";
import { hasErrors, sortDiagnostics } from "../diagnostics/diagnostic.js";
import { toJson } from "../diagnostics/render.js";
import { check } from "../pipeline.js";
import { formatTrainability, trainabilityJson, trainabilityReports } from "../analysis/trainability.js";
import { printDiagnostics, type Format } from "./io.js";
import { parseHyper, parsePositiveInt } from "./options.js";
import { EXIT_DIAGNOSTICS, EXIT_OK } from "./exit-codes.js";

export interface CommonOptions { set?: string; format: Format; maxQubits?: string; maxOps?: string }

export function limitsFrom(o: CommonOptions): Limits {
  return {
    maxQubits: o.maxQubits ? parsePositiveInt(o.maxQubits, "--max-qubits") : DEFAULT_LIMITS.maxQubits,
    maxOps: o.maxOps ? parsePositiveInt(o.maxOps, "--max-ops") : DEFAULT_LIMITS.maxOps,
  };
}

export function runCheck(file: string, o: CommonOptions): number {
  const r = check(file, { hyper: parseHyper(o.set), limits: limitsFrom(o) });
  const failed = hasErrors(r.diagnostics);
  // The trainability report (and its warnings W0104/W0105) only for a program without errors.
  const reports = failed ? [] : trainabilityReports(r.program, r.models, { limits: limitsFrom(o) });
  const diagnostics = [...r.diagnostics, ...reports.flatMap((t) => t.diagnostics)];
  const reportOf = (name: string) => reports.find((t) => t.model === name);
  if (o.format === "json") {
    const models = r.models.map((m) => {
      const t = reportOf(m.name);
      return { ...m, hyper: Object.fromEntries(m.hyper), ...(t ? { trainability: trainabilityJson(t) } : {}) };
    });
    process.stdout.write(JSON.stringify({ ok: !failed, diagnostics: toJson(sortDiagnostics(diagnostics), r.sources), models }, null, 2) + "\n");
  } else {
    printDiagnostics(diagnostics, r.sources, "text");
    if (!failed) {
      for (const m of r.models) {
        const hyper = [...m.hyper].map(([k, v]) => `${k}=${v}`).join(", ");
        process.stdout.write(`model ${m.name}${hyper ? `<${hyper}>` : ""}: ${m.numQubits} qubits, ${m.numParams} params, at most ${m.stepOps} operations per step\n`);
        const t = reportOf(m.name);
        if (t) process.stdout.write(formatTrainability(t));
      }
      process.stdout.write(`${file}: ok\n`);
    }
  }
  return failed ? EXIT_DIAGNOSTICS : EXIT_OK;
}
