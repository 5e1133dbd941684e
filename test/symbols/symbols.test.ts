// The symbol index (src/symbols/symbols.ts): declarations with spans and every use resolved by the
// language's scoping rules, across imports — checked on the examples, the standard library, random models
// and hand-written scoping cases.

import fc from "fast-check";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadProgram } from "../../src/check/program.js";
import { check } from "../../src/pipeline.js";
import { buildSymbolIndex, occurrences, symbolAt, type SymbolIndex } from "../../src/symbols/symbols.js";
import { randomModelArb } from "../support/random-models.js";

const EXAMPLES = ["examples/khrnn.qseq", "examples/khrnn-expect.qseq", "examples/qrnn.qseq", "examples/hea.qseq", "examples/one-qubit-rnn.qseq"];
const BUILTIN_VALUES = new Set(["pi", "tau"]);

function indexOf(file: string, text?: string): { index: SymbolIndex; sources: Map<string, string> } {
  const program = loadProgram(file, undefined, text);
  return { index: buildSymbolIndex(program), sources: program.sources };
}

const slice = (sources: Map<string, string>, s: { file: string; start: number; end: number }) => sources.get(s.file)!.slice(s.start, s.end);

/** Every declaration's span holds its name, every use's span the name it resolves to. */
function expectConsistent(index: SymbolIndex, sources: Map<string, string>): void {
  for (const d of index.defs) expect(slice(sources, d.span)).toBe(d.name);
  for (const r of index.refs) expect(slice(sources, r.span)).toBe(index.defs[r.def]!.name);
}

describe("the symbol index", () => {
  it.each(EXAMPLES)("%s: consistent spans, and every value and variant name resolves (only built-ins do not)", (file) => {
    const { index, sources } = indexOf(file);
    expectConsistent(index, sources);
    expect(index.unresolved.filter((u) => u.space === "value" && !BUILTIN_VALUES.has(u.name))).toEqual([]);
    expect(index.unresolved.filter((u) => u.space === "variant")).toEqual([]);
    // gate names that do not resolve are the built-in gates
    for (const u of index.unresolved.filter((x) => x.space === "gate")) expect(u.name).toMatch(/^(h|x|y|z|s|sdg|t|tdg|sx|rx|ry|rz|p|cx|cy|cz|ch|swap|ccx|crx|cry|crz|cp|rzz|rxx|ryy|U|u3)$/);
  });

  it("resolves across imports: the k-HRNN's hyperedge and read_x are the standard library's cells", () => {
    const { index, sources } = indexOf("examples/khrnn.qseq");
    const text = sources.get("examples/khrnn.qseq")!;
    const at = text.indexOf("=> hyperedge(theta)") + 3; // (an earlier comment mentions it too)
    const def = symbolAt(index, "examples/khrnn.qseq", at + 2)!;
    expect(def).toMatchObject({ name: "hyperedge", kind: "cell", span: { file: "std/hypergraph" } });
    expect(def.doc).toContain("Phase");
    expect(symbolAt(index, "examples/khrnn.qseq", text.indexOf("read_x(phi[i])") + 1)).toMatchObject({ name: "read_x", kind: "cell" });
    // theta: the param, used once in the step; phi used once; n used by the register, the payload types and more
    const theta = index.defs.find((d) => d.name === "theta" && d.kind === "param")!;
    expect(occurrences(index, theta).map((s) => slice(sources, s))).toEqual(["theta", "theta"]);
    const n = index.defs.find((d) => d.name === "n" && d.kind === "hyperparameter")!;
    expect(occurrences(index, n).length).toBeGreaterThan(4);
    expect(occurrences(index, n).every((s) => s.file === "examples/khrnn.qseq")).toBe(true);
    // the match arms name the token variants
    const edge = index.defs.find((d) => d.name === "Edge" && d.kind === "variant")!;
    expect(occurrences(index, edge)).toHaveLength(2);
  });

  it("keeps gates and values apart, and follows block scopes, shadowing and binders", () => {
    const src = `const k: int = 2;
cell flip(a: angle) on q: qubit {
  rx(a) q;
}
model m<n: int = 3> {
  tokens { Go(i: 0..n) Stop }
  hidden h: qubit[n];
  param a: angle = 0.5;
  step(t) -> float? {
    h h;
    flip(a) h[0];
    let a = 2.0;
    for j in 0..k { ry(a * j) h[j]; }
    match t {
      Go(i) => { let b = i; emit expect Z(h[b]); }
      Stop => { }
    }
  }
}
`;
    const { index, sources } = indexOf("s.qseq", src);
    expectConsistent(index, sources);
    const refAt = (needle: string, nth = 0, delta = 0) => {
      let at = -1;
      for (let i = 0; i <= nth; i++) at = src.indexOf(needle, at + 1);
      return symbolAt(index, "s.qseq", at + delta);
    };
    expect(refAt("h h;")).toBeUndefined(); // the built-in gate h
    expect(refAt("h h;", 0, 2)).toMatchObject({ name: "h", kind: "register" });
    expect(refAt("flip(a) h[0]")).toMatchObject({ name: "flip", kind: "cell" });
    expect(refAt("flip(a) h[0]", 0, 5)).toMatchObject({ name: "a", kind: "param" }); // before the let
    expect(refAt("ry(a * j)", 0, 3)).toMatchObject({ name: "a", kind: "let" }); // after it: shadowed
    expect(refAt("ry(a * j)", 0, 7)).toMatchObject({ name: "j", kind: "loop" });
    expect(refAt("0..k", 0, 3)).toMatchObject({ name: "k", kind: "const" });
    expect(refAt("rx(a) q", 0, 3)).toMatchObject({ name: "a", kind: "cell-param", container: "flip" }); // the cell's own
    expect(refAt("let b = i", 0, 8)).toMatchObject({ name: "i", kind: "arm-binder" });
    expect(refAt("h[b]", 0, 2)).toMatchObject({ name: "b", kind: "let" });
    expect(refAt("match t", 0, 6)).toMatchObject({ name: "t", kind: "step-binder" });
    expect(refAt("Stop =>")).toMatchObject({ name: "Stop", kind: "variant", container: "m" });
    expect(refAt("qubit[n]", 0, 6)).toMatchObject({ name: "n", kind: "hyperparameter" });
    expect(index.unresolved.filter((u) => u.space !== "gate")).toEqual([]);
  });

  it("reports names a cell cannot see, as the checker does", () => {
    const src = `model m { tokens { A } hidden h: qubit[1]; param w: angle = 0.1; step(t) { bad(w) h[0]; } }
cell bad(x: angle) on q: qubit { rx(w) q; }
`;
    const { index } = indexOf("u.qseq", src);
    expect(index.unresolved.filter((u) => u.space === "value").map((u) => u.name)).toEqual(["w"]);
    expect(check("u.qseq", { entryText: src }).diagnostics.some((d) => d.code.startsWith("E030"))).toBe(true);
  });

  it("on random models: every name resolves, with consistent spans", () => {
    fc.assert(fc.property(randomModelArb(), (m) => {
      const { index, sources } = indexOf("r.qseq", m.source);
      expectConsistent(index, sources);
      expect(index.unresolved.filter((u) => u.space !== "gate")).toEqual([]);
    }), { numRuns: 100, seed: 99 });
  });

  it("never throws on broken files (error recovery leaves placeholders)", () => {
    const text = readFileSync("examples/khrnn.qseq", "utf8");
    for (let cut = 0; cut < text.length; cut += 37) {
      const broken = text.slice(0, cut) + "}{ (" + text.slice(cut + 5);
      expect(() => buildSymbolIndex(loadProgram("examples/khrnn.qseq", undefined, broken))).not.toThrow();
    }
  });
});
