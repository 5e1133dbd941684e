// Setting up a model for checking or elaboration: hyperparameter values, constants, registers (with the
// qubit limit checked before any qubit is numbered), params with their initial values, and the
// per-step input alphabet.

import * as X from "../ir/expr.js";
import type { ModelDecl, TypeExpr, Variant } from "../syntax/ast.js";
import { closestName } from "../diagnostics/diagnostic.js";
import type { Interpreter } from "./interpreter.js";
import { describe, int, NONE, shapeOf, type Value } from "./values.js";

export interface ModelFrame {
  readonly model: ModelDecl;
  readonly hyper: ReadonlyMap<string, number>;
  readonly variants: ReadonlyMap<string, Variant> | null;
  readonly input: { readonly name: string; readonly type: TypeExpr; readonly shape: readonly number[] } | null;
  readonly init: ModelDecl["members"][number] & { kind: "init" } | undefined;
  readonly step: ModelDecl["members"][number] & { kind: "step" };
  readonly final: ModelDecl["members"][number] & { kind: "final" } | undefined;
  /** Fresh registers' qubits, reset at the start of every step. */
  readonly freshQubits: readonly number[];
}

/**
 * Evaluates the model's declarations into the interpreter's global scope. Returns null when the model
 * cannot be elaborated at all (diagnostics are already in `interp.diagnostics`).
 */
export function setupModel(interp: Interpreter, model: ModelDecl, overrides: ReadonlyMap<string, number>): ModelFrame | null {
  const hyper = new Map<string, number>();
  for (const [name] of overrides) {
    if (!model.hyper.some((h) => h.name.name === name)) {
      const guess = closestName(name, model.hyper.map((h) => h.name.name));
      interp.error("E0706", model.name.span, `model \`${model.name.name}\` has no hyperparameter \`${name}\``, {
        help: guess ? `did you mean \`${guess}\`?` : `its hyperparameters are: ${model.hyper.map((h) => h.name.name).join(", ") || "none"}`,
      });
      return null;
    }
  }
  for (const h of model.hyper) {
    if (h.type.k !== "prim" || h.type.name !== "int" || h.type.dims.length) interp.error("E0401", h.type.span, "hyperparameters are ints");
    const given = overrides.get(h.name.name);
    let value: number | null = given ?? null;
    if (value === null) {
      if (!h.default) { interp.error("E0404", h.span, `hyperparameter \`${h.name.name}\` has no value`, { help: `give it a default (\`${h.name.name}: int = 4\`) or pass \`--set ${h.name.name}=4\`` }); return null; }
      value = interp.requireInt(h.default, "a hyperparameter default");
      if (value === null) return null;
    }
    hyper.set(h.name.name, value);
    interp.define(h.name.name, int(value));
  }

  let variants: Map<string, Variant> | null = null;
  let input: ModelFrame["input"] = null;
  let init, step, final;
  let totalQubits = 0;
  const freshQubits: number[] = [];
  const registers: { role: "hidden" | "fresh"; name: string; size: number }[] = [];

  for (const m of model.members) {
    switch (m.kind) {
      case "const": interp.define(m.name.name, interp.constValue(m)); break;
      case "tokens":
        if (variants || input) { interp.error("E0702", m.span, "a model has one input alphabet: either `tokens { … }` or `input x: T;`"); break; }
        variants = new Map();
        for (const v of m.variants) {
          if (variants.has(v.name.name)) interp.error("E0304", v.name.span, `token variant \`${v.name.name}\` is declared twice`);
          variants.set(v.name.name, v);
          for (const p of v.payload) interp.abstractPayload(p.type); // checks the payload types once
        }
        break;
      case "input": {
        if (variants || input) { interp.error("E0702", m.span, "a model has one input alphabet: either `tokens { … }` or `input x: T;`"); break; }
        const t = m.type;
        if (t.k === "range") { interp.abstractPayload(t); input = { name: m.name.name, type: t, shape: [] }; break; }
        if (t.k !== "prim" || (t.name !== "float" && t.name !== "angle" && t.name !== "int")) { interp.error("E0401", t.span, "an input is a float, an angle, an int or a range `a..b`, or an array of floats or angles"); break; }
        const sample = interp.coerce(int(0), t, t.span);
        input = { name: m.name.name, type: t, shape: shapeOf(sample) };
        break;
      }
      case "register": {
        const t = m.type;
        if (t.k !== "prim" || t.name !== "qubit" || t.dims.length !== 1 || !t.dims[0]) {
          interp.error("E0401", t.span, `a ${m.role} register is declared as \`qubit[N]\``);
          break;
        }
        const size = interp.requireInt(t.dims[0], "a register size");
        if (size === null) break;
        if (size < 1) { interp.error("E0503", t.dims[0].span, `register \`${m.name.name}\` has ${size} qubits`, { help: "a register needs at least one qubit" }); break; }
        totalQubits += size;
        if (totalQubits > interp.limits.maxQubits) {
          interp.error("E0802", t.span, `the model needs ${totalQubits} qubits, more than the limit of ${interp.limits.maxQubits}`, { help: "lower the hyperparameters (`--set n=…`) or raise the limit with `--max-qubits`" });
          return null;
        }
        registers.push({ role: m.role, name: m.name.name, size });
        break;
      }
      case "param": break; // after registers, below
      case "init": if (init) interp.error("E0702", m.span, "a model has at most one `init`"); else init = m; break;
      case "step": if (step) interp.error("E0702", m.span, "a model has at most one `step`"); else step = m; break;
      case "final": if (final) interp.error("E0702", m.span, "a model has at most one `final`"); else final = m; break;
    }
  }
  // Qubits are numbered only once every register has been sized and the limit checked.
  for (const r of registers) {
    const reg = interp.builder.addRegister(r.name, r.role, r.size);
    const ids = Array.from({ length: r.size }, (_, i) => reg.offset + i);
    if (r.role === "fresh") freshQubits.push(...ids);
    interp.define(r.name, { k: "qubits", ids, single: false });
  }
  for (const m of model.members) if (m.kind === "param") declareParam(interp, m);

  if (!step) { interp.error("E0701", model.name.span, `model \`${model.name.name}\` has no \`step\``, { help: "add `step(tok) { … }`: it runs once per input" }); return null; }
  if (!variants && !input) { interp.error("E0702", model.name.span, `model \`${model.name.name}\` declares no input`, { help: "declare `tokens { … }` or `input x: float[2];`" }); return null; }
  return { model, hyper, variants, input, init, step, final, freshQubits };
}

function declareParam(interp: Interpreter, m: { name: { name: string; span: import("../syntax/span.js").Span }; type: TypeExpr; init?: import("../syntax/ast.js").Expr }): void {
  const t = m.type;
  interp.define(m.name.name, NONE); // a broken declaration still declares the name: no cascade of "unknown name"
  if (t.k !== "prim" || (t.name !== "angle" && t.name !== "float")) { interp.error("E0401", t.span, "a param is an angle or a float, or an array of them"); return; }
  const initValue: Value = m.init ? interp.evalExpr(m.init) : { k: "real", expr: X.num(0), angle: false };
  if (initValue.k === "none") return;
  const shaped = interp.coerce(initValue, t, m.init?.span ?? t.span);
  if (shaped.k === "none") return;
  const toParams = (v: Value, index: number[]): Value => {
    if (v.k === "array") return { k: "array", items: v.items.map((it, i) => toParams(it, [...index, i])) };
    if (v.k !== "real" || v.expr.k !== "num") {
      interp.error("E0404", m.init?.span ?? t.span, `the initial value of \`${m.name.name}\` must be known at compile time, found ${describe(v)}`);
      return v;
    }
    if (!Number.isFinite(v.expr.v)) {
      interp.error("E0406", m.init?.span ?? t.span, `the initial value of \`${m.name.name}\` evaluates to ${v.expr.v}`, { help: "a param's initial value must be a finite number" });
      return NONE;
    }
    const id = interp.builder.addParam({ name: m.name.name, index, type: t.name as "angle" | "float", init: v.expr.v });
    return { k: "real", expr: { k: "param", id }, angle: t.name === "angle" };
  };
  interp.define(m.name.name, toParams(shaped, []));
}
