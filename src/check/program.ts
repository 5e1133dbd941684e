// Loading a program: the entry file and everything it imports, parsed, with one global table of
// declarations. `std/…` imports resolve into the package's stdlib/; other paths are relative to the
// importing file. Missing files and cycles are diagnostics, never exceptions.

import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { closestName, diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { CellDecl, ConstDecl, ModelDecl, SourceFile } from "../syntax/ast.js";
import { parseSource } from "../syntax/parse.js";

export const STDLIB_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../../stdlib");

export interface Program {
  /** Source text by display name (what spans carry), for rendering diagnostics. */
  readonly sources: Map<string, string>;
  readonly files: SourceFile[];
  readonly cells: Map<string, CellDecl>;
  readonly consts: Map<string, ConstDecl>;
  readonly models: Map<string, ModelDecl>;
  readonly diagnostics: Diagnostic[];
}

/** How the program reads files; tests and the language server substitute in-memory sources. */
export interface SourceHost {
  read(absPath: string): string | undefined;
}

export const fsHost: SourceHost = {
  read: (p) => (existsSync(p) ? readFileSync(p, "utf8") : undefined),
};

/** Display names: relative to the working directory for user files, `std/…` for the library. */
export function displayName(absPath: string): string {
  const fromStd = relative(STDLIB_DIR, absPath);
  if (!fromStd.startsWith("..") && !isAbsolute(fromStd)) return `std/${fromStd.replace(/\.qseq$/, "")}`;
  const rel = relative(process.cwd(), absPath);
  return rel.startsWith("..") || isAbsolute(rel) ? absPath : rel;
}

export function loadProgram(entryPath: string, host: SourceHost = fsHost, entryText?: string): Program {
  const program: Program = { sources: new Map(), files: [], cells: new Map(), consts: new Map(), models: new Map(), diagnostics: [] };
  const state = new Map<string, "loading" | "done">();

  const load = (abs: string, text: string): void => {
    state.set(abs, "loading");
    const name = displayName(abs);
    program.sources.set(name, text);
    const parsed = parseSource(text, name);
    program.diagnostics.push(...parsed.diagnostics);
    for (const imp of parsed.ast.imports) {
      const target = resolveImport(imp.path, abs);
      const withExt = target.endsWith(".qseq") ? target : `${target}.qseq`;
      const st = state.get(withExt);
      if (st === "loading") {
        program.diagnostics.push(diagnostic("E0202", imp.span, `import cycle: "${imp.path}" is already being loaded`, {
          label: "this import closes a cycle",
          help: "move the shared declarations into a file that both can import",
        }));
        continue;
      }
      if (st === "done") continue;
      const importedText = host.read(withExt);
      if (importedText === undefined) {
        program.diagnostics.push(diagnostic("E0201", imp.span, `cannot find "${imp.path}"`, {
          label: `looked for ${displayName(withExt)}`,
          help: imp.path.startsWith("std/") ? "the standard library has std/hypergraph and std/layers" : "paths are relative to the importing file",
        }));
        continue;
      }
      load(withExt, importedText);
    }
    state.set(abs, "done");
    program.files.push(parsed.ast);
    for (const d of parsed.ast.decls) declare(program, d);
  };

  const absEntry = resolve(entryPath);
  const text = entryText ?? host.read(absEntry);
  if (text === undefined) {
    program.diagnostics.push(diagnostic("E0203", undefined, `cannot read ${entryPath}`, { help: "check the path" }));
    return program;
  }
  load(absEntry, text);
  return program;
}

function resolveImport(path: string, fromAbs: string): string {
  if (path.startsWith("std/")) return join(STDLIB_DIR, path.slice(4));
  return resolve(dirname(fromAbs), path);
}

function declare(program: Program, d: CellDecl | ConstDecl | ModelDecl): void {
  if (d.name.name === "") return;
  const tables = [program.cells, program.consts, program.models] as Map<string, CellDecl | ConstDecl | ModelDecl>[];
  const previous = tables.map((t) => t.get(d.name.name)).find((x) => x !== undefined);
  if (previous) {
    program.diagnostics.push(diagnostic("E0304", d.name.span, `\`${d.name.name}\` is defined twice`, {
      label: "second definition",
      related: [{ span: previous.name.span, message: "first defined here" }],
      help: "rename one of them",
    }));
    return;
  }
  if (d.kind === "cell") program.cells.set(d.name.name, d);
  else if (d.kind === "const") program.consts.set(d.name.name, d);
  else program.models.set(d.name.name, d);
}

export function suggestModel(program: Program, name: string): string | undefined {
  return closestName(name, program.models.keys());
}
