// `qseq compile`: elaborate a model for one input sequence and print (or write) OpenQASM 3.

import { hasErrors } from "../diagnostics/diagnostic.js";
import { emitQasm3 } from "../emit/qasm3/emit.js";
import { buildCircuit } from "../pipeline.js";
import { limitsFrom, type CommonOptions } from "./check.js";
import { EXIT_DIAGNOSTICS, EXIT_OK } from "./exit-codes.js";
import { printDiagnostics, writeFileAtomic } from "./io.js";
import { parseBind, parseHyper, readFileArg, readTokensArg, UsageError } from "./options.js";

export interface CompileOptions extends CommonOptions {
  tokens?: string;
  inputs?: string;
  model?: string;
  profile: "full" | "portable";
  bind?: string | true;
  output?: string;
}

export function runCompile(file: string, o: CompileOptions): number {
  if (o.tokens !== undefined && o.inputs !== undefined) throw new UsageError("give either --tokens or --inputs, not both");
  const r = buildCircuit(file, {
    hyper: parseHyper(o.set),
    limits: limitsFrom(o),
    ...(o.model ? { model: o.model } : {}),
    ...(o.tokens !== undefined ? { tokens: readTokensArg(o.tokens) } : {}),
    ...(o.inputs !== undefined ? { inputs: { text: readFileArg(o.inputs, "input file"), file: o.inputs } } : {}),
  });
  printDiagnostics(r.diagnostics, r.sources, o.format);
  if (!r.circuit || hasErrors(r.diagnostics)) return EXIT_DIAGNOSTICS;
  const params = o.bind !== undefined ? parseBind(o.bind, r.circuit) : undefined;
  const qasm = emitQasm3(r.circuit, { profile: o.profile, ...(params ? { bind: { params } } : {}) });
  if (o.output) writeFileAtomic(o.output, qasm);
  else process.stdout.write(qasm);
  return EXIT_OK;
}
