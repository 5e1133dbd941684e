// Differential tests of gate definitions through qsharp-lang (their own file: qsharp-lang is slow on
// controlled definitions, ~5 ms per shot here, and test files run in parallel).

import { describe, it } from "vitest";
import type { GateOp, UnitaryOp } from "../../src/ir/circuit.js";
import { add, div, mul, neg, num, sub } from "../../src/ir/expr.js";
import { inverseOf } from "../../src/ir/gates.js";
import { arg, bitsOut, call, circuit, ctrl, def, g, inv, measure, negctrl, param, pow } from "./helpers.js";
import { differential } from "./differential.js";

describe("differential: gate definitions on qsharp-lang vs the reference simulator", () => {
  it("controlled and inverted definitions with symbolic, lifted and out-of-range arguments", async () => {
    const a = arg(0), b = arg(1), t = arg(0);
    const rot = def("rot", ["a", "b"], ["x", "y"], [
      g("rx", [0], [a]), g("cx", [0, 1]), g("rz", [1], [sub(a, b)]), g("p", [0], [mul(num(2), a)]),
      g("ry", [0], [div(a, num(3))]), g("crz", [0, 1], [b]), g("rzz", [0, 1], [a]), g("U", [1], [a, b, 0.3]),
      g("gphase", [], [add(a, num(0.25))]), g("ry", [1], [b], [inv]), g("rz", [0], [a], [pow(2)]),
      g("rx", [0, 1], [sub(num(1), b)], [negctrl()]), g("sx", [1], [], [pow(div(a, num(4)))]),
    ]);
    const outer = def("outer", ["t"], ["q0", "q1", "q2"], [
      call(0, [0, 1, 2], [t, mul(num(2), t)], [ctrl()]), call(0, [1, 2], [add(t, num(1)), t], [inv]),
      g("ry", [0, 1, 2], [neg(t)], [ctrl(2)]), call(0, [2, 0], [mul(t, t), num(-1.5)], [pow(2)]),
    ]);
    const c = circuit({
      qubits: 4, bits: 4, defs: [rot, outer], params: [-2.7, 7.9],
      ops: [
        g("h", [0]), g("h", [1]), g("ry", [3], [1.0]),
        call(1, [0, 1, 2, 3], [param(0)], [ctrl()]),
        call(0, [3, 1, 2], [param(1), param(0)], [negctrl(), inv]),
        call(0, [2, 3], [mul(param(0), param(1)), 0.5]),
        g("h", [0]), g("h", [1]),
        ...[0, 1, 2, 3].map((q) => measure(q, q)),
      ],
      outputs: [bitsOut([0, 1, 2, 3])],
    });
    await differential(c, [-2.7, 7.9], 600);
    await differential(c, [3.3, -11.0], 400, ["full"]);
  });

  // A sharper check of phases: ctrl @ D(θ) followed by ctrl @ D⁻¹(θ), where D⁻¹ is written with the
  // negated arguments of gates.ts `inverseOf` (so the emitter reduces different angles), must leave every
  // control qubit in |+⟩ — any sign or phase slip shows up as a 1 after the final h.
  it("controlled D(θ)·D⁻¹(θ) is the identity for angles far outside [0, 2π)", async () => {
    const a = arg(0);
    const body: UnitaryOp[] = [
      g("rx", [0], [a]), g("ry", [1], [mul(num(2), a)]), g("rz", [0], [div(a, num(3))]), g("crx", [1, 0], [a]),
      g("rzz", [0, 1], [sub(a, num(1))]), g("ryy", [0, 1], [a]), g("U", [1], [a, neg(a), div(a, num(2))]),
      g("cu", [0, 1], [a, 0.5, mul(a, a), 1.25]), g("u3", [0], [mul(num(3), a), a, 2.0]), g("gphase", [], [a]),
    ];
    const inverse: UnitaryOp[] = [...body].reverse().flatMap((op) =>
      inverseOf((op as GateOp).name, op.args).map((x): GateOp => ({ kind: "gate", name: x.name, args: x.args, qubits: op.qubits, mods: [] })));
    const angles = [-7.5, -2.7, 0.4, 3.5, 9.9];
    const n = angles.length;
    const c = circuit({
      qubits: n + 2, bits: n, params: angles,
      defs: [def("d", ["a"], ["x", "y"], body), def("d_inv", ["a"], ["x", "y"], inverse)],
      ops: [
        g("ry", [n], [0.7]), g("ry", [n + 1], [1.9]), g("cx", [n, n + 1]),
        ...angles.flatMap((_, i) => [
          g("h", [i]), call(0, [i, n, n + 1], [param(i)], [ctrl()]), call(1, [i, n, n + 1], [param(i)], [ctrl()]), g("h", [i]),
        ]),
        ...angles.map((_, i) => measure(i, i)),
      ],
      outputs: [bitsOut(angles.map((_, i) => i))],
    });
    await differential(c, angles, 200);
  });

  it("symbolic and non-integer powers inside a controlled definition", async () => {
    await differential(circuit({
      qubits: 3, bits: 3, params: [0.37, -1.3],
      defs: [def("d", ["a"], ["x", "y"], [
        g("rx", [0], [0.7], [pow(arg(0))]), g("h", [0, 1], [], [ctrl(), pow(arg(0))]), g("iswap", [0, 1], [], [pow(arg(0))]),
      ])],
      ops: [
        g("h", [0]), g("ry", [1], [0.4]), call(0, [0, 1, 2], [param(0)], [ctrl()]), g("sx", [2], [], [pow(param(1))]),
        call(0, [1, 2], [param(1)], [pow(-2)]), g("h", [0]), measure(0, 0), measure(1, 1), measure(2, 2),
      ],
      outputs: [bitsOut([0, 1, 2])],
    }), [0.37, -1.3], 1000);
  });
});
