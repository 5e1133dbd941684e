// End to end: an example model from examples/, elaborated by the front end, emitted in both profiles and
// run on qsharp-lang against the reference simulator (statistics as in differential.ts).

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildCircuit } from "../../src/pipeline.js";
import { initialParamValues } from "../../src/ir/circuit.js";
import { differential } from "./differential.js";

describe("differential: example models on qsharp-lang vs the reference simulator", () => {
  it("examples/khrnn.qseq with examples/khrnn.tokens (resets, controlled phase cells, X-basis reads)", async () => {
    const file = "examples/khrnn.tokens";
    const built = buildCircuit("examples/khrnn.qseq", { tokens: { text: readFileSync(file, "utf8"), file } });
    expect(built.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const c = built.circuit!;
    const init = Array.from(initialParamValues(c));
    await differential(c, init, 1000);
    // other values: θ away from π (a weighted hypergraph) and non-zero read angles
    await differential(c, init.map((_, i) => (i === 0 ? -2.2 : 0.4 * i - 1)), 1000, ["full"]);
  });
});
