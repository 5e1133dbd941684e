// Reading task data files (JSON Lines, one sample per line; docs/task.md). Every problem is a diagnostic
// E0903 pointing at the line (and at the offending field where it can be found), so that a user can fix
// the file; reading goes on past a bad line to report up to MAX_REPORTED problems at once.

import { readFileSync } from "node:fs";
import { diagnostic, DiagnosticError, type Diagnostic } from "../diagnostics/diagnostic.js";
import { renderText } from "../diagnostics/render.js";
import type { Span } from "../syntax/span.js";
import { checkTaskSize, GenerateError } from "./generate.js";
import { trueDistribution } from "./hypergraph.js";
import { makeSample, parseStep, type Context, type HypergraphSample, type TaskStep } from "./sample.js";

const MAX_REPORTED = 20;

/** A data file that cannot be used; `message` is the rendered diagnostics (file:line:col, caret, help). */
export class DataError extends DiagnosticError {
  constructor(diagnostics: readonly Diagnostic[], readonly sources: ReadonlyMap<string, string>) {
    super(diagnostics);
    this.message = renderText(diagnostics, sources).trimEnd();
  }
}

export function readDataFile(path: string): HypergraphSample[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new DataError([diagnostic("E0203", undefined, `cannot read the data file ${path}`)], new Map());
  }
  return parseDataText(text, path);
}

/** The samples of a data file's text; throws DataError listing the problems. */
export function parseDataText(text: string, file: string): HypergraphSample[] {
  const samples: HypergraphSample[] = [];
  const problems: Diagnostic[] = [];
  let offset = 0;
  const lines = text.split("\n");
  lines.forEach((raw, i) => {
    const lineStart = offset;
    offset += raw.length + 1;
    const line = raw.replace(/\r$/, "");
    if (line.trim() === "" || problems.length >= MAX_REPORTED) return;
    const report = (message: string, help?: string, needle?: string): void => {
      const at = needle === undefined ? -1 : line.indexOf(needle);
      const start = at >= 0 ? at : line.length - line.trimStart().length;
      const end = at >= 0 ? at + needle!.length : line.length;
      const span: Span = { file, start: lineStart + start, end: lineStart + Math.max(end, start + 1), line: i + 1, col: start + 1 };
      problems.push(diagnostic("E0903", span, message, help ? { help } : {}));
    };
    const sample = parseLine(line, i + 1, report);
    if (!sample) return;
    const first = samples[0];
    if (first && (sample.n !== first.n || sample.k !== first.k)) {
      report(`this sample has n = ${sample.n}, k = ${sample.k}, but line ${first.line} has n = ${first.n}, k = ${first.k}`, "one data file holds samples of one size", `"n"`);
      return;
    }
    samples.push(sample);
  });
  if (problems.length > 0) throw new DataError(problems, new Map([[file, text]]));
  if (samples.length === 0) {
    throw new DataError([diagnostic("E0903", undefined, `the data file ${file} holds no samples`, { help: "generate one with `qseq data hypergraph --n 6 --k 3 -o data.jsonl`" })], new Map());
  }
  return samples;
}

type Report = (message: string, help?: string, needle?: string) => void;

const isInt = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v);

function parseLine(line: string, lineNo: number, report: Report): HypergraphSample | undefined {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (e) {
    report(`this line is not JSON: ${(e as Error).message}`, "each line holds one sample: {\"n\":6,\"k\":3,\"context\":…,\"edges\":[[0,1,2],…],\"tokens\":[\"Edge(0,1,2)\",…],\"targets\":[null,…,1]}");
    return undefined;
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) { report("a sample must be a JSON object"); return undefined; }
  const o = json as Record<string, unknown>;
  for (const field of ["n", "k", "edges", "tokens", "targets"]) {
    if (!(field in o)) { report(`the sample has no "${field}" field`, "fields: n, k, context, edges, tokens, targets"); return undefined; }
  }
  const { n, k } = o;
  if (!isInt(n) || !isInt(k)) { report(`"n" and "k" must be integers`, undefined, `"n"`); return undefined; }
  try {
    checkTaskSize(n, k);
  } catch (e) {
    if (e instanceof GenerateError) { report(e.message, undefined, `"n"`); return undefined; }
    throw e;
  }
  const context = o["context"] ?? "random";
  if (context !== "deterministic" && context !== "random") { report(`"context" must be "deterministic" or "random", got ${JSON.stringify(context)}`, undefined, `"context"`); return undefined; }

  // the hypergraph must fit n and k
  const edges = o["edges"];
  if (!Array.isArray(edges)) { report(`"edges" must be a list of ${k}-element vertex lists`, undefined, `"edges"`); return undefined; }
  const seen = new Set<string>();
  for (const e of edges) {
    const text = JSON.stringify(e);
    if (!Array.isArray(e) || !e.every(isInt)) { report(`the edge ${text} is not a list of integers`, undefined, text); return undefined; }
    if (e.length !== k) { report(`the edge ${text} has ${e.length} vertices, but k = ${k}`, `every edge of a ${k}-uniform hypergraph has exactly ${k} vertices`, text); return undefined; }
    if (e.some((v) => v < 0 || v >= n)) { report(`the edge ${text} has a vertex outside 0..${n - 1} (n = ${n})`, undefined, text); return undefined; }
    if (e.some((v, j) => j > 0 && v <= e[j - 1]!)) { report(`the edge ${text} must list distinct vertices in increasing order`, undefined, text); return undefined; }
    if (seen.has(text)) { report(`the edge ${text} is listed twice`, undefined, text); return undefined; }
    seen.add(text);
  }
  const edgeList = (edges as number[][]).map((e) => [...e]).sort(compareEdges);

  // tokens
  const tokens = o["tokens"], targets = o["targets"];
  if (!Array.isArray(tokens) || !tokens.every((t) => typeof t === "string")) { report(`"tokens" must be a list of strings like "Edge(0,1,2)"`, undefined, `"tokens"`); return undefined; }
  if (!Array.isArray(targets)) { report(`"targets" must be a list with one entry per token`, undefined, `"targets"`); return undefined; }
  if (targets.length !== tokens.length) {
    report(`"targets" has ${targets.length} entries but "tokens" has ${tokens.length}`, "give one target per token: null for an Edge, 0 or 1 for a read", `"targets"`);
    return undefined;
  }
  const steps: TaskStep[] = [];
  const parity = new Map<string, number>();
  const read = new Set<number>();
  for (let t = 0; t < tokens.length; t++) {
    const tok = tokens[t] as string;
    const step = parseStep(tok);
    const quoted = JSON.stringify(tok);
    if (!step) { report(`cannot read the token ${quoted}`, "tokens are Edge(v1,…,vk), ReadZ(v) or ReadX(v)", quoted); return undefined; }
    const target = targets[t];
    if (step.kind === "edge") {
      const e = step.vertices;
      if (e.length !== k || e.some((v) => v < 0 || v >= n) || e.some((v, j) => j > 0 && v <= e[j - 1]!)) {
        report(`the token ${quoted} is not an edge of a ${k}-uniform hypergraph on vertices 0..${n - 1}`, `an edge lists ${k} distinct vertices in increasing order`, quoted);
        return undefined;
      }
      if (target !== null) { report(`token ${t + 1} (${tok}) emits nothing, so its target must be null, got ${JSON.stringify(target)}`, undefined, `"targets"`); return undefined; }
      const key = JSON.stringify(e);
      parity.set(key, (parity.get(key) ?? 0) ^ 1);
    } else {
      if (step.vertex < 0 || step.vertex >= n) { report(`the token ${quoted} reads a vertex outside 0..${n - 1}`, undefined, quoted); return undefined; }
      if (read.has(step.vertex)) { report(`the token ${quoted} reads vertex ${step.vertex} a second time`, "a measurement context reads distinct vertices", quoted); return undefined; }
      read.add(step.vertex);
      if (target !== 0 && target !== 1) { report(`token ${t + 1} (${tok}) is a read, so its target must be 0 or 1, got ${JSON.stringify(target)}`, undefined, `"targets"`); return undefined; }
    }
    steps.push(step);
  }
  // the Edge tokens (pairs cancel) must build exactly the listed hypergraph
  const built = [...parity].filter(([, p]) => p === 1).map(([e]) => e).sort();
  const listed = edgeList.map((e) => JSON.stringify(e)).sort();
  if (built.join() !== listed.join()) {
    const missing = listed.filter((e) => !built.includes(e)), extra = built.filter((e) => !listed.includes(e));
    report(`the Edge tokens do not build the listed hypergraph${missing.length ? ` (missing ${missing.join(" ")})` : ""}${extra.length ? ` (not listed: ${extra.join(" ")})` : ""}`,
      "each listed edge appears an odd number of times among the tokens, every other edge an even number", `"tokens"`);
    return undefined;
  }
  const sample = makeSample({ n, k, context: context as Context, edges: edgeList, steps, targets: targets as (0 | 1 | null)[], line: lineNo });
  if (context === "deterministic") {
    const last = steps[steps.length - 1];
    const zs = sample.queries.slice(0, -1).every((q) => (steps[q] as { basis: string }).basis === "Z");
    if (!last || last.kind !== "read" || last.basis !== "X" || !zs || sample.queries.length !== n) {
      report("a deterministic context reads every vertex but one in Z, then that vertex in X, and ends the sample", undefined, `"tokens"`);
      return undefined;
    }
  }
  if (!trueDistribution(sample).has(sample.queries.map((q) => String(targets[q])).join(""))) {
    report("the targets have probability 0 under the hypergraph state (the file is corrupt, or was made for other edges)", undefined, `"targets"`);
    return undefined;
  }
  return sample;
}

function compareEdges(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}
