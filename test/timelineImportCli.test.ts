// `rca timeline import`, run as users run it: the built entry in a child process, on a copy
// of the example workspace and the import fixtures.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { copyExample } from './lspSession';
import { REPO } from './support';

const FIXTURES = join(REPO, 'test', 'fixtures', 'timeline-import');
const RCA_PATH = join('rca', '2025', '2025-11-01-checkout-errors-in-order-service.md');
const RCA = readFileSync(join(FIXTURES, 'checkout-rca.md'), 'utf8');

describe('rca timeline import', () => {
  let dir: string;
  let rca: string;
  const run = (...args: string[]) => {
    const result = spawnSync(process.execPath, [join(REPO, 'dist', 'rca.js'), 'timeline', 'import', ...args], { cwd: dir, encoding: 'utf8', timeout: 30_000, input: '' });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  before(() => {
    dir = copyExample();
    cpSync(FIXTURES, join(dir, 'exports'), { recursive: true });
    rca = join(dir, RCA_PATH);
    writeFileSync(rca, RCA);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('--dry-run prints the rows with their milestones and writes nothing; then the import writes them; again, nothing new', () => {
    const dry = run('exports/pagerduty-log-entries.json', '--into', RCA_PATH, '--dry-run');
    assert.equal(dry.code, 0, dry.stderr);
    assert.equal(dry.stdout, [
      '+ 2025-11-02 03:42  detected        Triggered through the API: checkout-api 5xx ratio above 25%',
      '+ 2025-11-02 03:47  acknowledged    Acknowledged by Jane Doe',
      '+ 2025-11-02 04:12                  Escalated to Database On-Call by Jane Doe',
      "+ 2025-11-02 05:20  identified      Note from Omar Haddad: Root cause identified: pool size \\| max_conns dropped from 50 to 5 in v2.14.3<br>\\<script>alert('x')\\</script> see \\[\\[nope]]",
      '+ 2025-11-02 06:10  mitigated       Note from Omar Haddad: Mitigation applied: rolled back to v2.14.2',
      '+ 2025-11-02 07:05  resolved        Resolved by Jane Doe',
      `6 rows would be added to ${RCA_PATH} (times in UTC); 1 already there`,
      '',
    ].join('\n'));
    assert.equal(readFileSync(rca, 'utf8'), RCA);

    const written = run('exports/pagerduty-log-entries.json', '--into', RCA_PATH);
    assert.equal(written.code, 0, written.stderr);
    assert.match(written.stdout, new RegExp(`6 rows added to ${RCA_PATH.replace(/[.]/g, '\\.')} \\(times in UTC\\); 1 already there\\n$`));
    assert.match(readFileSync(rca, 'utf8'), /\| 2025-11-02 03:30 \| Errors started \|\n\| 2025-11-02 03:42 \| Triggered through the API/);
    assert.match(run('exports/pagerduty-log-entries.json', '--into', RCA_PATH).stdout, /^0 rows added to .* 7 already there\n$/);

    // Its front matter filled, the RCA lints clean.
    writeFileSync(rca, readFileSync(rca, 'utf8').replace('duration_minutes: 0', 'duration_minutes: 203'));
    const lint = spawnSync(process.execPath, [join(REPO, 'dist', 'rca.js'), 'lint', RCA_PATH], { cwd: dir, encoding: 'utf8' });
    assert.equal(lint.status, 0, lint.stdout + lint.stderr);
  });

  test('a Slack channel folder with users.json above it, a window, --all; standard input with the format named', () => {
    const slack = run('exports/slack-export/incident-checkout', '--dry-run', '--since', '2025-11-02 03:00', '--until', '2025-11-02T02:10:00-05:00');
    assert.equal(slack.code, 0, slack.stderr);
    assert.match(slack.stdout, /^\+ 2025-11-02 03:44 {18}Jane Doe: @Jane Doe here, I'm on it\. Paging @db-oncall in #incident-checkout\n/);
    assert.match(slack.stdout, /\n4 rows to import \(times in UTC\); 2 outside --since\/--until\n$/);
    assert.match(run('exports/slack-export/incident-checkout', '--dry-run', '--all').stdout, /Deploying checkout-api v2\.14\.3/);
    const piped = spawnSync(process.execPath, [join(REPO, 'dist', 'rca.js'), 'timeline', 'import', '-', '--format', 'csv'], { cwd: dir, encoding: 'utf8', input: 'when,what\n2025-11-02T03:42:00Z,"Alert, fired"\n' });
    assert.equal(piped.stdout, '| Time (UTC) | Event |\n|------------|-------|\n| 2025-11-02 03:42 | Alert, fired |\n');
  });

  test('input that is not what it claims: the file named, what was expected, nothing written, exit 2', () => {
    const before = readFileSync(rca, 'utf8');
    for (const [args, message] of [
      [['exports/timeline.csv', '--format', 'pagerduty'], /^rca timeline import: exports\/timeline\.csv: not JSON \(.*\); expected PagerDuty REST API v2 incident log entries/],
      [['exports/opsgenie-alert-logs.json', '--format', 'slack'], /^rca timeline import: exports\/opsgenie-alert-logs\.json: expected an array of Slack messages/],
      [['exports/slack-export'], /^rca timeline import: exports\/slack-export: a whole Slack export: expected one channel's folder \(exports\/slack-export\/incident-checkout\)/],
      [['exports/missing.json'], /^rca timeline import: no such file or folder: exports\/missing\.json/],
      [['exports/timeline.csv', '--since', 'soon'], /^rca timeline import: --into .*: since "soon" is not a time: expected ISO 8601/],
      [['exports/timeline.csv', '--format', 'xml'], /^rca timeline import: --format must be pagerduty, opsgenie, slack, csv, not "xml"/],
    ] as const) {
      const result = run(...args, '--into', RCA_PATH);
      assert.equal(result.code, 2, args.join(' '));
      assert.match(result.stderr, message);
      assert.equal(result.stdout, '');
    }
    assert.equal(readFileSync(rca, 'utf8'), before);
  });
});
