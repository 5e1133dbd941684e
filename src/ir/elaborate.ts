// Elaboration: a checked model + hyperparameters + one input sequence → a flat Circuit whose gate
// angles stay symbolic in params and inputs. Static checks run first; the unroll limit is checked
// from the per-step op bound before any op is built.

import { checkModel, type ModelSummary } from "../check/check.js";
import { Abort, DEFAULT_LIMITS, Interpreter, type Limits } from "../check/interpreter.js";
import { setupModel, type ModelFrame } from "../check/model-frame.js";
import type { Program } from "../check/program.js";
import { int, type Value } from "../check/values.js";
import { diagnostic, hasErrors, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { FeatureValue } from "../input/features.js";
import type { RawToken } from "../input/tokens.js";
import type { ModelDecl } from "../syntax/ast.js";
import type { Span } from "../syntax/span.js";
import type { Circuit } from "./circuit.js";
import * as X from "./expr.js";

export type SequenceInput =
  | { readonly kind: "tokens"; readonly tokens: readonly RawToken[] }
  | { readonly kind: "features"; readonly steps: readonly FeatureValue[] };

export interface ElaborateOptions {
  readonly model?: string;
  readonly hyper?: ReadonlyMap<string, number>;
  readonly limits?: Limits;
  /** The model's summary from a check already done (checkProgram), so that it is not checked twice. */
  readonly checked?: ModelSummary;
}

export interface ElaborateResult {
  readonly circuit?: Circuit;
  readonly diagnostics: Diagnostic[];
}

/** The model to elaborate: the named one, or the only model of the entry file. */
export function pickModel(program: Program, name?: string): ModelDecl | Diagnostic {
  if (name !== undefined) {
    const m = program.models.get(name);
    return m ?? diagnostic("E0305", undefined, `no model named \`${name}\``, { help: `models: ${[...program.models.keys()].join(", ") || "none"}` });
  }
  const entry = program.files[program.files.length - 1];
  const local = entry?.decls.filter((d): d is ModelDecl => d.kind === "model") ?? [];
  if (local.length === 1) return local[0]!;
  if (local.length === 0) return diagnostic("E0305", undefined, "this file declares no model", { help: "declare one with `model name { … }`" });
  return diagnostic("E0305", undefined, `this file declares ${local.length} models`, { help: `choose one with --model (${local.map((m) => m.name.name).join(", ")})` });
}

export function elaborate(program: Program, input: SequenceInput, opts: ElaborateOptions = {}): ElaborateResult {
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const picked = pickModel(program, opts.model);
  if (!("kind" in picked)) return { diagnostics: [picked] };
  const model = picked;
  for (const name of opts.hyper?.keys() ?? []) {
    if (!model.hyper.some((h) => h.name.name === name)) {
      return { diagnostics: [diagnostic("E0706", model.name.span, `model \`${model.name.name}\` has no hyperparameter \`${name}\``, {
        help: `its hyperparameters are: ${model.hyper.map((h) => h.name.name).join(", ") || "none"}`,
      })] };
    }
  }
  const checked = opts.checked?.name === model.name.name
    ? { diagnostics: [] as Diagnostic[], summary: opts.checked }
    : checkModel(program, model, { hyper: opts.hyper ?? new Map(), limits });
  if (hasErrors(checked.diagnostics) || !checked.summary) return { diagnostics: checked.diagnostics };
  const s = checked.summary;
  const steps = input.kind === "tokens" ? input.tokens.length : input.steps.length;
  const estimate = s.initOps + steps * s.stepOps + s.finalOps;
  if (estimate > limits.maxOps) {
    return {
      diagnostics: [...checked.diagnostics, diagnostic("E0801", model.name.span,
        `elaborating ${steps} steps could produce up to ${estimate.toLocaleString("en-US")} operations, more than the limit of ${limits.maxOps.toLocaleString("en-US")}`,
        { help: "shorten the sequence or raise the limit with `--max-ops`" })],
    };
  }

  const interp = new Interpreter(program, "elaborate", model.name.name, limits);
  const overrides = new Map([...(opts.hyper ?? new Map())].filter(([k]) => model.hyper.some((h) => h.name.name === k)));
  try {
    const frame = setupModel(interp, model, overrides);
    if (!frame) return { diagnostics: [...checked.diagnostics, ...interp.diagnostics] };
    interp.tokenVariants = new Map(frame.variants ?? []);
    if (frame.init) interp.execBlock(frame.init.body);
    if (input.kind === "tokens" && !frame.variants) {
      interp.error("E0901", model.name.span, `model \`${model.name.name}\` reads feature vectors, not tokens`, { help: "pass them with --inputs FILE.json" });
    }
    if (input.kind === "features" && !frame.input) {
      interp.error("E0901", model.name.span, `model \`${model.name.name}\` reads tokens, not feature vectors`, { help: "pass them with --tokens" });
    }
    for (let t = 0; t < steps; t++) {
      const binder = input.kind === "tokens" ? tokenValue(interp, input.tokens[t]!) : featureValue(interp, input.steps[t]!, frame.input!, t, model.name.span);
      interp.builder.push({ kind: "mark", label: `step ${t}: ${input.kind === "tokens" ? `${input.tokens[t]!.variant}(${input.tokens[t]!.args.join(", ")})` : `${frame.input!.name} = ${JSON.stringify(input.steps[t])}`}` });
      for (const q of frame.freshQubits) interp.builder.push({ kind: "reset", qubit: q });
      interp.withScope(() => {
        if (frame.input) interp.define(frame.input.name, binder);
        interp.define(frame.step.binder.name, binder);
        interp.runEmitting(frame.step.output, t, () => interp.execBlock(frame.step.body));
      });
    }
    if (frame.final) {
      interp.builder.push({ kind: "mark", label: "final" });
      interp.runEmitting(frame.final.output, steps, () => interp.execBlock(frame.final!.body));
    }
  } catch (e) {
    if (e instanceof Abort) return { diagnostics: [...checked.diagnostics, ...interp.diagnostics] };
    throw e;
  }
  return { circuit: interp.builder.finish(steps), diagnostics: [...checked.diagnostics, ...interp.diagnostics] };
}

/** Validates a token against the model's alphabet and turns it into a value. */
function tokenValue(interp: Interpreter, tok: RawToken): Value {
  const v = interp.tokenVariants.get(tok.variant);
  if (!v) {
    return interp.error("E0901", tok.span, `unknown token \`${tok.variant}\``, { help: `this model's tokens are ${[...interp.tokenVariants.keys()].join(", ")}` });
  }
  const payload: Value[] = [];
  let at = 0;
  const ranges = interp.payloadRanges(v);
  for (let f = 0; f < v.payload.length; f++) {
    const field = v.payload[f]!;
    const range = ranges[f]!;
    if (range.k === "int") {
      const x = tok.args[at];
      if (x === undefined) break;
      if (x < range.lo || x > range.hi) {
        interp.error("E0902", tok.argSpans[at]!, `\`${field.name.name}\` = ${x} is out of range ${range.lo}..${range.hi + 1}`, { label: "out of range" });
      }
      payload.push(int(x));
      at++;
    } else if (range.k === "array") {
      const k = range.items.length;
      const xs = tok.args.slice(at, at + k);
      if (xs.length < k) break;
      const lo = (range.items[0] as { lo: number }).lo;
      const hi = (range.items[k - 1] as { hi: number }).hi;
      const sorted = [...xs].sort((a, b) => a - b);
      for (let i = 0; i < k; i++) {
        if (sorted[i]! < lo || sorted[i]! > hi) interp.error("E0902", tok.span, `vertex ${sorted[i]} of \`${field.name.name}\` is out of range ${lo}..${hi + 1}`);
        if (i > 0 && sorted[i] === sorted[i - 1]) interp.error("E0902", tok.span, `\`${field.name.name}\` lists ${sorted[i]} twice`, { help: "a subset has distinct elements" });
      }
      payload.push({ k: "array", items: sorted.map((x) => int(x)) });
      at += k;
    } else return range;
  }
  const expected = ranges.reduce((n, r) => n + (r.k === "array" ? r.items.length : 1), 0);
  if (tok.args.length !== expected) {
    return interp.error("E0901", tok.span, `\`${tok.variant}\` takes ${expected} integer${expected === 1 ? "" : "s"}, found ${tok.args.length}`, {
      help: `declared as ${tok.variant}(${v.payload.map((f) => f.name.name).join(", ")})`,
    });
  }
  return { k: "token", variant: tok.variant, payload };
}

/** A feature vector as symbolic inputs (values recorded in the circuit's input table); int inputs stay ints. */
function featureValue(interp: Interpreter, value: FeatureValue, input: NonNullable<ModelFrame["input"]>, step: number, at: Span): Value {
  const range = input.type.k === "range" ? interp.abstractPayload(input.type) : null;
  const isInt = range !== null || (input.type.k === "prim" && input.type.name === "int");
  const wrongShape = (): Value => interp.error("E0901", at, `input at step ${step} has the wrong shape: expected ${input.shape.length ? `[${input.shape.join(", ")}]` : "a number"}`);
  const build = (v: FeatureValue, shape: readonly number[], index: number[]): Value => {
    if (shape.length === 0) {
      if (typeof v !== "number") return wrongShape();
      if (isInt) {
        if (!Number.isInteger(v)) return interp.error("E0901", at, `input at step ${step} must be an integer, found ${v}`);
        if (range?.k === "int" && (v < range.lo || v > range.hi)) return interp.error("E0902", at, `input at step ${step} is ${v}, outside ${range.lo}..${range.hi + 1}`);
        return int(v);
      }
      const id = interp.builder.addInput({ name: input.name, step, index, value: v });
      return { k: "real", expr: { k: "input", id } as X.Expr, angle: false };
    }
    if (!Array.isArray(v) || v.length !== shape[0]) return wrongShape();
    return { k: "array", items: v.map((x, i) => build(x, shape.slice(1), [...index, i])) };
  };
  return build(value, input.shape, []);
}
