// Limits on what a model may elaborate to: checked before any work starts (a module of its own so that
// the CLI can show the defaults in --help without loading the checker).

export interface Limits {
  /** Total qubits of a model's registers (checked before any qubit is numbered). */
  readonly maxQubits: number;
  /** Ops in one elaborated circuit (checked from the per-step bound before elaboration starts). */
  readonly maxOps: number;
}

export const DEFAULT_LIMITS: Limits = { maxQubits: 1024, maxOps: 20_000_000 };

/**
 * A pass would produce more operations than the unroll limit allows (a readout batch of many prefix
 * programs, a gradient plan of many shifted circuits): thrown before the work starts, reported as E0801.
 */
export class UnrollLimitError extends Error {
  readonly code = "E0801" as const;
  constructor(message: string) {
    super(message);
    this.name = "UnrollLimitError";
  }
}
