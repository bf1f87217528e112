// The RCA Action Items view's tree, without VS Code: the server's rows grouped by
// status, owner or RCA, and the text each row and group shows. The view
// (actionItemsView.ts) only turns these into tree items.
import { epochDay, isCalendarDate, isoDay } from '../../shared/calendarDay';
import type { ActionItemState, WorkspaceActionItem } from '../../shared/protocol';

export type Grouping = 'status' | 'owner' | 'rca';
export const GROUPINGS: readonly Grouping[] = ['status', 'owner', 'rca'];

export interface ActionItemGroup {
  /** Stable across refreshes (the tree keeps a group's expanded state by it). */
  readonly id: string;
  readonly label: string;
  readonly items: readonly WorkspaceActionItem[];
  readonly overdue: number;
}

const STATE_ORDER: readonly ActionItemState[] = ['overdue', 'dueSoon', 'open', 'done'];
const STATE_LABEL: Readonly<Record<ActionItemState, string>> = { overdue: 'Overdue', dueSoon: 'Due soon', open: 'Open', done: 'Done' };
export const NO_OWNER = '(no owner)';

/**
 * The groups of `grouping`, none empty. By status in the order overdue, due soon, open, done;
 * by owner or RCA, those with the most overdue items first, then by name. In a group the
 * items come by state, then deadline (the soonest first; none last), then priority.
 */
export function groupActionItems(items: readonly WorkspaceActionItem[], grouping: Grouping): ActionItemGroup[] {
  const byKey = new Map<string, { label: string; items: WorkspaceActionItem[] }>();
  for (const item of items) {
    const [key, label] = grouping === 'status' ? [item.state, STATE_LABEL[item.state]] : grouping === 'owner' ? [item.owner.toLowerCase(), item.owner || NO_OWNER] : [item.uri, item.rcaTitle];
    let group = byKey.get(key);
    if (!group) byKey.set(key, (group = { label, items: [] }));
    group.items.push(item);
  }
  const groups = [...byKey].map(([key, g]): ActionItemGroup => ({ id: `${grouping}:${key}`, label: g.label, items: g.items.sort(compareItems), overdue: overdueCount(g.items) }));
  if (grouping === 'status') return groups.sort((a, b) => STATE_ORDER.indexOf(a.items[0].state) - STATE_ORDER.indexOf(b.items[0].state));
  return groups.sort((a, b) => b.overdue - a.overdue || (a.label === NO_OWNER ? 1 : 0) - (b.label === NO_OWNER ? 1 : 0) || a.label.localeCompare(b.label));
}

/** Priorities in numeric order (P2 before P10); one collator, since a sort of 40,000 rows compares often. */
const PRIORITY_ORDER = new Intl.Collator('en', { numeric: true });

/**
 * Rows shown in a group: the editor takes every tree item a group returns, and 40,000 of them
 * (10,000 RCAs in one group) stall it; the rest are counted in a last row.
 */
export const GROUP_ROWS = 500;
/** Groups start expanded up to this many (grouped by RCA, a large workspace has thousands). */
const EXPANDED_GROUPS = 20;

export function groupRows(group: ActionItemGroup): { shown: readonly WorkspaceActionItem[]; more: number } {
  return { shown: group.items.slice(0, GROUP_ROWS), more: Math.max(0, group.items.length - GROUP_ROWS) };
}

export function startsExpanded(groups: readonly ActionItemGroup[]): boolean {
  return groups.length <= EXPANDED_GROUPS;
}

function compareItems(a: WorkspaceActionItem, b: WorkspaceActionItem): number {
  return STATE_ORDER.indexOf(a.state) - STATE_ORDER.indexOf(b.state)
    || compareText(a.deadline ?? '\uffff', b.deadline ?? '\uffff')
    || PRIORITY_ORDER.compare(a.priority || '\uffff', b.priority || '\uffff')
    || compareText(a.rcaPath, b.rcaPath)
    || a.line - b.line;
}

/** Code-unit order: dates as `YYYY-MM-DD` and paths sort right without the locale's rules. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function overdueCount(items: readonly WorkspaceActionItem[]): number {
  return items.reduce((n, item) => n + (item.state === 'overdue' ? 1 : 0), 0);
}

/** Overdue items by priority, most first (`P1 2, P2 1`): how far past their SLOs an owner or RCA is. */
export function overdueByPriority(items: readonly WorkspaceActionItem[]): string {
  const counts = new Map<string, number>();
  for (const item of items) if (item.state === 'overdue') counts.set(item.priority || 'no priority', (counts.get(item.priority || 'no priority') ?? 0) + 1);
  return [...counts].sort(([a], [b]) => PRIORITY_ORDER.compare(a, b)).map(([priority, n]) => `${priority} ${n}`).join(', ');
}

/** `YYYY-MM-DD` plus `n` days. */
export function addDays(iso: string, n: number): string {
  return isoDay(epochDay(iso) + n);
}

function days(n: number): string {
  return n === 1 ? '1 day' : `${n} days`;
}

/** The deadline relative to `today`: `overdue by 12 days`, `due today`, `due in 3 days`; `done`; `no due date`. */
export function relativeDeadline(item: WorkspaceActionItem, today: string): string {
  if (item.state === 'done') return 'done';
  if (!item.deadline || !isCalendarDate(item.deadline)) return 'no due date';
  const n = epochDay(item.deadline) - epochDay(today);
  return n < 0 ? `overdue by ${days(-n)}` : n === 0 ? 'due today' : `due in ${days(n)}`;
}

/** A row's description: priority, deadline relative to today, owner (unless grouped by it), RCA (unless grouped by it). */
export function itemDescription(item: WorkspaceActionItem, today: string, grouping: Grouping): string {
  return [item.priority, relativeDeadline(item, today), grouping !== 'owner' && (item.owner || NO_OWNER), grouping !== 'rca' && item.rcaTitle].filter(Boolean).join(' · ');
}

/** A group's description: its count, and how many are overdue when not grouped by status. */
export function groupDescription(group: ActionItemGroup, grouping: Grouping): string {
  return grouping === 'status' || group.overdue === 0 ? String(group.items.length) : `${group.items.length} · ${group.overdue} overdue`;
}
