// The VS Code side of RCA Author, one for both builds: starts the language
// server and adds commands, the metrics preview, the status bar item, the RCA
// Timeline view and wiki-links in VS Code's own Markdown preview (the markdown-it
// plugin activate returns). All analysis is the server's; this file only wires
// VS Code to it. The Node main (extension.ts) and the browser main
// (browserExtension.ts) differ only in how the server starts.
import * as vscode from 'vscode';
import type { BaseLanguageClient, LanguageClientOptions } from 'vscode-languageclient';
import {
  ADD_TIMELINE_ROW_REQUEST,
  FIND_MARKDOWN_FILES_REQUEST,
  ACTION_ITEMS_CHANGED_NOTIFICATION,
  INDEX_STATUS_NOTIFICATION,
  OPEN_SETTINGS_NOTIFICATION,
  READ_FILES_REQUEST,
  TOGGLE_ACTION_ITEM_REQUEST,
  type InitializationOptions,
} from '../../shared/protocol';
import { ActionItemsView, type GitRepository } from './actionItemsView';
import { ActiveMetrics } from './activeMetrics';
import { runEditRequest } from './authoringCommands';
import { Dashboard } from './dashboard';
import { EDITOR_FILES } from './editorFiles';
import { FileServer } from './fileServer';
import { importTimeline } from './importTimeline';
import { WorkspaceLint } from './lintWorkspace';
import { PreviewRenderData } from './markdownPreview';
import { newRca, type UserName } from './newRca';
import { MetricsPreview } from './preview';
import { RcaStatusBar } from './statusBar';
import { TimelineView } from './timelineView';
import type { MarkdownItInstance } from '../../shared/wikiLinkPlugin';

/** What differs between the Node and the browser main. */
export interface ExtensionHost {
  /** Starts the server: a client for it, not yet started. */
  createLanguageClient(id: string, name: string, options: LanguageClientOptions): BaseLanguageClient;
  /** The author of a new RCA. */
  userName: UserName;
  /** The Git remote and commit tracker issues link to; absent where git cannot run (the web: rca.trackerUrl alone). */
  gitRepository?: GitRepository;
  /**
   * True in the web worker: with a remote (code-server, a Codespace in the browser) VS Code's
   * built-in language features run in the remote's extension host, whose extensions
   * vscode.extensions cannot see from here.
   */
  builtinsRunInRemote?: boolean;
}

let client: BaseLanguageClient | undefined;

/** VS Code's built-in Markdown language features (absent when the user disabled it). */
const BUILTIN_MARKDOWN = 'vscode.markdown-language-features';

/** Whether VS Code's built-in Markdown language features run, in this extension host or (see ExtensionHost) the remote's. */
function hasBuiltinMarkdown(host: ExtensionHost): boolean {
  return vscode.extensions.getExtension(BUILTIN_MARKDOWN) !== undefined || (host.builtinsRunInRemote === true && vscode.env.remoteName !== undefined);
}

/**
 * Starts VS Code's built-in Markdown language features, which otherwise start with the first
 * Markdown file opened. The server leaves the workspace's headings in Go to Symbol in Workspace
 * to them, and that picker starts no extension: in a fresh window it listed no heading at all.
 */
async function activateBuiltinMarkdown(host: ExtensionHost): Promise<void> {
  const local = vscode.extensions.getExtension(BUILTIN_MARKDOWN);
  if (local) await local.activate();
  // In the remote's extension host: one of its commands (an activation event of it) starts it there.
  // This one only drops its markdown-it instance, made again at the next render.
  else if (hasBuiltinMarkdown(host)) await vscode.commands.executeCommand('markdown.api.reloadPlugins');
}

/** Settings read once when the server starts: a change restarts it. Others apply live. */
// The catalog's path is watched from start-up.
// rca.maxFiles bounds the indexing that starts the server.
const RESTART_SETTINGS = ['rca.catalog', 'rca.maxFiles'];

/** What the extension gives VS Code: its built-in Markdown preview asks for `extendMarkdownIt` (`markdown.markdownItPlugins`). */
export interface RcaExtensionApi {
  extendMarkdownIt(md: MarkdownItInstance): MarkdownItInstance;
}

export async function activateWith(context: vscode.ExtensionContext, host: ExtensionHost): Promise<RcaExtensionApi> {
  const output = vscode.window.createOutputChannel('RCA', { log: true });
  context.subscriptions.push(output);
  const activeMetrics = new ActiveMetrics(() => client);
  const statusBar = new RcaStatusBar(activeMetrics);
  const actionItems = new ActionItemsView(context, () => client, host.gitRepository);
  context.subscriptions.push(actionItems);
  const dashboard = new Dashboard(context, () => client);
  const start = async () => {
    client = createClient(context, host, output);
    // The view's rows come from the server's index: asked now, and again when the server says they changed.
    client.onNotification(ACTION_ITEMS_CHANGED_NOTIFICATION, () => void actionItems.refresh());
    client.onNotification(INDEX_STATUS_NOTIFICATION, (status) => {
      statusBar.setIndexStatus(status);
      dashboard.indexChanged();
    });
    await client.start();
    void actionItems.refresh();
  };
  await start();
  activateBuiltinMarkdown(host).then(undefined, (error: unknown) => output.warn(`VS Code's Markdown support did not start: ${String(error)}`));

  const preview = new MetricsPreview(context, activeMetrics);
  const workspaceLint = new WorkspaceLint();
  const renderData = new PreviewRenderData(() => client);
  /**
   * Restarts run one after another: a settings change often comes as several events, and a
   * second restart stopping a client still starting made its pending notifications fail.
   */
  let restarting: Promise<void> = Promise.resolve();
  const restart = () => {
    restarting = restarting
      .catch(() => undefined)
      .then(async () => {
        // The settings change that restarts the server also has the running client send it the new
        // settings: a turn of the event loop lets that finish, rather than fail on a stopping client.
        await new Promise((resolve) => setTimeout(resolve, 0));
        await deactivate();
        await start();
        output.appendLine('RCA language server restarted.');
      });
    return restarting;
  };
  context.subscriptions.push(
    activeMetrics,
    preview,
    statusBar,
    workspaceLint,
    dashboard,
    renderData,
    new TimelineView(activeMetrics),
    vscode.commands.registerCommand('rca.newRca', () => newRca(() => client, host.userName)),
    vscode.commands.registerCommand('rca.showMetricsPreview', () => preview.show()),
    vscode.commands.registerCommand('rca.openDashboard', () => dashboard.show()),
    vscode.commands.registerCommand('rca.restartServer', restart),
    vscode.commands.registerCommand('rca.addTimelineRow', () => runEditRequest(() => client, ADD_TIMELINE_ROW_REQUEST)),
    vscode.commands.registerCommand('rca.markActionItemDone', () => runEditRequest(() => client, TOGGLE_ACTION_ITEM_REQUEST)),
    vscode.commands.registerCommand('rca.importTimeline', () => importTimeline(() => client)),
    vscode.commands.registerCommand('rca.lintWorkspace', () => client && workspaceLint.run(client, output)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (RESTART_SETTINGS.some((section) => event.affectsConfiguration(section))) void restart();
    }),
  );
  return { extendMarkdownIt: (md) => renderData.extendMarkdownIt(md) };
}

export async function deactivate(): Promise<void> {
  const previous = client;
  client = undefined;
  await previous?.stop();
}

function createClient(context: vscode.ExtensionContext, host: ExtensionHost, output: vscode.LogOutputChannel): BaseLanguageClient {
  const folders = vscode.workspace.workspaceFolders ?? [];
  // Markdown files on the workspace folders' file systems: the disk's, or a virtual workspace's (github.dev's).
  const schemes = [...new Set(['file', ...folders.map((folder) => folder.uri.scheme)])];
  // The catalog file of each folder gets its own diagnostics.
  const catalog = vscode.workspace.getConfiguration('rca').get<string>('catalog', '.rca/catalog.yaml');
  const catalogFiles = folders.map((folder) => ({ scheme: folder.uri.scheme, pattern: { baseUri: folder.uri.toString(), pattern: catalog } }));
  const clientOptions: LanguageClientOptions = {
    documentSelector: [...schemes.map((scheme) => ({ language: 'markdown', scheme })), ...catalogFiles],
    outputChannel: output,
    // The server asks for `rca.*` (and `markdown.*`) through workspace/configuration;
    // watching the sections makes the client tell it when they change.
    synchronize: { configurationSection: ['rca', 'markdown'] },
    initializationOptions: {
      // The server then sends the rca/* notifications this client handles below.
      extensionClient: true,
      // VS Code's own Markdown support validates, completes and moves ordinary links as
      // its settings say, and outlines the headings: the server leaves those parts to it.
      builtinMarkdown: hasBuiltinMarkdown(host),
      // A server that can write files keeps its index between sessions here (undefined without a folder open).
      storageUri: context.storageUri?.toString(),
    } satisfies InitializationOptions,
  };
  const created = host.createLanguageClient('rca', 'RCA Language Server', clientOptions);
  created.onNotification(OPEN_SETTINGS_NOTIFICATION, ({ setting }) => void vscode.commands.executeCommand('workbench.action.openSettings', setting));
  // A server that cannot reach the files itself (the web worker) reads them through the editor.
  const files = new FileServer(EDITOR_FILES);
  created.onRequest(FIND_MARKDOWN_FILES_REQUEST, (params) => files.findMarkdownFiles(params));
  created.onRequest(READ_FILES_REQUEST, (params) => files.readFiles(params));
  return created;
}
