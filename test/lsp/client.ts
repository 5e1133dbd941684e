// A plain JSON-RPC client for `qseq lsp --stdio` (Content-Length framing written here, no LSP library),
// and helpers shared by the language server tests.

import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

export const ROOT = resolve(import.meta.dirname, "../..");
export const uriOf = (rel: string): string => pathToFileURL(resolve(ROOT, rel)).href;
export const read = (rel: string): string => readFileSync(resolve(ROOT, rel), "utf8");

/** The LSP position (0-based line and UTF-16 character) of an offset. */
export function positionOf(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset).split("\n");
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

/** The position `k` characters into the `n`-th occurrence (0-based) of `needle`. */
export function at(text: string, needle: string, k = 0, n = 0): { line: number; character: number } {
  let o = -1;
  for (let i = 0; i <= n; i++) {
    o = text.indexOf(needle, o + 1);
    if (o < 0) throw new Error(`no ${JSON.stringify(needle)} (#${n})`);
  }
  return positionOf(text, o + k);
}

export interface RpcMessage { jsonrpc: "2.0"; id?: number; method?: string; params?: unknown; result?: unknown; error?: { code: number; message: string } }

export class LspClient {
  readonly proc: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (m: RpcMessage) => void }>();
  readonly notifications: RpcMessage[] = [];
  private readonly waiters: { pred: (m: RpcMessage) => boolean; resolve: (m: RpcMessage) => void }[] = [];
  stderr = "";
  exited: number | null | undefined = undefined;

  constructor(args: string[] = [resolve(ROOT, "bin/qseq.js"), "lsp", "--stdio"]) {
    this.proc = spawn(process.execPath, args, { cwd: ROOT, stdio: ["pipe", "pipe", "pipe"] });
    this.proc.stdout.on("data", (chunk: Buffer) => this.onData(chunk));
    this.proc.stderr.on("data", (chunk: Buffer) => { this.stderr += chunk.toString(); });
    this.proc.on("exit", (code) => { this.exited = code; });
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf("\r\n\r\n");
      if (headerEnd < 0) return;
      const header = this.buffer.subarray(0, headerEnd).toString("ascii");
      const m = /Content-Length: (\d+)/i.exec(header);
      if (!m) throw new Error(`bad header ${header}`);
      const len = Number(m[1]);
      if (this.buffer.length < headerEnd + 4 + len) return;
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + len).toString("utf8");
      this.buffer = this.buffer.subarray(headerEnd + 4 + len);
      this.dispatch(JSON.parse(body) as RpcMessage);
    }
  }

  private dispatch(msg: RpcMessage): void {
    if (msg.id !== undefined && msg.method === undefined) {
      const p = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      p?.resolve(msg);
      return;
    }
    if (msg.id !== undefined && msg.method) {
      // a request from the server (workspace/configuration, client/registerCapability …): answer null
      this.write({ jsonrpc: "2.0", id: msg.id, result: null });
      return;
    }
    this.notifications.push(msg);
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      if (this.waiters[i]!.pred(msg)) { this.waiters[i]!.resolve(msg); this.waiters.splice(i, 1); }
    }
  }

  private write(msg: RpcMessage): void {
    const body = JSON.stringify(msg);
    this.proc.stdin.write(`Content-Length: ${Buffer.byteLength(body, "utf8")}\r\n\r\n${body}`);
  }

  /** Sends a request; resolves with the whole response (result or error). */
  request(method: string, params: unknown): Promise<RpcMessage> {
    const id = this.nextId++;
    return new Promise((resolveFn) => {
      this.pending.set(id, { resolve: resolveFn });
      this.write({ jsonrpc: "2.0", id, method, params });
    });
  }

  /** Sends a request and returns its result (throws on an error response). */
  async call<T = unknown>(method: string, params: unknown): Promise<T> {
    const r = await this.request(method, params);
    if (r.error) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
    return r.result as T;
  }

  notify(method: string, params: unknown): void { this.write({ jsonrpc: "2.0", method, params }); }

  /** The next notification matching `pred` (or one already received, if `past`). */
  waitFor(pred: (m: RpcMessage) => boolean, timeoutMs = 10_000, past = false): Promise<RpcMessage> {
    if (past) { const m = this.notifications.find(pred); if (m) return Promise.resolve(m); }
    return new Promise((resolveFn, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for a notification; stderr: ${this.stderr}`)), timeoutMs);
      this.waiters.push({ pred, resolve: (m) => { clearTimeout(timer); resolveFn(m); } });
    });
  }

  /** The next diagnostics published for a URI (at a version, if given). */
  diagnosticsFor(uri: string, version?: number): Promise<{ uri: string; version?: number; diagnostics: { code: string; message: string; range: { start: { line: number; character: number }; end: { line: number; character: number } }; severity: number; relatedInformation?: unknown[] }[] }> {
    return this.waitFor((m) => m.method === "textDocument/publishDiagnostics" && (m.params as { uri: string }).uri === uri && (version === undefined || (m.params as { version?: number }).version === version))
      .then((m) => m.params as never);
  }

  async initialize(): Promise<{ capabilities: Record<string, unknown> }> {
    const r = await this.call<{ capabilities: Record<string, unknown> }>("initialize", { processId: process.pid, rootUri: pathToFileURL(ROOT).href, capabilities: {} });
    this.notify("initialized", {});
    return r;
  }

  open(uri: string, text: string, version = 1): void {
    this.notify("textDocument/didOpen", { textDocument: { uri, languageId: "qseq", version, text } });
  }

  async shutdown(): Promise<void> {
    if (this.exited === undefined) {
      await this.call("shutdown", null);
      this.notify("exit", null);
      await new Promise<void>((r) => { if (this.exited !== undefined) r(); else this.proc.on("exit", () => r()); });
    }
  }
}

/** A seeded generator (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SNIPPETS = ["{", "}", "(", ")", ";", ",", " ", "\n", "h ", "match tok {", "=>", "let x = ", "param", "ctrl @", "0..n", "/*", "*/", "//", "\"", "[", "]", "é", "x1", "model m {", "cell c on q: qubit { h q; }"];

/** A random edit of a text: an insertion or deletion at a random offset. */
export function randomEdit(text: string, r: () => number): { start: number; end: number; insert: string } {
  const start = Math.floor(r() * (text.length + 1));
  if (r() < 0.5 && text.length > 0) {
    const len = 1 + Math.floor(r() * Math.min(12, text.length - start));
    return { start, end: Math.min(text.length, start + len), insert: "" };
  }
  const s = r() < 0.7 ? SNIPPETS[Math.floor(r() * SNIPPETS.length)]! : text.slice(Math.floor(r() * text.length)).slice(0, 1 + Math.floor(r() * 10));
  return { start, end: start, insert: s };
}

export const EXAMPLE_FILES = ["examples/khrnn.qseq", "examples/khrnn-expect.qseq", "examples/qrnn.qseq", "examples/hea.qseq", "examples/one-qubit-rnn.qseq", "stdlib/hypergraph.qseq", "stdlib/layers.qseq"];
