// The public face of the fast simulator: compile a circuit once, bind params late, run a mode.
//
//   const sim = compileSimulation(circuit, { fuse: true });
//   const bound = sim.bind(params);          // evaluates angles, builds the numeric matrices
//   bound.sample(1000, 42);                  // or sim.sample(params, 1000, 42)
//   bound.exact();  bound.forced("0110");  bound.stateVector();
//
// See src/sim/state.ts for the state layout (qubit q = bit q of an amplitude index) and the memory guard.

import type { Circuit } from "../ir/circuit.js";
import { bindPool, compileProgram, type CompiledProgram, type ProgramStats, type SimOptions } from "./program.js";
import {
  runExact, runForced, runSample, runStateVector,
  type ExactDistribution, type ExactOptions, type ForcedResult, type SampleResult,
} from "./run.js";
import type { SimState } from "./state.js";

/** A circuit compiled for simulation; params are bound per call or with `bind`. */
export interface SimProgram {
  readonly numQubits: number;
  readonly numBits: number;
  readonly stats: ProgramStats;
  /** The compiled bytecode (for tools and tests). */
  readonly compiled: CompiledProgram;
  /** Evaluates every angle for these params (default: the params' initial values). */
  bind(params?: ArrayLike<number>): BoundSimulation;
  stateVector(params?: ArrayLike<number>): SimState;
  sample(params: ArrayLike<number> | undefined, shots: number, seed: number): SampleResult;
  exact(params?: ArrayLike<number>, opts?: ExactOptions): ExactDistribution;
  forced(params: ArrayLike<number> | undefined, targets: string, opts?: ExactOptions): ForcedResult;
}

/** A program bound to param values. */
export interface BoundSimulation {
  readonly program: SimProgram;
  /** The final state of a measurement-free circuit from |0…0⟩ (`if`s see bits 0, `expect`s are skipped). */
  stateVector(): SimState;
  /** Applies a measurement-free circuit to `state` in place. */
  apply(state: SimState): void;
  /** `shots` Born-rule shots with a PRNG seeded by `seed`. */
  sample(shots: number, seed: number): SampleResult;
  /** The exact distribution (branching on measurements and resets). */
  exact(opts?: ExactOptions): ExactDistribution;
  /** Teacher forcing: the probability of the emitted bits being `targets` (a '0'/'1' string in output order). */
  forced(targets: string, opts?: ExactOptions): ForcedResult;
}

/**
 * Compiles a circuit for the fast simulator: flattens it, classifies every gate by kernel and plans fusion.
 * Throws SimulationLimitError (code E0804) before allocating anything when one state vector would not fit
 * in `maxMemoryBytes` or the circuit has more than MAX_SIM_QUBITS qubits.
 */
export function compileSimulation(c: Circuit, opts: SimOptions = {}): SimProgram {
  const compiled = compileProgram(c, opts);
  const program: SimProgram = {
    numQubits: compiled.numQubits,
    numBits: compiled.numBits,
    stats: compiled.stats,
    compiled,
    bind: (params) => {
      const pool = bindPool(compiled, params);
      return {
        program,
        stateVector: () => runStateVector(compiled, pool),
        apply: (state) => { runStateVector(compiled, pool, state); },
        sample: (shots, seed) => runSample(compiled, pool, shots, seed),
        exact: (o) => runExact(compiled, pool, o),
        forced: (targets, o) => runForced(compiled, pool, targets, o),
      };
    },
    stateVector: (params) => program.bind(params).stateVector(),
    sample: (params, shots, seed) => program.bind(params).sample(shots, seed),
    exact: (params, o) => program.bind(params).exact(o),
    forced: (params, targets, o) => program.bind(params).forced(targets, o),
  };
  return program;
}
