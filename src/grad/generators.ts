// The rotation normal form of trainable gates, and their generators.
//
// Gradient passes see every gate occurrence whose angle depends on a param as ONE exponential
//   U(φ) = exp(−i·φ·G),   G = Π_controls |v⟩⟨v| ⊗ (c·P + d·I),
// with φ the occurrence's (symbolic) angle, P a Pauli string on the base gate's targets, and c, d real.
// `toRotationForm` rewrites a flattened circuit so that this holds for every trainable gate:
//   rx ry rz rxx ryy rzz        P = X, Y, Z, XX, YY, ZZ;  c = ½, d = 0
//   p (phase, u1)                P = Z;  c = ½, d = −½       (diag(1, e^{iφ}))
//   gphase (only under controls) P = I;  c = 0, d = −1
// Other trainable gates are rewritten exactly: controlled stdgates (cp, crx, …, cu) peel into controls of
// their base gate; 1-qubit gates with several angles (U, u2, u3) become their exact ZYZ form
// e^{iα}·Rz(β)·Ry(γ)·Rz(δ) (the phase as a controlled gphase, dropped when uncontrolled). Gates whose
// angles do not depend on params are left alone. The rewrite is exact, global phase included.

import { requireStaticControl, type Circuit, type GateOp, type Op } from "../ir/circuit.js";
import { forEachParam, type Expr } from "../ir/expr.js";
import { controlsOf, flatten, makeGate, peelControls, type Control } from "../ir/flatten.js";
import { zyz } from "../ir/gates.js";
import { IDENTITY, MAX_PAULI_QUBITS, PauliSum, withLetter, type Pauli } from "./pauli.js";

export type RotationBase = "rx" | "ry" | "rz" | "p" | "gphase" | "rxx" | "ryy" | "rzz";

const BASES: Readonly<Record<RotationBase, { letters: string; c: number; d: number }>> = {
  rx: { letters: "X", c: 0.5, d: 0 },
  ry: { letters: "Y", c: 0.5, d: 0 },
  rz: { letters: "Z", c: 0.5, d: 0 },
  rxx: { letters: "XX", c: 0.5, d: 0 },
  ryy: { letters: "YY", c: 0.5, d: 0 },
  rzz: { letters: "ZZ", c: 0.5, d: 0 },
  p: { letters: "Z", c: 0.5, d: -0.5 },
  gphase: { letters: "", c: 0, d: -1 },
};

const ALIASES: Readonly<Record<string, RotationBase>> = { phase: "p", u1: "p" };

/** The generator of one trainable occurrence: U(φ) = exp(−i·φ·Π_controls ⊗ (c·P + d·I)). */
export interface Rotation {
  readonly base: RotationBase;
  readonly controls: readonly Control[];
  /** The base gate's qubits (P acts on them, letter j on targets[j]). */
  readonly targets: readonly number[];
  /** P on the targets: x/z masks over circuit qubits. */
  readonly pauli: Pauli;
  readonly c: number;
  readonly d: number;
  /** The occurrence's angle φ. */
  readonly angle: Expr;
}

export function dependsOnParams(e: Expr): boolean {
  let found = false;
  forEachParam(e, () => { found = true; });
  return found;
}

export function isTrainable(op: GateOp): boolean {
  return op.args.some(dependsOnParams);
}

/** Flattens `c` and rewrites every trainable gate into rotation normal form (see the header). */
export function toRotationForm(c: Circuit): Circuit {
  requireStaticControl(c, "gradient derivation");
  const flat = flatten(c);
  return { ...flat, ops: rewriteOps(flat.ops) };
}

function rewriteOps(ops: readonly Op[]): Op[] {
  const out: Op[] = [];
  for (const op of ops) {
    if (op.kind === "gate") out.push(...rewriteGate(op));
    else if (op.kind === "if") out.push({ ...op, then: rewriteOps(op.then), else: rewriteOps(op.else) });
    else out.push(op);
  }
  return out;
}

function rewriteGate(op: GateOp): GateOp[] {
  if (!isTrainable(op)) return [op];
  const { controls, targets, name, args, body } = peelControls(op);
  if (body) {
    // cu = ctrl @ (gphase(γ) · U(θ, φ, λ))
    return body.flatMap((g) => rewriteGate(makeGate(g.name, g.args, controls, g.qubits.map((q) => targets[q]!), op.src)));
  }
  const base = ALIASES[name] ?? name;
  if (base in BASES) {
    if (base === "gphase" && controls.length === 0) return []; // a global phase: no effect on any objective
    return [makeGate(base, args, controls, targets, op.src)];
  }
  if (targets.length === 1) {
    const f = zyz(name, args);
    // e^{iα}·Rz(β)·Ry(γ)·Rz(δ), applied right to left
    return [
      makeGate("rz", [f.delta], controls, targets, op.src),
      makeGate("ry", [f.gamma], controls, targets, op.src),
      makeGate("rz", [f.beta], controls, targets, op.src),
      ...(controls.length > 0 ? [makeGate("gphase", [f.alpha], controls, [], op.src)] : []),
    ].flatMap((g) => (g.args.length > 0 && g.args[0]!.k === "num" && g.args[0]!.v === 0 ? [] : [g]))
      .flatMap((g) => (isTrainable(g) ? rewriteGate(g) : [g]));
  }
  throw new Error(`gradient passes: no rotation form for the trainable gate '${op.name}'`);
}

/**
 * The rotation of a normal-form gate, or undefined for a gate that is not trainable. `ctrl @ gphase` was
 * turned into `p` on a control by makeGate, so every gphase here is a plain global phase.
 */
export function rotationOf(op: GateOp): Rotation | undefined {
  if (!isTrainable(op)) return undefined;
  const base = (ALIASES[op.name] ?? op.name) as RotationBase;
  const spec = BASES[base];
  if (!spec) throw new Error(`gradient passes: trainable gate '${op.name}' is not in rotation normal form (call toRotationForm first)`);
  const controls = controlsOf(op);
  const targets = op.qubits.slice(controls.length);
  for (const q of op.qubits) {
    if (q >= MAX_PAULI_QUBITS) throw new Error(`gradient passes: qubit ${q} is beyond the ${MAX_PAULI_QUBITS}-qubit limit of generator analysis`);
  }
  let pauli = IDENTITY;
  [...spec.letters].forEach((l, j) => { pauli = withLetter(pauli, targets[j]!, l as "X" | "Y" | "Z"); });
  return { base, controls, targets, pauli, c: spec.c, d: spec.d, angle: op.args[0]! };
}

/** Eigenvalues of G (distinct, ascending): those of c·P + d·I, and 0 on the uncontrolled subspace. */
export function generatorEigenvalues(r: Rotation): number[] {
  const vals = r.pauli.x === 0 && r.pauli.z === 0 ? [r.c + r.d] : [r.d + r.c, r.d - r.c];
  if (r.controls.length > 0) vals.push(0);
  return [...new Set(vals.map((v) => (Object.is(v, -0) ? 0 : v)))].sort((a, b) => a - b);
}

/** G as a Pauli sum: Π over controls of (I ± Z_q)/2 (+ for a negative control), times c·P + d·I. */
export function generatorPauliSum(r: Rotation): PauliSum {
  let sum = new PauliSum();
  sum.add(r.pauli, r.c);
  sum.add(IDENTITY, r.d);
  for (const ctl of r.controls) {
    const next = new PauliSum();
    const zq = withLetter(IDENTITY, ctl.qubit, "Z");
    const sign = ctl.negative ? 0.5 : -0.5; // |1⟩⟨1| = (I − Z)/2, |0⟩⟨0| = (I + Z)/2
    for (const t of sum.terms.values()) {
      next.add(t.p, 0.5 * t.c);
      next.add({ x: t.p.x, z: (t.p.z | zq.z) >>> 0 }, sign * t.c);
    }
    sum = next;
  }
  return sum;
}
