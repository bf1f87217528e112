// The requests the server is answering, for work it does in the background (storing the
// index after a branch switch) to wait for between its time slices: slices taken in turn
// with a request's halve its speed, and a 100,000-file index stored meanwhile made the
// dashboard's report two to three times slower.

export class RequestsInProgress {
  private count = 0;
  private closed = false;
  private waiting: (() => void)[] = [];

  begin(): void {
    this.count++;
  }

  end(): void {
    this.count--;
    if (this.count === 0) this.wake();
  }

  /** Resolves once no request is in progress: at once when none is, or after close(). */
  none(): Promise<void> {
    if (this.count === 0 || this.closed) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** From now on nothing waits (at shutdown, the index is stored whatever is still answered). */
  close(): void {
    this.closed = true;
    this.wake();
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const resume of waiting) resume();
  }
}
