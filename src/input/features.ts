// Feature sequences for models with a typed `input`: JSON, either `[[0.1, 0.2], [0.3, 0.4]]` (one value
// per step) or `{"x": [...]}` keyed by the input's name. Shapes are checked during elaboration.

import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";

export type FeatureValue = number | FeatureValue[];

export function parseFeatureJson(text: string, file: string, inputName?: string): { steps: FeatureValue[]; diagnostics: Diagnostic[] } {
  const at = { file, start: 0, end: 1, line: 1, col: 1 };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { steps: [], diagnostics: [diagnostic("E0901", at, `${file} is not valid JSON: ${(e as Error).message}`)] };
  }
  if (data && typeof data === "object" && !Array.isArray(data)) {
    const obj = data as Record<string, unknown>;
    const key = inputName && inputName in obj ? inputName : Object.keys(obj).length === 1 ? Object.keys(obj)[0]! : undefined;
    if (key === undefined) return { steps: [], diagnostics: [diagnostic("E0901", at, `expected a key ${JSON.stringify(inputName ?? "x")} in ${file}`)] };
    data = obj[key];
  }
  if (!Array.isArray(data)) return { steps: [], diagnostics: [diagnostic("E0901", at, `expected a JSON array with one entry per step in ${file}`)] };
  const bad = (v: unknown): boolean => (Array.isArray(v) ? v.some(bad) : typeof v !== "number" || !Number.isFinite(v));
  const i = data.findIndex(bad);
  if (i >= 0) return { steps: [], diagnostics: [diagnostic("E0901", at, `step ${i} of ${file} is not a number or an array of numbers`)] };
  return { steps: data as FeatureValue[], diagnostics: [] };
}
