// The Node main of the extension (dist/extension.js), for VS Code on the desktop
// and in remotes (SSH, WSL, containers, Codespaces): the language server runs
// as a Node process (dist/server.js) and reads the workspace from its disk.
import type * as vscode from 'vscode';
import { LanguageClient, TransportKind, type ServerOptions } from 'vscode-languageclient/node';
import { activateWith, type RcaExtensionApi } from './activate';
import { gitRepository, gitUserName } from './git';

export { deactivate } from './activate';

export function activate(context: vscode.ExtensionContext): Promise<RcaExtensionApi> {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_FLAGS] } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_FLAGS, '--inspect=6009'] } },
  };
  return activateWith(context, {
    createLanguageClient: (id, name, options) => new LanguageClient(id, name, serverOptions, options),
    userName: gitUserName,
    gitRepository,
  });
}
