// Ordinary Markdown links as CommonMark reads them, one line at a time: inline
// links and images `[text](dest "title")`, link reference definitions
// `[ref]: dest` and the references that use them (`[text][ref]`, `[ref][]`,
// `[ref]`). Brackets are matched with CommonMark's opener stack (a link inside a
// link's text wins and the outer one is text); code spans and comments are
// already blanked in the text read. A link whose text runs over several lines is
// not read, nor a definition whose destination or title is on the next line.
//
// Every scan is linear in the line: a destination is found through per-line
// tables of paren depth (computed once, on the first destination of a line), and
// every other search stops at the next bracket, quote or `>` that a later
// search starts from.
import type { MarkdownLink } from './model';
import { lineRange } from './text';

/** A link reference definition, by its normalized label (the first one of a label wins). */
export interface LinkDefinition {
  /** The definition as a link, or undefined when its destination is external. */
  readonly link: MarkdownLink | undefined;
}

/** CommonMark's label matching: case-insensitive, inner whitespace collapsed. */
export function normalizeLabel(label: string): string {
  return label.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** A URI scheme (2 to 32 characters, as CommonMark's autolinks) or `//host`: never a workspace file. */
const EXTERNAL = /^(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:|\/\/)/;
const ESCAPED = /\\([!-/:-@[-`{-~])/g;
const MAX_LABEL = 999;

const isSpace = (ch: string | undefined) => ch === ' ' || ch === '\t';
/** Space or an ASCII control character: what ends a destination without `<>`. */
const endsDestination = (code: number) => code <= 0x20 || code === 0x7f;

/** Backslash escapes removed, then `%XX` decoded (kept as written when malformed). */
export function decodeLinkText(text: string): string {
  const unescaped = text.includes('\\') ? text.replace(ESCAPED, '$1') : text;
  if (!unescaped.includes('%')) return unescaped;
  try {
    return decodeURIComponent(unescaped);
  } catch {
    return unescaped;
  }
}

/** The link a destination (as written, from `start` on `line`) makes, or undefined for an external one or one with nothing to check. */
export function markdownLink(kind: MarkdownLink['kind'], range: MarkdownLink['range'], destination: string, start: number, line: number): MarkdownLink | undefined {
  if (EXTERNAL.test(destination)) return undefined;
  const hash = destination.indexOf('#');
  const beforeHash = hash === -1 ? destination : destination.slice(0, hash);
  const query = beforeHash.indexOf('?');
  const rawPath = query === -1 ? beforeHash : beforeHash.slice(0, query);
  const path = decodeLinkText(rawPath);
  if (path === '' && hash === -1) return undefined;
  return {
    kind,
    range,
    rawPath,
    pathRange: lineRange(line, start, start + rawPath.length),
    path,
    fragment: hash === -1 ? undefined : decodeLinkText(destination.slice(hash + 1)),
    rawFragment: hash === -1 ? undefined : destination.slice(hash + 1),
    fragmentRange: hash === -1 ? undefined : lineRange(line, start + hash + 1, start + destination.length),
  };
}

/** The end of a link label from `from` (after `[`): the next unescaped `]`, or -1 past an unescaped `[` or MAX_LABEL characters. */
function labelEnd(text: string, from: number): number {
  for (let i = from; i < text.length && i - from <= MAX_LABEL; i++) {
    const ch = text[i];
    if (ch === '\\') i++;
    else if (ch === ']') return i;
    else if (ch === '[') return -1;
  }
  return -1;
}

/** After a title's opening quote at `at`: the index after its closing one, or -1. A `(` title cannot hold an unescaped `(`. */
function titleEnd(text: string, at: number): number {
  const open = text[at];
  const close = open === '(' ? ')' : open;
  for (let i = at + 1; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\') i++;
    else if (ch === close) return i + 1;
    else if (open === '(' && ch === '(') return -1;
  }
  return -1;
}

/** A destination found: where it is (without `<>`) and where what follows it starts. */
interface Destination {
  readonly start: number;
  readonly end: number;
  readonly next: number;
}

/**
 * Reads link destinations on one line. For a destination without `<>`, `close[p]`
 * is the first unescaped `)` from p that leaves the parentheses opened since p
 * (-1 if none) and `stop[p]` the first space or control character from p:
 * made once per line, so a line of many unfinished `](` is read in linear time.
 */
class DestinationReader {
  private depth: Int32Array | undefined;
  private close: Int32Array | undefined;
  private stop: Int32Array | undefined;

  constructor(private readonly text: string) {}

  /** The destination from `at` (after `(` and spaces, or after a definition's `:` and spaces). */
  read(at: number): Destination | undefined {
    const text = this.text;
    if (text[at] === '<') {
      // Up to the next unescaped `>`, with no `<` before it: each search stops where the next `(<` would start.
      for (let i = at + 1; i < text.length; i++) {
        const ch = text[i];
        if (ch === '\\') i++;
        else if (ch === '>') return { start: at + 1, end: i, next: i + 1 };
        else if (ch === '<') return undefined;
      }
      return undefined;
    }
    this.index();
    const close = this.close![at];
    const stop = this.stop![at];
    if (close !== -1 && close < stop) return { start: at, end: close, next: close };
    // Ended by a space (or the line's end): its parentheses must balance.
    return this.depth![stop] === this.depth![at] ? { start: at, end: stop, next: stop } : undefined;
  }

  private index(): void {
    if (this.depth) return;
    const text = this.text;
    const n = text.length;
    const depth = new Int32Array(n + 1);
    const unescaped = new Uint8Array(n);
    let backslashes = 0;
    for (let i = 0; i < n; i++) {
      const ch = text[i];
      const plain = backslashes % 2 === 0;
      unescaped[i] = plain ? 1 : 0;
      depth[i + 1] = depth[i] + (plain && ch === '(' ? 1 : plain && ch === ')' ? -1 : 0);
      backslashes = ch === '\\' ? backslashes + 1 : 0;
    }
    const close = new Int32Array(n + 1).fill(-1);
    const stop = new Int32Array(n + 1).fill(n);
    // Right to left: the nearest `)` that brings the depth down to each level.
    const nearestTo = new Map<number, number>();
    for (let i = n - 1; i >= 0; i--) {
      if (unescaped[i] && text[i] === ')') nearestTo.set(depth[i + 1], i);
      close[i] = nearestTo.get(depth[i] - 1) ?? -1;
      stop[i] = endsDestination(text.charCodeAt(i)) ? i : stop[i + 1];
    }
    this.depth = depth;
    this.close = close;
    this.stop = stop;
  }
}

/**
 * A link reference definition filling the line (`[ref]: dest "title"`, up to three
 * spaces in): its normalized label and link, or undefined when the line is not one.
 */
export function readDefinition(text: string, raw: string, line: number): { label: string; definition: LinkDefinition } | undefined {
  let at = 0;
  while (at < 3 && text[at] === ' ') at++;
  if (text[at] !== '[') return undefined;
  const close = labelEnd(text, at + 1);
  if (close === -1 || text[close + 1] !== ':') return undefined;
  const label = normalizeLabel(raw.slice(at + 1, close));
  if (label === '') return undefined;
  let p = close + 2;
  while (isSpace(text[p])) p++;
  if (p >= text.length) return undefined;
  const destination = new DestinationReader(text).read(p);
  if (!destination || (destination.start === destination.end && text[p] !== '<')) return undefined;
  let q = destination.next;
  while (isSpace(text[q])) q++;
  if (q < text.length && q > destination.next && (text[q] === '"' || text[q] === "'" || text[q] === '(')) {
    const end = titleEnd(text, q);
    if (end !== -1) q = end;
    while (isSpace(text[q])) q++;
  }
  if (q < text.length) return undefined;
  const range = lineRange(line, at, destination.end + (text[p] === '<' ? 1 : 0));
  return { label, definition: { link: markdownLink('definition', range, raw.slice(destination.start, destination.end), destination.start, line) } };
}

interface Opener {
  readonly at: number;
  readonly image: boolean;
}

/**
 * The inline links, images and references of one line of prose (`text`: code and
 * comments blanked; `raw`: the line as written, same offsets), added to `out`.
 */
export function findMarkdownLinks(text: string, raw: string, line: number, definitions: ReadonlyMap<string, LinkDefinition>, out: MarkdownLink[]): void {
  const openers: Opener[] = [];
  const destinations = new DestinationReader(text);
  // Openers of links (not images) before the last link are inactive: links do not nest.
  let lastLinkEnd = -1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\') {
      i++;
      continue;
    }
    if (ch === '[') {
      openers.push({ at: i, image: i > 0 && text[i - 1] === '!' && text[i - 2] !== '\\' });
      continue;
    }
    if (ch !== ']') continue;
    const opener = openers.pop();
    if (!opener || (!opener.image && opener.at < lastLinkEnd)) continue;
    const start = opener.image ? opener.at - 1 : opener.at;
    const found = inlineLink(text, raw, line, start, i, destinations) ?? referenceLink(raw, text, line, start, opener.at, i, definitions);
    if (!found) continue;
    if (found.link) out.push(found.link);
    if (!opener.image) lastLinkEnd = found.end;
    i = found.end - 1;
  }
}

interface Found {
  /** After the link. */
  readonly end: number;
  /** Undefined for an external link: still a link, for the brackets around it. */
  readonly link: MarkdownLink | undefined;
}

/** `](dest "title")` at `close` (the `]`). */
function inlineLink(text: string, raw: string, line: number, start: number, close: number, destinations: DestinationReader): Found | undefined {
  if (text[close + 1] !== '(') return undefined;
  let p = close + 2;
  while (isSpace(text[p])) p++;
  const destination = destinations.read(p);
  if (!destination) return undefined;
  let q = destination.next;
  while (isSpace(text[q])) q++;
  if (q > destination.next && (text[q] === '"' || text[q] === "'" || text[q] === '(')) {
    const end = titleEnd(text, q);
    if (end !== -1) {
      q = end;
      while (isSpace(text[q])) q++;
    }
  }
  if (text[q] !== ')') return undefined;
  const end = q + 1;
  return { end, link: markdownLink('inline', lineRange(line, start, end), raw.slice(destination.start, destination.end), destination.start, line) };
}

/** `][ref]`, `][]` or a bare `]` at `close` naming a definition: full, collapsed and shortcut references. */
function referenceLink(raw: string, text: string, line: number, start: number, open: number, close: number, definitions: ReadonlyMap<string, LinkDefinition>): Found | undefined {
  if (definitions.size === 0) return undefined;
  let label = raw.slice(open + 1, close);
  let end = close + 1;
  if (text[close + 1] === '[') {
    const labelClose = labelEnd(text, close + 2);
    if (labelClose !== -1) {
      const written = raw.slice(close + 2, labelClose);
      if (written !== '') label = written;
      end = labelClose + 1;
    }
  }
  const definition = definitions.get(normalizeLabel(label));
  if (!definition) return undefined;
  const link = definition.link && { ...definition.link, kind: 'reference' as const, range: lineRange(line, start, end) };
  return { end, link };
}
