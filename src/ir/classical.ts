// The IR's run-time classical expression language (OpenQASM 3 scalar types) and its semantics.
//
// Where it sits: the OpenQASM importer (src/qasm/lower.ts) builds `CExpr` trees with the builders below
// (`cConst`, `cUnary`, `cBinary`, `cCast`, `cCall`, `assignConvert`), which type-check, insert `cast`
// nodes and fold constant subtrees; the circuit IR (src/ir/circuit.ts) carries them in `assign`,
// `branch` and `while` ops; the simulators (src/sim/*) evaluate them per shot with `compileCExpr`; the
// emitter prints them back with `cexprToQasm`.
//
// Values are JS numbers, always stored normalised to their type (`normalize`): bool 0/1; int[n]/uint[n]
// wrapped two's complement; unsized int/uint truncated toward zero and not wrapped; float[32] rounded
// with Math.fround, float/float[64] doubles; angle as radians in [0, 2π) (angle[n]: a multiple of
// 2π/2^n); bit/bit[n] as the unsigned integer Σ b_i·2^i (element 0 least significant).
//
// Typing rules in brief (OpenQASM 3 types.rst "Casting specifics", classical.rst):
// - Arithmetic promotion mimics C99: float beats integers (wider float beats narrower, unsized float
//   beats all sized); among integers a wider type wins, and with mixed signedness the unsigned type
//   wins when it is at least as wide. Unsized integers beat sized ones (they are the "machine" width),
//   unsized int with unsized uint gives int. bool (and a scalar bit, `bit` = bits of width 1) promote
//   like C's _Bool. bit[n] (n > 1) takes no arithmetic: cast it (e.g. `uint[n](c)`).
// - `/` on integers truncates toward zero, `%` takes the sign of the dividend (C); `%` is for integers
//   only (floats use `mod`). `**` on integers is exact (mod 2^n when sized); a negative exponent gives
//   the truncated quotient 1/b^|e|.
// - Bitwise `& | ^ ~`, shifts and rotations act on sized types (bit[n], int[n], uint[n], angle[n]);
//   `&`/`|`/`^` need the same register width; an unsized integer *literal* meeting a sized operand is
//   converted to its type. The spec says "Bit-level operations cannot be used on types without a
//   specified width", but the QDK's samples (and the importer's import-time arithmetic) shift and combine
//   unsized `int`/`uint` values: here `&`, `|`, `^`, `<<` and `>>` on unsized integers act on the exact
//   integer (two's complement of unbounded width: `<<` multiplies by 2^s, `>>` floors), exact while
//   |v| ≤ 2^53; `~` and rotations still need a width, and a sized operand with an unsized non-literal one
//   has no common width.
// - Comparisons give bool; bit[n] compared with a number acts as uint[n]. `!`, `&&`, `||` take bool (or
//   a scalar bit).
// - Angles: angle ± angle, -angle, angle * int, int * angle, angle / int (the integer converted to
//   uint[n], i.e. taken mod 2^n), angle / angle → uint[n], comparisons; a float meeting an angle in
//   `+`, `-` or a comparison is converted to the angle type (as in `d == pi`). Angles of different
//   widths promote to the wider one (as unsigned integers do).
// - Casts follow the spec's casting table; conversions between bit[n] and int/uint/angle need equal
//   widths (an unsized int/uint target or source has no width to mismatch and is allowed).
//
// Limits and decisions the spec leaves open (all documented here, tested in test/ir/classical.test.ts):
// - Sized int/uint/bit widths above 53 and angle widths above 50 are rejected by the builders
//   (`checkType`): values are JS numbers, exact only up to 2^53 (an angle[n] needs n + 3 bits of margin
//   to be recovered exactly from its radian value). float widths other than 32 and 64 are rejected.
//   Unsized int/uint values are exact while |v| ≤ 2^53 and approximate beyond.
// - Integer `/`, `%` (and angle / 0, 0 ** negative) by zero evaluate to 0 at run time; the builders
//   report "division by zero" when both operands are constants. Floats follow IEEE 754 (NaN, ±∞).
// - normalize: a non-finite value becomes 0 for int/uint/bit/angle types; bool(NaN) is true (`val != 0`).
// - A float or int converted to int[n]/uint[n] out of range wraps modulo 2^n (spec: implementation
//   specific). Narrowing an angle rounds to nearest, ties to even (the spec allows rounding or truncation).
// - A shift or rotation by a negative distance goes the other way; shifting by ≥ the width gives 0 (or
//   the sign fill for `>>` on int[n], which is arithmetic).
// - sin/cos/tan of an angle give `float`; of a float[k] give float[k]; popcount gives unsized uint.
// - `pow` (listed in the brief but not parseable OpenQASM, see the spec's note) is `**`; `mod(int, int)`
//   is `%`.

export type CType =
  | { readonly k: "bool" }
  | { readonly k: "int"; readonly width?: number }
  | { readonly k: "uint"; readonly width?: number }
  | { readonly k: "float"; readonly width?: number }
  | { readonly k: "angle"; readonly width?: number }
  | { readonly k: "bits"; readonly width: number };

export type BitSource = { readonly bit: number } | { readonly value: 0 | 1 };

export type CBinaryOp = "+" | "-" | "*" | "/" | "%" | "**" | "&" | "|" | "^" | "<<" | ">>" | "==" | "!=" | "<" | "<=" | ">" | ">=" | "&&" | "||";
export type CBuiltin = "sin" | "cos" | "tan" | "arcsin" | "arccos" | "arctan" | "exp" | "log" | "sqrt" | "floor" | "ceiling" | "mod" | "pow" | "popcount" | "rotl" | "rotr";

export type CExpr =
  | { readonly k: "const"; readonly type: CType; readonly v: number }
  | { readonly k: "bits"; readonly src: readonly BitSource[]; readonly type: CType }
  | { readonly k: "var"; readonly index: number; readonly type: CType }
  | { readonly k: "unary"; readonly op: "-" | "!" | "~"; readonly a: CExpr; readonly type: CType }
  | { readonly k: "binary"; readonly op: CBinaryOp; readonly a: CExpr; readonly b: CExpr; readonly type: CType }
  | { readonly k: "cast"; readonly a: CExpr; readonly type: CType }
  | { readonly k: "call"; readonly fn: CBuiltin; readonly args: readonly CExpr[]; readonly type: CType };

export interface ClassicalEnv { readonly bits: ArrayLike<number>; readonly vars: ArrayLike<number> }

type Err = { error: string };
const err = (error: string): Err => ({ error });
const isErr = (x: unknown): x is Err => typeof x === "object" && x !== null && "error" in x;

export const EMPTY_ENV: ClassicalEnv = { bits: [], vars: [] };
const TWO_PI = 2 * Math.PI;
export const MAX_INT_WIDTH = 53;
export const MAX_ANGLE_WIDTH = 50;

// ---------------------------------------------------------------------------------------------------
// Types

export const BOOL: CType = { k: "bool" };
export const INT: CType = { k: "int" };
export const UINT: CType = { k: "uint" };
export const FLOAT: CType = { k: "float" };
export const ANGLE: CType = { k: "angle" };

export function sameType(a: CType, b: CType): boolean {
  return a.k === b.k && (a as { width?: number }).width === (b as { width?: number }).width;
}

const widthOf = (t: CType): number | undefined => (t as { width?: number }).width;

/** `int[8]`, `angle[20]`, `bit[3]`, `bool` (a bits type of width 1 is the scalar `bit`). */
export function typeName(t: CType): string {
  if (t.k === "bool") return "bool";
  if (t.k === "bits") return t.width === 1 ? "bit" : `bit[${t.width}]`;
  return t.width === undefined ? t.k : `${t.k}[${t.width}]`;
}

/** Why qseq cannot represent values of type `t` (undefined when it can). */
export function checkType(t: CType): string | undefined {
  const w = widthOf(t);
  if (t.k === "bool" || w === undefined) return undefined;
  if (!Number.isInteger(w) || w < 1) return `\`${typeName(t)}\` needs a positive integer width`;
  if (t.k === "float") return w === 32 || w === 64 ? undefined : `\`${typeName(t)}\` is not supported: qseq has float[32] and float[64]`;
  const max = t.k === "angle" ? MAX_ANGLE_WIDTH : MAX_INT_WIDTH;
  if (w > max) {
    return `\`${typeName(t)}\` is too wide: qseq computes classical values as JS numbers, exact only up to ${max} bits for ${t.k === "angle" ? "angles" : "integers and registers"}`;
  }
  return undefined;
}

const isIntegral = (t: CType): boolean => t.k === "int" || t.k === "uint";
const isNumeric = (t: CType): boolean => t.k === "int" || t.k === "uint" || t.k === "float" || t.k === "bool";
const isScalarBit = (t: CType): boolean => t.k === "bits" && t.width === 1;
const isSized = (t: CType): boolean => widthOf(t) !== undefined;

// ---------------------------------------------------------------------------------------------------
// Values

function roundHalfEven(t: number): number {
  const f = Math.floor(t);
  const d = t - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/** v (an integer-valued double) modulo 2^n, in [0, 2^n). */
function modPow2(v: number, n: number): number {
  const m = 2 ** n;
  let r = v % m;
  if (r < 0) r += m;
  return r + 0;
}

function wrapInt(v: number, n: number, signed: boolean): number {
  let r = modPow2(v, n);
  if (signed && r >= 2 ** (n - 1)) r -= 2 ** n;
  return r;
}

/** The index k of an angle[n] value k·2π/2^n (v: any radian value; rounded to nearest, ties to even). */
function angleIndex(v: number, n: number): number {
  if (!Number.isFinite(v)) return 0;
  let r = v % TWO_PI;
  if (r < 0) r += TWO_PI;
  const k = roundHalfEven((r / TWO_PI) * 2 ** n);
  return k >= 2 ** n ? k - 2 ** n : k;
}

const angleFromIndex = (k: number, n: number): number => (k * TWO_PI) / 2 ** n;

export function normalize(type: CType, v: number): number {
  switch (type.k) {
    case "bool":
      return v !== 0 ? 1 : 0;
    case "int":
    case "uint": {
      if (!Number.isFinite(v)) return 0;
      const t = Math.trunc(v) + 0;
      return type.width === undefined ? t : wrapInt(t, type.width, type.k === "int");
    }
    case "float":
      return type.width === 32 ? Math.fround(v) : v;
    case "angle": {
      if (!Number.isFinite(v)) return 0;
      if (type.width !== undefined) return angleFromIndex(angleIndex(v, type.width), type.width);
      let r = v % TWO_PI;
      if (r < 0) r += TWO_PI;
      return r >= TWO_PI ? 0 : r + 0;
    }
    case "bits":
      if (!Number.isFinite(v)) return 0;
      return modPow2(Math.trunc(v), type.width);
  }
}

/** The unsigned n-bit representation of a value of a sized type (angle[n]: its index). */
function repr(t: CType, v: number): number {
  const w = widthOf(t);
  if (t.k === "bool") return v;
  if (w === undefined) throw new Error(`no bit representation for ${typeName(t)}`);
  if (t.k === "angle") return angleIndex(v, w);
  return modPow2(v, w);
}

function fromRepr(t: CType, u: number): number {
  if (t.k === "angle") return angleFromIndex(modPow2(u, t.width!), t.width!);
  return normalize(t, u);
}

/** Conversion of a value of type `from` to type `to` (the semantics of a `cast` node). */
function convertImpl(from: CType, to: CType): (v: number) => number {
  if (to.k === "bool") return (v) => (v !== 0 ? 1 : 0);
  if (from.k === "angle" && to.k === "bits") {
    const n = from.width!;
    return (v) => angleIndex(v, n);
  }
  if (from.k === "bits" && to.k === "angle") {
    const n = to.width!;
    return (v) => angleFromIndex(v, n);
  }
  if (from.k === "angle" && to.k === "angle" && from.width !== undefined && to.width !== undefined) {
    const n = from.width, m = to.width;
    if (m >= n) return (v) => v; // padding with zero LSBs keeps the value
    const d = 2 ** (n - m);
    return (v) => angleFromIndex(modPow2(roundHalfEven(angleIndex(v, n) / d), m), m);
  }
  return (v) => normalize(to, v);
}

export function cConst(type: CType, v: number): CExpr {
  return { k: "const", type, v: normalize(type, v) };
}

// ---------------------------------------------------------------------------------------------------
// Integer arithmetic (exact: BigInt fallback when a double result would not be)

const big = (v: number): bigint => BigInt(v);

function intWrapBig(r: bigint, t: CType): number {
  const w = widthOf(t);
  if (w === undefined) return Number(r);
  const m = 1n << BigInt(w);
  let x = r % m;
  if (x < 0n) x += m;
  if (t.k === "int" && x >= m >> 1n) x -= m;
  return Number(x);
}

function intDiv(a: number, b: number): number {
  if (b === 0) return 0;
  if (Math.abs(a) <= 2 ** 31 && Math.abs(b) <= 2 ** 31) return Math.trunc(a / b) + 0;
  return Number(big(a) / big(b));
}

function intPow(a: number, e: number, t: CType): number {
  if (e < 0) {
    if (a === 1) return 1;
    if (a === -1) return e % 2 === 0 ? 1 : -1;
    return 0; // includes 0 ** negative (a division by zero)
  }
  const w = widthOf(t);
  if (w === undefined) {
    const bits = Math.abs(a) <= 1 ? 0 : Math.log2(Math.abs(a)) * e;
    if (bits > 1100) return 0; // beyond the double range: non-finite, normalised to 0
    return Number(big(a) ** big(e));
  }
  const m = 1n << BigInt(w);
  let base = ((big(a) % m) + m) % m, r = 1n, k = big(e);
  while (k > 0n) {
    if (k & 1n) r = (r * base) % m;
    base = (base * base) % m;
    k >>= 1n;
  }
  return intWrapBig(r, t);
}

function intArith(op: CBinaryOp, t: CType): (x: number, y: number) => number {
  const norm = (v: number) => normalize(t, v);
  switch (op) {
    case "+": return (x, y) => { const r = x + y; return Number.isSafeInteger(r) ? norm(r) : intWrapBig(big(x) + big(y), t); };
    case "-": return (x, y) => { const r = x - y; return Number.isSafeInteger(r) ? norm(r) : intWrapBig(big(x) - big(y), t); };
    case "*": return (x, y) => { const r = x * y; return Number.isSafeInteger(r) ? norm(r) : intWrapBig(big(x) * big(y), t); };
    case "/": return (x, y) => norm(intDiv(x, y));
    case "%": return (x, y) => (y === 0 ? 0 : norm(x % y));
    case "**": return (x, y) => norm(intPow(x, y, t));
    default: throw new Error(`not an arithmetic operator: ${op}`);
  }
}

function floatArith(op: CBinaryOp, t: CType): (x: number, y: number) => number {
  const f32 = widthOf(t) === 32;
  const n = f32 ? Math.fround : (v: number) => v;
  switch (op) {
    case "+": return (x, y) => n(x + y);
    case "-": return (x, y) => n(x - y);
    case "*": return (x, y) => n(x * y);
    case "/": return (x, y) => n(x / y);
    case "**": return (x, y) => n(Math.pow(x, y));
    default: throw new Error(`not a float operator: ${op}`);
  }
}

function bitwise(op: "&" | "|" | "^", t: CType): (x: number, y: number) => number {
  if (t.k === "bool") {
    return op === "&" ? (x, y) => x & y : op === "|" ? (x, y) => x | y : (x, y) => x ^ y;
  }
  if (widthOf(t) === undefined) {
    // unsized int/uint: the exact integers (BigInt's two's complement of unbounded width)
    return (x, y) => {
      const a = big(Math.trunc(x)), b = big(Math.trunc(y));
      return normalize(t, Number(op === "&" ? a & b : op === "|" ? a | b : a ^ b));
    };
  }
  const w = widthOf(t)!;
  return (x, y) => {
    const u = repr(t, x), v = repr(t, y);
    let r: number;
    if (w <= 30) r = op === "&" ? u & v : op === "|" ? u | v : u ^ v;
    else {
      const a = big(u), b = big(v);
      r = Number(op === "&" ? a & b : op === "|" ? a | b : a ^ b);
    }
    return fromRepr(t, r);
  };
}

function shiftLeftRepr(u: number, s: number, w: number): number {
  if (s >= w) return 0;
  return modPow2(u, w - s) * 2 ** s;
}

function shift(op: "<<" | ">>", t: CType): (x: number, s: number) => number {
  if (widthOf(t) === undefined) {
    // unsized int/uint: multiply by 2^s, or floor the quotient (an arithmetic shift)
    const by = (x: number, s: number) => normalize(t, s >= 0 ? x * 2 ** s : Math.floor(x / 2 ** -s));
    return op === "<<" ? by : (x, s) => by(x, -s);
  }
  const w = widthOf(t)!;
  const signed = t.k === "int";
  const left = (x: number, s: number): number => fromRepr(t, shiftLeftRepr(repr(t, x), s, w));
  const right = (x: number, s: number): number => {
    if (signed) return s >= w ? (x < 0 ? -1 : 0) : Math.floor(x / 2 ** s);
    return s >= w ? fromRepr(t, 0) : fromRepr(t, Math.floor(repr(t, x) / 2 ** s));
  };
  return op === "<<"
    ? (x, s) => (s >= 0 ? left(x, s) : right(x, -s))
    : (x, s) => (s >= 0 ? right(x, s) : left(x, -s));
}

function rotate(dir: "rotl" | "rotr", t: CType): (x: number, d: number) => number {
  const w = widthOf(t)!;
  return (x, d) => {
    let s = ((dir === "rotl" ? d : -d) % w + w) % w;
    s += 0;
    const u = repr(t, x);
    if (s === 0) return fromRepr(t, u);
    return fromRepr(t, shiftLeftRepr(u, s, w) + Math.floor(u / 2 ** (w - s)));
  };
}

function popcount(t: CType): (x: number) => number {
  return (x) => {
    let u = t.k === "bool" ? x : repr(t, x), c = 0;
    while (u > 0) {
      c += u % 2;
      u = Math.floor(u / 2);
    }
    return c;
  };
}

function angleArith(op: CBinaryOp, ta: CType, tb: CType, tr: CType): (x: number, y: number) => number {
  const angleT = ta.k === "angle" ? ta : tb;
  const w = widthOf(angleT);
  if (w === undefined) {
    const n = (v: number) => normalize(ANGLE, v);
    switch (op) {
      case "+": return (x, y) => n(x + y);
      case "-": return (x, y) => n(x - y);
      case "*": return (x, y) => n(x * y);
      case "/":
        if (tr.k === "uint") return (x, y) => (y === 0 ? 0 : Math.trunc(x / y));
        return (x, y) => (y === 0 ? 0 : n(x / y));
    }
    throw new Error(`not an angle operator: ${op}`);
  }
  const m = 2 ** w;
  const ka = (v: number, t: CType) => (t.k === "angle" ? angleIndex(v, w) : modPow2(v, w));
  const out = (k: number) => angleFromIndex(modPow2(k, w), w);
  switch (op) {
    case "+": return (x, y) => out(ka(x, ta) + ka(y, tb));
    case "-": return (x, y) => out(ka(x, ta) - ka(y, tb) + m);
    case "*": return (x, y) => {
      const a = ka(x, ta), b = ka(y, tb), r = a * b;
      return out(Number.isSafeInteger(r) ? r : Number((big(a) * big(b)) % big(m)));
    };
    case "/":
      if (tr.k === "uint") return (x, y) => { const b = ka(y, tb); return b === 0 ? 0 : Math.floor(ka(x, ta) / b); };
      return (x, y) => { const b = ka(y, tb); return b === 0 ? 0 : out(Math.floor(ka(x, ta) / b)); };
  }
  throw new Error(`not an angle operator: ${op}`);
}

function compare(op: CBinaryOp): (x: number, y: number) => number {
  switch (op) {
    case "==": return (x, y) => (x === y ? 1 : 0);
    case "!=": return (x, y) => (x !== y ? 1 : 0);
    case "<": return (x, y) => (x < y ? 1 : 0);
    case "<=": return (x, y) => (x <= y ? 1 : 0);
    case ">": return (x, y) => (x > y ? 1 : 0);
    case ">=": return (x, y) => (x >= y ? 1 : 0);
    case "&&": return (x, y) => (x !== 0 && y !== 0 ? 1 : 0);
    case "||": return (x, y) => (x !== 0 || y !== 0 ? 1 : 0);
    default: throw new Error(`not a comparison: ${op}`);
  }
}

function binaryImpl(e: Extract<CExpr, { k: "binary" }>): (x: number, y: number) => number {
  const ta = e.a.type, tb = e.b.type, tr = e.type;
  switch (e.op) {
    case "+": case "-": case "*": case "/": case "%": case "**":
      if (ta.k === "angle" || tb.k === "angle") return angleArith(e.op, ta, tb, tr);
      return tr.k === "float" ? floatArith(e.op, tr) : intArith(e.op, tr);
    case "&": case "|": case "^":
      return bitwise(e.op, tr);
    case "<<": case ">>":
      return shift(e.op, tr);
    default:
      return compare(e.op);
  }
}

function unaryImpl(e: Extract<CExpr, { k: "unary" }>): (x: number) => number {
  const t = e.type;
  switch (e.op) {
    case "!": return (x) => (x === 0 ? 1 : 0);
    case "~": {
      const w = widthOf(t)!;
      return (x) => fromRepr(t, 2 ** w - 1 - repr(t, x));
    }
    case "-":
      if (t.k === "angle") return t.width === undefined ? (x) => normalize(t, -x) : (x) => fromRepr(t, 2 ** t.width! - repr(t, x));
      if (t.k === "float") return (x) => normalize(t, -x);
      return (x) => normalize(t, -x);
  }
}

const MATH1: Partial<Record<CBuiltin, (x: number) => number>> = {
  sin: Math.sin, cos: Math.cos, tan: Math.tan, arcsin: Math.asin, arccos: Math.acos, arctan: Math.atan,
  exp: Math.exp, log: Math.log, sqrt: Math.sqrt, floor: Math.floor, ceiling: Math.ceil,
};

function callImpl(e: Extract<CExpr, { k: "call" }>): (args: readonly number[]) => number {
  const t = e.type;
  const f1 = MATH1[e.fn];
  if (f1) return (a) => normalize(t, f1(a[0]!));
  switch (e.fn) {
    case "mod": return t.k === "float" ? (a) => normalize(t, a[0]! % a[1]!) : (a) => (a[1] === 0 ? 0 : normalize(t, a[0]! % a[1]!));
    case "pow": return t.k === "float" ? (a) => normalize(t, Math.pow(a[0]!, a[1]!)) : (a) => normalize(t, intPow(a[0]!, a[1]!, t));
    case "popcount": { const p = popcount(e.args[0]!.type); return (a) => p(a[0]!); }
    case "rotl": case "rotr": { const r = rotate(e.fn, t); return (a) => r(a[0]!, a[1]!); }
  }
  throw new Error(`unknown builtin ${e.fn}`);
}

function bitsValue(src: readonly BitSource[], env: ClassicalEnv): number {
  let v = 0;
  for (let i = 0; i < src.length; i++) {
    const s = src[i]!;
    const b = "bit" in s ? env.bits[s.bit] : s.value;
    if (b) v += 2 ** i;
  }
  return v;
}

export function evaluate(e: CExpr, env: ClassicalEnv): number {
  switch (e.k) {
    case "const": return e.v;
    case "bits": return bitsValue(e.src, env);
    case "var": return env.vars[e.index] ?? 0;
    case "unary": return unaryImpl(e)(evaluate(e.a, env));
    case "binary": return binaryImpl(e)(evaluate(e.a, env), evaluate(e.b, env));
    case "cast": return convertImpl(e.a.type, e.type)(evaluate(e.a, env));
    case "call": return callImpl(e)(e.args.map((a) => evaluate(a, env)));
  }
}

export function compileCExpr(e: CExpr): (env: ClassicalEnv) => number {
  switch (e.k) {
    case "const": { const v = e.v; return () => v; }
    case "bits": {
      let k = 0;
      const idx: number[] = [], wt: number[] = [];
      e.src.forEach((s, i) => {
        if ("bit" in s) { idx.push(s.bit); wt.push(2 ** i); } else if (s.value) k += 2 ** i;
      });
      if (idx.length === 0) return () => k;
      if (idx.length === 1) { const b = idx[0]!, w = wt[0]!; return (env) => (env.bits[b] ? k + w : k); }
      return (env) => {
        let v = k;
        for (let i = 0; i < idx.length; i++) if (env.bits[idx[i]!]) v += wt[i]!;
        return v;
      };
    }
    case "var": { const i = e.index; return (env) => env.vars[i] ?? 0; }
    case "unary": { const f = unaryImpl(e), a = compileCExpr(e.a); return (env) => f(a(env)); }
    case "binary": { const f = binaryImpl(e), a = compileCExpr(e.a), b = compileCExpr(e.b); return (env) => f(a(env), b(env)); }
    case "cast": { const f = convertImpl(e.a.type, e.type), a = compileCExpr(e.a); return (env) => f(a(env)); }
    case "call": {
      const f = callImpl(e), args = e.args.map(compileCExpr);
      if (args.length === 1) { const a = args[0]!; return (env) => f([a(env)]); }
      const [a, b] = [args[0]!, args[1]!];
      return (env) => f([a(env), b(env)]);
    }
  }
}

export function isConstant(e: CExpr): boolean {
  switch (e.k) {
    case "const": return true;
    case "bits": return e.src.every((s) => !("bit" in s));
    case "var": return false;
    case "unary": case "cast": return isConstant(e.a);
    case "binary": return isConstant(e.a) && isConstant(e.b);
    case "call": return e.args.every(isConstant);
  }
}

const fold = (e: CExpr): CExpr => (e.k !== "const" && isConstant(e) ? cConst(e.type, evaluate(e, EMPTY_ENV)) : e);

// ---------------------------------------------------------------------------------------------------
// Casts

/** Whether the spec's casting table allows an explicit cast `to(x)` from `from` (undefined) or why not. */
function castError(from: CType, to: CType): string | undefined {
  if (sameType(from, to)) return undefined;
  const no = (why = "") => `cannot cast ${typeName(from)} to ${typeName(to)}${why}`;
  const fw = widthOf(from), tw = widthOf(to);
  switch (from.k) {
    case "bool":
      return to.k === "angle" ? no(" (the spec allows no bool → angle cast)") : undefined;
    case "int": case "uint":
      if (to.k === "angle") return no(" (the spec allows no integer → angle cast; multiply an angle by the integer instead)");
      if (to.k === "bits" && fw !== undefined && fw !== tw) return no(`: the widths differ (${fw} and ${tw}); slice the value instead`);
      return undefined;
    case "float":
      return to.k === "bits" ? no(" (the spec allows no float → bit cast)") : undefined;
    case "angle":
      if (to.k === "bool" || to.k === "angle") return undefined;
      if (to.k === "bits") {
        if (fw === undefined) return no(": an unsized angle has no bit representation");
        return fw === tw ? undefined : no(`: the widths differ (${fw} and ${tw})`);
      }
      return no(" (the spec allows angles to be cast only to bool, bit[n] and other angles)");
    case "bits":
      if (to.k === "float") return no(" (the spec allows no bit → float cast; cast to uint first)");
      if (to.k === "bool") return undefined;
      if (to.k === "bits") return no(": bit registers of different widths need slicing");
      if (to.k === "angle" && tw === undefined) return no(": cast to angle[" + fw + "] instead");
      if (tw !== undefined && tw !== fw) return no(`: the widths differ (${fw} and ${tw})`);
      return undefined;
  }
}

function mkCast(a: CExpr, to: CType): CExpr {
  if (sameType(a.type, to)) return a;
  return fold({ k: "cast", a, type: to });
}

export function cCast(a: CExpr, to: CType): CExpr | { error: string } {
  const bad = checkType(to) ?? checkType(a.type);
  if (bad) return err(bad);
  const why = castError(a.type, to);
  return why ? err(why) : mkCast(a, to);
}

/** Why `from` does not convert implicitly to `to` (undefined when it does). */
function implicitError(from: CType, to: CType): string | undefined {
  if (sameType(from, to)) return undefined;
  const no = (hint: string) => `cannot assign a ${typeName(from)} value to a ${typeName(to)} implicitly${hint}`;
  const f = isScalarBit(from) ? BOOL : from;
  const t = isScalarBit(to) ? BOOL : to;
  if (sameType(f, t)) return undefined;
  if (t.k === "angle") {
    if (f.k === "float" || f.k === "angle") return undefined;
    return no(from.k === "bits" ? `; write ${typeName(to)}(…) (an explicit cast)` : " (an integer is not an angle; multiply an angle by it)");
  }
  if (t.k === "bits") return no(`; write ${typeName(to)}(…) (an explicit cast)`);
  if (f.k === "angle") return no(t.k === "bool" ? "; write bool(…)" : " (angles do not convert to numbers)");
  if (f.k === "bits") return no(`; write ${typeName(to)}(…) (an explicit cast)`);
  if (f.k === "float" && (t.k === "int" || t.k === "uint")) return no(`; write ${typeName(to)}(…) to truncate`);
  return undefined; // among bool, int, uint, float (C99 conversions)
}

export function assignConvert(e: CExpr, to: CType): CExpr | { error: string } {
  const bad = checkType(to) ?? checkType(e.type);
  if (bad) return err(bad);
  const why = implicitError(e.type, to);
  return why ? err(why) : mkCast(e, to);
}

// ---------------------------------------------------------------------------------------------------
// Builders

/** The C99-like common type of two numeric (bool/int/uint/float) types. */
function promote(a: CType, b: CType): CType {
  if (a.k === "float" || b.k === "float") {
    if (a.k !== "float") return b;
    if (b.k !== "float") return a;
    if (a.width === undefined || b.width === undefined) return FLOAT;
    return a.width >= b.width ? a : b;
  }
  if (a.k === "bool") return b.k === "bool" ? INT : b;
  if (b.k === "bool") return a;
  const wa = widthOf(a), wb = widthOf(b);
  if (wa === undefined && wb === undefined) return a.k === b.k ? a : INT;
  if (wa === undefined) return a;
  if (wb === undefined) return b;
  if (a.k === b.k) return wa >= wb ? a : b;
  const [u, s] = a.k === "uint" ? [a, b] : [b, a];
  return widthOf(u)! >= widthOf(s)! ? u : s;
}

const both = (a: CExpr, b: CExpr) => `${typeName(a.type)} and ${typeName(b.type)}`;

function mkBinary(op: CBinaryOp, a: CExpr, b: CExpr, type: CType): CExpr | Err {
  const e: CExpr = { k: "binary", op, a, b, type };
  if (isConstant(a) && isConstant(b)) {
    const y = evaluate(b, EMPTY_ENV);
    const intDivision = (op === "/" || op === "%") && type.k !== "float" && !(type.k === "angle" && b.type.k === "float");
    if (intDivision && y === 0) return err("division by zero");
    if (op === "**" && type.k !== "float" && y < 0 && evaluate(a, EMPTY_ENV) === 0) return err("division by zero (0 raised to a negative power)");
  }
  return fold(e);
}

/** A scalar bit acts as bool; any other operand is unchanged. */
const asBoolIfBit = (a: CExpr): CExpr => (isScalarBit(a.type) ? mkCast(a, BOOL) : a);

/** An unsized integer literal meeting a sized operand takes its type. */
function adaptLiteral(a: CExpr, b: CExpr): [CExpr, CExpr] {
  const lit = (x: CExpr) => x.k === "const" && isIntegral(x.type) && !isSized(x.type);
  const sized = (x: CExpr) => (isIntegral(x.type) || x.type.k === "bits") && isSized(x.type);
  if (lit(a) && sized(b)) return [mkCast(a, b.type), b];
  if (lit(b) && sized(a)) return [a, mkCast(b, a.type)];
  return [a, b];
}

function angleBinary(op: CBinaryOp, a: CExpr, b: CExpr): CExpr | Err {
  const ta = a.type, tb = b.type;
  const commonAngle = (): CType => {
    if (ta.k !== "angle") return tb;
    if (tb.k !== "angle") return ta;
    if (ta.width === undefined || tb.width === undefined) return ANGLE;
    return ta.width >= tb.width ? ta : tb;
  };
  const integerLike = (t: CType) => isIntegral(t);
  switch (op) {
    case "+": case "-": {
      if (!(ta.k === "angle" || ta.k === "float") || !(tb.k === "angle" || tb.k === "float")) {
        return err(`\`${op}\` on ${both(a, b)} is not defined: an angle adds only to an angle (or a float, which is converted)`);
      }
      const t = commonAngle();
      return mkBinary(op, mkCast(a, t), mkCast(b, t), t);
    }
    case "*": {
      const [ang, k] = ta.k === "angle" ? [a, b] : [b, a];
      if (ang.type.k !== "angle" || !integerLike(k.type)) {
        return err(`\`*\` on ${both(a, b)} is not defined: an angle multiplies only by an integer`);
      }
      const kt: CType = ang.type.width === undefined ? INT : { k: "uint", width: ang.type.width };
      const kk = mkCast(k, kt);
      return ta.k === "angle" ? mkBinary("*", ang, kk, ang.type) : mkBinary("*", kk, ang, ang.type);
    }
    case "/": {
      if (ta.k !== "angle") return err(`\`/\` on ${both(a, b)} is not defined: nothing can be divided by an angle except an angle`);
      if (tb.k === "angle") {
        const t = commonAngle();
        const w = widthOf(t);
        return mkBinary("/", mkCast(a, t), mkCast(b, t), w === undefined ? UINT : { k: "uint", width: w });
      }
      if (!integerLike(tb)) return err(`\`/\` on ${both(a, b)} is not defined: an angle divides only by an integer or an angle`);
      const kt: CType = ta.width === undefined ? INT : { k: "uint", width: ta.width };
      return mkBinary("/", a, mkCast(b, kt), ta);
    }
    default:
      return err(`\`${op}\` needs ${op === "%" ? "integers" : "numbers"}, not ${both(a, b)}`);
  }
}

export function cBinary(op: CBinaryOp, a0: CExpr, b0: CExpr): CExpr | { error: string } {
  const bad = checkType(a0.type) ?? checkType(b0.type);
  if (bad) return err(bad);
  switch (op) {
    case "+": case "-": case "*": case "/": case "%": case "**": {
      if (a0.type.k === "angle" || b0.type.k === "angle") return angleBinary(op, a0, b0);
      const a = asBoolIfBit(a0), b = asBoolIfBit(b0);
      if (!isNumeric(a.type) || !isNumeric(b.type)) {
        const reg = a.type.k === "bits" ? a.type : b.type;
        return err(`\`${op}\` needs numbers, not ${both(a0, b0)}: cast the register first, e.g. uint[${widthOf(reg)}](…)`);
      }
      const t = promote(a.type, b.type);
      if (op === "%" && t.k === "float") return err(`\`%\` needs integers, not ${both(a0, b0)} (use mod(x, y) for floats)`);
      return mkBinary(op, mkCast(a, t), mkCast(b, t), t);
    }
    case "&": case "|": case "^": {
      const boolish = (t: CType) => t.k === "bool" || isScalarBit(t);
      if ((a0.type.k === "bool" || b0.type.k === "bool") && boolish(a0.type) && boolish(b0.type)) {
        return mkBinary(op, mkCast(a0, BOOL), mkCast(b0, BOOL), BOOL);
      }
      let [a, b] = adaptLiteral(a0, b0);
      // a scalar bit meeting an integer acts as that integer's 0 or 1 (`number |= measure q` in the QDK's samples)
      if (isScalarBit(a.type) && isIntegral(b.type)) a = mkCast(a, b.type);
      else if (isScalarBit(b.type) && isIntegral(a.type)) b = mkCast(b, a.type);
      const ta = a.type, tb = b.type;
      if (ta.k === "bits" || tb.k === "bits" || ta.k === "angle" || tb.k === "angle") {
        if (!sameType(ta, tb) || !isSized(ta)) {
          return err(`\`${op}\` needs two operands of the same sized type, not ${both(a0, b0)}`);
        }
        return mkBinary(op, a, b, ta);
      }
      if (!isIntegral(ta) || !isIntegral(tb)) return err(`\`${op}\` needs integers or bit registers, not ${both(a0, b0)}`);
      const t = promote(ta, tb);
      // two unsized integers combine as exact integers (see the header); a sized one with an unsized one
      // (other than a literal, adapted above) has no common width
      if (!isSized(t) && (isSized(ta) || isSized(tb))) return err(`\`${op}\` needs sized types of one width, or two unsized integers, not ${both(a0, b0)}`);
      return mkBinary(op, mkCast(a, t), mkCast(b, t), t);
    }
    case "<<": case ">>": {
      const t = a0.type;
      const shiftable = ((t.k === "bits" || t.k === "angle") && isSized(t)) || isIntegral(t);
      if (!shiftable) return err(`\`${op}\` shifts an integer, a sized angle or a bit register, not ${typeName(t)}`);
      if (!isIntegral(b0.type)) return err(`\`${op}\` needs an integer shift distance, not ${typeName(b0.type)}`);
      return mkBinary(op, a0, b0, t);
    }
    case "==": case "!=": case "<": case "<=": case ">": case ">=": {
      let a = a0, b = b0;
      if (a.type.k === "angle" || b.type.k === "angle") {
        const ok = (t: CType) => t.k === "angle" || t.k === "float";
        if (!ok(a.type) || !ok(b.type)) return err(`\`${op}\` compares an angle only with an angle (or a float), not ${both(a0, b0)}`);
        let t: CType = a.type.k === "angle" ? a.type : b.type;
        if (a.type.k === "angle" && b.type.k === "angle") {
          const wa = a.type.width, wb = b.type.width;
          t = wa === undefined || wb === undefined ? ANGLE : wa >= wb ? a.type : b.type;
        }
        return mkBinary(op, mkCast(a, t), mkCast(b, t), BOOL);
      }
      if (a.type.k === "bits" && b.type.k === "bits") {
        if (a.type.width !== b.type.width) return err(`\`${op}\` compares bit registers of the same width, not ${both(a0, b0)}`);
        return mkBinary(op, a, b, BOOL);
      }
      const regAsUint = (x: CExpr, other: CExpr): CExpr =>
        x.type.k !== "bits" ? x : isScalarBit(x.type) && other.type.k === "bool" ? mkCast(x, BOOL) : mkCast(x, { k: "uint", width: x.type.width });
      if (a.type.k === "bits" && b.type.k === "bool" && !isScalarBit(a.type)) return err(`\`${op}\` cannot compare ${both(a0, b0)}; write bool(…)`);
      if (b.type.k === "bits" && a.type.k === "bool" && !isScalarBit(b.type)) return err(`\`${op}\` cannot compare ${both(a0, b0)}; write bool(…)`);
      a = regAsUint(a0, b0);
      b = regAsUint(b0, a0);
      if (a.type.k === "bool" && b.type.k === "bool") return mkBinary(op, a, b, BOOL);
      const t = promote(a.type, b.type);
      return mkBinary(op, mkCast(a, t), mkCast(b, t), BOOL);
    }
    case "&&": case "||": {
      const a = asBoolIfBit(a0), b = asBoolIfBit(b0);
      if (a.type.k !== "bool" || b.type.k !== "bool") return err(`\`${op}\` needs bool operands, not ${both(a0, b0)}; write bool(…)`);
      return mkBinary(op, a, b, BOOL);
    }
  }
}

export function cUnary(op: "-" | "!" | "~", a0: CExpr): CExpr | { error: string } {
  const bad = checkType(a0.type);
  if (bad) return err(bad);
  const t0 = a0.type;
  switch (op) {
    case "!": {
      const a = asBoolIfBit(a0);
      if (a.type.k !== "bool") return err(`\`!\` needs a bool, not ${typeName(t0)}; write bool(…) or compare with 0`);
      return fold({ k: "unary", op, a, type: BOOL });
    }
    case "~":
      if (!((t0.k === "bits" || t0.k === "angle" || isIntegral(t0)) && isSized(t0))) {
        return err(`\`~\` needs a sized integer, angle or bit register, not ${typeName(t0)}${t0.k === "bool" ? " (use `!` for bool)" : ""}`);
      }
      return fold({ k: "unary", op, a: a0, type: t0 });
    case "-": {
      const a = asBoolIfBit(a0);
      if (a.type.k === "bits") return err(`\`-\` needs a number or an angle, not ${typeName(t0)}`);
      const t = a.type.k === "bool" ? INT : a.type;
      return fold({ k: "unary", op, a: mkCast(a, t), type: t });
    }
  }
}

const ARITY: Record<CBuiltin, number> = {
  sin: 1, cos: 1, tan: 1, arcsin: 1, arccos: 1, arctan: 1, exp: 1, log: 1, sqrt: 1, floor: 1, ceiling: 1,
  mod: 2, pow: 2, popcount: 1, rotl: 2, rotr: 2,
};

export function cCall(fn: CBuiltin, args: readonly CExpr[]): CExpr | { error: string } {
  const n = ARITY[fn];
  if (args.length !== n) return err(`\`${fn}\` takes ${n} argument${n === 1 ? "" : "s"}, not ${args.length}`);
  for (const a of args) {
    const bad = checkType(a.type);
    if (bad) return err(bad);
  }
  const call = (as: readonly CExpr[], type: CType): CExpr => fold({ k: "call", fn, args: as, type });
  const x = asBoolIfBit(args[0]!);
  switch (fn) {
    case "sin": case "cos": case "tan": case "arcsin": case "arccos": case "arctan": case "exp": case "log": case "sqrt": case "floor": case "ceiling": {
      if (x.type.k === "angle" && (fn === "sin" || fn === "cos" || fn === "tan")) return call([x], FLOAT);
      if (!isNumeric(x.type)) {
        const takes = fn === "sin" || fn === "cos" || fn === "tan" ? "a float or an angle" : "a float";
        return err(`\`${fn}\` takes ${takes}, not ${typeName(args[0]!.type)}`);
      }
      const t = x.type.k === "float" ? x.type : FLOAT;
      return call([mkCast(x, t)], t);
    }
    case "mod": case "pow": {
      const y = asBoolIfBit(args[1]!);
      if (!isNumeric(x.type) || !isNumeric(y.type)) return err(`\`${fn}\` takes two numbers, not ${both(args[0]!, args[1]!)}`);
      const t = promote(x.type, y.type);
      if (fn === "pow") return cBinary("**", x, y);
      if (t.k !== "float") return cBinary("%", x, y);
      return call([mkCast(x, t), mkCast(y, t)], t);
    }
    case "popcount": {
      const t = args[0]!.type;
      if (!((t.k === "bits" || t.k === "angle" || isIntegral(t)) && isSized(t))) return err(`\`popcount\` takes a bit register (or a sized integer or angle), not ${typeName(t)}`);
      return call([args[0]!], UINT);
    }
    case "rotl": case "rotr": {
      const v = args[0]!, d = args[1]!;
      const t = v.type;
      if (!((t.k === "bits" || t.k === "angle" || t.k === "uint") && isSized(t))) return err(`\`${fn}\` rotates a bit[n] or uint[n] value, not ${typeName(t)}`);
      if (!isIntegral(d.type)) return err(`\`${fn}\` needs an integer distance, not ${typeName(d.type)}`);
      return call([v, mkCast(d, INT)], t);
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Printing

/** A float literal with a decimal point (`1.0`, `1.0e+21`); NaN and ±∞, which have no literal, as `exp` overflows. */
export function floatLiteral(v: number): string {
  if (Number.isNaN(v)) return "(exp(1000.0) - exp(1000.0))";
  if (!Number.isFinite(v)) return v > 0 ? "exp(1000.0)" : "(-exp(1000.0))";
  let s = String(Math.abs(v));
  if (!s.includes(".")) {
    const i = s.indexOf("e");
    s = i < 0 ? `${s}.0` : `${s.slice(0, i)}.0${s.slice(i)}`;
  }
  return v < 0 || Object.is(v, -0) ? `(-${s})` : s;
}

const intLiteral = (v: number): string => (Number.isFinite(v) ? BigInt(Math.trunc(v)).toString() : "0");

/** A constant of type `t` as an OpenQASM 3 literal (typed by a cast where the literal alone would not be). */
export function constToQasm(t: CType, v: number): string {
  switch (t.k) {
    case "bool": return v ? "true" : "false";
    case "int":
      if (t.width === undefined) return v < 0 ? `(${intLiteral(v)})` : intLiteral(v);
      return `${typeName(t)}(${intLiteral(v)})`;
    case "uint": return `${typeName(t)}(${intLiteral(v)})`;
    case "float": return t.width === undefined ? floatLiteral(v) : `${typeName(t)}(${floatLiteral(v)})`;
    case "angle": return `${typeName(t)}(${floatLiteral(v)})`;
    case "bits": {
      let s = "";
      for (let i = t.width - 1; i >= 0; i--) s += Math.floor(v / 2 ** i) % 2 ? "1" : "0";
      return `"${s}"`;
    }
  }
}

export interface CExprNames {
  bit(b: number): string;
  var(index: number): string;
  /** Optionally, how to print a whole register read (e.g. `c` for all of `bit[3] c`); undefined: bit by bit. */
  bits?(src: readonly BitSource[]): string | undefined;
}

export function cexprToQasm(e: CExpr, names: CExprNames): string {
  const p = (x: CExpr): string => cexprToQasm(x, names);
  switch (e.k) {
    case "const": return constToQasm(e.type, e.v);
    case "bits": {
      const whole = names.bits?.(e.src);
      if (whole !== undefined) return whole;
      const n = e.src.length;
      if (isConstant(e)) return constToQasm(e.type, evaluate(e, EMPTY_ENV));
      const s0 = e.src[0]!;
      if (n === 1 && "bit" in s0) return names.bit(s0.bit);
      // Σ b_i·2^i as an unsized uint (a scalar bit casts to it; a sized uint[n] would need width 1), then bit[n]
      const parts: string[] = [];
      let k = 0;
      e.src.forEach((s, i) => {
        if ("bit" in s) parts.push(i === 0 ? `uint(${names.bit(s.bit)})` : `${2 ** i} * uint(${names.bit(s.bit)})`);
        else if (s.value) k += 2 ** i;
      });
      if (k) parts.push(String(k));
      return `${typeName(e.type)}(${parts.join(" + ")})`;
    }
    case "var": return names.var(e.index);
    case "unary": return `(${e.op}${p(e.a)})`;
    case "binary": return `(${p(e.a)} ${e.op} ${p(e.b)})`;
    case "cast": return `${typeName(e.type)}(${p(e.a)})`;
    case "call":
      if (e.fn === "pow") return `(${p(e.args[0]!)} ** ${p(e.args[1]!)})`;
      return `${e.fn}(${e.args.map(p).join(", ")})`;
  }
}

/** The builders' result, or throws (for callers that have already type-checked). */
export function unwrap(r: CExpr | { error: string }): CExpr {
  if (isErr(r)) throw new Error(r.error);
  return r;
}
