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
  /** Folder URIs, without a trailing slash. */
  readonly roots: readonly string[];
  /** Every Markdown file under the roots. */
  listMarkdownFiles(token?: CancellationToken): Promise<string[]>;
  /** The file's text, or undefined when it is missing, unreadable, or larger than `maxBytes`. */
  readFile(uri: string, maxBytes?: number): Promise<string | undefined>;
  onDidChangeFiles(listener: (changes: readonly FileChange[]) => void): Disposable;
  /** Where the core reports what it skipped and why. */
  log(message: string): void;
}

export const NONE: CancellationToken = { isCancellationRequested: false };
