// Ordinary links follow the files and headings they name: a move or rename rewrites
// their paths from each linking file (relative, `/`-absolute, without `.md`, in
// `<>` or `%`-encoded, as written), a moved file's own relative links, and the
// anchors of a renamed heading; completion offers paths and anchors inside `](`.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_SETTINGS, NO_EDITOR_MARKDOWN, type RcaSettings } from '../server/src/core/settings';
import { applyEdits } from '../server/src/core/text';
import { linkCompletion } from '../server/src/features/linkCompletion';
import { FULL_EDIT_SUPPORT } from '../server/src/features/linkTools';
import { rename, willRenameFiles } from '../server/src/features/rename';
import type { TextDocumentEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { indexedService, uriOf } from './support';

const FILES: Record<string, string> = {
  'runbooks/payments.md': '# Payments\n\n## Rollback\n\n## Rollback\n',
  'runbooks/my note.md': '# My note\n',
  'notes/index.md': '# Index\n',
  'notes/new.md': [
    '# New',
    '',
    '[a](../runbooks/payments.md#rollback "title") [b](/runbooks/payments.md) [c](../runbooks/payments) [d](<../runbooks/payments.md>) [[payments]]',
    '[e](../runbooks/my%20note.md) [f](<../runbooks/my note.md>) [g](index.md) [h](./index.md#index) [i](#new) [j](https://x.y/payments.md)',
    '[k](../runbooks/payments.md#rollback-1) [ref]',
    '',
    '[ref]: ../runbooks/payments.md',
    '',
  ].join('\n'),
};

/** Each file's text once a WorkspaceEdit's text edits are applied. */
function applied(edit: WorkspaceEdit | null | { error: string }, files: Record<string, string> = FILES): Record<string, string> {
  assert.ok(edit && !('error' in edit), JSON.stringify(edit));
  const out: Record<string, string> = {};
  for (const change of (edit as WorkspaceEdit).documentChanges ?? []) {
    if (!('textDocument' in change)) continue;
    const path = Object.keys(files).find((p) => uriOf(p) === (change as TextDocumentEdit).textDocument.uri)!;
    out[path] = applyEdits(files[path], (change as TextDocumentEdit).edits as { range: never; newText: string }[]);
  }
  return out;
}

const line = (text: string, n: number) => text.split('\n')[n];

describe('moves and renames rewrite ordinary links', () => {
  test('a moved file: every way of writing a link to it keeps its form', async () => {
    const { service } = await indexedService(FILES);
    const edit = willRenameFiles([{ oldUri: uriOf('runbooks/payments.md'), newUri: uriOf('archive/old/payments.md') }], service, FULL_EDIT_SUPPORT);
    const note = applied(edit)['notes/new.md'];
    assert.equal(
      line(note, 2),
      '[a](../archive/old/payments.md#rollback "title") [b](/archive/old/payments.md) [c](../archive/old/payments) [d](<../archive/old/payments.md>) [[payments]]',
    );
    assert.equal(line(note, 4), '[k](../archive/old/payments.md#rollback-1) [ref]');
    assert.equal(line(note, 6), '[ref]: ../archive/old/payments.md');
  });

  test("a moved file's own relative links start from its new folder; /paths and #fragments stay", async () => {
    const { service } = await indexedService(FILES);
    const note = applied(willRenameFiles([{ oldUri: uriOf('notes/new.md'), newUri: uriOf('notes/deep/er/new.md') }], service, FULL_EDIT_SUPPORT))['notes/new.md'];
    assert.equal(line(note, 2), '[a](../../../runbooks/payments.md#rollback "title") [b](/runbooks/payments.md) [c](../../../runbooks/payments) [d](<../../../runbooks/payments.md>) [[payments]]');
    assert.equal(line(note, 3), '[e](../../../runbooks/my%20note.md) [f](<../../../runbooks/my note.md>) [g](../../index.md) [h](../../index.md#index) [i](#new) [j](https://x.y/payments.md)');
  });

  test('renaming a file from a link: %20 stays %20, raw spaces in <> stay raw', async () => {
    const { service } = await indexedService(FILES);
    const doc = service.openDocument(uriOf('notes/new.md'), 1, FILES['notes/new.md']);
    const note = applied(rename(doc, { line: 3, character: 10 }, 'our note', service, FULL_EDIT_SUPPORT))['notes/new.md'];
    assert.equal(line(note, 3), '[e](../runbooks/our%20note.md) [f](<../runbooks/our note.md>) [g](index.md) [h](./index.md#index) [i](#new) [j](https://x.y/payments.md)');
  });

  test('renaming a heading rewrites the anchors that name it, duplicates numbered', async () => {
    const { service } = await indexedService(FILES);
    const runbook = service.openDocument(uriOf('runbooks/payments.md'), 1, FILES['runbooks/payments.md']);
    const second = applied(rename(runbook, { line: 4, character: 5 }, 'Roll back', service, FULL_EDIT_SUPPORT));
    assert.equal(line(second['notes/new.md'], 4), '[k](../runbooks/payments.md#roll-back) [ref]');
    assert.equal(line(second['notes/new.md'], 2).slice(0, 46), '[a](../runbooks/payments.md#rollback "title") ');
    // Renaming the first: the second, which keeps the text, now has the anchor without a number.
    const first = applied(rename(runbook, { line: 2, character: 5 }, 'Revert', service, FULL_EDIT_SUPPORT));
    assert.equal(line(first['notes/new.md'], 2).slice(0, 43), '[a](../runbooks/payments.md#revert "title")');
  });

  test('moves are left to an editor whose Markdown support updates links on a move; wiki-links still follow', async () => {
    const settings: RcaSettings = { ...DEFAULT_SETTINGS, editorMarkdown: { ...NO_EDITOR_MARKDOWN, updatesLinksOnMove: true } };
    const { service } = await indexedService(FILES, settings);
    const note = applied(willRenameFiles([{ oldUri: uriOf('runbooks/payments.md'), newUri: uriOf('runbooks/billing.md') }], service, FULL_EDIT_SUPPORT))['notes/new.md'];
    assert.equal(line(note, 2), '[a](../runbooks/payments.md#rollback "title") [b](/runbooks/payments.md) [c](../runbooks/payments) [d](<../runbooks/payments.md>) [[billing]]');
  });
});

describe('completion inside an ordinary link', () => {
  const complete = async (text: string, settings: RcaSettings = DEFAULT_SETTINGS) => {
    const { service } = await indexedService(FILES, settings);
    const doc = service.openDocument(uriOf('notes/other.md'), 1, text);
    return linkCompletion(doc, doc.lines.positionAt(text.length), service);
  };

  test('after ]( the paths of Markdown files from this folder, encoded', async () => {
    const list = await complete('# Other\n\nSee [x](../run');
    assert.deepEqual(list!.items.map((i) => i.textEdit && 'range' in i.textEdit ? [i.label, i.textEdit.range.start.character] : undefined).sort(), [
      ['../runbooks/my%20note.md', 8],
      ['../runbooks/payments.md', 8],
    ]);
  });

  test("after # the target's anchors, or this document's", async () => {
    const list = await complete('# Other\n\n## Own part\n\nSee [x](../runbooks/payments.md#');
    assert.deepEqual(list!.items.map((i) => i.label), ['payments', 'rollback', 'rollback-1']);
    assert.deepEqual((await complete('# Other\n\n## Own part\n\nSee [x](#'))!.items.map((i) => i.label), ['other', 'own-part']);
  });

  test('nothing where the editor completes paths itself, or in code', async () => {
    assert.deepEqual((await complete('# Other\n\n[x](../run', { ...DEFAULT_SETTINGS, editorMarkdown: { ...NO_EDITOR_MARKDOWN, completesPaths: true } }))!.items, []);
    assert.equal(await complete('# Other\n\n`[x](../run'), null);
  });
});
