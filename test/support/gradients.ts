// Helpers for gradient tests.
import type { Circuit } from "../../src/ir/circuit.js";

/** Adds an expectation of `paulis` on qubits 0, 1, … just before the circuit's terminal measurements. */
export function withFinalExpect(c: Circuit, paulis: readonly ("X" | "Y" | "Z")[]): Circuit {
  let end = c.ops.length;
  while (end > 0 && c.ops[end - 1]!.kind === "measure") end--;
  const output = c.outputs.length;
  return {
    ...c,
    ops: [...c.ops.slice(0, end), { kind: "expect", output }, ...c.ops.slice(end)],
    outputs: [...c.outputs, { kind: "expect", step: 0, factors: paulis.map((pauli, qubit) => ({ pauli, qubit })) }],
  };
}

