#!/usr/bin/env node
// Runs the compiled CLI in dist/ (built by `npm ci`/`npm install` through the `prepare` script), so that
// start-up costs plain Node, not a TypeScript compile.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const entry = new URL("../dist/cli/bundle.js", import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write("qseq: the compiled CLI (dist/cli/bundle.js) is missing: run `npm run build` (npm ci and npm install run it)\n");
  process.exit(3);
}
// A reader that stops early (`qseq … | head`) closes the pipe: that ends the output, it is not a failure.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw e;
  });
}
try {
  const { main } = await import(entry.href);
  process.exitCode = await main(process.argv);
} catch (e) {
  // A bug in qseq, not in the user's input: say so without a stack trace unless asked for one.
  process.stderr.write(`qseq: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
  if (process.env.QSEQ_DEBUG) process.stderr.write(`${e instanceof Error ? e.stack : ""}\n`);
  else process.stderr.write("(set QSEQ_DEBUG=1 for details; please report this)\n");
  process.exitCode = 3;
}
