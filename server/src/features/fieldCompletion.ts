// Completion of what an RCA's fields and tables hold: front matter keys and
// values, Affected Services items, Action Items cells, Timeline events. Names
// come from the catalog and from the workspace, most used first.
import { findCatalogEntry, type Catalog } from '../core/catalog';
import type { NamedChoice } from '../../../shared/protocol';
import { listField, stringField } from '../core/fields';
import { tableCellAt, type TableCellAt } from '../core/markdown';
import type { Milestone, RcaDocument } from '../core/model';
import { MILESTONES } from '../core/model';
import type { RcaSettings } from '../core/settings';
import { MILESTONE_LABELS, milestoneFits, milestoneTag } from '../core/timeline';
import { containsPosition, lineRange, type Position, type Range } from '../core/text';
import { epochDay, isCalendarDate, isoDay, todayIso } from '../../../shared/calendarDay';
import type { WorkspaceIndex } from '../core/workspaceIndex';
import { REQUIRED_FIELD_NAMES } from '../core/schema';

export type CompletionKind = 'property' | 'value' | 'enum' | 'event' | 'date';

export interface Completion {
  readonly label: string;
  readonly kind: CompletionKind;
  readonly detail?: string;
  readonly documentation?: string;
  /** Replaces exactly what the user typed of the value, so accepting never duplicates or eats text. */
  readonly range: Range;
  readonly newText: string;
  /** `newText` is an LSP snippet. */
  readonly snippet?: boolean;
  readonly sortText: string;
}

export interface CompletionContext {
  readonly settings: RcaSettings;
  readonly catalog: Catalog | undefined;
  readonly index: WorkspaceIndex;
  readonly today?: string;
}

/** Event wording the seeds use for each milestone, offered in the Timeline's Event column. */
const MILESTONE_PHRASES: Readonly<Record<Milestone, string>> = {
  impactStarted: 'Customer impact began',
  detected: 'Monitoring alert triggered',
  acknowledged: 'On-call engineer paged',
  identified: 'Root cause identified',
  mitigated: 'Mitigation applied',
  recovered: 'Service recovery observed',
  resolved: 'Incident resolved',
};

const KEY_PREFIX = /^[A-Za-z_-]*$/;
// The lookaheads give each run of blanks to one side only: a line that fails at its
// end (a U+2028) is then not retried at every split of the run.
const VALUE_LINE = /^([A-Za-z_][\w-]*):[ \t]*(?![ \t])(.*)$/;
const BLOCK_ITEM = /^\s+-\s*(.*)$/;

export function fieldCompletions(doc: RcaDocument, position: Position, context: CompletionContext): Completion[] {
  const fm = doc.frontMatter;
  if (fm && position.line > fm.openRange.start.line && (fm.closeRange ? position.line < fm.closeRange.start.line : position.line <= fm.contentRange.end.line)) {
    return frontMatterCompletions(doc, position, context);
  }
  const affected = doc.affectedServices;
  if (affected && position.line > affected.heading.range.start.line) {
    const section = doc.sections.flatMap((s) => s.children).find((s) => s.heading === affected.heading);
    const item = /^(\s*[-*+]\s+)(.*)$/.exec(doc.lines.lineText(position.line).slice(0, position.character));
    if (section && containsPosition(section.range, position) && item) {
      const listed = new Set(affected.items.filter((i) => i.range.start.line !== position.line).map((i) => i.value.toLowerCase()));
      const declared = (listField(doc, 'services') ?? []).map((s) => s.value);
      const range = wordRange(doc, position, item[1].length);
      return rankedNames(context, 'services', declared, ownNames(doc, 'services', position)).filter((n) => !listed.has(n.name.toLowerCase())).map((n, i) => value(n.name, n.detail, range, i));
    }
  }
  const cell = tableCellAt(doc.lines, position);
  if (!cell) return [];
  const inSection = (title: string) => doc.sections.find((s) => s.heading.text.trim().toLowerCase() === title && containsPosition(s.range, position));
  if (inSection('action items')) {
    if (cell.column.includes('owner')) return rankedNames(context, 'teams', [], ownNames(doc, 'teams', position)).map((n, i) => value(n.name, n.detail, cell.range, i));
    if (cell.column.includes('priority')) return levels(context.settings, cell.range);
    if (cell.column.includes('due')) return dueDates(doc, cell.range);
  }
  if (inSection('timeline') && (cell.column.includes('event') || cell.column.includes('description'))) {
    return eventCompletions(doc, position, cell);
  }
  return [];
}

/**
 * A Timeline event: the seeds' wording of each milestone not yet reached, or after a `(`
 * the tags that name one; either only for milestones that may come at the row's time.
 */
function eventCompletions(doc: RcaDocument, position: Position, cell: TableCellAt): Completion[] {
  const timeline = doc.timeline;
  const row = timeline?.rows.find((r) => r.line === position.line);
  const fits = (m: Milestone) => !timeline || row?.minutes === undefined || milestoneFits(timeline, m, row.minutes, position.line);
  const tag = /\([a-z ]*$/i.exec(cell.typed);
  if (tag) {
    const range = lineRange(position.line, position.character - (cell.typed.length - tag.index), cell.range.end.character);
    return MILESTONES.filter(fits).map((m, i) => ({ label: milestoneTag(m), kind: 'event', detail: `${MILESTONE_LABELS[m]} milestone`, range, newText: milestoneTag(m), sortText: sortKey(i) }));
  }
  const reached = new Set(timeline?.rows.filter((r) => r.line !== position.line).map((r) => r.milestone));
  return MILESTONES.filter((m) => !reached.has(m) && fits(m)).map((m, i) => ({ label: MILESTONE_PHRASES[m], kind: 'event', detail: `${MILESTONE_LABELS[m]} milestone`, range: cell.range, newText: MILESTONE_PHRASES[m], sortText: sortKey(i) }));
}

function frontMatterCompletions(doc: RcaDocument, position: Position, context: CompletionContext): Completion[] {
  const line = doc.lines.lineText(position.line);
  const typed = line.slice(0, position.character);
  if (KEY_PREFIX.test(typed)) {
    const range = lineRange(position.line, 0, position.character + (/^[A-Za-z_-]*/.exec(line.slice(position.character))?.[0].length ?? 0));
    // Read keys off the lines: while a key is half typed the YAML does not parse.
    const present = new Set<string>();
    for (let l = doc.frontMatter!.openRange.start.line + 1; l <= doc.frontMatter!.contentRange.end.line; l++) {
      const key = VALUE_LINE.exec(doc.lines.lineText(l))?.[1];
      if (key) present.add(key);
    }
    return REQUIRED_FIELD_NAMES
      .filter((key) => !present.has(key))
      .map((key, i) => ({ label: key, kind: 'property', detail: 'RCA field', range, newText: `${key}: ${keySnippet(key, context)}`, snippet: true, sortText: sortKey(i) }));
  }
  let key: string | undefined;
  let valueTyped: string;
  const keyLine = VALUE_LINE.exec(typed);
  const item = BLOCK_ITEM.exec(typed);
  if (keyLine) {
    key = keyLine[1];
    valueTyped = keyLine[2];
  } else if (item) {
    // A `- item` line belongs to the nearest key above it.
    for (let l = position.line - 1; l > doc.frontMatter!.openRange.start.line && key === undefined; l--) key = VALUE_LINE.exec(doc.lines.lineText(l))?.[1];
    valueTyped = item[1];
  } else {
    return [];
  }
  // In a flow list, what is typed is the text after the last `[` or `,`.
  const flow = /[[,]\s*(?!\s)([^[,]*)$/.exec(valueTyped);
  const partial = flow ? flow[1] : valueTyped.replace(/^["']/, '');
  const range = wordRange(doc, position, position.character - partial.length);
  const others = new Set((key === 'services' || key === 'tags' ? (listField(doc, key) ?? []) : []).filter((s) => !containsPosition(s.range, position)).map((s) => s.value.toLowerCase()));
  switch (key) {
    case 'severity':
      return levels(context.settings, range);
    case 'status':
      return context.settings.statuses.map((s, i) => ({ label: s, kind: 'enum', range, newText: s, sortText: sortKey(i) }));
    case 'services':
      return rankedNames(context, 'services', [], ownNames(doc, 'services', position)).filter((n) => !others.has(n.name.toLowerCase())).map((n, i) => value(n.name, n.detail, range, i));
    case 'author':
      return rankedNames(context, 'teams', [], ownNames(doc, 'teams', position)).map((n, i) => value(n.name, n.detail, range, i));
    case 'tags':
      return tagNames(context).filter((t) => !others.has(t.toLowerCase())).map((t, i) => value(t, undefined, range, i));
    case 'date': {
      const today = context.today ?? todayIso();
      return [{ label: today, kind: 'date', detail: 'today', range, newText: today, sortText: sortKey(0) }];
    }
    default:
      return [];
  }
}

function keySnippet(key: string, context: CompletionContext): string {
  const choice = (values: readonly string[]) => (values.length > 0 ? `\${1|${values.map((v) => v.replace(/[,|\\$}]/g, '\\$&')).join(',')}|}` : '$1');
  switch (key) {
    case 'title':
      return '"$1"';
    case 'date':
      return context.today ?? todayIso();
    case 'severity':
      return choice(context.settings.severities.map((s) => s.name));
    case 'status':
      return choice(context.settings.statuses);
    case 'services':
      return '[$1]';
    case 'tags':
      return '[rca$1]';
    case 'duration_minutes':
      return '${1:0}';
    default:
      return '$1';
  }
}

function levels(settings: RcaSettings, range: Range): Completion[] {
  return settings.severities.map((s, i) => ({ label: s.name, kind: 'enum', detail: s.description, documentation: s.description, range, newText: s.name, sortText: sortKey(i) }));
}

function dueDates(doc: RcaDocument, range: Range): Completion[] {
  const incident = stringField(doc, 'date')?.value.trim();
  if (!incident || !isCalendarDate(incident)) return [];
  return [7, 14, 30].map((days, i) => {
    const date = isoDay(epochDay(incident) + days);
    return { label: date, kind: 'date', detail: `incident + ${days} days`, range, newText: date, sortText: sortKey(i) };
  });
}

function value(name: string, detail: string | undefined, range: Range, rank: number): Completion {
  return { label: name, kind: 'value', detail, range, newText: name, sortText: sortKey(rank) };
}

function sortKey(rank: number): string {
  return String(rank).padStart(5, '0');
}

/** The range from `start` on the cursor's line to the end of the word under the cursor. */
function wordRange(doc: RcaDocument, position: Position, start: number): Range {
  const rest = doc.lines.lineText(position.line).slice(position.character);
  const word = /^[\w.-]*/.exec(rest)![0];
  return lineRange(position.line, start, position.character + word.length);
}

/** The document being completed, as the names it counts for: what it names apart from the value at the cursor. */
export interface CompletedDocument {
  readonly uri: string;
  readonly names: readonly string[];
}

/** What `doc` names (services in its front matter; author and action item owners) other than at `position`. */
function ownNames(doc: RcaDocument, kind: 'services' | 'teams', position: Position): CompletedDocument {
  if (kind === 'services') return { uri: doc.uri, names: (listField(doc, 'services') ?? []).filter((s) => !containsPosition(s.range, position)).map((s) => s.value) };
  const author = stringField(doc, 'author');
  const owners = doc.actionItems.filter((a) => a.line !== position.line && a.owner).map((a) => a.owner!.text);
  return { uri: doc.uri, names: author && author.range.start.line !== position.line ? [author.value, ...owners] : owners };
}

/**
 * Catalog names and names learned from the workspace's RCAs, most used first;
 * `first` (e.g. this RCA's own services) ahead of all. The document being typed
 * in counts for what it names elsewhere, not for the half-typed value at the cursor,
 * which the index holds as a name too.
 */
export function rankedNames(context: CompletionContext, kind: 'services' | 'teams', first: readonly string[] = [], typing?: CompletedDocument): NamedChoice[] {
  const uses = new Map<string, { name: string; count: number }>();
  const count = (name: string, weight: number) => {
    const key = name.toLowerCase();
    const entry = uses.get(key) ?? { name, count: 0 };
    entry.count += weight;
    uses.set(key, entry);
  };
  for (const [name, owners] of kind === 'services' ? context.index.services() : context.index.teams()) {
    const weight = owners.size - (typing && owners.has(typing.uri) ? 1 : 0);
    if (weight > 0) count(name, weight);
  }
  const named = new Map((typing?.names ?? []).map((n) => n.trim()).filter((n) => n !== '').map((n) => [n.toLowerCase(), n]));
  for (const name of named.values()) count(name, 1);
  const catalogEntries = context.catalog?.[kind] ?? [];
  for (const e of catalogEntries) count(e.name, 0);
  for (const name of first) count(name, 1e9);
  return [...uses.values()]
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))
    .map((u) => {
      const owner = findCatalogEntry(catalogEntries, u.name)?.owner;
      return { name: u.name, detail: [owner && `owner ${owner}`, u.count > 0 && u.count < 1e9 ? `${u.count} RCA${u.count === 1 ? '' : 's'}` : undefined].filter(Boolean).join(' · ') || undefined };
    });
}

/** Tags used in the workspace, most used first, after `rca` and the severity tags (`p3`). */
function tagNames(context: CompletionContext): string[] {
  const learned = [...context.index.tags()].sort((a, b) => b[1].size - a[1].size || a[0].localeCompare(b[0])).map(([tag]) => tag);
  return [...new Set(['rca', ...context.settings.severities.map((s) => s.name.toLowerCase()), ...learned])];
}
