// The Prettier plugin for .qseq files:
//
//   import * as prettier from "prettier";
//   import qseq from "qseq/src/format/prettier-plugin.js";
//   await prettier.format(text, { parser: "qseq", plugins: [qseq] });
//
// Importing this module loads Prettier; the CLI uses createQseqPlugin with a lazily imported Prettier.

import { doc } from "prettier";
import { createQseqPlugin } from "./plugin.js";

const plugin = createQseqPlugin(doc.builders);

export const languages = plugin.languages;
export const parsers = plugin.parsers;
export const printers = plugin.printers;
export const defaultOptions = plugin.defaultOptions;
export default plugin;
