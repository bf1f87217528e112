// The first few of many values in an order, in bounded memory: the Action Items view's first
// rows of a group of 400,000, the dashboard's first open items of each owner.

/**
 * The first `size` values added in `compare`'s order (values that compare equal in the order
 * added, as a stable sort gives them), and how many others: at most twice `size` are held,
 * whatever is added. `keep` makes what is kept of a value: a caller that refills one object for
 * every value copies it, so that only kept values are made.
 */
export class FirstOf<T> {
  private readonly kept: T[] = [];
  /** The last of the first ones once there are that many: what comes after it is only counted. */
  private last: T | undefined;
  private count = 0;

  constructor(
    private readonly size: number,
    private readonly compare: (a: T, b: T) => number,
    private readonly keep: (value: T) => T,
  ) {}

  add(value: T): void {
    this.count++;
    if (this.last !== undefined && this.compare(value, this.last) >= 0) return;
    this.kept.push(this.keep(value));
    if (this.kept.length >= 2 * this.size) this.trim();
  }

  /** How many were added. */
  get added(): number {
    return this.count;
  }

  take(): { first: readonly T[]; more: number } {
    this.trim();
    return { first: this.kept, more: this.count - this.kept.length };
  }

  private trim(): void {
    this.kept.sort(this.compare);
    if (this.kept.length >= this.size) {
      this.kept.length = this.size;
      this.last = this.kept[this.size - 1];
    }
  }
}
