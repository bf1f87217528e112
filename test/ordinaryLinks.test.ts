// Ordinary Markdown links against the workspace index: which are checked and how
// (paths relative to the linking file or, with `/`, to its workspace folder;
// headings by GitHub's anchors), what is left alone (external URLs, other kinds
// of files, places outside the folders), and what the editor's own Markdown
// support is left to do.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_SETTINGS, NO_EDITOR_MARKDOWN } from '../server/src/core/settings';
import { diagnosticsFor, indexedService, marked, uriOf } from './support';

const RUNBOOK = '# Payments runbook\n\n## Rollback\n\n## Rollback\n\n## Étape 2: vérifier (DB)\n\nSetext\n------\n';
const FILES = {
  'runbooks/payments.md': RUNBOOK,
  'runbooks/my note.md': '# My note\n',
  'notes/index.md': '# Index\n',
};

/** The ordinary-link diagnostics of a note at `notes/new.md`, as [code, marked text]. */
async function check(body: string, settings = DEFAULT_SETTINGS) {
  const { service } = await indexedService(FILES, settings);
  const { text, ranges } = marked(body);
  const found = diagnosticsFor(service, 'notes/new.md', text).filter((d) => d.code.startsWith('link-'));
  return { found: found.map((d) => [d.code, d.range, d.message]), ranges };
}

describe('ordinary links are checked as CommonMark and VS Code read them', () => {
  test('a missing file and a missing heading, on the path and on the fragment', async () => {
    const { found, ranges } = await check('# New\n\n[a](⟦../runbooks/paymnets.md⟧) and [b](../runbooks/payments.md#⟦escalation⟧)\n');
    assert.deepEqual(found, [
      ['link-file-missing', ranges[0], 'No file at "../runbooks/paymnets.md" (runbooks/paymnets.md)'],
      ['link-heading-missing', ranges[1], 'No heading with the anchor "#escalation" in runbooks/payments.md'],
    ]);
  });

  test('files by relative, encoded, angle-bracket and workspace-absolute paths; headings by anchor, duplicates numbered', async () => {
    const links = [
      '[a](../runbooks/payments.md)',
      '[b](/runbooks/payments.md#rollback)',
      '[c](../runbooks/payments.md#rollback-1 "second")',
      '[d](../runbooks/my%20note.md)',
      '[e](<../runbooks/my note.md>)',
      '[f](../runbooks/payments.md#étape-2-vérifier-db)',
      '[g](../runbooks/payments.md#%C3%A9tape-2-v%C3%A9rifier-db)',
      '[h](../runbooks/payments.md#setext)',
      '[i](../runbooks/payments.md#L3)',
      '[j](../runbooks/payments)',
      '[k](#new) [l](index.md) [m](./index.md#index)',
    ];
    assert.deepEqual((await check(`# New\n\n${links.join('\n')}\n`)).found, []);
  });

  test('a reference is checked once, at its definition', async () => {
    const { found, ranges } = await check('# New\n\nSee [the runbook][rb] and [rb] again.\n\n[rb]: ⟦../runbooks/gone.md⟧ "Gone"\n');
    assert.deepEqual(found.map(([code, range]) => [code, range]), [['link-file-missing', ranges[0]]]);
  });

  test('external URLs, other kinds of file, folders, places outside the workspace, code and undefined references are left alone', async () => {
    const body = [
      '# New',
      '',
      '[w](https://example.com/missing.md) [m](mailto:sre@example.com) [p](//host/x.md) <https://example.com/x.md>',
      '![diagram](img/missing.png) [dir](../runbooks/) [out](../../../outside.md) [bare](../runbooks/missing)',
      '`[code](missing.md)` [undefined][nothing]',
      '',
      '```',
      '[fenced](missing.md)',
      '```',
    ].join('\n');
    assert.deepEqual((await check(body)).found, []);
  });

  test('off, or left to an editor that validates links itself', async () => {
    const broken = '# New\n\n[a](missing.md)\n';
    assert.deepEqual((await check(broken, { ...DEFAULT_SETTINGS, rules: { 'link-file-missing': 'off' } })).found, []);
    assert.deepEqual((await check(broken, { ...DEFAULT_SETTINGS, editorMarkdown: { ...NO_EDITOR_MARKDOWN, validatesLinks: true } })).found, []);
    const { found } = await check(broken, { ...DEFAULT_SETTINGS, rules: { 'link-file-missing': 'error' } });
    assert.equal(found.length, 1);
  });

  test('a file appearing re-checks the documents linking to it', async () => {
    const { service, workspace } = await indexedService(FILES);
    const doc = service.openDocument(uriOf('notes/new.md'), 1, '# New\n\n[a](later.md)\n');
    assert.deepEqual(service.diagnose(doc).map((d) => d.code), ['link-file-missing']);
    const invalidated: string[] = [];
    service.onDidInvalidate((uris) => invalidated.push(...uris));
    workspace.change('notes/later.md', '# Later\n');
    await new Promise((resolve) => setImmediate(resolve));
    assert.ok(invalidated.includes(uriOf('notes/new.md')));
    assert.deepEqual(service.diagnose(doc), []);
  });
});
