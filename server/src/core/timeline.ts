// Timeline rows: clock times with midnight roll-over, milestones, and the
// MTTx figures computed from them.
import type { Milestone, TableCell, Timeline, TimelineRow } from './model';
import { MILESTONES } from './model';
import type { Table } from './markdown';
import type { RcaSettings } from './settings';
import { epochDay, isCalendarDate } from '../../../shared/calendarDay';

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

/** What a milestone is called in hovers, the preview and a row's tag. */
export const MILESTONE_LABELS: Readonly<Record<Milestone, string>> = {
  impactStarted: 'impact started',
  detected: 'detected',
  acknowledged: 'acknowledged',
  identified: 'identified',
  mitigated: 'mitigated',
  recovered: 'recovered',
  resolved: 'resolved',
};

/** The tag a row ends with to name its milestone: `(impact start)`, `(mitigated)`, … */
export function milestoneTag(milestone: Milestone): string {
  return `(${milestone === 'impactStarted' ? 'impact start' : MILESTONE_LABELS[milestone]})`;
}

const TAG = /\(\s*([a-z][a-z ]{0,30}?)\s*\)\s*$/i;
const TAGGED: ReadonlyMap<string, Milestone> = new Map([
  ...MILESTONES.map((m): [string, Milestone] => [milestoneTag(m).slice(1, -1), m]),
  ...MILESTONES.map((m): [string, Milestone] => [MILESTONE_LABELS[m], m]),
]);

/** The milestone a trailing tag names (`… (impact start)`), or undefined when the event has none. */
export function taggedMilestone(event: string): Milestone | undefined {
  const match = TAG.exec(event);
  return match ? TAGGED.get(match[1].toLowerCase().replace(/ +/g, ' ')) : undefined;
}

/**
 * The milestone a timeline event reaches: the one its trailing tag names, else the one its
 * keywords (`rca.milestones`) name: the one classification every reader of events uses.
 */
export function classifyEvent(event: string, milestones: RcaSettings['milestones']): Milestone | undefined {
  const tagged = taggedMilestone(event);
  if (tagged) return tagged;
  const lower = event.toLowerCase();
  // Later phases first: "Alert resolved" is a resolution, not a detection.
  for (let i = MILESTONES.length - 1; i >= 0; i--) {
    const milestone = MILESTONES[i];
    if (milestones[milestone].some((keyword) => lower.includes(keyword))) return milestone;
  }
  return undefined;
}

/** Each pair: the first milestone cannot come after the second. Mitigation may precede identification, and impact may start after the alert. */
export const MILESTONE_ORDER: readonly (readonly [Milestone, Milestone])[] = [
  ['detected', 'acknowledged'],
  ['detected', 'identified'],
  ['detected', 'mitigated'],
  ['detected', 'recovered'],
  ['detected', 'resolved'],
  ['impactStarted', 'mitigated'],
  ['impactStarted', 'recovered'],
  ['impactStarted', 'resolved'],
  ['acknowledged', 'resolved'],
  ['identified', 'resolved'],
  ['mitigated', 'recovered'],
  ['mitigated', 'resolved'],
  ['recovered', 'resolved'],
];

/** Whether a row at `minutes` may reach `milestone` without breaking MILESTONE_ORDER against the other rows (all but `line`). */
export function milestoneFits(timeline: Timeline, milestone: Milestone, minutes: number, line: number): boolean {
  for (const row of timeline.rows) {
    if (row.line === line || !row.milestone || row.minutes === undefined || row.outOfOrder) continue;
    for (const [before, after] of MILESTONE_ORDER) {
      if ((before === milestone && row.milestone === after && row.minutes < minutes) || (after === milestone && row.milestone === before && row.minutes > minutes)) return false;
    }
  }
  return true;
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
  // Midnights passed without a date since the last dated row: past one, the day is a guess.
  let undatedMidnights = 0;
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
        if (!outOfOrder) undatedMidnights = 0;
      } else if (previous === undefined) {
        absolute = dayBase + time.minuteOfDay;
      } else {
        // An undated time is the step the short way round the clock from the previous
        // row: over 12 hours back is passing midnight, so over 12 hours ahead is a
        // step back, and any step back is an ordering mistake.
        const previousMinuteOfDay = ((previous % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
        let step = time.minuteOfDay - previousMinuteOfDay;
        if (step < -ROLLOVER_THRESHOLD) step += MINUTES_PER_DAY;
        else if (step > ROLLOVER_THRESHOLD) step -= MINUTES_PER_DAY;
        absolute = previous + step;
        outOfOrder = step < 0;
        if (!outOfOrder && previousMinuteOfDay + step >= MINUTES_PER_DAY) undatedMidnights++;
        dayBase = absolute - time.minuteOfDay;
      }
      first ??= absolute;
      // An out-of-order row does not move the clock back for the rows after it.
      if (!outOfOrder) previous = absolute;
    }
    const dayUnknown = time !== undefined && time.day === undefined && undatedMidnights > 1;
    rows.push({
      line: row.line,
      timeCell,
      eventCell,
      minutes: absolute === undefined || first === undefined || dayUnknown ? undefined : absolute - first,
      clock: time?.clock,
      outOfOrder,
      dayUnknown,
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

/** What `duration_minutes` is measured from (`rca.durationFrom`): impact started, or detected. */
export type DurationFrom = 'impact' | 'detection';

export interface TimelineMetrics {
  readonly start: TimelineRow | undefined;
  /**
   * Each milestone the timeline reaches: impact started and detected at the first row
   * that reaches them, the others at the last (paged, then investigation started:
   * acknowledged at the latter).
   */
  readonly milestones: Partial<Record<Milestone, MilestoneTime>>;
  /** Where the times to acknowledge … resolve are measured from: impact started, else the first row. */
  readonly origin: MilestoneTime | undefined;
  /** Resolved minus the first row (the timeline's span); undefined without a resolved row. */
  readonly durationMinutes: number | undefined;
  /** Detected minus impact started (negative when the alert came first). */
  readonly timeToDetect: number | undefined;
  readonly timeToAcknowledge: number | undefined;
  readonly timeToIdentify: number | undefined;
  readonly timeToMitigate: number | undefined;
  readonly timeToRecover: number | undefined;
  readonly timeToResolve: number | undefined;
  /** Impact started to recovered: how long customers were hurt. */
  readonly customerImpactMinutes: number | undefined;
  /** Resolved minus impact started, else minus the first row. */
  readonly durationFromImpact: number | undefined;
  /** Resolved minus detected, else minus the first row. */
  readonly durationFromDetection: number | undefined;
}

/** Milestones that begin something: their first row counts ("additional alerts triggered" later is not the detection). */
const FIRST_ROW_MILESTONES: ReadonlySet<Milestone> = new Set(['impactStarted', 'detected']);

// Worked out on each call, not cached: it is one pass over a few rows. A WeakMap
// keyed by each parse's timeline kept the parses alive through V8's young-generation
// collections, which promoted them all: parsing every file at a start spent three
// times as long collecting garbage.
export function timelineMetrics(timeline: Timeline | undefined): TimelineMetrics | undefined {
  if (!timeline) return undefined;
  const start = timeline.rows.find((row) => row.minutes !== undefined);
  const milestones: Partial<Record<Milestone, MilestoneTime>> = {};
  for (const row of timeline.rows) {
    if (!row.milestone || row.minutes === undefined || row.outOfOrder) continue;
    if (FIRST_ROW_MILESTONES.has(row.milestone) && milestones[row.milestone]) continue;
    milestones[row.milestone] = { row, minutes: row.minutes };
  }
  const between = (from: MilestoneTime | undefined, to: MilestoneTime | undefined) => (from === undefined || to === undefined ? undefined : Math.round(to.minutes - from.minutes));
  const first = start && { row: start, minutes: 0 };
  const origin = milestones.impactStarted ?? first;
  const metrics: TimelineMetrics = {
    start,
    milestones,
    origin,
    durationMinutes: between(first, milestones.resolved),
    timeToDetect: between(milestones.impactStarted, milestones.detected),
    timeToAcknowledge: between(origin, milestones.acknowledged),
    timeToIdentify: between(origin, milestones.identified),
    timeToMitigate: between(origin, milestones.mitigated),
    timeToRecover: between(origin, milestones.recovered),
    timeToResolve: between(origin, milestones.resolved),
    customerImpactMinutes: between(milestones.impactStarted, milestones.recovered),
    durationFromImpact: between(milestones.impactStarted ?? first, milestones.resolved),
    durationFromDetection: between(milestones.detected ?? first, milestones.resolved),
  };
  return metrics;
}

/** The figure `duration_minutes` must equal, and the row it is measured from. */
export function expectedDuration(metrics: TimelineMetrics, from: DurationFrom): { readonly minutes: number; readonly from: TimelineRow } | undefined {
  const minutes = from === 'impact' ? metrics.durationFromImpact : metrics.durationFromDetection;
  const row = (from === 'impact' ? metrics.milestones.impactStarted : metrics.milestones.detected)?.row ?? metrics.start;
  return minutes === undefined || row === undefined ? undefined : { minutes, from: row };
}
