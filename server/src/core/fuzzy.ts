// Fuzzy matching: edit distance for "did you mean", and the scores, prefilter and
// bounded best-first list that completion and workspace symbols rank 10,000
// candidates with, never sorting them all.

/** Levenshtein distance; with `cap`, gives up (returning `cap`) once it cannot be below it, for scans of many names. */
export function editDistance(a: string, b: string, cap = Infinity): number {
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (current[j] < rowMin) rowMin = current[j];
    }
    if (rowMin >= cap) return cap;
    previous = current;
  }
  return previous[b.length];
}

/**
 * Names longer than this get no suggestions and are never suggested: a name is a
 * service or team, and edit distance costs the product of the two lengths (a
 * pasted megabyte against a catalog would take seconds).
 */
export const MAX_SUGGESTED_NAME = 64;

/** Up to `limit` candidates close to `name` (ignoring case), nearest first. */
export function nearest(name: string, candidates: readonly string[], limit = 3): string[] {
  if (name.length > MAX_SUGGESTED_NAME) return [];
  const wanted = name.toLowerCase();
  const threshold = Math.max(2, Math.floor(wanted.length / 3));
  const close: { candidate: string; distance: number }[] = [];
  for (const candidate of candidates) {
    if (candidate.length > MAX_SUGGESTED_NAME) continue;
    const lower = candidate.toLowerCase();
    const contains = lower.includes(wanted) || wanted.includes(lower);
    // Lengths further apart than the threshold put the distance above it.
    if (!contains && Math.abs(lower.length - wanted.length) > threshold) continue;
    const distance = editDistance(wanted, lower, contains ? Infinity : threshold + 1);
    if (distance <= threshold || contains) close.push({ candidate, distance });
  }
  return close
    .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate))
    .slice(0, limit)
    .map((c) => c.candidate);
}

/** Every fuzzyScore is below this. */
export const SCORE_LIMIT = 1000;

/**
 * How well `query` (lower case) matches `text` (lower case): 0 when its characters
 * do not all appear in order. A prefix beats a word-start substring beats a
 * substring beats a scattered match; shorter texts win ties.
 */
export function fuzzyScore(query: string, text: string): number {
  if (query === '') return 1;
  if (query.length > text.length) return 0;
  const at = text.indexOf(query);
  if (at === 0) return SCORE_LIMIT - Math.min(text.length, 200);
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

/**
 * The letters and digits of a lower-case text as bits (a–z one each, digits in
 * pairs). fuzzyScore is 0 unless every character of the query is in the text, so
 * a text whose mask lacks a bit of the query's is skipped without being read.
 */
export function charMask(text: string): number {
  let mask = 0;
  for (let i = 0; i < text.length; i++) mask |= charBit(text.charCodeAt(i));
  return mask;
}

/** A character's bit in charMask; 0 for any but a–z and 0–9. */
function charBit(c: number): number {
  if (c >= 97 && c <= 122) return 1 << (c - 97);
  if (c >= 48 && c <= 57) return 1 << (26 + ((c - 48) >> 1));
  return 0;
}

/** Whether a text of mask `textMask` may match a query of mask `queryMask`. */
export function mayMatch(queryMask: number, textMask: number): boolean {
  return (queryMask & ~textMask) === 0;
}

/** The numbers a text shape takes (see writeShape). */
export const SHAPE_SIZE = 3;

/**
 * Writes at `at` the shape of some lower-case texts: the bits (charMask) of their
 * first characters, of their word starts, and their least length and position of
 * a letter. scoreBound reads from it how well a query can match any of them: a
 * scan of 100,000 files skips most without reading their texts.
 */
export function writeShape(shapes: Int32Array, at: number, texts: readonly string[]): void {
  let first = 0;
  let words = 0;
  let length = 200;
  let letterFrom = 100;
  for (const text of texts) {
    if (text.length > 0) first |= charBit(text.charCodeAt(0));
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (isBoundary(text, i)) words |= charBit(c);
      if (i < letterFrom && c >= 97 && c <= 122) letterFrom = i;
    }
    length = Math.min(length, text.length);
  }
  shapes[at] = first;
  shapes[at + 1] = words;
  shapes[at + 2] = length | (letterFrom << 8);
}

/**
 * At least fuzzyScore(query, text) for every text of the shape at `at` and every
 * query whose first character has the code `first`: a prefix needs the text to
 * start with it, a substring to have it at a word start for its best score and
 * at a letter's position or further for a letter; a scattered match scores below
 * any substring.
 */
export function scoreBound(first: number, shapes: Int32Array, at: number): number {
  const bit = charBit(first);
  const length = shapes[at + 2] & 0xff;
  if (bit === 0 || (shapes[at] & bit) !== 0) return SCORE_LIMIT - length;
  // Where a substring not at the start can begin: past the first letter for a letter.
  const from = bit < 1 << 26 ? Math.max(1, shapes[at + 2] >> 8) : 1;
  const shorter = Math.min(length, 100);
  if ((shapes[at + 1] & bit) !== 0) return 800 - from - shorter;
  return Math.max(1, Math.max(600 - from, 500) - shorter);
}

/** The numbers a pair mask takes (see writePairs): 128 bits. */
export const PAIRS_SIZE = 4;

/** A pair of adjacent characters' bit in a pair mask, 0–127. */
function pairBit(a: number, b: number): number {
  return (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77)) >>> 25;
}

/**
 * Writes at `at` the pairs of adjacent characters of some texts, hashed to bits.
 * A query with a pair the mask lacks is no substring of any of them, so scores
 * at most ScanQuery.scatteredBound there: a scan passes over the texts where a word
 * starts with the query's first letter but the query is nowhere (`late` in "load test").
 */
export function writePairs(pairs: Int32Array, at: number, texts: readonly string[]): void {
  pairs.fill(0, at, at + PAIRS_SIZE);
  for (const text of texts) {
    for (let i = 1; i < text.length; i++) addPair(pairs, at, pairBit(text.charCodeAt(i - 1), text.charCodeAt(i)));
  }
}

function addPair(pairs: Int32Array, at: number, bit: number): void {
  pairs[at + (bit >> 5)] |= 1 << (bit & 31);
}

/** A scattered match's score, before it is multiplied by 4 and capped at 500, at which the cap is reached. */
const SCATTERED_SATURATES = 125;

/** A lower-case query as a scan bounds it: its pair mask, and each character's bits. */
export class ScanQuery {
  private readonly pairs = new Int32Array(PAIRS_SIZE);
  /** Each character's bit in charMask (0 for any other character). */
  private readonly charBits: number[] = [];
  /** Each character's pair bit with the one before it (the first's is unused). */
  private readonly pairBits: number[] = [];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      this.charBits.push(charBit(text.charCodeAt(i)));
      const bit = i === 0 ? 0 : pairBit(text.charCodeAt(i - 1), text.charCodeAt(i));
      this.pairBits.push(bit);
      if (i > 0) addPair(this.pairs, 0, bit);
    }
  }

  /** Whether texts of the pair mask at `at` may contain the query. */
  mayBeIn(pairs: Int32Array, at: number): boolean {
    const own = this.pairs;
    return (own[0] & ~pairs[at]) === 0 && (own[1] & ~pairs[at + 1]) === 0 && (own[2] & ~pairs[at + 2]) === 0 && (own[3] & ~pairs[at + 3]) === 0;
  }

  /**
   * At least fuzzyScore(query, text) for every text of the shape at `shapeAt` and the
   * pair mask at `pairsAt` that does not contain the query: a scattered match, whose
   * characters run on only where the texts have the pair, and earn the word-start
   * bonus only where a word starts with them.
   */
  scatteredBound(shapes: Int32Array, shapeAt: number, pairs: Int32Array, pairsAt: number): number {
    const words = shapes[shapeAt + 1];
    let score = 0;
    let run = 0;
    for (let i = 0; i < this.charBits.length; i++) {
      const pair = this.pairBits[i];
      run = i > 0 && (pairs[pairsAt + (pair >> 5)] & (1 << (pair & 31))) !== 0 ? run + 1 : 0;
      const bit = this.charBits[i];
      score += 1 + run * 2 + (bit === 0 || (words & bit) !== 0 ? 3 : 0);
      // Past 125 the bound is 500 whatever follows: a query a megabyte long costs 125 steps a row, not a million.
      if (score >= SCATTERED_SATURATES) break;
    }
    return Math.max(1, Math.min(score * 4, 500) - Math.min(shapes[shapeAt + 2] & 0xff, 100));
  }
}

function isBoundary(text: string, at: number): boolean {
  if (at === 0) return true;
  const prev = text.charCodeAt(at - 1);
  // Anything but a letter or digit before it: `-`, `_`, `/`, space, `.`.
  return !((prev >= 97 && prev <= 122) || (prev >= 48 && prev <= 57) || prev > 127);
}

/**
 * Keeps the `capacity` best items by `compare` (negative: a before b). A heap with
 * the worst kept item at its root: each offer costs O(log capacity), even when
 * candidates arrive worst first (files are walked oldest first).
 */
export class TopK<T> {
  private readonly heap: T[] = [];

  constructor(
    private readonly capacity: number,
    private readonly compare: (a: T, b: T) => number,
  ) {}

  /** Whether `item` would be kept (so callers can skip building it). */
  accepts(item: T): boolean {
    return this.heap.length < this.capacity || this.compare(item, this.heap[0]) < 0;
  }

  add(item: T): void {
    if (this.heap.length < this.capacity) {
      this.heap.push(item);
      this.siftUp(this.heap.length - 1);
    } else if (this.compare(item, this.heap[0]) < 0) {
      this.heap[0] = item;
      this.siftDown(0);
    }
  }

  /** The last kept item once full: anything not better is dropped. */
  get worst(): T | undefined {
    return this.heap.length < this.capacity ? undefined : this.heap[0];
  }

  /** The kept items, best first. */
  values(): T[] {
    return [...this.heap].sort(this.compare);
  }

  /** "Worse" rises: a parent is never better than its children. */
  private siftUp(i: number): void {
    const heap = this.heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.compare(heap[parent], heap[i]) >= 0) break;
      [heap[parent], heap[i]] = [heap[i], heap[parent]];
      i = parent;
    }
  }

  private siftDown(i: number): void {
    const heap = this.heap;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const worse = right < heap.length && this.compare(heap[right], heap[left]) > 0 ? right : left;
      if (this.compare(heap[worse], heap[i]) <= 0) break;
      [heap[worse], heap[i]] = [heap[i], heap[worse]];
      i = worse;
    }
  }
}
