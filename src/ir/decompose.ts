// Lowering to the portable gate set: `decomposeToStdgates` rewrites a circuit so that it only uses gates
// declared by OpenQASM 3 `stdgates.inc` (STDGATE_OUTPUT: p x y z h s sdg t tdg sx rx ry rz cx cy cz cp crx
// cry crz ch swap ccx cswap cu id u1 u2 u3) with no modifiers and no definitions.
//
// The result equals the input up to a global phase of the whole circuit: uncontrolled `gphase` is
// dropped (also inside a classical `if`, where it is a phase of that branch's state only), while every
// phase under a control is kept exactly. Angles stay symbolic.
//
// Method (after `flatten`):
// - qseq extras use their exact stdgates definitions (EXTRA_DEFINITIONS);
// - negative controls: `x` before and after;
// - controlled stdgates (cx, ccx, cu, …) under further controls are first rewritten as `ctrl(k) @ base`;
// - one control: the stdgates controlled forms (cx cy cz ch cp crx cry crz cswap, otherwise `cu` from the
//   gate's ZYZ form); two controls on x: ccx;
// - multi-controlled phases C^m·P(λ) on m+1 qubits via the phase polynomial
//     λ·x_0·…·x_m = λ/2^m · Σ_{∅≠S} (−1)^{|S|−1} ⊕_{i∈S} x_i
//   realised with cx + p in Gray-code order (exact, no ancillas);
// - C^m X = h · C^m Z · h (m ≥ 3);
// - a general multi-controlled 1-qubit U = e^{iα}·Rz(β)Ry(γ)Rz(δ):
//     C^m U = C^m gphase(α) · A · C^m X · B · C^m X · C,
//     A = Rz(β)Ry(γ/2), B = Ry(−γ/2)Rz(−(δ+β)/2), C = Rz((δ−β)/2);
// - 2-qubit bases under control: the conjugation structure of their definitions, so only the middle
//   rotation is controlled (C(V·W·V†) = V·C(W)·V†).
// More than MAX_CONTROLS controls on one gate is an Error.

import { nestedBlocks, withNestedBlocks, type Circuit, type GateOp, type Op } from "./circuit.js";
import { add, div, isNum, mul, neg, num, sub, type Expr } from "./expr.js";
import { controlledForm, extraDefinition, EXTRA_DEFINITIONS, STDGATE_OUTPUT, zyz } from "./gates.js";
import { controlsOf, flatten } from "./flatten.js";
import type { Span } from "../syntax/span.js";

/** The largest number of controls one gate may carry into `decomposeToStdgates`. */
export const MAX_CONTROLS = 12;

export function decomposeToStdgates(c: Circuit): Circuit {
  const flat = flatten(c);
  return { ...flat, ops: lowerOps(flat.ops) };
}

function lowerOps(ops: readonly Op[]): Op[] {
  const out: Op[] = [];
  for (const op of ops) {
    if (op.kind === "gate") out.push(...lowerGate(op));
    else if (nestedBlocks(op).length > 0) out.push(withNestedBlocks(op, nestedBlocks(op).map(lowerOps)));
    else if (op.kind === "call") throw new Error("decomposeToStdgates: unexpected call after flatten");
    else out.push(op);
  }
  return out;
}

/** Lowers one normal-form GateOp (only ctrl modifiers) to modifier-free stdgates. */
export function lowerGate(op: GateOp): GateOp[] {
  const controls = controlsOf(op);
  const base = op.qubits.slice(controls.length);
  const em = new Emitter(op.src);
  const negs = controls.filter((c) => c.negative).map((c) => c.qubit);
  for (const q of negs) em.gate("x", [], [q]);
  em.controlled(controls.map((c) => c.qubit), op.name, op.args, base);
  for (const q of negs) em.gate("x", [], [q]);
  return em.out;
}

const half = (e: Expr) => div(e, num(2));
const isZero = (e: Expr) => isNum(e) && e.v === 0;
const PI = num(Math.PI);

class Emitter {
  readonly out: GateOp[] = [];
  constructor(private readonly src: Span | undefined) {}

  gate(name: string, args: readonly Expr[], qubits: readonly number[]): void {
    if (!STDGATE_OUTPUT.has(name)) throw new Error(`internal: '${name}' is not a stdgates output gate`);
    const op: GateOp = { kind: "gate", name, args, qubits, mods: [] };
    this.out.push(this.src ? { ...op, src: this.src } : op);
  }

  /** A rotation, skipped when its angle is the number 0 (then it is exactly the identity). */
  rot(name: "rx" | "ry" | "rz", angle: Expr, q: number): void {
    if (!isZero(angle)) this.gate(name, [angle], [q]);
  }

  /** `ctrl(cs.length) @ name(args) qs` with positive controls `cs`. */
  controlled(cs: readonly number[], name: string, args: readonly Expr[], qs: readonly number[]): void {
    if (name === "CX") name = "cx";
    else if (name === "phase") name = "p";
    else if (name === "cphase") name = "cp";

    if (cs.length > 0) {
      const split = controlledForm(name, args);
      if (split) {
        const cs2 = [...cs, ...qs.slice(0, split.ctrls)];
        const rest = qs.slice(split.ctrls);
        for (const it of split.body) this.controlled(cs2, it.name, it.args, it.qubits.map((i) => rest[i]!));
        return;
      }
    }
    const m = cs.length;
    if (m > MAX_CONTROLS) {
      throw new Error(`decomposeToStdgates: '${name}' with ${m} controls; at most ${MAX_CONTROLS} controls are supported`);
    }

    if (m === 0) {
      if (name === "gphase") return; // a global phase (of this branch)
      if (name === "U") { this.gate("u3", args, qs); return; } // U = gphase((φ+λ)/2)·u3
      if (STDGATE_OUTPUT.has(name)) { this.gate(name, args, qs); return; }
      if (EXTRA_DEFINITIONS.has(name)) {
        for (const it of extraDefinition(name, args)) this.controlled([], it.name, it.args, it.qubits.map((i) => qs[i]!));
        return;
      }
      throw new Error(`decomposeToStdgates: unknown gate '${name}'`);
    }

    const t = qs[0]!;
    const a0 = args[0]!;
    switch (name) {
      case "gphase": this.mcphase(a0, cs); return;
      case "id": return;
      case "p": case "u1": this.mcphase(a0, [...cs, t]); return;
      case "z": this.mcphase(PI, [...cs, t]); return;
      case "s": this.mcphase(num(Math.PI / 2), [...cs, t]); return;
      case "sdg": this.mcphase(num(-Math.PI / 2), [...cs, t]); return;
      case "t": this.mcphase(num(Math.PI / 4), [...cs, t]); return;
      case "tdg": this.mcphase(num(-Math.PI / 4), [...cs, t]); return;
      case "rz":
        if (m === 1) { this.gate("crz", [a0], [cs[0]!, t]); return; }
        // rz(θ) = gphase(−θ/2)·p(θ)
        this.mcphase(neg(half(a0)), cs);
        this.mcphase(a0, [...cs, t]);
        return;
      case "x": this.mcx(cs, t); return;
      case "y": if (m === 1) { this.gate("cy", [], [cs[0]!, t]); return; } break;
      case "h": if (m === 1) { this.gate("ch", [], [cs[0]!, t]); return; } break;
      case "rx": if (m === 1) { this.gate("crx", [a0], [cs[0]!, t]); return; } break;
      case "ry": if (m === 1) { this.gate("cry", [a0], [cs[0]!, t]); return; } break;
      case "U": if (m === 1) { this.gate("cu", [...args, num(0)], [cs[0]!, t]); return; } break;
      case "swap": {
        const [a, b] = [qs[0]!, qs[1]!];
        if (m === 1) { this.gate("cswap", [], [cs[0]!, a, b]); return; }
        this.gate("cx", [], [b, a]);
        this.mcx([...cs, a], b);
        this.gate("cx", [], [b, a]);
        return;
      }
      case "rzz": case "rxx": case "ryy": {
        const [a, b] = [qs[0]!, qs[1]!];
        const pre = (ang: number) => {
          if (name === "rxx") { this.gate("h", [], [a]); this.gate("h", [], [b]); }
          if (name === "ryy") { this.gate("rx", [num(ang)], [a]); this.gate("rx", [num(ang)], [b]); }
        };
        pre(Math.PI / 2);
        this.gate("cx", [], [a, b]);
        this.controlled(cs, "rz", [a0], [b]);
        this.gate("cx", [], [a, b]);
        pre(-Math.PI / 2);
        return;
      }
      case "iswap": // iswap = rxx(−π/2)·ryy(−π/2) (commuting)
        this.controlled(cs, "rxx", [num(-Math.PI / 2)], qs);
        this.controlled(cs, "ryy", [num(-Math.PI / 2)], qs);
        return;
      default:
        break;
    }
    if (qs.length !== 1) throw new Error(`decomposeToStdgates: no controlled decomposition for '${name}'`);
    this.controlledOneQubit(cs, name, args, t);
  }

  /** ctrl(m) @ g for a 1-qubit gate g through its exact ZYZ form. */
  private controlledOneQubit(cs: readonly number[], name: string, args: readonly Expr[], t: number): void {
    const { alpha, beta, gamma, delta } = zyz(name, args);
    if (cs.length === 1) {
      // e^{iα}·Rz(β)Ry(γ)Rz(δ) = e^{i(α − (β+δ)/2)}·U(γ, β, δ)
      this.gate("cu", [gamma, beta, delta, sub(alpha, half(add(beta, delta)))], [cs[0]!, t]);
      return;
    }
    this.mcphase(alpha, cs);
    this.rot("rz", half(sub(delta, beta)), t); // C
    this.mcx(cs, t);
    this.rot("rz", neg(half(add(delta, beta))), t); // B
    this.rot("ry", neg(half(gamma)), t);
    this.mcx(cs, t);
    this.rot("ry", half(gamma), t); // A
    this.rot("rz", beta, t);
  }

  /** C^m X with controls cs onto t. */
  private mcx(cs: readonly number[], t: number): void {
    if (cs.length === 1) this.gate("cx", [], [cs[0]!, t]);
    else if (cs.length === 2) this.gate("ccx", [], [cs[0]!, cs[1]!, t]);
    else {
      this.gate("h", [], [t]);
      this.mcphase(PI, [...cs, t]);
      this.gate("h", [], [t]);
    }
  }

  /**
   * The phase e^{iλ} on |1…1⟩ of the qubits qs (symmetric in them): p for one qubit, cp for two, else
   * the Gray-code phase polynomial. For anchor a, the subsets S with max element a are visited in Gray
   * order of S∖{a}, so qubit qs[a] holds x_a ⊕ parity(S∖{a}) after one cx per step; p(±λ/2^{k−1}) then adds
   * the phase of that parity; a final cx restores qs[a].
   */
  mcphase(lambda: Expr, qs: readonly number[]): void {
    const k = qs.length;
    if (isZero(lambda)) return;
    if (k === 1) { this.gate("p", [lambda], [qs[0]!]); return; }
    if (k === 2) { this.gate("cp", [lambda], [qs[0]!, qs[1]!]); return; }
    const scale = 1 / 2 ** (k - 1);
    const angle = (size: number) => mul(lambda, num(size % 2 === 1 ? scale : -scale));
    for (let a = 0; a < k; a++) {
      const target = qs[a]!;
      let prev = 0;
      for (let j = 0; j < 1 << a; j++) {
        const gray = j ^ (j >> 1);
        if (j > 0) {
          const changed = Math.log2(gray ^ prev);
          this.gate("cx", [], [qs[changed]!, target]);
        }
        this.gate("p", [angle(popcount(gray) + 1)], [target]);
        prev = gray;
      }
      if (a > 0) this.gate("cx", [], [qs[a - 1]!, target]); // last Gray code is 1 << (a−1)
    }
  }
}

function popcount(x: number): number {
  let n = 0;
  for (; x; x &= x - 1) n++;
  return n;
}
