// Diagnostics goldens: every test/golden/check/*.qseq is checked and its rendered diagnostics compared
// with the .errors.txt next to it.

import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sortDiagnostics } from "../../src/diagnostics/diagnostic.js";
import { renderText } from "../../src/diagnostics/render.js";
import { check } from "../../src/pipeline.js";
import { expectGolden, orphanGoldens } from "../support/golden.js";

const dir = "test/golden/check";
const cases = readdirSync(dir).filter((f) => f.endsWith(".qseq")).sort();

describe("diagnostics goldens", () => {
  it.each(cases)("%s", (name) => {
    const r = check(join(dir, name));
    const ds = sortDiagnostics(r.diagnostics);
    const text = ds.length ? renderText(ds, r.sources, { color: false }) : "";
    expectGolden(join(dir, name.replace(/\.qseq$/, ".errors.txt")), text);
    for (const d of ds) {
      expect(d.code).toMatch(/^[EW]\d{4}$/);
      expect(d.span, `${d.code} has a span`).toBeDefined();
    }
  });

  it("has no stale goldens", () => {
    expect(orphanGoldens(dir, ".qseq", [".errors.txt"])).toEqual([]);
  });
});
