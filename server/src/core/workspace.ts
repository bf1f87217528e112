// What the core needs from the outside world. The language server and the CLI
// implement it over the file system; tests implement it in memory.

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
}

/** A file's content as the rules read it. */
export interface FileText {
  /** Without a leading byte order mark; for a file that is not UTF-8, decoded lossily (U+FFFD). */
  readonly text: string;
  /** The bytes are not valid UTF-8: the text is for analysis only, never to be written back. */
  readonly notUtf8: boolean;
  /** The file starts with a UTF-8 byte order mark (stripped from `text`, kept on write). */
  readonly bom: boolean;
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });
const LOSSY_UTF8 = new TextDecoder('utf-8');

/** Decodes a file's bytes: strictly, falling back to a lossy reading flagged `notUtf8`. */
export function decodeFile(bytes: Uint8Array): FileText {
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  // Both decoders drop a leading byte order mark.
  try {
    return { text: STRICT_UTF8.decode(bytes), notUtf8: false, bom };
  } catch {
    return { text: LOSSY_UTF8.decode(bytes), notUtf8: true, bom };
  }
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
