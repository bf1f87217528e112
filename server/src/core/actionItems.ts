// When an action item is done, and how it says so. Teams mark done items in one of a
// few ways; every one of them reads as done, and Mark Action Item Done writes the one a
// workspace already uses. When an item is due: its due date or its priority's SLO, the earlier.
import { calendarDateDay, calendarDay, isCalendarDate, isoDay } from '../../../shared/calendarDay';

/**
 * The ways a row says it is done: `~~struck through~~`, `✅ ticked`, `[x] checked`,
 * `suffixed (done)`, or a Status column that reads `Done` (or Closed, Completed, ...).
 */
export type DoneStyle = 'strike' | 'tick' | 'checkbox' | 'suffix' | 'status';

/** The styles an action's text can carry, in the order a tie between them is settled. */
export const TEXT_DONE_STYLES: readonly DoneStyle[] = ['strike', 'tick', 'checkbox', 'suffix'];

/** What a Status cell says when the item is done. */
const DONE_STATUS = /^(?:✅\s*)?(?:done|closed|complete|completed|resolved|fixed)?\s*(?:✅)?$/i;

/** How a row says it is done, or undefined when it is open. `status` is its Status cell, when the table has one. */
export function doneStyle(action: string, status?: string): DoneStyle | undefined {
  // Most rows have no Status: nothing to read in it.
  const state = status ? datedStatus(status).state : '';
  if (state !== '' && DONE_STATUS.test(state)) return 'status';
  if (/^\s*~~.*~~\s*$/.test(action)) return 'strike';
  if (action.includes('✅')) return 'tick';
  if (/\[x\]/i.test(action)) return 'checkbox';
  if (/\((?:done|completed)\)/i.test(action)) return 'suffix';
  return undefined;
}

/** An action item is done when its action is struck through, ticked, checked or says so, or its Status says done. */
export function isActionDone(action: string, status?: string): boolean {
  return doneStyle(action, status) !== undefined;
}

/**
 * What one row adds to the workspace's convention: its done style (`status:<value>` for a
 * Status that reads done), `open:<value>` for an open row's Status, undefined for an open
 * row without one.
 */
export function rowMark(action: string, status: string): string | undefined {
  const style = doneStyle(action, status);
  // Without the day it was done: Mark Action Item Done writes the word, not another row's date.
  const state = datedStatus(status).state;
  if (style === 'status') return `status:${state}`;
  if (style !== undefined) return style;
  return state === '' ? undefined : `open:${state}`;
}

/** Whether a row's mark (rowMark) says the row is done: a done style, not an open Status. */
export function isDoneMark(mark: string | undefined): boolean {
  return mark !== undefined && !mark.startsWith('open:');
}

/**
 * A Status cell without the day it gives (`Done 2025-08-03`, `Closed on 2025-08-03`,
 * `Done (2025-08-03)`), and that day. Cut by hand, not by a pattern that would backtrack over spaces.
 */
export function datedStatus(status: string): { readonly state: string; readonly date: string | undefined } {
  const text = status.trim();
  const parenthesized = text.endsWith(')') && text.at(-12) === '(';
  const date = parenthesized ? text.slice(-11, -1) : text.slice(-10);
  const rest = text.slice(0, text.length - (parenthesized ? 12 : 10)).trimEnd();
  if (!isCalendarDate(date) || rest === '') return { state: text, date: undefined };
  return { state: rest.toLowerCase().endsWith(' on') ? rest.slice(0, -3).trimEnd() : rest, date };
}

/** The SLO of a priority in days (priorities compare ignoring case), undefined when it has none. */
export function sloDays(priority: string, slo: Readonly<Record<string, number>>): number | undefined {
  const written = priority.trim();
  const wanted = written.toLowerCase();
  // Without a list of entries or a lower-cased name where the name is as written: the dashboard asks for every action item.
  for (const name in slo) if (name === written || name.toLowerCase() === wanted) return slo[name];
  return undefined;
}

/**
 * The day an action item is due (`YYYY-MM-DD`): the earlier of its due date and the
 * incident's date plus its priority's SLO; undefined when neither is known.
 */
export function deadline(item: { readonly due: string; readonly priority: string }, incidentDate: string | undefined, slo: Readonly<Record<string, number>>): string | undefined {
  const day = deadlineDay(item, calendarDateDay(incidentDate), slo);
  return day === undefined ? undefined : isoDay(day);
}

/**
 * deadline's day (see calendarDay), from the incident's day: the Action Items view dates
 * 400,000 items at 100,000 RCAs, and comparing days spares a date's text for each.
 */
export function deadlineDay(item: { readonly due: string; readonly priority: string }, incidentDay: number | undefined, slo: Readonly<Record<string, number>>): number | undefined {
  const days = sloDays(item.priority, slo);
  const bySlo = days !== undefined && incidentDay !== undefined ? calendarDay(incidentDay + days) : undefined;
  const byDate = calendarDateDay(item.due.trim());
  if (bySlo === undefined || byDate === undefined) return bySlo ?? byDate;
  return Math.min(bySlo, byDate);
}

/** Open past its deadline. */
export function isOverdue(item: { readonly action: string; readonly status: string; readonly due: string; readonly priority: string }, incidentDate: string | undefined, slo: Readonly<Record<string, number>>, today: string): boolean {
  return isPast(deadline(item, incidentDate, slo), today) && !isActionDone(item.action, item.status);
}

/** Whether a deadline is before today (ISO dates compare as strings); an item without one never is. */
export function isPast(deadline: string | undefined, today: string): boolean {
  return deadline !== undefined && deadline < today;
}
