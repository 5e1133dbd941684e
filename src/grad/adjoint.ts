// Exact gradients on the simulator by adjoint differentiation (Jones & Gacon 2020), generalised to
// circuits with measurements, resets and feed-forward.
//
// Every objective is a quadratic form f = Σ_branches ⟨ψ_b|M|ψ_b⟩ in the branch states, so
// ∂f/∂φ_g = 2·Re⟨λ|∂U_g|ψ⟩ = 2·Im⟨λ|G_g|ψ⟩ with the costate λ = M-propagated back to the gate. The walk:
//   forward   apply gates to ψ up to the next measurement/reset ("split") or the end;
//   split     for each outcome with non-negligible probability, recurse on a copy K_b·ψ (K_b its Kraus
//             operator; an emitted bit under teacher forcing has one outcome: its target) and collect
//             λ_end = Σ_b K_b†·λ_b from the children;
//   leaf      λ = ψ for a log-likelihood (M = I), λ = 0 for expectations;
//   backward  un-apply the segment's gates on ψ and λ in lock-step; at each trainable occurrence add
//             2·Im⟨λ|G|ψ⟩·∂φ/∂θ to every param θ the angle depends on (the chain rule through tied params);
//             at each `expect` point add w·⟨ψ|P|ψ⟩ to f and w·P·ψ to λ.
// Memory: one state per split along the current path plus two; checked against the limit before starting.
// Trainable gates are first brought to rotation normal form (src/grad/generators.ts); the other gates
// run in fused blocks on the fast simulator (forward and inverse).

import { requireStaticControl, type Circuit, type GateOp, type Op, type PauliFactor } from "../ir/circuit.js";
import { accumulatePartials, type Expr } from "../ir/expr.js";
import { compileExpr, type CompiledExpr } from "../sim/gatekinds.js";
import {
  checkStateFits, compileSimulation, defaultMaxMemoryBytes, DEFAULT_MAX_BRANCHES, DROP_PROBABILITY,
  norm2, type BoundSimulation, type SimProgram,
} from "../sim/index.js";
import { collapse, probOne } from "../sim/kernels.js";
import { pauliExpectation } from "../sim/state.js";
import { rotationOf, toRotationForm } from "./generators.js";
import { inverseGates } from "../ir/flatten.js";
import { checkObjective, ObjectiveError, outputWeights, type Objective } from "./objective.js";
import {
  addPauliTimes, applyRotation, singleTarget, diagPairAdjointStep, raiseQubit, rotationAdjointStep, rotationKernel,
  type RotationKernel,
} from "./rotation-kernel.js";
import { initialParamValues, inputValues } from "../ir/circuit.js";

type TapeInstr =
  | { readonly op: "block"; readonly fwd: SimProgram; readonly inv: SimProgram; readonly index: number }
  | { readonly op: "rot"; readonly kernel: RotationKernel; readonly angle: Expr; readonly phi: CompiledExpr }
  | { readonly op: "measure"; readonly qubit: number; readonly bit: number }
  | { readonly op: "reset"; readonly qubit: number }
  | { readonly op: "jumpUnless"; readonly when: readonly { readonly bit: number; readonly value: boolean }[]; target: number }
  | { readonly op: "jump"; target: number }
  | { readonly op: "expect"; readonly output: number; readonly factors: readonly PauliFactor[]; readonly nested: boolean };

export interface AdjointOptions {
  readonly maxMemoryBytes?: number;
  /** Budget of measurement branches (default 2^20). */
  readonly maxBranches?: number;
}

export interface GradientResult {
  /** The objective's value. */
  readonly value: number;
  /** ∂f/∂θ for every param of the circuit, in `circuit.params` order. */
  readonly gradient: Float64Array;
  /** Measurement branches explored. */
  readonly branches: number;
}

/** A circuit compiled for repeated adjoint gradients (training loops, benchmarks). */
export interface AdjointProgram {
  readonly circuit: Circuit;
  /** Trainable gate occurrences (after rotation normal form). */
  readonly occurrences: number;
  gradient(objective: Objective, params?: ArrayLike<number>): GradientResult;
}

export function compileAdjoint(c: Circuit, opts: AdjointOptions = {}): AdjointProgram {
  requireStaticControl(c, "adjoint differentiation");
  const maxMemoryBytes = opts.maxMemoryBytes ?? defaultMaxMemoryBytes();
  checkStateFits(c.numQubits, maxMemoryBytes, 3, "adjoint differentiation");
  const form = toRotationForm(c);
  const code: TapeInstr[] = [];
  let occurrences = 0;
  let blocks = 0;
  let splits = 0;
  const sub = (ops: readonly Op[]): Circuit => ({ ...form, ops, outputs: [], registers: [] });

  const emitOps = (ops: readonly Op[], nested: boolean): void => {
    let run: GateOp[] = [];
    const flush = () => {
      if (run.length === 0) return;
      code.push({
        op: "block", index: blocks++,
        fwd: compileSimulation(sub(run), { maxMemoryBytes }),
        inv: compileSimulation(sub(inverseGates(run)), { maxMemoryBytes }),
      });
      run = [];
    };
    for (const op of ops) {
      if (op.kind === "gate") {
        const r = rotationOf(op);
        if (!r) { run.push(op); continue; }
        flush();
        occurrences++;
        code.push({ op: "rot", kernel: rotationKernel(r), angle: r.angle, phi: compileExpr(r.angle) });
        continue;
      }
      flush();
      switch (op.kind) {
        case "measure": splits++; code.push({ op: "measure", qubit: op.qubit, bit: op.bit }); break;
        case "reset": splits++; code.push({ op: "reset", qubit: op.qubit }); break;
        case "expect": {
          const o = form.outputs[op.output];
          if (!o || o.kind !== "expect") throw new Error(`adjoint: expect op refers to output ${op.output}, which is not an expectation`);
          code.push({ op: "expect", output: op.output, factors: o.factors, nested });
          break;
        }
        case "if": {
          const j: TapeInstr = { op: "jumpUnless", when: op.when, target: -1 };
          code.push(j);
          emitOps(op.then, true);
          if (op.else.length > 0) {
            const over: TapeInstr = { op: "jump", target: -1 };
            code.push(over);
            j.target = code.length;
            emitOps(op.else, true);
            over.target = code.length;
          } else j.target = code.length;
          break;
        }
        case "call": throw new Error("adjoint: unexpected call after flattening");
        default: break; // barrier, mark: no effect on the state
      }
    }
    flush();
  };
  emitOps(form.ops, false);
  const n = form.numQubits;
  // Memory: the state kept at each split on the deepest path, plus ψ and λ of the innermost segment and a copy.
  const depthBound = Math.min(splits, 1 + Math.floor(maxMemoryBytes / (16 * 2 ** n)));
  checkStateFits(n, maxMemoryBytes, depthBound + 3, "adjoint differentiation (one state per measurement on a path)");
  const unitary = splits === 0;
  const whole = unitary ? compileSimulation(form, { maxMemoryBytes }) : undefined;
  const inputs = inputValues(form);

  return {
    circuit: c,
    occurrences,
    gradient(objective, params = initialParamValues(c)) {
      checkObjective(form, objective);
      if (params.length !== form.params.length) throw new Error(`adjoint: ${params.length} param values for ${form.params.length} params`);
      const weights = objective.kind === "expectation" ? outputWeights(form, objective) : null;
      if (weights) {
        for (const ins of code) {
          if (ins.op === "expect" && ins.nested && weights[ins.output] !== 0) {
            throw new ObjectiveError(`expectation output ${ins.output} is taken inside a classical branch (\`if\`), where its average is conditional; the expectation objective does not support it`);
          }
        }
      }
      const forced = new Int8Array(form.numBits).fill(-1);
      if (objective.kind === "loglik") {
        let i = 0;
        for (const o of form.outputs) {
          if (o.kind !== "bits") continue;
          for (const b of o.bits) {
            const v = objective.targets[i++] === "1" ? 1 : 0;
            if (forced[b]! >= 0 && forced[b] !== v) return { value: -Infinity, gradient: new Float64Array(params.length).fill(NaN), branches: 0 };
            forced[b] = v;
          }
        }
      }
      // blocks are bound on first use, per direction (a unitary circuit never runs them forward)
      const bound = new Map<string, BoundSimulation>();
      const boundBlock = (ins: TapeInstr & { op: "block" }, dir: "fwd" | "inv") => {
        const key = `${dir}${ins.index}`;
        let b = bound.get(key);
        if (!b) { b = ins[dir].bind(params); bound.set(key, b); }
        return b;
      };
      const env = { params, inputs };
      const grad = new Float64Array(params.length);
      let value = 0;
      let branches = 0;
      const maxBranches = opts.maxBranches ?? DEFAULT_MAX_BRANCHES;
      const bits = new Uint8Array(form.numBits);
      const pairGrads = new Float64Array(2);

      const holds = (when: readonly { bit: number; value: boolean }[]) => when.every((l) => (bits[l.bit] === 1) === l.value);

      /** Runs from pc on state ψ (owned), returns λ at pc (the costate of the subtree). */
      const walk = (startPc: number, psi: Float64Array): Float64Array => {
        const segment: TapeInstr[] = [];
        const angles: number[] = [];
        let pc = startPc;
        let lam: Float64Array | undefined;
        if (unitary && startPc === 0) {
          whole!.bind(params).apply({ numQubits: n, data: psi });
          // Record the path through the code (ifs see bits 0, as in the simulator) for the backward sweep.
          while (pc < code.length) {
            const ins = code[pc]!;
            if (ins.op === "jump") { pc = ins.target; continue; }
            if (ins.op === "jumpUnless") { pc = holds(ins.when) ? pc + 1 : ins.target; continue; }
            segment.push(ins);
            if (ins.op === "rot") angles.push(ins.phi(params, inputs));
            pc++;
          }
        }
        while (lam === undefined) {
          if (pc >= code.length) {
            if (++branches > maxBranches) {
              throw new ObjectiveError(`the circuit branches into more than ${maxBranches} measurement outcomes (measurements that are not teacher-forced, and resets); the adjoint method follows every branch — force more outputs or use fewer mid-circuit measurements`);
            }
            if (objective.kind === "loglik") { value += norm2(psi); lam = Float64Array.from(psi); }
            else lam = new Float64Array(psi.length);
            break;
          }
          const ins = code[pc]!;
          switch (ins.op) {
            case "block": boundBlock(ins, "fwd").apply({ numQubits: n, data: psi }); segment.push(ins); pc++; break;
            case "rot": {
              const phi = ins.phi(params, inputs);
              applyRotation(psi, n, ins.kernel, phi);
              segment.push(ins); angles.push(phi); pc++;
              break;
            }
            case "expect": segment.push(ins); pc++; break;
            case "jump": pc = ins.target; break;
            case "jumpUnless": pc = holds(ins.when) ? pc + 1 : ins.target; break;
            case "measure": case "reset": {
              const q = ins.qubit;
              const p1 = probOne(psi, n, q);
              const p0 = norm2(psi) - p1;
              const fixed = ins.op === "measure" ? forced[ins.bit]! : -1;
              const outcomes = fixed >= 0 ? [fixed] : [0, 1];
              for (const b of outcomes) {
                if ((b === 1 ? p1 : p0) <= DROP_PROBABILITY) continue;
                const child = Float64Array.from(psi);
                collapse(child, n, q, b === 1, 1, ins.op === "reset");
                const saved = ins.op === "measure" ? bits[ins.bit]! : 0;
                if (ins.op === "measure") bits[ins.bit] = b;
                const lc = walk(pc + 1, child);
                if (ins.op === "measure") bits[ins.bit] = saved;
                // K_b†: a projector is its own adjoint; a reset's |0⟩⟨1| has adjoint |1⟩⟨0|.
                if (ins.op === "reset" && b === 1) raiseQubit(lc, n, q);
                else collapse(lc, n, q, b === 1, 1, false);
                if (!lam) lam = lc;
                else for (let i = 0; i < lam.length; i++) lam[i] = lam[i]! + lc[i]!;
              }
              if (!lam) lam = new Float64Array(psi.length);
              break;
            }
          }
        }
        // backward sweep over the segment
        let a = angles.length;
        for (let s = segment.length - 1; s >= 0; s--) {
          const ins = segment[s]!;
          if (ins.op === "rot") {
            // a diagonal rotation right after an X/Y rotation on the same qubit: one pass for both
            const t = singleTarget(ins.kernel);
            const prev = s > 0 ? segment[s - 1]! : undefined;
            if (t >= 0 && ins.kernel.x === 0 && prev?.op === "rot" && singleTarget(prev.kernel) === t && prev.kernel.x !== 0) {
              diagPairAdjointStep(psi, lam, n, t, ins.kernel, angles[a - 1]!, prev.kernel, angles[a - 2]!, pairGrads);
              if (pairGrads[0] !== 0) accumulatePartials(ins.angle, env, pairGrads[0]!, grad);
              if (pairGrads[1] !== 0) accumulatePartials(prev.angle, env, pairGrads[1]!, grad);
              a -= 2;
              s--;
              continue;
            }
            const phi = angles[--a]!;
            const d = rotationAdjointStep(psi, lam, n, ins.kernel, phi);
            if (d !== 0) accumulatePartials(ins.angle, env, d, grad);
          } else if (ins.op === "block") {
            const b = boundBlock(ins, "inv");
            b.apply({ numQubits: n, data: psi });
            b.apply({ numQubits: n, data: lam });
          } else if (ins.op === "expect" && weights) {
            const w = weights[ins.output]!;
            if (w !== 0) {
              value += w * pauliExpectation(psi, n, ins.factors);
              addPauliTimes(lam, psi, n, ins.factors, w);
            }
          }
        }
        return lam;
      };

      const psi0 = new Float64Array(2 << n);
      psi0[0] = 1;
      walk(0, psi0);
      if (objective.kind === "loglik") {
        const p = value;
        if (!(p > 0)) return { value: -Infinity, gradient: grad.fill(NaN), branches };
        for (let i = 0; i < grad.length; i++) grad[i] = grad[i]! / p;
        return { value: Math.log(p), gradient: grad, branches };
      }
      return { value, gradient: grad, branches };
    },
  };
}

/** The adjoint gradient of one circuit (compile + evaluate). */
export function adjointGradient(c: Circuit, objective: Objective, params?: ArrayLike<number>, opts: AdjointOptions = {}): GradientResult {
  return compileAdjoint(c, opts).gradient(objective, params);
}

/** The mean objective and gradient over a batch of circuits that share their params. */
export function batchAdjointGradient(
  members: readonly { readonly circuit: Circuit; readonly objective: Objective }[],
  params?: ArrayLike<number>,
  opts: AdjointOptions = {},
): GradientResult {
  if (members.length === 0) throw new ObjectiveError("the batch is empty");
  let value = 0;
  let branches = 0;
  const grad = new Float64Array(members[0]!.circuit.params.length);
  for (const m of members) {
    const r = adjointGradient(m.circuit, m.objective, params, opts);
    value += r.value;
    branches += r.branches;
    for (let i = 0; i < grad.length; i++) grad[i] = grad[i]! + r.gradient[i]!;
  }
  for (let i = 0; i < grad.length; i++) grad[i] = grad[i]! / members.length;
  return { value: value / members.length, gradient: grad, branches };
}
