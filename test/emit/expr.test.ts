import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { evaluate, type Expr, type UnaryFn } from "../../src/ir/expr.js";
import { angleKind, exprKey, printAngleExpr, printFloatExpr, type ExprNames } from "../../src/emit/qasm3/expr.js";

const P = (id: number): Expr => ({ k: "param", id });
const A = (index: number): Expr => ({ k: "arg", index });
const N = (v: number): Expr => ({ k: "num", v });
const bin = (k: "add" | "sub" | "mul" | "div" | "pow", a: Expr, b: Expr): Expr => ({ k, a, b });
const neg = (a: Expr): Expr => ({ k: "neg", a });
const fn = (f: UnaryFn, a: Expr): Expr => ({ k: "fn", fn: f, a });

const PARAM_NAMES = ["a", "b", "c", "d"];
const names: ExprNames = { param: (id) => PARAM_NAMES[id]!, arg: (i) => `t${i}`, absHelper: () => "qseq_abs" };
const f = (e: Expr) => printFloatExpr(e, names);
const g = (e: Expr) => printAngleExpr(e, names);

describe("printFloatExpr", () => {
  it("uses the fewest parentheses that keep the tree", () => {
    const [a, b, c] = [P(0), P(1), P(2)];
    expect(f(bin("sub", a, bin("add", b, c)))).toBe("a - (b + c)");
    expect(f(bin("add", bin("sub", a, b), c))).toBe("a - b + c");
    expect(f(bin("add", a, bin("add", b, c)))).toBe("a + (b + c)");
    expect(f(bin("mul", bin("add", a, b), c))).toBe("(a + b) * c");
    expect(f(bin("add", bin("mul", a, b), c))).toBe("a * b + c");
    expect(f(bin("div", a, bin("mul", b, c)))).toBe("a / (b * c)");
    expect(f(bin("mul", bin("div", a, b), c))).toBe("a / b * c");
    expect(f(neg(bin("pow", a, b)))).toBe("-a ** b");
    expect(f(bin("pow", neg(a), b))).toBe("(-a) ** b");
    expect(f(bin("pow", a, bin("pow", b, c)))).toBe("a ** b ** c");
    expect(f(bin("pow", bin("pow", a, b), c))).toBe("(a ** b) ** c");
    expect(f(bin("pow", a, neg(b)))).toBe("a ** (-b)");
    expect(f(bin("mul", a, neg(b)))).toBe("a * (-b)");
    expect(f(bin("mul", neg(a), b))).toBe("-a * b");
    expect(f(neg(bin("mul", a, b)))).toBe("-(a * b)");
    expect(f(neg(neg(a)))).toBe("-(-a)");
    expect(f(bin("sub", a, neg(b)))).toBe("a - (-b)");
    expect(f(bin("add", a, N(-0.5)))).toBe("a - 0.5");
    expect(f(bin("sub", a, N(-2)))).toBe("a + 2.0");
    expect(f(bin("mul", N(-2), a))).toBe("-2.0 * a");
    expect(f(bin("pow", N(-2), a))).toBe("(-2.0) ** a");
    expect(f(fn("ceil", bin("div", a, N(2))))).toBe("ceiling(a / 2.0)");
    expect(f(fn("arcsin", a))).toBe("arcsin(a)");
    expect(f(bin("mul", N(3), fn("abs", a)))).toBe("3.0 * qseq_abs(a)");
    expect(f(N(Math.PI))).toBe("pi");
    expect(f(N(-Math.PI))).toBe("-pi");
    expect(f(N(1))).toBe("1.0");
    expect(f(N(-0))).toBe("-0.0");
  });

  it("throws on unbound inputs and non-finite numbers", () => {
    expect(() => f({ k: "input", id: 0 })).toThrow(/unbound/);
    expect(() => f(N(Number.NaN))).toThrow(/non-finite/);
  });

  it("prints text that evaluates to exactly the same double (property, OpenQASM precedence)", () => {
    const values = [0.3, -1.7, 2.5, 1e-3];
    const leaf = fc.oneof(
      fc.integer({ min: 0, max: 3 }).map(P),
      fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).map(N),
      fc.integer({ min: -5, max: 5 }).map(N),
      fc.constantFrom(N(Math.PI), N(-0), N(0.1)),
    );
    const tree = fc.letrec<{ e: Expr }>((tie) => ({
      e: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        leaf,
        tie("e").map(neg),
        fc.tuple(fc.constantFrom("add", "sub", "mul", "div", "pow") as fc.Arbitrary<"add">, tie("e"), tie("e")).map(([k, a, b]) => bin(k, a, b)),
        fc.tuple(fc.constantFrom<UnaryFn>("sin", "cos", "exp", "sqrt", "floor", "ceil", "abs", "arctan"), tie("e")).map(([u, a]) => fn(u, a)),
      ),
    })).e;
    fc.assert(
      fc.property(tree, (e) => {
        const text = f(e);
        expect(text).not.toMatch(/(\+|-|\*|\/|\*\*) -/); // never a bare unary minus after an operator
        const expected = evaluate(e, { params: values, inputs: [] });
        const got = evalQasm(text, values);
        expect(Object.is(got, expected) || (Number.isNaN(got) && Number.isNaN(expected)), `${text}: ${got} vs ${expected}`).toBe(true);
      }),
      { numRuns: 3000, seed: 42 },
    );
  });
});

describe("angle context (gate bodies)", () => {
  it("classifies what qsharp-lang can compute on angles exactly", () => {
    expect(angleKind(A(0))).toBe("angle");
    expect(angleKind(bin("add", A(0), N(0.5)))).toBe("angle");
    expect(angleKind(bin("sub", N(0.5), A(1)))).toBe("angle");
    expect(angleKind(neg(bin("add", A(0), A(1))))).toBe("angle");
    expect(angleKind(bin("mul", N(2), A(0)))).toBe("angle");
    expect(angleKind(bin("mul", A(0), N(-3)))).toBe("angle");
    expect(angleKind(bin("mul", A(0), N(0.5)))).toBe(null);
    expect(angleKind(bin("mul", A(0), A(1)))).toBe(null);
    expect(angleKind(bin("div", A(0), N(2)))).toBe(null);
    expect(angleKind(fn("sin", A(0)))).toBe(null);
    expect(angleKind(P(0))).toBe(null);
    expect(angleKind(bin("div", N(1), N(3)))).toBe("const");
    expect(angleKind(fn("sin", N(1)))).toBe("const");
  });

  it("prints angle arithmetic with integer multipliers and folded constants", () => {
    expect(g(bin("add", A(0), N(0.5)))).toBe("t0 + 0.5");
    expect(g(bin("sub", N(0.5), A(0)))).toBe("0.5 - t0");
    expect(g(bin("add", A(0), N(-0.5)))).toBe("t0 - 0.5");
    expect(g(bin("mul", N(2), A(0)))).toBe("2 * t0");
    expect(g(bin("mul", A(0), N(-3)))).toBe("-(t0 * 3)");
    expect(g(bin("mul", N(-3), A(0)))).toBe("-(3 * t0)");
    expect(g(bin("mul", N(2), bin("add", A(0), A(1))))).toBe("2 * (t0 + t1)");
    expect(g(bin("mul", bin("add", A(0), A(1)), N(2)))).toBe("(t0 + t1) * 2");
    expect(g(neg(bin("sub", A(0), A(1))))).toBe("-(t0 - t1)");
    expect(g(bin("add", A(0), bin("div", N(1), N(4))))).toBe("t0 + 0.25");
    expect(g(fn("sin", N(0)))).toBe("0.0");
    expect(() => g(bin("div", A(0), N(2)))).toThrow(/not printable/);
  });

  it("keys expressions structurally", () => {
    expect(exprKey(bin("add", A(0), N(1)))).toBe(exprKey({ b: N(1), a: A(0), k: "add" } as Expr));
    expect(exprKey(N(0))).not.toBe(exprKey(N(-0)));
    expect(exprKey(P(0))).not.toBe(exprKey(A(0)));
  });
});

// ─────────────────── a tiny evaluator of OpenQASM 3 expressions (test oracle) ───────────────────

function evalQasm(text: string, params: readonly number[]): number {
  const toks = text.match(/\*\*|[-+*/(),]|[0-9]+\.[0-9]+(?:e-?[0-9]+)?|[A-Za-z_][A-Za-z0-9_]*/g) ?? [];
  if (toks.join("") !== text.replace(/\s+/g, "")) throw new Error(`untokenisable: ${text}`);
  let i = 0;
  const peek = () => toks[i];
  const take = (t?: string) => {
    const x = toks[i++];
    if (t !== undefined && x !== t) throw new Error(`expected ${t}, got ${x} in ${text}`);
    return x!;
  };
  const FNS: Record<string, (x: number) => number> = {
    sin: Math.sin, cos: Math.cos, tan: Math.tan, arcsin: Math.asin, arccos: Math.acos, arctan: Math.atan,
    exp: Math.exp, log: Math.log, sqrt: Math.sqrt, floor: Math.floor, ceiling: Math.ceil, qseq_abs: Math.abs,
  };
  const additive = (): number => {
    let v = multiplicative();
    while (peek() === "+" || peek() === "-") v = take() === "+" ? v + multiplicative() : v - multiplicative();
    return v;
  };
  const multiplicative = (): number => {
    let v = unary();
    while (peek() === "*" || peek() === "/") v = take() === "*" ? v * unary() : v / unary();
    return v;
  };
  const unary = (): number => (peek() === "-" ? (take(), -unary()) : power());
  const power = (): number => {
    const base = atom();
    if (peek() !== "**") return base;
    take();
    return Math.pow(base, power());
  };
  const atom = (): number => {
    const t = take();
    if (t === "(") { const v = additive(); take(")"); return v; }
    if (/^[0-9]/.test(t)) return Number(t);
    if (t === "pi") return Math.PI;
    const k = PARAM_NAMES.indexOf(t);
    if (k >= 0) return params[k]!;
    const fnc = FNS[t];
    if (!fnc) throw new Error(`unknown name ${t}`);
    take("(");
    const v = additive();
    take(")");
    return fnc(v);
  };
  const v = additive();
  if (i !== toks.length) throw new Error(`trailing tokens in ${text}`);
  return v;
}
