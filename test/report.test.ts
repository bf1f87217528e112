// The workspace report (dashboard, `rca-lint --report`): unit tests of the
// numbers, then the same report over stdio and from the CLI.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { isActionDone } from '../server/src/core/actionItems';
import { resolveSettings } from '../server/src/core/settings';
import { buildReport, DayCounts, incidentKind, spread } from '../server/src/features/report';
import { reportMarkdown } from '../shared/reportMarkdown';
import { reportExportPieces, type ExportFormat } from '../shared/reportExport';
import { DASHBOARD_EXPORT_REQUEST, DASHBOARD_REQUEST, type DashboardExportResult, type Report } from '../shared/protocol';
import { copyExample, InProcessSession, LspSession } from './lspSession';
import { exampleFiles, indexedService, REPO, seedText } from './support';

/** An RCA like the seed, with the given date, severity, services, timeline end and action items. */
function rca(date: string, severity: string, services: string[], resolvedAt = '21:17', owner = 'DevOps', due = '2025-08-06'): string {
  return seedText()
    .replace(/2025-07-30/g, date)
    .replace('severity: P3', `severity: ${severity}`)
    .replace('services: [recommendation-engine, billing-api]', `services: [${services.join(', ')}]`)
    .replace('| 21:17 | Incident resolved |', `| ${resolvedAt} | Incident resolved |`)
    .replace('| P1 | Implement monitoring for cache invalidation bug | DevOps | 2025-08-06 |', `| P1 | Implement monitoring for cache invalidation bug | ${owner} | ${due} |`)
    .replace(/Cache Invalidation Bug in recommendation-engine/g, `Cache Invalidation Bug in ${services[0]}`);
}

async function reportOf(files: Record<string, string>, filter = {}, today = '2025-09-01'): Promise<Report> {
  const { service } = await indexedService(files);
  return buildReport(service.index.all(), filter, today);
}

/** An export's whole text. */
const exportText = (report: Report, format: ExportFormat) => [...reportExportPieces(report, format)].join('');

describe('report numbers', () => {
  test('median and p90 interpolate between ranks; unknowns are left out', () => {
    assert.deepEqual(spread([]), { count: 0, median: undefined, p90: undefined });
    assert.deepEqual(spread([10]), { count: 1, median: 10, p90: 10 });
    assert.deepEqual(spread([40, 10, undefined, 20, 30]), { count: 4, median: 25, p90: 37 });
    // A heavy tail moves p90, not the median.
    assert.deepEqual(spread([10, 10, 10, 10, 1000]), { count: 5, median: 10, p90: 604 });
  });

  test('days counted by value give the median spread() gives of them listed, and the counts between two bounds', () => {
    // A seeded generator: a failure names its run.
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    for (let run = 0; run < 1000; run++) {
      const ages = Array.from({ length: random(40) }, () => random(run % 3 === 0 ? 5 : 800));
      const counts = new DayCounts();
      for (const age of ages) counts.add(age);
      assert.equal(counts.median(), spread(ages).median, `run ${run}: ${ages.join(' ')}`);
      const min = random(400);
      const max = run % 4 === 0 ? undefined : min + random(400);
      assert.equal(counts.between(min, max), ages.filter((age) => age >= min && (max === undefined || age <= max)).length, `run ${run}: ${min}–${max}`);
    }
    assert.equal(new DayCounts().median(), undefined);
  });

  test('incident kinds drop the date and the service with the word before it', () => {
    assert.equal(incidentKind('2025-07-30 - Cache Invalidation Bug in recommendation-engine', ['recommendation-engine', 'billing-api']), 'cache invalidation bug');
    assert.equal(incidentKind('Outage of order-service during deploy', ['order-service']), 'outage during deploy');
    assert.equal(incidentKind('DNS failure', []), 'dns failure');
  });

  test('done action items: struck through, ticked, or marked (done)', () => {
    for (const done of ['~~Update runbook~~', '✅ Update runbook', '[x] Update runbook', 'Update runbook (done)']) assert.ok(isActionDone(done), done);
    for (const open of ['Update runbook', 'Document the ~~old~~ path', 'Get it done soon']) assert.ok(!isActionDone(open), open);
  });

  test('a Status column that reads done closes its row', async () => {
    const table = [
      '| Priority | Action | Owner | Due Date | Status |',
      '|---|---|---|---|---|',
      '| P1 | Implement monitoring | DevOps | 2025-08-06 | Done |',
      '| P2 | Update runbook | DevOps | 2025-08-13 | ✅ |',
      '| P2 | Add load test | DevOps | 2025-08-20 | Closed |',
      '| P3 | Review similar services | DevOps | 2025-08-29 | Open |',
      '| P3 | ~~Retire the old cache~~ | DevOps | 2025-08-29 | In progress |',
    ].join('\n');
    const text = seedText().replace(/\| Priority \| Action[^]*?\| Backend Team \| 2025-08-29 \|/, table);
    const report = await reportOf({ 'rca/a.md': text });
    assert.deepEqual(report.totals, { incidents: 1, openActionItems: 1, overdueActionItems: 1 });
    assert.deepEqual(report.owners.flatMap((o) => o.items.map((i) => i.action)), ['Review similar services']);
  });

  test('the example workspace: five P3 cache bugs over 2025, quarters, services, owners', async () => {
    const report = await reportOf(exampleFiles(), {}, '2025-09-01');
    assert.equal(report.incidents.length, 5);
    assert.deepEqual(report.incidents.map((i) => i.date), ['2025-11-16', '2025-09-27', '2025-07-30', '2025-04-07', '2025-04-05']);
    assert.deepEqual(report.byMonth.map((m) => [m.month, m.total]), [
      ['2025-04', 2], ['2025-05', 0], ['2025-06', 0], ['2025-07', 1], ['2025-08', 0], ['2025-09', 1], ['2025-10', 0], ['2025-11', 1],
    ]);
    assert.deepEqual(report.byMonth[0].bySeverity, { P3: 2 });
    assert.deepEqual(report.byQuarter.map((q) => [q.quarter, q.incidents, q.timeToResolve.median]), [['2025-Q2', 2, 97.5], ['2025-Q3', 2, 103], ['2025-Q4', 1, 104]]);
    assert.deepEqual(report.recurring.map((k) => [k.kind, k.incidents, k.lastDate]), [['cache invalidation bug', 5, '2025-11-16']]);
    assert.deepEqual(report.servicesByCount.slice(0, 2).map((s) => [s.service, s.incidents]), [['analytics-pipeline', 3], ['notification-service', 3]]);
    assert.equal(report.servicesByImpact[0].service, 'recommendation-engine');
    assert.equal(report.servicesByImpact[0].usersAffected, 7082 + 6126);
    // On 2025-09-01 the items of the April and July RCAs are overdue, September's and November's are not.
    const overdue = report.incidents.map((i) => i.overdueActionItems);
    assert.deepEqual(overdue, [0, 0, 4, 4, 4]);
    assert.equal(report.owners.reduce((n, o) => n + o.open, 0), 20);
    assert.ok(report.owners.every((o, i, all) => i === 0 || all[i - 1].overdue >= o.overdue), 'owners with overdue items first');
  });

  test('filters: date range (inclusive, by prefix), service, severity, team; choices stay complete', async () => {
    const files = {
      'rca/a.md': rca('2025-01-10', 'P1', ['api'], '21:17', 'SRE'),
      'rca/b.md': rca('2025-02-20', 'P2', ['db', 'api'], '22:05', 'DBA'),
      'rca/c.md': rca('2025-03-31', 'P2', ['db'], '20:35', 'SRE'),
    };
    const dates = async (filter: object) => (await reportOf(files, filter)).incidents.map((i) => i.date);
    assert.deepEqual(await dates({ from: '2025-02-20' }), ['2025-03-31', '2025-02-20']);
    assert.deepEqual(await dates({ to: '2025-03' }), ['2025-03-31', '2025-02-20', '2025-01-10']);
    assert.deepEqual(await dates({ to: '2025-03-30' }), ['2025-02-20', '2025-01-10']);
    assert.deepEqual(await dates({ service: 'API' }), ['2025-02-20', '2025-01-10']);
    assert.deepEqual(await dates({ severity: 'p2' }), ['2025-03-31', '2025-02-20']);
    assert.deepEqual(await dates({ team: 'dba' }), ['2025-02-20']);
    const filtered = await reportOf(files, { severity: 'P1' });
    assert.deepEqual(filtered.choices.severities, ['P1', 'P2']);
    assert.deepEqual(filtered.choices.services, ['api', 'db']);
    // Durations of the filtered RCAs only: 20:05 → 21:17.
    assert.deepEqual(filtered.byQuarter.map((q) => q.timeToResolve), [{ count: 1, median: 72, p90: 72 }]);
  });

  test('quarters: every one from the first to the last, with the median and p90 of each (hand-computed)', async () => {
    const report = await reportOf({
      // Time to resolve: 20:05 to the resolved row. Time to mitigate: 43 min in each (20:05 → 20:48).
      'rca/a.md': rca('2025-01-10', 'P1', ['api'], '21:17'), // 72
      'rca/b.md': rca('2025-02-20', 'P2', ['db'], '22:05'), // 120
      'rca/c.md': rca('2025-03-31', 'P2', ['db'], '20:35'), // 30
      'rca/d.md': rca('2025-10-01', 'P4', ['api'], '21:15'), // 70
    });
    assert.deepEqual(report.byQuarter, [
      // 30, 72, 120: the median is the middle one; p90 is at rank 0.9 × 2 = 1.8, 72 + 0.8 × (120 − 72) = 110.4.
      { quarter: '2025-Q1', incidents: 3, timeToResolve: { count: 3, median: 72, p90: 110.4 }, timeToMitigate: { count: 3, median: 43, p90: 43 } },
      // No incident: on the axis, with no figure.
      { quarter: '2025-Q2', incidents: 0, timeToResolve: { count: 0, median: undefined, p90: undefined }, timeToMitigate: { count: 0, median: undefined, p90: undefined } },
      { quarter: '2025-Q3', incidents: 0, timeToResolve: { count: 0, median: undefined, p90: undefined }, timeToMitigate: { count: 0, median: undefined, p90: undefined } },
      { quarter: '2025-Q4', incidents: 1, timeToResolve: { count: 1, median: 70, p90: 70 }, timeToMitigate: { count: 1, median: 43, p90: 43 } },
    ]);
    // Across a year boundary, and the same axis rule as months for dates centuries apart.
    const years = await reportOf({ 'rca/a.md': rca('2024-11-10', 'P1', ['api']), 'rca/b.md': rca('2025-02-20', 'P2', ['db']) });
    assert.deepEqual(years.byQuarter.map((q) => q.quarter), ['2024-Q4', '2025-Q1']);
    const typo = await reportOf({ 'rca/a.md': rca('0205-01-01', 'P1', ['api']), 'rca/b.md': rca('2025-01-01', 'P1', ['api']) });
    assert.deepEqual(typo.byQuarter.map((q) => q.quarter), ['0205-Q1', '2025-Q1']);
  });

  test('the month legend lists the severities counted, in the order of the choices, whatever the filter', async () => {
    const files = {
      'rca/a.md': rca('2025-01-10', 'P3', ['api']),
      'rca/b.md': rca('2025-02-20', 'P1', ['db']),
      'rca/c.md': rca('2025-03-31', 'P2', ['db']).replace(/^severity: .*\n/m, ''),
    };
    assert.deepEqual((await reportOf(files)).monthSeverities, ['P1', 'P3', 'none']);
    const filtered = await reportOf(files, { severity: 'P3' });
    assert.deepEqual([filtered.monthSeverities, filtered.choices.severities], [['P3'], ['P1', 'P3']]);
    assert.deepEqual((await reportOf(files, { from: '2030-01-01' })).monthSeverities, []);
  });

  test('midnight roll-over counts in time to resolve', async () => {
    const text = rca('2025-05-01', 'P1', ['api']).replace('| 21:17 | Incident resolved |', '| 00:05 | Incident resolved |');
    const report = await reportOf({ 'rca/a.md': text });
    assert.equal(report.incidents[0].timeToResolve, 240);
  });

  test('impact start: time to detect and customer impact per incident, by quarter as median and p90, and in the Markdown summary', async () => {
    const impactAt = (text: string, clock: string) => text.replace('| 20:05 | Monitoring alert triggered |', `| ${clock} | Customer impact began |\n| 20:05 | Monitoring alert triggered |`);
    const report = await reportOf({
      'rca/a.md': impactAt(rca('2025-04-10', 'P2', ['api']), '19:58'),
      'rca/b.md': impactAt(rca('2025-05-10', 'P2', ['web']), '19:45'),
      'rca/c.md': rca('2025-06-10', 'P3', ['db']),
    });
    assert.deepEqual(
      report.incidents.map((i) => [i.path, i.timeToDetect, i.customerImpactMinutes, i.timeToResolve]),
      [
        ['rca/c.md', undefined, undefined, 72],
        ['rca/b.md', 20, 77, 92],
        ['rca/a.md', 7, 64, 79],
      ],
    );
    assert.deepEqual(report.impactByQuarter, [{ quarter: '2025-Q2', timeToDetect: { count: 2, median: 13.5, p90: 18.7 }, customerImpact: { count: 2, median: 70.5, p90: 75.7 } }]);
    assert.deepEqual(report.byQuarter[0].timeToResolve, { count: 3, median: 79, p90: 89.4 });
    const markdown = reportMarkdown(report);
    assert.match(markdown, /\n### Time to detect and customer impact \(median \/ p90\)\n\n\| Quarter \| With impact start \| Detect \| Customer impact \|\n\|---\|---\|---\|---\|\n\| 2025-Q2 \| 2 \| 13\.5 min \/ 18\.7 min \| 70\.5 min \/ 75\.7 min \|\n/);
    assert.doesNotMatch(reportMarkdown(await reportOf({ 'rca/c.md': rca('2025-06-10', 'P3', ['db']) })), /Time to detect/);
  });

  test('the timeline figures per incident: impact start and the times to each milestone, in the JSON and as CSV columns', async () => {
    const report = await reportOf({
      'rca/a.md': rca('2025-04-10', 'P2', ['api']).replace('| 20:05 | Monitoring alert triggered |', '| 19:58 | Customer impact began |\n| 20:05 | Monitoring alert triggered |'),
      'rca/c.md': rca('2025-06-10', 'P3', ['db']),
    });
    const figures = ['impactStart', 'timeToDetect', 'timeToAcknowledge', 'timeToIdentify', 'timeToRecover', 'customerImpactMinutes'] as const;
    // From impact started (19:58) when there is one, else from the first row (20:05); acknowledged when the investigation started (20:10).
    const expected = [
      ['rca/c.md', [undefined, undefined, 5, 10, 57, undefined]],
      ['rca/a.md', ['19:58', 7, 12, 17, 64, 64]],
    ];
    assert.deepEqual(report.incidents.map((i) => [i.path, figures.map((f) => i[f])]), expected);
    const [header, ...rows] = exportText(report, 'csv').trimEnd().split('\r\n').map((line) => line.split(','));
    const columns = ['impact_start', 'time_to_detect_min', 'time_to_acknowledge_min', 'time_to_identify_min', 'time_to_recover_min', 'customer_impact_min'];
    assert.deepEqual(header.slice(-columns.length), columns);
    assert.deepEqual(
      rows.map((row) => [row[header.indexOf('path')], row.slice(-columns.length)]),
      expected.map(([path, values]) => [path, (values as unknown[]).map((v) => (v === undefined ? '' : String(v)))]),
    );
  });

  test('a limit lists fewer incidents and items; totals and aggregates stay complete', async () => {
    const { service } = await indexedService(exampleFiles());
    const full = buildReport(service.index.all(), {}, '2025-09-01');
    const limited = buildReport(service.index.all(), {}, '2025-09-01', 2);
    assert.deepEqual(limited.incidents, full.incidents.slice(0, 2));
    assert.deepEqual(limited.totals, { incidents: 5, openActionItems: 20, overdueActionItems: 12 });
    assert.deepEqual(limited.totals, full.totals);
    assert.ok(limited.owners.some((o) => o.open > 2));
    // Each owner's first items, as the full list orders them (overdue first, then due, ties in file order).
    assert.deepEqual(limited.owners, full.owners.map((o) => ({ ...o, items: o.items.slice(0, 2) })));
    assert.deepEqual([limited.byMonth, limited.byQuarter, limited.recurring, limited.servicesByCount], [full.byMonth, full.byQuarter, full.recurring, full.servicesByCount]);
    assert.deepEqual(buildReport(service.index.all(), {}, '2025-09-01', 0).owners, full.owners.map((o) => ({ ...o, items: [] })));
    // A limit that is no count (a client's bad request) lists everything rather than failing.
    for (const bad of [-1, Number.NaN, undefined]) assert.deepEqual(buildReport(service.index.all(), {}, '2025-09-01', bad), full, String(bad));
  });

  test('counted as read, the same whatever order the RCAs come in: a month\'s severities in the order of their newest incidents, a service named as its newest incident names it', async () => {
    const { service } = await indexedService({
      'rca/a.md': rca('2025-03-01', 'P3', ['API']),
      'rca/b.md': rca('2025-03-20', 'P1', ['api', 'db']),
      'rca/c.md': rca('2025-03-10', 'P2', ['Api']),
      'rca/d.md': rca('2025-03-20', 'P2', ['DB']),
      'rca/e.md': rca('2025-03-25', 'P3', ['DB']),
    });
    const entries = [...service.index.all()];
    const reports = [entries, [...entries].reverse(), [...entries.slice(2), ...entries.slice(0, 2)]].map((order) => buildReport(order, {}, '2025-09-01'));
    // What the incidents give, keys in order (an owner's items due the same day stay in the order read).
    const incidentFigures = ({ incidents, byMonth, byQuarter, impactByQuarter, servicesByCount, servicesByImpact, recurring }: Report) => JSON.stringify({ incidents, byMonth, byQuarter, impactByQuarter, servicesByCount, servicesByImpact, recurring });
    for (const report of reports.slice(1)) assert.equal(incidentFigures(report), incidentFigures(reports[0]));
    const [report] = reports;
    assert.deepEqual(report.incidents.map((i) => i.path), ['rca/e.md', 'rca/b.md', 'rca/d.md', 'rca/c.md', 'rca/a.md']);
    assert.deepEqual(Object.entries(report.byMonth[0].bySeverity), [['P3', 2], ['P1', 1], ['P2', 2]]);
    assert.deepEqual(report.servicesByCount.map((s) => [s.service, s.incidents]), [['api', 3], ['DB', 3]]);
    assert.deepEqual(report.recurring.map((k) => [k.incidents, k.services, k.lastDate]), [[5, ['API', 'Api', 'DB', 'api', 'db'], '2025-03-25']]);
  });

  test('an owner\'s items past the limit: the first ones whatever order the RCAs come in', async () => {
    // 60 RCAs whose one item is due on a day of a shuffle: overdue (before today) ones first, each group by due date.
    const days = Array.from({ length: 60 }, (_, i) => `2025-${String(1 + ((i * 7) % 12)).padStart(2, '0')}-${String(1 + ((i * 11) % 28)).padStart(2, '0')}`);
    const files = Object.fromEntries(days.map((due, i) => [`rca/r${i}.md`, rca('2025-07-30', 'P3', ['api'], '21:17', 'SRE', due)]));
    const { service } = await indexedService(files);
    const full = buildReport(service.index.all(), { team: 'SRE' }, '2025-09-01');
    const sre = (report: Report) => report.owners.find((o) => o.owner === 'SRE')!;
    assert.deepEqual(sre(full).items.map((i) => i.due), [...days.filter((d) => d < '2025-09-01').sort(), ...days.filter((d) => d >= '2025-09-01').sort()]);
    assert.deepEqual(sre(buildReport(service.index.all(), { team: 'SRE' }, '2025-09-01', 7)), { ...sre(full), items: sre(full).items.slice(0, 7) });
  });

  test('an empty workspace and notes only give an empty report', async () => {
    for (const files of [{}, { 'notes/a.md': '# A note\n' }] as Record<string, string>[]) {
      const report = await reportOf(files);
      assert.deepEqual([report.incidents, report.byMonth, report.monthSeverities, report.byQuarter, report.recurring, report.owners, report.servicesByCount], [[], [], [], [], [], [], []]);
    }
  });

  test('dates centuries apart do not make a month axis of thousands of months', async () => {
    const report = await reportOf({ 'rca/a.md': rca('0205-01-01', 'P1', ['api']), 'rca/b.md': rca('2025-01-01', 'P1', ['api']) });
    assert.deepEqual(report.byMonth.map((m) => m.month), ['0205-01', '2025-01']);
  });

  test('CSV: quoted where needed, formulas kept as text', async () => {
    const text = rca('2025-05-01', 'P1', ['api']).replace(/^title: .*$/m, 'title: "=HYPERLINK(\\"x\\"), \\"quoted\\""').replace(/^# .*$/m, '# =HYPERLINK("x"), "quoted"');
    const csv = exportText(await reportOf({ 'rca/a.md': text }), 'csv');
    const [header, row] = csv.split('\r\n');
    assert.equal(header, 'date,title,severity,status,services,kind,time_to_resolve_min,time_to_mitigate_min,users_affected,revenue_impact,open_action_items,overdue_action_items,path,impact_start,time_to_detect_min,time_to_acknowledge_min,time_to_identify_min,time_to_recover_min,customer_impact_min');
    assert.ok(row.startsWith(`2025-05-01,"'=HYPERLINK(""x""), ""quoted""",P1,resolved,api,`), row);
    assert.ok(csv.endsWith('\r\n'));
  });
});

describe('report from hostile values', () => {
  test('an SLO of a billion days: the report is built, its items due on the last day a date can name', async () => {
    const settings = resolveSettings({ actionItemSlo: { P1: 1_000_000_000 } });
    const { service } = await indexedService({ 'rca/a.md': rca('2025-05-01', 'P1', ['api'], '21:17', 'DevOps', 'someday') }, settings);
    const report = buildReport(service.index.all(), {}, '2025-09-01', Infinity, settings.actionItemSlo);
    assert.equal(report.totals.incidents, 1);
    const p1 = report.actionItems.byPriority.find((row) => row.priority === 'P1');
    assert.deepEqual([p1?.total, p1?.open, p1?.due], [1, 1, 0], 'the P1 item is open and not due before 9999-12-31');
    assert.equal(report.actionItems.due, 3, 'the P2 and P3 items by their due dates');
  });

  test('incident kinds: a service pattern kept across RCAs finds the service in each', () => {
    const patterns = new Map<string, RegExp>();
    assert.equal(incidentKind('Outage in api', ['api'], patterns), 'outage');
    assert.equal(incidentKind('Slow api for api users', ['api'], patterns), 'slow users');
    assert.equal(patterns.size, 1);
  });

  test('severities named like Object members are counted like any other', async () => {
    const names = ['constructor', '__proto__', 'toString', 'P1'];
    const report = await reportOf(Object.fromEntries(names.map((severity, i) => [`rca/${i}.md`, rca('2025-05-01', severity, ['api'])])));
    assert.equal(report.byMonth.length, 1);
    assert.equal(report.byMonth[0].total, 4);
    assert.deepEqual(Object.entries(report.byMonth[0].bySeverity).sort(), names.map((n) => [n, 1]).sort());
    // As the dashboard receives it.
    assert.deepEqual(Object.entries(JSON.parse(JSON.stringify(report.byMonth[0])).bySeverity).sort(), names.map((n) => [n, 1]).sort());
  });

  test('CSV: a formula behind a blank, a line break or a full-width sign is kept as text too', async () => {
    const titles = [' =1+1', '\u00a0=1+1', '\n=1+1', '\uff1d1+1', '\uff0b1', '\uff0d1', '\uff20SUM(A1)', '=1+1', '\t=1', 'plain'];
    const files = Object.fromEntries(titles.map((title, i) => [`rca/${i}.md`, rca('2025-05-01', 'P1', ['api']).replace(/^title: .*$/m, `title: ${JSON.stringify(title)}`)]));
    const csv = exportText(await reportOf(files), 'csv');
    // The title column of each row, unquoted.
    const cells = [...csv.matchAll(/^2025-05-01,("(?:[^"]|"")*"|[^,]*),/gm)].map((m) => m[1].replace(/^"|"$/g, '').replace(/""/g, '"'));
    assert.deepEqual(cells.sort(), [...titles.slice(0, -1).map((t) => `'${t}`), 'plain'].sort());
  });
});

describe('report over stdio and from the CLI', () => {
  let session: LspSession;
  before(async () => {
    session = await LspSession.start();
  });
  after(() => session.close());

  test('rca/dashboard answers from the index, filtered', async () => {
    const all = await session.connection.sendRequest<Report>(DASHBOARD_REQUEST.method, { filter: {} });
    assert.equal(all.incidents.length, 5);
    const one = await session.connection.sendRequest<Report>(DASHBOARD_REQUEST.method, { filter: { service: 'billing-api' }, limit: 200 });
    assert.deepEqual(one.incidents.map((i) => [i.date, i.timeToResolve]), [['2025-07-30', 72]]);
  });

  test('rca/dashboardExport sends the whole report as pieces of text, then how many incidents; it says what is missing', async () => {
    const root = copyExample();
    // Enough RCAs for an export of a few megabytes: a few pieces.
    for (let i = 0; i < 1500; i++) {
      const date = `2024-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
      writeFileSync(join(root, 'rca', `bulk-${i}.md`), rca(date, `P${1 + (i % 4)}`, [`svc-${i % 30}`], '21:17', `Team ${i % 9}`));
    }
    const bulk = await LspSession.start({ root });
    try {
      const pieceCounts: number[] = [];
      for (const [format, filter] of [['json', {}], ['csv', {}], ['json', { severity: 'P2', service: 'svc-3' }]] as const) {
        const token = `export-${pieceCounts.length}`;
        const result = await bulk.connection.sendRequest<DashboardExportResult>(DASHBOARD_EXPORT_REQUEST.method, { filter, format, partialResultToken: token });
        const pieces = bulk.textPieces.filter((p) => p.token === token).map((p) => p.value);
        const full = await bulk.connection.sendRequest<Report>(DASHBOARD_REQUEST.method, { filter });
        assert.equal(pieces.join(''), exportText(full, format), `${format} ${JSON.stringify(filter)}`);
        assert.deepEqual(result, { incidents: full.incidents.length });
        pieceCounts.push(pieces.length);
      }
      assert.ok(pieceCounts[0] >= 3 && pieceCounts[1] >= 1 && pieceCounts[2] === 1, `${pieceCounts}`);
      const exported = (params: object) => bulk.connection.sendRequest(DASHBOARD_EXPORT_REQUEST.method, { filter: {}, ...params });
      await assert.rejects(exported({ format: 'json' }), /give it a partialResultToken/);
      await assert.rejects(exported({ format: 'xml', partialResultToken: 'x' }), /the format is csv or json, not "xml"/);
      assert.equal(bulk.textPieces.filter((p) => p.token === 'x').length, 0);
    } finally {
      await bulk.close();
    }
    // In this process, where sending a piece returns at once (as over VS Code's IPC channel and in a web
    // worker): a request sent once the first piece has come is answered before the export, between pieces.
    const inProcess = await InProcessSession.start({ root });
    try {
      const answered: string[] = [];
      const exporting = inProcess.connection.sendRequest(DASHBOARD_EXPORT_REQUEST.method, { filter: {}, format: 'json', partialResultToken: 'served-between' }).then(() => answered.push('export'));
      await inProcess.until(() => inProcess.textPieces.some((p) => p.token === 'served-between'), 'the first piece');
      const symbols = inProcess.connection.sendRequest('workspace/symbol', { query: 'cache' }).then(() => answered.push('workspace/symbol'));
      await Promise.all([exporting, symbols]);
      assert.deepEqual(answered, ['workspace/symbol', 'export']);
    } finally {
      await inProcess.close();
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('rca report stops quietly when its reader does (rca report | head)', async () => {
    const root = copyExample();
    // A report of a few hundred kilobytes: more than a pipe holds, so the program is still writing when the reader goes.
    for (let i = 0; i < 300; i++) writeFileSync(join(root, 'rca', `bulk-${i}.md`), rca(`2024-01-${String(1 + (i % 28)).padStart(2, '0')}`, 'P2', [`svc-${i % 30}`]));
    try {
      for (const format of ['json', 'csv']) {
        const child = spawn(process.execPath, [join(REPO, 'dist', 'rca.js'), 'report', '--format', format, '--root', root, root], { stdio: ['ignore', 'pipe', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
        child.stdout.once('data', () => child.stdout.destroy());
        const [code] = (await once(child, 'close')) as [number | null];
        assert.deepEqual({ code, stderr }, { code: 0, stderr: '' }, format);
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('rca-lint --report json gives the same report; csv one row per RCA; bad values are usage errors', () => {
    const cli = (...args: string[]) => spawnSync(process.execPath, [join(REPO, 'dist', 'cli.js'), '--root', 'example', 'example', ...args], { cwd: REPO, encoding: 'utf8' });
    const json = cli('--report', 'json', '--severity', 'P3', '--from', '2025-07');
    assert.equal(json.status, 0, json.stderr);
    const report = JSON.parse(json.stdout) as Report;
    assert.equal(json.stdout, exportText(report, 'json'));
    assert.ok(json.stdout.startsWith('{\n  "today": ') && json.stdout.endsWith('\n}\n'));
    assert.deepEqual(report.incidents.map((i) => i.date), ['2025-11-16', '2025-09-27', '2025-07-30']);
    assert.deepEqual(report.filter, { severity: 'P3', from: '2025-07' });
    const csv = cli('--report', 'csv');
    assert.equal(csv.stdout.trim().split('\r\n').length, 6);
    for (const bad of [['--report', 'xml'], ['--report', 'json', '--from', 'July'], ['--service', 'api']]) {
      const result = cli(...bad);
      assert.equal(result.status, 2, bad.join(' '));
      assert.match(result.stderr, /^rca-lint: /);
    }
  });
});
