// The RCA Action Items view's tree (client/src/actionItemsTree.ts): the server's rows grouped
// by status, owner and RCA in the order the view shows them, and the text of rows and groups.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addDays, GROUP_ROWS, groupActionItems, groupDescription, groupRows, startsExpanded, itemDescription, overdueByPriority, overdueCount, relativeDeadline } from '../client/src/actionItemsTree';
import { repositoryUrl } from '../client/src/gitRemote';
import type { WorkspaceActionItem } from '../shared/protocol';

const TODAY = '2025-10-01';

function item(action: string, fields: Partial<WorkspaceActionItem>): WorkspaceActionItem {
  return { uri: 'file:///w/rca/a.md', line: 10, rcaTitle: 'Queue backlog', rcaPath: 'rca/a.md', priority: 'P2', action, owner: 'SRE', due: '', deadline: undefined, state: 'open', tracker: undefined, ...fields };
}

const ITEMS: readonly WorkspaceActionItem[] = [
  item('Review', { owner: 'Platform', state: 'open', deadline: '2025-12-01', priority: 'P3', line: 12 }),
  item('Add alert', { owner: 'SRE', state: 'overdue', deadline: '2025-09-20', priority: 'P1', line: 11 }),
  item('Docs', { owner: 'platform', state: 'done', deadline: '2025-09-25', line: 13 }),
  item('Fix retry', { owner: 'Platform', state: 'dueSoon', deadline: '2025-10-03', line: 14 }),
  item('Think', { owner: '', state: 'open', line: 15, uri: 'file:///w/rca/b.md', rcaPath: 'rca/b.md', rcaTitle: 'Disk full' }),
  item('Old alarm', { owner: 'Platform', state: 'overdue', deadline: '2025-08-01', priority: 'P2', line: 3, uri: 'file:///w/rca/b.md', rcaPath: 'rca/b.md', rcaTitle: 'Disk full' }),
  item('Page', { owner: '', state: 'overdue', deadline: '2025-09-30', priority: 'P1', line: 4, uri: 'file:///w/rca/b.md', rcaPath: 'rca/b.md', rcaTitle: 'Disk full' }),
];

const shape = (grouping: Parameters<typeof groupActionItems>[1]) => groupActionItems(ITEMS, grouping).map((g) => [g.label, g.overdue, g.items.map((i) => i.action)]);

describe('the Action Items view\'s groups', () => {
  test('by status: overdue, due soon, open, done; overdue items the longest overdue first; open ones without a deadline last', () => {
    assert.deepEqual(shape('status'), [
      ['Overdue', 3, ['Old alarm', 'Add alert', 'Page']],
      ['Due soon', 0, ['Fix retry']],
      ['Open', 0, ['Review', 'Think']],
      ['Done', 0, ['Docs']],
    ]);
  });

  test('by owner: owners with more overdue items first, then by name; case does not split an owner; no owner last among equals', () => {
    assert.deepEqual(shape('owner'), [
      ['Platform', 1, ['Old alarm', 'Fix retry', 'Review', 'Docs']],
      ['SRE', 1, ['Add alert']],
      ['(no owner)', 1, ['Page', 'Think']],
    ]);
  });

  test('by RCA: RCAs with more overdue items first', () => {
    assert.deepEqual(shape('rca'), [
      ['Disk full', 2, ['Old alarm', 'Page', 'Think']],
      ['Queue backlog', 1, ['Add alert', 'Fix retry', 'Review', 'Docs']],
    ]);
  });

  test('a large workspace: a group shows its first rows and counts the rest; many groups start folded', () => {
    const many = Array.from({ length: GROUP_ROWS + 7 }, (_, i) => item(`a${i}`, { state: 'overdue', deadline: '2025-01-01', line: i, uri: `file:///w/rca/${i}.md`, rcaPath: `rca/${String(i).padStart(4, '0')}.md`, rcaTitle: `RCA ${i}` }));
    const [overdue] = groupActionItems(many, 'status');
    const { shown, more } = groupRows(overdue);
    assert.equal(shown.length, GROUP_ROWS);
    assert.equal(more, 7);
    assert.equal(shown[0].action, 'a0', 'the order holds (by path among equal deadlines)');
    assert.deepEqual(groupRows(groupActionItems(ITEMS, 'status')[0]), { shown: groupActionItems(ITEMS, 'status')[0].items, more: 0 });
    assert.equal(startsExpanded(groupActionItems(many, 'status')), true);
    assert.equal(startsExpanded(groupActionItems(many, 'rca')), false);
  });

  test('group ids are stable and distinct across groupings; no empty group', () => {
    const ids = ['status', 'owner', 'rca'].flatMap((g) => groupActionItems(ITEMS, g as 'status').map((group) => group.id));
    assert.equal(new Set(ids).size, ids.length);
    assert.deepEqual(groupActionItems([], 'status'), []);
  });
});

describe('the Action Items view\'s text', () => {
  test('the deadline relative to today', () => {
    assert.equal(relativeDeadline(item('a', { state: 'overdue', deadline: '2025-09-19' }), TODAY), 'overdue by 12 days');
    assert.equal(relativeDeadline(item('a', { state: 'overdue', deadline: '2025-09-30' }), TODAY), 'overdue by 1 day');
    assert.equal(relativeDeadline(item('a', { state: 'dueSoon', deadline: TODAY }), TODAY), 'due today');
    assert.equal(relativeDeadline(item('a', { state: 'dueSoon', deadline: '2025-10-02' }), TODAY), 'due in 1 day');
    assert.equal(relativeDeadline(item('a', { state: 'open', deadline: '2026-01-01' }), TODAY), 'due in 92 days');
    assert.equal(relativeDeadline(item('a', { state: 'done', deadline: '2025-09-19' }), TODAY), 'done');
    assert.equal(relativeDeadline(item('a', { state: 'open' }), TODAY), 'no due date');
  });

  test('a row says priority, deadline, owner and RCA, leaving out what its group already says', () => {
    const row = ITEMS[1];
    assert.equal(itemDescription(row, TODAY, 'status'), 'P1 · overdue by 11 days · SRE · Queue backlog');
    assert.equal(itemDescription(row, TODAY, 'owner'), 'P1 · overdue by 11 days · Queue backlog');
    assert.equal(itemDescription(row, TODAY, 'rca'), 'P1 · overdue by 11 days · SRE');
    assert.equal(itemDescription(ITEMS[4], TODAY, 'status'), 'P2 · no due date · (no owner) · Disk full');
  });

  test('the badge counts overdue items; a group says its count, and its overdue ones unless grouped by status; overdue by priority for the hover', () => {
    assert.equal(overdueCount(ITEMS), 3);
    const [platform] = groupActionItems(ITEMS, 'owner');
    assert.equal(groupDescription(platform, 'owner'), '4 · 1 overdue');
    assert.equal(groupDescription(groupActionItems(ITEMS, 'status')[0], 'status'), '3');
    assert.equal(overdueByPriority(ITEMS), 'P1 2, P2 1');
    assert.equal(overdueByPriority(ITEMS.filter((i) => i.state !== 'overdue')), '');
  });

  test('snooze dates', () => {
    assert.equal(addDays('2025-12-28', 7), '2026-01-04');
    assert.equal(addDays('2024-02-28', 1), '2024-02-29');
  });
});

describe('the Git remote as the tracker\'s repository', () => {
  test('SSH, scp-like and HTTPS remotes give the repository\'s page, without credentials or .git', () => {
    assert.equal(repositoryUrl('git@github.com:acme/web.git'), 'https://github.com/acme/web');
    assert.equal(repositoryUrl('https://github.com/acme/web.git\n'), 'https://github.com/acme/web');
    assert.equal(repositoryUrl('https://user:token@GitLab.com/group/sub/proj'), 'https://gitlab.com/group/sub/proj');
    assert.equal(repositoryUrl('ssh://git@gitlab.example.com:2222/group/proj.git'), 'https://gitlab.example.com/group/proj');
  });

  test('a local path or anything else gives none', () => {
    assert.equal(repositoryUrl('/srv/git/web.git'), undefined);
    assert.equal(repositoryUrl('../web'), undefined);
    assert.equal(repositoryUrl('C:/repos/web'), undefined);
    assert.equal(repositoryUrl(''), undefined);
  });
});
