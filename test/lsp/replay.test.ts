// 10^4 seeded random edits (insertions and deletions at random offsets) of every example and library
// file, replayed in process through the language service's didChange with interleaved requests at random
// positions: every request is answered (no handler throws), and the analysis always matches the text.

import { describe, expect, it } from "vitest";
import { QseqService } from "../../src/lsp/service.js";
import { EXAMPLE_FILES, positionOf, randomEdit, read, rng, uriOf } from "./client.js";

const EDITS = 10_000;

describe("random edit replay (in process)", () => {
  it(`${EDITS} edits with interleaved hover/definition/completion/documentSymbol/… requests: no failures`, async () => {
    const logs: string[] = [];
    let publishedStale = 0;
    const s = new QseqService({
      debounceMs: 0,
      log: (m) => logs.push(m),
      publish: (uri, _d, version) => { if (version !== 0 && s.document(uri)?.version !== version) publishedStale++; }, // 0: cleared on close
    });
    const r = rng(20261203);
    const perFile = Math.ceil(EDITS / EXAMPLE_FILES.length);
    let requests = 0;
    for (const file of EXAMPLE_FILES) {
      const uri = uriOf(file);
      let text = read(file);
      let version = 1;
      s.open(uri, version, text);
      for (let i = 0; i < perFile; i++) {
        // revert now and then, so the text stays close to a real program
        if (i % 400 === 399) {
          const fresh = read(file);
          s.change(uri, ++version, [{ text: fresh }]);
          text = fresh;
          continue;
        }
        const e = randomEdit(text, r);
        s.change(uri, ++version, [{ range: { start: positionOf(text, e.start), end: positionOf(text, e.end) }, text: e.insert }]);
        text = text.slice(0, e.start) + e.insert + text.slice(e.end);
        expect(s.document(uri)!.getText().length).toBe(text.length);
        const position = positionOf(text, Math.floor(r() * (text.length + 1)));
        const td = { textDocument: { uri }, position };
        switch (i % 8) {
          case 0: s.hover(td); break;
          case 1: s.definition(td); s.documentHighlights(td); break;
          case 2: s.completion(td); break;
          case 3: s.documentSymbols({ textDocument: { uri } }); break;
          case 4: s.references({ ...td, context: { includeDeclaration: true } }); break;
          case 5: s.signatureHelp(td); break;
          case 6: s.semanticTokens({ textDocument: { uri } }); s.foldingRanges({ textDocument: { uri } }); break;
          case 7: s.inlayHints({ textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: positionOf(text, text.length) } }); s.codeActions({ textDocument: { uri }, range: { start: position, end: position }, context: { diagnostics: [] } }); s.prepareRename(td); break;
        }
        requests++;
        expect(s.analysisOf(uri)!.text).toBe(text);
      }
      s.close(uri);
    }
    s.dispose();
    expect(logs).toEqual([]);
    expect(s.stats.errors).toBe(0);
    expect(publishedStale).toBe(0);
    expect(requests).toBeGreaterThan(EDITS * 0.95);
  }, 120_000);
});
