// Source positions. Offsets are 0-based UTF-16 indices into the file text; lines and columns are
// 1-based for people. `end` is exclusive.

export interface Span {
  readonly file: string;
  readonly start: number;
  readonly end: number;
  readonly line: number;
  readonly col: number;
}

export function spanCover(a: Span, b: Span): Span {
  return a.start <= b.start ? { ...a, end: Math.max(a.end, b.end) } : { ...b, end: Math.max(a.end, b.end) };
}
