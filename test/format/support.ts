// Shared helpers of the formatter tests: formatting, comment multisets, and the OpenQASM a program
// compiles to (every program of its readout batch when one program cannot read all its outputs).

import { readFileSync, readdirSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { buildBatch } from "../../src/batch/batch.js";
import type { SourceHost } from "../../src/check/program.js";
import { emitQasm3, NeedsBatchError } from "../../src/emit/qasm3/emit.js";
import type { Circuit } from "../../src/ir/circuit.js";
import { buildCircuit } from "../../src/pipeline.js";
import { parseSource } from "../../src/syntax/parse.js";

export { formatQseq } from "../../src/format/index.js";

export const EXAMPLES = readdirSync("examples").filter((f) => f.endsWith(".qseq")).sort().map((f) => join("examples", f));
export const STDLIB = readdirSync("stdlib").filter((f) => f.endsWith(".qseq")).sort().map((f) => join("stdlib", f));

/** The sample inputs of an example (examples/NAME.tokens or examples/NAME.inputs.json). */
export function sampleInput(example: string): { tokens?: { text: string; file: string }; inputs?: { text: string; file: string } } {
  const stem = example.replace(/\.qseq$/, "");
  for (const [ext, key] of [[".tokens", "tokens"], [".inputs.json", "inputs"]] as const) {
    try {
      const file = stem + ext;
      return { [key]: { text: readFileSync(file, "utf8"), file } };
    } catch { /* next */ }
  }
  return {};
}

/** Comment texts, sorted (line comments without trailing spaces, which the formatter drops). */
export function commentTexts(text: string): string[] {
  return parseSource(text, "<c>").comments.map((c) => (c.tokenType.name === "BlockComment" ? c.image : c.image.trimEnd())).sort();
}

/** A source host that serves the given texts (absolute paths) and the file system for the rest. */
export function hostWith(texts: ReadonlyMap<string, string>): SourceHost {
  return {
    read: (p) => {
      const t = texts.get(resolve(p));
      if (t !== undefined) return t;
      try { return readFileSync(p, "utf8"); } catch { return undefined; }
    },
  };
}

function emitAll(c: Circuit, profile: "full" | "portable"): string[] {
  try {
    return [emitQasm3(c, { profile })];
  } catch (e) {
    if (!(e instanceof NeedsBatchError)) throw e;
    return buildBatch(c).circuits.map((p) => emitQasm3(p, { profile }));
  }
}

/** The OpenQASM 3 of both profiles for one program text (its imports read through `host`). */
export function qasmOf(file: string, text: string, input: ReturnType<typeof sampleInput>, host?: SourceHost): string[] {
  const r = buildCircuit(file, { entryText: text, ...input, ...(host ? { host } : {}) });
  if (!r.circuit) throw new Error(`${basename(file)} does not build: ${r.diagnostics.map((d) => `${d.code} ${d.message}`).join("; ")}`);
  return [...emitAll(r.circuit, "full"), "----", ...emitAll(r.circuit, "portable")];
}
