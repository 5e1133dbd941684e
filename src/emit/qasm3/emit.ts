// OpenQASM 3 emitter: circuit IR → program text.
//
// Profiles
// - "full": every `GateDef` becomes one `gate` definition (in `c.defs` order; bodies may call earlier
//   ones), calls stay calls, modifiers stay modifiers. qseq extra gates (sxdg rxx ryy rzz iswap ccz) that
//   are used get an exact `gate` definition (EXTRA_DEFINITIONS of src/ir/gates.ts, global phase included)
//   before any use.
// - "portable": `decomposeToStdgates` first, then plain printing: only stdgates.inc gates, no `gate`
//   definitions, no modifiers, no top-level `gphase` (equal up to a global phase).
//
// Shape of an emitted program (names are valid identifiers, never keywords / built-ins / stdgates names;
// a clash `n` is renamed `n_`, then `n_2`, … — see names.ts):
//   OPENQASM 3.0;
//   include "stdgates.inc";
//   // header lines, then the circuit's name, step count and profile
//   input float[64] phi_2;       one scalar input per unbound param (`phi[2]` → `phi_2`); none with `bind.params`
//   def qseq_abs(...)            only if an unbound expression uses abs()
//   gate rzz(theta) a, b { … }   used extras, then the circuit's gate definitions
//   qubit[n] h;                  one register per `c.registers` entry (qubit i = register[i − offset])
//   output bit y3;               output k of kind "bits": `y<k>` — `bit` for a scalar output, `bit[w]` for an
//   output bit[2] y5;              array output (element j = the j-th emitted bit)
//   output bit[2] e6;            output k of kind "expect": `e<k>`, one bit per Pauli factor (see below)
//   bit[K] m;                    every other classical bit, in bit-index order
//   … operations …
// Per-step inputs (`c.inputs`) are always substituted by value. Measurements write the bit's home
// (`y3 = measure h[0];`, `m[2] = measure a[1];`); a bit emitted by two outputs is measured into the first
// and copied to the others at the end.
//
// Expectation outputs: at the `expect` op each factor's qubit is rotated to the Z basis (X: h; Y: sdg, h),
// measured into e<k>[j], and rotated back. One shot's sample of the product P is (−1)^(e<k>[0] ⊕ e<k>[1] ⊕ …),
// so ⟨P⟩ ≈ mean over shots. The measurement dephases those qubits, so a circuit is emitted as one program only
// when no later operation can tell (src/ir/readout.ts); otherwise emitQasm3 throws NeedsBatchError and the
// circuit is emitted as a batch of programs, one per cut (src/batch/).
//
// qsharp-lang compatibility (the differential-test target; findings in test/support/qsharp.ts): literals
// always have a decimal point; `pow(k)` modifiers keep integer k only — other powers are folded into plain
// gates (foldModifiers); inside `gate` bodies only mod-2π-exact angle arithmetic is printed and any other
// argument expression is computed by the caller and passed in as an extra parameter (`aux0`, …, described
// in a comment above the definition); half-angle rotations are kept exact under qsharp's mod-2π angles
// (gateforms.ts). A program with `input` declarations is valid OpenQASM 3 but qsharp-lang cannot run it.

import {
  inputValues, nestedBlocks, paramLabel, type AssignOp, type CallOp, type Circuit, type GateDef, type GateOp, type Modifier, type Op,
  type Output, type PauliFactor,
} from "../../ir/circuit.js";
import { cexprToQasm, constToQasm, sameType, typeName, type CExpr, type CExprNames } from "../../ir/classical.js";
import { bindValues, isNum, num, substituteArgs, type Expr } from "../../ir/expr.js";
import { GATE_SIGNATURES, VARIADIC_BASE } from "../../ir/gate-signatures.js";
import { EXTRA_DEFINITIONS, foldModifiers, STDGATE_OUTPUT } from "../../ir/gates.js";
import { decomposeToStdgates } from "../../ir/decompose.js";
import { angleKind, exprKey, printAngleExpr, printFloatExpr, type ExprNames } from "./expr.js";
import { expandHalfAngle, expandZyz, SIGN_PERIODIC, wrapAngle, ZYZ_EXPANDED } from "./gateforms.js";
import { Namer } from "./names.js";
import { planReadout } from "../../ir/readout.js";
import { formatInt, isSmallInt } from "./numbers.js";

export type Qasm3Profile = "full" | "portable";

export interface EmitQasm3Options {
  readonly profile: Qasm3Profile;
  /** Numeric values for `c.params` (one per scalar): substituted, and no `input` is declared. */
  readonly bind?: { readonly params?: ArrayLike<number> };
  /** Free text printed as `//` comment lines after the include. */
  readonly header?: string;
  /**
   * The model output each `c.outputs[k]` is, when `c` is one program of a readout batch (its outputs are
   * renumbered): used for the `y<k>`/`e<k>` names and the comments. Default: k itself.
   */
  readonly outputIndex?: readonly number[];
}

/** Thrown for a circuit whose outputs need several programs (src/ir/readout.ts): emit it as a batch. */
export class NeedsBatchError extends Error {
  constructor(readonly programs: number, readonly disturbed: readonly number[]) {
    super(`the expectation output(s) ${disturbed.join(", ")} are taken on qubits that later operations use, so measuring them in one program would disturb what follows: ` +
      `this circuit is read by ${programs} programs (emit each program of its readout batch, buildBatch in src/batch/batch.ts, or use \`qseq compile --emit-dir DIR\`)`);
    this.name = "NeedsBatchError";
  }
}

/** The OpenQASM 3 text of a circuit (deterministic; 2-space indentation; ends with a newline). */
export function emitQasm3(c: Circuit, opts: EmitQasm3Options): string {
  return emitQasm3Program(c, opts).text;
}

export interface Qasm3Program {
  readonly text: string;
  /** The declared `output` variable of each `c.outputs[k]` (`y<k>` / `e<k>` unless renamed; "" if none is declared). */
  readonly outputNames: readonly string[];
}

/** `emitQasm3` plus the names it gave the outputs (for tools that read results back). */
export function emitQasm3Program(c: Circuit, opts: EmitQasm3Options): Qasm3Program {
  const params = opts.bind?.params;
  if (params !== undefined && params.length !== c.params.length) {
    throw new Error(`OpenQASM export: bind.params has ${params.length} value(s), the circuit has ${c.params.length} param(s)`);
  }
  // one program must mean what the simulator means: expectations whose qubits are used later need a batch
  const readout = planReadout(c);
  if (readout.programs.length > 1) throw new NeedsBatchError(readout.programs.length, readout.disturbed.map((d) => d.output));
  const circuit = opts.profile === "portable" ? decomposeToStdgates(c) : c;
  const e = new Qasm3Emitter(circuit, opts.profile, params ?? null, opts.header, opts.outputIndex);
  const text = e.emit();
  return { text, outputNames: e.declaredOutputs() };
}

const INDENT = "  ";
const INV: Modifier = { k: "inv" };

/** How operations are printed in the current block. */
interface Scope {
  readonly indent: string;
  /** Inside a `gate` body (angle context). */
  readonly inDef: boolean;
  /** The enclosing definition may run under a control, so its global phases matter. */
  readonly controlled: boolean;
  /** An extra gate's body: its argument is used as-is (callers pass canonical angles). */
  readonly trusted: boolean;
  qubit(i: number): string;
  arg(e: Expr): string;
}

const isIntExponent = (e: Expr) => isNum(e) && isSmallInt(e.v);
const ctrlCount = (mods: readonly Modifier[]) => mods.reduce((n, m) => n + (m.k === "ctrl" ? m.n : 0), 0);

class Qasm3Emitter {
  private readonly root = new Namer();
  private readonly inputs: Float64Array;
  private readonly qref: string[] = [];
  private regNames: string[] = [];
  private readonly paramNames: string[] = [];
  private readonly defNames: string[] = [];
  /** Extra parameters of each definition: expressions over its own arguments, computed by callers. */
  private readonly defLifted: Expr[][] = [];
  private readonly defControlled: boolean[];
  private readonly extrasUsed = new Set<string>();
  private readonly bitLoc: string[] = [];
  private readonly bitCopies: [string, number][] = [];
  private readonly outputNames: string[] = [];
  /** Name reserved for the `abs` helper subroutine; it is printed only if used. */
  private readonly absName: string;
  private absUsed = false;
  private readonly topNames: ExprNames;
  /** Run-time classical variables (`c.vars`) and how classical expressions name bits and variables. */
  private readonly varNames: string[];
  private readonly cnames: CExprNames;

  constructor(
    private readonly c: Circuit,
    private readonly profile: Qasm3Profile,
    private readonly params: ArrayLike<number> | null,
    private readonly header: string | undefined,
    private readonly outputIndex: readonly number[] | undefined,
  ) {
    this.inputs = inputValues(c);
    const portable = profile === "portable";
    // names: registers, definitions, params, outputs, scratch bits (in this order)
    const regName = (this.regNames = c.registers.map((r) => this.root.claim(r.name)));
    const covered = new Uint8Array(c.numQubits);
    c.registers.forEach((r, k) => {
      for (let i = 0; i < r.size; i++) {
        const q = r.offset + i;
        if (q < 0 || q >= c.numQubits) throw new Error(`OpenQASM export: register '${r.name}' exceeds the circuit's ${c.numQubits} qubits`);
        covered[q] = 1;
        this.qref[q] = `${regName[k]}[${i}]`;
      }
    });
    const uncovered = covered.indexOf(0);
    if (uncovered >= 0) throw new Error(`OpenQASM export: qubit ${uncovered} belongs to no register`);
    if (!portable) for (const d of c.defs) this.defNames.push(this.root.claim(d.name));
    if (params === null) for (const p of c.params) this.paramNames.push(this.root.claim([p.name, ...p.index].join("_")));
    c.outputs.forEach((o, k) => this.outputNames.push(this.root.claim(`${o.kind === "bits" ? "y" : "e"}${this.modelOutput(k)}`)));
    this.absName = this.root.claim("qseq_abs");
    this.varNames = (c.vars ?? []).map((v) => this.root.claim(v.name));
    this.cnames = { bit: (b) => this.bit(b), var: (i) => this.varNames[i] ?? fail(`classical variable ${i} out of range`) };
    this.defControlled = portable ? [] : controlledDefs(c);
    this.topNames = {
      param: (id) => this.paramNames[id] ?? fail(`param ${id} has no name`),
      arg: () => fail("a gate argument outside a gate definition"),
      absHelper: () => { this.absUsed = true; return this.absName; },
    };
  }

  declaredOutputs(): string[] {
    return this.c.outputs.map((o, k) =>
      (o.kind === "bits" ? o.bits.length : o.factors.length) > 0 ? this.outputNames[k]! : "");
  }

  emit(): string {
    const c = this.c;
    const portable = this.profile === "portable";

    // classical bits: outputs first, the rest in a scratch register
    const outDecls: string[] = [];
    c.outputs.forEach((o, k) => outDecls.push(...this.declareOutput(o, k)));
    let scratch = 0;
    for (let b = 0; b < c.numBits; b++) if (this.bitLoc[b] === undefined) scratch++;
    const scratchName = scratch > 0 ? this.root.claim("m") : "";
    for (let b = 0, j = 0; b < c.numBits; b++) if (this.bitLoc[b] === undefined) this.bitLoc[b] = `${scratchName}[${j++}]`;

    // gate definitions (their extra parameters must be known before any call is printed)
    const defLines: string[] = [];
    if (!portable) c.defs.forEach((d, i) => this.emitDef(d, i, defLines));

    // the program body
    const body: string[] = [];
    const top: Scope = {
      indent: "", inDef: false, controlled: false, trusted: false,
      qubit: (i) => this.qref[i] ?? fail(`qubit ${i} out of range`),
      arg: (e) => printFloatExpr(e, this.topNames),
    };
    this.emitOps(c.ops, top, body);
    for (const [target, bit] of this.bitCopies) body.push(`${target} = ${this.bitLoc[bit]};`);

    // assemble
    const out: string[] = ["OPENQASM 3.0;", 'include "stdgates.inc";'];
    if (this.header !== undefined) for (const l of this.header.split(/\r?\n/)) out.push(comment(l));
    out.push(`// qseq circuit '${oneLine(c.name)}' (${c.steps} step${c.steps === 1 ? "" : "s"}), profile ${this.profile}`);
    // A loop, not push(...lines): spreading 10^5+ lines overflows the call stack.
    const section = (lines: readonly string[]) => { if (lines.length > 0) { out.push(""); for (const l of lines) out.push(l); } };
    section(c.params.flatMap((p, i) =>
      this.params === null ? [`input float[64] ${this.paramNames[i]}; // param ${paramLabel(p)}: ${p.type}, init ${p.init}`] : []));
    if (this.absUsed) {
      section([`def ${this.absName}(float[64] x) -> float[64] {`, `${INDENT}if (x < 0.0) {`, `${INDENT}${INDENT}return -x;`, `${INDENT}}`, `${INDENT}return x;`, "}"]);
    }
    const extraLines: string[] = [];
    for (const name of EXTRA_DEFINITIONS.keys()) if (this.extrasUsed.has(name)) this.emitExtra(name, extraLines);
    section(extraLines);
    section(defLines);
    section(c.registers.flatMap((r, k) => (r.size > 0 ? [`qubit[${formatInt(r.size)}] ${this.regNames[k]};`] : [])));
    section([...outDecls, ...(scratch > 0 ? [`bit[${formatInt(scratch)}] ${scratchName};`] : [])]);
    section((c.vars ?? []).map((v, i) => `${typeName(v.type)} ${this.varNames[i]} = ${constToQasm(v.type, v.init)};`));
    section(body);
    out.push("");
    return out.join("\n");
  }

  // ───────────────────────────────────────── outputs ─────────────────────────────────────────

  /** The model's number for output k (outputs of a batch program are renumbered). */
  private modelOutput(k: number): number {
    return this.outputIndex?.[k] ?? k;
  }

  private declareOutput(o: Output, k: number): string[] {
    const name = this.outputNames[k]!;
    const label = `output ${this.modelOutput(k)} (step ${o.step})`;
    if (o.kind === "bits") {
      const scalar = !o.array && o.bits.length === 1;
      o.bits.forEach((b, j) => {
        if (!Number.isInteger(b) || b < 0 || b >= this.c.numBits) fail(`output ${k} refers to bit ${b}, the circuit has ${this.c.numBits}`);
        const loc = scalar ? name : `${name}[${j}]`;
        if (this.bitLoc[b] === undefined) this.bitLoc[b] = loc;
        else this.bitCopies.push([loc, b]);
      });
      if (o.bits.length === 0) return [`// ${label} emits no bits`];
      return [`output ${scalar ? "bit" : `bit[${formatInt(o.bits.length)}]`} ${name}; // ${label}`];
    }
    if (o.factors.length === 0) return [`// ${label}: <I> = 1, nothing to measure`];
    const bits = o.factors.map((_, j) => `${name}[${j}]`);
    const sign = bits.length === 1 ? `(-1)^${bits[0]}` : `(-1)^(${bits.join(" xor ")})`;
    return [
      `output bit[${formatInt(o.factors.length)}] ${name}; // ${label}: ` +
      `<${this.pauliLabel(o.factors)}> ~ mean over shots of ${sign}`,
    ];
  }

  private pauliLabel(factors: readonly PauliFactor[]): string {
    return factors.map((f) => `${f.pauli}(${this.qref[f.qubit] ?? "?"})`).join(" * ");
  }

  private emitExpect(k: number, s: Scope, out: string[]): void {
    const o = this.c.outputs[k];
    if (!o || o.kind !== "expect") throw new Error(`OpenQASM export: expect op refers to output ${k}, which is not an expect output`);
    if (o.factors.length === 0) return;
    const seen = new Set<number>();
    for (const f of o.factors) {
      if (seen.has(f.qubit)) throw new Error(`OpenQASM export: qubit ${f.qubit} appears twice in one Pauli product`);
      seen.add(f.qubit);
    }
    const name = this.outputNames[k]!;
    const i = s.indent;
    out.push(`${i}// expect <${this.pauliLabel(o.factors)}>: measure in its eigenbasis into ${name}, rotate back`);
    for (const f of o.factors) {
      const q = s.qubit(f.qubit);
      if (f.pauli === "X") out.push(`${i}h ${q};`);
      else if (f.pauli === "Y") out.push(`${i}sdg ${q};`, `${i}h ${q};`);
    }
    o.factors.forEach((f, j) => out.push(`${i}${name}[${j}] = measure ${s.qubit(f.qubit)};`));
    for (const f of o.factors) {
      const q = s.qubit(f.qubit);
      if (f.pauli === "X") out.push(`${i}h ${q};`);
      else if (f.pauli === "Y") out.push(`${i}h ${q};`, `${i}s ${q};`);
    }
  }

  // ─────────────────────────────────────── definitions ───────────────────────────────────────

  private emitDef(d: GateDef, index: number, out: string[]): void {
    if (d.qubitNames.length === 0) throw new Error(`OpenQASM export: gate definition '${d.name}' has no qubits`);
    const local = this.root.child();
    const argNames = d.argNames.map((a) => local.claim(a));
    const qubitNames = d.qubitNames.map((q) => local.claim(q));
    const lifted: Expr[] = [];
    const liftedNames: string[] = [];
    const liftedByKey = new Map<string, string>();
    const names: ExprNames = {
      arg: (j) => argNames[j] ?? fail(`argument ${j} of '${d.name}'`),
      param: () => fail("internal: param in a gate body"),
    };
    const scope: Scope = {
      indent: INDENT, inDef: true, controlled: this.defControlled[index] ?? false, trusted: false,
      qubit: (i) => qubitNames[i] ?? fail(`qubit ${i} of '${d.name}'`),
      arg: (e) => {
        if (angleKind(e) !== null) return printAngleExpr(e, names);
        const key = exprKey(e);
        let name = liftedByKey.get(key);
        if (name === undefined) {
          name = local.claim(`aux${lifted.length}`);
          lifted.push(e);
          liftedNames.push(name);
          liftedByKey.set(key, name);
        }
        return name;
      },
    };
    const body: string[] = [];
    this.emitOps(d.body, scope, body);
    this.defLifted[index] = lifted;
    const describe: ExprNames = { arg: names.arg, param: (id) => this.paramNames[id] ?? `param${id}` };
    lifted.forEach((e, j) => out.push(`// ${liftedNames[j]} = ${printFloatExpr(e, describe)} (passed in by callers)`));
    const params = [...argNames, ...liftedNames];
    const head = `gate ${this.defNames[index]}${params.length > 0 ? `(${params.join(", ")})` : ""} ${qubitNames.join(", ")}`;
    if (body.length === 0) out.push(`${head} {}`);
    else { out.push(`${head} {`); for (const l of body) out.push(l); out.push("}"); }
  }

  private emitExtra(name: string, out: string[]): void {
    const d = EXTRA_DEFINITIONS.get(name)!;
    const local = this.root.child();
    const argNames = d.argNames.map((a) => local.claim(a));
    const qubitNames = d.qubitNames.map((q) => local.claim(q));
    const names: ExprNames = { arg: (j) => argNames[j]!, param: () => fail("param in an extra gate") };
    const scope: Scope = {
      indent: INDENT, inDef: true, controlled: true, trusted: true,
      qubit: (i) => qubitNames[i]!,
      arg: (e) => {
        if (angleKind(e) === null) throw new Error(`internal: extra gate '${name}' uses a non-angle expression`);
        return printAngleExpr(e, names);
      },
    };
    const body: string[] = [];
    for (const it of d.body) {
      const mods: Modifier[] = (it.ctrl ?? 0) > 0 ? [{ k: "ctrl", n: it.ctrl!, negative: false }] : [];
      this.emitGate({ kind: "gate", name: it.name, args: it.args, qubits: it.qubits, mods }, scope, body);
    }
    const head = `gate ${name}${argNames.length > 0 ? `(${argNames.join(", ")})` : ""} ${qubitNames.join(", ")}`;
    out.push(`// qseq extra gate ${name} (exact, global phase included)`, `${head} {`, ...body, "}");
  }

  // ───────────────────────────────────────── operations ──────────────────────────────────────

  private emitOps(ops: readonly Op[], s: Scope, out: string[]): void {
    for (const op of ops) {
      switch (op.kind) {
        case "gate": this.emitGate(op, s, out); break;
        case "call": this.emitCall(op, s, out); break;
        case "measure": out.push(`${s.indent}${this.bit(op.bit)} = measure ${s.qubit(op.qubit)};`); break;
        case "reset": out.push(`${s.indent}reset ${s.qubit(op.qubit)};`); break;
        case "barrier":
          out.push(op.qubits.length === 0 ? `${s.indent}barrier;` : `${s.indent}barrier ${op.qubits.map((q) => s.qubit(q)).join(", ")};`);
          break;
        case "mark":
          for (const l of op.label.split(/\r?\n/)) out.push(`${s.indent}${comment(l)}`);
          break;
        case "expect": this.emitExpect(op.output, s, out); break;
        case "if": this.emitIf(op.when, op.then, op.else, s, out); break;
        case "assign": out.push(`${s.indent}${this.assignment(op)};`); break;
        case "branch": case "while": {
          const inner: Scope = { ...s, indent: s.indent + INDENT };
          out.push(`${s.indent}${op.kind === "while" ? "while" : "if"} (${this.truth(op.cond)}) {`);
          this.emitOps(op.kind === "while" ? op.body : op.then, inner, out);
          if (op.kind === "branch" && op.else.length > 0) {
            out.push(`${s.indent}} else {`);
            this.emitOps(op.else, inner, out);
          }
          out.push(`${s.indent}}`);
          break;
        }
        case "break": case "continue": out.push(`${s.indent}${op.kind};`); break;
      }
    }
  }

  /** A run-time condition as a `bool` (the IR tests non-zero). */
  private truth(e: CExpr): string {
    const text = cexprToQasm(e, this.cnames);
    return e.type.k === "bool" ? text : `bool(${text})`;
  }

  /** `target = value` with the IR's conversion: to the variable's type, or the lowest bit for a bit. */
  private assignment(op: AssignOp): string {
    const value = cexprToQasm(op.value, this.cnames);
    const t = op.value.type;
    if (op.target.k === "var") {
      const v = this.c.vars?.[op.target.index] ?? fail(`classical variable ${op.target.index} out of range`);
      return `${this.varNames[op.target.index]} = ${sameType(t, v.type) ? value : `${typeName(v.type)}(${value})`}`;
    }
    const bit = this.bit(op.target.bit);
    if (t.k === "bool" || (t.k === "bits" && t.width === 1)) return `${bit} = ${value}`;
    if (t.k === "bits") return `${bit} = (uint[${t.width}](${value}) % 2 != 0)`;
    if (t.k === "int" || t.k === "uint") return `${bit} = (${value} % 2 != 0)`;
    throw new Error(`OpenQASM export: assigning a ${typeName(t)} to a bit`);
  }

  private bit(b: number): string {
    return this.bitLoc[b] ?? fail(`bit ${b} out of range (the circuit has ${this.c.numBits})`);
  }

  private emitIf(when: readonly { bit: number; value: boolean }[], then: readonly Op[], els: readonly Op[], s: Scope, out: string[]): void {
    if (when.length === 0) { this.emitOps(then, s, out); return; } // an empty conjunction always holds
    if (then.length === 0 && els.length === 0) return;
    const lit = (l: { bit: number; value: boolean }, value = l.value) => `${this.bit(l.bit)} == ${value ? 1 : 0}`;
    const inner: Scope = { ...s, indent: s.indent + INDENT };
    let cond: string;
    let yes = then, no = els;
    if (then.length === 0) {
      // only an else branch: negate the condition
      cond = when.length === 1 ? lit(when[0]!, !when[0]!.value) : `!(${when.map((l) => lit(l)).join(" && ")})`;
      yes = els; no = [];
    } else {
      cond = when.map((l) => lit(l)).join(" && ");
    }
    out.push(`${s.indent}if (${cond}) {`);
    this.emitOps(yes, inner, out);
    if (no.length > 0) {
      out.push(`${s.indent}} else {`);
      this.emitOps(no, inner, out);
    }
    out.push(`${s.indent}}`);
  }

  private bind(e: Expr): Expr {
    return bindValues(e, this.params, this.inputs);
  }

  private emitCall(op: CallOp, s: Scope, out: string[]): void {
    if (this.profile === "portable") throw new Error("internal: a call survived decomposeToStdgates");
    const d = this.c.defs[op.def] ?? fail(`call of undefined gate definition ${op.def}`);
    const lifted = this.defLifted[op.def] ?? fail(`gate definition '${d.name}' is used before it is defined`);
    if (op.args.length !== d.argNames.length) {
      throw new Error(`OpenQASM export: '${d.name}' takes ${d.argNames.length} argument(s), the call passes ${op.args.length}`);
    }
    if (op.qubits.length !== ctrlCount(op.mods) + d.qubitNames.length) {
      throw new Error(`OpenQASM export: call of '${d.name}' has ${op.qubits.length} qubit operand(s), expected ${ctrlCount(op.mods) + d.qubitNames.length}`);
    }
    const args = [...op.args, ...lifted.map((e) => substituteArgs(e, op.args))].map((e) => this.bind(e));
    const mods = op.mods.map((m): Modifier => (m.k === "pow" ? { k: "pow", exponent: this.bind(m.exponent) } : m));
    const controlled = (s.inDef && s.controlled) || ctrlCount(mods) > 0;
    if (mods.some((m) => m.k === "pow") && (controlled || mods.some((m) => m.k === "pow" && !isIntExponent(m.exponent)))) {
      // qsharp-lang cannot control a powered operation: repeat the call instead (integer powers only)
      const power = netPower(mods);
      if (power !== undefined) {
        const once: Modifier[] = [...mods.filter((m) => m.k === "ctrl"), ...(power < 0 ? [INV] : [])];
        for (let r = 0; r < Math.abs(power); r++) this.printOp(this.defNames[op.def]!, args, op.qubits, once, s, out);
        return;
      }
    }
    this.printOp(this.defNames[op.def]!, args, op.qubits, mods, s, out);
  }

  private emitGate(op0: GateOp, s: Scope, out: string[]): void {
    let op = op0;
    const variadic = VARIADIC_BASE[op.name];
    if (variadic !== undefined) {
      const base = GATE_SIGNATURES.get(variadic)!.qubits;
      const extra = op.qubits.length - ctrlCount(op.mods) - base;
      op = { ...op, name: variadic, mods: extra > 0 ? [...op.mods, { k: "ctrl", n: extra, negative: false }] : op.mods };
    }
    const sig = GATE_SIGNATURES.get(op.name);
    if (!sig) throw new Error(`OpenQASM export: unknown gate '${op.name}'`);
    if (op.args.length !== sig.params) throw new Error(`OpenQASM export: gate '${op.name}' takes ${sig.params} argument(s), got ${op.args.length}`);
    const nctrl = ctrlCount(op.mods);
    if (op.qubits.length !== nctrl + sig.qubits) {
      throw new Error(`OpenQASM export: gate '${op.name}' has ${op.qubits.length} qubit operand(s), expected ${nctrl + sig.qubits}`);
    }
    const args = op.args.map((e) => this.bind(e));
    const mods = op.mods.map((m): Modifier => (m.k === "pow" ? { k: "pow", exponent: this.bind(m.exponent) } : m));

    if (this.profile === "portable") {
      if (mods.length > 0) throw new Error(`internal: modifiers on '${op.name}' after decomposeToStdgates`);
      if (op.name === "gphase") return; // a global phase of the whole program
      if (!STDGATE_OUTPUT.has(op.name)) throw new Error(`internal: '${op.name}' after decomposeToStdgates`);
    }

    // Powers: qsharp-lang only accepts `pow(k)` with an integer k, and not under a control (a powered
    // operation is not controllable there). Fold the others into plain gates.
    const phaseMatters = (s.inDef && s.controlled) || nctrl > 0;
    if (mods.some((m) => m.k === "pow" && (phaseMatters || !isIntExponent(m.exponent)))) {
      const folded = this.foldPowers(op.name, args, op.qubits, mods);
      if (folded) { for (const p of folded) this.emitGate(p, s, out); return; }
      this.printOp(op.name, args, op.qubits, mods, s, out); // valid OpenQASM 3, but not for qsharp-lang
      return;
    }

    const sign = SIGN_PERIODIC.get(op.name);
    const base = op.qubits.slice(nctrl);
    const symbolic = args.some((a) => !isNum(a));

    // symbolic half angles inside gate bodies: 2π-periodic pieces where the sign is observable
    if (s.inDef && !s.trusted && symbolic && sign !== undefined && (sign === "control" || phaseMatters)) {
      this.emitPieces(expandHalfAngle(op.name, args, base), op.qubits, mods, s, out);
      return;
    }
    if (phaseMatters && ZYZ_EXPANDED.has(op.name)) {
      this.emitPieces(expandZyz(op.name, args, base[0]!), op.qubits, mods, s, out);
      return;
    }
    // numeric half angles: reduce into [0, 2π) and compensate an odd number of turns
    if (sign !== undefined && (sign === "control" || phaseMatters) && isNum(args[0]!)) {
      const { value, turns } = wrapAngle(args[0].v);
      if (turns % 2 !== 0) {
        this.printOp(op.name, [num(value), ...args.slice(1)], op.qubits, mods, s, out);
        const ctrlQubits = op.qubits.slice(0, nctrl);
        if (sign === "global") this.printOp("gphase", [num(Math.PI)], ctrlQubits, mods, s, out);
        else this.printOp("p", [num(Math.PI)], [...ctrlQubits, base[0]!], mods, s, out);
        return;
      }
    }
    this.printOp(op.name, args, op.qubits, mods, s, out);
  }

  /** `mods @ (p1 · p2 · …)` for pieces on the base operands: controls distribute, inv/pow reverse/repeat. */
  private emitPieces(pieces: readonly GateOp[], qubits: readonly number[], mods: readonly Modifier[], s: Scope, out: string[]): void {
    const ctrlMods = mods.filter((m) => m.k === "ctrl");
    const ctrlQubits = qubits.slice(0, ctrlCount(mods));
    const power = netPower(mods) ?? fail("internal: non-integer power on expanded pieces");
    const once = power >= 0 ? pieces : [...pieces].reverse().map((p) => ({ ...p, mods: [...p.mods, INV] }));
    for (let r = 0; r < Math.abs(power); r++) {
      for (const p of once) this.emitGate({ ...p, qubits: [...ctrlQubits, ...p.qubits], mods: [...ctrlMods, ...p.mods] }, s, out);
    }
  }

  /** Folds inv/pow modifiers with a non-integer power into plain gates (controls kept outside), or undefined. */
  private foldPowers(name: string, args: readonly Expr[], qubits: readonly number[], mods: readonly Modifier[]): GateOp[] | undefined {
    const ctrlMods = mods.filter((m) => m.k === "ctrl");
    const nctrl = ctrlCount(mods);
    const ctrlQubits = qubits.slice(0, nctrl);
    const base = qubits.slice(nctrl);
    let items;
    try {
      items = foldModifiers(name, args, mods.filter((m) => m.k !== "ctrl"));
    } catch {
      return undefined;
    }
    return items.map((it): GateOp => ({
      kind: "gate", name: it.name, args: it.args,
      qubits: [...ctrlQubits, ...it.qubits.map((q) => base[q]!)],
      mods: [...ctrlMods, ...((it.ctrl ?? 0) > 0 ? [{ k: "ctrl", n: it.ctrl!, negative: false } as Modifier] : [])],
    }));
  }

  private printOp(name: string, args: readonly Expr[], qubits: readonly number[], mods: readonly Modifier[], s: Scope, out: string[]): void {
    if (GATE_SIGNATURES.get(name)?.origin === "extra") this.extrasUsed.add(name);
    let text = s.indent;
    for (const m of mods) {
      if (m.k === "ctrl") text += `${m.negative ? "negctrl" : "ctrl"}${m.n === 1 ? "" : `(${formatInt(m.n)})`} @ `;
      else if (m.k === "inv") text += "inv @ ";
      else text += `pow(${isIntExponent(m.exponent) ? formatInt((m.exponent as { v: number }).v) : s.arg(m.exponent)}) @ `;
    }
    text += name;
    // A whole angle of -0 is the same rotation as 0: print `rz(0.0)`, not `rz(-0.0)`. (Inside larger
    // expressions the sign of zero is kept, so printed text always evaluates to the same double.)
    if (args.length > 0) text += `(${args.map((a) => s.arg(a.k === "num" && a.v === 0 ? num(0) : a)).join(", ")})`;
    if (qubits.length > 0) text += ` ${qubits.map((q) => s.qubit(q)).join(", ")}`;
    out.push(`${text};`);
  }
}

/**
 * Which definitions may run under a control (directly `ctrl @ def`, or called from such a definition's
 * body): inside them a global phase is a relative one. Callees have lower indices than their callers.
 */
function controlledDefs(c: Circuit): boolean[] {
  const mark = new Array<boolean>(c.defs.length).fill(false);
  const scan = (ops: readonly Op[]) => {
    for (const op of ops) {
      if (op.kind === "call" && op.mods.some((m) => m.k === "ctrl")) mark[op.def] = true;
      else for (const b of nestedBlocks(op)) scan(b);
    }
  };
  scan(c.ops);
  for (const d of c.defs) scan(d.body);
  for (let i = c.defs.length - 1; i >= 0; i--) {
    if (!mark[i]) continue;
    for (const op of c.defs[i]!.body) if (op.kind === "call") mark[op.def] = true;
  }
  return mark;
}

/** The product of the inv (−1) and integer pow modifiers, or undefined if a power is not an integer. */
function netPower(mods: readonly Modifier[]): number | undefined {
  let power = 1;
  for (const m of mods) {
    if (m.k === "inv") power = -power;
    else if (m.k === "pow") {
      if (!isIntExponent(m.exponent)) return undefined;
      power *= (m.exponent as { v: number }).v;
    }
  }
  return power;
}

function comment(line: string): string {
  return line.length === 0 ? "//" : `// ${line}`;
}

function oneLine(s: string): string {
  return s.replace(/[\r\n]+/g, " ");
}

function fail(what: string): never {
  throw new Error(`OpenQASM export: ${what}`);
}
