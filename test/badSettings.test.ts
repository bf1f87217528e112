// Settings that have the right shape but cannot be used: the server says so once and
// goes on with the defaults, over stdio.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { LspSession } from './lspSession';
import { SEED_PATH } from './support';

let session: LspSession;
before(async () => {
  session = await LspSession.start({ pull: true, settings: { files: ['{rca/**/*.md'] } });
}, { timeout: 30_000 });
after(() => session.close());

test('a malformed rca.files glob is shown once and the default globs are used', async () => {
  const uri = session.uri(SEED_PATH);
  await session.open(uri, readFileSync(join(session.rootPath, SEED_PATH), 'utf8').replace('duration_minutes: 72', 'duration_minutes: 90'));
  const report = await session.connection.sendRequest<{ items: { code: string }[] }>('textDocument/diagnostic', { textDocument: { uri } });
  // An RCA by the default globs (and its tag): the RCA rules run.
  assert.ok(report.items.some((d) => d.code === 'duration-mismatch'), JSON.stringify(report.items));
  // The settings are read again on a change: still one message.
  await session.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  await session.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
  assert.deepEqual(session.shown, ['RCA: rca.files: "{rca/**/*.md" has a "{" that is not closed; using the default globs (**/rca/**/*.md, **/rcas/**/*.md, **/postmortems/**/*.md)']);
  assert.equal(session.logs.filter((l) => l.includes('rca.files')).length, 1);
});
