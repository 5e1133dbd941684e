// `qseq eval`: every score of the hypergraph task (src/task/scores.ts) for a .qseq model on a data file,
// at the model's initial params, given values, or a training checkpoint (--bind @ckpt.json).

import { readDataFile } from "../task/data.js";
import { formatScores, scoreModel, scoresJson } from "../task/scores.js";
import type { Format } from "./io.js";
import { parseBind, parsePositiveInt, parseSeed } from "./options.js";
import { loadTaskModel, reportingTaskErrors, warnIfOtherSize, warnIfOtherSource, type TaskModelOptions } from "./task-io.js";

export interface EvalOptions extends TaskModelOptions {
  data: string;
  bind?: string | true;
  shots?: string;
  seed?: string;
  format: Format;
}

export function runEval(file: string, o: EvalOptions): Promise<number> {
  return reportingTaskErrors(o.format, async () => {
    const shots = o.shots === undefined ? 16 : parsePositiveInt(o.shots, "--shots");
    const seed = parseSeed(o.seed);
    const model = loadTaskModel(file, o);
    const params = parseBind(o.bind ?? true, { params: model.paramInfo });
    warnIfOtherSource(o.bind, model);
    const samples = readDataFile(o.data);
    warnIfOtherSize(model, samples, o.data);
    model.prepare(samples, o.data);
    const scores = await scoreModel(model.sequenceModel(params, o.data), samples, { shots, seed });
    process.stdout.write(o.format === "json" ? JSON.stringify(scoresJson(scores), null, 2) + "\n" : formatScores(scores));
    return 0;
  });
}
