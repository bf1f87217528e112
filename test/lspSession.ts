// A real LSP client session over stdio with the built server (dist/server.js).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { EXAMPLE, REPO } from './support';

export const SERVER = join(REPO, 'dist', 'server.js');
const TIMEOUT_MS = 10_000;

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
}

export class LspSession {
  readonly connection: MessageConnection;
  readonly process: ChildProcessWithoutNullStreams;
  readonly rootPath: string;
  readonly rootUri: string;
  readonly logs: string[] = [];
  readonly progress: { kind: string; message?: string }[] = [];
  refreshCount = 0;
  settings: unknown;
  private readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  private waiters: { check: () => boolean; resolve: () => void }[] = [];
  private readonly ownsRoot: boolean;

  private constructor(options: SessionOptions) {
    this.ownsRoot = options.root === undefined;
    this.rootPath = options.root ?? copyExample();
    this.rootUri = pathToFileURL(this.rootPath).href;
    this.settings = options.settings;
    this.process = spawn(process.execPath, [...SERVER_NODE_FLAGS, SERVER, '--stdio'], { stdio: 'pipe' });
    this.process.stderr.on('data', (chunk) => this.logs.push(String(chunk)));
    this.connection = createMessageConnection(new StreamMessageReader(this.process.stdout), new StreamMessageWriter(this.process.stdin));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.diagnostics.set(params.uri, params);
      this.wake();
    });
    this.connection.onNotification('window/logMessage', (params: { message: string }) => {
      this.logs.push(params.message);
      this.wake();
    });
    this.connection.onNotification('$/progress', (params: { value: { kind: string; message?: string } }) => {
      this.progress.push(params.value);
      this.wake();
    });
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => this.settings ?? null));
    this.connection.onRequest('workspace/diagnostic/refresh', () => {
      this.refreshCount++;
      this.wake();
      return null;
    });
    this.connection.listen();
  }

  static async start(options: SessionOptions = {}): Promise<LspSession> {
    const session = new LspSession(options);
    await session.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: session.rootUri,
      workspaceFolders: [{ uri: session.rootUri, name: 'workspace' }],
      capabilities: {
        window: { workDoneProgress: true },
        workspace: {
          configuration: options.settings !== undefined,
          didChangeWatchedFiles: { dynamicRegistration: true },
          diagnostics: options.pull ? { refreshSupport: true } : undefined,
          ...(options.edits ? { workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'] }, fileOperations: { willRename: true } } : {}),
        },
        textDocument: {
          definition: { linkSupport: options.definitionLinks ?? true },
          ...(options.pull ? { diagnostic: { dynamicRegistration: false } } : {}),
        },
      },
    });
    await session.connection.sendNotification('initialized', {});
    await session.until(() => session.progress.some((p) => p.kind === 'end'), 'indexing to finish');
    return session;
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
      // The server may already be gone; it is killed below either way.
    }
    this.connection.dispose();
    this.process.kill();
    if (this.ownsRoot) rmSync(this.rootPath, { recursive: true, force: true });
  }
}

export function copyExample(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rca-ws-'));
  cpSync(EXAMPLE, dir, { recursive: true });
  return dir;
}
