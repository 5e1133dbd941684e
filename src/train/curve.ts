// The training curve of a run (qseq train --plot): loss and deterministic accuracy per epoch, one line
// per start.

import { chartSvg, type Series } from "../plot/chart.js";
import type { EpochRecord } from "./trainer.js";

export function trainingCurveSvg(history: readonly EpochRecord[], title: string): string {
  const restarts = [...new Set(history.map((r) => r.restart))];
  const series = (pick: (r: EpochRecord) => number | null): Series[] => restarts.map((k) => ({
    name: restarts.length > 1 ? `start ${k + 1}` : "training set",
    points: history.filter((r) => r.restart === k && pick(r) !== null).map((r) => [r.epoch + 1, pick(r)!] as const),
  }));
  return chartSvg([
    { title: `${title}: loss`, xLabel: "epoch", yLabel: "−log P(targets), nats", series: series((r) => r.loss) },
    { title: `${title}: deterministic accuracy`, xLabel: "epoch", yLabel: "accuracy", yMin: 0, yMax: 1, series: series((r) => r.accuracy) },
  ]);
}
