// Loading TensorFlow.js for the classical baselines. It is imported dynamically, and only from here, so that
// the CLI bundle (scripts/bundle-cli.mjs keeps it external) loads it from node_modules only when
// `qseq baseline` runs, not at every start of the CLI.
//
// Backend: the WebAssembly one (measured faster than the pure-JS "cpu" backend on these small recurrent
// models — see bench/baseline.ts). In Node its .wasm files are not found by URL, so they are pointed at the
// package's dist folder, resolved through node_modules.

import { createRequire } from "node:module";
import { dirname, join } from "node:path";

export type TF = typeof import("@tensorflow/tfjs");
export type TfBackend = "wasm" | "cpu";

/** The backend used when none is asked for. */
export const DEFAULT_BACKEND: TfBackend = "wasm";

let loaded: Promise<TF> | undefined;
let wasmReady = false;

async function load(): Promise<TF> {
  const tf = await import("@tensorflow/tfjs");
  // production mode: no debug checks and no console warnings (the "install tfjs-node" banner of the cpu
  // backend goes through the same warn(), which is silent in production mode)
  tf.enableProdMode();
  return tf;
}

/** TensorFlow.js with `backend` active (default: DEFAULT_BACKEND). */
export async function loadTf(backend: TfBackend = DEFAULT_BACKEND): Promise<TF> {
  loaded ??= load();
  const tf = await loaded;
  if (backend === "wasm" && !wasmReady) {
    const wasm = await import("@tensorflow/tfjs-backend-wasm");
    const pkg = createRequire(import.meta.url).resolve("@tensorflow/tfjs-backend-wasm/package.json");
    wasm.setWasmPaths(join(dirname(pkg), "dist") + "/");
    wasmReady = true;
  }
  // engine().backendName, unlike getBackend(), does not start the best registered backend first
  if (tf.engine().backendName !== backend) {
    if (!(await tf.setBackend(backend))) throw new Error(`cannot start the TensorFlow.js ${backend} backend`);
  }
  await tf.ready();
  return tf;
}
