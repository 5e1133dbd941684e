// OpenQASM import diagnostics goldens: every test/golden/qasm/*.qasm is imported (no bound inputs) and
// its rendered diagnostics compared with the .errors.txt next to it (regenerate with
// QSEQ_UPDATE_GOLDEN=1; a golden without its .qasm is stale and fails).

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderText } from "../../src/diagnostics/render.js";
import { importQasm } from "../../src/qasm/index.js";
import { expectGolden, orphanGoldens } from "../support/golden.js";

const dir = "test/golden/qasm";
const cases = readdirSync(dir).filter((f) => f.endsWith(".qasm")).sort();

describe("OpenQASM import diagnostics goldens", () => {
  it.each(cases)("%s", (name) => {
    const file = join(dir, name);
    const text = readFileSync(file, "utf8");
    const r = importQasm(text, file);
    const ds = r.diagnostics;
    const rendered = ds.length ? renderText(ds, new Map([[file, text]]), { color: false }) : "";
    expectGolden(join(dir, name.replace(/\.qasm$/, ".errors.txt")), rendered);
    for (const d of ds) {
      expect(d.code).toMatch(/^E100[1-6]$/);
      expect(d.span, `${d.code} has a span`).toBeDefined();
      expect(d.span!.file).toBe(file);
      expect(d.message).not.toMatch(/internal error/);
    }
    expect(r.circuit === undefined).toBe(ds.some((d) => d.severity === "error"));
  });

  it("has no stale goldens", () => {
    expect(orphanGoldens(dir, ".qasm", [".errors.txt"])).toEqual([]);
  });
});
