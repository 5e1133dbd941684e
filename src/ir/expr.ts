// Symbolic real-valued expressions for gate angles.
//
// Angles stay symbolic in trainable params (and per-step inputs) so that binding values happens late
// (the simulator never recompiles) and gradient passes can apply the chain rule to every occurrence.
// Constructors fold constants and drop neutral elements, so fully numeric angles stay plain numbers.

export type UnaryFn =
  | "sin" | "cos" | "tan" | "arcsin" | "arccos" | "arctan"
  | "exp" | "log" | "sqrt" | "abs" | "floor" | "ceil";

export type Expr =
  | { readonly k: "num"; readonly v: number }
  /** A scalar trainable parameter: index into `Circuit.params`. */
  | { readonly k: "param"; readonly id: number }
  /** A per-step input feature: index into `Circuit.inputs` (data, substituted by value on export). */
  | { readonly k: "input"; readonly id: number }
  /** A formal argument of the enclosing gate definition (only inside `GateDef.body`). */
  | { readonly k: "arg"; readonly index: number }
  | { readonly k: "neg"; readonly a: Expr }
  | { readonly k: "add" | "sub" | "mul" | "div" | "pow"; readonly a: Expr; readonly b: Expr }
  | { readonly k: "fn"; readonly fn: UnaryFn; readonly a: Expr };

export const num = (v: number): Expr => ({ k: "num", v });
export const ZERO = num(0);
export const ONE = num(1);
export const PI = num(Math.PI);

export const isNum = (e: Expr): e is { k: "num"; v: number } => e.k === "num";

export function neg(a: Expr): Expr {
  if (a.k === "num") return num(-a.v);
  if (a.k === "neg") return a.a;
  return { k: "neg", a };
}

export function add(a: Expr, b: Expr): Expr {
  if (a.k === "num" && b.k === "num") return num(a.v + b.v);
  if (a.k === "num" && a.v === 0) return b;
  if (b.k === "num" && b.v === 0) return a;
  if (b.k === "neg") return sub(a, b.a);
  return { k: "add", a, b };
}

export function sub(a: Expr, b: Expr): Expr {
  if (a.k === "num" && b.k === "num") return num(a.v - b.v);
  if (b.k === "num" && b.v === 0) return a;
  if (a.k === "num" && a.v === 0) return neg(b);
  if (b.k === "neg") return add(a, b.a);
  return { k: "sub", a, b };
}

export function mul(a: Expr, b: Expr): Expr {
  if (a.k === "num" && b.k === "num") return num(a.v * b.v);
  if ((a.k === "num" && a.v === 0) || (b.k === "num" && b.v === 0)) return ZERO;
  if (a.k === "num" && a.v === 1) return b;
  if (b.k === "num" && b.v === 1) return a;
  if (a.k === "num" && a.v === -1) return neg(b);
  if (b.k === "num" && b.v === -1) return neg(a);
  return { k: "mul", a, b };
}

export function div(a: Expr, b: Expr): Expr {
  if (a.k === "num" && b.k === "num" && b.v !== 0) return num(a.v / b.v);
  if (b.k === "num" && b.v === 1) return a;
  if (a.k === "num" && a.v === 0) return ZERO;
  return { k: "div", a, b };
}

export function pow(a: Expr, b: Expr): Expr {
  if (a.k === "num" && b.k === "num") return num(Math.pow(a.v, b.v));
  if (b.k === "num" && b.v === 1) return a;
  return { k: "pow", a, b };
}

export function fn(f: UnaryFn, a: Expr): Expr {
  if (a.k === "num") return num(applyFn(f, a.v));
  return { k: "fn", fn: f, a };
}

export function applyFn(f: UnaryFn, x: number): number {
  switch (f) {
    case "sin": return Math.sin(x);
    case "cos": return Math.cos(x);
    case "tan": return Math.tan(x);
    case "arcsin": return Math.asin(x);
    case "arccos": return Math.acos(x);
    case "arctan": return Math.atan(x);
    case "exp": return Math.exp(x);
    case "log": return Math.log(x);
    case "sqrt": return Math.sqrt(x);
    case "abs": return Math.abs(x);
    case "floor": return Math.floor(x);
    case "ceil": return Math.ceil(x);
  }
}

/** Values for the free symbols of an expression. Missing entries are a programming error. */
export interface Env {
  readonly params: ArrayLike<number>;
  readonly inputs: ArrayLike<number>;
  readonly args?: ArrayLike<number>;
}

export function evaluate(e: Expr, env: Env): number {
  switch (e.k) {
    case "num": return e.v;
    case "param": return env.params[e.id]!;
    case "input": return env.inputs[e.id]!;
    case "arg": return env.args![e.index]!;
    case "neg": return -evaluate(e.a, env);
    case "add": return evaluate(e.a, env) + evaluate(e.b, env);
    case "sub": return evaluate(e.a, env) - evaluate(e.b, env);
    case "mul": return evaluate(e.a, env) * evaluate(e.b, env);
    case "div": return evaluate(e.a, env) / evaluate(e.b, env);
    case "pow": return Math.pow(evaluate(e.a, env), evaluate(e.b, env));
    case "fn": return applyFn(e.fn, evaluate(e.a, env));
  }
}

/** Rebuilds an expression bottom-up, replacing leaves; constructors re-fold constants. */
export function mapLeaves(e: Expr, leaf: (e: Expr) => Expr): Expr {
  switch (e.k) {
    case "num": case "param": case "input": case "arg": return leaf(e);
    case "neg": return neg(mapLeaves(e.a, leaf));
    case "add": return add(mapLeaves(e.a, leaf), mapLeaves(e.b, leaf));
    case "sub": return sub(mapLeaves(e.a, leaf), mapLeaves(e.b, leaf));
    case "mul": return mul(mapLeaves(e.a, leaf), mapLeaves(e.b, leaf));
    case "div": return div(mapLeaves(e.a, leaf), mapLeaves(e.b, leaf));
    case "pow": return pow(mapLeaves(e.a, leaf), mapLeaves(e.b, leaf));
    case "fn": return fn(e.fn, mapLeaves(e.a, leaf));
  }
}

/** Replaces gate-definition arguments by the call site's actual expressions (used when inlining). */
export function substituteArgs(e: Expr, actuals: readonly Expr[]): Expr {
  return mapLeaves(e, (l) => (l.k === "arg" ? actuals[l.index]! : l));
}

/** Binds params and inputs to numbers (leaving `arg`s symbolic) — what `--bind` does. */
export function bindValues(e: Expr, params: ArrayLike<number> | null, inputs: ArrayLike<number> | null): Expr {
  return mapLeaves(e, (l) => {
    if (l.k === "param" && params) return num(params[l.id]!);
    if (l.k === "input" && inputs) return num(inputs[l.id]!);
    return l;
  });
}

/** Calls `visit` on every param id the expression depends on. */
export function forEachParam(e: Expr, visit: (id: number) => void): void {
  switch (e.k) {
    case "param": visit(e.id); return;
    case "num": case "input": case "arg": return;
    case "neg": case "fn": forEachParam(e.a, visit); return;
    default: forEachParam(e.a, visit); forEachParam(e.b, visit);
  }
}

/** d/dx of a unary function at x (floor and ceil: 0 almost everywhere). */
function fnDerivative(f: UnaryFn, x: number): number {
  switch (f) {
    case "sin": return Math.cos(x);
    case "cos": return -Math.sin(x);
    case "tan": { const c = Math.cos(x); return 1 / (c * c); }
    case "arcsin": return 1 / Math.sqrt(1 - x * x);
    case "arccos": return -1 / Math.sqrt(1 - x * x);
    case "arctan": return 1 / (1 + x * x);
    case "exp": return Math.exp(x);
    case "log": return 1 / x;
    case "sqrt": return 0.5 / Math.sqrt(x);
    case "abs": return Math.sign(x);
    case "floor": case "ceil": return 0;
  }
}

/**
 * Reverse-mode chain rule through one expression: adds seed·∂e/∂θ_id to out[id] for every param id the
 * expression depends on, at the point `env`. This is how each gate occurrence's angle passes its
 * derivative on to the (possibly tied) params it is built from.
 */
export function accumulatePartials(e: Expr, env: Env, seed: number, out: Float64Array): void {
  switch (e.k) {
    case "param": out[e.id] = out[e.id]! + seed; return;
    case "num": case "input": case "arg": return;
    case "neg": accumulatePartials(e.a, env, -seed, out); return;
    case "add": accumulatePartials(e.a, env, seed, out); accumulatePartials(e.b, env, seed, out); return;
    case "sub": accumulatePartials(e.a, env, seed, out); accumulatePartials(e.b, env, -seed, out); return;
    case "mul":
      accumulatePartials(e.a, env, seed * evaluate(e.b, env), out);
      accumulatePartials(e.b, env, seed * evaluate(e.a, env), out);
      return;
    case "div": {
      const b = evaluate(e.b, env);
      accumulatePartials(e.a, env, seed / b, out);
      accumulatePartials(e.b, env, (-seed * evaluate(e.a, env)) / (b * b), out);
      return;
    }
    case "pow": {
      const a = evaluate(e.a, env), b = evaluate(e.b, env);
      accumulatePartials(e.a, env, seed * b * Math.pow(a, b - 1), out);
      let hasParam = false;
      forEachParam(e.b, () => { hasParam = true; });
      if (hasParam) accumulatePartials(e.b, env, seed * Math.pow(a, b) * Math.log(a), out);
      return;
    }
    case "fn": accumulatePartials(e.a, env, seed * fnDerivative(e.fn, evaluate(e.a, env)), out); return;
  }
}
