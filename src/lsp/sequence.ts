// A document's example sequence: `NAME.tokens` or `NAME.inputs.json` beside `NAME.qseq` (as the examples
// ship theirs). With it the server can say what a model unrolls to — qubits, gates, two-qubit gates,
// depth, params and their uses, gates per step — and show the circuit and its OpenQASM for that sequence.

import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { forEachParam } from "../ir/expr.js";
import { flatten } from "../ir/flatten.js";
import type { Circuit, Op } from "../ir/circuit.js";
import { hasErrors } from "../diagnostics/diagnostic.js";
import { buildCircuit } from "../pipeline.js";
import { uriToPath, type Analysis } from "./analysis.js";

export interface ExampleSequence {
  /** The file's name, as shown to users (`khrnn.tokens`). */
  readonly label: string;
  readonly kind: "tokens" | "inputs";
  readonly path: string;
  readonly text: string;
}

export interface SequenceStats {
  readonly sequence: ExampleSequence;
  readonly circuit: Circuit;
  readonly steps: number;
  readonly qubits: number;
  readonly gates: number;
  readonly twoQubitGates: number;
  readonly depth: number;
  readonly params: number;
  /** Gate occurrences whose angle depends on a param. */
  readonly paramUses: number;
  /** Gates in each step (after flattening cells). */
  readonly gatesPerStep: readonly number[];
  /** Applications of each unitary cell (by cell name). */
  readonly cellCalls: ReadonlyMap<string, number>;
}

/** The example sequence beside a document, if there is one. */
export function exampleSequence(docPath: string): ExampleSequence | undefined {
  const stem = join(dirname(docPath), basename(docPath).replace(/\.qseq$/, ""));
  for (const [ext, kind] of [[".tokens", "tokens"], [".inputs.json", "inputs"]] as const) {
    const path = stem + ext;
    if (!existsSync(path)) continue;
    try {
      return { label: basename(path), kind, path, text: readFileSync(path, "utf8") };
    } catch {
      return undefined;
    }
  }
  return undefined;
}

const cache = new WeakMap<Analysis, Map<string, SequenceStats | undefined>>();

/** What `model` unrolls to for the document's example sequence (undefined: none, or it does not fit). */
export function sequenceStats(a: Analysis, model: string): SequenceStats | undefined {
  let perModel = cache.get(a);
  if (!perModel) cache.set(a, (perModel = new Map()));
  if (perModel.has(model)) return perModel.get(model);
  const stats = compute(a, model);
  perModel.set(model, stats);
  return stats;
}

function compute(a: Analysis, model: string): SequenceStats | undefined {
  if (hasErrors(a.diagnostics)) return undefined;
  const path = uriToPath(a.uri);
  const sequence = exampleSequence(path);
  if (!sequence) return undefined;
  const seq = { text: sequence.text, file: sequence.path };
  const r = buildCircuit(path, { entryText: a.text, host: a.host, model, ...(sequence.kind === "tokens" ? { tokens: seq } : { inputs: seq }) });
  if (!r.circuit || hasErrors(r.diagnostics)) return undefined;
  const c = r.circuit;
  const cellCalls = new Map<string, number>();
  const countCalls = (ops: readonly Op[]) => {
    for (const op of ops) {
      if (op.kind === "call") { const name = c.defs[op.def]?.cell ?? "?"; cellCalls.set(name, (cellCalls.get(name) ?? 0) + 1); }
      else if (op.kind === "if") { countCalls(op.then); countCalls(op.else); }
    }
  };
  countCalls(c.ops);
  const flat = flatten(c);
  let gates = 0, twoQubitGates = 0, paramUses = 0, depth = 0;
  const level = new Int32Array(flat.numQubits);
  const gatesPerStep: number[] = [];
  const visit = (ops: readonly Op[]) => {
    for (const op of ops) {
      if (op.kind === "mark") {
        if (op.label.startsWith("step ")) gatesPerStep.push(0);
        continue;
      }
      if (op.kind === "if") { visit(op.then); visit(op.else); continue; }
      const qubits = op.kind === "gate" ? op.qubits : op.kind === "measure" || op.kind === "reset" ? [op.qubit] : [];
      if (qubits.length === 0) continue;
      let l = 0;
      for (const q of qubits) l = Math.max(l, level[q]!);
      for (const q of qubits) level[q] = l + 1;
      depth = Math.max(depth, l + 1);
      if (op.kind !== "gate") continue;
      gates++;
      if (op.qubits.length >= 2) twoQubitGates++;
      let usesParam = false;
      for (const e of op.args) forEachParam(e, () => { usesParam = true; });
      if (usesParam) paramUses++;
      if (gatesPerStep.length) gatesPerStep[gatesPerStep.length - 1]!++;
    }
  };
  visit(flat.ops);
  return { sequence, circuit: c, steps: c.steps, qubits: c.numQubits, gates, twoQubitGates, depth, params: c.params.length, paramUses, gatesPerStep, cellCalls };
}

/** `6 qubits, 24 gates (9 two-qubit), depth 13; 7 params used by 10 gates`. */
export function describeStats(s: SequenceStats): string {
  return `${s.qubits} qubits, ${s.gates} gates (${s.twoQubitGates} two-qubit), depth ${s.depth}; ${s.params} params used by ${s.paramUses} gate${s.paramUses === 1 ? "" : "s"}`;
}

/** `0–2` (or `3` when constant). */
export function perStepRange(s: SequenceStats): string {
  if (s.gatesPerStep.length === 0) return "0";
  const lo = Math.min(...s.gatesPerStep), hi = Math.max(...s.gatesPerStep);
  return lo === hi ? `${lo}` : `${lo}–${hi}`;
}
