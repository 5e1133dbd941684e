// The .qseq lexer: token types and one shared chevrotain Lexer instance.
// Comments are not skipped but routed to the "comments" group so that the formatter can keep them.

import { createToken, Lexer, type TokenType } from "chevrotain";

export const Identifier = createToken({ name: "Identifier", label: "identifier", pattern: /[A-Za-z_][A-Za-z0-9_]*/ });

const keyword = (word: string): TokenType =>
  createToken({ name: "Kw_" + word, label: `'${word}'`, pattern: new RegExp(`${word}\\b`), longer_alt: Identifier });

export const Import = keyword("import");
export const Const = keyword("const");
export const Cell = keyword("cell");
export const On = keyword("on");
export const Model = keyword("model");
export const Tokens = keyword("tokens");
export const Input = keyword("input");
export const Hidden = keyword("hidden");
export const Fresh = keyword("fresh");
export const Param = keyword("param");
export const Init = keyword("init");
export const Step = keyword("step");
export const Final = keyword("final");
export const Let = keyword("let");
export const For = keyword("for");
export const In = keyword("in");
export const If = keyword("if");
export const Else = keyword("else");
export const Match = keyword("match");
export const Measure = keyword("measure");
export const Reset = keyword("reset");
export const Barrier = keyword("barrier");
export const Emit = keyword("emit");
export const Expect = keyword("expect");
export const Return = keyword("return");
export const Ctrl = keyword("ctrl");
export const Negctrl = keyword("negctrl");
export const Inv = keyword("inv");
export const Pow = keyword("pow");
export const Subset = keyword("subset");
export const Of = keyword("of");
export const True = keyword("true");
export const False = keyword("false");
// Type names are reserved words too: it keeps types and expressions apart with one token of look-ahead.
export const IntKw = keyword("int");
export const FloatKw = keyword("float");
export const AngleKw = keyword("angle");
export const BoolKw = keyword("bool");
export const BitKw = keyword("bit");
export const QubitKw = keyword("qubit");

export const KEYWORDS = [
  Import, Const, Cell, On, Model, Tokens, Input, Hidden, Fresh, Param, Init, Step, Final, Let, For, In, If, Else,
  Match, Measure, Reset, Barrier, Emit, Expect, Return, Ctrl, Negctrl, Inv, Pow, Subset, Of, True, False,
  IntKw, FloatKw, AngleKw, BoolKw, BitKw, QubitKw,
];
export const KEYWORD_NAMES: ReadonlySet<string> = new Set(KEYWORDS.map((t) => t.name.slice(3)));

export const FloatLiteral = createToken({ name: "FloatLiteral", label: "float", pattern: /(?:\d+\.(?!\.)\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|\d+[eE][+-]?\d+)/ });
export const IntLiteral = createToken({ name: "IntLiteral", label: "integer", pattern: /\d+/ });
export const StringLiteral = createToken({ name: "StringLiteral", label: "string", pattern: /"(?:[^"\\\n]|\\.)*"/ });
export const UnterminatedString = createToken({ name: "UnterminatedString", pattern: /"(?:[^"\\\n]|\\.)*/ });

export const DocComment = createToken({ name: "DocComment", pattern: /\/\/\/[^\n]*/, group: "comments" });
export const LineComment = createToken({ name: "LineComment", pattern: /\/\/[^\n]*/, group: "comments" });
export const BlockComment = createToken({ name: "BlockComment", pattern: /\/\*[\s\S]*?\*\//, group: "comments", line_breaks: true });
export const UnterminatedComment = createToken({ name: "UnterminatedComment", pattern: /\/\*[\s\S]*/, line_breaks: true });
export const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /[ \t\r\n]+/, group: Lexer.SKIPPED, line_breaks: true });

export const Arrow = createToken({ name: "Arrow", label: "'->'", pattern: /->/ });
export const FatArrow = createToken({ name: "FatArrow", label: "'=>'", pattern: /=>/ });
export const DotDot = createToken({ name: "DotDot", label: "'..'", pattern: /\.\./ });
export const StarStar = createToken({ name: "StarStar", label: "'**'", pattern: /\*\*/ });
export const AndAnd = createToken({ name: "AndAnd", label: "'&&'", pattern: /&&/ });
export const OrOr = createToken({ name: "OrOr", label: "'||'", pattern: /\|\|/ });
export const EqEq = createToken({ name: "EqEq", label: "'=='", pattern: /==/ });
export const NotEq = createToken({ name: "NotEq", label: "'!='", pattern: /!=/ });
export const LessEq = createToken({ name: "LessEq", label: "'<='", pattern: /<=/ });
export const GreaterEq = createToken({ name: "GreaterEq", label: "'>='", pattern: />=/ });
export const Less = createToken({ name: "Less", label: "'<'", pattern: /</ });
export const Greater = createToken({ name: "Greater", label: "'>'", pattern: />/ });
export const Bang = createToken({ name: "Bang", label: "'!'", pattern: /!/ });
export const Equals = createToken({ name: "Equals", label: "'='", pattern: /=/ });
export const Plus = createToken({ name: "Plus", label: "'+'", pattern: /\+/ });
export const Minus = createToken({ name: "Minus", label: "'-'", pattern: /-/ });
export const Star = createToken({ name: "Star", label: "'*'", pattern: /\*/ });
export const Slash = createToken({ name: "Slash", label: "'/'", pattern: /\// });
export const Percent = createToken({ name: "Percent", label: "'%'", pattern: /%/ });
export const At = createToken({ name: "At", label: "'@'", pattern: /@/ });
export const Question = createToken({ name: "Question", label: "'?'", pattern: /\?/ });
export const Comma = createToken({ name: "Comma", label: "','", pattern: /,/ });
export const Semicolon = createToken({ name: "Semicolon", label: "';'", pattern: /;/ });
export const Colon = createToken({ name: "Colon", label: "':'", pattern: /:/ });
export const LParen = createToken({ name: "LParen", label: "'('", pattern: /\(/ });
export const RParen = createToken({ name: "RParen", label: "')'", pattern: /\)/ });
export const LBracket = createToken({ name: "LBracket", label: "'['", pattern: /\[/ });
export const RBracket = createToken({ name: "RBracket", label: "']'", pattern: /\]/ });
export const LBrace = createToken({ name: "LBrace", label: "'{'", pattern: /\{/ });
export const RBrace = createToken({ name: "RBrace", label: "'}'", pattern: /\}/ });

/** Order matters: longer and more specific patterns first. */
export const ALL_TOKENS: TokenType[] = [
  WhiteSpace, DocComment, LineComment, BlockComment, UnterminatedComment,
  StringLiteral, UnterminatedString,
  FloatLiteral, IntLiteral,
  ...KEYWORDS, Identifier,
  Arrow, FatArrow, DotDot, StarStar, AndAnd, OrOr, EqEq, NotEq, LessEq, GreaterEq, Less, Greater, Bang, Equals,
  Plus, Minus, Star, Slash, Percent, At, Question, Comma, Semicolon, Colon,
  LParen, RParen, LBracket, RBracket, LBrace, RBrace,
];

export const qseqLexer = new Lexer(ALL_TOKENS, { positionTracking: "full", ensureOptimizations: false });
