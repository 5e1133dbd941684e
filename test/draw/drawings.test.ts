// The drawings of the examples committed under docs/drawings/ are current: each is rendered again and
// compared (QSEQ_UPDATE_GOLDEN=1 rewrites them). The SVGs fold every 24 columns, the text at 100 characters,
// as `qseq draw FILE --tokens|--inputs INPUT --fold 24 -o NAME.svg` and `qseq draw … > NAME.txt` write them.

import { existsSync, mkdirSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderAscii } from "../../src/draw/ascii.js";
import { layoutCircuit } from "../../src/draw/layout.js";
import { renderSvg } from "../../src/draw/svg.js";
import { buildCircuit } from "../../src/pipeline.js";
import { expectGolden, UPDATE } from "../support/golden.js";
import { EXAMPLES } from "./examples.js";

export const DRAWINGS = "docs/drawings";
export const SVG_FOLD = 24;

describe("docs/drawings", () => {
  if (UPDATE) mkdirSync(DRAWINGS, { recursive: true });
  for (const ex of EXAMPLES) {
    it(`${ex.name}.svg and ${ex.name}.txt are current`, () => {
      const r = buildCircuit(ex.file, { [ex.kind]: { text: readFileSync(ex.input, "utf8"), file: ex.input } });
      const layout = layoutCircuit(r.circuit!);
      expectGolden(join(DRAWINGS, `${ex.name}.svg`), renderSvg(layout, { fold: SVG_FOLD }));
      expectGolden(join(DRAWINGS, `${ex.name}.txt`), renderAscii(layout));
    });
  }

  it("has no drawing without an example", () => {
    if (!existsSync(DRAWINGS)) return;
    const names = new Set(EXAMPLES.flatMap((e) => [`${e.name}.svg`, `${e.name}.txt`]));
    expect(readdirSync(DRAWINGS).filter((f) => !names.has(f))).toEqual([]);
  });
});
