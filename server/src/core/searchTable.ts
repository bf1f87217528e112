// The index's search rows as flat text, so that `[[` completion and workspace
// symbols find the files whose name or title has the query at a word start by the
// engine's native string search instead of scoring every row: at 100,000 files a
// scan of the rows takes 15–40 ms, a search of the text a few. fuzzyScore gives a
// text whose first match is at a word start (or the start) 600 or more and any
// other 599 or less, so once the best list is full of word-start matches no other
// row can enter it and the scan is skipped.
import type { SearchRow, WorkspaceIndex } from './workspaceIndex';

/** Everything fuzzyScore counts as a word boundary before a match (ASCII but letters and digits), made one character. */
const BOUNDARY = /[\0-\x2f\x3a-\x60\x7b-\x7f]/g;
const MARK = '\x01';
/** Scores of a first match at a word start or the text's start are at least this; of any other match below it. */
export const WORD_START_SCORE = 600;
/** Rows edited or saved since the table was made are searched one by one; past this many the table is made again. */
const MAX_EXTRA_ROWS = 512;

/** One field of every row, each text after a boundary mark, with boundaries made marks. */
interface Column {
  readonly text: string;
  /** Where each row's text starts in `text`; one more at the end. */
  readonly starts: Int32Array;
}

function column(texts: readonly string[]): Column {
  const starts = new Int32Array(texts.length + 1);
  let at = 1;
  texts.forEach((t, i) => {
    starts[i] = at;
    at += t.length + 1;
  });
  starts[texts.length] = at;
  // Each text's marks made before the join, which makes one flat string: a global replace
  // over the joined text gives a rope of two pieces per mark until its first search
  // (2 KB a file, 200 MB at 100,000 files).
  return { text: ['', ...texts.map((t) => t.replace(BOUNDARY, MARK)), ''].join(MARK), starts };
}

/** The upper bound of fuzzyScore for a first match at `at` of a text `length` long. */
function bound(at: number, length: number): number {
  return at === 0 ? 1000 - Math.min(length, 200) : 800 - Math.min(at, 100) - Math.min(length, 100);
}

/** The rows to search now: the table's, less those since replaced or removed, and the rows added since. */
export interface SearchView {
  readonly table: SearchTable;
  /** Rows made since the table (edited or saved files), most recent first: search each. */
  readonly extra: readonly SearchRow[];
  /** How many of the table's rows are no longer current. */
  readonly stale: number;
  /** Whether a table row is still its file's current one. */
  current(row: SearchRow): boolean;
}

export class SearchTable {
  private static readonly tables = new WeakMap<WorkspaceIndex, SearchTable>();

  /**
   * The table over the index's current rows, with the rows made since. Rows made since
   * are the ones at the front newer than the table (an edit moves its file's row there);
   * a file read for the first time is merged into the rows as a new array, and the
   * table is then made again.
   */
  static view(index: WorkspaceIndex): SearchView {
    const rows = index.searchRows();
    let table = SearchTable.tables.get(index);
    let extra = table?.source === rows ? table.extraRows(rows) : undefined;
    if (!table || !extra) {
      table = new SearchTable(rows);
      SearchTable.tables.set(index, table);
      extra = [];
    }
    return { table, extra, stale: table.rows.length - (rows.length - extra.length), current: (row) => index.get(row.entry.uri) === row.entry };
  }

  /** The rows this table was made of (a copy: the index's array changes in place). */
  readonly rows: readonly SearchRow[];
  private readonly keys: Column;
  private readonly titles: Column;
  /** Undated titles, empty where the title has no date (the titles hold it). */
  private readonly undatedTitles: Column;
  /** The newest `touched` among the rows: rows made later have a higher one. */
  private readonly clock: number;

  private constructor(private readonly source: readonly SearchRow[]) {
    this.rows = [...source];
    this.keys = column(this.rows.map((r) => r.key));
    this.titles = column(this.rows.map((r) => r.title));
    this.undatedTitles = column(this.rows.map((r) => (r.undatedTitle === r.title ? '' : r.undatedTitle)));
    this.clock = this.rows.reduce((max, r) => Math.max(max, r.entry.touched), 0);
  }

  /** The rows at the front made since this table, or undefined when there are too many. */
  private extraRows(rows: readonly SearchRow[]): SearchRow[] | undefined {
    let n = 0;
    while (n < rows.length && rows[n].entry.touched > this.clock) if (++n > MAX_EXTRA_ROWS) return undefined;
    return rows.slice(0, n);
  }

  /**
   * Each row whose text of `field` has `query` at a word start (its start included),
   * once, in row order, with the most fuzzyScore can give it: its first word-start
   * match's score, or less when an earlier match is not at a word start. A query with
   * boundary characters may also give rows that do not match: callers score the rows
   * they keep.
   */
  wordStarts(field: 'key' | 'title' | 'undatedTitle', query: string, visit: (row: number, bound: number) => void): void {
    const { text, starts } = field === 'key' ? this.keys : field === 'title' ? this.titles : this.undatedTitles;
    const needle = MARK + query.replace(BOUNDARY, MARK);
    let row = 0;
    for (let found = text.indexOf(needle); found !== -1; ) {
      const at = found + 1;
      while (starts[row + 1] <= at) row++;
      const offset = at - starts[row];
      const length = starts[row + 1] - 1 - starts[row];
      visit(row, bound(offset, length));
      found = text.indexOf(needle, starts[row + 1] - 1);
    }
  }
}

/** Whether `query` has no character BOUNDARY changes: then a word-start hit is a match. */
export function plainQuery(query: string): boolean {
  return !/[\0-\x2f\x3a-\x60\x7b-\x7f]/.test(query);
}
