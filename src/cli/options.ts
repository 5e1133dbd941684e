// Parsing the CLI's option values. Each parser throws UsageError with a message fit for the user.

import { existsSync, readFileSync } from "node:fs";
import type { Circuit } from "../ir/circuit.js";
import { paramLabel } from "../ir/circuit.js";
import { checkpointParams, CheckpointError, readCheckpoint } from "../train/checkpoint.js";

export class UsageError extends Error {}

/** `--set n=8,k=3` → hyperparameter values. */
export function parseHyper(text: string | undefined): Map<string, number> {
  const out = new Map<string, number>();
  if (!text) return out;
  for (const part of text.split(",").map((p) => p.trim()).filter(Boolean)) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(-?\d+)$/.exec(part);
    if (!m) throw new UsageError(`--set expects name=integer pairs like n=8,k=3; cannot read "${part}"`);
    out.set(m[1]!, Number(m[2]));
  }
  return out;
}

/** `--tokens TEXT` or `--tokens @FILE` → the text and the name diagnostics should show. */
export function readTokensArg(arg: string): { text: string; file: string } {
  if (arg.startsWith("@")) {
    const path = arg.slice(1);
    if (!existsSync(path)) throw new UsageError(`cannot read token file ${path}`);
    return { text: readFileSync(path, "utf8"), file: path };
  }
  return { text: arg, file: "<tokens>" };
}

export function readFileArg(path: string, what: string): string {
  if (!existsSync(path)) throw new UsageError(`cannot read ${what} ${path}`);
  return readFileSync(path, "utf8");
}

/**
 * `--bind` values: with no text, every param's initial value; otherwise `theta=3.14,phi=0.5,phi[2]=0.1`
 * overrides (a whole-array name sets every element) on top of the initial values. `@ckpt.json` (optionally
 * followed by overrides: `@ckpt.json,theta=3`) takes the values of a training checkpoint instead.
 */
export function parseBind(text: string | true, circuit: Pick<Circuit, "params">): Float64Array {
  const values = Float64Array.from(circuit.params, (p) => p.init);
  if (text === true) return values;
  let parts = text.split(",").map((p) => p.trim()).filter(Boolean);
  if (parts[0]?.startsWith("@")) {
    const path = parts[0].slice(1);
    try {
      values.set(checkpointParams(readCheckpoint(path), circuit.params.map(paramLabel), path));
    } catch (e) {
      if (e instanceof CheckpointError) throw new UsageError(`--bind: ${e.message}`);
      throw e;
    }
    parts = parts.slice(1);
  }
  for (const part of parts) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)(\[[\d,\s]+\])?\s*=\s*(\S+)$/.exec(part);
    const v = m ? Number(m[3]) : NaN;
    if (!m || !Number.isFinite(v)) throw new UsageError(`--bind expects name=number pairs like theta=3.14,phi[2]=0.5, or @checkpoint.json; cannot read "${part}"`);
    const label = m[2] ? `${m[1]}[${m[2].slice(1, -1).split(",").map((s) => s.trim()).join(", ")}]` : m[1]!;
    let hit = false;
    circuit.params.forEach((p, i) => {
      if (paramLabel(p) === label || (!m[2] && p.name === m[1])) { values[i] = v; hit = true; }
    });
    if (!hit) throw new UsageError(`--bind: the model has no param ${label} (params: ${[...new Set(circuit.params.map((p) => p.name))].join(", ") || "none"})`);
  }
  return values;
}

export function parsePositiveInt(text: string, name: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} expects a positive integer, got "${text}"`);
  return n;
}

/** `--seed`: a non-negative integer (default 1). */
export function parseSeed(text: string | undefined, fallback = 1): number {
  if (text === undefined) return fallback;
  const seed = Number(text);
  if (text.trim() === "" || !Number.isSafeInteger(seed) || seed < 0) throw new UsageError(`--seed expects a non-negative integer, got "${text}"`);
  return seed;
}

/** A positive finite number (a learning rate, a number of seconds). */
export function parsePositiveNumber(text: string, name: string): number {
  const v = Number(text);
  if (text.trim() === "" || !(v > 0) || !Number.isFinite(v)) throw new UsageError(`${name} expects a positive number, got "${text}"`);
  return v;
}
