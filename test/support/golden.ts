// Golden files: expected outputs stored next to their inputs and reviewed as diffs.
// `QSEQ_UPDATE_GOLDEN=1` (npm run golden:update) rewrites them; otherwise a mismatch or a missing golden fails.

import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";

export const UPDATE = process.env["QSEQ_UPDATE_GOLDEN"] === "1";

export function expectGolden(path: string, actual: string): void {
  if (UPDATE) {
    writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path)) throw new Error(`missing golden ${path}; run \`npm run golden:update\` and review the diff`);
  expect(actual, `golden ${path} is stale; run \`npm run golden:update\` and review the diff`).toBe(readFileSync(path, "utf8"));
}

/** Golden outputs whose input file no longer exists: stale, and a failure. */
export function orphanGoldens(dir: string, inputExt: string, goldenExts: readonly string[]): string[] {
  const files = readdirSync(dir);
  return files.filter((f) => goldenExts.some((g) => f.endsWith(g)))
    .filter((f) => { const g = goldenExts.find((x) => f.endsWith(x))!; return !files.includes(f.slice(0, -g.length) + inputExt); })
    .map((f) => join(dir, f));
}
