// Multi-root workspaces: folders added and removed mid-session.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { Diagnostic, LocationLink, SymbolInformation } from 'vscode-languageserver-protocol';
import { DASHBOARD_REQUEST, type Report } from '../shared/protocol';
import { InProcessSession } from './lspSession';
import { EXAMPLE, SEED_PATH } from './support';

const codes = (diagnostics: readonly Diagnostic[]) => diagnostics.map((d) => d.code);

describe('workspace folders', () => {
  let session: InProcessSession;
  let other: string;
  before(async () => {
    session = await InProcessSession.start();
    other = mkdtempSync(join(tmpdir(), 'rca-other-'));
    mkdirSync(join(other, 'notes'));
    writeFileSync(join(other, 'notes', 'only-in-other.md'), '# Only in the other folder\n');
  });
  after(async () => {
    await session.close();
    rmSync(other, { recursive: true, force: true });
  });

  test('a folder added mid-session is indexed; a folder removed is dropped', async () => {
    const text = `${readFileSync(join(session.rootPath, SEED_PATH), 'utf8')}\nSee [[only-in-other]].\n`;
    const uri = await session.openFile(SEED_PATH, text);
    assert.deepEqual(codes(await session.diagnosticsOf(uri)), ['broken-wiki-link']);
    const folder = { uri: pathToFileURL(other).href, name: 'other' };
    const symbols = () => session.connection.sendRequest<SymbolInformation[]>('workspace/symbol', { query: 'Only in the other' });

    await session.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [folder], removed: [] } });
    await session.diagnosticsOf(uri, undefined, (d) => d.length === 0);
    assert.deepEqual((await symbols()).map((s) => s.location.uri), [`${folder.uri}/notes/only-in-other.md`]);

    await session.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [folder] } });
    assert.deepEqual(codes(await session.diagnosticsOf(uri, undefined, (d) => d.length > 0)), ['broken-wiki-link']);
    assert.deepEqual(await symbols(), []);
  });
});

describe('two workspace folders, with a note of the same name', () => {
  let session: InProcessSession;
  let other: string;
  before(async () => {
    other = mkdtempSync(join(tmpdir(), 'rca-other-'));
    mkdirSync(join(other, 'notes'));
    writeFileSync(join(other, 'notes', 'shared.md'), '# Shared in the other folder\n\n## Steps\n');
    writeFileSync(join(other, 'notes', 'elsewhere.md'), '# Only in the other folder\n');
    mkdirSync(join(other, 'rca'));
    writeFileSync(join(other, 'rca', 'incident.md'), readFileSync(join(EXAMPLE, SEED_PATH), 'utf8'));
    // The other folder turns broken links off in its own settings.
    session = await InProcessSession.start({ folders: [other], settings: {}, folderSettings: { [pathToFileURL(other).href]: { rules: { 'broken-wiki-link': 'off' } } } });
  });
  after(async () => {
    await session.close();
    rmSync(other, { recursive: true, force: true });
  });

  test("a link resolves to its own folder's note first, then to the other folders'", async () => {
    writeFileSync(join(session.rootPath, 'notes', 'shared.md'), '# Shared here\n');
    await session.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: session.uri('notes/shared.md'), type: 1 }] });
    const text = 'See [[shared]] and [[elsewhere]].\n';
    const uri = await session.openFile('notes/linking.md', text);
    assert.deepEqual(codes(await session.diagnosticsOf(uri)), []);
    const definitionAt = (character: number) => session.request<LocationLink[]>('textDocument/definition', 'notes/linking.md', { line: 0, character });
    assert.deepEqual((await definitionAt(8)).map((l) => l.targetUri), [session.uri('notes/shared.md')]);
    assert.deepEqual((await definitionAt(23)).map((l) => l.targetUri), [`${pathToFileURL(other).href}/notes/elsewhere.md`]);
  });

  test("the dashboard reports one folder's RCAs when asked for that folder", async () => {
    const incidents = async (folder?: string) => (await session.connection.sendRequest<Report>(DASHBOARD_REQUEST.method, { filter: {}, folder })).incidents.map((i) => i.path);
    assert.deepEqual(await incidents(pathToFileURL(other).href), ['rca/incident.md']);
    assert.equal((await incidents()).length, 6);
  });

  test("each folder's own settings apply to its files", async () => {
    const text = 'See [[nowhere]].\n';
    const here = await session.openFile('notes/broken-here.md', text);
    assert.deepEqual(codes(await session.diagnosticsOf(here)), ['broken-wiki-link']);
    const there = `${pathToFileURL(other).href}/notes/broken-there.md`;
    await session.open(there, text);
    assert.deepEqual(await session.diagnosticsOf(there, 1), []);
  });
});
