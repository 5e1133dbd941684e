import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Circuit, Op } from "../../src/ir/circuit.js";
import { buildCircuit } from "../../src/pipeline.js";

const tokens = (text: string) => ({ tokens: { text, file: "<tokens>" } });

function build(file: string, opts: Parameters<typeof buildCircuit>[1]): Circuit {
  const r = buildCircuit(file, opts);
  const errors = r.diagnostics.filter((d) => d.severity === "error");
  expect(errors.map((d) => `${d.code} ${d.message}`)).toEqual([]);
  return r.circuit!;
}

function inline(src: string, opts: Parameters<typeof buildCircuit>[1] = {}) {
  return buildCircuit("test/inline.qseq", { ...opts, entryText: src });
}

const countKind = (ops: readonly Op[], kind: Op["kind"]): number =>
  ops.reduce((n, op) => n + (op.kind === kind ? 1 : 0) + (op.kind === "if" ? countKind(op.then, kind) + countKind(op.else, kind) : 0), 0);

describe("elaborating the k-HRNN", () => {
  const c = build("examples/khrnn.qseq", { tokens: { text: readFileSync("examples/khrnn.tokens", "utf8"), file: "examples/khrnn.tokens" } });

  it("numbers qubits, params and outputs", () => {
    expect(c.numQubits).toBe(6);
    expect(c.params.map((p) => `${p.name}${p.index.length ? `[${p.index}]` : ""}=${p.init.toFixed(3)}`)).toEqual(
      ["theta=3.142", ...Array.from({ length: 6 }, (_, i) => `phi[${i}]=0.000`)]);
    expect(c.steps).toBe(15);
    expect(c.outputs).toHaveLength(6);
    expect(c.outputs.map((o) => o.step)).toEqual([9, 10, 11, 12, 13, 14]);
  });

  it("emits one gate definition for the hyperedge cell and one call per edge, symbolic in theta", () => {
    expect(c.defs.map((d) => d.name)).toEqual(["hyperedge_3"]);
    const calls = c.ops.filter((o) => o.kind === "call");
    expect(calls).toHaveLength(9);
    for (const call of calls) expect(call.kind === "call" && call.args).toEqual([{ k: "param", id: 0 }]);
    expect(c.defs[0]!.body).toEqual([{ kind: "gate", name: "p", args: [{ k: "arg", index: 0 }], qubits: [0, 1, 2], mods: [{ k: "ctrl", n: 2, negative: false }], src: expect.anything() }]);
  });

  it("keeps the read-out angle symbolic in phi", () => {
    const rz = c.ops.filter((o) => o.kind === "gate" && o.name === "rz");
    expect(rz).toHaveLength(1);
    expect(rz[0]!.kind === "gate" && rz[0]!.args[0]).toEqual({ k: "neg", a: { k: "param", id: 4 } });
  });

  it("gives every measurement its own bit", () => {
    expect(countKind(c.ops, "measure")).toBe(6);
    expect(c.numBits).toBe(6);
  });
});

describe("elaborating the QRNN", () => {
  const c = build("examples/qrnn.qseq", { inputs: { text: readFileSync("examples/qrnn.inputs.json", "utf8"), file: "examples/qrnn.inputs.json" } });

  it("records inputs by value and keeps them symbolic in angles", () => {
    const json = JSON.parse(readFileSync("examples/qrnn.inputs.json", "utf8")) as number[][] | { x: number[][] };
    const steps = Array.isArray(json) ? json : json.x;
    expect(c.inputs.map((i) => i.value)).toEqual(steps.flat());
    expect(c.outputs.every((o) => o.kind === "expect")).toBe(true);
    expect(c.outputs).toHaveLength(steps.length);
  });

  it("resets the fresh register at the start of every step", () => {
    const fresh = c.registers.find((r) => r.role === "fresh")!;
    const resets = c.ops.filter((o) => o.kind === "reset" && o.qubit >= fresh.offset);
    expect(resets).toHaveLength(fresh.size * c.steps);
  });
});

describe("elaboration semantics", () => {
  const model = (body: string, decls = "") => `${decls}\nmodel m<n: int = 3> { tokens { A B(i: 0..n) } hidden h: qubit[n]; ${body} }`;

  it("broadcasts gates over registers and expands registers into multi-qubit operands", () => {
    const r = inline(model("step(t) { h h; cz h[0..2]; ctrl(2) @ x h; }"), tokens("A"));
    const gates = r.circuit!.ops.filter((o) => o.kind === "gate");
    expect(gates.map((g) => g.kind === "gate" && `${g.name}${JSON.stringify(g.qubits)}`)).toEqual(["h[0]", "h[1]", "h[2]", "cz[0,1]", "x[0,1,2]"]);
  });

  it("lowers a measured-bit condition to a runtime if", () => {
    const r = inline(model("step(t) -> bit { let b = measure h[0]; if (b && !measure h[1]) { x h[2]; } else { z h[2]; } emit b; }"), tokens("A"));
    const ifs = r.circuit!.ops.filter((o) => o.kind === "if");
    expect(ifs).toHaveLength(1);
    expect(ifs[0]!.kind === "if" && ifs[0]!.when).toEqual([{ bit: 0, value: true }, { bit: 1, value: false }]);
  });

  it("creates one gate definition per cell signature", () => {
    const cells = "cell ring on q: qubit[] { for i in 0..len(q) - 1 { cz q[i], q[i + 1]; } }";
    const r = inline(model("step(t) { ring h; ring h[0..2]; ring h; }", cells), tokens("A"));
    expect(r.circuit!.defs.map((d) => `${d.name}:${d.qubitNames.length}`)).toEqual(["ring_3:3", "ring_2:2"]);
  });

  it("validates tokens against the alphabet, pointing into the token text", () => {
    const r = inline(model("step(t) { match t { A => x h[0]; B(i) => x h[i]; } }"), tokens("A B(7)"));
    expect(r.diagnostics.map((d) => `${d.code}@${d.span!.file}:${d.span!.col}`)).toEqual(["E0902@<tokens>:5"]);
    const unknown = inline(model("step(t) { }"), tokens("A C(1)"));
    expect(unknown.diagnostics.map((d) => d.code)).toEqual(["E0901"]);
  });

  it("checks the unroll limit before elaborating", () => {
    const r = inline(model("step(t) { for i in 0..1000 { h h; } }"), { ...tokens("A ".repeat(50)), limits: { maxQubits: 64, maxOps: 10_000 } });
    expect(r.diagnostics.map((d) => d.code)).toEqual(["E0801"]);
    expect(r.diagnostics[0]!.message).toContain("150,000");
  });

  it("reports no-cloning on token payloads at elaboration time", () => {
    const r = inline(model("tokens2", "").replace("tokens2", "") .replace("tokens { A B(i: 0..n) }", "tokens { P(i: 0..n, j: 0..n) }").replace("hidden h: qubit[n]; ", "hidden h: qubit[n]; step(t) { match t { P(i, j) => cx h[i], h[j]; } }"), tokens("P(0,1) P(2,2)"));
    expect(r.diagnostics.map((d) => d.code)).toEqual(["E0601"]);
  });

  it("applies hyperparameter overrides and rejects unknown ones", () => {
    const r = inline(model("step(t) { h h; }"), { ...tokens("A"), hyper: new Map([["n", 5]]) });
    expect(r.circuit!.numQubits).toBe(5);
    const bad = inline(model("step(t) { h h; }"), { ...tokens("A"), hyper: new Map([["m", 5]]) });
    expect(bad.circuit).toBeUndefined();
  });
});

describe("modifiers on cells", () => {
  it("controls a cell with an any-length port: the qubits after the controls go to it", () => {
    const src = `import "std/hypergraph";\nmodel m { tokens { A } hidden h: qubit[4]; step(t) { ctrl @ hyperedge(0.5) h[0], h[1], h[2], h[3]; inv @ hyperedge(0.25) h[1..3]; } }`;
    const r = buildCircuit("test/inline.qseq", { entryText: src, tokens: { text: "A", file: "<t>" } });
    expect(r.diagnostics).toEqual([]);
    const calls = r.circuit!.ops.filter((o) => o.kind === "call");
    expect(calls.map((c) => c.kind === "call" && `${r.circuit!.defs[c.def]!.name}${JSON.stringify(c.qubits)}${c.mods.map((m) => m.k).join("")}`))
      .toEqual(["hyperedge_3[0,1,2,3]ctrl", "hyperedge_2[1,2]inv"]);
  });
});

describe("scoping and conditions", () => {
  it("combines measured bits with payload-dependent conditions", () => {
    const src = "model m<n: int = 3> { tokens { A(i: 0..n) } hidden h: qubit[n]; step(t) { match t { A(i) => { let b = measure h[0]; if (b && i > 0) { x h[i]; } } } } }";
    const r = buildCircuit("t.qseq", { entryText: src, tokens: { text: "A(0) A(2)", file: "<t>" } });
    expect(r.diagnostics).toEqual([]);
    const ifs = r.circuit!.ops.filter((o) => o.kind === "if");
    expect(ifs).toHaveLength(1); // A(0): the condition is false at compile time, no runtime if
  });

  it("does not let a cell see the model's registers", () => {
    const src = "cell bad on q: qubit { cx q, reg[0]; }\nmodel m { tokens { A } hidden reg: qubit[2]; step(t) { bad reg[1]; } }";
    const r = buildCircuit("t.qseq", { entryText: src, tokens: { text: "A", file: "<t>" } });
    expect(r.diagnostics.map((d) => d.code)).toContain("E0301");
  });

  it("checks constants that nothing uses", () => {
    const r = buildCircuit("t.qseq", { entryText: "const s: int = undefined_name;\nmodel m { tokens { A } hidden h: qubit[1]; step(t) { x h; } }", tokens: { text: "A", file: "<t>" } });
    expect(r.diagnostics.map((d) => d.code)).toEqual(["E0301"]);
  });

  it("keeps range-typed feature inputs as ints (usable as indices) and checks their range", () => {
    const src = "model m { input k: 0..3; hidden h: qubit[3]; step(k) { x h[k]; } }";
    const ok = buildCircuit("t.qseq", { entryText: src, inputs: { text: "[0, 2]", file: "<i>" } });
    expect(ok.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(ok.circuit!.ops.filter((o) => o.kind === "gate").map((o) => o.kind === "gate" && o.qubits[0])).toEqual([0, 2]);
    const bad = buildCircuit("t.qseq", { entryText: src, inputs: { text: "[0, 3]", file: "<i>" } });
    expect(bad.diagnostics.map((d) => d.code)).toEqual(["E0902"]);
  });
});
