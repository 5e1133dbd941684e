// `qseq fmt`: format .qseq files in the canonical style (src/format). Prettier is loaded here only,
// through a dynamic import, so that the other commands never pay for it.
//
//   qseq fmt FILE…            print the formatted files to standard output
//   qseq fmt                  (or `-`) standard input → standard output
//   qseq fmt --check FILE…    exit 1 and list the files that are not formatted
//   qseq fmt --write FILE…    rewrite the files that are not formatted (atomically)
//   qseq fmt --diff FILE…     print a unified diff of what formatting would change
//
// A file with syntax errors is refused with its diagnostics (exit 1) and never rewritten; an unreadable
// file is a usage error (exit 2), reported before anything is written.

import { readFileSync } from "node:fs";
import { hasErrors } from "../diagnostics/diagnostic.js";
import { parseSource } from "../syntax/parse.js";
import { unifiedDiff } from "../format/diff.js";
import { formatQseq } from "../format/index.js";
import { EXIT_DIAGNOSTICS, EXIT_OK } from "./exit-codes.js";
import { printDiagnostics, writeFileAtomic, type Format } from "./io.js";
import { UsageError } from "./options.js";

export interface FmtOptions { check?: boolean; write?: boolean; diff?: boolean; format?: Format }

const STDIN = "-";

function readInput(path: string): string {
  try {
    return path === STDIN ? readFileSync(0, "utf8") : readFileSync(path, "utf8");
  } catch {
    throw new UsageError(path === STDIN ? "cannot read standard input" : `cannot read ${path}`);
  }
}

export async function runFmt(files: readonly string[], o: FmtOptions): Promise<number> {
  if (o.write && (o.check || o.diff)) throw new UsageError("--write cannot be combined with --check or --diff");
  const paths = files.length ? files : [STDIN];
  if (o.write && paths.includes(STDIN)) throw new UsageError("--write needs files (standard input is formatted to standard output)");
  // every file is read before anything is written: an unreadable one is a usage error with no side effects
  const inputs = paths.map((path) => ({ path, text: readInput(path) }));
  let code = EXIT_OK;
  for (const { path, text } of inputs) {
    const name = path === STDIN ? "<stdin>" : path;
    const parsed = parseSource(text, name);
    if (hasErrors(parsed.diagnostics)) {
      printDiagnostics(parsed.diagnostics, new Map([[name, text]]), o.format ?? "text");
      process.stderr.write(`${name}: not formatted (syntax errors)\n`);
      code = EXIT_DIAGNOSTICS;
      continue;
    }
    const formatted = await formatQseq(text, name);
    const changed = formatted !== text;
    if (o.check || o.diff) {
      if (o.diff && changed) process.stdout.write(unifiedDiff(text, formatted, name));
      if (o.check && changed) {
        if (!o.diff) process.stdout.write(`${name}\n`);
        code = EXIT_DIAGNOSTICS;
      }
    } else if (o.write) {
      if (changed) {
        writeFileAtomic(path, formatted);
        process.stdout.write(`formatted ${name}\n`);
      }
    } else {
      process.stdout.write(formatted);
    }
  }
  if (o.check && code === EXIT_DIAGNOSTICS) process.stderr.write("some files are not formatted; run `qseq fmt --write` on them\n");
  return code;
}
