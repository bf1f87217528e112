// The catalog file in the editor, over a real stdio session with the built server:
// its own diagnostics (pushed and pulled), RCAs checked against it as it is typed,
// and runbook renames and moves rewriting its `runbook:` paths.
import assert from 'node:assert/strict';
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Diagnostic, TextDocumentEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { applyEdits } from '../server/src/core/text';
import { LspSession } from './lspSession';
import { SEED_PATH } from './support';

const CATALOG = '.rca/catalog.yaml';
const codes = (diagnostics: readonly Diagnostic[]) => diagnostics.map((d) => d.code);

describe('catalog diagnostics, pushed', () => {
  let session: LspSession;
  let catalog: string;
  let catalogUri: string;
  let rcaUri: string;
  before(async () => {
    session = await LspSession.start();
    catalog = readFileSync(join(session.rootPath, CATALOG), 'utf8');
    catalogUri = session.uri(CATALOG);
    rcaUri = await session.openFile(SEED_PATH);
  });
  after(() => session.close());

  test('the example catalog, opened, has no problems; the seed RCA none either', async () => {
    assert.deepEqual(await session.diagnosticsOf(rcaUri, 1), []);
    await session.openFile(CATALOG);
    assert.deepEqual(await session.diagnosticsOf(catalogUri, 1), []);
  });

  test('a duplicate and an unknown key, typed in the catalog, are reported on their tokens', async () => {
    const text = catalog.replace('  - DevOps\n', '  - DevOps\n  - devops\n').replace('    aliases: [recs]\n', '    aliases: [recs]\n    tier: 1\n');
    await session.openFile(CATALOG, text);
    const found = await session.diagnosticsOf(catalogUri, 2);
    assert.deepEqual(codes(found), ['catalog-unknown-key', 'catalog-duplicate']);
    assert.deepEqual(found[0].range, { start: { line: 6, character: 4 }, end: { line: 6, character: 8 } });
    assert.deepEqual(found[1].range, { start: { line: 29, character: 4 }, end: { line: 29, character: 10 } });
    assert.equal(found[0].source, 'rca');
    assert.match(found[1].codeDescription!.href, /README\.md#catalog-duplicate$/);
  });

  test('while the catalog is not YAML, the open RCA says so once instead of naming every service unknown; fixing it clears both', async () => {
    session.forget(rcaUri);
    await session.openFile(CATALOG, catalog.replace('aliases: [recs]', 'aliases: [recs'));
    assert.deepEqual([...new Set(codes(await session.diagnosticsOf(catalogUri, 3)))], ['catalog-yaml']);
    const rca = await session.diagnosticsOf(rcaUri, undefined, (d) => d.length > 0);
    assert.deepEqual(codes(rca), ['catalog-unreadable']);
    assert.match(String(rca[0].message), /could not be read, so services and teams are not checked/);

    session.forget(rcaUri);
    await session.openFile(CATALOG, catalog);
    assert.deepEqual(await session.diagnosticsOf(catalogUri, 4), []);
    assert.deepEqual(await session.diagnosticsOf(rcaUri), []);
  });

  test('a runbook path to no file is reported, and cleared when the file appears on disk', async () => {
    await session.openFile(CATALOG, catalog.replace('runbooks/runbook-user-service.md', 'runbooks/user-service.md'));
    const found = await session.diagnosticsOf(catalogUri, 5);
    assert.deepEqual(codes(found), ['catalog-runbook-missing']);
    assert.deepEqual(found[0].range, { start: { line: 10, character: 13 }, end: { line: 10, character: 37 } });

    const path = join(session.rootPath, 'runbooks', 'user-service.md');
    writeFileSync(path, '# User service\n');
    session.forget(catalogUri);
    await session.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: session.uri('runbooks/user-service.md'), type: 1 }] });
    assert.deepEqual(await session.diagnosticsOf(catalogUri), []);
    unlinkSync(path);
  });

  test('closing the catalog clears its diagnostics and goes back to the file on disk', async () => {
    await session.openFile(CATALOG, catalog.replace('  - name: billing-api\n    owner: Backend Team\n', ''));
    assert.deepEqual(codes(await session.diagnosticsOf(rcaUri, undefined, (d) => d.length > 0)), ['unknown-service']);
    session.forget(catalogUri);
    session.forget(rcaUri);
    await session.connection.sendNotification('textDocument/didClose', { textDocument: { uri: catalogUri } });
    assert.deepEqual(await session.diagnosticsOf(catalogUri), []);
    assert.deepEqual(await session.diagnosticsOf(rcaUri), []);
  });
});

describe('catalog diagnostics, pulled', () => {
  let session: LspSession;
  before(async () => {
    session = await LspSession.start({ pull: true });
  });
  after(() => session.close());

  test('textDocument/diagnostic on the catalog returns its report', async () => {
    const catalogUri = session.uri(CATALOG);
    const text = readFileSync(join(session.rootPath, CATALOG), 'utf8').replace('owner: Security Team', 'owner: 42');
    await session.open(catalogUri, text);
    const report = await session.connection.sendRequest<{ kind: string; items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri: catalogUri } });
    assert.equal(report.kind, 'full');
    assert.deepEqual(codes(report.items), ['catalog-type']);
    assert.match(String(report.items[0].message), /`owner` must be text/);
  });

  test('the catalog is not a Markdown document: no symbols, no links, not indexed', async () => {
    const catalogUri = session.uri(CATALOG);
    assert.deepEqual(await session.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: catalogUri } }), []);
    const symbols = await session.connection.sendRequest<{ name: string }[]>('workspace/symbol', { query: 'services' });
    assert.deepEqual(symbols.filter((s) => /catalog/i.test(JSON.stringify(s))), []);
  });
});

describe('renaming or moving a runbook rewrites the catalog in the same edit', () => {
  let session: LspSession;
  let catalog: string;
  before(async () => {
    session = await LspSession.start({ edits: true });
    catalog = readFileSync(join(session.rootPath, CATALOG), 'utf8');
  });
  after(() => session.close());

  /** The catalog's text after the edit's changes to it, and that change's document version. */
  function catalogAfter(edit: WorkspaceEdit): { text: string; version: number | null } {
    const change = edit.documentChanges!.find((c): c is TextDocumentEdit => 'textDocument' in c && c.textDocument.uri === session.uri(CATALOG));
    assert.ok(change, `no catalog edit in ${JSON.stringify(edit)}`);
    return { text: applyEdits(catalog, change.edits as TextEdit[]), version: change.textDocument.version };
  }

  test('F2 on a link to a runbook: the file, the links and the runbook path', async () => {
    const text = readFileSync(join(session.rootPath, SEED_PATH), 'utf8');
    await session.openFile(SEED_PATH);
    const offset = text.indexOf('[[runbook-recommendation-engine') + 4;
    const line = text.slice(0, offset).split('\n').length - 1;
    const character = offset - text.lastIndexOf('\n', offset - 1) - 1;
    const edit = await session.request<WorkspaceEdit>('textDocument/rename', SEED_PATH, { line, character }, { newName: 'recs-runbook' });
    assert.deepEqual(edit.documentChanges!.at(-1), { kind: 'rename', oldUri: session.uri('runbooks/runbook-recommendation-engine.md'), newUri: session.uri('runbooks/recs-runbook.md'), options: { overwrite: false, ignoreIfExists: false } });
    assert.deepEqual(catalogAfter(edit), { text: catalog.replace('runbooks/runbook-recommendation-engine.md', 'runbooks/recs-runbook.md'), version: null });
  });

  test('willRenameFiles, a folder moved in the explorer: every runbook path under it', async () => {
    const edit = await session.connection.sendRequest<WorkspaceEdit>('workspace/willRenameFiles', { files: [{ oldUri: session.uri('runbooks'), newUri: session.uri('ops/runbooks') }] });
    assert.equal(catalogAfter(edit).text, catalog.replaceAll('runbook: runbooks/', 'runbook: ops/runbooks/'));
  });

  test('willRenameFiles with the catalog open: its version, and a new name YAML would misread quoted', async () => {
    await session.openFile(CATALOG);
    const newUri = session.uri('runbooks/user-service%3A%20v2.md');
    const edit = await session.connection.sendRequest<WorkspaceEdit>('workspace/willRenameFiles', { files: [{ oldUri: session.uri('runbooks/runbook-user-service.md'), newUri }] });
    assert.deepEqual(catalogAfter(edit), { text: catalog.replace('runbooks/runbook-user-service.md', '"runbooks/user-service: v2.md"'), version: 1 });
  });
});
