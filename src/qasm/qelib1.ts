// The OpenQASM 2 gate library `qelib1.inc`, as a table of expansions into catalogue gates
// (src/ir/gates.ts). The importer does not read the include file: each entry says what the gate of that
// name does, in terms of gates whose matrices the catalogue defines exactly.
//
// Conventions. OpenQASM 2's built-in `U(θ,φ,λ)` is Rz(φ)·Ry(θ)·Rz(λ), which is OpenQASM 3's `U(θ,φ,λ)`
// times the global phase e^{−i(φ+λ)/2}; every qelib1 gate is defined from `U` and `CX` only, never under
// a control (OpenQASM 2 has no modifiers). So every qelib1 gate's unitary is fixed up to a global phase,
// and that phase is unobservable in an OpenQASM 2 program: the expansions below agree with qelib1 up to
// the global phase (test/qasm/qelib1.test.ts checks each against a transcription of qelib1's bodies).
// Where the catalogue already has the gate (`h`, `crz`, `rzz`, …) the entry is the catalogue gate of the
// same name; the others say how they are built:
// - u3(θ,φ,λ) and u(θ,φ,λ) are U(θ,φ,λ); u2(φ,λ) is U(π/2,φ,λ); u1(λ) is the phase gate p(λ);
//   u0(γ) is the identity (qelib1 uses it as an idle of γ time units).
// - cu1(λ) is the controlled phase cp(λ); cu3(θ,φ,λ) is `ctrl @ U(θ,φ,λ)` (the control's phase
//   e^{i(φ+λ)/2} makes it the controlled OpenQASM 3 U, not the controlled Rz·Ry·Rz); csx is `ctrl @ sx`.
// - c3x, c4x, c3sqrtx are `ctrl(3) @ x`, `ctrl(4) @ x`, `ctrl(3) @ sx`, exactly.
// - rccx and rc3x are the relative-phase Toffolis: the same Clifford+T sequences qelib1 gives (they
//   equal ccx / c3x up to phases on some basis states, so they are not replaced by those).

import type { Modifier } from "../ir/circuit.js";
import { div, num, PI, type Expr } from "../ir/expr.js";

/** One catalogue gate application inside an expansion: `qubits` index the qelib1 gate's operands. */
export interface Qelib1Step {
  readonly name: string;
  readonly args: readonly Expr[];
  readonly qubits: readonly number[];
  readonly mods: readonly Modifier[];
}

export interface Qelib1Gate {
  readonly name: string;
  readonly params: number;
  readonly qubits: number;
  readonly expand: (args: readonly Expr[]) => Qelib1Step[];
}

const ctrl = (n: number): Modifier => ({ k: "ctrl", n, negative: false });
const step = (name: string, args: readonly Expr[], qubits: readonly number[], mods: readonly Modifier[] = []): Qelib1Step =>
  ({ name, args, qubits, mods });

/** A qelib1 gate that is the catalogue gate of the same name (same operand order, same parameters). */
const same = (name: string, params: number, qubits: number): Qelib1Gate => ({
  name, params, qubits, expand: (a) => [step(name, a, range(qubits))],
});

/** A qelib1 gate that is one catalogue gate with other arguments or modifiers. */
const as = (name: string, params: number, qubits: number, target: string, args: (a: readonly Expr[]) => Expr[], mods: Modifier[] = []): Qelib1Gate => ({
  name, params, qubits, expand: (a) => [step(target, args(a), range(qubits), mods)],
});

/** A fixed sequence of parameterless catalogue gates. */
const seq = (name: string, qubits: number, body: readonly (readonly [string, ...number[]])[]): Qelib1Gate => ({
  name, params: 0, qubits, expand: () => body.map(([g, ...qs]) => step(g, [], qs)),
});

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

const HALF_PI = div(PI, num(2));

/** rccx a,b,c: H·T on the target, CX from b, Tdg, CX from a, T, CX from b, Tdg, H (the Margolus gate). */
const RCCX: readonly (readonly [string, ...number[]])[] = [
  ["h", 2], ["t", 2], ["cx", 1, 2], ["tdg", 2], ["cx", 0, 2], ["t", 2], ["cx", 1, 2], ["tdg", 2], ["h", 2],
];

/** rc3x a,b,c,d: the relative-phase 3-controlled X (qelib1's Clifford+T sequence). */
const RC3X: readonly (readonly [string, ...number[]])[] = [
  ["h", 3], ["t", 3], ["cx", 2, 3], ["tdg", 3], ["h", 3],
  ["cx", 0, 3], ["t", 3], ["cx", 1, 3], ["tdg", 3], ["cx", 0, 3], ["t", 3], ["cx", 1, 3], ["tdg", 3],
  ["h", 3], ["t", 3], ["cx", 2, 3], ["tdg", 3], ["h", 3],
];

export const QELIB1: ReadonlyMap<string, Qelib1Gate> = new Map([
  as("u3", 3, 1, "U", (a) => [...a]),
  as("u", 3, 1, "U", (a) => [...a]),
  as("u2", 2, 1, "U", (a) => [HALF_PI, a[0]!, a[1]!]),
  as("u1", 1, 1, "p", (a) => [a[0]!]),
  as("p", 1, 1, "p", (a) => [a[0]!]),
  { name: "u0", params: 1, qubits: 1, expand: () => [step("id", [], [0])] },
  same("id", 0, 1),
  same("cx", 0, 2),
  same("x", 0, 1), same("y", 0, 1), same("z", 0, 1), same("h", 0, 1),
  same("s", 0, 1), same("sdg", 0, 1), same("t", 0, 1), same("tdg", 0, 1),
  same("sx", 0, 1), same("sxdg", 0, 1),
  same("rx", 1, 1), same("ry", 1, 1), same("rz", 1, 1),
  same("cz", 0, 2), same("cy", 0, 2), same("ch", 0, 2), same("swap", 0, 2),
  same("ccx", 0, 3), same("cswap", 0, 3),
  same("crx", 1, 2), same("cry", 1, 2), same("crz", 1, 2),
  as("cu1", 1, 2, "cp", (a) => [a[0]!]),
  same("cp", 1, 2),
  as("cu3", 3, 2, "U", (a) => [...a], [ctrl(1)]),
  // cu(θ,φ,λ,γ): qelib1's body is p(γ) on the control then cu3 — the catalogue's cu exactly
  same("cu", 4, 2),
  as("csx", 0, 2, "sx", () => [], [ctrl(1)]),
  same("rxx", 1, 2), same("rzz", 1, 2),
  seq("rccx", 3, RCCX),
  seq("rc3x", 4, RC3X),
  as("c3x", 0, 4, "x", () => [], [ctrl(3)]),
  as("c3sqrtx", 0, 4, "sx", () => [], [ctrl(3)]),
  as("c4x", 0, 5, "x", () => [], [ctrl(4)]),
].map((g) => [g.name, g]));

/** OpenQASM 2's own gates (no include needed): `U(θ,φ,λ)` and `CX`. */
export const QASM2_BUILTINS: ReadonlyMap<string, Qelib1Gate> = new Map([
  as("U", 3, 1, "U", (a) => [...a]),
  as("CX", 0, 2, "cx", () => []),
].map((g) => [g.name, g]));
