// Shadow-based gradient plans (information reuse), for expectation objectives of measurement-free
// circuits: f = ⟨ψ|O|ψ⟩, O = Σ_b w_b·P_b, per readout program (src/ir/readout.ts: an expectation whose
// qubits later gates use is read from a prefix program; within a program no gate acts on an expectation's
// qubits after it, so every observable commutes with what follows and is measured at the end).
//
// Recipe "commuting" (structured: the trainable generators commute). Push every trainable generator
// G_k to the end of the circuit through the non-trainable gates after it (src/grad/pauli-propagation.ts):
// G_k^end. If all G_k^end commute pairwise, the trainable rotations can be moved to the end and
//   ∂f/∂φ_k = ⟨ψ| i·[G_k^end, O] |ψ⟩ = Σ_{anticommuting a, b} g_a·w_b·(±2)·⟨Q_a·P_b⟩
// — every component is a Pauli expectation on the model's ordinary output state. The Pauli strings are
// grouped into qubit-wise commuting sets; one measurement basis per set ("grouped"), or random-Pauli
// shadows when there are more than `maxBases` sets.
//
// Recipe "layers" (structured: layers of commuting generators). Split the trainable gates, in circuit
// order, into maximal layers whose generators commute (pushed to the layer's end through its fixed
// gates). Per layer and observable term, an ancilla state built from a controlled-P_b at the layer's end
// gives every component of the layer from one measurement setting per qubit-wise commuting group:
// L·B circuit families instead of 2M shifted circuits, and no classical propagation through the prefix.
//
// Recipe "general" (Abbas et al. 2023, one Pauli O): prepare |Φ₀⟩ = (|0⟩_a|ψ₀⟩ + |1⟩_a·U†OU|ψ₀⟩)/√2
// (h on an ancilla a, U, controlled-O, U†) and measure it with random-Pauli classical shadows; then
//   ∂f/∂φ_k = −2·⟨Y_a ⊗ Ĝ_k⟩,  Ĝ_k = U_{<k}†·G_k·U_{<k}
// with Ĝ_k computed classically by pulling G_k back to the start. Sums that outgrow `maxTerms` mean large
// backward light cones: the recipe is then not applicable.
//
// Shots for a target standard error ε per component (stated in the plan):
//   grouped   T per basis = max_p Σ_bases (Σ_{terms of p in it} |c|)² / ε²  (±1 outcomes, worst case);
//   shadows   a weight-w string is measured by a fraction 3^−w of random bases, so its mean over T shots
//             has variance ≤ 3^w/T and a sum Σ c_t·Q_t standard deviation ≤ V/√T, V = Σ|c_t|·3^{w_t/2};
//             T = ⌈V²/ε²⌉, spread over ≤ 1024 seeded random bases (one circuit each) plus, for any string
//             fewer than 4 of them measure, seeded bases that do. Each string's expectation is the median
//             of means over groups of the bases that measured it (the bases are fixed data; see plan.ts).

import { requireStaticControl, type Circuit, type GateOp, type Op, type Output } from "../ir/circuit.js";
import { accumulatePartials } from "../ir/expr.js";
import { inputValues, paramLabel, qubitLabel } from "../ir/circuit.js";
import { Rng } from "../sim/index.js";
import { generatorPauliSum, rotationOf, toRotationForm, type Rotation } from "./generators.js";
import { checkObjective, objectivePrograms, outputWeights, type Objective } from "./objective.js";
import type { GradientPlan, PlanOptions } from "./param-shift.js";
import {
  commutes, fromFactors, letterAt, multiply, PauliSum, pauliKey, qubitwiseCommutes, support, weight, MAX_PAULI_QUBITS,
  type Pauli,
} from "./pauli.js";
import { PauliGrowthError, PauliPropagator } from "./pauli-propagation.js";
import { inverseGates } from "../ir/flatten.js";
import { likelihoodObservable } from "./likelihood-observable.js";
import { DEFAULT_LIMITS } from "../check/limits.js";
import { toZBasis } from "../ir/measure-expectations.js";
import type { Estimator, KeyPauli, PlanManifest } from "./plan.js";

export type ShadowRecipe = "commuting" | "layers" | "general";

/** Random shadow bases per plan (one circuit each), and the fewest bases that must measure each string. */
const MAX_SHADOW_BASES = 1024;
const MIN_MATCHING_BASES = 4;

/** The model does not meet a recipe's conditions; `reason` says which. */
export class RecipeNotApplicable extends Error {
  constructor(readonly recipe: ShadowRecipe | "shadow", readonly reason: string) {
    super(recipe === "shadow" ? `no shadow recipe applies: ${reason}` : `the ${recipe} shadow recipe does not apply: ${reason}`);
    this.name = "RecipeNotApplicable";
  }
}

export interface ShadowOptions extends PlanOptions {
  /** Seed of the random shadow bases (they are part of the plan, as data). */
  readonly seed?: number;
  /** Cap on propagated Pauli sums (default 4096 terms). */
  readonly maxTerms?: number;
  /** Most measurement bases for grouped estimation before switching to random shadows (default 16). */
  readonly maxBases?: number;
}

interface Prepared {
  readonly form: Circuit;
  readonly gates: GateOp[];
  readonly rotations: (Rotation | undefined)[];
  /** O as Pauli terms with weights. */
  readonly observable: { p: Pauli; w: number }[];
  readonly env: { params: ArrayLike<number>; inputs: Float64Array };
  readonly objective: Objective;
}

/**
 * What every recipe needs, from one readout program (rotation form) and the weight of each of its outputs.
 * An expectation may come before later gates as long as none of them acts on its qubits (the readout
 * makes sure of that): it then commutes with them and is measured at the end.
 */
function prepare(form: Circuit, weights: ArrayLike<number>, objective: Objective, params: ArrayLike<number>, recipe: ShadowRecipe | "shadow"): Prepared {
  if (form.numQubits + 1 > MAX_PAULI_QUBITS) throw new RecipeNotApplicable(recipe, `more than ${MAX_PAULI_QUBITS - 1} qubits`);
  const gates: GateOp[] = [];
  const measured = new Set<number>();
  for (const op of form.ops) {
    if (op.kind === "gate") {
      const q = op.qubits.find((x) => measured.has(x));
      if (q !== undefined) throw new RecipeNotApplicable(recipe, `a gate acts on ${qubitLabel(form, q)} after an expectation on it (the observable must be measured at the end)`);
      gates.push(op);
    } else if (op.kind === "expect") {
      const o = form.outputs[op.output];
      if (o?.kind === "expect") for (const f of o.factors) measured.add(f.qubit);
    } else if (op.kind === "measure" || op.kind === "reset" || op.kind === "if") {
      throw new RecipeNotApplicable(recipe, `the circuit has a mid-circuit ${op.kind === "if" ? "classical branch" : op.kind} (shadow recipes need a measurement-free circuit; parameter shift handles it)`);
    }
  }
  const observable: { p: Pauli; w: number }[] = [];
  form.outputs.forEach((o, k) => {
    if (o.kind === "expect" && weights[k] !== 0) {
      const f = fromFactors(o.factors);
      observable.push({ p: f.p, w: weights[k]! * (f.phase === 0 ? 1 : -1) });
    }
  });
  return { form, gates, rotations: gates.map(rotationOf), observable, env: { params, inputs: inputValues(form) }, objective };
}

/** The rotation-form circuit without expectations, measuring every qubit (plus the ancilla) in `basis`. */
function measuredIn(form: Circuit, ops: readonly Op[], numQubits: number, basis: string): Circuit {
  const out: Op[] = [...ops];
  for (let q = 0; q < numQubits; q++) out.push(...toZBasis(basis[q]!, q));
  for (let q = 0; q < numQubits; q++) out.push({ kind: "measure", qubit: q, bit: q });
  const outputs: Output[] = [{ kind: "bits", step: form.steps, bits: Array.from({ length: numQubits }, (_, q) => q), array: true }];
  const registers = numQubits > form.numQubits
    ? [...form.registers, { name: "anc", role: "local" as const, offset: form.numQubits, size: 1 }]
    : form.registers;
  return { ...form, numQubits, numBits: numQubits, ops: out, outputs, registers };
}

function keyPauli(p: Pauli): KeyPauli {
  const positions: number[] = [];
  let letters = "";
  for (let s = support(p), q = 0; s !== 0; s >>>= 1, q++) {
    if (s & 1) { positions.push(q); letters += letterAt(p, q); }
  }
  return { positions, letters };
}

type Term = { param: number; coefficient: number; pauli: Pauli };

/** Merges terms with the same (param, Pauli). */
function mergeTerms(terms: readonly Term[]): Term[] {
  const m = new Map<string, Term>();
  for (const t of terms) {
    const k = `${t.param}|${pauliKey(t.pauli)}`;
    const e = m.get(k);
    if (e) e.coefficient += t.coefficient;
    else m.set(k, { ...t });
  }
  return [...m.values()].filter((t) => Math.abs(t.coefficient) > 1e-14);
}

function distinctPaulis(terms: readonly Term[]): Pauli[] {
  return [...new Map(terms.map((t) => [pauliKey(t.pauli), t.pauli])).values()];
}

/** Qubit-wise commuting sets (greedy, heaviest strings first): each set is measured in one product basis. */
function qubitwiseGroups(paulis: readonly Pauli[]): Pauli[][] {
  const groups: Pauli[][] = [];
  for (const p of [...paulis].sort((a, b) => weight(b) - weight(a))) {
    const g = groups.find((gr) => gr.every((q) => qubitwiseCommutes(p, q)));
    if (g) g.push(p); else groups.push([p]);
  }
  return groups;
}

/** The product basis that measures every string of a qubit-wise commuting set (Z where none acts). */
function groupBasis(group: readonly Pauli[], width: number): string {
  return Array.from({ length: width }, (_, q) => {
    for (const p of group) { const l = letterAt(p, q); if (l !== "I") return l; }
    return "Z";
  }).join("");
}

/** ∂φ/∂θ_p of every occurrence, as (param, value) lists. */
function angleJacobian(pr: Prepared): ([number, number][] | undefined)[] {
  const P = pr.form.params.length;
  const buf = new Float64Array(P);
  return pr.rotations.map((r) => {
    if (!r) return undefined;
    buf.fill(0);
    accumulatePartials(r.angle, pr.env, 1, buf);
    const out: [number, number][] = [];
    buf.forEach((v, p) => { if (v !== 0) out.push([p, v]); });
    return out;
  });
}

function sumsCommute(a: PauliSum, b: PauliSum): boolean {
  const comm = new PauliSum();
  for (const s of a.terms.values()) {
    for (const t of b.terms.values()) {
      if (commutes(s.p, t.p)) continue;
      const m = multiply(s.p, t.p);
      comm.add(m.p, (m.phase === 1 ? 1 : m.phase === 3 ? -1 : 0) * 2 * s.c * t.c);
    }
  }
  return comm.prune(1e-10).size === 0;
}

/**
 * Builds the plan of a shadow recipe. "auto": the commuting recipe if it applies; otherwise whichever of
 * the layers and general recipes applies with fewer suggested shots. The recipe runs once per readout
 * program (one unless expectations are taken on qubits used later, src/ir/readout.ts), on the program's
 * weighted sum of observables; the plan sums the programs' estimators.
 */
export function shadowPlan(c: Circuit, objective: Objective, params: ArrayLike<number>, recipe: ShadowRecipe | "auto", opts: ShadowOptions = {}): GradientPlan {
  requireStaticControl(c, "shadow-based gradients");
  const name = recipe === "auto" ? "shadow" : recipe;
  const form = toRotationForm(c);
  checkObjective(form, objective);
  if (objective.kind === "loglik") return likelihoodPlan(c, form, objective, params, recipe, opts);
  const weights = outputWeights(form, objective);
  const programs = objectivePrograms(form, objective, opts.maxOps ?? DEFAULT_LIMITS.maxOps);
  const plans = programs.map((p, i) => {
    // what every recipe needs is checked once per program, on its rotation-form circuit
    try {
      const pr = prepare(p.circuit, p.outputIndex.map((k) => weights[k]!), objective, params, name);
      return programPlan(c, pr, params, recipe, opts);
    } catch (e) {
      if (e instanceof RecipeNotApplicable && programs.length > 1) {
        throw new RecipeNotApplicable(e.recipe, `${e.reason} (in readout program ${i} of ${programs.length}, for output(s) ${p.outputIndex.join(", ")})`);
      }
      throw e;
    }
  });
  if (plans.length === 1) return plans[0]!;
  if (plans.length === 0) return zeroPlan(form, objective, params, opts);
  return sumOfPlans(c, plans, programs.map((p) => p.outputIndex));
}

/**
 * A log-likelihood of terminal measurements (src/grad/likelihood-observable.ts): the recipe estimates ∂P
 * from the projector onto the targets, one more circuit measures the emitted qubits in Z for P, and the
 * estimator divides (∂ log P = ∂P / P).
 */
function likelihoodPlan(c: Circuit, form: Circuit, objective: Objective & { kind: "loglik" }, params: ArrayLike<number>, recipe: ShadowRecipe | "auto", opts: ShadowOptions): GradientPlan {
  const name = recipe === "auto" ? "shadow" : recipe;
  const lik = likelihoodObservable(form, objective.targets, name);
  const pr = prepare(lik.circuit, lik.weights, objective, params, name);
  const numerator = programPlan(c, pr, params, recipe, opts);
  const n = form.numQubits;
  const gates = pr.gates as Op[];
  const valueCircuit = measuredIn(pr.form, gates, n, "Z".repeat(n));
  const shots = Math.max(...numerator.manifest.circuits.map((x) => x.shots), 1);
  const m = numerator.manifest;
  const manifest: PlanManifest = {
    ...m,
    circuits: [...m.circuits, {
      file: `circuit-${String(m.circuits.length).padStart(4, "0")}.qasm`,
      label: `the model's circuit, emitted qubits measured in Z: P(targets ${lik.targets}), the normaliser of ∂ log P = ∂P / P`,
      shots, layout: [{ output: -1, kind: "bits", width: n }],
    }],
    estimator: { kind: "ratio", numerator: m.estimator, value: { circuit: m.circuits.length, positions: lik.qubits, bits: lik.targets } },
    report: {
      ...m.report,
      reason: `the measurements are terminal, so P(targets) is the expectation of a projector (${2 ** lik.qubits.length - 1} Z-strings); ${m.report.reason}; one more circuit reads P`,
      totalShots: m.report.totalShots + shots,
      circuits: m.report.circuits + 1,
    },
  };
  return { manifest, circuits: [...numerator.circuits, valueCircuit], params: Float64Array.from(params) };
}

/** Every weight is zero: the objective is the constant 0, and so is its gradient (no circuit to run). */
function zeroPlan(form: Circuit, objective: Objective, params: ArrayLike<number>, opts: ShadowOptions): GradientPlan {
  const manifest: PlanManifest = {
    format: "qseq-gradient-plan",
    version: 2,
    method: "shadow-commuting",
    model: form.name,
    objective,
    params: form.params.map((p, i) => ({ name: paramLabel(p), value: params[i]! })),
    circuits: [],
    estimator: { kind: "parts", parts: [] },
    report: { recipe: "none", reason: "every weight is zero: the objective is constant", targetError: opts.targetError ?? 0.05, totalShots: 0, circuits: 0, programs: 0 },
  };
  return { manifest, circuits: [], params: Float64Array.from(params) };
}

function programPlan(c: Circuit, pr: Prepared, params: ArrayLike<number>, recipe: ShadowRecipe | "auto", opts: ShadowOptions): GradientPlan {
  if (recipe === "commuting") return commutingPlan(c, pr, params, opts);
  if (recipe === "layers") return layersPlan(c, pr, params, opts);
  if (recipe === "general") return generalPlan(c, pr, params, opts);
  const reasons: string[] = [];
  const attempt = (name: ShadowRecipe, build: () => GradientPlan): GradientPlan | undefined => {
    try {
      return build();
    } catch (e) {
      if (!(e instanceof RecipeNotApplicable)) throw e;
      reasons.push(`${name}: ${e.reason}`);
      return undefined;
    }
  };
  const commuting = attempt("commuting", () => commutingPlan(c, pr, params, opts));
  if (commuting) return commuting;
  const candidates = [
    attempt("layers", () => layersPlan(c, pr, params, opts)),
    attempt("general", () => generalPlan(c, pr, params, opts)),
  ].filter((p): p is GradientPlan => p !== undefined);
  if (candidates.length === 0) throw new RecipeNotApplicable("shadow", reasons.join("; "));
  return candidates.reduce((a, b) => (b.manifest.report.totalShots < a.manifest.report.totalShots ? b : a));
}

/** One plan from the plans of several readout programs: circuits in program order, estimators summed. */
function sumOfPlans(c: Circuit, plans: readonly GradientPlan[], outputsOf: readonly (readonly number[])[]): GradientPlan {
  const first = plans[0]!.manifest;
  const methods = new Set(plans.map((p) => p.manifest.method));
  const recipes = [...new Set(plans.map((p) => p.manifest.report.recipe))];
  const circuits: Circuit[] = [];
  const entries: PlanManifest["circuits"][number][] = [];
  const parts: { first: number; count: number; estimator: Estimator }[] = [];
  plans.forEach((p, i) => {
    parts.push({ first: circuits.length, count: p.circuits.length, estimator: p.manifest.estimator });
    p.circuits.forEach((pc, j) => {
      circuits.push(pc);
      const e = p.manifest.circuits[j]!;
      entries.push({ ...e, file: `circuit-${String(entries.length).padStart(4, "0")}.qasm`, label: `program ${i} (output(s) ${outputsOf[i]!.join(", ")}): ${e.label}` });
    });
  });
  const manifest: PlanManifest = {
    ...first,
    method: methods.size === 1 ? first.method : "shadow-mixed",
    model: c.name,
    circuits: entries,
    estimator: { kind: "parts", parts },
    report: {
      recipe: recipes.join(" + "),
      reason: `${plans.length} readout programs (expectations on qubits used later are read from prefixes), one plan each; ` +
        `program 0: ${first.report.reason}${plans.length > 1 ? ` (labels of the circuits say the others' recipes)` : ""}`,
      targetError: first.report.targetError,
      totalShots: plans.reduce((s, p) => s + p.manifest.report.totalShots, 0),
      circuits: circuits.length,
      programs: plans.length,
    },
  };
  return { manifest, circuits, params: plans[0]!.params };
}

function commutingPlan(c: Circuit, pr: Prepared, params: ArrayLike<number>, opts: ShadowOptions): GradientPlan {
  const prop = new PauliPropagator(pr.env, opts.maxTerms ?? 4096);
  const jac = angleJacobian(pr);
  // end-frame generators
  const ends: { k: number; g: PauliSum }[] = [];
  try {
    pr.gates.forEach((_, k) => {
      const r = pr.rotations[k];
      if (!r || !jac[k]!.length) return;
      let g = generatorPauliSum(r).withoutIdentity();
      for (let j = k + 1; j < pr.gates.length; j++) if (!pr.rotations[j]) g = prop.conjugate(g, pr.gates[j]!, "push");
      ends.push({ k, g });
    });
  } catch (e) {
    if (e instanceof PauliGrowthError) throw new RecipeNotApplicable("commuting", `pushing a generator to the end needs more than ${e.cap} Pauli terms`);
    throw e;
  }
  for (let i = 0; i < ends.length; i++) {
    for (let j = i + 1; j < ends.length; j++) {
      if (!sumsCommute(ends[i]!.g, ends[j]!.g)) {
        const gi = pr.gates[ends[i]!.k]!, gj = pr.gates[ends[j]!.k]!;
        throw new RecipeNotApplicable("commuting", `the trainable gates ${gi.name} on q[${gi.qubits.join(",")}] and ${gj.name} on q[${gj.qubits.join(",")}] do not commute (after moving the fixed gates between them)`);
      }
    }
  }
  const raw: Term[] = [];
  for (const { k, g } of ends) {
    for (const a of g.terms.values()) {
      for (const b of pr.observable) {
        if (commutes(a.p, b.p)) continue;
        const m = multiply(a.p, b.p);
        const coef = a.c * b.w * (m.phase === 1 ? -2 : 2);
        for (const [p, d] of jac[k]!) raw.push({ param: p, coefficient: d * coef, pauli: m.p });
      }
    }
  }
  const terms = mergeTerms(raw);
  const paulis = distinctPaulis(terms);
  const groups = qubitwiseGroups(paulis);
  const n = pr.form.numQubits;
  const body = pr.gates as Op[];
  const targetError = opts.targetError ?? 0.05;
  const P = pr.form.params.length;
  if (groups.length <= (opts.maxBases ?? 16)) {
    const groupOf = new Map<string, number>();
    groups.forEach((gr, i) => gr.forEach((p) => groupOf.set(pauliKey(p), i)));
    const bases = groups.map((gr) => groupBasis(gr, n));
    // per param, per basis: Σ|c| (one shot's estimate is a sum of ±1 outcomes)
    const spread = Array.from({ length: P }, () => new Float64Array(groups.length));
    for (const t of terms) {
      const row = spread[t.param]!, gi = groupOf.get(pauliKey(t.pauli))!;
      row[gi] = row[gi]! + Math.abs(t.coefficient);
    }
    const worst = Math.max(0, ...spread.map((s) => s.reduce((acc, v) => acc + v * v, 0)));
    const perBasis = Math.max(1, Math.ceil(worst / (targetError * targetError)));
    const estimator: Estimator = {
      kind: "grouped",
      terms: terms.map((t) => ({ param: t.param, coefficient: t.coefficient, circuit: groupOf.get(pauliKey(t.pauli))!, pauli: keyPauli(t.pauli) })),
    };
    return finish(c, pr, params, "shadow-commuting", bases.map((b) => measuredIn(pr.form, body, n, b)),
      bases.map((b) => `the model's output state measured in the basis ${b} (qubit 0 first)`), perBasis, estimator, {
        recipe: "commuting last block, grouped bases",
        reason: `all ${ends.length} trainable generators commute once the fixed gates are moved past them, so every gradient component is a Pauli expectation on the ordinary output state; ${paulis.length} Pauli strings fall into ${groups.length} qubit-wise commuting basis/bases`,
        targetError,
      });
  }
  return shadowFamily(c, pr, params, "shadow-commuting", body, n, terms, opts, {
    recipe: "commuting last block, random-Pauli shadows",
    reason: `all ${ends.length} trainable generators commute once the fixed gates are moved past them; their ${paulis.length} Pauli strings need ${groups.length} bases, so one classical shadow measures them all`,
  });
}

/** The circuit that prepares (|0⟩_a|ψ⟩ + |1⟩_a·Õ|ψ⟩)/√2 with Õ = V†·P·V: h a; prefix; V; controlled-P; V†. */
function ancillaBody(prefix: readonly GateOp[], after: readonly GateOp[], p: Pauli, anc: number): Op[] {
  const ctrl = (name: string, q: number): GateOp => ({ kind: "gate", name, args: [], qubits: [anc, q], mods: [{ k: "ctrl", n: 1, negative: false }] });
  const controlledP: GateOp[] = [];
  for (let s = support(p), q = 0; s !== 0; s >>>= 1, q++) {
    if (s & 1) controlledP.push(ctrl(letterAt(p, q).toLowerCase(), q));
  }
  return [{ kind: "gate", name: "h", args: [], qubits: [anc], mods: [] }, ...prefix, ...after, ...controlledP, ...inverseGates(after)];
}

/** Y on the ancilla times a system string. */
const withAncillaY = (p: Pauli, anc: number): Pauli => ({ x: (p.x | (1 << anc)) >>> 0, z: (p.z | (1 << anc)) >>> 0 });

/**
 * Recipe "layers" (structured): split the trainable gates, in circuit order, into layers whose generators
 * commute once pushed to the layer's end through the fixed gates inside it. For a layer ending at gate e
 * and an observable term P_b, prepare Φ = (|0⟩_a|ψ_e⟩ + |1⟩_a·Õ|ψ_e⟩)/√2 (Õ = V†P_bV, V the gates after e)
 * and read every component of the layer at once: ∂f/∂φ_k = Σ_b w_b·(−2)·⟨Y_a ⊗ G_k^end⟩_Φ. One measurement
 * setting per qubit-wise commuting group of the layer's strings: L·B circuit families instead of 2M.
 */
function layersPlan(c: Circuit, pr: Prepared, params: ArrayLike<number>, opts: ShadowOptions): GradientPlan {
  const n = pr.form.numQubits;
  const anc = n;
  const prop = new PauliPropagator(pr.env, opts.maxTerms ?? 4096);
  const jac = angleJacobian(pr);
  type Layer = { end: number; members: { k: number; g: PauliSum }[] };
  const layers: Layer[] = [];
  let current: Layer = { end: 0, members: [] };
  try {
    pr.gates.forEach((gate, k) => {
      const r = pr.rotations[k];
      if (!r) {
        for (const m of current.members) m.g = prop.conjugate(m.g, gate, "push");
        return;
      }
      if (!jac[k]!.length) return;
      const g = generatorPauliSum(r).withoutIdentity();
      if (!current.members.every((m) => sumsCommute(m.g, g))) {
        current.end = k;
        layers.push(current);
        current = { end: 0, members: [] };
      }
      current.members.push({ k, g });
    });
  } catch (e) {
    if (e instanceof PauliGrowthError) throw new RecipeNotApplicable("layers", `pushing a generator through the fixed gates of its layer needs more than ${e.cap} Pauli terms`);
    throw e;
  }
  current.end = pr.gates.length;
  if (current.members.length) layers.push(current);
  if (layers.length === 0) throw new RecipeNotApplicable("layers", "no trainable gate depends on a param");
  const circuits: Circuit[] = [];
  const labels: string[] = [];
  const terms: { param: number; coefficient: number; circuit: number; pauli: KeyPauli }[] = [];
  const spread: Map<number, number>[] = [];
  layers.forEach((layer, li) => {
    pr.observable.forEach((O, bi) => {
      const raw: Term[] = [];
      for (const { k, g } of layer.members) {
        for (const t of g.terms.values()) {
          for (const [p, d] of jac[k]!) raw.push({ param: p, coefficient: -2 * t.c * O.w * d, pauli: withAncillaY(t.p, anc) });
        }
      }
      const famTerms = mergeTerms(raw);
      const groups = qubitwiseGroups(distinctPaulis(famTerms));
      const body = ancillaBody(pr.gates.slice(0, layer.end), pr.gates.slice(layer.end), O.p, anc);
      groups.forEach((gr, gi) => {
        const basis = groupBasis(gr, n + 1);
        const ci = circuits.length;
        circuits.push(measuredIn(pr.form, body, n + 1, basis));
        labels.push(`layer ${li} (${layer.members.length} gates, ending before gate ${layer.end}), observable term ${bi}, setting ${gi}: basis ${basis}`);
        const inGroup = new Set(gr.map(pauliKey));
        const sp = new Map<number, number>();
        for (const t of famTerms) {
          if (!inGroup.has(pauliKey(t.pauli))) continue;
          terms.push({ param: t.param, coefficient: t.coefficient, circuit: ci, pauli: keyPauli(t.pauli) });
          sp.set(t.param, (sp.get(t.param) ?? 0) + Math.abs(t.coefficient));
        }
        spread.push(sp);
      });
    });
  });
  const targetError = opts.targetError ?? 0.05;
  const perParam = new Map<number, number>();
  for (const sp of spread) for (const [p, v] of sp) perParam.set(p, (perParam.get(p) ?? 0) + v * v);
  const worst = Math.max(0, ...perParam.values());
  const perCircuit = Math.max(1, Math.ceil(worst / (targetError * targetError)));
  return finish(c, pr, params, "shadow-layers", circuits, labels, perCircuit, { kind: "grouped", terms }, {
    recipe: "commuting layers (ancilla state per layer, one setting per qubit-wise commuting group)",
    reason: `${jac.filter((j) => j?.length).length} trainable gates fall into ${layers.length} layer(s) of commuting generators; ${pr.observable.length} observable term(s) → ${circuits.length} circuit families instead of ${2 * jac.filter((j) => j?.length).length} shifted circuits`,
    targetError,
  });
}

function generalPlan(c: Circuit, pr: Prepared, params: ArrayLike<number>, opts: ShadowOptions): GradientPlan {
  if (pr.observable.length !== 1) {
    throw new RecipeNotApplicable("general", `the objective is a sum of ${pr.observable.length} Pauli products; the ancilla recipe takes one`);
  }
  const O = pr.observable[0]!;
  const n = pr.form.numQubits;
  const anc = n;
  const prop = new PauliPropagator(pr.env, opts.maxTerms ?? 4096);
  const jac = angleJacobian(pr);
  const raw: Term[] = [];
  try {
    // pull each generator back to the start; the running prefix is shared by walking gates in order
    pr.gates.forEach((_, k) => {
      const r = pr.rotations[k];
      if (!r || !jac[k]!.length) return;
      let g = generatorPauliSum(r).withoutIdentity();
      for (let j = k - 1; j >= 0; j--) g = prop.conjugate(g, pr.gates[j]!, "pull");
      for (const t of g.terms.values()) {
        for (const [p, d] of jac[k]!) raw.push({ param: p, coefficient: -2 * t.c * O.w * d, pauli: withAncillaY(t.p, anc) });
      }
    });
  } catch (e) {
    if (e instanceof PauliGrowthError) throw new RecipeNotApplicable("general", `a generator's backward light cone needs more than ${e.cap} Pauli terms`);
    throw e;
  }
  const terms = mergeTerms(raw);
  // |Φ₀⟩: h a; U; controlled-O; U†
  const body = ancillaBody([], pr.gates, O.p, anc);
  return shadowFamily(c, pr, params, "shadow-general", body, n + 1, terms, opts, {
    recipe: "general (ancilla state Φ₀ with controlled-O, random-Pauli shadows)",
    reason: `every generator pulled back to the start stays within the cap of ${opts.maxTerms ?? 4096} Pauli terms (small backward light cones), so one shadow of Φ₀ on ${n + 1} qubits estimates all ${terms.length} terms`,
  });
}

function shadowFamily(
  c: Circuit, pr: Prepared, params: ArrayLike<number>, method: PlanManifest["method"], body: readonly Op[], width: number,
  terms: readonly Term[], opts: ShadowOptions, why: { recipe: string; reason: string },
): GradientPlan {
  const targetError = opts.targetError ?? 0.05;
  const P = pr.form.params.length;
  const v = new Float64Array(P);
  for (const t of terms) v[t.param] = v[t.param]! + Math.abs(t.coefficient) * Math.sqrt(3 ** weight(t.pauli));
  const worst = Math.max(0, ...v);
  const total = Math.max(1, Math.ceil((worst * worst) / (targetError * targetError)));
  const rng = new Rng(opts.seed ?? 1);
  const letters = "XYZ";
  const randomBasis = () => Array.from({ length: width }, () => letters[Math.floor(rng.uniform() * 3)]!);
  const bases = Array.from({ length: Math.min(total, MAX_SHADOW_BASES) }, () => randomBasis().join(""));
  // every string must be measured by a few bases: add seeded bases that contain the rare ones
  for (const t of terms) {
    const kp = keyPauli(t.pauli);
    const matches = (b: string) => kp.positions.every((q, j) => b[q] === kp.letters[j]);
    for (let have = bases.filter(matches).length; have < MIN_MATCHING_BASES; have++) {
      const b = randomBasis();
      kp.positions.forEach((q, j) => { b[q] = kp.letters[j]!; });
      bases.push(b.join(""));
    }
  }
  const perBasis = Math.ceil(total / bases.length);
  // median of means: K = ⌈2·ln(2M/δ)⌉ groups (δ = 0.05), as for classical shadows
  const groups = Math.max(1, Math.ceil(2 * Math.log((2 * Math.max(1, P)) / 0.05)));
  const estimator: Estimator = {
    kind: "shadow", bases, groups,
    terms: terms.map((t) => ({ param: t.param, coefficient: t.coefficient, pauli: keyPauli(t.pauli) })),
  };
  return finish(c, pr, params, method, bases.map((b) => measuredIn(pr.form, body, width, b)),
    bases.map((b, i) => `random Pauli basis ${i} (seeded): ${b}`), perBasis, estimator, { ...why, targetError });
}

function finish(
  c: Circuit, pr: Prepared, params: ArrayLike<number>, method: PlanManifest["method"], circuits: Circuit[], labels: string[],
  shots: number, estimator: Estimator, why: { recipe: string; reason: string; targetError: number },
): GradientPlan {
  const manifest: PlanManifest = {
    format: "qseq-gradient-plan",
    version: 2,
    method,
    model: c.name,
    objective: pr.objective,
    params: pr.form.params.map((p, i) => ({ name: paramLabel(p), value: params[i]! })),
    // every recipe circuit measures all its qubits into one bit array (no model output: −1)
    circuits: labels.map((label, i) => ({
      file: `circuit-${String(i).padStart(4, "0")}.qasm`, label, shots,
      layout: [{ output: -1, kind: "bits" as const, width: circuits[i]!.numQubits }],
    })),
    estimator,
    report: { ...why, totalShots: shots * circuits.length, circuits: circuits.length, programs: 1 },
  };
  return { manifest, circuits, params: Float64Array.from(params) };
}
