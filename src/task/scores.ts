// The scores of the hypergraph sequence task (docs/task.md), for any SequenceModel: quantum models and
// classical baselines go through this one function, so their numbers are comparable.
//
//   support violations   sampled model outputs (ancestral sampling, query by query) that have probability 0
//                        under the true Born distribution, as a fraction of all sampled outputs;
//   deterministic acc.   on deterministic-context samples, with the Z outcomes teacher-forced to the targets,
//                        how often the model's more likely X bit is the (fixed) true one;
//   cross-entropy / KL   −Σ_o p(o)·log q(o) and Σ_o p(o)·log(p(o)/q(o)) over the true distribution p of each
//                        sample's query outputs (exact: the support of p is enumerated), in nats, averaged
//                        over samples — Infinity when the model gives a possible outcome probability 0;
//   NLL                  −log q(targets), the teacher-forced loss on the file's own targets;
//   memory               the model's state beside C(n, k) − 1.

import { Rng } from "../sim/rng.js";
import { classicalMemoryBound } from "./generate.js";
import { trueDistribution } from "./hypergraph.js";
import { binomial, targetBits, type HypergraphSample, type MemorySize, type SequenceModel } from "./sample.js";

export interface ScoreOptions {
  /** Outputs sampled from the model per sample for the support-violation rate (default 16). */
  readonly shots?: number;
  readonly seed?: number;
  /** Sequences per call of `conditionals` (bounds the memory of batched models; default 4096). */
  readonly chunk?: number;
}

export interface TaskScores {
  readonly model: string;
  readonly samples: number;
  readonly n: number;
  readonly k: number;
  readonly supportViolations: { readonly rate: number; readonly sampled: number; readonly violating: number };
  /** null when no sample has the deterministic context. */
  readonly deterministicAccuracy: { readonly rate: number; readonly samples: number } | null;
  /** The same score of the best model without memory of the edges (noMemoryAccuracy). */
  readonly noMemoryAccuracy: number | null;
  readonly crossEntropy: number;
  readonly kl: number;
  /** Samples whose KL is infinite. */
  readonly infiniteKl: number;
  readonly entropy: number;
  readonly nll: number;
  readonly memory: MemorySize;
  readonly classicalBound: number;
}

async function chunked(model: SequenceModel, samples: readonly HypergraphSample[], outputs: readonly Uint8Array[], chunk: number): Promise<Float64Array[]> {
  const out: Float64Array[] = [];
  for (let i = 0; i < samples.length; i += chunk) out.push(...(await model.conditionals(samples.slice(i, i + chunk), outputs.slice(i, i + chunk))));
  return out;
}

/** q(o) = Π_t q(o_t | o_<t) from the conditionals of P(bit = 1). */
function sequenceProbability(cond: Float64Array, o: Uint8Array): number {
  let q = 1;
  for (let t = 0; t < o.length; t++) q *= o[t] ? cond[t]! : 1 - cond[t]!;
  return q;
}

/**
 * The deterministic accuracy of the best model that knows the Z outcomes and the read vertex j but not the
 * hypergraph: the X bit is 0 for sure when no possible edge through j has all its other vertices read as
 * 1 (m = 0 such edges), and a fair coin otherwise — so the score is the mean of (m = 0 ? 1 : ½). A model
 * must beat it to show any memory of the edges (null without deterministic contexts).
 */
export function noMemoryAccuracy(samples: readonly HypergraphSample[]): number | null {
  let sum = 0, count = 0;
  for (const s of samples) {
    if (s.context !== "deterministic" || s.queries.length === 0) continue;
    const last = s.steps[s.queries.at(-1)!]!;
    if (last.kind !== "read") continue;
    const ones = new Set(s.queries.slice(0, -1).filter((q) => s.targets[q] === 1).map((q) => (s.steps[q] as { vertex: number }).vertex));
    // a possible edge through j is j plus k − 1 vertices read as 1: there are C(#ones, k − 1) of them
    const m = binomial(ones.size, s.k - 1);
    sum += m === 0 ? 1 : 0.5;
    count++;
  }
  return count ? sum / count : null;
}

/** Teacher-forced on the file's targets: the summed NLL, and the deterministic contexts' X bits got right. */
async function teacherForced(model: SequenceModel, samples: readonly HypergraphSample[], chunk: number): Promise<{ nll: number; right: number; count: number }> {
  const targets = samples.map(targetBits);
  const forced = await chunked(model, samples, targets, chunk);
  let nll = 0, right = 0, count = 0;
  samples.forEach((s, i) => {
    nll -= Math.log(sequenceProbability(forced[i]!, targets[i]!));
    if (s.context === "deterministic" && s.queries.length > 0) {
      const t = s.queries.length - 1;
      const c = forced[i]![t]!;
      count++;
      const predicted = c > 0.5 ? 1 : c < 0.5 ? 0 : -1; // an undecided model is wrong
      if (predicted === targets[i]![t]) right++;
    }
  });
  return { nll, right, count };
}

/** The deterministic accuracy alone (cheap: one teacher-forced pass), null without deterministic contexts. */
export async function deterministicAccuracy(model: SequenceModel, samples: readonly HypergraphSample[], o: Pick<ScoreOptions, "chunk"> = {}): Promise<number | null> {
  const r = await teacherForced(model, samples, o.chunk ?? 4096);
  return r.count ? r.right / r.count : null;
}

export async function scoreModel(model: SequenceModel, samples: readonly HypergraphSample[], o: ScoreOptions = {}): Promise<TaskScores> {
  if (samples.length === 0) throw new Error("no samples to score");
  const shots = o.shots ?? 16;
  const chunk = o.chunk ?? 4096;
  const truth = samples.map((s) => trueDistribution(s));

  const { nll, right: detRight, count: detCount } = await teacherForced(model, samples, chunk);

  // cross-entropy and KL over the support of the true distribution
  const pairSample: HypergraphSample[] = [], pairOut: Uint8Array[] = [], pairP: number[] = [], pairOwner: number[] = [];
  truth.forEach((dist, i) => {
    for (const [key, p] of dist) {
      pairSample.push(samples[i]!);
      pairOut.push(Uint8Array.from(key, (ch) => (ch === "1" ? 1 : 0)));
      pairP.push(p);
      pairOwner.push(i);
    }
  });
  const pairCond = await chunked(model, pairSample, pairOut, chunk);
  const ce = new Float64Array(samples.length), h = new Float64Array(samples.length);
  pairCond.forEach((cond, j) => {
    const p = pairP[j]!, i = pairOwner[j]!;
    const q = sequenceProbability(cond, pairOut[j]!);
    ce[i] = ce[i]! - p * Math.log(q);
    h[i] = h[i]! - p * Math.log(p);
  });
  let crossEntropy = 0, entropy = 0, kl = 0, infiniteKl = 0;
  for (let i = 0; i < samples.length; i++) {
    crossEntropy += ce[i]!;
    entropy += h[i]!;
    const d = ce[i]! - h[i]!;
    if (d === Infinity) infiniteKl++;
    kl += Math.max(0, d); // rounding can make an exact match slightly negative
  }

  // support violations: sample outputs query by query from the model's conditionals
  const rng = new Rng(o.seed ?? 1);
  const shotSample: HypergraphSample[] = [], shotOwner: number[] = [];
  samples.forEach((s, i) => { for (let r = 0; r < shots; r++) { shotSample.push(s); shotOwner.push(i); } });
  const drawn = shotSample.map((s) => new Uint8Array(s.queries.length));
  const longest = Math.max(...samples.map((s) => s.queries.length));
  for (let t = 0; t < longest; t++) {
    const cond = await chunked(model, shotSample, drawn, chunk);
    cond.forEach((c, j) => { if (t < drawn[j]!.length) drawn[j]![t] = rng.uniform() < c[t]! ? 1 : 0; });
  }
  let violating = 0;
  drawn.forEach((d, j) => { if (!truth[shotOwner[j]!]!.has(Array.from(d).join(""))) violating++; });

  const m = samples.length;
  return {
    model: model.name,
    samples: m,
    n: samples[0]!.n,
    k: samples[0]!.k,
    supportViolations: { rate: drawn.length ? violating / drawn.length : 0, sampled: drawn.length, violating },
    deterministicAccuracy: detCount ? { rate: detRight / detCount, samples: detCount } : null,
    noMemoryAccuracy: noMemoryAccuracy(samples),
    crossEntropy: crossEntropy / m,
    kl: kl / m,
    infiniteKl,
    entropy: entropy / m,
    nll: nll / m,
    memory: model.memory,
    classicalBound: classicalMemoryBound(samples[0]!.n, samples[0]!.k),
  };
}

const num = (x: number, digits = 4): string => (x === Infinity ? "∞" : Number.isNaN(x) ? "NaN" : x.toFixed(digits));
const pct = (x: number): string => `${(100 * x).toFixed(2)} %`;

export function formatScores(s: TaskScores): string {
  const lines = [
    `model ${s.model} on ${s.samples} sample(s), n = ${s.n}, k = ${s.k}`,
    `  support violations      ${pct(s.supportViolations.rate)} (${s.supportViolations.violating} of ${s.supportViolations.sampled} sampled outputs)`,
    `  deterministic accuracy  ${s.deterministicAccuracy ? `${pct(s.deterministicAccuracy.rate)} (${s.deterministicAccuracy.samples} deterministic-context samples; without memory of the edges: ${pct(s.noMemoryAccuracy ?? 0)})` : "— (no deterministic-context samples)"}`,
    `  cross-entropy           ${num(s.crossEntropy)} nats per sequence (true entropy ${num(s.entropy)})`,
    `  KL to the Born rule     ${num(s.kl)} nats per sequence${s.infiniteKl ? ` (infinite on ${s.infiniteKl} sample(s): a possible outcome gets probability 0)` : ""}`,
    `  NLL of the targets      ${num(s.nll)} nats per sequence`,
    `  memory                  ${s.memory.amount} ${s.memory.unit} (${s.memory.detail}); C(n,k) − 1 = ${s.classicalBound}`,
  ];
  return lines.join("\n") + "\n";
}

/** JSON has no Infinity: infinite values are written as the string "Infinity". */
export function scoresJson(s: TaskScores): unknown {
  return JSON.parse(JSON.stringify(s, (_k, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v)));
}
