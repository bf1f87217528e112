// Rules on the Timeline and Action Items tables as tables.
import type { QuickFix, Rule } from '../core/diagnostics';
import { textEnd } from '../core/markdown';
import type { RcaDocument, SectionTable, TableRowCells } from '../core/model';
import { lineRange, type TextEdit } from '../core/text';

/** A row with more or fewer cells than its header: Markdown drops the extra ones and leaves the missing ones blank. */
export const tableCellCount: Rule = ({ doc, report }) => {
  for (const table of doc.tables) {
    const columns = table.header.length;
    for (const row of table.rows) {
      if (row.cells.length === columns) continue;
      const text = doc.lines.lineText(row.line);
      const start = text.length - text.trimStart().length;
      const range = lineRange(row.line, start, Math.max(start, textEnd(text)));
      const message = `This row has ${row.cells.length} cell${row.cells.length === 1 ? '' : 's'}; the ${table.section.heading.text.trim()} header has ${columns}`;
      report('table-cell-count', range, message, () => (row.cells.length < columns ? [padRow(doc, row, columns)] : extraCellFixes(doc, table, row)));
    }
  }
};

/** Empty cells at the end, up to the header's count. */
function padRow(doc: RcaDocument, row: TableRowCells, columns: number): QuickFix {
  const text = doc.lines.lineText(row.line);
  // Past a trailing U+2028 or NBSP: that is the last cell's text, and a pipe before it would make it a cell of its own.
  const end = textEnd(text);
  const missing = columns - row.cells.length;
  const closed = text.slice(0, end).endsWith('|') && !text.slice(0, end).endsWith('\\|');
  return { title: `Add the missing cell${missing === 1 ? '' : 's'}`, edits: [{ range: lineRange(row.line, end, end), newText: `${closed ? '' : ' |'}${'  |'.repeat(missing)}` }], preferred: true };
}

/**
 * Extra cells keep their text: empty ones are removed; a `|` inside a wiki-link
 * (which a table needs written `\|`) is escaped; else the extra cells join the
 * last column, their pipes escaped.
 */
function extraCellFixes(doc: RcaDocument, table: SectionTable, row: TableRowCells): QuickFix[] {
  const text = doc.lines.lineText(row.line);
  const columns = table.header.length;
  const extra = row.cells.slice(columns);
  if (extra.every((c) => c.text === '')) {
    const from = row.cells[columns - 1]?.range.end.character ?? text.indexOf('|') + 1;
    return [{ title: 'Remove the empty extra cells', edits: [{ range: lineRange(row.line, from, textEnd(text)), newText: ' |' }], preferred: true }];
  }
  const escape = (at: number): TextEdit => ({ range: lineRange(row.line, at, at), newText: '\\' });
  const linkPipes = doc.links
    .filter((l) => l.range.start.line === row.line)
    .flatMap((l) => [...text.slice(l.range.start.character, l.range.end.character).matchAll(/(?<!\\)\|/g)].map((m) => l.range.start.character + m.index!));
  if (linkPipes.length === extra.length) return [{ title: 'Write the wiki-link\'s "|" as "\\|"', edits: linkPipes.map(escape), preferred: true }];
  // The pipe before each extra cell: the last one before the cell's text.
  const pipes = extra.map((c) => text.lastIndexOf('|', c.range.start.character - 1));
  return [{ title: 'Merge the extra cells into the last column (their "|" written "\\|")', edits: pipes.map(escape) }];
}
