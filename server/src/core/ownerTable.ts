/**
 * The files that own a key of the index (a heading text, a service, a tag, a
 * team), each with a value. A key few files share keeps them in a Map by URI. A
 * key a large part of the workspace shares (a section every RCA has, a team
 * owning items everywhere) keeps a bit per file number instead, and its values
 * once if they are all the same, else one per file number: at 100,000 RCAs a
 * twentieth of the Map's memory for a heading every RCA has.
 */

/** Dense numbers for the index's files, a number reused after its file goes. */
export class FileNumbers {
  private readonly uris: (string | undefined)[] = [];
  private readonly free: number[] = [];

  /** `numberOf` finds the number of a file in use. */
  constructor(readonly numberOf: (uri: string) => number | undefined) {}

  /** One more than the largest number given. */
  get capacity(): number {
    return this.uris.length;
  }

  take(uri: string): number {
    const n = this.free.pop() ?? this.uris.length;
    this.uris[n] = uri;
    return n;
  }

  release(n: number): void {
    this.uris[n] = undefined;
    this.free.push(n);
  }

  /** The URI of the file numbered `n` (a number in use). */
  uriOf(n: number): string {
    return this.uris[n]!;
  }
}

/** What a Map costs per entry, in bytes (measured at 100,000 RCAs: 25 for a Set of URIs, more with values). */
const MAP_BYTES_PER_OWNER = 40;
/** Below this many owners a Map is kept, whatever the workspace's size. */
const MIN_DENSE_OWNERS = 64;

/** An OwnerTable as its readers see it. */
export interface Owners<V = true> extends Iterable<[string, V]> {
  readonly size: number;
  has(uri: string): boolean;
  get(uri: string): V | undefined;
  /** Each owner's URI. */
  keys(): Iterable<string>;
  /** Visits each owner's value and URI, allocating nothing per owner: for loops over most of the workspace. */
  forEach(visit: (value: V, uri: string) => void): void;
}

export class OwnerTable<V = true> implements Owners<V> {
  private map: Map<string, V> | undefined = new Map();
  /** Dense: a bit per file number. */
  private bits = new Uint32Array(0);
  /** Whether owners differ in value (once set, kept until the table empties or changes form). */
  private varied = false;
  /** Every owner's value while they do not differ. */
  private sharedValue: V | undefined;
  /** Dense and varied: the value per file number. */
  private values: (V | undefined)[] | undefined;
  private count = 0;

  constructor(private readonly numbers: FileNumbers) {}

  get size(): number {
    return this.map ? this.map.size : this.count;
  }

  has(uri: string): boolean {
    if (this.map) return this.map.has(uri);
    const n = this.numbers.numberOf(uri);
    return n !== undefined && this.hasNumber(n);
  }

  get(uri: string): V | undefined {
    if (this.map) return this.map.get(uri);
    const n = this.numbers.numberOf(uri);
    return n !== undefined && this.hasNumber(n) ? this.valueAt(n) : undefined;
  }

  /** Adds or replaces the owner numbered `n`, whose URI is `uri`. */
  set(n: number, uri: string, value: V): void {
    if (this.size === 0) {
      this.sharedValue = value;
      this.varied = false;
    } else if (!this.varied && value !== this.sharedValue) {
      this.vary();
    }
    if (this.map) {
      this.map.set(uri, value);
      if (this.map.size >= MIN_DENSE_OWNERS && this.map.size * MAP_BYTES_PER_OWNER > 2 * this.denseBytes(this.numbers.capacity)) this.makeDense();
      return;
    }
    if (n >= this.bits.length * 32) this.grow(n + 1);
    if (!this.hasNumber(n)) this.count++;
    this.bits[n >>> 5] |= 1 << (n & 31);
    if (this.values) this.values[n] = value;
  }

  /** Removes the owner numbered `n`, whose URI is `uri` (its number is all the dense form reads: the file may be out of the index already); its value, if it was one. */
  delete(n: number, uri: string): V | undefined {
    if (this.map) {
      const value = this.map.get(uri);
      this.map.delete(uri);
      return value;
    }
    if (!this.hasNumber(n)) return undefined;
    const value = this.valueAt(n);
    this.bits[n >>> 5] &= ~(1 << (n & 31));
    if (this.values) this.values[n] = undefined;
    this.count--;
    if (this.count * MAP_BYTES_PER_OWNER * 2 < this.denseBytes(this.bits.length * 32)) this.makeSparse();
    return value;
  }

  /** Each owner's URI with its value. */
  *[Symbol.iterator](): Generator<[string, V]> {
    if (this.map) return yield* this.map;
    for (const n of this.ownerNumbers()) yield [this.numbers.uriOf(n), this.valueAt(n)];
  }

  /** Each owner's URI. */
  *keys(): Generator<string> {
    if (this.map) return yield* this.map.keys();
    for (const n of this.ownerNumbers()) yield this.numbers.uriOf(n);
  }

  forEach(visit: (value: V, uri: string) => void): void {
    if (this.map) this.map.forEach(visit);
    else this.eachOwnerNumber((n) => visit(this.valueAt(n), this.numbers.uriOf(n)));
  }

  /** The owners' numbers, ascending. */
  private ownerNumbers(): number[] {
    const numbers: number[] = [];
    this.eachOwnerNumber((n) => numbers.push(n));
    return numbers;
  }

  private eachOwnerNumber(visit: (n: number) => void): void {
    const bits = this.bits;
    for (let word = 0; word < bits.length; word++) {
      for (let rest = bits[word]; rest !== 0; rest &= rest - 1) visit(word * 32 + (31 - Math.clz32(rest & -rest)));
    }
  }

  private hasNumber(n: number): boolean {
    return n < this.bits.length * 32 && (this.bits[n >>> 5] & (1 << (n & 31))) !== 0;
  }

  private valueAt(n: number): V {
    return (this.values ? this.values[n] : this.sharedValue) as V;
  }

  /** What the dense form costs for `slots` file numbers: a bit each, and a value each when owners differ in value. */
  private denseBytes(slots: number): number {
    return slots / 8 + (this.varied ? 8 * slots : 0);
  }

  /** Owners now differ in value: the dense form keeps one per file number. */
  private vary(): void {
    this.varied = true;
    if (this.map) return;
    const values = (this.values = new Array<V | undefined>(this.bits.length * 32).fill(undefined));
    this.eachOwnerNumber((n) => (values[n] = this.sharedValue));
  }

  private grow(slots: number): void {
    const bits = new Uint32Array(Math.max(Math.ceil(slots / 32), this.bits.length * 2));
    bits.set(this.bits);
    this.bits = bits;
    if (this.values) while (this.values.length < bits.length * 32) this.values.push(undefined);
  }

  private makeDense(): void {
    const owners = this.map!;
    this.map = undefined;
    this.count = 0;
    this.grow(this.numbers.capacity);
    for (const [uri, value] of owners) this.set(this.numbers.numberOf(uri)!, uri, value);
  }

  private makeSparse(): void {
    const owners = new Map(this);
    this.bits = new Uint32Array(0);
    this.values = undefined;
    this.count = 0;
    this.map = owners;
    const [first] = owners.values();
    this.sharedValue = first;
    this.varied = false;
    for (const value of owners.values()) if (value !== first) this.varied = true;
  }
}
