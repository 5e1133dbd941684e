// Small standalone SVG line charts (training curves, the separation report): panels stacked vertically,
// each with its own axes, ticks, series and legend. No dependencies; the output is deterministic text, so
// it can be committed and diffed.

export interface Series {
  readonly name: string;
  readonly points: readonly (readonly [number, number])[];
  readonly dashed?: boolean;
  /** Points only, no line through them. */
  readonly scatter?: boolean;
}

export interface Panel {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly Series[];
  /** Fixed y range (default: the data's, padded). */
  readonly yMin?: number;
  readonly yMax?: number;
  /** A logarithmic x axis (every x must be positive). */
  readonly logX?: boolean;
  /** Vertical reference lines, e.g. C(n, k) − 1. */
  readonly marks?: readonly { readonly x: number; readonly label: string }[];
}

const WIDTH = 720, PANEL_HEIGHT = 300;
const M = { left: 64, right: 170, top: 34, bottom: 46 };
const COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"];

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const fmt = (v: number): string => (Math.abs(v) >= 1000 || (Math.abs(v) < 0.01 && v !== 0) ? v.toExponential(1) : String(Number(v.toPrecision(3))));

/** About `count` round tick values covering [lo, hi]. */
export function ticks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

function panelSvg(p: Panel, top: number): string {
  // on a log axis, positions and ticks are computed in log10 x
  const tx = (x: number): number => (p.logX ? Math.log10(x) : x);
  const pts = p.series.flatMap((s) => s.points).filter(([x, y]) => Number.isFinite(tx(x)) && Number.isFinite(y));
  const xs = [...pts.map(([x]) => tx(x)), ...(p.marks ?? []).map((m) => tx(m.x))];
  let x0 = xs.length ? Math.min(...xs) : 0, x1 = xs.length ? Math.max(...xs) : 1;
  if (x0 === x1) { x0 -= 1; x1 += 1; }
  let y0 = p.yMin ?? (pts.length ? Math.min(...pts.map(([, y]) => y)) : 0);
  let y1 = p.yMax ?? (pts.length ? Math.max(...pts.map(([, y]) => y)) : 1);
  if (y0 === y1) { y0 -= 1; y1 += 1; }
  if (p.yMin === undefined || p.yMax === undefined) {
    const pad = (y1 - y0) * 0.05;
    if (p.yMin === undefined) y0 -= pad;
    if (p.yMax === undefined) y1 += pad;
  }
  const w = WIDTH - M.left - M.right, h = PANEL_HEIGHT - M.top - M.bottom;
  const X = (x: number): number => M.left + ((tx(x) - x0) / (x1 - x0)) * w;
  const xTicks = p.logX ? logTicks(x0, x1) : ticks(x0, x1);
  const Y = (y: number): number => top + M.top + h - ((y - y0) / (y1 - y0)) * h;
  const out: string[] = [];
  out.push(`<text x="${M.left}" y="${top + 20}" font-size="14" font-weight="bold">${esc(p.title)}</text>`);
  out.push(`<rect x="${M.left}" y="${top + M.top}" width="${w}" height="${h}" fill="none" stroke="#444"/>`);
  for (const t of xTicks) {
    out.push(`<line x1="${X(t).toFixed(1)}" y1="${top + M.top + h}" x2="${X(t).toFixed(1)}" y2="${top + M.top + h + 4}" stroke="#444"/>`);
    out.push(`<text x="${X(t).toFixed(1)}" y="${top + M.top + h + 17}" font-size="11" text-anchor="middle">${fmt(t)}</text>`);
  }
  for (const t of ticks(y0, y1)) {
    out.push(`<line x1="${M.left}" y1="${Y(t).toFixed(1)}" x2="${M.left + w}" y2="${Y(t).toFixed(1)}" stroke="#ddd"/>`);
    out.push(`<text x="${M.left - 6}" y="${(Y(t) + 4).toFixed(1)}" font-size="11" text-anchor="end">${fmt(t)}</text>`);
  }
  out.push(`<text x="${M.left + w / 2}" y="${top + PANEL_HEIGHT - 8}" font-size="12" text-anchor="middle">${esc(p.xLabel)}</text>`);
  out.push(`<text x="14" y="${top + M.top + h / 2}" font-size="12" text-anchor="middle" transform="rotate(-90 14 ${top + M.top + h / 2})">${esc(p.yLabel)}</text>`);
  for (const m of p.marks ?? []) {
    out.push(`<line x1="${X(m.x).toFixed(1)}" y1="${top + M.top}" x2="${X(m.x).toFixed(1)}" y2="${top + M.top + h}" stroke="#888" stroke-dasharray="2 3"/>`);
    out.push(`<text x="${(X(m.x) + 3).toFixed(1)}" y="${top + M.top + 12}" font-size="10" fill="#555">${esc(m.label)}</text>`);
  }
  p.series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length]!;
    const finite = s.points.filter(([x, y]) => Number.isFinite(tx(x)) && Number.isFinite(y));
    if (finite.length > 1 && !s.scatter) {
      out.push(`<polyline fill="none" stroke="${color}" stroke-width="1.8"${s.dashed ? ' stroke-dasharray="6 3"' : ""} points="${finite.map(([x, y]) => `${X(x).toFixed(1)},${Y(y).toFixed(1)}`).join(" ")}"/>`);
    }
    for (const [x, y] of finite) out.push(`<circle cx="${X(x).toFixed(1)}" cy="${Y(y).toFixed(1)}" r="2.5" fill="${color}"/>`);
    const ly = top + M.top + 8 + i * 16;
    out.push(s.scatter
      ? `<circle cx="${M.left + w + 22}" cy="${ly}" r="3.5" fill="${color}"/>`
      : `<line x1="${M.left + w + 12}" y1="${ly}" x2="${M.left + w + 32}" y2="${ly}" stroke="${color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 3"' : ""}/>`);
    out.push(`<text x="${M.left + w + 36}" y="${ly + 4}" font-size="11">${esc(s.name)}</text>`);
  });
  return out.join("\n");
}

/** Ticks of a log axis spanning log10 values [lo, hi]: 1, 2, 5 per decade (decades only when wide). */
function logTicks(lo: number, hi: number): number[] {
  const out: number[] = [];
  const steps = hi - lo > 3 ? [1] : [1, 2, 5];
  for (let d = Math.floor(lo); d <= Math.ceil(hi); d++) for (const m of steps) {
    const v = m * 10 ** d;
    if (Math.log10(v) >= lo - 1e-9 && Math.log10(v) <= hi + 1e-9) out.push(Number(v.toPrecision(6)));
  }
  return out;
}

export function chartSvg(panels: readonly Panel[]): string {
  const height = PANEL_HEIGHT * panels.length;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="Helvetica, Arial, sans-serif">`,
    `<rect width="${WIDTH}" height="${height}" fill="white"/>`,
    ...panels.map((p, i) => panelSvg(p, i * PANEL_HEIGHT)),
    "</svg>",
    "",
  ].join("\n");
}
