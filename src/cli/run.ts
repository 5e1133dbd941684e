// `qseq run`: simulate a .qseq model (for one input sequence) or an OpenQASM 3 file in process, in one of
// three modes — sampled shots, the exact output distribution, or teacher forcing — and report the
// emitted outputs as a table or JSON.

import { readFileSync } from "node:fs";
import { dirname, extname, isAbsolute, join } from "node:path";
import { diagnostic, hasErrors, type Diagnostic } from "../diagnostics/diagnostic.js";
import { observableLabel, type Circuit, type Output } from "../ir/circuit.js";
import { nonFiniteAngleDiagnostics } from "../ir/finite.js";
import { buildCircuit } from "../pipeline.js";
import { importQasm } from "../qasm/index.js";
import { compileSimulation, LoopLimitError, SimulationLimitError } from "../sim/index.js";
import { ClassicalControlError } from "../ir/circuit.js";
import { buildBatch, combineBatch } from "../batch/batch.js";
import { DEFAULT_LIMITS, UnrollLimitError } from "../check/limits.js";
import { sampleCircuits } from "../batch/sample.js";
import { printDiagnostics, type Format } from "./io.js";
import { parseBind, parseHyper, parsePositiveInt, readFileArg, readTokensArg, UsageError } from "./options.js";

export interface RunOptions {
  tokens?: string;
  inputs?: string;
  model?: string;
  set?: string;
  bind?: string | true;
  shots?: string;
  seed?: string;
  exact?: boolean;
  force?: string;
  maxMemory?: string;
  format: Format;
}

type Mode = { kind: "sample"; shots: number; seed: number } | { kind: "exact" } | { kind: "forced"; targets: string };

export interface RunReport {
  readonly file: string;
  readonly numQubits: number;
  readonly outputs: readonly { readonly index: number; readonly step: number; readonly kind: Output["kind"]; readonly label: string }[];
  readonly mode: Mode;
  /** Emitted bit strings (all bit outputs concatenated in order) with counts (sample) or probabilities (exact). */
  readonly distribution?: readonly { readonly bits: string; readonly probability: number; readonly count?: number }[];
  /** Teacher forcing: the probability of the target outputs. */
  readonly probability?: number;
  readonly logProbability?: number;
  /** Exact values (exact, forced), or estimates from the shots of the program that measures each (sample). */
  readonly expectations: readonly {
    readonly output: number; readonly step: number; readonly observable: string; readonly value: number;
    readonly stderr?: number; readonly program?: number;
  }[];
  /** Sampling: how many programs hardware runs to read the outputs (src/ir/readout.ts). */
  readonly readout?: { readonly programs: number; readonly prefixPrograms: number };
}

function modeFrom(o: RunOptions): Mode {
  const chosen = [o.exact ? "--exact" : null, o.force !== undefined ? "--force" : null, o.shots !== undefined ? "--shots" : null].filter(Boolean);
  if (chosen.length > 1) throw new UsageError(`choose one mode: ${chosen.join(" or ")}`);
  if (o.seed !== undefined && o.shots === undefined && (o.exact || o.force !== undefined)) throw new UsageError("--seed goes with sampling (--shots)");
  if (o.exact) return { kind: "exact" };
  if (o.force !== undefined) {
    if (!/^[01\s,]*$/.test(o.force)) throw new UsageError(`--force expects the target bits, e.g. 0110; cannot read "${o.force}"`);
    return { kind: "forced", targets: o.force.replace(/[\s,]/g, "") };
  }
  const seed = o.seed === undefined ? 1 : Number(o.seed);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new UsageError(`--seed expects a non-negative integer, got "${o.seed}"`);
  return { kind: "sample", shots: o.shots === undefined ? 1000 : parsePositiveInt(o.shots, "--shots"), seed };
}

export function parseMemory(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)\s*([KMGT]i?B?|B)?$/i.exec(text.trim());
  if (!m) throw new UsageError(`--max-memory expects a size like 8GiB or 512MB, got "${text}"`);
  const unit = (m[2] ?? "B").toUpperCase()[0]!;
  const scale = { B: 1, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40 }[unit as "B" | "K" | "M" | "G" | "T"];
  return Number(m[1]) * scale;
}

/**
 * Loads the circuit to run: a .qseq model elaborated for its inputs, or an imported .qasm file (with
 * `inputsAsParams`, its `input` angles become params, as gradient passes need).
 */
/** `include "path";` of an OpenQASM file: `path` relative to the including file's folder (or absolute). */
function readIncludedFile(path: string, from: string): { file: string; text: string } | undefined {
  const file = isAbsolute(path) ? path : join(dirname(from), path);
  try {
    return { file, text: readFileSync(file, "utf8") };
  } catch {
    return undefined;
  }
}

export function loadCircuit(file: string, o: Pick<RunOptions, "tokens" | "inputs" | "model" | "set" | "bind">, inputsAsParams = false): { circuit?: Circuit; params?: Float64Array; diagnostics: Diagnostic[]; sources: Map<string, string> } {
  if (extname(file).toLowerCase() === ".qasm") {
    if (o.tokens !== undefined || o.inputs !== undefined || o.set !== undefined) throw new UsageError("--tokens, --inputs and --set apply to .qseq models, not to OpenQASM files");
    const text = readFileArg(file, "file");
    const bind = new Map<string, number>();
    if (typeof o.bind === "string") {
      for (const part of o.bind.split(",").map((p) => p.trim()).filter(Boolean)) {
        const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(\S+)$/.exec(part);
        if (!m || !Number.isFinite(Number(m[2]))) throw new UsageError(`--bind expects name=number pairs; cannot read "${part}"`);
        bind.set(m[1]!, Number(m[2]));
      }
    }
    const r = importQasm(text, file, { bind, ...(inputsAsParams ? { inputsAsParams: true } : {}), readInclude: readIncludedFile });
    const params = r.circuit && inputsAsParams ? Float64Array.from(r.circuit.params, (p) => bind.get(p.name) ?? p.init) : undefined;
    const finite = r.circuit ? nonFiniteAngleDiagnostics(r.circuit, params ?? Float64Array.from(r.circuit.params, (p) => p.init)) : [];
    return { ...(r.circuit ? { circuit: r.circuit } : {}), ...(params ? { params } : {}), diagnostics: [...r.diagnostics, ...finite], sources: new Map([[file, text], ...r.included]) };
  }
  if (o.tokens !== undefined && o.inputs !== undefined) throw new UsageError("give either --tokens or --inputs, not both");
  const r = buildCircuit(file, {
    hyper: parseHyper(o.set),
    ...(o.model ? { model: o.model } : {}),
    ...(o.tokens !== undefined ? { tokens: readTokensArg(o.tokens) } : {}),
    ...(o.inputs !== undefined ? { inputs: { text: readFileArg(o.inputs, "input file"), file: o.inputs } } : {}),
  });
  if (!r.circuit) return { diagnostics: r.diagnostics, sources: r.sources };
  const params = parseBind(o.bind ?? true, r.circuit);
  return { circuit: r.circuit, params, diagnostics: [...r.diagnostics, ...nonFiniteAngleDiagnostics(r.circuit, params)], sources: r.sources };
}

export function simulate(file: string, o: RunOptions): { report?: RunReport; diagnostics: Diagnostic[]; sources: Map<string, string> } {
  const mode = modeFrom(o);
  const maxMemoryBytes = parseMemory(o.maxMemory);
  const loaded = loadCircuit(file, o);
  const { circuit: c, diagnostics, sources } = loaded;
  if (!c || hasErrors(diagnostics)) return { diagnostics, sources };
  const params = loaded.params ?? Float64Array.from(c.params, (p) => p.init);
  const bitOutputs = c.outputs.filter((x) => x.kind === "bits");
  const emittedBits = bitOutputs.reduce((n, x) => n + (x.kind === "bits" ? x.bits.length : 0), 0);
  if (mode.kind === "forced" && mode.targets.length !== emittedBits) {
    throw new UsageError(`--force needs ${emittedBits} target bit${emittedBits === 1 ? "" : "s"} (one per emitted bit), got ${mode.targets.length}`);
  }
  const outputs = c.outputs.map((x, index) => ({ index, step: x.step, kind: x.kind, label: x.kind === "bits" ? `bit${x.bits.length > 1 || x.array ? `[${x.bits.length}]` : ""}` : `⟨${observableLabel(c, x)}⟩` }));
  const base = { file, numQubits: c.numQubits, outputs, mode };
  const simOptions = maxMemoryBytes === undefined ? {} : { maxMemoryBytes };
  try {
    return { report: runMode(c, params, mode, base, bitOutputs.length > 0, simOptions), diagnostics, sources };
  } catch (e) {
    // limits are checked before any state is allocated or any program built
    if (e instanceof SimulationLimitError) {
      const d = diagnostic("E0804", undefined, e.message, { help: "use fewer qubits (e.g. `--set n=…`), or raise the limit with --max-memory if the machine has the memory" });
      return { diagnostics: [...diagnostics, d], sources };
    }
    if (e instanceof ClassicalControlError) throw new UsageError(`${e.message}: use --exact or --shots`);
    if (e instanceof LoopLimitError) {
      const d = diagnostic("E0805", e.span, e.message, { label: "this loop", help: "a `while` whose condition never becomes false on some outcome runs forever; make it terminate (e.g. bound it with a counter)" });
      return { diagnostics: [...diagnostics, d], sources };
    }
    if (e instanceof UnrollLimitError) {
      const d = diagnostic("E0801", undefined, e.message, { help: "sample a shorter sequence, or use --exact / --force (which need no prefix programs)" });
      return { diagnostics: [...diagnostics, d], sources };
    }
    throw e;
  }
}

function runMode(c: Circuit, params: Float64Array, mode: Mode, base: Pick<RunReport, "file" | "numQubits" | "outputs" | "mode">, hasBits: boolean, simOptions: { maxMemoryBytes?: number }): RunReport {
  const expectationsFrom = (m: ReadonlyMap<number, number>) =>
    [...m].sort((a, b) => a[0] - b[0]).map(([output, value]) => ({ output, step: c.outputs[output]!.step, observable: observableLabel(c, c.outputs[output]!), value }));
  if (mode.kind === "exact") {
    const r = compileSimulation(c, simOptions).exact(params);
    const distribution = [...r.outputs].map(([bits, probability]) => ({ bits, probability })).sort((a, b) => b.probability - a.probability || a.bits.localeCompare(b.bits));
    return { ...base, distribution, expectations: expectationsFrom(r.expectations) };
  }
  if (mode.kind === "forced") {
    const r = compileSimulation(c, simOptions).forced(params, mode.targets);
    return { ...base, probability: r.probability, logProbability: r.logProbability, expectations: expectationsFrom(r.expectations) };
  }
  // what hardware would report: the readout batch's programs sampled, their counts combined
  const batch = buildBatch(c, { shots: mode.shots, maxOps: DEFAULT_LIMITS.maxOps });
  const combined = combineBatch(batch.manifest, sampleCircuits(batch.circuits, params, () => mode.shots, mode.seed, simOptions));
  const distribution = hasBits ? combined.distribution ?? [] : [];
  const expectations = combined.expectations.map((e) => ({ output: e.output, step: e.step, observable: e.observable, value: e.value, stderr: e.stderr, program: e.circuit }));
  const { programs, prefixPrograms } = batch.manifest.report;
  return { ...base, distribution, expectations, readout: { programs, prefixPrograms } };
}

const MAX_ROWS = 32;

export function renderReport(r: RunReport): string {
  const lines: string[] = [];
  const mode = r.mode.kind === "sample" ? `${r.mode.shots} shots (seed ${r.mode.seed})` : r.mode.kind === "exact" ? "exact distribution" : `teacher forcing of ${r.mode.targets || "no bits"}`;
  const bits = r.outputs.filter((o) => o.kind === "bits");
  lines.push(`${r.file}: ${r.numQubits} qubits, ${r.outputs.length} output${r.outputs.length === 1 ? "" : "s"} (${bits.length} bit, ${r.outputs.length - bits.length} expectation); ${mode}`);
  if (bits.length) lines.push(`emitted bits, in order: ${bits.map((b) => `step ${b.step} ${b.label}`).join(", ")}`);
  if (r.distribution && bits.length > 0) {
    lines.push("");
    const width = Math.max(7, ...r.distribution.slice(0, MAX_ROWS).map((d) => d.bits.length));
    lines.push(`${"outputs".padEnd(width)}  ${r.mode.kind === "sample" ? "count   " : ""}probability`);
    for (const d of r.distribution.slice(0, MAX_ROWS)) {
      lines.push(`${(d.bits || "(none)").padEnd(width)}  ${d.count !== undefined ? String(d.count).padEnd(8) : ""}${d.probability.toFixed(6)}`);
    }
    if (r.distribution.length > MAX_ROWS) {
      const rest = r.distribution.slice(MAX_ROWS).reduce((s, d) => s + d.probability, 0);
      lines.push(`… ${r.distribution.length - MAX_ROWS} more outcomes with total probability ${rest.toFixed(6)} (--format json lists all)`);
    }
  }
  if (r.probability !== undefined) {
    lines.push("", `probability of the targets: ${r.probability.toPrecision(6)}  (log ${r.logProbability!.toPrecision(8)})`);
  }
  if (r.expectations.length) {
    const sampled = r.mode.kind === "sample";
    lines.push("", sampled ? "expectation values (estimated from the shots, as on hardware):" : "expectation values:");
    for (const e of r.expectations) {
      const err = e.stderr !== undefined ? ` ± ${e.stderr.toFixed(6)}` : "";
      const from = sampled && r.readout && r.readout.programs > 1 ? `  (program ${e.program})` : "";
      lines.push(`  output ${e.output} (step ${e.step}) ⟨${e.observable}⟩ = ${e.value.toFixed(6)}${err}${from}`);
    }
  }
  if (r.readout && r.readout.prefixPrograms > 0) {
    lines.push("", `read by ${r.readout.programs} programs of ${r.mode.kind === "sample" ? r.mode.shots : 0} shots each: the main program and ${r.readout.prefixPrograms} prefix program(s) for expectations on qubits used later (W0103)`);
  }
  return lines.join("\n") + "\n";
}

export function runCommand(file: string, o: RunOptions): number {
  const r = simulate(file, o);
  if (o.format === "json" && r.report) {
    printDiagnostics(r.diagnostics, r.sources, "text");
    process.stdout.write(JSON.stringify(r.report, null, 2) + "\n");
    return 0;
  }
  printDiagnostics(r.diagnostics, r.sources, o.format);
  if (!r.report) return 1;
  process.stdout.write(renderReport(r.report));
  return 0;
}
