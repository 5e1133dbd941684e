// A .qseq model bound to a task data set: the program is loaded and checked once, each sample is elaborated
// once and its compiled programs (simulation and adjoint) are kept, so that after the first epoch a sample
// costs the gradient alone. Params are identified by label (`theta`, `phi[2]`) across samples: every
// elaborated circuit lists the model's params, in its own order, mapped onto one global vector here.

import { createHash } from "node:crypto";
import type { ModelSummary } from "../check/check.js";
import { checkProgram } from "../check/check.js";
import { DEFAULT_LIMITS, type Limits } from "../check/interpreter.js";
import { fsHost, loadProgram, type Program } from "../check/program.js";
import { diagnostic, hasErrors, type Diagnostic } from "../diagnostics/diagnostic.js";
import { compileAdjoint, type AdjointProgram } from "../grad/adjoint.js";
import { emittedBitCount } from "../grad/objective.js";
import { paramShiftPlan, type GradientPlan } from "../grad/param-shift.js";
import { combinePlan } from "../grad/plan.js";
import { parseTokenText } from "../input/tokens.js";
import { paramLabel, type Circuit } from "../ir/circuit.js";
import { elaborate, pickModel } from "../ir/elaborate.js";
import { compileSimulation, type SimProgram } from "../sim/index.js";
import { DataError } from "../task/data.js";
import { targetString, type HypergraphSample, type MemorySize, type SequenceModel } from "../task/sample.js";
import type { Span } from "../syntax/span.js";

/** A target of probability 0 costs −log(LIKELIHOOD_FLOOR) ≈ 27.6 nats instead of an infinite loss. */
export const LIKELIHOOD_FLOOR = 1e-12;

export interface ModelSpec {
  readonly file: string;
  readonly model?: string;
  readonly hyper?: ReadonlyMap<string, number>;
  readonly limits?: Limits;
}

/** The front end failed: diagnostics to render with their sources. */
export class ModelLoadError extends Error {
  constructor(readonly diagnostics: readonly Diagnostic[], readonly sources: ReadonlyMap<string, string>) {
    super(diagnostics.map((d) => `${d.code}: ${d.message}`).join("\n"));
  }
}

interface Compiled {
  readonly circuit: Circuit;
  /** circuit param i → global param index */
  readonly toGlobal: Int32Array;
  readonly targets: string;
  sim?: SimProgram;
  adjoint?: AdjointProgram;
  /** Parameter shift: the sample's plan (symbolic circuits) and their compiled simulations. */
  shift?: { readonly plan: GradientPlan; readonly sims: readonly SimProgram[] };
}

/**
 * How a sample's gradient is computed: `adjoint`, exact on the simulator; `param-shift`, the shift-rule
 * circuits a device would run (src/grad/param-shift.ts), each evaluated exactly on the simulator and
 * combined by the plan's combiner — the same numbers as adjoint, at the cost of every shifted circuit.
 */
export type GradientMethod = "adjoint" | "param-shift";

export interface SampleGradient {
  /** −log max(P(targets), floor). */
  readonly loss: number;
  readonly probability: number;
  /** ∂loss/∂θ over the global params. */
  readonly gradient: Float64Array;
}

export class QuantumTaskModel {
  readonly program: Program;
  readonly modelName: string;
  /** sha256 of every source file of the program, in load order (the checkpoint's model identity). */
  readonly sourceHash: string;
  readonly labels: readonly string[];
  /** The params as an elaborated circuit lists them (for --bind). */
  readonly paramInfo: Circuit["params"];
  readonly init: Float64Array;
  readonly numQubits: number;
  readonly hyper: ReadonlyMap<string, number>;
  private readonly summary: ModelSummary | undefined;
  private readonly limits: Limits;
  private readonly cache = new Map<HypergraphSample, Compiled>();

  constructor(readonly spec: ModelSpec) {
    this.limits = spec.limits ?? DEFAULT_LIMITS;
    this.hyper = spec.hyper ?? new Map();
    this.program = loadProgram(spec.file, fsHost);
    const checked = checkProgram(this.program, { hyper: this.hyper, limits: this.limits });
    const ds = [...this.program.diagnostics, ...checked.diagnostics];
    if (hasErrors(ds)) throw new ModelLoadError(ds, this.program.sources);
    const picked = pickModel(this.program, spec.model);
    if (!("kind" in picked)) throw new ModelLoadError([picked], this.program.sources);
    this.modelName = picked.name.name;
    this.summary = checked.models.find((m) => m.name === this.modelName);
    const hash = createHash("sha256");
    for (const [name, text] of this.program.sources) hash.update(name.replace(/^.*[\\/]/, "")).update("\0").update(text).update("\0");
    this.sourceHash = `sha256:${hash.digest("hex")}`;
    // the params (and their initial values) of the model, from an elaboration of the empty sequence
    const empty = this.elaborateTokens("", "<params>");
    this.paramInfo = empty.params;
    this.labels = empty.params.map(paramLabel);
    this.init = Float64Array.from(empty.params, (p) => p.init);
    this.numQubits = this.summary?.numQubits ?? empty.numQubits;
  }

  /** The hyperparameters in effect (defaults and --set), e.g. n = 6, k = 3. */
  get effectiveHyper(): ReadonlyMap<string, number> {
    return this.summary?.hyper ?? this.hyper;
  }

  get memory(): MemorySize {
    return { amount: this.numQubits, unit: "qubits", detail: `the model's ${this.numQubits} qubits` };
  }

  private elaborateTokens(text: string, file: string, at?: Span, sizeHint?: string): Circuit {
    const t = parseTokenText(text, file);
    const r = t.diagnostics.length ? { diagnostics: t.diagnostics } : elaborate(this.program, { kind: "tokens", tokens: t.tokens }, {
      model: this.modelName, hyper: this.hyper, limits: this.limits, ...(this.summary ? { checked: this.summary } : {}),
    });
    if (!r.circuit || hasErrors(r.diagnostics)) {
      const errors = r.diagnostics.filter((d) => d.severity === "error");
      if (at) {
        // a token the model does not accept: point at the data line, quoting the model's complaint
        throw new DataError(errors.map((d) => diagnostic("E0903", at, `model \`${this.modelName}\` cannot read this sample: ${d.message}`, { help: sizeHint ?? d.help ?? "" })), new Map());
      }
      throw new ModelLoadError(errors, this.program.sources);
    }
    return r.circuit;
  }

  /** The sample's elaborated circuit and param map (built on first use, then kept). */
  private compiled(s: HypergraphSample, dataFile: string): Compiled {
    let c = this.cache.get(s);
    if (c) return c;
    const at: Span = { file: dataFile, start: 0, end: 0, line: s.line, col: 1 };
    const hint = `the data has n = ${s.n}, k = ${s.k}; if the model was made for other sizes, pass --set n=${s.n},k=${s.k} (or the model's own hyperparameter names)`;
    const circuit = this.elaborateTokens(s.tokens.join(" "), `${dataFile}:${s.line}`, at, hint);
    const bits = emittedBitCount(circuit);
    if (bits !== s.queries.length) {
      throw new DataError([diagnostic("E0903", at, `model \`${this.modelName}\` emits ${bits} bit(s) on this sample, but it has ${s.queries.length} read(s)`, {
        help: "a task model emits one bit per ReadZ/ReadX token and nothing for an Edge",
      })], new Map());
    }
    const index = new Map(this.labels.map((l, i) => [l, i]));
    const toGlobal = Int32Array.from(circuit.params, (p) => index.get(paramLabel(p)) ?? -1);
    c = { circuit, toGlobal, targets: targetString(s) };
    this.cache.set(s, c);
    return c;
  }

  private local(c: Compiled, params: ArrayLike<number>): Float64Array {
    return Float64Array.from(c.toGlobal, (g, i) => (g >= 0 ? params[g]! : c.circuit.params[i]!.init));
  }

  /** Elaborates and compiles every sample now (reports bad samples before training starts). */
  prepare(samples: readonly HypergraphSample[], dataFile: string): void {
    for (const s of samples) this.compiled(s, dataFile);
  }

  /** The teacher-forced loss −log P(targets) of one sample and its exact gradient (adjoint). */
  gradient(s: HypergraphSample, params: ArrayLike<number>, dataFile = "<data>", method: GradientMethod = "adjoint"): SampleGradient {
    const c = this.compiled(s, dataFile);
    const local = this.local(c, params);
    const objective = { kind: "loglik", targets: c.targets } as const;
    let r: { value: number; gradient: ArrayLike<number> };
    if (method === "adjoint") {
      c.adjoint ??= compileAdjoint(c.circuit);
      r = c.adjoint.gradient(objective, local);
    } else {
      if (!c.shift) {
        const plan = paramShiftPlan(c.circuit, objective, local);
        c.shift = { plan, sims: plan.circuits.map((x) => compileSimulation(x)) };
      }
      const results = c.shift.sims.map((sim) => ({ value: sim.forced(local, c.targets).probability }));
      const combined = combinePlan(c.shift.plan.manifest, results);
      r = { value: combined.value ?? -Infinity, gradient: combined.gradient };
    }
    const gradient = new Float64Array(this.labels.length);
    const p = Math.exp(r.value);
    if (!(p > 0) || !Array.from(r.gradient).every(Number.isFinite)) return { loss: -Math.log(LIKELIHOOD_FLOOR), probability: 0, gradient };
    // loss = −log(P + floor): ∂loss = −∂P/(P + floor) = −∂logP · P/(P + floor)
    const scale = -p / (p + LIKELIHOOD_FLOOR);
    c.toGlobal.forEach((g, i) => { if (g >= 0) gradient[g] = gradient[g]! + scale * r.gradient[i]!; });
    return { loss: -Math.log(p + LIKELIHOOD_FLOOR), probability: p, gradient };
  }

  /** P(emitted bits = bits) under teacher forcing. */
  forcedProbability(s: HypergraphSample, bits: string, params: ArrayLike<number>, dataFile = "<data>"): number {
    const c = this.compiled(s, dataFile);
    c.sim ??= compileSimulation(c.circuit);
    return c.sim.forced(this.local(c, params), bits).probability;
  }

  /** The exact distribution of the sample's emitted bits (outcome string → probability). */
  distribution(s: HypergraphSample, params: ArrayLike<number>, dataFile = "<data>"): Map<string, number> {
    const c = this.compiled(s, dataFile);
    c.sim ??= compileSimulation(c.circuit);
    return c.sim.exact(this.local(c, params)).outputs;
  }

  /** The model at fixed params, as the task's scores see it. */
  sequenceModel(params: ArrayLike<number>, dataFile = "<data>"): SequenceModel {
    const prefixes = new Map<HypergraphSample, Map<string, number>>();
    const prefixProbabilities = (s: HypergraphSample): Map<string, number> => {
      let m = prefixes.get(s);
      if (m) return m;
      m = new Map();
      for (const [key, p] of this.distribution(s, params, dataFile)) {
        for (let t = 0; t <= key.length; t++) {
          const pre = key.slice(0, t);
          m.set(pre, (m.get(pre) ?? 0) + p);
        }
      }
      prefixes.set(s, m);
      return m;
    };
    return {
      name: this.modelName,
      memory: this.memory,
      conditionals: async (samples, outputs) => samples.map((s, i) => {
        const m = prefixProbabilities(s);
        const o = outputs[i]!;
        const cond = new Float64Array(o.length);
        let pre = "";
        for (let t = 0; t < o.length; t++) {
          const whole = m.get(pre) ?? 0;
          cond[t] = whole > 0 ? (m.get(pre + "1") ?? 0) / whole : 0.5;
          pre += o[t] ? "1" : "0";
        }
        return cond;
      }),
    };
  }
}

/** A stable identity for a data file's contents (checkpoints refuse to resume on other data). */
export function dataHash(samples: readonly HypergraphSample[]): string {
  const h = createHash("sha256");
  for (const s of samples) h.update(s.tokens.join(" ")).update("|").update(targetString(s)).update("\n");
  return `sha256:${h.digest("hex")}`;
}
