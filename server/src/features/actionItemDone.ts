// Mark Action Item Done: the edit that marks the Action Items row at the cursor done,
// the way the workspace already marks them, or open again when it is done. Only the
// marks are added or taken away: the row's text is never lost.
import { doneStyle, TEXT_DONE_STYLES, type DoneStyle } from '../core/actionItems';
import type { RcaDocument, TableCell } from '../core/model';
import type { Position, TextEdit } from '../core/text';

export interface ActionItemToggle {
  /** "Mark action item done" or "Mark action item not done". */
  readonly title: string;
  readonly edit: TextEdit;
}

/** Without done rows to follow: strike-through, which every Markdown renderer shows as done. */
const DEFAULT_STYLE: DoneStyle = 'strike';
const DEFAULT_DONE_STATUS = 'Done';
const DEFAULT_OPEN_STATUS = 'Open';

/**
 * The edit toggling the action item on the cursor's line. `marks` counts the workspace's rows
 * by mark (the index's actionItemMarks): a table with a Status column sets it to the value most
 * done rows use; otherwise the action is marked in the text style most done rows use.
 */
export function toggleActionItem(doc: RcaDocument, position: Position, marks: ReadonlyMap<string, number>): ActionItemToggle | { readonly error: string } {
  const item = doc.actionItems.find((i) => i.line === position.line);
  if (!item) return { error: 'Put the cursor on a row of the Action Items table to mark it done.' };
  const action = item.action;
  const status = item.status;
  const style = doneStyle(action?.text ?? '', status?.text);
  if (style === 'status') return { title: 'Mark action item not done', edit: cellEdit(doc, status!, mostUsed(marks, 'open:') ?? DEFAULT_OPEN_STATUS) };
  if (style !== undefined) return { title: 'Mark action item not done', edit: cellEdit(doc, action!, unmarked(action!.text)) };
  if (status) return { title: 'Mark action item done', edit: cellEdit(doc, status, mostUsed(marks, 'status:') ?? DEFAULT_DONE_STATUS) };
  if (!action) return { error: 'This row has no Action cell to mark done.' };
  if (action.text === '') return { error: 'This action item is empty: write the action before marking it done.' };
  return { title: 'Mark action item done', edit: cellEdit(doc, action, marked(action.text, textStyle(marks))) };
}

/** The text style most of the workspace's done rows use; the first of TEXT_DONE_STYLES on a tie. */
function textStyle(marks: ReadonlyMap<string, number>): DoneStyle {
  let best: DoneStyle | undefined;
  for (const style of TEXT_DONE_STYLES) if ((marks.get(style) ?? 0) > (best === undefined ? 0 : marks.get(best)!)) best = style;
  return best ?? DEFAULT_STYLE;
}

/** The value after `prefix` most rows carry (`status:Done` → `Done`), or undefined when none does. */
function mostUsed(marks: ReadonlyMap<string, number>, prefix: string): string | undefined {
  let best: [string, number] | undefined;
  for (const [mark, count] of marks) if (mark.startsWith(prefix) && (!best || count > best[1])) best = [mark.slice(prefix.length), count];
  return best?.[0];
}

function marked(text: string, style: DoneStyle): string {
  switch (style) {
    case 'tick':
      return `✅ ${text}`;
    case 'checkbox':
      return /\[ \]/.test(text) ? text.replace('[ ]', '[x]') : `[x] ${text}`;
    case 'suffix':
      return `${text} (done)`;
    default:
      return `~~${text}~~`;
  }
}

/** The text without any done mark it carries. */
export function unmarked(text: string): string {
  let open = text.trim();
  const struck = /^~~(.*)~~$/.exec(open);
  if (struck) open = struck[1].trim();
  // Split, not a `\s*✅\s*` pattern, which backtracks over long runs of spaces.
  open = open
    .split('✅')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .join(' ');
  return open.replace(/\[x\]/gi, '[ ]').replace(/ ?\((?:done|completed)\)/gi, '').trim();
}

/** Replaces a cell's text; an empty cell gets its value between single spaces. */
export function cellEdit(doc: RcaDocument, cell: TableCell, value: string): TextEdit {
  if (cell.text !== '') return { range: cell.range, newText: value };
  // An empty cell's range sits before its closing pipe: take in the spaces back to the opening one.
  const line = doc.lines.lineText(cell.range.start.line);
  let start = cell.range.start.character;
  while (start > 0 && line[start - 1] === ' ') start--;
  return { range: { start: { line: cell.range.start.line, character: start }, end: cell.range.end }, newText: ` ${value} ` };
}
