// The trainability report: the Pauli-string Lie closure on algebras whose dimensions are known, Clifford
// frames, the rules that turn a model into generators (frames, preparation and measurement-basis gates,
// promoted gates), and the examples: the k-HRNN is abelian with polynomial growth, a hardware-efficient
// ansatz is exponential.

import { describe, expect, it } from "vitest";
import { analyzeTrainability, classifyGrowth, formatTrainability, trainabilityReports, type TrainabilityReport } from "../../src/analysis/trainability.js";
import { CliffordFrame, frameOrbit, lieClosure } from "../../src/analysis/lie.js";
import type { Pauli } from "../../src/grad/pauli.js";
import { check } from "../../src/pipeline.js";

/** A Pauli string from a label like "X0 Z1 Y3". */
function P(label: string): Pauli {
  let x = 0, z = 0;
  for (const f of label.trim().split(/\s+/)) {
    const q = Number(f.slice(1));
    if (f[0] === "X" || f[0] === "Y") x |= 2 ** q;
    if (f[0] === "Z" || f[0] === "Y") z |= 2 ** q;
  }
  return { x, z };
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const binomial = (n: number, k: number): number => (k === 0 ? 1 : (binomial(n, k - 1) * (n - k + 1)) / k);

describe("Lie closure of Pauli strings", () => {
  it("{X, Z} on one qubit closes into su(2)", () => {
    const r = lieClosure([P("X0"), P("Z0")]);
    expect(r).toMatchObject({ dimension: 3, abelian: false, capped: false });
  });

  it("commuting strings are their own closure", () => {
    const r = lieClosure([P("Z0 Z1"), P("X0 X1"), P("Y0 Y1"), P("Z2"), P("Z0 Z1")]);
    expect(r).toMatchObject({ dimension: 4, abelian: true, capped: false });
  });

  it("drops the identity", () => {
    expect(lieClosure([{ x: 0, z: 0 }, P("Y2")]).dimension).toBe(1);
  });

  it("the transverse-field Ising chain {X_i, Z_i Z_i+1} spans so(2n): dimension n(2n − 1)", () => {
    for (const n of [2, 3, 4, 5, 6, 8]) {
      const gens = [...range(n).map((i) => P(`X${i}`)), ...range(n - 1).map((i) => P(`Z${i} Z${i + 1}`))];
      expect(lieClosure(gens).dimension, `n = ${n}`).toBe(n * (2 * n - 1));
    }
  });

  it("{X_i, Z_i, Z_i Z_i+1} generates all of su(2^n): 4^n − 1", () => {
    for (const n of [1, 2, 3, 4, 5]) {
      const gens = [...range(n).flatMap((i) => [P(`X${i}`), P(`Z${i}`)]), ...range(n - 1).map((i) => P(`Z${i} Z${i + 1}`))];
      expect(lieClosure(gens).dimension).toBe(4 ** n - 1);
    }
  });

  it("stops at the cap and says so", () => {
    const gens = [...range(6).flatMap((i) => [P(`X${i}`), P(`Z${i}`)]), ...range(5).map((i) => P(`Z${i} Z${i + 1}`))];
    const r = lieClosure(gens, 1000);
    expect(r).toMatchObject({ dimension: 1000, capped: true, abelian: false });
    expect(lieClosure(gens, 4095)).toMatchObject({ dimension: 4095, capped: false });
  });

  it("works beyond the bitmap width (wide qubit indices)", () => {
    const r = lieClosure([P("X20"), P("Z20"), P("Z20 Z29"), P("X29")]);
    expect(r.dimension).toBe(lieClosure([P("X0"), P("Z0"), P("Z0 Z1"), P("X1")]).dimension);
  });
});

describe("Clifford frames", () => {
  // cz: X_a ↦ X_a Z_b, Z_a ↦ Z_a (and symmetrically); h: X ↔ Z.
  const cz = { x: [P("X0 Z1"), P("Z0 X1")], z: [P("Z0"), P("Z1")] };
  const h = { x: [P("Z0")], z: [P("X0")] };

  it("conjugates Pauli strings through the gates appended so far", () => {
    const f = CliffordFrame.identity(3);
    expect(f.isIdentity()).toBe(true);
    f.append([0, 2], cz);
    expect(f.image(P("X0"))).toEqual(P("X0 Z2"));
    expect(f.image(P("Y2"))).toEqual(P("Z0 Y2"));
    expect(f.image(P("Z1"))).toEqual(P("Z1"));
    f.append([0], h); // W = h·cz: W† Z0 W = cz† X0 cz
    expect(f.image(P("Z0"))).toEqual(P("X0 Z2"));
    expect(f.isIdentity()).toBe(false);
  });

  it("orbits: the images of seeds under every frame, repeatedly", () => {
    const f = CliffordFrame.identity(2);
    f.append([0, 1], cz);
    const o = frameOrbit([P("X0"), P("Z1")], [f]);
    expect(o.capped).toBe(false);
    expect([...o.set.values()]).toEqual([P("X0"), P("Z1"), P("X0 Z1")]);
  });
});

describe("growth classification", () => {
  it("tells polynomial from exponential by the better fit, and the cap means exponential", () => {
    const pts = (ns: number[], f: (n: number) => number) => ns.map((n) => ({ n, dim: f(n), capped: false }));
    expect(classifyGrowth(pts([3, 4, 5, 6, 7, 8], (n) => n * (2 * n - 1))).growth).toBe("polynomial");
    expect(classifyGrowth(pts([2, 3, 4, 5, 6], (n) => 4 ** n - 1)).growth).toBe("exponential");
    expect(classifyGrowth(pts([2, 3, 4, 5, 6], (n) => 2 ** n - 1)).growth).toBe("exponential");
    expect(classifyGrowth(pts([2, 3, 4], () => 5))).toEqual({ growth: "polynomial", note: "constant" });
    expect(classifyGrowth(pts([2, 3], (n) => n)).growth).toBe("unknown");
    expect(classifyGrowth([{ n: 2, dim: 15, capped: false }, { n: 3, dim: 4096, capped: true }]).growth).toBe("exponential");
  });
});

function reportOf(text: string, hyper: Record<string, number> = {}): TrainabilityReport {
  const r = check("test/analysis/inline.qseq", { entryText: text, hyper: new Map(Object.entries(hyper)) });
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const reports = trainabilityReports(r.program, r.models);
  expect(reports).toHaveLength(1);
  return reports[0]!;
}

describe("generators of a model", () => {
  const oneQubit = (body: string, extra = "") =>
    `model m { tokens { T } hidden q: qubit[1]; param t: angle = 0.1; ${extra} step(tok) ${body} }`;

  it("fixed Clifford gates conjugate the generators after them (rz, then h, repeated: su(2))", () => {
    const r = reportOf(oneQubit("{ rz(t) q[0]; h q[0]; }"));
    expect(r.declared).toMatchObject({ generators: 2, dimension: 3, abelian: false, full: true, promoted: 0 });
  });

  it("a basis change right before a measurement belongs to the measurement", () => {
    const r = reportOf(oneQubit("-> bit { rz(t) q[0]; h q[0]; emit measure q[0]; }"));
    expect(r.declared).toMatchObject({ generators: 1, dimension: 1, abelian: true, diagonal: true });
  });

  it("gates that prepare qubits after a reset belong to the preparation", () => {
    const r = reportOf(oneQubit("{ rz(t) q[0]; }", "init { reset q; h q; }"));
    expect(r.declared).toMatchObject({ generators: 1, dimension: 1, abelian: true, diagonal: true });
  });

  it("non-Clifford, conditional and data-driven gates count as generators with a free angle", () => {
    expect(reportOf(oneQubit("{ t q[0]; rx(t) q[0]; }")).declared).toMatchObject({ dimension: 3, promoted: 1 });
    expect(reportOf(oneQubit("{ s q[0]; rx(t) q[0]; }")).declared).toMatchObject({ dimension: 3, promoted: 0 }); // s is Clifford: X ↦ Y
    expect(reportOf(oneQubit("{ rx(t) q[0]; rz(pi / 2) q[0]; }")).declared).toMatchObject({ dimension: 3, promoted: 0 });
    expect(reportOf(oneQubit("{ rx(t) q[0]; rz(0.3) q[0]; }")).declared).toMatchObject({ dimension: 3, promoted: 1 });
    expect(reportOf(`model m { tokens { T } hidden q: qubit[2]; param t: angle = 0.1;
      step(tok) { rz(t) q[0]; let b = measure q[1]; if (b) { x q[0]; } } }`).declared).toMatchObject({ dimension: 3, promoted: 1 });
    expect(reportOf(`model m { input x: float; hidden q: qubit[1]; param t: angle = 0.1;
      step(x) { ry(x) q[0]; rz(t) q[0]; } }`).declared).toMatchObject({ dimension: 3, promoted: 1, inputs: 1 });
  });

  it("enumerates token payloads: per-qubit rotations and cz on any pair reach so(2^n)", () => {
    const r = reportOf(`model m<n: int = 4> { tokens { R(i: 0..n) E(e: subset<2> of 0..n) } hidden q: qubit[n];
      param a: angle[n] = 0.1; step(tok) { match tok { R(i) => rx(a[i]) q[i]; E(e) => cz q[e]; } } }`);
    expect(r.declared).toMatchObject({ inputs: 4 + 6, dimension: 120, abelian: false, gatesPerStep: { min: 1, max: 1 } });
    expect(r.growth).toBe("exponential");
    expect(r.constantCell).toBe(true);
    expect(r.diagnostics.map((d) => d.code)).toEqual(["W0104"]);
  });

  it("the transverse-field Ising cell is polynomial (so(2n)) but not constant-size", () => {
    const r = reportOf(`model m<n: int = 4> { tokens { T } hidden q: qubit[n]; param a: angle = 0.1; param b: angle = 0.2;
      step(tok) { rx(a) q; for i in 0..(n - 1) { rzz(b) q[i], q[i + 1]; } } }`);
    expect(r.sweep!.sizes.map((s) => s.dimension)).toEqual([2, 3, 4, 5, 6, 7, 8].map((n) => n * (2 * n - 1)));
    expect(r.growth).toBe("polynomial");
    expect(r.constantCell).toBe(false);
    expect(r.sweep!.sizes.map((s) => s.gatesPerStep.max)).toEqual([2, 3, 4, 5, 6, 7, 8].map((n) => 2 * n - 1));
    const w = r.diagnostics.find((d) => d.code === "W0105")!;
    expect(r.diagnostics.map((d) => d.code)).toEqual(["W0105"]);
    expect(w.severity).toBe("warning");
    expect(w.span).toMatchObject({ line: 2 });
  });

  it("says so when no hyperparameter sets the register size", () => {
    const r = reportOf(oneQubit("{ rz(t) q[0]; }"));
    expect(r.growth).toBe("unknown");
    expect(r.sweep).toBeUndefined();
    expect(r.constantCell).toBeNull();
    expect(r.diagnostics).toEqual([]);
  });
});

describe("the examples", () => {
  const load = (file: string, hyper: Record<string, number> = {}) => {
    const r = check(file, { hyper: new Map(Object.entries(hyper)) });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    return analyzeTrainability(r.program, r.program.models.get(r.models[0]!.name)!, r.models[0]!.hyper);
  };

  it("the k-HRNN: abelian, all Z strings of weight ≤ k, polynomial, constant-size cell", () => {
    // Edge(e) is ctrl(k−1) @ p(theta): its generator |1…1⟩⟨1…1| on e has every Z string on e's subsets;
    // read_x's rz adds Z_i. So the DLA is spanned by the Z strings of weight 1..k: Σ_{j ≤ k} C(n, j).
    const dim = (n: number, k: number) => range(k).reduce((s, j) => s + binomial(n, j + 1), 0);
    const r = load("examples/khrnn.qseq");
    expect(r.declared).toMatchObject({
      qubits: 6, inputs: 20 + 6 + 6, generators: 41, dimension: 41, abelian: true, diagonal: true, capped: false, promoted: 0,
      gatesPerStep: { min: 0, max: 2 }, // ReadZ: a measurement only; Edge: one gate; ReadX: rz and h
    });
    expect(dim(6, 3)).toBe(41);
    expect(r.sweep!.hyper).toBe("n");
    expect(r.sweep!.sizes.map((s) => s.hyper["n"])).toEqual([3, 4, 5, 6, 7, 8]); // n = 2 < k has no Edge token
    expect(r.sweep!.sizes.map((s) => s.dimension)).toEqual([7, 14, 25, 41, 63, 92]);
    expect([3, 4, 5, 6, 7, 8].map((n) => dim(n, 3))).toEqual([7, 14, 25, 41, 63, 92]);
    expect(r.sweep!.sizes.every((s) => s.abelian)).toBe(true);
    expect(r.growth).toBe("polynomial");
    expect(r.constantCell).toBe(true);
    expect(r.diagnostics).toEqual([]);
    expect(load("examples/khrnn.qseq", { n: 8, k: 2 }).declared).toMatchObject({ dimension: dim(8, 2), abelian: true });
  });

  it("the hardware-efficient ansatz: not abelian, exponential, a cell that grows with n", () => {
    const r = load("examples/hea.qseq");
    // rx/ry on every qubit, and the same conjugated by the cz ring (Z X Z, Z Y Z): 4n strings. They span
    // so(2^n) for even n and sp(2^(n−1)) for odd n (su(4) ≅ so(6) at n = 2): exponential in n.
    expect(r.declared).toMatchObject({ qubits: 4, generators: 16, dimension: 120, abelian: false, promoted: 4 });
    const so = (d: number) => (d * (d - 1)) / 2, sp = (d: number) => (d / 2) * (d + 1);
    expect(r.sweep!.sizes.map((s) => s.dimension)).toEqual([15, sp(8), so(16), sp(32), so(64), 4096]);
    expect(r.sweep!.sizes.at(-1)!.capped).toBe(true);
    expect(r.growth).toBe("exponential");
    // per step: n encoding rotations, then per layer 2n rotations and the cz ring (1 cz for n = 2, n above)
    expect(r.sweep!.sizes.map((s) => s.gatesPerStep.max)).toEqual([2, 3, 4, 5, 6, 7].map((n) => n + 2 * (2 * n + (n === 2 ? 1 : n))));
    expect(r.constantCell).toBe(false);
    expect(r.diagnostics.map((d) => d.code)).toEqual(["W0104", "W0105"]);
    expect(r.diagnostics[0]!.span).toMatchObject({ file: "examples/hea.qseq", line: 16, col: 7 });
  });

  it("prints the report as text", () => {
    const text = formatTrainability(load("examples/khrnn.qseq"));
    expect(text).toContain("trainability of khrnn<n=6, k=3>:");
    expect(text).toContain("dimension 41, abelian");
    expect(text).toContain("growth in n: polynomial");
    expect(text).toContain("gates per step: 0 to 2; constant in n");
  });
});
