// bench/startup: how long the `qseq` command takes to start, as users run it (a child process of the
// real bin script), beside the floor of any Node program (`node -e 0`) measured in the same run.
// Prints the median wall time of each command over REPEATS runs and its ratio to `node -e 0`.
// Target: `qseq --help` and `qseq check examples/khrnn.qseq` well under 0.5 s.
//
// Run: npm run bench:startup   (or: npx tsx bench/startup.ts [repeats]); needs `npm run build` first.

import { spawnSync } from "node:child_process";

const REPEATS = Number(process.argv[2] ?? 15);

const commands: { label: string; args: string[] }[] = [
  { label: "node -e 0", args: ["-e", "0"] },
  { label: "qseq --version", args: ["bin/qseq.js", "--version"] },
  { label: "qseq --help", args: ["bin/qseq.js", "--help"] },
  { label: "qseq check examples/khrnn.qseq", args: ["bin/qseq.js", "check", "examples/khrnn.qseq"] },
  { label: "qseq compile examples/khrnn.qseq --tokens @…", args: ["bin/qseq.js", "compile", "examples/khrnn.qseq", "--tokens", "@examples/khrnn.tokens"] },
];

function medianMs(args: string[]): number {
  const times: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { encoding: "utf8" });
    times.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`${args.join(" ")} exited with ${r.status}: ${r.stderr}`);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1]!;
}

const results = commands.map((c) => ({ ...c, ms: medianMs(c.args) }));
const floor = results[0]!.ms;
console.log(`start-up, median of ${REPEATS} runs (wall time of a child process)`);
for (const r of results) {
  console.log(`${r.label.padEnd(48)} ${r.ms.toFixed(0).padStart(6)} ms  ${(r.ms / floor).toFixed(1).padStart(5)}x node -e 0`);
}
