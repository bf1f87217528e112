// The workspace index kept between sessions: for each file, what the index holds
// of it (headings, links, RCA summary) with the file's stamp (size, modification
// time) and a hash of its text, so that a start parses only the files that changed.
// The stored text is the host's (a file it may have lost, cut short or had
// replaced): it is read as untrusted input, every value checked for its type and
// range, and anything malformed discards the whole of it.
import { RULE_DEFAULTS, type Diagnosis, type RcaDiagnostic } from './diagnostics';
import { decodeLinkText } from './markdownLinks';
import type { Heading, MarkdownLink, RcaDocument, WikiLink } from './model';
import type { RcaSettings } from './settings';
import { LineIndex, slugify, type Range } from './text';
import type { FileStamp } from './workspace';
import { HEADING_STRIDE, LINK_STRIDE, LINK_STRINGS, unpackHeadings, unpackLinks, type IndexedHeading, type IndexedLink, type Packed, type RcaSummary } from './workspaceIndex';

/** The name the index is stored under (Workspace.writeState). */
export const INDEX_STATE = 'index';
/** The name rca-lint's cache is stored under: the index with each file's findings. */
export const LINT_STATE = 'lint';
const FORMAT = 'rca-author index 4';

/** What the persisted index keeps of one file. */
export interface FileFacts {
  readonly stamp: FileStamp;
  /** contentHash of the text the facts were read from. */
  readonly hash: number;
  /** indexSettingsKey of the settings the file was read under. */
  readonly settings: string;
  /** As the index keeps them (see HEADING_STRIDE): what it takes over as they are read. */
  readonly headings: Packed;
  /** As the index keeps them (see LINK_STRIDE). */
  readonly links: Packed;
  /** For an RCA. */
  readonly rca: RcaSummary | undefined;
  /** In rca-lint's cache: what the file rules found. */
  readonly lint?: LintFacts;
}

/** What rca-lint's file rules found in a file (without fixes: a cached file is not fixed), and what its link rules need besides the index. */
export interface LintFacts {
  readonly diagnosis: Diagnosis;
  /** The codes `<!-- rca-disable -->` turns off in the file. */
  readonly disabledCodes: readonly string[];
}

/**
 * What changes what the index holds of a file besides its text: the settings that say
 * which files are RCAs, what a timeline's events mean and which files are read, and
 * the workspace folders (which file an ordinary link names, if any).
 */
export function indexSettingsKey(settings: RcaSettings, roots: readonly string[]): string {
  return JSON.stringify([settings.files, settings.milestones, settings.maxFileSize, roots]);
}

/** A 53-bit hash of a text (cyrb53): tells a file whose text changed under the same size and time. */
export function contentHash(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

// The stored text is a header line, a line per file, and an end line, so that a start reads
// one file's line at a time (one JSON.parse of 100,000 files' facts would hold them all twice):
//   {"format": FORMAT, "engine": …, "settings": [the settings keys], "files": the number of file lines}
//   [uri, size, mtime, hash, settings (index into the settings list), headings, links, rca or null, strings, lint?]
//   "end"
// Rows are arrays, not objects, so that a workspace of 100,000 files is tens of megabytes.
// Each string the index shares (headings, link targets, the summary's names and values) is
// written once, in `strings`, the list of those its row is the first to use; after that a
// row names it by its number, counting from the text's first string. A start reads each once
// (100,000 RCAs share their headings `Summary`, `Timeline`…), and the index shares those.
// Headings and links are as the index packs them (null for undefined), so that a start takes
// the lists read over as they are, rather than making an object of each item and packing it again:
// headings:   text's number, line, level + 8 × character, … (3 per heading, see HEADING_STRIDE)
// links:      line, start, end, target's number, targetStart, heading's number or null, headingStart, uri's number or null (a wiki-link), … (8 per link)
// rca:        the RcaSummary's fields in SUMMARY_FIELDS order, null for undefined, strings and lists of strings as numbers, actionItems as text
// lint:       [disabled codes, diagnostics, dropped, first dropped range or null], in rca-lint's cache only
// diagnostics: code, severity, message, start line, start character, end line, end character, … (7 per diagnostic)
// range:      start line, start character, end line, end character
const DIAGNOSTIC_STRIDE = 7;
const SUMMARY_STRINGS = ['title', 'date', 'severity', 'status', 'author', 'impactStart'] as const;
const SUMMARY_LISTS = ['services', 'tags'] as const;
const SUMMARY_NUMBERS = ['durationMinutes', 'timeToResolve', 'timeToMitigate', 'timeToDetect', 'timeToAcknowledge', 'timeToIdentify', 'timeToRecover', 'customerImpactMinutes', 'usersAffected', 'revenueImpact'] as const;
const SUMMARY_LENGTH = SUMMARY_STRINGS.length + SUMMARY_LISTS.length + SUMMARY_NUMBERS.length + 1;

/**
 * The stored text of an index, one file's row at a time so the caller can yield
 * between them (100,000 rows take a second to write).
 */
export class IndexWriter {
  private readonly rows: string[] = [];
  private readonly settingsKeys = new Map<string, number>();
  private readonly strings = new StringsWritten();

  constructor(private readonly engine: string) {}

  add(uri: string, facts: FileFacts): void {
    let settings = this.settingsKeys.get(facts.settings);
    if (settings === undefined) this.settingsKeys.set(facts.settings, (settings = this.settingsKeys.size));
    this.rows.push(fileLine(uri, facts, settings, this.strings));
  }

  finish(): string {
    return `${headerLine(this.engine, [...this.settingsKeys.keys()], this.rows.length)}\n${this.rows.map((row) => `${row}\n`).join('')}${END}\n`;
  }
}

/** Thrown while a stored index is written from files that changed meanwhile: the text would not be whole, and is not stored. */
export class ChangedWhileStored extends Error {
  constructor() {
    super('files changed while it was written; it is stored again later');
  }
}

/**
 * The stored text of an index in pieces, a file's line at a time, for a host to
 * write as they come: 100,000 files' text is a hundred megabytes, three times over
 * while joined and encoded, which a server must not hold at once. `settings` lists
 * the settings keys of the `count` files `files` gives; a file of other settings,
 * or another count, throws ChangedWhileStored.
 */
export async function* storedIndexText(engine: string, settings: readonly string[], count: number, files: AsyncIterable<[string, FileFacts]>): AsyncGenerator<string> {
  const settingsIndex = new Map(settings.map((key, i) => [key, i]));
  const strings = new StringsWritten();
  yield `${headerLine(engine, settings, count)}\n`;
  let written = 0;
  for await (const [uri, facts] of files) {
    const at = settingsIndex.get(facts.settings);
    if (at === undefined || ++written > count) throw new ChangedWhileStored();
    yield `${fileLine(uri, facts, at, strings)}\n`;
  }
  if (written !== count) throw new ChangedWhileStored();
  yield `${END}\n`;
}

function headerLine(engine: string, settings: readonly string[], files: number): string {
  return JSON.stringify({ format: FORMAT, engine, settings, files });
}

/** Numbers the strings of a stored text (see the format above). */
class StringsWritten {
  private readonly numbers = new Map<string, number>();
  private added: string[] = [];

  number(text: string): number {
    let n = this.numbers.get(text);
    if (n === undefined) {
      this.numbers.set(text, (n = this.numbers.size));
      this.added.push(text);
    }
    return n;
  }

  /** The strings numbered since the last call. */
  take(): string[] {
    const added = this.added;
    this.added = [];
    return added;
  }
}

/** A file's line (see the format above), its settings key given by its index in the header's list. */
function fileLine(uri: string, facts: FileFacts, settings: number, strings: StringsWritten): string {
  const number = (text: string | undefined) => (text === undefined ? null : strings.number(text));
  const { rca } = facts;
  const summary = rca && [...SUMMARY_STRINGS.map((k) => number(rca[k])), ...SUMMARY_LISTS.map((k) => rca[k].map(number)), ...SUMMARY_NUMBERS.map((k) => rca[k] ?? null), rca.actionItems];
  const headings = facts.headings.map((v, i) => (i % HEADING_STRIDE === 0 ? number(v as string) : v));
  // JSON writes a list's undefined as null.
  const links = facts.links.map((v, i) => (LINK_STRINGS.includes(i % LINK_STRIDE) ? number(v as string | undefined) : v));
  const row: unknown[] = [uri, facts.stamp.size, facts.stamp.mtime, facts.hash, settings, headings, links, summary ?? null, strings.take()];
  const { lint } = facts;
  if (lint) {
    const { diagnostics, dropped, firstDropped } = lint.diagnosis;
    row.push([lint.disabledCodes, diagnosticsRow(diagnostics), dropped, firstDropped ? rangeRow(firstDropped) : null]);
  }
  return JSON.stringify(row);
}

const END = '"end"';

// rca-lint's cache is a line of what its last run found, then the index with each file's
// file-rule findings (as above), so that a run over unchanged files reads that line alone:
//   {"format": OUTCOME_FORMAT, "key": …, "files": [[uri, size, mtime, hash, diagnostics or null], …]}
// with every file the run read, and the final findings (diagnostics as above) of each it reported.
const OUTCOME_FORMAT = 'rca-lint outcome 1';

/** A file as rca-lint's last run read it, and what it reported of it (undefined when the file was not selected). */
export interface LintOutcomeFile {
  readonly stamp: FileStamp;
  readonly hash: number;
  readonly findings: readonly RcaDiagnostic[] | undefined;
}

/** The outcome line of rca-lint's cache (with its line break), which the index's text follows. */
export function lintOutcomeLine(key: string, outcome: readonly [string, LintOutcomeFile][]): string {
  const files = outcome.map(([uri, f]) => [uri, f.stamp.size, f.stamp.mtime, f.hash, f.findings ? diagnosticsRow(f.findings) : null]);
  return `${JSON.stringify({ format: OUTCOME_FORMAT, key, files })}\n`;
}

/** rca-lint's cache split into its outcome line and the index's text; `outcome` is undefined when the line is not one of `key`, or is damaged. */
export function readLintState(text: string, key: string): { line: string; outcome: Map<string, LintOutcomeFile> | undefined; index: string } {
  const end = text.indexOf('\n') + 1;
  const line = text.slice(0, end);
  return { line, outcome: end === 0 ? undefined : readOutcome(line, key), index: text.slice(end) };
}

function readOutcome(line: string, key: string): Map<string, LintOutcomeFile> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!isObject(value) || value.format !== OUTCOME_FORMAT || value.key !== key || !Array.isArray(value.files)) return undefined;
  const files = new Map<string, LintOutcomeFile>();
  for (const row of value.files as unknown[]) {
    if (!Array.isArray(row) || row.length !== 5) return undefined;
    const [uri, size, mtime, hash, diagnostics] = row as unknown[];
    if (!isString(uri) || !isCount(size) || typeof mtime !== 'number' || !Number.isFinite(mtime) || !isCount(hash) || files.has(uri)) return undefined;
    const findings = diagnostics === null ? undefined : readDiagnostics(diagnostics);
    if (diagnostics !== null && !findings) return undefined;
    files.set(uri, { stamp: { size, mtime }, hash, findings });
  }
  return files;
}

/** Thrown while reading a stored index that is not one, or not whole: nothing read from it may be used. */
export class DamagedIndex extends Error {}

/**
 * The files of a stored index written by `engine`, one at a time, from its lines
 * (each with its line break, as Workspace.readStateLines gives them), telling
 * `counted` how many there are once the header is read. Throws
 * DamagedIndex at the first line that is not what was written, or at the end of a
 * text cut short: a reader undoes what it took from the earlier lines.
 */
export function* readIndexRows(lines: Iterable<string>, engine: string, counted?: (files: number) => void): Generator<[string, FileFacts], void, undefined> {
  const read = lines[Symbol.iterator]();
  try {
    const line = (): unknown => {
      const next = read.next();
      if (next.done || !next.value.endsWith('\n')) throw new DamagedIndex('cut short');
      try {
        return JSON.parse(next.value);
      } catch {
        throw new DamagedIndex('not JSON');
      }
    };
    const header = line();
    if (!isObject(header) || header.format !== FORMAT) throw new DamagedIndex('not a stored index');
    if (header.engine !== engine) throw new DamagedIndex('written by another engine or with other settings');
    const { settings, files } = header;
    if (!Array.isArray(settings) || !settings.every(isString) || !isCount(files)) throw new DamagedIndex('a damaged header');
    counted?.(files);
    const strings: string[] = [];
    for (let i = 0; i < files; i++) {
      const row = readRow(line(), settings, strings);
      if (!row) throw new DamagedIndex(`a damaged line ${i + 2}`);
      yield row;
    }
    if (read.next().value !== `${END}\n` || !read.next().done) throw new DamagedIndex('no end line');
  } finally {
    read.return?.();
  }
}

/** The lines of a text, each with its line break (see readIndexRows). */
function* linesOf(text: string): Generator<string, void, undefined> {
  for (let at = 0; at < text.length; ) {
    const end = text.indexOf('\n', at) + 1 || text.length;
    yield text.slice(at, end);
    at = end;
  }
}

/** Every file of a stored index written by `engine`; undefined when the text is not one, in any part. */
export function readIndex(text: string, engine: string): Map<string, FileFacts> | undefined {
  try {
    return new Map(readIndexRows(linesOf(text), engine));
  } catch (error) {
    if (error instanceof DamagedIndex) return undefined;
    throw error;
  }
}

/** A row of the stored text; `strings` are those of the rows before it, to which it adds its own. */
function readRow(row: unknown, settings: readonly string[], strings: string[]): [string, FileFacts] | undefined {
  if (!Array.isArray(row) || (row.length !== 9 && row.length !== 10)) return undefined;
  const [uri, size, mtime, hash, settingsIndex, headings, links, rca, added, lint] = row as unknown[];
  if (!isString(uri) || !isCount(size) || typeof mtime !== 'number' || !Number.isFinite(mtime) || !isCount(hash) || !isCount(settingsIndex) || settingsIndex >= settings.length) return undefined;
  if (!Array.isArray(added) || !added.every(isString)) return undefined;
  for (const text of added) strings.push(text);
  // The string a number names, or undefined; and a slot's number swapped for it in place.
  const string = (n: unknown) => (isCount(n) && n < strings.length ? strings[n] : undefined);
  const swap = (v: unknown[], at: number) => (v[at] = string(v[at])) !== undefined;
  const readHeadings = readPacked(headings, HEADING_STRIDE, (v, i) => {
    const [line, packed] = [v[i + 1], v[i + 2]];
    return swap(v, i) && isCount(line) && isCount(packed) && packed % 8 >= 1 && packed % 8 <= 6;
  });
  const readLinks = readPacked(links, LINK_STRIDE, (v, i) => {
    const [line, start, end, targetStart, heading, headingStart, uri] = [v[i], v[i + 1], v[i + 2], v[i + 4], v[i + 5], v[i + 6], v[i + 7]];
    if (!isCount(line) || !isCount(start) || !isCount(end) || !swap(v, i + 3) || !isCount(targetStart)) return false;
    if (headingStart !== -1 && !isCount(headingStart)) return false;
    // As the index packs them: undefined for no heading, and for a wiki-link's uri.
    if (heading === null ? headingStart !== -1 : !swap(v, i + 5)) return false;
    if (heading === null) v[i + 5] = undefined;
    if (uri === null) v[i + 7] = undefined;
    else if (!swap(v, i + 7)) return false;
    return true;
  });
  const summary = rca === null ? null : readSummary(rca, string);
  const lintFacts = row.length === 10 ? readLint(lint) : null;
  if (!readHeadings || !readLinks || summary === undefined || lintFacts === undefined) return undefined;
  const facts = { stamp: { size, mtime }, hash, settings: settings[settingsIndex], headings: readHeadings, links: readLinks, rca: summary ?? undefined };
  return [uri, lintFacts ? { ...facts, lint: lintFacts } : facts];
}

function readLint(value: unknown): LintFacts | undefined {
  if (!Array.isArray(value) || value.length !== 4) return undefined;
  const [disabledCodes, diagnostics, dropped, firstDropped] = value as unknown[];
  if (!Array.isArray(disabledCodes) || !disabledCodes.every(isString) || !isCount(dropped)) return undefined;
  const read = readDiagnostics(diagnostics);
  const first = firstDropped === null ? undefined : readRange(firstDropped);
  if (!read || (firstDropped !== null && !first)) return undefined;
  return { disabledCodes, diagnosis: { diagnostics: read, dropped, firstDropped: first } };
}

function diagnosticsRow(diagnostics: readonly RcaDiagnostic[]): unknown[] {
  return diagnostics.flatMap((d) => [d.code, d.severity, d.message, ...rangeRow(d.range)]);
}

function readDiagnostics(value: unknown): RcaDiagnostic[] | undefined {
  return readStrided(value, DIAGNOSTIC_STRIDE, (v, i): RcaDiagnostic | undefined => {
    const [code, severity, message] = [v[i], v[i + 1], v[i + 2]];
    const range = readRange(v.slice(i + 3, i + 7));
    if (!isString(code) || !Object.hasOwn(RULE_DEFAULTS, code) || (severity !== 'error' && severity !== 'warning' && severity !== 'info') || !isString(message) || !range) return undefined;
    return { code: code as RcaDiagnostic['code'], severity, message, range };
  });
}

function rangeRow(range: Range): number[] {
  return [range.start.line, range.start.character, range.end.line, range.end.character];
}

function readRange(value: unknown): Range | undefined {
  if (!Array.isArray(value) || value.length !== 4 || !value.every(isCount)) return undefined;
  const [line, character, endLine, endCharacter] = value as number[];
  return { start: { line, character }, end: { line: endLine, character: endCharacter } };
}

/** `value` when it is a list of items of `stride` values each that `valid` accepts (which may set their values as the index keeps them). */
function readPacked(value: unknown, stride: number, valid: (values: unknown[], at: number) => boolean): Packed | undefined {
  if (!Array.isArray(value) || value.length % stride !== 0) return undefined;
  for (let i = 0; i < value.length; i += stride) if (!valid(value, i)) return undefined;
  return value as Packed;
}

function readStrided<T>(value: unknown, stride: number, read: (values: unknown[], at: number) => T | undefined): T[] | undefined {
  if (!Array.isArray(value) || value.length % stride !== 0) return undefined;
  const items: T[] = [];
  for (let i = 0; i < value.length; i += stride) {
    const item = read(value, i);
    if (item === undefined) return undefined;
    items.push(item);
  }
  return items;
}

/** Where each of a stored summary's values lies in its list (see the format above). */
const LISTS_AT = SUMMARY_STRINGS.length;
const NUMBERS_AT = LISTS_AT + SUMMARY_LISTS.length;
const positionsOf = <K extends string>(keys: readonly K[], from: number) => Object.fromEntries(keys.map((k, i) => [k, from + i])) as Record<K, number>;
const STRING_AT = positionsOf(SUMMARY_STRINGS, 0);
const LIST_AT = positionsOf(SUMMARY_LISTS, LISTS_AT);
const NUMBER_AT = positionsOf(SUMMARY_NUMBERS, NUMBERS_AT);

/**
 * A stored summary, its strings named by number (see readRow). Read where it lies, without
 * copying its parts: a start from the stored index reads 100,000 of them. Its strings' numbers
 * are swapped for the strings in place (its lists are the row's), as a row's headings and links are.
 */
function readSummary(value: unknown, string: (n: unknown) => string | undefined): RcaSummary | undefined {
  if (!Array.isArray(value) || value.length !== SUMMARY_LENGTH) return undefined;
  const v = value as unknown[];
  for (let i = 0; i < LISTS_AT; i++) if (v[i] !== null && (v[i] = string(v[i])) === undefined) return undefined;
  for (let i = LISTS_AT; i < NUMBERS_AT; i++) {
    const list = v[i];
    if (!Array.isArray(list)) return undefined;
    for (let j = 0; j < list.length; j++) if ((list[j] = string(list[j])) === undefined) return undefined;
  }
  // Number.isFinite is false for anything but a finite number.
  for (let i = NUMBERS_AT; i < SUMMARY_LENGTH - 1; i++) if (v[i] !== null && !Number.isFinite(v[i])) return undefined;
  const actionItems = v[SUMMARY_LENGTH - 1];
  if (!isString(actionItems)) return undefined;
  // By name: a field of RcaSummary left out of the lists does not compile here.
  const text = (k: (typeof SUMMARY_STRINGS)[number]) => (v[STRING_AT[k]] ?? undefined) as string | undefined;
  const list = (k: (typeof SUMMARY_LISTS)[number]) => v[LIST_AT[k]] as string[];
  const figure = (k: (typeof SUMMARY_NUMBERS)[number]) => (v[NUMBER_AT[k]] ?? undefined) as number | undefined;
  return {
    title: text('title'),
    date: text('date'),
    severity: text('severity'),
    status: text('status'),
    author: text('author'),
    services: list('services'),
    tags: list('tags'),
    durationMinutes: figure('durationMinutes'),
    timeToResolve: figure('timeToResolve'),
    timeToMitigate: figure('timeToMitigate'),
    impactStart: text('impactStart'),
    timeToDetect: figure('timeToDetect'),
    timeToAcknowledge: figure('timeToAcknowledge'),
    timeToIdentify: figure('timeToIdentify'),
    timeToRecover: figure('timeToRecover'),
    customerImpactMinutes: figure('customerImpactMinutes'),
    usersAffected: figure('usersAffected'),
    revenueImpact: figure('revenueImpact'),
    actionItems,
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

const NO_LINES = new LineIndex('');
const NO_LINE_NUMBERS: ReadonlySet<number> = new Set();
const NO_CODES: ReadonlySet<string> = new Set();

/** A document reduced to what the index and link rules read: its title, headings, wiki-links and ordinary links. */
export function documentView(uri: string, version: number, headings: readonly Heading[], links: readonly WikiLink[], markdownLinks: readonly MarkdownLink[], disabledCodes: ReadonlySet<string> = NO_CODES): RcaDocument {
  return {
    uri,
    version,
    text: '',
    lines: NO_LINES,
    frontMatter: undefined,
    title: headings.find((h) => h.level === 1),
    headings,
    sections: [],
    summary: undefined,
    timeline: undefined,
    impact: [],
    affectedServices: undefined,
    customerImpact: [],
    actionItems: [],
    tables: [],
    links,
    markdownLinks,
    unbalancedLinks: [],
    footer: undefined,
    disabledCodes,
    hiddenLines: NO_LINE_NUMBERS,
  };
}

/** The document view of a file's stored facts, for rca-lint's link rules: indexing it gives the entry indexing the file gave. */
export function factsView(uri: string, facts: FileFacts): RcaDocument {
  const links = unpackLinks(facts.links);
  const wiki = links.filter((l) => l.uri === undefined);
  const ordinary = links.filter((l) => l.uri !== undefined);
  return documentView(uri, 0, unpackHeadings(facts.headings).map(heading), wiki.map(link), ordinary.map(markdownLink), new Set(facts.lint?.disabledCodes));
}

function heading(h: IndexedHeading): Heading {
  const { level, text, line, character } = h;
  const end = { line, character: character + text.length };
  return { level, text, slug: slugify(text), range: { start: { line, character: 0 }, end }, textRange: { start: { line, character }, end } };
}

function link(l: IndexedLink): WikiLink {
  const { line } = l;
  const at = (character: number) => ({ line, character });
  return {
    range: { start: at(l.start), end: at(l.end) },
    target: l.target,
    targetRange: { start: at(l.targetStart), end: at(l.targetStart + l.target.length) },
    heading: l.heading,
    headingRange: l.heading === undefined || l.headingStart === -1 ? undefined : { start: at(l.headingStart), end: at(l.headingStart + l.heading.length) },
    alias: undefined,
    aliasRange: undefined,
  };
}

/**
 * An ordinary link the index kept (one resolving to a file of the workspace: the
 * others are never checked), as parsing gave it; its kind is not kept, and link
 * rules read a definition as an inline link.
 */
function markdownLink(l: IndexedLink): MarkdownLink {
  const { line } = l;
  const at = (start: number, length: number) => ({ start: { line, character: start }, end: { line, character: start + length } });
  return {
    kind: 'inline',
    range: { start: { line, character: l.start }, end: { line, character: l.end } },
    rawPath: l.target,
    pathRange: at(l.targetStart, l.target.length),
    path: decodeLinkText(l.target),
    fragment: l.heading === undefined ? undefined : decodeLinkText(l.heading),
    rawFragment: l.heading,
    fragmentRange: l.heading === undefined ? undefined : at(l.headingStart, l.heading.length),
  };
}
