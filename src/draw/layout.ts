// Circuit drawings, part 1: the layout model. Turns an elaborated circuit into wires, columns, placed
// elements and step slices; the renderers (svg.ts, ascii.ts) only paint what this decides. Pure and
// deterministic: the same circuit and options give the same layout.
//
// Rules
// - Wires: one per qubit that some drawn op touches (idle qubits are hidden), in qubit order, labelled by
//   register and index (`h[0]`); one classical track (`bits`) at the bottom when a drawn op measures or
//   conditions on a bit. Bits are named as the OpenQASM emitter names them (`y3`, `y5[1]`, `m[0]`).
// - Slices: the MarkOps `step t: …` delimit the steps; ops before the first mark form an `init` slice and
//   ops after `final` a `final` slice. Every slice starts at a fresh column and has at least one column.
// - Packing (greedy): an element goes to the first column after the last column occupied, within its
//   slice, on any row of its vertical extent (min..max of its rows, and down to the classical track for
//   measurements and conditionals, since their connecting line crosses those rows).
// - `--max-steps K` keeps the ops up to the mark of step K (no final slice then), and the caption says
//   "first K of M steps". The size (ops × wires) is checked before any element is placed.

import { requireStaticControl, type Circuit, type Modifier, type Op } from "../ir/circuit.js";
import { qubitLabel } from "../ir/circuit.js";
import type { Expr } from "../ir/expr.js";
import { controlledForm } from "../ir/gates.js";

export type Shape = "box" | "call" | "oplus" | "dot" | "swap" | "measure" | "reset" | "expect" | "barrier" | "if";

export interface Control { readonly row: number; readonly negative: boolean }

export interface Element {
  readonly shape: Shape;
  /** Global column index. */
  readonly col: number;
  /** Text in the box (gate name and angles, cell name, `M`, `|0⟩`, `⟨Z⟩`, `if …`); "" for symbols. */
  readonly label: string;
  /** Target rows, ascending (a box spans the first to the last). */
  readonly rows: readonly number[];
  readonly controls: readonly Control[];
  /** measure: the bit written; if: the condition literals (`y3=1`). Drawn on the classical track. */
  readonly bits: readonly string[];
  /** Param ids the element's angles use, in first-use order. */
  readonly params: readonly number[];
  /** Colour index (into the renderer's palette) of its first param; null for unparametrised elements. */
  readonly color: number | null;
}

export interface Wire {
  readonly kind: "qubit" | "classical";
  readonly label: string;
  /** The circuit's qubit index (qubit wires). */
  readonly qubit?: number;
}

export interface Slice {
  /** Step number, or null for `init` / `final`. */
  readonly step: number | null;
  /** `step 3`, `init`, `final`. */
  readonly title: string;
  /** The token or feature values, e.g. `Edge(0,1,2)`, `x=[0.5,1.2]`; "" for init/final. */
  readonly detail: string;
  /** Columns [start, end). */
  readonly start: number;
  readonly end: number;
}

export interface Column {
  /** Content width in character cells (the widest element, and the slice header on a slice's last column). */
  readonly width: number;
  readonly slice: number;
}

export interface ParamUse {
  readonly id: number;
  readonly label: string;
  /** Number of drawn elements whose angles use it. */
  readonly count: number;
  readonly color: number;
}

export interface Layout {
  readonly title: string;
  readonly caption: string;
  readonly totalSteps: number;
  readonly drawnSteps: number;
  readonly wires: readonly Wire[];
  readonly columns: readonly Column[];
  readonly slices: readonly Slice[];
  readonly elements: readonly Element[];
  readonly params: readonly ParamUse[];
}

export interface LayoutOptions {
  /** Draw only the first K steps (default 64). */
  readonly maxSteps?: number;
  /** Largest ops × wires accepted (default 100,000). */
  readonly maxCells?: number;
  /** Param values substituted in labels (`--bind`); unbound params print by name. */
  readonly params?: ArrayLike<number>;
}

export const DEFAULT_MAX_STEPS = 64;
export const DEFAULT_MAX_CELLS = 100_000;

/** The drawing would be too large (the CLI reports it as a usage error). */
export class DrawSizeError extends Error {}

// ─────────────────────────────────────────── expressions ───────────────────────────────────────────

/** A fixed, readable number format: multiples of π as `π`, `π/2`, `-3π/4`; others with 4 significant digits. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return "0";
  for (const d of [1, 2, 3, 4, 6, 8]) {
    const k = (v * d) / Math.PI;
    const r = Math.round(k);
    if (r !== 0 && Math.abs(k - r) < 1e-12 && Math.abs(r) <= 16) {
      const sign = r < 0 ? "-" : "";
      const a = Math.abs(r);
      return `${sign}${a === 1 ? "" : a}π${d === 1 ? "" : `/${d}`}`;
    }
  }
  return String(Number(v.toPrecision(4)));
}

export interface ExprContext {
  param(id: number): string;
  input(id: number): string;
  arg(index: number): string;
}

const ADD = 1, MUL = 2, UNARY = 3, POW = 4, ATOM = 5;

/** Prints an angle readably: `w·x[0]`, `theta/2`, `-phi[2]`, `sin(a)`. */
export function printExpr(e: Expr, cx: ExprContext): string {
  return pr(e, cx).text;
}

function pr(e: Expr, cx: ExprContext): { text: string; prec: number } {
  const par = (p: { text: string; prec: number }, min: number) => (p.prec >= min ? p.text : `(${p.text})`);
  switch (e.k) {
    case "num": { const t = formatNumber(e.v); return { text: t, prec: t.startsWith("-") ? UNARY : ATOM }; }
    case "param": return { text: cx.param(e.id), prec: ATOM };
    case "input": return { text: cx.input(e.id), prec: ATOM };
    case "arg": return { text: cx.arg(e.index), prec: ATOM };
    case "neg": return { text: `-${par(pr(e.a, cx), POW)}`, prec: UNARY };
    case "add": case "sub": {
      const b = pr(e.b, cx);
      return { text: `${par(pr(e.a, cx), ADD)}${e.k === "add" ? "+" : "-"}${b.prec > ADD && !b.text.startsWith("-") ? b.text : `(${b.text})`}`, prec: ADD };
    }
    case "mul": case "div": {
      const b = pr(e.b, cx);
      return { text: `${par(pr(e.a, cx), MUL)}${e.k === "mul" ? "·" : "/"}${b.prec > MUL && !b.text.startsWith("-") ? b.text : `(${b.text})`}`, prec: MUL };
    }
    case "pow": return { text: `${par(pr(e.a, cx), ATOM)}^${par(pr(e.b, cx), POW)}`, prec: POW };
    case "fn": return { text: `${e.fn}(${pr(e.a, cx).text})`, prec: ATOM };
  }
}

function paramsOf(e: Expr, out: number[]): void {
  switch (e.k) {
    case "param": if (!out.includes(e.id)) out.push(e.id); return;
    case "num": case "input": case "arg": return;
    case "neg": case "fn": paramsOf(e.a, out); return;
    default: paramsOf(e.a, out); paramsOf(e.b, out);
  }
}

/** Display width of a label in character cells (code points; the symbols used are single-width). */
export function textWidth(s: string): number {
  return [...s].length;
}

// ───────────────────────────────────────────── layout ─────────────────────────────────────────────

interface Pending {
  readonly shape: Shape;
  readonly label: string;
  readonly qubits: readonly number[];
  readonly controls: readonly { qubit: number; negative: boolean }[];
  readonly bits: readonly string[];
  readonly params: readonly number[];
  readonly classical: boolean;
  readonly width: number;
}

interface RawSlice { step: number | null; title: string; detail: string; items: Pending[] }

const STEP_MARK = /^step (\d+): (.*)$/s;

/** Number of ops, counting the bodies of conditionals. */
function countOps(ops: readonly Op[]): number {
  let n = 0;
  for (const op of ops) n += op.kind === "if" ? 1 + countOps(op.then) + countOps(op.else) : 1;
  return n;
}

function touched(op: Op, c: Circuit, out: Set<number>): void {
  switch (op.kind) {
    case "gate": case "call": for (const q of op.qubits) out.add(q); return;
    case "measure": case "reset": out.add(op.qubit); return;
    case "if": for (const o of [...op.then, ...op.else]) touched(o, c, out); return;
    case "expect": {
      const o = c.outputs[op.output];
      if (o?.kind === "expect") for (const f of o.factors) out.add(f.qubit);
      return;
    }
    case "barrier": case "mark": return;
  }
}

/** Bit names as the OpenQASM emitter uses them: `y<k>` (`y<k>[j]`) for output bits, `m[i]` for the others. */
function bitNames(c: Circuit): (bit: number) => string {
  const names = new Map<number, string>();
  c.outputs.forEach((o, k) => {
    if (o.kind !== "bits") return;
    o.bits.forEach((b, j) => { if (!names.has(b)) names.set(b, o.array ? `y${k}[${j}]` : `y${k}`); });
  });
  let rank = 0;
  for (let b = 0; b < c.numBits; b++) if (!names.has(b)) names.set(b, `m[${rank++}]`);
  return (b) => names.get(b) ?? `m${b}`;
}

function compactIndex(label: string): string {
  return label.replace(/, /g, ",");
}

export function layoutCircuit(c: Circuit, opts: LayoutOptions = {}): Layout {
  requireStaticControl(c, "drawing");
  const maxSteps = opts.maxSteps ?? DEFAULT_MAX_STEPS;
  const maxCells = opts.maxCells ?? DEFAULT_MAX_CELLS;
  const bound = opts.params;

  // 1. the drawn range: ops up to the mark of step maxSteps
  let end = c.ops.length;
  let drawnSteps = c.steps;
  for (let i = 0; i < c.ops.length; i++) {
    const op = c.ops[i]!;
    if (op.kind !== "mark") continue;
    const m = STEP_MARK.exec(op.label);
    if (m && Number(m[1]) >= maxSteps) { end = i; drawnSteps = Number(m[1]); break; }
  }
  const ops = c.ops.slice(0, end);

  // 2. visible wires and the size check, before any placement
  const used = new Set<number>();
  let classical = false;
  for (const op of ops) {
    touched(op, c, used);
    if (op.kind === "measure" || op.kind === "if") classical = true;
  }
  const qubits = [...used].sort((a, b) => a - b);
  const wires: Wire[] = qubits.map((q) => ({ kind: "qubit", label: qubitLabel(c, q), qubit: q }));
  if (classical) wires.push({ kind: "classical", label: "bits" });
  const n = countOps(ops);
  if (n * Math.max(1, wires.length) > maxCells) {
    throw new DrawSizeError(`the drawing would have up to ${n.toLocaleString("en-US")} columns × ${wires.length} wires, more than the limit of ` +
      `${maxCells.toLocaleString("en-US")} cells; draw fewer steps with --max-steps K (${drawnSteps} of ${c.steps} steps requested)`);
  }
  const rowOf = new Map(qubits.map((q, i) => [q, i]));
  const classicalRow = classical ? wires.length - 1 : -1;

  // 3. ops → pending elements, grouped by slice
  const bitName = bitNames(c);
  const exprCx = (argNames?: readonly string[]): ExprContext => ({
    param: (id) => (bound ? formatNumber(bound[id]!) : compactIndex(paramLabelOf(c, id))),
    input: (id) => {
      const inp = c.inputs[id];
      return inp ? (inp.index.length ? `${inp.name}[${inp.index.join(",")}]` : inp.name) : `in${id}`;
    },
    arg: (i) => argNames?.[i] ?? `arg${i}`,
  });
  const argList = (args: readonly Expr[]) => (args.length ? `(${args.map((a) => printExpr(a, exprCx())).join(", ")})` : "");
  const modPrefix = (mods: readonly Modifier[]) => mods.filter((m) => m.k !== "ctrl")
    .map((m) => (m.k === "inv" ? "inv @ " : `pow(${printExpr((m as { exponent: Expr }).exponent, exprCx())}) @ `)).join("");
  const paramIds = (args: readonly Expr[], mods: readonly Modifier[]) => {
    const out: number[] = [];
    for (const a of args) paramsOf(a, out);
    for (const m of mods) if (m.k === "pow") paramsOf(m.exponent, out);
    return out;
  };

  const summary = (o: Op): string => {
    switch (o.kind) {
      case "gate": return `${modPrefix(o.mods)}${o.name}${argList(o.args)}`;
      case "call": return `${modPrefix(o.mods)}${c.defs[o.def]?.cell ?? "?"}${argList(o.args)}`;
      case "measure": return "measure";
      case "reset": return "reset";
      case "if": return "if …";
      default: return o.kind;
    }
  };

  const pendingOf = (op: Op): Pending | undefined => {
    const mk = (p: Omit<Pending, "width" | "controls" | "bits" | "params" | "classical"> & Partial<Pending>): Pending => {
      const base = p.shape === "oplus" || p.shape === "dot" || p.shape === "swap" ? 1 : textWidth(p.label) + 2;
      const bits = p.bits ?? [];
      const bitW = bits.length ? textWidth(bits.join(" ")) : 0;
      return { controls: [], bits, params: [], classical: false, ...p, width: Math.max(base, bitW) };
    };
    switch (op.kind) {
      case "mark": return undefined;
      case "gate": case "call": {
        const ctrls: { qubit: number; negative: boolean }[] = [];
        let k = 0;
        for (const m of op.mods) if (m.k === "ctrl") for (let i = 0; i < m.n; i++) ctrls.push({ qubit: op.qubits[k++]!, negative: m.negative });
        const plainMods = op.mods.every((m) => m.k === "ctrl");
        const params = paramIds(op.args, op.mods);
        if (op.kind === "call") {
          const def = c.defs[op.def];
          return mk({ shape: "call", label: `${modPrefix(op.mods)}${def?.cell ?? "?"}${argList(op.args)}`, qubits: op.qubits.slice(k), controls: ctrls, params });
        }
        let name = op.name, args = op.args;
        const cf = controlledForm(op.name, op.args);
        if (cf && cf.body.length === 1) {
          for (let i = 0; i < cf.ctrls; i++) ctrls.push({ qubit: op.qubits[k++]!, negative: false });
          name = cf.body[0]!.name;
          args = cf.body[0]!.args;
        }
        const targets = op.qubits.slice(k);
        const symbolic = plainMods && args.length === 0;
        if (symbolic && name === "x" && ctrls.length > 0 && targets.length === 1) return mk({ shape: "oplus", label: "", qubits: targets, controls: ctrls });
        if (symbolic && name === "z" && ctrls.length > 0 && targets.length === 1) return mk({ shape: "dot", label: "", qubits: targets, controls: ctrls });
        if (symbolic && name === "swap" && targets.length === 2) return mk({ shape: "swap", label: "", qubits: targets, controls: ctrls });
        return mk({ shape: "box", label: `${modPrefix(op.mods)}${name}${argList(args)}`, qubits: targets, controls: ctrls, params });
      }
      case "measure": return mk({ shape: "measure", label: "M", qubits: [op.qubit], bits: [bitName(op.bit)], classical: true });
      case "reset": return mk({ shape: "reset", label: "|0⟩", qubits: [op.qubit] });
      case "barrier": {
        const qs = op.qubits.filter((q) => rowOf.has(q));
        return qs.length ? { shape: "barrier", label: "", qubits: qs, controls: [], bits: [], params: [], classical: false, width: 1 } : undefined;
      }
      case "expect": {
        const o = c.outputs[op.output];
        if (o?.kind !== "expect" || o.factors.length === 0) return undefined;
        return mk({ shape: "expect", label: `⟨${o.factors.map((f) => f.pauli).join("·")}⟩`, qubits: o.factors.map((f) => f.qubit) });
      }
      case "if": {
        const qs = new Set<number>();
        for (const o of [...op.then, ...op.else]) touched(o, c, qs);
        const conds = op.when.map((l) => `${bitName(l.bit)}=${l.value ? 1 : 0}`);
        let body = op.then.filter((o) => o.kind !== "mark").map(summary).join("; ");
        if (op.else.length) body += ` else ${op.else.filter((o) => o.kind !== "mark").map(summary).join("; ")}`;
        if (textWidth(body) > 24) body = `${[...body].slice(0, 23).join("")}…`;
        const params: number[] = [];
        const collect = (os: readonly Op[]) => { for (const o of os) { if (o.kind === "gate" || o.kind === "call") for (const p of paramIds(o.args, o.mods)) if (!params.includes(p)) params.push(p); if (o.kind === "if") { collect(o.then); collect(o.else); } } };
        collect(op.then); collect(op.else);
        return mk({ shape: "if", label: `if ${conds.join(" ∧ ")}: ${body}`, qubits: [...qs].sort((a, b) => a - b), bits: conds, classical: true, params });
      }
    }
  };

  const raw: RawSlice[] = [];
  let current: RawSlice = { step: null, title: "init", detail: "", items: [] };
  for (const op of ops) {
    if (op.kind === "mark") {
      const m = STEP_MARK.exec(op.label);
      if (m || op.label === "final") {
        if (current.items.length || current.step !== null) raw.push(current);
        current = m
          ? { step: Number(m[1]), title: `step ${m[1]}`, detail: m[2]!.replace(/,\s+/g, ",").replace(/ = /, "="), items: [] }
          : { step: null, title: "final", detail: "", items: [] };
      }
      continue;
    }
    const p = pendingOf(op);
    if (p) current.items.push(p);
  }
  if (current.items.length || current.step !== null) raw.push(current);

  // 4. greedy packing per slice
  const rowCount = wires.length;
  const elements: Element[] = [];
  const columns: Column[] = [];
  const slices: Slice[] = [];
  const colorOf = new Map<number, number>();
  const counts = new Map<number, number>();
  for (const [si, s] of raw.entries()) {
    const start = columns.length;
    const frontier = new Array<number>(rowCount).fill(-1); // last occupied local column per row
    const widths: number[] = [];
    for (const p of s.items) {
      const rows = p.qubits.map((q) => rowOf.get(q)!).sort((a, b) => a - b);
      const ctrlRows = p.controls.map((x) => ({ row: rowOf.get(x.qubit)!, negative: x.negative }));
      const all = [...rows, ...ctrlRows.map((x) => x.row)];
      const lo = all.length ? Math.min(...all) : classicalRow;
      const hi = p.classical ? classicalRow : Math.max(...all);
      if (lo < 0) continue;
      let col = 0;
      for (let r = lo; r <= hi; r++) col = Math.max(col, frontier[r]! + 1);
      for (let r = lo; r <= hi; r++) frontier[r] = col;
      while (widths.length <= col) widths.push(1);
      widths[col] = Math.max(widths[col]!, p.width);
      for (const id of p.params) {
        if (!colorOf.has(id)) colorOf.set(id, colorOf.size);
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      elements.push({
        shape: p.shape, col: start + col, label: p.label, rows, controls: ctrlRows, bits: p.bits, params: p.params,
        color: p.params.length ? colorOf.get(p.params[0]!)! : null,
      });
    }
    if (widths.length === 0) widths.push(1);
    // the header (title and detail) fits over the slice: widen its last column if needed
    const header = Math.max(textWidth(s.title), textWidth(s.detail));
    const total = widths.reduce((a, w) => a + w + 2, 0) - 2;
    if (total < header) widths[widths.length - 1]! += header - total;
    for (const w of widths) columns.push({ width: w, slice: si });
    slices.push({ step: s.step, title: s.title, detail: s.detail, start, end: columns.length });
  }

  const params: ParamUse[] = [...colorOf.entries()].sort((a, b) => a[1] - b[1])
    .map(([id, color]) => ({ id, label: compactIndex(paramLabelOf(c, id)), count: counts.get(id) ?? 0, color }));
  const title = c.name;
  const caption = drawnSteps < c.steps
    ? `${c.name}: first ${drawnSteps} of ${c.steps} steps (--max-steps ${maxSteps})`
    : `${c.name}: ${c.steps} step${c.steps === 1 ? "" : "s"}`;
  return { title, caption, totalSteps: c.steps, drawnSteps, wires, columns, slices, elements, params };
}

function paramLabelOf(c: Circuit, id: number): string {
  const p = c.params[id];
  if (!p) return `p${id}`;
  return p.index.length === 0 ? p.name : `${p.name}[${p.index.join(", ")}]`;
}

// ───────────────────────────────────────────── folding ─────────────────────────────────────────────

/**
 * Splits the columns into rows of the drawing: at most `maxColumns` columns per row, or (with
 * `maxWidth`) as many as fit in that many character cells, each column taking `width + gap`. A row
 * always holds at least one column, and breaks at the last slice boundary inside it when there is one
 * (so that a step is split only when it is wider than a row). Returns [start, end) column ranges.
 */
export function foldColumns(layout: Pick<Layout, "columns">, o: { maxColumns?: number; maxWidth?: number; gap?: number }): [number, number][] {
  const out: [number, number][] = [];
  const cols = layout.columns;
  const gap = o.gap ?? 2;
  const w = (i: number) => cols[i]!.width + gap;
  let start = 0, used = 0;
  for (let i = 0; i < cols.length; i++) {
    const full = () => i > start && ((o.maxColumns !== undefined && i - start >= o.maxColumns) || (o.maxWidth !== undefined && used + w(i) > o.maxWidth));
    while (full()) {
      let brk = i;
      if (cols[i]!.slice === cols[i - 1]!.slice) {
        for (let j = i - 1; j > start; j--) if (cols[j]!.slice !== cols[j - 1]!.slice) { brk = j; break; }
      }
      out.push([start, brk]);
      start = brk;
      used = 0;
      for (let j = brk; j < i; j++) used += w(j);
    }
    used += w(i);
  }
  if (cols.length > start) out.push([start, cols.length]);
  return out;
}
