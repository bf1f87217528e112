import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diagnosticsFor, exampleFiles, indexedService, SEED_PATH } from './support';

test('the example workspace has no problems', async () => {
  const files = exampleFiles();
  const { service } = await indexedService(files);
  for (const [path, text] of Object.entries(files)) {
    if (!path.endsWith('.md')) continue;
    assert.deepEqual(diagnosticsFor(service, path, text), [], path);
  }
  assert.ok(files[SEED_PATH]);
});
