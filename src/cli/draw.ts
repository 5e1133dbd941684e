// `qseq draw`: draw the elaborated circuit of a model for one input sequence, one labelled slice per
// step, as a terminal drawing (ASCII / box-drawing characters) or a standalone SVG file.

import { hasErrors } from "../diagnostics/diagnostic.js";
import { renderAscii } from "../draw/ascii.js";
import { DEFAULT_MAX_STEPS, DrawSizeError, layoutCircuit } from "../draw/layout.js";
import { renderSvg } from "../draw/svg.js";
import { buildCircuit } from "../pipeline.js";
import { limitsFrom, type CommonOptions } from "./check.js";
import { EXIT_DIAGNOSTICS, EXIT_OK } from "./exit-codes.js";
import { printDiagnostics, reportingUnrollLimit, writeFileAtomic } from "./io.js";
import { PngRenderError, RendererMissingError, svgToPng } from "../draw/png.js";
import { parseBind, parseHyper, parsePositiveInt, readFileArg, readTokensArg, UsageError } from "./options.js";

export interface DrawOptions extends Omit<CommonOptions, "format"> {
  tokens?: string;
  inputs?: string;
  model?: string;
  bind?: string | true;
  format?: string;
  output?: string;
  maxSteps?: string;
  fold?: string;
  width?: string;
}

export function runDraw(file: string, o: DrawOptions): number {
  return reportingUnrollLimit("text", () => {
    try {
      return draw(file, o);
    } catch (e) {
      if (e instanceof DrawSizeError) throw new UsageError(e.message);
      throw e;
    }
  });
}

/** The output format: --format, else from -o's extension (.svg → svg, .png → png), else ascii. */
function pickFormat(o: DrawOptions): "svg" | "ascii" | "png" {
  if (o.format !== undefined) {
    if (o.format !== "svg" && o.format !== "ascii" && o.format !== "png") throw new UsageError(`--format expects svg, png or ascii, got "${o.format}"`);
    if (o.format === "png" && o.output === undefined) throw new UsageError("PNG output is binary: give the file with -o circuit.png");
    return o.format;
  }
  if (o.output !== undefined && /\.png$/i.test(o.output)) return "png";
  return o.output !== undefined && /\.svg$/i.test(o.output) ? "svg" : "ascii";
}

function draw(file: string, o: DrawOptions): number {
  if (o.tokens !== undefined && o.inputs !== undefined) throw new UsageError("give either --tokens or --inputs, not both");
  const format = pickFormat(o);
  const maxSteps = o.maxSteps !== undefined ? parsePositiveInt(o.maxSteps, "--max-steps") : DEFAULT_MAX_STEPS;
  const fold = o.fold !== undefined ? parsePositiveInt(o.fold, "--fold") : undefined;
  const width = o.width !== undefined ? parsePositiveInt(o.width, "--width") : undefined;
  const r = buildCircuit(file, {
    hyper: parseHyper(o.set),
    limits: limitsFrom({ ...o, format: "text" }),
    ...(o.model ? { model: o.model } : {}),
    ...(o.tokens !== undefined ? { tokens: readTokensArg(o.tokens) } : {}),
    ...(o.inputs !== undefined ? { inputs: { text: readFileArg(o.inputs, "input file"), file: o.inputs } } : {}),
  });
  // W0103 (expectations read by prefix programs) concerns hardware runs, not a drawing
  const shown = r.diagnostics.filter((d) => d.code !== "W0103");
  printDiagnostics(shown, r.sources, "text");
  if (!r.circuit || hasErrors(r.diagnostics)) return EXIT_DIAGNOSTICS;
  const c = r.circuit;
  const params = o.bind !== undefined ? parseBind(o.bind, c) : undefined;
  const layout = layoutCircuit(c, { maxSteps, ...(params ? { params } : {}) });
  const text = format === "ascii"
    ? renderAscii(layout, { ...(fold !== undefined ? { fold } : {}), ...(width !== undefined ? { width } : {}) })
    : renderSvg(layout, fold !== undefined ? { fold } : {});
  if (format === "png") {
    // the SVG rendered by a real browser (headless Chromium), then written at once
    let png: Buffer;
    try {
      png = svgToPng(text);
    } catch (e) {
      if (e instanceof RendererMissingError || e instanceof PngRenderError) throw new UsageError(e.message);
      throw e;
    }
    writeFileAtomic(o.output!, png);
  } else if (o.output !== undefined) writeFileAtomic(o.output, text);
  else process.stdout.write(text);
  if (layout.drawnSteps < layout.totalSteps) {
    process.stderr.write(`note: drew the first ${layout.drawnSteps} of ${layout.totalSteps} steps; draw more with --max-steps\n`);
  }
  return EXIT_OK;
}
