// Names and arities of the built-in gates: what the checker needs to type a gate application.
// Matrices, inverses and decompositions live in the gate catalogue (src/ir/gates.ts).

export type GateOrigin =
  /** OpenQASM 3 built-ins (`U`, `gphase`): always available, never declared. */
  | "builtin"
  /** Declared by `stdgates.inc`. */
  | "stdgates"
  /** qseq extras: emitted as `gate` definitions (full profile) or decomposed (portable profile). */
  | "extra"
  /** Variadic sugar (`mcp`, `mcx`, `mcz`): lowered by elaboration to `ctrl(m) @` on a stdgate. */
  | "variadic";

export interface GateSignature {
  readonly name: string;
  readonly params: number;
  /** Number of qubit operands; for variadic gates the minimum. */
  readonly qubits: number;
  readonly origin: GateOrigin;
  /** Diagonal in the computational basis (phase-type gates): commute with each other. */
  readonly diagonal: boolean;
}

const sig = (name: string, params: number, qubits: number, origin: GateOrigin, diagonal = false): GateSignature =>
  ({ name, params, qubits, origin, diagonal });

export const GATE_SIGNATURES: ReadonlyMap<string, GateSignature> = new Map(
  [
    sig("U", 3, 1, "builtin"),
    sig("gphase", 1, 0, "builtin", true),
    sig("id", 0, 1, "stdgates", true),
    sig("x", 0, 1, "stdgates"),
    sig("y", 0, 1, "stdgates"),
    sig("z", 0, 1, "stdgates", true),
    sig("h", 0, 1, "stdgates"),
    sig("s", 0, 1, "stdgates", true),
    sig("sdg", 0, 1, "stdgates", true),
    sig("t", 0, 1, "stdgates", true),
    sig("tdg", 0, 1, "stdgates", true),
    sig("sx", 0, 1, "stdgates"),
    sig("p", 1, 1, "stdgates", true),
    sig("phase", 1, 1, "stdgates", true),
    sig("rx", 1, 1, "stdgates"),
    sig("ry", 1, 1, "stdgates"),
    sig("rz", 1, 1, "stdgates", true),
    sig("u1", 1, 1, "stdgates", true),
    sig("u2", 2, 1, "stdgates"),
    sig("u3", 3, 1, "stdgates"),
    sig("cx", 0, 2, "stdgates"),
    sig("CX", 0, 2, "stdgates"),
    sig("cy", 0, 2, "stdgates"),
    sig("cz", 0, 2, "stdgates", true),
    sig("ch", 0, 2, "stdgates"),
    sig("cp", 1, 2, "stdgates", true),
    sig("cphase", 1, 2, "stdgates", true),
    sig("crx", 1, 2, "stdgates"),
    sig("cry", 1, 2, "stdgates"),
    sig("crz", 1, 2, "stdgates", true),
    sig("cu", 4, 2, "stdgates"),
    sig("swap", 0, 2, "stdgates"),
    sig("ccx", 0, 3, "stdgates"),
    sig("cswap", 0, 3, "stdgates"),
    sig("sxdg", 0, 1, "extra"),
    sig("rxx", 1, 2, "extra"),
    sig("ryy", 1, 2, "extra"),
    sig("rzz", 1, 2, "extra", true),
    sig("iswap", 0, 2, "extra"),
    sig("ccz", 0, 3, "extra", true),
    sig("mcp", 1, 2, "variadic", true),
    sig("mcx", 0, 2, "variadic"),
    sig("mcz", 0, 2, "variadic", true),
  ].map((s) => [s.name, s]),
);

/** The base gate a variadic gate lowers to under `ctrl(len - 1) @`. */
export const VARIADIC_BASE: Readonly<Record<string, string>> = { mcp: "p", mcx: "x", mcz: "z" };
