// The edits behind "RCA: Add Timeline Row" and "RCA: Mark Action Item Done", computed by the
// server (rca/addTimelineRow, rca/toggleActionItemDone and the row's code action) in-process.
// The time is always given: no assertion depends on the clock.
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { applyEdits } from '../server/src/core/text';
import { localInstant } from '../server/src/features/timelineRow';
import { ADD_TIMELINE_ROW_REQUEST, TOGGLE_ACTION_ITEM_REQUEST, type DocumentEdit, type DocumentEditResult } from '../shared/protocol';
import { InProcessSession } from './lspSession';
import { SEED_PATH, seedText } from './support';

let session: InProcessSession;
before(async () => {
  session = await InProcessSession.start();
});
after(() => session.close());

/** 09:15 UTC on 2026-12-03, in a zone one hour ahead. */
const NOW = '2026-12-03T10:15:00+01:00';

const lineOf = (text: string, start: string) => text.split('\n').findIndex((l) => l.startsWith(start));

let files = 0;
/** Opens `text` as a new RCA and asks for a row at `line` (character 3). */
async function addRow(text: string, line: number, now = NOW): Promise<DocumentEditResult> {
  const path = `rca/2026/row-${files++}.md`;
  await session.openFile(path, text);
  return session.request<DocumentEditResult>(ADD_TIMELINE_ROW_REQUEST.method, path, { line, character: 3 }, { now });
}

/** The text after the edit, with `‸` where the cursor goes. */
function applied(text: string, result: DocumentEditResult): string {
  assert.ok(!('error' in result), 'error' in result ? result.error : '');
  const after = applyEdits(text, result.edits);
  const lines = after.split('\n');
  const { line, character } = result.cursor!;
  lines[line] = `${lines[line].slice(0, character)}‸${lines[line].slice(character)}`;
  return lines.join('\n');
}

/** The Timeline section of an edited text, from its heading to the next. */
const timelineOf = (text: string) => text.slice(text.indexOf('## Timeline'), text.indexOf('## Root Cause'));

const seedWithTimeline = (table: string) => seedText().replace(/\| Time \(UTC\) \| Event \|[^]*?\| 21:17 \| Incident resolved \|/, table);

describe('rca/addTimelineRow', () => {
  test('UTC header, cursor on a row: the UTC time goes in a new row after it, the cursor in its event cell', async () => {
    const text = seedText();
    const result = await addRow(text, lineOf(text, '| 20:10 |'));
    assert.equal(
      timelineOf(applied(text, result)),
      '## Timeline\n\n| Time (UTC) | Event |\n|------------|-------|\n| 20:05 | Monitoring alert triggered |\n| 20:07 | On-call engineer paged |\n| 20:10 | Initial investigation started |\n| 09:15 | ‸ |\n| 20:15 | Root cause identified |\n| 20:48 | Mitigation applied |\n| 21:02 | Service recovery observed |\n| 21:17 | Incident resolved |\n\n',
    );
  });

  test('a local header, cursor outside the table: the local time goes at the end', async () => {
    const text = seedWithTimeline('| Time | Event |\n|---|---|\n| 08:05 | Monitoring alert triggered |\n| 08:40 | Incident resolved |');
    const result = await addRow(text, 0);
    assert.equal(timelineOf(applied(text, result)), '## Timeline\n\n| Time | Event |\n|---|---|\n| 08:05 | Monitoring alert triggered |\n| 08:40 | Incident resolved |\n| 10:15 | ‸ |\n\n');
  });

  test('rows with dates: the date is written and the row goes in time order', async () => {
    const text = seedWithTimeline('| Time (UTC) | Event |\n|---|---|\n| 2026-12-02 23:50 | Monitoring alert triggered |\n| 2026-12-03 11:00 | Incident resolved |');
    const result = await addRow(text, lineOf(text, '## Root Cause'));
    assert.equal(timelineOf(applied(text, result)), '## Timeline\n\n| Time (UTC) | Event |\n|---|---|\n| 2026-12-02 23:50 | Monitoring alert triggered |\n| 2026-12-03 09:15 | ‸ |\n| 2026-12-03 11:00 | Incident resolved |\n\n');
  });

  test('a date on one row dates the new one, in the local zone\'s day', async () => {
    const text = seedWithTimeline('| Time | Event |\n|---|---|\n| 2026-12-02 23:50 | Monitoring alert triggered |\n| 00:10 | Incident resolved |');
    const result = await addRow(text, lineOf(text, '| 00:10 |'), '2026-12-02T19:30:00-05:00');
    assert.match(timelineOf(applied(text, result)), /\| 00:10 \| Incident resolved \|\n\| 2026-12-02 19:30 \| ‸ \|\n/);
  });

  test('rows that say UTC, with seconds, in a table whose header does not', async () => {
    const text = seedWithTimeline('| Time | Event | Owner |\n|---|---|---|\n| 20:05:00 UTC | Monitoring alert triggered | SRE |');
    const result = await addRow(text, lineOf(text, '| 20:05:00 UTC'), '2026-12-03T10:15:42+01:00');
    assert.match(timelineOf(applied(text, result)), /\| 20:05:00 UTC \| Monitoring alert triggered \| SRE \|\n\| 09:15:42 UTC \| ‸ \|  \|\n/);
  });

  test('a header with an offset (UTC+2), the time in the second column, cursor on the header', async () => {
    const text = seedWithTimeline('| Event | Time (UTC+2) |\n| --- | --- |\n| Monitoring alert triggered | 9:05 |');
    const result = await addRow(text, lineOf(text, '| Event |'));
    assert.match(timelineOf(applied(text, result)), /\| --- \| --- \|\n\| ‸ \| 11:15 \|\n\| Monitoring alert triggered \| 9:05 \|\n/);
  });

  test('no table under the heading: the schema\'s table is added after what the section says', async () => {
    const text = seedWithTimeline('Times to follow.');
    const result = await addRow(text, lineOf(text, '## Timeline'));
    assert.equal(timelineOf(applied(text, result)), '## Timeline\n\nTimes to follow.\n\n| Time (UTC) | Event |\n|------------|-------|\n| 09:15 | ‸ |\n\n');
  });

  test('no table right before the next heading: a blank line keeps them apart', async () => {
    const text = seedText().replace(/## Timeline[^]*?## Root Cause/, '## Timeline\n## Root Cause');
    const result = await addRow(text, 0);
    assert.match(applied(text, result), /## Timeline\n\n\| Time \(UTC\) \| Event \|\n\|------------\|-------\|\n\| 09:15 \| ‸ \|\n\n## Root Cause/);
  });

  test('no Timeline section, a note, a time that is not ISO 8601: a clear error, no edit', async () => {
    const noSection = await addRow(seedText().replace(/## Timeline[^]*?## Root Cause/, '## Root Cause'), 0);
    assert.deepEqual(noSection, { error: 'This RCA has no "## Timeline" section: add it (the "Add the section" quick fix on the missing-section warning) and run this again.' });
    await session.openFile('notes/plain.md', '# Plain note\n');
    const note = await session.request<DocumentEditResult>(ADD_TIMELINE_ROW_REQUEST.method, 'notes/plain.md', { line: 0, character: 0 }, { now: NOW });
    assert.match((note as { error: string }).error, /not an RCA/);
    assert.match(((await addRow(seedText(), 0, 'ten past nine')) as { error: string }).error, /not a time in ISO 8601/);
  });

  test('without a time the server writes its own, in its zone', () => {
    assert.match(localInstant(), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
    assert.equal(localInstant(new Date(Date.UTC(2026, 11, 3, 9, 15))).slice(0, 16), new Date(Date.UTC(2026, 11, 3, 9, 15) - new Date().getTimezoneOffset() * 60_000).toISOString().slice(0, 16));
  });
});

describe('rca/toggleActionItemDone', () => {
  // The convention is the workspace's: each test counts only the rows it opens, in a server of its own.
  let session: InProcessSession;
  beforeEach(async () => {
    session = await InProcessSession.start();
  });
  afterEach(() => session.close());
  const table = (rows: string[], header = '| Priority | Action | Owner | Due Date |\n|---|---|---|---|') => seedText().replace(/\| Priority \| Action[^]*?\| Backend Team \| 2025-08-29 \|/, [header, ...rows].join('\n'));
  let workspaces = 0;

  /** A fresh folder of RCAs (each one an Action Items table of `rows`), and the seed with `rows` open in it. */
  async function toggle(others: string[][], text: string, startOf: string): Promise<{ result: DocumentEditResult; line: number }> {
    const folder = `ws${workspaces++}`;
    for (const [i, rows] of others.entries()) await session.openFile(`rca/${folder}/other-${i}.md`, table(rows));
    const line = lineOf(text, startOf);
    await session.openFile(`rca/${folder}/this.md`, text);
    const result = await session.request<DocumentEditResult>(TOGGLE_ACTION_ITEM_REQUEST.method, `rca/${folder}/this.md`, { line, character: 5 });
    return { result, line };
  }
  const rowAfter = (text: string, result: DocumentEditResult, line: number) => applyEdits(text, (result as DocumentEdit).edits).split('\n')[line];

  test('with no done rows anywhere, strike-through; toggled again, the text is as it was', async () => {
    const text = seedText();
    const { result, line } = await toggle([], text, '| P2 | Update runbook');
    assert.equal((result as DocumentEdit).title, 'Mark action item done');
    const done = applyEdits(text, (result as DocumentEdit).edits);
    assert.equal(done.split('\n')[line], '| P2 | ~~Update runbook~~ | Platform Engineering | 2025-08-13 |');
    await session.openFile('rca/2025/again.md', done);
    const back = await session.request<DocumentEdit>(TOGGLE_ACTION_ITEM_REQUEST.method, 'rca/2025/again.md', { line, character: 5 });
    assert.equal(back.title, 'Mark action item not done');
    assert.equal(applyEdits(done, back.edits), text);
  });

  for (const [convention, rows, expected] of [
    ['✅', ['| P1 | ✅ Add alerts | SRE | 2025-08-01 |', '| P2 | ✅ Add dashboards | SRE | 2025-08-01 |', '| P3 | ~~Old way~~ | SRE | 2025-08-01 |'], '| P2 | ✅ Update runbook | Platform Engineering | 2025-08-13 |'],
    ['(done)', ['| P1 | Add alerts (done) | SRE | 2025-08-01 |', '| P2 | Add dashboards (done) | SRE | 2025-08-01 |', '| P3 | Open item | SRE | 2025-08-01 |'], '| P2 | Update runbook (done) | Platform Engineering | 2025-08-13 |'],
    ['[x]', ['| P1 | [x] Add alerts | SRE | 2025-08-01 |'], '| P2 | [x] Update runbook | Platform Engineering | 2025-08-13 |'],
  ] as const) {
    test(`the workspace's majority convention: ${convention}`, async () => {
      const text = seedText();
      const { result, line } = await toggle([[...rows]], text, '| P2 | Update runbook');
      assert.equal(rowAfter(text, result, line), expected);
    });
  }

  test('a table with a Status column: its cell takes the value most done rows use, and back to the open one', async () => {
    const header = '| Priority | Action | Owner | Due Date | Status |\n|---|---|---|---|---|';
    const others = [['| P1 | Add alerts | SRE | 2025-08-01 | Closed |', '| P2 | Add dashboards | SRE | 2025-08-01 | Closed |', '| P2 | Tune | SRE | 2025-08-01 | Done |', '| P3 | Later | SRE | 2025-08-01 | In progress |']];
    const open = table(['| P2 | Update runbook | Platform Engineering | 2025-08-13 | |'], header);
    const folder = `ws${workspaces++}`;
    for (const [i, rows] of others.entries()) await session.openFile(`rca/${folder}/other-${i}.md`, table(rows, header));
    const line = lineOf(open, '| P2 | Update runbook');
    await session.openFile(`rca/${folder}/this.md`, open);
    const done = await session.request<DocumentEdit>(TOGGLE_ACTION_ITEM_REQUEST.method, `rca/${folder}/this.md`, { line, character: 5 });
    const closed = applyEdits(open, done.edits);
    assert.equal(closed.split('\n')[line], '| P2 | Update runbook | Platform Engineering | 2025-08-13 | Closed |');
    await session.openFile(`rca/${folder}/this.md`, closed);
    const reopen = await session.request<DocumentEdit>(TOGGLE_ACTION_ITEM_REQUEST.method, `rca/${folder}/this.md`, { line, character: 5 });
    assert.equal(applyEdits(closed, reopen.edits).split('\n')[line], '| P2 | Update runbook | Platform Engineering | 2025-08-13 | In progress |');
  });

  test('toggling back takes off only the marks: ✅, (done) and [x] rows keep every other word', async () => {
    for (const [row, open] of [
      ['| P2 | ✅ Update the ~~old~~ runbook | SRE | 2025-08-13 |', '| P2 | Update the ~~old~~ runbook | SRE | 2025-08-13 |'],
      ['| P2 | Update runbook (done) before Q3 | SRE | 2025-08-13 |', '| P2 | Update runbook before Q3 | SRE | 2025-08-13 |'],
      ['| P2 | [x] Update runbook | SRE | 2025-08-13 |', '| P2 | [ ] Update runbook | SRE | 2025-08-13 |'],
    ]) {
      const text = table([row]);
      const { result, line } = await toggle([], text, '| P2 |');
      assert.equal(rowAfter(text, result, line), open);
    }
  });

  test('off the Action Items rows: an error, and no code action', async () => {
    const text = seedText();
    const { result } = await toggle([], text, '| 20:05 |');
    assert.deepEqual(result, { error: 'Put the cursor on a row of the Action Items table to mark it done.' });
    await session.openFile(SEED_PATH);
    const actions = await session.connection.sendRequest<{ title: string }[]>('textDocument/codeAction', {
      textDocument: { uri: session.uri(SEED_PATH) },
      range: { start: { line: lineOf(text, '| 20:05 |'), character: 3 }, end: { line: lineOf(text, '| 20:05 |'), character: 3 } },
      context: { diagnostics: [] },
    });
    assert.deepEqual(actions.map((a) => a.title), []);
  });

  test('the row\'s code action carries the same edit', async () => {
    const text = seedText();
    await session.openFile(SEED_PATH);
    const line = lineOf(text, '| P3 | Review similar services');
    const range = { start: { line, character: 8 }, end: { line, character: 8 } };
    const actions = await session.connection.sendRequest<{ title: string; kind: string; edit: { changes: Record<string, { newText: string }[]> } }[]>('textDocument/codeAction', { textDocument: { uri: session.uri(SEED_PATH) }, range, context: { diagnostics: [] } });
    const action = actions.find((a) => a.title === 'Mark action item done')!;
    assert.equal(action.kind, 'refactor.rewrite');
    assert.deepEqual(Object.values(action.edit.changes)[0].map((e) => e.newText), ['~~Review similar services~~']);
    const onlyQuickFixes = await session.connection.sendRequest<unknown[]>('textDocument/codeAction', { textDocument: { uri: session.uri(SEED_PATH) }, range, context: { diagnostics: [], only: ['quickfix'] } });
    assert.deepEqual(onlyQuickFixes, []);
  });
});
