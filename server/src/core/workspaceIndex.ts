// The workspace index: a compact entry per Markdown file (no text is kept), and
// the maps that make link resolution and backlinks lookups, not scans. It is
// updated one file at a time.
import type { RcaDocument } from './model';
import { incidentTimelineFigures, type IncidentTimelineFigures } from '../../../shared/incidentFigures';
import { isDoneMark, rowMark } from './actionItems';
import { charMask, mayMatch, PAIRS_SIZE, ScanQuery, scoreBound, SHAPE_SIZE, writePairs, writeShape } from './fuzzy';
import type { CancellationToken } from './workspace';
import { compareText, slugify } from './text';
import { FileNumbers, OwnerTable, type Owners } from './ownerTable';
import { calendarDateDay, isCalendarDate } from '../../../shared/calendarDay';
import { hasExtension, isInside, isMarkdownUri, linkedUri, linkKey, relativePath, uriBasename, withoutMarkdownExtension } from './uri';

/** A heading as the index keeps it: no slug (computed when a `#fragment` is matched, not kept for 100,000 headings). */
export interface IndexedHeading {
  readonly level: number;
  readonly text: string;
  readonly line: number;
  /** Where the heading's text starts on its line (its length is `text.length`). */
  readonly character: number;
}

/**
 * One `[[wiki-link]]` or ordinary link occurrence, for backlinks and rename. Links
 * never span lines; the target and heading are the text as written (a wiki-link's
 * trimmed), so their ranges are `targetStart + target.length` and `headingStart + heading.length`.
 */
export interface IndexedLink {
  readonly line: number;
  /** Of `[[` (or an ordinary link's `[`). */
  readonly start: number;
  /** After `]]` (or the ordinary link's end). */
  readonly end: number;
  /** A wiki-link's target; an ordinary link's path as written ('' for `#heading`). */
  readonly target: string;
  readonly targetStart: number;
  /** The `#fragment` as written. */
  readonly heading: string | undefined;
  /** -1 without a `#fragment`. */
  readonly headingStart: number;
  /** An ordinary link's target file (see markdownTarget); undefined for a wiki-link. */
  readonly uri?: string;
}

export interface RcaSummary extends IncidentTimelineFigures {
  readonly title: string | undefined;
  readonly date: string | undefined;
  readonly severity: string | undefined;
  readonly status: string | undefined;
  readonly author: string | undefined;
  readonly services: readonly string[];
  readonly tags: readonly string[];
  readonly durationMinutes: number | undefined;
  /** From the timeline: resolved, and mitigated, minus impact started (else the first event). */
  readonly timeToResolve: number | undefined;
  readonly timeToMitigate: number | undefined;
  /** The Summary's "affected N users" (else Customer Impact's "N users affected"). */
  readonly usersAffected: number | undefined;
  /** Customer Impact's "revenue impact: $N". */
  readonly revenueImpact: number | undefined;
  /** The Action Items rows, packed (see packActionItems): one string per RCA instead of dozens of objects. */
  readonly actionItems: string;
}

/** An Action Items row, for owners' open items across the workspace. */
export interface IndexedActionItem {
  readonly line: number;
  readonly action: string;
  readonly owner: string;
  readonly priority: string;
  /** As written; a calendar date when valid. */
  readonly due: string;
  /** The Status cell; empty when the table has no Status column. */
  readonly status: string;
  /** The Ticket (Issue, Link) cell; empty when the table has no such column. */
  readonly ticket: string;
}

/** The due day a done action item is kept with: never past, after every open item's. */
export const DONE_ITEM_DAY = Infinity;

/** An action item's day in a team's lookups: DONE_ITEM_DAY when done, else its due day, NaN without a date. */
export function itemDueDay(done: boolean, due: string): number {
  return done ? DONE_ITEM_DAY : (calendarDateDay(due) ?? NaN);
}

/**
 * The author and every action item owner of an RCA (its action items unpacked: `items`,
 * with their marks: `marks`), each with the days (itemDueDay) of the items it owns.
 */
function teamsOf(rca: RcaSummary, items: readonly IndexedActionItem[], marks: readonly (string | undefined)[]): Map<string, number[]> {
  const teams = new Map<string, number[]>();
  items.forEach((item, k) => {
    // Copies: a name cut from the packed rows would keep them alive as a map key.
    const owner = own(item.owner.trim());
    if (owner === '') return;
    const days = teams.get(owner) ?? [];
    days.push(itemDueDay(isDoneMark(marks[k]), item.due));
    teams.set(owner, days);
  });
  const author = rca.author?.trim();
  if (author && !teams.has(author)) teams.set(own(author), []);
  return teams;
}

/** What the action items view shows of an RCA, as one string to compare: '' without rows. */
function actionItemsShown(rca: RcaSummary | undefined, title: string | undefined): string {
  return rca?.actionItems ? `${rca.title ?? title}\n${rca.date}\n${rca.actionItems}` : '';
}

/** Rows as `line, priority, owner, due, status, ticket, action`, tab-separated, one per line. */
export function packActionItems(items: readonly IndexedActionItem[]): string {
  const clean = (text: string) => text.replace(/[\t\n\r]/g, ' ');
  return items.map((a) => [a.line, a.priority, a.owner, a.due, a.status, a.ticket, a.action].map((v) => clean(String(v))).join('\t')).join('\n');
}

/**
 * Reads the rows packActionItems packed one at a time into its own fields, making no object a
 * row; a field a row lacks is empty. A pass of the Action Items view reads every row of the
 * workspace (400,000 at 100,000 RCAs) and keeps a few hundred: objects made for every row, the
 * first of which were kept, led V8 to make all of them in the old generation (allocation-site
 * pretenuring), where each kept the next rows' texts alive through the scavenges: three times
 * slower. Sliced by hand: splitting made two arrays a row and took three times as long.
 */
export class ActionItemReader implements IndexedActionItem {
  line = 0;
  priority = '';
  owner = '';
  due = '';
  status = '';
  ticket = '';
  action = '';
  private packed = '';
  /** Where the next row starts; -1 after the last. */
  private at = -1;

  /** Reads `packed` from its first row on. */
  start(packed: string): this {
    this.packed = packed;
    this.at = packed === '' ? -1 : 0;
    return this;
  }

  /** Reads the next row into the fields; false after the last. */
  next(): boolean {
    if (this.at < 0) return false;
    const newline = this.packed.indexOf('\n', this.at);
    const rowEnd = newline >= 0 ? newline : this.packed.length;
    this.line = Number(this.field(rowEnd));
    this.priority = this.field(rowEnd);
    this.owner = this.field(rowEnd);
    this.due = this.field(rowEnd);
    this.status = this.field(rowEnd);
    this.ticket = this.field(rowEnd);
    // The action is the rest of the row: packing took any tab out of it.
    this.action = this.packed.slice(this.at, rowEnd);
    this.at = newline >= 0 ? newline + 1 : -1;
    return true;
  }

  /** The field from `at` to the next tab before `rowEnd`, or to it; moves `at` past it. */
  private field(rowEnd: number): string {
    const tab = this.packed.indexOf('\t', this.at);
    const end = tab >= 0 && tab < rowEnd ? tab : rowEnd;
    const text = this.packed.slice(this.at, end);
    this.at = Math.min(end + 1, rowEnd);
    return text;
  }
}

/** A row's fields in an object of their own: an ActionItemReader's change at its next row. */
export function copyActionItem(item: IndexedActionItem): IndexedActionItem {
  return { line: item.line, priority: item.priority, owner: item.owner, due: item.due, status: item.status, ticket: item.ticket, action: item.action };
}

/** The rows packActionItems packed, as objects. */
export function unpackActionItems(packed: string): IndexedActionItem[] {
  const items: IndexedActionItem[] = [];
  const reader = new ActionItemReader().start(packed);
  while (reader.next()) items.push(copyActionItem(reader));
  return items;
}

export interface IndexEntry {
  readonly uri: string;
  /** Workspace-relative path, for messages. */
  readonly relativePath: string;
  /** Workspace-relative path without `.md`, lower case: what `[[folder/target]]` matches. */
  readonly pathKey: string;
  readonly key: string;
  /** Made anew at each read from what the entry keeps packed: read it once per use. */
  readonly headings: readonly IndexedHeading[];
  /** Lower-case basename keys of every link target in the file; made anew at each read, as `headings`. */
  readonly linkKeys: readonly string[];
  /** Every wiki-link and ordinary link in the file, in document order; made anew at each read, as `headings`. */
  readonly links: readonly IndexedLink[];
  /** `headings` as the entry keeps them (see HEADING_STRIDE). */
  readonly headingValues: Packed;
  /** `links` as the entry keeps them (see LINK_STRIDE). */
  readonly linkValues: Packed;
  /** The file's name as written, without `.md`: what a plain `[[link]]` to it says. */
  readonly name: string;
  /** The first `# ` heading's text. */
  readonly title: string | undefined;
  /** A `YYYY-MM-DD` for recency: the RCA's date, else a date leading the file name. */
  readonly date: string | undefined;
  /** `date` as a day number, NO_DAY without a valid one: what recency compares (numbers, not strings, for 10,000 files). */
  readonly day: number;
  /** Higher is more recent: bumped each time the file's entry is replaced after the first indexing (edits, saves). */
  readonly touched: number;
  readonly rca: RcaSummary | undefined;
}

/**
 * A heading as an entry keeps it: its text, line, and level + 8 × character, in a
 * list of three values a heading. An object a heading took twice the memory: a
 * workspace of 100,000 files has over a million headings.
 */
export const HEADING_STRIDE = 3;
/** A link as an entry keeps it: IndexedLink's fields in a list of eight values a link, in their order (see IndexedLink). */
export const LINK_STRIDE = 8;
/** Headings or links packed (see HEADING_STRIDE and LINK_STRIDE). */
export type Packed = readonly (string | number | undefined)[];
const NONE_PACKED: Packed = [];

function packHeading(values: (string | number | undefined)[], level: number, text: string, line: number, character: number): void {
  values.push(text, line, level + 8 * character);
}

function packLink(values: (string | number | undefined)[], l: IndexedLink): void {
  values.push(l.line, l.start, l.end, l.target, l.targetStart, l.heading, l.headingStart, l.uri);
}

/** Packed headings (see HEADING_STRIDE) as objects. */
export function unpackHeadings(v: Packed): IndexedHeading[] {
  const headings: IndexedHeading[] = [];
  for (let i = 0; i < v.length; i += HEADING_STRIDE) {
    const packed = v[i + 2] as number;
    const level = packed % 8;
    headings.push({ level, text: v[i] as string, line: v[i + 1] as number, character: (packed - level) / 8 });
  }
  return headings;
}

/** Packed links (see LINK_STRIDE) as objects. */
export function unpackLinks(v: Packed): IndexedLink[] {
  const links: IndexedLink[] = [];
  for (let i = 0; i < v.length; i += LINK_STRIDE) {
    const link = { line: v[i] as number, start: v[i + 1] as number, end: v[i + 2] as number, target: v[i + 3] as string, targetStart: v[i + 4] as number, heading: v[i + 5] as string | undefined, headingStart: v[i + 6] as number };
    // A wiki-link has no `uri` at all, as the parser gives it.
    links.push(v[i + 7] === undefined ? link : { ...link, uri: v[i + 7] as string });
  }
  return links;
}

/** IndexEntry with its headings and links packed (see HEADING_STRIDE). */
class PackedEntry implements IndexEntry {
  constructor(
    readonly uri: string,
    /** The entry's number in the owner tables (see FileNumbers). */
    readonly number: number,
    readonly relativePath: string,
    readonly pathKey: string,
    readonly key: string,
    /** See HEADING_STRIDE. */
    readonly headingValues: Packed,
    /** See LINK_STRIDE. */
    readonly linkValues: Packed,
    readonly name: string,
    readonly title: string | undefined,
    readonly date: string | undefined,
    readonly day: number,
    readonly touched: number,
    readonly rca: RcaSummary | undefined,
  ) {}

  get headings(): IndexedHeading[] {
    return unpackHeadings(this.headingValues);
  }

  get links(): IndexedLink[] {
    return unpackLinks(this.linkValues);
  }

  /** Made from the links at each read. */
  get linkKeys(): string[] {
    const v = this.linkValues;
    const keys = new Set<string>();
    for (let i = 0; i < v.length; i += LINK_STRIDE) {
      const target = v[i + 3] as string;
      const linked = v[i + 7] as string | undefined;
      // A wiki-link names a basename; an ordinary link its file (itself for a `#heading`).
      if (linked === undefined) {
        if (target !== '') keys.add(targetBasenameKey(target));
      } else if (linked !== this.uri) keys.add(linkKey(uriBasename(linked)));
    }
    return [...keys];
  }

  /** Each heading's text with its level. */
  *headingTexts(): Generator<[string, number]> {
    const v = this.headingValues;
    for (let i = 0; i < v.length; i += HEADING_STRIDE) yield [v[i] as string, (v[i + 2] as number) % 8];
  }
}

/**
 * A file as completion and workspace symbols scan it. Rows are made together, in
 * recency order, with their own copies of the texts, so a scan of 10,000 reads
 * memory in sequence: three to five times faster than through the entries. What
 * decides whether a row is read at all lies in flat columns (see scanSearchRows).
 */
export interface SearchRow {
  readonly entry: IndexEntry;
  /** The entry's key. */
  readonly key: string;
  /** titleOf(entry), lower case. */
  readonly title: string;
  /** `title` without a leading date (`2025-03-01 - `): "database" finds "2025-03-01 - Database outage" as a prefix. */
  readonly undatedTitle: string;
  /** Whether the entry is an RCA: workspace symbols list no other file, and need not read the entry to know. */
  readonly rca: boolean;
}

function searchRow(entry: IndexEntry): SearchRow {
  const title = own(titleOf(entry).toLowerCase());
  return { entry, key: own(entry.key), title, undatedTitle: undatedTitle(title), rca: entry.rca !== undefined };
}

/** The texts of a row a scan scores: completion's name (the key) or path, workspace symbols' title, undated title and key. */
export type SearchField = 'name' | 'path' | 'symbol';

/** Where a field's shape lies in a row's columns, after the row's charMask of its pathKey and title. */
const FIELD_SHAPE: Record<SearchField, number> = { name: 1, path: 1 + SHAPE_SIZE, symbol: 1 + 2 * SHAPE_SIZE };
/** Where the pair mask of all a row's texts lies, after the shapes. */
const PAIRS_AT = 1 + 3 * SHAPE_SIZE;
/** The numbers of a row in the search columns: its mask, a shape per field, its pair mask. */
export const COLUMNS_PER_ROW = PAIRS_AT + PAIRS_SIZE;

function writeSearchColumns(columns: Int32Array, index: number, row: SearchRow): void {
  const at = index * COLUMNS_PER_ROW;
  columns[at] = charMask(row.entry.pathKey) | charMask(row.title);
  writeShape(columns, at + FIELD_SHAPE.name, [row.key]);
  writeShape(columns, at + FIELD_SHAPE.path, [row.entry.pathKey]);
  writeShape(columns, at + FIELD_SHAPE.symbol, [row.title, row.undatedTitle, row.key]);
  // The undated title's pairs are the title's.
  writePairs(columns, at + PAIRS_AT, [row.entry.pathKey, row.title, row.key]);
}

/** What the service hover says of a service, kept as RCAs come and go so that it reads no RCA. */
export interface ServiceHistory {
  /** RCAs naming the service (ignoring case). */
  readonly incidents: number;
  /** The latest of their calendar dates. */
  readonly lastDate: string | undefined;
  /** The median of their finite `duration_minutes`. */
  readonly medianDuration: number | undefined;
}

/** The key a service's history is kept under: its name, trimmed, ignoring case. */
function serviceKey(name: string): string {
  return name.trim().toLowerCase();
}

/** Most recent first: files touched this session (edited, saved) latest first, then by date, newest first, then by path. */
export function compareRecency(a: IndexEntry, b: IndexEntry): number {
  return b.touched - a.touched || b.day - a.day || compareText(a.relativePath, b.relativePath);
}

/** A display title: the RCA's title, else the first `# ` heading, else the file name. */
export function titleOf(entry: Pick<IndexEntry, 'rca' | 'title' | 'name'>): string {
  return entry.rca?.title?.trim() || entry.title || entry.name;
}

export interface IndexOptions {
  /**
   * Keep what editor features look up: backlinks, heading, service, team and
   * tag owners, shared strings. rca-lint only resolves links and turns them off
   * (a tenth of its time at 10,000 files).
   */
  readonly editorLookups: boolean;
}

export class WorkspaceIndex {
  private readonly entries = new Map<string, PackedEntry>();
  private readonly numbers = new FileNumbers((uri) => this.entries.get(uri)?.number);
  private readonly byKey = new Map<string, FewOwners>();
  private readonly linkersByKey = new Map<string, FewOwners>();
  /** Shared copies of repeated strings (headings, link targets, services), with use counts. */
  private readonly strings = new Map<string, SharedString>();
  /** Heading text → files with such a heading: searches score each distinct text once. */
  private readonly headingOwners = new Map<string, OwnerTable>();
  /** Service named in RCA front matter → the RCAs naming it. */
  private readonly serviceOwners = new Map<string, OwnerTable>();
  /**
   * Team (an author or an action item owner, as written) → the RCAs naming it,
   * each with the due days of the items the team owns there (NaN: no valid date),
   * so a team's items are counted and ranked without unpacking every RCA.
   */
  private readonly teamOwners = new Map<string, OwnerTable<readonly number[]>>();
  /** Shared lists of one due day (most teams own one item of an RCA), with use counts. */
  private readonly dueDays = new Map<number, { readonly value: readonly number[]; uses: number }>();
  /** serviceKey → its history, updated with serviceOwners. */
  private readonly histories = new Map<string, Tally>();
  /** Tag → the RCAs carrying it. */
  private readonly tagOwners = new Map<string, OwnerTable>();
  /** Action items by how they say they are done, or by their open Status (see rowMark): the workspace's convention. */
  private readonly marks = new Map<string, number>();
  private clock = 0;
  private changes = 0;
  private actionItemChanges = 0;
  private readonly actionItemListeners = new Set<() => void>();
  /** update() is replacing an entry: its remove() is not a removal. */
  private replacing = false;
  /**
   * A search row per entry (with editorLookups), in compareRecency's order: a
   * touched entry's new row goes first, a removed one's is cut out. Both wait for
   * the next searchRows(), which does them in one pass whatever their number: done
   * one at a time, a branch switch removing or changing thousands of files moved
   * every row once per file (25,000 removals took 14 s at 50,000 files).
   */
  private rows: SearchRow[] = [];
  /** Touched entries whose rows go first, oldest touch first. */
  private touchedFirst: PackedEntry[] = [];
  /** Removed entries whose rows (or places in `unsorted`, `touchedFirst`) are still to cut. */
  private readonly removedRows = new Set<IndexEntry>();
  /**
   * COLUMNS_PER_ROW numbers per row, in the rows' order: its mask, the shapes of
   * its fields and the pair mask of its texts. A scan of 100,000 rows reads these in sequence and reads the rows
   * (scattered over the heap) only where a match could make the list.
   */
  private columns = new Int32Array(0);
  /** The last scan's query and how many rows it could not rule out (their numbers first in scanBuffers[0]); dropped when the rows change. */
  private narrowing: { readonly query: string; readonly field: SearchField; readonly count: number } | undefined;
  private scanBuffers: [Int32Array, Int32Array] = [new Int32Array(0), new Int32Array(0)];
  /**
   * Files read for the first time, whose rows the next searchRows() makes and
   * merges in: after the workspace is read (indexing asks, so the first
   * completion finds them ready) every row at once, made in order so that a scan
   * reads memory in sequence (rows made as files were read, between their
   * entries, made completion three to four times slower); after a file appears, its row.
   */
  private unsorted: PackedEntry[] = [];
  /**
   * Entries (with editorLookups) not yet in the lookups: linkers, heading,
   * service, team and tag owners, service histories, action item marks. What
   * reads them adds them first; the host adds them in time slices after indexing
   * (prepareLookups), so that a start's index is complete, and links checked,
   * without them: they were half of a start from the stored index.
   */
  private readonly unlooked = new Set<PackedEntry>();

  constructor(
    /** Where the workspace folders are read from (they change as the editor adds and removes folders). */
    private readonly folders: { readonly roots: readonly string[] },
    private readonly options: IndexOptions = { editorLookups: true },
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** Counts every update and removal: a result computed against the index holds while it is unchanged. */
  get generation(): number {
    return this.changes;
  }

  /** Counts the changes to what the action items view shows: an RCA's rows, title or date, and RCAs with rows added or removed. */
  get actionItemsGeneration(): number {
    return this.actionItemChanges;
  }

  /** Called (synchronously, once per changed file) when actionItemsGeneration moves. */
  onDidChangeActionItems(listener: () => void): { dispose(): void } {
    this.actionItemListeners.add(listener);
    return { dispose: () => this.actionItemListeners.delete(listener) };
  }

  private actionItemsChanged(): void {
    this.actionItemChanges++;
    for (const listener of this.actionItemListeners) listener();
  }

  get(uri: string): IndexEntry | undefined {
    return this.entries.get(uri);
  }

  all(): IterableIterator<IndexEntry> {
    return this.entries.values();
  }

  /** Adds or replaces a file's entry from its parsed form. */
  update(doc: RcaDocument, rca: RcaSummary | undefined): void {
    const { headings, links } = indexedParts(doc, this.folders.roots, this.sharer(own));
    this.set(doc.uri, doc.version > 0, packHeadings(headings), packLinks(links), rca, own);
  }

  /**
   * Adds or replaces a file's entry from what update() kept of it, packed (an
   * earlier session's, see persistedIndex.ts, or another thread's): the same
   * entry. Takes the arrays and the summary over, their strings swapped in place
   * for the index's shared copies; the strings must be the caller's own (parsed
   * from JSON, or cloned from another thread), not cut from a larger text, which
   * they would keep alive.
   */
  restore(uri: string, headings: Packed, links: Packed, rca: RcaSummary | undefined): void {
    const share = this.sharer(taken);
    const h = headings as (string | number | undefined)[];
    for (let i = 0; i < h.length; i += HEADING_STRIDE) h[i] = share(h[i] as string);
    const l = links as (string | number | undefined)[];
    for (let i = 0; i < l.length; i += LINK_STRIDE) for (const at of LINK_STRINGS) if (l[i + at] !== undefined) l[i + at] = share(l[i + at] as string);
    this.set(uri, false, headings, links, rca, taken);
  }

  /**
   * A summary that keeps none of its document alive (`copy` makes a string's own
   * copy), its names and values shared (see sharedSummaryStrings), its title the
   * entry's when they are the same.
   */
  private ownSummary(rca: RcaSummary, entryTitle: string | undefined, copy: (text: string) => string): RcaSummary {
    const share = this.sharer(copy);
    const str = (v: string | undefined) => (v === undefined ? undefined : share(v));
    return {
      title: rca.title === undefined ? undefined : rca.title === entryTitle ? entryTitle : copy(rca.title),
      date: str(rca.date),
      severity: str(rca.severity),
      status: str(rca.status),
      author: str(rca.author),
      services: rca.services.map(share),
      tags: rca.tags.map(share),
      durationMinutes: rca.durationMinutes,
      timeToResolve: rca.timeToResolve,
      timeToMitigate: rca.timeToMitigate,
      ...incidentTimelineFigures(rca),
      impactStart: str(rca.impactStart),
      usersAffected: rca.usersAffected,
      revenueImpact: rca.revenueImpact,
      actionItems: copy(rca.actionItems),
    };
  }

  /** With editor lookups, the index's shared copy of a string (counted until released, made by `copy` when new); else `copy`'s. */
  private sharer(copy: (text: string) => string): (text: string) => string {
    return this.options.editorLookups ? (text) => this.acquire(text, copy).value : copy;
  }

  /**
   * `edited`: the text is the editor's or was saved this session (see IndexEntry.touched); headings and links packed, their strings shared;
   * `copy` makes a string of the summary one that keeps no larger text alive.
   */
  private set(uri: string, edited: boolean, headings: Packed, links: Packed, rca: RcaSummary | undefined, copy: (text: string) => string): void {
    this.changes++;
    const previous = this.entries.get(uri);
    // The first `# ` heading's text: its shared copy unless it has white space to trim.
    const h1 = firstTitle(headings);
    const title = h1 === undefined ? undefined : h1 === h1.trim() ? h1 : own(h1.trim());
    if (actionItemsShown(previous?.rca, previous?.title) !== actionItemsShown(rca, title)) this.actionItemsChanged();
    if (previous) {
      this.replacing = true;
      this.remove(uri);
      this.replacing = false;
    }
    const path = relativePath(uri, this.folders.roots);
    // The file name, from the path in its folder (its URI's last segment) or the name itself outside any.
    const name = withoutMarkdownExtension(path.slice(path.lastIndexOf('/') + 1));
    const key = linkKey(name);
    const lookups = this.options.editorLookups;
    const summary = rca && this.ownSummary(rca, title, copy);
    const date = summary?.date ?? DATE_PREFIX.exec(name)?.[0];
    const entry = new PackedEntry(
      uri,
      this.numbers.take(uri),
      path,
      linkKey(path),
      key,
      headings.length === 0 ? NONE_PACKED : headings,
      links.length === 0 ? NONE_PACKED : links,
      // Cut from the URI, not from a document: it keeps no text alive.
      name,
      title,
      date,
      calendarDateDay(date) ?? NO_DAY,
      previous || edited ? ++this.clock : 0,
      summary,
    );
    this.entries.set(uri, entry);
    addOwner(this.byKey, key, uri);
    if (!lookups) return;
    // The most recent touch goes first; a file read for the first time is sorted in when next asked for.
    if (entry.touched === 0) this.unsorted.push(entry);
    else this.touchedFirst.push(entry);
    this.unlooked.add(entry);
  }

  /** Adds an entry to the lookups (see `unlooked`). */
  private lookUp(entry: PackedEntry): void {
    const { uri, rca: summary } = entry;
    for (const linked of entry.linkKeys) addOwner(this.linkersByKey, linked, uri);
    // An RCA's `# ` title is searched as its title, not as a heading.
    for (const [text, level] of entry.headingTexts()) if (level > 1 || !summary) this.addTo(this.headingOwners, text, entry, true);
    for (const service of summary?.services ?? []) this.addTo(this.serviceOwners, service, entry, true);
    if (summary) this.recordHistory(summary, 1);
    const items = summary ? unpackActionItems(summary.actionItems) : [];
    const marks = items.map((item) => rowMark(item.action, item.status));
    for (const [team, dueDays] of summary ? teamsOf(summary, items, marks) : []) {
      this.addTo(this.teamOwners, team, entry, dueDays.length === 1 ? this.acquireDueDay(dueDays[0]) : dueDays);
    }
    for (const tag of summary?.tags ?? []) this.addTo(this.tagOwners, tag, entry, true);
    this.tallyMarks(marks, 1);
  }

  remove(uri: string): boolean {
    const entry = this.entries.get(uri);
    if (!entry) return false;
    this.changes++;
    if (!this.replacing && entry.rca?.actionItems) this.actionItemsChanged();
    this.entries.delete(uri);
    removeOwner(this.byKey, entry.key, uri);
    if (this.options.editorLookups) {
      this.removedRows.add(entry);
      // Removed entries stay alive until their rows are cut: at most an eighth of the index's.
      if (this.removedRows.size > (this.rows.length + this.unsorted.length + this.touchedFirst.length) >> 3) this.cutRemovedRows();
      if (!this.unlooked.delete(entry)) this.overlook(entry);
      if (entry.rca) for (const text of sharedSummaryStrings(entry.rca)) this.release(text);
      for (const [text] of entry.headingTexts()) this.release(text);
      const links = entry.linkValues;
      for (let i = 0; i < links.length; i += LINK_STRIDE) for (const at of LINK_STRINGS) if (links[i + at] !== undefined) this.release(links[i + at] as string);
    }
    // Out of the owner tables now: the number may go to the next entry (this file's, when replacing).
    this.numbers.release(entry.number);
    return true;
  }

  /** Adds an entry to the owners of `key` in `map`. */
  private addTo<V>(map: Map<string, OwnerTable<V>>, key: string, entry: PackedEntry, value: V): void {
    let owners = map.get(key);
    if (!owners) map.set(key, (owners = new OwnerTable<V>(this.numbers)));
    owners.set(entry.number, entry.uri, value);
  }

  /** Takes an entry out of the lookups (see `unlooked`). */
  private overlook(entry: PackedEntry): void {
    const { uri } = entry;
    for (const linked of entry.linkKeys) removeOwner(this.linkersByKey, linked, uri);
    for (const [text, level] of entry.headingTexts()) if (level > 1 || !entry.rca) removeFrom(this.headingOwners, text, entry);
    const items = entry.rca ? unpackActionItems(entry.rca.actionItems) : [];
    const marks = items.map((item) => rowMark(item.action, item.status));
    for (const team of entry.rca ? teamsOf(entry.rca, items, marks).keys() : []) {
      const dueDays = removeFrom(this.teamOwners, team, entry);
      if (dueDays?.length === 1) this.releaseDueDay(dueDays[0]);
    }
    for (const tag of entry.rca?.tags ?? []) removeFrom(this.tagOwners, tag, entry);
    if (entry.rca) this.recordHistory(entry.rca, -1);
    this.tallyMarks(marks, -1);
    for (const service of entry.rca?.services ?? []) removeFrom(this.serviceOwners, service, entry);
  }

  /**
   * Makes the search rows, then adds up to `count` entries waiting for the lookups
   * (see `unlooked`); whether some still wait. A host calls it in time slices after
   * indexing, so that the first request reading them finds them made.
   */
  prepareLookups(count: number): boolean {
    this.searchRows();
    for (const entry of this.unlooked) {
      if (count-- === 0) return true;
      this.unlooked.delete(entry);
      this.lookUp(entry);
    }
    return false;
  }

  /** The lookups with every entry in them. */
  private lookups(): this {
    for (const entry of this.unlooked) this.lookUp(entry);
    this.unlooked.clear();
    return this;
  }

  /** How many action items of the workspace carry each mark (see rowMark). */
  actionItemMarks(): ReadonlyMap<string, number> {
    return this.lookups().marks;
  }

  /** Adds (`1`) or takes back (`-1`) the marks (rowMark) of an RCA's action items. */
  private tallyMarks(marks: readonly (string | undefined)[], sign: 1 | -1): void {
    for (const found of marks) {
      // A copy: a key cut from the packed rows would keep them alive.
      const mark = found === undefined ? undefined : own(found);
      if (mark !== undefined) count(this.marks, mark, sign);
    }
  }

  /** A row per entry (with editorLookups), most recent first (compareRecency's order), without sorting them per call. */
  searchRows(): readonly SearchRow[] {
    if (this.removedRows.size > 0 || this.touchedFirst.length > 0 || this.unsorted.length > 0) this.narrowing = undefined;
    if (this.removedRows.size > 0) this.cutRemovedRows();
    if (this.touchedFirst.length > 0) this.insertTouchedRows();
    if (this.unsorted.length > 0) {
      this.rows = mergeSorted(this.rows, this.unsorted.sort(compareRecency).map(searchRow), (a, b) => compareRecency(a.entry, b.entry));
      this.unsorted = [];
      this.columns = new Int32Array(this.rows.length * COLUMNS_PER_ROW);
      this.rows.forEach((row, i) => writeSearchColumns(this.columns, i, row));
    }
    return this.rows;
  }

  /**
   * Calls `visit` with the rows, most recent first, whose `field` may score above
   * `floor()` for `query` (lower case): the others are passed over on their
   * columns, their texts unread. `visit` returns false for a row none of whose
   * texts holds the query's characters in order: no longer query can match it, so
   * the next scan, if its query extends this one (the next keystroke) and the rows
   * have not changed, reads only the rows this one could not rule out. False when cancelled.
   */
  scanSearchRows(query: string, field: SearchField, floor: () => number, visit: (row: SearchRow) => boolean | void, token: CancellationToken): boolean {
    const rows = this.searchRows();
    const columns = this.columns;
    const queryMask = charMask(query);
    const first = query.charCodeAt(0);
    const shape = FIELD_SHAPE[field];
    const scan = new ScanQuery(query);
    const last = this.narrowing;
    this.narrowing = undefined;
    // Two buffers in turn, kept: a scan a keystroke must not allocate and free 400 KB at 100,000 files.
    const reused = this.scanBuffers[0].length >= rows.length;
    const [from, open] = reused ? this.scanBuffers : [new Int32Array(rows.length), new Int32Array(rows.length)];
    this.scanBuffers = [open, from];
    const narrowed = reused && last !== undefined && last.field === field && query.startsWith(last.query);
    const count = narrowed ? last.count : rows.length;
    let kept = 0;
    for (let k = 0; k < count; k++) {
      if ((k & 1023) === 1023 && token.isCancellationRequested) return false;
      const i = narrowed ? from[k] : k;
      const at = i * COLUMNS_PER_ROW;
      if (!mayMatch(queryMask, columns[at])) continue;
      const least = floor();
      // A row that may hold the query as a substring is bounded by its shape; one that cannot, by a scattered match.
      if (scoreBound(first, columns, at + shape) > least && (scan.mayBeIn(columns, at + PAIRS_AT) || scan.scatteredBound(columns, at + shape, columns, at + PAIRS_AT) > least) && visit(rows[i]) === false) continue;
      open[kept++] = i;
    }
    this.narrowing = { query, field, count: kept };
    return true;
  }

  /** Puts the touched entries' rows first, the latest touch first, with one move of the other rows. */
  private insertTouchedRows(): void {
    const touched = this.touchedFirst.reverse().map(searchRow);
    this.touchedFirst = [];
    const used = this.rows.length * COLUMNS_PER_ROW;
    const added = touched.length * COLUMNS_PER_ROW;
    if (used + added > this.columns.length) {
      const grown = new Int32Array(used + added + Math.max(used >> 3, 64 * COLUMNS_PER_ROW));
      grown.set(this.columns.subarray(0, used), added);
      this.columns = grown;
    } else this.columns.copyWithin(added, 0, used);
    touched.forEach((row, i) => writeSearchColumns(this.columns, i, row));
    this.rows = touched.concat(this.rows);
  }

  /**
   * Cuts the removed entries' rows out in one pass that stops at the last of them
   * (an edit's previous row is near the front), then moves the rows after it at once.
   */
  private cutRemovedRows(): void {
    // The rows move: the last scan's row numbers no longer name the same rows (remove() cuts too, between scans).
    this.narrowing = undefined;
    const removed = this.removedRows;
    if (this.unsorted.length > 0) this.unsorted = this.unsorted.filter((entry) => !removed.delete(entry));
    if (this.touchedFirst.length > 0) this.touchedFirst = this.touchedFirst.filter((entry) => !removed.delete(entry));
    const { rows, columns } = this;
    let kept = 0;
    let read = 0;
    for (; removed.size > 0 && read < rows.length; read++) {
      if (removed.delete(rows[read].entry)) continue;
      if (kept !== read) {
        rows[kept] = rows[read];
        columns.copyWithin(kept * COLUMNS_PER_ROW, read * COLUMNS_PER_ROW, (read + 1) * COLUMNS_PER_ROW);
      }
      kept++;
    }
    removed.clear();
    if (kept === read) return;
    columns.copyWithin(kept * COLUMNS_PER_ROW, read * COLUMNS_PER_ROW, rows.length * COLUMNS_PER_ROW);
    rows.splice(kept, read - kept);
  }

  /** Entries whose basename key is `key` (lower case, no `.md`). */
  byBasename(key: string): readonly IndexEntry[] {
    return [...ownersOf(this.byKey.get(key))].map((uri) => this.entries.get(uri)!);
  }

  /** Each distinct heading text, with the files that have a heading of that text. */
  headingTexts(): ReadonlyMap<string, Owners> {
    return this.lookups().headingOwners;
  }

  /** Each service (as written) named by RCAs' `services:`, with the RCAs naming it. */
  services(): ReadonlyMap<string, Owners> {
    return this.lookups().serviceOwners;
  }

  /** Each team (author or action item owner, as written) with the RCAs naming it and the due days of its items there. */
  teams(): ReadonlyMap<string, Owners<readonly number[]>> {
    return this.lookups().teamOwners;
  }

  /** The history of the service named `name` (ignoring case), without reading the RCAs naming it. */
  serviceHistory(name: string): ServiceHistory | undefined {
    const tally = this.lookups().histories.get(serviceKey(name));
    if (!tally) return undefined;
    if (tally.read === undefined) {
      let lastDate: string | undefined;
      for (const date of tally.dates.keys()) if (lastDate === undefined || date > lastDate) lastDate = date;
      tally.read = { incidents: tally.incidents, lastDate, medianDuration: medianOfCounts(tally.durations) };
    }
    return tally.read;
  }

  /** Adds (`1`) or takes back (`-1`) an RCA's part in the histories of the services it names, each once. */
  private recordHistory(rca: RcaSummary, sign: 1 | -1): void {
    for (const name of new Set(rca.services.map(serviceKey))) {
      let history = this.histories.get(name);
      if (!history) this.histories.set(name, (history = { incidents: 0, dates: new Map(), durations: new Map(), read: undefined }));
      history.incidents += sign;
      history.read = undefined;
      if (rca.date !== undefined && isCalendarDate(rca.date)) count(history.dates, rca.date, sign);
      if (rca.durationMinutes !== undefined && Number.isFinite(rca.durationMinutes)) count(history.durations, rca.durationMinutes, sign);
      if (history.incidents === 0) this.histories.delete(name);
    }
  }

  /** Each tag with the RCAs carrying it. */
  tags(): ReadonlyMap<string, Owners> {
    return this.lookups().tagOwners;
  }

  /** How many files share this basename key. */
  basenameCount(key: string): number {
    return ownerCount(this.byKey.get(key));
  }

  private acquire(text: string, copy: (text: string) => string): SharedString {
    const shared = this.strings.get(text);
    if (shared) {
      shared.uses++;
      return shared;
    }
    const value = copy(text);
    const created = { value, uses: 1 };
    this.strings.set(value, created);
    return created;
  }

  private acquireDueDay(day: number): readonly number[] {
    const shared = this.dueDays.get(day);
    if (shared) {
      shared.uses++;
      return shared.value;
    }
    const value = [day];
    this.dueDays.set(day, { value, uses: 1 });
    return value;
  }

  private releaseDueDay(day: number): void {
    const shared = this.dueDays.get(day);
    if (shared && --shared.uses === 0) this.dueDays.delete(day);
  }

  private release(text: string): void {
    const shared = this.strings.get(text);
    if (shared && --shared.uses === 0) {
      this.strings.delete(text);
    }
  }

  /** Files a wiki-link target names: by basename, `folder/name`, or `name.md`, ignoring case. A link written in `from` names the files of its own workspace folder when there are any. */
  resolve(target: string, from?: string): IndexEntry[] {
    const normalized = normalizeTarget(target);
    const slash = normalized.lastIndexOf('/');
    const found: IndexEntry[] = [];
    for (const uri of ownersOf(this.byKey.get(slash === -1 ? normalized : normalized.slice(slash + 1)))) {
      const entry = this.entries.get(uri)!;
      if (slash === -1 || pathKeyMatches(entry.pathKey, normalized)) found.push(entry);
    }
    if (from === undefined || found.length < 2) return found;
    const root = this.folders.roots.find((r) => isInside(from, r));
    const own = root === undefined ? [] : found.filter((entry) => isInside(entry.uri, root));
    return own.length > 0 ? own : found;
  }

  /**
   * The Markdown file of the workspace folders an ordinary link's decoded path names
   * from `from` (see linkedUri), or undefined when it names a folder, another kind of
   * file or a place outside the folders. A path without an extension names `path.md`,
   * as VS Code reads it.
   */
  markdownTarget(from: string, path: string): string | undefined {
    return markdownTargetIn(this.folders.roots, from, path);
  }

  /** The workspace folder a `/path` in `uri` starts from: the one it is in, else the first. */
  folderOf(uri: string): string | undefined {
    return folderIn(this.folders.roots, uri);
  }

  /** Workspace-relative path of any URI under the roots (indexed or not). */
  relativePath(uri: string): string {
    return relativePath(uri, this.folders.roots);
  }

  /** Files with a link whose target has this file's basename: the ones to re-check when it changes. */
  linkersOf(uri: string): ReadonlySet<string> {
    const linkers = this.lookups().linkersByKey.get(linkKey(uriBasename(uri)));
    return typeof linkers === 'string' ? new Set([linkers]) : (linkers ?? EMPTY);
  }
}

interface SharedString {
  readonly value: string;
  uses: number;
}

const EMPTY: ReadonlySet<string> = new Set();
const DATE_PREFIX = /^\d{4}-\d{2}-\d{2}/;
const DATED_TITLE = /^\s*\d{4}-\d{2}-\d{2}\s*[-–—:]?\s*/;

/** A title without the date it starts with, as RCA titles do: `2025-03-01 - Database outage` → `Database outage`. */
export function undatedTitle(title: string): string {
  const date = DATED_TITLE.exec(title);
  return date ? title.slice(date[0].length) : title;
}

/**
 * Whether `query` may score higher on a row's title than on its undated title:
 * only if it holds a character a date part (DATED_TITLE) can. Else it matches
 * the title where it matches the undated title, further into a longer text.
 */
export function mayScoreMoreWithDate(query: string): boolean {
  return /[\d\s\-–—:]/.test(query);
}
const NO_DAY = -1e9;

/**
 * What the index keeps of a parsed document's headings and links: ordinary links
 * resolved against `roots` (those naming no file of the workspace left out), in
 * document order with the wiki-links. `share` gives each string's kept copy.
 * update() makes an entry from them; a host parsing files on other threads sends
 * them for restore() to make the same entry.
 */
export function indexedParts(doc: RcaDocument, roots: readonly string[], share: (text: string) => string = (text) => text): { headings: IndexedHeading[]; links: IndexedLink[] } {
  const headings = doc.headings.map((h) => ({ level: h.level, text: share(h.text), line: h.range.start.line, character: h.textRange.start.character }));
  const links: IndexedLink[] = doc.links.map((l) => ({
    line: l.range.start.line,
    start: l.range.start.character,
    end: l.range.end.character,
    target: share(l.target),
    targetStart: l.targetRange.start.character,
    heading: l.heading === undefined ? undefined : share(l.heading),
    headingStart: l.headingRange ? l.headingRange.start.character : -1,
  }));
  // A reference's destination is its definition's, indexed there.
  for (const l of doc.markdownLinks) {
    const uri = l.kind === 'reference' ? undefined : markdownTargetIn(roots, doc.uri, l.path);
    if (uri === undefined) continue;
    links.push({
      line: l.range.start.line,
      start: l.range.start.character,
      end: l.range.end.character,
      target: share(l.rawPath),
      targetStart: l.pathRange.start.character,
      heading: l.rawFragment === undefined ? undefined : share(l.rawFragment),
      headingStart: l.fragmentRange ? l.fragmentRange.start.character : -1,
      uri: share(uri),
    });
  }
  // In document order, wiki-links and ordinary links alike: references list them so.
  if (links.length > doc.links.length) links.sort((a, b) => a.line - b.line || a.start - b.start);
  return { headings, links };
}

/** WorkspaceIndex.markdownTarget under these workspace folders. */
function markdownTargetIn(roots: readonly string[], from: string, path: string): string | undefined {
  const uri = linkedUri(from, hasExtension(path) || path === '' ? path : `${path}.md`, folderIn(roots, from));
  if (uri === undefined || (uri !== from && !isMarkdownUri(uri))) return undefined;
  return uri === from || roots.some((root) => isInside(uri, root)) ? uri : undefined;
}

/** WorkspaceIndex.folderOf under these workspace folders. */
function folderIn(roots: readonly string[], uri: string): string | undefined {
  return roots.find((root) => isInside(uri, root)) ?? roots[0];
}

/**
 * A copy of `text` that does not keep its source alive: substrings of a document
 * may point into the whole document's text, which the index must not retain. V8
 * makes substrings of 13 characters or more as slices of their source; a copy by
 * concatenation and slicing is a slice too (32 bytes more per string, a few
 * hundred per file), while JSON's round trip gives a flat string of its own.
 */
function own(text: string): string {
  return text.length < 13 ? text : (JSON.parse(JSON.stringify(text)) as string);
}

/** A string the index takes as it is: its caller's own (see WorkspaceIndex.restore). */
function taken(text: string): string {
  return text;
}

/** The strings of a summary the index shares (see WorkspaceIndex.ownSummary): a thousand RCAs name a few dozen values. */
function sharedSummaryStrings(rca: RcaSummary): string[] {
  const texts = [...rca.services, ...rca.tags];
  for (const text of [rca.date, rca.severity, rca.status, rca.author, rca.impactStart]) if (text !== undefined) texts.push(text);
  return texts;
}

/** The index positions of a packed link's strings: target, heading, uri. */
export const LINK_STRINGS = [3, 5, 7];

/** Headings packed (see HEADING_STRIDE). */
export function packHeadings(headings: readonly IndexedHeading[]): Packed {
  if (headings.length === 0) return NONE_PACKED;
  const values: (string | number | undefined)[] = [];
  for (const h of headings) packHeading(values, h.level, h.text, h.line, h.character);
  return values;
}

/** Links packed (see LINK_STRIDE). */
export function packLinks(links: readonly IndexedLink[]): Packed {
  if (links.length === 0) return NONE_PACKED;
  const values: (string | number | undefined)[] = [];
  for (const l of links) packLink(values, l);
  return values;
}

/** The text of the first `# ` heading of packed headings. */
function firstTitle(headings: Packed): string | undefined {
  for (let i = 0; i < headings.length; i += HEADING_STRIDE) if ((headings[i + 2] as number) % 8 === 1) return headings[i] as string;
  return undefined;
}

/** The lower-case link form of a wiki-link target: `./A\\b.md` → `a/b`. */
export function normalizeTarget(target: string): string {
  return linkKey(target.trim().replace(/\\/g, '/').replace(/^\.?\//, ''));
}

/** Whether a file with this `pathKey` is named by a normalized target: by basename, or by a `folder/name` path suffix. */
export function pathKeyMatches(pathKey: string, normalizedTarget: string): boolean {
  if (!normalizedTarget.includes('/')) return pathKey.slice(pathKey.lastIndexOf('/') + 1) === normalizedTarget;
  return pathKey === normalizedTarget || pathKey.endsWith(`/${normalizedTarget}`);
}

export function targetBasenameKey(target: string): string {
  const normalized = target.replace(/\\/g, '/');
  return linkKey(normalized.slice(normalized.lastIndexOf('/') + 1).trim());
}

/** A heading of `entry` that a `#fragment` names, by text or slug, ignoring case. */
export function findIndexedHeading(entry: IndexEntry, fragment: string): IndexedHeading | undefined {
  const wanted = fragment.trim().toLowerCase();
  const { headings } = entry;
  return headings.find((h) => h.text.toLowerCase() === wanted) ?? headings.find((h) => slugify(h.text) === wanted);
}

/** Two lists sorted by `compare` as one. */
function mergeSorted<T>(a: readonly T[], b: readonly T[], compare: (x: T, y: T) => number): T[] {
  if (a.length === 0) return [...b];
  const merged: T[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) merged.push(compare(a[i], b[j]) <= 0 ? a[i++] : b[j++]);
  while (i < a.length) merged.push(a[i++]);
  while (j < b.length) merged.push(b[j++]);
  return merged;
}

/**
 * A service's history as the index keeps it: how many of its RCAs have each date
 * and each duration, so that adding or removing an RCA changes a count (sorted
 * lists of values, spliced, made removing many RCAs quadratic).
 */
interface Tally {
  incidents: number;
  readonly dates: Map<string, number>;
  readonly durations: Map<number, number>;
  /** What serviceHistory() made of the counts, until they change. */
  read: ServiceHistory | undefined;
}

/** Adds (`1`) or takes back (`-1`) one of `value`; a value counted zero times is dropped. */
function count<T>(counts: Map<T, number>, value: T, sign: 1 | -1): void {
  const total = (counts.get(value) ?? 0) + sign;
  if (total === 0) counts.delete(value);
  else counts.set(value, total);
}

/** The median of values given with how many times each occurs. */
function medianOfCounts(counts: ReadonlyMap<number, number>): number | undefined {
  let total = 0;
  for (const times of counts.values()) total += times;
  if (total === 0) return undefined;
  const values = [...counts.keys()].sort((a, b) => a - b);
  const nth = (position: number) => {
    let seen = 0;
    for (const value of values) if ((seen += counts.get(value)!) > position) return value;
    return NaN;
  };
  return (nth((total - 1) >> 1) + nth(total >> 1)) / 2;
}

/**
 * The files of a key where most keys have one file (basenames, link targets): that
 * file alone, a set from the second on. A set of one costs a hundred bytes or more.
 */
type FewOwners = string | Set<string>;

function ownersOf(owners: FewOwners | undefined): Iterable<string> {
  return typeof owners === 'string' ? [owners] : (owners ?? EMPTY);
}

function ownerCount(owners: FewOwners | undefined): number {
  return typeof owners === 'string' ? 1 : (owners?.size ?? 0);
}

function addOwner(map: Map<string, FewOwners>, key: string, uri: string): void {
  const owners = map.get(key);
  if (owners === undefined) map.set(key, uri);
  else if (typeof owners !== 'string') owners.add(uri);
  else if (owners !== uri) map.set(key, new Set([owners, uri]));
}

function removeOwner(map: Map<string, FewOwners>, key: string, uri: string): void {
  const owners = map.get(key);
  if (owners === undefined) return;
  if (typeof owners === 'string') {
    if (owners === uri) map.delete(key);
  } else if (owners.delete(uri) && owners.size === 1) {
    map.set(key, owners.values().next().value!);
  }
}

/** Takes an entry out of the owners of `key` in `map`; its value there, if it was one. */
function removeFrom<V>(map: Map<string, OwnerTable<V>>, key: string, entry: PackedEntry): V | undefined {
  const owners = map.get(key);
  const value = owners?.delete(entry.number, entry.uri);
  if (owners?.size === 0) map.delete(key);
  return value;
}
