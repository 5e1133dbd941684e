// Helpers for building Circuit objects by hand in tests.
import type { CallOp, Circuit, GateDef, GateOp, Modifier, Op, Output, ParamInfo, UnitaryOp } from "../../src/ir/circuit.js";
import { num, type Expr } from "../../src/ir/expr.js";

export type ArgLike = number | Expr;
const toExpr = (a: ArgLike): Expr => (typeof a === "number" ? num(a) : a);

export const gate = (name: string, qubits: number[], args: ArgLike[] = [], mods: Modifier[] = []): GateOp =>
  ({ kind: "gate", name, qubits, args: args.map(toExpr), mods });

export const call = (def: number, qubits: number[], args: ArgLike[] = [], mods: Modifier[] = []): CallOp =>
  ({ kind: "call", def, qubits, args: args.map(toExpr), mods });

export const ctrl = (n = 1): Modifier => ({ k: "ctrl", n, negative: false });
export const negctrl = (n = 1): Modifier => ({ k: "ctrl", n, negative: true });
export const inv: Modifier = { k: "inv" };
export const pow = (e: ArgLike): Modifier => ({ k: "pow", exponent: toExpr(e) });

export const param = (id: number): Expr => ({ k: "param", id });
export const arg = (index: number): Expr => ({ k: "arg", index });

export function def(name: string, nq: number, nargs: number, body: UnitaryOp[]): GateDef {
  return {
    name, cell: name,
    argNames: Array.from({ length: nargs }, (_, i) => `a${i}`),
    qubitNames: Array.from({ length: nq }, (_, i) => `q${i}`),
    body,
  };
}

export interface CircuitOptions {
  numBits?: number;
  defs?: GateDef[];
  params?: number[];
  outputs?: Output[];
}

export function circuit(numQubits: number, ops: Op[], o: CircuitOptions = {}): Circuit {
  const params: ParamInfo[] = (o.params ?? []).map((init, i) => ({ name: `w${i}`, index: [], type: "angle", init }));
  return {
    name: "test", numQubits, numBits: o.numBits ?? 0,
    registers: [{ name: "q", role: "hidden", offset: 0, size: numQubits }],
    params, inputs: [], defs: o.defs ?? [], ops, outputs: o.outputs ?? [], steps: 1,
  };
}
