// Accumulates a Circuit while elaboration walks a model. Op lists nest (the branches of a runtime `if`,
// the body of a gate definition), so the builder keeps a stack of open lists.

import type { Circuit, GateDef, InputInfo, Op, Output, ParamInfo, Register, UnitaryOp } from "./circuit.js";

export class CircuitBuilder {
  readonly registers: Register[] = [];
  readonly params: ParamInfo[] = [];
  readonly inputs: InputInfo[] = [];
  readonly defs: GateDef[] = [];
  readonly outputs: Output[] = [];
  private readonly defIds = new Map<string, number>();
  private readonly stack: Op[][] = [[]];
  numQubits = 0;
  numBits = 0;
  /** Ops appended so far, nested ones included (what the unroll limit counts). */
  opCount = 0;

  constructor(readonly name: string) {}

  addRegister(name: string, role: Register["role"], size: number): Register {
    const r: Register = { name, role, offset: this.numQubits, size };
    this.registers.push(r);
    this.numQubits += size;
    return r;
  }

  addParam(p: ParamInfo): number { this.params.push(p); return this.params.length - 1; }
  addInput(i: InputInfo): number { this.inputs.push(i); return this.inputs.length - 1; }
  newBit(): number { return this.numBits++; }

  push(op: Op): void { this.stack[this.stack.length - 1]!.push(op); this.opCount++; }

  /** Collects the ops pushed while `body` runs, without adding them to the enclosing list. */
  collect(body: () => void): Op[] {
    const ops: Op[] = [];
    this.stack.push(ops);
    try { body(); } finally { this.stack.pop(); } // pop even when a diagnostic aborts elaboration
    return ops;
  }

  findDef(key: string): number | undefined { return this.defIds.get(key); }

  /** Reserves a def id before its body is built, so that the body's nested defs get lower ids. */
  addDef(key: string, def: Omit<GateDef, "body">, body: () => UnitaryOp[]): number {
    const ops = body();
    const id = this.defs.length;
    this.defs.push({ ...def, body: ops });
    this.defIds.set(key, id);
    return id;
  }

  addOutput(o: Output): number { this.outputs.push(o); return this.outputs.length - 1; }

  finish(steps: number): Circuit {
    return {
      name: this.name,
      numQubits: this.numQubits,
      numBits: this.numBits,
      registers: this.registers,
      params: this.params,
      inputs: this.inputs,
      defs: this.defs,
      ops: this.stack[0]!,
      outputs: this.outputs,
      steps,
    };
  }
}
