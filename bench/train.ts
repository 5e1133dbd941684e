// bench/train: what a training step costs per sample, on the k-HRNN example (examples/khrnn.qseq) and the
// hypergraph task (deterministic contexts), at n = 6, 8 (k = 3), 600 training samples.
//
// Peers, in the same run, on the same samples and params:
//   forward          one teacher-forced simulation of the sample (compiled program kept): P(targets)
//   first epoch      a sample's first gradient: elaborate the tokens, compile (simulation + adjoint), gradient
//   later epochs     its gradient with the compiled program kept (what epochs after the first cost)
//   parameter shift  the same gradient from the shift-rule circuits (--method param-shift), each run exactly
//   step (1 thread)  one full training sample as the trainer sees it in-process (gradient + the deterministic
//                    accuracy check), averaged over whole mini-batches of 8 and 64
//   step (2 workers) the same through the worker pool (src/train/pool.ts), which splits each batch by owner
// Ratios are to "forward". The worker rows tell where threads pay (the `--workers auto` rule in
// src/cli/train.ts); they depend on the machine, so nothing here is asserted.
//
// Run: npm run bench:train [-- n …]   (after npm run build: the worker pool runs dist/train/worker.js;
//      BENCH_SAMPLES=… sets the sample count, 600 by default)

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateHypergraphData } from "../src/task/generate.js";
import { sampleJson, targetString } from "../src/task/sample.js";
import { inProcessSource } from "../src/train/evaluate.js";
import { workerPool } from "../src/train/pool.js";
import { QuantumTaskModel } from "../src/train/quantum.js";

// sizes from the command line (e.g. `npx tsx bench/train.ts 6 8 11`), n = 6 and 8 by default
const SIZES = process.argv.slice(2).map(Number).filter((n) => n >= 3 && n <= 16);
if (SIZES.length === 0) SIZES.push(6, 8);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 600);

function perSample(ms: number, count: number): string {
  return `${((1000 * ms) / count).toFixed(1)} µs`;
}

async function main(): Promise<void> {
  const rows: string[][] = [["n", "measure", "per sample", "÷ forward"]];
  for (const n of SIZES) {
    const { train } = generateHypergraphData({ n, k: 3, samples: SAMPLES, seed: 1, context: "deterministic", testFraction: 0 });
    const file = join(mkdtempSync(join(tmpdir(), "qseq-bench-train-")), "train.jsonl");
    writeFileSync(file, train.map(sampleJson).join("\n") + "\n");
    const model = new QuantumTaskModel({ file: "examples/khrnn.qseq", hyper: new Map([["n", n], ["k", 3]]) });
    const params = Float64Array.from(model.init);
    params[0] = Math.PI - 0.3;

    let t = performance.now();
    for (const s of train) model.gradient(s, params, file);
    const first = performance.now() - t;
    t = performance.now();
    for (let r = 0; r < 3; r++) for (const s of train) model.gradient(s, params, file);
    const later = (performance.now() - t) / 3;
    for (const s of train) model.gradient(s, params, file, "param-shift"); // builds the plans
    t = performance.now();
    for (const s of train) model.gradient(s, params, file, "param-shift");
    const shift = performance.now() - t;
    t = performance.now();
    for (let r = 0; r < 3; r++) for (const s of train) model.forcedProbability(s, targetString(s), params, file);
    const forward = (performance.now() - t) / 3;

    const stepTimes: [string, number][] = [];
    for (const batch of [8, 64]) {
      const indices = train.map((_, i) => i);
      const time = async (source: Awaited<ReturnType<typeof workerPool>>): Promise<number> => {
        for (let i = 0; i < indices.length; i += batch) await source.evaluate(indices.slice(i, i + batch), params); // warm
        const t0 = performance.now();
        for (let r = 0; r < 3; r++) for (let i = 0; i < indices.length; i += batch) await source.evaluate(indices.slice(i, i + batch), params);
        return (performance.now() - t0) / 3;
      };
      stepTimes.push([`step, batch ${batch}, in-process`, await time(inProcessSource(model, train, file))]);
      const pool = await workerPool(model.spec, file, model.labels, 2);
      try {
        stepTimes.push([`step, batch ${batch}, 2 workers`, await time(pool)]);
      } finally {
        await pool.close();
      }
    }
    const add = (name: string, ms: number): void => { rows.push([String(n), name, perSample(ms, SAMPLES), (ms / forward).toFixed(2)]); };
    add("forward (teacher-forced simulation)", forward);
    add("gradient, first epoch (elaborate + compile)", first);
    add("gradient, later epochs (program kept)", later);
    add("parameter shift, later epochs (circuits kept)", shift);
    for (const [name, ms] of stepTimes) add(name, ms);
  }
  const widths = rows[0]!.map((_, j) => Math.max(...rows.map((r) => r[j]!.length)));
  for (const r of rows) console.log(r.map((c, j) => (j >= 2 ? c.padStart(widths[j]!) : c.padEnd(widths[j]!))).join("  "));
}

await main();
