// The Prettier plugin, built from Prettier's doc builders passed in (so that this module does not load
// Prettier by itself: the CLI imports Prettier lazily, see src/cli/fmt.ts). Users of Prettier take the
// ready-made plugin from src/format/prettier-plugin.ts.

import type { Plugin } from "prettier";
import { parseForFormat, printRoot, type DocBuilders, type QseqRoot } from "./printer.js";

export const LINE_WIDTH = 100;

export function createQseqPlugin(builders: DocBuilders): Plugin<QseqRoot> {
  return {
    languages: [{ name: "qseq", parsers: ["qseq"], extensions: [".qseq"], vscodeLanguageIds: ["qseq"] }],
    parsers: {
      qseq: {
        // a file with syntax errors throws QseqSyntaxError (with its diagnostics): nothing is printed
        parse: (text, options) => parseForFormat(text, (options as { filepath?: string }).filepath ?? "<input>"),
        astFormat: "qseq-ast",
        locStart: () => 0,
        locEnd: (node) => node.text.length,
      },
    },
    printers: {
      "qseq-ast": {
        print: (path) => printRoot(path.node, builders),
      },
    },
    options: {},
    defaultOptions: { printWidth: LINE_WIDTH, tabWidth: 2, useTabs: false },
  };
}
