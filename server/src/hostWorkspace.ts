// What the workspaces of the server's hosts share: the folders the editor has
// open, and the editor's file events handed to the core's listeners.
import type { CancellationToken, Disposable, FileChange, FileText } from './core/workspace';
import type { HostWorkspace } from './server';

export abstract class FolderWorkspace implements HostWorkspace {
  private readonly listeners = new Set<(changes: readonly FileChange[]) => void>();

  constructor(
    private folders: readonly string[],
    readonly log: (message: string) => void,
  ) {}

  get roots(): readonly string[] {
    return this.folders;
  }

  setRoots(roots: readonly string[]): void {
    this.folders = roots;
  }

  abstract listMarkdownFiles(token?: CancellationToken): Promise<string[]>;
  abstract readFile(uri: string, maxBytes?: number): Promise<FileText | undefined>;
  abstract yield(): Promise<void>;

  onDidChangeFiles(listener: (changes: readonly FileChange[]) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Feeds file events (from the editor's watcher) to the listeners. */
  fireChanges(changes: readonly FileChange[]): void {
    for (const listener of this.listeners) listener(changes);
  }
}
