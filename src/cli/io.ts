// Terminal and file output for the CLI: diagnostics (text or JSON) and atomic file writes.

import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { sortDiagnostics } from "../diagnostics/diagnostic.js";
import { renderText, toJson, type SourceTexts } from "../diagnostics/render.js";

export type Format = "text" | "json";

export function printDiagnostics(ds: readonly Diagnostic[], sources: SourceTexts, format: Format, stream: NodeJS.WriteStream = process.stderr): void {
  const sorted = sortDiagnostics(ds);
  if (format === "json") {
    stream.write(JSON.stringify({ diagnostics: toJson(sorted, sources) }, null, 2) + "\n");
    return;
  }
  if (sorted.length === 0) return;
  const color = stream.isTTY === true && !process.env["NO_COLOR"];
  stream.write(renderText(sorted, sources, { color }));
}

/** Writes a file so that readers never see it half-written: a temporary file, then a rename. */
export function writeFileAtomic(path: string, text: string): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const fd = openSync(tmp, "w");
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
  closeSync(fd);
  try {
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
