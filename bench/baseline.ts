// Seconds per training epoch of the classical baselines (src/baseline) on 1,000 sequences of the
// hypergraph task (n = 6, k = 3, deterministic context), H = 32, batch 128, on the TensorFlow.js wasm and
// pure-JS cpu backends. The first epoch (warm-up: kernel compilation, Adam's slots) is reported apart from
// the mean of the following ones. No assertions: a table for the reader.
//
//   npx tsx bench/baseline.ts [epochs]        (default 3)

import { BASELINE_KINDS, trainBaseline } from "../src/baseline/train.js";
import type { TfBackend } from "../src/baseline/tf.js";
import { generateHypergraphData } from "../src/task/generate.js";

const epochs = Math.max(2, Number(process.argv[2] ?? 3));
const { train } = generateHypergraphData({ n: 6, k: 3, samples: 1000, seed: 7, context: "deterministic", testFraction: 0 });
const longest = Math.max(...train.map((s) => s.steps.length));
const mean = train.reduce((a, s) => a + s.steps.length, 0) / train.length;
console.log(`${train.length} sequences, n = 6, k = 3, steps: mean ${mean.toFixed(1)}, longest ${longest}; H = 32, batch 128, ${epochs} epochs`);

const backends: TfBackend[] = ["wasm", "cpu"];
const rows: string[][] = [["model", ...backends.flatMap((b) => [`${b} 1st`, `${b} s/epoch`]), "cpu / wasm"]];
for (const kind of BASELINE_KINDS) {
  const perEpoch = new Map<TfBackend, number>();
  const row: string[] = [kind];
  for (const backend of backends) {
    const seconds: number[] = [];
    const model = await trainBaseline(kind, train, { hidden: 32, epochs, lr: 0.003, batch: 128, seed: 1, backend, onEpoch: (e) => seconds.push(e.seconds) });
    model.dispose();
    const steady = seconds.slice(1).reduce((a, b) => a + b, 0) / (seconds.length - 1);
    perEpoch.set(backend, steady);
    row.push(seconds[0]!.toFixed(2), steady.toFixed(2));
  }
  row.push(`${(perEpoch.get("cpu")! / perEpoch.get("wasm")!).toFixed(1)}×`);
  rows.push(row);
}
const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
for (const r of rows) console.log(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  "));
