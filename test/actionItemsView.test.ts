// The Action Items view's server side: rows from the index with their state and tracker
// link, grouped by status, owner and RCA in the view's order, a large group's first rows; the
// new-issue page, the row edits (snooze, link), and the notification that the rows changed,
// sent when an RCA's rows change and not on other edits.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { resolveSettings } from '../server/src/core/settings';
import { applyEdits } from '../server/src/core/text';
import { setActionItemDue, setActionItemLink } from '../server/src/features/actionItemEdit';
import { actionItemGroupRows, actionItemGroups, newTrackerIssue, type ActionItemsQuery } from '../server/src/features/actionItemsView';
import { ACTION_ITEM_ROWS_REQUEST, ACTION_ITEMS_CHANGED_NOTIFICATION, ACTION_ITEMS_REQUEST, EDIT_ACTION_ITEM_REQUEST, GROUP_ROWS, NEW_TRACKER_ISSUE_REQUEST, type ActionItemGrouping, type ActionItemRowsResult, type ActionItemsResult, type DocumentEditResult, type NewTrackerIssueResult, type WorkspaceActionItem } from '../shared/protocol';
import type { RcaSettings } from '../server/src/core/settings';
import { NONE } from '../server/src/core/workspace';
import type { IndexEntry } from '../server/src/core/workspaceIndex';
import { InProcessSession } from './lspSession';
import { indexedService, SEED_PATH, seedText, uriOf } from './support';

const RCA = [
  '---',
  'title: 2025-09-20 - Queue backlog',
  'date: 2025-09-20',
  'severity: P2',
  'services: [api]',
  'tags: [rca]',
  'status: resolved',
  'duration_minutes: 10',
  'author: SRE',
  '---',
  '# 2025-09-20 - Queue backlog',
  '',
  '## Action Items',
  '| Priority | Action | Owner | Due Date | Ticket |',
  '|---|---|---|---|---|',
  '| P1 | Add alert | SRE | 2025-10-30 | #12 |', // SLO deadline 10-18
  '| P2 | Fix retry | Platform | 2025-10-03 | |', // due in 2 days
  '| P3 | Review | Platform | 2025-12-01 | |',
  '| P3 | ~~Docs~~ | Platform | 2025-09-25 | |',
  '| P4 | Think | | | |',
  '',
].join('\n');

function query(grouping: ActionItemGrouping, today: string, settings: RcaSettings, repository?: string): ActionItemsQuery {
  return { today, repository, grouping, settingsFor: () => settings, pause: async () => {}, token: NONE };
}

/** Every row sent, group after group. */
function rowsOf(result: ActionItemsResult): WorkspaceActionItem[] {
  return result.groups.flatMap((group) => group.rows?.items ?? assert.fail(`${group.label} has no rows`));
}

describe('the view rows', () => {
  test('state from the deadline (SLO or due date), tracker link resolved with the Git remote when rca.trackerUrl is empty', async () => {
    const { service } = await indexedService({ 'rca/q.md': RCA });
    const settings = resolveSettings({ tracker: 'github' });
    const rows = rowsOf(await actionItemGroups(service.index.all(), query('rca', '2025-10-01', settings, 'https://github.com/acme/web')));
    assert.deepEqual(
      rows.map((r) => [r.action, r.state, r.deadline, r.tracker?.url]),
      [
        ['Fix retry', 'dueSoon', '2025-10-03', undefined],
        ['Add alert', 'open', '2025-10-18', 'https://github.com/acme/web/issues/12'],
        ['Review', 'open', '2025-12-01', undefined],
        ['Think', 'open', undefined, undefined],
        ['Docs', 'done', '2025-09-25', undefined],
      ],
    );
    assert.equal(rowsOf(await actionItemGroups(service.index.all(), query('rca', '2025-10-20', settings))).find((r) => r.action === 'Add alert')?.state, 'overdue', 'past the SLO, before the due date');
    assert.deepEqual(rows[1], { uri: uriOf('rca/q.md'), line: 15, rcaTitle: '2025-09-20 - Queue backlog', rcaPath: 'rca/q.md', priority: 'P1', action: 'Add alert', owner: 'SRE', due: '2025-10-30', deadline: '2025-10-18', state: 'open', tracker: { text: '#12', url: 'https://github.com/acme/web/issues/12' } });
  });

  test('a new issue: title, body with the RCA, its date and a link to the file at the commit, labels; the tracker from the remote', async () => {
    const { service } = await indexedService({ 'rca/q.md': RCA });
    const entry = service.index.get(uriOf('rca/q.md'));
    const result = newTrackerIssue(entry, { uri: uriOf('rca/q.md'), line: 16, repository: 'https://github.com/acme/web', commit: 'a'.repeat(40) }, resolveSettings({}));
    assert.ok('url' in result, JSON.stringify(result));
    const url = new URL(result.url);
    assert.equal(`${url.origin}${url.pathname}`, 'https://github.com/acme/web/issues/new');
    assert.equal(url.searchParams.get('title'), 'Fix retry');
    assert.equal(url.searchParams.get('labels'), 'rca,P2');
    assert.equal(url.searchParams.get('body'), `Action item from the RCA "2025-09-20 - Queue backlog" (2025-09-20).\n\nPriority: P2 · Owner: Platform · Due: 2025-10-03\n\nRCA: https://github.com/acme/web/blob/${'a'.repeat(40)}/rca/q.md#L17`);
    assert.match((newTrackerIssue(entry, { uri: uriOf('rca/q.md'), line: 16 }, resolveSettings({})) as { error: string }).error, /Set rca\.tracker/);
    assert.match((newTrackerIssue(entry, { uri: uriOf('rca/q.md'), line: 3 }, resolveSettings({})) as { error: string }).error, /No action item/);
  });

  test('snooze sets the due date; a link goes in the Ticket cell, else after the action', async () => {
    const { service } = await indexedService({});
    const doc = service.openDocument(uriOf('rca/q.md'), 1, RCA);
    const apply = (result: ReturnType<typeof setActionItemDue>) => ('edit' in result ? applyEdits(RCA, [result.edit]).split('\n') : assert.fail(JSON.stringify(result)));
    assert.equal(apply(setActionItemDue(doc, { line: 16, character: 0 }, '2025-11-01'))[16], '| P2 | Fix retry | Platform | 2025-11-01 | |');
    assert.equal(apply(setActionItemDue(doc, { line: 19, character: 0 }, '2025-11-01'))[19], '| P4 | Think | | 2025-11-01 | |');
    assert.equal(apply(setActionItemLink(doc, { line: 16, character: 0 }, 'OPS-7'))[16], '| P2 | Fix retry | Platform | 2025-10-03 | OPS-7 |');
    assert.match((setActionItemDue(doc, { line: 16, character: 0 }, 'next week') as { error: string }).error, /not a date/);
    assert.match((setActionItemLink(doc, { line: 16, character: 0 }, 'a | b') as { error: string }).error, /one word/);
    const seed = service.openDocument(uriOf(SEED_PATH), 1, seedText());
    const row = seedText().split('\n').findIndex((l) => l.includes('| P2 | Update runbook |'));
    const linked = setActionItemLink(seed, { line: row, character: 0 }, 'https://github.com/acme/web/issues/9');
    assert.ok('edit' in linked);
    assert.equal(applyEdits(seedText(), [linked.edit]).split('\n')[row], '| P2 | Update runbook (https://github.com/acme/web/issues/9) | Platform Engineering | 2025-08-13 |');
  });
});

/** Two RCAs' rows: a's and b's, with due dates only (no SLO) to read their order by. */
const QUEUE = [
  '---', 'title: Queue backlog', 'date: 2025-09-01', '---', '## Action Items',
  '| Priority | Action | Owner | Due Date |', '|---|---|---|---|',
  '| P1 | Add alert | SRE | 2025-09-20 |', // overdue
  '| P3 | Review | Platform | 2025-12-01 |', // open
  '| P2 | ~~Docs~~ | platform | 2025-09-25 |', // done
  '| P2 | Fix retry | Platform | 2025-10-03 |', // due soon
  '',
].join('\n');
const DISK = [
  '---', 'title: Disk full', 'date: 2025-07-01', '---', '## Action Items',
  '| Priority | Action | Owner | Due Date |', '|---|---|---|---|',
  '| P2 | Think | | |', // open without a deadline
  '| P1 | Page | | 2025-09-30 |', // overdue
  '| P2 | Old alarm | Platform | 2025-08-01 |', // overdue
  '',
].join('\n');
const NO_SLO = resolveSettings({ actionItemSlo: {} });

describe('the view\'s groups', () => {
  const shape = async (grouping: ActionItemGrouping) => {
    const { service } = await indexedService({ 'rca/a.md': QUEUE, 'rca/b.md': DISK });
    const result = await actionItemGroups(service.index.all(), query(grouping, '2025-10-01', NO_SLO));
    return result.groups.map((g) => [g.label, g.count, g.overdue, g.overdueByPriority, g.rows?.items.map((i) => i.action), g.rows?.more]);
  };

  test('by status: overdue, due soon, open, done; overdue items the longest overdue first; open ones without a deadline last', async () => {
    assert.deepEqual(await shape('status'), [
      ['Overdue', 3, 3, 'P1 2, P2 1', ['Old alarm', 'Add alert', 'Page'], 0],
      ['Due soon', 1, 0, '', ['Fix retry'], 0],
      ['Open', 2, 0, '', ['Review', 'Think'], 0],
      ['Done', 1, 0, '', ['Docs'], 0],
    ]);
  });

  test('by owner: owners with more overdue items first, then by name; case does not split an owner; no owner last among equals', async () => {
    assert.deepEqual(await shape('owner'), [
      ['Platform', 4, 1, 'P2 1', ['Old alarm', 'Fix retry', 'Review', 'Docs'], 0],
      ['SRE', 1, 1, 'P1 1', ['Add alert'], 0],
      ['(no owner)', 2, 1, 'P1 1', ['Page', 'Think'], 0],
    ]);
  });

  test('by RCA: RCAs with more overdue items first; the badge\'s count of every overdue item', async () => {
    assert.deepEqual(await shape('rca'), [
      ['Disk full', 3, 2, 'P1 1, P2 1', ['Old alarm', 'Page', 'Think'], 0],
      ['Queue backlog', 4, 1, 'P1 1', ['Add alert', 'Fix retry', 'Review', 'Docs'], 0],
    ]);
    const { service } = await indexedService({ 'rca/a.md': QUEUE, 'rca/b.md': DISK });
    const result = await actionItemGroups(service.index.all(), query('rca', '2025-10-01', NO_SLO));
    assert.deepEqual([result.total, result.overdue, result.today], [7, 3, '2025-10-01']);
    assert.deepEqual(await actionItemGroups([], query('status', '2025-10-01', NO_SLO)), { today: '2025-10-01', total: 0, overdue: 0, groups: [], moreGroups: 0 });
  });

  test('a large group: its first rows in order whatever order they come in, the rest counted; asked alone, the same rows', async () => {
    // 1,200 rows whose due dates are a shuffle of 1,200 days: the first rows are the days' first 500.
    const n = 1_200;
    const offset = (i: number) => (i * 7_919) % n;
    const day = (k: number) => new Date(Date.UTC(2020, 0, 1) + k * 86_400_000).toISOString().slice(0, 10);
    const rows = Array.from({ length: n }, (_, i) => `| P2 | a${i} | SRE | ${day(offset(i))} |`);
    const { service } = await indexedService({ 'rca/big.md': QUEUE.replace('| P1 | Add alert | SRE | 2025-09-20 |', rows.join('\n')) });
    const [overdue] = (await actionItemGroups(service.index.all(), query('status', '2025-10-01', NO_SLO))).groups;
    assert.equal(overdue.count, n);
    const expected = Array.from({ length: n }, (_, i) => i).sort((a, b) => offset(a) - offset(b)).slice(0, GROUP_ROWS).map((i) => `a${i}`);
    assert.deepEqual(overdue.rows?.items.map((i) => i.action), expected);
    assert.equal(overdue.rows?.more, n - GROUP_ROWS);
    const alone = await actionItemGroupRows(service.index.all(), query('status', '2025-10-01', NO_SLO), 'overdue');
    assert.deepEqual(alone, overdue.rows);
    assert.deepEqual(await actionItemGroupRows(service.index.all(), query('status', '2025-10-01', NO_SLO), 'gone'), { items: [], more: 0 });
  });

  test('more groups than start expanded: none is sent with rows; a group\'s rows are asked as it opens', async () => {
    const files = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`rca/r${i}.md`, QUEUE.replace('Queue backlog', `RCA ${i}`)]));
    const { service } = await indexedService(files);
    const byRca = await actionItemGroups(service.index.all(), query('rca', '2025-10-01', NO_SLO));
    assert.equal(byRca.groups.length, 21);
    assert.ok(byRca.groups.every((g) => g.rows === undefined));
    const entries: IndexEntry[] = [service.index.get(byRca.groups[0].key)!];
    assert.deepEqual((await actionItemGroupRows(entries, query('rca', '2025-10-01', NO_SLO), byRca.groups[0].key)).items.map((i) => i.action), ['Add alert', 'Fix retry', 'Review', 'Docs']);
    delete files['rca/r20.md'];
    const twenty = await indexedService(files);
    assert.ok((await actionItemGroups(twenty.service.index.all(), query('rca', '2025-10-01', NO_SLO))).groups.every((g) => g.rows?.items.length === 4));
  });

  test('by RCA, each RCA counts its own rows, with rows sent or not; an RCA without rows is no group', async () => {
    // RCA i: i % 4 overdue P1 rows, i % 3 open P3 rows, a due-soon P2 row when i is odd.
    const rcaFile = (i: number) => [
      '---', `title: RCA ${String(i).padStart(2, '0')}`, 'date: 2025-09-01', '---', '## Action Items',
      '| Priority | Action | Owner | Due Date |', '|---|---|---|---|',
      ...Array.from({ length: i % 4 }, (_, k) => `| P1 | late ${k} | SRE | 2025-09-0${k + 1} |`),
      ...Array.from({ length: i % 3 }, (_, k) => `| P3 | open ${k} | SRE | 2026-01-0${k + 1} |`),
      ...(i % 2 === 1 ? ['| P2 | soon | SRE | 2025-10-03 |'] : []),
      '',
    ].join('\n');
    for (const rcas of [12, 30]) {
      const numbers = Array.from({ length: rcas }, (_, i) => i);
      const { service } = await indexedService(Object.fromEntries(numbers.map((i) => [`rca/r${i}.md`, rcaFile(i)])));
      const byRca = await actionItemGroups(service.index.all(), query('rca', '2025-10-01', NO_SLO));
      const expected = numbers
        .map((i) => ({ label: `RCA ${String(i).padStart(2, '0')}`, count: (i % 4) + (i % 3) + (i % 2), overdue: i % 4 }))
        .filter((g) => g.count > 0)
        .sort((a, b) => b.overdue - a.overdue || a.label.localeCompare(b.label));
      assert.deepEqual(byRca.groups.map((g) => [g.label, g.count, g.overdue, g.overdueByPriority]), expected.map((g) => [g.label, g.count, g.overdue, g.overdue ? `P1 ${g.overdue}` : '']));
      assert.deepEqual(byRca.groups.map((g) => g.rows?.items.length), expected.map((g) => (expected.length <= 20 ? g.count : undefined)), `${rcas} RCAs`);
      assert.deepEqual([byRca.total, byRca.overdue], [expected.reduce((n, g) => n + g.count, 0), expected.reduce((n, g) => n + g.overdue, 0)]);
    }
  });

  test('the pass pauses after each RCA and stops once cancelled', async () => {
    const { service } = await indexedService({ 'rca/a.md': QUEUE, 'rca/b.md': DISK });
    const cancelled = { isCancellationRequested: false };
    let pauses = 0;
    const result = await actionItemGroups(service.index.all(), {
      ...query('status', '2025-10-01', NO_SLO),
      token: cancelled,
      pause: async () => {
        if (++pauses === 2) cancelled.isCancellationRequested = true;
      },
    });
    assert.equal(pauses, 2);
    assert.ok(result.total === 3 || result.total === 4, `one RCA's rows, not both: ${result.total}`);
    let all = 0;
    await actionItemGroups(service.index.all(), { ...query('status', '2025-10-01', NO_SLO), pause: async () => void all++ });
    assert.equal(all, 2, 'once per RCA');
  });

  test('more groups than are sent: those with the most overdue items, then by name; the rest counted', async () => {
    const files = Object.fromEntries(Array.from({ length: GROUP_ROWS + 3 }, (_, i) => [`rca/r${i}.md`, QUEUE.replace('Queue backlog', `RCA ${String(i).padStart(3, '0')}`)]));
    files['rca/r502.md'] = files['rca/r502.md'].replace('| P3 | Review | Platform | 2025-12-01 |', '| P3 | Review | Platform | 2025-01-01 |');
    const { service } = await indexedService(files);
    const byRca = await actionItemGroups(service.index.all(), query('rca', '2025-10-01', NO_SLO));
    assert.equal(byRca.moreGroups, 3);
    assert.deepEqual(byRca.groups.map((g) => g.label), ['RCA 502', ...Array.from({ length: GROUP_ROWS - 1 }, (_, i) => `RCA ${String(i).padStart(3, '0')}`)]);
    assert.equal(byRca.total, 4 * (GROUP_ROWS + 3), 'every item counted');
  });
});

describe('the index counts changes to what the view shows', () => {
  test('an RCA\'s rows or title changed, an RCA with rows added or removed; not other edits', async () => {
    const { service } = await indexedService({ 'rca/q.md': RCA });
    const index = service.index;
    let told = 0;
    index.onDidChangeActionItems(() => told++);
    const at = () => index.actionItemsGeneration;
    const start = at();
    service.openDocument(uriOf('rca/q.md'), 1, `${RCA}\nMore words.\n`);
    assert.equal(at(), start, 'a paragraph after the table');
    service.openDocument(uriOf('rca/q.md'), 2, RCA.replace('| P3 | Review |', '| P2 | Review |'));
    assert.equal(at(), start + 1);
    service.openDocument(uriOf('rca/q.md'), 3, RCA.replace('# 2025-09-20 - Queue backlog', '# Backlog').replace('title: 2025-09-20 - Queue backlog\n', ''));
    assert.equal(at(), start + 2, 'the title the rows show');
    service.openDocument(uriOf('notes/n.md'), 1, '# A note\n');
    assert.equal(at(), start + 2, 'a file without rows');
    index.remove(uriOf('rca/q.md'));
    assert.equal(at(), start + 3);
    assert.equal(told, 3);
  });
});

describe('the view over LSP', () => {
  test('rows from the index; rca/actionItemsChanged after an edit of a row, not after other edits; the edit requests', async () => {
    const session = await InProcessSession.start({ settings: {}, initializationOptions: { extensionClient: true } });
    try {
      let changes = 0;
      session.connection.onNotification(ACTION_ITEMS_CHANGED_NOTIFICATION.method, () => {
        changes++;
      });
      const rows = await session.connection.sendRequest<ActionItemsResult>(ACTION_ITEMS_REQUEST.method, { grouping: 'status' });
      assert.equal(rows.total, 20, 'the example: five RCAs of four rows');
      assert.equal(rowsOf(rows).length, 20);
      const byRca = await session.connection.sendRequest<ActionItemsResult>(ACTION_ITEMS_REQUEST.method, { grouping: 'rca' });
      const seed = byRca.groups.find((g) => g.key.endsWith(`/${SEED_PATH}`));
      assert.equal(seed?.rows?.items.length, 4, 'five RCAs start expanded');
      const seedRows = await session.connection.sendRequest<ActionItemRowsResult>(ACTION_ITEM_ROWS_REQUEST.method, { grouping: 'rca', key: seed?.key });
      assert.deepEqual(seedRows.items, seed?.rows?.items, 'a group\'s rows asked alone');
      const unknown = await session.connection.sendRequest<ActionItemRowsResult>(ACTION_ITEM_ROWS_REQUEST.method, { grouping: 'rca', key: 42 });
      assert.deepEqual(unknown.items, [], 'a key that is no group');
      const waitForChange = async (from: number) => {
        while (changes === from) await new Promise((resolve) => setImmediate(resolve));
      };
      const uri = await session.openFile(SEED_PATH);
      const before = changes;
      const edited = seedText().replace('| P2 | Update runbook |', '| P2 | Update the runbook |');
      await session.openFile(SEED_PATH, edited);
      await waitForChange(before);
      const after = await session.connection.sendRequest<ActionItemsResult>(ACTION_ITEMS_REQUEST.method, { grouping: 'owner' });
      assert.ok(rowsOf(after).some((i) => i.uri === uri && i.action === 'Update the runbook'));

      const row = edited.split('\n').findIndex((l) => l.includes('Update the runbook'));
      const snoozed = await session.request<DocumentEditResult>(EDIT_ACTION_ITEM_REQUEST.method, SEED_PATH, { line: row, character: 0 }, { due: '2099-01-01' });
      assert.ok('edits' in snoozed && snoozed.edits[0].newText === '2099-01-01', JSON.stringify(snoozed));
      const issue = await session.connection.sendRequest<NewTrackerIssueResult>(NEW_TRACKER_ISSUE_REQUEST.method, { uri, line: row, repository: 'https://github.com/acme/web' });
      assert.ok('url' in issue && issue.url.startsWith('https://github.com/acme/web/issues/new?title=Update%20the%20runbook&'), JSON.stringify(issue));
    } finally {
      await session.close();
    }
  });
});
