// The Workspace of a language server that cannot reach the files itself (the
// web worker of vscode.dev and github.dev): the client lists and reads them
// through the editor (vscode.workspace.fs), so a virtual workspace is indexed as
// a folder on disk is. Reads asked for together travel in one request. File
// events come from the client's watchers, as LSP's didChangeWatchedFiles.
import type { Connection } from 'vscode-languageserver';
import { FIND_MARKDOWN_FILES_REQUEST, READ_FILES_REQUEST, type FileToRead, type ReadFileResult } from '../../shared/protocol';
import { normalizeUri } from './core/uri';
import type { CancellationToken, FileText } from './core/workspace';
import { FolderWorkspace } from './hostWorkspace';

interface PendingRead {
  readonly file: FileToRead;
  readonly resolve: (file: FileText | undefined) => void;
}

export class ClientWorkspace extends FolderWorkspace {
  /** Reads asked for in this turn of the event loop: sent together once it ends. */
  private pending: PendingRead[] = [];

  constructor(
    private readonly connection: Pick<Connection, 'sendRequest'>,
    roots: readonly string[],
    log: (message: string) => void,
    /** Resolves once the host has served what waits: a task, not a microtask. */
    private readonly yieldToHost: () => Promise<void>,
  ) {
    super(roots, log);
  }

  async listMarkdownFiles(token?: CancellationToken): Promise<string[]> {
    const found: string[] = [];
    for (const folder of this.roots) {
      if (token?.isCancellationRequested) break;
      try {
        found.push(...(await this.connection.sendRequest(FIND_MARKDOWN_FILES_REQUEST, { folder })).map(normalizeUri));
      } catch (error) {
        this.log(`Could not list the Markdown files of ${folder}: ${(error as Error).message}`);
      }
    }
    return found;
  }

  readFile(uri: string, maxBytes?: number): Promise<FileText | undefined> {
    return new Promise((resolve) => {
      if (this.pending.length === 0) queueMicrotask(() => void this.sendReads());
      this.pending.push({ file: { uri, maxBytes }, resolve });
    });
  }

  private async sendReads(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    let results: readonly ReadFileResult[] = [];
    try {
      results = await this.connection.sendRequest(READ_FILES_REQUEST, { files: batch.map((read) => read.file) });
    } catch (error) {
      this.log(`Could not read ${batch.length} files through the editor: ${(error as Error).message}`);
    }
    batch.forEach((read, i) => read.resolve(this.fileOf(read.file.uri, results[i])));
  }

  private fileOf(uri: string, result: ReadFileResult | undefined): FileText | undefined {
    if (typeof result !== 'object' || result === null) return undefined;
    if ('file' in result) return result.file;
    if ('skipped' in result) this.log(`Skipped ${uri}: ${result.skipped}`);
    return undefined;
  }

  yield(): Promise<void> {
    return this.yieldToHost();
  }
}
