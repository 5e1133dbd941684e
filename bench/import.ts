// bench/import: the OpenQASM importer (src/qasm: parse + lower to the circuit IR) on a 100,000-gate program,
// against qsharp-lang's front end (`getHir`: parse + type-check + lower to HIR) on the same text in the same run.
// Prints times, gates per second and the ratio.
//
// Programs (generated from a fixed seed with src/sim/rng.ts; 24 qubits, G gate applications, then 4
// measurements into an `output bit[4]` / `creg`):
//   flat         OpenQASM 3, one statement per gate: h x cx rz ry cz ccx swap crz and `ctrl @ rx`, angles
//                as float literals (`0.123`)
//   structured   OpenQASM 3, the same number of gates from `gate blk(t) a, b { … }` (3 gates) and
//                `for int i in [0:G/10 − 1] { … }` whose body applies 10 gates (two calls to blk and four
//                gates on qubits and angles computed from i): stresses the unroller
//   qasm2        OpenQASM 2.0 with qelib1.inc, one statement per gate: u3 h x cx rz ry cz ccx cu1 crz (no swap:
//                qsharp-lang's qelib1.inc lacks swap and cswap)
// Before timing, each program must import without diagnostics and qsharp-lang must compile it (a run of
// 0 shots, which throws on any compile error; getHir itself does not report errors).
//
// Target: none fixed yet — ratio > 1 on the flat variants. The structured ratio is not like for like:
// qsharp-lang keeps the loop in its HIR while qseq unrolls all G gates (reported, not a target).
//
// Run: npm run bench:import   (or: npx tsx bench/import.ts [gates])

import type { Circuit, UnitaryOp } from "../src/ir/circuit.js";
import { importQasm } from "../src/qasm/index.js";
import { Rng } from "../src/sim/rng.js";
import { qsharpCompiler, qsharpHir } from "../test/support/qsharp.js";
import { QscEventTarget } from "qsharp-lang";

const GATES = Number(process.argv[2] ?? 100_000);
const QUBITS = 24;
const MEASURED = 4;
const REPEATS = 5;
const SEED = 20_240_517;

if (!Number.isInteger(GATES) || GATES < 10 || GATES % 10 !== 0) throw new Error(`bench/import: gates must be a multiple of 10 (got ${process.argv[2]})`);

// ─────────────────────────────────────────── programs ───────────────────────────────────────────

/** Distinct random qubits. */
function pick(rng: Rng, k: number): number[] {
  const out: number[] = [];
  while (out.length < k) {
    const q = rng.nextUint32() % QUBITS;
    if (!out.includes(q)) out.push(q);
  }
  return out;
}

/** A float literal in (−π, π) with three decimals, never an integer literal (qsharp-lang rejects `rz(1)`). */
function angle(rng: Rng): string {
  const v = (rng.uniform() * 2 - 1) * 3.141;
  const s = v.toFixed(3);
  return s === "-0.000" ? "0.000" : s;
}

function flat3(rng: Rng): string {
  const lines = ["OPENQASM 3.0;", 'include "stdgates.inc";', `qubit[${QUBITS}] q;`, `output bit[${MEASURED}] c;`];
  for (let g = 0; g < GATES; g++) {
    const r = rng.nextUint32() % 10;
    const q = (k: number) => pick(rng, k).map((i) => `q[${i}]`).join(", ");
    switch (r) {
      case 0: lines.push(`h ${q(1)};`); break;
      case 1: lines.push(`x ${q(1)};`); break;
      case 2: lines.push(`cx ${q(2)};`); break;
      case 3: lines.push(`rz(${angle(rng)}) ${q(1)};`); break;
      case 4: lines.push(`ry(${angle(rng)}) ${q(1)};`); break;
      case 5: lines.push(`cz ${q(2)};`); break;
      case 6: lines.push(`ccx ${q(3)};`); break;
      case 7: lines.push(`swap ${q(2)};`); break;
      case 8: lines.push(`crz(${angle(rng)}) ${q(2)};`); break;
      default: lines.push(`ctrl @ rx(${angle(rng)}) ${q(2)};`); break;
    }
  }
  for (let i = 0; i < MEASURED; i++) lines.push(`c[${i}] = measure q[${i}];`);
  return lines.join("\n") + "\n";
}

function structured3(): string {
  const n = GATES / 10;
  return [
    "OPENQASM 3.0;",
    'include "stdgates.inc";',
    `qubit[${QUBITS}] q;`,
    `output bit[${MEASURED}] c;`,
    "gate blk(t) a, b {",
    "  h a;",
    "  cx a, b;",
    "  rz(t + 0.25) b;",
    "}",
    `for int i in [0:${n - 1}] {`,
    `  blk(0.001 * i) q[i % ${QUBITS}], q[(i + 1) % ${QUBITS}];`,
    `  ry(0.5 - 0.002 * i) q[(i + 2) % ${QUBITS}];`,
    `  cz q[(i + 3) % ${QUBITS}], q[(i + 7) % ${QUBITS}];`,
    `  ctrl @ rx(0.003 * i) q[(i + 5) % ${QUBITS}], q[(i + 11) % ${QUBITS}];`,
    `  ccx q[(i * 5) % ${QUBITS}], q[(i * 5 + 1) % ${QUBITS}], q[(i * 5 + 2) % ${QUBITS}];`,
    `  blk(0.7) q[(i + 13) % ${QUBITS}], q[(i + 17) % ${QUBITS}];`,
    "}",
    ...Array.from({ length: MEASURED }, (_, i) => `c[${i}] = measure q[${i}];`),
  ].join("\n") + "\n";
}

function flat2(rng: Rng): string {
  const lines = ["OPENQASM 2.0;", 'include "qelib1.inc";', `qreg q[${QUBITS}];`, `creg c[${MEASURED}];`];
  for (let g = 0; g < GATES; g++) {
    const r = rng.nextUint32() % 10;
    const q = (k: number) => pick(rng, k).map((i) => `q[${i}]`).join(",");
    switch (r) {
      case 0: lines.push(`h ${q(1)};`); break;
      case 1: lines.push(`x ${q(1)};`); break;
      case 2: lines.push(`cx ${q(2)};`); break;
      case 3: lines.push(`rz(${angle(rng)}) ${q(1)};`); break;
      case 4: lines.push(`ry(${angle(rng)}) ${q(1)};`); break;
      case 5: lines.push(`cz ${q(2)};`); break;
      case 6: lines.push(`ccx ${q(3)};`); break;
      case 7: lines.push(`cu1(${angle(rng)}) ${q(2)};`); break; // not swap: qsharp-lang's qelib1.inc has no swap/cswap
      case 8: lines.push(`crz(${angle(rng)}) ${q(2)};`); break;
      default: lines.push(`u3(${angle(rng)},${angle(rng)},${angle(rng)}) ${q(1)};`); break;
    }
  }
  for (let i = 0; i < MEASURED; i++) lines.push(`measure q[${i}] -> c[${i}];`);
  return lines.join("\n") + "\n";
}

// ─────────────────────────────────────────── checks ───────────────────────────────────────────

/** Gate applications in the circuit, a call counting the gates of its definition (recursively). */
function countGates(c: Circuit): number {
  const memo = new Map<number, number>();
  const body = (ops: readonly UnitaryOp[]): number => ops.reduce((s, o) => s + (o.kind === "call" ? def(o.def) : 1), 0);
  const def = (i: number): number => {
    let v = memo.get(i);
    if (v === undefined) { v = body(c.defs[i]!.body); memo.set(i, v); }
    return v;
  };
  return c.ops.reduce((s, o) => s + (o.kind === "gate" ? 1 : o.kind === "call" ? def(o.def) : 0), 0);
}

function ours(text: string): Circuit {
  const r = importQasm(text, "bench.qasm");
  if (!r.circuit || r.diagnostics.length > 0) {
    const shown = r.diagnostics.slice(0, 5).map((d) => `${d.code} ${d.span ? `${d.span.line}:${d.span.col} ` : ""}${d.message}`).join("\n");
    throw new Error(`bench/import: qseq did not import the program cleanly (${r.diagnostics.length} diagnostics):\n${shown}`);
  }
  return r.circuit;
}

/** Compiles the program with qsharp-lang without running it; throws with its message on a compile error. */
async function qsharpAccepts(text: string): Promise<void> {
  const compiler = await qsharpCompiler();
  try {
    await compiler.run({ sources: [["main.qasm", text]], languageFeatures: [], projectType: "openqasm" }, "", 0, new QscEventTarget(true));
  } catch (e) {
    throw new Error(`bench/import: qsharp-lang does not compile the program: ${String(e).slice(0, 500)}`);
  }
}

// ─────────────────────────────────────────── timing ───────────────────────────────────────────

interface Timing { median: number; min: number }

async function time(f: () => unknown | Promise<unknown>, repeats = REPEATS): Promise<Timing> {
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    await f();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, min: times[0]! };
}

const size = (chars: number) => (chars >= 100_000 ? `${(chars / 1e6).toFixed(2)} MB` : `${(chars / 1e3).toFixed(1)} kB`);
const ms = (t: Timing) => `${t.median.toFixed(0)} ms (min ${t.min.toFixed(0)})`;
const rate = (gates: number, t: Timing) => {
  const r = gates / (t.median / 1000);
  return r >= 1e6 ? `${(r / 1e6).toFixed(2)} M/s` : `${(r / 1e3).toFixed(0)} k/s`;
};

async function main(): Promise<void> {
  console.log(`bench/import: ${QUBITS} qubits, ${GATES.toLocaleString("en-US")} gates per program; median (and min) of ${REPEATS} runs\n`);
  await qsharpHir('OPENQASM 3.0;\ninclude "stdgates.inc";\nqubit q;\nh q;\n'); // load the wasm module outside the timings
  const variants: [string, string][] = [
    ["flat", flat3(new Rng(SEED))],
    ["structured", structured3()],
    ["qasm2", flat2(new Rng(SEED + 1))],
  ];
  const rows: string[][] = [["variant", "gates", "size", "qseq import", "qseq gates/s", "qsharp-lang getHir", "qsharp gates/s", "HIR text", "ratio (qsharp / qseq)"]];
  for (const [name, text] of variants) {
    const circuit = ours(text);
    const gates = countGates(circuit);
    if (gates !== GATES) throw new Error(`bench/import: ${name}: the imported circuit has ${gates} gates, expected ${GATES}`);
    let peer: Timing | undefined;
    let peerNote = "";
    try {
      await qsharpAccepts(text);
    } catch (e) {
      if (name !== "qasm2") throw e;
      peerNote = `qsharp-lang cannot read the OpenQASM 2 program: ${(e as Error).message}`;
    }
    for (let i = 0; i < 2; i++) ours(text); // warm up the JIT
    const mine = await time(() => ours(text));
    let hirChars = 0;
    if (!peerNote) peer = await time(async () => { hirChars = (await qsharpHir(text)).length; });
    rows.push([
      name, gates.toLocaleString("en-US"), size(text.length),
      ms(mine), rate(gates, mine),
      peer ? `${ms(peer)}` : "n/a", peer ? rate(gates, peer) : "n/a", peer ? size(hirChars) : "n/a",
      peer ? `${(peer.median / mine.median).toFixed(1)}x` : "n/a",
    ]);
    if (peerNote) console.log(peerNote);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const r of rows) console.log(r.map((cell, c) => cell.padEnd(widths[c]!)).join("  "));
  console.log(
    "\nqseq import = importQasm (parse + lower to the circuit IR, loops unrolled); qsharp-lang getHir = its front end on the\n" +
    "same text (parse + type-check + lower, HIR returned as text). gates/s = gate applications (after unrolling) per\n" +
    "second of the median time. ratio > 1: the importer is faster. structured: qsharp-lang's HIR keeps the `for` loop and\n" +
    "the gate definition (see its HIR size), so its front end handles 10 gate statements where qseq unrolls every gate.",
  );
}

main().catch((e) => { console.error(e); process.exit(1); });
