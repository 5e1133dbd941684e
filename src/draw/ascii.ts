// Circuit drawings, part 2: a terminal drawing (box-drawing characters) from a layout.
//
// Each wire takes three text lines (box top, the wire, box bottom) below two header lines per slice
// (`step 3` and the token). Columns are their content width plus one wire character each side. Rows of
// the drawing fold at `width` characters (default 100) or every `fold` columns, with wire labels
// repeated; a caption comes first, the params and their occurrence counts last.

import { foldColumns, textWidth, type Element, type Layout } from "./layout.js";

export interface AsciiOptions {
  /** Fold after this many columns. */
  readonly fold?: number;
  /** Fold at this many characters (default 100; ignored when `fold` is given). */
  readonly width?: number;
}

const HEADER = 2;
const SPILL = 20;

/** The header of a slice continued from the previous row: `step 3 (cont.)`, or shorter forms that fit in `n` cells. */
export function continued(s: { title: string; step: number | null }, n: number): string {
  for (const t of [`${s.title} (cont.)`, `${s.title}…`, `…${s.step ?? s.title}`]) if (textWidth(t) <= n) return t;
  return clip(`…${s.step ?? s.title}`, n);
}

/** `s` cut to `n` character cells, ending in `…` when cut. */
export function clip(s: string, n: number): string {
  const cs = [...s];
  if (cs.length <= n) return s;
  return n <= 0 ? "" : `${cs.slice(0, n - 1).join("")}…`;
}

/** `params: a ×2, b ×1, …` wrapped at `width` characters, continuation lines indented. */
function wrapList(head: string, items: readonly string[], width: number): string[] {
  const lines: string[] = [];
  let line = head;
  items.forEach((item, i) => {
    const piece = item + (i < items.length - 1 ? "," : "");
    if (line.trim() !== head.trim() && textWidth(line) + 1 + textWidth(piece) > width) { lines.push(line); line = " ".repeat(textWidth(head)) + piece; }
    else line += (line === head ? "" : " ") + piece;
  });
  lines.push(line);
  return lines;
}

export function renderAscii(layout: Layout, o: AsciiOptions = {}): string {
  const labelW = Math.max(0, ...layout.wires.map((w) => textWidth(w.label))) + 2;
  const chunks = o.fold !== undefined
    ? foldColumns(layout, { maxColumns: o.fold })
    : foldColumns(layout, { maxWidth: Math.max(10, (o.width ?? 100) - labelW - 1), gap: 2 });
  const out: string[] = [layout.caption, ""];
  if (layout.wires.length === 0) out.push("(no qubit is used)", "");
  else for (const [a, b] of chunks) out.push(...renderChunk(layout, a, b, labelW), "");
  if (layout.params.length) out.push(...wrapList("params: ", layout.params.map((p) => `${p.label} ×${p.count}`), o.width ?? 100));
  else out.pop();
  return out.map((l) => l.replace(/\s+$/, "")).join("\n") + "\n";
}

function renderChunk(layout: Layout, a: number, b: number, labelW: number): string[] {
  const xs: number[] = [];
  let x = labelW;
  for (let c = a; c < b; c++) { xs.push(x); x += layout.columns[c]!.width + 2; }
  const totalW = x + 1;
  const gridW = totalW + SPILL;
  const nLines = HEADER + 3 * layout.wires.length;
  const g: string[][] = Array.from({ length: nLines }, () => new Array<string>(gridW).fill(" "));
  const set = (cx: number, cy: number, ch: string) => { if (cy >= 0 && cy < nLines && cx >= 0 && cx < gridW) g[cy]![cx] = ch; };
  const get = (cx: number, cy: number) => g[cy]?.[cx] ?? " ";
  const text = (cx: number, cy: number, s: string) => { [...s].forEach((ch, i) => set(cx + i, cy, ch)); };
  const mid = (r: number) => HEADER + 3 * r + 1;
  const top = (r: number) => HEADER + 3 * r;
  const bot = (r: number) => HEADER + 3 * r + 2;

  // wires and labels
  layout.wires.forEach((w, r) => {
    text(0, mid(r), w.label.padStart(labelW - 2) + " ");
    for (let i = labelW - 1; i < totalW; i++) set(i, mid(r), w.kind === "classical" ? "═" : "─");
  });
  // slice headers and separators
  for (const s of layout.slices) {
    if (s.end <= a || s.start >= b) continue;
    const first = Math.max(s.start, a);
    const sx = xs[first - a]!;
    // header texts stay within the slice's columns in this row (a slice split by folding may be narrow)
    // (the last slice of a row may spill SPILL cells past the wires' end)
    const ex = s.end < b ? xs[s.end - a]! : x + SPILL;
    const fit = (t: string) => clip(t, ex - sx - 2);
    if (s.start >= a) { text(sx + 1, 0, fit(s.title)); text(sx + 1, 1, fit(s.detail)); }
    else text(sx + 1, 0, continued(s, ex - sx - 2));
    if (s.start > a) {
      for (let y = 0; y < nLines; y++) if (get(sx, y) === " ") set(sx, y, "┊");
    }
  }

  const vline = (cx: number, y1: number, y2: number, classical: boolean) => {
    for (let y = Math.min(y1, y2) + 1; y < Math.max(y1, y2); y++) {
      const cur = get(cx, y);
      if (cur === "─") set(cx, y, classical ? "╫" : "┼");
      else if (cur === "═") set(cx, y, classical ? "╬" : "╪");
      else set(cx, y, classical ? "║" : "│");
    }
  };

  for (const e of layout.elements) {
    if (e.col < a || e.col >= b) continue;
    const x0 = xs[e.col - a]! + 1;
    const w = layout.columns[e.col]!.width;
    const center = x0 + Math.floor((w - 1) / 2);
    drawElement(e, layout, { center, set, get, text, vline, mid, top, bot });
  }
  return g.map((row) => row.join(""));
}

interface Painter {
  center: number;
  set(x: number, y: number, ch: string): void;
  get(x: number, y: number): string;
  text(x: number, y: number, s: string): void;
  vline(x: number, y1: number, y2: number, classical: boolean): void;
  mid(r: number): number;
  top(r: number): number;
  bot(r: number): number;
}

function drawElement(e: Element, layout: Layout, p: Painter): void {
  const { center, set, text, vline, mid, top, bot } = p;
  const classicalRow = layout.wires.length - 1;
  const rows = e.rows;
  const ctrlRows = e.controls.map((c) => c.row);
  const all = [...rows, ...ctrlRows];
  const lo = Math.min(...all), hi = Math.max(...all);

  const box = (r1: number, r2: number, label: string, double: boolean) => {
    const bw = textWidth(label) + 2;
    const bx = center - Math.floor((bw - 1) / 2);
    const [tl, tr, bl, br, hz, vt, jl, jr] = double ? ["╔", "╗", "╚", "╝", "═", "║", "╢", "╟"] : ["┌", "┐", "└", "┘", "─", "│", "┤", "├"];
    for (let y = top(r1); y <= bot(r2); y++) {
      for (let i = 1; i < bw - 1; i++) set(bx + i, y, " ");
      const onWire = y === mid(r1) || (y > mid(r1) && y <= mid(r2) && (y - mid(0)) % 3 === 0 && rows.includes((y - mid(0)) / 3));
      set(bx, y, onWire ? jl! : vt!);
      set(bx + bw - 1, y, onWire ? jr! : vt!);
    }
    for (let i = 1; i < bw - 1; i++) { set(bx + i, top(r1), hz!); set(bx + i, bot(r2), hz!); }
    set(bx, top(r1), tl!); set(bx + bw - 1, top(r1), tr!); set(bx, bot(r2), bl!); set(bx + bw - 1, bot(r2), br!);
    const rm = r1 + Math.floor((r2 - r1) / 2);
    text(bx + 1, mid(rm), label);
  };
  const junctions = (r1: number, r2: number, double: boolean) => {
    if (lo < r1) set(center, top(r1), double ? "╧" : "┴");
    if (hi > r2) set(center, bot(r2), double ? "╤" : "┬");
  };
  const dots = () => e.controls.forEach((c) => set(center, mid(c.row), c.negative ? "○" : "●"));
  const toTrack = (fromY: number) => {
    vline(center, fromY, mid(classicalRow), true);
    set(center, mid(classicalRow), "╩");
    const bits = e.bits.join(" ");
    text(center - Math.floor((textWidth(bits) - 1) / 2), bot(classicalRow), bits);
  };

  switch (e.shape) {
    case "box": case "call": case "expect": {
      const r1 = rows[0]!, r2 = rows[rows.length - 1]!;
      if (lo !== hi) vline(center, mid(lo) - 1, mid(hi) + 1, false);
      const double = e.shape === "call";
      box(r1, r2, e.label, double);
      junctions(r1, r2, double);
      dots();
      return;
    }
    case "oplus": case "dot": case "swap": {
      vline(center, mid(lo), mid(hi), false);
      const sym = e.shape === "oplus" ? "⊕" : e.shape === "dot" ? "●" : "×";
      for (const r of rows) set(center, mid(r), sym);
      dots();
      return;
    }
    case "reset": {
      const l = e.label;
      text(center - Math.floor((textWidth(l) - 1) / 2), mid(rows[0]!), l);
      return;
    }
    case "barrier": {
      for (let y = top(rows[0]!); y <= bot(rows[rows.length - 1]!); y++) set(center, y, "░");
      return;
    }
    case "measure": {
      const r = rows[0]!;
      box(r, r, "M", false);
      set(center, bot(r), "╥");
      toTrack(bot(r));
      return;
    }
    case "if": {
      if (rows.length === 0) { toTrack(mid(classicalRow) - 2); return; }
      const r1 = rows[0]!, r2 = rows[rows.length - 1]!;
      box(r1, r2, e.label, false);
      set(center, bot(r2), "╥");
      toTrack(bot(r2));
      return;
    }
  }
}
