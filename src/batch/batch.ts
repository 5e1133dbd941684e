// A readout batch: the programs that read one elaborated circuit's outputs on hardware (src/ir/readout.ts
// says which and why), with a manifest that tells how their counts become the model's outputs, and the
// combiner that does it. `qseq compile --emit-dir` writes it; `qseq run --shots` samples exactly these
// programs and combines their counts with the same code; `qseq combine` reads counts measured elsewhere.
//
// MANIFEST (manifest.json, format "qseq-batch", version 1)
//   circuits   one per program (main program first): file, label, suggested shots, key layout
//   outputs    one per model output: its step, kind, observable, and the circuit that measures it
// OUTPUTS from results: each expectation ⟨P⟩ = mean over its circuit's shots of (−1)^(xor of its key bits),
// with standard error √((1 − ⟨P⟩²)/(n − 1)); the bit outputs' distribution from the main program's counts.

import { observableLabel, paramLabel, type Circuit } from "../ir/circuit.js";
import { planReadout, programCircuit, type Readout, type ReadoutOptions } from "../ir/readout.js";
import {
  checkKey, checkResults, expectationFromCounts, keyLayout, keyWidth, ResultError, shotCount,
  type CircuitResult, type ManifestCircuit,
} from "./manifest.js";

export interface BatchManifest {
  readonly format: "qseq-batch";
  readonly version: 1;
  readonly model: string;
  readonly steps: number;
  /** The param values bound in the files (absent when the programs declare them as `input`s). */
  readonly params?: readonly { readonly name: string; readonly value: number }[];
  readonly circuits: readonly ManifestCircuit[];
  readonly outputs: readonly {
    readonly index: number;
    readonly step: number;
    readonly kind: "bits" | "expect";
    /** `Z(a[0])·X(h[1])` for an expectation. */
    readonly observable?: string;
    /** The circuit that measures it. */
    readonly circuit: number;
  }[];
  /** Why this many programs. */
  readonly report: { readonly programs: number; readonly prefixPrograms: number; readonly reason: string };
}

export interface Batch {
  readonly manifest: BatchManifest;
  /** Parallel to manifest.circuits: each program as a circuit (outputs renumbered to its key order). */
  readonly circuits: readonly Circuit[];
  /** Per program: the model output of each of its outputs. */
  readonly outputIndex: readonly (readonly number[])[];
  readonly readout: Readout;
}

export interface BatchOptions extends ReadoutOptions {
  /** Values the files bind (recorded in the manifest). */
  readonly params?: ArrayLike<number>;
  /** Suggested shots per program (default 1000). */
  readonly shots?: number;
}

export function buildBatch(c: Circuit, opts: BatchOptions = {}): Batch {
  const readout = planReadout(c, opts);
  const circuits = readout.programs.map((p) => programCircuit(c, p));
  const outputIndex = readout.programs.map((p) => p.outputs);
  const shots = opts.shots ?? 1000;
  const label = (i: number): string => {
    const p = readout.programs[i]!;
    const outs = p.outputs.length === 1 ? `output ${p.outputs[0]}` : `outputs ${p.outputs.join(", ")}`;
    if (p.main) return `main program: the whole circuit${p.outputs.length ? `, ${outs}` : ""}`;
    return `prefix program: the circuit up to ${outs} (step ${c.outputs[p.outputs[0]!]!.step}${p.outputs.length > 1 ? `–${c.outputs[p.outputs[p.outputs.length - 1]!]!.step}` : ""}), whose qubits later operations use`;
  };
  const manifestCircuits: ManifestCircuit[] = circuits.map((pc, i) => ({
    file: `program-${String(i).padStart(4, "0")}.qasm`,
    label: label(i),
    shots,
    layout: keyLayout(pc, outputIndex[i]),
  }));
  const circuitOf = new Map<number, number>();
  outputIndex.forEach((outs, i) => outs.forEach((k) => circuitOf.set(k, i)));
  const prefixPrograms = readout.programs.filter((p) => !p.main).length;
  const manifest: BatchManifest = {
    format: "qseq-batch",
    version: 1,
    model: c.name,
    steps: c.steps,
    ...(opts.params ? { params: c.params.map((p, i) => ({ name: paramLabel(p), value: opts.params![i]! })) } : {}),
    circuits: manifestCircuits,
    outputs: c.outputs.flatMap((o, index) => {
      const circuit = circuitOf.get(index);
      if (circuit === undefined) return [];
      return [{ index, step: o.step, kind: o.kind, ...(o.kind === "expect" ? { observable: observableLabel(c, o) } : {}), circuit }];
    }),
    report: {
      programs: readout.programs.length,
      prefixPrograms,
      reason: prefixPrograms === 0
        ? "one program reads every output: no expectation's qubits are used after it"
        : `${readout.disturbed.length} expectation output(s) are taken on qubits that later operations use; measuring them would disturb what follows, so they are read by ${prefixPrograms} prefix program(s), each the circuit truncated after its outputs`,
    },
  };
  return { manifest, circuits, outputIndex, readout };
}

export interface BatchOutputs {
  /** Per expectation output, in output order. */
  readonly expectations: readonly {
    readonly output: number;
    readonly step: number;
    readonly observable: string;
    readonly value: number;
    /** Standard error from the shots (0 for given values). */
    readonly stderr: number;
    readonly circuit: number;
    readonly shots?: number;
  }[];
  /** The emitted bit strings (all bit outputs concatenated in order) from the main program's counts. */
  readonly distribution?: readonly { readonly bits: string; readonly count: number; readonly probability: number }[];
  readonly shots?: number;
}

/** Turns one result per program into the model's outputs. */
export function combineBatch(m: BatchManifest, results: unknown): BatchOutputs {
  checkResults(m.circuits, results);
  const expectations: BatchOutputs["expectations"][number][] = [];
  let distribution: BatchOutputs["distribution"];
  let mainShots: number | undefined;
  m.circuits.forEach((circ, ci) => {
    const r: CircuitResult = results[ci]!;
    const width = keyWidth(circ.layout);
    const described = (output: number) => m.outputs.find((o) => o.index === output);
    if ("value" in r) throw new ResultError(`circuit ${ci}: a readout batch needs counts (or expectations), not a value`);
    if ("expectations" in r) {
      const fields = circ.layout.filter((f) => f.kind === "expect");
      if (r.expectations.length !== fields.length) throw new ResultError(`circuit ${ci}: ${r.expectations.length} expectation(s) given, it measures ${fields.length}`);
      if (circ.layout.some((f) => f.kind === "bits")) throw new ResultError(`circuit ${ci} reads bit outputs: give its counts`);
      fields.forEach((f, j) => expectations.push({
        output: f.output, step: described(f.output)?.step ?? -1, observable: described(f.output)?.observable ?? "", value: r.expectations[j]!, stderr: 0, circuit: ci,
      }));
      return;
    }
    let at = 0;
    for (const f of circ.layout) {
      if (f.kind === "expect") {
        const d = described(f.output);
        const est = f.width === 0 ? { mean: 1, se: 0, shots: shotCount(r.counts, ci) } : expectationFromCounts(r.counts, at, f.width, width, ci);
        expectations.push({ output: f.output, step: d?.step ?? -1, observable: d?.observable ?? "", value: est.mean, stderr: est.se, circuit: ci, shots: est.shots });
      }
      at += f.width;
    }
    if (circ.layout.some((f) => f.kind === "bits")) {
      const n = shotCount(r.counts, ci);
      const tally = new Map<string, number>();
      for (const [key, count] of Object.entries(r.counts)) {
        checkKey(key, width, ci);
        let bits = "", pos = 0;
        for (const f of circ.layout) {
          if (f.kind === "bits") bits += key.slice(pos, pos + f.width);
          pos += f.width;
        }
        tally.set(bits, (tally.get(bits) ?? 0) + count);
      }
      distribution = [...tally].map(([bits, count]) => ({ bits, count, probability: count / n }))
        .sort((a, b) => b.count - a.count || a.bits.localeCompare(b.bits));
      mainShots = n;
    }
  });
  expectations.sort((a, b) => a.output - b.output);
  return { expectations, ...(distribution ? { distribution } : {}), ...(mainShots !== undefined ? { shots: mainShots } : {}) };
}
