// `qseq lsp --stdio` from the bundled CLI (bin/qseq.js; `npm test` builds it first), driven by a plain
// JSON-RPC client: every feature once with exact expectations, then ~500 random edits with interleaved
// requests, all answered, and the server still alive.

import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { at, EXAMPLE_FILES, LspClient, positionOf, randomEdit, read, ROOT, rng, uriOf, type RpcMessage } from "./client.js";

const KHRNN = uriOf("examples/khrnn.qseq");
const QRNN = uriOf("examples/qrnn.qseq");
const HG = uriOf("stdlib/hypergraph.qseq");

describe("qseq lsp --stdio", () => {
  let c: LspClient;
  const khrnn = read("examples/khrnn.qseq");
  const qrnn = read("examples/qrnn.qseq");
  const hg = read("stdlib/hypergraph.qseq");
  const td = (uri: string) => ({ textDocument: { uri } });

  beforeAll(async () => {
    c = new LspClient();
    const init = await c.initialize();
    expect(init.capabilities).toMatchObject({ hoverProvider: true, definitionProvider: true, renameProvider: { prepareProvider: true }, documentFormattingProvider: true });
  });
  afterAll(async () => { await c.shutdown(); });

  it("publishes diagnostics on open: none for the examples", async () => {
    const k = c.diagnosticsFor(KHRNN), q = c.diagnosticsFor(QRNN);
    c.open(KHRNN, khrnn);
    c.open(QRNN, qrnn);
    expect((await k).diagnostics).toEqual([]);
    expect((await q).diagnostics).toEqual([]);
  });

  it("definition into the standard library, references, rename, hover", async () => {
    const def = await c.call<{ uri: string; range: { start: unknown } }[]>("textDocument/definition", { ...td(KHRNN), position: at(khrnn, "=> hyperedge", 4) });
    expect(def).toEqual([{ uri: HG, range: { start: positionOf(hg, hg.indexOf("hyperedge(theta: angle)")), end: positionOf(hg, hg.indexOf("hyperedge(theta: angle)") + 9) } }]);
    const euler = await c.call<{ uri: string }[]>("textDocument/definition", { ...td(QRNN), position: at(qrnn, "euler(w[i])", 1) });
    expect(euler[0]!.uri).toBe(uriOf("stdlib/layers.qseq"));
    const refs = await c.call<unknown[]>("textDocument/references", { ...td(KHRNN), position: at(khrnn, "n: int"), context: { includeDeclaration: true } });
    expect(refs).toHaveLength(6);
    const rename = await c.call<{ changes: Record<string, unknown[]> }>("textDocument/rename", { ...td(QRNN), position: at(qrnn, "scale:"), newName: "gain" });
    expect(rename.changes[QRNN]).toHaveLength(3);
    const refused = await c.request("textDocument/rename", { ...td(QRNN), position: at(qrnn, "cx a[0]"), newName: "cnot" });
    expect(refused.error?.message).toMatch(/built in/);
    const hover = await c.call<{ contents: { value: string } }>("textDocument/hover", { ...td(QRNN), position: at(qrnn, "model qrnn", 7) });
    expect(hover.contents.value).toContain("6 qubits, 14 params (at n=4)");
  });

  it("completion, signature help, symbols, semantic tokens, folding, inlay hints, lenses", async () => {
    const items = await c.call<{ label: string }[]>("textDocument/completion", { ...td(QRNN), position: at(qrnn, "    cx_ring h;", 4) });
    expect(items.map((i) => i.label)).toEqual(expect.arrayContaining(["euler", "cx_ring", "rot_layer", "for", "ry"]));
    const sig = await c.call<{ signatures: { label: string }[] }>("textDocument/signatureHelp", { ...td(QRNN), position: at(qrnn, "euler(w[i])", 6) });
    expect(sig.signatures[0]!.label).toBe("euler(a: angle[3]) on q: qubit");
    const syms = await c.call<{ name: string; children: { name: string }[] }[]>("textDocument/documentSymbol", td(QRNN));
    expect(syms[0]!.children.map((x) => x.name)).toEqual(["n", "x", "h", "a", "w", "scale", "init", "step"]);
    const tokens = await c.call<{ data: number[] }>("textDocument/semanticTokens/full", td(QRNN));
    expect(tokens.data.length % 5).toBe(0);
    expect(tokens.data.length).toBeGreaterThan(200);
    const folds = await c.call<unknown[]>("textDocument/foldingRange", td(QRNN));
    expect(folds).toHaveLength(5);
    const hints = await c.call<{ label: string }[]>("textDocument/inlayHint", { ...td(QRNN), range: { start: { line: 0, character: 0 }, end: { line: 99, character: 0 } } });
    expect(hints.map((h) => h.label)).toEqual([" × 1 use", " × 2 uses", "gates per step: 21 (qrnn.inputs.json) "]);
    const lenses = await c.call<{ command: { title: string; command: string; arguments: unknown[] } }[]>("textDocument/codeLens", td(QRNN));
    expect(lenses.map((l) => l.command.title)).toEqual(["trainability report", "circuit for qrnn.inputs.json", "OpenQASM for qrnn.inputs.json"]);
    const report = await c.call<string>("workspace/executeCommand", lenses[0]!.command);
    expect(report).toContain("trainability of qrnn<n=4>:");
    const shown = await c.waitFor((m) => m.method === "window/showMessage", 5000, true);
    expect((shown.params as { message: string }).message).toBe(report);
  });

  it("a broken edit gets diagnostics for its version; a quick fix; formatting", async () => {
    const broken = qrnn.replace("euler(w[i]) h[i]", "eulr(w[i]) h[i]");
    const diags = c.diagnosticsFor(QRNN, 2);
    c.notify("textDocument/didChange", { textDocument: { uri: QRNN, version: 2 }, contentChanges: [{ text: broken }] });
    const d = (await diags).diagnostics;
    expect(d.map((x) => x.code)).toEqual(["E0302"]);
    const p = positionOf(broken, broken.indexOf("eulr"));
    expect(d[0]!.range).toEqual({ start: p, end: { line: p.line, character: p.character + 4 } });
    const ugly = khrnn.replace(/\n +/g, "\n");
    const diags3 = c.diagnosticsFor(KHRNN, 3);
    c.notify("textDocument/didChange", { textDocument: { uri: KHRNN, version: 3 }, contentChanges: [{ text: ugly.replace("      ReadX(i) => emit read_x(phi[i]) h[i];\n".trimStart(), "") }] });
    const w = (await diags3).diagnostics.find((x) => x.code === "W0102")!;
    expect(w.message).toContain("`ReadX`");
    const actions = await c.call<{ title: string; edit: { changes: Record<string, { newText: string }[]> } }[]>("textDocument/codeAction", { ...td(KHRNN), range: w.range, context: { diagnostics: [w] } });
    expect(actions.map((a) => a.title)).toEqual(["add the missing arm: ReadX"]);
    expect(actions[0]!.edit.changes[KHRNN]![0]!.newText).toBe("  ReadX(i) => { }\n");
    c.notify("textDocument/didChange", { textDocument: { uri: KHRNN, version: 4 }, contentChanges: [{ text: ugly }] });
    const edits = await c.call<{ newText: string }[]>("textDocument/formatting", { ...td(KHRNN), options: { tabSize: 2, insertSpaces: true } });
    expect(edits).toHaveLength(1);
    expect(edits[0]!.newText.split("\n").slice(15, 20)).toEqual(khrnn.split("\n").slice(15, 20));
  });

  it("odd requests (unopened documents, positions past the end, bad arguments) get empty answers", async () => {
    const nowhere = { textDocument: { uri: uriOf("examples/missing.qseq") }, position: { line: 0, character: 0 } };
    expect(await c.call("textDocument/hover", nowhere)).toBeNull();
    expect(await c.call("textDocument/definition", nowhere)).toEqual([]);
    const far = { ...td(QRNN), position: { line: 9999, character: 9999 } };
    expect(await c.call("textDocument/completion", far)).toEqual(expect.any(Array));
    expect(await c.call("textDocument/signatureHelp", far)).toBeNull();
    expect(await c.call("workspace/executeCommand", { command: "qseq.trainability", arguments: [42] })).toBeNull();
    expect(await c.call("workspace/executeCommand", { command: "qseq.trainability" })).toBeNull();
    c.notify("textDocument/didChange", { textDocument: { uri: uriOf("examples/missing.qseq"), version: 9 }, contentChanges: [{ text: "x" }] });
    expect(await c.call("textDocument/documentSymbol", td(QRNN))).toEqual(expect.any(Array));
    expect(c.exited).toBeUndefined();
  });

  it("~500 random edits with interleaved requests: every request answered, the server alive", async () => {
    const r = rng(7);
    const pending: Promise<RpcMessage>[] = [];
    let version = 100;
    for (const file of EXAMPLE_FILES) {
      const uri = uriOf(file);
      let text = read(file);
      c.notify("textDocument/didOpen", { textDocument: { uri, languageId: "qseq", version: ++version, text } });
      for (let i = 0; i < 72; i++) {
        const e = randomEdit(text, r);
        c.notify("textDocument/didChange", { textDocument: { uri, version: ++version }, contentChanges: [{ range: { start: positionOf(text, e.start), end: positionOf(text, e.end) }, text: e.insert }] });
        text = text.slice(0, e.start) + e.insert + text.slice(e.end);
        const position = positionOf(text, Math.floor(r() * (text.length + 1)));
        const methods = ["textDocument/hover", "textDocument/definition", "textDocument/completion", "textDocument/documentSymbol", "textDocument/signatureHelp", "textDocument/semanticTokens/full", "textDocument/documentHighlight", "textDocument/foldingRange", "textDocument/references", "textDocument/inlayHint", "textDocument/codeAction", "textDocument/codeLens"];
        const method = methods[i % methods.length]!;
        const params = /documentSymbol|full|foldingRange|codeLens/.test(method) ? td(uri)
          : method.endsWith("references") ? { ...td(uri), position, context: { includeDeclaration: true } }
          : /inlayHint|codeAction/.test(method) ? { ...td(uri), range: { start: { line: 0, character: 0 }, end: position }, context: { diagnostics: [] } }
          : { ...td(uri), position };
        pending.push(c.request(method, params));
      }
      // the last version's diagnostics arrive (never an older one after it)
      const last = await c.diagnosticsFor(uri, version);
      expect(last.version).toBe(version);
      c.notify("textDocument/didClose", td(uri));
    }
    const answers = await Promise.all(pending);
    expect(answers.length).toBe(EXAMPLE_FILES.length * 72);
    expect(answers.filter((a) => a.error && a.error.code !== -32800)).toEqual([]);
    expect(c.exited).toBeUndefined();
    expect(c.stderr).toBe("");
    const logs = c.notifications.filter((m) => m.method === "window/logMessage");
    expect(logs).toEqual([]);
  }, 60_000);

  it("`qseq lsp` without --stdio talks over stdio too, and exits on shutdown + exit", async () => {
    const plain = new LspClient([resolve(ROOT, "bin/qseq.js"), "lsp"]);
    const init = await plain.initialize();
    expect(init.capabilities["hoverProvider"]).toBe(true);
    await plain.shutdown();
    expect(plain.exited).toBe(0);
  });
});
