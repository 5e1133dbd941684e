// `qseq compile`: elaborate a model for one input sequence and print (or write) OpenQASM 3.

import { hasErrors } from "../diagnostics/diagnostic.js";
import { emitQasm3, NeedsBatchError } from "../emit/qasm3/emit.js";
import { join } from "node:path";
import { buildBatch, type Batch } from "../batch/batch.js";
import { nonFiniteAngleDiagnostics } from "../ir/finite.js";
import { buildCircuit } from "../pipeline.js";
import { limitsFrom, type CommonOptions } from "./check.js";
import { EXIT_DIAGNOSTICS, EXIT_OK } from "./exit-codes.js";
import { DirectoryNotEmptyError, printDiagnostics, reportingUnrollLimit, writeDirectoryAtomic, writeFileAtomic } from "./io.js";
import { parseBind, parseHyper, readFileArg, readTokensArg, UsageError } from "./options.js";

export interface CompileOptions extends CommonOptions {
  tokens?: string;
  inputs?: string;
  model?: string;
  profile: "full" | "portable";
  bind?: string | true;
  output?: string;
  emitDir?: string;
}

export function runCompile(file: string, o: CompileOptions): number {
  return reportingUnrollLimit(o.format, () => compile(file, o));
}

function compile(file: string, o: CompileOptions): number {
  if (o.tokens !== undefined && o.inputs !== undefined) throw new UsageError("give either --tokens or --inputs, not both");
  if (o.output !== undefined && o.emitDir !== undefined) throw new UsageError("give either -o FILE (one program) or --emit-dir DIR (the batch), not both");
  const r = buildCircuit(file, {
    hyper: parseHyper(o.set),
    limits: limitsFrom(o),
    ...(o.model ? { model: o.model } : {}),
    ...(o.tokens !== undefined ? { tokens: readTokensArg(o.tokens) } : {}),
    ...(o.inputs !== undefined ? { inputs: { text: readFileArg(o.inputs, "input file"), file: o.inputs } } : {}),
  });
  printDiagnostics(r.diagnostics, r.sources, o.format);
  if (!r.circuit || hasErrors(r.diagnostics)) return EXIT_DIAGNOSTICS;
  const c = r.circuit;
  const params = o.bind !== undefined ? parseBind(o.bind, c) : undefined;
  // bound (or, unbound, initial) values must keep every angle finite: no literal prints ∞ or NaN
  const nonFinite = nonFiniteAngleDiagnostics(c, params ?? Float64Array.from(c.params, (p) => p.init));
  if (nonFinite.length) {
    printDiagnostics(nonFinite, r.sources, o.format);
    return EXIT_DIAGNOSTICS;
  }
  if (o.emitDir !== undefined) {
    const batch = buildBatch(c, { maxOps: limitsFrom(o).maxOps, ...(params ? { params } : {}) });
    writeBatch(o.emitDir, batch, o.profile, params);
    const { programs, prefixPrograms, reason } = batch.manifest.report;
    process.stderr.write(`wrote ${programs} OpenQASM 3 program(s) and manifest.json to ${o.emitDir}: ${reason}\n` +
      `combine their counts with: qseq combine ${join(o.emitDir, "manifest.json")} RESULTS.json\n`);
    if (prefixPrograms > 0 && !params) process.stderr.write("(the programs declare the params as `input`s; bind them with --bind to run them as they are)\n");
    return EXIT_OK;
  }
  let qasm: string;
  try {
    qasm = emitQasm3(c, { profile: o.profile, ...(params ? { bind: { params } } : {}) });
  } catch (e) {
    if (!(e instanceof NeedsBatchError)) throw e;
    throw new UsageError(`this sequence is read by ${e.programs} programs, not one: expectation output(s) ${abbreviate(e.disturbed)} are taken on qubits that later operations use (W0103), ` +
      "so each is measured in a program of its own, truncated after it; write the batch with --emit-dir DIR");
  }
  if (o.output) writeFileAtomic(o.output, qasm);
  else process.stdout.write(qasm);
  return EXIT_OK;
}

const abbreviate = (xs: readonly number[]) => (xs.length <= 6 ? xs.join(", ") : `${xs.slice(0, 4).join(", ")}, … (${xs.length} in all)`);

/** Writes a readout batch (programs and manifest.json) into a new directory, all or nothing. */
function writeBatch(dir: string, batch: Batch, profile: "full" | "portable", params: Float64Array | undefined): void {
  try {
    writeDirectoryAtomic(dir, function* () {
      for (const [i, pc] of batch.circuits.entries()) {
        const entry = batch.manifest.circuits[i]!;
        yield {
          name: entry.file,
          text: emitQasm3(pc, { profile, ...(params ? { bind: { params } } : {}), header: `readout program ${i} of ${batch.circuits.length}: ${entry.label}`, outputIndex: batch.outputIndex[i]! }),
        };
      }
      yield { name: "manifest.json", text: JSON.stringify(batch.manifest, null, 2) + "\n" };
    });
  } catch (e) {
    if (e instanceof DirectoryNotEmptyError) throw new UsageError(`--emit-dir ${e.message}`);
    throw e;
  }
}
