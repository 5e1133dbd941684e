import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { real } from "../support/numbers.js";
import {
  CATALOGUE_GATES, EXTRA_DEFINITIONS, controlledForm, extraDefinition, foldModifiers, fullGateMatrix, gateArity,
  gateMatrix, gateParamCount, inverseOf, isDiagonal, localGatesMatrix, modifiedGateMatrix, powerOf, wrapPhase, zyz,
  zyzMatrix, embed, type LocalGate,
} from "../../src/ir/gates.js";
import {
  cexpi, cmAdjoint, cmControlled, cmDiag, cmFromRows, cmIdentity, cmIntPow, cmIsDiagonal, cmIsUnitary, cmKron,
  cmMaxAbsDiff, cmMul, cmPow, cmScale, hermitianEigen, numericZyz, unitaryEigen, type CMatrix,
} from "../../src/ir/cmatrix.js";
import { evaluate, num, type Expr } from "../../src/ir/expr.js";
import { UnrollLimitError } from "../../src/check/limits.js";
import type { Modifier } from "../../src/ir/circuit.js";

const SEED = 20240611;
const runs = { seed: SEED, numRuns: 60 };
const TOL = 1e-12;
const PI = Math.PI;
const angle = real(-7, 7);
const ev = (e: Expr, params: number[] = []) => evaluate(e, { params, inputs: [] });

function close(a: CMatrix, b: CMatrix, tol = TOL): void {
  const d = cmMaxAbsDiff(a, b);
  if (!(d <= tol)) throw new Error(`matrices differ by ${d}`);
}

// An independent transcription of OpenQASM 3's U (test-local, not the catalogue's).
function Ut(theta: number, phi: number, lambda: number): CMatrix {
  const c = Math.cos(theta / 2), s = Math.sin(theta / 2);
  return cmFromRows([
    [[c, 0], [-s * Math.cos(lambda), -s * Math.sin(lambda)]],
    [[s * Math.cos(phi), s * Math.sin(phi)], [c * Math.cos(phi + lambda), c * Math.sin(phi + lambda)]],
  ]);
}
const ph = (m: CMatrix, phi: number) => cmScale(m, cexpi(phi));
const I2 = cmIdentity(2);
const block = (u: CMatrix): CMatrix => {
  // diag(I, u) built entry by entry
  const n = 2 * u.dim;
  const rows: [number, number][][] = [];
  for (let r = 0; r < n; r++) {
    const row: [number, number][] = [];
    for (let c = 0; c < n; c++) {
      if (r < u.dim || c < u.dim) row.push([r === c ? 1 : 0, 0]);
      else row.push([u.re[(r - u.dim) * u.dim + c - u.dim]!, u.im[(r - u.dim) * u.dim + c - u.dim]!]);
    }
    rows.push(row);
  }
  return cmFromRows(rows);
};

/** The gates of stdgates.inc transcribed from its `gate` bodies (plus the qseq extras), built from Ut. */
function reference(name: string, a: number[]): CMatrix {
  const [a0 = 0, a1 = 0, a2 = 0, a3 = 0] = a;
  const p = (l: number) => cmDiag([[1, 0], cexpi(l)]); // ctrl @ gphase(λ)
  const X = Ut(PI, 0, PI), Y = Ut(PI, PI / 2, PI / 2), Z = p(PI), H = Ut(PI / 2, 0, PI);
  const rz = (l: number) => ph(Ut(0, 0, l), -l / 2);
  const cx = block(X);
  const xc = cmFromRows([[1, 0, 0, 0], [0, 0, 0, 1], [0, 0, 1, 0], [0, 1, 0, 0]]); // cx b, a
  const swap = cmMul(cmMul(cx, xc), cx);
  const pauliRot = (P: CMatrix, t: number) => {
    const m = cmScale(cmIdentity(P.dim), [Math.cos(t / 2), 0]);
    const q = cmScale(P, [0, -Math.sin(t / 2)]);
    return cmFromRows(Array.from({ length: P.dim }, (_, r) => Array.from({ length: P.dim }, (_, c) =>
      [m.re[r * P.dim + c]! + q.re[r * P.dim + c]!, m.im[r * P.dim + c]! + q.im[r * P.dim + c]!] as [number, number])));
  };
  switch (name) {
    case "U": return Ut(a0, a1, a2);
    case "gphase": return cmDiag([cexpi(a0)]);
    case "p": return p(a0);
    case "x": return X;
    case "y": return Y;
    case "z": return Z;
    case "h": return H;
    case "s": return p(PI / 2);
    case "sdg": return p(-PI / 2);
    case "t": return p(PI / 4);
    case "tdg": return p(-PI / 4);
    case "sx": return cmFromRows([[[0.5, 0.5], [0.5, -0.5]], [[0.5, -0.5], [0.5, 0.5]]]);
    case "sxdg": return cmAdjoint(reference("sx", []));
    case "rx": return Ut(a0, -PI / 2, PI / 2);
    case "ry": return Ut(a0, 0, 0);
    case "rz": return rz(a0);
    case "cx": return cx;
    case "cy": return block(Y);
    case "cz": return block(Z);
    case "cp": return block(p(a0));
    case "crx": return block(Ut(a0, -PI / 2, PI / 2));
    case "cry": return block(Ut(a0, 0, 0));
    case "crz": return block(rz(a0));
    case "ch": return block(H);
    case "swap": return swap;
    case "ccx": return block(block(X));
    case "cswap": return block(swap);
    case "cu": return cmMul(cmKron(p(a3), I2), block(Ut(a0, a1, a2)));
    case "CX": return block(Ut(PI, 0, PI));
    case "phase": return Ut(0, 0, a0);
    case "cphase": return block(Ut(0, 0, a0));
    case "id": return Ut(0, 0, 0);
    case "u1": return Ut(0, 0, a0);
    case "u2": return ph(Ut(PI / 2, a0, a1), -(a0 + a1) / 2);
    case "u3": return ph(Ut(a0, a1, a2), -(a1 + a2) / 2);
    case "rxx": return pauliRot(cmKron(X, X), a0);
    case "ryy": return pauliRot(cmKron(Y, Y), a0);
    case "rzz": return pauliRot(cmKron(Z, Z), a0);
    case "iswap": return cmFromRows([[1, 0, 0, 0], [0, 0, [0, 1], 0], [0, [0, 1], 0, 0], [0, 0, 0, 1]]);
    case "ccz": return block(block(Z));
    default: throw new Error(`no reference for ${name}`);
  }
}

const argsArb = (name: string) => fc.array(angle, { minLength: gateParamCount(name), maxLength: gateParamCount(name) });

describe("gate catalogue: matrices", () => {
  it("covers every non-variadic signature", () => {
    expect(CATALOGUE_GATES.length).toBe(40);
    expect(CATALOGUE_GATES).not.toContain("mcx");
  });

  for (const name of CATALOGUE_GATES) {
    it(`${name}: unitary and equal to its stdgates.inc / extra definition`, () => {
      fc.assert(fc.property(argsArb(name), (args) => {
        const m = gateMatrix(name, args);
        expect(m.dim).toBe(1 << gateArity(name));
        expect(cmIsUnitary(m, 1e-12)).toBe(true);
        close(m, reference(name, args));
        if (isDiagonal(name)) expect(cmIsDiagonal(m)).toBe(true);
      }), runs);
    });
  }

  it("hand-written matrices (operand 0 is the most significant bit)", () => {
    close(gateMatrix("cx", []), cmFromRows([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, 1], [0, 0, 1, 0]]));
    close(gateMatrix("x", []), cmFromRows([[0, 1], [1, 0]]));
    close(gateMatrix("y", []), cmFromRows([[0, [0, -1]], [[0, 1], 0]]));
    close(gateMatrix("h", []), cmScale(cmFromRows([[1, 1], [1, -1]]), [Math.SQRT1_2, 0]));
    close(gateMatrix("s", []), cmDiag([[1, 0], [0, 1]]));
    close(gateMatrix("rz", [1]), cmDiag([cexpi(-0.5), cexpi(0.5)]));
    close(gateMatrix("ccx", []), cmControlled(cmFromRows([[0, 1], [1, 0]]), [false, false]));
    // cu(θ,φ,λ,γ): the control block is e^{iγ}·U(θ,φ,λ)
    const cu = gateMatrix("cu", [0.3, 0.4, 0.5, 0.6]);
    const inner = ph(Ut(0.3, 0.4, 0.5), 0.6);
    expect(cu.re[2 * 4 + 2]).toBeCloseTo(inner.re[0]!, 14);
    expect(cu.im[3 * 4 + 3]).toBeCloseTo(inner.im[3]!, 14);
    expect(cu.re[0]).toBe(1);
  });

  it("known identities", () => {
    fc.assert(fc.property(angle, angle, angle, (a, b, c) => {
      close(gateMatrix("rx", [a]), gateMatrix("U", [a, -PI / 2, PI / 2]));
      close(gateMatrix("ry", [a]), gateMatrix("U", [a, 0, 0]));
      close(gateMatrix("u3", [a, b, c]), ph(gateMatrix("U", [a, b, c]), -(b + c) / 2));
      expect(Math.abs(det2(gateMatrix("u3", [a, b, c])) - 1)).toBeLessThan(1e-12); // u3 ∈ SU(2)
      close(gateMatrix("u2", [b, c]), gateMatrix("u3", [PI / 2, b, c]));
      close(gateMatrix("rz", [a]), ph(gateMatrix("p", [a]), -a / 2));
      close(gateMatrix("u1", [a]), gateMatrix("p", [a]));
      close(gateMatrix("cphase", [a]), gateMatrix("cp", [a]));
      // rzz = cx · (I ⊗ rz) · cx
      const cx = gateMatrix("cx", []);
      close(gateMatrix("rzz", [a]), cmMul(cmMul(cx, cmKron(I2, gateMatrix("rz", [a]))), cx));
    }), runs);
    const m = (n: string) => gateMatrix(n, []);
    close(cmMul(cmMul(m("h"), m("z")), m("h")), m("x"));
    close(cmMul(cmMul(m("h"), m("x")), m("h")), m("z"));
    close(cmMul(m("s"), m("s")), m("z"));
    close(cmMul(m("t"), m("t")), m("s"));
    close(cmMul(m("sx"), m("sx")), m("x"));
    close(m("sxdg"), cmAdjoint(m("sx")));
    close(cmMul(m("iswap"), m("iswap")), cmKron(m("z"), m("z")));
    close(gateMatrix("x", []), ph(gateMatrix("rx", [PI]), PI / 2));
  });
});

function det2(m: CMatrix): number {
  const re = m.re[0]! * m.re[3]! - m.im[0]! * m.im[3]! - (m.re[1]! * m.re[2]! - m.im[1]! * m.im[2]!);
  const im = m.re[0]! * m.im[3]! + m.im[0]! * m.re[3]! - (m.re[1]! * m.im[2]! + m.im[1]! * m.re[2]!);
  expect(Math.abs(im)).toBeLessThan(1e-12);
  return re;
}

const onAll = (n: number) => [...Array(n).keys()];

describe("gate catalogue: inverses, ZYZ, definitions", () => {
  for (const name of CATALOGUE_GATES) {
    it(`${name}: inverseOf(g)·g = I exactly`, () => {
      fc.assert(fc.property(argsArb(name), (args) => {
        const n = gateArity(name);
        const items: LocalGate[] = inverseOf(name, args.map(num)).map((a) => ({ ...a, qubits: onAll(n) }));
        const mi = localGatesMatrix(items, n);
        close(cmMul(mi, gateMatrix(name, args)), cmIdentity(1 << n));
      }), runs);
    });
  }

  for (const name of CATALOGUE_GATES.filter((n) => gateArity(n) === 1)) {
    it(`${name}: zyz form reproduces the matrix including global phase`, () => {
      fc.assert(fc.property(argsArb(name), (args) => {
        const z = zyz(name, args.map(num));
        close(zyzMatrix(ev(z.alpha), ev(z.beta), ev(z.gamma), ev(z.delta)), gateMatrix(name, args));
      }), runs);
    });
  }

  it("zyz stays symbolic in params", () => {
    const th: Expr = { k: "param", id: 0 };
    const z = zyz("U", [th, num(0.2), num(0.3)]);
    expect(z.gamma).toEqual(th);
    close(zyzMatrix(ev(z.alpha, [1.1]), ev(z.beta, [1.1]), ev(z.gamma, [1.1]), ev(z.delta, [1.1])), gateMatrix("U", [1.1, 0.2, 0.3]));
  });

  for (const [name, d] of EXTRA_DEFINITIONS) {
    it(`extra '${name}': definition body is exact (phase included) and uses only stdgates + gphase`, () => {
      fc.assert(fc.property(argsArb(name), (args) => {
        const body = extraDefinition(name, args.map(num));
        for (const op of body) expect(["gphase", "s", "h", "cx", "rz", "rx", "ccx"]).toContain(op.name);
        close(localGatesMatrix(body, d.qubitNames.length), gateMatrix(name, args));
      }), runs);
    });
  }

  for (const name of ["cx", "CX", "cy", "cz", "ch", "cp", "cphase", "crx", "cry", "crz", "ccx", "ccz", "cswap", "cu"]) {
    it(`${name} = ctrl @ its controlled form`, () => {
      fc.assert(fc.property(argsArb(name), (args) => {
        const f = controlledForm(name, args.map(num))!;
        const n = gateArity(name);
        const inner = localGatesMatrix(f.body, n - f.ctrls);
        close(cmControlled(inner, Array(f.ctrls).fill(false)), gateMatrix(name, args));
      }), runs);
    });
  }
});

describe("modifiers, numerically", () => {
  const m = (n: string, a: number[] = []) => gateMatrix(n, a);
  it("inv is the adjoint, ctrl/negctrl are controlled blocks", () => {
    close(fullGateMatrix("rx", [0.7], [{ k: "inv" }]), m("rx", [-0.7]));
    close(fullGateMatrix("x", [], [{ k: "ctrl", n: 1, negative: false }]), m("cx"));
    // negctrl @ x: flips the target when the control is 0
    close(fullGateMatrix("x", [], [{ k: "ctrl", n: 1, negative: true }]), cmFromRows([[0, 1, 0, 0], [1, 0, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]));
    close(fullGateMatrix("x", [], [{ k: "ctrl", n: 2, negative: false }]), m("ccx"));
    close(fullGateMatrix("gphase", [0.4], [{ k: "ctrl", n: 1, negative: false }]), m("p", [0.4]));
    const mc = modifiedGateMatrix("h", [], [{ k: "ctrl", n: 2, negative: true }, { k: "inv" }, { k: "ctrl", n: 1, negative: false }]);
    expect(mc.controls).toEqual([true, true, false]);
    close(mc.core, m("h"));
  });

  it("principal square roots of the stdgates.inc definitions (s = z^½, t = s^½, sx = x^½, sdg = inv @ z^½)", () => {
    const half: Modifier = { k: "pow", exponent: num(0.5) };
    close(fullGateMatrix("z", [], [half]), m("s"));
    close(fullGateMatrix("s", [], [half]), m("t"));
    close(fullGateMatrix("x", [], [half]), m("sx"));
    close(fullGateMatrix("z", [], [{ k: "inv" }, half]), m("sdg"));
    close(fullGateMatrix("z", [], [half, { k: "inv" }]), m("s")); // inv z = z, then z^½ = s
    close(fullGateMatrix("z", [], [{ k: "pow", exponent: num(-0.5) }]), m("sdg"));
    close(fullGateMatrix("cx", [], [half]), cmControlled(m("sx"), [false]));
  });

  it("pow on rotations: rz(θ)^t = rz(tθ) for |θ| < 2π, and the principal branch beyond", () => {
    fc.assert(fc.property(real(-6.2, 6.2), real(-2, 2), (th, t) => {
      close(fullGateMatrix("rz", [th], [{ k: "pow", exponent: num(t) }]), m("rz", [t * th]), 1e-10);
      close(fullGateMatrix("rx", [th], [{ k: "pow", exponent: num(t) }]), m("rx", [t * th]), 1e-10);
    }), runs);
    // rz(3π) = diag(i, −i): principal phases +π/2, −π/2 → square root diag(e^{iπ/4}, e^{−iπ/4}) = rz(−π/2)
    close(fullGateMatrix("rz", [3 * PI], [{ k: "pow", exponent: num(0.5) }]), m("rz", [-PI / 2]), 1e-12);
  });

  for (const name of CATALOGUE_GATES) {
    it(`${name}: pow(1/k)^k = g and pow(1/2) has eigenphases in (−π/2, π/2]`, () => {
      fc.assert(fc.property(argsArb(name), fc.integer({ min: 2, max: 4 }), (args, k) => {
        const g0 = m(name, args);
        const r = fullGateMatrix(name, args, [{ k: "pow", exponent: num(1 / k) }]);
        close(cmIntPow(r, k), g0, 1e-9);
        const half = fullGateMatrix(name, args, [{ k: "pow", exponent: num(0.5) }]);
        for (const p of unitaryEigen(half).phases) {
          expect(p).toBeGreaterThan(-PI / 2 - 1e-9);
          expect(p).toBeLessThanOrEqual(PI / 2 + 1e-9);
        }
      }), { seed: SEED, numRuns: 15 });
    });
  }

  it("integer pow repeats", () => {
    close(fullGateMatrix("h", [], [{ k: "pow", exponent: num(3) }]), m("h"));
    close(fullGateMatrix("t", [], [{ k: "pow", exponent: num(-2) }]), m("sdg"));
    close(fullGateMatrix("iswap", [], [{ k: "pow", exponent: num(2) }]), cmKron(m("z"), m("z")));
  });
});

describe("huge integer powers", () => {
  const argFree = CATALOGUE_GATES.filter((name) => gateParamCount(name) === 0);

  it("fold into a handful of gates equal to the exact power, for every argument-free gate and U", () => {
    for (const k of [1_000_000_001, -999_999_999, 4_294_967_296, 123_456_789]) {
      for (const name of argFree) {
        const folded = foldModifiers(name, [], [{ k: "pow", exponent: num(k) }]);
        expect(folded.length, `${name}^${k}`).toBeLessThanOrEqual(32);
        // the reference's repeated squaring loses ~k·ε: agreement to 1e-6
        close(localGatesMatrix(folded, gateArity(name)), cmIntPow(gateMatrix(name, []), k), 1e-6);
      }
      const u = foldModifiers("U", [num(0.1), num(0.2), num(0.3)], [{ k: "pow", exponent: num(k) }]);
      expect(u.length).toBeLessThanOrEqual(2);
      close(localGatesMatrix(u, 1), cmIntPow(gateMatrix("U", [0.1, 0.2, 0.3]), k), 1e-6);
    }
  });

  it("refuse, as an unroll limit, to repeat a symbolic multi-gate sequence millions of times", () => {
    const th: Expr = { k: "param", id: 0 };
    expect(() => foldModifiers("cu", [th, th, th, th], [{ k: "pow", exponent: num(10_000_000) }])).toThrow(UnrollLimitError);
  });
});

describe("foldModifiers (symbolic inv/pow folding)", () => {
  const modArb = fc.oneof(
    fc.constant<Modifier>({ k: "inv" }),
    fc.integer({ min: -3, max: 3 }).map((k): Modifier => ({ k: "pow", exponent: num(k) })),
    real(-2.5, 2.5).map((t): Modifier => ({ k: "pow", exponent: num(t) })),
  );
  for (const name of CATALOGUE_GATES) {
    it(`${name}: folded gates equal the numeric modified matrix`, () => {
      fc.assert(fc.property(argsArb(name), fc.array(modArb, { maxLength: 3 }), (args, mods) => {
        const n = gateArity(name);
        const folded = foldModifiers(name, args.map(num), mods);
        close(localGatesMatrix(folded, n), fullGateMatrix(name, args, mods), 1e-9);
      }), { seed: SEED, numRuns: 40 });
    });
  }

  it("keeps symbolic angles symbolic and exact across the branch cut (wrapped phases)", () => {
    const th: Expr = { k: "param", id: 0 };
    const cases: [string, Expr[]][] = [["rz", [th]], ["rx", [th]], ["p", [th]], ["rzz", [th]], ["cp", [th]], ["crx", [th]]];
    for (const [name, args] of cases) {
      for (const t of [0.5, -0.3, 1.7]) {
        const folded = powerOf(name, args, num(t));
        for (const v of [-19.5, -7, -PI, 0.3, PI, 5.0, 7.5, 12.9, 2 * PI, 2 * PI + 1e-13, 2 * PI - 1e-13, -2 * PI + 1e-13]) {
          const got = localGatesMatrix(folded, gateArity(name), (e) => ev(e, [v]));
          close(got, fullGateMatrix(name, [v], [{ k: "pow", exponent: num(t) }]), 1e-9);
        }
      }
    }
    // a symbolic exponent works too
    const folded = powerOf("x", [], th);
    for (const v of [0.5, -1.25, 2.5]) {
      close(localGatesMatrix(folded, 1, (e) => ev(e, [v])), fullGateMatrix("x", [], [{ k: "pow", exponent: num(v) }]), 1e-10);
    }
  });

  it("folds to plain gate names where exact", () => {
    expect(foldModifiers("s", [], [{ k: "inv" }])).toEqual([{ name: "sdg", args: [], qubits: [0] }]);
    expect(foldModifiers("rx", [num(0.3)], [{ k: "inv" }])).toEqual([{ name: "rx", args: [num(-0.3)], qubits: [0] }]);
    expect(foldModifiers("rz", [num(0.3)], [{ k: "pow", exponent: num(3) }])).toEqual([{ name: "rz", args: [num(3 * 0.3)], qubits: [0] }]);
    expect(foldModifiers("z", [], [{ k: "pow", exponent: num(0.5) }])).toEqual([{ name: "p", args: [num(PI / 2)], qubits: [0] }]);
    expect(foldModifiers("h", [], [{ k: "pow", exponent: num(2) }]).map((x) => x.name)).toEqual(["h", "h"]);
    expect(foldModifiers("cx", [], [{ k: "pow", exponent: num(0.5) }]).map((x) => [x.name, x.ctrl ?? 0])).toEqual([["gphase", 1], ["crx", 0]]);
  });

  it("rejects a non-integer power of U with symbolic arguments, with a clear message", () => {
    const th: Expr = { k: "param", id: 0 };
    expect(() => powerOf("U", [th, num(0), num(0)], num(0.5))).toThrow(/non-integer power of this gate is only supported with numeric/);
    expect(() => powerOf("cu", [th, num(0), num(0), num(0)], num(0.5))).toThrow(/numeric arguments/);
    // numeric U is fine (numeric principal power, exact to rounding)
    const f = powerOf("U", [num(1), num(2), num(3)], num(0.5));
    close(localGatesMatrix(f, 1), fullGateMatrix("U", [1, 2, 3], [{ k: "pow", exponent: num(0.5) }]), 1e-12);
  });

  it("wrapPhase maps into (−π, π]", () => {
    for (const v of [-PI, PI, 3 * PI, -3 * PI, 0, 1, -7, 100]) {
      const w = ev(wrapPhase(num(v)));
      expect(w).toBeGreaterThan(-PI);
      expect(w).toBeLessThanOrEqual(PI + 1e-9);
      expect(Math.abs(Math.cos(w) - Math.cos(v)) + Math.abs(Math.sin(w) - Math.sin(v))).toBeLessThan(1e-12);
    }
    expect(ev(wrapPhase(num(-PI)))).toBe(PI);
    expect(ev(wrapPhase(num(-PI + 1e-12)))).toBeCloseTo(PI, 11); // within the snap distance of the cut
    expect(ev(wrapPhase(num(PI + 1e-12)))).toBe(PI + 1e-12);
    expect(ev(wrapPhase(num(-PI + 1e-6)))).toBe(-PI + 1e-6);
    const sym = wrapPhase({ k: "param", id: 0 });
    expect(ev(sym, [3 * PI / 2])).toBeCloseTo(-PI / 2, 14);
  });
});

describe("complex matrix helpers", () => {
  it("hermitianEigen diagonalises random Hermitian matrices", () => {
    fc.assert(fc.property(fc.array(real(-1, 1), { minLength: 32, maxLength: 32 }), (xs) => {
      const n = 4;
      const rows = Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c): [number, number] => {
        if (r === c) return [xs[r]!, 0];
        const [i, j] = r < c ? [r, c] : [c, r];
        const re = xs[4 + i * n + j]!, im = xs[16 + i * n + j]!;
        return r < c ? [re, im] : [re, -im];
      }));
      const a = cmFromRows(rows);
      const { values, vectors } = hermitianEigen(a);
      close(cmMul(cmMul(vectors, cmDiag(Array.from(values, (v) => [v, 0] as [number, number]))), cmAdjoint(vectors)), a, 1e-12);
      expect(cmIsUnitary(vectors, 1e-12)).toBe(true);
    }), runs);
  });

  it("numericZyz inverts zyzMatrix; cmPow of a product of gates", () => {
    fc.assert(fc.property(angle, angle, angle, angle, (a, b, c, d) => {
      const m = zyzMatrix(a, b, c, d);
      const z = numericZyz(m);
      close(zyzMatrix(z.alpha, z.beta, z.gamma, z.delta), m, 1e-12);
      const u = cmMul(cmKron(gateMatrix("U", [a, b, c]), gateMatrix("ry", [d])), gateMatrix("cx", []));
      close(cmIntPow(cmPow(u, 1 / 3), 3), u, 1e-9);
    }), runs);
  });

  it("embed places operand 0 on the most significant bit", () => {
    // cx with control qubit 2 and target 0 in a 3-qubit space: |001⟩ (q2 = 1) → |101⟩
    const e = embed(gateMatrix("cx", []), [2, 0], 3);
    expect(e.re[0b101 * 8 + 0b001]).toBe(1);
    expect(e.re[0b001 * 8 + 0b001]).toBe(0);
  });
});
