// When an action item is done, and how it says so. Teams mark done items in one of a
// few ways; every one of them reads as done, and Mark Action Item Done writes the one a
// workspace already uses.

/**
 * The ways a row says it is done: `~~struck through~~`, `✅ ticked`, `[x] checked`,
 * `suffixed (done)`, or a Status column that reads `Done` (or Closed, Completed, ...).
 */
export type DoneStyle = 'strike' | 'tick' | 'checkbox' | 'suffix' | 'status';

/** The styles an action's text can carry, in the order a tie between them is settled. */
export const TEXT_DONE_STYLES: readonly DoneStyle[] = ['strike', 'tick', 'checkbox', 'suffix'];

/** What a Status cell says when the item is done. */
const DONE_STATUS = /^(?:✅\s*)?(?:done|closed|complete|completed|resolved|fixed)?\s*(?:✅)?$/i;

/** How a row says it is done, or undefined when it is open. `status` is its Status cell, when the table has one. */
export function doneStyle(action: string, status?: string): DoneStyle | undefined {
  const state = status?.trim() ?? '';
  if (state !== '' && DONE_STATUS.test(state)) return 'status';
  if (/^\s*~~.*~~\s*$/.test(action)) return 'strike';
  if (action.includes('✅')) return 'tick';
  if (/\[x\]/i.test(action)) return 'checkbox';
  if (/\((?:done|completed)\)/i.test(action)) return 'suffix';
  return undefined;
}

/** An action item is done when its action is struck through, ticked, checked or says so, or its Status says done. */
export function isActionDone(action: string, status?: string): boolean {
  return doneStyle(action, status) !== undefined;
}

/**
 * What one row adds to the workspace's convention: its done style (`status:<value>` for a
 * Status that reads done), `open:<value>` for an open row's Status, undefined for an open
 * row without one.
 */
export function rowMark(action: string, status: string): string | undefined {
  const style = doneStyle(action, status);
  const state = status.trim();
  if (style === 'status') return `status:${state}`;
  if (style !== undefined) return style;
  return state === '' ? undefined : `open:${state}`;
}
