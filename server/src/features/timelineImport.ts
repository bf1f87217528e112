// Timeline import: a source's events (core/timelineSources.ts) merged into the RCA's Timeline
// table, written in the table's zone and clock style, placed in time order among the rows
// already there, without the events the table already has, each event escaped into one
// cell. One edit, computed here for the CLI and the editor alike.
import type { Milestone, RcaDocument, Timeline, TimelineRow } from '../core/model';
import { incidentDay } from '../core/parse';
import type { RcaSettings } from '../core/settings';
import { cutText, eolOf, type TextEdit } from '../core/text';
import { isoDay } from '../../../shared/calendarDay';
import { classifyEvent, clockStyle, DEFAULT_CLOCK_STYLE, formatClock, milestoneTag, parseClockTime, type ClockStyle } from '../core/timeline';
import { readSourceTime, TIME_FORMS, type SourceEvent, type SourceTime } from '../core/timelineSources';
import { insertLinesAt } from '../rules/structureRules';
import { newTimelineTable, rowText, TIMELINE_TABLE, timelineSection, zoneOffset } from './timelineRow';

export interface ImportOptions {
  /** Only events at or after this time (see readSourceTime; a time of day falls on the incident's date). */
  readonly since?: string;
  readonly until?: string;
  /** The host's offset from UTC in minutes: the zone of a table whose header and rows name none. */
  readonly localOffset: number;
}

export interface ImportedRow {
  readonly time: string;
  /** The event cell as written (escaped). */
  readonly event: string;
  readonly milestone: Milestone | undefined;
  readonly origin: string;
}

export interface TimelineImport {
  /** The new rows, in table order. */
  readonly rows: readonly ImportedRow[];
  /** Events the table already has, or that the source repeats. */
  readonly duplicates: number;
  /** Events outside since/until. */
  readonly outside: number;
  /** The zone the rows are written in: `UTC`, `UTC+02:00`. */
  readonly zone: string;
  /** The edit to the RCA; undefined when nothing is new. */
  readonly edit: TextEdit | undefined;
}

/** An event longer than this is cut (with `…`): a timeline row is a line, the source keeps the rest. */
export const MAX_EVENT_CHARS = 500;
const MINUTES_PER_DAY = 24 * 60;
const ROLLOVER_THRESHOLD = 12 * 60;

/** An event as one table cell: line breaks as `<br>`, and `|`, `\`, `<` and `[` escaped so that it stays one cell of plain text (no HTML, links or comments). */
export function eventCell(text: string): string {
  const plain = text.replace(/\r\n?|[\u2028\u2029]/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').replace(/\t/g, ' ').trim();
  return cutText(plain, MAX_EVENT_CHARS).split('\n').map((line) => line.trim()).filter((line) => line !== '').map((line) => line.replace(/[\\|<[]/g, '\\$&')).join('<br>');
}

/** Events as Timeline rows merged into the RCA, or an error (a bad since/until, no Timeline section). */
export function importTimeline(doc: RcaDocument, events: readonly SourceEvent[], settings: RcaSettings, options: ImportOptions): TimelineImport | { readonly error: string } {
  const timeline = doc.timeline;
  const section = timeline?.section ?? timelineSection(doc);
  if ('error' in section) return section;
  const styles = (timeline?.rows ?? []).flatMap((r) => clockStyle(r.timeCell.text) ?? []);
  const header = timeline ? timeline.header.map((cell) => cell.text).join(' ') : TIMELINE_TABLE[0];
  const zone = zoneOffset(header, styles, options.localOffset);

  // Where the rows already there fall, in minutes since the epoch on the table's clock.
  const rcaDay = incidentDay(doc.frontMatter);
  const firstTimed = timeline?.rows.find((r) => r.minutes !== undefined);
  const firstClock = firstTimed && parseClockTime(firstTimed.timeCell.text);
  // The day times of day fall on: the RCA's date, else the first row's, else the source's first.
  const anchorDay = rcaDay ?? firstClock?.day ?? events.find((e) => e.day !== undefined)?.day;
  const baseDay = anchorDay ?? 0;
  const origin = firstClock && (firstClock.day ?? baseDay) * MINUTES_PER_DAY + firstClock.minuteOfDay;
  const existingAt = (row: TimelineRow) => (origin === undefined || row.minutes === undefined ? undefined : origin + row.minutes);

  const limits: { since?: number; until?: number } = {};
  for (const name of ['since', 'until'] as const) {
    const value = options[name]?.trim();
    if (!value) continue;
    const time = readSourceTime(value);
    if (!time) return { error: `${name} "${value}" is not a time: expected ${TIME_FORMS}` };
    limits[name] = tableClock(zone, baseDay)(time);
  }
  const onTableClock = tableClock(zone, baseDay);
  const style = styles.at(-1) ?? DEFAULT_CLOCK_STYLE;
  const unit = style.seconds ? 1 : 60;
  const key = (at: number, event: string) => `${Math.floor(Math.round(at * 60) / unit)}\u0000${event.toLowerCase().replace(/\s+/g, ' ').trim()}`;
  const seen = new Set((timeline?.rows ?? []).flatMap((row) => { const at = existingAt(row); return at === undefined ? [] : [key(at, row.eventCell?.text ?? '')]; }));

  let duplicates = 0;
  let outside = 0;
  const fresh: { at: number; event: string; origin: string }[] = [];
  for (const event of events) {
    const at = onTableClock(event);
    if ((limits.since !== undefined && at < limits.since) || (limits.until !== undefined && at > limits.until)) {
      outside++;
      continue;
    }
    const words = eventCell(event.text);
    // The source's record names the milestone its words do not: the row says it with a tag.
    const cell = event.milestone && classifyEvent(words, settings.milestones) !== event.milestone ? `${words} ${milestoneTag(event.milestone)}` : words;
    const id = key(at, cell);
    if (seen.has(id)) {
      duplicates++;
      continue;
    }
    seen.add(id);
    fresh.push({ at, event: cell, origin: event.origin });
  }
  fresh.sort((a, b) => a.at - b.at);

  // Dates once the rows leave the incident's day (undated, a gap of over 12 hours would read as
  // going back), and in a new table of an RCA without a date, which nothing else would keep.
  const existing = (timeline?.rows ?? []).flatMap((r) => existingAt(r) ?? []);
  const days = new Set([...existing, ...fresh.map((f) => f.at)].map((at) => Math.floor(at / MINUTES_PER_DAY)));
  if (rcaDay !== undefined) days.add(rcaDay);
  const dated = styles.some((s) => s.dateSeparator !== undefined) || (fresh.length > 0 && anchorDay !== undefined && (days.size > 1 || (rcaDay === undefined && existing.length === 0)));
  const rowStyle: ClockStyle = { ...style, dateSeparator: dated ? style.dateSeparator ?? styles.find((s) => s.dateSeparator)?.dateSeparator ?? ' ' : undefined };
  const timeText = (at: number) => {
    const seconds = Math.round(at * 60);
    const day = Math.floor(seconds / 86_400);
    const ofDay = seconds - day * 86_400;
    return formatClock(isoDay(day), Math.floor(ofDay / 3600), Math.floor(ofDay / 60) % 60, ofDay % 60, rowStyle);
  };
  const rows = fresh.map((f) => ({ ...f, time: timeText(f.at), milestone: classifyEvent(f.event, settings.milestones) }));
  const result = { rows: rows.map(({ time, event, milestone, origin }) => ({ time, event, milestone, origin })), duplicates, outside, zone: zoneName(zone) };
  if (rows.length === 0) return { ...result, edit: undefined };

  const columns = timeline ? [timeline.header.length, timeline.timeColumn, timeline.eventColumn] as const : [TIMELINE_TABLE[0].split('|').length - 2, 0, 1] as const;
  const lineOf = (row: (typeof rows)[number]) => rowText(...columns, row.time, row.event).text;
  if (!timeline) return { ...result, edit: newTimelineTable(doc, section, rows.map(lineOf)).edit };
  return { ...result, edit: mergeEdit(doc, timeline, rows, lineOf, existingAt, dated ? rowStyle.dateSeparator : undefined) };
}

/** Replaces the table's rows with the old ones (undated times given their date when `dateSeparator` says the table is now dated) and the new ones in time order among them. */
function mergeEdit<R extends { at: number }>(doc: RcaDocument, timeline: Timeline, fresh: readonly R[], lineOf: (row: R) => string, existingAt: (row: TimelineRow) => number | undefined, dateSeparator: string | undefined): TextEdit {
  const byLine = new Map(timeline.rows.map((row) => [row.line, row]));
  const first = timeline.headerLine + 2;
  const lines: string[] = [];
  let next = 0;
  for (let line = first; line <= timeline.lastLine; line++) {
    const row = byLine.get(line);
    const at = row && existingAt(row);
    if (at !== undefined) while (next < fresh.length && fresh[next].at < at) lines.push(lineOf(fresh[next++]));
    let text = doc.lines.lineText(line);
    if (row && at !== undefined && dateSeparator !== undefined && parseClockTime(row.timeCell.text)?.day === undefined) {
      const { start, end } = row.timeCell.range;
      text = `${text.slice(0, start.character)}${isoDay(Math.floor(at / MINUTES_PER_DAY))}${dateSeparator}${text.slice(start.character, end.character)}${text.slice(end.character)}`;
    }
    lines.push(text);
  }
  while (next < fresh.length) lines.push(lineOf(fresh[next++]));
  if (timeline.lastLine < first) return insertLinesAt(doc, first, lines);
  return { range: { start: { line: first, character: 0 }, end: { line: timeline.lastLine, character: doc.lines.lineText(timeline.lastLine).length } }, newText: lines.join(eolOf(doc.text)) };
}

/**
 * A source time on the table's clock, in minutes since the epoch. A time of day falls the
 * short way round the clock from the one before it (as undated rows do), the first on `baseDay`.
 */
function tableClock(zone: number, baseDay: number): (time: SourceTime) => number {
  let previous: number | undefined;
  return (time) => {
    const clock = time.minuteOfDay + (time.offset === undefined ? 0 : zone - time.offset);
    let at: number;
    if (time.day !== undefined) at = time.day * MINUTES_PER_DAY + clock;
    else if (previous === undefined) at = baseDay * MINUTES_PER_DAY + clock;
    else {
      let step = clock - (((previous % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY);
      if (step < -ROLLOVER_THRESHOLD) step += MINUTES_PER_DAY;
      else if (step > ROLLOVER_THRESHOLD) step -= MINUTES_PER_DAY;
      at = previous + step;
    }
    previous = at;
    return at;
  };
}

function zoneName(offset: number): string {
  if (offset === 0) return 'UTC';
  const two = (n: number) => String(n).padStart(2, '0');
  return `UTC${offset < 0 ? '-' : '+'}${two(Math.floor(Math.abs(offset) / 60))}:${two(Math.abs(offset) % 60)}`;
}
