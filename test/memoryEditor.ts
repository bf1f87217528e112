// The editor's file systems as the client's FileServer reaches them
// (EditorFiles), from memory: a virtual workspace, with or without a search
// provider, counting what the server had read.
import type { EditorFiles, EntryKind } from '../client/src/fileServer';
import { isInside, joinUri } from '../server/src/core/uri';
import { pathInside } from '../shared/uri';
import { isMarkdownPath } from '../shared/workspaceFiles';

const encoder = new TextEncoder();

export class MemoryEditorFiles implements EditorFiles {
  readonly files = new Map<string, Uint8Array>();
  /** Each file read, in order. */
  readonly reads: string[] = [];

  constructor(
    readonly root: string,
    tree: Readonly<Record<string, string | Uint8Array>>,
    /** Whether findFiles answers, as github.dev's search does; an extension's file system has no search provider: findFiles finds nothing, or (`'never'`) waits for one without end. */
    private readonly searchable: boolean | 'never' = false,
  ) {
    for (const [path, content] of Object.entries(tree)) this.write(path, content);
  }

  uri(path: string): string {
    return joinUri(this.root, path);
  }

  write(path: string, content: string | Uint8Array): string {
    const uri = this.uri(path);
    this.files.set(uri, typeof content === 'string' ? encoder.encode(content) : content);
    return uri;
  }

  // findFiles answers with every match; the exclude glob spares it the skipped folders, which the FileServer filters out anyway.
  async searchMarkdownFiles(folder: string): Promise<readonly string[]> {
    if (this.searchable === 'never') return new Promise(() => {});
    return this.searchable ? [...this.files.keys()].filter((uri) => isInside(uri, folder) && isMarkdownPath(uri)) : [];
  }

  async readDirectory(folder: string): Promise<{ name: string; kind: EntryKind }[]> {
    const entries = new Map<string, EntryKind>();
    for (const uri of this.files.keys()) {
      const path = pathInside(uri, folder);
      if (path === undefined) continue;
      const [name, ...below] = path.split('/');
      entries.set(name, below.length > 0 ? 'directory' : 'file');
    }
    return [...entries].map(([name, kind]) => ({ name, kind }));
  }

  async stat(uri: string): Promise<{ kind: EntryKind; size: number } | undefined> {
    const bytes = this.files.get(uri);
    if (bytes) return { kind: 'file', size: bytes.length };
    return [...this.files.keys()].some((file) => isInside(file, uri)) ? { kind: 'directory', size: 0 } : undefined;
  }

  async readFile(uri: string): Promise<Uint8Array> {
    const bytes = this.files.get(uri);
    if (!bytes) throw new Error(`no file ${uri}`);
    this.reads.push(uri);
    return bytes;
  }

  inWorkspace(uri: string): boolean {
    return isInside(uri, this.root);
  }
}
