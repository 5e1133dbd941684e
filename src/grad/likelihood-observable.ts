// A teacher-forced likelihood as an expectation, so that the shadow recipes can take it.
//
// When every measurement of a circuit is terminal (no later operation touches a measured qubit, no reset
// but ones on untouched qubits, no classical branch), the measurements can all be deferred to the end,
// and the probability of the target bits is the expectation of a projector:
//   P(targets) = ⟨ψ| Π |ψ⟩,  Π = ⊗_j (I + s_j·Z_{q_j})/2 = 2^−m · Σ_{S ⊆ emitted} (Π_{j∈S} s_j)·Z_S,
// with s_j = +1 for a target 0 and −1 for a target 1; measured bits that are not emitted are summed over
// (they are simply left out). ∂ log P = ∂P / P: the recipes estimate ∂P from this observable, and P is read
// from one more circuit that measures the emitted qubits in Z.

import { requireStaticControl, qubitLabel, type Circuit, type ExpectOp, type Op, type Output } from "../ir/circuit.js";
import { RecipeNotApplicable, type ShadowRecipe } from "./shadow.js";

/** Projector terms up to 2^MAX_EMITTED_QUBITS. */
const MAX_EMITTED_QUBITS = 10;

export interface LikelihoodObservable {
  /** The measurement-free circuit, with one expectation output per Z-string of Π (at the end). */
  readonly circuit: Circuit;
  /** The weight of each of its outputs: ±2^−m. */
  readonly weights: Float64Array;
  /** The emitted qubits and their target bits, in output order of first emission. */
  readonly qubits: readonly number[];
  readonly targets: string;
}

export function likelihoodObservable(form: Circuit, targets: string, recipe: ShadowRecipe | "shadow"): LikelihoodObservable {
  requireStaticControl(form, "the likelihood observable");
  const notHere = (why: string) => new RecipeNotApplicable(recipe, `${why}, so the likelihood is not the expectation of a projector at the end`);
  const qubitOfBit = new Map<number, number>();
  const measured = new Set<number>();
  const touched = new Set<number>();
  const ops: Op[] = [];
  for (const op of form.ops) {
    if (op.kind === "if") throw notHere("the circuit branches on a measured bit");
    if (op.kind === "measure") {
      if (measured.has(op.qubit)) throw notHere(`${qubitLabel(form, op.qubit)} is measured twice`);
      measured.add(op.qubit);
      qubitOfBit.set(op.bit, op.qubit);
      continue;
    }
    if (op.kind === "reset") {
      // a reset of a qubit nothing has touched yet is a no-op (qubits start in |0⟩)
      if (touched.has(op.qubit) || measured.has(op.qubit)) throw notHere(`${qubitLabel(form, op.qubit)} is reset after use`);
      continue;
    }
    if (op.kind === "expect") continue; // no part of a log-likelihood
    if (op.kind === "gate" || op.kind === "call") {
      const q = op.qubits.find((x) => measured.has(x));
      if (q !== undefined) throw notHere(`a gate acts on ${qubitLabel(form, q)} after it is measured`);
      for (const x of op.qubits) touched.add(x);
    }
    ops.push(op);
  }
  // emitted bits in output order → qubits and targets (an emitted bit repeated must have one target)
  const qubits: number[] = [];
  let want = "";
  let at = 0;
  const seen = new Map<number, string>();
  for (const o of form.outputs) {
    if (o.kind !== "bits") continue;
    for (const b of o.bits) {
      const t = targets[at++]!;
      const q = qubitOfBit.get(b);
      if (q === undefined) throw notHere(`emitted bit ${b} is not measured`);
      const before = seen.get(q);
      if (before !== undefined) {
        if (before !== t) throw new RecipeNotApplicable(recipe, `the targets give two values to the bit measured from ${qubitLabel(form, q)}: the likelihood is 0`);
        continue;
      }
      seen.set(q, t);
      qubits.push(q);
      want += t;
    }
  }
  const m = qubits.length;
  if (m > MAX_EMITTED_QUBITS) throw new RecipeNotApplicable(recipe, `the likelihood of ${m} emitted bits is a sum of 2^${m} Pauli strings (at most 2^${MAX_EMITTED_QUBITS})`);
  // Π = 2^−m Σ_S sign(S)·Z_S over non-empty S (the identity term is a constant: no gradient)
  const outputs: Output[] = [];
  const weights: number[] = [];
  const expects: ExpectOp[] = [];
  for (let mask = 1; mask < 1 << m; mask++) {
    let sign = 1;
    const factors = [];
    for (let j = 0; j < m; j++) {
      if (!(mask & (1 << j))) continue;
      factors.push({ pauli: "Z" as const, qubit: qubits[j]! });
      if (want[j] === "1") sign = -sign;
    }
    expects.push({ kind: "expect", output: outputs.length });
    outputs.push({ kind: "expect", step: form.steps, factors });
    weights.push(sign / 2 ** m);
  }
  const circuit: Circuit = { ...form, ops: [...ops, ...expects], outputs };
  return { circuit, weights: Float64Array.from(weights), qubits, targets: want };
}
