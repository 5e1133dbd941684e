// Classification of flattened gates by simulation kernel, and their numeric matrices at bind time.
//
// After `flatten`, a gate is a catalogue gate with only `ctrl`/`negctrl` modifiers. Controlled stdgates
// (cx, cz, cp, crx, ccx, ccz, cswap, cu, …) are peeled into extra positive controls around their base gate
// (x, z, p, rx, …, swap), so that every gate is `controls @ base(args)` on 0, 1 or 2 target qubits, and the
// base decides the kernel:
//   scalar  gphase                        phase e^{iγ} where the controls hold (global phase without controls)
//   phase   z s sdg t tdg p phase u1      diag(1, e^{iλ}): one multiplication where controls and target are 1
//   diag1   rz                            diag(d0, d1)
//   diag    rzz                           a general diagonal (phase table)
//   x       x                             amplitude swaps (x, cx, ccx, mcx)
//   swap    swap                          amplitude swaps (swap, cswap)
//   dense1  every other 1-qubit gate      2×2 matrix (with a control mask)
//   denseK  rxx ryy iswap                 4×4 matrix
// `id` (with any controls) is dropped.

import type { GateOp } from "../ir/circuit.js";
import { evaluate, type Expr, type UnaryFn } from "../ir/expr.js";
import { peelControls, type Control } from "../ir/flatten.js";
import { gateMatrix } from "../ir/gates.js";

/** An angle expression compiled to a closure over (params, inputs). */
export type CompiledExpr = (p: ArrayLike<number>, x: ArrayLike<number>) => number;

/** Compiles an expression (params and inputs only; no gate-definition args) to a closure, once. */
export function compileExpr(e: Expr): CompiledExpr {
  switch (e.k) {
    case "num": { const v = e.v; return () => v; }
    case "param": { const id = e.id; return (p) => p[id]!; }
    case "input": { const id = e.id; return (_p, x) => x[id]!; }
    case "arg": throw new Error("compileExpr: a gate-definition argument outside a definition (flatten first)");
    case "neg": { const a = compileExpr(e.a); return (p, x) => -a(p, x); }
    case "add": { const a = compileExpr(e.a), b = compileExpr(e.b); return (p, x) => a(p, x) + b(p, x); }
    case "sub": { const a = compileExpr(e.a), b = compileExpr(e.b); return (p, x) => a(p, x) - b(p, x); }
    case "mul": { const a = compileExpr(e.a), b = compileExpr(e.b); return (p, x) => a(p, x) * b(p, x); }
    case "div": { const a = compileExpr(e.a), b = compileExpr(e.b); return (p, x) => a(p, x) / b(p, x); }
    case "pow": { const a = compileExpr(e.a), b = compileExpr(e.b); return (p, x) => Math.pow(a(p, x), b(p, x)); }
    case "fn": {
      // same functions as `applyFn`, resolved once
      const a = compileExpr(e.a);
      const f = UNARY[e.fn];
      return (p, x) => f(a(p, x));
    }
  }
}

const UNARY: Record<UnaryFn, (v: number) => number> = {
  sin: Math.sin, cos: Math.cos, tan: Math.tan, arcsin: Math.asin, arccos: Math.acos, arctan: Math.atan,
  exp: Math.exp, log: Math.log, sqrt: Math.sqrt, abs: Math.abs, floor: Math.floor, ceil: Math.ceil,
};

/** Cross-check helper: `evaluate` on the same environment (used by tests). */
export function evaluateExpr(e: Expr, params: ArrayLike<number>, inputs: ArrayLike<number>): number {
  return evaluate(e, { params, inputs });
}

export type GateKind = "scalar" | "phase" | "diag1" | "diag" | "x" | "swap" | "dense1" | "denseK";

/** One flattened gate, classified: `controls @ name(args)` on `targets` (operand order). */
export interface GateItem {
  readonly kind: GateKind;
  /** The base gate after peeling controls (`__cu` = cu's controlled block e^{iγ}·U(θ, φ, λ)). */
  readonly name: string;
  readonly args: readonly CompiledExpr[];
  readonly controls: readonly Control[];
  readonly targets: readonly number[];
  /** Controls, then targets. */
  readonly qubits: readonly number[];
  readonly diagonal: boolean;
}

const PHASE1 = new Set(["z", "s", "sdg", "t", "tdg", "p", "phase", "u1"]);

/** Classifies a flattened GateOp; `undefined` for an identity (`id` under any controls). */
export function classifyGate(op: GateOp): GateItem | undefined {
  const peeled = peelControls(op);
  const { controls, targets, args } = peeled;
  let name = peeled.name;
  if (peeled.body) {
    // cu: gphase(γ) then U(θ, φ, λ) on the target, i.e. the block e^{iγ}·U(θ, φ, λ)
    if (name !== "cu") throw new Error(`simulator: unexpected controlled form of '${op.name}'`);
    name = "__cu";
  }
  if (name === "id") return undefined;
  let kind: GateKind;
  if (name === "gphase") kind = "scalar";
  else if (PHASE1.has(name)) kind = "phase";
  else if (name === "rz") kind = "diag1";
  else if (name === "rzz") kind = "diag";
  else if (name === "x") kind = "x";
  else if (name === "swap") kind = "swap";
  else if (targets.length === 1) kind = "dense1";
  else kind = "denseK";
  const expected = name === "gphase" ? 0 : kind === "denseK" || kind === "swap" || kind === "diag" ? 2 : 1;
  if (targets.length !== expected) throw new Error(`simulator: gate '${op.name}' has ${targets.length} target(s) after its controls`);
  const diagonal = kind === "scalar" || kind === "phase" || kind === "diag1" || kind === "diag";
  const qubits = [...controls.map((c) => c.qubit), ...targets];
  if (new Set(qubits).size !== qubits.length) throw new Error(`gate '${op.name}' uses a qubit twice (operands ${qubits.join(", ")})`);
  return { kind, name, args: args.map(compileExpr), controls, targets, qubits, diagonal };
}

export function evalArgs(item: GateItem, p: ArrayLike<number>, x: ArrayLike<number>): number[] {
  const out = new Array<number>(item.args.length);
  for (let i = 0; i < out.length; i++) out[i] = item.args[i]!(p, x);
  return out;
}

/**
 * Writes the base gate's matrix (2^k × 2^k, row-major, interleaved re/im; operand 0 = most significant bit)
 * at out[off…]. Common gates are written directly; the rest come from the catalogue.
 */
export function coreInto(name: string, a: readonly number[], out: Float64Array, off: number): void {
  const set2 = (m00r: number, m00i: number, m01r: number, m01i: number, m10r: number, m10i: number, m11r: number, m11i: number) => {
    out[off] = m00r; out[off + 1] = m00i; out[off + 2] = m01r; out[off + 3] = m01i;
    out[off + 4] = m10r; out[off + 5] = m10i; out[off + 6] = m11r; out[off + 7] = m11i;
  };
  switch (name) {
    case "rx": { const c = Math.cos(a[0]! / 2), s = Math.sin(a[0]! / 2); set2(c, 0, 0, -s, 0, -s, c, 0); return; }
    case "ry": { const c = Math.cos(a[0]! / 2), s = Math.sin(a[0]! / 2); set2(c, 0, -s, 0, s, 0, c, 0); return; }
    case "rz": { const c = Math.cos(a[0]! / 2), s = Math.sin(a[0]! / 2); set2(c, -s, 0, 0, 0, 0, c, s); return; }
    case "p": case "phase": case "u1": set2(1, 0, 0, 0, 0, 0, Math.cos(a[0]!), Math.sin(a[0]!)); return;
    case "x": set2(0, 0, 1, 0, 1, 0, 0, 0); return;
    case "h": set2(Math.SQRT1_2, 0, Math.SQRT1_2, 0, Math.SQRT1_2, 0, -Math.SQRT1_2, 0); return;
    case "z": set2(1, 0, 0, 0, 0, 0, -1, 0); return;
    case "U": {
      // [[cos(θ/2), −e^{iλ} sin(θ/2)], [e^{iφ} sin(θ/2), e^{i(φ+λ)} cos(θ/2)]]
      const c = Math.cos(a[0]! / 2), s = Math.sin(a[0]! / 2), ph = a[1]!, la = a[2]!;
      set2(c, 0, -Math.cos(la) * s, -Math.sin(la) * s, Math.cos(ph) * s, Math.sin(ph) * s, Math.cos(ph + la) * c, Math.sin(ph + la) * c);
      return;
    }
    case "__cu": {
      // e^{iγ}·U(θ, φ, λ)
      coreInto("U", a, out, off);
      const gr = Math.cos(a[3]!), gi = Math.sin(a[3]!);
      for (let j = 0; j < 8; j += 2) {
        const r = out[off + j]!, i = out[off + j + 1]!;
        out[off + j] = r * gr - i * gi; out[off + j + 1] = r * gi + i * gr;
      }
      return;
    }
    default: {
      const m = gateMatrix(name, a);
      for (let j = 0; j < m.dim * m.dim; j++) { out[off + 2 * j] = m.re[j]!; out[off + 2 * j + 1] = m.im[j]!; }
    }
  }
}

/** Writes the diagonal of a diagonal base gate (2^k entries, interleaved; gphase: 1 entry) at out[off…]. */
export function diagInto(name: string, a: readonly number[], out: Float64Array, off: number): void {
  switch (name) {
    case "gphase": out[off] = Math.cos(a[0]!); out[off + 1] = Math.sin(a[0]!); return;
    case "p": case "phase": case "u1": out[off] = 1; out[off + 1] = 0; out[off + 2] = Math.cos(a[0]!); out[off + 3] = Math.sin(a[0]!); return;
    case "z": out[off] = 1; out[off + 1] = 0; out[off + 2] = -1; out[off + 3] = 0; return;
    case "rz": {
      const c = Math.cos(a[0]! / 2), s = Math.sin(a[0]! / 2);
      out[off] = c; out[off + 1] = -s; out[off + 2] = c; out[off + 3] = s;
      return;
    }
    default: {
      const m = gateMatrix(name, a);
      for (let j = 0; j < m.dim; j++) { out[off + 2 * j] = m.re[j * m.dim + j]!; out[off + 2 * j + 1] = m.im[j * m.dim + j]!; }
    }
  }
}
