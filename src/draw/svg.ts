// Circuit drawings, part 3: a standalone SVG from a layout (no external resources, generic monospace
// font, integer coordinates so that the output is byte-for-byte deterministic).
//
// Geometry: a column is (width + 2) character cells of CW px; wires are RH px apart below a header band
// with each slice's title and token; slices are separated by dashed grey lines. Gates whose angles use
// a param are filled with that param's colour (the first param, when several), and the legend lists
// every param with its colour and the number of gates that use it.

import { clip, continued } from "./ascii.js";
import { foldColumns, textWidth, type Element, type Layout } from "./layout.js";

export interface SvgOptions {
  /** Fold after this many columns (default: no folding). */
  readonly fold?: number;
}

const CW = 8;          // px per character cell
const RH = 48;         // px between wires
const HEAD = 44;       // header band of a block (slice titles)
const BOX = 30;        // box height on one wire
const PAD = 16;
const CAPTION = 30;
const BLOCK_GAP = 24;
const LEGEND_ROW = 22;
const LEGEND_PER_COLUMN = 8;

/** Fill colours of param groups (light, distinguishable), cycled. */
export const PALETTE = ["#fde2a8", "#b9e3c6", "#bcd7f5", "#f5c2c7", "#d9c8f2", "#c8eef0", "#f2d4b8", "#e2efb0", "#f0c8e6", "#cfd8dc"] as const;
const STROKE = "#222";
const CALL_FILL = "#eef3fb";

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export function renderSvg(layout: Layout, o: SvgOptions = {}): string {
  const chunks = o.fold !== undefined ? foldColumns(layout, { maxColumns: o.fold }) : [[0, layout.columns.length] as [number, number]];
  const labelW = (Math.max(4, ...layout.wires.map((w) => textWidth(w.label))) + 2) * CW;
  const blockH = HEAD + Math.max(1, layout.wires.length) * RH;
  const chunkW = (a: number, b: number) => layout.columns.slice(a, b).reduce((s, c) => s + (c.width + 2) * CW, 0);
  const legendText = (p: Layout["params"][number]) => `${p.label} — ${p.count} gate${p.count === 1 ? "" : "s"}`;
  const legendW = Math.max(0, ...layout.params.map((p) => (textWidth(legendText(p)) + 4) * CW));
  // the last slice header of a row may reach past its columns (a continued step's header)
  const headerW = (a: number, b: number) => {
    const s = layout.slices.filter((x) => x.start < b && x.end > a).at(-1);
    if (!s) return 0;
    const head = s.start >= a ? Math.max(textWidth(s.title), textWidth(s.detail)) : textWidth(continued(s, 24));
    return chunkW(a, Math.max(s.start, a)) + (head + 2) * CW;
  };
  const legendCols = Math.ceil(layout.params.length / LEGEND_PER_COLUMN);
  const width = PAD * 2 + Math.max(labelW + Math.max(0, ...chunks.map(([a, b]) => Math.max(chunkW(a, b) + CW * 2, headerW(a, b)))), textWidth(layout.caption) * CW, legendW * legendCols);
  const legendH = layout.params.length ? 28 + Math.min(layout.params.length, LEGEND_PER_COLUMN) * LEGEND_ROW : 0;
  const height = PAD * 2 + CAPTION + chunks.length * (blockH + BLOCK_GAP) + legendH;

  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="monospace" font-size="13">`);
  out.push(`<title>${esc(layout.caption)}</title>`);
  out.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`);
  out.push(`<text x="${PAD}" y="${PAD + 14}" font-size="15" font-weight="bold">${esc(layout.caption)}</text>`);

  let y0 = PAD + CAPTION;
  for (const [a, b] of chunks) {
    out.push(...renderBlock(layout, a, b, PAD, y0, labelW));
    y0 += blockH + BLOCK_GAP;
  }
  if (layout.params.length) {
    out.push(`<g class="legend">`);
    out.push(`<text x="${PAD}" y="${y0 + 14}" font-weight="bold">params (gates using each)</text>`);
    layout.params.forEach((p, i) => {
      const y = y0 + 28 + (i % LEGEND_PER_COLUMN) * LEGEND_ROW;
      const lx = PAD + Math.floor(i / LEGEND_PER_COLUMN) * legendW;
      out.push(`<rect x="${lx}" y="${y}" width="${CW * 2}" height="14" fill="${PALETTE[p.color % PALETTE.length]}" stroke="${STROKE}"/>`);
      out.push(`<text x="${lx + CW * 3}" y="${y + 11}">${esc(legendText(p))}</text>`);
    });
    out.push(`</g>`);
  }
  out.push(`</svg>`);
  return out.join("\n") + "\n";
}

function renderBlock(layout: Layout, a: number, b: number, x0: number, y0: number, labelW: number): string[] {
  const out: string[] = [];
  const xs: number[] = [];
  let x = x0 + labelW;
  for (let c = a; c < b; c++) { xs.push(x); x += (layout.columns[c]!.width + 2) * CW; }
  const right = x + CW * 2;
  const wireY = (r: number) => y0 + HEAD + r * RH + RH / 2;
  const classicalRow = layout.wires.length - 1;
  const colCenter = (c: number) => xs[c - a]! + Math.round(((layout.columns[c]!.width + 2) * CW) / 2);
  const colW = (c: number) => layout.columns[c]!.width * CW;

  // slice headers and separators
  for (const s of layout.slices) {
    if (s.end <= a || s.start >= b) continue;
    const sx = xs[Math.max(s.start, a) - a]!;
    const ex = s.end < b ? xs[s.end - a]! : Math.max(x, sx + 24 * CW);
    const fit = (t: string) => clip(t, Math.floor((ex - sx) / CW) - 2);
    if (s.start > a) out.push(`<line x1="${sx}" y1="${y0}" x2="${sx}" y2="${wireY(layout.wires.length - 1) + RH / 2}" stroke="#999" stroke-dasharray="3 3"/>`);
    out.push(`<text x="${sx + CW}" y="${y0 + 16}" font-weight="bold" fill="#444">${esc(s.start >= a ? fit(s.title) : continued(s, Math.floor((ex - sx) / CW) - 2))}</text>`);
    if (s.start >= a && s.detail) out.push(`<text x="${sx + CW}" y="${y0 + 32}" fill="#444">${esc(fit(s.detail))}</text>`);
  }
  // wires
  layout.wires.forEach((w, r) => {
    const y = wireY(r);
    out.push(`<text x="${x0 + labelW - CW}" y="${y + 4}" text-anchor="end">${esc(w.label)}</text>`);
    if (w.kind === "classical") {
      out.push(`<line x1="${x0 + labelW}" y1="${y - 2}" x2="${right}" y2="${y - 2}" stroke="${STROKE}"/>`);
      out.push(`<line x1="${x0 + labelW}" y1="${y + 2}" x2="${right}" y2="${y + 2}" stroke="${STROKE}"/>`);
    } else out.push(`<line x1="${x0 + labelW}" y1="${y}" x2="${right}" y2="${y}" stroke="${STROKE}"/>`);
  });

  for (const e of layout.elements) {
    if (e.col < a || e.col >= b) continue;
    out.push(...element(e, colCenter(e.col), colW(e.col), wireY, classicalRow));
  }
  return out;
}

function element(e: Element, cx: number, maxW: number, wireY: (r: number) => number, classicalRow: number): string[] {
  const out: string[] = [];
  const fill = e.color !== null ? PALETTE[e.color % PALETTE.length]! : e.shape === "call" ? CALL_FILL : "#ffffff";
  const rows = e.rows;
  const all = [...rows, ...e.controls.map((c) => c.row)];
  const lo = Math.min(...all), hi = Math.max(...all);
  const vline = (y1: number, y2: number) => out.push(`<line x1="${cx}" y1="${y1}" x2="${cx}" y2="${y2}" stroke="${STROKE}"/>`);
  const dline = (y1: number, y2: number) => {
    out.push(`<line x1="${cx - 2}" y1="${y1}" x2="${cx - 2}" y2="${y2}" stroke="${STROKE}"/>`);
    out.push(`<line x1="${cx + 2}" y1="${y1}" x2="${cx + 2}" y2="${y2}" stroke="${STROKE}"/>`);
  };
  const box = (r1: number, r2: number, label: string, opts: { dashed?: boolean; double?: boolean } = {}) => {
    const w = Math.min(maxW, (textWidth(label) + 2) * CW);
    const top = wireY(r1) - BOX / 2, bottom = wireY(r2) + BOX / 2;
    const x = cx - Math.round(w / 2);
    out.push(`<rect x="${x}" y="${top}" width="${w}" height="${bottom - top}" rx="3" fill="${fill}" stroke="${STROKE}"${opts.double ? ` stroke-width="2"` : ""}${opts.dashed ? ` stroke-dasharray="4 2"` : ""}/>`);
    if (opts.double) {
      // operand marks on the group box: a tick where each operand wire enters
      for (const r of rows) {
        out.push(`<line x1="${x}" y1="${wireY(r)}" x2="${x + 5}" y2="${wireY(r)}" stroke="${STROKE}" stroke-width="2"/>`);
        out.push(`<line x1="${x + w - 5}" y1="${wireY(r)}" x2="${x + w}" y2="${wireY(r)}" stroke="${STROKE}" stroke-width="2"/>`);
      }
    }
    if (label.trim()) out.push(`<text x="${cx}" y="${Math.round((top + bottom) / 2) + 4}" text-anchor="middle">${esc(label)}</text>`);
    return { top, bottom };
  };
  const dots = () => {
    for (const c of e.controls) out.push(`<circle cx="${cx}" cy="${wireY(c.row)}" r="5" fill="${c.negative ? "#ffffff" : STROKE}" stroke="${STROKE}"/>`);
  };
  const bitsLabel = () => {
    const y = wireY(classicalRow);
    out.push(`<polygon points="${cx - 5},${y - 8} ${cx + 5},${y - 8} ${cx},${y - 2}" fill="${STROKE}"/>`);
    out.push(`<text x="${cx}" y="${y + 18}" text-anchor="middle" font-size="11">${esc(e.bits.join(" "))}</text>`);
  };
  const attrs = `data-shape="${e.shape}"${e.params.length ? ` data-params="${e.params.join(" ")}"` : ""}`;
  out.push(`<g ${attrs}>`);
  switch (e.shape) {
    case "box": case "call": case "expect": {
      if (lo !== hi) vline(wireY(lo), wireY(hi));
      box(rows[0]!, rows[rows.length - 1]!, e.label, e.shape === "call" ? { double: true } : e.shape === "expect" ? { dashed: true } : {});
      dots();
      break;
    }
    case "oplus": case "dot": case "swap": {
      vline(wireY(lo), wireY(hi));
      for (const r of rows) {
        const y = wireY(r);
        if (e.shape === "oplus") {
          out.push(`<circle cx="${cx}" cy="${y}" r="9" fill="#ffffff" stroke="${STROKE}"/>`);
          out.push(`<line x1="${cx - 9}" y1="${y}" x2="${cx + 9}" y2="${y}" stroke="${STROKE}"/>`);
          out.push(`<line x1="${cx}" y1="${y - 9}" x2="${cx}" y2="${y + 9}" stroke="${STROKE}"/>`);
        } else if (e.shape === "dot") out.push(`<circle cx="${cx}" cy="${y}" r="5" fill="${STROKE}"/>`);
        else {
          out.push(`<line x1="${cx - 6}" y1="${y - 6}" x2="${cx + 6}" y2="${y + 6}" stroke="${STROKE}" stroke-width="2"/>`);
          out.push(`<line x1="${cx - 6}" y1="${y + 6}" x2="${cx + 6}" y2="${y - 6}" stroke="${STROKE}" stroke-width="2"/>`);
        }
      }
      dots();
      break;
    }
    case "reset": {
      const y = wireY(rows[0]!);
      const w = (textWidth(e.label) + 1) * CW;
      out.push(`<rect x="${cx - Math.round(w / 2)}" y="${y - 10}" width="${w}" height="20" fill="#ffffff" stroke="none"/>`);
      out.push(`<text x="${cx}" y="${y + 4}" text-anchor="middle">${esc(e.label)}</text>`);
      break;
    }
    case "barrier": {
      out.push(`<line x1="${cx}" y1="${wireY(rows[0]!) - RH / 2 + 4}" x2="${cx}" y2="${wireY(rows[rows.length - 1]!) + RH / 2 - 4}" stroke="#666" stroke-width="2" stroke-dasharray="5 3"/>`);
      break;
    }
    case "measure": {
      const y = wireY(rows[0]!);
      dline(y + BOX / 2, wireY(classicalRow) - 8);
      box(rows[0]!, rows[0]!, "  ");
      // the meter: an arc and a needle
      out.push(`<path d="M ${cx - 9} ${y + 6} A 9 9 0 0 1 ${cx + 9} ${y + 6}" fill="none" stroke="${STROKE}"/>`);
      out.push(`<line x1="${cx}" y1="${y + 6}" x2="${cx + 7}" y2="${y - 7}" stroke="${STROKE}"/>`);
      bitsLabel();
      break;
    }
    case "if": {
      if (rows.length) {
        const { bottom } = box(rows[0]!, rows[rows.length - 1]!, e.label, { dashed: true });
        dline(bottom, wireY(classicalRow) - 8);
      }
      bitsLabel();
      break;
    }
  }
  out.push(`</g>`);
  return out;
}
