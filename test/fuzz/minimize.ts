// Shrinks a failing fuzz case: removes chunks of lines, then of tokens, then single characters from each
// of its texts (the mutant, a mutated imported file, the input), keeping every removal after which the
// case still fails the same way (same kind, same stage, same message up to numbers).

import { tokenize } from "./mutate.js";
import { runCase, type Failure, type FuzzCase, type RunOptions } from "./targets.js";

const signature = (f: Failure): string => `${f.kind}|${f.stage}|${f.message.replace(/\d+(\.\d+)?/g, "N").slice(0, 200)}`;

/** The texts of a case that can shrink, with a way to put each one back. */
function texts(c: FuzzCase): { name: string; text: string; set: (c: FuzzCase, t: string) => FuzzCase }[] {
  if (c.target === "qasm") return [{ name: "mutant.qasm", text: c.text, set: (x, t) => ({ ...(x as typeof c), text: t }) }];
  const out: { name: string; text: string; set: (c: FuzzCase, t: string) => FuzzCase }[] = [
    { name: c.entryPath, text: c.entryText, set: (x, t) => ({ ...(x as typeof c), entryText: t }) },
  ];
  for (const path of c.overrides.keys()) {
    out.push({ name: path, text: c.overrides.get(path)!, set: (x, t) => ({ ...(x as typeof c), overrides: new Map((x as typeof c).overrides).set(path, t) }) });
  }
  if (c.input) out.push({ name: c.input.file, text: c.input.text, set: (x, t) => ({ ...(x as typeof c), input: { ...(x as typeof c).input!, text: t } }) });
  return out;
}

function current(c: FuzzCase, name: string): string {
  return texts(c).find((t) => t.name === name)!.text;
}

export async function minimizeCase(c: FuzzCase, failure: Failure, opts: RunOptions, maxTries = 4000): Promise<{ case: FuzzCase; files: Map<string, string>; tries: number }> {
  const want = signature(failure);
  let tries = 0;
  const fails = async (x: FuzzCase): Promise<boolean> => {
    tries++;
    const o = await runCase(x, opts);
    return o.failure !== undefined && signature(o.failure) === want;
  };
  let best: FuzzCase = !failure.stage.startsWith("cli") ? { ...c, cli: false } : c;
  if (!(await fails(best))) best = c;
  for (const t of texts(c)) {
    for (const unit of ["line", "token", "char"] as const) {
      const split = (s: string): string[] => (unit === "line" ? s.split(/(?<=\n)/) : unit === "token" ? tokenize(s) : [...s]);
      let parts = split(current(best, t.name));
      for (let chunk = Math.max(1, Math.floor(parts.length / 2)); chunk >= 1; chunk = Math.floor(chunk / 2)) {
        for (let i = 0; i < parts.length && tries < maxTries;) {
          const trial = [...parts.slice(0, i), ...parts.slice(i + chunk)];
          const x = t.set(best, trial.join(""));
          if (await fails(x)) { best = x; parts = trial; } else i += chunk;
        }
        if (chunk === 1) break;
      }
    }
  }
  const files = new Map(texts(best).map((t) => [t.name, t.text]));
  return { case: best, files, tries };
}
