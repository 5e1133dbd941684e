// `qseq grad`: the gradient of a model's objective for one input sequence — exactly on the simulator
// (adjoint), or as a gradient plan of circuits for hardware (parameter shift, shadow recipes) that is
// either written out (--emit-dir: OpenQASM 3 files + manifest.json) or run on the simulator right away.
// `qseq grad combine MANIFEST RESULTS` turns results measured elsewhere into the gradient.

import { join } from "node:path";
import { diagnostic, hasErrors } from "../diagnostics/diagnostic.js";
import { emitQasm3 } from "../emit/qasm3/emit.js";
import { compileAdjoint } from "../grad/adjoint.js";
import { checkObjective, describeObjective, expectOutputs, emittedBitCount, ObjectiveError, type Objective } from "../grad/objective.js";
import { paramShiftPlan, type GradientPlan } from "../grad/param-shift.js";
import { combinePlan, type PlanManifest } from "../grad/plan.js";
import { exactPlanResults, samplePlanResults } from "../grad/run-plan.js";
import { RecipeNotApplicable, shadowPlan } from "../grad/shadow.js";
import { ClassicalControlError, paramLabel, type Circuit } from "../ir/circuit.js";
import { SimulationLimitError } from "../sim/index.js";
import { UnrollLimitError } from "../check/limits.js";
import { DirectoryNotEmptyError, printDiagnostics, writeDirectoryAtomic, type Format } from "./io.js";
import { parsePositiveInt, UsageError } from "./options.js";
import { loadCircuit, parseMemory } from "./run.js";

export type GradMethod = "adjoint" | "param-shift" | "shadow" | "auto";

export interface GradOptions {
  tokens?: string;
  inputs?: string;
  model?: string;
  set?: string;
  bind?: string | true;
  objective?: "expect" | "loglik";
  targets?: string;
  weights?: string;
  method: GradMethod;
  recipe?: "commuting" | "layers" | "general" | "auto";
  emitDir?: string;
  shots?: string;
  seed?: string;
  targetError?: string;
  profile: "full" | "portable";
  maxMemory?: string;
  format: Format;
}

function objectiveFrom(c: Circuit, o: GradOptions): Objective {
  const kind = o.objective ?? (o.targets !== undefined ? "loglik" : expectOutputs(c).length > 0 ? "expect" : "loglik");
  if (kind === "loglik") {
    if (o.weights !== undefined) throw new UsageError("--weights goes with the expectation objective (--objective expect)");
    if (o.targets === undefined) {
      throw new UsageError(`the log-likelihood objective needs the target outputs: --targets with ${emittedBitCount(c)} bit(s), e.g. --targets ${"0".repeat(Math.max(1, emittedBitCount(c)))}` +
        (expectOutputs(c).length === 0 ? " (the model emits no expectation values, so this is the only objective)" : ""));
    }
    if (!/^[01\s,]*$/.test(o.targets)) throw new UsageError(`--targets expects bits like 0110; cannot read "${o.targets}"`);
    return { kind: "loglik", targets: o.targets.replace(/[\s,]/g, "") };
  }
  if (o.targets !== undefined) throw new UsageError("--targets goes with the log-likelihood objective (--objective loglik)");
  if (o.weights === undefined) return { kind: "expectation" };
  const weights = o.weights.split(",").map((w) => Number(w.trim()));
  if (weights.some((w) => !Number.isFinite(w))) throw new UsageError(`--weights expects numbers like 1,0.5,-2; cannot read "${o.weights}"`);
  return { kind: "expectation", weights };
}

function planFor(c: Circuit, objective: Objective, params: Float64Array, o: GradOptions): { plan: GradientPlan; note?: string } {
  const targetError = o.targetError === undefined ? 0.05 : Number(o.targetError);
  if (!(targetError > 0)) throw new UsageError(`--target-error expects a positive number, got "${o.targetError}"`);
  const seed = o.seed === undefined ? 1 : Number(o.seed);
  const shadowOpts = { targetError, seed };
  if (o.method === "param-shift") return { plan: paramShiftPlan(c, objective, params, { targetError }) };
  if (o.method === "shadow") return { plan: shadowPlan(c, objective, params, o.recipe ?? "auto", shadowOpts) };
  // auto, for emitted circuits: the shadow recipe when it applies and needs fewer shots than parameter shift
  const ps = paramShiftPlan(c, objective, params, { targetError });
  try {
    const sh = shadowPlan(c, objective, params, "auto", shadowOpts);
    const a = sh.manifest.report.totalShots, b = ps.manifest.report.totalShots;
    return a < b
      ? { plan: sh, note: `auto: ${sh.manifest.report.recipe} needs ${a.toLocaleString("en-US")} shots, parameter shift ${b.toLocaleString("en-US")}` }
      : { plan: ps, note: `auto: parameter shift needs ${b.toLocaleString("en-US")} shots, the shadow recipe (${sh.manifest.report.recipe}) ${a.toLocaleString("en-US")}` };
  } catch (e) {
    if (!(e instanceof RecipeNotApplicable)) throw e;
    return { plan: ps, note: `auto: parameter shift (${e.message})` };
  }
}

/** Writes the plan's circuits (params bound) and manifest into a new directory, all or nothing. */
function writePlan(dir: string, plan: GradientPlan, profile: "full" | "portable"): void {
  try {
    writeDirectoryAtomic(dir, function* () {
      for (const [i, c] of plan.circuits.entries()) {
        const entry = plan.manifest.circuits[i]!;
        const header = `gradient plan circuit ${i}: ${entry.label}`;
        const outputIndex = entry.layout.every((f) => f.output >= 0) ? { outputIndex: entry.layout.map((f) => f.output) } : {};
        yield { name: entry.file, text: emitQasm3(c, { profile, bind: { params: plan.params }, header, ...outputIndex }) };
      }
      yield { name: "manifest.json", text: JSON.stringify(plan.manifest, null, 2) + "\n" };
    });
  } catch (e) {
    if (e instanceof DirectoryNotEmptyError) throw new UsageError(`--emit-dir ${e.message}`);
    throw e;
  }
}

export interface GradReport {
  file: string;
  method: string;
  objective: Objective;
  value?: number;
  params: { name: string; value: number; gradient: number; stderr?: number }[];
  plan?: PlanManifest["report"] & { circuits: number; emitted?: string };
  note?: string;
}

export function renderGradReport(r: GradReport): string {
  const lines: string[] = [];
  lines.push(`${r.file}: gradient by ${r.method} of ${describeObjective(r.objective)}`);
  if (r.note) lines.push(r.note);
  if (r.plan) {
    lines.push(`recipe: ${r.plan.recipe} — ${r.plan.reason}`);
    lines.push(`plan: ${r.plan.circuits} circuit(s), ${r.plan.totalShots.toLocaleString("en-US")} shots in all for a standard error of ${r.plan.targetError} per component`);
    if (r.plan.emitted) lines.push(`wrote ${r.plan.circuits} OpenQASM 3 file(s) and manifest.json to ${r.plan.emitted}; combine measured results with: qseq grad combine ${join(r.plan.emitted, "manifest.json")} RESULTS.json`);
  }
  if (r.value !== undefined) lines.push(`objective value: ${r.value.toPrecision(10)}`);
  if (r.params.length) {
    const w = Math.max(5, ...r.params.map((p) => p.name.length));
    lines.push("", `${"param".padEnd(w)}  ${"value".padStart(12)}  ${"gradient".padStart(14)}${r.params.some((p) => p.stderr !== undefined) ? "  ± stderr" : ""}`);
    for (const p of r.params) {
      lines.push(`${p.name.padEnd(w)}  ${p.value.toPrecision(6).padStart(12)}  ${p.gradient.toPrecision(8).padStart(14)}${p.stderr !== undefined ? `  ± ${p.stderr.toPrecision(3)}` : ""}`);
    }
  }
  return lines.join("\n") + "\n";
}

export function runGrad(file: string, o: GradOptions): number {
  const maxMemoryBytes = parseMemory(o.maxMemory);
  if (o.shots !== undefined) parsePositiveInt(o.shots, "--shots");
  if (o.seed !== undefined && !(Number.isSafeInteger(Number(o.seed)) && Number(o.seed) >= 0)) throw new UsageError(`--seed expects a non-negative integer, got "${o.seed}"`);
  if (o.recipe !== undefined && o.method !== "shadow") throw new UsageError("--recipe goes with --method shadow");
  if (o.method === "adjoint" && (o.emitDir !== undefined || o.shots !== undefined)) {
    throw new UsageError("the adjoint method is exact and runs on the simulator: --emit-dir and --shots go with param-shift, shadow or auto");
  }
  const loaded = loadCircuit(file, o, true);
  const { circuit: c, diagnostics, sources } = loaded;
  // warnings go to stderr as text; errors in the requested format (the report is not printed then)
  printDiagnostics(diagnostics, sources, hasErrors(diagnostics) ? o.format : "text");
  if (!c || hasErrors(diagnostics)) return 1;
  const params = loaded.params ?? Float64Array.from(c.params, (p) => p.init);
  try {
    const objective = objectiveFrom(c, o);
    try {
      checkObjective(c, objective);
    } catch (e) {
      // weights or targets that do not fit the sequence's outputs are bad options (exit 2)
      if (e instanceof ObjectiveError) throw new UsageError(e.message);
      throw e;
    }
    const names = c.params.map(paramLabel);
    let report: GradReport;
    if (o.method === "adjoint" || (o.method === "auto" && o.emitDir === undefined)) {
      const r = compileAdjoint(c, maxMemoryBytes === undefined ? {} : { maxMemoryBytes }).gradient(objective, params);
      if (!Number.isFinite(r.value) && objective.kind === "loglik") {
        throw new ObjectiveError(`the targets ${objective.targets} have probability 0 under the model at these params: the log-likelihood is −∞ and has no gradient`);
      }
      report = {
        file, method: o.method === "auto" ? "adjoint (auto: exact, on the simulator)" : "adjoint", objective, value: r.value,
        params: names.map((name, i) => ({ name, value: params[i]!, gradient: r.gradient[i]! })),
      };
    } else {
      const { plan, note } = planFor(c, objective, params, o);
      const m = plan.manifest;
      if (o.emitDir !== undefined) {
        writePlan(o.emitDir, plan, o.profile);
        report = { file, method: m.method, objective, params: [], plan: { ...m.report, emitted: o.emitDir }, ...(note ? { note } : {}) };
      } else {
        const seed = o.seed === undefined ? 1 : Number(o.seed);
        const shots = o.shots === undefined ? undefined : Number(o.shots);
        const exact = shots === undefined && m.estimator.kind === "shift";
        const results = exact ? exactPlanResults(plan) : samplePlanResults(plan, seed, shots);
        const g = combinePlan(m, results);
        const how = exact ? "evaluated exactly on the simulator" : `sampled on the simulator, ${shots ?? "suggested"} shots per circuit, seed ${seed}`;
        report = {
          file, method: `${m.method} (${how})`, objective, ...(g.value !== undefined ? { value: g.value } : {}),
          params: names.map((name, i) => ({ name, value: params[i]!, gradient: g.gradient[i]!, ...(exact ? {} : { stderr: g.stderr[i]! }) })),
          plan: m.report, ...(note ? { note } : {}),
        };
      }
    }
    process.stdout.write(o.format === "json" ? JSON.stringify(report, null, 2) + "\n" : renderGradReport(report));
    return 0;
  } catch (e) {
    if (e instanceof SimulationLimitError) {
      printDiagnostics([diagnostic("E0804", undefined, e.message, { help: "use fewer qubits (e.g. `--set n=…`), or raise the limit with --max-memory" })], sources, o.format);
      return 1;
    }
    if (e instanceof UnrollLimitError) {
      printDiagnostics([diagnostic("E0801", undefined, e.message, { help: "use --method adjoint on the simulator, or a shorter sequence" })], sources, o.format);
      return 1;
    }
    if (e instanceof ObjectiveError || e instanceof RecipeNotApplicable) {
      process.stderr.write(`error: ${e.message}\n`);
      return 1;
    }
    // an imported program with run-time loops or computed branches: `qseq run` simulates it, no method differentiates it
    if (e instanceof ClassicalControlError) throw new UsageError(e.message);
    throw e;
  }
}
