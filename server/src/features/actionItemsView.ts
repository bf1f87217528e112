// The Action Items view's rows and the tracker issue to create for one: every action item
// of the workspace, read from the index (no file is read), with its state and tracker link.
import type { ActionItemState, NewTrackerIssueParams, NewTrackerIssueResult, WorkspaceActionItem } from '../../../shared/protocol';
import { deadline, isActionDone, isPast } from '../core/actionItems';
import type { RcaSettings } from '../core/settings';
import { epochDay, isoDay } from '../../../shared/calendarDay';
import { newIssueUrl, rowTracker, withRepository } from '../core/tracker';
import { unpackActionItems, type IndexEntry, type IndexedActionItem } from '../core/workspaceIndex';
import { unmarked } from './actionItemDone';

/** Open items due within this many days are due soon. */
const DUE_SOON_DAYS = 7;

/** `settingsFor`: each file's settings (its folder's SLO and tracker). */
export function workspaceActionItems(entries: Iterable<IndexEntry>, settingsFor: (uri: string) => RcaSettings, today: string, repository: string | undefined): WorkspaceActionItem[] {
  const soon = isoDay(epochDay(today) + DUE_SOON_DAYS);
  const items: WorkspaceActionItem[] = [];
  for (const entry of entries) {
    const rca = entry.rca;
    if (!rca?.actionItems) continue;
    const settings = settingsFor(entry.uri);
    const tracker = withRepository(settings.tracker, repository);
    const rcaTitle = rca.title ?? entry.title ?? entry.relativePath;
    for (const item of unpackActionItems(rca.actionItems)) {
      const due = deadline(item, rca.date, settings.actionItemSlo);
      const state: ActionItemState = isActionDone(item.action, item.status) ? 'done' : isPast(due, today) ? 'overdue' : due !== undefined && due <= soon ? 'dueSoon' : 'open';
      items.push({
        uri: entry.uri,
        line: item.line,
        rcaTitle,
        rcaPath: entry.relativePath,
        priority: item.priority.trim(),
        action: unmarked(item.action),
        owner: item.owner.trim(),
        due: item.due.trim(),
        deadline: due,
        state,
        tracker: rowTracker(item.ticket, item.action, tracker),
      });
    }
  }
  return items;
}

/** The new-issue page for the action item on `params.line` of the indexed RCA `entry`. */
export function newTrackerIssue(entry: IndexEntry | undefined, params: NewTrackerIssueParams, settings: RcaSettings): NewTrackerIssueResult {
  const item: IndexedActionItem | undefined = entry?.rca ? unpackActionItems(entry.rca.actionItems).find((i) => i.line === params.line) : undefined;
  if (!entry?.rca || !item) return { error: 'No action item is on that line of the RCA any more.' };
  const tracker = withRepository(settings.tracker, params.repository);
  const title = unmarked(item.action) || 'Action item';
  const rcaTitle = entry.rca.title ?? entry.title ?? entry.relativePath;
  // A link to the file at the commit checked out: it says what the RCA said when the issue was filed.
  const where = params.repository && params.commit ? `${params.repository}${tracker.kind === 'gitlab' ? '/-' : ''}/blob/${params.commit}/${entry.relativePath.split('/').map(encodeURIComponent).join('/')}#L${item.line + 1}` : entry.relativePath;
  const facts = [item.priority.trim() && `Priority: ${item.priority.trim()}`, item.owner.trim() && `Owner: ${item.owner.trim()}`, item.due.trim() && `Due: ${item.due.trim()}`].filter(Boolean);
  const body = [`Action item from the RCA "${rcaTitle}"${entry.rca.date ? ` (${entry.rca.date})` : ''}.`, facts.join(' · '), `RCA: ${where}`].filter(Boolean).join('\n\n');
  const labels = ['rca', ...(item.priority.trim() ? [item.priority.trim()] : [])];
  return newIssueUrl(tracker, { title, body, labels });
}
