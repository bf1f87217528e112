// The dashboard's export and `rca report --format csv|json` write the report as a file's
// text, made and sent in pieces of about a megabyte: at 100,000 RCAs the JSON is some
// 230 MB, which as one string (and again as the message carrying it) took the language
// server past a gigabyte, and a few times more RCAs would pass V8's longest string.
import { reportCsvLines } from './csv';
import type { Report } from './protocol';

export type ExportFormat = 'csv' | 'json';

export function isExportFormat(value: unknown): value is ExportFormat {
  return value === 'csv' || value === 'json';
}

/** About how many characters a piece holds. */
const PIECE_LENGTH = 1 << 20;

/** A collection with more members than this is written in parts; smaller values at once. */
const WRITTEN_WHOLE = 64;
/** At most how many small members of a large array are written in one part (by one JSON.stringify). */
const MEMBERS_A_PART = 100;
/** About how long a part of a large array's members is: fewer members go in a part when they are long. */
const PART_LENGTH = 1 << 18;

/**
 * The export's text in pieces of about `pieceLength` characters: the CSV (one row per
 * incident), or `JSON.stringify(report, null, 2)` and a line break.
 */
export function* reportExportPieces(report: Report, format: ExportFormat, pieceLength = PIECE_LENGTH): Generator<string> {
  let piece = '';
  for (const part of format === 'csv' ? reportCsvLines(report) : prettyJsonParts(report)) {
    piece += part;
    if (piece.length < pieceLength) continue;
    yield piece;
    piece = '';
  }
  const last = format === 'csv' ? piece : `${piece}\n`;
  if (last !== '') yield last;
}

/**
 * `JSON.stringify(value, null, 2)` in parts, for plain data (no `toJSON`): a large
 * collection (see isLarge) member by member, or a run of small members at once (about
 * PART_LENGTH of text, at most four times that unless one member is longer, at most
 * MEMBERS_A_PART members); anything else in one part.
 */
export function* prettyJsonParts(value: unknown, indent = ''): Generator<string> {
  if (!isLarge(value)) {
    yield indented(JSON.stringify(value, null, 2) ?? 'null', indent);
    return;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    yield '[';
    // Members a part: one at first, then as many as the last part's members suggest fit in PART_LENGTH.
    let run = 1;
    for (let start = 0; start < value.length; ) {
      const separator = start === 0 ? '\n' : ',\n';
      if (isLarge(value[start])) {
        yield `${separator}${inner}`;
        yield* prettyJsonParts(value[start], inner);
        start++;
        continue;
      }
      let end = start + 1;
      while (end < value.length && end - start < run && !isLarge(value[end])) end++;
      // The run as JSON.stringify writes it in an array of its own, less the brackets: one call, not one a member.
      let text = JSON.stringify(value.slice(start, end), null, 2).slice(2, -2);
      // Members far longer than the last ones (megabyte titles after short ones): half the run, until one is left.
      while (text.length > 4 * PART_LENGTH && end - start > 1) {
        end = start + Math.ceil((end - start) / 2);
        text = JSON.stringify(value.slice(start, end), null, 2).slice(2, -2);
      }
      // Growing at most twofold: short members among long ones do not bring back a run of a hundred long ones.
      run = Math.max(1, Math.min(MEMBERS_A_PART, 2 * (end - start), Math.floor((PART_LENGTH * (end - start)) / Math.max(1, text.length))));
      yield separator + indent + indented(text, indent);
      start = end;
    }
    yield `\n${indent}]`;
    return;
  }
  let first = true;
  yield '{';
  for (const [key, member] of Object.entries(value as object)) {
    // What JSON.stringify leaves out of an object.
    if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue;
    yield `${first ? '' : ','}\n${inner}${JSON.stringify(key)}: `;
    first = false;
    yield* prettyJsonParts(member, inner);
  }
  // Large for its number of members, all of them left out: `{}`, as JSON.stringify writes it.
  yield first ? '}' : `\n${indent}}`;
}

/** JSON text moved right by `indent` from its second line on: JSON puts no line break inside a string, so each one starts a line. */
function indented(text: string, indent: string): string {
  return indent === '' ? text : text.replace(/\n/g, `\n${indent}`);
}

/** How far down a collection's members are looked at for a large one: the report's owners hold their items one level down. */
const LOOK_AHEAD = 2;

/** A collection with more members than WRITTEN_WHOLE, or one holding such a collection within LOOK_AHEAD levels. */
function isLarge(value: unknown, depth = 0): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const members = Array.isArray(value) ? value : Object.values(value);
  return members.length > WRITTEN_WHOLE || (depth < LOOK_AHEAD && members.some((member) => isLarge(member, depth + 1)));
}

