// The RCA Action Items view's text (client/src/actionItemsTree.ts): what the rows and groups
// the server grouped say (test/actionItemsView.test.ts holds the grouping).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addDays, groupDescription, groupTooltip, itemDescription, relativeDeadline } from '../client/src/actionItemsTree';
import { repositoryUrl } from '../client/src/gitRemote';
import type { ActionItemGroup, WorkspaceActionItem } from '../shared/protocol';

const TODAY = '2025-10-01';

function item(action: string, fields: Partial<WorkspaceActionItem>): WorkspaceActionItem {
  return { uri: 'file:///w/rca/a.md', line: 10, rcaTitle: 'Queue backlog', rcaPath: 'rca/a.md', priority: 'P2', action, owner: 'SRE', due: '', deadline: undefined, state: 'open', tracker: undefined, ...fields };
}

const ITEMS: readonly WorkspaceActionItem[] = [
  item('Add alert', { owner: 'SRE', state: 'overdue', deadline: '2025-09-20', priority: 'P1', line: 11 }),
  item('Think', { owner: '', state: 'open', line: 15, uri: 'file:///w/rca/b.md', rcaPath: 'rca/b.md', rcaTitle: 'Disk full' }),
];

function group(label: string, count: number, overdue: number, overdueByPriority = ''): ActionItemGroup {
  return { key: label.toLowerCase(), label, count, overdue, overdueByPriority, rows: undefined };
}

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
    const row = ITEMS[0];
    assert.equal(itemDescription(row, TODAY, 'status'), 'P1 · overdue by 11 days · SRE · Queue backlog');
    assert.equal(itemDescription(row, TODAY, 'owner'), 'P1 · overdue by 11 days · Queue backlog');
    assert.equal(itemDescription(row, TODAY, 'rca'), 'P1 · overdue by 11 days · SRE');
    assert.equal(itemDescription(ITEMS[1], TODAY, 'status'), 'P2 · no due date · (no owner) · Disk full');
  });

  test('a group says its count, and its overdue ones unless grouped by status; its hover, overdue ones by priority', () => {
    assert.equal(groupDescription(group('Platform', 4, 1, 'P2 1'), 'owner'), '4 · 1 overdue');
    assert.equal(groupDescription(group('Platform', 4, 0), 'owner'), '4');
    assert.equal(groupDescription(group('Overdue', 3, 3, 'P1 2, P2 1'), 'status'), '3');
    assert.equal(groupTooltip(group('Overdue', 3, 3, 'P1 2, P2 1')), 'Overdue: 3 action items, 3 overdue (P1 2, P2 1)');
    assert.equal(groupTooltip(group('SRE', 1, 0)), 'SRE: 1 action item, none overdue');
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
