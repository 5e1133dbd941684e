// The parameter-shift pass: one shifted circuit per (trainable occurrence, shift of its rule), the
// unshifted circuit shared (circuit 0: the objective's value, and the normaliser of a log-likelihood).
// Shift rules come from each occurrence's generator spectrum (src/grad/shift-rules.ts); the chain rule
// through tied params is folded into the coefficients at the plan's param values:
//   ∂f/∂θ_p = Σ_occurrences ∂φ_o/∂θ_p · Σ_j c_j·F(φ_o + s_j).

import { paramLabel, type Circuit, type GateOp, type Op } from "../ir/circuit.js";
import { accumulatePartials, add, num } from "../ir/expr.js";
import { inputValues } from "../ir/circuit.js";
import { generatorEigenvalues, rotationOf, toRotationForm, type Rotation } from "./generators.js";
import { checkObjective, outputWeights, type Objective } from "./objective.js";
import { frequencies, shiftRule, type ShiftRule } from "./shift-rules.js";
import type { Estimator, KeyField, PlanManifest } from "./plan.js";

export interface GradientPlan {
  readonly manifest: PlanManifest;
  /** Parallel to manifest.circuits; symbolic in the params (bind with the manifest's values). */
  readonly circuits: readonly Circuit[];
  /** The param values the plan was made at. */
  readonly params: Float64Array;
}

export interface OccurrenceInfo {
  readonly index: number;
  readonly gate: GateOp;
  readonly rotation: Rotation;
  readonly rule: ShiftRule;
}

/** Trainable occurrences of a rotation-form circuit in op order (depth-first through `if` branches). */
export function trainableOccurrences(form: Circuit): OccurrenceInfo[] {
  const out: OccurrenceInfo[] = [];
  const walk = (ops: readonly Op[]) => {
    for (const op of ops) {
      if (op.kind === "if") { walk(op.then); walk(op.else); continue; }
      if (op.kind !== "gate") continue;
      const r = rotationOf(op);
      if (r) out.push({ index: out.length, gate: op, rotation: r, rule: shiftRule(frequencies(generatorEigenvalues(r))) });
    }
  };
  walk(form.ops);
  return out;
}

/** A copy of the rotation-form circuit with occurrence `k`'s angle shifted by `s`. */
export function shiftOccurrence(form: Circuit, k: number, s: number): Circuit {
  let seen = 0;
  const rewrite = (ops: readonly Op[]): Op[] => ops.map((op): Op => {
    if (op.kind === "if") return { ...op, then: rewrite(op.then), else: rewrite(op.else) };
    if (op.kind !== "gate" || !rotationOf(op)) return op;
    if (seen++ !== k) return op;
    return { ...op, args: [add(op.args[0]!, num(s)), ...op.args.slice(1)] };
  });
  return { ...form, ops: rewrite(form.ops) };
}

export function keyLayout(c: Circuit): KeyField[] {
  return c.outputs.map((o, output) => (o.kind === "bits"
    ? { output, kind: "bits" as const, width: o.bits.length }
    : { output, kind: "expect" as const, width: o.factors.length }));
}

const fmtShift = (s: number) => {
  const r = s / (Math.PI / 2);
  return Math.abs(r - Math.round(r)) < 1e-12 ? `${Math.round(r) >= 0 ? "+" : "-"}${Math.abs(Math.round(r))}π/2` : `${s >= 0 ? "+" : ""}${s.toPrecision(6)}`;
};

/** Options shared by the hardware-oriented plans. */
export interface PlanOptions {
  /** Target standard error per gradient component (default 0.05). */
  readonly targetError?: number;
}

export function paramShiftPlan(c: Circuit, objective: Objective, params: ArrayLike<number>, opts: PlanOptions = {}): GradientPlan {
  const form = toRotationForm(c);
  checkObjective(form, objective);
  const P = form.params.length;
  const env = { params, inputs: inputValues(form) };
  const circuits: Circuit[] = [form];
  const labels: string[] = ["unshifted"];
  const terms: { param: number; circuit: number; coefficient: number }[] = [];
  const partial = new Float64Array(P);
  for (const occ of trainableOccurrences(form)) {
    partial.fill(0);
    accumulatePartials(occ.rotation.angle, env, 1, partial);
    const touched = [...partial.keys()].filter((p) => partial[p] !== 0);
    if (touched.length === 0 || occ.rule.kind === "none") continue;
    occ.rule.shifts.forEach((s, j) => {
      const ci = circuits.length;
      circuits.push(shiftOccurrence(form, occ.index, s));
      const where = occ.gate.src ? ` (${occ.gate.src.file}:${occ.gate.src.line}:${occ.gate.src.col})` : "";
      labels.push(`occurrence ${occ.index}: ${occ.gate.name} on q[${occ.gate.qubits.join(",")}]${where}, shift ${fmtShift(s)}, ${occ.rule.kind} rule`);
      for (const p of touched) terms.push({ param: p, circuit: ci, coefficient: partial[p]! * occ.rule.coefficients[j]! });
    });
  }
  const weights = objective.kind === "expectation" ? [...outputWeights(form, objective)] : undefined;
  const estimator: Estimator = {
    kind: "shift",
    layout: keyLayout(form),
    ...(weights ? { weights } : { targets: (objective as { targets: string }).targets }),
    terms,
    normalize: objective.kind === "loglik",
  };
  // Shots: one ±1 (or 0/1) sample per shot has variance ≤ σ² (σ = Σ|w| for expectations, ½ for a
  // probability); with the same T shots on every circuit, component p has variance σ²·Σ_t c_t²/T.
  const targetError = opts.targetError ?? 0.05;
  const sigma = weights ? weights.reduce((s, w) => s + Math.abs(w), 0) : 0.5;
  const sumSq = new Float64Array(P);
  for (const t of terms) sumSq[t.param] = sumSq[t.param]! + t.coefficient ** 2;
  const worst = Math.max(0, ...sumSq);
  const perCircuit = Math.max(1, Math.ceil((sigma * sigma * worst) / (targetError * targetError)));
  const manifest: PlanManifest = {
    format: "qseq-gradient-plan",
    version: 1,
    method: "param-shift",
    model: c.name,
    objective,
    params: form.params.map((p, i) => ({ name: paramLabel(p), value: params[i]! })),
    circuits: labels.map((label, i) => ({ file: `circuit-${String(i).padStart(4, "0")}.qasm`, label, shots: perCircuit })),
    estimator,
    valueCircuit: 0,
    report: {
      recipe: "parameter shift",
      reason: `${circuits.length - 1} shifted circuits for ${terms.length} chain-rule terms over ${P} param(s); rules from each gate's generator spectrum`,
      targetError,
      totalShots: perCircuit * circuits.length,
      circuits: circuits.length,
    },
  };
  return { manifest, circuits, params: Float64Array.from(params) };
}
