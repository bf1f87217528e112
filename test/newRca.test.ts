// New RCA's server half in process: the file it writes passes its own rules,
// never collides with an existing file, and a service new to the catalog comes
// with the edit that adds it there.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TextEdit } from 'vscode-languageserver';
import { parseCatalog } from '../server/src/core/catalog';
import { applyEdits } from '../server/src/core/text';
import { newRcaFile } from '../server/src/features/newRca';
import type { NewRcaParams } from '../shared/protocol';
import { codesOf, exampleFiles, indexedService, uriOf } from './support';

const TODAY = '2026-01-15';
const PARAMS: NewRcaParams = { title: 'Queue backlog', service: 'billing-api', severity: 'P2' };
const CATALOG = '.rca/catalog.yaml';

async function created(params: Partial<NewRcaParams> = {}, files = exampleFiles(), settings: object = {}) {
  const { service, workspace } = await indexedService(files, settings);
  const file = await newRcaFile({ ...PARAMS, ...params }, service, TODAY);
  const diagnostics = service.diagnose(service.openDocument(uriOf(file.relativePath), 1, file.text));
  return { file, diagnostics, workspace };
}

describe('New RCA', () => {
  test('the file it writes has no diagnostic but the placeholder author when no author is known', async () => {
    // The one a blank template must have: `author: TBD` is not a catalog team, so the user is asked to fill it in.
    const { file, diagnostics } = await created();
    assert.match(file.text, /^author: TBD$/m);
    assert.deepEqual(
      diagnostics.map((d) => `${d.code}: ${d.message}`),
      ['unknown-team: Author "TBD" is not a team in the catalog'],
    );
  });

  test('with an author from the catalog, the file has no diagnostic at all', async () => {
    const { file, diagnostics } = await created({ userName: 'SRE' });
    assert.match(file.text, /^author: SRE$/m);
    assert.deepEqual(codesOf(diagnostics), []);
  });

  test('the author is rca.defaultAuthor when set, else the user name the editor sends (git user.name)', async () => {
    assert.match((await created({ userName: 'Jane Doe' }, exampleFiles(), { defaultAuthor: 'Backend Team' })).file.text, /^author: Backend Team$/m);
    assert.match((await created({}, exampleFiles(), { defaultAuthor: 'Backend Team' })).file.text, /^author: Backend Team$/m);
    assert.match((await created({ userName: 'Jane Doe' })).file.text, /^author: Jane Doe$/m);
  });

  test('an author that YAML would misread is quoted, and reads back as given', async () => {
    const { file, diagnostics } = await created({ userName: "O'Brien: #1" });
    assert.match(file.text, /^author: "O'Brien: #1"$/m);
    assert.deepEqual(diagnostics.map((d) => d.message), ['Author "O\'Brien: #1" is not a team in the catalog']);
  });

  test('a file name that is taken gets the next number instead of failing', async () => {
    const files = exampleFiles();
    assert.equal((await created({}, files)).file.relativePath, 'rca/2026/2026-01-15-queue-backlog.md');
    files['rca/2026/2026-01-15-queue-backlog.md'] = '# taken\n';
    assert.equal((await created({}, files)).file.relativePath, 'rca/2026/2026-01-15-queue-backlog-2.md');
    files['rca/2026/2026-01-15-queue-backlog-2.md'] = '# taken too\n';
    assert.equal((await created({}, files)).file.relativePath, 'rca/2026/2026-01-15-queue-backlog-3.md');
  });

  test('a catalog service comes with no catalog edit', async () => {
    assert.equal((await created()).file.catalogAddition, undefined);
    // Found as the catalog finds names: by alias and ignoring case.
    assert.equal((await created({ service: 'RECS' })).file.catalogAddition, undefined);
  });

  test('a new service is written, listed under Affected Services, and comes with the edit that adds it to the catalog, comments kept', async () => {
    const files = exampleFiles();
    const { file, diagnostics } = await created({ service: 'payments-gateway', userName: 'SRE' }, files);
    assert.match(file.text, /^services: \[payments-gateway\]$/m);
    assert.match(file.text, /^### Affected Services\n- payments-gateway$/m);
    // Until it is added, the service is what the rules flag, and nothing else.
    assert.deepEqual(codesOf(diagnostics), ['unknown-service']);
    const addition = file.catalogAddition;
    assert.ok(addition);
    assert.equal(addition.service, 'payments-gateway');
    assert.equal(addition.catalogUri, uriOf(CATALOG));
    const edits = addition.edit.changes?.[uriOf(CATALOG)] as TextEdit[];
    const catalog = applyEdits(files[CATALOG], edits);
    assert.ok(catalog.startsWith(files[CATALOG].split('\n')[0]), 'the comment at the top is kept');
    assert.deepEqual(parseCatalog(catalog).services.map((s) => s.name).slice(-2), ['auth-service', 'payments-gateway']);
    // Added, the new RCA checks clean.
    assert.deepEqual(codesOf((await created({ service: 'payments-gateway', userName: 'SRE' }, { ...files, [CATALOG]: catalog })).diagnostics), []);
  });

  test('a folder with no catalog gets one created with the new service', async () => {
    const files = exampleFiles();
    delete files[CATALOG];
    const { file } = await created({ service: 'payments-gateway' }, files);
    const changes = file.catalogAddition?.edit.documentChanges;
    assert.deepEqual(changes?.[0], { kind: 'create', uri: uriOf(CATALOG), options: { ignoreIfExists: true } });
    assert.ok(changes?.[1] && 'edits' in changes[1]);
    assert.equal(applyEdits('', changes[1].edits as TextEdit[]), 'services:\n  - payments-gateway\n');
  });

  test('a service name YAML would misread in a flow list is quoted, and the front matter reads it back as one name', async () => {
    const { file, diagnostics } = await created({ service: 'payments, eu [beta]', userName: 'SRE' });
    assert.match(file.text, /^services: \["payments, eu \[beta\]"\]$/m);
    assert.deepEqual(codesOf(diagnostics), ['unknown-service']);
    assert.equal(diagnostics[0].message, 'Service "payments, eu [beta]" is not in the catalog');
  });
});
