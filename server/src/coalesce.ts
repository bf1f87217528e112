// Coalesces a document's edits: a burst of keystrokes is analysed once, for
// its last version, when the document has been quiet for a moment.

export class EditCoalescer {
  private readonly pending = new Map<string, { timer: ReturnType<typeof setTimeout>; waiters: (() => void)[] }>();

  constructor(
    private readonly delayMs: number,
    /** Called once per quiet period with the document's URI. */
    private readonly settle: (uri: string) => void,
  ) {}

  /** The document changed: settle it `delayMs` after its last change. */
  changed(uri: string): void {
    const entry = this.pending.get(uri);
    if (entry) clearTimeout(entry.timer);
    this.pending.set(uri, { timer: setTimeout(() => this.fire(uri), this.delayMs), waiters: entry?.waiters ?? [] });
  }

  /** Resolves once the document has settled (at once when no change is pending). */
  settled(uri: string): Promise<void> {
    const entry = this.pending.get(uri);
    return entry ? new Promise((resolve) => entry.waiters.push(resolve)) : Promise.resolve();
  }

  /** Forgets a closed document's pending change; whoever waits on it resumes. */
  forget(uri: string): void {
    const entry = this.pending.get(uri);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.pending.delete(uri);
    for (const resume of entry.waiters) resume();
  }

  dispose(): void {
    for (const uri of [...this.pending.keys()]) this.forget(uri);
  }

  private fire(uri: string): void {
    const entry = this.pending.get(uri)!;
    this.pending.delete(uri);
    this.settle(uri);
    for (const resume of entry.waiters) resume();
  }
}
