// Add Timeline Row: the edit inserting a row with the current time into the Timeline
// table, written like the table's other times and in its zone, and where the cursor
// should go (the new row's event cell). The time comes in, so that tests fix it.
import type { RcaDocument, Section, Timeline } from '../core/model';
import { sectionSkeleton, SECTIONS } from '../core/schema';
import { headerZone, parseInstant, type Instant } from '../core/instant';
import type { Position, TextEdit } from '../core/text';
import { clockStyle, DEFAULT_CLOCK_STYLE, formatClock, parseClockTime, type ClockStyle } from '../core/timeline';
import { insertLinesAt } from '../rules/structureRules';

export interface TimelineRowEdit {
  readonly edit: TextEdit;
  /** In the new row's event cell, in the document after the edit. */
  readonly cursor: Position;
}

/** `now` as ISO 8601 with this host's offset: the default when a client does not say the time. */
export function localInstant(now = new Date()): string {
  const offset = -now.getTimezoneOffset();
  const two = (n: number) => String(Math.abs(n)).padStart(2, '0');
  const wall = new Date(now.getTime() + offset * 60_000).toISOString().slice(0, 19);
  return `${wall}${offset < 0 ? '-' : '+'}${two(Math.trunc(offset / 60))}:${two(offset % 60)}`;
}

/** The table's zone as an offset from UTC in minutes: the header's, else UTC when a row says so, else local. */
export function zoneOffset(header: string, styles: readonly ClockStyle[], local: number): number {
  return headerZone(header) ?? (styles.some((style) => style.suffix !== '') ? 0 : local);
}

/**
 * The row to add for `now` (see INSTANT): after the row at the cursor when it is in the table,
 * else in time order when the rows carry dates, else at the end. Without a table, a new one
 * goes under the Timeline heading; without the heading, an error says what to do.
 */
export function addTimelineRow(doc: RcaDocument, position: Position, now: string): TimelineRowEdit | { readonly error: string } {
  const instant = parseInstant(now);
  if (!instant) return { error: `"${now}" is not a time in ISO 8601 with a UTC offset (2026-12-03T10:15:00+01:00)` };
  const timeline = doc.timeline;
  if (timeline) return rowInTable(doc, timeline, position, instant);
  const section = timelineSection(doc);
  if ('error' in section) return section;
  const time = wallTime(instant, zoneOffset(TIMELINE_TABLE[0], [], instant.offset), DEFAULT_CLOCK_STYLE);
  const { text, eventStart } = rowText(TIMELINE_TABLE[0].split('|').length - 2, 0, 1, time);
  const { edit, firstRowLine } = newTimelineTable(doc, section, [text]);
  return { edit, cursor: { line: firstRowLine, character: eventStart } };
}

/** The Timeline section, or an error saying how to add it. */
export function timelineSection(doc: RcaDocument): Section | { readonly error: string } {
  const section = doc.sections.find((s) => s.heading.text.trim().toLowerCase() === SECTIONS.timeline.toLowerCase());
  return section ?? { error: `This RCA has no "## ${SECTIONS.timeline}" section: add it (the "Add the section" quick fix on the missing-section warning) and run this again.` };
}

function rowInTable(doc: RcaDocument, timeline: Timeline, position: Position, instant: Instant): TimelineRowEdit {
  const { rows, headerLine, lastLine } = timeline;
  const inTable = position.line >= headerLine && position.line <= lastLine;
  const styles = new Map(rows.flatMap((r) => { const style = clockStyle(r.timeCell.text); return style ? [[r.line, style] as const] : []; }));
  // The time is written like the cursor's row, else the last row with a time; with a date when any row has one.
  const reference = (inTable ? styles.get(position.line) : undefined) ?? [...styles.values()].at(-1) ?? DEFAULT_CLOCK_STYLE;
  const dated = [...styles.values()].find((s) => s.dateSeparator !== undefined);
  const style = { ...reference, dateSeparator: reference.dateSeparator ?? dated?.dateSeparator };
  const header = timeline.header.map((cell) => cell.text).join(' ');
  const time = wallTime(instant, zoneOffset(header, [...styles.values()], instant.offset), style);
  let after: number;
  if (inTable) after = Math.max(position.line, headerLine + 1);
  else if (style.dateSeparator !== undefined) after = timeOrderLine(timeline, time) ?? lastLine;
  else after = lastLine;
  const line = after + 1;
  const { text, eventStart } = rowText(timeline.header.length, timeline.timeColumn, timeline.eventColumn, time);
  return { edit: insertLinesAt(doc, line, [text]), cursor: { line, character: eventStart } };
}

/** The line after which a dated time goes: after the last row not later than it, or after the separator. */
function timeOrderLine(timeline: Timeline, time: string): number | undefined {
  const at = parseClockTime(time);
  if (!at || at.day === undefined) return undefined;
  let after = timeline.headerLine + 1;
  for (const row of timeline.rows) {
    const clock = parseClockTime(row.timeCell.text);
    if (clock?.day === undefined) continue;
    if (clock.day < at.day || (clock.day === at.day && clock.minuteOfDay <= at.minuteOfDay)) after = row.line;
  }
  return after;
}

/** The header and separator of the schema's Timeline table. */
export const TIMELINE_TABLE = sectionSkeleton(SECTIONS.timeline).filter((l) => l.trimStart().startsWith('|'));

/** A Timeline table with `rows`, after what the section already holds; the line of its first row. */
export function newTimelineTable(doc: RcaDocument, section: Section, rows: readonly string[]): { edit: TextEdit; firstRowLine: number } {
  const headingLine = section.range.start.line;
  let last = section.range.end.line;
  while (last > headingLine && doc.lines.lineText(last).trim() === '') last--;
  const line = last + 1;
  const nextIsBlank = line >= doc.lines.lineCount || doc.lines.lineText(line).trim() === '';
  const lines = ['', ...TIMELINE_TABLE, ...rows, ...(nextIsBlank ? [] : [''])];
  return { edit: insertLinesAt(doc, line, lines), firstRowLine: line + 1 + TIMELINE_TABLE.length };
}

/** The wall-clock time of an instant at a UTC offset, written in a style. */
export function wallTime(instant: Instant, offset: number, style: ClockStyle): string {
  const wall = new Date(instant.ms + offset * 60_000);
  return formatClock(wall.toISOString().slice(0, 10), wall.getUTCHours(), wall.getUTCMinutes(), wall.getUTCSeconds(), style);
}

/** A row of `columns` cells with the time and the event (already escaped) in their columns; where its event cell starts. */
export function rowText(columns: number, timeColumn: number, eventColumn: number, time: string, event = ''): { text: string; eventStart: number } {
  const cells = Array.from({ length: Math.max(columns, timeColumn + 1, eventColumn + 1) }, (_, i) => (i === timeColumn ? time : i === eventColumn ? event : ''));
  const eventStart = 2 + cells.slice(0, eventColumn).reduce((sum, cell) => sum + cell.length + 3, 0);
  return { text: `| ${cells.join(' | ')} |`, eventStart };
}
