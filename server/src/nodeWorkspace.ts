// The Workspace over the local file system, for the language server and the CLI.
import * as nodeFs from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { URI } from 'vscode-uri';
import { decodeFile, type CancellationToken, type Disposable, type FileStamp, type FileText, type Workspace } from './core/workspace';
import { FolderWorkspace } from './hostWorkspace';
import { fasterHeapGrowth } from './heapGrowth';
import { isMarkdownPath, isSkippedFolder } from '../../shared/workspaceFiles';
import { FileTooLarge, isPathUnder, NotRegularFile, readRegularFile, readRegularFileLines, SkippedFile, writeFileAtomic, writeFileAtomicFrom, type ReadFile } from './safeFiles';

/** A stored state larger than this is not read (the index of 100,000 files is about 110 MB). */
const MAX_STATE_BYTES = 256 * 1024 * 1024;

// A POSIX path of letters, digits, `-._~` and `/` (not starting `//`) is spelled the same in
// its URI, which vscode-uri would parse and build character by character: a lint of 10,000
// files converts each several times.
const PLAIN_PATH = /^\/(?!\/)[-.\w~/]*$/;
const PLAIN_FILE_URI = /^file:\/\/\/(?!\/)[-.\w~/]*$/;
const POSIX = process.platform !== 'win32';

/** The normalized `file:` URI of an absolute path: any character a file name may hold (`#`, `?`, `%`) is part of the name. */
export function pathToUri(path: string): string {
  if (POSIX && PLAIN_PATH.test(path)) return `file://${path}`;
  return URI.file(path).toString();
}

/** The local path of a `file:` URI; undefined for other schemes, NUL, and hosts other than Windows shares. */
export function uriToPath(uri: string): string | undefined {
  if (POSIX && PLAIN_FILE_URI.test(uri)) return uri.slice('file://'.length);
  let parsed: URI;
  try {
    parsed = URI.parse(uri, true);
  } catch {
    return undefined;
  }
  if (parsed.scheme !== 'file' || parsed.path.includes('\0')) return undefined;
  if (parsed.authority !== '' && process.platform !== 'win32') return undefined;
  // `file:///c:/x` is a relative path off Windows.
  return isAbsolute(parsed.fsPath) ? parsed.fsPath : undefined;
}

/** Where each named state of a workspace goes in `folder`. */
export function stateFiles(folder: string): (name: string) => string {
  return (name) => join(folder, `${name}.json`);
}

/** Thrown by readInside's check: the file opened lies outside the workspace folders. */
class OutsideFolders extends Error {}

export class NodeWorkspace extends FolderWorkspace {
  /** Real paths of the roots (symbolic links resolved), once known. */
  private realRoots: string[] | undefined;
  /** Whether the system names an open descriptor's path (/proc/self/fd); looked at once, when first asked. */
  private namesDescriptors: boolean | undefined;

  constructor(
    roots: readonly string[],
    log: (message: string) => void = () => {},
    /** The file each named state is stored in between sessions (its folder created when first written); without it nothing is. */
    private readonly statePath?: (name: string) => string,
    /** Parsing on other threads for a start that reads many files (indexWorkers.ts); without it the service parses every file on its own thread. */
    readonly parseFiles?: Workspace['parseFiles'],
  ) {
    super(roots, log);
    if (statePath === undefined) {
      this.readState = undefined;
      this.readStateLines = undefined;
      this.writeState = undefined;
    }
  }

  indexing(): Disposable {
    return fasterHeapGrowth();
  }

  override setRoots(roots: readonly string[]): void {
    super.setRoots(roots);
    this.realRoots = undefined;
  }

  async listMarkdownFiles(token?: CancellationToken): Promise<string[]> {
    const found: string[] = [];
    for (const root of this.roots) {
      const path = uriToPath(root);
      if (path) await this.walk(path, found, token);
    }
    return found;
  }

  private async walk(folder: string, found: string[], token?: CancellationToken): Promise<void> {
    if (token?.isCancellationRequested) return;
    let entries;
    try {
      entries = await nodeFs.promises.readdir(folder, { withFileTypes: true });
    } catch (error) {
      this.log(`Skipped ${folder}: ${(error as Error).message}`);
      return;
    }
    for (const entry of entries) {
      const path = join(folder, entry.name);
      // Symbolic links to folders are not followed: they can loop.
      if (entry.isDirectory() && !isSkippedFolder(entry.name)) {
        await this.walk(path, found, token);
      } else if ((entry.isFile() || entry.isSymbolicLink()) && isMarkdownPath(entry.name)) {
        found.push(pathToUri(path));
      } else if (!entry.isDirectory() && isMarkdownPath(entry.name)) {
        this.log(`Skipped ${path}: not a regular file`);
      }
    }
  }

  // Reads are synchronous: for small files they cost a tenth of the asynchronous
  // round trip, and the service indexes in time slices so requests still get in.
  async readFile(uri: string, maxBytes?: number): Promise<FileText | undefined> {
    const path = uriToPath(uri);
    if (!path) return undefined;
    try {
      const file = this.readInside(path, maxBytes);
      if (file === undefined) {
        this.log(`Skipped ${path}: it leads outside the workspace folders`);
        return undefined;
      }
      return decodeFile(file.bytes, { size: file.stat.size, mtime: file.stat.mtimeMs });
    } catch (error) {
      if (error instanceof NotRegularFile) this.log(`Skipped ${path}: not a regular file`);
      else if (error instanceof FileTooLarge) this.log(`Skipped ${path}: ${error.size} bytes is over the ${maxBytes}-byte limit (rca.maxFileSize)`);
      else if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.log(`Could not read ${path}: ${(error as Error).message}`);
      return undefined;
    }
  }

  /**
   * A file whose real path lies in a workspace folder, read; undefined when it lies
   * elsewhere. The file is opened without following a link and its descriptor's own
   * path checked where the system names it (Linux's /proc/self/fd: one call where
   * resolving the path took one per folder of it, and the file checked is the file
   * read). A symbolic link, or a system without /proc, has its path resolved first.
   */
  private readInside(path: string, maxBytes: number | undefined): ReadFile | undefined {
    try {
      return readRegularFile(path, nodeFs, maxBytes, (fd) => {
        if (!this.isInsideRoots(this.openedPath(fd) ?? nodeFs.realpathSync.native(path))) throw new OutsideFolders();
      });
    } catch (error) {
      if (error instanceof OutsideFolders) return undefined;
      // A symbolic link (the only file skipped on purpose): read where it leads.
      if (!(error instanceof SkippedFile)) throw error;
    }
    const real = nodeFs.realpathSync.native(path);
    // Not through a link, so the real path checked is the file read.
    return this.isInsideRoots(real) ? readRegularFile(real, nodeFs, maxBytes) : undefined;
  }

  /** The path an open descriptor names, as the system says; undefined where it does not. */
  private openedPath(fd: number): string | undefined {
    this.namesDescriptors ??= nodeFs.existsSync('/proc/self/fd');
    return this.namesDescriptors ? nodeFs.readlinkSync(`/proc/self/fd/${fd}`) : undefined;
  }

  /** Whether a real path lies in a workspace folder (their real paths). */
  private isInsideRoots(real: string): boolean {
    this.realRoots ??= this.roots.flatMap((root) => {
      const rootPath = uriToPath(root);
      try {
        return rootPath === undefined ? [] : [nodeFs.realpathSync.native(rootPath)];
      } catch {
        return [];
      }
    });
    return this.realRoots.some((root) => isPathUnder(real, root));
  }

  async stat(uri: string): Promise<FileStamp | undefined> {
    const path = uriToPath(uri);
    try {
      // Not through a link: a link is read (and confined) by readFile.
      const stat = path === undefined ? undefined : nodeFs.lstatSync(path);
      return stat?.isFile() ? { size: stat.size, mtime: stat.mtimeMs } : undefined;
    } catch {
      return undefined;
    }
  }

  async readState?(name: string): Promise<string | undefined> {
    return this.readStateFile(name, (path) => readRegularFile(path, nodeFs, MAX_STATE_BYTES).bytes.toString('utf8'));
  }

  async readStateLines?(name: string): Promise<Iterable<string> | undefined> {
    return this.readStateFile(name, (path) => readRegularFileLines(path, nodeFs, MAX_STATE_BYTES));
  }

  /** What `read` makes of the file a state is stored in; undefined (logged unless there is none) when it cannot. */
  private readStateFile<T>(name: string, read: (path: string) => T): T | undefined {
    const path = this.statePath!(name);
    try {
      return read(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.log(`Could not read ${path}: ${(error as Error).message}`);
      return undefined;
    }
  }

  async writeState?(name: string, text: string | AsyncIterable<string>): Promise<void> {
    const path = this.statePath!(name);
    nodeFs.mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    if (typeof text === 'string') writeFileAtomic(path, Buffer.from(text));
    else await writeFileAtomicFrom(path, text);
  }

  yield(): Promise<void> {
    return new Promise((resolve) => setImmediate(resolve));
  }
}
