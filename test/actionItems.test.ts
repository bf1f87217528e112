// Action items that are followed through: SLOs by priority, tracker links (recognized,
// linked, required), and the report's follow-through figures against a hand-computed example.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { datedStatus, deadline, deadlineDay, isActionDone, isDoneMark, rowMark } from '../server/src/core/actionItems';
import { epochDay, isCalendarDate, isoDay } from '../shared/calendarDay';
import { resolveSettings } from '../server/src/core/settings';
import { newIssueUrl, rowTracker, trackerRefs, type TrackerSettings } from '../server/src/core/tracker';
import { documentLinks } from '../server/src/features/documentLinks';
import { buildReport } from '../server/src/features/report';
import { codesOf, diagnosticsFor, indexedService, uriOf } from './support';

function rca(title: string, date: string, severity: string, rows: string[], status = 'resolved', header = '| Priority | Action | Owner | Due Date | Status |'): string {
  return [
    '---',
    `title: ${title}`,
    `date: ${date}`,
    `severity: ${severity}`,
    'services: [api]',
    'tags: [rca]',
    `status: ${status}`,
    'duration_minutes: 10',
    'author: SRE',
    '---',
    `# ${title}`,
    '',
    '## Action Items',
    header,
    `|${header.split('|').slice(1, -1).map(() => '---|').join('')}`,
    ...rows,
    '',
  ].join('\n');
}

const GITHUB: TrackerSettings = { kind: 'github', url: 'https://github.com/acme/web', project: '' };
const JIRA: TrackerSettings = { kind: 'jira', url: 'https://acme.atlassian.net/', project: '10000' };
const NONE: TrackerSettings = { kind: undefined, url: '', project: '' };

describe('deadlines: the earlier of the due date and the priority SLO', () => {
  const slo = { P1: 28, P2: 56 };
  test('the SLO wins when earlier, the due date when earlier; neither known, none', () => {
    assert.equal(deadline({ due: '2025-08-30', priority: 'P1' }, '2025-07-01', slo), '2025-07-29');
    assert.equal(deadline({ due: '2025-07-20', priority: 'P1' }, '2025-07-01', slo), '2025-07-20');
    assert.equal(deadline({ due: '', priority: 'p2' }, '2025-07-01', slo), '2025-08-26', 'priorities ignore case');
    assert.equal(deadline({ due: 'soon', priority: 'P3' }, '2025-07-01', slo), undefined);
    assert.equal(deadline({ due: '2025-09-01', priority: 'P3' }, undefined, slo), '2025-09-01');
  });

  test('priorities differing only in case: the first listed wins, whether or not the item writes it so', () => {
    const twice = { p1: 10, P1: 20 };
    assert.equal(deadline({ due: '', priority: 'P1' }, '2025-07-01', twice), '2025-07-11');
    assert.equal(deadline({ due: '', priority: ' p1 ' }, '2025-07-01', twice), '2025-07-11');
  });

  test('an SLO of a billion days gives the last day a date can name, not an error', () => {
    assert.equal(deadline({ due: '', priority: 'P1' }, '2025-07-01', { P1: 1_000_000_000 }), '9999-12-31');
    assert.equal(deadline({ due: '2026-01-01', priority: 'P1' }, '2025-07-01', { P1: 1_000_000_000 }), '2026-01-01');
  });

  test("deadlineDay is deadline's day, and days order as their dates do, whatever the SLO (a fraction, negative, a billion days)", () => {
    const slos: Record<string, number>[] = [{ P1: 28 }, { P1: 0.5 }, { P1: 6.9 }, { P1: -3 }, { P1: 1e9 }, { P1: -1e9 }, {}];
    const dues = ['', ' 2025-07-01 ', '2025-07-07', 'soon', '0000-01-01', '9999-12-31', '2025-02-30'];
    const incidents = [undefined, '2025-07-01', 'not a date', '9999-12-30', '0000-01-02'];
    const found: [number | undefined, string | undefined][] = [];
    for (const slo of slos) for (const due of dues) for (const incident of incidents) {
      const item = { due, priority: 'P1' };
      const day = deadlineDay(item, incident !== undefined && isCalendarDate(incident) ? epochDay(incident) : undefined, slo);
      const date = deadline(item, incident, slo);
      assert.equal(day === undefined ? undefined : isoDay(day), date, JSON.stringify({ slo, due, incident }));
      found.push([day, date]);
    }
    for (const [dayA, dateA] of found) for (const [dayB, dateB] of found) {
      if (dayA === undefined || dayB === undefined) continue;
      assert.equal(Math.sign(dayA - dayB), dateA! < dateB! ? -1 : dateA! > dateB! ? 1 : 0, `${dateA} ${dateB}`);
    }
    assert.ok(found.some(([day]) => day === undefined) && new Set(found.map(([, date]) => date)).size > 10, 'the cases cover many deadlines and none');
  });

  test('a Status that gives the day it was done still reads done, and Mark Done follows its word, not its day', () => {
    assert.deepEqual(datedStatus('Done 2025-08-03'), { state: 'Done', date: '2025-08-03' });
    assert.deepEqual(datedStatus('Closed on 2025-08-03'), { state: 'Closed', date: '2025-08-03' });
    assert.deepEqual(datedStatus('Done (2025-08-03)'), { state: 'Done', date: '2025-08-03' });
    assert.deepEqual(datedStatus('2025-08-03'), { state: '2025-08-03', date: undefined });
    assert.ok(isActionDone('Add alert', 'Done 2025-08-03'));
    assert.equal(rowMark('Add alert', 'Done 2025-08-03'), 'status:Done');
  });

  test("a row's mark says it is done exactly when the row is", () => {
    const rows: [string, string][] = [
      ['Add alert', ''], ['Add alert', 'Open'], ['Add alert', 'In progress'], ['Add alert', 'Done'], ['Add alert', 'Closed on 2025-08-03'],
      ['~~Add alert~~', ''], ['~~Add alert~~', 'Open'], ['Add alert ✅', ''], ['[x] Add alert', ''], ['Add alert (done)', ''], ['Add alert (completed)', 'Blocked'],
    ];
    const expected = [false, false, false, true, true, true, true, true, true, true, true];
    assert.deepEqual(rows.map(([action, status]) => isActionDone(action, status)), expected);
    assert.deepEqual(rows.map(([action, status]) => isDoneMark(rowMark(action, status))), expected);
  });

  test('rca.actionItemSlo keeps whole days only', () => {
    assert.deepEqual(resolveSettings({ actionItemSlo: { P1: 14, P2: 'soon', P3: -1, P4: 2.5 } }).actionItemSlo, { P1: 14 });
    assert.deepEqual(resolveSettings({ actionItemSlo: 'x' }).actionItemSlo, { P1: 28, P2: 56 });
  });
});

describe('tracker links', () => {
  test('GitHub, GitLab, Jira and Linear forms, in a Ticket cell or an Action cell', () => {
    const refs = (text: string, tracker = GITHUB, anyUrl = false) => trackerRefs(text, tracker, anyUrl).map((r) => [r.text, r.url]);
    assert.deepEqual(refs('Add alert (#123)'), [['#123', 'https://github.com/acme/web/issues/123']]);
    assert.deepEqual(refs('see acme/api#7'), [['acme/api#7', 'https://github.com/acme/api/issues/7']]);
    assert.deepEqual(refs('see group/proj#7', { kind: 'gitlab', url: 'https://gitlab.example.com/group/proj', project: '' }), [['group/proj#7', 'https://gitlab.example.com/group/proj/-/issues/7']]);
    assert.deepEqual(refs('#7', { kind: 'gitlab', url: 'https://gitlab.com/g/p/', project: '' }), [['#7', 'https://gitlab.com/g/p/-/issues/7']]);
    assert.deepEqual(refs('OPS-42 to fix', JIRA), [['OPS-42', 'https://acme.atlassian.net/browse/OPS-42']]);
    for (const url of ['https://github.com/acme/web/issues/9', 'https://gitlab.com/g/p/-/issues/9', 'https://acme.atlassian.net/browse/OPS-9', 'https://linear.app/acme/issue/ENG-9/fix-it']) {
      assert.deepEqual(refs(`Fix it ${url}.`, NONE), [[url, url]], url);
    }
    // In an Action cell a URL that is not an issue is not a tracker link, nor a key without Jira (UTF-8); in a Ticket cell both are.
    assert.deepEqual(refs('Follow https://wiki.example.com/runbook, use UTF-8'), []);
    assert.deepEqual(refs('https://tickets.example.com/77', GITHUB, true), [['https://tickets.example.com/77', 'https://tickets.example.com/77']]);
    assert.deepEqual(refs('OPS-42', GITHUB, true), [['OPS-42', undefined]]);
    // `#123` without a repository is recognized, not linked; `a#1` and `&#39;` are not references.
    assert.deepEqual(refs('#123 a#1 &#39;', NONE), [['#123', undefined]]);
    assert.equal(rowTracker('', 'Add alert', GITHUB), undefined);
    assert.equal(rowTracker('#5', 'Add alert #6', GITHUB)?.text, '#5', 'the Ticket cell first');
  });

  test('a link opens only an http(s) URL; one the settings cannot place names the settings that would', () => {
    // An rca.trackerUrl of another scheme makes no link of #5 or OPS-5, whatever the document says.
    for (const url of ['javascript:alert(1)//', 'command:workbench.action.terminal.new?', 'data:text/html,x']) {
      assert.deepEqual(rowTracker('#5', '', { ...GITHUB, url }), { text: '#5', url: undefined, hint: 'Set rca.trackerUrl to the repository (https://github.com/owner/repo) to open #5.' }, url);
      assert.equal(rowTracker('OPS-5', '', { ...JIRA, url })?.url, undefined, url);
    }
    // A javascript: URL written in a Ticket cell is no reference at all.
    assert.equal(rowTracker('javascript:alert(1)', '', GITHUB), undefined);
    assert.deepEqual(rowTracker('#5', '', JIRA), { text: '#5', url: undefined, hint: '#5 names a GitHub or GitLab issue: set rca.tracker to github or gitlab (it is jira).' });
    assert.deepEqual(rowTracker('OPS-5', '', GITHUB), { text: 'OPS-5', url: undefined, hint: 'Set rca.tracker to jira and rca.trackerUrl to the Jira site (https://acme.atlassian.net) to open OPS-5.' });
    assert.deepEqual(rowTracker('OPS-5', '', JIRA), { text: 'OPS-5', url: 'https://acme.atlassian.net/browse/OPS-5' });
  });

  test('create issue: each tracker\'s new-issue page with title, body and labels in its URL parameters', () => {
    const issue = { title: 'Add alert & page', body: 'From [RCA](https://x/y.md)', labels: ['rca', 'P1'] };
    assert.deepEqual(newIssueUrl(GITHUB, issue), { url: 'https://github.com/acme/web/issues/new?title=Add%20alert%20%26%20page&body=From%20%5BRCA%5D(https%3A%2F%2Fx%2Fy.md)&labels=rca%2CP1' });
    const gitlab = newIssueUrl({ kind: 'gitlab', url: 'https://gitlab.com/g/p', project: '' }, issue);
    assert.ok('url' in gitlab && gitlab.url.startsWith('https://gitlab.com/g/p/-/issues/new?issue%5Btitle%5D=Add%20alert%20%26%20page&issue%5Bdescription%5D='), JSON.stringify(gitlab));
    assert.match(decodeURIComponent((gitlab as { url: string }).url), /\/label ~"rca" ~"P1"$/);
    assert.deepEqual(newIssueUrl(JIRA, issue), { url: 'https://acme.atlassian.net/secure/CreateIssueDetails!init.jspa?pid=10000&issuetype=3&summary=Add%20alert%20%26%20page&description=From%20%5BRCA%5D(https%3A%2F%2Fx%2Fy.md)&labels=rca%20P1' });
    assert.match((newIssueUrl(NONE, issue) as { error: string }).error, /Set rca\.tracker/);
    assert.match((newIssueUrl({ ...JIRA, project: 'OPS' }, issue) as { error: string }).error, /rca\.trackerProject/);
    assert.match((newIssueUrl({ ...GITHUB, url: '' }, issue) as { error: string }).error, /rca\.trackerUrl/);
  });

  test('references with a URL are document links on their text', async () => {
    const text = rca('2025-07-01 - A', '2025-07-01', 'P1', ['| P1 | Add alert #12 | SRE | 2025-07-20 | Open | OPS-3 |'], 'resolved', '| Priority | Action | Owner | Due Date | Status | Ticket |');
    const { service } = await indexedService({ 'rca/a.md': text }, { tracker: 'github', trackerUrl: 'https://github.com/acme/web' });
    const doc = service.openDocument(uriOf('rca/a.md'), 1, text);
    const row = text.split('\n').findIndex((l) => l.includes('Add alert'));
    const links = documentLinks(doc, service).map((l) => [l.range.start.line, text.split('\n')[row].slice(l.range.start.character, l.range.end.character), l.target]);
    // OPS-3 in the Ticket column is the row's link but opens nowhere without Jira.
    assert.deepEqual(links, [[row, '#12', 'https://github.com/acme/web/issues/12']]);
  });

  test('action-untracked: an open P1/P2 item with no link N days after the incident, once a tracker is set', async () => {
    const rows = ['| P1 | Add alert | SRE | 2025-07-20 | Open |', '| P2 | Fix retry #4 | SRE | 2025-07-20 | Open |', '| P3 | Review | SRE | 2025-07-20 | Open |', '| P1 | Tune | SRE | 2025-07-20 | Done |'];
    const old = rca('2025-07-01 - A', '2025-07-01', 'P1', rows);
    const settings = { tracker: 'github', trackerUrl: 'https://github.com/acme/web' };
    const { service } = await indexedService({}, settings);
    const found = diagnosticsFor(service, 'rca/a.md', old).filter((d) => d.code === 'action-untracked');
    assert.deepEqual(found.map((d) => d.range.start.line), [old.split('\n').findIndex((l) => l.includes('Add alert'))]);
    assert.match(found[0].message, /P1 action item has no tracker link 7 days after the incident/);
    // Within rca.trackerLinkDays of the incident (a date after today), and without a tracker: nothing.
    assert.ok(!codesOf(diagnosticsFor(service, 'rca/b.md', old.replace(/2025-07-01/g, '2999-07-01'))).includes('action-untracked'));
    const { service: untracked } = await indexedService({});
    assert.ok(!codesOf(diagnosticsFor(untracked, 'rca/a.md', old)).includes('action-untracked'));
  });
});

describe('follow-through figures, computed by hand', () => {
  // Today 2025-10-01; SLO P1 28 days, P2 56.
  const files = {
    // 2025-07-01, 92 days before today. P1 SLO → 07-29, P2 → 08-26.
    'rca/a.md': rca('2025-07-01 - A', '2025-07-01', 'P1', [
      '| P1 | Add alert | SRE | 2025-07-20 | Done 2025-07-15 |', // deadline 07-20, done on time
      '| P1 | Fix retry | SRE | 2025-08-30 | Done 2025-08-10 |', // deadline 07-29 (SLO), done late
      '| P2 | Update runbook | Platform | 2025-08-15 | Open |', // deadline 08-15, overdue
      '| P3 | Review | Platform | | Open |', // no deadline: never due
    ]),
    // 2025-09-20, 11 days before today.
    'rca/b.md': rca('2025-09-20 - B', '2025-09-20', 'P2', [
      '| P1 | Canary | SRE | 2025-10-30 |', // deadline 10-18 (SLO): not yet due
      '| P2 | ~~Docs~~ | Platform | 2025-09-25 |', // done, no day given: on time
    ], 'resolved', '| Priority | Action | Owner | Due Date |'),
    // 2025-01-10, 264 days before today.
    'rca/c.md': rca('2025-01-10 - C', '2025-01-10', 'P3', ['| P2 | Migrate | | 2025-02-01 | Open |'], 'draft'), // overdue, no owner
  };
  const zero = { total: 0, done: 0, open: 0, overdue: 0, due: 0, doneOnTime: 0, doneLate: 0, followThroughRate: undefined, medianOpenAgeDays: undefined };

  test('totals, age buckets, owners, priorities and quarters', async () => {
    const { service } = await indexedService(files);
    const figures = buildReport(service.index.all(), {}, '2025-10-01').actionItems;
    const { openByAge, byOwner, byPriority, byQuarter, slo, ...totals } = figures;
    assert.deepEqual(slo, { P1: 28, P2: 56 });
    // 7 items: done 1, 2, 6; due 1, 2, 3, 6, 7; on time 1 and 6 → 2 / 5.
    assert.deepEqual(totals, { total: 7, done: 3, open: 4, overdue: 2, due: 5, doneOnTime: 2, doneLate: 1, followThroughRate: 0.4, medianOpenAgeDays: 92 });
    assert.deepEqual(
      openByAge.map((b) => [b.label, b.count]),
      [['0–30 days', 1], ['31–90 days', 0], ['91–180 days', 2], ['181–365 days', 1], ['over 365 days', 0]],
    );
    assert.deepEqual(byOwner, [
      { owner: 'Platform', total: 3, done: 1, open: 2, overdue: 1, due: 2, doneOnTime: 1, doneLate: 0, followThroughRate: 0.5, medianOpenAgeDays: 92 },
      { owner: '(no owner)', total: 1, done: 0, open: 1, overdue: 1, due: 1, doneOnTime: 0, doneLate: 0, followThroughRate: 0, medianOpenAgeDays: 264 },
      { owner: 'SRE', total: 3, done: 2, open: 1, overdue: 0, due: 2, doneOnTime: 1, doneLate: 1, followThroughRate: 0.5, medianOpenAgeDays: 11 },
    ]);
    assert.deepEqual(byPriority, [
      { priority: 'P1', total: 3, done: 2, open: 1, overdue: 0, due: 2, doneOnTime: 1, doneLate: 1, followThroughRate: 0.5, medianOpenAgeDays: 11 },
      { priority: 'P2', total: 3, done: 1, open: 2, overdue: 2, due: 3, doneOnTime: 1, doneLate: 0, followThroughRate: 0.333, medianOpenAgeDays: 178 },
      { priority: 'P3', total: 1, done: 0, open: 1, overdue: 0, due: 0, doneOnTime: 0, doneLate: 0, followThroughRate: undefined, medianOpenAgeDays: 92 },
    ]);
    assert.deepEqual(byQuarter, [
      { quarter: '2025-Q1', total: 1, done: 0, open: 1, overdue: 1, due: 1, doneOnTime: 0, doneLate: 0, followThroughRate: 0, medianOpenAgeDays: 264 },
      { quarter: '2025-Q2', ...zero },
      { quarter: '2025-Q3', total: 6, done: 3, open: 3, overdue: 1, due: 4, doneOnTime: 2, doneLate: 1, followThroughRate: 0.5, medianOpenAgeDays: 92 },
    ]);
  });

  test('overdue counts and lists follow the SLO: an item due later than its SLO is overdue once the SLO passes', async () => {
    const { service } = await indexedService(files);
    // On 2025-08-01 "Fix retry" (due 08-30, SLO 07-29) would be overdue were it open: open it.
    const { service: reopened } = await indexedService({ ...files, 'rca/a.md': files['rca/a.md'].replace('Done 2025-08-10', 'Open') });
    const before = buildReport(service.index.all(), {}, '2025-08-01');
    const after = buildReport(reopened.index.all(), {}, '2025-08-01');
    assert.equal(after.totals.overdueActionItems, before.totals.overdueActionItems + 1);
    assert.ok(after.owners.find((o) => o.owner === 'SRE')!.items.some((i) => i.action === 'Fix retry' && i.overdue));
    // A longer SLO moves the deadline back to the due date.
    assert.equal(buildReport(reopened.index.all(), {}, '2025-08-01', Infinity, { P1: 90 }).totals.overdueActionItems, before.totals.overdueActionItems);
  });
});
