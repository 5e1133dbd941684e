// Long local fuzz runs (not part of `npm test`; test/fuzz/fuzz.test.ts is the short CI version).
//
//   npx tsx test/fuzz/run.ts --target qseq --count 100000 --seed 1      # the .qseq front end
//   npx tsx test/fuzz/run.ts --target qasm --count 100000 --seed 1      # the OpenQASM 3 importer
//   npx tsx test/fuzz/run.ts --target all --count 20000                 # both, one after the other
//   npx tsx test/fuzz/run.ts --target qseq --seed 1 --index 378         # re-run one case, verbosely
//   npx tsx test/fuzz/run.ts --target qseq --seed 1 --index 378 --minimize   # and shrink it
//
// Options: --start I (first case index, default 0), --cli-every N (run the CLI on ~1 case in N, default
// 50; 0 = never), --slow-ms MS (a stage slower than this fails, default 2000), --hang-ms MS (a case still
// running after this is killed and reported, default 60000), --trainability P (probability of the
// trainability analysis after a clean check, default 0.05), --budget-sec S (stop starting cases after S
// seconds), --out DIR (where failing cases are written, default $TMPDIR/qseq-fuzz-failures), --json FILE
// (the final statistics as JSON), --quiet (no progress lines).
//
// The cases run in a worker thread with a watchdog, so a hanging case is reported (and skipped) instead
// of stopping the run. Prints progress, then per target: cases, throughput, the number of cases that
// reached each stage, and every failure (seed, index, mutations, the mutant's text and files written).
// Exit code 1 when any case failed.

import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { formatStats, type CampaignStats } from "./campaign.js";
import { minimizeCase } from "./minimize.js";
import { superviseCampaign } from "./supervise.js";
import { describeFailure, generateCase, runCase, TARGETS, type TargetName } from "./targets.js";

await mainThread();

async function mainThread(): Promise<void> {
  const { values: v } = parseArgs({
    options: {
      target: { type: "string", default: "all" },
      seed: { type: "string", default: "1" },
      start: { type: "string", default: "0" },
      count: { type: "string", default: "100000" },
      index: { type: "string" },
      minimize: { type: "boolean", default: false },
      "cli-every": { type: "string", default: "50" },
      "slow-ms": { type: "string", default: "2000" },
      "hang-ms": { type: "string", default: "60000" },
      trainability: { type: "string", default: "0.05" },
      "budget-sec": { type: "string" },
      out: { type: "string", default: join(tmpdir(), "qseq-fuzz-failures") },
      json: { type: "string" },
      quiet: { type: "boolean", default: false },
    },
  });
  const targets: TargetName[] = v.target === "all" ? [...TARGETS] : [v.target as TargetName];
  if (!targets.every((t) => TARGETS.includes(t))) throw new Error(`--target must be one of ${TARGETS.join(", ")}, all`);
  const base = {
    seed: Number(v.seed), start: Number(v.start), count: Number(v.count), cliEvery: Number(v["cli-every"]),
    slowMs: Number(v["slow-ms"]), trainability: Number(v.trainability),
    budgetMs: v["budget-sec"] ? Number(v["budget-sec"]) * 1000 : Infinity, out: v.out,
  };

  if (v.index !== undefined) {
    // one case, in this thread
    const target = targets[0]!;
    const index = Number(v.index);
    const c = generateCase(target, base.seed, index, { cliEvery: base.cliEvery });
    const opts = { slowMs: base.slowMs, trainability: base.trainability, tmpDir: join(base.out, "cli") };
    const o = await runCase(c, opts);
    console.log(`case ${target} seed ${base.seed} index ${index}: stages ${o.stages.join(", ")} (${Math.round(o.ms)} ms)`);
    for (const n of o.notes) console.log(`  note: ${n}`);
    if (!o.failure) { console.log("  ok"); return; }
    console.log(describeFailure(c, o, base.out));
    if (o.failure.stack) console.log(o.failure.stack);
    if (v.minimize) {
      const m = await minimizeCase(c, o.failure, opts);
      console.log(`\nminimized (${m.tries} tries): the same failure (${o.failure.stage}: ${o.failure.message.slice(0, 100)})`);
      for (const [name, text] of m.files) console.log(`--- ${name} (${text.length} chars)\n${text}`);
    }
    process.exitCode = 1;
    return;
  }

  const all: CampaignStats[] = [];
  for (const target of targets) {
    all.push(await superviseCampaign({ ...base, target }, {
      hangMs: Number(v["hang-ms"]),
      onReport: (text) => console.log(`\n${text}\n`),
      progressEvery: 5000,
      ...(v.quiet ? {} : {
        onProgress: (s: CampaignStats) => console.log(`[${s.target}] ${s.executed} cases, ${s.failed} failed, ` +
          `${(s.executed / (s.elapsedMs / 1000)).toFixed(0)} cases/s, ${(s.elapsedMs / 1000).toFixed(0)} s`),
      }),
    }));
  }
  console.log("\n==== summary ====");
  for (const s of all) {
    console.log(formatStats(s));
    const bySignature = new Map<string, number[]>();
    for (const f of s.failures) {
      const top = f.stack?.split("\n").find((l) => /src\//.test(l))?.trim() ?? "";
      const key = `${f.kind} in ${f.stage}: ${f.message.replace(/\d+/g, "N").slice(0, 160)} ${top}`;
      bySignature.set(key, [...(bySignature.get(key) ?? []), f.index]);
    }
    if (bySignature.size) {
      console.log(`  failures by signature (${s.failed} cases):`);
      for (const [k, idx] of bySignature) console.log(`    ${idx.length}× ${k}\n       cases: ${idx.slice(0, 12).join(", ")}${idx.length > 12 ? ", …" : ""}`);
    }
  }
  if (v.json) writeFileSync(v.json, JSON.stringify(all, null, 2));
  if (all.some((s) => s.failed > 0)) process.exitCode = 1;
}
