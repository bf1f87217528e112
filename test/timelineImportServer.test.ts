// rca/importTimeline, the request behind "RCA: Import Timeline…", answered by the server in-process:
// the rows to show and the edit, computed on the open document's version; errors as text.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { applyEdits } from '../server/src/core/text';
import { IMPORT_TIMELINE_REQUEST, type ImportTimelineParams, type ImportTimelineResult } from '../shared/protocol';
import { InProcessSession } from './lspSession';
import { REPO, SEED_PATH } from './support';

const FIXTURES = join(REPO, 'test', 'fixtures', 'timeline-import');
const RCA_PATH = 'rca/2025/2025-11-01-checkout-errors-in-order-service.md';
const RCA = readFileSync(join(FIXTURES, 'checkout-rca.md'), 'utf8');
const pagerDuty = { name: 'pd.json', files: [{ name: 'pd.json', text: readFileSync(join(FIXTURES, 'pagerduty-log-entries.json'), 'utf8') }] };

let session: InProcessSession;
before(async () => {
  session = await InProcessSession.start();
});
after(() => session.close());

function importInto(path: string, source: ImportTimelineParams['source'], extra: Partial<ImportTimelineParams> = {}): Promise<ImportTimelineResult> {
  return session.request<ImportTimelineResult>(IMPORT_TIMELINE_REQUEST.method, path, undefined, { source, localOffset: 0, ...extra });
}

describe('rca/importTimeline', () => {
  test('the new rows with their milestones, and the edit on the open version', async () => {
    await session.openFile(RCA_PATH, RCA);
    const result = await importInto(RCA_PATH, pagerDuty);
    assert.ok(!('error' in result), 'error' in result ? result.error : '');
    assert.equal(result.version, 1);
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
    const after = applyEdits(RCA, result.edits);
    assert.match(after, /\| 2025-11-02 03:30 \| Errors started \|\n\| 2025-11-02 03:42 \| Triggered through the API/);
    // Opened again as the edit leaves it: nothing new, no edit.
    await session.openFile(RCA_PATH, after);
    const again = await importInto(RCA_PATH, pagerDuty);
    assert.ok(!('error' in again));
    assert.deepEqual([again.rows.length, again.edits.length, again.duplicates, again.version], [0, 0, 7, 2]);
  });

  test('a Slack channel folder\'s files, and a format given', async () => {
    await session.openFile(RCA_PATH, RCA);
    const day = (name: string) => ({ name, text: readFileSync(join(FIXTURES, 'slack-export', name), 'utf8') });
    const slack = await importInto(RCA_PATH, { name: 'incident-checkout', files: [day('users.json'), day('incident-checkout/2025-11-02.json')] });
    assert.ok(!('error' in slack));
    assert.equal(slack.rows[0].event, "Jane Doe: @Jane Doe here, I'm on it. Paging @db-oncall in #incident-checkout");
    const csv = await importInto(RCA_PATH, { name: 'clipboard', files: [{ name: 'clipboard', text: 'when\tevent\n2025-11-02 04:00\tAlert fired' }] }, { format: 'csv' });
    assert.ok(!('error' in csv));
    assert.deepEqual(csv.rows, [{ time: '2025-11-02 04:00', event: 'Alert fired', milestone: 'detected' }]);
    // Milestones read as a reader says them in the confirmation.
    const impact = await importInto(RCA_PATH, { name: 'clipboard', files: [{ name: 'clipboard', text: 'when,event\n2025-11-02 02:50,Customers first affected' }] }, { format: 'csv' });
    assert.ok(!('error' in impact));
    assert.deepEqual(impact.rows.map((r) => r.milestone), ['impact started']);
  });

  test('errors: a source that is not what it claims, a document that is not an RCA or has no Timeline', async () => {
    await session.openFile(RCA_PATH, RCA);
    assert.deepEqual(await importInto(RCA_PATH, { name: 'clipboard', files: [{ name: 'clipboard', text: '{"incidents": []}' }] }), {
      error: 'clipboard: JSON, but an object with "incidents": expected PagerDuty REST API v2 incident log entries ({"log_entries": [{"type": "trigger_log_entry", "created_at": "2025-07-30T16:05:00-04:00", …}]}), Opsgenie alert or incident logs ({"data": [{"createdAt": "2025-07-30T20:05:00.000Z", "log": "…", "type": "system", …}]}) or a Slack channel export: per-day files (2025-07-30.json) holding arrays of messages ({"ts": "1753905900.000200", "user": "U…", "text": "…"}), and users.json',
    });
    assert.match((await importInto(RCA_PATH, pagerDuty, { format: 'opsgenie' }) as { error: string }).error, /^pd\.json: expected Opsgenie alert or incident logs/);
    await session.openFile('notes/todo.md', '# To do\n');
    assert.match((await importInto('notes/todo.md', pagerDuty) as { error: string }).error, /^This file is not an RCA/);
    await session.openFile(SEED_PATH, RCA.replace('## Timeline', '## Chronology'));
    assert.match((await importInto(SEED_PATH, pagerDuty) as { error: string }).error, /^This RCA has no "## Timeline" section/);
  });
});
