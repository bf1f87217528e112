// Incident data from elsewhere as timeline events: PagerDuty's incident log entries,
// Opsgenie's alert and incident logs, a Slack channel export and CSV/TSV. Pure functions
// from text to events; a source that is not what it claims to be throws a SourceError
// that names the file and says what was expected.
import { MAX_IMPORT_CHARS, type ImportFormat } from '../../../shared/timelineImport';
import { headerZone, parseInstant } from './instant';
import { isRecord } from './settings';
import type { Milestone } from './model';
import { parseClockTime } from './timeline';


export interface SourceFile {
  /** The file's name as the user knows it (a path, or `clipboard`). */
  readonly name: string;
  readonly text: string;
}

/** A time as a source wrote it: a wall clock, at an offset when the source names one. */
export interface SourceTime {
  /** Days since the epoch, or undefined when the source wrote a time of day only. */
  readonly day: number | undefined;
  /** Minutes since that midnight (fractional with seconds). */
  readonly minuteOfDay: number;
  /** The clock's offset from UTC in minutes; undefined when the source names no zone (the table's own is meant). */
  readonly offset: number | undefined;
}

export interface SourceEvent extends SourceTime {
  /** As the source has it (line breaks and all): written into a table cell later. */
  readonly text: string;
  /** Where it came from: `incident.json`, `2025-07-30.json`, `timeline.csv:4`. */
  readonly origin: string;
  /** The milestone the source's own record says it is (a PagerDuty resolve entry, an Opsgenie close), whatever its words say. */
  readonly milestone?: Milestone;
}

export class SourceError extends Error {}

export interface SourceOptions {
  /** Everything the source has: Slack messages that are neither pinned nor reacted to, PagerDuty notifications, Opsgenie recipient logs. */
  readonly all?: boolean;
}

/** More events than this would not be a timeline any reader can follow: narrow the window instead. */
export const MAX_SOURCE_EVENTS = 5000;

const MS_PER_DAY = 86_400_000;

function atInstant(ms: number, offset: number): SourceTime {
  const wall = ms + offset * 60_000;
  const day = Math.floor(wall / MS_PER_DAY);
  return { day, minuteOfDay: (wall - day * MS_PER_DAY) / 60_000, offset };
}

/**
 * A time written in a CSV cell or an option: ISO 8601 with an offset (`2025-07-30T20:05:00-04:00`,
 * a space for the `T`, fractions of a second), a date and time in no zone (`2025-07-30 20:05`),
 * or a time of day (`20:05`, `20:05:30`); ` UTC` or `Z` after either of the last two means UTC.
 */
export function readSourceTime(text: string): SourceTime | undefined {
  const cell = text.trim().replace(/(:\d{2})\.\d+/, '$1');
  const instant = parseInstant(cell.replace(/^(\d{4}-\d{2}-\d{2}) (?=\d)/, '$1T'));
  if (instant) return atInstant(instant.ms, instant.offset);
  const clock = parseClockTime(cell);
  if (!clock) return undefined;
  return { day: clock.day, minuteOfDay: clock.minuteOfDay, offset: /(?:UTC|Z)$/i.test(cell) ? 0 : undefined };
}

/** What a time option or cell may look like, for error messages. */
export const TIME_FORMS = 'ISO 8601 like 2025-07-30T20:05:00-04:00, 2025-07-30 20:05 or 20:05';

function fail(file: string, message: string): never {
  throw new SourceError(`${file}: ${message}`);
}

function parseJson(file: SourceFile, expected: string): unknown {
  try {
    return JSON.parse(file.text);
  } catch (error) {
    return fail(file.name, `not JSON (${(error as Error).message}); expected ${expected}`);
  }
}

/** A short account of a JSON value, to say what was found instead. */
function describe(value: unknown): string {
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (isRecord(value)) {
    const keys = Object.keys(value);
    return keys.length === 0 ? 'an empty object' : `an object with ${keys.slice(0, 5).map((k) => `"${k}"`).join(', ')}${keys.length > 5 ? ', …' : ''}`;
  }
  return value === null ? 'null' : `a ${typeof value}`;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function cap(events: SourceEvent[], file: string): SourceEvent[] {
  if (events.length > MAX_SOURCE_EVENTS) fail(file, `${events.length} events, more than ${MAX_SOURCE_EVENTS}: import a narrower window (since/until)`);
  return events;
}

// PagerDuty REST API v2: GET /incidents/{id}/log_entries answers { log_entries: [...], limit, offset, more, total }.
const PAGERDUTY_EXPECTED = 'PagerDuty REST API v2 incident log entries ({"log_entries": [{"type": "trigger_log_entry", "created_at": "2025-07-30T16:05:00-04:00", …}]})';

export function parsePagerDuty(file: SourceFile, options: SourceOptions = {}): SourceEvent[] {
  const json = parseJson(file, PAGERDUTY_EXPECTED);
  const entries = isRecord(json) ? json.log_entries : json;
  if (!Array.isArray(entries)) fail(file.name, `expected ${PAGERDUTY_EXPECTED}; found ${describe(json)}`);
  return cap(entries.flatMap((entry: unknown, i): SourceEvent[] => {
    const where = `log_entries[${i}]`;
    if (!isRecord(entry) || typeof entry.type !== 'string' || !entry.type.endsWith('_log_entry')) {
      fail(file.name, `${where} is not a log entry: expected an object whose "type" ends in _log_entry (trigger_log_entry, acknowledge_log_entry, …)`);
    }
    // Every notification is an entry of its own: many per escalation, and none a step of the incident.
    if (entry.type === 'notify_log_entry' && !options.all) return [];
    const at = typeof entry.created_at === 'string' ? parseInstant(entry.created_at) : undefined;
    if (!at) fail(file.name, `${where}.created_at is ${JSON.stringify(entry.created_at) ?? 'missing'}: expected ISO 8601 with an offset (2025-07-30T16:05:00-04:00)`);
    const milestone = PAGERDUTY_MILESTONES.get(entry.type);
    return [{ ...atInstant(at.ms, at.offset), text: pagerDutyText(entry), origin: file.name, ...(milestone ? { milestone } : {}) }];
  }), file.name);
}

const PAGERDUTY_MILESTONES: ReadonlyMap<string, Milestone> = new Map([['trigger_log_entry', 'detected'], ['acknowledge_log_entry', 'acknowledged'], ['resolve_log_entry', 'resolved']]);

/** The entry's own summary ("Acknowledged by Jane Doe"), with what a trigger said and a note's text. */
function pagerDutyText(entry: Record<string, unknown>): string {
  const summary = text(entry.summary);
  const channel = isRecord(entry.channel) ? entry.channel : {};
  const agent = isRecord(entry.agent) ? text(entry.agent.summary) : undefined;
  const detail = text(channel.summary) ?? text(channel.subject);
  const kind = String(entry.type).replace(/_log_entry$/, '').replace(/_/g, ' ');
  if (entry.type === 'annotate_log_entry' && detail) return `Note${agent ? ` from ${agent}` : ''}: ${detail}`;
  if (entry.type === 'trigger_log_entry' && detail && !summary?.includes(detail)) return `${summary ?? 'Triggered'}: ${detail}`;
  return summary ?? `${kind[0].toUpperCase()}${kind.slice(1)}${agent ? ` by ${agent}` : ''}`;
}

// Opsgenie Alert API v2 (GET /v2/alerts/{id}/logs) and Incident API v1 (GET /v1/incidents/{id}/logs)
// answer { data: [{ log, type, owner, createdAt, offset }], paging, took, requestId }.
const OPSGENIE_EXPECTED = 'Opsgenie alert or incident logs ({"data": [{"createdAt": "2025-07-30T20:05:00.000Z", "log": "…", "type": "system", …}]})';

/** Opsgenie's system logs of a state change: `Alert acknowledged via web`, `Alert closed by …`, `Incident is resolved`. */
const OPSGENIE_ACTION = /^(?:alert|incident) (?:is )?(created|acknowledged|closed|resolved)\b/i;
const OPSGENIE_MILESTONES: ReadonlyMap<string, Milestone> = new Map([['created', 'detected'], ['acknowledged', 'acknowledged'], ['closed', 'resolved'], ['resolved', 'resolved']]);

export function parseOpsgenie(file: SourceFile, options: SourceOptions = {}): SourceEvent[] {
  const json = parseJson(file, OPSGENIE_EXPECTED);
  const logs = isRecord(json) ? json.data : json;
  if (!Array.isArray(logs)) fail(file.name, `expected ${OPSGENIE_EXPECTED}; found ${describe(json)}`);
  return cap(logs.flatMap((entry: unknown, i): SourceEvent[] => {
    const where = `data[${i}]`;
    if (!isRecord(entry) || typeof entry.log !== 'string' || typeof entry.createdAt !== 'string') {
      fail(file.name, `${where} is not a log: expected an object with "createdAt", "log" and "type"`);
    }
    // "Viewed on [web]", "Notification delivered": each recipient's, not a step of the incident.
    if (entry.type === 'alertRecipient' && !options.all) return [];
    const at = parseInstant(entry.createdAt);
    if (!at) fail(file.name, `${where}.createdAt is ${JSON.stringify(entry.createdAt)}: expected ISO 8601 (2025-07-30T20:05:00.000Z)`);
    const owner = text(entry.owner);
    const log = entry.log.trim();
    if (log === '') return [];
    const action = entry.type === 'system' ? OPSGENIE_ACTION.exec(log)?.[1].toLowerCase() : undefined;
    const milestone = action === undefined ? undefined : OPSGENIE_MILESTONES.get(action);
    return [{ ...atInstant(at.ms, at.offset), text: entry.type === 'note' && owner ? `Note from ${owner}: ${log}` : log, origin: file.name, ...(milestone ? { milestone } : {}) }];
  }), file.name);
}

// A Slack export: a folder per channel of per-day files (2025-07-30.json, an array of messages
// with ts, user, text, pinned_to, reactions), users.json in the export's root.
const SLACK_USERS = /(?:^|[\\/])users\.json$/;
const SLACK_EXPECTED = 'a Slack channel export: per-day files (2025-07-30.json) holding arrays of messages ({"ts": "1753905900.000200", "user": "U…", "text": "…"}), and users.json';
/** Messages about the channel, not the incident. */
const SLACK_NOISE = new Set(['channel_join', 'channel_leave', 'channel_topic', 'channel_purpose', 'channel_name', 'channel_archive', 'pinned_item', 'unpinned_item', 'bot_add', 'bot_remove']);

/** `source` names the folder (or file) for errors; `files` its day files and users.json. Pinned or reacted-to messages only, unless `all`. */
export function parseSlack(source: string, files: readonly SourceFile[], options: SourceOptions = {}): SourceEvent[] {
  const usersFile = files.find((f) => SLACK_USERS.test(f.name));
  const users = usersFile ? slackUsers(usersFile) : new Map<string, string>();
  const days = files.filter((f) => !SLACK_USERS.test(f.name));
  if (days.length === 0) fail(source, `no day files: expected ${SLACK_EXPECTED}`);
  const events: SourceEvent[] = [];
  for (const file of days) {
    const messages = parseJson(file, SLACK_EXPECTED);
    if (!Array.isArray(messages)) fail(file.name, `expected an array of Slack messages (${SLACK_EXPECTED}); found ${describe(messages)}`);
    messages.forEach((message: unknown, i) => {
      if (!isRecord(message) || typeof message.ts !== 'string' || !/^\d{1,12}(?:\.\d{1,9})?$/.test(message.ts)) {
        fail(file.name, `[${i}] is not a Slack message: expected an object with "ts" in epoch seconds ("1753905900.000200")`);
      }
      if (typeof message.subtype === 'string' && SLACK_NOISE.has(message.subtype)) return;
      const marked = (Array.isArray(message.pinned_to) && message.pinned_to.length > 0) || (Array.isArray(message.reactions) && message.reactions.length > 0);
      if (!marked && !options.all) return;
      const body = slackPlainText(slackBody(message), users);
      if (body === '') return;
      const author = slackAuthor(message, users);
      events.push({ ...atInstant(Math.floor(Number(message.ts)) * 1000, 0), text: author ? `${author}: ${body}` : body, origin: file.name });
    });
  }
  return cap(events, source);
}

function slackUsers(file: SourceFile): Map<string, string> {
  const list = parseJson(file, 'Slack users.json (an array of {"id": "U…", "name": "…", "real_name": "…"})');
  if (!Array.isArray(list)) fail(file.name, `expected Slack's users.json, an array of {"id": "U…", "name": "…", "real_name": "…"}; found ${describe(list)}`);
  const users = new Map<string, string>();
  for (const user of list) {
    if (!isRecord(user) || typeof user.id !== 'string') continue;
    const profile = isRecord(user.profile) ? user.profile : {};
    const name = text(user.real_name) ?? text(profile.real_name) ?? text(profile.display_name) ?? text(user.name);
    if (name) users.set(user.id, name);
  }
  return users;
}

function slackAuthor(message: Record<string, unknown>, users: ReadonlyMap<string, string>): string | undefined {
  const id = text(message.user);
  const profile = isRecord(message.user_profile) ? message.user_profile : {};
  return (id && users.get(id)) ?? text(profile.real_name) ?? text(profile.display_name) ?? text(message.username) ?? id;
}

/** The message's text, or what its attachments or files say when it has none (a bot's alert). */
function slackBody(message: Record<string, unknown>): string {
  const own = text(message.text);
  if (own) return own;
  const parts = [...(Array.isArray(message.attachments) ? message.attachments : []), ...(Array.isArray(message.files) ? message.files : [])];
  return parts.map((part) => (isRecord(part) ? text(part.fallback) ?? text(part.title) ?? text(part.name) : undefined)).find((t) => t !== undefined) ?? '';
}

/** Slack's markup as plain text: `<@U1>` as `@Name`, `<#C1|ops>` as `#ops`, `<https://…|label>` as `label`, `&lt;` as `<`. */
export function slackPlainText(markup: string, users: ReadonlyMap<string, string>): string {
  const plain = markup.replace(/<([^<>\n]*)>/g, (_, inner: string) => {
    const bar = inner.indexOf('|');
    const target = bar === -1 ? inner : inner.slice(0, bar);
    const label = bar === -1 ? undefined : inner.slice(bar + 1);
    if (target.startsWith('@')) return `@${users.get(target.slice(1)) ?? label?.replace(/^@/, '') ?? target.slice(1)}`;
    if (target.startsWith('#')) return `#${label ?? target.slice(1)}`;
    if (target.startsWith('!')) return label ?? `@${target.slice(1).split('^')[0]}`;
    return label ?? target.replace(/^mailto:/, '');
  });
  return plain.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').trim();
}

// CSV (RFC 4180) or TSV with a header naming a time column and an event column.
const TIME_HEADER = /^(?:time|timestamp|date ?time|when|created[ _]?at|occurred[ _]?at|at|start(?:ed)?(?:[ _]?at)?)\b/;
const DATE_HEADER = /^(?:date|day)\b/;
const EVENT_HEADER = /^(?:event|description|message|text|summary|what|log|note|details?|action|update)s?\b/;
const CSV_EXPECTED = `a header naming a time column (time, timestamp, date, when, created_at) and an event column (event, description, message, text, summary)`;

export function parseCsv(file: SourceFile): SourceEvent[] {
  const records = csvRecords(file);
  const nonEmpty = records.filter((r) => r.cells.some((c) => c.trim() !== ''));
  if (nonEmpty.length === 0) fail(file.name, `empty: expected ${CSV_EXPECTED}, then a row per event`);
  const written = nonEmpty[0].cells.map((c) => c.trim());
  // `Time (UTC)` is a time column: the name before any parenthesis.
  const header = written.map((c) => c.slice(0, c.includes('(') ? c.indexOf('(') : c.length).trim().toLowerCase());
  let timeColumn = header.findIndex((h) => TIME_HEADER.test(h));
  let dateColumn = header.findIndex((h) => DATE_HEADER.test(h));
  if (timeColumn === -1) [timeColumn, dateColumn] = [dateColumn, -1];
  let eventColumn = header.findIndex((h, i) => i !== timeColumn && i !== dateColumn && EVENT_HEADER.test(h));
  let rows = nonEmpty.slice(1);
  if (timeColumn === -1 || eventColumn === -1) {
    // No header: a first row that starts with a time and has a second cell is data.
    if (nonEmpty[0].cells.length < 2 || !readSourceTime(nonEmpty[0].cells[0])) {
      fail(file.name, `the first line is ${JSON.stringify(nonEmpty[0].cells.join(', ').slice(0, 80))}: expected ${CSV_EXPECTED}`);
    }
    [timeColumn, dateColumn, eventColumn, rows] = [0, -1, 1, nonEmpty];
  }
  // `Time (UTC)`: times written without an offset are in the zone the header names.
  const zone = timeColumn === -1 || rows === nonEmpty ? undefined : headerZone(written[timeColumn]);
  const events = rows.flatMap((record): SourceEvent[] => {
    const where = `${file.name}:${record.line}`;
    const cell = (i: number) => (record.cells[i] ?? '').trim();
    const value = dateColumn === -1 ? cell(timeColumn) : `${cell(dateColumn)} ${cell(timeColumn)}`.trim();
    const time = readSourceTime(value);
    if (!time) fail(where, `${JSON.stringify(value.slice(0, 80))} in the ${header[timeColumn] ?? 'time'} column is not a time: expected ${TIME_FORMS}`);
    const event = cell(eventColumn);
    return event === '' ? [] : [{ ...time, offset: time.offset ?? zone, text: event, origin: where }];
  });
  return cap(events, file.name);
}

interface CsvRecord {
  /** 1-based line where the record starts. */
  readonly line: number;
  readonly cells: string[];
}

/** Records of RFC 4180 CSV (quoted fields may hold delimiters, quotes and line breaks); the delimiter is a tab, a comma or a semicolon, whichever the first line has most of. */
function csvRecords(file: SourceFile): CsvRecord[] {
  const input = file.text.charCodeAt(0) === 0xfeff ? file.text.slice(1) : file.text;
  const firstLine = input.slice(0, input.search(/\r|\n|$/));
  const counts = ['\t', ',', ';'].map((d) => [d, firstLine.split(d).length] as const);
  const delimiter = /\.tsv$/i.test(file.name) ? '\t' : counts.reduce((best, c) => (c[1] > best[1] ? c : best))[0];
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let line = 1;
  let start = 1;
  let quoted = false;
  let quoteLine = 0;
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (quoted) {
      if (c === '"' && input[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else {
        if (c === '\n' || (c === '\r' && input[i + 1] !== '\n')) line++;
        cell += c;
      }
    } else if (c === '"' && cell.trim() === '') {
      quoted = true;
      quoteLine = line;
      cell = '';
    } else if (c === delimiter) {
      cells.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && input[i + 1] === '\n') i++;
      cells.push(cell);
      records.push({ line: start, cells });
      cells = [];
      cell = '';
      start = ++line;
    } else cell += c;
  }
  if (quoted) fail(`${file.name}:${quoteLine}`, 'a quoted field is not closed: expected a closing " (a quote inside a field is written "")');
  if (cell !== '' || cells.length > 0) records.push({ line: start, cells: [...cells, cell] });
  return records;
}

/** The format of a source's text, from its content (and, for CSV/TSV, its name). */
export function detectFormat(file: SourceFile): ImportFormat {
  const lead = file.text.replace(/^\ufeff/, '').trimStart();
  if (lead.startsWith('{') || lead.startsWith('[')) {
    const json = parseJson(file, 'PagerDuty log entries, Opsgenie logs or a Slack export day file');
    if (isRecord(json) && Array.isArray(json.log_entries)) return 'pagerduty';
    if (isRecord(json) && Array.isArray(json.data)) return 'opsgenie';
    const first: unknown = Array.isArray(json) ? json.find(isRecord) : undefined;
    if (isRecord(first) && typeof first.type === 'string' && first.type.endsWith('_log_entry')) return 'pagerduty';
    if (isRecord(first) && 'createdAt' in first && 'log' in first) return 'opsgenie';
    if (isRecord(first) && 'ts' in first) return 'slack';
    fail(file.name, `JSON, but ${describe(json)}: expected ${PAGERDUTY_EXPECTED}, ${OPSGENIE_EXPECTED} or ${SLACK_EXPECTED}`);
  }
  return 'csv';
}

/**
 * A source's events: `files` is one file, or a Slack export's day files and users.json;
 * the format is detected when not given.
 */
export function parseSource(source: string, files: readonly SourceFile[], format?: ImportFormat, options: SourceOptions = {}): SourceEvent[] {
  const size = files.reduce((sum, f) => sum + f.text.length, 0);
  if (size > MAX_IMPORT_CHARS) fail(source, `${Math.round(size / 1024 / 1024)} MB, more than the ${MAX_IMPORT_CHARS / 1024 / 1024} MB an import reads`);
  if (files.length === 0) fail(source, 'nothing to read: expected a file, or a Slack channel export folder');
  const kind = format ?? (files.length > 1 ? 'slack' : detectFormat(files[0]));
  if (kind === 'slack') return parseSlack(source, files, options);
  if (files.length > 1) fail(source, `${files.length} files: a ${kind} import reads one`);
  if (kind === 'pagerduty') return parsePagerDuty(files[0], options);
  if (kind === 'opsgenie') return parseOpsgenie(files[0], options);
  return parseCsv(files[0]);
}
