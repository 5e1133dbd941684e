// Gate forms that stay exact when a consumer reduces gate arguments mod 2π.
//
// OpenQASM 3 types gate parameters as `angle`, and qsharp-lang implements that literally: every gate
// argument becomes a fixed-point value in [0, 2π) before the gate runs (checked empirically:
// `ctrl @ rx(-2.0)` followed by `ctrl @ rx(2.0)` leaves a controlled −1). The half-angle rotations
// rx ry rz crx cry crz rxx ryy rzz cu(θ) are 4π-periodic, so θ and θ − 2π differ by a sign: a global
// phase when uncontrolled, a relative phase under `ctrl @` or inside a controlled gate definition. And
// qsharp's built-in `U` carries an extra phase e^{iθ/2} (its u2/u3/cu compensate, but bare `U` does not).
//
// The emitter keeps both readings (the spec's real-valued one and the mod-2π one) identical:
// - a numeric half-angle argument θ outside [0, 2π) with an odd number of turns is printed as θ mod 2π
//   plus an explicit compensating `gphase(π)` (or `p(π)` on the control of crx/cry/crz/cu) — only where
//   the sign is observable;
// - where the sign is observable and the argument is symbolic (inside a controlled gate definition),
//   the rotation is expanded into 2π-periodic pieces: rz(E) = gphase(−E/2)·p(E), rx = h·rz·h, ...
// - U, u2, u3 in such places become e^{iα}·rz·ry·rz (their exact ZYZ form).

import { NonFiniteValueError } from "./numbers.js";
import type { GateOp, Modifier } from "../../ir/circuit.js";
import { div, isNum, neg, num, type Expr } from "../../ir/expr.js";
import { extraDefinition, zyz } from "../../ir/gates.js";

export const TWO_PI = 2 * Math.PI;

/** θ = value + 2π·turns with value ∈ [0, 2π) (as doubles). */
export function wrapAngle(theta: number): { value: number; turns: number } {
  if (!Number.isFinite(theta)) throw new NonFiniteValueError(theta);
  let turns = Math.floor(theta / TWO_PI);
  let value = theta - turns * TWO_PI;
  if (value >= TWO_PI) { value -= TWO_PI; turns += 1; }
  if (value < 0) { value += TWO_PI; turns -= 1; }
  if (value >= TWO_PI) { value = 0; turns += 1; }
  if (value === 0) value = 0; // no −0
  if (turns === 0) turns = 0;
  return { value, turns };
}

/**
 * Gates whose first argument is a half angle: moving it by 2π flips the sign of the whole gate ("global")
 * or of its controlled block ("control": crx cry crz cu, whose operand 0 is the control).
 */
export const SIGN_PERIODIC: ReadonlyMap<string, "global" | "control"> = new Map([
  ["rx", "global"], ["ry", "global"], ["rz", "global"], ["rxx", "global"], ["ryy", "global"], ["rzz", "global"],
  ["crx", "control"], ["cry", "control"], ["crz", "control"], ["cu", "control"],
]);

/** Gates printed through their ZYZ form where phases matter. */
export const ZYZ_EXPANDED: ReadonlySet<string> = new Set(["U", "u2", "u3"]);

const gate = (name: string, args: readonly Expr[], qubits: readonly number[], mods: readonly Modifier[] = []): GateOp =>
  ({ kind: "gate", name, args, qubits, mods });

const CTRL1: Modifier = { k: "ctrl", n: 1, negative: false };
const isZero = (e: Expr) => isNum(e) && e.v === 0;

/**
 * 2π-safe pieces of a half-angle gate with a symbolic argument, on the base operands `b`
 * (applied in order; each piece still has to go through the emitter).
 */
export function expandHalfAngle(name: string, args: readonly Expr[], b: readonly number[]): GateOp[] {
  const e = args[0]!;
  switch (name) {
    case "rz": return [gate("gphase", [neg(div(e, num(2)))], []), gate("p", [e], [b[0]!])];
    case "rx": return [gate("h", [], [b[0]!]), gate("rz", [e], [b[0]!]), gate("h", [], [b[0]!])];
    case "ry": return [
      gate("sdg", [], [b[0]!]), gate("h", [], [b[0]!]), gate("rz", [e], [b[0]!]), gate("h", [], [b[0]!]), gate("s", [], [b[0]!]),
    ];
    case "rxx": case "ryy": case "rzz":
      return extraDefinition(name, args).map((it) =>
        gate(it.name, it.args, it.qubits.map((q) => b[q]!), (it.ctrl ?? 0) > 0 ? [{ k: "ctrl", n: it.ctrl!, negative: false }] : []));
    case "crx": case "cry": case "crz": return [gate(name.slice(1), [e], [b[0]!, b[1]!], [CTRL1])];
    // cu(θ, φ, λ, γ) a, b { p(γ) a; ctrl @ U(θ, φ, λ) a, b; }
    case "cu": return [gate("p", [args[3]!], [b[0]!]), gate("U", args.slice(0, 3), [b[0]!, b[1]!], [CTRL1])];
    default: throw new Error(`internal: no half-angle expansion for '${name}'`);
  }
}

/** U / u2 / u3 as rz(δ), ry(γ), rz(β), gphase(α) (exact; numeric zeros dropped). */
export function expandZyz(name: string, args: readonly Expr[], q: number): GateOp[] {
  const { alpha, beta, gamma, delta } = zyz(name, args);
  const out: GateOp[] = [];
  if (!isZero(delta)) out.push(gate("rz", [delta], [q]));
  if (!isZero(gamma)) out.push(gate("ry", [gamma], [q]));
  if (!isZero(beta)) out.push(gate("rz", [beta], [q]));
  if (!isZero(alpha)) out.push(gate("gphase", [alpha], []));
  return out;
}
