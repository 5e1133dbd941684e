// The `qseq` command line. Exit codes: 0 success (warnings allowed), 1 diagnostics with errors,
// 2 usage errors (bad options, unreadable files named on the command line).

import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Command, CommanderError, Option } from "commander";
import { DEFAULT_LIMITS } from "../check/limits.js";
import { EXIT_OK, EXIT_USAGE } from "./exit-codes.js";
import { UsageError } from "./options.js";
import type { CommonOptions } from "./check.js";
import type { CompileOptions } from "./compile.js";
import type { RunOptions } from "./run.js";
import type { GradOptions } from "./grad.js";

export { EXIT_OK, EXIT_DIAGNOSTICS, EXIT_USAGE } from "./exit-codes.js";

/** The package's version, from package.json (two folders up from src/cli and from dist/cli). */
function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), "../../package.json"), "utf8")) as { version?: string };
    return pkg.version ?? "unknown";
  } catch {
    return "unknown";
  }
}

const formatOption = () => new Option("--format <format>", "diagnostics as text or json").choices(["text", "json"]).default("text");
const setOption = () => new Option("--set <values>", "hyperparameter values, e.g. n=8,k=3");
const limitOptions = (cmd: Command): Command => cmd
  .addOption(new Option("--max-qubits <n>", `largest total register size (default ${DEFAULT_LIMITS.maxQubits})`))
  .addOption(new Option("--max-ops <n>", `largest number of elaborated operations (default ${DEFAULT_LIMITS.maxOps.toLocaleString("en-US")})`));

export function buildProgram(): Command {
  const program = new Command("qseq")
    .description("Compile quantum sequence models (.qseq) to OpenQASM 3, and simulate them")
    .version(packageVersion(), "-V, --version", "print the qseq version")
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
    .action(async (file: string, o: CommonOptions) => { process.exitCode = (await import("./check.js")).runCheck(file, o); });

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
    .option("--emit-dir <dir>", "write the readout batch (one program per cut, for expectations on qubits used later) and manifest.json to this new directory")
    .addOption(formatOption()))
    .addHelpText("after", "\nExamples:\n  qseq compile examples/khrnn.qseq --tokens @examples/khrnn.tokens\n  qseq compile examples/qrnn.qseq --inputs examples/qrnn.inputs.json --profile portable --bind -o qrnn.qasm")
    .action(async (file: string, o: CompileOptions) => { process.exitCode = (await import("./compile.js")).runCompile(file, o); });

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
    .action(async (file: string, o: RunOptions) => { process.exitCode = (await import("./run.js")).runCommand(file, o); });

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
    .action(async (file: string, o: GradOptions) => { process.exitCode = (await import("./grad.js")).runGrad(file, o); });
  // `qseq grad FILE …` runs the hidden default subcommand: show its usage and options in `qseq grad --help`
  grad.usage("FILE [options]  |  qseq grad combine MANIFEST RESULTS")
    .addHelpText("after", () => `\nqseq grad FILE [options]:\n${gradModel.helpInformation().replace(/^Usage: .*\n/, "")}`);
  grad.command("combine")
    .description("turn per-circuit results (counts or values, measured anywhere) into the gradient")
    .argument("<manifest>", "the plan's manifest.json")
    .argument("<results>", "JSON: {\"results\": [{\"counts\": {\"0101\": 12, …}} | {\"value\": F} | {\"expectations\": […]}, …]}, one per circuit in manifest order")
    .addOption(new Option("--format <format>", "the report as text or json").choices(["text", "json"]).default("text"))
    .action(async (manifest: string, results: string, o: { format: "text" | "json" }) => { process.exitCode = (await import("./combine.js")).runCombine(manifest, results, o); });

  limitOptions(program.command("draw")
    .description("draw the circuit of a model for one input sequence, one labelled slice per step (terminal text, SVG or PNG)")
    .argument("<file>", "the .qseq file")
    .option("--tokens <tokens>", "the token sequence, or @FILE")
    .option("--inputs <file>", "feature vectors as JSON")
    .option("--model <name>", "the model to draw, when the file declares several")
    .addOption(setOption())
    .addOption(new Option("--bind [values]", "show param values (initial values, or e.g. theta=3.14) instead of their names"))
    .addOption(new Option("--format <format>", "ascii: a terminal drawing; svg: a standalone SVG (default when -o ends in .svg); png: the SVG rendered by headless Chromium (default for .png)").choices(["svg", "ascii", "png"]))
    .option("-o, --output <file>", "write the drawing to a file (atomically) instead of standard output")
    .option("--max-steps <k>", "draw only the first k steps (default 64)")
    .option("--fold <n>", "start a new row of the drawing every n columns (ascii default: fold at --width)")
    .option("--width <chars>", "ascii: fold at this many characters (default 100)"))
    .addHelpText("after", "\nExamples:\n  qseq draw examples/khrnn.qseq --tokens @examples/khrnn.tokens\n  qseq draw examples/qrnn.qseq --inputs examples/qrnn.inputs.json -o qrnn.svg")
    .action(async (file: string, o: import("./draw.js").DrawOptions) => { process.exitCode = (await import("./draw.js")).runDraw(file, o); });

  program.command("fmt")
    .description("format .qseq files in the canonical style (standard input to standard output without files)")
    .argument("[files...]", "the .qseq files (`-` or none: standard input)")
    .option("--check", "exit 1 and list the files that are not formatted")
    .option("--write", "rewrite the files that are not formatted")
    .option("--diff", "print a unified diff of the changes formatting would make")
    .addOption(formatOption())
    .addHelpText("after", "\nExamples:\n  qseq fmt --check examples/*.qseq\n  qseq fmt --write model.qseq\n  qseq fmt < model.qseq")
    .action(async (files: string[], o: { check?: boolean; write?: boolean; diff?: boolean; format: "text" | "json" }) => { process.exitCode = await (await import("./fmt.js")).runFmt(files, o); });

  program.command("combine")
    .description("turn results measured elsewhere (counts, one per program) into the outputs of a readout batch or the gradient of a plan")
    .argument("<manifest>", "manifest.json of `qseq compile --emit-dir` or `qseq grad --emit-dir`")
    .argument("<results>", "JSON: {\"results\": [{\"counts\": {\"0101\": 12, …}} | {\"expectations\": […]} | {\"value\": F}, …]}, one per circuit in manifest order")
    .addOption(new Option("--format <format>", "the report as text or json").choices(["text", "json"]).default("text"))
    .addHelpText("after", "\nExamples:\n  qseq compile model.qseq --inputs x.json --bind --emit-dir batch/\n  qseq combine batch/manifest.json counts.json")
    .action(async (manifest: string, results: string, o: { format: "text" | "json" }) => { process.exitCode = (await import("./combine.js")).runCombine(manifest, results, o); });

  const data = program.command("data").description("generate task data sets");
  data.command("hypergraph")
    .description("the hypergraph sequence task (docs/task.md): a train and a test file (JSON Lines) over disjoint random k-uniform hypergraphs")
    .requiredOption("--n <n>", "vertices (= the k-HRNN's qubits)")
    .requiredOption("--k <k>", "vertices per hyperedge")
    .option("--samples <m>", "samples in all, train + test (default 1000)")
    .option("--seed <s>", "seed of the generator (default 1)")
    .addOption(new Option("--context <kind>", "deterministic: read all but one vertex in Z, then that one in X (its bit is fixed); random: a random subset, order and bases").choices(["deterministic", "random"]).default("deterministic"))
    .option("--test-fraction <f>", "the expected fraction of hypergraphs held out for the test file (default 0.2)")
    .option("--pad <p>", "pairs of identical Edge tokens (which cancel) inserted in each preparation phase (default 0)")
    .requiredOption("-o, --output <file>", "data.jsonl writes data.train.jsonl and data.test.jsonl")
    .addHelpText("after", "\nExamples:\n  qseq data hypergraph --n 6 --k 3 --samples 1000 --seed 1 -o data.jsonl\n  qseq data hypergraph --n 4 --k 2 --context random --pad 2 -o random.jsonl")
    .action(async (o: import("./data.js").DataOptions) => { process.exitCode = (await import("./data.js")).runData(o); });

  program.command("train")
    .description("train a model's params on a task data file: Adam on the teacher-forced log-likelihood with exact gradients, checkpoints, --resume")
    .argument("<file>", "the .qseq model")
    .requiredOption("--data <file>", "training data (JSON Lines, from `qseq data hypergraph`)")
    .option("--test <file>", "held-out data to score the trained model on")
    .option("--model <name>", "the model, when the file declares several")
    .addOption(setOption())
    .option("--epochs <e>", "passes over the data (default 40)")
    .option("--lr <rate>", "Adam's learning rate (default 0.1)")
    .option("--batch <b>", "samples per step (default 8)")
    .option("--seed <s>", "seed of the sample order and of random starts (default 1)")
    .addOption(new Option("--method <method>", "adjoint: exact on the simulator (default); param-shift: the shift-rule circuits a device would run, each evaluated exactly").choices(["adjoint", "param-shift"]))
    .option("--curriculum", "train on easy samples first: stages of growing c, the number of edges whose phase the X read must resolve")
    .option("--restarts <r>", "starts to try, keeping the best; a start that solves the training set ends the search (default 3; the first from the model's values unless --init random)")
    .addOption(new Option("--init <kind>", "model: start from the model's initial values (and --bind); random: uniform angles").choices(["model", "random"]))
    .addOption(new Option("--bind [values]", "start values, e.g. theta=2.8,phi=0.3, or @ckpt.json"))
    .option("-o, --output <file>", "the checkpoint (default MODEL.ckpt.json), written atomically every epoch")
    .option("--resume", "continue the run saved in the checkpoint (-o), with its stored options")
    .option("--workers <n>", "worker threads for the gradients (auto: 2 when a batch holds enough work, batch × 2^n ≥ 2^17, else in-process)")
    .option("--checkpoint-every <seconds>", "also checkpoint between batches this often (default 30)")
    .option("--plot <file.svg>", "write the training curve (loss and accuracy per epoch) as SVG")
    .addOption(new Option("--format <format>", "progress and report as text or JSON (JSON Lines progress on stderr)").choices(["text", "json"]).default("text"))
    .addHelpText("after", "\nExamples:\n  qseq data hypergraph --n 6 --k 3 -o data.jsonl\n  qseq train examples/khrnn.qseq --data data.train.jsonl --test data.test.jsonl --bind theta=2.8,phi=0.3\n  qseq train examples/khrnn.qseq --data data.train.jsonl --init random --curriculum --plot curve.svg\n  qseq eval examples/khrnn.qseq --data data.test.jsonl --bind @khrnn.ckpt.json")
    .action(async (file: string, o: import("./train.js").TrainCliOptions) => { process.exitCode = await (await import("./train.js")).runTrain(file, o); });

  program.command("eval")
    .description("score a model on a task data file: support violations, deterministic accuracy, cross-entropy and KL to the Born rule, memory")
    .argument("<file>", "the .qseq model")
    .requiredOption("--data <file>", "the data (JSON Lines)")
    .option("--model <name>", "the model, when the file declares several")
    .addOption(setOption())
    .addOption(new Option("--bind [values]", "param values (default the initial values), e.g. theta=3.0, or @ckpt.json"))
    .option("--shots <s>", "outputs sampled per sample for the support-violation rate (default 16)")
    .option("--seed <s>", "seed of that sampling (default 1)")
    .addOption(new Option("--format <format>", "the scores as text or json").choices(["text", "json"]).default("text"))
    .action(async (file: string, o: import("./eval.js").EvalOptions) => { process.exitCode = await (await import("./eval.js")).runEval(file, o); });

  program.command("baseline")
    .description("train a classical baseline (TensorFlow.js, wasm) on a task data file and score it like the quantum models")
    .argument("<kind>", "gru, lstm or transformer")
    .requiredOption("--data <file>", "training data (JSON Lines)")
    .option("--test <file>", "held-out data to score on (default: the training data)")
    .option("--hidden <h>", "hidden size: GRU/LSTM units, the transformer's model width (default 32)")
    .option("--epochs <e>", "passes over the data (default 20)")
    .option("--lr <rate>", "Adam's learning rate (default 0.003)")
    .option("--batch <b>", "sequences per step (default 64)")
    .option("--seed <s>", "seed of the initial weights and the sample order (default 1)")
    .addOption(formatOption())
    .addHelpText("after", "\nExamples:\n  qseq baseline gru --data data.train.jsonl --test data.test.jsonl --hidden 32\n  qseq baseline transformer --data data.train.jsonl --test data.test.jsonl --epochs 40 --format json")
    .action(async (kind: string, o: import("./baseline.js").BaselineOptions) => { process.exitCode = await (await import("./baseline.js")).runBaseline(kind, o); });

  program.command("experiment")
    .description("run an experiment and regenerate its report: separation (the k-HRNN beside classical baselines as their memory grows; docs/separation.md)")
    .argument("<name>", "separation")
    .option("--quick", "the reduced sweep (n = 4, k = 2; a minute), written to separation-quick.md unless --out")
    .option("--out <file.md>", "the report (default docs/separation.md; the plot goes beside it as .svg)")
    .option("--state <dir>", "where finished runs are kept, so that an interrupted sweep resumes (default: beside the report, NAME.runs/)")
    .action(async (name: string, o: import("./experiment.js").ExperimentOptions) => { process.exitCode = await (await import("./experiment.js")).runExperiment(name, o); });

  program.command("lsp")
    .description("run the language server (LSP) over standard input and output, for editors")
    .option("--stdio", "talk JSON-RPC over standard input and output (the default and only transport)")
    .action(async () => { (await import("../lsp/server.js")).startServer(); });

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
