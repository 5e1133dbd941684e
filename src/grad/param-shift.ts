// The parameter-shift pass: one shifted circuit per (trainable occurrence, shift of its rule, readout
// program that holds the occurrence), the unshifted circuits shared (the first ones: the objective's
// value, and the normaliser of a log-likelihood). An expectation output whose qubits later operations
// use is read from a prefix program (src/ir/readout.ts), so only the gates before it are shifted there.
// Shift rules come from each occurrence's generator spectrum (src/grad/shift-rules.ts); the chain rule
// through tied params is folded into the coefficients at the plan's param values:
//   ∂f/∂θ_p = Σ_occurrences ∂φ_o/∂θ_p · Σ_j c_j·F(φ_o + s_j).

import { requireStaticControl, paramLabel, type Circuit, type GateOp, type Op } from "../ir/circuit.js";
import { accumulatePartials, add, num } from "../ir/expr.js";
import { inputValues } from "../ir/circuit.js";
import { DEFAULT_LIMITS, UnrollLimitError } from "../check/limits.js";
import { generatorEigenvalues, rotationOf, toRotationForm, type Rotation } from "./generators.js";
import { checkObjective, objectivePrograms, outputWeights, type Objective } from "./objective.js";
import { keyLayout, type KeyField } from "../batch/manifest.js";
import { frequencies, shiftRule, type ShiftRule } from "./shift-rules.js";
import type { Estimator, PlanManifest } from "./plan.js";

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

/**
 * The gates inside the backward causal cone of a program's outputs: walking back from the end, a qubit is
 * relevant once an output reads it (an expectation's factors, an emitted bit's measurement); a gate that
 * touches a relevant qubit makes all its qubits relevant; a reset makes its qubit irrelevant again (what
 * came before no longer matters); a branch that touches anything relevant makes everything in it, and
 * the qubits its condition bits were measured from, relevant. A trainable gate outside the cone cannot
 * change the outputs: its derivative is exactly zero, so no shifted circuit is needed for it.
 */
export function causalGates(c: Circuit): Set<Op> {
  const relevant = new Set<number>();
  const relevantBits = new Set<number>();
  for (const o of c.outputs) if (o.kind === "bits") for (const b of o.bits) relevantBits.add(b);
  const inCone = new Set<Op>();
  const qubitOfBit = new Map<number, number>();
  const scanMeasures = (ops: readonly Op[]) => {
    for (const op of ops) {
      if (op.kind === "measure") qubitOfBit.set(op.bit, op.qubit);
      else if (op.kind === "if") { scanMeasures(op.then); scanMeasures(op.else); }
    }
  };
  scanMeasures(c.ops);
  const qubitsOf = (op: Op): number[] => {
    switch (op.kind) {
      case "gate": case "call": return [...op.qubits];
      case "measure": case "reset": return [op.qubit];
      case "if": return [...op.then, ...op.else].flatMap(qubitsOf);
      default: return [];
    }
  };
  const touchesCone = (op: Op): boolean => qubitsOf(op).some((q) => relevant.has(q)) ||
    (op.kind === "measure" && relevantBits.has(op.bit)) || (op.kind === "if" && [...op.then, ...op.else].some(touchesCone));
  const markAll = (ops: readonly Op[]) => {
    for (const op of ops) {
      inCone.add(op);
      for (const q of qubitsOf(op)) relevant.add(q);
      if (op.kind === "if") markAll([...op.then, ...op.else]);
    }
  };
  for (let i = c.ops.length - 1; i >= 0; i--) {
    const op = c.ops[i]!;
    if (op.kind === "expect") {
      const o = c.outputs[op.output];
      if (o?.kind === "expect") for (const f of o.factors) relevant.add(f.qubit);
    } else if (op.kind === "measure") {
      if (relevantBits.has(op.bit)) relevant.add(op.qubit);
    } else if (op.kind === "reset") {
      relevant.delete(op.qubit);
    } else if (op.kind === "if") {
      if (!touchesCone(op)) continue;
      markAll([op]);
      for (const l of op.when) {
        relevantBits.add(l.bit);
        const q = qubitOfBit.get(l.bit);
        if (q !== undefined) relevant.add(q);
      }
    } else if ((op.kind === "gate" || op.kind === "call") && op.qubits.some((q) => relevant.has(q))) {
      inCone.add(op);
      for (const q of op.qubits) relevant.add(q);
    }
  }
  return inCone;
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

const fmtShift = (s: number) => {
  const r = s / (Math.PI / 2);
  return Math.abs(r - Math.round(r)) < 1e-12 ? `${Math.round(r) >= 0 ? "+" : "-"}${Math.abs(Math.round(r))}π/2` : `${s >= 0 ? "+" : ""}${s.toPrecision(6)}`;
};

/** Options shared by the hardware-oriented plans. */
export interface PlanOptions {
  /** Target standard error per gradient component (default 0.05). */
  readonly targetError?: number;
  /** Most operations over all the plan's circuits (default: the unroll limit); more throws UnrollLimitError. */
  readonly maxOps?: number;
}

export function paramShiftPlan(c: Circuit, objective: Objective, params: ArrayLike<number>, opts: PlanOptions = {}): GradientPlan {
  requireStaticControl(c, "the parameter-shift rule");
  const form = toRotationForm(c);
  checkObjective(form, objective);
  const P = form.params.length;
  const env = { params, inputs: inputValues(form) };
  const maxOps = opts.maxOps ?? DEFAULT_LIMITS.maxOps;
  const programs = objectivePrograms(form, objective, maxOps);
  // a program is a prefix of the circuit, so it holds the first `occurrences[i]` trainable occurrences
  const allOccurrences = trainableOccurrences(form);
  const occurrences = programs.map((p) => trainableOccurrences(p.circuit).length);
  // a program is shifted only for the trainable gates in the causal cone of its outputs
  const cones = programs.map((p) => causalGates(p.circuit));
  // the plan's size, before any circuit is built: each program once, plus once per shift of its occurrences
  let planOps = 0;
  programs.forEach((p, i) => {
    let copies = 1;
    for (let k = 0; k < occurrences[i]!; k++) {
      const occ = allOccurrences[k]!;
      if (occ.rule.kind !== "none" && cones[i]!.has(occ.gate)) copies += occ.rule.shifts.length;
    }
    planOps += copies * p.circuit.ops.length;
  });
  if (planOps > maxOps) {
    throw new UnrollLimitError(`the parameter-shift plan would hold about ${planOps.toLocaleString("en-US")} operations over its circuits, over the limit of ${maxOps.toLocaleString("en-US")}; ` +
      "the adjoint method computes the gradient on the simulator at the cost of a few forward runs");
  }
  const circuits: Circuit[] = [];
  const labels: string[] = [];
  const layouts: KeyField[][] = [];
  const add = (circuit: Circuit, program: number, label: string): number => {
    circuits.push(circuit);
    labels.push(programs.length > 1 ? `program ${program}: ${label}` : label);
    layouts.push(keyLayout(circuit, programs[program]!.outputIndex));
    return circuits.length - 1;
  };
  // the unshifted circuit of every program first: together they give the objective's value
  const unshifted = programs.map((p, i) => add(p.circuit, i, "unshifted"));
  const terms: { param: number; circuit: number; coefficient: number }[] = [];
  const partial = new Float64Array(P);
  let shifted = 0, skippedShifts = 0;
  for (const occ of allOccurrences) {
    partial.fill(0);
    accumulatePartials(occ.rotation.angle, env, 1, partial);
    const touched = [...partial.keys()].filter((p) => partial[p] !== 0);
    if (touched.length === 0 || occ.rule.kind === "none") continue;
    const where = occ.gate.src ? ` (${occ.gate.src.file}:${occ.gate.src.line}:${occ.gate.src.col})` : "";
    occ.rule.shifts.forEach((s, j) => {
      programs.forEach((p, pi) => {
        if (occ.index >= occurrences[pi]!) return; // the gate comes after this program's outputs
        if (!cones[pi]!.has(occ.gate)) { skippedShifts++; return; } // outside their causal cone: ∂ = 0
        const ci = add(shiftOccurrence(p.circuit, occ.index, s), pi,
          `occurrence ${occ.index}: ${occ.gate.name} on q[${occ.gate.qubits.join(",")}]${where}, shift ${fmtShift(s)}, ${occ.rule.kind} rule`);
        shifted++;
        for (const q of touched) terms.push({ param: q, circuit: ci, coefficient: partial[q]! * occ.rule.coefficients[j]! });
      });
    });
  }
  const weights = objective.kind === "expectation" ? [...outputWeights(form, objective)] : undefined;
  const estimator: Estimator = {
    kind: "shift",
    ...(weights ? { weights } : { targets: (objective as { targets: string }).targets }),
    terms,
    unshifted,
    normalize: objective.kind === "loglik",
  };
  // Shots: one shot of circuit t gives a sample of F_t with spread ≤ σ_t (σ_t = Σ|w| over its expectation
  // outputs; ½ for a probability); with the same T shots on every circuit, component p has variance
  // Σ_t c_t²·σ_t²/T.
  const targetError = opts.targetError ?? 0.05;
  const sigma = layouts.map((l) => (weights ? l.reduce((s, f) => s + (f.kind === "expect" ? Math.abs(weights[f.output]!) : 0), 0) : 0.5));
  const spread = new Float64Array(P);
  for (const t of terms) spread[t.param] = spread[t.param]! + (t.coefficient * sigma[t.circuit]!) ** 2;
  const worst = Math.max(0, ...spread);
  const perCircuit = Math.max(1, Math.ceil(worst / (targetError * targetError)));
  const prefixNote = programs.length > 1
    ? `; ${programs.length} readout programs (expectations on qubits used later are read from prefixes)`
    : "";
  const skipped = skippedShifts > 0 ? `; ${skippedShifts} shifts skipped: their gates lie outside the causal cone of the outputs` : "";
  const manifest: PlanManifest = {
    format: "qseq-gradient-plan",
    version: 2,
    method: "param-shift",
    model: c.name,
    objective,
    params: form.params.map((p, i) => ({ name: paramLabel(p), value: params[i]! })),
    circuits: labels.map((label, i) => ({ file: `circuit-${String(i).padStart(4, "0")}.qasm`, label, shots: perCircuit, layout: layouts[i]! })),
    estimator,
    report: {
      recipe: "parameter shift",
      reason: `${shifted} shifted circuits for ${terms.length} chain-rule terms over ${P} param(s); rules from each gate's generator spectrum${prefixNote}${skipped}`,
      targetError,
      totalShots: perCircuit * circuits.length,
      circuits: circuits.length,
      programs: programs.length,
    },
  };
  return { manifest, circuits, params: Float64Array.from(params) };
}
