// `qseq fmt` as users run it: the real bin script in a child process (run `npm run build` first; `npm test`
// does), exit codes, output streams and the files it leaves behind.

import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

function qseq(args: string[], input?: string) {
  const r = spawnSync(process.execPath, ["bin/qseq.js", ...args], { encoding: "utf8", input, env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const UGLY = "model m{hidden h:qubit[1];step(t){x h[0];} // c\n}\n";
const PRETTY = "model m {\n  hidden h: qubit[1];\n  step(t) {\n    x h[0];\n  } // c\n}\n";
const BROKEN = "model m {\n  hidden h: qubit[1];\n  step(t) { x h[0] }\n}\n";

function files(texts: Record<string, string>): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), "qseq-fmt-"));
  return Object.fromEntries(Object.entries(texts).map(([name, text]) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return [name, path];
  }));
}

describe("qseq fmt", () => {
  it("formats standard input to standard output (no file, or -)", () => {
    for (const args of [["fmt"], ["fmt", "-"]]) {
      const r = qseq(args, UGLY);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(PRETTY);
    }
  });

  it("prints formatted files to standard output without changing them", () => {
    const f = files({ "a.qseq": UGLY });
    const r = qseq(["fmt", f["a.qseq"]!]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(PRETTY);
    expect(readFileSync(f["a.qseq"]!, "utf8")).toBe(UGLY);
  });

  it("--check exits 1 and lists the files that are not formatted, 0 when all are", () => {
    const f = files({ "ugly.qseq": UGLY, "pretty.qseq": PRETTY });
    const bad = qseq(["fmt", "--check", f["ugly.qseq"]!, f["pretty.qseq"]!]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe(`${f["ugly.qseq"]}\n`);
    expect(readFileSync(f["ugly.qseq"]!, "utf8")).toBe(UGLY);
    const good = qseq(["fmt", "--check", f["pretty.qseq"]!]);
    expect(good.code).toBe(0);
    expect(good.stdout).toBe("");
  });

  it("--write rewrites only the files that change", () => {
    const f = files({ "ugly.qseq": UGLY, "pretty.qseq": PRETTY });
    const before = statSync(f["pretty.qseq"]!).mtimeMs;
    chmodSync(f["pretty.qseq"]!, 0o444); // a write would fail: formatted files are not touched
    const r = qseq(["fmt", "--write", f["ugly.qseq"]!, f["pretty.qseq"]!]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`formatted ${f["ugly.qseq"]}\n`);
    expect(readFileSync(f["ugly.qseq"]!, "utf8")).toBe(PRETTY);
    expect(statSync(f["pretty.qseq"]!).mtimeMs).toBe(before);
    expect(qseq(["fmt", "--check", f["ugly.qseq"]!]).code).toBe(0);
  });

  it("--diff prints a unified diff", () => {
    const f = files({ "a.qseq": "const  x:int=1;\nconst y: int = 2;\n" });
    const r = qseq(["fmt", "--diff", f["a.qseq"]!]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`--- ${f["a.qseq"]}\n+++ ${f["a.qseq"]} (formatted)\n@@ -1,2 +1,2 @@\n-const  x:int=1;\n+const x: int = 1;\n const y: int = 2;\n`);
    expect(qseq(["fmt", "--diff", "--check", f["a.qseq"]!]).code).toBe(1);
  });

  it("refuses a file with syntax errors: the diagnostic, exit 1, the file unchanged", () => {
    const f = files({ "broken.qseq": BROKEN, "ugly.qseq": UGLY });
    const r = qseq(["fmt", "--write", f["broken.qseq"]!, f["ugly.qseq"]!]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error[E0103]: expected ';', found '}'");
    expect(r.stderr).toContain(`${f["broken.qseq"]}:3:18`);
    expect(readFileSync(f["broken.qseq"]!, "utf8")).toBe(BROKEN);
    // the other files are still formatted
    expect(readFileSync(f["ugly.qseq"]!, "utf8")).toBe(PRETTY);
    const check = qseq(["fmt", "--check", f["broken.qseq"]!]);
    expect(check.code).toBe(1);
    expect(check.stderr).toContain("E0103");
    const json = qseq(["fmt", "--format", "json", f["broken.qseq"]!]);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stderr.slice(0, json.stderr.lastIndexOf("}") + 1)).diagnostics[0].code).toBe("E0103");
  });

  it("an unreadable file is a usage error (exit 2), before anything is written", () => {
    const f = files({ "ugly.qseq": UGLY });
    const r = qseq(["fmt", "--write", f["ugly.qseq"]!, join(tmpdir(), "no-such-file-qseq.qseq")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("cannot read");
    expect(readFileSync(f["ugly.qseq"]!, "utf8")).toBe(UGLY);
    expect(qseq(["fmt", "--write", "--check", f["ugly.qseq"]!]).code).toBe(2);
  });

  it("keeps Prettier out of the CLI's start-up: the bundle imports it only dynamically", () => {
    const bundle = readFileSync("dist/cli/bundle.js", "utf8");
    expect(bundle).not.toMatch(/^\s*import[^;]*from\s*["']prettier/m);
    expect(bundle).toContain('import("prettier")');
  });
});
