// The language server: maps LSP to the RCA service. It owns no analysis logic
// and no transport: a host (nodeMain.ts for stdio and IPC) makes the connection
// and the workspace and calls startServer.
import {
  CodeActionKind,
  CodeLensRefreshRequest,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  FileChangeType,
  LSPErrorCodes,
  MessageType,
  ResponseError,
  ShowMessageNotification,
  TextDocuments,
  TextDocumentSyncKind,
  type CancellationToken,
  type Connection,
  type InitializeParams,
  type Position,
  type InitializeResult,
  type ResultProgressReporter,
  type TextDocumentPositionParams,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { RcaDocument } from './core/model';
import { RcaService } from './core/service';
import { MILESTONE_LABELS } from './core/timeline';
import { RULE_SETS } from './rules';
import { builtinMarkdown, resolveSettings, type RcaSettings } from './core/settings';
import { timeSlicer, type FileChange, type Workspace } from './core/workspace';
import { EditCoalescer } from './coalesce';
import { isInside, normalizeUri } from './core/uri';
import { toLspDiagnostic } from './lspConvert';
import { definition } from './features/definition';
import { documentLinks } from './features/documentLinks';
import { linkCompletion } from './features/linkCompletion';
import { linkHover } from './features/linkHover';
import { linkQuickFixes } from './features/linkQuickFixes';
import type { EditSupport } from './features/linkTools';
import { references } from './features/references';
import { prepareRename, rename, willRenameFiles } from './features/rename';
import { documentSymbols, workspaceSymbols } from './features/symbols';
import { formatTables } from './features/tableFormat';
import { rcaMetrics, toProblem } from './features/metrics';
import { renderData } from './features/renderData';
import { RequestsInProgress } from './requestsInProgress';
import { ReportBuilder } from './features/report';
import { isExportFormat, reportExportPieces } from '../../shared/reportExport';
import { todayIso } from '../../shared/calendarDay';
import { newRcaChoices, newRcaFile } from './features/newRca';
import { toggleActionItem } from './features/actionItemDone';
import { addTimelineRow, localInstant } from './features/timelineRow';
import { DASHBOARD_EXPORT_PIECE, DASHBOARD_EXPORT_REQUEST, DASHBOARD_REQUEST, INDEX_STATUS_NOTIFICATION, LINT_WORKSPACE_REQUEST, OPEN_SETTINGS_NOTIFICATION, METRICS_REQUEST, NEW_RCA_CHOICES_REQUEST, NEW_RCA_REQUEST, RENDER_DATA_REQUEST, type DashboardExportParams, type DashboardExportResult, type DashboardParams, type ReportFilter, type InitializationOptions, type LintWorkspaceResult, type Report, type MetricsParams, type MetricsResult, type NewRcaChoices, type NewRcaChoicesParams, type NewRcaParams, type NewRcaResult, type RenderData, type RenderDataParams } from '../../shared/protocol';
import { ACTION_ITEM_ROWS_REQUEST, ACTION_ITEMS_CHANGED_NOTIFICATION, ACTION_ITEMS_REQUEST, ADD_TIMELINE_ROW_REQUEST, EDIT_ACTION_ITEM_REQUEST, NEW_TRACKER_ISSUE_REQUEST, TOGGLE_ACTION_ITEM_REQUEST, type ActionItemRowsParams, type ActionItemRowsResult, type ActionItemsParams, type ActionItemsResult, type AddTimelineRowParams, type DocumentEditResult, type EditActionItemParams, type NewTrackerIssueParams, type NewTrackerIssueResult } from '../../shared/protocol';
import { actionItemGroupRows, actionItemGroups, newTrackerIssue, type ActionItemsQuery } from './features/actionItemsView';
import { setActionItemDue, setActionItemLink } from './features/actionItemEdit';
import { IMPORT_TIMELINE_REQUEST, type ImportTimelineParams, type ImportTimelineResult } from '../../shared/protocol';
import { parseSource, SourceError } from './core/timelineSources';
import { importTimeline } from './features/timelineImport';
import { actionItemCodeActions, authoringCodeActions, authoringCodeLenses, authoringCompletionItems, authoringHover, authoringInlayHints, FIX_ALL_KIND } from './lspAuthoring';

/** A workspace the server also feeds the editor's file events to. */
export interface HostWorkspace extends Workspace {
  fireChanges(changes: readonly FileChange[]): void;
  /** The editor added or removed folders. */
  setRoots(roots: readonly string[]): void;
}

/** What the server needs from the process it runs in. */
export interface ServerHost {
  /**
   * The workspace over these folder URIs (no trailing slash); `log` goes to the client's log.
   * `storageUri`: the folder the client keeps for this workspace's state (VS Code's `context.storageUri`), if it gave one.
   */
  createWorkspace(roots: readonly string[], log: (message: string) => void, storageUri?: string): HostWorkspace;
  /** The analysis service over that workspace; by default an RcaService. */
  createService?(workspace: Workspace, settings: RcaSettings): RcaService;
}

/** The action of the message saying that rca.maxFiles left files out of the index. */
const OPEN_SETTINGS = 'Open Settings';

/** The longest a large document's analysis waits for a burst of keystrokes to pause. */
const MAX_EDIT_SETTLE_MS = 150;

/** How many of a batch of file events the log names (a branch switch brings thousands). */
const FILE_EVENTS_LOGGED = 3;
const FILE_CHANGE_KIND = { [FileChangeType.Created]: 'created', [FileChangeType.Changed]: 'changed', [FileChangeType.Deleted]: 'deleted' } as const;

/** A folder's URI as the workspace keeps it: normalized, without a trailing slash. */
const folderUri = (uri: string) => normalizeUri(uri).replace(/\/$/, '');

/** The file systems the workspace lives on: the disk's, and a virtual workspace's (github.dev's `vscode-vfs`). */
const fileSchemes = (roots: readonly string[]) => [...new Set(['file', ...roots.map((root) => root.slice(0, root.indexOf(':')))])];

const cancelled = () => new ResponseError<never>(LSPErrorCodes.RequestCancelled, 'cancelled');

/**
 * Request handlers that honour cancellation (a request cancelled before it runs, or while it
 * runs, answers RequestCancelled, never a partial result) and are counted in `requests` while
 * they run.
 */
function cancellableIn(requests: RequestsInProgress) {
  return <P, R, A extends unknown[]>(handler: (params: P, token: CancellationToken, ...rest: A) => R | Promise<R>): ((params: P, token: CancellationToken, ...rest: A) => Promise<R | ResponseError<never>>) => {
    return async (params, token, ...rest) => {
      if (token.isCancellationRequested) return cancelled();
      requests.begin();
      try {
        const result = await handler(params, token, ...rest);
        return token.isCancellationRequested ? cancelled() : result;
      } finally {
        requests.end();
      }
    };
  };
}

/** How many results go in the first partial result: enough to fill a references view at once. */
const FIRST_BATCH = 100;
/** How many go in each later one. */
const BATCH = 2000;

/**
 * A long answer as partial results ($/progress with the request's partialResultToken):
 * the first batch at once, then the rest in larger batches, with a turn of the
 * event loop after each so that it leaves and other requests are served.
 */
async function reportInBatches<T>(items: Iterable<T>, partial: ResultProgressReporter<T[]>, pause: () => Promise<void>, token: CancellationToken): Promise<void> {
  let batch: T[] = [];
  let size = FIRST_BATCH;
  for (const item of items) {
    batch.push(item);
    if (batch.length < size) continue;
    partial.report(batch);
    batch = [];
    size = BATCH;
    await pause();
    if (token.isCancellationRequested) return;
  }
  if (batch.length > 0) partial.report(batch);
}

/** Serves one client on `connection` until it exits. Every piece of state lives in this call. */
export function startServer(connection: Connection, host: ServerHost): void {
  const documents = new TextDocuments(TextDocument);
  /** The Action Items view is told its rows changed once they settle (cleared on shutdown). */
  let actionItemsTimer: ReturnType<typeof setTimeout> | undefined;
  let indexStatusTimer: ReturnType<typeof setTimeout> | undefined;
  /**
   * Documents whose diagnostics went stale, refreshed together when the current
   * task ends: a branch switch makes them stale once per file it touches.
   */
  const staleDiagnostics = new Set<string>();
  let staleDiagnosticsTimer: ReturnType<typeof setTimeout> | undefined;
  let service: RcaService;
  let workspace: HostWorkspace;
  let pullDiagnostics = false;
  let canRefreshDiagnostics = false;
  let hasConfiguration = false;
  let hasWorkspaceFolders = false;
  let canWatchFiles = false;
  let hasProgress = false;
  let canRefreshCodeLens = false;
  let canRefreshInlayHints = false;
  let initialSettings: unknown;
  /** The client is VS Code with its built-in Markdown support (see InitializationOptions). */
  let hasBuiltinMarkdown = false;
  let definitionLinks = false;
  /** The VS Code extension: it handles the rca/* notifications (protocol.ts). */
  let extensionClient = false;
  /** Whether the user was told that rca.maxFiles left files out of the index: once a session. */
  let toldLimited = false;
  let editSupport: EditSupport = { documentChanges: false, resourceOperations: [] };
  /** The requests being answered: storing the index waits for none between its slices. */
  const requests = new RequestsInProgress();
  const cancellable = cancellableIn(requests);

  const log = (message: string) => connection.console.log(message);

  const reportedSettings = new Set<string>();
  /** The client's `rca` settings; each unusable value is shown once (a warning and the log) and its default used. */
  const settingsFrom = (raw: unknown) =>
    resolveSettings(raw, (problem) => {
      if (reportedSettings.has(problem)) return;
      reportedSettings.add(problem);
      log(problem);
      void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `RCA: ${problem}` });
    });

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const roots = params.workspaceFolders?.map((f) => folderUri(f.uri)) ?? (params.rootUri ? [folderUri(params.rootUri)] : []);
    const caps = params.capabilities;
    pullDiagnostics = caps.textDocument?.diagnostic !== undefined;
    canRefreshDiagnostics = caps.workspace?.diagnostics?.refreshSupport === true;
    hasConfiguration = caps.workspace?.configuration === true;
    hasWorkspaceFolders = caps.workspace?.workspaceFolders === true;
    canWatchFiles = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    hasProgress = caps.window?.workDoneProgress === true;
    canRefreshCodeLens = caps.workspace?.codeLens?.refreshSupport === true;
    canRefreshInlayHints = caps.workspace?.inlayHint?.refreshSupport === true;
    const options = params.initializationOptions as InitializationOptions | undefined;
    initialSettings = options?.settings;
    extensionClient = options?.extensionClient === true;
    hasBuiltinMarkdown = options?.builtinMarkdown === true;
    definitionLinks = caps.textDocument?.definition?.linkSupport === true;
    editSupport = { documentChanges: caps.workspace?.workspaceEdit?.documentChanges === true, resourceOperations: caps.workspace?.workspaceEdit?.resourceOperations ?? [] };
    workspace = host.createWorkspace(roots, log, typeof options?.storageUri === 'string' ? options.storageUri : undefined);
    const settings = settingsFrom(initialSettings);
    service = host.createService?.(workspace, settings) ?? new RcaService(workspace, RULE_SETS, settings, undefined, { engine: RCA_ENGINE, idle: () => requests.none() });
    service.onDidInvalidate((uris) => refreshDiagnostics(uris));
    service.index.onDidChangeActionItems(() => extensionClient && actionItemsChanged());
    // Files changed outside the editor (a pull, a branch switch): the client hears of the new index once they settle.
    service.onDidIndexSavedFiles(() => {
      clearTimeout(indexStatusTimer);
      indexStatusTimer = setTimeout(tellIndexStatus, VIEWS_SETTLE_MS);
    });
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        diagnosticProvider: pullDiagnostics ? { interFileDependencies: true, workspaceDiagnostics: false } : undefined,
        workspace: {
          workspaceFolders: { supported: true, changeNotifications: true },
          fileOperations: { willRename: { filters: fileSchemes(roots).flatMap((scheme) => [{ scheme, pattern: { glob: '**/*.{md,markdown}', matches: 'file' as const } }, { scheme, pattern: { glob: '**/*', matches: 'folder' as const } }]) } },
        },
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentLinkProvider: { resolveProvider: false },
        // Links complete after `[`, `#`, `|` (ordinary links' paths after `(` and `/`); front matter values after `:` and list separators.
        completionProvider: { triggerCharacters: ['[', '#', '|', ':', ' ', ',', '(', '/'] },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, FIX_ALL_KIND] },
        codeLensProvider: { resolveProvider: false },
        inlayHintProvider: true,
        hoverProvider: true,
        // VS Code's built-in Markdown outline lists the headings, and VS Code shows one tree per
        // provider: a second one would repeat every heading. Its client lists the timeline events itself.
        documentSymbolProvider: !hasBuiltinMarkdown,
        workspaceSymbolProvider: true,
        documentFormattingProvider: true,
        documentRangeFormattingProvider: true,
      },
      serverInfo: { name: 'rca-language-server' },
    };
  });

  /**
   * The initial indexing, then each change of folders, one after another: a change
   * arriving while the workspace is indexed waits, so that links are never checked
   * against a half-built index and each change starts from the folders the last left.
   */
  let folderWork: Promise<void> = Promise.resolve();
  const queueFolderWork = (work: () => Promise<void>) => {
    folderWork = folderWork.then(work).catch((error: unknown) => log(`Indexing failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`));
  };

  /**
   * Resolves once the indexing queued so far is done, or the request is cancelled: answers about
   * the whole workspace (the dashboard, linting it) wait for it, as a report from part of the index would be wrong.
   */
  const workspaceIndexed = (token: CancellationToken) =>
    new Promise<void>((resolve) => {
      const cancelled = token.onCancellationRequested(() => resolve());
      void folderWork.then(() => {
        cancelled.dispose();
        resolve();
      });
    });

  connection.onInitialized(() => {
    if (hasConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: hasBuiltinMarkdown ? ['rca', 'markdown'] : 'rca' });
    if (hasWorkspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((event) => queueFolderWork(() => changeFolders(event.added.map((f) => folderUri(f.uri)), event.removed.map((f) => folderUri(f.uri)))));
    }
    queueFolderWork(indexWorkspace);
  });

  async function indexWorkspace(): Promise<void> {
    await loadSettings();
    if (canWatchFiles) {
      // Each folder's catalog, wherever its settings put it.
      const catalogs = new Set([service.settings, ...workspace.roots.map((root) => service.settingsFor(root))].map((s) => `**/${s.catalog}`));
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: ['**/*.{md,markdown}', ...catalogs].map((globPattern) => ({ globPattern })) });
    }
    const progress = hasProgress ? await connection.window.createWorkDoneProgress() : undefined;
    progress?.begin('Indexing RCAs', 0, undefined, false);
    const started = Date.now();
    // Every 200 files, or every percent of a larger workspace: each report is a message the editor handles.
    await service.indexWorkspace(undefined, (done, total) => {
      if (done % Math.max(200, Math.ceil(total / 100)) === 0 || done === total) progress?.report(Math.round((done / total) * 100), `${done}/${total} files`);
    });
    log(`Indexed ${service.index.size} Markdown files in ${Date.now() - started} ms`);
    progress?.done();
    tellIndexStatus();
    // An index taken from the stored one is complete: the files are looked at now, in time
    // slices, and what changed since is indexed again (folder changes wait for it); the
    // count of files and any limit are told again.
    if (await service.reconcileStoredIndex(verification.token)) tellIndexStatus();
    // In the background: first what hovers, searches and views look up; then the files indexed
    // from the stored index are read once, in case one changed unseen.
    void service.prepareLookups(verification.token).then(() => service.verifyStoredFiles(verification.token));
  }
  const verification = { token: { isCancellationRequested: false } };

  /** Files left out of the index are said in the editor, not only in the log: once a session as a message, always in the status bar's tooltip. */
  function tellIndexStatus(): void {
    const limited = service.indexLimited;
    if (extensionClient) void connection.sendNotification(INDEX_STATUS_NOTIFICATION, { indexed: service.index.size, limited });
    if (limited === undefined || toldLimited) return;
    toldLimited = true;
    const message = `RCA: ${limited}. Raise rca.maxFiles to index them all.`;
    // Other editors cannot open a setting for the user: they are told which one.
    if (!extensionClient) return void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message });
    connection.window.showWarningMessage(message, { title: OPEN_SETTINGS }).then(
      (choice) => choice?.title === OPEN_SETTINGS && void connection.sendNotification(OPEN_SETTINGS_NOTIFICATION, { setting: 'rca.maxFiles' }),
      (error: unknown) => log(`The message on rca.maxFiles was not shown: ${String(error)}`),
    );
  }

  async function changeFolders(added: string[], removed: string[]): Promise<void> {
    workspace.setRoots([...workspace.roots.filter((root) => !removed.includes(root)), ...added.filter((root) => !workspace.roots.includes(root))]);
    if (hasConfiguration) await loadSettings();
    const started = Date.now();
    await service.changeFolders(added, removed);
    log(`Workspace folders changed (${added.length} added, ${removed.length} removed): ${service.index.size} Markdown files indexed in ${Date.now() - started} ms`);
  }

  /**
   * The workspace's `rca` settings and each folder's (scopeUri), as vscode-eslint reads
   * them; in VS Code, with what its built-in Markdown support does by its `markdown` settings.
   */
  async function loadSettings(): Promise<void> {
    if (!hasConfiguration) return service.setSettings(settingsFrom(initialSettings));
    const roots = workspace.roots;
    const sections = hasBuiltinMarkdown ? ['rca', 'markdown'] : ['rca'];
    const scopes = [undefined, ...roots];
    const answers = (await connection.workspace.getConfiguration(scopes.flatMap((scopeUri) => sections.map((section) => ({ scopeUri, section }))))) as unknown[];
    const settingsAt = (i: number) => {
      const rca = settingsFrom(answers[i * sections.length] ?? answers[0] ?? initialSettings);
      return hasBuiltinMarkdown ? { ...rca, editorMarkdown: builtinMarkdown(answers[i * sections.length + 1] ?? answers[1]) } : rca;
    };
    await service.setSettings(settingsAt(0), new Map(roots.map((root, i) => [root, settingsAt(i + 1)])));
  }

  connection.onDidChangeConfiguration(async (change) => {
    const pushed = (change.settings as { rca?: unknown } | undefined)?.rca;
    if (hasConfiguration) await loadSettings();
    else if (pushed !== undefined) await service.setSettings(settingsFrom(pushed));
    refreshDiagnostics(new Set(service.openUris()));
    // The lens and hint switches, and the numbers behind them, may have changed.
    if (canRefreshCodeLens) void connection.sendRequest(CodeLensRefreshRequest.type);
    if (canRefreshInlayHints) void connection.languages.inlayHint.refresh();
  });

  connection.onDidChangeWatchedFiles((params) => {
    const changes: FileChange[] = params.changes.map((c) => ({ uri: c.uri, kind: FILE_CHANGE_KIND[c.type] ?? 'changed' }));
    // In the log: when a link or a count does not follow a change on disk, whether the server heard of it.
    const named = changes.slice(0, FILE_EVENTS_LOGGED).map((c) => `${c.kind} ${c.uri}`);
    log(`File events: ${named.join(', ')}${changes.length > named.length ? ` and ${changes.length - named.length} more` : ''}`);
    workspace.fireChanges(changes);
  });

  function parsed(document: TextDocument) {
    return service.openDocument(document.uri, document.version, document.getText());
  }

  function publish(document: TextDocument): void {
    if (pullDiagnostics) return;
    if (service.isCatalogUri(document.uri)) return void publishCatalog(document);
    const doc = parsed(document);
    void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics: service.diagnose(doc).map(toLspDiagnostic) });
  }

  async function publishCatalog(document: TextDocument): Promise<void> {
    const diagnostics = await service.diagnoseCatalog(document.uri, document.getText());
    void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics: diagnostics.map(toLspDiagnostic) });
  }

  /** Once a document's edits pause: parse it (the index follows) and, with push diagnostics, publish. */
  function settle(uri: string): void {
    const document = documents.get(uri);
    if (!document) return;
    if (!pullDiagnostics) return publish(document);
    // Analysed now, as with push: the pull that follows reads the cached analysis,
    // and the coalescer learns what this document's analysis costs.
    const doc = openDoc(uri);
    if (doc) service.diagnose(doc);
  }
  const edits = new EditCoalescer(settle, () => workspace.yield(), MAX_EDIT_SETTLE_MS);

  function refreshDiagnostics(uris: ReadonlySet<string>): void {
    for (const uri of uris) staleDiagnostics.add(uri);
    staleDiagnosticsTimer ??= setTimeout(refreshStaleDiagnostics, 0);
  }

  /** Publishes the open stale documents' diagnostics again, or asks a pulling editor to pull them (once, and only if one is open). */
  function refreshStaleDiagnostics(): void {
    staleDiagnosticsTimer = undefined;
    const stale = documents.all().filter((document) => staleDiagnostics.has(normalizeUri(document.uri)));
    staleDiagnostics.clear();
    if (!pullDiagnostics) stale.forEach(publish);
    else if (stale.length > 0 && canRefreshDiagnostics) void connection.languages.diagnostics.refresh();
  }

  // A document just opened is analysed at once; edits are coalesced. The catalog file (YAML)
  // has its own diagnostics, and RCAs are checked against it as it is typed.
  documents.onDidChangeContent(async (event) => {
    const uri = event.document.uri;
    if (service.isCatalogUri(uri)) {
      await service.openCatalog(uri, event.document.version, event.document.getText());
      settle(uri);
    } else if (service.getOpenDocument(uri)) edits.changed(uri);
    else edits.settleNow(uri);
  });

  documents.onDidClose(async (event) => {
    edits.forget(event.document.uri);
    await service.closeCatalog(event.document.uri);
    await service.closeDocument(event.document.uri);
    if (!pullDiagnostics) void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
  });

  connection.onShutdown(async () => {
    edits.dispose();
    clearTimeout(actionItemsTimer);
    clearTimeout(indexStatusTimer);
    clearTimeout(staleDiagnosticsTimer);
    verification.token.isCancellationRequested = true;
    requests.close();
    await service?.saveIndex();
  });

  // Answered for the document's latest version, once its edits pause.
  connection.languages.diagnostics.on(
    cancellable(async (params, token) => {
      await edits.settled(params.textDocument.uri);
      const document = documents.get(params.textDocument.uri);
      if (!document || token.isCancellationRequested) return { kind: 'full' as const, items: [] };
      const items = service.isCatalogUri(document.uri) ? await service.diagnoseCatalog(document.uri, document.getText()) : service.diagnose(parsed(document));
      return { kind: 'full' as const, items: items.map(toLspDiagnostic) };
    }),
  );

  // Navigation: each request maps to one pure feature function.
  const openDoc = (uri: string) => {
    const document = documents.get(uri);
    return document && !service.isCatalogUri(uri) ? parsed(document) : undefined;
  };
  /** A client's position, clamped into the document as LSP reads positions past a line's end. */
  const at = (doc: RcaDocument, position: Position) => doc.lines.clamp(position);
  /** File renames this server's own rename edits carry: the editor's willRenameFiles for them must not rewrite links twice. */
  const renamesInFlight = new Map<string, string>();

  connection.onDefinition(
    cancellable((params) => {
      const doc = openDoc(params.textDocument.uri);
      const found = doc ? definition(doc, at(doc, params.position), service) : [];
      return definitionLinks ? found : found.map((l) => ({ uri: l.targetUri, range: l.targetSelectionRange }));
    }),
  );
  connection.onDocumentLinks(
    cancellable((params, token) => {
      const doc = openDoc(params.textDocument.uri);
      return doc ? documentLinks(doc, service, token) : [];
    }),
  );
  // With a partialResultToken, the locations go as partial results and the answer itself is empty, as LSP asks.
  connection.onReferences(
    cancellable(async (params, token, _workDone, partial) => {
      const doc = openDoc(params.textDocument.uri);
      const found = doc ? references(doc, at(doc, params.position), service, params.context.includeDeclaration, token) : [];
      if (!partial) return [...found];
      await reportInBatches(found, partial, () => workspace.yield(), token);
      return [];
    }),
  );
  connection.onPrepareRename(
    cancellable((params) => {
      const doc = openDoc(params.textDocument.uri);
      if (!doc) return null;
      const result = prepareRename(doc, at(doc, params.position), service);
      return 'error' in result ? new ResponseError(ErrorCodes.InvalidRequest, result.error) : result;
    }),
  );
  connection.onRenameRequest(
    cancellable((params, token) => {
      const doc = openDoc(params.textDocument.uri);
      if (!doc) return null;
      const result = rename(doc, at(doc, params.position), params.newName, service, editSupport, token);
      if ('error' in result) return new ResponseError(ErrorCodes.InvalidRequest, result.error);
      for (const change of result.documentChanges ?? []) if ('kind' in change && change.kind === 'rename') renamesInFlight.set(change.oldUri, change.newUri);
      return result;
    }),
  );
  connection.workspace.onWillRenameFiles(
    cancellable((params, token) => {
      const files = params.files.filter((f) => renamesInFlight.get(normalizeUri(f.oldUri)) !== normalizeUri(f.newUri));
      for (const f of params.files) renamesInFlight.delete(normalizeUri(f.oldUri));
      return willRenameFiles(files, service, editSupport, token);
    }),
  );
  // Completion, hover and code actions: link features first, then the authoring features.
  connection.onCompletion(
    cancellable((params, token) => {
      const doc = openDoc(params.textDocument.uri);
      if (!doc) return null;
      const position = at(doc, params.position);
      const links = linkCompletion(doc, position, service, token);
      // `(` and `/` ask only for an ordinary link's path.
      if (links || params.context?.triggerCharacter === '(' || params.context?.triggerCharacter === '/') return links;
      return { isIncomplete: false, items: authoringCompletionItems(service, doc, position) };
    }),
  );
  connection.onCodeAction(
    cancellable(async (params, token) => {
      const doc = openDoc(params.textDocument.uri);
      if (!doc) return [];
      const only = params.context.only;
      const links = !only || only.includes(CodeActionKind.QuickFix) ? linkQuickFixes(doc, params.range, params.context.diagnostics, service, editSupport, token) : [];
      return [...links, ...(await authoringCodeActions(service, doc, params)), ...actionItemCodeActions(service, doc, params)];
    }),
  );
  connection.onHover(
    cancellable(async (params) => {
      const doc = openDoc(params.textDocument.uri);
      if (!doc) return null;
      const position = at(doc, params.position);
      return (await linkHover(doc, position, service)) ?? authoringHover(service, doc, position) ?? null;
    }),
  );
  connection.onCodeLens(
    cancellable((params) => {
      const doc = openDoc(params.textDocument.uri);
      return doc ? authoringCodeLenses(service, doc) : [];
    }),
  );
  connection.languages.inlayHint.on(
    cancellable((params) => {
      const doc = openDoc(params.textDocument.uri);
      return doc ? authoringInlayHints(service, doc, params.range) : [];
    }),
  );
  connection.onDocumentSymbol(
    cancellable((params) => {
      const doc = openDoc(params.textDocument.uri);
      return doc ? documentSymbols(doc) : [];
    }),
  );
  // Formatting aligns the Timeline and Action Items tables and leaves the rest as written.
  connection.onDocumentFormatting(
    cancellable((params) => {
      const doc = openDoc(params.textDocument.uri);
      return doc ? formatTables(doc) : [];
    }),
  );
  connection.onDocumentRangeFormatting(
    cancellable((params) => {
      const doc = openDoc(params.textDocument.uri);
      return doc ? formatTables(doc, params.range) : [];
    }),
  );
  connection.onWorkspaceSymbol(cancellable((params, token) => workspaceSymbols(params.query, service, token, { headings: !hasBuiltinMarkdown })));

  // Custom requests of the VS Code client (protocol.ts).
  connection.onRequest(
    METRICS_REQUEST,
    cancellable((params: MetricsParams): MetricsResult => {
      const doc = openDoc(params.uri);
      return doc && service.isRca(doc) ? rcaMetrics(doc, service.index, service.diagnose(doc), todayIso(), service.settingsFor(doc.uri)) : null;
    }),
  );
  connection.onRequest(
    RENDER_DATA_REQUEST,
    cancellable((params: RenderDataParams): RenderData | null => {
      const doc = openDoc(params.uri);
      return doc ? renderData(doc, service.index, service.isRca(doc)) : null;
    }),
  );
  connection.onRequest(
    LINT_WORKSPACE_REQUEST,
    cancellable(async (_params: object, token): Promise<LintWorkspaceResult> => {
      await workspaceIndexed(token);
      const results = await service.diagnoseIndexed(token);
      return { files: service.index.size, problems: [...results].map(([uri, diagnostics]) => ({ uri, diagnostics: diagnostics.map(toProblem) })) };
    }),
  );
  /** The request's folder in the workspace's spelling of folder URIs. */
  const inFolder = <P extends { folder?: string }>(params: P): P => ({ ...params, folder: params.folder === undefined ? undefined : folderUri(params.folder) });
  /** The dashboard's report over a folder's RCAs (every folder's without one), built a slice of entries at a time, so that other requests are served meanwhile. */
  const dashboardReport = async (params: { readonly filter?: ReportFilter; readonly folder?: string }, limit: number | undefined, token: CancellationToken): Promise<Report> => {
    await workspaceIndexed(token);
    const { folder } = inFolder(params);
    const settings = folder === undefined ? service.settings : service.settingsFor(folder);
    const report = new ReportBuilder(params.filter ?? {}, todayIso(), settings.actionItemSlo, settings.tracker, limit);
    const pause = timeSlicer(workspace);
    for (const entry of [...service.index.all()]) {
      if (token.isCancellationRequested) break;
      if (folder !== undefined && !isInside(entry.uri, folder)) continue;
      report.add(entry);
      await pause();
    }
    return report.finish();
  };
  connection.onRequest(DASHBOARD_REQUEST, cancellable((params: DashboardParams, token) => dashboardReport(params, params.limit, token)));
  // Each piece is made once the one before has gone to the transport (written to stdout, or handed to
  // Node's IPC channel, which writes it as the editor reads): the text is never all in memory at once.
  // Other requests are served between pieces: over IPC and in a web worker the send returns at once.
  connection.onRequest(
    DASHBOARD_EXPORT_REQUEST,
    cancellable(async (params: DashboardExportParams, token): Promise<DashboardExportResult | ResponseError<never>> => {
      if (!isExportFormat(params?.format)) return new ResponseError(ErrorCodes.InvalidParams, `rca/dashboardExport: the format is csv or json, not ${JSON.stringify(params?.format)}`);
      const progress = params.partialResultToken;
      if (typeof progress !== 'string' && typeof progress !== 'number') return new ResponseError(ErrorCodes.InvalidParams, 'rca/dashboardExport sends the text as partial results: give it a partialResultToken');
      const report = await dashboardReport(params, undefined, token);
      for (const piece of reportExportPieces(report, params.format)) {
        if (token.isCancellationRequested) break;
        await connection.sendProgress(DASHBOARD_EXPORT_PIECE, progress, piece);
        await workspace.yield();
      }
      return { incidents: report.incidents.length };
    }),
  );
  connection.onRequest(NEW_RCA_CHOICES_REQUEST, cancellable((params: NewRcaChoicesParams): NewRcaChoices => newRcaChoices(inFolder(params ?? {}), service)));
  connection.onRequest(NEW_RCA_REQUEST, cancellable((params: NewRcaParams): Promise<NewRcaResult> => newRcaFile(inFolder(params), service, todayIso())));

  // Authoring commands: the server computes the edit, the client applies it.
  /** The open RCA of a request with the position clamped into it, or why there is none. */
  const openRca = (uri: string, position: Position): { doc: RcaDocument; position: Position } | { error: string } => {
    const doc = openDoc(uri);
    if (!doc) return { error: 'The document is not open in the RCA language server.' };
    if (!service.isRca(doc)) return { error: 'This file is not an RCA: tag it `rca` in its front matter, or keep it under a folder `rca.files` matches.' };
    return { doc, position: at(doc, position) };
  };
  connection.onRequest(
    ADD_TIMELINE_ROW_REQUEST,
    cancellable((params: AddTimelineRowParams): DocumentEditResult => {
      const found = openRca(params.textDocument.uri, params.position);
      if ('error' in found) return found;
      const row = addTimelineRow(found.doc, found.position, params.now ?? localInstant());
      return 'error' in row ? row : { title: 'Add timeline row', version: found.doc.version, edits: [row.edit], cursor: row.cursor };
    }),
  );
  connection.onRequest(
    TOGGLE_ACTION_ITEM_REQUEST,
    cancellable((params: TextDocumentPositionParams): DocumentEditResult => {
      const found = openRca(params.textDocument.uri, params.position);
      if ('error' in found) return found;
      const toggle = toggleActionItem(found.doc, found.position, service.index.actionItemMarks());
      return 'error' in toggle ? toggle : { title: toggle.title, version: found.doc.version, edits: [toggle.edit] };
    }),
  );

  // The Action Items view: rows from the index, told when they change, and its row edits.
  /** Many files change at once (indexing, a branch switch): the view is told once they settle. */
  const actionItemsChanged = () => {
    clearTimeout(actionItemsTimer);
    actionItemsTimer = setTimeout(() => void connection.sendNotification(ACTION_ITEMS_CHANGED_NOTIFICATION, {}), VIEWS_SETTLE_MS);
  };
  const actionItemsQuery = (params: ActionItemsParams | undefined, token: CancellationToken): ActionItemsQuery => ({
    today: todayIso(),
    repository: params?.repository,
    grouping: params?.grouping === 'owner' || params?.grouping === 'rca' ? params.grouping : 'status',
    settingsFor: (uri) => service.settingsFor(uri),
    pause: timeSlicer(workspace),
    token,
  });
  connection.onRequest(
    ACTION_ITEMS_REQUEST,
    // A copy of the entries: the index may change while the pass pauses.
    cancellable((params: ActionItemsParams, token): Promise<ActionItemsResult> => actionItemGroups([...service.index.all()], actionItemsQuery(params, token))),
  );
  connection.onRequest(
    ACTION_ITEM_ROWS_REQUEST,
    cancellable(async (params: ActionItemRowsParams, token): Promise<ActionItemRowsResult> => {
      const query = actionItemsQuery(params, token);
      const key = String(params?.key);
      // An RCA's group is that RCA's rows: no need to go through the others.
      const entries = query.grouping === 'rca' ? [service.index.get(key)].filter((entry) => entry !== undefined) : [...service.index.all()];
      return { today: query.today, ...(await actionItemGroupRows(entries, query, key)) };
    }),
  );
  connection.onRequest(
    NEW_TRACKER_ISSUE_REQUEST,
    cancellable((params: NewTrackerIssueParams): NewTrackerIssueResult => newTrackerIssue(service.index.get(normalizeUri(params.uri)), params, service.settingsFor(params.uri))),
  );
  connection.onRequest(
    EDIT_ACTION_ITEM_REQUEST,
    cancellable((params: EditActionItemParams): DocumentEditResult => {
      const found = openRca(params.textDocument.uri, params.position);
      if ('error' in found) return found;
      const change = params.due !== undefined ? setActionItemDue(found.doc, found.position, params.due) : setActionItemLink(found.doc, found.position, params.link ?? '');
      return 'error' in change ? change : { title: change.title, version: found.doc.version, edits: [change.edit] };
    }),
  );

  connection.onRequest(
    IMPORT_TIMELINE_REQUEST,
    cancellable((params: ImportTimelineParams): ImportTimelineResult => {
      const found = openRca(params.textDocument.uri, { line: 0, character: 0 });
      if ('error' in found) return found;
      let events;
      try {
        events = parseSource(params.source.name, params.source.files, params.format);
      } catch (error) {
        if (error instanceof SourceError) return { error: error.message };
        throw error;
      }
      const result = importTimeline(found.doc, events, service.settingsFor(found.doc.uri), { localOffset: params.localOffset });
      if ('error' in result) return result;
      const rows = result.rows.map(({ time, event, milestone }) => ({ time, event, ...(milestone ? { milestone: MILESTONE_LABELS[milestone] } : {}) }));
      return { title: 'Import timeline', version: found.doc.version, edits: result.edit ? [result.edit] : [], rows, duplicates: result.duplicates, zone: result.zone };
    }),
  );

  documents.listen(connection);
  connection.listen();
}

/** How long the index must stay unchanged before the client's views (Action Items, the dashboard) are told. */
const VIEWS_SETTLE_MS = 200;
