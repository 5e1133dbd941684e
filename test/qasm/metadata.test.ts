// Pragmas and annotations are accepted and handed back (ImportQasmResult.pragmas / .annotations), not
// interpreted: the circuit is the one without them.

import { describe, expect, it } from "vitest";
import { exactDistribution } from "../../src/sim/reference.js";
import { importQasm } from "../../src/qasm/index.js";
import { expectSameDistribution, importOk } from "./support.js";

const HEAD = 'OPENQASM 3.0;\ninclude "stdgates.inc";\n';
const where = (r: { span: { line: number; col: number } }) => `${r.span.line}:${r.span.col}`;

describe("pragmas and annotations", () => {
  const text = `${HEAD}pragma qseq.shots 100
#pragma   braket verbatim
qubit[2] q;
@reversible
@qiskit.layout  q -> 0,1
gate g a, b {
  @inline
  h a;
  cx a, b;
}
for int i in [0:2] {
  @unroll copy
  x q[0];
}
if (false) {
  @never taken
  x q[1];
}
g q[0], q[1];
`;

  it("are kept in source order, each once, with their spans", () => {
    const r = importQasm(text, "m.qasm");
    expect(r.diagnostics).toEqual([]);
    expect(r.pragmas.map((p) => [p.text, where(p)])).toEqual([["qseq.shots 100", "3:1"], ["braket verbatim", "4:1"]]);
    expect(r.annotations.map((a) => [a.name, a.text, where(a)])).toEqual([
      ["reversible", "", "6:1"], ["qiskit.layout", "q -> 0,1", "7:1"], ["inline", "", "9:3"], ["unroll", "copy", "14:3"], ["never", "taken", "18:3"],
    ]);
  });

  it("do not change the circuit", () => {
    const plain = text.replace(/^\s*(#?pragma|@).*\n/gm, "");
    const a = importOk(text, "m.qasm"), b = importOk(plain, "m.qasm");
    expect(a.ops.map((o) => o.kind)).toEqual(b.ops.map((o) => o.kind));
    expectSameDistribution(exactDistribution(a).outputs, exactDistribution(b).outputs);
  });

  it("misplaced: a pragma inside a block, an annotation before nothing (E1001)", () => {
    const r = importQasm(`${HEAD}qubit q;\nif (true) {\n  pragma inner\n  x q;\n}\nx q;\n@dangling\n`, "m.qasm");
    expect(r.diagnostics.map((d) => `${d.code} ${d.span?.line}:${d.span?.col}`)).toEqual(["E1001 5:3", "E1001 9:1"]);
    expect(r.pragmas.length).toBe(1);
    const s = importQasm(`${HEAD}qubit q;\n{ x q;\n  @last\n}\n`, "m.qasm");
    expect(s.diagnostics.map((d) => `${d.code} ${d.span?.line}:${d.span?.col} ${d.message}`)).toEqual(["E1001 5:3 the annotation `@last` is not followed by a statement"]);
  });

  it("the result has empty lists when there are none, and also when the import fails", () => {
    const r = importQasm(`${HEAD}qubit q;\nfoo q;\n`, "m.qasm");
    expect(r.circuit).toBeUndefined();
    expect([r.pragmas, r.annotations]).toEqual([[], []]);
  });
});
