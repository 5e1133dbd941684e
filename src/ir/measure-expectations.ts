// Expectation outputs as hardware measures them: the same rewrite the OpenQASM emitter prints
// (src/emit/qasm3/emit.ts, "Expectation outputs"), as an IR pass, so that in-process sampling sees exactly
// what a device would. At each `expect` op every factor's qubit is rotated to the Z basis (X: h; Y: sdg, h),
// measured into a fresh bit, and rotated back; the output becomes a bit-array output of those bits, and
// one shot's sample of the product is (−1)^(xor of its bits).

import { nestedBlocks, withNestedBlocks, type Circuit, type GateOp, type Op, type Output } from "./circuit.js";

const gate1 = (name: string, q: number): GateOp => ({ kind: "gate", name, args: [], qubits: [q], mods: [] });

/** Rotates qubit q so that measuring Z measures `letter` (X: h; Y: sdg, h). */
export function toZBasis(letter: string, q: number): GateOp[] {
  return letter === "X" ? [gate1("h", q)] : letter === "Y" ? [gate1("sdg", q), gate1("h", q)] : [];
}

/** The inverse of `toZBasis`. */
export function fromZBasis(letter: string, q: number): GateOp[] {
  return letter === "X" ? [gate1("h", q)] : letter === "Y" ? [gate1("h", q), gate1("s", q)] : [];
}

export function measureExpectations(c: Circuit): Circuit {
  let numBits = c.numBits;
  const outputs: Output[] = [...c.outputs];
  const rewrite = (ops: readonly Op[]): Op[] => ops.flatMap((op): Op[] => {
    if (nestedBlocks(op).length > 0) return [withNestedBlocks(op, nestedBlocks(op).map(rewrite))];
    if (op.kind !== "expect") return [op];
    const o = c.outputs[op.output];
    if (!o || o.kind !== "expect") throw new Error(`measureExpectations: expect op refers to output ${op.output}, which is not an expectation`);
    const out: Op[] = o.factors.flatMap((f) => toZBasis(f.pauli, f.qubit));
    const bits = o.factors.map((f) => {
      const bit = numBits++;
      out.push({ kind: "measure", qubit: f.qubit, bit });
      return bit;
    });
    for (const f of o.factors) out.push(...fromZBasis(f.pauli, f.qubit));
    outputs[op.output] = { kind: "bits", step: o.step, bits, array: true };
    return out;
  });
  const ops = rewrite(c.ops);
  return { ...c, ops, numBits, outputs };
}
