// Differential tests through qsharp-lang (see differential.ts for the statistical check), and the
// qsharp-lang behaviour the emitter relies on (see the findings in test/support/qsharp.ts).

import { describe, expect, it } from "vitest";
import { emitQasm3 } from "../../src/emit/qasm3/emit.js";
import { histogram, parseQsharpValue, qsharpHir, reportedNames, runQasm, valueString } from "../support/qsharp.js";
import { add, mul, neg, num, sub, type Expr } from "../../src/ir/expr.js";
import { arg, bitsOut, call, circuit, ctrl, def, g, ifOp, inv, measure, negctrl, param, pow, reset } from "./helpers.js";
import { differential } from "./differential.js";

describe("differential: emitted OpenQASM 3 on qsharp-lang vs the reference simulator", () => {
  it("Bell pair", async () => {
    await differential(circuit({
      qubits: 2, bits: 2,
      ops: [g("h", [0]), g("cx", [0, 1]), measure(0, 0), measure(1, 1)],
      outputs: [bitsOut([0, 1])],
    }));
  });

  it("GHZ with rotations, negative and large angles, mixed scalar and array outputs", async () => {
    await differential(circuit({
      qubits: 5, bits: 5,
      ops: [
        g("ry", [0], [0.9]), g("cx", [0, 1]), g("cx", [1, 2]), g("rz", [2], [-2.2]), g("crx", [1, 3], [-2.5]),
        g("ry", [4], [4.0]), g("cry", [0, 4], [9.5]), g("crz", [4, 3], [-7.0]), g("h", [4]),
        ...[0, 1, 2, 3, 4].map((q) => measure(q, q)),
      ],
      outputs: [bitsOut([0, 1, 2]), bitsOut([3]), bitsOut([4], true)],
    }));
  });

  it("mid-circuit measurement, if / else on conjunctions, scratch bits", async () => {
    await differential(circuit({
      qubits: 3, bits: 4,
      ops: [
        g("h", [0]), measure(0, 0),
        ifOp([[0, true]], [g("x", [1])], [g("h", [2])]),
        g("ry", [1], [0.8]), measure(1, 1),
        ifOp([[0, true], [1, false]], [g("x", [2])], [g("ry", [2], [1.1])]),
        ifOp([[0, false], [1, true]], [], [g("h", [0])]),
        g("h", [0]), measure(0, 3),
        ifOp([[3, true]], [g("ry", [2], [-0.6]), ifOp([[1, true]], [g("x", [2])])]),
        measure(2, 2),
      ],
      outputs: [bitsOut([0, 1, 2])],
    }));
  });

  it("reset, also inside a branch", async () => {
    await differential(circuit({
      qubits: 3, bits: 4,
      ops: [
        g("h", [0]), g("cx", [0, 1]), reset(0), g("ry", [0], [0.7]), measure(0, 0), measure(1, 1),
        g("h", [2]), measure(2, 2), ifOp([[2, true]], [reset(2), g("rx", [2], [2.0])]), measure(2, 3),
      ],
      outputs: [bitsOut([0]), bitsOut([1]), bitsOut([2, 3])],
    }));
  });

  it("expect outputs (X, Y and Z factors) sampled by measurement", async () => {
    await differential(circuit({
      qubits: 4, bits: 1,
      ops: [
        g("ry", [0], [0.7]), g("h", [1]), g("cx", [1, 2]), g("rx", [2], [0.4]), g("s", [1]), g("ry", [3], [2.1]),
        g("rz", [3], [0.9]), measure(0, 0), { kind: "expect", output: 1 }, { kind: "expect", output: 2 },
      ],
      outputs: [bitsOut([0]), { kind: "expect", step: 0, factors: [{ pauli: "X", qubit: 1 }, { pauli: "Y", qubit: 2 }] },
        { kind: "expect", step: 0, factors: [{ pauli: "X", qubit: 3 }] }],
    }));
  });

  it("qseq extra gates and non-integer powers, plain and controlled", async () => {
    await differential(circuit({
      qubits: 4, bits: 4,
      ops: [
        g("h", [0]), g("ry", [1], [0.6]), g("ry", [2], [1.9]), g("h", [3]),
        g("sxdg", [1]), g("sxdg", [2], [], [ctrl()].slice(0, 0)), g("sxdg", [0, 1], [], [ctrl()]),
        g("rxx", [1, 2], [-1.3]), g("rxx", [0, 1, 2], [-1.3], [ctrl()]),
        g("ryy", [1, 2], [5.1]), g("ryy", [3, 1, 2], [5.1], [negctrl()]),
        g("rzz", [1, 2], [0.7]), g("rzz", [0, 2, 1], [-8.0], [ctrl()]),
        g("iswap", [1, 2]), g("iswap", [0, 2, 1], [], [ctrl()]), g("ccz", [0, 1, 2]), g("ccz", [3, 0, 1, 2], [], [ctrl()]),
        g("x", [1], [], [pow(0.5)]), g("ry", [2], [1.2], [pow(0.3)]), g("h", [0, 1], [], [ctrl(), pow(0.5)]),
        g("s", [3, 2], [], [ctrl(), pow(-0.5)]), g("rz", [0, 1], [2.0], [ctrl(), inv, pow(1.5)]),
        g("h", [0]), g("h", [3]),
        ...[0, 1, 2, 3].map((q) => measure(q, q)),
      ],
      outputs: [bitsOut([0, 1, 2, 3])],
    }));
  });

  it("U, u2, u3, cu and gphase under controls with angles outside [0, 2π)", async () => {
    await differential(circuit({
      qubits: 3, bits: 3,
      ops: [
        g("h", [0]), g("h", [1]),
        g("U", [0, 2], [-1.0, 2.0, 7.0], [ctrl()]), g("u3", [1, 2], [8.0, -3.0, 1.0], [ctrl()]),
        g("u2", [0, 2], [-4.0, 6.5], [negctrl()]), g("cu", [1, 2], [-3.0, 1.0, -2.0, 0.5]),
        g("U", [2], [2.5, -1.0, 0.25]), g("gphase", [0], [-2.0], [ctrl()]), g("gphase", [], [1.0]),
        g("U", [1, 2], [-1.0, 2.0, 7.0], [ctrl(), inv]), g("u3", [0, 2], [1.0, 2.0, 3.0], [ctrl(), pow(-2)]),
        g("h", [0]), g("h", [1]),
        ...[0, 1, 2].map((q) => measure(q, q)),
      ],
      outputs: [bitsOut([0, 1, 2])],
    }));
  });

  it("angle arithmetic printed inside gate bodies (sums, negation, integer multiples, constants)", async () => {
    const [a, b] = [arg(0), arg(1)];
    const forms: Expr[] = [
      add(a, num(0.5)), sub(num(0.5), a), mul(num(2), a), mul(a, num(-3)), mul(num(-3), b), neg(sub(a, b)),
      add(mul(num(3), a), neg(b)), sub(a, num(-7.25)),
    ];
    const d = def("forms", ["a", "b"], ["x", "y"], forms.map((e, i) => g("p", [i % 2], [e])).concat([g("cp", [0, 1], [add(a, b)])]));
    await differential(circuit({
      qubits: 3, bits: 3, defs: [d], params: [-4.1, 9.3],
      ops: [g("h", [0]), g("h", [1]), g("h", [2]), call(0, [2, 0, 1], [param(0), param(1)], [ctrl()]), g("h", [0]), g("h", [1]), g("h", [2]),
        measure(0, 0), measure(1, 1), measure(2, 2)],
      outputs: [bitsOut([0, 1, 2])],
    }), [-4.1, 9.3], 1000, ["full"]);
  });
});

describe("qsharp-lang behaviour the emitter relies on", () => {
  const prog = (body: string, decls = "") =>
    `OPENQASM 3.0;\ninclude "stdgates.inc";\n${decls}qubit[2] q;\noutput bit[2] o;\n${body}\no[0] = measure q[0];\no[1] = measure q[1];\n`;

  it("rejects an integer literal where an angle is expected, accepts 1.0", async () => {
    await expect(runQasm(prog("rx(1) q[0];"), 1)).rejects.toThrow(/cannot cast/);
    await expect(runQasm(prog("rx(1.0) q[0];"), 1)).resolves.toBeDefined();
  });

  it("cannot run programs with input declarations", async () => {
    await expect(runQasm(prog("rx(th) q[0];", "input float[64] th;\n"), 1)).rejects.toThrow(/entry point/);
  });

  it("accepts pow(k) only for integer k", async () => {
    await expect(runQasm(prog("pow(0.5) @ x q[0];"), 1)).rejects.toThrow(/expected Int/);
    await expect(runQasm(prog("pow(2) @ x q[0]; pow(-1) @ s q[1];"), 1)).resolves.toBeDefined();
  });

  it("reduces gate angles mod 2π (a controlled rx(-2)·rx(2) is a controlled −1)", async () => {
    const run = await runQasm(prog("h q[0];\nctrl @ rx(-2.0) q[0], q[1];\nctrl @ rx(2.0) q[0], q[1];\nh q[0];"), 50);
    expect([...histogram(run)]).toEqual([["10", 50]]);
  });

  it("implements U(θ, φ, λ) as the spec's matrix times e^{iθ/2}", async () => {
    // ctrl @ U(π, 0, π) = ctrl @ (i·X): after ctrl @ x, a controlled i (an S) that sdg undoes
    const run = await runQasm(prog("h q[0];\nctrl @ U(pi, 0.0, pi) q[0], q[1];\nctrl @ x q[0], q[1];\nsdg q[0];\nh q[0];"), 50);
    expect([...histogram(run)]).toEqual([["00", 50]]);
  });

  it("reports outputs in declaration order (single output bare, several as a tuple)", async () => {
    expect(reportedNames("output bit a;\nbit[2] m;\noutput bit[3] b; // c\ngate g x { }\n")).toEqual(["a", "b"]);
    expect(reportedNames("bit[2] m;\nbool f = true;\n")).toEqual(["m", "f"]);
    expect(parseQsharpValue("([Zero, One], One, true, 3, -0.5)")).toEqual({
      k: "tuple", items: [
        { k: "array", items: [{ k: "result", one: false }, { k: "result", one: true }] },
        { k: "result", one: true }, { k: "bool", v: true }, { k: "number", text: "3" }, { k: "number", text: "-0.5" },
      ],
    });
    expect(valueString(parseQsharpValue("[One, Zero, One]"))).toBe("101");
    const run = await runQasm("OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[2] q;\noutput bit a;\noutput bit[2] b;\nx q[1];\nb[1] = measure q[1];\n", 3);
    expect(run.names).toEqual(["a", "b"]);
    expect(run.shots).toEqual([["0", "01"], ["0", "01"], ["0", "01"]]);
  });

  it("compiles to HIR", async () => {
    const c = circuit({ qubits: 2, bits: 2, ops: [g("h", [0]), g("cx", [0, 1]), measure(0, 0), measure(1, 1)], outputs: [bitsOut([0, 1])] });
    const hir = await qsharpHir(emitQasm3(c, { profile: "full" }));
    expect(hir).toContain("Package");
  });
});
