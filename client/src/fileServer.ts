// The client's answers to a language server that reads the workspace through
// the editor (the web worker of vscode.dev and github.dev): rca/findMarkdownFiles
// and rca/readFiles (shared/protocol.ts), served from the editor's file systems,
// whatever serves the workspace (the disk, github.dev, an extension's in-memory
// one). The editor is reached through EditorFiles, so tests serve it from memory.
import type { FindMarkdownFilesParams, FileToRead, ReadFileResult, ReadFilesParams } from '../../shared/protocol';
import { childUris, pathInside } from '../../shared/uri';
import { decodeFile, isMarkdownPath, isSkippedFolder } from '../../shared/workspaceFiles';

export type EntryKind = 'file' | 'directory' | 'other';

/** What the editor offers (vscode.workspace.fs, findFiles), by URI string. */
export interface EditorFiles {
  /** Markdown files under the folder by the editor's file search, outside the skipped folders; empty, or a rejection, on a file system without a search provider. */
  searchMarkdownFiles(folder: string): Promise<readonly string[]>;
  /** A folder's entries, by name. */
  readDirectory(folder: string): Promise<readonly { readonly name: string; readonly kind: EntryKind }[]>;
  /** Undefined when there is no such file. */
  stat(uri: string): Promise<{ readonly kind: EntryKind; readonly size: number } | undefined>;
  readFile(uri: string): Promise<Uint8Array>;
  /** Whether the file is in one of the workspace folders: nothing else is read. */
  inWorkspace(uri: string): boolean;
}

/**
 * How long the file search may take to answer before the folder is walked: VS Code's
 * search waits, without end, for a provider that a file system of an extension
 * (an in-memory one) never registers.
 */
const SEARCH_PATIENCE_MS = 5_000;

/** Found files handled at once before the editor's thread is let go: 100,000 at once would hold it for 60-100 ms. */
const SLICE = 5_000;

/** `convert` of each item that gives a value, a slice at a time, the thread let go between slices. */
export async function convertInSlices<T, U>(items: readonly T[], convert: (item: T) => U | undefined): Promise<U[]> {
  const converted: U[] = [];
  for (let at = 0; at < items.length; at += SLICE) {
    if (at > 0) await new Promise((resolve) => setTimeout(resolve, 0));
    for (const item of items.slice(at, at + SLICE)) {
      const value = convert(item);
      if (value !== undefined) converted.push(value);
    }
  }
  return converted;
}

export class FileServer {
  constructor(
    private readonly editor: EditorFiles,
    private readonly searchPatienceMs = SEARCH_PATIENCE_MS,
  ) {}

  async findMarkdownFiles({ folder }: FindMarkdownFilesParams): Promise<string[]> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const patience = new Promise<readonly string[]>((resolve) => (timer = setTimeout(() => resolve([]), this.searchPatienceMs)));
    const searched = await Promise.race([this.editor.searchMarkdownFiles(folder).catch(() => []), patience]);
    clearTimeout(timer);
    const found = await convertInSlices(searched, (uri) => (isIndexed(uri, folder) ? uri : undefined));
    // A file system without a search provider finds nothing, or never answers: walk it instead.
    return found.length > 0 ? found : this.walk(folder);
  }

  private async walk(folder: string, found: string[] = []): Promise<string[]> {
    const entries = await this.editor.readDirectory(folder).catch(() => []);
    const uris = childUris(folder, entries.map((entry) => entry.name));
    for (const [i, { name, kind }] of entries.entries()) {
      if (!isEntryName(name)) continue;
      if (kind === 'directory' && !isSkippedFolder(name)) await this.walk(uris[i], found);
      else if (kind === 'file' && isMarkdownPath(name)) found.push(uris[i]);
    }
    return found;
  }

  /** Reads the batch at once: on a remote file system (github.dev's) the reads overlap. */
  readFiles({ files }: ReadFilesParams): Promise<ReadFileResult[]> {
    return Promise.all(files.map((file) => this.read(file)));
  }

  private async read({ uri, maxBytes }: FileToRead): Promise<ReadFileResult> {
    if (!this.editor.inWorkspace(uri)) return { skipped: 'it is outside the workspace folders' };
    try {
      const stat = await this.editor.stat(uri);
      if (stat === undefined) return { missing: true };
      if (stat.kind !== 'file') return { skipped: 'not a regular file' };
      if (maxBytes !== undefined && stat.size > maxBytes) return { skipped: `${stat.size} bytes is over the ${maxBytes}-byte limit (rca.maxFileSize)` };
      return { file: decodeFile(await this.editor.readFile(uri)) };
    } catch (error) {
      return { skipped: `could not be read: ${(error as Error).message}` };
    }
  }
}

/**
 * Whether a folder's entry names one entry in it: an extension's file system that gave `..`
 * or `a/../b` would lead the walk out of the folder, where joinPath resolves such names.
 */
function isEntryName(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !name.includes('/');
}

/** A found file is indexed unless a folder on its way down from the workspace folder is skipped. */
function isIndexed(uri: string, folder: string): boolean {
  const path = pathInside(uri, folder);
  return path !== undefined && !path.split('/').slice(0, -1).some(isSkippedFolder);
}
