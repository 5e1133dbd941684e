// The training loop: Adam on the mean teacher-forced negative log-likelihood of mini-batches, with an
// optional curriculum over the difficulty c of deterministic contexts, random restarts, and a state that
// is a pure function of (options, data, progress) — each epoch's order is drawn from (seed, restart,
// epoch) — so that a run stopped after any batch and resumed from its checkpoint ends exactly where an
// uninterrupted run ends.

import { Rng } from "../sim/rng.js";
import type { HypergraphSample } from "../task/sample.js";
import { adamState, adamStep, type AdamState } from "./adam.js";
import type { GradientSource } from "./evaluate.js";
import type { GradientMethod } from "./quantum.js";

export type InitKind = "model" | "random";

export interface TrainOptions {
  readonly epochs: number;
  readonly lr: number;
  readonly batch: number;
  readonly seed: number;
  readonly curriculum: boolean;
  /** Starts to try (the first from the model's or the given values unless init is random). */
  readonly restarts: number;
  readonly init: InitKind;
  /** The gradient method (recorded in checkpoints; the gradient source applies it; default adjoint). */
  readonly method?: GradientMethod;
  /** The learning-rate schedule over the run (default cosine). */
  readonly lrDecay?: "cosine" | "none";
  /** Curriculum: epochs at most per stage before moving on (default 3). */
  readonly stageEpochs?: number;
}

export interface EpochRecord {
  readonly restart: number;
  readonly epoch: number;
  /** Curriculum: the largest difficulty c in this epoch's samples (null without a curriculum). */
  readonly stage: number | null;
  readonly samples: number;
  readonly loss: number;
  /** Deterministic accuracy under teacher forcing over the epoch's samples (null without such samples). */
  readonly accuracy: number | null;
  /** The least P(true X bit | Z targets) over the epoch's deterministic samples (null without them). */
  readonly confidence: number | null;
  readonly seconds: number;
}

/** Everything a checkpoint holds about training progress. */
export interface TrainState {
  restart: number;
  epoch: number;
  /** The next batch of the epoch. */
  batch: number;
  params: Float64Array;
  adam: AdamState;
  /** Curriculum: index into the stage list, and epochs spent in it. */
  stage: number;
  stageEpochs: number;
  /** Sums over the epoch so far. */
  acc: { loss: number; samples: number; right: number; deterministic: number; confidence: number; seconds: number };
  history: EpochRecord[];
  best: { restart: number; loss: number; accuracy: number | null; complete: boolean; params: Float64Array } | null;
  done: boolean;
}

export interface TrainHooks {
  onBatch?(p: { state: TrainState; batches: number; loss: number; accuracy: number | null; eta: number }): void;
  onEpoch?(r: EpochRecord, state: TrainState): void;
  onRestart?(restart: number, state: TrainState): void;
  /** Called at every epoch end, and between batches when `checkpointDue` says so. */
  onCheckpoint?(state: TrainState): void;
  checkpointDue?(): boolean;
  /** Asked between batches: stop now (the state is checkpointed first). */
  shouldStop?(): boolean;
}

/**
 * The difficulty of a sample: for each X read of vertex j, the number c of edges through j whose other
 * vertices were all read in Z with target 1 before it (the phase the read must resolve is c·θ); the
 * sample's difficulty is the largest c (0 without X reads).
 */
export function difficulty(s: HypergraphSample): number {
  let c = difficulties.get(s);
  if (c === undefined) { c = computeDifficulty(s); difficulties.set(s, c); }
  return c;
}

/** Samples are immutable: each one's difficulty is computed once (every epoch's order asks for it). */
const difficulties = new WeakMap<HypergraphSample, number>();

function computeDifficulty(s: HypergraphSample): number {
  const z = new Map<number, number>();
  let c = 0;
  s.queries.forEach((q) => {
    const step = s.steps[q]!;
    if (step.kind !== "read") return;
    if (step.basis === "Z") { z.set(step.vertex, s.targets[q]!); return; }
    const j = step.vertex;
    const here = s.edges.filter((e) => e.includes(j) && e.every((v) => v === j || z.get(v) === 1)).length;
    c = Math.max(c, here);
  });
  return c;
}

/** The curriculum's stages: the largest difficulty allowed in each (the last admits every sample). */
export function curriculumStages(samples: readonly HypergraphSample[]): number[] {
  // c = 0 first: those samples fix the read-out angles alone, so that c = 1 then fixes θ (with both
  // free at once, φ_j = θ − π fits c ≤ 1 for any θ, and θ ≈ 0 is a trap)
  return [...new Set(samples.map(difficulty))].sort((a, b) => a - b);
}

function mix(...xs: number[]): number {
  let h = 0x811c9dc5;
  for (const x of xs) h = Math.imul(h ^ (x >>> 0), 0x01000193) ^ Math.floor(x / 4294967296);
  return h >>> 0;
}

export function startParams(init: Float64Array, o: Pick<TrainOptions, "init" | "seed">, restart: number): Float64Array {
  if (o.init === "model" && restart === 0) return Float64Array.from(init);
  const rng = new Rng(mix(o.seed, restart, 0x5eed));
  return Float64Array.from(init, () => 2 * Math.PI * rng.uniform());
}

const emptyAcc = (): TrainState["acc"] => ({ loss: 0, samples: 0, right: 0, deterministic: 0, confidence: 1, seconds: 0 });

/** A start has solved the task when it is sure of every deterministic X bit of the whole set. */
export const SOLVED_CONFIDENCE = 0.999;

export function initialState(init: Float64Array, o: TrainOptions): TrainState {
  return {
    restart: 0, epoch: 0, batch: 0, params: startParams(init, o, 0), adam: adamState(init.length),
    stage: 0, stageEpochs: 0, acc: emptyAcc(),
    history: [], best: null, done: false,
  };
}

/** The sample indices of one epoch, in the order they are visited. */
export function epochOrder(samples: readonly HypergraphSample[], allowed: number | null, o: Pick<TrainOptions, "seed">, restart: number, epoch: number): number[] {
  const idx: number[] = [];
  samples.forEach((s, i) => { if (allowed === null || difficulty(s) <= allowed) idx.push(i); });
  return new Rng(mix(o.seed, restart, epoch)).shuffle(idx);
}

const YIELD_MS = 50;

/**
 * The learning rate at a fraction of the decay phase (the run, or its last curriculum stage): cosine decay
 * from lr to lr/100 (before that phase, lr). Adam's steps are normalised,
 * so at a constant rate they keep a size of about lr near the optimum and the params hover around it;
 * the decay lets them settle (the difference between 0.2 % support violations and none).
 */
export function learningRate(o: Pick<TrainOptions, "lr" | "lrDecay">, progress: number): number {
  if (o.lrDecay === "none") return o.lr;
  const p = Math.min(1, Math.max(0, progress));
  return o.lr * (0.01 + 0.99 * 0.5 * (1 + Math.cos(Math.PI * p)));
}

/** Runs (or resumes) training until done or stopped; returns the state (state.done tells which). */
export async function train(source: GradientSource, samples: readonly HypergraphSample[], init: Float64Array, o: TrainOptions, state: TrainState, hooks: TrainHooks = {}): Promise<TrainState> {
  const stages = o.curriculum ? curriculumStages(samples) : [];
  const maxStageEpochs = o.stageEpochs ?? 3;
  const P = init.length;
  let lastYield = performance.now();
  // the decay runs over the epochs that see every sample: from the start, or from the curriculum's last stage
  const finalStage = stages[stages.length - 1];
  const decayFrom = (allowed: number | null): number | null => {
    if (!o.curriculum) return 0;
    if (allowed !== finalStage) return null;
    return state.history.find((r) => r.restart === state.restart && r.stage === finalStage)?.epoch ?? state.epoch;
  };
  while (!state.done) {
    const allowed = o.curriculum ? stages[Math.min(state.stage, stages.length - 1)]! : null;
    const order = epochOrder(samples, allowed, o, state.restart, state.epoch);
    const batches = Math.ceil(order.length / o.batch);
    while (state.batch < batches) {
      // in-process gradients never wait on I/O: yield now and then so that signals (Ctrl-C) get handled
      if (performance.now() - lastYield > YIELD_MS) { await new Promise((r) => setImmediate(r)); lastYield = performance.now(); }
      if (hooks.shouldStop?.()) { hooks.onCheckpoint?.(state); return state; }
      const t0 = performance.now();
      const indices = order.slice(state.batch * o.batch, (state.batch + 1) * o.batch);
      const results = await source.evaluate(indices, state.params);
      // summed in batch order, whatever computed them: identical with and without workers
      const grad = new Float64Array(P);
      for (const r of results) {
        for (let i = 0; i < P; i++) grad[i] = grad[i]! + r.gradient[i]! / results.length;
        state.acc.loss += r.loss;
        state.acc.samples++;
        if (r.right !== null) { state.acc.deterministic++; state.acc.right += r.right; }
        if (r.confidence !== null) state.acc.confidence = Math.min(state.acc.confidence, r.confidence);
      }
      const from = decayFrom(allowed);
      const progress = from === null ? 0 : (state.epoch + state.batch / batches - from) / Math.max(1, o.epochs - from);
      adamStep(state.params, grad, state.adam, { lr: learningRate(o, progress) });
      state.batch++;
      state.acc.seconds += (performance.now() - t0) / 1000;
      const perBatch = state.acc.seconds / state.batch;
      hooks.onBatch?.({
        state, batches,
        loss: state.acc.loss / state.acc.samples,
        accuracy: state.acc.deterministic ? state.acc.right / state.acc.deterministic : null,
        eta: perBatch * ((batches - state.batch) + batches * (o.epochs - state.epoch - 1) + batches * o.epochs * (o.restarts - state.restart - 1)),
      });
      if (state.batch < batches && hooks.checkpointDue?.()) hooks.onCheckpoint?.(state);
    }
    // the epoch is over
    const record: EpochRecord = {
      restart: state.restart, epoch: state.epoch, stage: allowed, samples: state.acc.samples,
      loss: state.acc.samples ? state.acc.loss / state.acc.samples : 0,
      accuracy: state.acc.deterministic ? state.acc.right / state.acc.deterministic : null,
      confidence: state.acc.deterministic ? state.acc.confidence : null,
      seconds: state.acc.seconds,
    };
    state.history.push(record);
    state.epoch++;
    state.batch = 0;
    state.acc = emptyAcc();
    if (o.curriculum && state.stage < stages.length - 1) {
      state.stageEpochs++;
      if ((record.accuracy !== null && record.accuracy >= 0.99) || state.stageEpochs >= maxStageEpochs || record.accuracy === null) { state.stage++; state.stageEpochs = 0; }
    }
    hooks.onEpoch?.(record, state);
    if (state.epoch >= o.epochs) finishRestart(state, record, !o.curriculum || allowed === stages[stages.length - 1], init, o, hooks);
    hooks.onCheckpoint?.(state);
  }
  return state;
}

function finishRestart(state: TrainState, last: EpochRecord, complete: boolean, init: Float64Array, o: TrainOptions, hooks: TrainHooks): void {
  const b = state.best;
  const better = !b || (complete && !b.complete) || (complete === b.complete && last.loss < b.loss);
  if (better) state.best = { restart: state.restart, loss: last.loss, accuracy: last.accuracy, complete, params: Float64Array.from(state.params) };
  // a start that solved the task (every deterministic X bit right, and near-certain, on the whole set) ends
  // the search; accuracy alone would accept a θ a little off, whose X bits are right but not certain
  const solved = complete && last.accuracy === 1 && (last.confidence ?? 0) >= SOLVED_CONFIDENCE;
  if (solved || state.restart + 1 >= o.restarts) {
    state.params = Float64Array.from(state.best!.params);
    state.done = true;
    return;
  }
  state.restart++;
  state.epoch = 0;
  state.stage = 0;
  state.stageEpochs = 0;
  state.params = startParams(init, o, state.restart);
  state.adam = adamState(init.length);
  hooks.onRestart?.(state.restart, state);
}
