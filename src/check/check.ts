// Static checking of a loaded program: every model (for its hyperparameter values) and every cell,
// with abstract values. Produces diagnostics and, per model, a bound on the ops of init, one step and
// final — from which the unroll limit is checked before any elaboration starts.

import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { CellDecl, ModelDecl } from "../syntax/ast.js";
import { DEFAULT_LIMITS, Interpreter, type Limits } from "./interpreter.js";
import { setupModel, type ModelFrame } from "./model-frame.js";
import type { Program } from "./program.js";
import { int, type Value } from "./values.js";

export interface ModelSummary {
  readonly name: string;
  readonly hyper: ReadonlyMap<string, number>;
  readonly numQubits: number;
  readonly numParams: number;
  /** Upper bounds on the ops of `init`, one `step` and `final`. */
  readonly initOps: number;
  readonly stepOps: number;
  readonly finalOps: number;
}

export interface CheckResult {
  readonly diagnostics: Diagnostic[];
  readonly models: ModelSummary[];
}

export interface CheckOptions {
  /** Hyperparameter values by name, applied to every model that declares them. */
  readonly hyper?: ReadonlyMap<string, number>;
  readonly limits?: Limits;
}

export function checkProgram(program: Program, opts: CheckOptions = {}): CheckResult {
  const diagnostics: Diagnostic[] = [];
  const models: ModelSummary[] = [];
  for (const cell of program.cells.values()) diagnostics.push(...checkCell(program, cell, opts.limits));
  diagnostics.push(...checkConsts(program, opts.limits));
  for (const name of opts.hyper?.keys() ?? []) {
    if (![...program.models.values()].some((m) => m.hyper.some((h) => h.name.name === name))) {
      diagnostics.push(diagnostic("E0706", undefined, `no model has a hyperparameter \`${name}\``, { help: "check the names given to --set" }));
    }
  }
  for (const model of program.models.values()) {
    const r = checkModel(program, model, opts);
    diagnostics.push(...r.diagnostics);
    if (r.summary) models.push(r.summary);
  }
  return { diagnostics, models };
}

/** Evaluates every top-level constant, used or not. */
function checkConsts(program: Program, limits = DEFAULT_LIMITS): Diagnostic[] {
  const interp = new Interpreter(program, "check", "<consts>", limits);
  for (const c of program.consts.values()) interp.globalConst(c.name.name, c.name.span);
  return interp.diagnostics;
}

/** Checks a cell on its own, with its parameters and ports unknown. Cells with int or bool parameters
 * shape their own structure (loop bounds, sizes), so they are checked at each call site instead. */
function checkCell(program: Program, cell: CellDecl, limits = DEFAULT_LIMITS): Diagnostic[] {
  if (cell.params.some((p) => p.type.k !== "prim" || p.type.name === "int" || p.type.name === "bool")) return [];
  const interp = new Interpreter(program, "check", cell.name.name, limits);
  const args: Value[] = cell.params.map((p, i) => {
    const t = p.type;
    const arg: Value = { k: "real", expr: { k: "arg", index: i }, angle: t.k === "prim" && t.name === "angle" };
    return t.k === "prim" && t.dims.length ? interp.coerce(arg, t, p.span) : arg;
  });
  const ports: Value[] = cell.ports.map((p) => {
    const t = p.type;
    if (t.k !== "prim" || t.name !== "qubit" || t.dims.length === 0) return { k: "qubits", ids: [-1], single: true };
    if (t.dims[0] === null) return { k: "qubits", ids: null, single: false };
    const n = interp.requireInt(t.dims[0]!, "a port size");
    return { k: "qubits", ids: n === null || n > limits.maxQubits ? null : Array.from({ length: n }, () => -1), single: false };
  });
  interp.runCell(cell, args, ports);
  return interp.diagnostics;
}

export function checkModel(program: Program, model: ModelDecl, opts: CheckOptions = {}): { diagnostics: Diagnostic[]; summary?: ModelSummary } {
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const interp = new Interpreter(program, "check", model.name.name, limits);
  const overrides = new Map([...(opts.hyper ?? new Map())].filter(([k]) => model.hyper.some((h) => h.name.name === k)));
  const frame = setupModel(interp, model, overrides);
  if (!frame) return { diagnostics: interp.diagnostics };
  const measure = (body: () => void): number => {
    const before = interp.checkedOps;
    body();
    return interp.checkedOps - before;
  };
  const initOps = frame.init ? measure(() => interp.execBlock(frame.init!.body)) : 0;
  const stepOps = measure(() => runAbstractStep(interp, frame)) + frame.freshQubits.length;
  const finalOps = frame.final ? measure(() => interp.runEmitting(frame.final!.output, 0, () => interp.execBlock(frame.final!.body))) : 0;
  // Unused-param warnings only for a clean model: after an error, a use may simply not have been seen.
  const clean = !interp.diagnostics.some((d) => d.severity === "error");
  for (const m of model.members) {
    if (clean && m.kind === "param" && !interp.usedParams.has(m.name.name)) {
      interp.warn("W0101", m.name.span, `param \`${m.name.name}\` is never used`, { help: "remove it, or use it in a gate angle" });
    }
  }
  return {
    diagnostics: interp.diagnostics,
    summary: {
      name: model.name.name,
      hyper: frame.hyper,
      numQubits: interp.builder.numQubits,
      numParams: interp.builder.params.length,
      initOps, stepOps, finalOps,
    },
  };
}

/** One step with an abstract input: any token variant, or symbolic input features. */
function runAbstractStep(interp: Interpreter, frame: ModelFrame): void {
  interp.tokenVariants = new Map(frame.variants ?? []);
  interp.withScope(() => {
    let binder: Value;
    if (frame.variants) binder = { k: "token", variant: null, payload: [] };
    else {
      const build = (shape: readonly number[]): Value => shape.length === 0
        ? { k: "real", expr: { k: "input", id: 0 }, angle: false }
        : { k: "array", items: Array.from({ length: shape[0]! }, () => build(shape.slice(1))) };
      const t = frame.input!.type;
      binder = t.k === "range" ? interp.abstractPayload(t) : t.k === "prim" && t.name === "int" ? int(-Infinity, Infinity) : build(frame.input!.shape);
      interp.define(frame.input!.name, binder);
    }
    interp.define(frame.step.binder.name, binder);
    interp.runEmitting(frame.step.output, 0, () => interp.execBlock(frame.step.body));
  });
}
