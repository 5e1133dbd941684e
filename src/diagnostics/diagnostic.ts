// A diagnostic: a coded message about a span of source text, with optional secondary labels and help.

import type { Span } from "../syntax/span.js";
import { CATALOGUE, type Code, type Severity } from "./catalogue.js";

export interface Label { readonly span: Span; readonly message: string }

export interface Diagnostic {
  readonly code: Code;
  readonly severity: Severity;
  readonly message: string;
  /** Absent only for diagnostics about no file in particular (e.g. a missing model). */
  readonly span?: Span;
  /** Text printed under the caret of the primary span. */
  readonly label?: string;
  readonly related?: readonly Label[];
  readonly help?: string;
}

export interface DiagnosticExtras {
  readonly label?: string;
  readonly related?: readonly Label[];
  readonly help?: string;
}

export function diagnostic(code: Code, span: Span | undefined, message: string, extras: DiagnosticExtras = {}): Diagnostic {
  return { code, severity: CATALOGUE[code].severity, message, ...(span ? { span } : {}), ...extras };
}

export const hasErrors = (ds: readonly Diagnostic[]): boolean => ds.some((d) => d.severity === "error");

/** Thrown to abandon a pass that cannot go on; carries the diagnostic(s) to report. */
export class DiagnosticError extends Error {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map((d) => `${d.code}: ${d.message}`).join("\n"));
  }
}

/** Sorts by file, then position, keeping the order of equal spans; drops exact duplicates. */
export function sortDiagnostics(ds: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return [...ds]
    .sort((a, b) => (a.span?.file ?? "").localeCompare(b.span?.file ?? "") || (a.span?.start ?? -1) - (b.span?.start ?? -1))
    .filter((d) => {
      const key = `${d.code}|${d.span?.file}|${d.span?.start}|${d.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/** Edit distance for "did you mean" hints. */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDist = Math.max(1, Math.floor(name.length / 3)) + 1;
  for (const c of candidates) {
    const d = editDistance(name, c);
    if (d < bestDist) { best = c; bestDist = d; }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}
