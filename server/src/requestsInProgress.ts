// The requests the server is answering, for work it does in the background (storing the
// index, making lookups, looking at the files of a stored index) to wait for between its
// time slices: slices taken in turn with a request's halve its speed, and a 100,000-file
// index stored meanwhile made the dashboard's report two to three times slower.
//
// A request passes through several turns of the event loop between its arrival and its
// answer leaving (the JSON-RPC queue, the handler, the writer), and background work that
// took an 8 ms slice at each turn kept a request that takes 1 ms waiting 70 ms. So the
// work also waits a short quiet time after the last request ends: the answer is written
// meanwhile, and an editor's next request (it often sends a few together) comes in.

/** How long background work waits after the last request ended. */
export const QUIET_MS = 10;

/** Calls `run` after `ms` milliseconds; the returned function cancels it. */
export type Timer = (run: () => void, ms: number) => () => void;

const systemTimer: Timer = (run, ms) => {
  const handle = setTimeout(run, ms);
  return () => clearTimeout(handle);
};

export class RequestsInProgress {
  private count = 0;
  private closed = false;
  private waiting: (() => void)[] = [];
  /** Whether the quiet time after the last request is running out; cancels it. */
  private cancelQuiet: (() => void) | undefined;

  constructor(
    private readonly timer: Timer = systemTimer,
    private readonly quietMs = QUIET_MS,
  ) {}

  begin(): void {
    this.count++;
    this.cancelQuiet?.();
    this.cancelQuiet = undefined;
  }

  end(): void {
    this.count--;
    if (this.count > 0 || this.closed) return;
    this.cancelQuiet?.();
    this.cancelQuiet = this.timer(() => {
      this.cancelQuiet = undefined;
      this.wake();
    }, this.quietMs);
  }

  /** Resolves once no request is in progress and the quiet time after the last one has run out: at once when it has, or after close(). */
  none(): Promise<void> {
    if (this.closed || (this.count === 0 && this.cancelQuiet === undefined)) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** From now on nothing waits (at shutdown, the index is stored whatever is still answered). */
  close(): void {
    this.closed = true;
    this.cancelQuiet?.();
    this.cancelQuiet = undefined;
    this.wake();
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const resume of waiting) resume();
  }
}
