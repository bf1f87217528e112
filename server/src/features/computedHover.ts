// Hovers that compute: the timeline span behind duration_minutes, T+ of a
// timeline row, a service's catalog entry and history, a severity's meaning, a
// due date relative to today, and what a Summary number should be.
import { findCatalogEntry, type Catalog } from '../core/catalog';
import { field, listField, numberField, stringField } from '../core/fields';
import type { RcaDocument, TableCell, TimelineRow } from '../core/model';
import { MILESTONES } from '../core/model';
import type { RcaSettings } from '../core/settings';
import { containsPosition, cutText, type Position, type Range } from '../core/text';
import { calendarDateDay, epochDay, todayIso } from '../../../shared/calendarDay';
import { MILESTONE_LABELS, expectedDuration, timelineMetrics } from '../core/timeline';
import { isInside, joinUri } from '../core/uri';
import { DONE_ITEM_DAY, itemDueDay, unpackActionItems, type WorkspaceIndex } from '../core/workspaceIndex';
import { isActionDone } from '../core/actionItems';
import { escapeMarkdown, formatMinutes, formatSigned, phaseFigures } from './format';

export interface HoverContext {
  readonly settings: RcaSettings;
  readonly catalog: Catalog | undefined;
  readonly index: WorkspaceIndex;
  /** The workspace folder of the catalog, which its runbook paths are relative to. */
  readonly catalogRoot: string | undefined;
  /** `YYYY-MM-DD`; injected so tests do not depend on the clock. */
  readonly today?: string;
}

export interface HoverResult {
  /** Markdown. */
  readonly contents: string;
  readonly range: Range;
}

export function computedHover(doc: RcaDocument, position: Position, context: HoverContext): HoverResult | undefined {
  const at = (range: Range | undefined) => range !== undefined && containsPosition(range, position);
  const hover = (range: Range, contents: string | undefined) => (contents === undefined ? undefined : { range, contents });

  const duration = field(doc, 'duration_minutes');
  if (duration && (at(duration.keyRange) || at(duration.valueRange))) return hover(at(duration.keyRange) ? duration.keyRange : duration.valueRange, durationHover(doc, context.settings));
  const severity = stringField(doc, 'severity');
  if (severity && at(severity.range)) return hover(severity.range, severityHover(severity.value, context.settings));
  for (const service of [...(listField(doc, 'services') ?? []), ...(doc.affectedServices?.items ?? [])]) {
    if (at(service.range)) return hover(service.range, serviceHover(service.value, context));
  }
  for (const row of doc.timeline?.rows ?? []) {
    if (at(row.timeCell.range)) return hover(row.timeCell.range, rowHover(doc, row));
  }
  const author = stringField(doc, 'author');
  const teams = [author && { value: author.value, range: author.range }, doc.footer?.author, ...doc.actionItems.map((a) => a.owner && { value: a.owner.text, range: a.owner.range })];
  for (const team of teams) {
    if (team && at(team.range)) return hover(team.range, teamHover(team.value, context));
  }
  for (const item of doc.actionItems) {
    if (item.priority && at(item.priority.range)) return hover(item.priority.range, severityHover(item.priority.text, context.settings));
    if (item.dueDate && at(item.dueDate.range)) return hover(item.dueDate.range, dueHover(doc, item.dueDate, context.today ?? todayIso()));
  }
  const summary = doc.summary;
  if (summary?.durationMinutes && at(summary.durationMinutes.range)) {
    const declared = numberField(doc, 'duration_minutes')?.value;
    return hover(summary.durationMinutes.range, comparison('minutes', summary.durationMinutes.value, declared, '`duration_minutes`'));
  }
  if (summary?.dependentServices && at(summary.dependentServices.range)) {
    return hover(summary.dependentServices.range, comparison('services', summary.dependentServices.value, listField(doc, 'services')?.length, 'the front matter `services`'));
  }
  return undefined;
}

function durationHover(doc: RcaDocument, settings: RcaSettings): string {
  const metrics = timelineMetrics(doc.timeline);
  if (!metrics || metrics.durationMinutes === undefined) {
    const guessed = doc.timeline?.rows.some((r) => r.dayUnknown);
    return guessed ? 'No timeline span: the Timeline passes midnight more than once without a date (`timeline-date-missing`).' : 'No timeline span: the Timeline needs a first event and a resolved event.';
  }
  const resolvedAt = metrics.milestones.resolved?.row.clock;
  const lines = [`**Timeline span: ${formatMinutes(metrics.durationMinutes)}** (${metrics.start?.clock} → ${resolvedAt})`, '', '| milestone | since start | at |', '|---|---|---|'];
  for (const milestone of MILESTONES) {
    const reached = metrics.milestones[milestone];
    if (reached) lines.push(`| ${MILESTONE_LABELS[milestone]} | ${formatMinutes(reached.minutes)} | ${reached.row.clock} |`);
  }
  const impact = metrics.milestones.impactStarted;
  if (impact) {
    const figures = phaseFigures(metrics);
    lines.push('', `From impact start (${impact.row.clock}): ${figures.join(' · ') || 'no later milestone'}`);
    if (metrics.customerImpactMinutes !== undefined) lines.push('', `Customer impact: **${formatMinutes(metrics.customerImpactMinutes)}** (${impact.row.clock} → recovered ${metrics.milestones.recovered?.row.clock})`);
  }
  const expected = expectedDuration(metrics, settings.durationFrom);
  if (expected && expected.from !== metrics.start) {
    lines.push('', `\`duration_minutes\` counts from ${settings.durationFrom === 'impact' ? 'impact start' : 'detection'} (\`rca.durationFrom\`): ${formatMinutes(expected.minutes)} (${expected.from.clock} → ${resolvedAt})`);
  }
  const declared = numberField(doc, 'duration_minutes');
  if (declared && expected && declared.value !== expected.minutes) {
    lines.push('', `⚠ \`duration_minutes\` is ${declared.value}: it disagrees with the timeline by ${formatMinutes(Math.abs(declared.value - expected.minutes))}.`);
  }
  return lines.join('\n');
}

function rowHover(doc: RcaDocument, row: TimelineRow): string | undefined {
  if (row.dayUnknown) return `Day unknown: the Timeline has passed midnight more than once without a date by ${row.clock}; write the date (\`YYYY-MM-DD ${row.clock}\`)`;
  if (row.minutes === undefined) return undefined;
  const rows = doc.timeline!.rows;
  const index = rows.indexOf(row);
  const previous = rows.slice(0, index).reverse().find((r) => r.minutes !== undefined && !r.outOfOrder);
  const parts = [`**T+${formatMinutes(row.minutes)}** since the first event (${rows.find((r) => r.minutes !== undefined)?.clock})`];
  if (previous) parts.push(`+${formatMinutes(row.minutes - previous.minutes!)} since the previous event (${previous.clock})`);
  const impact = timelineMetrics(doc.timeline)?.milestones.impactStarted;
  if (impact && impact.row !== row && impact.row !== rows.find((r) => r.minutes !== undefined)) parts.push(`${formatSigned(row.minutes - impact.minutes)} since impact started (${impact.row.clock})`);
  if (row.milestone) parts.push(`milestone: **${MILESTONE_LABELS[row.milestone]}**`);
  return parts.join(' · ');
}

function severityHover(name: string, settings: RcaSettings): string | undefined {
  const level = settings.severities.find((s) => s.name === name);
  return level ? `**${level.name}**${level.description ? `: ${escapeMarkdown(level.description)}` : ''}` : `**${escapeMarkdown(name)}** is not a severity level (${settings.severities.map((s) => s.name).join(', ')})`;
}

/** A link to a catalog runbook path, or its text alone when the path leads outside the workspace folder. */
function runbookLink(path: string, root: string): string {
  const uri = joinUri(root, path);
  return isInside(uri, root) ? `[${escapeMarkdown(path)}](${uri})` : `${escapeMarkdown(path)} (outside the workspace, not linked)`;
}

function serviceHover(name: string, context: HoverContext): string {
  const lines = [`**${escapeMarkdown(name)}**`];
  const entry = context.catalog && findCatalogEntry(context.catalog.services, name);
  if (entry) {
    if (entry.owner) lines.push(`Owner: ${escapeMarkdown(entry.owner)}`);
    if (entry.runbook && context.catalogRoot) lines.push(`Runbook: ${runbookLink(entry.runbook, context.catalogRoot)}`);
  } else if (context.catalog?.readable) {
    lines.push('Not in the catalog.');
  }
  const history = context.index.serviceHistory(name);
  if (history) {
    const { incidents, lastDate, medianDuration } = history;
    const parts = [`${incidents} incident${incidents === 1 ? '' : 's'} in the workspace`];
    if (lastDate !== undefined) parts.push(`last on ${lastDate}`);
    if (medianDuration !== undefined) parts.push(`median time to resolve ${formatMinutes(medianDuration)}`);
    lines.push(parts.join(' · '));
  }
  return lines.join('\n\n');
}

const LISTED_ITEMS = 10;
/** A listed item's action and priority are cut to this many characters: a cell can hold a megabyte. */
const LISTED_CELL_CHARS = 120;

/** A team: its catalog entry and the action items it owns across the workspace, overdue first. */
function teamHover(name: string, context: HoverContext): string {
  const lines = [`**${escapeMarkdown(name)}**`];
  if (context.catalog?.readable && !findCatalogEntry(context.catalog.teams, name)) lines.push('Not a team in the catalog.');
  const today = epochDay(context.today ?? todayIso());
  const wanted = name.trim().toLowerCase();
  // Count and rank from the index's due days; unpack only the RCAs whose items are listed.
  let total = 0;
  let overdue = 0;
  // The earliest LISTED_ITEMS, kept sorted: a team may own thousands of items.
  const earliest: { uri: string; due: number }[] = [];
  const tally = (dueDays: readonly number[], uri: string) => {
    for (const day of dueDays) {
      total++;
      if (day < today) overdue++;
      const due = listingOrder(day);
      if (earliest.length === LISTED_ITEMS && due >= earliest[LISTED_ITEMS - 1].due) continue;
      let at = earliest.length;
      while (at > 0 && earliest[at - 1].due > due) at--;
      earliest.splice(at, 0, { uri, due });
      if (earliest.length > LISTED_ITEMS) earliest.pop();
    }
  };
  for (const [team, owners] of context.index.teams()) if (team.toLowerCase() === wanted) owners.forEach(tally);
  if (total === 0) {
    lines.push('No action items in the workspace.');
    return lines.join('\n\n');
  }
  lines.push(`${total} action item${total === 1 ? '' : 's'} in the workspace${overdue > 0 ? `, ${overdue} overdue` : ''}`);
  const listedUris = [...new Set(earliest.map((r) => r.uri))];
  const listed = listedUris
    .flatMap((uri) => {
      const entry = context.index.get(uri)!;
      return unpackActionItems(entry.rca!.actionItems)
        .filter((item) => item.owner.trim().toLowerCase() === wanted)
        .map((item) => ({ entry, item, day: itemDueDay(isActionDone(item.action, item.status), item.due) }));
    })
    .sort((a, b) => listingOrder(a.day) - listingOrder(b.day))
    .slice(0, LISTED_ITEMS)
    .map(({ entry, item, day }) => {
      const when = day === DONE_ITEM_DAY ? 'done' : day < today ? `overdue since ${item.due}` : `due ${item.due || '(no date)'}`;
      return `- ${escapeMarkdown(cutText(item.priority.trim(), LISTED_CELL_CHARS))} ${escapeMarkdown(cutText(item.action.trim(), LISTED_CELL_CHARS))}: ${when} ([${escapeMarkdown(entry.relativePath)}](${entry.uri}#L${item.line + 1}))`;
    });
  if (total > LISTED_ITEMS) listed.push(`- … and ${total - LISTED_ITEMS} more`);
  lines.push(listed.join('\n'));
  return lines.join('\n\n');
}

/** Where a team's item (its itemDueDay) comes in the hover's list: the earliest first, then the undated, done items last (DONE_ITEM_DAY is Infinity). */
function listingOrder(day: number): number {
  return Number.isNaN(day) ? Number.MAX_VALUE : day;
}

function dueHover(doc: RcaDocument, due: TableCell, today: string): string | undefined {
  const dueDay = calendarDateDay(due.text);
  if (dueDay === undefined) return undefined;
  const fromToday = dueDay - epochDay(today);
  const parts = [fromToday > 0 ? `Due in ${fromToday} day${fromToday === 1 ? '' : 's'}` : fromToday === 0 ? 'Due today' : `Overdue by ${-fromToday} day${fromToday === -1 ? '' : 's'}`];
  const incident = stringField(doc, 'date')?.value.trim();
  const incidentDay = calendarDateDay(incident);
  if (incidentDay !== undefined) parts.push(`${dueDay - incidentDay} days after the incident (${incident})`);
  return parts.join(' · ');
}

function comparison(unit: string, said: number, expected: number | undefined, source: string): string | undefined {
  if (expected === undefined) return undefined;
  return said === expected ? `Matches ${source} (${expected} ${unit}).` : `⚠ Should be **${expected}** ${unit}, as ${source} says.`;
}

