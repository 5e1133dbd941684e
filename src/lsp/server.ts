// `qseq lsp [--stdio]`: the language server. Wires the language service (src/lsp/service.ts) to a
// JSON-RPC connection over standard input and output (with or without the flag).

import {
  CodeActionKind, createConnection, ErrorCodes, MessageType, ProposedFeatures, ResponseError, ShowMessageNotification, TextDocumentSyncKind,
  type Connection, type InitializeResult,
} from "vscode-languageserver/node";
import { RenameError, TOKEN_MODIFIERS, TOKEN_TYPES, TRAINABILITY_COMMAND, CIRCUIT_COMMAND, QASM_COMMAND } from "./features.js";
import { QseqService } from "./service.js";

export function startServer(connection: Connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout)): QseqService {
  // (bounded: if the connection itself is broken, logging must not feed an endless loop of errors)
  let logged = 0;
  const log = (m: string): void => {
    if (++logged > 1000) return;
    try { connection.console.error(m); } catch { /* the connection is gone */ }
  };
  const service = new QseqService({
    publish: (uri, diagnostics, version) => { void connection.sendDiagnostics({ uri, diagnostics, ...(version ? { version } : {}) }); },
    log,
  });

  connection.onInitialize((): InitializeResult => ({
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      hoverProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      documentHighlightProvider: true,
      renameProvider: { prepareProvider: true },
      documentSymbolProvider: true,
      workspaceSymbolProvider: true,
      completionProvider: { triggerCharacters: ["(", ",", " ", "\"", "/"] },
      signatureHelpProvider: { triggerCharacters: ["(", ","] },
      semanticTokensProvider: { legend: { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] }, full: true },
      foldingRangeProvider: true,
      documentFormattingProvider: true,
      inlayHintProvider: true,
      codeLensProvider: { resolveProvider: false },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      executeCommandProvider: { commands: [TRAINABILITY_COMMAND, CIRCUIT_COMMAND, QASM_COMMAND] },
    },
    serverInfo: { name: "qseq" },
  }));

  // The document manager's job, done by the service (it keeps versions and debounces the analyses).
  connection.onDidOpenTextDocument((p) => service.open(p.textDocument.uri, p.textDocument.version, p.textDocument.text));
  connection.onDidChangeTextDocument((p) => service.change(p.textDocument.uri, p.textDocument.version, p.contentChanges));
  connection.onDidCloseTextDocument((p) => service.close(p.textDocument.uri));

  connection.onHover((p, t) => service.hover(p, t));
  connection.onDefinition((p, t) => service.definition(p, t));
  connection.onReferences((p, t) => service.references(p, t));
  connection.onDocumentHighlight((p, t) => service.documentHighlights(p, t));
  connection.onPrepareRename((p, t) => service.prepareRename(p, t));
  connection.onRenameRequest((p, t) => {
    try {
      return service.rename(p, t);
    } catch (e) {
      if (e instanceof RenameError) return new ResponseError(ErrorCodes.InvalidRequest, e.message);
      log(`qseq: rename failed: ${String(e)}`);
      return null;
    }
  });
  connection.onDocumentSymbol((p, t) => service.documentSymbols(p, t));
  connection.onWorkspaceSymbol((p, t) => service.workspaceSymbols(p, t));
  connection.onCompletion((p, t) => service.completion(p, t));
  connection.onSignatureHelp((p, t) => service.signatureHelp(p, t));
  connection.languages.semanticTokens.on((p, t) => service.semanticTokens(p, t));
  connection.onFoldingRanges((p, t) => service.foldingRanges(p, t));
  connection.onDocumentFormatting((p) => service.formatting(p));
  connection.languages.inlayHint.on((p, t) => service.inlayHints(p, t));
  connection.onCodeLens((p, t) => service.codeLenses(p, t));
  connection.onCodeAction((p, t) => service.codeActions(p, t));
  // the report is the command's result; editors that drop results still show it as a message
  connection.onExecuteCommand(async (p) => {
    const report = await service.executeCommand(p);
    if (report) { try { void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message: report }); } catch { /* ignore */ } }
    return report;
  });
  connection.onShutdown(() => service.dispose());

  // A bug must not end the server: log it and carry on.
  process.on("uncaughtException", (e) => log(`qseq: uncaught: ${e.stack ?? e.message}`));
  process.on("unhandledRejection", (e) => log(`qseq: unhandled rejection: ${String(e)}`));

  connection.listen();
  return service;
}
