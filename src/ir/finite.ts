// Angles are symbolic until params are bound; bound values can still make one overflow or leave the reals
// (`scale * x` with scale = 1e308, `s ** 0.5` with s = −1). No back end can give such an angle a meaning,
// so the front end finds the first one and reports it where the gate is written, before any work starts.

import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { nestedBlocks, type CallOp, type Circuit, type GateOp, type Modifier, type Op, type UnitaryOp } from "./circuit.js";
import { evaluate, type Env, type Expr } from "./expr.js";

export interface NonFiniteAngle {
  /** The gate or call whose argument (or `pow` exponent) is not finite, as written in the circuit. */
  readonly op: GateOp | CallOp;
  readonly value: number;
  /** "argument 1", "the pow exponent", or "an angle inside cell `name`". */
  readonly what: string;
}

/** The first operation whose angle is not a finite number at these param values, if any. */
export function firstNonFiniteAngle(c: Circuit, params: ArrayLike<number>): NonFiniteAngle | undefined {
  const inputs = Float64Array.from(c.inputs, (i) => i.value);
  const env: Env = { params, inputs };
  // a definition's body only needs checking once per distinct argument list
  const checkedCalls = new Set<string>();
  const badIn = (exprs: readonly Expr[], mods: readonly Modifier[], e: Env): { value: number; what: string } | undefined => {
    for (const [i, a] of exprs.entries()) {
      const v = evaluate(a, e);
      if (!Number.isFinite(v)) return { value: v, what: `argument ${i + 1}` };
    }
    for (const m of mods) {
      if (m.k !== "pow") continue;
      const v = evaluate(m.exponent, e);
      if (!Number.isFinite(v)) return { value: v, what: "the pow exponent" };
    }
    return undefined;
  };
  const defBody = (def: number, args: readonly number[], depth: number): { value: number; what: string } | undefined => {
    const d = c.defs[def];
    if (!d || depth > 64) return undefined;
    const key = `${def}:${args.join(",")}`;
    if (checkedCalls.has(key)) return undefined;
    checkedCalls.add(key);
    const e: Env = { params, inputs, args };
    for (const op of d.body as readonly UnitaryOp[]) {
      const bad = badIn(op.args, op.mods, e);
      if (bad) return { value: bad.value, what: `an angle inside cell \`${d.cell}\`` };
      if (op.kind === "call") {
        const inner = defBody(op.def, op.args.map((a) => evaluate(a, e)), depth + 1);
        if (inner) return inner;
      }
    }
    return undefined;
  };
  const walk = (ops: readonly Op[]): NonFiniteAngle | undefined => {
    for (const op of ops) {
      const blocks = nestedBlocks(op);
      if (blocks.length > 0) {
        for (const b of blocks) {
          const r = walk(b);
          if (r) return r;
        }
        continue;
      }
      if (op.kind !== "gate" && op.kind !== "call") continue;
      const bad = badIn(op.args, op.mods, env);
      if (bad) return { op, ...bad };
      if (op.kind === "call") {
        const inner = defBody(op.def, op.args.map((a) => evaluate(a, env)), 0);
        if (inner) return { op, ...inner };
      }
    }
    return undefined;
  };
  return walk(c.ops);
}

/** E0406 for the first non-finite angle, at the gate that has it (none when every angle is finite). */
export function nonFiniteAngleDiagnostics(c: Circuit, params: ArrayLike<number>): Diagnostic[] {
  const bad = firstNonFiniteAngle(c, params);
  if (!bad) return [];
  const name = bad.op.kind === "gate" ? bad.op.name : c.defs[bad.op.def]?.cell ?? "a cell";
  return [diagnostic("E0406", bad.op.src, `with these param values, ${bad.what} of \`${name}\` is ${bad.value}, which no back end can apply`, {
    label: `${bad.value}`,
    help: "choose param values (--bind) that keep every angle finite",
  })];
}
