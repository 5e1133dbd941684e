// The .qseq grammar (chevrotain CstParser, error recovery on). Grammar only: meaning is given by the
// CST → AST builder (build.ts). One parser instance is reused for every file.

import { CstParser, EOF, type CstNode, type IToken } from "chevrotain";
import * as T from "./tokens.js";

class QseqParser extends CstParser {
  constructor() {
    super(T.ALL_TOKENS, { recoveryEnabled: true, maxLookahead: 3, nodeLocationTracking: "full" });
    this.performSelfAnalysis();
  }

  file = this.RULE("file", () => {
    this.MANY(() => this.SUBRULE(this.topDecl));
  });

  topDecl = this.RULE("topDecl", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.importDecl) },
      { ALT: () => this.SUBRULE(this.constDecl) },
      { ALT: () => this.SUBRULE(this.cellDecl) },
      { ALT: () => this.SUBRULE(this.modelDecl) },
    ]);
  });

  importDecl = this.RULE("importDecl", () => {
    this.CONSUME(T.Import);
    this.CONSUME(T.StringLiteral);
    this.CONSUME(T.Semicolon);
  });

  constDecl = this.RULE("constDecl", () => {
    this.CONSUME(T.Const);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.typeExpr);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expression);
    this.CONSUME(T.Semicolon);
  });

  typedName = this.RULE("typedName", () => {
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.typeExpr);
  });

  typedNameList = this.RULE("typedNameList", () => {
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.typedName) });
  });

  cellDecl = this.RULE("cellDecl", () => {
    this.CONSUME(T.Cell);
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      this.OPTION2(() => this.SUBRULE(this.typedNameList, { LABEL: "params" }));
      this.CONSUME(T.RParen);
    });
    this.CONSUME(T.On);
    this.SUBRULE2(this.typedNameList, { LABEL: "ports" });
    this.OPTION3(() => {
      this.CONSUME(T.Arrow);
      this.SUBRULE(this.typeExpr);
    });
    this.SUBRULE(this.block);
  });

  modelDecl = this.RULE("modelDecl", () => {
    this.CONSUME(T.Model);
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.Less);
      this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.hyperParam) });
      this.CONSUME(T.Greater);
    });
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.member));
    this.CONSUME(T.RBrace);
  });

  hyperParam = this.RULE("hyperParam", () => {
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.typeExpr);
    this.OPTION(() => {
      this.CONSUME(T.Equals);
      this.SUBRULE(this.additive);
    });
  });

  member = this.RULE("member", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.tokensDecl) },
      { ALT: () => this.SUBRULE(this.inputDecl) },
      { ALT: () => this.SUBRULE(this.registerDecl) },
      { ALT: () => this.SUBRULE(this.paramDecl) },
      { ALT: () => this.SUBRULE(this.constDecl) },
      { ALT: () => this.SUBRULE(this.initBlock) },
      { ALT: () => this.SUBRULE(this.stepBlock) },
      { ALT: () => this.SUBRULE(this.finalBlock) },
    ]);
  });

  tokensDecl = this.RULE("tokensDecl", () => {
    this.CONSUME(T.Tokens);
    this.CONSUME(T.LBrace);
    this.MANY(() => {
      this.SUBRULE(this.variant);
      this.OPTION(() => this.OR([{ ALT: () => this.CONSUME(T.Comma) }, { ALT: () => this.CONSUME(T.Semicolon) }]));
    });
    this.CONSUME(T.RBrace);
  });

  variant = this.RULE("variant", () => {
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      this.OPTION2(() => this.SUBRULE(this.typedNameList));
      this.CONSUME(T.RParen);
    });
  });

  inputDecl = this.RULE("inputDecl", () => {
    this.CONSUME(T.Input);
    this.SUBRULE(this.typedName);
    this.CONSUME(T.Semicolon);
  });

  registerDecl = this.RULE("registerDecl", () => {
    this.OR([{ ALT: () => this.CONSUME(T.Hidden) }, { ALT: () => this.CONSUME(T.Fresh) }]);
    this.SUBRULE(this.typedName);
    this.CONSUME(T.Semicolon);
  });

  paramDecl = this.RULE("paramDecl", () => {
    this.CONSUME(T.Param);
    this.SUBRULE(this.typedName);
    this.OPTION(() => {
      this.CONSUME(T.Equals);
      this.SUBRULE(this.expression);
    });
    this.CONSUME(T.Semicolon);
  });

  initBlock = this.RULE("initBlock", () => {
    this.CONSUME(T.Init);
    this.SUBRULE(this.block);
  });

  outputType = this.RULE("outputType", () => {
    this.CONSUME(T.Arrow);
    this.SUBRULE(this.typeExpr);
    this.OPTION(() => this.CONSUME(T.Question));
  });

  stepBlock = this.RULE("stepBlock", () => {
    this.CONSUME(T.Step);
    this.CONSUME(T.LParen);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.RParen);
    this.OPTION(() => this.SUBRULE(this.outputType));
    this.SUBRULE(this.block);
  });

  finalBlock = this.RULE("finalBlock", () => {
    this.CONSUME(T.Final);
    this.OPTION(() => this.SUBRULE(this.outputType));
    this.SUBRULE(this.block);
  });

  typeExpr = this.RULE("typeExpr", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Subset);
          this.CONSUME(T.Less);
          this.SUBRULE(this.additive, { LABEL: "size" });
          this.CONSUME(T.Greater);
          this.CONSUME(T.Of);
          this.SUBRULE2(this.additive, { LABEL: "lo" });
          this.CONSUME(T.DotDot);
          this.SUBRULE3(this.additive, { LABEL: "hi" });
        },
      },
      {
        ALT: () => {
          this.OR2([
            { ALT: () => this.CONSUME(T.IntKw, { LABEL: "prim" }) },
            { ALT: () => this.CONSUME(T.FloatKw, { LABEL: "prim" }) },
            { ALT: () => this.CONSUME(T.AngleKw, { LABEL: "prim" }) },
            { ALT: () => this.CONSUME(T.BoolKw, { LABEL: "prim" }) },
            { ALT: () => this.CONSUME(T.BitKw, { LABEL: "prim" }) },
            { ALT: () => this.CONSUME(T.QubitKw, { LABEL: "prim" }) },
          ]);
          this.OPTION(() => {
            this.CONSUME(T.LBracket);
            this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expression, { LABEL: "dims" }) });
            this.CONSUME(T.RBracket);
          });
        },
      },
      {
        ALT: () => {
          this.SUBRULE4(this.additive, { LABEL: "rangeLo" });
          this.CONSUME2(T.DotDot);
          this.SUBRULE5(this.additive, { LABEL: "rangeHi" });
        },
      },
    ]);
  });

  block = this.RULE("block", () => {
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.statement));
    this.CONSUME(T.RBrace);
  });

  statement = this.RULE("statement", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.letStmt) },
      { ALT: () => this.SUBRULE(this.constDecl) },
      { ALT: () => this.SUBRULE(this.forStmt) },
      { ALT: () => this.SUBRULE(this.ifStmt) },
      { ALT: () => this.SUBRULE(this.matchStmt) },
      { ALT: () => this.SUBRULE(this.measureStmt) },
      { ALT: () => this.SUBRULE(this.resetStmt) },
      { ALT: () => this.SUBRULE(this.barrierStmt) },
      { ALT: () => this.SUBRULE(this.emitStmt) },
      { ALT: () => this.SUBRULE(this.returnStmt) },
      { ALT: () => this.SUBRULE(this.block) },
      { ALT: () => this.SUBRULE(this.applyStmt) },
    ]);
  });

  letStmt = this.RULE("letStmt", () => {
    this.CONSUME(T.Let);
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      this.SUBRULE(this.typeExpr);
    });
    this.CONSUME(T.Equals);
    this.SUBRULE(this.valueExpr);
    this.CONSUME(T.Semicolon);
  });

  forStmt = this.RULE("forStmt", () => {
    this.CONSUME(T.For);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.In);
    this.SUBRULE(this.rangeOrExpr);
    this.SUBRULE(this.block);
  });

  ifStmt = this.RULE("ifStmt", () => {
    this.CONSUME(T.If);
    this.CONSUME(T.LParen);
    this.SUBRULE(this.valueExpr);
    this.CONSUME(T.RParen);
    this.SUBRULE(this.block, { LABEL: "then" });
    this.OPTION(() => {
      this.CONSUME(T.Else);
      this.OR([
        { ALT: () => this.SUBRULE(this.ifStmt, { LABEL: "elseIf" }) },
        { ALT: () => this.SUBRULE2(this.block, { LABEL: "else" }) },
      ]);
    });
  });

  matchStmt = this.RULE("matchStmt", () => {
    this.CONSUME(T.Match);
    this.SUBRULE(this.expression);
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.matchArm));
    this.CONSUME(T.RBrace);
  });

  matchArm = this.RULE("matchArm", () => {
    this.CONSUME(T.Identifier, { LABEL: "variant" });
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      this.MANY_SEP({ SEP: T.Comma, DEF: () => this.CONSUME2(T.Identifier, { LABEL: "binders" }) });
      this.CONSUME(T.RParen);
    });
    this.CONSUME(T.FatArrow);
    this.SUBRULE(this.statement);
    this.OPTION2(() => this.CONSUME(T.Comma));
  });

  measureStmt = this.RULE("measureStmt", () => {
    this.CONSUME(T.Measure);
    this.SUBRULE(this.operandList);
    this.CONSUME(T.Semicolon);
  });

  resetStmt = this.RULE("resetStmt", () => {
    this.CONSUME(T.Reset);
    this.SUBRULE(this.operandList);
    this.CONSUME(T.Semicolon);
  });

  barrierStmt = this.RULE("barrierStmt", () => {
    this.CONSUME(T.Barrier);
    this.OPTION(() => this.SUBRULE(this.operandList));
    this.CONSUME(T.Semicolon);
  });

  emitStmt = this.RULE("emitStmt", () => {
    this.CONSUME(T.Emit);
    this.SUBRULE(this.valueExpr);
    this.CONSUME(T.Semicolon);
  });

  returnStmt = this.RULE("returnStmt", () => {
    this.CONSUME(T.Return);
    this.SUBRULE(this.valueExpr);
    this.CONSUME(T.Semicolon);
  });

  modifier = this.RULE("modifier", () => {
    this.OR([
      {
        ALT: () => {
          this.OR2([{ ALT: () => this.CONSUME(T.Ctrl, { LABEL: "kind" }) }, { ALT: () => this.CONSUME(T.Negctrl, { LABEL: "kind" }) }]);
          this.OPTION(() => {
            this.CONSUME(T.LParen);
            this.SUBRULE(this.expression);
            this.CONSUME(T.RParen);
          });
        },
      },
      { ALT: () => this.CONSUME(T.Inv, { LABEL: "kind" }) },
      {
        ALT: () => {
          this.CONSUME(T.Pow, { LABEL: "kind" });
          this.CONSUME2(T.LParen);
          this.SUBRULE2(this.expression);
          this.CONSUME2(T.RParen);
        },
      },
    ]);
    this.CONSUME(T.At);
  });

  applyStmt = this.RULE("applyStmt", () => {
    this.MANY(() => this.SUBRULE(this.modifier));
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      this.OPTION2(() => this.SUBRULE(this.argList));
      this.CONSUME(T.RParen);
    });
    this.SUBRULE(this.operandList);
    this.CONSUME(T.Semicolon);
  });

  argList = this.RULE("argList", () => {
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expression) });
  });

  operandList = this.RULE("operandList", () => {
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.operand) });
  });

  /** A qubit reference: a name with optional indices (`h`, `h[i]`, `h[e]`, `h[1..n]`, `w[i][0]`). */
  operand = this.RULE("operand", () => {
    this.CONSUME(T.Identifier);
    this.MANY(() => {
      this.CONSUME(T.LBracket);
      this.SUBRULE(this.indexList);
      this.CONSUME(T.RBracket);
    });
  });

  indexList = this.RULE("indexList", () => {
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.rangeOrExpr) });
  });

  rangeOrExpr = this.RULE("rangeOrExpr", () => {
    this.SUBRULE(this.expression, { LABEL: "lo" });
    this.OPTION(() => {
      this.CONSUME(T.DotDot);
      this.SUBRULE2(this.expression, { LABEL: "hi" });
    });
  });

  /** What `let`, `emit`, `return` and `if` accept: an expectation, a measuring cell's value, or an expression. */
  valueExpr = this.RULE("valueExpr", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.expectExpr) },
      { GATE: () => this.isCellValue(), ALT: () => this.SUBRULE(this.cellValue) },
      { ALT: () => this.SUBRULE(this.expression) },
    ]);
  });

  expectExpr = this.RULE("expectExpr", () => {
    this.CONSUME(T.Expect);
    this.AT_LEAST_ONE_SEP({ SEP: T.Star, DEF: () => this.SUBRULE(this.pauliFactor) });
  });

  pauliFactor = this.RULE("pauliFactor", () => {
    this.CONSUME(T.Identifier);
    this.CONSUME(T.LParen);
    this.SUBRULE(this.operand);
    this.CONSUME(T.RParen);
  });

  cellValue = this.RULE("cellValue", () => {
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      this.OPTION2(() => this.SUBRULE(this.argList));
      this.CONSUME(T.RParen);
    });
    this.SUBRULE(this.operandList);
  });

  /** `f(…) q` or `f q`: an identifier, optional balanced parentheses, then another identifier. */
  private isCellValue(): boolean {
    if (this.LA(1).tokenType !== T.Identifier) return false;
    let i = 2;
    if (this.LA(i).tokenType === T.LParen) {
      let depth = 0;
      for (;; i++) {
        const t = this.LA(i).tokenType;
        if (t === T.LParen) depth++;
        else if (t === T.RParen && --depth === 0) { i++; break; }
        else if (t === EOF || t === T.Semicolon || t === T.LBrace) return false;
      }
    }
    return this.LA(i).tokenType === T.Identifier;
  }

  expression = this.RULE("expression", () => {
    this.SUBRULE(this.orExpr);
  });

  orExpr = this.RULE("orExpr", () => {
    this.SUBRULE(this.andExpr, { LABEL: "operands" });
    this.MANY(() => {
      this.CONSUME(T.OrOr, { LABEL: "ops" });
      this.SUBRULE2(this.andExpr, { LABEL: "operands" });
    });
  });

  andExpr = this.RULE("andExpr", () => {
    this.SUBRULE(this.eqExpr, { LABEL: "operands" });
    this.MANY(() => {
      this.CONSUME(T.AndAnd, { LABEL: "ops" });
      this.SUBRULE2(this.eqExpr, { LABEL: "operands" });
    });
  });

  eqExpr = this.RULE("eqExpr", () => {
    this.SUBRULE(this.relExpr, { LABEL: "operands" });
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.EqEq, { LABEL: "ops" }) }, { ALT: () => this.CONSUME(T.NotEq, { LABEL: "ops" }) }]);
      this.SUBRULE2(this.relExpr, { LABEL: "operands" });
    });
  });

  relExpr = this.RULE("relExpr", () => {
    this.SUBRULE(this.additive, { LABEL: "operands" });
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Less, { LABEL: "ops" }) },
        { ALT: () => this.CONSUME(T.LessEq, { LABEL: "ops" }) },
        { ALT: () => this.CONSUME(T.Greater, { LABEL: "ops" }) },
        { ALT: () => this.CONSUME(T.GreaterEq, { LABEL: "ops" }) },
      ]);
      this.SUBRULE2(this.additive, { LABEL: "operands" });
    });
  });

  additive = this.RULE("additive", () => {
    this.SUBRULE(this.multiplicative, { LABEL: "operands" });
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Plus, { LABEL: "ops" }) }, { ALT: () => this.CONSUME(T.Minus, { LABEL: "ops" }) }]);
      this.SUBRULE2(this.multiplicative, { LABEL: "operands" });
    });
  });

  multiplicative = this.RULE("multiplicative", () => {
    this.SUBRULE(this.unary, { LABEL: "operands" });
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Star, { LABEL: "ops" }) },
        { ALT: () => this.CONSUME(T.Slash, { LABEL: "ops" }) },
        { ALT: () => this.CONSUME(T.Percent, { LABEL: "ops" }) },
      ]);
      this.SUBRULE2(this.unary, { LABEL: "operands" });
    });
  });

  unary = this.RULE("unary", () => {
    this.OR([
      {
        ALT: () => {
          this.OR2([{ ALT: () => this.CONSUME(T.Minus, { LABEL: "op" }) }, { ALT: () => this.CONSUME(T.Bang, { LABEL: "op" }) }]);
          this.SUBRULE(this.unary);
        },
      },
      { ALT: () => this.SUBRULE(this.power) },
    ]);
  });

  /** `**` binds tighter than unary minus on its left and is right-associative: -2 ** 2 = -(2 ** 2). */
  power = this.RULE("power", () => {
    this.SUBRULE(this.postfix);
    this.OPTION(() => {
      this.CONSUME(T.StarStar);
      this.SUBRULE(this.unary);
    });
  });

  postfix = this.RULE("postfix", () => {
    this.SUBRULE(this.primary);
    this.MANY(() => {
      this.CONSUME(T.LBracket);
      this.SUBRULE(this.indexList);
      this.CONSUME(T.RBracket);
    });
  });

  primary = this.RULE("primary", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.IntLiteral) },
      { ALT: () => this.CONSUME(T.FloatLiteral) },
      { ALT: () => this.CONSUME(T.True) },
      { ALT: () => this.CONSUME(T.False) },
      {
        ALT: () => {
          this.CONSUME(T.Identifier);
          this.OPTION(() => {
            this.CONSUME(T.LParen);
            this.OPTION2(() => this.SUBRULE(this.argList));
            this.CONSUME(T.RParen);
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME2(T.LParen);
          this.SUBRULE(this.expression);
          this.CONSUME2(T.RParen);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.LBracket);
          this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE2(this.expression, { LABEL: "items" }) });
          this.CONSUME(T.RBracket);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Measure);
          this.SUBRULE(this.operand);
        },
      },
    ]);
  });
}

let instance: QseqParser | undefined;

/** The shared parser (constructing one runs grammar analysis, so it is built once, lazily). */
export function sharedParser(): QseqParser {
  instance ??= new QseqParser();
  return instance;
}

export interface SyntaxError { readonly message: string; readonly token: IToken; readonly previousToken?: IToken }

/** Parses a token vector into a CST; with recovery the CST is partial where errors occurred. */
export function parseTokens(tokens: IToken[]): { cst: CstNode; errors: SyntaxError[] } {
  const parser = sharedParser();
  parser.input = tokens;
  const cst = parser.file();
  const errors = parser.errors.map((e) => ({ message: e.message, token: e.token, previousToken: (e as { previousToken?: IToken }).previousToken }));
  return { cst, errors };
}

export type { QseqParser };
