// Calendar days as `YYYY-MM-DD`: checked, counted and written without Date, in UTC, for the
// language server (deadlines, SLOs, the dashboard) and the editor (the Action Items view).

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** `YYYY-MM-DD` that is a real calendar date. */
export function isCalendarDate(value: string): boolean {
  // Read by hand: the index checks every action item's due date (a million at 100,000 RCAs), and a match array each took a tenth of a warm start.
  if (value.length !== 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return false;
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 7);
  const day = digits(value, 8, 10);
  if (year < 0 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]);
}

/** The number the ASCII digits of `text` from `start` to `end` make; -1 when one is not a digit. */
function digits(text: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** Days since the epoch for a valid `YYYY-MM-DD`, for date arithmetic without time zones. */
export function epochDay(value: string): number {
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 7);
  const day = digits(value, 8, 10);
  if (year < 0 || month < 0 || day < 0) return NaN;
  // Proleptic Gregorian arithmetic (H. Hinnant's days_from_civil), by hand: the dashboard and the
  // Action Items view date every action item (400,000 at 100,000 RCAs), and Date took seconds.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** The day `value` names when it is a calendar date (see isCalendarDate), else undefined. */
export function calendarDateDay(value: string | undefined): number | undefined {
  return value !== undefined && isCalendarDate(value) ? epochDay(value) : undefined;
}

/** The first and last days a `YYYY-MM-DD` can name. */
const FIRST_DAY = epochDay('0000-01-01');
const LAST_DAY = epochDay('9999-12-31');

/**
 * The whole day a day number falls on, within the days `YYYY-MM-DD` can name: a day past
 * 9999-12-31 (an SLO of a billion days) is 9999-12-31, one before year 0 is 0000-01-01.
 * Such days compare as their dates (isoDay) compare as text.
 */
export function calendarDay(day: number): number {
  return Math.min(LAST_DAY, Math.max(FIRST_DAY, Math.floor(day)));
}

/** `YYYY-MM-DD` of a day number since the epoch (see calendarDay): dates stay four-digit and compare as text. */
export function isoDay(day: number): string {
  const z = calendarDay(day) + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const date = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${date < 10 ? '0' : ''}${date}`;
}

/** Today's date in UTC, `YYYY-MM-DD`. */
export function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}
