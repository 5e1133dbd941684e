// The example sequence beside a document (NAME.tokens / NAME.inputs.json): hover gives a model's unrolled
// size for it, inlay hints the gates per step, code lenses the drawn circuit and its OpenQASM.

import { describe, expect, it } from "vitest";
import type { CodeLens, Hover, InlayHint } from "vscode-languageserver";
import { QseqService } from "../../src/lsp/service.js";
import { positionOf, read, uriOf } from "./client.js";

function opened(file: string, text = read(file)) {
  const s = new QseqService({ debounceMs: 0, trainabilityDelayMs: -1, publish: () => {}, log: (m) => { throw new Error(m); } });
  const uri = uriOf(file);
  s.open(uri, 1, text);
  return { s, uri, text, td: { uri } };
}
const hoverText = (h: Hover | null) => (h && typeof h.contents === "object" && "value" in h.contents ? h.contents.value : "");

describe("the example sequence", () => {
  it("hover on a model: its unrolled size for khrnn.tokens", () => {
    const { s, td, text } = opened("examples/khrnn.qseq");
    const h = hoverText(s.hover({ textDocument: td, position: positionOf(text, text.indexOf("khrnn<") + 1) }));
    // init: 6 h; 9 hyperedges (3-qubit); ReadX(3): rz(−φ) and h; theta in 9 gates and phi[3] in 1
    expect(h).toContain("for `khrnn.tokens` (15 steps): 6 qubits, 17 gates (9 two-qubit), depth");
    expect(h).toContain("7 params used by 10 gates; gates per step 0–2");
  });

  it("hover on a cell: how often the sequence applies it", () => {
    const { s, td, text } = opened("examples/khrnn.qseq");
    const h = hoverText(s.hover({ textDocument: td, position: positionOf(text, text.indexOf("=> hyperedge(") + 4) }));
    expect(h).toContain("applied 9 times by `khrnn` for `khrnn.tokens`");
  });

  it("inlay hints: gates per step on the step header", () => {
    const { s, td } = opened("examples/qrnn.qseq");
    const hints = s.inlayHints({ textDocument: td, range: { start: { line: 0, character: 0 }, end: { line: 999, character: 0 } } }) as InlayHint[];
    // 2 ry + 2 cx (encoding), 4 euler cells of 3 rotations, a ring of 4 cx, the read-out cx: 21 each step
    expect(hints.map((x) => x.label)).toContain("gates per step: 21 (qrnn.inputs.json) ");
  });

  it("code lenses: the circuit and the OpenQASM for the sequence, as commands the server runs", async () => {
    const { s, td, uri } = opened("examples/one-qubit-rnn.qseq");
    const lenses = s.codeLenses({ textDocument: td }) as CodeLens[];
    expect(lenses.map((l) => l.command!.title)).toEqual(["trainability report", "circuit for one-qubit-rnn.inputs.json", "OpenQASM for one-qubit-rnn.inputs.json"]);
    const circuit = await s.executeCommand({ command: lenses[1]!.command!.command, arguments: lenses[1]!.command!.arguments });
    expect(circuit).toContain("q[0] ──┤ry(w·x[0])├");
    const qasm = await s.executeCommand({ command: lenses[2]!.command!.command, arguments: lenses[2]!.command!.arguments });
    // the expectation at every step but the last is read by its own prefix program (W0103)
    expect(qasm!.match(/OPENQASM 3\.0;/g)).toHaveLength(3);
    expect(qasm).toContain("readout program 1 of 3: prefix program");
    expect(await s.executeCommand({ command: "qseq.qasm", arguments: [uri, "nope"] })).toContain("no example sequence fits `nope`");
  });

  it("without a sequence file (or with errors) there is nothing extra", () => {
    const { s, td, text } = opened("stdlib/hypergraph.qseq");
    expect((s.codeLenses({ textDocument: td }) as CodeLens[]).length).toBe(0);
    const broken = opened("examples/khrnn.qseq", read("examples/khrnn.qseq").replace("reset h;", "reset q;"));
    expect((broken.s.codeLenses({ textDocument: broken.td }) as CodeLens[]).map((l) => l.command!.title)).toEqual(["trainability report"]);
    expect(text.length).toBeGreaterThan(0);
  });
});

describe("a file with several models and an import", () => {
  const TWO = `import "std/hypergraph";

/// The first.
model first<n: int = 3> {
  tokens { Edge(e: subset<2> of 0..n) Read(i: 0..n) }
  hidden h: qubit[n];
  param theta: angle = pi;
  init { h h; }
  step(t) -> bit? {
    match t {
      Edge(e) => hyperedge(theta) h[e];
      Read(i) => emit read_x(0.0) h[i];
    }
  }
}

/// The second.
model second {
  input x: float[1];
  hidden q: qubit[1];
  param theta: angle = 0.1;
  step(x) -> float {
    ry(theta * x[0]) q[0];
    emit expect Z(q[0]);
  }
}
`;
  it("outline, definitions into the library, and each model's own names", () => {
    const { s, td, text } = opened("examples/two-models.qseq", TWO);
    const syms = s.documentSymbols({ textDocument: td }) as { name: string; children?: { name: string }[] }[];
    expect(syms.map((x) => x.name)).toEqual(["first", "second"]);
    const def = s.definition({ textDocument: td, position: positionOf(text, text.indexOf("hyperedge(theta)") + 2) }) as { uri: string }[];
    expect(def[0]!.uri).toMatch(/stdlib\/hypergraph\.qseq$/);
    // `theta` in each model is that model's param
    const refs = (at: number) => (s.references({ textDocument: td, position: positionOf(text, at), context: { includeDeclaration: true } }) as { range: { start: { line: number } } }[]).map((r) => r.range.start.line);
    const firstTheta = refs(text.indexOf("hyperedge(theta)") + 11);
    const secondTheta = refs(text.indexOf("ry(theta") + 4);
    expect(firstTheta).toHaveLength(2);
    expect(secondTheta).toHaveLength(2);
    expect(firstTheta.some((l) => secondTheta.includes(l))).toBe(false);
    expect(hoverText(s.hover({ textDocument: td, position: positionOf(text, text.indexOf("model second") + 7) }))).toContain("The second.");
  });
});
