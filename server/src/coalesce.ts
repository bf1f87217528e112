// Coalesces a document's edits without making small documents wait. A document
// whose last analysis was cheap is analysed on the host's next turn, so each
// keystroke gets its diagnostics at once. A costly one (a large RCA) waits after
// its last change as long as its last analysis took, up to a cap: a burst of
// keystrokes is analysed once, for its last version, and analysis never takes
// more than about half of the server's time while someone types.

/** Below this cost (ms) a document is analysed on the next turn, without a timer. */
const CHEAP_MS = 2;

interface Pending {
  timer?: ReturnType<typeof setTimeout>;
  waiters: (() => void)[];
}

export class EditCoalescer {
  private readonly pending = new Map<string, Pending>();
  /** Each open document's cost (ms) of its last settle. */
  private readonly costs = new Map<string, number>();

  constructor(
    /** Analyses the document's current version. */
    private readonly settle: (uri: string) => void,
    /** Resolves on the host's next turn, after the messages already received. */
    private readonly nextTurn: () => Promise<void>,
    private readonly maxDelayMs = 150,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The document changed: settle it when its edits pause, as long as its last analysis took. */
  changed(uri: string): void {
    const previous = this.pending.get(uri);
    if (previous?.timer !== undefined) clearTimeout(previous.timer);
    const entry: Pending = { waiters: previous?.waiters ?? [] };
    this.pending.set(uri, entry);
    const cost = this.costs.get(uri) ?? 0;
    if (cost < CHEAP_MS) void this.nextTurn().then(() => this.fire(uri, entry));
    else entry.timer = setTimeout(() => this.fire(uri, entry), Math.min(this.maxDelayMs, Math.ceil(cost)));
  }

  /** Settles the document now (it was just opened), learning what its analysis costs. */
  settleNow(uri: string): void {
    const start = this.now();
    this.settle(uri);
    this.costs.set(uri, this.now() - start);
  }

  /** Resolves once the document has settled (at once when no change is pending). */
  settled(uri: string): Promise<void> {
    const entry = this.pending.get(uri);
    return entry ? new Promise((resolve) => entry.waiters.push(resolve)) : Promise.resolve();
  }

  /** Forgets a closed document; whoever waits on it resumes. */
  forget(uri: string): void {
    this.costs.delete(uri);
    const entry = this.pending.get(uri);
    if (!entry) return;
    if (entry.timer !== undefined) clearTimeout(entry.timer);
    this.pending.delete(uri);
    for (const resume of entry.waiters) resume();
  }

  dispose(): void {
    for (const uri of [...this.pending.keys()]) this.forget(uri);
  }

  private fire(uri: string, entry: Pending): void {
    // A later change or a close has replaced this entry: that one settles.
    if (this.pending.get(uri) !== entry) return;
    this.pending.delete(uri);
    this.settleNow(uri);
    for (const resume of entry.waiters) resume();
  }
}
