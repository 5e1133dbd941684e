// `include "file";` of a program's own files (beside stdgates.inc and qelib1.inc): the reader the caller
// gives (`readInclude`; the CLI reads the disk relative to the including file), nested includes, cycles,
// missing files and diagnostics inside included files.

import { describe, expect, it } from "vitest";
import { importQasm } from "../../src/qasm/index.js";
import { exactDistribution } from "../../src/sim/reference.js";
import { expectSameDistribution } from "./support.js";

/** A reader over an in-memory folder: paths relative to the including file's folder. */
function reader(files: Record<string, string>) {
  const calls: string[] = [];
  const read = (path: string, from: string) => {
    calls.push(`${from} -> ${path}`);
    const dir = from.includes("/") ? from.slice(0, from.lastIndexOf("/") + 1) : "";
    const file = dir + path;
    return file in files ? { file, text: files[file]! } : undefined;
  };
  return { read, calls };
}

const MAIN = `OPENQASM 3.0;
include "stdgates.inc";
include "lib/gates.inc";
qubit[2] q;
output bit[2] c;
bellpair q[0], q[1];
c = measure q;
`;

describe("including the program's own files", () => {
  it("gate definitions from an included file, which includes another relative to itself", () => {
    const { read, calls } = reader({
      "lib/gates.inc": 'OPENQASM 3.0;\ninclude "more.inc";\ngate bellpair a, b { h a; flip_b a, b; }\n',
      "lib/more.inc": "gate flip_b a, b { cx a, b; }\n",
    });
    const r = importQasm(MAIN, "main.qasm", { readInclude: read });
    expect(r.diagnostics).toEqual([]);
    expect(calls).toEqual(["main.qasm -> lib/gates.inc", "lib/gates.inc -> more.inc"]);
    expectSameDistribution(exactDistribution(r.circuit!).outputs, new Map([["00", 0.5], ["11", 0.5]]));
    expect([...r.included.keys()]).toEqual(["lib/gates.inc", "lib/more.inc"]);
  });

  it("a missing file is E1003 at the path; a cycle is E1004; an error inside an included file points into it", () => {
    const missing = importQasm(MAIN, "main.qasm", { readInclude: reader({}).read });
    expect(missing.diagnostics.map((d) => `${d.code} ${d.span?.file}:${d.span?.line}:${d.span?.col}`)).toEqual(["E1003 main.qasm:3:9", "E1003 main.qasm:6:1"]);
    const cycle = importQasm(MAIN, "main.qasm", { readInclude: reader({ "lib/gates.inc": 'include "again.inc";\n', "lib/again.inc": 'include "gates.inc";\n' }).read });
    expect(cycle.diagnostics[0]!.code).toBe("E1004");
    expect(cycle.diagnostics[0]!.message).toBe('"gates.inc" includes itself (through "lib/gates.inc" → "lib/again.inc" → "lib/gates.inc")');
    const broken = importQasm(MAIN, "main.qasm", { readInclude: reader({ "lib/gates.inc": "gate bellpair a, b { hh a; }\n" }).read });
    expect(broken.diagnostics.map((d) => `${d.code} ${d.span?.file}:${d.span?.line}:${d.span?.col}`)).toEqual(["E1003 lib/gates.inc:1:22"]);
    expect(broken.included.get("lib/gates.inc")).toContain("hh a");
  });

  it("without a reader only the standard libraries can be included (E1002); OpenQASM 2 programs include files too", () => {
    expect(importQasm(MAIN, "main.qasm").diagnostics[0]!.code).toBe("E1002");
    const oq2 = 'OPENQASM 2.0;\ninclude "qelib1.inc";\ninclude "mine.inc";\nqreg q[1];\ncreg c[1];\nflip q[0];\nmeasure q -> c;\n';
    const r = importQasm(oq2, "two.qasm", { readInclude: reader({ "mine.inc": "gate flip a { x a; }\n" }).read });
    expect(r.diagnostics).toEqual([]);
    expectSameDistribution(exactDistribution(r.circuit!).outputs, new Map([["1", 1]]));
  });
});
