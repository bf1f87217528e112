// The Action Items view's server side: rows from the index with their state and tracker
// link, the new-issue page, the row edits (snooze, link), and the notification that the
// rows changed, sent when an RCA's rows change and not on other edits.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { resolveSettings } from '../server/src/core/settings';
import { applyEdits } from '../server/src/core/text';
import { setActionItemDue, setActionItemLink } from '../server/src/features/actionItemEdit';
import { newTrackerIssue, workspaceActionItems } from '../server/src/features/actionItemsView';
import { ACTION_ITEMS_CHANGED_NOTIFICATION, ACTION_ITEMS_REQUEST, EDIT_ACTION_ITEM_REQUEST, NEW_TRACKER_ISSUE_REQUEST, type ActionItemsResult, type DocumentEditResult, type NewTrackerIssueResult } from '../shared/protocol';
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

describe('the view rows', () => {
  test('state from the deadline (SLO or due date), tracker link resolved with the Git remote when rca.trackerUrl is empty', async () => {
    const { service } = await indexedService({ 'rca/q.md': RCA });
    const settings = resolveSettings({ tracker: 'github' });
    const rows = workspaceActionItems(service.index.all(), () => settings, '2025-10-01', 'https://github.com/acme/web');
    assert.deepEqual(
      rows.map((r) => [r.action, r.state, r.deadline, r.tracker?.url]),
      [
        ['Add alert', 'open', '2025-10-18', 'https://github.com/acme/web/issues/12'],
        ['Fix retry', 'dueSoon', '2025-10-03', undefined],
        ['Review', 'open', '2025-12-01', undefined],
        ['Docs', 'done', '2025-09-25', undefined],
        ['Think', 'open', undefined, undefined],
      ],
    );
    assert.equal(workspaceActionItems(service.index.all(), () => settings, '2025-10-20', undefined)[0].state, 'overdue', 'past the SLO, before the due date');
    assert.deepEqual(rows[0], { uri: uriOf('rca/q.md'), line: 15, rcaTitle: '2025-09-20 - Queue backlog', rcaPath: 'rca/q.md', priority: 'P1', action: 'Add alert', owner: 'SRE', due: '2025-10-30', deadline: '2025-10-18', state: 'open', tracker: { text: '#12', url: 'https://github.com/acme/web/issues/12' } });
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
      const rows = await session.connection.sendRequest<ActionItemsResult>(ACTION_ITEMS_REQUEST.method, {});
      assert.equal(rows.items.length, 20, 'the example: five RCAs of four rows');
      const waitForChange = async (from: number) => {
        while (changes === from) await new Promise((resolve) => setImmediate(resolve));
      };
      const uri = await session.openFile(SEED_PATH);
      const before = changes;
      const edited = seedText().replace('| P2 | Update runbook |', '| P2 | Update the runbook |');
      await session.openFile(SEED_PATH, edited);
      await waitForChange(before);
      const after = await session.connection.sendRequest<ActionItemsResult>(ACTION_ITEMS_REQUEST.method, {});
      assert.ok(after.items.some((i) => i.uri === uri && i.action === 'Update the runbook'));

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
