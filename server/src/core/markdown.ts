// One pass over the Markdown body: headings, tables, list items, wiki-links and
// `rca-disable` comments. Code spans, fenced code and HTML comments are masked
// (replaced by spaces, so offsets hold) before anything looks for links; indented
// code and HTML blocks are hidden as CommonMark reads them.
//
// Hand-written, not markdown-it, because it is faster and gives the offsets we need: the
// five example RCAs (13.5 KB) scanned 1,000 times took 185 ms here (line index included)
// and 1,140 ms with markdown-it's parse alone (commonmark preset; best of 6 rounds, Node 20,
// 2 shared cores), which still leaves wiki-links, tables and rca-disable codes to find.
// test/scannerReference.test.ts holds it to markdown-it on headings, code and HTML lines
// and prose links; blockquotes and lazy continuation inside them are not compared.
import { findMarkdownLinks, readDefinition, type LinkDefinition } from './markdownLinks';
import type { Heading, MarkdownLink, TableCell, UnbalancedLink, WikiLink } from './model';
import { lineRange, slugify, spanRange, type LineIndex } from './text';
import { splitWikiLink, type WikiLinkPart } from '../../../shared/wikiLink';

export interface Table {
  readonly headerLine: number;
  readonly header: readonly TableCell[];
  readonly rows: readonly TableRow[];
}

export interface TableSpan {
  readonly headerLine: number;
  readonly rowLines: readonly number[];
}

export interface TableRow {
  readonly line: number;
  readonly cells: readonly TableCell[];
}

export interface ListItem {
  readonly line: number;
  readonly text: string;
  readonly range: TableCell['range'];
}

export interface MarkdownBody {
  readonly headings: readonly Heading[];
  /** Where tables are; their cells are split on demand (see readTable). */
  readonly tableSpans: readonly TableSpan[];
  /** Lines that start a list item; read on demand (see readListItems). */
  readonly listItemLines: readonly number[];
  readonly links: readonly WikiLink[];
  readonly markdownLinks: readonly MarkdownLink[];
  readonly unbalancedLinks: readonly UnbalancedLink[];
  readonly disabledCodes: ReadonlySet<string>;
  /** First line of the body. */
  readonly firstLine: number;
  /** Lines inside fenced code or HTML comments: not prose. */
  readonly hiddenLines: ReadonlySet<number>;
  /** Lines whose code spans or comments were blanked out, as masked. */
  readonly maskedLines: ReadonlyMap<number, string>;
}

/** A body line as prose (code spans and comments blanked), or undefined inside fences and comments. */
export function proseLine(body: MarkdownBody, lines: LineIndex, line: number): string | undefined {
  if (line < body.firstLine || body.hiddenLines.has(line)) return undefined;
  return body.maskedLines.get(line) ?? lines.lineText(line);
}

// Lines are read by hand-written scans, not regular expressions with nested or
// adjacent quantifiers over the same characters: those backtrack super-linearly on
// long runs of spaces, dashes or asterisks that end in a character that fails.
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const LIST_MARKER = /[-*+0-9]/;
/** A delimiter row's cell, trimmed: dashes with optional colons (`---`, `:-:`). */
export const CELL_SEPARATOR = /^:?-+:?$/;
/** A character no delimiter row holds: not a pipe, colon, dash or the white space trim() takes off. */
const NOT_IN_SEPARATOR = /[^\s|:-]/;

const isSpaceOrTab = (ch: string | undefined) => ch === ' ' || ch === '\t';

/** Where a line's text ends, before trailing spaces and tabs: the only blanks that pad Markdown (a trailing U+2028 or NBSP is text, a table cell's say). */
export function textEnd(line: string): number {
  let end = line.length;
  while (end > 0 && isSpaceOrTab(line[end - 1])) end--;
  return end;
}

/** An ATX heading (`## Text ##`): its level and where its text starts and ends in the line. */
export function atxHeading(text: string): { level: number; start: number; end: number } | undefined {
  let at = 0;
  while (at < 3 && text[at] === ' ') at++;
  let level = 0;
  while (text[at + level] === '#') level++;
  if (level === 0 || level > 6) return undefined;
  let start = at + level;
  if (start < text.length && !isSpaceOrTab(text[start])) return undefined;
  let end = text.length;
  while (end > start && isSpaceOrTab(text[end - 1])) end--;
  while (start < end && isSpaceOrTab(text[start])) start++;
  // A closing run of `#`s stands alone: after a space, or as the whole text.
  let close = end;
  while (close > start && text[close - 1] === '#') close--;
  if (close < end && (close === start || isSpaceOrTab(text[close - 1]))) {
    end = close;
    while (end > start && isSpaceOrTab(text[end - 1])) end--;
  }
  return { level, start, end };
}

const SETEXT_UNDERLINE = /^ {0,3}(=+|-+)[ \t]*$/;
/** A thematic break: three or more of one of `-`, `*`, `_`, spaces and tabs between (the line is trimmed). */
function isThematicBreak(text: string): boolean {
  let count = 0;
  for (const ch of text) {
    if (ch === text[0]) count++;
    else if (!isSpaceOrTab(ch)) return false;
  }
  return count >= 3 && (text[0] === '-' || text[0] === '*' || text[0] === '_');
}
/** The end of an HTML block that runs to a blank line. */
const BLANK = /^$/;
const HTML_BLOCKS: readonly (readonly [RegExp, RegExp])[] = [
  [/^<(?:pre|script|style|textarea)(?:[ \t>]|$)/i, /<\/(?:pre|script|style|textarea)>/i],
  [/^<\?/, /\?>/],
  [/^<![A-Za-z]/, />/],
  [/^<!\[CDATA\[/, /\]\]>/],
  [
    /^<\/?(?:address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul)(?:[ \t>]|\/>|$)/i,
    BLANK,
  ],
];
/** A complete open or closing tag alone on its line (attribute names and values cannot overlap, so this is linear). */
const HTML_TAG_LINE = /^(?:<[A-Za-z][A-Za-z0-9-]*(?:[ \t]+[A-Za-z_:][\w.:-]*(?:[ \t]*=[ \t]*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?)*[ \t]*\/?>|<\/[A-Za-z][A-Za-z0-9-]*[ \t]*>)[ \t]*$/;

/**
 * The end condition of the HTML block a line (from its first `<`) starts, as CommonMark
 * defines them, or undefined. Comments (`<!--`) are masked instead; a lone tag does not
 * interrupt a paragraph.
 */
function htmlBlockEnd(text: string, inParagraph: boolean): RegExp | undefined {
  if (text.startsWith('<!--')) return undefined;
  for (const [start, end] of HTML_BLOCKS) if (start.test(text)) return end;
  return !inParagraph && HTML_TAG_LINE.test(text) ? BLANK : undefined;
}

/** The column of a line's character at `offset`, tabs to the next multiple of 4. */
function columnOf(raw: string, offset: number): number {
  let column = 0;
  for (let i = 0; i < offset; i++) column = raw[i] === '\t' ? column + 4 - (column % 4) : column + 1;
  return column;
}

/** A paragraph's lines (the first from `offset`, after a list marker) over a `===` or `---` line: one heading. */
function setextHeading(lines: LineIndex, masked: ReadonlyMap<number, string>, from: number, offset: number, underline: number, level: number): Heading {
  const texts: string[] = [];
  for (let line = from; line < underline; line++) texts.push((masked.get(line) ?? lines.lineText(line)).slice(line === from ? offset : 0).trim());
  const content = texts.join('\n');
  const first = lines.lineText(from);
  const start = first.length - first.slice(offset).trimStart().length;
  const last = lines.lineText(underline - 1);
  return {
    level,
    text: content,
    slug: slugify(content),
    range: spanRange(from, 0, underline, lines.lineText(underline).length),
    textRange: spanRange(from, start, underline - 1, last.trimEnd().length),
  };
}

/** A table's delimiter row: `| --- | :-: |`, cells of dashes with optional colons. */
function isTableSeparator(text: string): boolean {
  // Nearly every row asked about holds text: one such character rules it out without splitting the row.
  if (NOT_IN_SEPARATOR.test(text)) return false;
  let row = text.trim();
  if (row.startsWith('|')) row = row.slice(1);
  if (row.endsWith('|')) row = row.slice(0, -1);
  return row.split('|').every((cell) => CELL_SEPARATOR.test(cell.trim()));
}

/** A list item's text (`- x`, `1. x`, `2) x`), trimmed, and where it starts. */
function listItemText(raw: string): { start: number; text: string } | undefined {
  let at = raw.length - raw.trimStart().length;
  if (raw[at] === '-' || raw[at] === '*' || raw[at] === '+') at++;
  else {
    const digits = at;
    while (raw[at] >= '0' && raw[at] <= '9') at++;
    if (at === digits || (raw[at] !== '.' && raw[at] !== ')')) return undefined;
    at++;
  }
  if (!isSpaceOrTab(raw[at])) return undefined;
  while (isSpaceOrTab(raw[at])) at++;
  const text = raw.slice(at).trimEnd();
  return text ? { start: at, text } : undefined;
}

/** The codes of each `<!-- rca-disable a b -->` in a line (`*` for none), read in one pass. */
function disabledCodesIn(raw: string, into: Set<string>): void {
  // The next `-->` and `>` at or after a position only move forward: each is searched for once.
  let close = -1;
  let gt = -1;
  for (let open = raw.indexOf('<!--'); open !== -1; open = raw.indexOf('<!--', open + 1)) {
    let at = open + 4;
    while (at < raw.length && /\s/.test(raw[at])) at++;
    if (!raw.startsWith('rca-disable', at) || /\w/.test(raw[at + 11] ?? '')) continue;
    at += 11;
    if (close < at) close = raw.indexOf('-->', at);
    if (close === -1) return;
    if (gt < at) gt = raw.indexOf('>', at);
    // The codes run to the first `-->`, with no other `>` before it.
    if (gt !== close + 2) continue;
    const codes = raw.slice(at, close).trim().split(/[\s,]+/).filter(Boolean);
    if (codes.length === 0) into.add('*');
    for (const code of codes) into.add(code);
  }
}

export function scanBody(lines: LineIndex, firstLine: number): MarkdownBody {
  const headings: Heading[] = [];
  const tableSpans: TableSpan[] = [];
  const listItemLines: number[] = [];
  const links: WikiLink[] = [];
  // Ordinary links are read once every definition is known (a reference may come before its definition).
  const definitions = new Map<string, LinkDefinition>();
  const definitionLinks: MarkdownLink[] = [];
  const bracketLines: number[] = [];
  const unbalancedLinks: UnbalancedLink[] = [];
  const disabledCodes = new Set<string>();
  const hiddenLines = new Set<number>();
  const maskedLines = new Map<number, string>();
  let fence: string | undefined;
  const comment = { open: false };
  const paragraph = { openThrough: -1 };
  let table: { headerLine: number; rowLines: number[] } | undefined;
  let pendingHeader: number | undefined;
  // CommonMark's blocks beside fences: the open HTML block's end, the open
  // paragraph's first line, and the content columns of the open list items.
  let html: RegExp | undefined;
  let paragraphStart: number | undefined;
  let paragraphBase = 0;
  let paragraphOffset = 0;
  const listColumns: number[] = [];
  // A block that starts left of an item's content (not a lazy paragraph line) ends the item.
  const closeItemsRightOf = (raw: string, indent: number) => {
    const column = columnOf(raw, indent);
    while (listColumns.length > 0 && column < listColumns[listColumns.length - 1]) listColumns.pop();
  };

  for (let line = firstLine; line < lines.lineCount; line++) {
    const raw = rawLine(lines, line);
    const indent = raw.search(/\S/);
    const first = indent === -1 ? '' : raw[indent];
    if (fence !== undefined) {
      hiddenLines.add(line);
      if (first === fence[0] && indent < 4 && closesFence(raw.trim(), fence)) fence = undefined;
      continue;
    }
    if (html !== undefined) {
      // Blocks that end at a blank line do not include it.
      if (html === BLANK && indent === -1) html = undefined;
      else {
        hiddenLines.add(line);
        if (html.test(raw)) html = undefined;
        continue;
      }
    }
    if (!comment.open && indent !== -1) {
      const column = columnOf(raw, indent);
      // A line less indented than a list item's content ends the item, unless it continues its paragraph.
      while (listColumns.length > 0 && column < listColumns[listColumns.length - 1] && paragraphStart === undefined) listColumns.pop();
      const base = listColumns.length > 0 && column >= listColumns[listColumns.length - 1] ? listColumns[listColumns.length - 1] : 0;
      if (column - base >= 4 && paragraphStart === undefined) {
        // Indented code: it cannot interrupt a paragraph.
        hiddenLines.add(line);
        table = undefined;
        pendingHeader = undefined;
        continue;
      }
      if (column - base < 4 && first === '<') {
        const end = htmlBlockEnd(raw.slice(indent), paragraphStart !== undefined);
        if (end !== undefined) {
          hiddenLines.add(line);
          closeItemsRightOf(raw, indent);
          html = end === BLANK || !end.test(raw) ? end : undefined;
          paragraphStart = undefined;
          table = undefined;
          pendingHeader = undefined;
          continue;
        }
      }
      // A comment is masked, not hidden, but as an HTML block it still ends the paragraph.
      if (column - base < 4 && raw.startsWith('<!--', indent)) {
        closeItemsRightOf(raw, indent);
        paragraphStart = undefined;
      }
      // An underline continues no paragraph lazily: it must be in the paragraph's own list item.
      const underline = paragraphStart !== undefined && base === paragraphBase && column - base < 4 && (first === '=' || first === '-') ? SETEXT_UNDERLINE.exec(raw.slice(indent)) : null;
      if (underline && paragraphStart !== undefined) {
        headings.push(setextHeading(lines, maskedLines, paragraphStart, paragraphOffset, line, underline[1][0] === '=' ? 1 : 2));
        paragraphStart = undefined;
        continue;
      }
    }
    if (!comment.open && (first === '`' || first === '~') && indent < 4) {
      const open = FENCE.exec(raw);
      if (open) {
        hiddenLines.add(line);
        fence = open[1];
        closeItemsRightOf(raw, indent);
        paragraphStart = undefined;
        table = undefined;
        pendingHeader = undefined;
        continue;
      }
    }
    if (raw.includes('rca-disable')) disabledCodesIn(raw, disabledCodes);
    const text = maskLine(raw, comment, () => commentClosesLater(lines, line, raw, paragraph));
    if (text !== raw || (line === 0 && raw !== lines.lineText(0))) maskedLines.set(line, text);
    const textIndent = text === raw ? indent : text.search(/\S/);
    if (textIndent === -1) {
      // Blank inside a comment still running is part of it.
      if (indent !== -1 || comment.open) hiddenLines.add(line);
      table = undefined;
      pendingHeader = undefined;
      if (indent === -1) paragraphStart = undefined;
      continue;
    }
    const lead = text[textIndent];
    // A link reference definition starts a paragraph (or follows one) and is no paragraph text.
    if (lead === '[' && paragraphStart === undefined) {
      const found = readDefinition(text, raw, line);
      if (found) {
        if (!definitions.has(found.label)) definitions.set(found.label, found.definition);
        if (found.definition.link) definitionLinks.push(found.definition.link);
        table = undefined;
        pendingHeader = undefined;
        continue;
      }
    }
    if (paragraphStart === undefined) {
      paragraphStart = line;
      paragraphOffset = indent;
      paragraphBase = listColumns.length > 0 && columnOf(raw, indent) >= listColumns[listColumns.length - 1] ? listColumns[listColumns.length - 1] : 0;
    }

    const heading = lead === '#' ? atxHeading(text) : undefined;
    if (heading) {
      const content = text.slice(heading.start, heading.end);
      const textStart = content ? heading.start : raw.length;
      headings.push({
        level: heading.level,
        text: content,
        slug: slugify(content),
        range: lineRange(line, 0, raw.length),
        textRange: lineRange(line, textStart, textStart + content.length),
      });
      table = undefined;
      pendingHeader = undefined;
      closeItemsRightOf(raw, indent);
      paragraphStart = undefined;
    } else if (lead === '|') {
      paragraphStart = undefined;
      if (table && !isTableSeparator(text)) {
        table.rowLines.push(line);
      } else if (pendingHeader !== undefined && isTableSeparator(text)) {
        table = { headerLine: pendingHeader, rowLines: [] };
        tableSpans.push(table);
        pendingHeader = undefined;
      } else {
        pendingHeader = line;
      }
    } else {
      table = undefined;
      pendingHeader = undefined;
      // A thematic break ends a paragraph (over `---` the paragraph was a heading already).
      if ((lead === '-' || lead === '*' || lead === '_') && isThematicBreak(text.trim())) {
        closeItemsRightOf(raw, indent);
        paragraphStart = undefined;
      }
      else if (LIST_MARKER.test(lead)) {
        listItemLines.push(line);
        const item = listItemText(raw);
        if (item) {
          const column = columnOf(raw, item.start);
          closeItemsRightOf(raw, indent);
          listColumns.push(column);
          // The item's paragraph starts after the marker; only an underline in the item makes it a heading.
          paragraphStart = line;
          paragraphBase = column;
          paragraphOffset = item.start;
        }
      }
    }
    if (text.includes('[[')) findLinks(text, raw, line, links, unbalancedLinks);
    if (text.includes(']')) bracketLines.push(line);
  }
  const markdownLinks = [...definitionLinks];
  for (const line of bracketLines) {
    const raw = rawLine(lines, line);
    const text = maskedLines.get(line) ?? raw;
    if (definitions.size > 0 || text.includes('](')) findMarkdownLinks(text, raw, line, definitions, markdownLinks);
  }
  if (definitionLinks.length > 0) markdownLinks.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return { headings, tableSpans, listItemLines, links, markdownLinks, unbalancedLinks, disabledCodes, firstLine, hiddenLines, maskedLines };
}

/** A line as the scanner reads it: a byte order mark reads as a space (same length, so offsets hold). */
function rawLine(lines: LineIndex, line: number): string {
  return line === 0 && lines.text.charCodeAt(0) === 0xfeff ? ` ${lines.lineText(0).slice(1)}` : lines.lineText(line);
}

export function readTable(body: MarkdownBody, lines: LineIndex, span: TableSpan): Table {
  const cells = (line: number) => splitCells(proseLine(body, lines, line) ?? '', rawLine(lines, line), line);
  return { headerLine: span.headerLine, header: cells(span.headerLine), rows: span.rowLines.map((line) => ({ line, cells: cells(line) })) };
}

/** List items on lines `from` to `to` (inclusive). */
export function readListItems(body: MarkdownBody, lines: LineIndex, from: number, to: number): ListItem[] {
  return body.listItemLines.filter((line) => line >= from && line <= to).flatMap((line) => {
    const item = listItemText(rawLine(lines, line));
    return item ? [{ line, text: item.text, range: lineRange(line, item.start, item.start + item.text.length) }] : [];
  });
}

export interface TableCellAt {
  /** The header text of the cursor's column, lower case. */
  readonly column: string;
  /** The cell's text from its start to the cursor (trimmed at the start). */
  readonly typed: string;
  /** From the start of the cell's text to the end of it: what a completion replaces. */
  readonly range: TableCell['range'];
}

/** The table cell at a position, with its column's header: for completion while a row is being typed. */
export function tableCellAt(lines: LineIndex, position: { line: number; character: number }): TableCellAt | undefined {
  const text = lines.lineText(position.line);
  if (!text.trimStart().startsWith('|')) return undefined;
  let separator = position.line - 1;
  while (separator > 0 && lines.lineText(separator).trimStart().startsWith('|') && !isTableSeparator(lines.lineText(separator))) separator--;
  if (separator < 1 || !isTableSeparator(lines.lineText(separator)) || separator === position.line) return undefined;
  const headerText = lines.lineText(separator - 1);
  const header = splitCells(headerText, headerText, separator - 1);
  // Cells of the current line, counting an unfinished last one: pipes before the cursor give the column.
  const before = text.slice(0, position.character);
  const column = (before.match(/(?<!\\)\|/g)?.length ?? 0) - 1;
  if (column < 0 || column >= header.length) return undefined;
  const cellStart = before.lastIndexOf('|') + 1;
  const nextPipe = text.slice(position.character).search(/(?<!\\)\|/);
  const cellEnd = nextPipe === -1 ? text.length : position.character + nextPipe;
  const lead = text.slice(cellStart, cellEnd).length - text.slice(cellStart, cellEnd).trimStart().length;
  const start = Math.min(cellStart + lead, position.character);
  const end = Math.max(position.character, cellStart + text.slice(cellStart, cellEnd).trimEnd().length);
  return { column: header[column].text.toLowerCase(), typed: text.slice(start, position.character), range: lineRange(position.line, start, end) };
}

/** A closing fence: the opening character only, at least as many, nothing else. */
function closesFence(trimmed: string, fence: string): boolean {
  if (trimmed.length < fence.length) return false;
  for (let i = 0; i < trimmed.length; i++) if (trimmed[i] !== fence[0]) return false;
  return true;
}

/**
 * Whether a `<!--` later in `line` is closed by a `-->` on a following line of the
 * same paragraph: CommonMark's inline HTML runs across a paragraph's lines, not out
 * of it (a blank line, a heading or a fence ends it; a table row or heading is one
 * line). `memo.openThrough` is the last line known to end a paragraph without a
 * `-->`, so a paragraph of many unclosed `<!--` is read once.
 */
function commentClosesLater(lines: LineIndex, line: number, raw: string, memo: { openThrough: number }): boolean {
  if (line <= memo.openThrough || raw.trimStart().startsWith('|') || atxHeading(raw)) return false;
  for (let next = line + 1; next < lines.lineCount; next++) {
    const text = lines.lineText(next);
    if (text.trim() === '' || atxHeading(text) || FENCE.test(text)) {
      memo.openThrough = next;
      return false;
    }
    if (text.includes('-->')) return true;
  }
  memo.openThrough = lines.lineCount;
  return false;
}

/**
 * Blanks out HTML comments and code spans, keeping the line's length; `comment.open`
 * carries a comment across lines, and `closesLater` says whether a `<!--` left open
 * later in the line is closed on a following line.
 */
function maskLine(raw: string, comment: { open: boolean }, closesLater: () => boolean): string {
  let inComment = comment.open;
  if (!inComment && raw.indexOf('`') === -1 && raw.indexOf('<!--') === -1) return raw;
  // Known once per line, so that many unclosed `<!--` or backtick runs do not each search the rest of it.
  const lastClose = raw.lastIndexOf('-->');
  let lastRunOfLength: Map<number, number> | undefined;
  // Text is copied in slices between the blanked spans: a long line is not rebuilt a character at a time.
  let out = '';
  let copied = 0;
  const blank = (from: number, to: number) => {
    out += raw.slice(copied, from) + ' '.repeat(to - from);
    copied = to;
  };
  let i = 0;
  while (i < raw.length) {
    if (inComment) {
      const end = raw.indexOf('-->', i);
      const stop = end === -1 ? raw.length : end + 3;
      blank(i, stop);
      i = stop;
      inComment = end === -1;
      continue;
    }
    const ch = raw[i];
    if (ch === '<' && raw.startsWith('<!--', i)) {
      // At a line's start (up to 3 spaces in) `<!--` opens an HTML block that runs
      // to the line with `-->`; later in a line it is an inline comment when closed
      // on the line or further on in the paragraph, else literal text (as CommonMark reads them).
      const startsBlock = i <= 3 && raw.slice(0, i).trim() === '';
      if (startsBlock || lastClose >= i + 4 || closesLater()) {
        inComment = true;
        blank(i, i + 4);
        i += 4;
        continue;
      }
    }
    if (ch === '`' && (i === 0 || raw[i - 1] !== '\\')) {
      let run = 1;
      while (raw[i + run] === '`') run++;
      lastRunOfLength ??= backtickRuns(raw);
      // A code span closes at the next run of exactly as many backticks.
      if ((lastRunOfLength.get(run) ?? -1) <= i) {
        i += run;
        continue;
      }
      let close = raw.indexOf('`'.repeat(run), i + run);
      while (raw[close + run] === '`') {
        let skip = close;
        while (raw[skip] === '`') skip++;
        close = raw.indexOf('`'.repeat(run), skip);
      }
      blank(i, close + run);
      i = close + run;
      continue;
    }
    i++;
  }
  comment.open = inComment;
  return out + raw.slice(copied);
}

/** Where the last run of backticks of each length starts. */
function backtickRuns(raw: string): Map<number, number> {
  const last = new Map<number, number>();
  for (let i = raw.indexOf('`'); i !== -1; ) {
    let end = i + 1;
    while (raw[end] === '`') end++;
    last.set(end - i, i);
    i = raw.indexOf('`', end);
  }
  return last;
}

/** Table cells split on unescaped pipes; `\|` stays inside a cell (GFM). */
function splitCells(text: string, raw: string, line: number): TableCell[] {
  const cells: TableCell[] = [];
  let start = text.indexOf('|') + 1;
  for (let i = start; i <= text.length; i++) {
    if (i < text.length && !(text[i] === '|' && text[i - 1] !== '\\')) continue;
    // Only spaces and tabs pad a cell (GFM): other white space (U+2029, NBSP) is its text, which formatting must keep.
    let from = start;
    let to = i;
    while (from < to && isSpaceOrTab(raw[from])) from++;
    while (to > from && isSpaceOrTab(raw[to - 1])) to--;
    if (i === text.length && from === to) break;
    cells.push({ text: raw.slice(from, to), range: lineRange(line, from, to) });
    start = i + 1;
  }
  return cells;
}

const LINK = /\[\[([^\[\]\r\n]*)\]\]/g;

function findLinks(text: string, raw: string, line: number, links: WikiLink[], unbalanced: UnbalancedLink[]): void {
  /** Where each `[[…]]` (a link, an escaped or an empty one) ends, by where it starts. */
  const spans = new Map<number, number>();
  for (const match of text.matchAll(LINK)) {
    const start = match.index!;
    spans.set(start, start + match[0].length);
    if (start > 0 && text[start - 1] === '\\') continue;
    const innerStart = start + 2;
    const { target, heading, alias } = splitWikiLink(raw.slice(innerStart, innerStart + match[1].length));
    const range = (part: WikiLinkPart) => lineRange(line, innerStart + part.start, innerStart + part.end);
    const link: WikiLink = {
      range: lineRange(line, start, start + match[0].length),
      target: target.text,
      targetRange: range(target),
      heading: heading?.text,
      headingRange: heading && range(heading),
      alias: alias?.text,
      aliasRange: alias && range(alias),
    };
    if (link.target === '' && link.heading === undefined) continue;
    links.push(link);
  }
  findUnbalanced(text, line, spans, unbalanced);
}

/**
 * One pass over a line's prose that counts the single brackets `[…]` open outside
 * `[[…]]` spans: a `]` after a span's `]]` is stray when no `[` before the span
 * is waiting for it (`[see [[x]]]` is fine); an `[[` (exactly two) that starts no span is unclosed.
 */
function findUnbalanced(text: string, line: number, spans: ReadonlyMap<number, number>, unbalanced: UnbalancedLink[]): void {
  let open = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\') {
      i++;
      continue;
    }
    const spanEnd = spans.get(i);
    if (spanEnd !== undefined) {
      let run = 0;
      while (text[spanEnd + run] === ']') run++;
      if (run > open) unbalanced.push({ kind: 'stray', range: lineRange(line, spanEnd + open, spanEnd + run) });
      open -= Math.min(open, run);
      i = spanEnd + run - 1;
    } else if (ch === '[') {
      let run = 1;
      while (text[i + run] === '[') run++;
      if (run === 2) {
        // The rest of the line up to a bracket, or to an escaped `\\[` (read as its own), is the link that was meant.
        let end = i + 2;
        while (end < text.length && text[end] !== '[' && text[end] !== ']' && !(text[end] === '\\' && text[end + 1] === '[')) end++;
        if (text[end] === ']') end++;
        else while (end > i + 2 && isSpaceOrTab(text[end - 1])) end--;
        unbalanced.push({ kind: 'unclosed', range: lineRange(line, i, end) });
        i = end - 1;
      } else {
        // Longer runs are single brackets, but for the last two when they start a span.
        const singles = run > 2 && spans.has(i + run - 2) ? run - 2 : run;
        open += singles;
        i += singles - 1;
      }
    } else if (ch === ']' && open > 0) open--;
  }
}
