// The qseq extension's entry point: starts the qseq language server (`qseq lsp --stdio`, from the
// `qseq.server.command` setting, default the `qseq` on PATH) for every .qseq document, through
// vscode-languageclient. Highlighting comes from the TextMate grammar alone and works without it.
"use strict";

const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

/** @type {LanguageClient | undefined} */
let client;

/** @param {vscode.ExtensionContext} context */
async function activate(context) {
  const config = vscode.workspace.getConfiguration("qseq");
  const command = config.get("server.command", "qseq");
  const args = [...config.get("server.args", []), "lsp", "--stdio"];
  const server = { command, args, transport: TransportKind.stdio };
  client = new LanguageClient("qseq", "qseq language server", { run: server, debug: server }, {
    documentSelector: [{ scheme: "file", language: "qseq" }, { scheme: "untitled", language: "qseq" }],
  });
  context.subscriptions.push({ dispose: () => client && client.stop() });
  await client.start();
}

async function deactivate() {
  if (client) await client.stop();
}

module.exports = { activate, deactivate };
