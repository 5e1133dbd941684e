// Small hand-built circuits for the drawing tests.

import type { Circuit, GateDef, Op, Output, ParamInfo, Register } from "../../src/ir/circuit.js";

export function circuit(p: { ops: Op[]; registers?: Register[]; params?: ParamInfo[]; defs?: GateDef[]; outputs?: Output[]; numBits?: number; steps?: number; name?: string }): Circuit {
  const registers = p.registers ?? [{ name: "q", role: "hidden", offset: 0, size: 4 }];
  return {
    name: p.name ?? "test",
    numQubits: registers.reduce((n, r) => Math.max(n, r.offset + r.size), 0),
    numBits: p.numBits ?? 0,
    registers,
    params: p.params ?? [],
    inputs: [],
    defs: p.defs ?? [],
    ops: p.ops,
    outputs: p.outputs ?? [],
    steps: p.steps ?? p.ops.filter((o) => o.kind === "mark" && o.label.startsWith("step ")).length,
  };
}

export const gate = (name: string, qubits: number[], args: Op extends never ? never : import("../../src/ir/expr.js").Expr[] = [], mods: import("../../src/ir/circuit.js").Modifier[] = []): Op =>
  ({ kind: "gate", name, qubits, args, mods });
export const mark = (label: string): Op => ({ kind: "mark", label });
export const param = (id: number) => ({ k: "param", id }) as const;
export const scalar = (name: string, init = 0): ParamInfo => ({ name, index: [], type: "angle", init });

/** A minimal XML check: one root, balanced and properly nested tags, no stray `<` or `&`. */
export function checkXml(s: string): void {
  const stack: string[] = [];
  let roots = 0;
  const tag = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g;
  let last = 0;
  for (let m = tag.exec(s); m; m = tag.exec(s)) {
    const between = s.slice(last, m.index);
    if (/[<>]/.test(between)) throw new Error(`stray angle bracket near offset ${last}: ${between.slice(0, 40)}`);
    if (/&(?!(amp|lt|gt|quot|apos);)/.test(between)) throw new Error(`unescaped & near offset ${last}`);
    last = tag.lastIndex;
    const [, close, name, , selfClose] = m;
    if (close) {
      if (stack.pop() !== name) throw new Error(`unbalanced </${name}> at ${m.index}`);
    } else if (!selfClose) {
      if (stack.length === 0) roots++;
      stack.push(name!);
    } else if (stack.length === 0) roots++;
  }
  if (/[<>]/.test(s.slice(last))) throw new Error("stray angle bracket at the end");
  if (stack.length) throw new Error(`unclosed <${stack.join("> <")}>`);
  if (roots !== 1) throw new Error(`${roots} root elements`);
}
