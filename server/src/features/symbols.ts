// Document symbols (the outline: sections and timeline events) and workspace
// symbols (RCAs by title, services, headings unless the editor lists them; fuzzy, capped).
import type { Heading, RcaDocument, TimelineRow } from '../core/model';
import type { RcaService } from '../core/service';
import { compareText, lineRange, type Range } from '../core/text';
import { NONE, type CancellationToken } from '../core/workspace';
import { compareRecency, mayScoreMoreWithDate, titleOf, type IndexedHeading, type IndexEntry, type WorkspaceIndex } from '../core/workspaceIndex';
import type { DocumentSymbol, SymbolInformation } from 'vscode-languageserver-types';
import { fuzzyScore, TopK } from '../core/fuzzy';
import type { Owners } from '../core/ownerTable';
import { fileDeclarationRange, headingRange } from './linkTools';

const SYMBOL_FILE = 1;
const SYMBOL_MODULE = 2;
const SYMBOL_STRING = 15;
const SYMBOL_EVENT = 24;
export const MAX_WORKSPACE_SYMBOLS = 200;
/** A heading text many files share (a template's `## Customer Impact`) lists its most recent files only, leaving room for other symbols. */
export const HEADINGS_PER_TEXT = 20;

export function documentSymbols(doc: RcaDocument): DocumentSymbol[] {
  const roots: DocumentSymbol[] = [];
  const stack: { level: number; symbol: DocumentSymbol }[] = [];
  const headings = doc.headings;
  const lastLine = doc.lines.lineCount - 1;
  headings.forEach((h, i) => {
    let end = lastLine;
    for (let j = i + 1; j < headings.length; j++) {
      if (headings[j].level <= h.level) {
        end = headings[j].range.start.line - 1;
        break;
      }
    }
    const symbol: DocumentSymbol = {
      name: h.text.trim() || '#'.repeat(h.level),
      detail: 'H' + h.level,
      kind: SYMBOL_STRING,
      range: { start: h.range.start, end: { line: end, character: doc.lines.lineText(end).length } },
      selectionRange: selection(h),
      children: [],
    };
    if (doc.timeline && doc.timeline.section.heading.range.start.line === h.range.start.line) symbol.children!.push(...timelineSymbols(doc));
    while (stack.length > 0 && stack[stack.length - 1].level >= h.level) stack.pop();
    (stack.length > 0 ? stack[stack.length - 1].symbol.children! : roots).push(symbol);
    stack.push({ level: h.level, symbol });
  });
  return roots;
}

function selection(h: Heading): Range {
  return h.text === '' ? h.range : h.textRange;
}

function timelineSymbols(doc: RcaDocument): DocumentSymbol[] {
  return doc.timeline!.rows.map((row) => ({
    name: timelineEventName(row),
    detail: row.milestone,
    kind: SYMBOL_EVENT,
    range: lineRange(row.line, 0, doc.lines.lineText(row.line).length),
    selectionRange: row.timeCell.range,
  }));
}

/** A timeline row's name in the outline: its time and event (`20:05 Monitoring alert triggered`). */
export function timelineEventName(row: TimelineRow): string {
  const event = row.eventCell?.text.trim() ?? '';
  const time = row.clock ?? row.timeCell.text.trim();
  return `${time || '?'}${event ? ` ${event}` : ''}`;
}

interface Candidate {
  readonly score: number;
  /** RCAs first, then services, then headings. */
  readonly rank: number;
  readonly entry: IndexEntry;
  readonly heading?: IndexedHeading;
  readonly service?: string;
}

const byRelevance = (a: Candidate, b: Candidate) =>
  b.score - a.score ||
  a.rank - b.rank ||
  compareRecency(a.entry, b.entry) ||
  (a.heading?.line ?? -1) - (b.heading?.line ?? -1) ||
  // Services whose latest RCA is the same one.
  compareText(a.service ?? '', b.service ?? '');

/** `headings: false` where the editor lists headings itself (VS Code's built-in Markdown): each would show twice. */
export function workspaceSymbols(query: string, service: RcaService, token: CancellationToken = NONE, { headings = true } = {}): SymbolInformation[] {
  const q = query.trim().toLowerCase();
  const index = service.index;
  const best = new TopK<Candidate>(MAX_WORKSPACE_SYMBOLS, byRelevance);
  // Whether a candidate of this score and rank could still make the list.
  const mayEnter = (score: number, rank: number) => {
    const worst = best.worst;
    return !worst || score > worst.score || (score === worst.score && rank <= worst.rank);
  };

  // Services: one symbol each (names differing in case are one), at the most recent RCA naming it.
  const services = new Map<string, Candidate>();
  for (const [name, uris] of index.services()) {
    const score = fuzzyScore(q, name.toLowerCase());
    if (score === 0 || !mayEnter(score, 1)) continue;
    const [latest] = mostRecentOwners(index, uris, 1);
    if (!latest) continue;
    const candidate: Candidate = { score, rank: 1, entry: latest, service: name };
    const key = name.toLowerCase();
    const seen = services.get(key);
    if (!seen || byRelevance(candidate, seen) < 0) services.set(key, candidate);
  }
  for (const candidate of services.values()) best.add(candidate);

  // Headings: each distinct text scored once, best first, and only as many files visited as can make the list.
  if (q !== '' && headings) {
    const texts: { text: string; score: number; uris: Owners }[] = [];
    for (const [text, uris] of index.headingTexts()) {
      const score = fuzzyScore(q, text.toLowerCase());
      if (score > 0) texts.push({ text, score, uris });
    }
    texts.sort((a, b) => b.score - a.score);
    for (const { text, score, uris } of texts) {
      if (token.isCancellationRequested) return [];
      if (!mayEnter(score, 2)) break;
      for (const entry of mostRecentOwners(index, uris, HEADINGS_PER_TEXT)) {
        for (const h of entry.headings) {
          if (h.text !== text || (h.level === 1 && entry.rca)) continue;
          const candidate: Candidate = { score, rank: 2, entry, heading: h };
          if (best.accepts(candidate)) best.add(candidate);
        }
      }
    }
  }

  // RCAs by title (also without its leading date) or file name, scanned last: services and headings
  // have raised the floor by then, so that a query most titles match only scattered (`late`) reads few rows.
  // Most recent first: the RCAs kept so far arrived earlier, so one only gets in by scoring above the
  // last kept; above a service or heading it gets in by scoring as well (RCAs rank first).
  const floor = () => {
    const worst = best.worst;
    return worst === undefined ? 0 : worst.rank > 0 ? worst.score - 1 : worst.score;
  };
  const withDate = mayScoreMoreWithDate(q);
  const scanned = index.scanSearchRows(
    q,
    'symbol',
    floor,
    (row) => {
      // Only RCAs are listed, for this query or a longer one.
      if (!row.rca) return false;
      const { title, undatedTitle } = row;
      const dated = undatedTitle !== title;
      const score = Math.max(!dated || withDate ? fuzzyScore(q, title) : 0, dated ? fuzzyScore(q, undatedTitle) : 0, fuzzyScore(q, row.key));
      if (score > floor()) best.add({ score, rank: 0, entry: row.entry });
      return score > 0;
    },
    token,
  );
  if (!scanned) return [];

  return best.values().map((c): SymbolInformation => {
    if (c.heading) return { name: c.heading.text, kind: SYMBOL_STRING, containerName: c.entry.relativePath, location: { uri: c.entry.uri, range: headingRange(c.heading) } };
    const range = fileDeclarationRange(c.entry);
    if (c.service) return { name: c.service, kind: SYMBOL_MODULE, containerName: `service · latest RCA ${c.entry.relativePath}`, location: { uri: c.entry.uri, range } };
    return { name: titleOf(c.entry), kind: SYMBOL_FILE, containerName: c.entry.relativePath, location: { uri: c.entry.uri, range } };
  });
}

/**
 * The `count` most recent files among `uris`. Few owners are ranked directly; a
 * text most files share is found faster by walking the files most recent first
 * until `count` of them have it. The walk visits about count × files / owners
 * rows, ranking visits owners × log count: it wins above √(count × files) owners.
 */
function mostRecentOwners(index: WorkspaceIndex, uris: Owners, count: number): IndexEntry[] {
  const rows = index.searchRows();
  if (uris.size * uris.size > count * rows.length) {
    const found: IndexEntry[] = [];
    for (const row of rows) {
      if (!uris.has(row.entry.uri)) continue;
      found.push(row.entry);
      if (found.length === count) break;
    }
    return found;
  }
  const best = new TopK<IndexEntry>(count, compareRecency);
  for (const uri of uris.keys()) {
    const entry = index.get(uri);
    if (entry) best.add(entry);
  }
  return best.values();
}
