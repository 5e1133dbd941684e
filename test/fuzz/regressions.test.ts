// Crashes the fuzzer found (test/fuzz/run.ts), as minimized programs: each one gave an exception (or ran
// out of memory) and must now give diagnostics.

import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { emitQasm3 } from "../../src/emit/qasm3/emit.js";
import { NonFiniteValueError } from "../../src/emit/qasm3/numbers.js";
import { initialParamValues } from "../../src/ir/circuit.js";
import { runCli } from "./targets.js";
import { sortDiagnostics, type Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { renderText } from "../../src/diagnostics/render.js";
import { buildCircuit, check } from "../../src/pipeline.js";

function checked(text: string, hyper: Record<string, number> = {}): Diagnostic[] {
  const r = check("fuzz.qseq", { entryText: text, hyper: new Map(Object.entries(hyper)) });
  expect(() => renderText(r.diagnostics, r.sources, { color: false })).not.toThrow();
  return sortDiagnostics(r.diagnostics); // as rendered: sorted, exact duplicates dropped
}
const codes = (ds: readonly Diagnostic[]) => ds.map((d) => d.code);
const dir = mkdtempSync(join(tmpdir(), "qseq-fuzz-regressions-"));

describe("fuzz regressions", () => {
  it("an import path with a control character or a bad escape is not found (E0201), not a JSON.parse crash", () => {
    // qseq seed 1, case 114: a NUL inserted into an import path
    expect(codes(checked('import "./cyc\u0000le-a";'))).toEqual(["E0201"]);
    expect(codes(checked('import "std/\\layers";'))).toEqual(["E0201"]);
    expect(codes(checked('import "std/lay\tars";'))).toEqual(["E0201"]);
    const ds = checked('import "\\q";\nmodel m { tokens { A } hidden h: qubit[1]; step(t) { h h; } }');
    expect(ds.map((d) => `${d.code} ${d.message}`)).toEqual(['E0201 cannot find "\\q"']);
  });

  it("a huge subset size is E0503, not an invalid array length or an out-of-memory crash", () => {
    // qseq seed 1, cases 654, 1088, 2527: `subset<k>` with k = 9007199254740993, 99999999 (or --set k=…)
    const model = (k: string) => `
      model m<n: int = 6, k: int = ${k}> {
        tokens { Edge(e: subset<k> of 0..n) }
        hidden h: qubit[n];
        step(tok) { match tok { Edge(e) => z h[e]; } }
      }`;
    for (const k of ["99999999", "9007199254740993", "100000000000000000000"]) {
      const ds = checked(model(k));
      expect(codes(ds), k).toEqual(["E0503"]);
      expect(ds[0]!.message).toMatch(/^a subset of [\d,]+ elements is too large \(the limit is 1,000,000\)$/);
    }
    expect(codes(checked(model("3"), { k: 1e20 }))).toEqual(["E0503"]);
    // sizes that fit are as before: k > n has no token values, and is not an error
    expect(codes(checked(model("3")))).toEqual([]);
    expect(codes(checked(model("7")))).toEqual([]);
  });

  it("indexing an empty array with an index that takes no value (0..0) does not crash the checker", () => {
    // qseq seed 1, case 1769: khrnn with n = 0 (`qseq check examples/khrnn.qseq --set n=0` ended with exit code 3)
    const model = `
      model m<n: int = 0> {
        tokens { R(i: 0..n) }
        hidden h: qubit[1];
        param phi: angle[n];
        step(tok) { match tok { R(i) => rx(phi[i]) h[0]; } }
      }`;
    expect(codes(checked(model))).toEqual(["W0101"]);
    expect(codes(checked(model, { n: 2 }))).toEqual([]);
    const khrnn = check("examples/khrnn.qseq", { hyper: new Map([["n", 0]]) });
    expect(codes(khrnn.diagnostics)).toContain("E0503");
    // a cell argument and an emitted value (the same crash through other paths, cases 1969 and 1769)
    const viaCell = `
      import "std/hypergraph";
      model m<n: int = 0> {
        tokens { R(i: 0..n) }
        hidden h: qubit[1];
        param phi: angle[n];
        step(tok) -> bit? { match tok { R(i) => emit read_x(phi[i]) h[0]; } }
      }`;
    expect(codes(checked(viaCell))).toEqual(["W0101"]);
    const built = buildCircuit("fuzz.qseq", { entryText: viaCell, tokens: { text: "R(0)", file: "<tokens>" } });
    expect(codes(built.diagnostics)).toContain("E0902");
  });

  it("a gate or cell argument, pow exponent or param init that is not a finite number is E0406, not an emitter crash", () => {
    // qseq seed 1, case 3568: `weights[1] * 2 ** 99999999999999999999` in rich.qseq; the circuit kept an
    // infinite angle and emitQasm3 threw ("cannot print the non-finite number Infinity"): `qseq compile` exit 3
    const model = (stmt: string, init = "0.5") => `
      import "std/layers";
      model m {
        tokens { A }
        hidden h: qubit[2];
        param theta: angle = ${init};
        step(tok) -> bit { ${stmt} rz(theta) h[0]; emit measure h[0]; }
      }`;
    const build = (text: string) => buildCircuit("fuzz.qseq", { entryText: text, tokens: { text: "A A", file: "<tokens>" } });
    for (const stmt of [
      "rx(1e309) h[0];", "rx(-1e309) h[0];", "rx(1e308 * 10) h[0];", "rx(2 ** 99999) h[0];", "rx(log(0)) h[0];",
      "rx(theta + 1e309) h[0];", "rx(theta * 0 + 1e308 * 10) h[0];", "pow(1e309) @ x h[0];", "euler([0.1, 1e309, 0.2]) h[0];",
      "ctrl @ rx(exp(1000)) h[0], h[1];",
    ]) {
      const ds = checked(model(stmt));
      expect(codes(ds), stmt).toEqual(["E0406"]);
      expect(ds[0]!.message, stmt).toMatch(/evaluates to -?Infinity$/);
      const b = build(model(stmt));
      expect(b.circuit, stmt).toBeUndefined();
      expect(codes(b.diagnostics), stmt).toContain("E0406");
    }
    // NaN is only known once values are concrete: `qseq check` cannot tell, elaboration can
    for (const stmt of ["rx(sqrt(-1)) h[0];", "rx(arcsin(2)) h[0];"]) {
      const b = build(model(stmt));
      expect(b.circuit, stmt).toBeUndefined();
      expect(b.diagnostics.map((d) => `${d.code} ${d.message}`), stmt).toEqual(["E0406 this gate argument evaluates to NaN"]);
    }
    // while checking, a payload that is not known yet is not a NaN angle
    const payload = `
      model m {
        tokens { A(i: 0..4) }
        hidden h: qubit[1];
        step(tok) { match tok { A(i) => { rx(sqrt(i - 1)) h[0]; ry(2 ** i) h[0]; } } }
      }`;
    expect(codes(checked(payload))).toEqual([]);
    expect(codes(buildCircuit("fuzz.qseq", { entryText: payload, tokens: { text: "A(3) A(1)", file: "<tokens>" } }).diagnostics)).toEqual([]);
    expect(codes(buildCircuit("fuzz.qseq", { entryText: payload, tokens: { text: "A(0)", file: "<tokens>" } }).diagnostics)).toEqual(["E0406"]);
    // a param's initial value, reported once (not again where the param is used)
    const init = checked(model("rx(theta) h[1];", "1e309"));
    expect(init.map((d) => `${d.code} ${d.message}`)).toEqual(["E0406 the initial value of `theta` evaluates to Infinity"]);
    // finite values as before
    expect(codes(checked(model("rx(1e308) h[0]; rx(tan(pi / 2)) h[1];")))).toEqual([]);
  });

  it("bound param values that make an angle ∞ or NaN are E0406 at the gate (the emitter has no literal for them)", async () => {
    // qseq compile examples/qrnn.qseq --inputs … --bind scale=1e308: ry(scale[0] * x[0]) = Infinity
    for (const cmd of ["compile", "run", "grad"]) {
      const r = await runCli([cmd, "examples/qrnn.qseq", "--inputs", "examples/qrnn.inputs.json", "--bind", "scale=1e308"]);
      expect(r.code, `${cmd}: ${r.stderr}`).toBe(1);
      expect(r.stderr).toContain("error[E0406]: with these param values, argument 1 of `ry` is Infinity");
      expect(r.stderr).toContain("examples/qrnn.qseq:28:5");
    }
    // NaN: s ** x with s = −1, x = 0.5
    const file = join(dir, "nanpow.qseq");
    writeFileSync(file, "model m { input x: float; hidden h: qubit[1]; param s: float = 1.0; step(x) { ry(s ** x) h[0]; } }\n");
    writeFileSync(join(dir, "x.json"), "[0.5]");
    const nan = await runCli(["compile", file, "--inputs", join(dir, "x.json"), "--bind", "s=-1"]);
    expect(nan.code).toBe(1);
    expect(nan.stderr).toContain("argument 1 of `ry` is NaN");
    // the API refuses with a typed error rather than printing a number that is not one
    const c = buildCircuit("examples/qrnn.qseq", { inputs: { text: readFileSync("examples/qrnn.inputs.json", "utf8"), file: "x.json" } }).circuit!;
    const params = initialParamValues(c).map((v, i) => (c.params[i]!.name === "scale" ? 1e308 : v));
    expect(() => emitQasm3(c, { profile: "full", bind: { params } })).toThrow(NonFiniteValueError);
  });

  it("pow(1e9) @ sx folds by the gate's period instead of repeating it a billion times", async () => {
    const text = "model m { tokens { A } hidden h: qubit[1]; step(t) { pow(1000000000) @ sx h[0]; } }\n";
    const b = buildCircuit("pow.qseq", { entryText: text, tokens: { text: "A", file: "<tokens>" } });
    expect(b.diagnostics).toEqual([]);
    expect(emitQasm3(b.circuit!, { profile: "portable" })).not.toMatch(/sx/); // sx^(10^9) = sx^0 = I
    const file = join(dir, "pow.qseq");
    writeFileSync(file, text);
    expect((await runCli(["run", file, "--tokens", "A"])).code).toBe(0);
  });

  it("the trainability report of a model with many token values under a tight --max-ops elaborates them in chunks", async () => {
    // khrnn-expect with m = 1024 (20,480 edge tokens) and --max-ops 4000 took ~3 s: one elaboration per token
    const file = join(dir, "m1024.qseq");
    writeFileSync(file, readFileSync("examples/khrnn-expect.qseq", "utf8").replace("m: int = 9", "m: int = 1024"));
    const t0 = performance.now();
    const r = await runCli(["check", file, "--max-ops", "4000"]);
    expect(r.code).toBe(0);
    expect(performance.now() - t0).toBeLessThan(2000); // the fuzzer's per-case bound; ~0.4 s here
  });
});
