// The server started in-process through startServer, the one entry every host calls.
import assert from 'node:assert/strict';
import { unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { copyExample, InProcessSession } from './lspSession';
import { SEED_PATH } from './support';

describe('startServer in-process', () => {
  let full: InProcessSession;
  let partial: InProcessSession;
  before(async () => {
    const root = copyExample();
    unlinkSync(join(root, 'runbooks', 'runbook-recommendation-engine.md'));
    // Two servers in one process at once: each keeps its own connection, workspace and index.
    [full, partial] = await Promise.all([InProcessSession.start(), InProcessSession.start({ root })]);
  });
  after(async () => {
    await full.close();
    await partial.close();
  });

  test('each server answers from its own workspace', async () => {
    const inFull = await full.openFile(SEED_PATH);
    const inPartial = await partial.openFile(SEED_PATH);
    assert.deepEqual(await full.diagnosticsOf(inFull), []);
    assert.deepEqual((await partial.diagnosticsOf(inPartial)).map((d) => d.code), ['broken-wiki-link']);
  });

  test('one server exiting leaves the other serving', async () => {
    await full.close();
    const hover = await partial.request<{ contents: { value: string } } | null>('textDocument/hover', SEED_PATH, { line: 7, character: 19 });
    assert.match(hover!.contents.value, /72/);
  });
});
