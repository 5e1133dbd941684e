// The language features, in process through the language service (the same methods the server serves):
// exact answers on the examples and the standard library.

import { describe, expect, it } from "vitest";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { CodeAction, CompletionItem, DocumentSymbol, Hover, Location, TextEdit, WorkspaceEdit } from "vscode-languageserver";
import { QseqService } from "../../src/lsp/service.js";
import { at, positionOf, read, uriOf } from "./client.js";

const KHRNN = "examples/khrnn.qseq";
const QRNN = "examples/qrnn.qseq";

function service(): { s: QseqService; published: Map<string, unknown[]> } {
  const published = new Map<string, unknown[]>();
  const s = new QseqService({ debounceMs: 0, trainabilityDelayMs: -1, publish: (u, d) => published.set(u, d), log: (m) => { throw new Error(m); } });
  return { s, published };
}

function opened(file: string, text = read(file)): { s: QseqService; uri: string; text: string; td: { uri: string }; published: Map<string, unknown[]> } {
  const { s, published } = service();
  const uri = uriOf(file);
  s.open(uri, 1, text);
  return { s, uri, text, td: { uri }, published };
}

const labels = (items: CompletionItem[]) => items.map((i) => i.label);
const hoverText = (h: Hover | null) => (h && typeof h.contents === "object" && "value" in h.contents ? h.contents.value : "");

function applyEdits(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create("x", "qseq", 1, text), edits);
}

describe("diagnostics", () => {
  it("publishes none for the examples", () => {
    for (const f of [KHRNN, QRNN]) expect(opened(f).published.get(uriOf(f))).toEqual([]);
  });

  it("reports an unknown cell with its code, range, severity and help", () => {
    const text = read(QRNN).replace("euler(w[i]) h[i]", "eulr(w[i]) h[i]");
    const { published, uri } = opened(QRNN, text);
    const ds = published.get(uri) as { code: string; range: unknown; severity: number; message: string }[];
    const d = ds.find((x) => x.code === "E0302")!;
    expect(d).toBeDefined();
    expect(d.severity).toBe(1);
    const start = positionOf(text, text.indexOf("eulr"));
    expect(d.range).toEqual({ start, end: { line: start.line, character: start.character + 4 } });
    expect(d.message).toContain("eulr");
    expect(d.message).toContain("help:");
  });

  it("a half-typed file still gets syntax diagnostics and an outline", () => {
    const text = read(KHRNN).replace("reset h;", "reset h").replace("match tok {", "match tok {\n      Ed");
    const { s, published, uri, td } = opened(KHRNN, text);
    const ds = published.get(uri) as { code: string }[];
    expect(ds.some((d) => d.code === "E0103")).toBe(true);
    expect((s.documentSymbols({ textDocument: td }) as DocumentSymbol[]).map((x) => x.name)).toEqual(["khrnn"]);
  });

  it("related information for a duplicate definition", () => {
    const text = `${read(KHRNN)}\ncell hyperedge on q: qubit { h q; }\n`;
    const { published, uri } = opened(KHRNN, text);
    const d = (published.get(uri) as { code: string; relatedInformation?: { location: Location; message: string }[] }[]).find((x) => x.code === "E0304")!;
    expect(d.relatedInformation![0]!.message).toBe("first defined here");
    expect(d.relatedInformation![0]!.location.uri).toBe(uriOf("stdlib/hypergraph.qseq"));
  });

  it("imports are served from open documents: an edit of std/layers re-checks the file importing it", () => {
    const { s, published } = service();
    const q = uriOf(QRNN), lib = uriOf("stdlib/layers.qseq");
    const qrnn = read(QRNN), layers = read("stdlib/layers.qseq");
    s.open(q, 1, qrnn);
    s.open(lib, 1, layers);
    expect(published.get(q)).toEqual([]);
    s.change(lib, 2, [{ text: layers.replace("cell euler(", "cell euler_zyz(") }]);
    // qrnn's euler is now unknown (E0302), and so is rot_layer's in the library (reported on the import)
    expect((published.get(q) as { code: string; message: string }[]).map((d) => `${d.code} ${d.message.split(":")[0]!.split(" (")[0]}`)).toEqual(["E0302 1 error in std/layers", "E0302 unknown gate or cell `euler`"]);
    s.change(lib, 3, [{ text: layers.replace("rz(a[0]) q;", "rz(a[0]) q") }]);
    const ds = published.get(q) as { code: string; message: string; range: unknown; relatedInformation: { location: Location }[] }[];
    expect(ds.map((d) => d.code)).toContain("E0103");
    const d = ds.find((x) => x.code === "E0103")!;
    expect(d.message).toMatch(/^1 error in std\/layers: /);
    expect(d.range).toEqual({ start: at(qrnn, 'import "std/layers";'), end: at(qrnn, 'import "std/layers";', 20) });
    expect(d.relatedInformation[0]!.location.uri).toBe(lib);
  });

  it("after an idle moment, adds the trainability report's warnings (W0104, W0105) for a program without errors", async () => {
    const published: { version: number; codes: string[] }[] = [];
    const s = new QseqService({ debounceMs: 0, trainabilityDelayMs: 10, publish: (_u, d, version) => published.push({ version, codes: d.map((x) => String(x.code)) }) });
    const uri = uriOf(QRNN);
    s.open(uri, 1, read(QRNN));
    await new Promise((r) => setTimeout(r, 1500));
    expect(published).toEqual([{ version: 1, codes: [] }, { version: 1, codes: ["W0104", "W0105"] }]);
    // an edit before the slow pass is done: it never publishes for the old version
    s.change(uri, 2, [{ text: read(QRNN) }]);
    s.change(uri, 3, [{ text: read(QRNN) }]);
    await new Promise((r) => setTimeout(r, 1500));
    expect(published.slice(2)).toEqual([{ version: 2, codes: [] }, { version: 3, codes: [] }, { version: 3, codes: ["W0104", "W0105"] }]);
    s.dispose();
  });

  it("never publishes stale results: an edit supersedes a pending analysis", async () => {
    const published: { uri: string; version: number }[] = [];
    const s = new QseqService({ debounceMs: 20, trainabilityDelayMs: -1, publish: (uri, _d, version) => published.push({ uri, version }) });
    const uri = uriOf(KHRNN);
    s.open(uri, 1, read(KHRNN));
    for (let v = 2; v <= 6; v++) s.change(uri, v, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: " " }]);
    await new Promise((r) => setTimeout(r, 80));
    // the open is analysed at once; the five edits in a row give one analysis, of the last version
    expect(published).toEqual([{ uri, version: 1 }, { uri, version: 6 }]);
    expect(s.stats.analyses).toBe(2);
  });
});

describe("navigation", () => {
  const hg = read("stdlib/hypergraph.qseq");

  it("goes to definition across the std import, into stdlib/hypergraph.qseq", () => {
    const { s, text, td } = opened(KHRNN);
    expect(s.definition({ textDocument: td, position: at(text, "=> hyperedge(theta)", 4) })).toEqual([{
      uri: uriOf("stdlib/hypergraph.qseq"),
      range: { start: positionOf(hg, hg.indexOf("hyperedge(theta: angle)")), end: positionOf(hg, hg.indexOf("hyperedge(theta: angle)") + 9) },
    }]);
    const readX = s.definition({ textDocument: td, position: at(text, "read_x(phi[i])", 1) });
    expect(readX[0]!.range.start).toEqual(positionOf(hg, hg.indexOf("read_x(phi: angle)")));
    // a param
    expect(s.definition({ textDocument: td, position: at(text, "hyperedge(theta)", 11, 1) })[0]!.range.start).toEqual(at(text, "theta: angle"));
    // an import: the file it names
    expect(s.definition({ textDocument: td, position: at(text, '"std/hypergraph"', 3) })).toEqual([{ uri: uriOf("stdlib/hypergraph.qseq"), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }]);
    // a built-in gate has no definition
    expect(s.definition({ textDocument: td, position: at(text, "h h;") })).toEqual([]);
  });

  it("finds references, with and without the declaration", () => {
    const { s, text, td } = opened(KHRNN);
    const refs = (needle: string, k: number, n: number, decl = true) => s.references({ textDocument: td, position: at(text, needle, k, n), context: { includeDeclaration: decl } });
    expect(refs("theta:", 0, 0)).toHaveLength(2);
    expect(refs("theta:", 0, 0, false)).toHaveLength(1);
    const n = refs("n: int", 0, 0);
    expect(n.length).toBe(6); // the declaration, qubit[n], three payload ranges, angle[n]
    expect(n.every((l) => l.uri === uriOf(KHRNN))).toBe(true);
    // hyperedge: its declaration in the library and the use here
    const he = refs("=> hyperedge", 3, 0);
    expect(he.map((l) => l.uri)).toEqual([uriOf("stdlib/hypergraph.qseq"), uriOf(KHRNN)]);
  });

  it("workspace symbols: the top-level declarations of the open documents and their imports", () => {
    const { s } = service();
    s.open(uriOf(KHRNN), 1, read(KHRNN));
    s.open(uriOf(QRNN), 1, read(QRNN));
    const all = s.workspaceSymbols({ query: "" });
    expect(all.map((x) => x.name).sort()).toEqual(["cx_ladder", "cx_ring", "cz_ring", "euler", "hyperedge", "khrnn", "plus_state", "qrnn", "read_x", "read_xz", "read_z", "rot_layer", "rzz_ring"].sort());
    expect(s.workspaceSymbols({ query: "READ" }).map((x) => x.location.uri)).toEqual([uriOf("stdlib/hypergraph.qseq"), uriOf("stdlib/hypergraph.qseq"), uriOf("stdlib/hypergraph.qseq")]);
  });

  it("highlights the occurrences in this document: the declaration as a write, uses as reads", () => {
    const { s, text, td } = opened(QRNN);
    const hl = s.documentHighlights({ textDocument: td, position: at(text, "scale[0]", 1) });
    expect(hl.map((h) => [h.range.start, h.kind])).toEqual([[at(text, "scale:"), 3], [at(text, "scale[0]"), 2], [at(text, "scale[1]"), 2]]);
    // a cell of the library: only the use here
    expect(s.documentHighlights({ textDocument: td, position: at(text, "euler(w[i])") })).toHaveLength(1);
  });

  it("renames every occurrence (the library's declaration too), and refuses built-ins", () => {
    const { s, text, td } = opened(KHRNN);
    const e = s.rename({ textDocument: td, position: at(text, "phi:", 0), newName: "angle_x" }) as WorkspaceEdit;
    expect(Object.keys(e.changes!)).toEqual([uriOf(KHRNN)]);
    expect(e.changes![uriOf(KHRNN)]!).toHaveLength(2);
    const renamed = applyEdits(text, e.changes![uriOf(KHRNN)]!);
    expect(renamed).toContain("param angle_x: angle[n] = 0.0;");
    expect(renamed).toContain("read_x(angle_x[i])");
    const cell = s.rename({ textDocument: td, position: at(text, "=> hyperedge", 4), newName: "edge_phase" }) as WorkspaceEdit;
    expect(Object.values(cell.changes!).flat()).toHaveLength(2);
    expect(s.prepareRename({ textDocument: td, position: at(text, "h h;") })).toBeNull();
    expect(() => s.rename({ textDocument: td, position: at(text, "h h;"), newName: "hh" })).toThrow(/built in/);
    expect(() => s.rename({ textDocument: td, position: at(text, "phi:"), newName: "model" })).toThrow(/not a valid name/);
    expect(() => s.rename({ textDocument: td, position: at(text, "phi:"), newName: "theta" })).toThrow("`theta` is already declared in `khrnn` (param)");
    expect(() => s.rename({ textDocument: td, position: at(text, "=> hyperedge", 4), newName: "read_x" })).toThrow(/already declared/);
  });

  it("outlines models with their members, and cells with params and ports", () => {
    const k = opened(KHRNN);
    const [model] = k.s.documentSymbols({ textDocument: k.td });
    expect(model!.name).toBe("khrnn");
    expect(model!.children!.map((c) => c.name)).toEqual(["n", "k", "tokens", "h", "theta", "phi", "init", "step"]);
    expect(model!.children![2]!.children!.map((c) => c.name)).toEqual(["Edge", "ReadZ", "ReadX"]);
    expect(model!.children![4]!.detail).toBe("angle");
    const lib = opened("stdlib/hypergraph.qseq");
    const cells = lib.s.documentSymbols({ textDocument: lib.td });
    expect(cells.map((c) => c.name)).toEqual(["hyperedge", "plus_state", "read_z", "read_x", "read_xz"]);
    expect(cells[0]!.children!.map((c) => `${c.name}: ${c.detail}`)).toEqual(["theta: angle", "q: qubit[]"]);
  });
});

describe("hover", () => {
  it("a param: kind, type, initial value; a hyperparameter: its default", () => {
    const { s, text, td } = opened(KHRNN);
    expect(hoverText(s.hover({ textDocument: td, position: at(text, "theta:", 1) }))).toBe("```qseq\nparam theta: angle\n```\ninitial value: `pi`\nin `khrnn`");
    expect(hoverText(s.hover({ textDocument: td, position: at(text, "hyperedge(theta)", 12, 1) }))).toContain("param theta: angle");
    expect(hoverText(s.hover({ textDocument: td, position: at(text, "n: int") }))).toContain("default: `6`");
    expect(hoverText(s.hover({ textDocument: td, position: at(text, "hidden h:", 7) }))).toContain("hidden register");
  });

  it("a let and a loop variable: the value and what it ranges over", () => {
    const { s, text, td } = opened(KHRNN, read(KHRNN).replace("ReadZ(i) => emit measure h[i];", "ReadZ(i) => { let b = measure h[i]; for j in 0..n { } emit b; }"));
    expect(hoverText(s.hover({ textDocument: td, position: at(text, "emit b;", 5) }))).toContain("let b\n```\nvalue: `measure h[i]`");
    expect(hoverText(s.hover({ textDocument: td, position: at(text, "for j", 4) }))).toContain("ranges over `0..n`");
  });

  it("a model: its qubits and params from the checker; a cell: its doc comment from the library", () => {
    const { s, text, td } = opened(KHRNN);
    const m = hoverText(s.hover({ textDocument: td, position: at(text, "model khrnn", 7) }));
    expect(m).toContain("6 qubits, 7 params (at n=6, k=3)");
    expect(m).toContain("A k-HRNN on n vertices");
    const c = hoverText(s.hover({ textDocument: td, position: at(text, "=> hyperedge", 4) }));
    expect(c).toContain("cell hyperedge(theta: angle) on q: qubit[]");
    expect(c).toContain("Phase exp(i·theta)");
    expect(c).toContain("defined in `std/hypergraph`");
    expect(hoverText(s.hover({ textDocument: td, position: at(text, "h h;") }))).toContain("built-in gate `h`");
  });
});

describe("completion and signature help", () => {
  it("keywords and gates at a statement start; registers where operands go", () => {
    const { s, text, td } = opened(KHRNN);
    const stmt = labels(s.completion({ textDocument: td, position: at(text, "    h h;", 4) }));
    expect(stmt).toEqual(expect.arrayContaining(["let", "for", "match", "hyperedge", "read_x", "h", "rz", "cx"]));
    expect(stmt).not.toContain("theta");
    const operand = labels(s.completion({ textDocument: td, position: at(text, "    h h;", 6) }));
    expect(operand).toEqual(["h"]);
    const top = labels(s.completion({ textDocument: td, position: { line: 0, character: 5 } }));
    expect(top).toEqual([]); // in a comment
  });

  it("import paths inside an import's string", () => {
    const { s, text, td } = opened(KHRNN);
    const items = labels(s.completion({ textDocument: td, position: at(text, '"std/hypergraph"', 1) }));
    expect(items).toEqual(expect.arrayContaining(["std/hypergraph", "std/layers", "./qrnn", "./hea"]));
    expect(items).not.toContain("./khrnn");
  });

  it("params, hyperparameters and binders in argument lists; variants at arm starts", () => {
    const { s, text, td } = opened(KHRNN);
    const args = labels(s.completion({ textDocument: td, position: at(text, "hyperedge(theta)", 10, 1) }));
    expect(args).toEqual(expect.arrayContaining(["theta", "phi", "n", "k", "e", "pi", "len"]));
    expect(args).not.toContain("i"); // the binder of another arm
    expect(args).not.toContain("hyperedge");
    const arms = labels(s.completion({ textDocument: td, position: at(text, "Edge(e)  =>") }));
    expect(arms).toEqual(["Edge", "ReadZ", "ReadX", "_"]);
    const members = opened(QRNN);
    const inLoop = labels(members.s.completion({ textDocument: members.td, position: at(members.text, "euler(w[i])", 8) }));
    expect(inLoop).toEqual(expect.arrayContaining(["i", "w", "n", "scale", "x"]));
  });

  it("signature help for cells and gates, with the active parameter", () => {
    const { s, td, text } = opened(KHRNN, read(KHRNN).replace("ReadZ(i) => emit measure h[i];", "ReadZ(i) => { read_x(phi[i]) h[i]; U(1, 2 ) h[i]; }"));
    const cell = s.signatureHelp({ textDocument: td, position: at(text, "read_x(phi[i]) h[i]; U", 7) })!;
    expect(cell.signatures[0]!.label).toBe("read_x(phi: angle) on q: qubit -> bit");
    expect(cell.activeParameter).toBe(0);
    const gate = s.signatureHelp({ textDocument: td, position: at(text, "U(1, 2 )", 6) })!;
    expect(gate.signatures[0]!.parameters).toHaveLength(3);
    expect(gate.activeParameter).toBe(1);
    expect(s.signatureHelp({ textDocument: td, position: at(text, "h h;") })).toBeNull();
  });
});

describe("semantic tokens, folding, formatting", () => {
  it("semantic tokens: consistent 5-tuples covering keywords, cells, params and variants", () => {
    const { s, text, td } = opened(KHRNN);
    const data = s.semanticTokens({ textDocument: td }).data;
    expect(data.length % 5).toBe(0);
    expect(data.length).toBeGreaterThan(100);
    // decode, and check every token lies on one line of the text
    const lines = text.split("\n");
    let line = 0, ch = 0;
    const decoded: { line: number; ch: number; len: number; type: number }[] = [];
    for (let i = 0; i < data.length; i += 5) {
      line += data[i]!; ch = data[i]! === 0 ? ch + data[i + 1]! : data[i + 1]!;
      decoded.push({ line, ch, len: data[i + 2]!, type: data[i + 3]! });
      expect(ch + data[i + 2]!).toBeLessThanOrEqual(lines[line]!.length);
    }
    const typeAt = (needle: string, k = 0, n = 0) => { const p = at(text, needle, k, n); return decoded.find((d) => d.line === p.line && d.ch === p.character)?.type; };
    expect(typeAt("model khrnn")).toBe(0); // keyword
    expect(typeAt("=> hyperedge", 3)).toBe(4); // function
    expect(typeAt("hyperedge(theta)", 10, 1)).toBe(5); // parameter (a param)
    expect(typeAt("Edge(e)  =>")).toBe(8); // enumMember
    expect(typeAt("angle = pi")).toBe(7); // type
    expect(typeAt("0.0;")).toBe(1); // number
    expect(typeAt("// hyperedge phase")).toBe(3); // comment
  });

  it("folding ranges: blocks and comment runs", () => {
    const { s, text, td } = opened(KHRNN);
    const f = s.foldingRanges({ textDocument: td });
    const lineOf = (needle: string) => at(text, needle).line;
    expect(f).toContainEqual({ startLine: 0, endLine: lineOf("\n\nimport") , kind: "comment" });
    expect(f).toContainEqual({ startLine: lineOf("model khrnn"), endLine: lineOf("\n}") });
    expect(f).toContainEqual({ startLine: lineOf("match tok"), endLine: lineOf("ReadX(i) =>") });
    expect(f).toHaveLength(6);
  });

  it("formats a badly formatted document into the canonical text, and refuses one with syntax errors", async () => {
    const canonical = read(KHRNN);
    const ugly = canonical.replace(/\n +/g, "\n").replace("model khrnn<n: int = 6, k: int = 3> {", "model khrnn<n:int=6,k:int=3>{");
    const { s, td } = opened(KHRNN, ugly);
    const edits = await s.formatting({ textDocument: td, options: { tabSize: 2, insertSpaces: true } });
    expect(edits).toHaveLength(1);
    expect(applyEdits(ugly, edits)).toBe(canonical);
    expect(await opened(KHRNN, canonical).s.formatting({ textDocument: td, options: { tabSize: 2, insertSpaces: true } })).toEqual([]);
    const broken = opened(KHRNN, ugly.replace("reset h;", "reset h"));
    expect(await broken.s.formatting({ textDocument: td, options: { tabSize: 2, insertSpaces: true } })).toEqual([]);
  });
});

describe("inlay hints, code lenses, quick fixes", () => {
  it("uses after each param declaration", () => {
    const { s, text, td } = opened(QRNN);
    const hints = s.inlayHints({ textDocument: td, range: { start: { line: 0, character: 0 }, end: { line: 999, character: 0 } } });
    // (and the gates per step for the example sequence: test/lsp/sequence.test.ts)
    expect(hints.map((h) => h.label).filter((l) => String(l).includes("use"))).toEqual([" × 1 use", " × 2 uses"]);
    expect(hints[1]!.position).toEqual(at(text, "param scale: float[2] = 1.0;", 28));
  });

  it("a trainability lens on each model, and the command returns the report", async () => {
    const { s, uri, td, text } = opened(KHRNN);
    const lenses = s.codeLenses({ textDocument: td });
    // the circuit and OpenQASM lenses for khrnn.tokens follow (test/lsp/sequence.test.ts)
    expect(lenses[0]).toEqual({ range: { start: at(text, "khrnn<"), end: at(text, "khrnn<", 5) }, command: { title: "trainability report", command: "qseq.trainability", arguments: [uri, "khrnn"] } });
    const report = await s.executeCommand({ command: "qseq.trainability", arguments: [uri, "khrnn"] });
    expect(report).toContain("trainability of khrnn<n=6, k=3>:");
    expect(report).toContain("dynamical Lie algebra: dimension 41, abelian");
  });

  it("W0102: inserts the missing arms; applied, the warning is gone", () => {
    const text = read(KHRNN).replace("      ReadX(i) => emit read_x(phi[i]) h[i];\n", "").replace("ReadZ(i) => emit measure h[i];", "ReadZ(i) => emit measure h[i];");
    const { s, td, uri, published } = opened(KHRNN, text);
    const d = (published.get(uri) as { code: string; range: never }[]).find((x) => x.code === "W0102")!;
    expect(d).toBeDefined();
    const actions = s.codeActions({ textDocument: td, range: d.range, context: { diagnostics: [] } }) as CodeAction[];
    const fix = actions.find((a) => a.title.includes("missing arm"))!;
    const fixed = applyEdits(text, fix.edit!.changes![uri]!);
    expect(fixed).toContain("      ReadZ(i) => emit measure h[i];\n      ReadX(i) => { }\n    }");
    const again = opened(KHRNN, fixed);
    expect((again.published.get(uri) as { code: string }[]).map((x) => x.code)).not.toContain("W0102");
  });

  it("W0101: removes the unused param's line", () => {
    const text = read(KHRNN).replace("  param phi:", "  param unused: angle = 0.5; // never used\n  param phi:");
    const { s, td, uri, published } = opened(KHRNN, text);
    const d = (published.get(uri) as { code: string; range: never }[]).find((x) => x.code === "W0101")!;
    const fix = (s.codeActions({ textDocument: td, range: d.range, context: { diagnostics: [] } }) as CodeAction[])[0]!;
    expect(fix.title).toBe("remove the unused param `unused`");
    expect(applyEdits(text, fix.edit!.changes![uri]!)).toBe(read(KHRNN));
  });
});
