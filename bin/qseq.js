#!/usr/bin/env node
// Runs the TypeScript sources directly (through tsx), so a fresh clone works after `npm ci` alone.
import { register } from "tsx/esm/api";

register();
try {
  const { main } = await import("../src/cli/main.ts");
  process.exitCode = await main(process.argv);
} catch (e) {
  // A bug in qseq, not in the user's input: say so without a stack trace unless asked for one.
  process.stderr.write(`qseq: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
  if (process.env.QSEQ_DEBUG) process.stderr.write(`${e instanceof Error ? e.stack : ""}\n`);
  else process.stderr.write("(set QSEQ_DEBUG=1 for details; please report this)\n");
  process.exitCode = 3;
}
