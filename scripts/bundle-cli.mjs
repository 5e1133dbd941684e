// Bundles the compiled CLI (dist/cli/main.js, from tsc) and its dependencies into one file,
// dist/cli/bundle.js, which bin/qseq.js runs: loading one file instead of a few hundred ES modules
// (chevrotain pulls in lodash-es) is most of the CLI's start-up time.
import { build } from "esbuild";

await build({
  entryPoints: ["dist/cli/main.js"],
  outfile: "dist/cli/bundle.js",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  logLevel: "warning",
  // loaded from node_modules only by the commands that need them (qseq fmt), not at every start
  external: ["prettier", "@tensorflow/tfjs", "@tensorflow/tfjs-backend-wasm"],
  // CommonJS dependencies (commander) call require() for Node built-ins; an ES module has no `require`
  banner: { js: "import { createRequire as __qseqCreateRequire } from 'node:module'; const require = __qseqCreateRequire(import.meta.url);" },
});
