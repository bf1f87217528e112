// The browser main of the extension (dist/web/extension.js), for the web
// extension host of vscode.dev, github.dev and code-server: the language server
// runs in a web worker (dist/web/server.js) and reads the workspace through
// this client (fileServer.ts), from whatever file system serves it.
import * as vscode from 'vscode';
import { BrowserMessageReader, BrowserMessageWriter, LanguageClient, type MessageTransports } from 'vscode-languageclient/browser';
import { activateWith, type RcaExtensionApi } from './activate';

export { deactivate } from './activate';

export function activate(context: vscode.ExtensionContext): Promise<RcaExtensionApi> {
  const serverMain = vscode.Uri.joinPath(context.extensionUri, 'dist', 'web', 'server.js');
  return activateWith(context, {
    createLanguageClient: (id, name, options) => new LanguageClient(id, name, () => startWorker(serverMain), options),
    // No git in the browser: the server still fills in rca.defaultAuthor.
    userName: () => Promise.resolve(undefined),
    builtinsRunInRemote: true,
  });
}

/**
 * The server's worker, and its messages. Its script is fetched and started from
 * a blob: the extension host refuses a worker at an extension's own URI when a
 * remote serves the extension (code-server's `vscode-remote:`), and fetch
 * resolves every URI the extension host knows (it rewrites `vscode-remote:`).
 * The transports are made here: the extension host's Worker is a wrapper, whose
 * workers the client's `instanceof Worker` does not recognize.
 */
async function startWorker(serverMain: vscode.Uri): Promise<MessageTransports> {
  const response = await fetch(serverMain.toString(true));
  if (!response.ok) throw new Error(`RCA: could not load the language server (${serverMain.toString(true)}: ${response.status} ${response.statusText})`);
  const script = URL.createObjectURL(new Blob([await response.text()], { type: 'text/javascript' }));
  const worker = new Worker(script, { name: 'RCA language server' });
  return { reader: new BrowserMessageReader(worker), writer: new BrowserMessageWriter(worker) };
}
