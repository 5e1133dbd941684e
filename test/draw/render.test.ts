// The renderers: exact terminal drawings of tiny circuits, well-formed and deterministic SVG, and every
// example drawn in both formats.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderAscii } from "../../src/draw/ascii.js";
import { layoutCircuit } from "../../src/draw/layout.js";
import { renderSvg } from "../../src/draw/svg.js";
import { buildCircuit } from "../../src/pipeline.js";
import { checkXml, circuit, gate, mark, param, scalar } from "./helpers.js";
import { EXAMPLES } from "./examples.js";
import { expectGolden } from "../support/golden.js";

const bell = circuit({
  registers: [{ name: "q", role: "hidden", offset: 0, size: 2 }],
  ops: [mark("step 0: Bell()"), gate("h", [0]), gate("cx", [0, 1]), { kind: "measure", qubit: 0, bit: 0 }, { kind: "measure", qubit: 1, bit: 1 }],
  numBits: 2, outputs: [{ kind: "bits", step: 0, bits: [0, 1], array: true }],
});

const tied = circuit({
  registers: [{ name: "h", role: "hidden", offset: 0, size: 3 }],
  ops: [{ kind: "reset", qubit: 0 }, { kind: "reset", qubit: 2 }, mark("step 0: Edge(0, 2)"), { kind: "call", def: 0, qubits: [0, 2], args: [param(0)], mods: [] },
    mark("step 1: Rot(2)"), gate("rx", [2], [param(0)], [{ k: "inv" }]), gate("cz", [0, 2]), { kind: "expect", output: 0 }],
  params: [scalar("theta")],
  defs: [{ name: "hyperedge_2", cell: "hyperedge", argNames: ["t"], qubitNames: ["a", "b"], body: [] }],
  outputs: [{ kind: "expect", step: 1, factors: [{ pauli: "Z", qubit: 0 }] }],
});

describe("ascii drawings", () => {
  it("draws a Bell pair with measurements on the classical track", () => {
    expect(renderAscii(layoutCircuit(bell))).toBe([
      "test: 1 step",
      "",
      "       step 0",
      "       Bell()",
      "       ┌─┐      ┌─┐",
      "q[0] ──┤h├──●───┤M├──────────",
      "       └─┘  │   └╥┘",
      "            │    ║     ┌─┐",
      "q[1] ───────⊕────╫─────┤M├───",
      "                 ║     └╥┘",
      "                 ║      ║",
      "bits ════════════╩══════╩════",
      "               y0[0]  y0[1]",
      "",
    ].join("\n"));
  });

  it("draws a cell as a group box, modifiers, a cz and an expectation, hiding the idle h[1]", () => {
    expect(renderAscii(layoutCircuit(tied))).toBe([
      "test: 2 steps",
      "",
      "       init  ┊step 0             ┊step 1",
      "             ┊Edge(0,2)          ┊Rot(2)",
      "             ┊╔════════════════╗ ┊                      ┌───┐",
      "h[0] ───|0⟩───╢hyperedge(theta)╟─────────────────────●──┤⟨Z⟩├──",
      "             ┊║                ║ ┊                   │  └───┘",
      "             ┊║                ║ ┊┌───────────────┐  │",
      "h[2] ───|0⟩───╢                ╟──┤inv @ rx(theta)├──●─────────",
      "             ┊╚════════════════╝ ┊└───────────────┘",
      "",
      "params: theta ×2",
      "",
    ].join("\n"));
  });

  it("folds with the wire labels repeated", () => {
    const text = renderAscii(layoutCircuit(tied), { fold: 2 });
    expect(text.split("\n").filter((l) => l.startsWith("h[0] "))).toHaveLength(3);
    expect(text).toMatch(/step 1 \(cont\.\)|…1/);
  });
});

describe("svg drawings", () => {
  it("is well-formed, standalone and deterministic", () => {
    for (const c of [bell, tied]) {
      const a = renderSvg(layoutCircuit(c)), b = renderSvg(layoutCircuit(c));
      expect(a).toBe(b);
      checkXml(a);
      expect(a).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 \d+ \d+"/);
      expect(a).toContain('font-family="monospace"');
      expect(a).not.toMatch(/href|url\(|@import/);
      expect(a).not.toMatch(/\d\.\d/); // integer coordinates only
    }
  });

  it("links tied params by colour and lists them in the legend", () => {
    const svg = renderSvg(layoutCircuit(tied));
    expect(svg).toContain("theta — 2 gates");
    expect(svg.match(/fill="#fde2a8"/g)).toHaveLength(3); // two gates and the legend swatch
  });

  it("the tag checker catches broken XML", () => {
    expect(() => checkXml("<svg><g></svg>")).toThrow();
    expect(() => checkXml("<svg>a & b</svg>")).toThrow();
    expect(() => checkXml("<svg/><svg/>")).toThrow();
  });
});

describe("every example draws in both formats", () => {
  for (const ex of EXAMPLES) {
    it(ex.name, () => {
      const r = buildCircuit(ex.file, { [ex.kind]: { text: readFileSync(ex.input, "utf8"), file: ex.input } });
      expect(r.circuit).toBeDefined();
      const l = layoutCircuit(r.circuit!);
      expect(l.slices.filter((s) => s.step !== null)).toHaveLength(r.circuit!.steps);
      const text = renderAscii(l);
      expect(text.split("\n").filter((line) => [...line].length > 100)).toEqual([]);
      checkXml(renderSvg(l));
    });
  }
});

describe("a model with every shape, through the whole pipeline", () => {
  it("draws as its golden (test/draw/fixtures/all-shapes.txt)", () => {
    const r = buildCircuit("test/draw/fixtures/all-shapes.qseq", { tokens: { text: "T(0) T(2)", file: "<tokens>" } });
    expect(r.circuit).toBeDefined();
    const l = layoutCircuit(r.circuit!);
    expect(new Set(l.elements.map((e) => e.shape))).toEqual(new Set(["box", "call", "oplus", "swap", "measure", "reset", "expect", "barrier", "if"]));
    expectGolden("test/draw/fixtures/all-shapes.txt", renderAscii(l));
    checkXml(renderSvg(l));
  });
});
