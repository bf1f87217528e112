// LSP client sessions: over stdio with the built server (dist/server.js), where
// the wire and the process matter, and in-process with startServer, where they do not.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { runInContext } from 'node:vm';
import {
  AbstractMessageReader,
  AbstractMessageWriter,
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type DataCallback,
  type Disposable,
  type Message,
  type MessageConnection,
  type MessageReader,
  type MessageWriter,
} from 'vscode-jsonrpc/node';
import { createConnection, createProtocolConnection, ProposedFeatures, type Connection } from 'vscode-languageserver';
// The server's own stream transport: importing it also installs the Node runtime its jsonrpc needs.
import { StreamMessageReader as ServerReader, StreamMessageWriter as ServerWriter } from 'vscode-languageserver/node';
import type { Diagnostic, InitializeResult, PublishDiagnosticsParams, ServerCapabilities } from 'vscode-languageserver-protocol';
import type { FileServer } from '../client/src/fileServer';
import { FIND_MARKDOWN_FILES_REQUEST, READ_FILES_REQUEST, type FindMarkdownFilesParams, type ReadFilesParams } from '../shared/protocol';
import { NodeWorkspace } from '../server/src/nodeWorkspace';
import { startServer, type ServerHost } from '../server/src/server';
import { EXAMPLE, REPO, workerContext } from './support';

export const SERVER = join(REPO, 'dist', 'server.js');
/** The language server's web worker bundle. */
export const WEB_SERVER = join(REPO, 'dist', 'web', 'server.js');
// Long enough for a loaded 2-core machine to index a large workspace; it only catches a server that hangs.
const TIMEOUT_MS = 60_000;

export interface SessionOptions {
  /** Declare pull diagnostics (textDocument.diagnostic) support. */
  pull?: boolean;
  /** Answer workspace/configuration with these `rca` settings; undefined: no configuration support. */
  settings?: unknown;
  /** Workspace folder path; defaults to a fresh copy of the example workspace. */
  root?: string;
  /** Declare what rename needs: document changes, file operations, willRename. */
  edits?: boolean;
  /** Declare definition link support (LocationLink results); default true. */
  definitionLinks?: boolean;
  /** `rca` settings of single workspace folders, by folder URI (with `settings`, for the others). */
  folderSettings?: Record<string, unknown>;
  /** More workspace folders (paths), after the root. */
  folders?: string[];
  /** Return from start() once indexing has begun rather than ended. */
  indexing?: boolean;
  /** The initialize request's initializationOptions. */
  initializationOptions?: object;
  /** The action to choose in window/showMessageRequest (by title); none by default. */
  messageAction?: string;
  /** Be VS Code with its built-in Markdown support (initializationOptions.builtinMarkdown), answering the `markdown` section with these settings. */
  markdown?: unknown;
  /** The root folder's URI, when it is not the root path's `file:` URI (a virtual workspace). */
  rootUri?: string;
  /** Answer the server's file requests (rca/findMarkdownFiles, rca/readFiles) as the VS Code client does, from this. */
  files?: FileServer;
}

/** The client side of a session, whatever runs the server. */
abstract class ClientSession {
  readonly connection: MessageConnection;
  readonly rootPath: string;
  readonly rootUri: string;
  readonly logs: string[] = [];
  /** window/showMessage texts. */
  readonly shown: string[] = [];
  readonly progress: { kind: string; message?: string }[] = [];
  /** window/showMessageRequest messages, each with its actions' titles. */
  readonly messageRequests: { message: string; actions: string[] }[] = [];
  /** Notifications this session has no handler of its own for (the rca/* ones), in order. */
  readonly otherNotifications: { method: string; params: unknown }[] = [];
  /** Partial results ($/progress whose value is a batch of a request's results), in order of arrival. */
  readonly partialResults: { token: string | number; value: unknown[] }[] = [];
  /** rca/dashboardExport's pieces of text, each with its partialResultToken. */
  readonly textPieces: { token: string | number; value: string }[] = [];
  refreshCount = 0;
  settings: unknown;
  /** The `markdown` section's answer (see SessionOptions.markdown). */
  markdown: unknown;
  /** What the server said it does, in its initialize result. */
  capabilities: ServerCapabilities = {};
  /** Every publishDiagnostics notification, in order. */
  readonly publications: PublishDiagnosticsParams[] = [];
  private readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  private waiters: { check: () => boolean; resolve: () => void }[] = [];
  private readonly ownsRoot: boolean;

  protected constructor(options: SessionOptions, reader: MessageReader, writer: MessageWriter) {
    this.ownsRoot = options.root === undefined;
    this.rootPath = options.root ?? copyExample();
    this.rootUri = options.rootUri ?? pathToFileURL(this.rootPath).href;
    this.settings = options.settings;
    this.markdown = options.markdown;
    this.connection = createMessageConnection(reader, writer);
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.diagnostics.set(params.uri, params);
      this.publications.push(params);
      this.wake();
    });
    this.connection.onNotification('window/logMessage', (params: { message: string }) => {
      this.logs.push(params.message);
      this.wake();
    });
    this.connection.onNotification('window/showMessage', (params: { message: string }) => {
      this.shown.push(params.message);
      this.wake();
    });
    this.connection.onNotification('$/progress', (params: { token: string | number; value: { kind: string; message?: string } | unknown[] | string }) => {
      if (Array.isArray(params.value)) this.partialResults.push({ token: params.token, value: params.value });
      else if (typeof params.value === 'string') this.textPieces.push({ token: params.token, value: params.value });
      else this.progress.push(params.value);
      this.wake();
    });
    this.connection.onRequest('window/showMessageRequest', (params: { message: string; actions?: { title: string }[] }) => {
      this.messageRequests.push({ message: params.message, actions: (params.actions ?? []).map((a) => a.title) });
      this.wake();
      return params.actions?.find((a) => a.title === options.messageAction) ?? null;
    });
    this.connection.onNotification((method: string, params: unknown) => {
      this.otherNotifications.push({ method, params });
      this.wake();
    });
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('workspace/configuration', (params: { items: { scopeUri?: string; section?: string }[] }) =>
      params.items.map((item) =>
        item.section === 'markdown' ? (this.markdown ?? null) : ((item.scopeUri === undefined ? undefined : options.folderSettings?.[item.scopeUri]) ?? this.settings ?? null),
      ),
    );
    const files = options.files;
    if (files) {
      this.connection.onRequest(FIND_MARKDOWN_FILES_REQUEST.method, (params: FindMarkdownFilesParams) => files.findMarkdownFiles(params));
      this.connection.onRequest(READ_FILES_REQUEST.method, (params: ReadFilesParams) => files.readFiles(params));
    }
    this.connection.onRequest('workspace/diagnostic/refresh', () => {
      this.refreshCount++;
      this.wake();
      return null;
    });
    this.connection.listen();
  }

  /** Initializes the server and waits for it to index the workspace. */
  protected async initialize(options: SessionOptions): Promise<void> {
    ({ capabilities: this.capabilities } = await this.connection.sendRequest<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: this.rootUri,
      initializationOptions: options.markdown === undefined ? options.initializationOptions : { ...options.initializationOptions, builtinMarkdown: true },
      workspaceFolders: [this.rootUri, ...(options.folders ?? []).map((path) => pathToFileURL(path).href)].map((uri, i) => ({ uri, name: `folder ${i}` })),
      capabilities: {
        window: { workDoneProgress: true },
        workspace: {
          configuration: options.settings !== undefined,
          workspaceFolders: true,
          didChangeWatchedFiles: { dynamicRegistration: true },
          diagnostics: options.pull ? { refreshSupport: true } : undefined,
          ...(options.edits ? { workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'] }, fileOperations: { willRename: true } } : {}),
        },
        textDocument: {
          definition: { linkSupport: options.definitionLinks ?? true },
          ...(options.pull ? { diagnostic: { dynamicRegistration: false } } : {}),
        },
      },
    }));
    await this.connection.sendNotification('initialized', {});
    await this.until(() => this.progress.some((p) => p.kind === (options.indexing ? 'begin' : 'end')), 'indexing');
  }

  uri(relative: string): string {
    return `${this.rootUri}/${relative}`;
  }

  /** Resolves when `check` holds, re-checked on every message from the server. */
  until(check: () => boolean, what: string): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; server log:\n${this.logs.join('\n')}`)), TIMEOUT_MS);
      this.waiters.push({ check, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  private wake(): void {
    const ready = this.waiters.filter((w) => w.check());
    this.waiters = this.waiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.resolve();
  }

  /** Waits for diagnostics of `uri` published for `version` (or any, after `after` publications). */
  async diagnosticsOf(uri: string, version?: number, accept: (d: Diagnostic[]) => boolean = () => true): Promise<Diagnostic[]> {
    await this.until(() => {
      const p = this.diagnostics.get(uri);
      return p !== undefined && (version === undefined || p.version === version) && accept(p.diagnostics);
    }, `diagnostics of ${uri}${version === undefined ? '' : ` v${version}`}`);
    return this.diagnostics.get(uri)!.diagnostics;
  }

  forget(uri: string): void {
    this.diagnostics.delete(uri);
  }

  open(uri: string, text: string, version = 1): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version, text } });
  }

  private readonly versions = new Map<string, number>();

  /** Opens a workspace file (or sends its new text when open) and waits for its diagnostics; returns its URI. */
  async openFile(path: string, text = readFileSync(join(this.rootPath, path), 'utf8')): Promise<string> {
    const uri = this.uri(path);
    const previous = this.versions.get(uri);
    const version = (previous ?? 0) + 1;
    this.versions.set(uri, version);
    if (previous === undefined) await this.open(uri, text, version);
    else await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    await this.diagnosticsOf(uri, version);
    return uri;
  }

  /** A request about a workspace file: `{ textDocument, position, ...extra }`. */
  request<T>(method: string, path: string, position?: { line: number; character: number }, extra: object = {}): Promise<T> {
    return this.connection.sendRequest<T>(method, { textDocument: { uri: this.uri(path) }, position, ...extra });
  }

  async close(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification('exit');
    } catch {
      // The server may already be gone; it is stopped below either way.
    }
    this.connection.dispose();
    this.stop();
    if (this.ownsRoot) rmSync(this.rootPath, { recursive: true, force: true });
  }

  protected abstract stop(): void;
}

/** The built server in its own process, over stdio. */
export class LspSession extends ClientSession {
  readonly process: ChildProcessWithoutNullStreams;

  private constructor(options: SessionOptions, child: ChildProcessWithoutNullStreams, cacheDir: string) {
    super(options, new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    this.process = child;
    this.cacheDir = cacheDir;
    child.stderr.on('data', (chunk) => this.logs.push(String(chunk)));
  }

  /** Where the server keeps its index between sessions: a folder of this session's, not the user's cache. */
  private readonly cacheDir: string;

  static async start(options: SessionOptions = {}): Promise<LspSession> {
    const cacheDir = mkdtempSync(join(tmpdir(), 'rca-session-cache-'));
    const session = new LspSession(options, spawn(process.execPath, [...SERVER_NODE_FLAGS, SERVER, '--stdio', '--cache-dir', cacheDir], { stdio: 'pipe' }), cacheDir);
    try {
      await session.initialize(options);
    } catch (error) {
      // A server left running would keep the test file's process alive after its failure.
      session.connection.dispose();
      session.stop();
      throw error;
    }
    return session;
  }

  protected stop(): void {
    this.process.kill();
    rmSync(this.cacheDir, { recursive: true, force: true });
  }
}

/** The Node host's file system workspace, as dist/server.js uses it. */
export const NODE_HOST: ServerHost = { createWorkspace: (roots, log) => new NodeWorkspace(roots, log) };

/**
 * startServer in this process, over a pair of in-memory streams: the server is
 * the same code as dist/server.js runs, minus the process (the exit
 * notification ends the connection, not the test runner).
 */
export class InProcessSession extends ClientSession {
  private readonly server: { dispose(): void };

  private constructor(options: SessionOptions, host: ServerHost | ((connection: Connection) => ServerHost)) {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    super(options, new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
    let shutdownReceived = false;
    const watchDog = {
      initialize: () => {},
      get shutdownReceived() {
        return shutdownReceived;
      },
      set shutdownReceived(value: boolean) {
        shutdownReceived = value;
      },
      exit: () => server.dispose(),
    };
    const server = createConnection((logger) => createProtocolConnection(new ServerReader(toServer), new ServerWriter(toClient), logger), watchDog, ProposedFeatures.all);
    this.server = server;
    startServer(server, typeof host === 'function' ? host(server) : host);
  }

  /** `host`, or what makes it from the server's connection (a host reading through the client). */
  static async start(options: SessionOptions = {}, host: ServerHost | ((connection: Connection) => ServerHost) = NODE_HOST): Promise<InProcessSession> {
    const session = new InProcessSession(options, host);
    await session.initialize(options);
    return session;
  }

  protected stop(): void {
    this.server.dispose();
  }
}

export function copyExample(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rca-ws-'));
  cpSync(EXAMPLE, dir, { recursive: true });
  return dir;
}

/** Messages the other side posts, as a reader of them: what a worker's `onmessage` receives. */
class PostedMessageReader extends AbstractMessageReader {
  private callback: DataCallback | undefined;

  listen(callback: DataCallback): Disposable {
    this.callback = callback;
    return { dispose: () => (this.callback = undefined) };
  }

  receive(message: Message): void {
    this.callback?.(message);
  }
}

class PostMessageWriter extends AbstractMessageWriter {
  constructor(private readonly post: (message: Message) => void) {
    super();
  }

  async write(message: Message): Promise<void> {
    this.post(message);
  }

  end(): void {}
}

/**
 * The built web worker server (dist/web/server.js), run in a V8 context that
 * holds only what a web worker has (no process, Buffer, setImmediate, require),
 * spoken to with postMessage as the browser client does. Messages cross as
 * copies, each made in its receiver's realm, as structured cloning makes them.
 */
export class WorkerSession extends ClientSession {
  /** Whether the worker closed itself. */
  closed = false;

  private constructor(options: SessionOptions, reader: PostedMessageReader, writer: MessageWriter) {
    super(options, reader, writer);
  }

  static async start(options: SessionOptions = {}): Promise<WorkerSession> {
    const reader = new PostedMessageReader();
    const worker = workerContext({
      addEventListener: () => {},
      postMessage: (message: Message) => reader.receive(JSON.parse(JSON.stringify(message))),
      close: () => (session.closed = true),
    }) as { onmessage?: (event: { data: unknown }) => void; JSON: JSON };
    const workerJson = runInContext('JSON', worker as object) as JSON;
    const writer = new PostMessageWriter((message) => worker.onmessage?.({ data: workerJson.parse(JSON.stringify(message)) }));
    const session = new WorkerSession(options, reader, writer);
    runInContext(readFileSync(WEB_SERVER, 'utf8'), worker as object, { filename: WEB_SERVER });
    await session.initialize(options);
    return session;
  }

  // The worker ends itself on the exit notification.
  protected stop(): void {}
}
