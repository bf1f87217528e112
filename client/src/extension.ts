// The VS Code side of RCA Author: starts the bundled language server and adds
// commands, the metrics preview and the status bar item. All analysis is the
// server's; this file only wires VS Code to it.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { WorkspaceLint } from './lintWorkspace';
import { newRca } from './newRca';
import { MetricsPreview } from './preview';
import { RcaStatusBar } from './statusBar';
import { ActiveMetrics } from './activeMetrics';
import { Dashboard } from './dashboard';
import { ADD_TIMELINE_ROW_REQUEST, TOGGLE_ACTION_ITEM_REQUEST, INDEX_STATUS_NOTIFICATION, OPEN_SETTINGS_NOTIFICATION, type InitializationOptions } from '../../shared/protocol';
import { runEditRequest } from './authoringCommands';

let client: LanguageClient | undefined;

/** VS Code's built-in Markdown language features (absent when the user disabled it). */
const BUILTIN_MARKDOWN = 'vscode.markdown-language-features';

/** Settings read once when the server starts: a change restarts it. Others apply live. */
// The catalog's path is watched from start-up.
// rca.maxFiles bounds the indexing that starts the server.
const RESTART_SETTINGS = ['rca.catalog', 'rca.maxFiles'];

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('RCA', { log: true });
  context.subscriptions.push(output);
  const activeMetrics = new ActiveMetrics(() => client);
  const statusBar = new RcaStatusBar(activeMetrics);
  client = createClient(context, output, statusBar);
  await client.start();

  const preview = new MetricsPreview(context, activeMetrics);
  const workspaceLint = new WorkspaceLint();
  const dashboard = new Dashboard(context, () => client);
  context.subscriptions.push(
    activeMetrics,
    preview,
    statusBar,
    workspaceLint,
    dashboard,
    vscode.commands.registerCommand('rca.newRca', () => newRca(() => client)),
    vscode.commands.registerCommand('rca.showMetricsPreview', () => preview.show()),
    vscode.commands.registerCommand('rca.openDashboard', () => dashboard.show()),
    vscode.commands.registerCommand('rca.restartServer', () => restart(context, output, statusBar)),
    vscode.commands.registerCommand('rca.addTimelineRow', () => runEditRequest(() => client, ADD_TIMELINE_ROW_REQUEST)),
    vscode.commands.registerCommand('rca.markActionItemDone', () => runEditRequest(() => client, TOGGLE_ACTION_ITEM_REQUEST)),
    vscode.commands.registerCommand('rca.lintWorkspace', () => client && workspaceLint.run(client, output)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (RESTART_SETTINGS.some((section) => event.affectsConfiguration(section))) void restart(context, output, statusBar);
    }),
  );
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

function createClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, statusBar: RcaStatusBar): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_FLAGS] } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_FLAGS, '--inspect=6009'] } },
  };
  // The catalog file of each folder gets its own diagnostics.
  const catalog = vscode.workspace.getConfiguration('rca').get<string>('catalog', '.rca/catalog.yaml');
  const catalogFiles = (vscode.workspace.workspaceFolders ?? []).map((folder) => ({ scheme: 'file', pattern: { baseUri: folder.uri.toString(), pattern: catalog } }));
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'markdown', scheme: 'file' }, ...catalogFiles],
    outputChannel: output,
    // The server asks for `rca.*` (and `markdown.*`) through workspace/configuration;
    // watching the sections makes the client tell it when they change.
    synchronize: { configurationSection: ['rca', 'markdown'] },
    initializationOptions: {
      // The server then sends the rca/* notifications this client handles below.
      extensionClient: true,
      // VS Code's own Markdown support validates, completes and moves ordinary links as
      // its settings say: the server leaves those parts to it.
      builtinMarkdown: vscode.extensions.getExtension(BUILTIN_MARKDOWN) !== undefined,
    } satisfies InitializationOptions,
  };
  const client = new LanguageClient('rca', 'RCA Language Server', serverOptions, clientOptions);
  client.onNotification(INDEX_STATUS_NOTIFICATION, (status) => statusBar.setIndexStatus(status));
  client.onNotification(OPEN_SETTINGS_NOTIFICATION, ({ setting }) => void vscode.commands.executeCommand('workbench.action.openSettings', setting));
  return client;
}

/**
 * Restarts run one after another: a settings change often comes as several events, and a
 * second restart stopping a client still starting made its pending notifications fail.
 */
let restarting: Promise<void> = Promise.resolve();

function restart(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, statusBar: RcaStatusBar): Promise<void> {
  restarting = restarting.catch(() => undefined).then(() => restartNow(context, output, statusBar));
  return restarting;
}

async function restartNow(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, statusBar: RcaStatusBar): Promise<void> {
  // The settings change that restarts the server also has the running client send it the new
  // settings: a turn of the event loop lets that finish, rather than fail on a stopping client.
  await new Promise((resolve) => setTimeout(resolve, 0));
  const previous = client;
  client = undefined;
  await previous?.stop();
  client = createClient(context, output, statusBar);
  await client.start();
  output.appendLine('RCA language server restarted.');
}
