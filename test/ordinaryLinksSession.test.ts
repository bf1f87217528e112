// Ordinary Markdown links through the LSP: diagnostics, definition, references (a
// file's ordinary and wiki-link backlinks together) and document links over stdio,
// as any editor gets them; and in VS Code, the parts its built-in Markdown support
// does (as the client reports its `markdown.*` settings) left to it.
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Diagnostic, DocumentLink, Hover, Location, LocationLink } from 'vscode-languageserver-protocol';
import { copyExample, InProcessSession, LspSession } from './lspSession';

const NOTE = 'notes/links.md';
const RUNBOOK = 'runbooks/runbook-recommendation-engine.md';
const NOTE_TEXT = [
  '# Links',
  '',
  'See [the runbook](../runbooks/runbook-recommendation-engine.md) and [its rollback](../runbooks/runbook-recommendation-engine.md#rollback).',
  'Gone: [old runbook](../runbooks/runbook-user-svc.md) and [[runbook-recommendation-engine]].',
  '',
].join('\n');

/** A copy of the example workspace with the note in it. */
function workspaceWithNote(): string {
  const root = copyExample();
  writeFileSync(join(root, NOTE), NOTE_TEXT);
  return root;
}

const codes = (diagnostics: Diagnostic[]) => diagnostics.map((d) => d.code).filter((c) => String(c).startsWith('link-'));

describe('ordinary links over stdio (any editor)', () => {
  let session: LspSession;
  before(async () => {
    session = await LspSession.start({ root: workspaceWithNote(), settings: {} });
  });
  after(async () => {
    rmSync(session.rootPath, { recursive: true, force: true });
    await session.close();
  });

  test('a missing file is reported; the others resolve', async () => {
    const uri = await session.openFile(NOTE);
    const diagnostics = await session.diagnosticsOf(uri);
    assert.deepEqual(codes(diagnostics), ['link-file-missing']);
    assert.deepEqual(diagnostics.find((d) => d.code === 'link-file-missing')!.range, { start: { line: 3, character: 20 }, end: { line: 3, character: 51 } });
  });

  test('definition goes to the file, or to the heading a fragment names', async () => {
    await session.openFile(NOTE);
    const toFile = await session.request<LocationLink[]>('textDocument/definition', NOTE, { line: 2, character: 30 });
    assert.deepEqual(toFile.map((l) => [l.targetUri, l.targetSelectionRange.start.line]), [[session.uri(RUNBOOK), 0]]);
    const toHeading = await session.request<LocationLink[]>('textDocument/definition', NOTE, { line: 2, character: 120 });
    assert.deepEqual(toHeading.map((l) => [l.targetUri, l.targetSelectionRange.start.line]), [[session.uri(RUNBOOK), 16]]);
  });

  test("a file's references list its ordinary and wiki-link backlinks together; a heading's, the links to it", async () => {
    await session.openFile(RUNBOOK);
    const fileRefs = await session.request<Location[]>('textDocument/references', RUNBOOK, { line: 8, character: 0 }, { context: { includeDeclaration: false } });
    const fromNote = fileRefs.filter((l) => l.uri === session.uri(NOTE)).map((l) => l.range.start);
    assert.deepEqual(fromNote, [
      { line: 2, character: 4 },
      { line: 2, character: 68 },
      { line: 3, character: 57 },
    ]);
    assert.ok(fileRefs.some((l) => l.uri.includes('/rca/2025/')), 'the RCAs wiki-linking the runbook are listed too');
    const headingRefs = await session.request<Location[]>('textDocument/references', RUNBOOK, { line: 16, character: 4 }, { context: { includeDeclaration: false } });
    assert.deepEqual(headingRefs.map((l) => [l.uri, l.range.start]), [[session.uri(NOTE), { line: 2, character: 68 }]]);
  });

  test("hover previews the target (from the heading a fragment names), or says there is no such file", async () => {
    await session.openFile(NOTE);
    const hover = async (character: number, line = 2) => ((await session.request<Hover | null>('textDocument/hover', NOTE, { line, character }))?.contents as { value: string }).value;
    assert.match(await hover(120), /^\*\*recommendation-engine Runbook\*\*[^]*## Rollback/);
    assert.match(await hover(30), /^\*\*recommendation-engine Runbook\*\*[^]*## Alerts/);
    assert.equal(await hover(30, 3), 'No file at `runbooks/runbook-user-svc.md`');
  });

  test('document links open ordinary links too, at the heading line', async () => {
    await session.openFile(NOTE);
    const links = await session.request<DocumentLink[]>('textDocument/documentLink', NOTE);
    const ordinary = links.filter((l) => l.range.start.line === 2);
    assert.deepEqual(ordinary.map((l) => l.target), [session.uri(RUNBOOK), `${session.uri(RUNBOOK)}#L17`]);
  });
});

describe('in VS Code, the built-in Markdown support keeps its parts', () => {
  const start = (markdown: unknown) => InProcessSession.start({ root: workspaceWithNote(), settings: {}, markdown });
  const sessions: InProcessSession[] = [];
  after(async () => {
    for (const s of sessions) {
      rmSync(s.rootPath, { recursive: true, force: true });
      await s.close();
    }
  });

  test('with markdown.validate.enabled off (its default), RCA Author reports broken ordinary links; document links are the built-in\'s', async () => {
    const session = await start({ validate: { enabled: false } });
    sessions.push(session);
    const uri = await session.openFile(NOTE);
    assert.deepEqual(codes(await session.diagnosticsOf(uri)), ['link-file-missing']);
    const links = await session.request<DocumentLink[]>('textDocument/documentLink', NOTE);
    assert.deepEqual(links.map((l) => l.range.start.line), [3], 'only the wiki-link');
  });

  test('with it on, they are left to the built-in, and come back when it is turned off', async () => {
    const session = await start({ validate: { enabled: true } });
    sessions.push(session);
    const uri = await session.openFile(NOTE);
    assert.deepEqual(codes(await session.diagnosticsOf(uri)), []);
    session.markdown = { validate: { enabled: false } };
    const published = session.publications.length;
    await session.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await session.until(() => session.publications.slice(published).some((p) => p.uri === uri && codes(p.diagnostics).length === 1), 'the ordinary-link diagnostic');
  });
});
