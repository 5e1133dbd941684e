// The mutation engine of the fuzz suite: a small seeded PRNG and text mutations (characters, tokens,
// lines, splices of other corpus files). Every mutant is a pure function of (seed, index), so any case
// of a campaign can be regenerated on its own (see run.ts --index).

/** mulberry32: a tiny, fast, seeded 32-bit PRNG (independent of the simulator's generator). */
export class FuzzRng {
  private s: number;
  constructor(seed: number) { this.s = seed >>> 0; }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
  /** A uniform integer in [0, n) (n ≥ 1). */
  int(n: number): number { return n <= 1 ? 0 : this.next() % n; }
  /** A uniform integer in [lo, hi]. */
  range(lo: number, hi: number): number { return lo + this.int(hi - lo + 1); }
  chance(p: number): boolean { return this.next() / 4294967296 < p; }
  pick<T>(xs: readonly T[]): T {
    if (xs.length === 0) throw new Error("pick from an empty list");
    return xs[this.int(xs.length)]!;
  }
}

/** The seed of case `index` of the campaign with seed `seed` (nearby indices give unrelated streams). */
export function caseSeed(seed: number, index: number): number {
  let h = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(index >>> 0, 0x85ebca6b) ^ Math.floor(index / 4294967296)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

/** One applied mutation, described so that a failure report says what was done. */
export interface Mutation {
  readonly kind: string;
  readonly detail: string;
}

export interface Mutant {
  readonly text: string;
  readonly mutations: readonly Mutation[];
}

/**
 * A lossless tokenization: `tokenize(t).join("") === t`. Words, numbers, strings, comments, multi-character
 * operators, whitespace runs and single characters (by code point).
 */
export function tokenize(text: string): string[] {
  return text.match(TOKEN_RE) ?? [];
}
const TOKEN_RE = /\s+|\/\/[^\n]*|[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+|"[^"\n]*"?|->|=>|\.\.|==|!=|<=|>=|&&|\|\||\+\+|\*\*|<<|>>|[\s\S]/gu;

const isSpace = (t: string): boolean => /^\s+$/.test(t);
const isNumber = (t: string): boolean => /^(?:\d|\.\d)/.test(t);
const isWord = (t: string): boolean => /^[A-Za-z_]/.test(t);

/** Characters worth inserting: the punctuation of both languages, digits, letters, whitespace, oddities. */
export const CHARS = [
  ..."{}()[];,.@<>=-+*/\"!?:%&|^~#$_'\\",
  ..."0123456789",
  ..."aehnqxzEIX",
  " ", "\n", "\t", "\r",
  "π", "θ", "\u0000", "\u00a0", "\u2028", "😀",
];

/** Replacement numbers: boundaries, huge, negative, non-numbers. */
export const NUMBERS = [
  "0", "1", "2", "3", "-1", "-0", "7", "12", "13", "31", "32", "33", "63", "64", "65", "1024", "1025",
  "99999999", "2147483647", "2147483648", "4294967296", "9007199254740993", "99999999999999999999",
  "1e308", "1e309", "1e-320", "-1e308", "0.5", "1.5", "-2.5", "0.0", "1e9", "NaN", "Infinity", "0x10", "0b101", "1_000",
];

export interface MutateOptions {
  /** Other corpus texts: sources of replacement tokens and splices. */
  readonly corpus: readonly string[];
  /** Keywords and names of the language (replacement and inserted tokens). */
  readonly keywords: readonly string[];
  readonly minMutations?: number;
  readonly maxMutations?: number;
  /** Only number replacements (sizes, indices, angles): mutants that mostly stay well-formed. */
  readonly numbersOnly?: boolean;
}

const show = (s: string, max = 40): string => JSON.stringify(s.length > max ? `${s.slice(0, max)}…` : s);

/** Applies 1–4 (by default; fewer more often) random mutations to `base`. */
export function mutate(rng: FuzzRng, base: string, opts: MutateOptions): Mutant {
  // 1 mutation half of the time, more rarely 2, 3, 4: mutants stay close enough to their seed to get
  // past the parser and checker often
  const lo = opts.minMutations ?? 1, hi = opts.maxMutations ?? 4;
  let count = lo;
  while (count < hi && rng.chance(0.5)) count++;
  let text = base;
  const mutations: Mutation[] = [];
  for (let i = 0; i < count; i++) {
    const r = applyOne(rng, text, opts);
    text = r.text;
    mutations.push(r.mutation);
  }
  return { text, mutations };
}

type Step = { text: string; mutation: Mutation };

function applyOne(rng: FuzzRng, text: string, opts: MutateOptions): Step {
  if (opts.numbersOnly) return tokenEdit(rng, text, opts, "number");
  const roll = rng.int(100);
  if (roll < 30) return charEdit(rng, text);
  if (roll < 75) return tokenEdit(rng, text, opts);
  if (roll < 90) return lineEdit(rng, text);
  return splice(rng, text, opts);
}

function charEdit(rng: FuzzRng, text: string): Step {
  const chars = [...text];
  const kind = rng.pick(["insert", "delete", "replace"] as const);
  const at = rng.int(chars.length + (kind === "insert" ? 1 : 0));
  if (kind === "insert" || chars.length === 0) {
    const c = rng.pick(CHARS);
    chars.splice(at, 0, c);
    return { text: chars.join(""), mutation: { kind: "char.insert", detail: `at char ${at}: ${show(c)}` } };
  }
  if (kind === "delete") {
    const old = chars.splice(at, 1)[0]!;
    return { text: chars.join(""), mutation: { kind: "char.delete", detail: `at char ${at}: ${show(old)}` } };
  }
  const c = rng.pick(CHARS);
  const old = chars[at]!;
  chars[at] = c;
  return { text: chars.join(""), mutation: { kind: "char.replace", detail: `at char ${at}: ${show(old)} → ${show(c)}` } };
}

/** A random non-whitespace token index, preferring numbers and words when `prefer` says so. */
function pickToken(rng: FuzzRng, toks: readonly string[], prefer?: (t: string) => boolean): number {
  const idx: number[] = [];
  const preferred: number[] = [];
  toks.forEach((t, i) => {
    if (isSpace(t)) return;
    idx.push(i);
    if (prefer?.(t)) preferred.push(i);
  });
  if (preferred.length && rng.chance(0.8)) return rng.pick(preferred);
  return idx.length ? rng.pick(idx) : -1;
}

type TokenEditKind = "delete" | "duplicate" | "swap" | "corpus" | "keyword" | "number" | "insert";

function tokenEdit(rng: FuzzRng, text: string, opts: MutateOptions, only?: TokenEditKind): Step {
  const toks = tokenize(text);
  const kind = only ?? rng.pick(["delete", "duplicate", "swap", "corpus", "keyword", "number", "number", "insert"] as const);
  const i = pickToken(rng, toks, kind === "number" ? isNumber : kind === "keyword" ? isWord : undefined);
  if (i < 0) return charEdit(rng, text);
  const old = toks[i]!;
  const done = (k: string, detail: string): Step => ({ text: toks.join(""), mutation: { kind: `token.${k}`, detail } });
  switch (kind) {
    case "delete":
      toks.splice(i, 1);
      return done("delete", `token ${i} ${show(old)}`);
    case "duplicate":
      toks.splice(i, 0, old, rng.chance(0.5) ? " " : "");
      return done("duplicate", `token ${i} ${show(old)}`);
    case "swap": {
      const j = pickToken(rng, toks);
      toks[i] = toks[j]!;
      toks[j] = old;
      return done("swap", `tokens ${i} ${show(old)} ↔ ${j} ${show(toks[i]!)}`);
    }
    case "corpus": {
      const src = tokenize(rng.pick(opts.corpus.length ? opts.corpus : [text])).filter((t) => !isSpace(t));
      const t = src.length ? rng.pick(src) : "x";
      toks[i] = t;
      return done("corpus", `token ${i} ${show(old)} → ${show(t)}`);
    }
    case "keyword": {
      const t = rng.pick(opts.keywords);
      toks[i] = t;
      return done("keyword", `token ${i} ${show(old)} → ${show(t)}`);
    }
    case "number": {
      const t = rng.pick(NUMBERS);
      toks[i] = t;
      return done("number", `token ${i} ${show(old)} → ${show(t)}`);
    }
    case "insert": {
      const t = rng.pick([rng.pick(opts.keywords), rng.pick(NUMBERS), rng.pick(CHARS.slice(0, 32))]);
      toks.splice(i, 0, t, " ");
      return done("insert", `before token ${i}: ${show(t)}`);
    }
  }
}

function lineEdit(rng: FuzzRng, text: string): Step {
  const lines = text.split("\n");
  const kind = rng.pick(["delete", "duplicate", "swap"] as const);
  const i = rng.int(lines.length);
  const old = lines[i]!;
  if (kind === "delete") lines.splice(i, 1);
  else if (kind === "duplicate") lines.splice(i, 0, old);
  else {
    const j = rng.int(lines.length);
    lines[i] = lines[j]!;
    lines[j] = old;
    return { text: lines.join("\n"), mutation: { kind: "line.swap", detail: `lines ${i + 1} ↔ ${j + 1}` } };
  }
  return { text: lines.join("\n"), mutation: { kind: `line.${kind}`, detail: `line ${i + 1} ${show(old)}` } };
}

function splice(rng: FuzzRng, text: string, opts: MutateOptions): Step {
  const other = opts.corpus.length ? rng.pick(opts.corpus) : text;
  // slices on line boundaries half of the time (whole statements), else arbitrary
  if (rng.chance(0.5)) {
    const lines = other.split("\n");
    const a = rng.int(lines.length);
    const b = Math.min(lines.length, a + rng.range(1, 6));
    const piece = lines.slice(a, b).join("\n") + "\n";
    return insertPiece(rng, text, piece, `lines ${a + 1}–${b} of a corpus file`);
  }
  const from = rng.int(other.length + 1);
  const to = Math.min(other.length, from + rng.range(1, 120));
  return insertPiece(rng, text, other.slice(from, to), `chars ${from}–${to} of a corpus file`);
}

function insertPiece(rng: FuzzRng, text: string, piece: string, what: string): Step {
  const at = rng.int(text.length + 1);
  const replace = rng.chance(0.3) ? rng.range(1, 80) : 0;
  const out = text.slice(0, at) + piece + text.slice(at + replace);
  return { text: out, mutation: { kind: "splice", detail: `${what} ${show(piece)} at char ${at}${replace ? `, replacing ${replace} chars` : ""}` } };
}
