// The language server: maps LSP to the RCA service. It owns no analysis logic.
import {
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  LSPErrorCodes,
  ProposedFeatures,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { RcaService } from './core/service';
import { resolveSettings } from './core/settings';
import type { FileChange } from './core/workspace';
import { toLspDiagnostic } from './lspConvert';
import { NodeWorkspace } from './nodeWorkspace';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
let service: RcaService;
let workspace: NodeWorkspace;
let pullDiagnostics = false;
let canRefreshDiagnostics = false;
let hasConfiguration = false;
let canWatchFiles = false;
let hasProgress = false;
let initialSettings: unknown;

const log = (message: string) => connection.console.log(message);

connection.onInitialize((params: InitializeParams): InitializeResult => {
  const roots = params.workspaceFolders?.map((f) => f.uri.replace(/\/$/, '')) ?? (params.rootUri ? [params.rootUri.replace(/\/$/, '')] : []);
  const caps = params.capabilities;
  pullDiagnostics = caps.textDocument?.diagnostic !== undefined;
  canRefreshDiagnostics = caps.workspace?.diagnostics?.refreshSupport === true;
  hasConfiguration = caps.workspace?.configuration === true;
  canWatchFiles = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  hasProgress = caps.window?.workDoneProgress === true;
  initialSettings = (params.initializationOptions as { settings?: unknown } | undefined)?.settings;
  workspace = new NodeWorkspace(roots, log);
  service = new RcaService(workspace, resolveSettings(initialSettings));
  service.onDidInvalidate((uris) => refreshDiagnostics(uris));
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      diagnosticProvider: pullDiagnostics ? { interFileDependencies: true, workspaceDiagnostics: false } : undefined,
      workspace: { workspaceFolders: { supported: false } },
    },
    serverInfo: { name: 'rca-language-server' },
  };
});

connection.onInitialized(async () => {
  if (hasConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'rca' });
  await loadSettings();
  if (canWatchFiles) {
    void connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: [{ globPattern: '**/*.{md,markdown}' }, { globPattern: `**/${service.settings.catalog}` }],
    });
  }
  const progress = hasProgress ? await connection.window.createWorkDoneProgress() : undefined;
  progress?.begin('Indexing RCAs', 0, undefined, false);
  const started = Date.now();
  await service.indexWorkspace(undefined, (done, total) => {
    if (done % 200 === 0 || done === total) progress?.report(Math.round((done / total) * 100), `${done}/${total} files`);
  });
  log(`Indexed ${service.index.size} Markdown files in ${Date.now() - started} ms`);
  progress?.done();
});

async function loadSettings(): Promise<void> {
  const fromClient = hasConfiguration ? await connection.workspace.getConfiguration('rca') : undefined;
  await service.setSettings(resolveSettings(fromClient ?? initialSettings));
}

connection.onDidChangeConfiguration(async (change) => {
  const pushed = (change.settings as { rca?: unknown } | undefined)?.rca;
  if (hasConfiguration) await loadSettings();
  else if (pushed !== undefined) await service.setSettings(resolveSettings(pushed));
  refreshDiagnostics(new Set(service.openUris()));
});

const FILE_CHANGE_KIND = { [FileChangeType.Created]: 'created', [FileChangeType.Changed]: 'changed', [FileChangeType.Deleted]: 'deleted' } as const;

connection.onDidChangeWatchedFiles((params) => {
  const changes: FileChange[] = params.changes.map((c) => ({ uri: c.uri, kind: FILE_CHANGE_KIND[c.type] ?? 'changed' }));
  workspace.fireChanges(changes);
});

function parsed(document: TextDocument) {
  return service.openDocument(document.uri, document.version, document.getText());
}

function publish(document: TextDocument): void {
  if (pullDiagnostics) return;
  const doc = parsed(document);
  void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics: service.diagnose(doc).map(toLspDiagnostic) });
}

function refreshDiagnostics(uris: ReadonlySet<string>): void {
  if (pullDiagnostics) {
    if (canRefreshDiagnostics) void connection.languages.diagnostics.refresh();
    return;
  }
  for (const uri of uris) {
    const document = documents.get(uri);
    if (document) publish(document);
  }
}

documents.onDidChangeContent((event) => {
  if (pullDiagnostics) parsed(event.document);
  else publish(event.document);
});

documents.onDidClose(async (event) => {
  await service.closeDocument(event.document.uri);
  if (!pullDiagnostics) void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
});

connection.languages.diagnostics.on((params, token) => {
  if (token.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
  const document = documents.get(params.textDocument.uri);
  if (!document) return { kind: 'full', items: [] };
  return { kind: 'full', items: service.diagnose(parsed(document)).map(toLspDiagnostic) };
});

documents.listen(connection);
connection.listen();
