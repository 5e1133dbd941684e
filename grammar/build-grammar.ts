// Generates the TextMate grammar of .qseq (grammar/qseq.tmLanguage.json) from the lexer's keyword list,
// so that the editor grammar and the lexer cannot drift apart. Run after changing src/syntax/tokens.ts:
//
//   npx tsx grammar/build-grammar.ts
//
// test/grammar/grammar.test.ts fails when the committed JSON differs from what this script generates,
// and checks the grammar against the real lexer on every example and standard-library file.

import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { KEYWORDS } from "../src/syntax/tokens.js";
import { BUILTIN_CONSTANTS, BUILTIN_FUNCTIONS } from "../src/check/builtins.js";

/** A TextMate rule (the subset of the format this grammar uses). */
export interface Rule {
  name?: string;
  match?: string;
  begin?: string;
  end?: string;
  captures?: Record<string, { name: string }>;
  beginCaptures?: Record<string, { name: string }>;
  endCaptures?: Record<string, { name: string }>;
  patterns?: Rule[];
  include?: string;
  comment?: string;
}

export interface Grammar {
  $schema: string;
  name: string;
  scopeName: string;
  fileTypes: string[];
  comment: string;
  patterns: Rule[];
  repository: Record<string, Rule>;
}

/** The keywords of the lexer, in its order: the token names are `Kw_<word>`. */
export function lexerKeywords(): string[] {
  return KEYWORDS.map((t) => {
    if (!t.name.startsWith("Kw_")) throw new Error(`keyword token ${t.name} is not named Kw_<word>`);
    return t.name.slice(3);
  });
}

/**
 * The keyword groups: a keyword `w` of group `base` gets the scope `<base>.<w>.qseq` (e.g.
 * `keyword.control.conditional.if.qseq`, `support.type.primitive.qubit.qseq`). A keyword of the lexer that
 * no group lists still gets `keyword.other.<w>.qseq`; a listed word that the lexer does not have is an
 * error (the table is stale).
 */
export const KEYWORD_GROUPS: ReadonlyArray<{ readonly base: string; readonly words: readonly string[] }> = [
  { base: "keyword.control", words: ["import"] },
  { base: "keyword.control.conditional", words: ["if", "else", "match"] },
  { base: "keyword.control.loop", words: ["for", "in"] },
  { base: "keyword.control.flow", words: ["return", "emit"] },
  { base: "storage.type.declaration", words: ["const", "cell", "model", "tokens", "input", "hidden", "fresh", "param", "let"] },
  { base: "storage.type.block", words: ["init", "step", "final"] },
  { base: "keyword.other.quantum", words: ["measure", "reset", "barrier", "expect"] },
  { base: "storage.modifier.gate", words: ["ctrl", "negctrl", "inv", "pow"] },
  { base: "support.type.primitive", words: ["int", "float", "angle", "bool", "bit", "qubit"] },
  { base: "support.type", words: ["subset"] },
  { base: "keyword.other", words: ["on", "of"] },
  { base: "constant.language.boolean", words: ["true", "false"] },
];
const FALLBACK_KEYWORD_BASE = "keyword.other";

/**
 * Predeclared names (src/check/builtins.ts): ordinary identifiers for the lexer, not keywords. `euler`,
 * the standard library's rotation cell, is highlighted with the constants.
 */
export const CONSTANTS: readonly string[] = [...Object.keys(BUILTIN_CONSTANTS), "euler"];
export const FUNCTIONS: readonly string[] = BUILTIN_FUNCTIONS;
export const PAULIS = ["X", "Y", "Z"] as const;

/** The scope a keyword gets: `<base of its group>.<word>.qseq`. */
export function keywordScope(word: string): string {
  const group = KEYWORD_GROUPS.find((g) => g.words.includes(word));
  return `${group?.base ?? FALLBACK_KEYWORD_BASE}.${word}.qseq`;
}

const ID = "[A-Za-z_][A-Za-z0-9_]*";
/**
 * Identifier boundaries as the lexer sees them (ASCII only, unlike `\b`). A word may start right after a
 * number (`2else` is an int and a keyword); identifiers are matched whole, so no rule starts inside one.
 */
const B = "(?<![A-Za-z_])";
const E = "(?![A-Za-z0-9_])";
const alt = (words: readonly string[]): string => [...words].sort((a, b) => b.length - a.length || a.localeCompare(b)).join("|");

export function buildGrammar(): Grammar {
  const keywords = lexerKeywords();
  for (const g of KEYWORD_GROUPS) {
    for (const w of g.words) if (!keywords.includes(w)) throw new Error(`KEYWORD_GROUPS lists '${w}', which is not a keyword of the lexer`);
  }
  const word = (w: string): string => `${B}(${w})${E}`;
  const notKw = `(?!(?:${alt(keywords)})${E})`;
  const NAME = `${notKw}${ID}`;
  const kw = (w: string): { name: string } => ({ name: keywordScope(w) });
  const scope = (name: string): { name: string } => ({ name });

  // One rule per group, in the order of the table; the fallback last.
  const grouped = new Set(KEYWORD_GROUPS.flatMap((g) => g.words));
  // `$1` in a capture's name is the captured text (vscode-textmate, as TextMate): one scope per word.
  const keywordRules: Rule[] = KEYWORD_GROUPS.map((g) => ({ match: `${B}(${alt(g.words)})${E}`, captures: { 1: { name: `${g.base}.$1.qseq` } } }));
  const rest = keywords.filter((w) => !grouped.has(w));
  if (rest.length) keywordRules.push({ match: `${B}(${alt(rest)})${E}`, captures: { 1: { name: `${FALLBACK_KEYWORD_BASE}.$1.qseq` } } });

  const expression: Rule[] = [
    { include: "#comments" },
    { include: "#strings" },
    { include: "#subset" },
    { include: "#keywords" },
    { include: "#numbers" },
    { include: "#functions" },
    { include: "#constants" },
    { include: "#parameters" },
    { include: "#operators" },
    { include: "#punctuation" },
    { include: "#identifiers" },
  ];

  const repository: Record<string, Rule> = {
    comments: {
      patterns: [
        {
          comment: "/// doc comment (documents the next cell, model or const)",
          match: "(///)[^\\n]*",
          name: "comment.line.documentation.qseq",
          captures: { 1: scope("punctuation.definition.comment.qseq") },
        },
        {
          match: "(//)[^\\n]*",
          name: "comment.line.double-slash.qseq",
          captures: { 1: scope("punctuation.definition.comment.qseq") },
        },
        {
          comment: "block comments do not nest",
          begin: "/\\*",
          end: "\\*/",
          name: "comment.block.qseq",
          beginCaptures: { 0: scope("punctuation.definition.comment.begin.qseq") },
          endCaptures: { 0: scope("punctuation.definition.comment.end.qseq") },
        },
      ],
    },
    strings: {
      patterns: [
        {
          comment: "a string ends at its closing quote or, unterminated, at the end of the line",
          begin: '"',
          end: '"|$',
          name: "string.quoted.double.qseq",
          beginCaptures: { 0: scope("punctuation.definition.string.begin.qseq") },
          endCaptures: { 0: scope("punctuation.definition.string.end.qseq") },
          patterns: [{ match: "\\\\.", name: "constant.character.escape.qseq" }],
        },
      ],
    },
    numbers: {
      comment: "the lexer's FloatLiteral and IntLiteral; `0..n` is an int and a range, not `0.` and `.n`",
      patterns: [
        { match: "(?:\\d+\\.(?!\\.)\\d*(?:[eE][+-]?\\d+)?|\\.\\d+(?:[eE][+-]?\\d+)?|\\d+[eE][+-]?\\d+)", name: "constant.numeric.float.qseq" },
        { match: "\\d+", name: "constant.numeric.integer.qseq" },
      ],
    },
    keywords: { patterns: keywordRules },
    declarations: {
      patterns: [
        {
          comment: "cell NAME",
          match: `${word("cell")}\\s+(${NAME})`,
          captures: { 1: kw("cell"), 2: scope("entity.name.function.cell.qseq") },
        },
        {
          comment: "model NAME<HYPER: int = DEFAULT, …>",
          begin: `${word("model")}\\s+(${NAME})\\s*(<)`,
          end: ">",
          beginCaptures: { 1: kw("model"), 2: scope("entity.name.type.model.qseq"), 3: scope("punctuation.definition.typeparameters.begin.qseq") },
          endCaptures: { 0: scope("punctuation.definition.typeparameters.end.qseq") },
          patterns: expression,
        },
        {
          comment: "model NAME",
          match: `${word("model")}\\s+(${NAME})`,
          captures: { 1: kw("model"), 2: scope("entity.name.type.model.qseq") },
        },
        { match: `${word("param")}\\s+(${NAME})`, captures: { 1: kw("param"), 2: scope("entity.name.variable.param.qseq") } },
        { match: `${word("hidden")}\\s+(${NAME})`, captures: { 1: kw("hidden"), 2: scope("entity.name.variable.register.qseq") } },
        { match: `${word("fresh")}\\s+(${NAME})`, captures: { 1: kw("fresh"), 2: scope("entity.name.variable.register.qseq") } },
        { match: `${word("input")}\\s+(${NAME})`, captures: { 1: kw("input"), 2: scope("entity.name.variable.input.qseq") } },
        { match: `${word("const")}\\s+(${NAME})`, captures: { 1: kw("const"), 2: scope("entity.name.constant.qseq") } },
        { match: `${word("let")}\\s+(${NAME})`, captures: { 1: kw("let"), 2: scope("entity.name.variable.local.qseq") } },
        {
          comment: "step(BINDER)",
          match: `${word("step")}\\s*(\\()\\s*(${NAME})\\s*(\\))`,
          captures: {
            1: kw("step"),
            2: scope("punctuation.section.parens.begin.qseq"),
            3: scope("variable.parameter.binder.qseq"),
            4: scope("punctuation.section.parens.end.qseq"),
          },
        },
        { comment: "for VAR in …", match: `${word("for")}\\s+(${NAME})`, captures: { 1: kw("for"), 2: scope("variable.other.loop.qseq") } },
        {
          comment: "tokens { Variant(field: type, …) … }",
          begin: word("tokens"),
          end: "(?<=\\})|(?=[^\\s{/])",
          beginCaptures: { 1: kw("tokens") },
          patterns: [{ include: "#comments" }, { include: "#tokens-body" }],
        },
      ],
    },
    "tokens-body": {
      begin: "\\{",
      end: "\\}",
      beginCaptures: { 0: scope("punctuation.section.block.begin.qseq") },
      endCaptures: { 0: scope("punctuation.section.block.end.qseq") },
      patterns: [
        { include: "#comments" },
        {
          begin: "\\(",
          end: "\\)",
          beginCaptures: { 0: scope("punctuation.section.parens.begin.qseq") },
          endCaptures: { 0: scope("punctuation.section.parens.end.qseq") },
          patterns: [{ include: "#parens" }, ...expression],
        },
        { include: "#keywords" },
        { match: `${B}${NAME}`, name: "entity.name.type.variant.qseq" },
        { include: "#punctuation" },
      ],
    },
    parens: {
      begin: "\\(",
      end: "\\)",
      beginCaptures: { 0: scope("punctuation.section.parens.begin.qseq") },
      endCaptures: { 0: scope("punctuation.section.parens.end.qseq") },
      patterns: [{ include: "#parens" }, ...expression],
    },
    subset: {
      comment: "subset<K> of A..B",
      begin: `${word("subset")}\\s*(<)`,
      end: ">",
      beginCaptures: { 1: kw("subset"), 2: scope("punctuation.definition.typeparameters.begin.qseq") },
      endCaptures: { 0: scope("punctuation.definition.typeparameters.end.qseq") },
      patterns: expression,
    },
    expect: {
      comment: "expect P(q) * …: the Pauli letters X, Y, Z are ordinary identifiers for the lexer",
      begin: word("expect"),
      end: "(?=[;{}])",
      beginCaptures: { 1: kw("expect") },
      patterns: [
        { include: "#comments" },
        { match: `${B}(${alt(PAULIS)})(?=\\s*\\()`, name: "constant.language.pauli.qseq" },
        ...expression,
      ],
    },
    variants: {
      comment: "match arms: Variant(binder, …) => … and the wildcard _ =>",
      patterns: [
        { match: `${B}_(?=\\s*=>)`, name: "variable.language.wildcard.qseq" },
        { match: `${B}${NAME}(?=\\s*(?:\\([^()]*\\))?\\s*=>)`, name: "entity.name.type.variant.qseq" },
      ],
    },
    functions: {
      comment: "the predeclared functions of docs/language.md §8, when called",
      match: `${B}(${alt(FUNCTIONS)})(?=\\s*\\()`,
      name: "support.function.builtin.qseq",
    },
    applications: {
      comment: "gate and cell applications: NAME(args) operands; or NAME operands (`h h;`, `cx a[0], h[0];`)",
      patterns: [
        { match: `${B}${NAME}(?=\\s*\\()`, name: "entity.name.function.qseq" },
        { match: `${B}${NAME}(?=\\s+${notKw}[A-Za-z_])`, name: "entity.name.function.qseq" },
      ],
    },
    constants: {
      comment: "predeclared constants (ordinary names for the lexer)",
      match: `${B}(?:${alt(CONSTANTS)})${E}`,
      name: "constant.language.math.qseq",
    },
    parameters: {
      comment: "NAME: TYPE in cell parameters and ports, hyperparameters and token payloads",
      match: `${B}${NAME}(?=\\s*:)`,
      name: "variable.parameter.qseq",
    },
    operators: {
      comment: "longest first, as in the lexer",
      patterns: [
        { match: "->", name: "keyword.operator.arrow.qseq" },
        { match: "=>", name: "keyword.operator.arrow.fat.qseq" },
        { match: "\\.\\.", name: "keyword.operator.range.qseq" },
        { match: "&&|\\|\\||!(?!=)", name: "keyword.operator.logical.qseq" },
        { match: "==|!=|<=|>=|<|>", name: "keyword.operator.comparison.qseq" },
        { match: "\\*\\*|[-+*/%]", name: "keyword.operator.arithmetic.qseq" },
        { match: "=", name: "keyword.operator.assignment.qseq" },
        { match: "@", name: "keyword.operator.modifier.qseq" },
        { match: "\\?", name: "keyword.operator.optional.qseq" },
      ],
    },
    punctuation: {
      patterns: [
        { match: ",", name: "punctuation.separator.comma.qseq" },
        { match: ";", name: "punctuation.terminator.statement.qseq" },
        { match: ":", name: "punctuation.separator.colon.qseq" },
        { match: "\\(", name: "punctuation.section.parens.begin.qseq" },
        { match: "\\)", name: "punctuation.section.parens.end.qseq" },
        { match: "\\[", name: "punctuation.section.brackets.begin.qseq" },
        { match: "\\]", name: "punctuation.section.brackets.end.qseq" },
        { match: "\\{", name: "punctuation.section.block.begin.qseq" },
        { match: "\\}", name: "punctuation.section.block.end.qseq" },
      ],
    },
    identifiers: { match: ID, name: "variable.other.qseq" },
  };

  return {
    $schema: "https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json",
    name: "qseq",
    scopeName: "source.qseq",
    fileTypes: ["qseq"],
    comment: "Generated by grammar/build-grammar.ts from the keywords of src/syntax/tokens.ts; do not edit by hand.",
    patterns: [
      { include: "#comments" },
      { include: "#strings" },
      { include: "#declarations" },
      { include: "#expect" },
      { include: "#subset" },
      { include: "#keywords" },
      { include: "#numbers" },
      { include: "#functions" },
      { include: "#variants" },
      { include: "#applications" },
      { include: "#constants" },
      { include: "#parameters" },
      { include: "#operators" },
      { include: "#punctuation" },
      { include: "#identifiers" },
    ],
    repository,
  };
}

/** The grammar file's text, exactly as committed. */
export function grammarText(): string {
  return JSON.stringify(buildGrammar(), null, 2) + "\n";
}

export const GRAMMAR_PATH = fileURLToPath(new URL("./qseq.tmLanguage.json", import.meta.url));

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(GRAMMAR_PATH, grammarText());
  console.log(`wrote ${GRAMMAR_PATH}`);
}
