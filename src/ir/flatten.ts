// Inlining of gate definitions: `flatten` turns a circuit with `CallOp`s and arbitrary modifiers into one
// with only catalogue `GateOp`s whose modifiers are control modifiers, exactly (global phase included).
//
// - A call is inlined by substituting its arguments into the body (`substituteArgs`) and mapping the
//   definition's local qubits to the call's operands.
// - The call's modifiers are pushed into the body: `ctrl`/`negctrl` add the same control qubits to every
//   inner gate (`ctrl @ gphase(γ)` becomes a phase gate `p(γ)` on a control); `inv` reverses the body and
//   inverts every op; `pow(k)` with an integer constant k repeats the body (negative k: the inverse body);
//   any other exponent on a call is an Error.
// - On gates, `inv`/`pow` are folded into gate names and arguments by `foldModifiers` (src/ir/gates.ts).
// - Non-gate ops are kept (recursively inside branches and loops); `defs` becomes empty.
//
// Output normal form of a GateOp: `mods` is zero or more `{k: "ctrl"}` modifiers (consecutive controls of
// the same polarity merged into one modifier), and `qubits` lists the controls first in modifier order,
// then the base gate's own operands.

import { nestedBlocks, withNestedBlocks, type Circuit, type GateDef, type GateOp, type Modifier, type Op, type UnitaryOp } from "./circuit.js";
import { substituteArgs, isNum, type Expr } from "./expr.js";
import { controlledForm, foldModifiers, gateArity, isCatalogueGate, type LocalGate } from "./gates.js";
import { GATE_SIGNATURES, VARIADIC_BASE } from "./gate-signatures.js";
import type { Span } from "../syntax/span.js";

/** One control qubit of a gate. */
export interface Control {
  readonly qubit: number;
  readonly negative: boolean;
}

interface Ctx {
  /** Actual arguments for `{k: "arg"}` leaves (null at top level). */
  readonly actuals: readonly Expr[] | null;
  /** Local qubit → circuit qubit (null at top level). */
  readonly qmap: readonly number[] | null;
  /** Controls inherited from enclosing calls' modifiers. */
  readonly controls: readonly Control[];
  readonly depth: number;
}

const MAX_INLINE_DEPTH = 256;

export function flatten(c: Circuit): Circuit {
  return { ...c, defs: [], ops: flattenOps(c.ops, c.defs) };
}

/** Flattens a list of ops against the given definitions (exposed for passes that hold ops, not circuits). */
export function flattenOps(ops: readonly Op[], defs: readonly GateDef[]): Op[] {
  const out: Op[] = [];
  const top: Ctx = { actuals: null, qmap: null, controls: [], depth: 0 };
  for (const op of ops) {
    switch (op.kind) {
      case "gate": case "call": emitUnitary(op, top, defs, out); break;
      default: out.push(withNestedBlocks(op, nestedBlocks(op).map((b) => flattenOps(b, defs))));
    }
  }
  return out;
}

/** Control modifiers for a list of controls, consecutive equal polarities merged. */
export function controlModifiers(controls: readonly Control[]): Modifier[] {
  const mods: { k: "ctrl"; n: number; negative: boolean }[] = [];
  for (const c of controls) {
    const last = mods[mods.length - 1];
    if (last && last.negative === c.negative) last.n++;
    else mods.push({ k: "ctrl", n: 1, negative: c.negative });
  }
  return mods;
}

/** The controls of a GateOp in normal form (only ctrl modifiers), in operand order. */
export function controlsOf(op: GateOp): Control[] {
  const out: Control[] = [];
  for (const m of op.mods) {
    if (m.k !== "ctrl") throw new Error(`controlsOf: gate '${op.name}' still has a '${m.k}' modifier (flatten first)`);
    for (let i = 0; i < m.n; i++) out.push({ qubit: op.qubits[out.length]!, negative: m.negative });
  }
  return out;
}

/**
 * A normal-form GateOp as `controls @ base(args)` on `targets`: controlled stdgates (cx, cp, crx, ccx,
 * cswap, cu, …) are peeled into extra positive controls around their base body (src/ir/gates.ts,
 * `controlledForm`); `body` is that body when it has more than one gate (only `cu`: gphase, then U).
 */
export function peelControls(op: GateOp): {
  controls: Control[]; targets: readonly number[]; name: string; args: readonly Expr[]; body?: readonly LocalGate[];
} {
  const controls = controlsOf(op);
  let targets: readonly number[] = op.qubits.slice(controls.length);
  const form = controlledForm(op.name, op.args);
  if (!form) return { controls, targets, name: op.name, args: op.args };
  for (let i = 0; i < form.ctrls; i++) controls.push({ qubit: targets[i]!, negative: false });
  targets = targets.slice(form.ctrls);
  if (form.body.length === 1) return { controls, targets, name: form.body[0]!.name, args: form.body[0]!.args };
  return { controls, targets, name: op.name, args: op.args, body: form.body };
}

/** The inverse of a gate sequence: reversed, each gate under `inv` (folded by flattening). */
export function inverseGates(gates: readonly GateOp[]): GateOp[] {
  return [...gates].reverse().map((g) => ({ ...g, mods: [{ k: "inv" as const }, ...g.mods] }));
}

/** Builds a normal-form GateOp; `ctrl @ gphase(γ)` becomes `p(γ)` on the last positive control. */
export function makeGate(name: string, args: readonly Expr[], controls: readonly Control[], base: readonly number[], src?: Span): GateOp {
  let ctl = controls;
  let nm = name;
  let qs = base;
  if (name === "gphase" && controls.length > 0) {
    let i = controls.length - 1;
    while (i >= 0 && controls[i]!.negative) i--;
    if (i >= 0) {
      nm = "p";
      qs = [controls[i]!.qubit];
      ctl = controls.filter((_, j) => j !== i);
    }
  }
  const qubits = [...ctl.map((c) => c.qubit), ...qs];
  if (new Set(qubits).size !== qubits.length) {
    throw new Error(`gate '${name}' is applied to the same qubit twice (operands ${qubits.join(", ")})`);
  }
  const op: GateOp = { kind: "gate", name: nm, args, qubits, mods: controlModifiers(ctl) };
  return src ? { ...op, src } : op;
}

function substMods(mods: readonly Modifier[], actuals: readonly Expr[] | null): Modifier[] {
  return mods.map((m) => (m.k === "pow" && actuals ? { k: "pow", exponent: substituteArgs(m.exponent, actuals) } : m));
}

/** Splits ctrl modifiers off: their operands become controls; returns the remaining modifiers and operands. */
function splitControls(mods: readonly Modifier[], operands: readonly number[], what: string) {
  const controls: Control[] = [];
  const rest: Modifier[] = [];
  for (const m of mods) {
    if (m.k === "ctrl") {
      if (!Number.isInteger(m.n) || m.n < 1) throw new Error(`${what}: ctrl(${m.n}) needs a positive integer count`);
      for (let i = 0; i < m.n; i++) {
        const q = operands[controls.length];
        if (q === undefined) throw new Error(`${what}: not enough operands for its control modifiers`);
        controls.push({ qubit: q, negative: m.negative });
      }
    } else rest.push(m);
  }
  return { controls, rest, base: operands.slice(controls.length) };
}

function emitUnitary(op: UnitaryOp, ctx: Ctx, defs: readonly GateDef[], out: Op[]): void {
  if (ctx.depth > MAX_INLINE_DEPTH) throw new Error(`flatten: gate definitions nested more than ${MAX_INLINE_DEPTH} deep (recursive definition?)`);
  const args = ctx.actuals ? op.args.map((e) => substituteArgs(e, ctx.actuals!)) : op.args;
  const operands = ctx.qmap ? op.qubits.map((q) => {
    const g = ctx.qmap![q];
    if (g === undefined) throw new Error(`flatten: local qubit ${q} out of range in a gate definition body`);
    return g;
  }) : op.qubits;
  let mods = substMods(op.mods, ctx.actuals);
  const src = op.src;

  if (op.kind === "gate") {
    let name = op.name;
    const variadic = VARIADIC_BASE[name];
    if (variadic !== undefined) {
      // `mcx q0, …, qm` = `ctrl(m) @ x`, innermost (after every source modifier's controls)
      const ownCtl = mods.reduce((n, m) => n + (m.k === "ctrl" ? m.n : 0), 0);
      const extra = operands.length - ownCtl - gateArity(variadic);
      if (extra < 1) throw new Error(`gate '${name}' needs at least ${gateArity(variadic) + 1} qubits`);
      mods = [...mods, { k: "ctrl", n: extra, negative: false }];
      name = variadic;
    }
    if (!isCatalogueGate(name)) throw new Error(`flatten: unknown gate '${name}'`);
    const { controls, rest, base } = splitControls(mods, operands, `gate '${name}'`);
    if (base.length !== gateArity(name)) {
      throw new Error(`gate '${name}' expects ${gateArity(name)} qubit(s) after its controls, got ${base.length}`);
    }
    const want = GATE_SIGNATURES.get(name)!.params;
    if (args.length !== want) throw new Error(`gate '${name}' takes ${want} argument(s), got ${args.length}`);
    for (const item of foldModifiers(name, args, rest)) {
      const qs = item.qubits.map((i) => base[i]!);
      const k = item.ctrl ?? 0;
      const inner: Control[] = qs.slice(0, k).map((qubit) => ({ qubit, negative: false }));
      out.push(makeGate(item.name, item.args, [...ctx.controls, ...controls, ...inner], qs.slice(k), src));
    }
    return;
  }

  const def = defs[op.def];
  if (!def) throw new Error(`flatten: call to unknown gate definition #${op.def}`);
  const { controls, rest, base } = splitControls(mods, operands, `call to '${def.name}'`);
  if (base.length !== def.qubitNames.length) {
    throw new Error(`call to '${def.name}' expects ${def.qubitNames.length} qubit(s) after its controls, got ${base.length}`);
  }
  if (args.length !== def.argNames.length) {
    throw new Error(`call to '${def.name}' expects ${def.argNames.length} argument(s), got ${args.length}`);
  }
  // The body as (op, inverted) pairs, with inv/pow applied from the innermost modifier outwards.
  let seq: { op: UnitaryOp; inv: boolean }[] = def.body.map((o) => ({ op: o, inv: false }));
  const invert = (s: typeof seq) => [...s].reverse().map((x) => ({ op: x.op, inv: !x.inv }));
  for (let i = rest.length - 1; i >= 0; i--) {
    const m = rest[i]!;
    if (m.k === "inv") { seq = invert(seq); continue; }
    if (m.k !== "pow") continue;
    const e = m.exponent;
    if (!isNum(e) || !Number.isInteger(e.v)) {
      throw new Error(
        `pow(${isNum(e) ? e.v : "<symbolic>"}) @ ${def.name}: only integer constant powers of a gate definition are supported ` +
        "(a non-integer power of a composite unitary has no gate-level expansion)",
      );
    }
    const k = e.v;
    const once = k >= 0 ? seq : invert(seq);
    seq = [];
    for (let j = 0; j < Math.abs(k); j++) seq.push(...once);
  }
  const inner: Ctx = { actuals: args, qmap: base, controls: [...ctx.controls, ...controls], depth: ctx.depth + 1 };
  for (const { op: o, inv } of seq) {
    const withInv: UnitaryOp = inv ? { ...o, mods: [{ k: "inv" }, ...o.mods] } : o;
    emitUnitary(src && !withInv.src ? { ...withInv, src } : withInv, inner, defs, out);
  }
}
