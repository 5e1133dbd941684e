// The `qseq` command line. Exit codes: 0 success (warnings allowed), 1 diagnostics with errors,
// 2 usage errors (bad options, unreadable files named on the command line).

import { Command, CommanderError, Option } from "commander";
import { DEFAULT_LIMITS, type Limits } from "../check/interpreter.js";
import { hasErrors } from "../diagnostics/diagnostic.js";
import { toJson } from "../diagnostics/render.js";
import { sortDiagnostics } from "../diagnostics/diagnostic.js";
import { emitQasm3 } from "../emit/qasm3/emit.js";
import { buildCircuit, check } from "../pipeline.js";
import { formatTrainability, trainabilityJson, trainabilityReports } from "../analysis/trainability.js";
import { printDiagnostics, writeFileAtomic, type Format } from "./io.js";
import { runCommand, type RunOptions } from "./run.js";
import { runGrad, runGradCombine, type GradOptions } from "./grad.js";
import { parseBind, parseHyper, parsePositiveInt, readFileArg, readTokensArg, UsageError } from "./options.js";

export const EXIT_OK = 0;
export const EXIT_DIAGNOSTICS = 1;
export const EXIT_USAGE = 2;

interface CommonOptions { set?: string; format: Format; maxQubits?: string; maxOps?: string }

function limitsFrom(o: CommonOptions): Limits {
  return {
    maxQubits: o.maxQubits ? parsePositiveInt(o.maxQubits, "--max-qubits") : DEFAULT_LIMITS.maxQubits,
    maxOps: o.maxOps ? parsePositiveInt(o.maxOps, "--max-ops") : DEFAULT_LIMITS.maxOps,
  };
}

const formatOption = () => new Option("--format <format>", "diagnostics as text or json").choices(["text", "json"]).default("text");
const setOption = () => new Option("--set <values>", "hyperparameter values, e.g. n=8,k=3");
const limitOptions = (cmd: Command): Command => cmd
  .addOption(new Option("--max-qubits <n>", `largest total register size (default ${DEFAULT_LIMITS.maxQubits})`))
  .addOption(new Option("--max-ops <n>", `largest number of elaborated operations (default ${DEFAULT_LIMITS.maxOps.toLocaleString("en-US")})`));

function runCheck(file: string, o: CommonOptions): number {
  const r = check(file, { hyper: parseHyper(o.set), limits: limitsFrom(o) });
  const failed = hasErrors(r.diagnostics);
  // The trainability report (and its warnings W0104/W0105) only for a program without errors.
  const reports = failed ? [] : trainabilityReports(r.program, r.models, { limits: limitsFrom(o) });
  const diagnostics = [...r.diagnostics, ...reports.flatMap((t) => t.diagnostics)];
  const reportOf = (name: string) => reports.find((t) => t.model === name);
  if (o.format === "json") {
    const models = r.models.map((m) => {
      const t = reportOf(m.name);
      return { ...m, hyper: Object.fromEntries(m.hyper), ...(t ? { trainability: trainabilityJson(t) } : {}) };
    });
    process.stdout.write(JSON.stringify({ ok: !failed, diagnostics: toJson(sortDiagnostics(diagnostics), r.sources), models }, null, 2) + "\n");
  } else {
    printDiagnostics(diagnostics, r.sources, "text");
    if (!failed) {
      for (const m of r.models) {
        const hyper = [...m.hyper].map(([k, v]) => `${k}=${v}`).join(", ");
        process.stdout.write(`model ${m.name}${hyper ? `<${hyper}>` : ""}: ${m.numQubits} qubits, ${m.numParams} params, at most ${m.stepOps} operations per step\n`);
        const t = reportOf(m.name);
        if (t) process.stdout.write(formatTrainability(t));
      }
      process.stdout.write(`${file}: ok\n`);
    }
  }
  return failed ? EXIT_DIAGNOSTICS : EXIT_OK;
}

interface CompileOptions extends CommonOptions {
  tokens?: string;
  inputs?: string;
  model?: string;
  profile: "full" | "portable";
  bind?: string | true;
  output?: string;
}

function runCompile(file: string, o: CompileOptions): number {
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

export function buildProgram(): Command {
  const program = new Command("qseq")
    .description("Compile quantum sequence models (.qseq) to OpenQASM 3, and simulate them")
    .version("0.1.0")
    .showHelpAfterError("(run with --help for usage)")
    .configureHelp({ sortSubcommands: false })
    // Set before the subcommands are added, so that they inherit it: usage errors throw, and main() maps them to exit 2.
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  limitOptions(program.command("check")
    .description("parse and check a .qseq file; report diagnostics and a summary of each model")
    .argument("<file>", "the .qseq file")
    .addOption(setOption())
    .addOption(formatOption()))
    .addHelpText("after", "\nExamples:\n  qseq check examples/khrnn.qseq\n  qseq check examples/khrnn.qseq --set n=8,k=3 --format json")
    .action((file: string, o: CommonOptions) => { process.exitCode = runCheck(file, o); });

  limitOptions(program.command("compile")
    .description("elaborate a model for one input sequence and print OpenQASM 3")
    .argument("<file>", "the .qseq file")
    .option("--tokens <tokens>", "the token sequence, e.g. \"Edge(0,1,2) ReadZ(0)\", or @FILE to read it from a file")
    .option("--inputs <file>", "feature vectors as JSON: [[0.1, 0.2], …] or {\"x\": [[…], …]}")
    .option("--model <name>", "the model to compile, when the file declares several")
    .addOption(setOption())
    .addOption(new Option("--profile <profile>", "full: gate definitions and modifiers; portable: stdgates.inc gates only").choices(["full", "portable"]).default("full"))
    .addOption(new Option("--bind [values]", "substitute param values (initial values, or e.g. theta=3.14,phi[2]=0.5) instead of declaring inputs"))
    .option("-o, --output <file>", "write the program to a file (atomically) instead of standard output")
    .addOption(formatOption()))
    .addHelpText("after", "\nExamples:\n  qseq compile examples/khrnn.qseq --tokens @examples/khrnn.tokens\n  qseq compile examples/qrnn.qseq --inputs examples/qrnn.inputs.json --profile portable --bind -o qrnn.qasm")
    .action((file: string, o: CompileOptions) => { process.exitCode = runCompile(file, o); });

  program.command("run")
    .description("simulate a .qseq model for one input sequence, or an OpenQASM 3 file, and report its outputs")
    .argument("<file>", "a .qseq model or a .qasm program")
    .option("--tokens <tokens>", "the token sequence, or @FILE")
    .option("--inputs <file>", "feature vectors as JSON")
    .option("--model <name>", "the model to run, when the file declares several")
    .addOption(setOption())
    .addOption(new Option("--bind [values]", "param values (.qseq: default the initial values), or input values of a .qasm file, e.g. theta=3.14"))
    .option("--shots <n>", "sample this many shots (the default mode, 1000 shots)")
    .option("--seed <s>", "seed of the sampler (default 1)")
    .option("--exact", "the exact distribution of the emitted bits instead of samples")
    .option("--force <bits>", "teacher forcing: the probability that the model emits exactly these bits")
    .option("--max-memory <size>", "the most memory the state vector may take, e.g. 4GiB (default: min(8 GiB, 60% of RAM))")
    .addOption(formatOption())
    .addHelpText("after", "\nExamples:\n  qseq run examples/khrnn.qseq --tokens @examples/khrnn.tokens --exact\n  qseq run examples/khrnn.qseq --tokens \"Edge(0,1,2) ReadZ(0) ReadZ(1) ReadX(2)\" --force 0110\n  qseq run circuit.qasm --bind theta=0.5 --shots 2000 --seed 7")
    .action((file: string, o: RunOptions) => { process.exitCode = runCommand(file, o); });

  const grad = program.command("grad")
    .description("the gradient of a model's objective: exact (adjoint) on the simulator, or circuits for hardware (parameter shift, shadows)");
  const gradModel = grad.command("model", { isDefault: true, hidden: true })
    .argument("<file>", "a .qseq model (or an OpenQASM 3 file, whose inputs become the params)")
    .option("--tokens <tokens>", "the token sequence, or @FILE")
    .option("--inputs <file>", "feature vectors as JSON")
    .option("--model <name>", "the model, when the file declares several")
    .addOption(setOption())
    .addOption(new Option("--bind [values]", "param values to differentiate at (default: the initial values), e.g. theta=3.0,phi[1]=0.2"))
    .addOption(new Option("--objective <kind>", "expect: Σ w·⟨P⟩ over emitted expectations; loglik: log P(emitted bits = --targets) (default: expect if the model emits expectations)").choices(["expect", "loglik"]))
    .option("--targets <bits>", "target outputs of the log-likelihood (teacher forcing), e.g. 0110")
    .option("--weights <w>", "weights of the emitted expectations, e.g. 1,0.5 (default all 1)")
    .addOption(new Option("--method <method>", "adjoint: exact on the simulator; param-shift / shadow: circuits for hardware; auto: adjoint on the simulator, the cheaper of shadow and param-shift for --emit-dir").choices(["adjoint", "param-shift", "shadow", "auto"]).default("auto"))
    .addOption(new Option("--recipe <recipe>", "shadow recipe: commuting (commuting generators), layers (layers of commuting generators), general (ancilla state and shadows), auto").choices(["commuting", "layers", "general", "auto"]))
    .option("--emit-dir <dir>", "write the plan's circuits (OpenQASM 3, params bound) and manifest.json to this new directory instead of running them")
    .option("--shots <n>", "run the plan on the simulator with n shots per circuit (default: parameter shift exactly, shadows with the suggested shots)")
    .option("--seed <s>", "seed of the sampler and of the random shadow bases (default 1)")
    .option("--target-error <e>", "standard error per gradient component the plan's shot counts aim at (default 0.05)")
    .addOption(new Option("--profile <profile>", "OpenQASM profile of emitted circuits").choices(["full", "portable"]).default("full"))
    .option("--max-memory <size>", "the most memory the state vectors may take, e.g. 4GiB")
    .addOption(new Option("--format <format>", "the report as text or json").choices(["text", "json"]).default("text"))
    .addHelpText("after", "\nExamples:\n  qseq grad examples/khrnn.qseq --tokens @examples/khrnn.tokens --targets 000001\n  qseq grad examples/khrnn-expect.qseq --tokens @examples/khrnn-expect.tokens --method shadow --shots 4000\n  qseq grad examples/khrnn-expect.qseq --tokens @examples/khrnn-expect.tokens --method auto --emit-dir plan/\n  qseq grad combine plan/manifest.json results.json")
    .action((file: string, o: GradOptions) => { process.exitCode = runGrad(file, o); });
  // `qseq grad FILE …` runs the hidden default subcommand: show its usage and options in `qseq grad --help`
  grad.usage("FILE [options]  |  qseq grad combine MANIFEST RESULTS")
    .addHelpText("after", () => `\nqseq grad FILE [options]:\n${gradModel.helpInformation().replace(/^Usage: .*\n/, "")}`);
  grad.command("combine")
    .description("turn per-circuit results (counts or values, measured anywhere) into the gradient")
    .argument("<manifest>", "the plan's manifest.json")
    .argument("<results>", "JSON: {\"results\": [{\"counts\": {\"0101\": 12, …}} | {\"value\": F} | {\"expectations\": […]}, …]}, one per circuit in manifest order")
    .addOption(new Option("--format <format>", "the report as text or json").choices(["text", "json"]).default("text"))
    .action((manifest: string, results: string, o: { format: "text" | "json" }) => { process.exitCode = runGradCombine(manifest, results, o); });

  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === "number" ? process.exitCode : EXIT_OK;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      return e.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    if (e instanceof UsageError) {
      process.stderr.write(`error: ${e.message}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
}
