// The front half of the pipeline as one call: load + check a program, or load + elaborate it for one
// input sequence into a Circuit. Every failure comes back as diagnostics together with the source
// texts needed to render them.

import { checkProgram, type CheckResult } from "./check/check.js";
import { DEFAULT_LIMITS, type Limits } from "./check/interpreter.js";
import { loadProgram, type Program, type SourceHost, fsHost } from "./check/program.js";
import type { Diagnostic } from "./diagnostics/diagnostic.js";
import { hasErrors } from "./diagnostics/diagnostic.js";
import { parseFeatureJson } from "./input/features.js";
import { parseTokenText } from "./input/tokens.js";
import { qubitLabel, type Circuit } from "./ir/circuit.js";
import { planReadout, readoutWarnings } from "./ir/readout.js";
import { elaborate, pickModel, type SequenceInput } from "./ir/elaborate.js";

export interface FrontEndOptions {
  readonly hyper?: ReadonlyMap<string, number>;
  readonly limits?: Limits;
  readonly host?: SourceHost;
  /** Entry text, when it does not come from the file system (editors, tests). */
  readonly entryText?: string;
}

export interface CheckOutput extends CheckResult {
  readonly program: Program;
  readonly sources: Map<string, string>;
}

export function check(file: string, opts: FrontEndOptions = {}): CheckOutput {
  const program = loadProgram(file, opts.host ?? fsHost, opts.entryText);
  // Syntax errors leave a partial tree: still check it, so that one run reports as much as it can.
  const r = checkProgram(program, { hyper: opts.hyper ?? new Map(), limits: opts.limits ?? DEFAULT_LIMITS });
  return { program, sources: program.sources, diagnostics: [...program.diagnostics, ...r.diagnostics], models: r.models };
}

export interface SequenceText { readonly text: string; readonly file: string }

export interface BuildOptions extends FrontEndOptions {
  readonly model?: string;
  /** A token sequence (`Edge(0,1,2) ReadZ(0)`), or JSON feature vectors. */
  readonly tokens?: SequenceText;
  readonly inputs?: SequenceText;
}

export interface BuildOutput {
  readonly circuit?: Circuit;
  readonly diagnostics: Diagnostic[];
  readonly sources: Map<string, string>;
}

export function buildCircuit(file: string, opts: BuildOptions): BuildOutput {
  const program = loadProgram(file, opts.host ?? fsHost, opts.entryText);
  const sources = program.sources;
  // The whole program is checked (cells and constants the model does not use too), syntax errors or not.
  const checked = checkProgram(program, { hyper: opts.hyper ?? new Map(), limits: opts.limits ?? DEFAULT_LIMITS });
  const diagnostics: Diagnostic[] = [...program.diagnostics, ...checked.diagnostics];
  if (hasErrors(diagnostics)) return { diagnostics, sources };
  const picked = pickModel(program, opts.model);
  let input: SequenceInput;
  if (opts.tokens) {
    sources.set(opts.tokens.file, opts.tokens.text);
    const t = parseTokenText(opts.tokens.text, opts.tokens.file);
    if (t.diagnostics.length) return { diagnostics: [...diagnostics, ...t.diagnostics], sources };
    input = { kind: "tokens", tokens: t.tokens };
  } else if (opts.inputs) {
    sources.set(opts.inputs.file, opts.inputs.text);
    const inputName = "kind" in picked ? picked.members.find((m) => m.kind === "input")?.name.name : undefined;
    const f = parseFeatureJson(opts.inputs.text, opts.inputs.file, inputName);
    if (f.diagnostics.length) return { diagnostics: [...diagnostics, ...f.diagnostics], sources };
    input = { kind: "features", steps: f.steps };
  } else {
    input = { kind: "tokens", tokens: [] };
  }
  const summary = "kind" in picked ? checked.models.find((m) => m.name === picked.name.name) : undefined;
  const r = elaborate(program, input, {
    ...(opts.model ? { model: opts.model } : {}),
    hyper: opts.hyper ?? new Map(),
    limits: opts.limits ?? DEFAULT_LIMITS,
    ...(summary ? { checked: summary } : {}),
  });
  if (!r.circuit) return { diagnostics: [...diagnostics, ...r.diagnostics], sources };
  // W0103: expectations on qubits used later (read on hardware by prefix programs)
  const readout = planReadout(r.circuit);
  const warnings = readoutWarnings(r.circuit, readout, (q) => qubitLabel(r.circuit!, q));
  return { circuit: r.circuit, diagnostics: [...diagnostics, ...r.diagnostics, ...warnings], sources };
}
