// The Action Items view: the workspace's action items grouped by status, owner or RCA and
// counted in one pass over the index (no file is read), each group's first rows in the view's
// order with their state and tracker link; and the tracker issue to create for a row. Only
// the rows shown are made: 100,000 RCAs have 400,000 action items.
import {
  EXPANDED_GROUPS,
  GROUP_ROWS,
  NO_OWNER,
  type ActionItemGroup,
  type ActionItemGrouping,
  type ActionItemRows,
  type ActionItemsResult,
  type ActionItemState,
  type NewTrackerIssueParams,
  type NewTrackerIssueResult,
  type WorkspaceActionItem,
} from '../../../shared/protocol';
import { deadlineDay, isActionDone } from '../core/actionItems';
import type { RcaSettings } from '../core/settings';
import { calendarDateDay, epochDay, isoDay } from '../../../shared/calendarDay';
import { newIssueUrl, rowTracker, withRepository } from '../core/tracker';
import { compareText } from '../core/text';
import { FirstOf } from '../core/firstOf';
import type { CancellationToken } from '../core/workspace';
import { ActionItemReader, copyActionItem, unpackActionItems, type IndexEntry, type IndexedActionItem } from '../core/workspaceIndex';
import { unmarked } from './actionItemDone';

/** Open items due within this many days are due soon. */
const DUE_SOON_DAYS = 7;

/** After every deadline's day, in the view's order. */
const NO_DEADLINE = Number.MAX_SAFE_INTEGER;

const STATE_ORDER: readonly ActionItemState[] = ['overdue', 'dueSoon', 'open', 'done'];
const STATE_LABEL: Readonly<Record<ActionItemState, string>> = { overdue: 'Overdue', dueSoon: 'Due soon', open: 'Open', done: 'Done' };

/** What the view asks: the day states are measured against, the Git remote's repository, each file's settings (its folder's SLO and tracker). */
export interface ActionItemsQuery {
  readonly today: string;
  readonly repository: string | undefined;
  readonly grouping: ActionItemGrouping;
  readonly settingsFor: (uri: string) => RcaSettings;
  /** Called after each RCA: a pass over 100,000 takes a few hundred milliseconds, and the editor's requests are served in between. */
  readonly pause: () => Promise<void>;
  /** A cancelled pass stops; its answer is not read. */
  readonly token: CancellationToken;
}

/** An action item with its RCA, deadline and state: what the view orders and groups by. */
interface ViewItem {
  entry: IndexEntry;
  rcaTitle: string;
  item: IndexedActionItem;
  /** The deadline's day (see deadlineDay): its date is written only for the rows sent. */
  deadline: number | undefined;
  state: ActionItemState;
}

/**
 * Visits every action item of `entries` with its deadline and state on `query.today`: the same
 * object each time, refilled (see ActionItemReader); what is kept is copied (keptViewItem).
 */
async function forEachViewItem(entries: Iterable<IndexEntry>, query: ActionItemsQuery, visit: (item: ViewItem) => void): Promise<void> {
  const today = epochDay(query.today);
  const soon = today + DUE_SOON_DAYS;
  const reader = new ActionItemReader();
  const visited: ViewItem = { entry: undefined!, rcaTitle: '', item: reader, deadline: undefined, state: 'open' };
  for (const entry of entries) {
    await query.pause();
    if (query.token.isCancellationRequested) return;
    const rca = entry.rca;
    if (!rca?.actionItems) continue;
    const slo = query.settingsFor(entry.uri).actionItemSlo;
    visited.entry = entry;
    visited.rcaTitle = rca.title ?? entry.title ?? entry.relativePath;
    const incidentDay = calendarDateDay(rca.date);
    reader.start(rca.actionItems);
    while (reader.next()) {
      const due = deadlineDay(reader, incidentDay, slo);
      visited.deadline = due;
      visited.state = isActionDone(reader.action, reader.status) ? 'done' : due !== undefined && due < today ? 'overdue' : due !== undefined && due <= soon ? 'dueSoon' : 'open';
      visit(visited);
    }
  }
}

/** A visited item as FirstOf keeps it. */
function keptViewItem(item: ViewItem): ViewItem {
  return { ...item, item: copyActionItem(item.item) };
}

/** The key and label of the group `item` is in. */
function groupOf(item: ViewItem, grouping: ActionItemGrouping): [key: string, label: string] {
  if (grouping === 'status') return [item.state, STATE_LABEL[item.state]];
  if (grouping === 'rca') return [item.entry.uri, item.rcaTitle];
  const owner = item.item.owner.trim();
  return [owner.toLowerCase(), owner || NO_OWNER];
}

/** Priorities in numeric order (P2 before P10); one collator, since ordering 400,000 rows compares often. */
const PRIORITY_ORDER = new Intl.Collator('en', { numeric: true });
/** Owners and RCA titles in the locale's order (100,000 RCAs are 100,000 groups). */
const LABEL_ORDER = new Intl.Collator();

/** The view's order in a group: by state, then deadline (the soonest first; none last), then priority, then place. */
function compareItems(a: ViewItem, b: ViewItem): number {
  return STATE_ORDER.indexOf(a.state) - STATE_ORDER.indexOf(b.state)
    || (a.deadline ?? NO_DEADLINE) - (b.deadline ?? NO_DEADLINE)
    || PRIORITY_ORDER.compare(a.item.priority.trim() || '\uffff', b.item.priority.trim() || '\uffff')
    || compareText(a.entry.relativePath, b.entry.relativePath)
    || a.item.line - b.item.line;
}

function rowsOf(first: FirstOf<ViewItem>, query: ActionItemsQuery): ActionItemRows {
  const taken = first.take();
  return { items: taken.first.map((item) => workspaceActionItem(item, query)), more: taken.more };
}

function workspaceActionItem({ entry, rcaTitle, item, deadline, state }: ViewItem, query: ActionItemsQuery): WorkspaceActionItem {
  const tracker = withRepository(query.settingsFor(entry.uri).tracker, query.repository);
  return {
    uri: entry.uri,
    line: item.line,
    rcaTitle,
    rcaPath: entry.relativePath,
    priority: item.priority.trim(),
    action: unmarked(item.action),
    owner: item.owner.trim(),
    due: item.due.trim(),
    deadline: deadline === undefined ? undefined : isoDay(deadline),
    state,
    tracker: rowTracker(item.ticket, item.action, tracker),
  };
}

/** A group's counts as the pass adds its items, and its first rows while it may start expanded. */
class GroupTally {
  count = 0;
  overdue = 0;
  readonly overdueByPriority = new Map<string, number>();

  constructor(
    public key: string,
    public label: string,
    public first: FirstOf<ViewItem> | undefined,
  ) {}

  add(item: ViewItem): void {
    this.count++;
    if (item.state === 'overdue') {
      this.overdue++;
      const priority = item.item.priority.trim() || 'no priority';
      this.overdueByPriority.set(priority, (this.overdueByPriority.get(priority) ?? 0) + 1);
    }
    this.first?.add(item);
  }

  /** Empty, for the group `key` (see rcaGroups). */
  restart(key: string, label: string, first: FirstOf<ViewItem> | undefined): void {
    this.key = key;
    this.label = label;
    this.first = first;
    this.count = this.overdue = 0;
    this.overdueByPriority.clear();
  }

  copy(): GroupTally {
    const copy = new GroupTally(this.key, this.label, this.first);
    copy.count = this.count;
    copy.overdue = this.overdue;
    for (const [priority, n] of this.overdueByPriority) copy.overdueByPriority.set(priority, n);
    return copy;
  }
}

function compareStates(a: GroupTally, b: GroupTally): number {
  return STATE_ORDER.indexOf(a.key as ActionItemState) - STATE_ORDER.indexOf(b.key as ActionItemState);
}

/** Owners and RCAs: those with the most overdue items first, then by name, no owner last. */
function compareOverdue(a: GroupTally, b: GroupTally): number {
  return b.overdue - a.overdue || (a.label === NO_OWNER ? 1 : 0) - (b.label === NO_OWNER ? 1 : 0) || LABEL_ORDER.compare(a.label, b.label);
}

function overdueByPriority(counts: ReadonlyMap<string, number>): string {
  return [...counts].sort(([a], [b]) => PRIORITY_ORDER.compare(a, b)).map(([priority, n]) => `${priority} ${n}`).join(', ');
}

/** What a pass gives: the groups to send (every group is added to it), every item and every overdue one counted. */
interface GroupsPass {
  readonly sent: FirstOf<GroupTally>;
  readonly total: number;
  readonly overdue: number;
}

/** Groups by status or owner: few beside RCAs, each tallied in a Map by its key. */
async function keyedGroups(entries: Iterable<IndexEntry>, query: ActionItemsQuery): Promise<GroupsPass> {
  const groups = new Map<string, GroupTally>();
  let total = 0;
  let overdue = 0;
  let withRows = true;
  await forEachViewItem(entries, query, (item) => {
    const [key, label] = groupOf(item, query.grouping);
    let group = groups.get(key);
    if (!group) {
      groups.set(key, (group = new GroupTally(key, label, withRows ? new FirstOf(GROUP_ROWS, compareItems, keptViewItem) : undefined)));
      // Too many groups to start expanded: none keeps rows.
      if (withRows && groups.size > EXPANDED_GROUPS) {
        withRows = false;
        for (const g of groups.values()) g.first = undefined;
      }
    }
    total++;
    if (item.state === 'overdue') overdue++;
    group.add(item);
  });
  const sent = new FirstOf(GROUP_ROWS, query.grouping === 'status' ? compareStates : compareOverdue, (group) => group);
  for (const group of groups.values()) sent.add(group);
  return { sent, total, overdue };
}

/**
 * Groups by RCA: as many as there are RCAs with action items (100,000). An RCA's items come
 * together, so one tally is refilled for each RCA and only those sent are copied: a tally kept
 * for each would fill the old generation, as a row kept for each did (see ActionItemReader).
 */
async function rcaGroups(entries: Iterable<IndexEntry>, query: ActionItemsQuery): Promise<GroupsPass> {
  const sent = new FirstOf(GROUP_ROWS, compareOverdue, (group: GroupTally) => group.copy());
  const tally = new GroupTally('', '', undefined);
  let groups = 0;
  let total = 0;
  let overdue = 0;
  await forEachViewItem(entries, query, (item) => {
    if (item.entry.uri !== tally.key) {
      if (tally.count > 0) sent.add(tally);
      groups++;
      // Past the groups that start expanded, no RCA keeps rows (those kept are dropped: see actionItemGroups).
      tally.restart(item.entry.uri, item.rcaTitle, groups <= EXPANDED_GROUPS ? new FirstOf(GROUP_ROWS, compareItems, keptViewItem) : undefined);
    }
    total++;
    if (item.state === 'overdue') overdue++;
    tally.add(item);
  });
  if (tally.count > 0) sent.add(tally);
  return { sent, total, overdue };
}

/**
 * The groups of `query.grouping`, none empty. By status in the order overdue, due soon, open,
 * done; by owner or RCA, those with the most overdue items first, then by name, no owner last.
 * Up to EXPANDED_GROUPS groups come with their first rows; the first GROUP_ROWS groups are sent, the rest counted.
 */
export async function actionItemGroups(entries: Iterable<IndexEntry>, query: ActionItemsQuery): Promise<ActionItemsResult> {
  const pass = await (query.grouping === 'rca' ? rcaGroups : keyedGroups)(entries, query);
  const { first, more } = pass.sent.take();
  const expanded = pass.sent.added <= EXPANDED_GROUPS;
  const listed = first.map((g): ActionItemGroup => ({
    key: g.key,
    label: g.label,
    count: g.count,
    overdue: g.overdue,
    overdueByPriority: overdueByPriority(g.overdueByPriority),
    rows: expanded && g.first ? rowsOf(g.first, query) : undefined,
  }));
  return { today: query.today, total: pass.total, overdue: pass.overdue, groups: listed, moreGroups: more };
}

/** The first rows of the group `key` (none when it has no items any more). */
export async function actionItemGroupRows(entries: Iterable<IndexEntry>, query: ActionItemsQuery, key: string): Promise<ActionItemRows> {
  const first = new FirstOf(GROUP_ROWS, compareItems, keptViewItem);
  await forEachViewItem(entries, query, (item) => {
    if (groupOf(item, query.grouping)[0] === key) first.add(item);
  });
  return rowsOf(first, query);
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
