import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RcaService } from '../server/src/core/service';
import { RULE_SETS } from '../server/src/rules';
import { diagnosticsFor, exampleFiles, indexedService, MemoryWorkspace, SEED_PATH, uriOf } from './support';

test('the example workspace has no problems', async () => {
  const files = exampleFiles();
  const { service } = await indexedService(files);
  for (const [path, text] of Object.entries(files)) {
    if (!path.endsWith('.md')) continue;
    assert.deepEqual(diagnosticsFor(service, path, text), [], path);
  }
  assert.ok(files[SEED_PATH]);
});

test('without a workspace folder, links are not checked (the index cannot know other files)', async () => {
  const service = new RcaService(new MemoryWorkspace({}, []), RULE_SETS);
  await service.indexWorkspace();
  const doc = service.openDocument('untitled:Untitled-1', 1, '# Note\n\nSee [[elsewhere]].\n');
  assert.deepEqual(service.diagnose(doc), []);
});

test('a cancelled index run stops early and leaves links unchecked', async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 50; i++) files[`notes/n${i}.md`] = `# n${i}\n`;
  const workspace = new MemoryWorkspace(files);
  const service = new RcaService(workspace, RULE_SETS);
  const token = { isCancellationRequested: false };
  let seen = 0;
  await service.indexWorkspace(token, (done) => {
    seen = done;
    if (done === 10) token.isCancellationRequested = true;
  });
  assert.equal(seen, 10);
  assert.equal(service.isIndexed, false);
  assert.deepEqual(service.diagnose(service.openDocument(uriOf('a.md'), 1, '[[nowhere]]')), []);
});

test('an index without editor lookups (rca-lint) resolves links and diagnoses exactly as the full one', async () => {
  const files = { ...exampleFiles(), 'notes/architecture-application.md': '# Duplicate\n', 'notes/links.md': '[[runbook-user-service#Rollback]] [[nowhere]] [[runbook-user-service#Nope]]\n' };
  const full = new RcaService(new MemoryWorkspace(files), RULE_SETS);
  const lean = new RcaService(new MemoryWorkspace(files), RULE_SETS, undefined, { editorLookups: false });
  await full.indexWorkspace();
  await lean.indexWorkspace();
  for (const [path, text] of Object.entries(files)) {
    if (!path.endsWith('.md')) continue;
    assert.deepEqual(lean.diagnose(lean.openDocument(uriOf(path), 1, text)), full.diagnose(full.openDocument(uriOf(path), 1, text)), path);
  }
  assert.equal(lean.index.services().size, 0);
  assert.ok(full.index.services().size > 0);
});

test('a .markdown file resolves like a .md file', async () => {
  const { service } = await indexedService({ 'notes/oncall-guide.markdown': '# On-call guide\n\n## Paging\n', 'notes/a.md': '' });
  assert.deepEqual(diagnosticsFor(service, 'notes/a.md', 'See [[oncall-guide]], [[Oncall-Guide#paging]] and [[oncall-guide.markdown]].\n'), []);
  assert.deepEqual(diagnosticsFor(service, 'notes/a.md', 'See [[oncall-guide#Escalation]].\n').map((d) => d.code), ['broken-heading-link']);
});
