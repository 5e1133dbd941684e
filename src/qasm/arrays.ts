// Arrays of the OpenQASM importer (types.rst "Arrays", "Array concatenation and slicing";
// subroutines.rst "Arrays in subroutines"): values known at import time, held in a store that views
// share. Pure shape logic here; lower.ts evaluates elements and reports diagnostics.
//
// An array value is a *view*: the shape `dims` (outer first) and, in row-major order, the positions of
// its elements in a `store`. A declaration makes a fresh store; indexing with ranges (slices) and
// partial indexing (`b[1]` of a 2-D array) make views of the same store, so writes through a view (an
// element assignment `b[1][2] = …`, a `mutable` array parameter) reach the declared array.

import type { Expr } from "./ast.js";
import type { Span } from "../syntax/span.js";

/** The spec's limit on the number of dimensions. */
export const MAX_ARRAY_DIMS = 7;

export type ElemKind = "int" | "uint" | "float" | "angle" | "bool" | "complex";

/** An element type: `int[8]`, `float[32]`, `angle`, `bool`, `complex[float[64]]` (width: the component's). */
export interface ElemType { readonly kind: ElemKind; readonly width?: number }

export interface ArrayStore<V> { readonly id: number; readonly data: V[] }

export interface ArrayVal<V> {
  readonly k: "array";
  readonly elem: ElemType;
  readonly dims: readonly number[];
  readonly store: ArrayStore<V>;
  /** Store positions of the elements, row-major. */
  readonly pos: readonly number[];
  /** Read through a `const` array or a `readonly` parameter: cannot become a `mutable` argument. */
  readonly frozen?: boolean;
}

/** One index per dimension: a single position (the dimension goes away) or picked positions (a slice). */
export type Selection = { readonly one: number } | { readonly picks: readonly number[] };

export function elemTypeName(t: ElemType): string {
  if (t.kind === "complex") return t.width === undefined ? "complex" : `complex[float[${t.width}]]`;
  return t.width === undefined ? t.kind : `${t.kind}[${t.width}]`;
}

export function arrayTypeName(elem: ElemType, dims: readonly number[]): string {
  return `array[${elemTypeName(elem)}, ${dims.join(", ")}]`;
}

export function sameElemType(a: ElemType, b: ElemType): boolean {
  return a.kind === b.kind && (a.width ?? (a.kind === "complex" || a.kind === "float" ? 64 : undefined)) === (b.width ?? (b.kind === "complex" || b.kind === "float" ? 64 : undefined));
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((n, i) => n === b[i]);
}

export function arraySize(dims: readonly number[]): number {
  return dims.reduce((p, n) => p * n, 1);
}

export function newArray<V>(elem: ElemType, dims: readonly number[], id: number, fill: (i: number) => V): ArrayVal<V> {
  const n = arraySize(dims);
  return { k: "array", elem, dims, store: { id, data: Array.from({ length: n }, (_, i) => fill(i)) }, pos: Array.from({ length: n }, (_, i) => i) };
}

/** The elements of a view, row-major. */
export function elements<V>(a: ArrayVal<V>): V[] {
  return a.pos.map((p) => a.store.data[p]!);
}

/**
 * Applies one selection per leading dimension (the rest are taken whole): a single element's store
 * position when every dimension got a single index, else the view of the selected part.
 */
export function select<V>(a: ArrayVal<V>, sels: readonly Selection[]): { k: "elem"; pos: number } | { k: "view"; view: ArrayVal<V> } {
  const dims = a.dims;
  const strides = dims.map((_, d) => arraySize(dims.slice(d + 1)));
  const lists = dims.map((n, d) => {
    const s = sels[d];
    if (!s) return Array.from({ length: n }, (_, i) => i);
    return "one" in s ? [s.one] : [...s.picks];
  });
  const outDims: number[] = [];
  dims.forEach((_, d) => { const s = sels[d]; if (!s || !("one" in s)) outDims.push(lists[d]!.length); });
  const pos: number[] = [];
  const walk = (d: number, flat: number): void => {
    if (d === dims.length) { pos.push(a.pos[flat]!); return; }
    for (const i of lists[d]!) walk(d + 1, flat + i * strides[d]!);
  };
  walk(0, 0);
  if (outDims.length === 0) return { k: "elem", pos: pos[0]! };
  return { k: "view", view: { ...a, dims: outDims, pos } };
}

/** The sub-arrays (or element positions) along the first dimension, for `for x in a`. */
export function rows<V>(a: ArrayVal<V>): ({ k: "elem"; pos: number } | { k: "view"; view: ArrayVal<V> })[] {
  return Array.from({ length: a.dims[0] ?? 0 }, (_, i) => select(a, [{ one: i }]));
}

export interface ShapeError { readonly span: Span; readonly message: string; readonly label: string }

/**
 * The leaves of a (nested) array literal in row-major order, checked against `dims`: each level must
 * have exactly the length of its dimension, and leaves appear exactly at the innermost level.
 */
export function flattenLiteral(lit: Expr, dims: readonly number[]): { leaves: Expr[] } | { error: ShapeError } {
  const leaves: Expr[] = [];
  const walk = (e: Expr, d: number): ShapeError | undefined => {
    if (d === dims.length) {
      if (e.k === "arrayLit") return { span: e.span, message: `this initialiser has ${dims.length === 0 ? "" : "more than "}${dims.length} level${dims.length === 1 ? "" : "s"} of braces; the array has ${dims.length} dimension${dims.length === 1 ? "" : "s"}`, label: "too deep" };
      leaves.push(e);
      return undefined;
    }
    if (e.k !== "arrayLit") return { span: e.span, message: `a list \`{…}\` of ${dims[d]} element${dims[d] === 1 ? "" : "s"} is needed here (dimension ${d} of the array)`, label: "not a list" };
    if (e.items.length !== dims[d]) {
      return { span: e.span, message: `dimension ${d} of the array has length ${dims[d]}, but this list has ${e.items.length} element${e.items.length === 1 ? "" : "s"}`, label: "wrong length" };
    }
    for (const it of e.items) {
      const err = walk(it, d + 1);
      if (err) return err;
    }
    return undefined;
  };
  const err = walk(lit, 0);
  return err ? { error: err } : { leaves };
}
