// The RCA Action Items view's text, without VS Code: what each row and group the server
// sent says. The view (actionItemsView.ts) only turns these into tree items.
import { epochDay, isCalendarDate, isoDay } from '../../shared/calendarDay';
import { NO_OWNER, type ActionItemGroup, type ActionItemGrouping, type WorkspaceActionItem } from '../../shared/protocol';

export const GROUPINGS: readonly ActionItemGrouping[] = ['status', 'owner', 'rca'];

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
export function itemDescription(item: WorkspaceActionItem, today: string, grouping: ActionItemGrouping): string {
  return [item.priority, relativeDeadline(item, today), grouping !== 'owner' && (item.owner || NO_OWNER), grouping !== 'rca' && item.rcaTitle].filter(Boolean).join(' · ');
}

/** A group's description: its count, and how many are overdue when not grouped by status. */
export function groupDescription(group: ActionItemGroup, grouping: ActionItemGrouping): string {
  return grouping === 'status' || group.overdue === 0 ? String(group.count) : `${group.count} · ${group.overdue} overdue`;
}

/** A group's hover: its count, and its overdue ones by priority. */
export function groupTooltip(group: ActionItemGroup): string {
  return `${group.label}: ${group.count} action item${group.count === 1 ? '' : 's'}${group.overdueByPriority ? `, ${group.overdue} overdue (${group.overdueByPriority})` : ', none overdue'}`;
}
