// What the core needs from the outside world. The language server and the CLI
// implement it over the file system; tests implement it in memory.
import type { FileStamp, FileText } from '../../../shared/workspaceFiles';
import type { RcaSettings } from './settings';
import type { Packed, RcaSummary } from './workspaceIndex';

export { decodeFile, type FileStamp, type FileText } from '../../../shared/workspaceFiles';

export interface CancellationToken {
  readonly isCancellationRequested: boolean;
}

export interface Disposable {
  dispose(): void;
}

export type FileChangeKind = 'created' | 'changed' | 'deleted';

export interface FileChange {
  readonly uri: string;
  readonly kind: FileChangeKind;
}

export interface Workspace {
  /** Folder URIs, without a trailing slash; the list changes as the editor adds and removes folders. */
  readonly roots: readonly string[];
  /** Every Markdown file under the roots. */
  listMarkdownFiles(token?: CancellationToken): Promise<string[]>;
  /** The file's text, or undefined when it is missing, unreadable, or larger than `maxBytes`. */
  readFile(uri: string, maxBytes?: number): Promise<FileText | undefined>;
  onDidChangeFiles(listener: (changes: readonly FileChange[]) => void): Disposable;
  /** Where the core reports what it skipped and why. */
  log(message: string): void;
  /** Resolves once the host has served what waits (requests, notifications): long loops call it between files. */
  yield(): Promise<void>;
  /**
   * A regular file's size and modification time, without reading it; undefined when
   * it is not one. With readState and writeState, a host that has them lets the
   * service keep its index between sessions (see persistedIndex.ts).
   */
  stat?(uri: string): Promise<FileStamp | undefined>;
  /** What writeState last stored under `name` (the host's storage folder), or undefined. */
  readState?(name: string): Promise<string | undefined>;
  /**
   * The same a line at a time, each with its line break (the last without when the
   * text has none), read as they are iterated: a stored index of 100,000 files is a
   * hundred megabytes, which a server must not hold at once. Undefined when nothing is stored.
   */
  readStateLines?(name: string): Promise<Iterable<string> | undefined>;
  /**
   * Stores `text` under `name`, replacing what was there at once (never half written).
   * Given in pieces, the text is written as they come (a stored index of 100,000 files
   * is a hundred megabytes): a piece that throws leaves what was there.
   */
  writeState?(name: string, text: string | AsyncIterable<string>): Promise<void>;
  /**
   * Reads and parses files elsewhere (the Node host's worker threads), as
   * parseFile would here, yielding each file's result in the job's order:
   * undefined for a file readFile would not give, null for one to be read and
   * parsed here (its thread failed on it or stopped). Undefined when the host
   * would not gain by it (too few files): the service reads them itself.
   */
  parseFiles?(job: ParseJob): AsyncIterable<ParsedFile | undefined | null> | undefined;
  /**
   * Called as the service starts building its whole index (from a stored one or
   * from the files), disposed once it is built: a host may trade memory for speed
   * meanwhile (the Node host lets its heap grow faster, see heapGrowth.ts).
   */
  indexing?(): Disposable;
}

/** Files to parse elsewhere, with what parsing them depends on. */
export interface ParseJob {
  /** The workspace folders: which file an ordinary link names, which files are RCAs. */
  readonly roots: readonly string[];
  /** The settings files are parsed under (the workspace's and folders' own), each file naming one by its place. */
  readonly settings: readonly RcaSettings[];
  readonly files: readonly (readonly [uri: string, settings: number])[];
}

/** What the index keeps of a file read from disk (parseFile): what WorkspaceIndex.restore takes. */
export interface ParsedFile {
  readonly stamp: FileStamp | undefined;
  /** contentHash of its text. */
  readonly hash: number;
  /** Packed (see HEADING_STRIDE), as the index keeps them: cloned from another thread in fewer pieces than objects. */
  readonly headings: Packed;
  /** Packed (see LINK_STRIDE). */
  readonly links: Packed;
  /** For an RCA. */
  readonly rca: RcaSummary | undefined;
}

export const NONE: CancellationToken = { isCancellationRequested: false };

const SLICE_MS = 8;

/**
 * Long loops call the returned function after each file: once a slice of a few
 * milliseconds has run it yields to the host, so requests are served in between.
 */
export function timeSlicer(workspace: Pick<Workspace, 'yield'>): () => Promise<void> {
  let sliceStart = Date.now();
  return async () => {
    if (Date.now() - sliceStart < SLICE_MS) return;
    await workspace.yield();
    sliceStart = Date.now();
  };
}
