// The gate catalogue: the meaning of every built-in gate, defined once.
//
// For each gate of GATE_SIGNATURES (except the variadic sugar mcp/mcx/mcz, which elaboration lowers to
// `ctrl(m) @ p/x/z`) this module gives
//   - its exact unitary matrix for numeric arguments (`gateMatrix`), following OpenQASM 3 and its
//     `stdgates.inc` exactly, global phase included;
//   - an exact symbolic inverse (`inverseOf`);
//   - for 1-qubit gates an exact symbolic ZYZ form (`zyz`), global phase included;
//   - for the qseq extras a definition body in stdgates.inc gates (`extraDefinition`, `EXTRA_DEFINITIONS`);
//   - symbolic folding of `inv`/`pow` modifiers into plain gates (`foldModifiers`, `powerOf`);
//   - the numeric matrix of a gate with modifiers (`modifiedGateMatrix`, `fullGateMatrix`).
//
// MATRIX CONVENTION (qubit ordering): operand 0 is the MOST significant bit of a matrix row/column index.
// So `cx` (control = operand 0) is [[1,0,0,0],[0,1,0,0],[0,0,0,1],[0,0,1,0]] and `ctrl @ g` is the block
// matrix diag(I, g). The reference simulator uses the same convention for whole states: qubit 0 is the
// most significant bit of a basis-state index (|q0 q1 … q_{n−1}⟩ read as a binary number).
//
// POWERS: `pow(t) @ g` means the principal power exp(t·Log g), with the eigenvalue phases of g taken in
// (−π, π] (OpenQASM 3); eigenphases within 1e-9 of −π count as +π, so that rounding never flips the branch.
// Integer t is plain repetition (negative: of the inverse). Symbolically, a wrapped phase is written
// w(φ) = φ − 2π·ceil((φ − π − 1e-9)/2π), which folds to a number for numeric angles.

import { UnrollLimitError } from "../check/limits.js";
import type { Modifier } from "./circuit.js";
import { GATE_SIGNATURES } from "./gate-signatures.js";
import { add, div, fn, isNum, mul, neg, num, PI, sub, substituteArgs, ZERO, type Expr } from "./expr.js";
import {
  cexpi, cmAdjoint, cmControlled, cmDiag, cmFromRows, cmIdentity, cmKron, cmMaxAbsDiff, cmMul, cmPow, cmScale,
  cmZeros, cmulc, numericZyz, BRANCH_CUT_SNAP, type CMatrix,
} from "./cmatrix.js";

// ───────────────────────────────────────────── names ──────────────────────────────────────────────

/** Gates whose meaning this catalogue defines (everything but the variadic sugar). */
export const CATALOGUE_GATES: readonly string[] = [...GATE_SIGNATURES.values()]
  .filter((s) => s.origin !== "variadic")
  .map((s) => s.name);

/** The gates declared by OpenQASM 3 `stdgates.inc` that `decomposeToStdgates` may emit. */
export const STDGATE_OUTPUT: ReadonlySet<string> = new Set([
  "p", "x", "y", "z", "h", "s", "sdg", "t", "tdg", "sx", "rx", "ry", "rz", "cx", "cy", "cz", "cp", "crx", "cry",
  "crz", "ch", "swap", "ccx", "cswap", "cu", "id", "u1", "u2", "u3",
]);

export function isCatalogueGate(name: string): boolean {
  const s = GATE_SIGNATURES.get(name);
  return s !== undefined && s.origin !== "variadic";
}

function signature(name: string) {
  const s = GATE_SIGNATURES.get(name);
  if (!s || s.origin === "variadic") throw new Error(`unknown gate '${name}' (not in the gate catalogue)`);
  return s;
}

/** Number of qubit operands of a catalogue gate (without modifiers). */
export function gateArity(name: string): number {
  return signature(name).qubits;
}

/** Number of angle arguments of a catalogue gate. */
export function gateParamCount(name: string): number {
  return signature(name).params;
}

/**
 * Diagonal in the computational basis (so it commutes with every other diagonal gate). Modifiers keep
 * a gate diagonal (ctrl, inv and pow of a diagonal matrix are diagonal).
 */
export function isDiagonal(name: string): boolean {
  return GATE_SIGNATURES.get(name)?.diagonal ?? false;
}

/**
 * Controlled stdgates as `ctrl(ctrls) @ body`: the first `ctrls` operands are (positive) controls and the
 * body acts on the remaining operands (body qubit indices are relative to them).
 */
export function controlledForm(name: string, args: readonly Expr[]): { ctrls: number; body: LocalGate[] } | undefined {
  const one = (n: string, a: readonly Expr[] = [], ctrls = 1) => ({ ctrls, body: [{ name: n, args: a, qubits: [0] }] });
  switch (name) {
    case "cx": case "CX": return one("x");
    case "cy": return one("y");
    case "cz": return one("z");
    case "ch": return one("h");
    case "cp": case "cphase": return one("p", args);
    case "crx": return one("rx", args);
    case "cry": return one("ry", args);
    case "crz": return one("rz", args);
    case "ccx": return one("x", [], 2);
    case "ccz": return one("z", [], 2);
    case "cswap": return { ctrls: 1, body: [{ name: "swap", args: [], qubits: [0, 1] }] };
    case "cu": return {
      ctrls: 1,
      body: [{ name: "gphase", args: [args[3]!], qubits: [] }, { name: "U", args: args.slice(0, 3), qubits: [0] }],
    };
    default: return undefined;
  }
}

/** The inverse of `controlledForm`: `ctrl(ctrls) @ base` as a single controlled stdgate (or extra), if one exists. */
export function controlledStdgate(ctrls: number, base: string): string | undefined {
  if (ctrls === 1) {
    return ({ x: "cx", y: "cy", z: "cz", h: "ch", p: "cp", rx: "crx", ry: "cry", rz: "crz", swap: "cswap" } as Record<string, string>)[base];
  }
  if (ctrls === 2) return ({ x: "ccx", z: "ccz" } as Record<string, string>)[base];
  return undefined;
}

// ──────────────────────────────────────────── matrices ────────────────────────────────────────────

/** OpenQASM 3 `U(θ, φ, λ)` = [[cos(θ/2), −e^{iλ} sin(θ/2)], [e^{iφ} sin(θ/2), e^{i(φ+λ)} cos(θ/2)]]. */
export function uMatrix(theta: number, phi: number, lambda: number): CMatrix {
  const c = Math.cos(theta / 2), s = Math.sin(theta / 2);
  return cmFromRows([
    [c, cmulc(cexpi(lambda), [-s, 0])],
    [cmulc(cexpi(phi), [s, 0]), cmulc(cexpi(phi + lambda), [c, 0])],
  ]);
}

const X = cmFromRows([[0, 1], [1, 0]]);
const Y = cmFromRows([[0, [0, -1]], [[0, 1], 0]]);
const Z = cmFromRows([[1, 0], [0, -1]]);
const H = cmFromRows([[Math.SQRT1_2, Math.SQRT1_2], [Math.SQRT1_2, -Math.SQRT1_2]]);
const SWAP = cmFromRows([[1, 0, 0, 0], [0, 0, 1, 0], [0, 1, 0, 0], [0, 0, 0, 1]]);

/** exp(−iθP/2) = cos(θ/2)·I − i·sin(θ/2)·P for an involution P (P² = I). */
function pauliRotation(p: CMatrix, theta: number): CMatrix {
  const c = Math.cos(theta / 2), s = Math.sin(theta / 2);
  const m = cmScale(cmIdentity(p.dim), [c, 0]);
  const q = cmScale(p, [0, -s]);
  for (let i = 0; i < m.re.length; i++) { m.re[i]! += q.re[i]!; m.im[i]! += q.im[i]!; }
  return m;
}

const phaseDiag = (lambda: number) => cmDiag([[1, 0], cexpi(lambda)]);

/**
 * The exact unitary of a catalogue gate for numeric arguments (operand 0 = most significant index bit).
 * `gphase` is the 1×1 matrix [e^{iγ}].
 */
export function gateMatrix(name: string, args: readonly number[]): CMatrix {
  const sig = signature(name);
  if (args.length !== sig.params) throw new Error(`gate '${name}' takes ${sig.params} argument(s), got ${args.length}`);
  const a = (i: number) => args[i]!;
  switch (name) {
    case "U": return uMatrix(a(0), a(1), a(2));
    case "gphase": return cmDiag([cexpi(a(0))]);
    case "id": return cmIdentity(2);
    case "x": return X;
    case "y": return Y;
    case "z": return Z;
    case "h": return H;
    case "s": return phaseDiag(Math.PI / 2);
    case "sdg": return phaseDiag(-Math.PI / 2);
    case "t": return phaseDiag(Math.PI / 4);
    case "tdg": return phaseDiag(-Math.PI / 4);
    case "sx": return cmFromRows([[[0.5, 0.5], [0.5, -0.5]], [[0.5, -0.5], [0.5, 0.5]]]);
    case "sxdg": return cmFromRows([[[0.5, -0.5], [0.5, 0.5]], [[0.5, 0.5], [0.5, -0.5]]]);
    case "p": case "phase": case "u1": return phaseDiag(a(0));
    case "rx": return pauliRotation(X, a(0));
    case "ry": return pauliRotation(Y, a(0));
    case "rz": return cmDiag([cexpi(-a(0) / 2), cexpi(a(0) / 2)]);
    // u2(φ, λ) = gphase(−(φ+λ)/2) · U(π/2, φ, λ);  u3(θ, φ, λ) = gphase(−(φ+λ)/2) · U(θ, φ, λ)
    case "u2": return cmScale(uMatrix(Math.PI / 2, a(0), a(1)), cexpi(-(a(0) + a(1)) / 2));
    case "u3": return cmScale(uMatrix(a(0), a(1), a(2)), cexpi(-(a(1) + a(2)) / 2));
    case "cx": case "CX": return cmControlled(X, [false]);
    case "cy": return cmControlled(Y, [false]);
    case "cz": return cmControlled(Z, [false]);
    case "ch": return cmControlled(H, [false]);
    case "cp": case "cphase": return cmControlled(phaseDiag(a(0)), [false]);
    case "crx": return cmControlled(pauliRotation(X, a(0)), [false]);
    case "cry": return cmControlled(pauliRotation(Y, a(0)), [false]);
    case "crz": return cmControlled(gateMatrix("rz", [a(0)]), [false]);
    // cu(θ, φ, λ, γ) a, b { p(γ) a; ctrl @ U(θ, φ, λ) a, b; }  ⇒  control block e^{iγ}·U(θ, φ, λ)
    case "cu": return cmControlled(cmScale(uMatrix(a(0), a(1), a(2)), cexpi(a(3))), [false]);
    case "swap": return SWAP;
    case "ccx": return cmControlled(X, [false, false]);
    case "cswap": return cmControlled(SWAP, [false]);
    case "rxx": return pauliRotation(cmKron(X, X), a(0));
    case "ryy": return pauliRotation(cmKron(Y, Y), a(0));
    case "rzz": return pauliRotation(cmKron(Z, Z), a(0));
    // iswap = exp(iπ/4·(XX + YY)): |01⟩ → i|10⟩, |10⟩ → i|01⟩
    case "iswap": return cmFromRows([[1, 0, 0, 0], [0, 0, [0, 1], 0], [0, [0, 1], 0, 0], [0, 0, 0, 1]]);
    case "ccz": return cmControlled(Z, [false, false]);
    default: throw new Error(`gateMatrix: no matrix for gate '${name}'`);
  }
}

/** A gate with modifiers, numerically: `ctrl…` controls (outermost first) around a core matrix. */
export interface ModifiedGateMatrix {
  /** One entry per control operand, in operand order: true for `negctrl`. */
  readonly controls: readonly boolean[];
  /** The base gate with every `inv`/`pow` applied (ctrl commutes outward past inv and pow). */
  readonly core: CMatrix;
}

/**
 * The numeric matrix of `mods @ name(args)`. Control modifiers commute with `inv` and `pow`
 * (pow(t) @ ctrl @ g = ctrl @ pow(t) @ g for the principal branch, since the added eigenvalue 1 has
 * phase 0), so the result is the list of controls plus the core. `inv` is the adjoint; `pow(t)` with
 * integer t repeats (negative: the adjoint); non-integer t is the principal power exp(t·Log g) with
 * eigenphases in (−π, π] (eigenphases within 1e-9 of −π count as +π), for any gate.
 * `exponent` evaluates pow exponents (default: numeric literals only).
 */
export function modifiedGateMatrix(
  name: string,
  args: readonly number[],
  mods: readonly Modifier[],
  exponent: (e: Expr) => number = constantValue,
): ModifiedGateMatrix {
  let core = gateMatrix(name, args);
  const controls: boolean[] = [];
  for (const m of mods) if (m.k === "ctrl") for (let i = 0; i < m.n; i++) controls.push(m.negative);
  for (let i = mods.length - 1; i >= 0; i--) {
    const m = mods[i]!;
    if (m.k === "inv") core = cmAdjoint(core);
    else if (m.k === "pow") core = cmPow(core, exponent(m.exponent));
  }
  return { controls, core };
}

/** `modifiedGateMatrix` as one full matrix over all operands (controls first). */
export function fullGateMatrix(name: string, args: readonly number[], mods: readonly Modifier[] = [], exponent?: (e: Expr) => number): CMatrix {
  const { controls, core } = modifiedGateMatrix(name, args, mods, exponent);
  return controls.length === 0 ? core : cmControlled(core, controls);
}

function constantValue(e: Expr): number {
  if (!isNum(e)) throw new Error("a pow exponent must be a number here (bind params and inputs first)");
  return e.v;
}

// ────────────────────────────────────────── gate sequences ─────────────────────────────────────────

/** A gate name with its (symbolic) arguments. */
export interface GateApp {
  readonly name: string;
  readonly args: readonly Expr[];
}

/**
 * A gate applied inside a larger operand list: `qubits` index that list. The first `ctrl` entries of
 * `qubits` (default 0) are positive controls (`ctrl(ctrl) @ name(args)`); the rest are the base gate's operands.
 */
export interface LocalGate extends GateApp {
  readonly qubits: readonly number[];
  readonly ctrl?: number;
}

const g = (name: string, args: readonly Expr[], qubits: readonly number[], ctrl = 0): LocalGate =>
  ctrl === 0 ? { name, args, qubits } : { name, args, qubits, ctrl };

const half = (e: Expr) => div(e, num(2));
const isZero = (e: Expr) => isNum(e) && e.v === 0;

// ───────────────────────────────────────────── inverses ────────────────────────────────────────────

const SELF_INVERSE = new Set(["id", "x", "y", "z", "h", "cx", "CX", "cy", "cz", "ch", "swap", "ccx", "cswap", "ccz"]);
const NEGATE_ARGS = new Set(["gphase", "p", "phase", "u1", "rx", "ry", "rz", "cp", "cphase", "crx", "cry", "crz", "rxx", "ryy", "rzz"]);
const SWAP_PAIRS: Readonly<Record<string, string>> = { s: "sdg", sdg: "s", t: "tdg", tdg: "t", sx: "sxdg", sxdg: "sx" };

/**
 * The exact inverse of a gate (global phase included) as a product of gates applied, in order, to the
 * SAME operands as the original. Always one gate except `iswap` (→ rxx(π/2), ryy(π/2)).
 */
export function inverseOf(name: string, args: readonly Expr[]): GateApp[] {
  signature(name);
  if (SELF_INVERSE.has(name)) return [{ name, args: [] }];
  if (NEGATE_ARGS.has(name)) return [{ name, args: args.map(neg) }];
  const swapped = SWAP_PAIRS[name];
  if (swapped) return [{ name: swapped, args: [] }];
  const [a0, a1, a2, a3] = args;
  switch (name) {
    // U(θ,φ,λ)† = U(−θ,−λ,−φ) (and the same for u3, whose phase −(φ+λ)/2 is symmetric in φ, λ)
    case "U": case "u3": return [{ name, args: [neg(a0!), neg(a2!), neg(a1!)] }];
    // u2(φ,λ)† = gphase((φ+λ)/2)·U(−π/2,−λ,−φ) = u2(−λ−π, π−φ)
    case "u2": return [{ name: "u2", args: [sub(neg(a1!), PI), sub(PI, a0!)] }];
    case "cu": return [{ name: "cu", args: [neg(a0!), neg(a2!), neg(a1!), neg(a3!)] }];
    case "iswap": return [{ name: "rxx", args: [half(PI)] }, { name: "ryy", args: [half(PI)] }];
    default: throw new Error(`inverseOf: no inverse for gate '${name}'`);
  }
}

// ─────────────────────────────────────────────── ZYZ ───────────────────────────────────────────────

export interface Zyz {
  readonly alpha: Expr;
  readonly beta: Expr;
  readonly gamma: Expr;
  readonly delta: Expr;
}

/** Rz(β)Ry(γ)Rz(δ) as one matrix, times e^{iα}. */
export function zyzMatrix(alpha: number, beta: number, gamma: number, delta: number): CMatrix {
  const rz = (t: number) => gateMatrix("rz", [t]);
  const ry = gateMatrix("ry", [gamma]);
  return cmScale(cmMul(cmMul(rz(beta), ry), rz(delta)), cexpi(alpha));
}

/**
 * A 1-qubit gate as gate = e^{iα}·Rz(β)·Ry(γ)·Rz(δ) exactly (global phase included; as a circuit:
 * rz(δ), then ry(γ), then rz(β), then the phase).
 */
export function zyz(name: string, args: readonly Expr[]): Zyz {
  const sig = signature(name);
  if (sig.qubits !== 1) throw new Error(`zyz: gate '${name}' is not a 1-qubit gate`);
  const Z4 = (alpha: Expr, beta: Expr, gamma: Expr, delta: Expr): Zyz => ({ alpha, beta, gamma, delta });
  const pi = (k: number) => num(Math.PI * k);
  const [a0, a1, a2] = args;
  switch (name) {
    // U(θ,φ,λ) = e^{i(φ+λ)/2}·Rz(φ)·Ry(θ)·Rz(λ)
    case "U": return Z4(half(add(a1!, a2!)), a1!, a0!, a2!);
    case "u3": return Z4(ZERO, a1!, a0!, a2!);
    case "u2": return Z4(ZERO, a0!, pi(1 / 2), a1!);
    case "id": return Z4(ZERO, ZERO, ZERO, ZERO);
    // p(λ) = diag(1, e^{iλ}) = e^{iλ/2}·Rz(λ)
    case "p": case "phase": case "u1": return Z4(half(a0!), a0!, ZERO, ZERO);
    case "z": return Z4(pi(1 / 2), pi(1), ZERO, ZERO);
    case "s": return Z4(pi(1 / 4), pi(1 / 2), ZERO, ZERO);
    case "sdg": return Z4(pi(-1 / 4), pi(-1 / 2), ZERO, ZERO);
    case "t": return Z4(pi(1 / 8), pi(1 / 4), ZERO, ZERO);
    case "tdg": return Z4(pi(-1 / 8), pi(-1 / 4), ZERO, ZERO);
    case "rz": return Z4(ZERO, a0!, ZERO, ZERO);
    case "ry": return Z4(ZERO, ZERO, a0!, ZERO);
    // rx(θ) = U(θ, −π/2, π/2) = Rz(−π/2)·Ry(θ)·Rz(π/2)
    case "rx": return Z4(ZERO, pi(-1 / 2), a0!, pi(1 / 2));
    case "x": return Z4(pi(1 / 2), ZERO, pi(1), pi(1));          // U(π, 0, π)
    case "y": return Z4(pi(1 / 2), pi(1 / 2), pi(1), pi(1 / 2)); // U(π, π/2, π/2)
    case "h": return Z4(pi(1 / 2), ZERO, pi(1 / 2), pi(1));      // U(π/2, 0, π)
    case "sx": return Z4(pi(1 / 4), pi(-1 / 2), pi(1 / 2), pi(1 / 2));    // e^{iπ/4}·rx(π/2)
    case "sxdg": return Z4(pi(-1 / 4), pi(-1 / 2), pi(-1 / 2), pi(1 / 2)); // e^{−iπ/4}·rx(−π/2)
    default: throw new Error(`zyz: no ZYZ form for gate '${name}'`);
  }
}

// ───────────────────────────────────────── extra definitions ────────────────────────────────────────

export interface ExtraDefinition {
  readonly name: string;
  readonly argNames: readonly string[];
  readonly qubitNames: readonly string[];
  /** In stdgates.inc gates (and `gphase`); arguments refer to `{k: "arg", index}`. Exact, phase included. */
  readonly body: readonly LocalGate[];
}

const arg0: Expr = { k: "arg", index: 0 };
const PI2 = num(Math.PI / 2);
const NPI2 = num(-Math.PI / 2);

/**
 * Definitions of the qseq extras in stdgates.inc gates, exact including global phase (so that
 * `ctrl @ extra` stays right when the emitter prints them as OpenQASM `gate` definitions).
 */
export const EXTRA_DEFINITIONS: ReadonlyMap<string, ExtraDefinition> = new Map(
  [
    // sxdg = sx† = e^{−iπ/4}·S·H·S
    { name: "sxdg", argNames: [], qubitNames: ["a"], body: [g("gphase", [num(-Math.PI / 4)], []), g("s", [], [0]), g("h", [], [0]), g("s", [], [0])] },
    // rxx(θ) = exp(−iθ X⊗X/2): H⊗H conjugation of rzz
    {
      name: "rxx", argNames: ["theta"], qubitNames: ["a", "b"], body: [
        g("h", [], [0]), g("h", [], [1]), g("cx", [], [0, 1]), g("rz", [arg0], [1]), g("cx", [], [0, 1]), g("h", [], [0]), g("h", [], [1]),
      ],
    },
    // ryy(θ) = exp(−iθ Y⊗Y/2): Rx(π/2)⊗Rx(π/2) conjugation of rzz
    {
      name: "ryy", argNames: ["theta"], qubitNames: ["a", "b"], body: [
        g("rx", [PI2], [0]), g("rx", [PI2], [1]), g("cx", [], [0, 1]), g("rz", [arg0], [1]), g("cx", [], [0, 1]),
        g("rx", [NPI2], [0]), g("rx", [NPI2], [1]),
      ],
    },
    // rzz(θ) = exp(−iθ Z⊗Z/2)
    { name: "rzz", argNames: ["theta"], qubitNames: ["a", "b"], body: [g("cx", [], [0, 1]), g("rz", [arg0], [1]), g("cx", [], [0, 1])] },
    // iswap = exp(iπ/4·(XX + YY))
    {
      name: "iswap", argNames: [], qubitNames: ["a", "b"], body: [
        g("s", [], [0]), g("s", [], [1]), g("h", [], [0]), g("cx", [], [0, 1]), g("cx", [], [1, 0]), g("h", [], [1]),
      ],
    },
    // ccz = (I⊗I⊗H)·ccx·(I⊗I⊗H)
    { name: "ccz", argNames: [], qubitNames: ["a", "b", "c"], body: [g("h", [], [2]), g("ccx", [], [0, 1, 2]), g("h", [], [2])] },
  ].map((d) => [d.name, d as ExtraDefinition]),
);

/** The definition body of an extra gate with its arguments substituted. */
export function extraDefinition(name: string, args: readonly Expr[]): LocalGate[] {
  const d = EXTRA_DEFINITIONS.get(name);
  if (!d) throw new Error(`extraDefinition: '${name}' is not a qseq extra gate`);
  return d.body.map((op) => ({ ...op, args: op.args.map((e) => substituteArgs(e, args)) }));
}

// ───────────────────────────────────────── powers (symbolic) ───────────────────────────────────────

/**
 * w(φ) = φ − 2π·ceil((φ − π − ε)/2π) with ε = BRANCH_CUT_SNAP (1e-9): the representative of φ in
 * (−π + ε, π + ε], i.e. (−π, π] with phases within ε of −π counted as +π — the same cut as the numeric
 * principal power (`cmPow`), so that folded powers and the simulator agree at rounding distance from the cut.
 */
export function wrapPhase(phi: Expr): Expr {
  const twoPi = num(2 * Math.PI);
  if (isNum(phi) && phi.v > -Math.PI + BRANCH_CUT_SNAP && phi.v <= Math.PI + BRANCH_CUT_SNAP) return phi;
  return sub(phi, mul(twoPi, fn("ceil", div(sub(phi, num(Math.PI + BRANCH_CUT_SNAP)), twoPi))));
}

/** Generators G (Hermitian, G² = I) of the rotation forms e^{iα}·exp(−iθG/2). */
type RotGen = "x" | "y" | "z" | "xx" | "yy" | "zz" | "h" | "swap";

/**
 * Spectral forms of the gates that support symbolic non-integer powers.
 * - scalar: e^{iφ} (gphase)
 * - diag1:  diag(e^{i·p0}, e^{i·p1})
 * - rot:    e^{iα}·exp(−iθG/2) — eigenphase α − θ/2 on G = +1, α + θ/2 on G = −1
 * - xy:     exp(iα·P)·exp(−iθK/2) with P = (I − ZZ)/2 and K = (XX + YY)/2 (eigenphases 0, 0, α ∓ θ/2)
 */
type PowForm =
  | { readonly k: "scalar"; readonly phase: Expr }
  | { readonly k: "diag1"; readonly p0: Expr; readonly p1: Expr }
  | { readonly k: "rot"; readonly gen: RotGen; readonly alpha: Expr; readonly theta: Expr }
  | { readonly k: "xy"; readonly alpha: Expr; readonly theta: Expr };

function toForm(name: string, args: readonly Expr[]): PowForm | undefined {
  const pi = (k: number) => num(Math.PI * k);
  const a0 = args[0]!;
  const rot = (gen: RotGen, alpha: Expr, theta: Expr): PowForm => ({ k: "rot", gen, alpha, theta });
  const diag = (p1: Expr): PowForm => ({ k: "diag1", p0: ZERO, p1 });
  switch (name) {
    case "gphase": return { k: "scalar", phase: a0 };
    case "id": return diag(ZERO);
    case "z": return diag(pi(1));
    case "s": return diag(pi(1 / 2));
    case "sdg": return diag(pi(-1 / 2));
    case "t": return diag(pi(1 / 4));
    case "tdg": return diag(pi(-1 / 4));
    case "p": case "phase": case "u1": return diag(a0);
    case "rx": return rot("x", ZERO, a0);
    case "ry": return rot("y", ZERO, a0);
    case "rz": return rot("z", ZERO, a0);
    case "rxx": return rot("xx", ZERO, a0);
    case "ryy": return rot("yy", ZERO, a0);
    case "rzz": return rot("zz", ZERO, a0);
    case "x": return rot("x", pi(1 / 2), pi(1));
    case "y": return rot("y", pi(1 / 2), pi(1));
    case "h": return rot("h", pi(1 / 2), pi(1));
    case "sx": return rot("x", pi(1 / 4), pi(1 / 2));
    case "sxdg": return rot("x", pi(-1 / 4), pi(-1 / 2));
    case "swap": return rot("swap", pi(1 / 2), pi(1));
    case "iswap": return { k: "xy", alpha: ZERO, theta: pi(-1) };
    default: return undefined;
  }
}

function scaleForm(f: PowForm, t: Expr): PowForm {
  switch (f.k) {
    case "scalar": return { k: "scalar", phase: mul(t, f.phase) };
    case "diag1": return { k: "diag1", p0: mul(t, f.p0), p1: mul(t, f.p1) };
    case "rot": return { ...f, alpha: mul(t, f.alpha), theta: mul(t, f.theta) };
    case "xy": return { k: "xy", alpha: mul(t, f.alpha), theta: mul(t, f.theta) };
  }
}

/** The principal power of a form: every eigenphase wrapped into (−π, π], then multiplied by t. */
function principalPowForm(f: PowForm, t: Expr): PowForm {
  switch (f.k) {
    case "scalar": return { k: "scalar", phase: mul(t, wrapPhase(f.phase)) };
    case "diag1": return { k: "diag1", p0: mul(t, wrapPhase(f.p0)), p1: mul(t, wrapPhase(f.p1)) };
    case "rot": case "xy": {
      const a = wrapPhase(sub(f.alpha, half(f.theta))); // on G = +1
      const b = wrapPhase(add(f.alpha, half(f.theta))); // on G = −1
      return { ...f, alpha: mul(t, half(add(a, b))), theta: mul(t, sub(b, a)) };
    }
  }
}

/** exp(−iθG/2) in catalogue gates on local qubits 0 (and 1). */
function rotationGates(gen: RotGen, theta: Expr): LocalGate[] {
  switch (gen) {
    case "x": return [g("rx", [theta], [0])];
    case "y": return [g("ry", [theta], [0])];
    case "z": return [g("rz", [theta], [0])];
    case "xx": return [g("rxx", [theta], [0, 1])];
    case "yy": return [g("ryy", [theta], [0, 1])];
    case "zz": return [g("rzz", [theta], [0, 1])];
    // H = Ry(π/4)·Z·Ry(π/4)†, so exp(−iθH/2) = Ry(π/4)·Rz(θ)·Ry(−π/4)
    case "h": return [g("ry", [num(-Math.PI / 4)], [0]), g("rz", [theta], [0]), g("ry", [num(Math.PI / 4)], [0])];
    // SWAP = (I + XX + YY + ZZ)/2, all terms commuting
    case "swap": {
      const q = half(theta);
      return [g("gphase", [neg(div(theta, num(4)))], []), g("rxx", [q], [0, 1]), g("ryy", [q], [0, 1]), g("rzz", [q], [0, 1])];
    }
  }
}

function materializeForm(f: PowForm): LocalGate[] {
  const phase = (e: Expr): LocalGate[] => (isZero(e) ? [] : [g("gphase", [e], [])]);
  switch (f.k) {
    case "scalar": return phase(f.phase);
    case "diag1": return [...phase(f.p0), g("p", [sub(f.p1, f.p0)], [0])];
    case "rot": return [...phase(f.alpha), ...rotationGates(f.gen, f.theta)];
    case "xy": {
      // exp(iα(I − ZZ)/2) = e^{iα/2}·rzz(α);  exp(−iθ(XX+YY)/4) = rxx(θ/2)·ryy(θ/2)
      const pre = isZero(f.alpha) ? [] : [...phase(half(f.alpha)), g("rzz", [f.alpha], [0, 1])];
      return [...pre, g("rxx", [half(f.theta)], [0, 1]), g("ryy", [half(f.theta)], [0, 1])];
    }
  }
}

/** Numeric 2×2 (or 1×1) matrix of a sequence of 1-qubit gates with numeric args, or undefined. */
function numericOneQubit(items: readonly LocalGate[]): CMatrix | undefined {
  let m = cmIdentity(2);
  for (const it of items) {
    if ((it.ctrl ?? 0) !== 0 || !it.args.every(isNum)) return undefined;
    const args = it.args.map((e) => (e as { v: number }).v);
    if (it.name === "gphase") { m = cmScale(m, cexpi(args[0]!)); continue; }
    if (it.qubits.length !== 1 || it.qubits[0] !== 0) return undefined;
    m = cmMul(gateMatrix(it.name, args), m);
  }
  return m;
}

/** A numeric 2×2 unitary as exact gates: gphase(α − (β+δ)/2) · U(γ, β, δ). */
function oneQubitGates(m: CMatrix): LocalGate[] {
  const { alpha, beta, gamma, delta } = numericZyz(m);
  const ph = alpha - (beta + delta) / 2;
  return [...(ph === 0 ? [] : [g("gphase", [num(ph)], [])]), g("U", [num(gamma), num(beta), num(delta)], [0])];
}

/**
 * The state of `foldModifiers` while modifiers are applied from the innermost outwards:
 * `ctrls` leading operands are controls split off a controlled stdgate; the core is a gate raised to an
 * integer power, a spectral form, or an explicit sequence.
 */
type FoldCore =
  | { readonly k: "gate"; readonly name: string; readonly args: readonly Expr[]; readonly power: number }
  | { readonly k: "form"; readonly form: PowForm }
  | { readonly k: "seq"; readonly items: readonly LocalGate[] };

function invertItems(items: readonly LocalGate[]): LocalGate[] {
  return [...items].reverse().flatMap((it) => inverseOf(it.name, it.args).map((a) => ({ ...it, name: a.name, args: a.args })));
}

function repeat<T>(xs: readonly T[], k: number): T[] {
  const out: T[] = [];
  for (let i = 0; i < k; i++) out.push(...xs);
  return out;
}

/** Most gates an integer power may repeat into when no shorter exact form exists. */
const MAX_POWER_GATES = 65_536;

/**
 * `items` (on `arity` operands) raised to the integer power k. Small powers repeat the gates; larger ones
 * use the sequence's period when its matrix has one (every argument-free gate has: sx⁴ = I, t⁸ = I, …), or
 * for one qubit the exact numeric power; otherwise the repetition must stay within MAX_POWER_GATES.
 */
function integerPower(items: readonly LocalGate[], k: number, arity: number): LocalGate[] {
  const base = k >= 0 ? items : invertItems(items);
  const n = Math.abs(k);
  if (n <= 16 || base.length === 0) return repeat(base, n);
  let m: CMatrix | undefined;
  try {
    m = arity <= 4 ? localGatesMatrix(base, arity) : undefined;
  } catch {
    m = undefined; // symbolic arguments: no numeric matrix
  }
  if (m) {
    const period = matrixPeriod(m);
    if (period !== undefined) {
      // base^n = base^(n mod d); past half a period the other direction is shorter
      const r = n % period;
      return 2 * r <= period ? repeat(base, r) : repeat(invertItems(base), period - r);
    }
    if (arity === 1) return oneQubitGates(cmPow(m, n));
  }
  if (n * base.length > MAX_POWER_GATES) {
    throw new UnrollLimitError(`pow(${k}) would repeat ${base.length} gate(s) ${n.toLocaleString("en-US")} times (more than ${MAX_POWER_GATES.toLocaleString("en-US")} gates), and the gate has no shorter exact form`);
  }
  return repeat(base, n);
}

/** The smallest d ≤ 64 with m^d = I exactly (global phase included, to 1e-9), if any. */
function matrixPeriod(m: CMatrix): number | undefined {
  const id = cmIdentity(m.dim);
  let acc = m;
  for (let d = 1; d <= 64; d++) {
    if (cmMaxAbsDiff(acc, id) < 1e-9) return d;
    acc = cmMul(acc, m);
  }
  return undefined;
}

function materializeCore(core: FoldCore, arity: number): LocalGate[] {
  switch (core.k) {
    case "seq": return [...core.items];
    case "form": return materializeForm(core.form);
    case "gate": {
      const ops = [...Array(arity).keys()];
      const self = [g(core.name, core.args, ops)];
      if (core.power === 1) return self;
      if (core.power === 0) return [];
      const form = core.args.length > 0 ? toForm(core.name, core.args) : undefined;
      if (form) return materializeForm(scaleForm(form, num(core.power)));
      return integerPower(self, core.power, arity);
    }
  }
}

function integerValue(e: Expr): number | undefined {
  return isNum(e) && Number.isInteger(e.v) ? e.v : undefined;
}

/**
 * Folds `inv` and `pow` modifiers (outermost first, as in source; `ctrl` is not allowed here — it
 * commutes outward and is the caller's business) into plain gates, exactly:
 * the result, applied in order to the gate's operands, equals `mods @ name(args)` including global phase.
 * Items may carry `ctrl` (leading positive controls) when a controlled stdgate had to be split for a
 * non-integer power, and `gphase` items (qubits []) for phases.
 *
 * Non-integer or symbolic exponents are supported on every gate with a rotation/diagonal spectral form
 * (all catalogue gates except U, u2, u3, cu); on those four, and on anything 1-qubit, only when every
 * argument and the exponent are numbers (then through the numeric principal power). Otherwise: an Error.
 */
export function foldModifiers(name: string, args: readonly Expr[], mods: readonly Modifier[]): LocalGate[] {
  const arity = gateArity(name);
  let ctrls = 0;
  let core: FoldCore = { k: "gate", name, args, power: 1 };
  const baseArity = () => arity - ctrls;
  for (let i = mods.length - 1; i >= 0; i--) {
    const m = mods[i]!;
    if (m.k === "ctrl") throw new Error("foldModifiers: ctrl modifiers must be split off by the caller");
    if (m.k === "inv") {
      if (core.k === "gate") core = { ...core, power: -core.power };
      else if (core.k === "form") core = { k: "form", form: scaleForm(core.form, num(-1)) };
      else core = { k: "seq", items: invertItems(core.items) };
      continue;
    }
    const k = integerValue(m.exponent);
    if (k !== undefined) {
      if (core.k === "gate") core = { ...core, power: core.power * k };
      else if (core.k === "form") core = { k: "form", form: scaleForm(core.form, num(k)) };
      else core = { k: "seq", items: integerPower(core.items, k, baseArity()) };
      continue;
    }
    // non-integer or symbolic exponent: the principal power
    const t = m.exponent;
    if (core.k === "gate") {
      const split = controlledForm(core.name, core.args);
      if (split) {
        ctrls += split.ctrls;
        const power: number = core.power;
        core = split.body.length === 1
          ? { k: "gate", name: split.body[0]!.name, args: split.body[0]!.args, power }
          : { k: "seq", items: integerPower(split.body, power, baseArity()) };
      }
    }
    if (core.k === "gate") {
      const form = toForm(core.name, core.args);
      if (form) { core = { k: "form", form: principalPowForm(scaleForm(form, num(core.power)), t) }; continue; }
    } else if (core.k === "form") {
      core = { k: "form", form: principalPowForm(core.form, t) };
      continue;
    }
    const items = materializeCore(core, baseArity());
    const mat = baseArity() === 1 && isNum(t) ? numericOneQubit(items) : undefined;
    if (!mat) {
      throw new Error(
        `pow(${isNum(t) ? t.v : "<symbolic>"}) @ ${name}: a non-integer power of this gate is only supported with ` +
        "numeric arguments and exponent (the principal power of a general unitary has no symbolic closed form); " +
        "use an integer exponent or a rotation gate",
      );
    }
    core = { k: "seq", items: oneQubitGates(cmPow(mat, t.k === "num" ? t.v : NaN)) };
  }
  const items = materializeCore(core, baseArity());
  if (ctrls === 0) return items;
  return items.map((it) => {
    const inner = it.ctrl ?? 0;
    const qubits = [...Array(ctrls).keys(), ...it.qubits.map((q) => q + ctrls)];
    const total = ctrls + inner;
    const fused = controlledStdgate(total, it.name);
    return fused ? g(fused, it.args, qubits) : g(it.name, it.args, qubits, total);
  });
}

/** `pow(t) @ name(args)` folded into gates (see `foldModifiers`). */
export function powerOf(name: string, args: readonly Expr[], exponent: Expr): LocalGate[] {
  return foldModifiers(name, args, [{ k: "pow", exponent }]);
}

/** Numeric matrix of a list of local gates over `n` operands (operand 0 = most significant); for tests and tools. */
export function localGatesMatrix(items: readonly LocalGate[], n: number, evalArg: (e: Expr) => number = constantValue): CMatrix {
  let m = cmIdentity(1 << n);
  for (const it of items) {
    const ctrl = it.ctrl ?? 0;
    const mat = fullGateMatrix(it.name, it.args.map(evalArg), ctrl > 0 ? [{ k: "ctrl", n: ctrl, negative: false }] : []);
    m = cmMul(embed(mat, it.qubits, n), m);
  }
  return m;
}

/** A k-operand matrix (operand 0 most significant) acting on `qubits` of an n-qubit space. */
export function embed(mat: CMatrix, qubits: readonly number[], n: number): CMatrix {
  const dim = 1 << n;
  const k = qubits.length;
  if (mat.dim !== 1 << k) throw new Error(`embed: matrix of dim ${mat.dim} for ${k} qubit(s)`);
  const out = cmZeros(dim);
  const bitOf = (q: number) => n - 1 - q;
  const local = (idx: number) => {
    let v = 0;
    for (let j = 0; j < k; j++) v |= ((idx >> bitOf(qubits[j]!)) & 1) << (k - 1 - j);
    return v;
  };
  let mask = 0;
  for (const q of qubits) mask |= 1 << bitOf(q);
  for (let col = 0; col < dim; col++) {
    const lc = local(col);
    const rest = col & ~mask;
    for (let lr = 0; lr < mat.dim; lr++) {
      const vr = mat.re[lr * mat.dim + lc]!, vi = mat.im[lr * mat.dim + lc]!;
      if (vr === 0 && vi === 0) continue;
      let row = rest;
      for (let j = 0; j < k; j++) if ((lr >> (k - 1 - j)) & 1) row |= 1 << bitOf(qubits[j]!);
      out.re[row * dim + col] = vr;
      out.im[row * dim + col] = vi;
    }
  }
  return out;
}
