// The formatter: canonical style on small inputs, idempotence, kept comments, and the same compiled
// OpenQASM before and after formatting (examples, the standard library, generated and mutated programs).

import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import fc from "fast-check";
import * as prettier from "prettier";
import { describe, expect, it } from "vitest";
import qseqPlugin from "../../src/format/prettier-plugin.js";
import { QseqSyntaxError } from "../../src/format/printer.js";
import { check } from "../../src/pipeline.js";
import { qseqLexer } from "../../src/syntax/tokens.js";
import { randomModelArb } from "../support/random-models.js";
import { EXAMPLES, STDLIB, commentTexts, formatQseq, hostWith, qasmOf, sampleInput } from "./support.js";

const fmt = (text: string) => formatQseq(text, "test.qseq");

describe("canonical style", () => {
  it("re-indents a badly indented model with 2 spaces, one statement per line", async () => {
    const input = [
      "import   \"std/layers\" ;",
      "model   m<n:int=2> {",
      "hidden h :qubit[ n ] ;",
      "       param   w : angle[n,3]=0.1;",
      "  init{reset h;   h h;}",
      "step( x )->bit{ for i in 0..n{euler(w[i]) h[i];}",
      "  ctrl( 1 )@rz(w[0,0]*2+1.50) h[0],h[1]; emit measure h[0];",
      "}}",
    ].join("\n");
    expect(await fmt(input)).toBe([
      "import \"std/layers\";",
      "model m<n: int = 2> {",
      "  hidden h: qubit[n];",
      "  param w: angle[n, 3] = 0.1;",
      "  init {",
      "    reset h;",
      "    h h;",
      "  }",
      "  step(x) -> bit {",
      "    for i in 0..n {",
      "      euler(w[i]) h[i];",
      "    }",
      "    ctrl(1) @ rz(w[0, 0] * 2 + 1.50) h[0], h[1];",
      "    emit measure h[0];",
      "  }",
      "}",
      "",
    ].join("\n"));
  });

  it("prints tokens, subsets, match arms (aligned), if/else if/else and types canonically", async () => {
    const input = `model m<n:int=4,k:int=2>{tokens{Edge(e:subset<k>of 0..n),Read(i:0..n);Pad()}
hidden h:qubit[n];step(t)->bit?{match t{Edge(e)=>cz h[e];Read(i)=>{let b=measure h[i];emit b;},_=>{}}
if(n>2&&!(k==1)){x h[0];}else if(n==2){y h[0];}else{z h[0];}}}`;
    expect(await fmt(input)).toBe(`model m<n: int = 4, k: int = 2> {
  tokens {
    Edge(e: subset<k> of 0..n)
    Read(i: 0..n)
    Pad
  }
  hidden h: qubit[n];
  step(t) -> bit? {
    match t {
      Edge(e) => cz h[e];
      Read(i) => {
        let b = measure h[i];
        emit b;
      }
      _       => {}
    }
    if (n > 2 && !(k == 1)) {
      x h[0];
    } else if (n == 2) {
      y h[0];
    } else {
      z h[0];
    }
  }
}
`);
  });

  it("keeps parentheses as written, collapses doubled ones, and prints numbers as written", async () => {
    expect(await fmt("const a:float=((1.0E+2))*(2+3)-(-.5)**2e-3;\nconst b:int=0;")).toBe(
      "const a: float = (1.0E+2) * (2 + 3) - (-.5) ** 2e-3;\nconst b: int = 0;\n");
    expect(await fmt("cell c on q:qubit[]{for i in 0..(len(q)-1){cz q[i],q[i+1];}}")).toBe(
      "cell c on q: qubit[] {\n  for i in 0..(len(q) - 1) {\n    cz q[i], q[i + 1];\n  }\n}\n");
  });

  it("keeps comments: trailing, own-line, dangling in empty blocks, in headers, and blank lines (collapsed)", async () => {
    const input = `// head


/// doc of m
model m { // after brace
  hidden h: qubit[1];      // aligned comment keeps its spaces
  init { // nothing yet
  }



  /* between */ step(t /* in header */) {
    x h[0]; // end
    // own line
    rx(/* arg */ 0.5) h[0];
    // dangling at the end
  }
  final {
  }
}
// tail
`;
    expect(await fmt(input)).toBe(`// head

/// doc of m
model m { // after brace
  hidden h: qubit[1];      // aligned comment keeps its spaces
  init { // nothing yet
  }

  /* between */
  step(t) { /* in header */
    x h[0]; // end
    // own line
    rx(0.5) h[0]; /* arg */
    // dangling at the end
  }
  final {}
}
// tail
`);
  });

  it("puts a line comment that was inside a statement at the end of its line, and later ones below it", async () => {
    const out = await fmt("cell c on q: qubit {\n  rx(0.1, // one\n     0.2) q; // two\n}\n".replace("rx", "u2"));
    expect(out).toBe("cell c on q: qubit {\n  u2(0.1, 0.2) q; // one\n  // two\n}\n");
    expect(await fmt(out)).toBe(out);
  });

  it("breaks long argument lists one per line at 100 columns", async () => {
    const args = Array.from({ length: 12 }, (_, i) => `0.${i}${i}${i}${i}${i}`);
    const out = await fmt(`model m { param p: float[12] = [${args.join(",")}]; }`);
    expect(out).toBe(`model m {\n  param p: float[12] = [\n${args.map((a) => `    ${a}`).join(",\n")}\n  ];\n}\n`);
    const call = await fmt(`cell c(a: angle[12]) on q: qubit { u3(${args.slice(0, 3).join(" + ")} + ${args.slice(3).join(" + ")}, ${args[0]}, ${args[1]}) q; }`);
    expect(call.split("\n")[1]).toBe("  u3(");
    expect(Math.max(...(await fmt(`model m { param p: float[3] = [1.0, 2.0, 3.0]; }`)).split("\n").map((l) => l.length))).toBeLessThanOrEqual(100);
  });

  it("formats an empty file and a file of comments only", async () => {
    expect(await fmt("")).toBe("");
    expect(await fmt("\n\n// a\n\n\n// b\n\n")).toBe("// a\n\n// b\n");
  });
});

describe("the Prettier plugin", () => {
  it("works through prettier's public API, by parser name and by file extension", async () => {
    const text = "const  x:int=1;";
    expect(await prettier.format(text, { parser: "qseq", plugins: [qseqPlugin] })).toBe("const x: int = 1;\n");
    expect(await prettier.format(text, { filepath: "a.qseq", plugins: [qseqPlugin] })).toBe("const x: int = 1;\n");
    expect(qseqPlugin.languages?.[0]).toMatchObject({ name: "qseq", extensions: [".qseq"] });
  });

  it("refuses a file with syntax errors with an error that carries the diagnostics", async () => {
    const err = await prettier.format("model m { step(t) { h h } }", { parser: "qseq", plugins: [qseqPlugin] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QseqSyntaxError);
    expect((err as QseqSyntaxError).diagnostics.map((d) => d.code)).toContain("E0103");
  });
});

// ---- the examples and the standard library -------------------------------------------------------

const stdlibFormatted = new Map<string, string>();

describe("examples and standard library", () => {
  it.each(STDLIB)("%s: idempotent, same comments, and still checks without errors", async (file) => {
    const text = readFileSync(file, "utf8");
    const out = await fmt(text);
    expect(await fmt(out)).toBe(out);
    expect(commentTexts(out)).toEqual(commentTexts(text));
    expect(check(resolve(file), { entryText: out }).diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    stdlibFormatted.set(resolve(file), out);
  });

  it.each(EXAMPLES)("%s: idempotent, same comments, same OpenQASM (both profiles, formatted stdlib too)", async (file) => {
    const text = readFileSync(file, "utf8");
    const out = await fmt(text);
    expect(await fmt(out)).toBe(out);
    expect(commentTexts(out)).toEqual(commentTexts(text));
    const input = sampleInput(file);
    expect(input.tokens ?? input.inputs).toBeDefined();
    for (const f of STDLIB) if (!stdlibFormatted.has(resolve(f))) stdlibFormatted.set(resolve(f), await fmt(readFileSync(f, "utf8")));
    expect(qasmOf(file, out, input, hostWith(stdlibFormatted))).toEqual(qasmOf(file, text, input));
  });

  it("are written in the canonical style already (what `qseq fmt --check` verifies)", async () => {
    for (const file of [...STDLIB, ...EXAMPLES]) {
      const text = readFileSync(file, "utf8");
      expect(await fmt(text), file).toBe(text);
    }
  });
});

// ---- mutated examples: random whitespace and comments between tokens ------------------------------

interface Lexeme { image: string; comment: boolean; lineComment: boolean; gap: string }

function lexemes(text: string): Lexeme[] {
  const r = qseqLexer.tokenize(text);
  const all = [...r.tokens, ...((r.groups["comments"] ?? []) as typeof r.tokens)].sort((a, b) => a.startOffset - b.startOffset);
  return all.map((t, i) => {
    const end = (t.endOffset ?? t.startOffset) + 1;
    const next = all[i + 1]?.startOffset ?? text.length;
    const kind = t.tokenType.name;
    return { image: t.image, comment: kind.endsWith("Comment"), lineComment: kind === "LineComment" || kind === "DocComment", gap: text.slice(end, next) };
  });
}

// One separator choice per gap: 0 as written, 1 one space, 2 a newline, 3 blank lines, 4 a trailing line comment, 5 an own-line one, 6 a block comment, 7 one over two lines.
function mutate(text: string, choices: readonly number[]): string {
  let out = "";
  let n = 0;
  lexemes(text).forEach((l, i) => {
    out += l.image;
    const choice = choices[i % choices.length]!;
    const hadSpace = l.gap.length > 0;
    const c = "c" + String(n);
    const seps = [l.gap, " ", "\n", "\n\n\n", " // " + c + "\n", "\n// " + c + "\n", " /* " + c + " */ ", " /* " + c + "\n  more */ "];
    let sep = seps[choice] ?? l.gap;
    if (choice >= 4) n++;
    if (l.lineComment && !sep.startsWith("\n")) sep = "\n" + sep;
    if (sep === "" && hadSpace) sep = " ";
    out += sep;
  });
  return out;
}

describe("mutated examples", () => {
  it.each(EXAMPLES)("%s with random spaces, newlines and comments: idempotent, comments kept, same OpenQASM", async (file) => {
    const text = readFileSync(file, "utf8");
    const input = sampleInput(file);
    const expected = qasmOf(file, text, input);
    const choice = fc.oneof({ weight: 6, arbitrary: fc.constant(0) }, { weight: 6, arbitrary: fc.integer({ min: 1, max: 7 }) });
    await fc.assert(fc.asyncProperty(fc.array(choice, { minLength: 5, maxLength: 60 }), async (choices) => {
      const mutant = mutate(text, choices);
      const out = await fmt(mutant);
      expect(await fmt(out)).toBe(out);
      expect(commentTexts(out)).toEqual(commentTexts(mutant));
      expect(qasmOf(file, out, input)).toEqual(expected);
    }), { numRuns: 50, seed: 9 });
  });
});

// ---- generated models ---------------------------------------------------------------------------

describe("generated models", () => {
  it("format idempotently and compile to the same OpenQASM (every program of the readout batch)", async () => {
    await fc.assert(fc.asyncProperty(randomModelArb(), async (m) => {
      const file = resolve("test/format/generated.qseq");
      const out = await fmt(m.source);
      expect(await fmt(out)).toBe(out);
      expect(commentTexts(out)).toEqual(commentTexts(m.source));
      const input = { tokens: { text: m.tokens, file: "<tokens>" } };
      expect(qasmOf(file, out, input)).toEqual(qasmOf(file, m.source, input));
    }), { numRuns: 100, seed: 3 });
  });
});
