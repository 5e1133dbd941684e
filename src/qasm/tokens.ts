// The OpenQASM 3 lexer: token types and one shared chevrotain Lexer instance.
//
// It lexes all of OpenQASM 3 (and 2.0) that a user may plausibly write — also the parts the importer
// does not support (`im` literals, every keyword) — so that an unsupported construct is reported by name
// (E1002) instead of as a confusing syntax error.

import { createToken, Lexer, type CustomPatternMatcherFunc, type TokenType } from "chevrotain";

// Identifier characters: ASCII letters, digits, `_`, and the letter-like ranges of Unicode (Greek `θ`, `π`,
// letterlike symbols `ℇ`, CJK …, and astral characters such as `𝜃` as surrogate pairs). Plain regexps
// without the `u` flag (chevrotain drops it), so that the lexer's first-character optimisation applies.
const ID_START = String.raw`A-Za-z_\u00aa\u00b5\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u1fff\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\uffef`;
const ID_PART = String.raw`${ID_START}0-9`;
const SURROGATES = String.raw`[\ud800-\udbff][\udc00-\udfff]`;

export const Identifier = createToken({
  name: "Identifier",
  label: "identifier",
  pattern: new RegExp(`(?:[${ID_START}]|${SURROGATES})(?:[${ID_PART}]|${SURROGATES})*`),
});

/** A pattern matched by a function (for a word boundary): `start` lists its possible first characters. */
function custom(source: string, start: string[]): { pattern: { exec: CustomPatternMatcherFunc }; start_chars_hint: string[]; line_breaks: false } {
  const re = new RegExp(source, "y");
  return {
    pattern: {
      exec: (text, offset) => {
        re.lastIndex = offset;
        return re.exec(text);
      },
    },
    start_chars_hint: start,
    line_breaks: false,
  };
}

const keyword = (word: string, label = `'${word}'`): TokenType =>
  createToken({ name: "Kw_" + word, label, pattern: new RegExp(word), longer_alt: Identifier });

export const OpenQasm = keyword("OPENQASM");
export const Include = keyword("include");
export const Gate = keyword("gate");
export const Qubit = keyword("qubit");
export const Qreg = keyword("qreg");
export const Creg = keyword("creg");
export const BitKw = keyword("bit");
export const BoolKw = keyword("bool");
export const IntKw = keyword("int");
export const UintKw = keyword("uint");
export const FloatKw = keyword("float");
export const AngleKw = keyword("angle");
export const ComplexKw = keyword("complex");
export const DurationKw = keyword("duration");
export const StretchKw = keyword("stretch");
export const ArrayKw = keyword("array");
export const Const = keyword("const");
export const Input = keyword("input");
export const Output = keyword("output");
export const Measure = keyword("measure");
export const Reset = keyword("reset");
export const Barrier = keyword("barrier");
export const If = keyword("if");
export const Else = keyword("else");
export const For = keyword("for");
export const In = keyword("in");
export const Let = keyword("let");
export const Ctrl = keyword("ctrl");
export const Negctrl = keyword("negctrl");
export const Inv = keyword("inv");
export const Pow = keyword("pow");
export const True = keyword("true");
export const False = keyword("false");
export const Delay = keyword("delay");
export const Box = keyword("box");
export const Nop = keyword("nop");
export const Durationof = keyword("durationof");
export const While = keyword("while");
export const Break = keyword("break");
export const Continue = keyword("continue");
export const Switch = keyword("switch");
export const Case = keyword("case");
export const Default = keyword("default");
export const Def = keyword("def");
export const Return = keyword("return");
export const Readonly = keyword("readonly");
export const Mutable = keyword("mutable");

/**
 * Statements the importer recognises only to reject them (E1002): each one is skipped up to its end
 * (`;` or its closing `}`), so the rest of the file is still checked.
 */
export const UNSUPPORTED_STATEMENTS: Readonly<Record<string, string>> = {
  extern: "`extern` functions",
  end: "`end`",
  defcal: "`defcal` calibrations",
  defcalgrammar: "`defcalgrammar` (pulse-level calibration)",
  cal: "`cal` blocks (pulse-level calibration)",
  opaque: "`opaque` gates",
};
export const UnsupportedKw = createToken({ name: "UnsupportedKw", pattern: Lexer.NA });
const unsupportedKeywords = Object.keys(UNSUPPORTED_STATEMENTS).map((w) =>
  createToken({ name: "Kw_" + w, label: `'${w}'`, pattern: new RegExp(w), longer_alt: Identifier, categories: [UnsupportedKw] }));

export const KEYWORDS: TokenType[] = [
  OpenQasm, Include, Gate, Qubit, Qreg, Creg, BitKw, BoolKw, IntKw, UintKw, FloatKw, AngleKw, ComplexKw,
  DurationKw, StretchKw, ArrayKw, Const, Input, Output, Measure, Reset, Barrier, If, Else, For, In, Let, Ctrl,
  Negctrl, Inv, Pow, True, False, Delay, Box, Nop, Durationof, While, Break, Continue,
  Switch, Case, Default, Def, Return, Readonly, Mutable, ...unsupportedKeywords,
];

const num = String.raw`(?:\d[\d_]*\.[\d_]*(?:[eE][+-]?\d+)?|\.\d[\d_]*(?:[eE][+-]?\d+)?|\d[\d_]*[eE][+-]?\d+|\d[\d_]*)`;
/** `100ns`, `2.5us`, `4dt`: durations (timing: no-ops for the ideal simulator, but typed and checked). */
export const DurationLiteral = createToken({
  name: "DurationLiteral", label: "duration", pattern: new RegExp(`${num}(?:dt|ns|us|µs|ms|s)`), longer_alt: Identifier,
});
/** `2.5im`, `3 im`: imaginary literals (spaces or tabs may separate the number from `im`). */
export const ImagLiteral = createToken({
  name: "ImagLiteral", label: "imaginary literal", pattern: new RegExp(`${num}[ \\t]*im(?![${ID_PART}])`),
});
export const FloatLiteral = createToken({
  name: "FloatLiteral", label: "float", pattern: /\d[\d_]*\.[\d_]*(?:[eE][+-]?\d+)?|\.\d[\d_]*(?:[eE][+-]?\d+)?|\d[\d_]*[eE][+-]?\d+/,
});
export const IntLiteral = createToken({
  name: "IntLiteral", label: "integer", pattern: /0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|\d[\d_]*/,
});
export const StringLiteral = createToken({ name: "StringLiteral", label: "string", pattern: /"[^"\n]*"|'[^'\n]*'/ });
export const UnterminatedString = createToken({ name: "UnterminatedString", pattern: /"[^"\n]*|'[^'\n]*/ });
/** `$0`: a physical qubit. */
export const HardwareQubit = createToken({ name: "HardwareQubit", label: "physical qubit", pattern: /\$\d+/ });

export const LineComment = createToken({ name: "LineComment", pattern: /\/\/[^\n]*/, group: "comments" });
export const BlockComment = createToken({ name: "BlockComment", pattern: /\/\*[\s\S]*?\*\//, group: "comments", line_breaks: true });
export const UnterminatedComment = createToken({ name: "UnterminatedComment", pattern: /\/\*[\s\S]*/, line_breaks: true });
export const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /[ \t\r\n\f\v\u00a0\ufeff]+/, group: Lexer.SKIPPED, line_breaks: true });
/** `pragma …` / `#pragma …` up to the end of the line. */
export const Pragma = createToken({ name: "Pragma", label: "pragma", ...custom(`#?pragma(?![${ID_PART}])[^\\n]*`, ["#", "p"]) });
/** `@name …` up to the end of the line: an annotation. As in the official lexer, `@x` never reads as `@ x`. */
/** `#dim` in an array parameter type: `array[int, #dim = 2]`. */
export const DimKw = createToken({ name: "DimKw", label: "'#dim'", pattern: /#dim(?![A-Za-z0-9_])/ });
export const Annotation = createToken({ name: "Annotation", label: "annotation", ...custom(`@[${ID_START}][^\\n]*`, ["@"]) });

/** Every binary operator (one category, so that the grammar has one binary level; build.ts applies precedence). */
export const BinaryOp = createToken({ name: "BinaryOp", label: "binary operator", pattern: Lexer.NA });
const op = (name: string, label: string, pattern: RegExp, binary = false): TokenType =>
  createToken({ name, label: `'${label}'`, pattern, ...(binary ? { categories: [BinaryOp] } : {}) });
export const Arrow = op("Arrow", "->", /->/);
export const PlusPlus = op("PlusPlus", "++", /\+\+/);
export const CompoundAssign = createToken({ name: "CompoundAssign", label: "compound assignment", pattern: /\*\*=|<<=|>>=|[+\-*/%&|^~]=/ });
export const StarStar = op("StarStar", "**", /\*\*/);
export const AndAnd = op("AndAnd", "&&", /&&/, true);
export const OrOr = op("OrOr", "||", /\|\|/, true);
export const EqEq = op("EqEq", "==", /==/, true);
export const NotEq = op("NotEq", "!=", /!=/, true);
export const LessEq = op("LessEq", "<=", /<=/, true);
export const GreaterEq = op("GreaterEq", ">=", />=/, true);
export const ShiftLeft = op("ShiftLeft", "<<", /<</, true);
export const ShiftRight = op("ShiftRight", ">>", />>/, true);
export const Less = op("Less", "<", /</, true);
export const Greater = op("Greater", ">", />/, true);
export const Bang = op("Bang", "!", /!/);
export const Tilde = op("Tilde", "~", /~/);
export const Equals = op("Equals", "=", /=/);
export const Plus = op("Plus", "+", /\+/, true);
export const Minus = op("Minus", "-", /-/, true);
export const Star = op("Star", "*", /\*/, true);
export const Slash = op("Slash", "/", /\//, true);
export const Percent = op("Percent", "%", /%/, true);
export const Amp = op("Amp", "&", /&/, true);
export const Pipe = op("Pipe", "|", /\|/, true);
export const Caret = op("Caret", "^", /\^/, true);
export const At = op("At", "@", /@/);
export const Comma = op("Comma", ",", /,/);
export const Semicolon = op("Semicolon", ";", /;/);
export const Colon = op("Colon", ":", /:/);
export const Dot = op("Dot", ".", /\./);
export const LParen = op("LParen", "(", /\(/);
export const RParen = op("RParen", ")", /\)/);
export const LBracket = op("LBracket", "[", /\[/);
export const RBracket = op("RBracket", "]", /\]/);
export const LBrace = op("LBrace", "{", /\{/);
export const RBrace = op("RBrace", "}", /\}/);

/** Order matters: longer and more specific patterns first. */
export const ALL_TOKENS: TokenType[] = [
  WhiteSpace, LineComment, BlockComment, UnterminatedComment,
  StringLiteral, UnterminatedString, Pragma, Annotation, DimKw, HardwareQubit,
  DurationLiteral, ImagLiteral, FloatLiteral, IntLiteral,
  // longest first: `inv` before `in`, `defcalgrammar` before `defcal` before `def`
  UnsupportedKw, BinaryOp, ...[...KEYWORDS].sort((a, b) => b.name.length - a.name.length), Identifier,
  Arrow, PlusPlus, CompoundAssign, StarStar, AndAnd, OrOr, EqEq, NotEq, LessEq, GreaterEq, ShiftLeft, ShiftRight,
  Less, Greater, Bang, Tilde, Equals, Plus, Minus, Star, Slash, Percent, Amp, Pipe, Caret, At, Comma, Semicolon,
  Colon, Dot, LParen, RParen, LBracket, RBracket, LBrace, RBrace,
];

export const qasmLexer = new Lexer(ALL_TOKENS, { positionTracking: "full", ensureOptimizations: true });
