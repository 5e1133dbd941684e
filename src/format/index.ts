// Formatting .qseq text. Prettier is imported on first use only.

import type { Plugin } from "prettier";
import type { QseqRoot } from "./printer.js";

export { QseqSyntaxError, parseForFormat } from "./printer.js";

let loaded: Promise<{ prettier: typeof import("prettier"); plugin: Plugin<QseqRoot> }> | undefined;

async function load(): Promise<{ prettier: typeof import("prettier"); plugin: Plugin<QseqRoot> }> {
  loaded ??= (async () => {
    const prettier = await import("prettier");
    const { createQseqPlugin } = await import("./plugin.js");
    return { prettier, plugin: createQseqPlugin(prettier.doc.builders) };
  })();
  return loaded;
}

/**
 * The canonical text of a .qseq file, through Prettier's public API. Throws QseqSyntaxError (carrying
 * the diagnostics) when the file has syntax errors.
 */
export async function formatQseq(text: string, file = "<input>"): Promise<string> {
  const { prettier, plugin } = await load();
  return prettier.format(text, { parser: "qseq", plugins: [plugin], filepath: file });
}
