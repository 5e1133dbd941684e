// The TextMate grammar (grammar/qseq.tmLanguage.json) against its generator and against the real lexer.
//
// The grammar is generated from the lexer's keyword list (grammar/build-grammar.ts); a stale JSON fails
// here. The differential part tokenizes every example and standard-library file with vscode-textmate
// (the engine VS Code uses) and checks each token of the real lexer: comments, literals, keywords and
// identifiers must get the scopes of their kind, over exactly their extent.

import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { IToken as LexToken } from "chevrotain";
import oniguruma from "vscode-oniguruma";
import vsctm from "vscode-textmate";
import { beforeAll, describe, expect, it } from "vitest";
import { GRAMMAR_PATH, KEYWORD_GROUPS, grammarText, keywordScope, lexerKeywords } from "../../grammar/build-grammar.js";
import { parseSource } from "../../src/syntax/parse.js";
import { KEYWORDS, qseqLexer } from "../../src/syntax/tokens.js";

const require = createRequire(import.meta.url);

let grammar: vsctm.IGrammar;

beforeAll(async () => {
  const wasm = readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm"));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const onigLib: vsctm.IOnigLib = {
    createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
    createOnigString: (s) => new oniguruma.OnigString(s),
  };
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve(onigLib),
    loadGrammar: async (scopeName) =>
      scopeName === "source.qseq" ? vsctm.parseRawGrammar(readFileSync(GRAMMAR_PATH, "utf8"), GRAMMAR_PATH) : null,
  });
  const g = await registry.loadGrammar("source.qseq");
  if (!g) throw new Error("the grammar did not load");
  grammar = g;
});

/** One TextMate token, with offsets into the whole text. */
interface TmToken {
  readonly start: number;
  readonly end: number;
  readonly scopes: readonly string[];
}

/** Tokenizes line by line, carrying the rule stack, as an editor does. */
function tokenize(text: string): TmToken[] {
  const out: TmToken[] = [];
  let stack = vsctm.INITIAL;
  let offset = 0;
  for (const line of text.split("\n")) {
    const r = grammar.tokenizeLine(line, stack);
    for (const t of r.tokens) {
      const end = Math.min(t.endIndex, line.length);
      if (end > t.startIndex) out.push({ start: offset + t.startIndex, end: offset + end, scopes: t.scopes });
    }
    stack = r.ruleStack;
    offset += line.length + 1;
  }
  return out;
}

/** For every character of the text, the index of the TextMate token covering it (-1: a line break). */
function tokenIndex(text: string, tokens: readonly TmToken[]): Int32Array {
  const index = new Int32Array(text.length).fill(-1);
  tokens.forEach((t, i) => index.fill(i, t.start, t.end));
  return index;
}

const KEYWORD_LIKE = /^(?:keyword|storage|support\.type|constant\.language\.boolean)\./;
const has = (scopes: readonly string[], prefix: string): boolean => scopes.some((s) => s.startsWith(prefix));

const FILES = [
  ...readdirSync("examples").filter((f) => f.endsWith(".qseq")).map((f) => `examples/${f}`),
  ...readdirSync("stdlib").filter((f) => f.endsWith(".qseq")).map((f) => `stdlib/${f}`),
].sort();

/**
 * Tokenizes `text` with the grammar and checks every token of the real lexer: comments (and nothing
 * else) are comments over their whole extent, literals are numbers and strings, keywords get their
 * keyword scope, identifiers never a keyword-like one, operators an operator or punctuation scope, and
 * the grammar's token boundaries fall on the lexer's.
 */
function checkAgainstLexer(text: string, file: string): { comments: number; keyword: number; number: number; string: number; identifier: number } {
  const lexed = qseqLexer.tokenize(text);
  expect(lexed.errors).toEqual([]);
  const comments = parseSource(text, file).comments;
  const tm = tokenize(text);
  const index = tokenIndex(text, tm);
  const scopesAt = (o: number): readonly string[] => tm[index[o]!]?.scopes ?? [];
  const where = (t: LexToken): string => `${file}:${t.startLine}:${t.startColumn} ${t.tokenType.name} ${JSON.stringify(t.image)}`;
  /** The token's characters, and that the grammar's token boundaries fall on its edges. */
  const span = (t: LexToken): number[] => {
    const start = t.startOffset;
    const end = t.endOffset! + 1;
    expect(start === 0 || index[start] !== index[start - 1] || index[start] === -1, `${where(t)}: starts inside a grammar token`).toBe(true);
    expect(end === text.length || index[end] !== index[end - 1] || index[end] === -1, `${where(t)}: ends inside a grammar token`).toBe(true);
    const chars: number[] = [];
    for (let o = start; o < end; o++) if (text[o] !== "\n") chars.push(o);
    return chars;
  };
  /** One grammar token covers exactly the lexer token. */
  const whole = (t: LexToken): void => {
    const chars = span(t);
    expect(new Set(chars.map((o) => index[o])).size, `${where(t)}: split into several grammar tokens`).toBe(1);
  };

  // Comments: the whole extent, and nothing but comment scopes inside.
  const inComment = new Uint8Array(text.length);
  const commentScope: Record<string, string> = {
    DocComment: "comment.line.documentation.qseq",
    LineComment: "comment.line.double-slash.qseq",
    BlockComment: "comment.block.qseq",
  };
  for (const c of comments) {
    const expected = commentScope[c.tokenType.name];
    expect(expected, where(c)).toBeDefined();
    for (const o of span(c)) {
      inComment[o] = 1;
      const scopes = scopesAt(o);
      expect(scopes, where(c)).toContain(expected);
      for (const s of scopes) expect(s === "source.qseq" || s.startsWith("comment.") || s.startsWith("punctuation.definition.comment."), `${where(c)}: ${s}`).toBe(true);
    }
  }
  // … and no comment scope outside the lexer's comments.
  for (let o = 0; o < text.length; o++) {
    if (!inComment[o] && /\S/.test(text[o]!)) expect(has(scopesAt(o), "comment."), `${file} offset ${o} (${JSON.stringify(text.slice(o, o + 20))})`).toBe(false);
  }

  const counts = { comments: comments.length, keyword: 0, number: 0, string: 0, identifier: 0 };
  for (const t of lexed.tokens) {
    const name = t.tokenType.name;
    const scopes = (): readonly string[] => scopesAt(t.startOffset);
    if (name.startsWith("Kw_")) {
      counts.keyword++;
      whole(t);
      expect(scopes(), where(t)).toContain(keywordScope(name.slice(3)));
    } else if (name === "IntLiteral" || name === "FloatLiteral") {
      counts.number++;
      whole(t);
      expect(scopes(), where(t)).toContain(name === "IntLiteral" ? "constant.numeric.integer.qseq" : "constant.numeric.float.qseq");
    } else if (name === "StringLiteral") {
      counts.string++;
      for (const o of span(t)) expect(scopesAt(o), where(t)).toContain("string.quoted.double.qseq");
    } else if (name === "Identifier") {
      counts.identifier++;
      whole(t);
      for (const s of scopes()) {
        expect(KEYWORD_LIKE.test(s), `${where(t)}: ${s}`).toBe(false);
        expect(/^(?:comment|string|constant\.numeric)\./.test(s), `${where(t)}: ${s}`).toBe(false);
      }
      expect(scopes().length, where(t)).toBeGreaterThan(1);
    } else {
      // Operators and punctuation.
      whole(t);
      expect(scopes().some((s) => /^(?:keyword\.operator|punctuation)\./.test(s)), `${where(t)}: ${scopes().join(" ")}`).toBe(true);
    }
  }
  return counts;
}

describe("grammar/qseq.tmLanguage.json", () => {
  it("is what grammar/build-grammar.ts generates (run `npx tsx grammar/build-grammar.ts` after changing the lexer)", () => {
    expect(readFileSync(GRAMMAR_PATH, "utf8")).toBe(grammarText());
  });

  it("takes its keywords from the lexer, and every group word is a keyword", () => {
    const words = lexerKeywords();
    expect(words.length).toBe(KEYWORDS.length);
    expect(words).toContain("qubit");
    for (const g of KEYWORD_GROUPS) for (const w of g.words) expect(words).toContain(w);
    // Every keyword has a group of its own (the fallback scope is for keywords added to the lexer later).
    const grouped = KEYWORD_GROUPS.flatMap((g) => g.words);
    expect([...words].sort()).toEqual([...grouped].sort());
  });

  it("scopes every keyword of the lexer as a keyword in a small statement context", () => {
    const kwTypes = KEYWORDS.filter((t) => t.name.startsWith("Kw_"));
    expect(kwTypes.length).toBe(KEYWORDS.length);
    for (const t of kwTypes) {
      const w = t.name.slice(3);
      for (const ctx of [`${w}`, `  ${w} x;`, `let y = ${w};`, `{ ${w}(1) }`, `x ${w} y`, `h[0]; ${w}`]) {
        const at = ctx.lastIndexOf(w);
        // The real lexer agrees that this is the keyword.
        const lexed = qseqLexer.tokenize(ctx).tokens.find((k) => k.startOffset === at);
        expect(lexed?.tokenType, ctx).toBe(t);
        const tok = tokenize(ctx).find((k) => k.start === at);
        expect(tok, ctx).toBeDefined();
        expect(tok!.end, ctx).toBe(at + w.length);
        expect(tok!.scopes, ctx).toContain(keywordScope(w));
        expect(tok!.scopes.some((s) => KEYWORD_LIKE.test(s)), ctx).toBe(true);
      }
    }
  });

  it.each(FILES)("agrees with the lexer on %s", (file) => {
    const counts = checkAgainstLexer(readFileSync(file, "utf8"), file);
    expect(counts.comments).toBeGreaterThan(0);
    expect(counts.keyword).toBeGreaterThan(0);
    expect(counts.number).toBeGreaterThan(0);
    expect(counts.identifier).toBeGreaterThan(0);
  });

  it("agrees with the lexer on the corner cases of comments, numbers, strings and keyword boundaries", () => {
    const text = [
      "/** block /* not nested */ x = 1;",
      "/* two",
      "   lines // still the block",
      "*/ y = .5 + 1. + 2e-3 * 1.0E+2 ** 3 % 4 - 7e5;",
      "// a line /* not a block",
      "/// doc // still the doc comment",
      "iff _if if_ measure_q x1 in2 tokens_ step2 qubits Z X1 pi2 2else 3in;",
      "for i in 0..n { a[1..2]; b[0..len(q) - 1]; } 1...5;",
      's = "a\\"b // not a comment /* */" + "c";',
      "ctrl(2) @ negctrl @ inv @ pow(0.5) @ x a, b, c;",
      "if (a <= b && !c || d != e == f >= g < h > i) { } else { }",
      "/**/ z; /* */ /***/ w;",
      "tokens { A, B; C() D(i: int) }",
      "model m { step(t) -> bit[2]? { match t { A => { } _ => { } } } }",
      "emit expect Z(h) * Y(q[0]); let v: float = euler * tau;",
    ].join("\n");
    const counts = checkAgainstLexer(text, "corner-cases");
    expect(counts).toEqual(expect.objectContaining({ comments: 7, string: 2 }));
  });

  it("scopes a short file as expected", () => {
    const text = [
      'import "std/layers";',
      "/// Phase on |1…1>.",
      "cell hyperedge(theta: angle) on q: qubit[] {",
      "  ctrl(len(q) - 1) @ p(theta) q; /* a block",
      "  comment */",
      "}",
      "model m<n: int = 2> {",
      "  tokens { Edge(e: subset<2> of 0..n), ReadX(i: 0..n) }",
      "  hidden h: qubit[n];",
      "  param t: angle[n] = pi / 2.5e-1;",
      "  step(tok) -> float? {",
      "    match tok {",
      "      Edge(e) => hyperedge(t[0]) h[e];",
      "      ReadX(i) => emit expect X(h[i]) * Z(h[0]);",
      "      _ => { h h; }",
      "    }",
      "  }",
      "}",
    ].join("\n");
    const tm = tokenize(text);
    const lines = text.split("\n");
    /** The innermost scope of the n-th grammar token on line `line` (1-based) whose text is `image`. */
    const scopeOf = (line: number, image: string, nth = 1): string => {
      let from = 0;
      for (let i = 1; i < line; i++) from += lines[i - 1]!.length + 1;
      const to = from + lines[line - 1]!.length;
      const tok = tm.filter((t) => t.start >= from && t.end <= to && text.slice(t.start, t.end) === image)[nth - 1];
      expect(tok, `line ${line}: no token ${JSON.stringify(image)} (#${nth})`).toBeDefined();
      return tok!.scopes[tok!.scopes.length - 1]!;
    };
    expect(scopeOf(1, "import")).toBe("keyword.control.import.qseq");
    expect(scopeOf(1, '"')).toBe("punctuation.definition.string.begin.qseq");
    expect(scopeOf(1, "std/layers")).toBe("string.quoted.double.qseq");
    expect(scopeOf(2, "///")).toBe("punctuation.definition.comment.qseq");
    expect(scopeOf(2, " Phase on |1…1>.")).toBe("comment.line.documentation.qseq");
    expect(scopeOf(3, "cell")).toBe("storage.type.declaration.cell.qseq");
    expect(scopeOf(3, "hyperedge")).toBe("entity.name.function.cell.qseq");
    expect(scopeOf(3, "theta")).toBe("variable.parameter.qseq");
    expect(scopeOf(3, "angle")).toBe("support.type.primitive.angle.qseq");
    expect(scopeOf(3, "on")).toBe("keyword.other.on.qseq");
    expect(scopeOf(4, "ctrl")).toBe("storage.modifier.gate.ctrl.qseq");
    expect(scopeOf(4, "len")).toBe("support.function.builtin.qseq");
    expect(scopeOf(4, "@")).toBe("keyword.operator.modifier.qseq");
    expect(scopeOf(4, "p")).toBe("entity.name.function.qseq");
    expect(scopeOf(4, "/*")).toBe("punctuation.definition.comment.begin.qseq");
    expect(scopeOf(5, "  comment ")).toBe("comment.block.qseq");
    expect(scopeOf(7, "model")).toBe("storage.type.declaration.model.qseq");
    expect(scopeOf(7, "m")).toBe("entity.name.type.model.qseq");
    expect(scopeOf(7, "<")).toBe("punctuation.definition.typeparameters.begin.qseq");
    expect(scopeOf(7, "n")).toBe("variable.parameter.qseq");
    expect(scopeOf(8, "tokens")).toBe("storage.type.declaration.tokens.qseq");
    expect(scopeOf(8, "Edge")).toBe("entity.name.type.variant.qseq");
    expect(scopeOf(8, "subset")).toBe("support.type.subset.qseq");
    expect(scopeOf(8, "of")).toBe("keyword.other.of.qseq");
    expect(scopeOf(8, "0", 1)).toBe("constant.numeric.integer.qseq");
    expect(scopeOf(8, "..")).toBe("keyword.operator.range.qseq");
    expect(scopeOf(8, "ReadX")).toBe("entity.name.type.variant.qseq");
    expect(scopeOf(9, "hidden")).toBe("storage.type.declaration.hidden.qseq");
    expect(scopeOf(9, "h")).toBe("entity.name.variable.register.qseq");
    expect(scopeOf(10, "t")).toBe("entity.name.variable.param.qseq");
    expect(scopeOf(10, "pi")).toBe("constant.language.math.qseq");
    expect(scopeOf(10, "2.5e-1")).toBe("constant.numeric.float.qseq");
    expect(scopeOf(11, "step")).toBe("storage.type.block.step.qseq");
    expect(scopeOf(11, "tok")).toBe("variable.parameter.binder.qseq");
    expect(scopeOf(11, "->")).toBe("keyword.operator.arrow.qseq");
    expect(scopeOf(11, "float")).toBe("support.type.primitive.float.qseq");
    expect(scopeOf(11, "?")).toBe("keyword.operator.optional.qseq");
    expect(scopeOf(12, "match")).toBe("keyword.control.conditional.match.qseq");
    expect(scopeOf(13, "Edge")).toBe("entity.name.type.variant.qseq");
    expect(scopeOf(13, "=>")).toBe("keyword.operator.arrow.fat.qseq");
    expect(scopeOf(13, "hyperedge")).toBe("entity.name.function.qseq");
    expect(scopeOf(14, "emit")).toBe("keyword.control.flow.emit.qseq");
    expect(scopeOf(14, "expect")).toBe("keyword.other.quantum.expect.qseq");
    expect(scopeOf(14, "X")).toBe("constant.language.pauli.qseq");
    expect(scopeOf(14, "Z")).toBe("constant.language.pauli.qseq");
    expect(scopeOf(14, "*")).toBe("keyword.operator.arithmetic.qseq");
    expect(scopeOf(15, "_")).toBe("variable.language.wildcard.qseq");
    expect(scopeOf(15, "h", 1)).toBe("entity.name.function.qseq");
    expect(scopeOf(15, "h", 2)).toBe("variable.other.qseq");
  });
});

describe("grammar/language-configuration.json and the VS Code extension", () => {
  const config = JSON.parse(readFileSync("grammar/language-configuration.json", "utf8")) as {
    comments: { lineComment: string; blockComment: [string, string] };
    brackets: [string, string][];
    autoClosingPairs: { open: string; close: string }[];
    surroundingPairs: [string, string][];
    wordPattern: string;
    indentationRules: { increaseIndentPattern: string; decreaseIndentPattern: string };
    folding: { markers: { start: string; end: string } };
  };

  it("has the lexer's comment markers and brackets, and a word pattern that matches identifiers and numbers", () => {
    expect(config.comments).toEqual({ lineComment: "//", blockComment: ["/*", "*/"] });
    expect(config.brackets).toEqual([["{", "}"], ["[", "]"], ["(", ")"]]);
    for (const [open, close] of config.brackets) expect(config.autoClosingPairs).toContainEqual(expect.objectContaining({ open, close }));
    const word = new RegExp(`^(?:${config.wordPattern})$`);
    for (const w of ["hyperedge", "read_x", "_", "h2", "42", "1.5", "2e-3"]) expect(word.test(w), w).toBe(true);
    for (const w of ["a.b", "h[0]", "x-y"]) expect(word.test(w), w).toBe(false);
    expect(new RegExp(config.indentationRules.increaseIndentPattern).test("model m {")).toBe(true);
    expect(new RegExp(config.indentationRules.increaseIndentPattern).test("  h h; // {")).toBe(false);
    expect(new RegExp(config.indentationRules.decreaseIndentPattern).test("  }")).toBe(true);
    expect(new RegExp(config.folding.markers.start).test("  // #region gates")).toBe(true);
    expect(new RegExp(config.folding.markers.end).test("  // #endregion")).toBe(true);
  });

  it("editors/vscode/package.json points at the grammar and the language configuration", () => {
    const pkg = JSON.parse(readFileSync("editors/vscode/package.json", "utf8")) as {
      name: string;
      engines: { vscode: string };
      contributes: {
        languages: { id: string; extensions: string[]; configuration: string }[];
        grammars: { language: string; scopeName: string; path: string }[];
      };
    };
    expect(pkg.name).toBe("qseq-vscode");
    const lang = pkg.contributes.languages.find((l) => l.id === "qseq")!;
    expect(lang.extensions).toEqual([".qseq"]);
    expect(new URL(lang.configuration, "file:///r/editors/vscode/").pathname).toBe("/r/grammar/language-configuration.json");
    const g = pkg.contributes.grammars.find((x) => x.language === "qseq")!;
    expect(g.scopeName).toBe("source.qseq");
    expect(new URL(g.path, "file:///r/editors/vscode/").pathname).toBe("/r/grammar/qseq.tmLanguage.json");
  });

  it("editors/vscode starts the language server: its entry point parses and runs `qseq lsp --stdio` on .qseq documents", () => {
    const pkg = JSON.parse(readFileSync("editors/vscode/package.json", "utf8")) as {
      main: string; activationEvents: string[]; dependencies: Record<string, string>;
      contributes: { configuration: { properties: Record<string, { default: unknown }> } };
    };
    expect(pkg.activationEvents).toContain("onLanguage:qseq");
    expect(pkg.dependencies["vscode-languageclient"]).toBeDefined();
    expect(pkg.contributes.configuration.properties["qseq.server.command"]!.default).toBe("qseq");
    const main = new URL(pkg.main, "file:///r/editors/vscode/").pathname.replace("/r/", "");
    const check = spawnSync(process.execPath, ["--check", main], { encoding: "utf8" });
    expect(check.status, check.stderr).toBe(0);
    const source = readFileSync(main, "utf8");
    expect(source).toContain('"lsp", "--stdio"');
    expect(source).toContain('language: "qseq"');
  });
});
