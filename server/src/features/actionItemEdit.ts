// Snooze and link an action item: the edit that sets the due date of the Action Items row at
// the cursor, or puts a tracker link in its Ticket cell (else after its action).
import type { RcaDocument } from '../core/model';
import { type Position, type TextEdit } from '../core/text';
import { isCalendarDate } from '../../../shared/calendarDay';
import { cellEdit } from './actionItemDone';

export function setActionItemDue(doc: RcaDocument, position: Position, due: string): { readonly title: string; readonly edit: TextEdit } | { readonly error: string } {
  const item = doc.actionItems.find((i) => i.line === position.line);
  if (!item) return { error: 'Put the cursor on a row of the Action Items table to change its due date.' };
  if (!isCalendarDate(due)) return { error: `"${due}" is not a date: write YYYY-MM-DD.` };
  if (!item.dueDate) return { error: 'The Action Items table has no Due Date column to change.' };
  return { title: `Due ${due}`, edit: cellEdit(doc, item.dueDate, due) };
}

export function setActionItemLink(doc: RcaDocument, position: Position, link: string): { readonly title: string; readonly edit: TextEdit } | { readonly error: string } {
  const item = doc.actionItems.find((i) => i.line === position.line);
  const text = link.trim();
  if (!item) return { error: 'Put the cursor on a row of the Action Items table to link it.' };
  // A table cell holds one line without pipes.
  if (text === '' || /[\s|]/.test(text)) return { error: 'A tracker link is one word: a URL, #123 or PROJ-123.' };
  if (item.ticket) return { title: 'Link the tracker issue', edit: cellEdit(doc, item.ticket, text) };
  if (!item.action) return { error: 'This row has no Action cell to add the link to.' };
  return { title: 'Link the tracker issue', edit: cellEdit(doc, item.action, item.action.text === '' ? text : `${item.action.text} (${text})`) };
}
