// Format Document / Format Selection: lines up the pipes of the Timeline and
// Action Items tables. Cells keep their text exactly (escaped `\|` included);
// only the blanks around them and the dashes of the delimiter row change, and no
// line outside those tables is touched.
import { CELL_SEPARATOR } from '../core/markdown';
import type { RcaDocument, SectionTable } from '../core/model';
import { displayWidth, lineRange, type Range, type TextEdit } from '../core/text';

type Alignment = 'left' | 'center' | 'right' | undefined;

/** Edits that align every table (with `range`: every table it touches). Already aligned tables give none. */
export function formatTables(doc: RcaDocument, range?: Range): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const table of doc.tables) {
    const last = table.rows.at(-1)?.line ?? table.headerLine + 1;
    if (range && (range.end.line < table.headerLine || range.start.line > last)) continue;
    for (const [line, text] of alignedLines(doc, table) ?? []) {
      const old = doc.lines.lineText(line);
      if (text !== old) edits.push({ range: lineRange(line, 0, old.length), newText: text });
    }
  }
  return edits;
}

/** Each line of the table as aligned: header, delimiter row, rows; undefined when a line holds more than the cells (a comment). */
function alignedLines(doc: RcaDocument, table: SectionTable): [number, string][] | undefined {
  const delimiterLine = table.headerLine + 1;
  const cells = delimiterCells(doc.lines.lineText(delimiterLine));
  if (!cells.every((c) => CELL_SEPARATOR.test(c))) return undefined;
  // A row that starts with a comment before its first pipe would lose it: such a table is left alone.
  if (![table.headerLine, ...table.rows.map((r) => r.line)].every((l) => /^[ \t]*\|/.test(doc.lines.lineText(l)))) return undefined;
  const alignments = cells.map(alignmentOf);
  // A lone `|` reads as a row of no cells; written back it is one empty cell, as `|  |` reads.
  const texts = (cells: readonly { text: string }[]) => (cells.length > 0 ? cells.map((c) => c.text) : ['']);
  const rows: [number, string[]][] = [[table.headerLine, texts(table.header)], ...table.rows.map((r): [number, string[]] => [r.line, texts(r.cells)])];
  const widths: number[] = [];
  for (const [, cells] of rows) cells.forEach((text, i) => (widths[i] = Math.max(widths[i] ?? 3, displayWidth(text))));
  for (let i = 0; i < alignments.length; i++) widths[i] ??= 3;
  const indent = /^[ \t]*/.exec(doc.lines.lineText(table.headerLine))![0];
  const line = (cells: string[]) => `${indent}| ${cells.join(' | ')} |`;
  return [
    [delimiterLine, `${indent}|${alignments.map((a, i) => dashes(a, widths[i] + 2)).join('|')}|`],
    ...rows.map(([at, cells]): [number, string] => [at, line(cells.map((text, i) => pad(text, widths[i], alignments[i])))]),
  ];
}

/** The delimiter row's cells (`:---`, `---:`), trimmed; a delimiter row holds nothing else. */
function delimiterCells(text: string): string[] {
  const cells = text.trim().replace(/^\|/, '').replace(/\|$/, '').split('|');
  return cells.map((c) => c.trim());
}

function alignmentOf(cell: string): Alignment {
  const left = cell.startsWith(':');
  const right = cell.endsWith(':') && cell.length > 1;
  return left && right ? 'center' : right ? 'right' : left ? 'left' : undefined;
}

/** A delimiter cell `width` wide (a cell's text and the blank each side), its colons kept. */
function dashes(alignment: Alignment, width: number): string {
  const colonsLeft = alignment === 'left' || alignment === 'center' ? ':' : '';
  const colonsRight = alignment === 'right' || alignment === 'center' ? ':' : '';
  return `${colonsLeft}${'-'.repeat(width - colonsLeft.length - colonsRight.length)}${colonsRight}`;
}

function pad(text: string, width: number, alignment: Alignment): string {
  const room = Math.max(0, width - displayWidth(text));
  if (alignment === 'right') return ' '.repeat(room) + text;
  if (alignment === 'center') return ' '.repeat(room >> 1) + text + ' '.repeat(room - (room >> 1));
  return text + ' '.repeat(room);
}
