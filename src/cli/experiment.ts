// `qseq experiment separation`: runs (or resumes) the separation sweep (src/experiment/separation.ts)
// and regenerates its report — a Markdown table per task size and an SVG plot — from every stored run.

import { mkdirSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { FULL_SWEEP, QUICK_SWEEP, runSweep, separationMarkdown, separationSvg, SweepMismatchError } from "../experiment/separation.js";
import { writeFileAtomic } from "./io.js";

export interface ExperimentOptions {
  quick?: boolean;
  out?: string;
  state?: string;
}

/** examples/khrnn.qseq of this installation (the experiment's quantum model). */
function khrnnFile(): string {
  for (const up of ["../..", "../../.."]) {
    const p = fileURLToPath(new URL(`${up}/examples/khrnn.qseq`, import.meta.url));
    if (p.endsWith(join("examples", "khrnn.qseq"))) return p;
  }
  return "examples/khrnn.qseq";
}

export async function runExperiment(name: string, o: ExperimentOptions): Promise<number> {
  if (name !== "separation") {
    process.stderr.write(`error: unknown experiment "${name}" (there is one: separation)\n`);
    return 2;
  }
  const config = o.quick ? QUICK_SWEEP : FULL_SWEEP;
  const out = o.out ?? (o.quick ? "separation-quick.md" : "docs/separation.md");
  const plot = out.replace(/\.md$/i, "") + ".svg";
  const state = o.state ?? join(dirname(out), `${basename(out, ".md")}.runs`);
  mkdirSync(dirname(out), { recursive: true });
  const command = `qseq experiment separation${o.quick ? " --quick" : ""}${o.out ? ` --out ${o.out}` : ""}`;
  let interrupted = false;
  const onSigint = (): void => { interrupted = true; process.stderr.write("\nstopping after the current run (it is kept); run the command again to continue\n"); };
  process.on("SIGINT", onSigint);
  const model = khrnnFile();
  let results;
  try {
    results = await runSweep(config, state, model, {
      write: writeFileAtomic,
      onJob: (job, i, total, skipped) => { if (!skipped) process.stderr.write(`[${i + 1}/${total}] n = ${job.n}, k = ${job.k}: ${job.model}${job.hidden !== null ? ` H = ${job.hidden}` : ""} …\n`); },
      onResult: (r) => process.stderr.write(`    test det. accuracy ${r.test.deterministicAccuracy ? `${(100 * r.test.deterministicAccuracy.rate).toFixed(1)} %` : "—"}, ${r.seconds.toFixed(1)} s\n`),
      shouldStop: () => interrupted,
    });
  } catch (e) {
    if (!(e instanceof SweepMismatchError)) throw e;
    process.stderr.write(`error: ${e.message}\n`);
    return 2;
  } finally {
    process.off("SIGINT", onSigint);
  }
  writeFileAtomic(plot, separationSvg(config, results));
  writeFileAtomic(out, separationMarkdown(config, results, relative(dirname(out), plot) || basename(plot), command));
  process.stderr.write(`wrote ${out} and ${plot} from ${results.size} run(s) in ${state}\n`);
  return interrupted ? 130 : 0;
}
