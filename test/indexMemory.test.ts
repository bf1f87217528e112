// What the index keeps of each document, measured in this process: a workspace of
// 100,000 RCAs must start within the server's memory budget (500 MB peak), and the
// index it keeps is most of it. The bound has headroom over what it is (about
// 3,500 bytes a generated RCA with its lookups, at 3,000 RCAs; 4,050 before the owner tables
// kept widely shared keys as bits): an index that grows past it fails.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { RcaService } from '../server/src/core/service';
import { resolveSettings } from '../server/src/core/settings';
import { NodeWorkspace, pathToUri } from '../server/src/nodeWorkspace';
import { RULE_SETS } from '../server/src/rules';
import { temporaryFolders } from './indexFixtures';
import { REPO } from './support';

const DOCUMENTS = 3000;
const MAX_BYTES_PER_DOCUMENT = 4000;

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
const tempDir = temporaryFolders();

test(`the index keeps at most ${MAX_BYTES_PER_DOCUMENT} bytes of heap a generated RCA (${DOCUMENTS}, with its lookups)`, async () => {
  const root = tempDir('rca-memory-');
  const generated = spawnSync(process.execPath, [join(REPO, 'bench', 'generate.mjs'), '--out', root, '--n', String(DOCUMENTS), '--seed', '42'], { encoding: 'utf8' });
  assert.equal(generated.status, 0, generated.stderr);
  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  const service = new RcaService(new NodeWorkspace([pathToUri(root)]), RULE_SETS, resolveSettings({ maxFiles: 1_000_000 }));
  await service.indexWorkspace();
  await service.prepareLookups();
  collectGarbage();
  const perDocument = (process.memoryUsage().heapUsed - before) / service.index.size;
  assert.ok(service.index.size >= DOCUMENTS);
  assert.ok(perDocument <= MAX_BYTES_PER_DOCUMENT, `${Math.round(perDocument)} bytes a document`);
});
