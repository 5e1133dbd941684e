// The language service: open documents, their (debounced, versioned) analyses, and one method per LSP
// request. It knows nothing of the transport, so tests drive the same methods in process that the server
// (src/lsp/server.ts) serves over stdio. Every method is total: an exception becomes an empty result and
// a log line, never a crash.

import { pathToFileURL } from "node:url";
import { TextDocument } from "vscode-languageserver-textdocument";
import type {
  CodeAction, CodeActionParams, CodeLens, CodeLensParams, CompletionItem, CompletionParams, DefinitionParams,
  Diagnostic as LspDiagnostic, DocumentFormattingParams, DocumentHighlight, DocumentHighlightParams, DocumentSymbol, DocumentSymbolParams, ExecuteCommandParams,
  FoldingRange, FoldingRangeParams, Hover, HoverParams, InlayHint, InlayHintParams, Location, PrepareRenameParams, Range,
  ReferenceParams, RenameParams, SemanticTokens, SemanticTokensParams, SignatureHelp, SignatureHelpParams,
  SymbolInformation, TextDocumentContentChangeEvent, TextEdit, WorkspaceEdit, WorkspaceSymbolParams,
} from "vscode-languageserver";
import { trainabilityReports } from "../analysis/trainability.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { analyze, displayToPath, overlayHost, uriToPath, type Analysis, type UriMap } from "./analysis.js";
import * as F from "./features.js";

export interface ServiceOptions {
  /** Publishes a document's diagnostics (only ever for its current version). */
  readonly publish?: (uri: string, diagnostics: LspDiagnostic[], version: number) => void;
  readonly log?: (message: string) => void;
  /** Delay before analysing after an edit (default 120 ms); 0 analyses at once. */
  readonly debounceMs?: number;
  /** Idle time after which the trainability report's warnings (W0104, W0105) are added for a document
   * without errors (default 1000 ms; negative: never). */
  readonly trainabilityDelayMs?: number;
}

export interface Cancellable { readonly isCancellationRequested: boolean }

export class QseqService implements UriMap {
  private readonly docs = new Map<string, TextDocument>();
  private readonly cache = new Map<string, Analysis>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly slowTimers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Bumped on every edit anywhere: an analysis made before it may have read an outdated import. */
  private epoch = 0;
  private readonly epochs = new Map<string, number>();
  /** Analyses run and diagnostics published, for tests and the benchmark. */
  readonly stats = { analyses: 0, published: 0, errors: 0 };

  constructor(private readonly opts: ServiceOptions = {}) {}

  // ─────────────── documents ───────────────

  open(uri: string, version: number, text: string): void {
    this.guard("didOpen", undefined, () => {
      this.docs.set(uri, TextDocument.create(uri, "qseq", version, text));
      // a freshly opened document is analysed at once (only edits are debounced)
      this.edited(uri, true);
    });
  }

  change(uri: string, version: number, changes: readonly TextDocumentContentChangeEvent[]): void {
    this.guard("didChange", undefined, () => {
      const d = this.docs.get(uri);
      if (!d) return;
      this.docs.set(uri, TextDocument.update(d, [...changes], version));
      this.edited(uri);
    });
  }

  close(uri: string): void {
    this.guard("didClose", undefined, () => {
      this.docs.delete(uri);
      this.cache.delete(uri);
      for (const timers of [this.timers, this.slowTimers]) {
        const t = timers.get(uri);
        if (t) clearTimeout(t);
        timers.delete(uri);
      }
      this.epoch++;
      this.opts.publish?.(uri, [], 0);
    });
  }

  document(uri: string): TextDocument | undefined { return this.docs.get(uri); }

  /** Stops pending analyses (shutdown). */
  dispose(): void {
    for (const t of [...this.timers.values(), ...this.slowTimers.values()]) clearTimeout(t);
    this.timers.clear();
    this.slowTimers.clear();
  }

  private edited(uri: string, now = false): void {
    this.epoch++;
    this.schedule(uri, now);
    // documents importing this one see the change too
    for (const [other, a] of this.cache) {
      if (other === uri) continue;
      const path = uriToPath(uri);
      if ([...a.program.sources.keys()].some((f) => displayToPath(f) === path)) this.schedule(other);
    }
  }

  private schedule(uri: string, now = false): void {
    const old = this.timers.get(uri);
    if (old) clearTimeout(old);
    const delay = now ? 0 : this.opts.debounceMs ?? 120;
    const run = (): void => {
      this.timers.delete(uri);
      this.guard("analysis", undefined, () => {
        const a = this.analysisOf(uri);
        const d = this.docs.get(uri);
        // never publish stale results: the document must still be at the analysed version
        if (a && d && d.version === a.version && this.opts.publish) {
          this.stats.published++;
          this.opts.publish(uri, F.lspDiagnostics(a, this), a.version);
          if (!a.diagnostics.some((x) => x.severity === "error")) this.scheduleTrainability(uri, a.version);
        }
      });
    };
    if (delay <= 0) run();
    else this.timers.set(uri, setTimeout(run, delay));
  }

  /** The slow pass: the trainability report's warnings, published with the others if the document is
   * still at the same version when it is done. */
  private scheduleTrainability(uri: string, version: number): void {
    const delay = this.opts.trainabilityDelayMs ?? 1000;
    if (delay < 0) return;
    const old = this.slowTimers.get(uri);
    if (old) clearTimeout(old);
    this.slowTimers.set(uri, setTimeout(() => {
      this.slowTimers.delete(uri);
      this.guard("trainability", undefined, () => {
        const a = this.analysisOf(uri);
        if (!a || a.version !== version || !this.opts.publish) return;
        // the models of this document, within a total time budget (the server answers nothing meanwhile)
        const started = Date.now();
        const found: Diagnostic[] = [];
        for (const m of a.models) {
          if (Date.now() - started > 1500) break;
          if (a.program.models.get(m.name)?.span.file !== a.file) continue;
          for (const r of trainabilityReports(a.program, [m], { budgetMs: 500 })) found.push(...r.diagnostics);
        }
        const extra = F.moreDiagnostics(a, found, this);
        if (!extra.length || this.docs.get(uri)?.version !== version) return;
        this.stats.published++;
        this.opts.publish(uri, [...F.lspDiagnostics(a, this), ...extra], version);
      });
    }, delay));
  }

  /** The analysis of a document at its current version (analysed now if the cached one is stale). */
  analysisOf(uri: string): Analysis | undefined {
    const d = this.docs.get(uri);
    if (!d) return undefined;
    const cached = this.cache.get(uri);
    if (cached && cached.version === d.version && this.epochs.get(uri) === this.epoch) return cached;
    const a = analyze(uri, d.version, d.getText(), overlayHost(() => this.docs.values()));
    this.stats.analyses++;
    this.cache.set(uri, a);
    this.epochs.set(uri, this.epoch);
    return a;
  }

  uriOf(file: string): string {
    const path = displayToPath(file);
    for (const uri of this.docs.keys()) if (uriToPath(uri) === path) return uri;
    return pathToFileURL(path).href;
  }

  private guard<T>(what: string, fallback: T, body: () => T): T {
    try {
      return body();
    } catch (e) {
      if (e instanceof F.RenameError) throw e;
      this.stats.errors++;
      this.opts.log?.(`qseq: ${what} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      return fallback;
    }
  }

  private async guardAsync<T>(what: string, fallback: T, body: () => Promise<T>): Promise<T> {
    try {
      return await body();
    } catch (e) {
      this.stats.errors++;
      this.opts.log?.(`qseq: ${what} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      return fallback;
    }
  }

  private with<T>(what: string, uri: string, fallback: T, token: Cancellable | undefined, body: (a: Analysis) => T): T {
    return this.guard(what, fallback, () => {
      if (token?.isCancellationRequested) return fallback;
      const a = this.analysisOf(uri);
      return a ? body(a) : fallback;
    });
  }

  // ─────────────── requests ───────────────

  diagnostics(uri: string): LspDiagnostic[] { return this.with("diagnostics", uri, [], undefined, (a) => F.lspDiagnostics(a, this)); }
  documentSymbols(p: DocumentSymbolParams, t?: Cancellable): DocumentSymbol[] { return this.with("documentSymbol", p.textDocument.uri, [], t, (a) => F.documentSymbols(a)); }
  definition(p: DefinitionParams, t?: Cancellable): Location[] { return this.with("definition", p.textDocument.uri, [], t, (a) => F.definition(a, p.position, this)); }
  references(p: ReferenceParams, t?: Cancellable): Location[] { return this.with("references", p.textDocument.uri, [], t, (a) => F.references(a, p.position, p.context?.includeDeclaration ?? true, this)); }
  /** Cells, models and consts of every open document's program (its imports too), deduplicated. */
  workspaceSymbols(p: WorkspaceSymbolParams, t?: Cancellable): SymbolInformation[] {
    return this.guard("workspaceSymbol", [], () => {
      const seen = new Set<string>();
      const out: SymbolInformation[] = [];
      for (const uri of [...this.docs.keys()]) {
        if (t?.isCancellationRequested) break;
        const a = this.analysisOf(uri);
        for (const s of a ? F.workspaceSymbols(a, p.query, this) : []) {
          const key = `${s.location.uri}:${s.location.range.start.line}:${s.location.range.start.character}`;
          if (!seen.has(key)) { seen.add(key); out.push(s); }
        }
      }
      return out;
    });
  }
  documentHighlights(p: DocumentHighlightParams, t?: Cancellable): DocumentHighlight[] { return this.with("documentHighlight", p.textDocument.uri, [], t, (a) => F.documentHighlights(a, p.position)); }
  prepareRename(p: PrepareRenameParams, t?: Cancellable): Range | null {
    return this.with("prepareRename", p.textDocument.uri, null, t, (a) => { try { return F.prepareRename(a, p.position); } catch (e) { if (e instanceof F.RenameError) return null; throw e; } });
  }
  /** Throws RenameError for names that cannot be renamed (built-ins, invalid new names). */
  rename(p: RenameParams, t?: Cancellable): WorkspaceEdit | null { return this.with("rename", p.textDocument.uri, null, t, (a) => F.rename(a, p.position, p.newName, this)); }
  hover(p: HoverParams, t?: Cancellable): Hover | null { return this.with("hover", p.textDocument.uri, null, t, (a) => F.hover(a, p.position)); }
  completion(p: CompletionParams, t?: Cancellable): CompletionItem[] { return this.with("completion", p.textDocument.uri, [], t, (a) => F.completion(a, p.position)); }
  signatureHelp(p: SignatureHelpParams, t?: Cancellable): SignatureHelp | null { return this.with("signatureHelp", p.textDocument.uri, null, t, (a) => F.signatureHelp(a, p.position)); }
  semanticTokens(p: SemanticTokensParams, t?: Cancellable): SemanticTokens { return this.with("semanticTokens", p.textDocument.uri, { data: [] }, t, (a) => ({ data: F.semanticTokens(a) })); }
  foldingRanges(p: FoldingRangeParams, t?: Cancellable): FoldingRange[] { return this.with("foldingRange", p.textDocument.uri, [], t, (a) => F.foldingRanges(a)); }
  inlayHints(p: InlayHintParams, t?: Cancellable): InlayHint[] { return this.with("inlayHint", p.textDocument.uri, [], t, (a) => F.inlayHints(a, p.range)); }
  codeLenses(p: CodeLensParams, t?: Cancellable): CodeLens[] { return this.with("codeLens", p.textDocument.uri, [], t, (a) => F.codeLenses(a)); }
  codeActions(p: CodeActionParams, t?: Cancellable): CodeAction[] { return this.with("codeAction", p.textDocument.uri, [], t, (a) => F.codeActions(a, p.range)); }

  async formatting(p: DocumentFormattingParams): Promise<TextEdit[]> {
    return this.guardAsync("formatting", [], async () => {
      const a = this.analysisOf(p.textDocument.uri);
      return a ? F.formatting(a) : [];
    });
  }

  async executeCommand(p: ExecuteCommandParams): Promise<string | null> {
    return this.guardAsync("executeCommand", null, async () => {
      const [uri, model] = (p.arguments ?? []) as [string | undefined, string | undefined];
      if (typeof uri !== "string") return null;
      const a = this.analysisOf(uri);
      if (!a) return null;
      if (p.command === F.TRAINABILITY_COMMAND) return F.trainabilityText(a, typeof model === "string" ? model : undefined);
      if ((p.command === F.CIRCUIT_COMMAND || p.command === F.QASM_COMMAND) && typeof model === "string") return F.sequenceCommandText(a, p.command, model);
      return null;
    });
  }
}
