// The OpenQASM corpus (test/qasm/corpus/, see its README.md): one test per program file.
//
// Every file starts with `// key: value` header lines (read up to the first line that is not a `//`
// comment or blank):
//   covers:      what the program is about (free text)
//   expect:      `ok`, or `E1xxx line:col` — the code and position of the first error diagnostic
//   qsharp:      `yes`, or `no — reason` (whether qsharp-lang runs it in the differential check)
//   bind:        `name=value, …` values for `input` declarations (opts.bind)
//   shots:       qsharp-lang shots (default 1000)
//   known-issue: the importer misbehaves on this valid program: the test is skipped with this reason
// The files of test/qasm/corpus/qasm2/ carry no header: they are valid, and HEADERLESS below says
// whether qsharp-lang runs them.
//
// For `expect: ok`: no diagnostic at all; the reference simulator (exactDistribution) and the fast
// simulator (compileSimulation(…).exact()) agree on the output distribution (max difference ≤ 1e-9) and
// both keep total probability 1. For `qsharp: yes`: qsharp-lang runs the program for `shots` shots and
// the empirical distribution of its reported variables must lie within the Bretagnolle–Huber–Carol L1
// bound of our exact distribution (δ = 1e-10, as in test/qasm/qsharp.test.ts), with no sample of an
// outcome we call impossible.
//
// Two textual adaptations are made to the copy qsharp-lang runs (never to what we import):
// - `input T name;` becomes `const T name = value;` with the bound value (qsharp-lang cannot run a
//   program with inputs: "entry point not found").
// - OpenQASM 2.0 programs get a trailing block comment that lists their cregs as `bit[n] name;` lines:
//   the harness (test/support/qsharp.ts, reportedNames) finds the reported variables by reading
//   OpenQASM 3 declarations line by line and does not know `creg`; qsharp-lang reports the cregs of an
//   OpenQASM 2 program in declaration order, which is what the importer outputs too.
//
// For `expect: E…`: importQasm must not throw, must return no circuit, and its first error must have
// the code and line:col given. Every import must also finish (vitest's per-test timeout).

import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { importQasm, type ImportQasmResult } from "../../src/qasm/index.js";
import { exactDistribution } from "../../src/sim/reference.js";
import { renderText } from "../../src/diagnostics/render.js";
import { histogram, runQasm } from "../support/qsharp.js";
import { l1Bound, l1Distance } from "../emit/helpers.js";
import { maxDiff } from "./support.js";

const DELTA = 1e-10;
const DEFAULT_SHOTS = 1000;
const ROOT = join(dirname(fileURLToPath(import.meta.url)), "corpus");

/** The existing OpenQASM 2 programs (no header): whether qsharp-lang runs them, and why not. */
const HEADERLESS: Record<string, string> = {
  "bell.qasm": "yes",
  "ghz.qasm": "yes",
  "teleport.qasm": "yes",
  "gates.qasm": "no — qsharp-lang rejects the integer literal 0 as an angle (`U(0,0,theta)`: cannot cast const int to angle)",
  "zoo.qasm": "no — qsharp-lang rejects integer literals as angles (`u0(1)`), and qelib1's u0/rc3x/c3sqrtx are not all known to it",
};

interface Header {
  covers: string;
  expect: "ok" | { code: string; line: number; col: number };
  qsharp: boolean;
  qsharpReason: string;
  bind: Map<string, number>;
  shots: number;
  knownIssue?: string;
}

interface CorpusFile {
  dir: string;
  name: string;
  text: string;
  header: Header;
}

/** Reads the `// key: value` lines at the top of a file. */
function parseHeader(text: string, file: string): Header {
  const fields = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "") continue;
    if (!line.startsWith("//")) break;
    const m = /^\/\/\s*([a-z-]+):\s*(.*)$/.exec(line);
    if (m) fields.set(m[1]!, m[2]!.trim());
  }
  const exp = fields.get("expect");
  if (exp === undefined) throw new Error(`${file}: no '// expect:' header`);
  let expectation: Header["expect"];
  if (exp === "ok") expectation = "ok";
  else {
    const m = /^(E\d{4})\s+(\d+):(\d+)$/.exec(exp);
    if (!m) throw new Error(`${file}: bad '// expect: ${exp}' (want 'ok' or 'E1234 line:col')`);
    expectation = { code: m[1]!, line: Number(m[2]), col: Number(m[3]) };
  }
  const qs = fields.get("qsharp");
  if (qs === undefined) throw new Error(`${file}: no '// qsharp:' header`);
  if (qs !== "yes" && !/^no\b/.test(qs)) throw new Error(`${file}: bad '// qsharp: ${qs}'`);
  if (qs === "yes" && expectation !== "ok") throw new Error(`${file}: an invalid program cannot be run on qsharp-lang`);
  const bind = new Map<string, number>();
  for (const kv of (fields.get("bind") ?? "").split(",").map((s) => s.trim()).filter(Boolean)) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(\S+)$/.exec(kv);
    if (!m || !Number.isFinite(Number(m[2]))) throw new Error(`${file}: bad bind '${kv}'`);
    bind.set(m[1]!, Number(m[2]));
  }
  const known = fields.get("known-issue");
  return {
    covers: fields.get("covers") ?? "",
    expect: expectation,
    qsharp: qs === "yes",
    qsharpReason: qs,
    bind,
    shots: Number(fields.get("shots") ?? DEFAULT_SHOTS),
    ...(known !== undefined ? { knownIssue: known } : {}),
  };
}

/**
 * The program qsharp-lang runs: each bound `input T name;` replaced by `const T name = value;`
 * (T keeps its width; bool/bit values become true/false and 0/1, float and angle values are written
 * with a decimal point because qsharp-lang does not cast an integer literal to an angle).
 */
function substituteInputs(text: string, bind: ReadonlyMap<string, number>): string {
  return text.replace(/^(\s*)input\s+([a-z]+)(\[[^\]]*\])?\s+([A-Za-z_][A-Za-z0-9_]*)\s*;/gm, (whole, indent: string, type: string, width: string | undefined, name: string) => {
    const v = bind.get(name);
    if (v === undefined) return whole;
    let lit: string;
    if (type === "bool") lit = v !== 0 ? "true" : "false";
    else if (type === "bit") lit = v !== 0 ? "1" : "0";
    else if (type === "float" || type === "angle") lit = Number.isInteger(v) ? v.toFixed(1) : String(v);
    else lit = String(Math.trunc(v));
    return `${indent}const ${type}${width ?? ""} ${name} = ${lit};`;
  });
}

/** For an OpenQASM 2 program: a trailing comment listing its cregs as OpenQASM 3 declarations (see above). */
function qasm2ReportedNames(text: string): string {
  const cregs = [...text.matchAll(/^\s*creg\s+([A-Za-z_][A-Za-z0-9_]*)\s*\[\s*(\d+)\s*\]\s*;/gm)];
  return `\n/* reported variables, for the test harness:\n${cregs.map((m) => `bit[${m[2]}] ${m[1]};`).join("\n")}\n*/\n`;
}

function loadCorpus(): CorpusFile[] {
  const files: CorpusFile[] = [];
  for (const dir of ["v3", "qasm2", "invalid"]) {
    for (const name of readdirSync(join(ROOT, dir)).filter((f) => f.endsWith(".qasm")).sort()) {
      const text = readFileSync(join(ROOT, dir, name), "utf8");
      const rel = `${dir}/${name}`;
      const preset = dir === "qasm2" && !/^\/\/\s*expect:/m.test(text) ? HEADERLESS[name] : undefined;
      const header = preset !== undefined
        ? parseHeader(`// expect: ok\n// qsharp: ${preset}\n`, rel)
        : parseHeader(text, rel);
      files.push({ dir, name, text, header });
    }
  }
  return files;
}

function rendered(r: ImportQasmResult, file: string, text: string): string {
  return renderText(r.diagnostics, new Map([[file, text]]));
}

async function checkValid(f: CorpusFile): Promise<void> {
  const file = `${f.dir}/${f.name}`;
  const h = f.header;
  const r = importQasm(f.text, file, h.bind.size > 0 ? { bind: h.bind } : {});
  expect(r.diagnostics.length, `${file}: unexpected diagnostics\n${rendered(r, file, f.text)}`).toBe(0);
  const c = r.circuit!;
  expect(c, file).toBeDefined();
  expect(c.numQubits, `${file}: keep corpus programs small`).toBeLessThanOrEqual(8);
  expect(c.outputs.length, `${file}: every corpus program has outputs`).toBeGreaterThan(0);

  const ref = exactDistribution(c);
  expect(Math.abs(ref.totalProbability - 1), `${file}: reference total probability`).toBeLessThan(1e-9);
  if (h.qsharp) await checkQsharp(f, file, c.outputs.length, ref.outputs);

  let sim: typeof import("../../src/sim/simulator.js");
  try {
    sim = await loadFastSim();
  } catch (err) {
    throw new Error(`${file}: the fast simulator (src/sim/simulator.ts) did not load: ${(err as Error).message}`);
  }
  const fast = sim.compileSimulation(c).exact();
  expect(Math.abs(fast.totalProbability - 1), `${file}: fast simulator total probability`).toBeLessThan(1e-9);
  const d = maxDiff(ref.outputs, fast.outputs);
  expect(d, `${file}: reference vs fast simulator\nreference: ${[...ref.outputs].join(" ")}\nfast: ${[...fast.outputs].join(" ")}`).toBeLessThanOrEqual(1e-9);
}

async function checkQsharp(f: CorpusFile, file: string, outputs: number, exact: ReadonlyMap<string, number>): Promise<void> {
  const h = f.header;
  let source = substituteInputs(f.text, h.bind);
  if (/^\s*OPENQASM\s+2/m.test(source)) source += qasm2ReportedNames(source);
  const run = await runQasm(source, h.shots);
  const counts = new Map<string, number>();
  for (const [key, n] of histogram(run)) counts.set(key.replaceAll(" ", ""), n);
  expect(run.names.length, `${file}: qsharp-lang reported ${run.names.join(", ")}, the importer has ${outputs} outputs`).toBe(outputs);
  const { l1, categories, impossible } = l1Distance(exact, counts, h.shots);
  const bound = l1Bound(categories, h.shots, DELTA);
  const show = `exact: ${[...exact].map(([k, p]) => `${k}:${p.toFixed(4)}`).join(" ")}\nqsharp: ${[...counts].join(" ")}`;
  expect(impossible, `${file}: qsharp-lang sampled outcomes we call impossible\n${show}`).toBe(0);
  expect(l1, `${file}: L1 ${l1.toFixed(4)} vs bound ${bound.toFixed(4)}\n${show}`).toBeLessThan(bound);
}

function checkInvalid(f: CorpusFile): void {
  const file = `${f.dir}/${f.name}`;
  const want = f.header.expect;
  if (want === "ok") throw new Error("unreachable");
  let r: ImportQasmResult | undefined;
  expect(() => { r = importQasm(f.text, file, f.header.bind.size > 0 ? { bind: f.header.bind } : {}); }).not.toThrow();
  expect(r!.circuit, `${file}: an invalid program must not give a circuit`).toBeUndefined();
  const first = r!.diagnostics.find((d) => d.severity === "error");
  expect(first, `${file}: no error diagnostic`).toBeDefined();
  expect(first!.span, `${file}: the first error has no position`).toBeDefined();
  expect(
    { code: first!.code, line: first!.span?.line, col: first!.span?.col },
    `${file}: first error\n${rendered(r!, file, f.text)}`,
  ).toEqual({ code: want.code, line: want.line, col: want.col });
  expect(first!.span?.file).toBe(file);
}

const corpus = loadCorpus();

// The fast simulator is loaded lazily, so that a module of it failing to load (e.g. mid-refactor) fails
// each valid program's last check with that error, while the import, reference and qsharp-lang checks
// still run and report.
let fastSim: Promise<typeof import("../../src/sim/simulator.js")> | undefined;
function loadFastSim(): Promise<typeof import("../../src/sim/simulator.js")> {
  fastSim ??= import("../../src/sim/simulator.js");
  return fastSim;
}

describe("OpenQASM corpus", () => {
  it("has programs in every directory, each with a `covers` line (except the headerless qasm2 ones)", () => {
    for (const dir of ["v3", "qasm2", "invalid"]) expect(corpus.some((f) => f.dir === dir), dir).toBe(true);
    for (const f of corpus) if (!(f.dir === "qasm2" && f.name in HEADERLESS)) expect(f.header.covers, `${f.dir}/${f.name}`).not.toBe("");
    for (const f of corpus.filter((x) => x.dir === "invalid")) expect(f.header.expect, `${f.dir}/${f.name}`).not.toBe("ok");
  });

  it("substitutes bound inputs for qsharp-lang", () => {
    const text = "input float[64] theta;\n  input angle a;\ninput int n;\ninput bool b;\ninput uint[4] u;\ninput float other;\n";
    const out = substituteInputs(text, new Map([["theta", 0.5], ["a", 2], ["n", 3], ["b", 1], ["u", 7]]));
    expect(out).toBe("const float[64] theta = 0.5;\n  const angle a = 2.0;\nconst int n = 3;\nconst bool b = true;\nconst uint[4] u = 7;\ninput float other;\n");
  });

  for (const f of corpus) {
    const title = `${f.dir}/${f.name}${f.header.covers ? ` — ${f.header.covers}` : ""}`;
    if (f.header.knownIssue !== undefined) {
      it.skip(`${title} [known issue: ${f.header.knownIssue}]`, () => {});
      continue;
    }
    if (f.header.expect === "ok") it(title, () => checkValid(f));
    else it(title, () => checkInvalid(f));
  }
});
