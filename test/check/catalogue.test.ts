import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CATALOGUE } from "../../src/diagnostics/catalogue.js";

describe("the diagnostic catalogue", () => {
  it("is documented code by code in docs/diagnostics.md", () => {
    const doc = readFileSync("docs/diagnostics.md", "utf8");
    for (const [code, entry] of Object.entries(CATALOGUE)) expect(doc, code).toContain(`| ${code} | ${entry.severity} | ${entry.summary} |`);
  });
});
