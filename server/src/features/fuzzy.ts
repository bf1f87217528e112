// Fuzzy matching for completion and workspace symbols, and a bounded best-first
// list so ranking 10,000 candidates never sorts them all.

/**
 * How well `query` (lower case) matches `text` (lower case): 0 when its characters
 * do not all appear in order. A prefix beats a word-start substring beats a
 * substring beats a scattered match; shorter texts win ties.
 */
export function fuzzyScore(query: string, text: string): number {
  if (query === '') return 1;
  if (query.length > text.length) return 0;
  const at = text.indexOf(query);
  if (at === 0) return 1000 - Math.min(text.length, 200);
  if (at > 0) return (isBoundary(text, at) ? 800 : 600) - Math.min(at, 100) - Math.min(text.length, 100);
  let score = 0;
  let run = 0;
  let from = 0;
  for (let i = 0; i < query.length; i++) {
    const found = text.indexOf(query[i], from);
    if (found === -1) return 0;
    run = found === from && i > 0 ? run + 1 : 0;
    score += 1 + run * 2 + (isBoundary(text, found) ? 3 : 0);
    from = found + 1;
  }
  return Math.max(1, Math.min(score * 4, 500) - Math.min(text.length, 100));
}

function isBoundary(text: string, at: number): boolean {
  if (at === 0) return true;
  const prev = text.charCodeAt(at - 1);
  // Anything but a letter or digit before it: `-`, `_`, `/`, space, `.`.
  return !((prev >= 97 && prev <= 122) || (prev >= 48 && prev <= 57) || prev > 127);
}

/** Code-unit order: stable across locales and far cheaper than `localeCompare`. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Keeps the `capacity` best items by `compare` (negative: a before b), in order. */
export class TopK<T> {
  private readonly items: T[] = [];
  private seen = 0;

  constructor(
    private readonly capacity: number,
    private readonly compare: (a: T, b: T) => number,
  ) {}

  /** Whether more items were offered than kept. */
  get truncated(): boolean {
    return this.seen > this.items.length;
  }

  /** Whether `item` would be kept (so callers can skip building it). */
  accepts(item: T): boolean {
    return this.items.length < this.capacity || this.compare(item, this.items[this.items.length - 1]) < 0;
  }

  add(item: T): void {
    this.seen++;
    if (!this.accepts(item)) return;
    let low = 0;
    let high = this.items.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.compare(this.items[mid], item) <= 0) low = mid + 1;
      else high = mid;
    }
    this.items.splice(low, 0, item);
    if (this.items.length > this.capacity) this.items.pop();
  }

  /** The last kept item once full: anything not better is dropped. */
  get worst(): T | undefined {
    return this.items.length < this.capacity ? undefined : this.items[this.items.length - 1];
  }

  values(): T[] {
    return this.items;
  }
}
