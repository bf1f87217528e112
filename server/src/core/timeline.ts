// Timeline rows: clock times with midnight roll-over, milestones, and the
// MTTx figures computed from them.
import type { Milestone, TableCell, Timeline, TimelineRow } from './model';
import { MILESTONES } from './model';
import type { Table } from './markdown';
import type { RcaSettings } from './settings';
import { epochDay, isCalendarDate } from './text';

const TIME = /^(?:(\d{4}-\d{2}-\d{2})([ T]))?(\d{1,2}):(\d{2})(?::(\d{2}))?(\s*(?:UTC|Z))?$/i;
const MINUTES_PER_DAY = 24 * 60;
/** A backward step longer than this is the clock passing midnight, not a mistake. */
const ROLLOVER_THRESHOLD = 12 * 60;

export interface ClockTime {
  /** Day number since the epoch, when the cell carries a date. */
  readonly day: number | undefined;
  /** Minutes since midnight (fractional with seconds). */
  readonly minuteOfDay: number;
  readonly clock: string;
}

export function parseClockTime(cell: string): ClockTime | undefined {
  const match = TIME.exec(cell.trim());
  if (!match) return undefined;
  const [, date, , h, m, s] = match;
  const hours = Number(h);
  const minutes = Number(m);
  const seconds = s === undefined ? 0 : Number(s);
  if (hours > 23 || minutes > 59 || seconds > 59) return undefined;
  if (date !== undefined && !isCalendarDate(date)) return undefined;
  const clock = `${date ? `${date} ` : ''}${h.padStart(2, '0')}:${m}${s === undefined ? '' : `:${s}`}`;
  return { day: date === undefined ? undefined : epochDay(date), minuteOfDay: hours * 60 + minutes + seconds / 60, clock };
}

/** How a table writes its times, so that a new row's time reads like the others. */
export interface ClockStyle {
  /** `2025-07-31 09:00` (with the separator written: a space or `T`), not `09:00`. */
  readonly dateSeparator: ' ' | 'T' | undefined;
  /** `09:05`, not `9:05`. */
  readonly paddedHour: boolean;
  readonly seconds: boolean;
  /** What follows the time: ` UTC`, `Z` or nothing. */
  readonly suffix: string;
}

export const DEFAULT_CLOCK_STYLE: ClockStyle = { dateSeparator: undefined, paddedHour: true, seconds: false, suffix: '' };

/** The style of a time cell, or undefined when it is not a time. */
export function clockStyle(cell: string): ClockStyle | undefined {
  if (!parseClockTime(cell)) return undefined;
  const [, , separator, h, , s, suffix] = TIME.exec(cell.trim())!;
  return { dateSeparator: separator as ClockStyle['dateSeparator'], paddedHour: h.length === 2, seconds: s !== undefined, suffix: suffix ?? '' };
}

/** A wall-clock time (`YYYY-MM-DD`, hours, minutes, seconds) written in a style. */
export function formatClock(date: string, hours: number, minutes: number, seconds: number, style: ClockStyle): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const time = `${style.paddedHour ? two(hours) : hours}:${two(minutes)}${style.seconds ? `:${two(seconds)}` : ''}`;
  return `${style.dateSeparator === undefined ? '' : date + style.dateSeparator}${time}${style.suffix}`;
}

export function classifyEvent(event: string, milestones: RcaSettings['milestones']): Milestone | undefined {
  const lower = event.toLowerCase();
  // Later phases first: "Alert resolved" is a resolution, not a detection.
  for (let i = MILESTONES.length - 1; i >= 0; i--) {
    const milestone = MILESTONES[i];
    if (milestones[milestone].some((keyword) => lower.includes(keyword))) return milestone;
  }
  return undefined;
}

/** `incidentDay`: the front matter date (days since the epoch); undated times before any dated row fall on it. */
export function buildTimeline(table: Table, section: Timeline['section'], settings: RcaSettings, incidentDay = 0): Timeline {
  const header = table.header.map((cell) => cell.text.toLowerCase());
  const timeColumn = Math.max(0, header.findIndex((h) => h.includes('time')));
  const eventIndex = header.findIndex((h) => h.includes('event') || h.includes('description') || h.includes('what'));
  const eventColumn = eventIndex === -1 ? (timeColumn === 0 ? 1 : 0) : eventIndex;

  const rows: TimelineRow[] = [];
  let dayBase = incidentDay * MINUTES_PER_DAY;
  let previous: number | undefined;
  let first: number | undefined;
  for (const row of table.rows) {
    const timeCell: TableCell | undefined = row.cells[timeColumn];
    if (!timeCell || (timeCell.text === '' && row.cells.every((c) => c.text === ''))) continue;
    const eventCell = row.cells[eventColumn];
    const time = parseClockTime(timeCell.text);
    let absolute: number | undefined;
    let outOfOrder = false;
    if (time) {
      if (time.day !== undefined) {
        dayBase = time.day * MINUTES_PER_DAY;
        absolute = dayBase + time.minuteOfDay;
        outOfOrder = previous !== undefined && absolute < previous;
      } else if (previous === undefined) {
        absolute = dayBase + time.minuteOfDay;
      } else {
        // An undated time is the step the short way round the clock from the previous
        // row: over 12 hours back is passing midnight, so over 12 hours ahead is a
        // step back, and any step back is an ordering mistake.
        let step = time.minuteOfDay - (((previous % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY);
        if (step < -ROLLOVER_THRESHOLD) step += MINUTES_PER_DAY;
        else if (step > ROLLOVER_THRESHOLD) step -= MINUTES_PER_DAY;
        absolute = previous + step;
        outOfOrder = step < 0;
        dayBase = absolute - time.minuteOfDay;
      }
      first ??= absolute;
      // An out-of-order row does not move the clock back for the rows after it.
      if (!outOfOrder) previous = absolute;
    }
    rows.push({
      line: row.line,
      timeCell,
      eventCell,
      minutes: absolute === undefined || first === undefined ? undefined : absolute - first,
      clock: time?.clock,
      outOfOrder,
      milestone: eventCell ? classifyEvent(eventCell.text, settings.milestones) : undefined,
    });
  }
  return { section, rows, headerLine: table.headerLine, header: table.header, lastLine: table.rows.at(-1)?.line ?? table.headerLine + 1, timeColumn, eventColumn };
}

export interface MilestoneTime {
  readonly row: TimelineRow;
  /** Minutes since the first row. */
  readonly minutes: number;
}

export interface TimelineMetrics {
  readonly start: TimelineRow | undefined;
  /** Each milestone at the last row that reaches it (paged, then investigation started: acknowledged at the latter). */
  readonly milestones: Partial<Record<Milestone, MilestoneTime>>;
  /** Resolved minus the first row; undefined without a resolved row. */
  readonly durationMinutes: number | undefined;
  readonly timeToAcknowledge: number | undefined;
  readonly timeToIdentify: number | undefined;
  readonly timeToMitigate: number | undefined;
  readonly timeToRecover: number | undefined;
}

const metricsCache = new WeakMap<Timeline, TimelineMetrics>();

export function timelineMetrics(timeline: Timeline | undefined): TimelineMetrics | undefined {
  if (!timeline) return undefined;
  const cached = metricsCache.get(timeline);
  if (cached) return cached;
  const start = timeline.rows.find((row) => row.minutes !== undefined);
  const milestones: Partial<Record<Milestone, MilestoneTime>> = {};
  for (const row of timeline.rows) {
    if (row.milestone && row.minutes !== undefined && !row.outOfOrder) milestones[row.milestone] = { row, minutes: row.minutes };
  }
  const round = (value: number | undefined) => (value === undefined ? undefined : Math.round(value));
  const metrics: TimelineMetrics = {
    start,
    milestones,
    durationMinutes: round(milestones.resolved?.minutes),
    timeToAcknowledge: round(milestones.acknowledged?.minutes),
    timeToIdentify: round(milestones.identified?.minutes),
    timeToMitigate: round(milestones.mitigated?.minutes),
    timeToRecover: round(milestones.recovered?.minutes),
  };
  metricsCache.set(timeline, metrics);
  return metrics;
}

