// The OpenQASM 3 grammar (chevrotain CstParser, error recovery on). Grammar only: meaning is given by
// the CST → AST builder (build.ts) and the lowering (lower.ts). One parser instance is reused.
//
// The grammar accepts more than the importer supports — subroutines, `while`, `switch`, complex and
// array types … — so that those are reported by name (E1002) rather than as syntax errors: a statement
// starting with one of the keywords of `UNSUPPORTED_STATEMENTS` is skipped up to its end. OpenQASM 2
// programs are parsed with the same grammar (qasm2.ts refuses what is OpenQASM 3 only).

import { CstParser, EOF, type CstNode, type IOrAlt, type IToken } from "chevrotain";
import * as T from "./tokens.js";

class QasmParser extends CstParser {
  constructor() {
    super(T.ALL_TOKENS, { recoveryEnabled: true, maxLookahead: 3, nodeLocationTracking: "onlyOffset" });
    this.performSelfAnalysis();
  }

  /**
   * The alternatives of one `OR`, built once: rule bodies run for every parse, and fresh closures per
   * call are costly (under tsx/esbuild every object-literal function is also wrapped to keep its name).
   */
  private readonly altCache: IOrAlt<unknown>[][] = [];
  private alts(key: number, make: () => IOrAlt<unknown>[]): IOrAlt<unknown>[] {
    return (this.altCache[key] ??= make());
  }

  program = this.RULE("program", () => {
    this.MANY(() => this.SUBRULE(this.statement));
  });

  statement = this.RULE("statement", () => {
    this.OR(this.alts(0, () => [
      { ALT: () => this.SUBRULE(this.versionStmt) },
      { ALT: () => this.SUBRULE(this.includeStmt) },
      { ALT: () => this.SUBRULE(this.gateDef) },
      { ALT: () => this.SUBRULE(this.defStmt) },
      { ALT: () => this.SUBRULE(this.returnStmt) },
      { ALT: () => this.SUBRULE(this.qubitDecl) },
      { ALT: () => this.SUBRULE(this.qregDecl) },
      { ALT: () => this.SUBRULE(this.cregDecl) },
      { ALT: () => this.SUBRULE(this.ioDecl) },
      { ALT: () => this.SUBRULE(this.constDecl) },
      { ALT: () => this.SUBRULE(this.classicalDecl) },
      { ALT: () => this.SUBRULE(this.ifStmt) },
      { ALT: () => this.SUBRULE(this.forStmt) },
      { ALT: () => this.SUBRULE(this.letStmt) },
      { ALT: () => this.SUBRULE(this.block) },
      { ALT: () => this.SUBRULE(this.measureStmt) },
      { ALT: () => this.SUBRULE(this.resetStmt) },
      { ALT: () => this.SUBRULE(this.barrierStmt) },
      { ALT: () => this.SUBRULE(this.delayStmt) },
      { ALT: () => this.SUBRULE(this.boxStmt) },
      { ALT: () => this.SUBRULE(this.nopStmt) },
      { ALT: () => this.SUBRULE(this.whileStmt) },
      { ALT: () => this.SUBRULE(this.switchStmt) },
      { ALT: () => this.SUBRULE(this.loopControl) },
      { ALT: () => this.SUBRULE(this.assignStmt) },
      { ALT: () => this.SUBRULE(this.gateCall) },
      { ALT: () => this.SUBRULE(this.unsupportedStmt) },
      { ALT: () => this.CONSUME(T.Pragma) },
      { ALT: () => this.CONSUME(T.Annotation) },
    ]));
  });

  versionStmt = this.RULE("versionStmt", () => {
    this.CONSUME(T.OpenQasm);
    this.OR(this.alts(1, () => [{ ALT: () => this.CONSUME(T.IntLiteral) }, { ALT: () => this.CONSUME(T.FloatLiteral) }]));
    this.CONSUME(T.Semicolon);
  });

  includeStmt = this.RULE("includeStmt", () => {
    this.CONSUME(T.Include);
    this.CONSUME(T.StringLiteral);
    this.CONSUME(T.Semicolon);
  });

  gateDef = this.RULE("gateDef", () => {
    this.CONSUME(T.Gate);
    this.CONSUME(T.Identifier, { LABEL: "name" });
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      this.MANY_SEP({ SEP: T.Comma, DEF: () => this.CONSUME2(T.Identifier, { LABEL: "params" }) });
      this.CONSUME(T.RParen);
    });
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.CONSUME3(T.Identifier, { LABEL: "qubits" }) });
    this.SUBRULE(this.block);
  });

  /** `def name(qubit a, qubit[2] r, int k) -> float { … }` */
  defStmt = this.RULE("defStmt", () => {
    this.CONSUME(T.Def);
    this.CONSUME(T.Identifier, { LABEL: "name" });
    this.CONSUME(T.LParen);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.defParam) });
    this.CONSUME(T.RParen);
    this.OPTION(() => {
      this.CONSUME(T.Arrow);
      this.SUBRULE(this.scalarType, { LABEL: "returns" });
    });
    this.SUBRULE(this.block);
  });

  defParam = this.RULE("defParam", () => {
    this.OR(this.alts(16, () => [
      {
        ALT: () => {
          this.CONSUME(T.Qubit);
          this.OPTION(() => this.SUBRULE(this.designator));
        },
      },
      {
        ALT: () => {
          this.OPTION2(() => this.OR2(this.alts(105, () => [
            { ALT: () => this.CONSUME(T.Const, { LABEL: "access" }) },
            { ALT: () => this.CONSUME(T.Readonly, { LABEL: "access" }) },
            { ALT: () => this.CONSUME(T.Mutable, { LABEL: "access" }) },
          ])));
          this.SUBRULE(this.scalarType);
        },
      },
    ]));
    this.CONSUME(T.Identifier);
  });

  returnStmt = this.RULE("returnStmt", () => {
    this.CONSUME(T.Return);
    this.OPTION(() => this.SUBRULE(this.declValue));
    this.CONSUME(T.Semicolon);
  });

  qubitDecl = this.RULE("qubitDecl", () => {
    this.CONSUME(T.Qubit);
    this.OPTION(() => this.SUBRULE(this.designator));
    this.CONSUME(T.Identifier);
    // `qubit q[2];` is not OpenQASM 3, but common: parsed so that the builder can say what to write
    this.OPTION2(() => this.SUBRULE2(this.designator, { LABEL: "misplaced" }));
    this.CONSUME(T.Semicolon);
  });

  qregDecl = this.RULE("qregDecl", () => {
    this.CONSUME(T.Qreg);
    this.CONSUME(T.Identifier);
    this.OPTION(() => this.SUBRULE(this.designator));
    this.CONSUME(T.Semicolon);
  });

  cregDecl = this.RULE("cregDecl", () => {
    this.CONSUME(T.Creg);
    this.CONSUME(T.Identifier);
    this.OPTION(() => this.SUBRULE(this.designator));
    this.OPTION2(() => {
      this.CONSUME(T.Equals);
      this.SUBRULE(this.declValue);
    });
    this.CONSUME(T.Semicolon);
  });

  designator = this.RULE("designator", () => {
    this.CONSUME(T.LBracket);
    this.SUBRULE(this.expression);
    this.CONSUME(T.RBracket);
  });

  /** `bit`, `int[32]`, `float[64]`, `angle`, `complex[float[64]]`, `array[float[64], 4]`, … */
  scalarType = this.RULE("scalarType", () => {
    this.OR(this.alts(2, () => [
      {
        ALT: () => {
          this.OR2(this.alts(100, () => [
            { ALT: () => this.CONSUME(T.BitKw, { LABEL: "kind" }) },
            { ALT: () => this.CONSUME(T.BoolKw, { LABEL: "kind" }) },
            { ALT: () => this.CONSUME(T.IntKw, { LABEL: "kind" }) },
            { ALT: () => this.CONSUME(T.UintKw, { LABEL: "kind" }) },
            { ALT: () => this.CONSUME(T.FloatKw, { LABEL: "kind" }) },
            { ALT: () => this.CONSUME(T.AngleKw, { LABEL: "kind" }) },
            { ALT: () => this.CONSUME(T.DurationKw, { LABEL: "kind" }) },
            { ALT: () => this.CONSUME(T.StretchKw, { LABEL: "kind" }) },
          ]));
          this.OPTION(() => this.SUBRULE(this.designator));
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.ComplexKw, { LABEL: "kind" });
          this.OPTION2(() => {
            this.CONSUME(T.LBracket);
            this.SUBRULE(this.scalarType);
            this.CONSUME(T.RBracket);
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.ArrayKw, { LABEL: "kind" });
          this.CONSUME2(T.LBracket);
          this.SUBRULE2(this.scalarType);
          this.MANY(() => {
            this.CONSUME(T.Comma);
            this.OR3(this.alts(104, () => [
              {
                // `#dim = n` (array parameters of unspecified lengths)
                ALT: () => {
                  this.CONSUME(T.DimKw);
                  this.CONSUME(T.Equals);
                  this.SUBRULE2(this.expression, { LABEL: "dimCount" });
                },
              },
              { ALT: () => this.SUBRULE(this.expression) },
            ]));
          });
          this.CONSUME2(T.RBracket);
        },
      },
    ]));
  });

  ioDecl = this.RULE("ioDecl", () => {
    this.OR(this.alts(3, () => [{ ALT: () => this.CONSUME(T.Input, { LABEL: "io" }) }, { ALT: () => this.CONSUME(T.Output, { LABEL: "io" }) }]));
    this.OR2(this.alts(4, () => [
      { ALT: () => this.SUBRULE(this.scalarType) },
      { ALT: () => this.CONSUME(T.Qubit, { LABEL: "qubitType" }) },
    ]));
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Semicolon);
  });

  constDecl = this.RULE("constDecl", () => {
    this.CONSUME(T.Const);
    this.OPTION(() => this.SUBRULE(this.scalarType));
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.declValue);
    this.CONSUME(T.Semicolon);
  });

  classicalDecl = this.RULE("classicalDecl", () => {
    this.SUBRULE(this.scalarType);
    this.CONSUME(T.Identifier);
    this.OPTION2(() => this.SUBRULE2(this.designator, { LABEL: "misplaced" }));
    this.OPTION(() => {
      this.CONSUME(T.Equals);
      this.SUBRULE(this.declValue);
    });
    this.CONSUME(T.Semicolon);
  });

  /** An initialiser or assigned value: `measure q[0]` or an expression. */
  declValue = this.RULE("declValue", () => {
    this.OR(this.alts(5, () => [
      {
        ALT: () => {
          this.CONSUME(T.Measure);
          this.SUBRULE(this.gateOperand);
        },
      },
      { ALT: () => this.SUBRULE(this.arrayLiteral) },
      { ALT: () => this.SUBRULE(this.expression) },
    ]));
  });

  /** `{1, 2}`, `{{1, 2}, {3, 4}}`: an array initialiser (or assigned value). */
  arrayLiteral = this.RULE("arrayLiteral", () => {
    this.CONSUME(T.LBrace);
    this.MANY_SEP({
      SEP: T.Comma,
      DEF: () => this.OR(this.alts(17, () => [
        { ALT: () => this.SUBRULE(this.arrayLiteral, { LABEL: "items" }) },
        { ALT: () => this.SUBRULE(this.expression, { LABEL: "items" }) },
      ])),
    });
    this.CONSUME(T.RBrace);
  });

  ifStmt = this.RULE("ifStmt", () => {
    this.CONSUME(T.If);
    this.CONSUME(T.LParen);
    this.SUBRULE(this.expression);
    this.CONSUME(T.RParen);
    this.SUBRULE(this.statement, { LABEL: "then" });
    this.OPTION(() => {
      this.CONSUME(T.Else);
      this.SUBRULE2(this.statement, { LABEL: "else" });
    });
  });

  forStmt = this.RULE("forStmt", () => {
    this.CONSUME(T.For);
    this.OPTION(() => this.SUBRULE(this.scalarType));
    this.CONSUME(T.Identifier);
    this.CONSUME(T.In);
    this.OR(this.alts(6, () => [
      {
        ALT: () => {
          this.CONSUME(T.LBracket);
          this.SUBRULE(this.indexItem, { LABEL: "range" });
          this.CONSUME(T.RBracket);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.LBrace);
          this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expression, { LABEL: "set" }) });
          this.CONSUME(T.RBrace);
        },
      },
      { ALT: () => this.SUBRULE2(this.expression, { LABEL: "iterable" }) },
    ]));
    this.SUBRULE(this.statement, { LABEL: "body" });
  });

  letStmt = this.RULE("letStmt", () => {
    this.CONSUME(T.Let);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Equals);
    this.AT_LEAST_ONE_SEP({ SEP: T.PlusPlus, DEF: () => this.SUBRULE(this.gateOperand) });
    this.CONSUME(T.Semicolon);
  });

  block = this.RULE("block", () => {
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.statement));
    this.CONSUME(T.RBrace);
  });

  /** `measure q[0];`, `measure q -> c;` */
  measureStmt = this.RULE("measureStmt", () => {
    this.CONSUME(T.Measure);
    this.SUBRULE(this.gateOperand);
    this.OPTION(() => {
      this.CONSUME(T.Arrow);
      this.SUBRULE(this.lvalue);
    });
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

  /** `delay[d] q;` (no operands: all qubits). */
  delayStmt = this.RULE("delayStmt", () => {
    this.CONSUME(T.Delay);
    this.SUBRULE(this.designator);
    this.OPTION(() => this.SUBRULE(this.operandList));
    this.CONSUME(T.Semicolon);
  });

  /** `box { … }`, `box[d] { … }`. */
  boxStmt = this.RULE("boxStmt", () => {
    this.CONSUME(T.Box);
    this.OPTION(() => this.SUBRULE(this.designator));
    this.SUBRULE(this.block);
  });

  whileStmt = this.RULE("whileStmt", () => {
    this.CONSUME(T.While);
    this.CONSUME(T.LParen);
    this.SUBRULE(this.expression);
    this.CONSUME(T.RParen);
    this.SUBRULE(this.statement, { LABEL: "body" });
  });

  /** `break;` / `continue;` */
  loopControl = this.RULE("loopControl", () => {
    this.OR(this.alts(14, () => [{ ALT: () => this.CONSUME(T.Break, { LABEL: "word" }) }, { ALT: () => this.CONSUME(T.Continue, { LABEL: "word" }) }]));
    this.CONSUME(T.Semicolon);
  });

  /** `switch (x) { case 1, 2 { … } default { … } }` */
  switchStmt = this.RULE("switchStmt", () => {
    this.CONSUME(T.Switch);
    this.CONSUME(T.LParen);
    this.SUBRULE(this.expression);
    this.CONSUME(T.RParen);
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.switchCase));
    this.CONSUME(T.RBrace);
  });

  switchCase = this.RULE("switchCase", () => {
    this.OR(this.alts(15, () => [
      {
        ALT: () => {
          this.CONSUME(T.Case);
          this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expression, { LABEL: "values" }) });
        },
      },
      { ALT: () => this.CONSUME(T.Default) },
    ]));
    this.SUBRULE(this.block);
  });

  nopStmt = this.RULE("nopStmt", () => {
    this.CONSUME(T.Nop);
    this.OPTION(() => this.SUBRULE(this.operandList));
    this.CONSUME(T.Semicolon);
  });

  assignStmt = this.RULE("assignStmt", () => {
    this.SUBRULE(this.lvalue);
    this.OR(this.alts(7, () => [{ ALT: () => this.CONSUME(T.Equals, { LABEL: "op" }) }, { ALT: () => this.CONSUME(T.CompoundAssign, { LABEL: "op" }) }]));
    this.SUBRULE(this.declValue);
    this.CONSUME(T.Semicolon);
  });

  lvalue = this.RULE("lvalue", () => {
    this.CONSUME(T.Identifier);
    this.MANY(() => this.SUBRULE(this.indexOp));
  });

  modifier = this.RULE("modifier", () => {
    this.OR(this.alts(8, () => [
      {
        ALT: () => {
          this.OR2(this.alts(101, () => [{ ALT: () => this.CONSUME(T.Ctrl, { LABEL: "kind" }) }, { ALT: () => this.CONSUME(T.Negctrl, { LABEL: "kind" }) }]));
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
    ]));
    this.CONSUME(T.At);
  });

  gateCall = this.RULE("gateCall", () => {
    this.MANY(() => this.SUBRULE(this.modifier));
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expression, { LABEL: "args" }) });
      this.CONSUME(T.RParen);
    });
    this.OPTION2(() => this.SUBRULE(this.operandList));
    this.CONSUME(T.Semicolon);
  });

  operandList = this.RULE("operandList", () => {
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.gateOperand) });
  });

  gateOperand = this.RULE("gateOperand", () => {
    this.OR(this.alts(9, () => [
      {
        ALT: () => {
          this.CONSUME(T.Identifier);
          this.MANY(() => this.SUBRULE(this.indexOp));
        },
      },
      { ALT: () => this.CONSUME(T.HardwareQubit) },
    ]));
  });

  /** `[i]`, `[a:b]`, `[a:s:b]`, `[:]`, `[{0, 2}]`, `[i, j]`. */
  indexOp = this.RULE("indexOp", () => {
    this.CONSUME(T.LBracket);
    this.OR(this.alts(10, () => [
      {
        ALT: () => {
          this.CONSUME(T.LBrace);
          this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expression, { LABEL: "set" }) });
          this.CONSUME(T.RBrace);
        },
      },
      { ALT: () => this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.indexItem, { LABEL: "items" }) }) },
    ]));
    this.CONSUME(T.RBracket);
  });

  /** An index or a range `start : step : stop` with optional parts (builder sorts them out by position). */
  indexItem = this.RULE("indexItem", () => {
    this.OR(this.alts(11, () => [
      {
        ALT: () => {
          this.SUBRULE(this.expression, { LABEL: "parts" });
          this.MANY(() => {
            this.CONSUME(T.Colon, { LABEL: "colons" });
            this.OPTION(() => this.SUBRULE2(this.expression, { LABEL: "parts" }));
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME2(T.Colon, { LABEL: "colons" });
          this.OPTION2(() => this.SUBRULE3(this.expression, { LABEL: "parts" }));
          this.MANY2(() => {
            this.CONSUME3(T.Colon, { LABEL: "colons" });
            this.OPTION3(() => this.SUBRULE4(this.expression, { LABEL: "parts" }));
          });
        },
      },
    ]));
  });

  /** A statement the importer does not support: the keyword, then everything up to its end. */
  unsupportedStmt = this.RULE("unsupportedStmt", () => {
    this.CONSUME(T.UnsupportedKw);
    this.ACTION(() => this.skipConstruct());
  });

  /** Skips to just past the `)` that closes an already consumed `(` (or to the end of the input). */
  private skipParenthesised(): void {
    let depth = 1;
    for (;;) {
      const t = this.LA(1).tokenType;
      if (t === EOF) return;
      if (t === T.LParen) depth++;
      else if (t === T.RParen && --depth === 0) { this.SKIP_TOKEN(); return; }
      this.SKIP_TOKEN();
    }
  }

  private skipConstruct(): void {
    let paren = 0;
    let brace = 0;
    for (;;) {
      const t = this.LA(1).tokenType;
      if (t === EOF) return;
      if (t === T.LParen || t === T.LBracket) paren++;
      else if (t === T.RParen || t === T.RBracket) paren = Math.max(0, paren - 1);
      else if (t === T.LBrace) brace++;
      else if (t === T.RBrace) {
        if (brace === 0) return; // closes an enclosing block
        brace--;
        this.SKIP_TOKEN();
        if (brace === 0 && paren === 0) {
          // `switch … { … }`, `def … { … }`, `while (…) { … }`: done, unless more blocks follow (`else`)
          if (this.LA(1).tokenType !== T.Else) return;
        }
        continue;
      } else if (t === T.Semicolon && brace === 0) {
        this.SKIP_TOKEN();
        return;
      }
      this.SKIP_TOKEN();
    }
  }

  // ─────────────────────────────────────────── expressions ───────────────────────────────────────────

  /**
   * Every binary operator at one level (operands and operators in source order): the builder applies
   * the OpenQASM 3 precedence table. One rule instead of ten keeps the CST small and the parser fast.
   */
  expression = this.RULE("expression", () => {
    this.SUBRULE(this.unary, { LABEL: "operands" });
    this.MANY(() => {
      this.CONSUME(T.BinaryOp, { LABEL: "ops" });
      this.SUBRULE2(this.unary, { LABEL: "operands" });
    });
  });

  unary = this.RULE("unary", () => {
    this.OR(this.alts(12, () => [
      {
        ALT: () => {
          this.OR2(this.alts(102, () => [
            { ALT: () => this.CONSUME(T.Minus, { LABEL: "op" }) },
            { ALT: () => this.CONSUME(T.Bang, { LABEL: "op" }) },
            { ALT: () => this.CONSUME(T.Tilde, { LABEL: "op" }) },
          ]));
          this.SUBRULE(this.unary);
        },
      },
      { ALT: () => this.SUBRULE(this.power) },
    ]));
  });

  /** `**` binds tighter than a unary operator on its left and is right-associative: -2 ** 2 = -(2 ** 2). */
  power = this.RULE("power", () => {
    this.SUBRULE(this.postfix);
    this.OPTION(() => {
      this.CONSUME(T.StarStar);
      this.SUBRULE(this.unary);
    });
  });

  postfix = this.RULE("postfix", () => {
    this.SUBRULE(this.primary);
    this.MANY(() => this.SUBRULE(this.indexOp));
  });

  primary = this.RULE("primary", () => {
    this.OR(this.alts(13, () => [
      { ALT: () => this.CONSUME(T.IntLiteral) },
      { ALT: () => this.CONSUME(T.FloatLiteral) },
      { ALT: () => this.CONSUME(T.True) },
      { ALT: () => this.CONSUME(T.False) },
      { ALT: () => this.CONSUME(T.StringLiteral) },
      { ALT: () => this.CONSUME(T.DurationLiteral) },
      { ALT: () => this.CONSUME(T.ImagLiteral) },
      { ALT: () => this.CONSUME(T.HardwareQubit) },
      {
        // `durationof({ … })`: its argument (a block of statements) is skipped, not parsed
        ALT: () => {
          this.CONSUME(T.Durationof);
          this.CONSUME4(T.LParen);
          this.ACTION(() => this.skipParenthesised());
        },
      },
      {
        ALT: () => {
          this.OR2(this.alts(103, () => [{ ALT: () => this.CONSUME(T.Identifier, { LABEL: "name" }) }, { ALT: () => this.CONSUME(T.Pow, { LABEL: "name" }) }]));
          this.OPTION(() => {
            this.CONSUME(T.LParen);
            this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expression, { LABEL: "args" }) });
            this.CONSUME(T.RParen);
          });
        },
      },
      {
        // a cast: `float(x)`, `int[32](x)`
        ALT: () => {
          this.SUBRULE(this.scalarType, { LABEL: "cast" });
          this.CONSUME2(T.LParen);
          this.SUBRULE2(this.expression, { LABEL: "castArg" });
          this.CONSUME2(T.RParen);
        },
      },
      {
        ALT: () => {
          this.CONSUME3(T.LParen);
          this.SUBRULE3(this.expression, { LABEL: "inner" });
          this.CONSUME3(T.RParen);
        },
      },
    ]));
  });
}


let instance: QasmParser | undefined;

/** The shared parser (constructing one runs grammar analysis, so it is built once, lazily). */
export function sharedQasmParser(): QasmParser {
  instance ??= new QasmParser();
  return instance;
}

export interface QasmSyntaxError { readonly message: string; readonly token: IToken; readonly previousToken?: IToken }

/** Parses a token vector into a CST; with recovery the CST is partial where errors occurred. */
export function parseQasmTokens(tokens: IToken[]): { cst: CstNode; errors: QasmSyntaxError[] } {
  const parser = sharedQasmParser();
  parser.input = tokens;
  const cst = parser.program();
  const errors = parser.errors.map((e) => ({ message: e.message, token: e.token, previousToken: (e as { previousToken?: IToken }).previousToken }));
  return { cst, errors };
}

export type { QasmParser };
