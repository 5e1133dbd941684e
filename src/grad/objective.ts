// Objectives: the scalar functions of a model's emitted outputs that gradient passes differentiate.
//
//   expectation  f = Σ_k w_k·⟨P_k⟩ over the model's `emit expect` outputs (k in output order, default
//                weights 1). With measurements in the circuit, ⟨P_k⟩ is averaged over their outcomes
//                (the simulator's exact mode).
//   loglik       f = log P(emitted bits = targets) under teacher forcing: measurements of emitted bits are
//                projected onto their targets, other measurements and resets are summed over.
//
// A batch is a list of (circuit, objective) pairs over the same params (one elaborated circuit per input
// sequence); its objective is the MEAN of the members' objectives, so learning rates do not depend on
// the batch size.

import type { Circuit } from "../ir/circuit.js";
import { planReadout, programCircuit } from "../ir/readout.js";
import { compileSimulation, type SimProgram } from "../sim/index.js";

export type Objective =
  | { readonly kind: "expectation"; readonly weights?: readonly number[] }
  | { readonly kind: "loglik"; readonly targets: string };

/** The indices (into circuit.outputs) of the expectation outputs, in output order. */
export function expectOutputs(c: Circuit): number[] {
  const out: number[] = [];
  c.outputs.forEach((o, i) => { if (o.kind === "expect") out.push(i); });
  return out;
}

/** The number of emitted bits (the length of a teacher-forcing target string). */
export function emittedBitCount(c: Circuit): number {
  let n = 0;
  for (const o of c.outputs) if (o.kind === "bits") n += o.bits.length;
  return n;
}

/** Thrown for an objective that does not fit the circuit (a user error: the CLI reports it). */
export class ObjectiveError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ObjectiveError";
  }
}

/** Per output index, the weight of that output in an expectation objective (0 for bit outputs). */
export function outputWeights(c: Circuit, objective: Objective & { kind: "expectation" }): Float64Array {
  const ex = expectOutputs(c);
  if (ex.length === 0) {
    throw new ObjectiveError(`the model emits no expectation values (\`emit expect …\`), so an expectation objective is empty; use the log-likelihood of target bits instead`);
  }
  const w = objective.weights;
  if (w && w.length !== ex.length) {
    throw new ObjectiveError(`${w.length} weight(s) given, but the sequence emits ${ex.length} expectation value(s)`);
  }
  const out = new Float64Array(c.outputs.length);
  ex.forEach((k, i) => { out[k] = w ? w[i]! : 1; });
  return out;
}

export function checkObjective(c: Circuit, objective: Objective): void {
  if (objective.kind === "expectation") {
    outputWeights(c, objective);
    return;
  }
  const bits = emittedBitCount(c);
  if (objective.targets.length !== bits || !/^[01]*$/.test(objective.targets)) {
    throw new ObjectiveError(`the targets must be ${bits} character(s) '0'/'1' (one per emitted bit, in output order), got '${objective.targets}'`);
  }
}

export function describeObjective(objective: Objective): string {
  if (objective.kind === "loglik") return `log P(outputs = ${objective.targets || "(none)"}) under teacher forcing`;
  return objective.weights ? `Σ w_k·⟨P_k⟩ with w = [${objective.weights.join(", ")}]` : "Σ_k ⟨P_k⟩ over the emitted expectation values";
}

/** The objective's exact value on the simulator (the reference for finite differences and shift rules). */
export function objectiveValue(sim: SimProgram, c: Circuit, objective: Objective, params: ArrayLike<number>): number {
  if (objective.kind === "loglik") return sim.forced(params, objective.targets).logProbability;
  const w = outputWeights(c, objective);
  const ex = sim.exact(params).expectations;
  let f = 0;
  w.forEach((wk, k) => { if (wk !== 0) f += wk * (ex.get(k) ?? 0); });
  return f;
}

/** Convenience: compile and evaluate once. */
export function evaluateObjective(c: Circuit, objective: Objective, params: ArrayLike<number>): number {
  return objectiveValue(compileSimulation(c), c, objective, params);
}

/** One program an objective is read from: a circuit whose outputs are model outputs `outputIndex[k]`. */
export interface ObjectiveProgram {
  readonly circuit: Circuit;
  readonly outputIndex: readonly number[];
}

/**
 * The programs that read an objective on hardware (src/ir/readout.ts): for an expectation objective, the
 * readout batch of its weighted outputs (an output whose qubits later operations use gets a prefix
 * program); for a log-likelihood, the whole circuit with its bit outputs (expectations play no part).
 */
export function objectivePrograms(c: Circuit, objective: Objective, maxOps?: number): ObjectiveProgram[] {
  if (objective.kind === "loglik") {
    const bits = c.outputs.flatMap((o, k) => (o.kind === "bits" ? [k] : []));
    return [{ circuit: programCircuit(c, { end: c.ops.length, outputs: bits, main: true }), outputIndex: bits }];
  }
  const w = outputWeights(c, objective);
  const wanted = new Set(expectOutputs(c).filter((k) => w[k] !== 0));
  return planReadout(c, { bits: false, expectations: wanted, ...(maxOps !== undefined ? { maxOps } : {}) }).programs.map((p) => ({ circuit: programCircuit(c, p), outputIndex: p.outputs }));
}
