// Positions are LSP positions: 0-based lines and UTF-16 code units, which is what
// JavaScript string offsets already are. A line index maps offsets both ways.

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/**
 * Lines end at `\n`, `\r\n` or a lone `\r`, as LSP and the editor's text sync read
 * them: one rule for positions, diagnostics and edits.
 */
export class LineIndex {
  /** Offset of the first character of each line. */
  private readonly starts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    if (text.indexOf('\r') === -1) {
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    } else {
      for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i);
        if (code === 13 && text.charCodeAt(i + 1) === 10) i++;
        if (code === 10 || code === 13) starts.push(i + 1);
      }
    }
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))];
  }

  /** Offset of the end of a line's content, before its `\n`, `\r\n` or `\r`. */
  lineEnd(line: number): number {
    if (line >= this.starts.length - 1) return this.text.length;
    const end = this.starts[line + 1] - 1;
    return this.text.charCodeAt(end) === 10 && this.text.charCodeAt(end - 1) === 13 ? end - 1 : end;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }

  positionAt(offset: number): Position {
    offset = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: offset - this.starts[low] };
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.starts.length) return this.text.length;
    const start = this.starts[position.line];
    return Math.min(start + Math.max(0, position.character), this.lineEnd(position.line));
  }

  range(startOffset: number, endOffset: number): Range {
    return { start: this.positionAt(startOffset), end: this.positionAt(endOffset) };
  }

  /** The nearest position in the text: past a line's end is its end (as LSP reads it), past the last line the text's end. */
  clamp(position: Position): Position {
    return this.positionAt(this.offsetAt(position));
  }
}

export function lineRange(line: number, startChar: number, endChar: number): Range {
  return { start: { line, character: startChar }, end: { line, character: endChar } };
}

/** From (startLine, startChar) to (endLine, endChar). */
export function spanRange(startLine: number, startChar: number, endLine: number, endChar: number): Range {
  return { start: { line: startLine, character: startChar }, end: { line: endLine, character: endChar } };
}

/** Whether `a` comes strictly before `b`. */
export function positionBefore(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/** Whether `position` is inside `range`, ends included. */
export function containsPosition(range: Range, position: Position): boolean {
  return !positionBefore(position, range.start) && !positionBefore(range.end, position);
}

/** GitHub-style heading slug: lower case, punctuation dropped, spaces to hyphens. */
export function slugify(text: string): string {
  const simple = text.trim().toLowerCase();
  if (/^[a-z0-9 _-]*$/.test(simple)) return simple.replace(/ /g, '-');
  return text
    .trim()
    .toLowerCase()
    // GitHub's rule: keep letters, marks, digits, connector punctuation, spaces and hyphens.
    .replace(/[^\p{L}\p{M}\p{Nd}\p{Nl}\p{Pc}\s-]/gu, '')
    .replace(/\s/g, '-');
}

export interface TextEdit {
  readonly range: Range;
  readonly newText: string;
}

/** The document's line ending (its first one), so inserted lines match the rest of the file. */
export function eolOf(text: string): string {
  const lf = text.indexOf('\n');
  const cr = (lf === -1 ? text : text.slice(0, lf)).indexOf('\r');
  if (cr === -1) return '\n';
  return cr + 1 === lf ? '\r\n' : '\r';
}

/** Whether a text ends in a line break of any kind. */
export function endsWithEol(text: string): boolean {
  return text.endsWith('\n') || text.endsWith('\r');
}

/** Applies non-overlapping edits (in any order) to a text. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const lines = new LineIndex(text);
  const sorted = edits
    .map((e) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), newText: e.newText }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  let result = text;
  let limit = Infinity;
  for (const edit of sorted) {
    if (edit.end > limit) throw new Error('overlapping edits');
    result = result.slice(0, edit.start) + edit.newText + result.slice(edit.end);
    limit = edit.start;
  }
  return result;
}

/** `text` cut to at most `max` characters, the last of them `…`, never inside a surrogate pair; unchanged when it fits. */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

/** Code-unit order: stable across locales and far cheaper than `localeCompare`. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// Characters an editor's monospace font draws two columns wide: East Asian Wide and
// Fullwidth (Hangul Jamo, CJK, kana, Hangul syllables, fullwidth forms) and emoji
// presented as emoji; and characters it draws in none.
const WIDE = /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uA960-\uA97F\uAC00-\uD7A3\uF900-\uFAFF\uFE10-\uFE19\uFE30-\uFE6F\uFF00-\uFF60\uFFE0-\uFFE6\u{1B000}-\u{1B2FF}\u{1F200}-\u{1F2FF}\u{20000}-\u{2FFFD}\u{30000}-\u{3FFFD}]|\p{Emoji_Presentation}|\p{Extended_Pictographic}\uFE0F|\p{Regional_Indicator}/u;
const ZERO_WIDTH = /^[\p{M}\p{Cc}\p{Cf}]+$/u;
let graphemes: Intl.Segmenter | undefined;

/**
 * Columns a text takes in a monospace editor: 2 for each wide or emoji grapheme
 * (a ZWJ family or a flag is one), 0 for combining marks and format characters, else 1.
 */
export function displayWidth(text: string): number {
  // ASCII, the common case, is one column a character.
  if (/^[\x20-\x7e]*$/.test(text)) return text.length;
  graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  let width = 0;
  for (const { segment } of graphemes.segment(text)) width += ZERO_WIDTH.test(segment) ? 0 : WIDE.test(segment) ? 2 : 1;
  return width;
}
