// bench/compile: the whole qseq pipeline (load + check + elaborate + emit OpenQASM 3) for a k-HRNN with
// n = 16, k = 3 on a 10,000-token sequence, against qsharp-lang compiling the emitted program to HIR
// (its front end: parse + type-check + lower) in the same run. Prints times and the ratio.
// Target: our pipeline at least 2x faster than qsharp-lang's front end on the same program.
//
// Run: npm run bench   (or: npx tsx bench/compile.ts [tokens])

import { readFileSync } from "node:fs";
import { emitQasm3 } from "../src/emit/qasm3/emit.js";
import { buildCircuit } from "../src/pipeline.js";
import { qsharpHir } from "../test/support/qsharp.js";
import { khrnnTokens } from "./khrnn-sequence.js";

const N = 16, K = 3;
const LENGTH = Number(process.argv[2] ?? 10_000);
const REPEATS = 5;

const source = readFileSync("examples/khrnn.qseq", "utf8");
const tokens = khrnnTokens(N, K, LENGTH);

function ours(profile: "full" | "portable"): { qasm: string; gates: number } {
  const r = buildCircuit("examples/khrnn.qseq", {
    entryText: source,
    tokens: { text: tokens, file: "<bench>" },
    hyper: new Map([["n", N], ["k", K]]),
  });
  if (!r.circuit) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
  const qasm = emitQasm3(r.circuit, { profile, bind: { params: Float64Array.from(r.circuit.params, (p) => p.init) } });
  const gates = qasm.split("\n").filter((l) => /^\s*[a-z_]\w*(\(.*\))? .*;$/i.test(l) && !/^\s*(reset|measure|bit|qubit|output|input|include|OPENQASM|if|gate)\b/.test(l) && !l.includes("= measure")).length;
  return { qasm, gates };
}

async function median(f: () => unknown | Promise<unknown>, repeats = REPEATS): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    await f();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

async function main(): Promise<void> {
  console.log(`bench/compile: k-HRNN n=${N}, k=${K}, ${LENGTH.toLocaleString("en-US")} tokens; median of ${REPEATS} runs\n`);
  await qsharpHir("OPENQASM 3.0;\nqubit q;\nh q;\n"); // load the wasm module outside the timings
  for (let i = 0; i < 2; i++) ours("full"); // warm up the JIT
  const rows: string[][] = [["profile", "gates", "QASM size", "qseq pipeline", "qsharp-lang getHir", "ratio (qsharp / qseq)"]];
  for (const profile of ["full", "portable"] as const) {
    const { qasm, gates } = ours(profile);
    const oursMs = await median(() => ours(profile));
    const peerMs = await median(() => qsharpHir(qasm), 3);
    rows.push([profile, gates.toLocaleString("en-US"), `${(qasm.length / 1e6).toFixed(2)} MB`, `${oursMs.toFixed(0)} ms`, `${peerMs.toFixed(0)} ms`, `${(peerMs / oursMs).toFixed(1)}x`]);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const r of rows) console.log(r.map((cell, c) => cell.padEnd(widths[c]!)).join("  "));
  console.log("\ntarget: ratio >= 2 (qseq's whole pipeline at least twice as fast as qsharp-lang's front end)");
}

await main();
