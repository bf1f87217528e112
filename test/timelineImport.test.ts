// Timeline import: each source's parser on fixtures written from the vendors' documented
// formats (test/fixtures/timeline-import/README.md), the merge into an RCA's Timeline, and
// the errors for input that is not what it claims to be.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { parseDocument } from '../server/src/core/parse';
import type { RcaService } from '../server/src/core/service';
import { DEFAULT_SETTINGS } from '../server/src/core/settings';
import { applyEdits } from '../server/src/core/text';
import { expectedDuration, timelineMetrics } from '../server/src/core/timeline';
import { detectFormat, parseCsv, parseOpsgenie, parsePagerDuty, parseSlack, parseSource, slackPlainText, SourceError, type SourceEvent, type SourceFile } from '../server/src/core/timelineSources';
import { eventCell, importTimeline, MAX_EVENT_CHARS, type ImportOptions, type TimelineImport } from '../server/src/features/timelineImport';
import { diagnosticsFor, exampleFiles, indexedService, REPO } from './support';

const FIXTURES = join(REPO, 'test', 'fixtures', 'timeline-import');
const fixture = (name: string): SourceFile => ({ name, text: readFileSync(join(FIXTURES, name), 'utf8') });
const slackFiles = (): SourceFile[] => [
  fixture('slack-export/users.json'),
  ...readdirSync(join(FIXTURES, 'slack-export', 'incident-checkout')).map((day) => fixture(`slack-export/incident-checkout/${day}`)),
];
/** An event's instant, ISO 8601 in UTC. */
const utc = (e: SourceEvent) => new Date(((e.day ?? 0) * 1440 + e.minuteOfDay - (e.offset ?? 0)) * 60_000).toISOString().replace(/\.000Z$/, 'Z');
const UTC_HOST: ImportOptions = { localOffset: 0 };

/** The fixtures' RCA with its Timeline table replaced by `timeline`. */
function rca(timeline: string): string {
  return readFileSync(join(FIXTURES, 'checkout-rca.md'), 'utf8').replace(/\| Time \(UTC\) \| Event \|\n[^#]*/, `${timeline}\n`);
}
const EMPTY_UTC_TABLE = '| Time (UTC) | Event |\n|------------|-------|\n';

function imported(text: string, events: readonly SourceEvent[], options: ImportOptions = UTC_HOST): TimelineImport & { text: string } {
  const result = importTimeline(parseDocument('file:///ws/rca/x.md', 1, text, DEFAULT_SETTINGS), events, DEFAULT_SETTINGS, options);
  assert.ok(!('error' in result), 'error' in result ? result.error : '');
  return { ...result, text: result.edit ? applyEdits(text, [result.edit]) : text };
}

function throwsSource(run: () => unknown, pattern: RegExp): void {
  assert.throws(run, (error: unknown) => error instanceof SourceError && pattern.test(error.message));
}

describe('PagerDuty log entries', () => {
  test('each entry at its instant, offsets and the DST change honoured, notifications left out unless all', () => {
    const events = parsePagerDuty(fixture('pagerduty-log-entries.json'));
    assert.deepEqual(events.map((e) => [utc(e), e.offset, e.text]), [
      ['2025-11-02T03:42:10Z', -240, 'Triggered through the API: checkout-api 5xx ratio above 25%'],
      ['2025-11-02T03:47:03Z', -240, 'Acknowledged by Jane Doe'],
      ['2025-11-02T04:12:00Z', -240, 'Escalated to Database On-Call by Jane Doe'],
      ['2025-11-02T05:20:00Z', -240, "Note from Omar Haddad: Root cause identified: pool size | max_conns dropped from 50 to 5 in v2.14.3\n<script>alert('x')</script> see [[nope]]"],
      ['2025-11-02T06:10:00Z', -300, 'Note from Omar Haddad: Mitigation applied: rolled back to v2.14.2'],
      ['2025-11-02T06:10:00Z', -300, 'Note from Omar Haddad: Mitigation applied: rolled back to v2.14.2'],
      ['2025-11-02T07:05:00Z', -300, 'Resolved by Jane Doe'],
    ]);
    assert.equal(parsePagerDuty(fixture('pagerduty-log-entries.json'), { all: true }).filter((e) => e.text === 'Notified Jane Doe by SMS').length, 1);
  });

  test('input that is not PagerDuty log entries: the file named, what was expected said', () => {
    throwsSource(() => parsePagerDuty(fixture('opsgenie-alert-logs.json')), /^opsgenie-alert-logs\.json: expected PagerDuty REST API v2 incident log entries .*found an object with "data", "paging", "took", "requestId"$/);
    throwsSource(() => parsePagerDuty({ name: 'pd.json', text: '{"log_entries": [' }), /^pd\.json: not JSON \(.*\); expected PagerDuty/);
    throwsSource(() => parsePagerDuty({ name: 'pd.json', text: '{"log_entries": [{"type": "incident"}]}' }), /^pd\.json: log_entries\[0\] is not a log entry: expected an object whose "type" ends in _log_entry/);
    throwsSource(() => parsePagerDuty({ name: 'pd.json', text: '{"log_entries": [{"type": "trigger_log_entry", "created_at": "yesterday"}]}' }), /^pd\.json: log_entries\[0\]\.created_at is "yesterday": expected ISO 8601 with an offset/);
    throwsSource(() => parsePagerDuty({ name: 'pd.json', text: '{"log_entries": [{"type": "trigger_log_entry", "created_at": "2025-02-30T10:00:00Z"}]}' }), /created_at is "2025-02-30T10:00:00Z"/);
  });
});

describe('Opsgenie logs', () => {
  test('system logs and notes, recipients\' logs left out unless all', () => {
    const events = parseOpsgenie(fixture('opsgenie-alert-logs.json'));
    assert.deepEqual(events.map((e) => [utc(e), e.text]), [
      ['2025-11-02T03:42:11Z', 'Alert created via API[Datadog] with message: checkout-api 5xx ratio above 25%'],
      ['2025-11-02T03:47:03Z', 'Alert acknowledged via web'],
      ['2025-11-02T05:21:09Z', 'Note from omar.haddad@acme.example: Root cause identified: max_conns 50 -> 5 in v2.14.3 | see <b>deploy log</b>'],
      ['2025-11-02T06:10:40Z', 'Note from omar.haddad@acme.example: Mitigation applied: rolled back to v2.14.2'],
      ['2025-11-02T06:10:40Z', 'Note from omar.haddad@acme.example: Mitigation applied: rolled back to v2.14.2'],
      ['2025-11-02T06:48:30Z', 'Note from jane.doe@acme.example: Service recovered: 5xx ratio back under 1%'],
      ['2025-11-02T07:05:22Z', 'Alert closed via web'],
    ]);
    assert.equal(parseOpsgenie(fixture('opsgenie-alert-logs.json'), { all: true }).length, events.length + 2);
  });

  test('errors name the file and the entry', () => {
    throwsSource(() => parseOpsgenie(fixture('pagerduty-log-entries.json')), /^pagerduty-log-entries\.json: expected Opsgenie alert or incident logs .*found an object with "log_entries", "limit", "offset", "more", "total"$/);
    throwsSource(() => parseOpsgenie({ name: 'og.json', text: '{"data": [{"log": "x", "createdAt": "12 Nov"}]}' }), /^og\.json: data\[0\]\.createdAt is "12 Nov": expected ISO 8601/);
    throwsSource(() => parseOpsgenie({ name: 'og.json', text: '{"data": [{"message": "x"}]}' }), /^og\.json: data\[0\] is not a log: expected an object with "createdAt", "log" and "type"$/);
  });
});

describe('Slack export', () => {
  test('pinned or reacted-to messages, names resolved, markup as plain text, across days', () => {
    const events = parseSlack('slack-export/incident-checkout', slackFiles());
    assert.deepEqual(events.map((e) => [utc(e), e.offset, e.text.slice(0, 120)]), [
      ['2025-11-01T23:58:30Z', 0, 'Omar Haddad: Errors started climbing on checkout, customers first affected around now: 5xx dashboard'],
      ['2025-11-02T03:44:00Z', 0, "Jane Doe: @Jane Doe here, I'm on it. Paging @db-oncall in #incident-checkout"],
      ['2025-11-02T05:25:00Z', 0, 'Omar Haddad: Root cause identified: max_conns | pool 50 -> 5\n<script>alert(1)</script> & [[not-a-link]]'],
      ['2025-11-02T06:12:00Z', 0, `Jane Doe: ${'Customer report from support: checkout spinner never finishes, card charged twice? checkout spinner never finishes, card charged twice'.slice(0, 110)}`],
      ['2025-11-02T07:05:30Z', 0, 'PagerDuty: Resolved: [#4821] checkout-api 5xx ratio above 25%'],
      ['2025-11-02T14:00:00Z', 0, 'Jane Doe: Postmortem doc: PM-4821, review with @Omar Haddad and sre@acme.example'],
    ]);
    const all = parseSlack('slack-export/incident-checkout', slackFiles(), { all: true }).map((e) => e.text);
    assert.ok(all.includes('Omar Haddad: Deploying checkout-api v2.14.3 to production'));
    assert.ok(all.includes('Omar Haddad: looking at the pool metrics now'));
    assert.ok(!all.some((t) => /has joined|pinned a message/.test(t)), 'channel joins and pin notices are not events');
  });

  test('markup: users, channels, groups, links, mail, entities', () => {
    const users = new Map([['U1', 'Ada Lovelace']]);
    assert.equal(slackPlainText('<@U1> <@U2|bob> <@U3> <#C1|ops> <#C2> <!here> <!subteam^S1|@dbs> <https://x.example/a?b=1|the doc> <https://x.example> <mailto:a@b.example|a@b.example> a &lt;b&gt; &amp;amp;', users),
      '@Ada Lovelace @bob @U3 #ops #C2 @here @dbs the doc https://x.example a@b.example a <b> &amp;');
  });

  test('a day file alone reads without users.json (ids kept); errors name the file', () => {
    const day = fixture('slack-export/incident-checkout/2025-11-02.json');
    assert.equal(parseSlack(day.name, [day])[1].text.split(':')[0], 'Omar Haddad', 'user_profile names the author without users.json');
    throwsSource(() => parseSlack('export', [fixture('slack-export/users.json')]), /^export: no day files: expected a Slack channel export/);
    throwsSource(() => parseSlack('export', [{ name: 'c/2025-11-02.json', text: '{"ok": true}' }]), /^c\/2025-11-02\.json: expected an array of Slack messages/);
    throwsSource(() => parseSlack('export', [{ name: 'c/2025-11-02.json', text: '[{"ts": "yesterday", "text": "x"}]' }]), /^c\/2025-11-02\.json: \[0\] is not a Slack message: expected an object with "ts" in epoch seconds/);
    throwsSource(() => parseSlack('export', [{ name: 'users.json', text: '{}' }, { name: 'c/2025-11-02.json', text: '[]' }]), /^users\.json: expected Slack's users\.json/);
  });
});

describe('CSV and TSV', () => {
  test('header names found, quoted fields with delimiters, quotes and line breaks, offsets honoured, blank lines skipped', () => {
    const events = parseCsv(fixture('timeline.csv'));
    assert.deepEqual(events.map((e) => [utc(e), e.origin]), [
      ['2025-11-02T03:30:00Z', 'timeline.csv:2'],
      ['2025-11-02T03:42:10Z', 'timeline.csv:3'],
      ['2025-11-02T03:47:03Z', 'timeline.csv:4'],
      ['2025-11-02T05:20:00Z', 'timeline.csv:5'],
      ['2025-11-02T06:10:00Z', 'timeline.csv:7'],
      ['2025-11-02T06:10:00Z', 'timeline.csv:8'],
      ['2025-11-02T06:50:00Z', 'timeline.csv:10'],
      ['2025-11-02T07:05:00Z', 'timeline.csv:11'],
    ]);
    assert.equal(events[0].text, 'Errors started: checkout 5xx above 2%, customers first affected');
    assert.equal(events[3].text, 'Root cause identified: "max_conns" | 50 -> 5\r\nsecond line of the note, <img src=x onerror=alert(1)>');
  });

  test('a date column and a time column, the zone from the header', () => {
    const events = parseCsv(fixture('timeline.tsv'));
    assert.deepEqual(events.slice(0, 2).map((e) => [utc(e), e.text]), [['2025-11-01T23:58:00Z', 'Customers first affected: checkout errors'], ['2025-11-02T03:42:00Z', 'Alert triggered']]);
  });

  test('times of day without a header zone stay in the table\'s; a first row that is data needs no header', () => {
    const [first, second] = parseCsv({ name: 'paste', text: '23:50,Alert fired\n00:10,"Paged, on call"' });
    assert.deepEqual([first.day, first.minuteOfDay, first.offset, second.text], [undefined, 23 * 60 + 50, undefined, 'Paged, on call']);
    assert.equal(parseCsv({ name: 'a.tsv', text: 'When\tWhat\n09:00 UTC\tdeploy, then rollback' })[0].offset, 0);
  });

  test('errors name the file and line and say what was expected', () => {
    throwsSource(() => parseCsv({ name: 'a.csv', text: 'foo,bar\n1,2' }), /^a\.csv: the first line is "foo, bar": expected a header naming a time column .* and an event column/);
    throwsSource(() => parseCsv({ name: 'a.csv', text: 'time,event\n20:05,ok\nlater,"x"' }), /^a\.csv:3: "later" in the time column is not a time: expected ISO 8601 like 2025-07-30T20:05:00-04:00, 2025-07-30 20:05 or 20:05$/);
    throwsSource(() => parseCsv({ name: 'a.csv', text: 'time,event\n20:05,"unclosed\n20:06,x' }), /^a\.csv:2: a quoted field is not closed/);
    throwsSource(() => parseCsv({ name: 'a.csv', text: '\n \n' }), /^a\.csv: empty: expected a header/);
  });
});

describe('format detection', () => {
  test('each source by its content; anything else JSON is an error naming the file', () => {
    assert.equal(detectFormat(fixture('pagerduty-log-entries.json')), 'pagerduty');
    assert.equal(detectFormat(fixture('opsgenie-alert-logs.json')), 'opsgenie');
    assert.equal(detectFormat(fixture('slack-export/incident-checkout/2025-11-02.json')), 'slack');
    assert.equal(detectFormat(fixture('timeline.csv')), 'csv');
    assert.equal(detectFormat({ name: 'x', text: '[{"type": "resolve_log_entry", "created_at": "2025-11-02T07:05:00Z"}]' }), 'pagerduty');
    throwsSource(() => detectFormat({ name: 'package.json', text: '{"name": "x"}' }), /^package\.json: JSON, but an object with "name": expected PagerDuty .*, Opsgenie .* or a Slack channel export/);
    throwsSource(() => parseSource('big.json', [{ name: 'big.json', text: ' '.repeat(33 * 1024 * 1024) }]), /^big\.json: 33 MB, more than the 32 MB/);
  });
});

describe('merge into the Timeline', () => {
  test('into an empty UTC table: sorted, DST and offsets honoured, duplicates dropped, milestones classified, dated across days', () => {
    const result = imported(rca(EMPTY_UTC_TABLE), parsePagerDuty(fixture('pagerduty-log-entries.json')));
    assert.equal(result.zone, 'UTC');
    assert.equal(result.duplicates, 1);
    assert.deepEqual(result.rows.map((r) => [r.time, r.milestone]), [
      ['2025-11-02 03:42', 'detected'],
      ['2025-11-02 03:47', 'acknowledged'],
      ['2025-11-02 04:12', undefined],
      ['2025-11-02 05:20', 'identified'],
      ['2025-11-02 06:10', 'mitigated'],
      ['2025-11-02 07:05', 'resolved'],
    ]);
    const timeline = parseDocument('file:///ws/rca/x.md', 2, result.text, DEFAULT_SETTINGS).timeline!;
    assert.equal(timeline.rows.length, 6);
    assert.ok(timeline.rows.every((r) => !r.outOfOrder));
    assert.equal(timelineMetrics(timeline)?.durationMinutes, 203);
    assert.equal(timeline.rows[3].eventCell?.text, "Note from Omar Haddad: Root cause identified: pool size \\| max_conns dropped from 50 to 5 in v2.14.3<br>\\<script>alert('x')\\</script> see \\[\\[nope]]");
  });

  test('merged among rows already there in time order, their times given a date once the table spans days; a second import adds nothing', () => {
    const before = rca('| Time (UTC) | Event |\n|---|---|\n| 23:30 | Errors started |\n| 03:47 | Acknowledged by Jane Doe |\n| 08:00 | Follow-up review |\n');
    const first = imported(before, parsePagerDuty(fixture('pagerduty-log-entries.json')));
    assert.equal(first.duplicates, 2, 'the repeated note, and the acknowledgement the table has');
    assert.match(first.text, /\| Time \(UTC\) \| Event \|\n\|---\|---\|\n\| 2025-11-01 23:30 \| Errors started \|\n\| 2025-11-02 03:42 \| Triggered through the API: checkout-api 5xx ratio above 25% \|\n\| 2025-11-02 03:47 \| Acknowledged by Jane Doe \|\n\| 2025-11-02 04:12 \| Escalated/);
    assert.match(first.text, /\| 2025-11-02 07:05 \| Resolved by Jane Doe \|\n\| 2025-11-02 08:00 \| Follow-up review \|\n\n## Root Cause/);
    const again = imported(first.text, parsePagerDuty(fixture('pagerduty-log-entries.json')));
    assert.equal(again.edit, undefined);
    assert.equal(again.rows.length, 0);
    assert.equal(again.duplicates, 7);
  });

  test('a vendor\'s state change its words do not classify gets its milestone as a tag: Opsgenie\'s close, a PagerDuty resolve under other keywords', () => {
    const opsgenie = imported(rca(EMPTY_UTC_TABLE), parseOpsgenie(fixture('opsgenie-alert-logs.json')));
    assert.deepEqual(opsgenie.rows.map((r) => [r.time.slice(11), r.milestone, r.event.slice(0, 30)]), [
      ['03:42', 'detected', 'Alert created via API\\[Datadog'],
      ['03:47', 'acknowledged', 'Alert acknowledged via web'],
      ['05:21', 'identified', 'Note from omar.haddad@acme.exa'],
      ['06:10', 'mitigated', 'Note from omar.haddad@acme.exa'],
      ['06:48', 'recovered', 'Note from jane.doe@acme.exampl'],
      ['07:05', 'resolved', 'Alert closed via web (resolved'],
    ]);
    const settings = { ...DEFAULT_SETTINGS, milestones: { ...DEFAULT_SETTINGS.milestones, resolved: ['all clear'] } };
    const doc = parseDocument('file:///ws/rca/x.md', 1, rca(EMPTY_UTC_TABLE), settings);
    const result = importTimeline(doc, parsePagerDuty(fixture('pagerduty-log-entries.json')), settings, UTC_HOST);
    assert.ok(!('error' in result));
    assert.deepEqual(result.rows.at(-1), { time: '2025-11-02 07:05', event: 'Resolved by Jane Doe (resolved)', milestone: 'resolved', origin: 'pagerduty-log-entries.json' });
  });

  test('a table in a named zone, or in none (the host\'s), keeps its clock style', () => {
    const events = parseCsv({ name: 'x.csv', text: 'time,event\n2025-11-01T21:05:30Z,Alert fired' });
    assert.equal(imported(rca('| Time (UTC+2) | Event |\n|---|---|\n| 22:00 | Deploy |\n'), events).rows[0].time, '23:05');
    assert.equal(imported(rca('| Time | Event |\n|---|---|\n| 22:00:00 | Deploy |\n'), events, { localOffset: -60 }).rows[0].time, '20:05:30');
    assert.equal(imported(rca('| Time | Event |\n|---|---|\n| 22:00 UTC | Deploy |\n'), events, { localOffset: -60 }).rows[0].time, '21:05 UTC');
  });

  test('times of day fall on the incident\'s date and roll over midnight; since and until bound them', () => {
    const events = parseCsv({ name: 'x.csv', text: 'time,event\n23:50,Alert fired\n00:10,Paged\n01:00,Resolved' });
    const result = imported(rca(EMPTY_UTC_TABLE), events);
    assert.deepEqual(result.rows.map((r) => r.time), ['2025-11-01 23:50', '2025-11-02 00:10', '2025-11-02 01:00']);
    const bounded = imported(rca(EMPTY_UTC_TABLE), events, { localOffset: 0, since: '2025-11-02T00:00:00Z', until: '2025-11-02 00:30' });
    assert.deepEqual([bounded.rows.map((r) => r.event), bounded.outside], [['Paged'], 2]);
    const doc = parseDocument('file:///ws/rca/x.md', 1, rca(EMPTY_UTC_TABLE), DEFAULT_SETTINGS);
    assert.deepEqual(importTimeline(doc, events, DEFAULT_SETTINGS, { localOffset: 0, since: 'noon' }), { error: 'since "noon" is not a time: expected ISO 8601 like 2025-07-30T20:05:00-04:00, 2025-07-30 20:05 or 20:05' });
  });

  test('without a table one is made under the heading; without the heading an error, nothing written', () => {
    const noTable = rca('').replace('## Timeline\n\n\n', '## Timeline\n\nFrom the pager.\n\n');
    const made = imported(noTable, parseCsv({ name: 'x.csv', text: 'time,event\n20:05,Alert fired' }));
    assert.match(made.text, /## Timeline\n\nFrom the pager\.\n\n\| Time \(UTC\) \| Event \|\n\|------------\|-------\|\n\| 20:05 \| Alert fired \|\n\n## Root Cause/);
    const doc = parseDocument('file:///ws/rca/x.md', 1, rca(EMPTY_UTC_TABLE).replace('## Timeline', '## Chronology'), DEFAULT_SETTINGS);
    const result = importTimeline(doc, [], DEFAULT_SETTINGS, UTC_HOST);
    assert.ok('error' in result && result.error.startsWith('This RCA has no "## Timeline" section'));
  });

  test('an event stays one cell of plain text: pipes, line breaks, HTML, links and comments escaped, long text cut', () => {
    assert.equal(eventCell('a | b\r\nc\n\n  d\\|e <!-- x --> [link](y.md) [[z]]\u0000'), 'a \\| b<br>c<br>d\\\\\\|e \\<!-- x --> \\[link](y.md) \\[\\[z]]');
    const long = eventCell(`${'x'.repeat(MAX_EVENT_CHARS - 2)}😀😀`);
    assert.equal(long.length, MAX_EVENT_CHARS - 1, 'a surrogate pair is not split');
    assert.ok(long.endsWith('x…'));
  });
});

describe('an RCA imported from each source lints clean once its front matter is filled', () => {
  let service: RcaService;
  before(async () => {
    ({ service } = await indexedService(exampleFiles()));
  });
  const sources: [string, () => SourceEvent[]][] = [
    ['PagerDuty', () => parsePagerDuty(fixture('pagerduty-log-entries.json'))],
    ['Opsgenie', () => parseOpsgenie(fixture('opsgenie-alert-logs.json'))],
    ['Slack', () => parseSlack('slack-export/incident-checkout', slackFiles())],
    ['CSV', () => parseCsv(fixture('timeline.csv'))],
    ['TSV', () => parseCsv(fixture('timeline.tsv'))],
  ];
  for (const [name, events] of sources) {
    test(name, () => {
      const { text } = imported(rca(EMPTY_UTC_TABLE), events());
      const timeline = parseDocument('file:///ws/rca/x.md', 2, text, DEFAULT_SETTINGS).timeline;
      const duration = expectedDuration(timelineMetrics(timeline)!, DEFAULT_SETTINGS.durationFrom)?.minutes;
      const filled = duration === undefined ? text : text.replace('duration_minutes: 0', `duration_minutes: ${duration}`);
      const path = 'rca/2025/2025-11-01-checkout-errors-in-order-service.md';
      assert.deepEqual(diagnosticsFor(service, path, filled).map((d) => `${d.code}: ${d.message}`), []);
    });
  }
});
