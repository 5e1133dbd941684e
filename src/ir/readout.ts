// How a circuit's outputs are read on hardware: the programs that estimate exactly what the simulator
// computes.
//
// An `emit expect P` output means ⟨P⟩ in the ideal state at that point, and the state is not disturbed
// (the simulator's meaning). Hardware estimates ⟨P⟩ by measuring each factor's qubit in its basis, which
// dephases those qubits. That is harmless when nothing later can tell: the next operation on each factor's
// qubit is a `reset`, a Z-basis `measure` of a Z factor, an expectation in the same basis, or nothing. Any
// other later use (a gate, a measurement in another basis, a branch that touches the qubit) *disturbs* the
// output: it is then measured in a program of its own, the circuit truncated after it.
//
// Each output o has an interval of cut points [at(o), next disturbing use(o)); a program truncated at a
// cut measures every output whose interval holds the cut. The fewest programs come from the classic
// greedy interval stabbing (the earliest-ending interval first, cut as late as it allows); a program is
// then trimmed after its last expectation. The main program (all operations, the bit outputs, and every
// expectation not disturbed) comes first; prefix programs follow in circuit order.
//
// The same batch is what `qseq compile --emit-dir` writes, what `qseq run --shots` samples, and what
// gradient plans (parameter shift, shadow recipes) are built on, so every back end means the same thing.

import { UnrollLimitError } from "../check/limits.js";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { Span } from "../syntax/span.js";
import { nestedBlocks, type Circuit, type ExpectOp, type Op, type Output, type PauliLetter } from "./circuit.js";

/** One program of a readout batch. */
export interface ReadoutProgram {
  /** The top-level ops it keeps: ops[0, end). */
  readonly end: number;
  /** The circuit's outputs it measures, in output order (the fields of its results' keys). */
  readonly outputs: readonly number[];
  /** True for the program that runs the whole circuit. */
  readonly main: boolean;
}

/** An expectation output taken on a qubit that a later operation uses, and that operation. */
export interface Disturbance {
  readonly output: number;
  readonly qubit: number;
  /** Top-level index of the first disturbing op. */
  readonly at: number;
  readonly op: Op;
}

export interface Readout {
  readonly programs: readonly ReadoutProgram[];
  readonly disturbed: readonly Disturbance[];
  /** Operations over all programs (nested ones included): the work a batch costs. */
  readonly totalOps: number;
}

export interface ReadoutOptions {
  /** Read the bit outputs (default true): the main program is then always part of the batch. */
  readonly bits?: boolean;
  /** Only these expectation outputs (default: all of them). */
  readonly expectations?: ReadonlySet<number>;
  /** Most operations over all programs (default: no limit); more throws UnrollLimitError. */
  readonly maxOps?: number;
}

/** Thrown for a circuit whose expectation outputs cannot be read by truncation (one inside a branch). */
export class ReadoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ReadoutError";
  }
}

type Touch = { readonly index: number; readonly op: Op };

function opSize(op: Op): number {
  return nestedBlocks(op).reduce((n, b) => b.reduce((s, o) => s + opSize(o), n), 1);
}

function touchedQubits(op: Op, c: Circuit, into: Set<number>): void {
  switch (op.kind) {
    case "gate": case "call": for (const q of op.qubits) into.add(q); return;
    case "measure": case "reset": into.add(op.qubit); return;
    case "if": case "branch": case "while": for (const b of nestedBlocks(op)) for (const o of b) touchedQubits(o, c, into); return;
    case "expect": {
      const o = c.outputs[op.output];
      if (o?.kind === "expect") for (const f of o.factors) into.add(f.qubit);
      return;
    }
    default: return; // barriers and marks change nothing
  }
}

function factorLetter(c: Circuit, op: ExpectOp, qubit: number): PauliLetter | undefined {
  const o = c.outputs[op.output];
  return o?.kind === "expect" ? o.factors.find((f) => f.qubit === qubit)?.pauli : undefined;
}

/** True when an `if` anywhere holds an expectation (outputs must not depend on run-time branches). */
function nestedExpect(ops: readonly Op[]): boolean {
  return ops.some((op) => op.kind === "expect" || nestedBlocks(op).some(nestedExpect));
}

/**
 * The first later op that disturbs measuring `letter` on `qubit` right after top-level op `from`, or
 * undefined when none does. `uses` lists the top-level ops touching the qubit, in order.
 */
function firstDisturbance(c: Circuit, uses: readonly Touch[], from: number, letter: PauliLetter, qubit: number): Touch | undefined {
  // binary search for the first use after `from`
  let lo = 0, hi = uses.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (uses[mid]!.index <= from) lo = mid + 1; else hi = mid;
  }
  for (let i = lo; i < uses.length; i++) {
    const u = uses[i]!;
    const op = u.op;
    if (op.kind === "reset") return undefined; // reset after dephasing = reset
    if (op.kind === "measure") return letter === "Z" ? undefined : u; // a Z measurement absorbs Z dephasing
    if (op.kind === "expect") {
      if (factorLetter(c, op, qubit) === letter) continue; // the same basis again: dephasing is idempotent
      return u;
    }
    return u; // a gate, a call, or a branch that touches the qubit
  }
  return undefined;
}

/** Plans the programs that read a circuit's outputs as the simulator means them. */
export function planReadout(c: Circuit, opts: ReadoutOptions = {}): Readout {
  const ops = c.ops;
  const wanted = (k: number) => opts.expectations === undefined || opts.expectations.has(k);
  if (!c.outputs.some((o, k) => o.kind === "expect" && wanted(k))) {
    // nothing to place (the common case: bit outputs only): the main program, if it reads anything
    const bits = (opts.bits ?? true) ? c.outputs.flatMap((o, k) => (o.kind === "bits" ? [k] : [])) : [];
    const programs = bits.length ? [{ end: ops.length, outputs: bits, main: true }] : [];
    return { programs, disturbed: [], totalOps: programs.length ? ops.reduce((n, op) => n + opSize(op), 0) : 0 };
  }
  const uses: Touch[][] = Array.from({ length: c.numQubits }, () => []);
  const prefixOps = new Float64Array(ops.length + 1);
  const touched = new Set<number>();
  ops.forEach((op, index) => {
    prefixOps[index + 1] = prefixOps[index]! + opSize(op);
    if (nestedBlocks(op).some(nestedExpect)) {
      throw new ReadoutError("an expectation output inside a run-time branch cannot be read by truncating the circuit (outputs must not depend on measured bits)");
    }
    touched.clear();
    touchedQubits(op, c, touched);
    for (const q of touched) if (q >= 0 && q < c.numQubits) uses[q]!.push({ index, op });
  });
  // each wanted expectation: its position and the first op that disturbs it
  const intervals: { output: number; at: number; until: number }[] = [];
  const disturbed: Disturbance[] = [];
  ops.forEach((op, at) => {
    if (op.kind !== "expect" || !wanted(op.output)) return;
    const o = c.outputs[op.output];
    if (o?.kind !== "expect") return;
    let first: Disturbance | undefined;
    for (const f of o.factors) {
      const d = firstDisturbance(c, uses[f.qubit] ?? [], at, f.pauli, f.qubit);
      if (d && (!first || d.index < first.at)) first = { output: op.output, qubit: f.qubit, at: d.index, op: d.op };
    }
    if (first) disturbed.push(first);
    const until = first ? first.at : Infinity;
    intervals.push({ output: op.output, at, until });
  });
  const mainOutputs: number[] = [];
  const hasBits = (opts.bits ?? true) && c.outputs.some((o) => o.kind === "bits");
  c.outputs.forEach((o, k) => {
    if (o.kind === "bits" && (opts.bits ?? true)) mainOutputs.push(k);
  });
  const prefixes: ReadoutProgram[] = [];
  const pending = intervals.filter((iv) => {
    if (iv.until !== Infinity) return true;
    mainOutputs.push(iv.output);
    return false;
  }).sort((a, b) => a.until - b.until || a.at - b.at);
  // greedy stabbing: the earliest-ending interval fixes the cut (just before its disturbance); every
  // pending interval that has started by then is measured in the same program. Cuts only move forward,
  // so one sweep over the intervals by start finds the members.
  const byStart = [...pending].sort((a, b) => a.at - b.at);
  const done = new Set<number>();
  let next = 0;
  for (const first of pending) {
    if (done.has(first.output)) continue;
    const cut = first.until - 1;
    const members: number[] = [];
    let end = 0;
    while (next < byStart.length && byStart[next]!.at <= cut) {
      const m = byStart[next++]!;
      if (done.has(m.output)) continue;
      done.add(m.output);
      members.push(m.output);
      end = Math.max(end, m.at + 1);
    }
    prefixes.push({ end, outputs: members.sort((a, b) => a - b), main: false });
  }
  prefixes.sort((a, b) => a.end - b.end);
  mainOutputs.sort((a, b) => a - b);
  const programs: ReadoutProgram[] = [];
  if (hasBits || mainOutputs.length > 0) programs.push({ end: ops.length, outputs: mainOutputs, main: true });
  programs.push(...prefixes);
  const totalOps = programs.reduce((s, p) => s + prefixOps[p.end]!, 0);
  if (opts.maxOps !== undefined && totalOps > opts.maxOps) {
    throw new UnrollLimitError(`reading the outputs takes ${programs.length.toLocaleString("en-US")} programs of ${totalOps.toLocaleString("en-US")} operations in all ` +
      `(${disturbed.length.toLocaleString("en-US")} expectations are taken on qubits used later, each read by a prefix program), over the limit of ${opts.maxOps.toLocaleString("en-US")}`);
  }
  return { programs, disturbed, totalOps };
}

/** The circuit one program runs: ops truncated, only its own expectations kept, outputs renumbered. */
export function programCircuit(c: Circuit, p: ReadoutProgram): Circuit {
  const renumber = new Map(p.outputs.map((k, i) => [k, i]));
  const ops: Op[] = [];
  for (let i = 0; i < p.end && i < c.ops.length; i++) {
    const op = c.ops[i]!;
    if (op.kind === "expect") {
      const k = renumber.get(op.output);
      if (k !== undefined) ops.push({ ...op, output: k });
    } else ops.push(op);
  }
  const outputs: Output[] = p.outputs.map((k) => c.outputs[k]!);
  return { ...c, ops, outputs };
}

/** W0103 per `emit` statement whose expectation is disturbed at some step: what the lowering does. */
export function readoutWarnings(c: Circuit, r: Readout, describeQubit: (q: number) => string): Diagnostic[] {
  const bySpan = new Map<string, { span: Span | undefined; items: Disturbance[] }>();
  for (const d of r.disturbed) {
    const span = expectSpan(c, d.output);
    const key = span ? `${span.file}:${span.start}` : `output ${d.output}`;
    const e = bySpan.get(key) ?? { span, items: [] };
    e.items.push(d);
    bySpan.set(key, e);
  }
  const stepsOf = (items: readonly Disturbance[]) => items.map((d) => c.outputs[d.output]!.step);
  return [...bySpan.values()].map(({ span, items }) => {
    const first = items[0]!;
    const steps = stepsOf(items);
    const where = first.op.kind === "gate" || first.op.kind === "call" || first.op.kind === "measure" || first.op.kind === "reset" || first.op.kind === "if"
      ? first.op.src : undefined;
    const what = describeOp(c, first.op);
    const stepText = steps.length === 1 ? `step ${steps[0]}` : `steps ${abbreviate(steps)}`;
    return diagnostic("W0103", span,
      `${describeQubit(first.qubit)} is used again after this expectation (at ${stepText} of ${c.steps}): measuring it there would disturb what follows`, {
        label: `${what} acts on ${describeQubit(first.qubit)} next`,
        ...(where ? { related: [{ span: where, message: `used again here (after step ${c.outputs[first.output]!.step})` }] } : {}),
        help: `the simulator reports the undisturbed value; for hardware, each such output is measured in its own program, the circuit truncated after it (${r.programs.length} programs for this sequence: \`qseq compile --emit-dir DIR\` writes them, \`qseq run --shots\` samples them)`,
      });
  });
}

function expectSpan(c: Circuit, output: number): Span | undefined {
  for (const op of c.ops) if (op.kind === "expect" && op.output === output) return op.src;
  return undefined;
}

function describeOp(c: Circuit, op: Op): string {
  switch (op.kind) {
    case "gate": return `\`${op.name}\``;
    case "call": return `\`${c.defs[op.def]?.cell ?? "a cell"}\``;
    case "measure": return "a Z-basis `measure`";
    case "if": return "a branch on a measured bit";
    case "expect": return "an expectation in another basis";
    default: return `\`${op.kind}\``;
  }
}

function abbreviate(steps: readonly number[]): string {
  return steps.length <= 6 ? steps.join(", ") : `${steps.slice(0, 3).join(", ")}, …, ${steps.slice(-2).join(", ")}`;
}
