// Points in time as sources and clients write them: ISO 8601 with a UTC offset.
import { isCalendarDate } from '../../../shared/calendarDay';

/** An instant in ISO 8601 with its UTC offset: `2026-12-03T10:15:00+01:00`, `…Z`, `…+0100`, fractions of a second allowed. */
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|([+-])(\d{2}):?(\d{2}))$/i;

export interface Instant {
  /** Milliseconds since the epoch. */
  readonly ms: number;
  /** The offset from UTC it was written with, in minutes. */
  readonly offset: number;
}

export function parseInstant(iso: string): Instant | undefined {
  const m = INSTANT.exec(iso.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, zone, sign, oh, om] = m;
  if (!isCalendarDate(`${y}-${mo}-${d}`) || Number(h) > 23 || Number(mi) > 59 || Number(s ?? 0) > 59) return undefined;
  const offset = zone.toUpperCase() === 'Z' ? 0 : (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om));
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0)) - offset * 60_000;
  return Number.isNaN(ms) ? undefined : { ms, offset };
}

/** A zone named in a time header: `Time (UTC)`, `GMT`, `Z`, with an offset: `UTC+2`, `UTC-05:30`. */
const HEADER_ZONE = /\b(?:UTC|GMT|Z)\b(?:\s*([+-])(\d{1,2})(?::?(\d{2}))?)?/i;

/** The offset from UTC in minutes that a column header names, or undefined when it names none. */
export function headerZone(header: string): number | undefined {
  const named = HEADER_ZONE.exec(header);
  if (!named) return undefined;
  return named[1] === undefined ? 0 : (named[1] === '-' ? -1 : 1) * (Number(named[2]) * 60 + Number(named[3] ?? 0));
}
