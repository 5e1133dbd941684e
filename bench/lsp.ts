// bench/lsp: the language server's latency on a long file. A 5,000-line file (repeated cells and models,
// importing std/layers) is opened; then (1) re-checking it after a one-character edit (didChange + the
// analysis + the diagnostics it publishes), (2) the time to first diagnostics of the fresh file, in process
// and over stdio from a new `qseq lsp --stdio` (spawn, initialize, didOpen → publishDiagnostics), and as
// the peer (3) a plain `check()` of the same text. Medians of repeats.
//
// Run: npx tsx bench/lsp.ts [lines]   (the stdio figure needs `npm run build` first)

import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { check } from "../src/pipeline.js";
import { QseqService } from "../src/lsp/service.js";

const LINES = Number(process.argv[2] ?? 5_000);
const REPEATS = 7;

function longFile(lines: number): string {
  const out = ["import \"std/layers\";", ""];
  let i = 0;
  while (out.length < lines) {
    out.push(
      `/// Cell ${i}.`,
      `cell c${i}(t: angle) on q: qubit[] {`,
      `  for j in 0..len(q) {`,
      `    rz(t * ${i + 1}) q[j];`,
      `  }`,
      `  cz_ring q;`,
      `}`,
      "",
      `model m${i}<n: int = 4> {`,
      `  tokens {`,
      `    A(i: 0..n)`,
      `    B`,
      `  }`,
      `  hidden h: qubit[n];`,
      `  param theta: angle = 0.5;`,
      `  init {`,
      `    h h;`,
      `  }`,
      `  step(tok) -> bit? {`,
      `    match tok {`,
      `      A(i) => emit measure h[i];`,
      `      B => c${i}(theta) h;`,
      `    }`,
      `  }`,
      `}`,
      "",
    );
    i++;
  }
  return out.join("\n") + "\n"; // whole cells and models: a little over `lines`
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function time(f: () => unknown | Promise<unknown>, repeats = REPEATS): Promise<number> {
  const ts: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    await f();
    ts.push(performance.now() - t0);
  }
  return median(ts);
}

const text = longFile(LINES);
const lineCount = text.split("\n").length - 1;
const file = resolve("bench-lsp-long.qseq");
const uri = pathToFileURL(file).href;

// warm-up (JIT), then the peer: a plain check of the same text
for (let i = 0; i < 3; i++) check(file, { entryText: text });
const plain = await time(() => check(file, { entryText: text }));

// (1) one-character edit → re-check → diagnostics
let published = 0;
const s = new QseqService({ debounceMs: 0, trainabilityDelayMs: -1, publish: () => { published++; } });
s.open(uri, 1, text);
let version = 1;
const editLine = Math.floor(LINES / 2);
const edit = await time(() => {
  // type a character, then delete it again: two edits, each re-checked
  s.change(uri, ++version, [{ range: { start: { line: editLine, character: 0 }, end: { line: editLine, character: 0 } }, text: " " }]);
  s.change(uri, ++version, [{ range: { start: { line: editLine, character: 0 }, end: { line: editLine, character: 1 } }, text: "" }]);
}) / 2;
const diagnostics = s.diagnostics(uri).length;
s.dispose();

// (2) time to first diagnostics of a fresh file, in process
const fresh = await time(() => {
  const t = new QseqService({ debounceMs: 0, trainabilityDelayMs: -1, publish: () => {} });
  t.open(uri, 1, text);
});

// (2') over stdio from a fresh server process
async function stdioFirstDiagnostics(): Promise<number> {
  const bin = resolve("bin/qseq.js");
  const t0 = performance.now();
  const proc = spawn(process.execPath, [bin, "lsp", "--stdio"], { stdio: ["pipe", "pipe", "inherit"] });
  const send = (m: object): void => { const b = JSON.stringify({ jsonrpc: "2.0", ...m }); proc.stdin.write(`Content-Length: ${Buffer.byteLength(b)}\r\n\r\n${b}`); };
  let buf = "";
  const done = new Promise<number>((res) => {
    proc.stdout.on("data", (c: Buffer) => {
      buf += c.toString();
      if (buf.includes("textDocument/publishDiagnostics")) res(performance.now() - t0);
    });
  });
  send({ id: 1, method: "initialize", params: { processId: null, rootUri: null, capabilities: {} } });
  send({ method: "initialized", params: {} });
  send({ method: "textDocument/didOpen", params: { textDocument: { uri, languageId: "qseq", version: 1, text } } });
  const ms = await done;
  proc.kill();
  return ms;
}
const stdio = existsSync("dist/cli/bundle.js") ? await time(stdioFirstDiagnostics, 5) : NaN;

// (1') the same edit as the server runs it: the compiled service (dist/), in a process of its own
function compiledEdit(flags: string[]): number {
  const tmp = join(mkdtempSync(join(tmpdir(), "qseq-bench-lsp-")), "long.qseq");
  writeFileSync(tmp, text);
  const script = `
    import { readFileSync } from "node:fs";
    const { QseqService } = await import(${JSON.stringify(pathToFileURL(resolve("dist/lsp/service.js")).href)});
    const text = readFileSync(${JSON.stringify(tmp)}, "utf8");
    const uri = ${JSON.stringify(uri)};
    const s = new QseqService({ debounceMs: 0, trainabilityDelayMs: -1, publish: () => {} });
    s.open(uri, 1, text);
    let v = 1; const ts = [];
    for (let i = 0; i < ${REPEATS + 3}; i++) {
      const t0 = performance.now();
      s.change(uri, ++v, [{ range: { start: { line: ${editLine}, character: 0 }, end: { line: ${editLine}, character: 0 } }, text: " " }]);
      s.change(uri, ++v, [{ range: { start: { line: ${editLine}, character: 0 }, end: { line: ${editLine}, character: 1 } }, text: "" }]);
      if (i >= 3) ts.push((performance.now() - t0) / 2);
    }
    s.dispose();
    ts.sort((a, b) => a - b);
    console.log(ts[Math.floor(ts.length / 2)]);`;
  const r = spawnSync(process.execPath, [...flags, "--input-type=module", "-e", script], { encoding: "utf8" });
  return Number(r.stdout.trim());
}
const compiled = existsSync("dist/lsp/service.js") ? compiledEdit([]) : NaN;


const f = (x: number) => `${x.toFixed(1)} ms`;
console.log(`bench/lsp: a ${lineCount.toLocaleString("en-US")}-line file (${text.length.toLocaleString("en-US")} characters), ${published} publishes, ${diagnostics} diagnostics`);
console.log(`  plain check() of the text (peer)              ${f(plain)}`);
console.log(`  one-character edit → re-check + diagnostics   ${f(edit)}  (${(edit / plain).toFixed(2)}× the plain check)`);
console.log(`  the same edit, compiled service (dist/)        ${Number.isNaN(compiled) ? "(build first)" : f(compiled)}`);
console.log(`  first diagnostics of a fresh file, in process  ${f(fresh)}  (${(fresh / plain).toFixed(2)}× the plain check)`);
console.log(`  first diagnostics over stdio (new server)      ${Number.isNaN(stdio) ? "(build first)" : f(stdio)}`);
