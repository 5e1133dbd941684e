// The fast state-vector simulator (issue 3). The exact, slow oracle is ./reference.ts.
export { compileSimulation, type SimProgram, type BoundSimulation } from "./simulator.js";
export { DEFAULT_MAX_LOOP_ITERATIONS, type SimOptions, type ProgramStats } from "./program.js";
export {
  DEFAULT_MAX_BRANCHES, DROP_PROBABILITY, LoopLimitError,
  type ExactDistribution, type ExactOptions, type ForcedResult, type SampleResult,
} from "./run.js";
export {
  SimulationLimitError, MAX_SIM_QUBITS, defaultMaxMemoryBytes, stateBytes, checkStateFits,
  expectation, amplitude, toReferenceOrder, zeroState, cloneState, norm2, type SimState,
} from "./state.js";
export { Rng } from "./rng.js";
