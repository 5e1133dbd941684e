// Gate fusion, planned once at compile time (the fused numbers are computed at bind time).
//
// Input: a run of classified gates between fusion barriers (measure, reset, if, expect). Output: the same
// operator as a shorter list of "emits":
//   - `one`:  a single gate, simulated by its own kernel;
//   - `run1`: a run of uncontrolled 1-qubit gates on one qubit → one 2×2 matrix;
//   - `diag`: a block of diagonal gates (any qubits, any controls; they all commute) → one phase table over
//             the union of their qubits (at most `maxDiagQubits`);
//   - `pair`: two 1-qubit runs on different qubits applied in one sweep.
// Diagonal gates accumulate in one pending block D of any width; when D is emitted it is partitioned into
// tables and single gates by a cost model (`partitionDiagonal`): sparse phase gates (a hyperedge touches 1/8
// of the amplitudes) are cheap on their own, so a table is used only where it replaces enough of them.
//
// The planner keeps a pending 1-qubit product P[q] per qubit and one pending diagonal block D, with the
// invariant  (gates seen) = (⊗_q P[q]) · D · (emitted)  — D acts before the P[q]. A new gate G:
//   - uncontrolled 1-qubit on q: P[q] ← G·P[q]; a diagonal one with P[q] empty joins D instead (it then
//     commutes with every P);
//   - diagonal on qubits S: the P[q] for q ∈ S are emitted first (after D, if D shares their qubit), then G
//     joins D;
//   - anything else on qubits T: D is emitted if it shares a qubit with T, then the P[q] for q ∈ T, then G.
// A barrier emits D, then every P[q].

import type { GateItem } from "./gatekinds.js";

export type Emit =
  | { readonly type: "one"; readonly item: GateItem }
  | { readonly type: "run1"; readonly qubit: number; readonly items: readonly GateItem[] }
  /** Two 1-qubit runs on different qubits, applied in one sweep. */
  | { readonly type: "pair"; readonly a: { readonly qubit: number; readonly items: readonly GateItem[] }; readonly b: { readonly qubit: number; readonly items: readonly GateItem[] } }
  | { readonly type: "diag"; readonly qubits: readonly number[]; readonly items: readonly GateItem[] };

export interface FusionOptions {
  /** Largest support of a fused diagonal block (its phase table has 2^k entries). */
  readonly maxDiagQubits: number;
  readonly numQubits: number;
}

/**
 * Estimated cost of a diagonal gate's own kernel, in sweeps of the state (the table kernel of a fused
 * block costs about TABLE_COST; measured on the benchmark machine). Phase gates touch only the amplitudes
 * where their condition holds (2^−m of them for m condition bits), at a higher cost per amplitude when the
 * runs are short.
 */
export function diagonalCost(g: GateItem): number {
  const bits = g.kind === "phase" ? g.qubits.length : g.controls.length;
  const lowest = Math.min(...g.qubits, 99);
  const frac = 2 ** -bits;
  if (g.kind === "phase" || g.kind === "scalar") return Math.min(1.2, frac * (lowest < 2 ? 4.8 : 2.4));
  if (g.kind === "diag1") return Math.min(1.5, frac * 1.5);
  return TABLE_COST; // a general diagonal is a table anyway
}
export const TABLE_COST = 2.0;
/** A pending diagonal block is partitioned once it holds this many gates (bounds the planning work). */
const MAX_PENDING_DIAGONAL = 256;

/**
 * Partitions a set of commuting diagonal gates into phase tables over at most `k` qubits and single gates:
 * a table is grown greedily (each step adds the gate with the best own-cost per new qubit), takes every
 * gate inside its qubits, and is kept only when those gates' own kernels would cost more than the table.
 */
export function partitionDiagonal(items: readonly GateItem[], k: number): Emit[] {
  const out: Emit[] = [];
  let rest = items.map((g) => ({ g, cost: diagonalCost(g), mask: g.qubits.reduce((m, q) => m | (1 << q), 0), size: g.qubits.length }));
  const popcount = (x: number) => { let c = 0; for (; x; x &= x - 1) c++; return c; };
  while (rest.length > 1) {
    if (rest.reduce((sum, r) => sum + r.cost, 0) <= TABLE_COST) break;
    let S = 0, size = 0;
    for (;;) {
      let best = -1, bestScore = 0;
      for (let i = 0; i < rest.length; i++) {
        const r = rest[i]!;
        if ((r.mask & ~S) === 0) continue;
        const add = popcount(r.mask & ~S);
        if (size + add > k) continue;
        const score = r.cost / add;
        if (score > bestScore) { bestScore = score; best = i; }
      }
      if (best < 0) break;
      S |= rest[best]!.mask;
      size = popcount(S);
    }
    const inside = rest.filter((r) => (r.mask & ~S) === 0);
    if (inside.length < 2 || inside.reduce((sum, r) => sum + r.cost, 0) <= TABLE_COST) break;
    const qubits: number[] = [];
    for (let q = 0; q < 31; q++) if ((S >>> q) & 1) qubits.push(q);
    out.push({ type: "diag", qubits, items: inside.map((r) => r.g) });
    rest = rest.filter((r) => (r.mask & ~S) !== 0);
  }
  for (const r of rest) out.push({ type: "one", item: r.g });
  return out;
}

const isOneQubit = (g: GateItem) => g.controls.length === 0 && g.targets.length === 1;

/** Plans the fusion of a barrier-free run of gates (in circuit order). */
export function planFusion(items: readonly GateItem[], opts: FusionOptions): Emit[] {
  const out: Emit[] = [];
  const pend = new Map<number, GateItem[]>();
  let dItems: GateItem[] = [];
  let dQubits = new Set<number>();

  const flushQ = (q: number) => {
    const run = pend.get(q);
    if (!run) return;
    pend.delete(q);
    // pair it with another pending run that may move ahead of D (its qubit is not in D): one sweep for two
    // runs. A run of one permutation or diagonal gate keeps its own cheaper kernel.
    const dense = (r: readonly GateItem[]) => r.length > 1 || (r[0]!.kind === "dense1");
    if (dense(run)) {
      let partner = -1;
      for (const [p, r] of pend) {
        if (dQubits.has(p) || !dense(r)) continue;
        if (partner < 0 || Math.abs(p - q) < Math.abs(partner - q)) partner = p;
      }
      if (partner >= 0) {
        const other = pend.get(partner)!;
        pend.delete(partner);
        out.push({ type: "pair", a: { qubit: q, items: run }, b: { qubit: partner, items: other } });
        return;
      }
    }
    out.push(run.length === 1 ? { type: "one", item: run[0]! } : { type: "run1", qubit: q, items: run });
  };
  const flushD = () => {
    if (dItems.length === 0) return;
    out.push(...partitionDiagonal(dItems, opts.maxDiagQubits));
    dItems = [];
    dQubits = new Set();
  };
  const addDiag = (g: GateItem) => {
    const conflicts = g.qubits.filter((q) => pend.has(q));
    if (conflicts.length > 0) {
      if (conflicts.some((q) => dQubits.has(q))) flushD();
      for (const q of conflicts) flushQ(q);
    }
    // G commutes with D and with every pending run left: a gate too wide for any table goes out now
    if (g.qubits.length > opts.maxDiagQubits) { out.push({ type: "one", item: g }); return; }
    if (dItems.length >= MAX_PENDING_DIAGONAL) flushD();
    for (const q of g.qubits) dQubits.add(q);
    dItems.push(g);
  };

  for (const g of items) {
    if (isOneQubit(g)) {
      const q = g.targets[0]!;
      const run = pend.get(q);
      if (g.diagonal && !run) { addDiag(g); continue; }
      if (run) run.push(g);
      else pend.set(q, [g]);
      continue;
    }
    if (g.diagonal) { addDiag(g); continue; }
    if (g.qubits.some((q) => dQubits.has(q))) flushD();
    for (const q of g.qubits) flushQ(q);
    out.push({ type: "one", item: g });
  }
  flushD();
  for (const q of [...pend.keys()]) flushQ(q);
  return out;
}

/** Without fusion: every gate on its own. */
export function noFusion(items: readonly GateItem[]): Emit[] {
  return items.map((item) => ({ type: "one", item }));
}
