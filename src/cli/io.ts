// Terminal and file output for the CLI: diagnostics (text or JSON) and atomic file writes.

import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { UnrollLimitError } from "../check/limits.js";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
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
export function writeFileAtomic(path: string, text: string | Uint8Array): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const fd = openSync(tmp, "w");
  try {
    if (typeof text === "string") writeSync(fd, text); // (two overloads: text or bytes)
    else writeSync(fd, text);
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

/**
 * Runs a command; an unroll limit hit after elaboration (a readout batch, a huge `pow`) is reported as the
 * diagnostic E0801 with exit code 1, like the limits checked during elaboration.
 */
export function reportingUnrollLimit(format: Format, run: () => number): number {
  try {
    return run();
  } catch (e) {
    if (!(e instanceof UnrollLimitError)) throw e;
    printDiagnostics([diagnostic("E0801", undefined, e.message, { help: "use a shorter sequence, or raise the limit with --max-ops" })], new Map(), format);
    return 1;
  }
}

/** Thrown when a directory to write is not new or empty (the CLI reports it as a usage error). */
export class DirectoryNotEmptyError extends Error {}

/**
 * Writes files into a new (or empty) directory, all or nothing: they go to a temporary sibling first,
 * which is renamed into place once every file is written. `files` is called while writing, so that a
 * failure while producing the texts leaves nothing behind either.
 */
export function writeDirectoryAtomic(dir: string, files: () => Iterable<{ readonly name: string; readonly text: string }>): void {
  if (existsSync(dir) && readdirSync(dir).length > 0) throw new DirectoryNotEmptyError(`${dir} exists and is not empty; give a new or empty directory`);
  const tmp = join(dirname(dir), `.${basename(dir)}.${process.pid}.tmp`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    for (const f of files()) writeFileSync(join(tmp, f.name), f.text);
    if (existsSync(dir)) rmSync(dir, { recursive: true });
    renameSync(tmp, dir);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}
