import fc from "fast-check";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseSource } from "../../src/syntax/parse.js";
import { check } from "../../src/pipeline.js";

const KHRNN = readFileSync("examples/khrnn.qseq", "utf8");
const QRNN = readFileSync("examples/qrnn.qseq", "utf8");

describe("parser", () => {
  it("parses the examples and the standard library without diagnostics", () => {
    for (const f of ["examples/khrnn.qseq", "examples/qrnn.qseq", "stdlib/hypergraph.qseq", "stdlib/layers.qseq"]) {
      expect(parseSource(readFileSync(f, "utf8"), f).diagnostics, f).toEqual([]);
    }
  });

  it("builds the k-HRNN's model structure", () => {
    const { ast } = parseSource(KHRNN, "khrnn.qseq");
    const model = ast.decls.find((d) => d.kind === "model")!;
    expect(model.kind).toBe("model");
    if (model.kind !== "model") return;
    expect(model.hyper.map((h) => h.name.name)).toEqual(["n", "k"]);
    expect(model.members.map((m) => m.kind)).toEqual(["tokens", "register", "param", "param", "init", "step"]);
    const tokens = model.members[0]!;
    if (tokens.kind !== "tokens") throw new Error("tokens");
    expect(tokens.variants.map((v) => v.name.name)).toEqual(["Edge", "ReadZ", "ReadX"]);
    expect(tokens.variants[0]!.payload[0]!.type.k).toBe("subset");
    expect(model.doc).toBe("A k-HRNN on n vertices with k-uniform hyperedges.");
  });

  it("gives operators their precedence and associativity", () => {
    const { ast, diagnostics } = parseSource("const x: float = -2 ** 2 + 3 * 4 - 1 - 1;", "p.qseq");
    expect(diagnostics).toEqual([]);
    const show = (e: unknown): string => {
      const x = e as { k: string; op?: string; a?: unknown; b?: unknown; value?: number };
      if (x.k === "binary") return `(${show(x.a)} ${x.op} ${show(x.b)})`;
      if (x.k === "unary") return `(${x.op}${show(x.a)})`;
      return String(x.value);
    };
    const c = ast.decls[0]!;
    expect(c.kind === "const" && show(c.value)).toBe("((((-(2 ** 2)) + (3 * 4)) - 1) - 1)");
  });

  it("reads cell values, expectations, slices and modifiers", () => {
    const src = `cell c on q: qubit[] { ctrl(2) @ inv @ pow(0.5) @ rx(0.1) q[0], q[1], q[2]; }
model m { tokens { T } hidden h: qubit[3]; step(t) -> float { let b = read(0.5) h[0]; emit expect Z(h[0]) * X(h[1..3]); } }`;
    const { ast, diagnostics } = parseSource(src, "p.qseq");
    expect(diagnostics).toEqual([]);
    const cell = ast.decls[0]!;
    if (cell.kind !== "cell") throw new Error("cell");
    const apply = cell.body.stmts[0]!;
    expect(apply.kind === "apply" && apply.mods.map((m) => m.k)).toEqual(["ctrl", "inv", "pow"]);
    const model = ast.decls[1]!;
    if (model.kind !== "model") throw new Error("model");
    const step = model.members.find((m) => m.kind === "step")!;
    if (step.kind !== "step") throw new Error("step");
    expect(step.body.stmts.map((s) => (s.kind === "let" || s.kind === "emit" ? s.kind + ":" + (s.kind === "let" ? s.value.k : s.value.k) : s.kind))).toEqual(["let:cellValue", "emit:expect"]);
  });

  it("reports every syntax error of a file in one run, each with a span", () => {
    const src = "model m {\n  hidden h: qubit[2]\n  step(t) {\n    x h[0;\n    cx h[0], ;\n    y h[1]\n  }\n}\n";
    const { diagnostics } = parseSource(src, "bad.qseq");
    expect(diagnostics.map((d) => `${d.code}@${d.span!.line}:${d.span!.col}`)).toEqual(["E0103@2:20", "E0103@4:9", "E0103@5:14", "E0103@6:10"]);
  });

  it("keeps comments in their own group and doc comments on declarations", () => {
    const r = parseSource("// a\n/// doc\ncell c on q: qubit { x q; /* b */ }\n", "c.qseq");
    expect(r.comments.map((c) => c.image)).toEqual(["// a", "/// doc", "/* b */"]);
    expect(r.ast.decls[0]!.doc).toBe("doc");
  });

  it("reports unterminated strings and comments", () => {
    expect(parseSource('import "std/x;\n', "u.qseq").diagnostics[0]!.code).toBe("E0102");
    expect(parseSource("/* never closed\nmodel m {}", "u.qseq").diagnostics[0]!.code).toBe("E0102");
  });
});

describe("the front end never throws", () => {
  const fragments = ["model", "cell", "m", "{", "}", "(", ")", "[", "]", "<", ">", ";", ",", "@", "ctrl", "inv", "pow", "step", "tokens",
    "hidden", "h", "qubit", "[n]", "int", "=", "..", "match", "=>", "emit", "measure", "expect", "Z(h[0])", "for", "in", "if", "else",
    "let", "return", "0", "1.5", "pi", "-", "*", "**", "/", "import", "\"std/layers\"", "subset<2> of 0..n", "\n", " ", "$", "/*", "//"];

  it("parses arbitrary text into diagnostics with spans, never an exception", () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (text) => {
      const r = parseSource(text, "any.qseq");
      for (const d of r.diagnostics) expect(d.span).toBeDefined();
    }), { numRuns: 400, seed: 20261123 });
  });

  it("checks token soup and mutated examples without throwing", () => {
    const soup = fc.array(fc.constantFrom(...fragments), { maxLength: 60 }).map((xs) => xs.join(" "));
    const mutated = fc.tuple(fc.constantFrom(KHRNN, QRNN), fc.nat(), fc.nat({ max: 40 }), fc.constantFrom(...fragments))
      .map(([src, at, len, ins]) => { const i = at % src.length; return src.slice(0, i) + ins + src.slice(i + len); });
    fc.assert(fc.property(fc.oneof(soup, mutated), (text) => {
      const r = check("examples/fuzz.qseq", { entryText: text });
      for (const d of r.diagnostics) {
        expect(d.code).toMatch(/^[EW]\d{4}$/);
        expect(d.span, `${d.code} ${d.message}`).toBeDefined();
      }
    }), { numRuns: 300, seed: 42 });
  });
});

describe("pathological input", () => {
  it("refuses absurd nesting with a diagnostic instead of overflowing the stack", () => {
    const deep = `const x: int = ${"(".repeat(100_000)}1${")".repeat(100_000)};`;
    const r = parseSource(deep, "deep.qseq");
    expect(r.diagnostics.map((d) => d.code)).toEqual(["E0103"]);
    expect(r.diagnostics[0]!.message).toContain("nested more than");
  });

  it("refuses huge arrays and slices of unknown-length ports without allocating them", () => {
    const r = check("big.qseq", { entryText: "model m { tokens { A } hidden h: qubit[2]; param w: angle[100000, 100000]; step(t) { rx(w[0][0]) h[0]; } }\ncell c on q: qubit[] { x q[0..1000000000]; }" });
    expect(r.diagnostics.map((d) => d.code)).toEqual(["E0503"]);
  });
});
