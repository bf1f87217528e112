// Multi-root workspaces: folders added and removed mid-session, each with its own settings and catalog.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { CodeLens, CompletionList, Diagnostic, Hover, LocationLink, MarkupContent, SymbolInformation } from 'vscode-languageserver-protocol';
import { DASHBOARD_REQUEST, LINT_WORKSPACE_REQUEST, NEW_RCA_CHOICES_REQUEST, NEW_RCA_REQUEST, type LintWorkspaceResult, type NewRcaChoices, type NewRcaResult, type Report } from '../shared/protocol';
import { isInside, isMarkdownUri } from '../server/src/core/uri';
import type { FileText } from '../server/src/core/workspace';
import { NodeWorkspace } from '../server/src/nodeWorkspace';
import { copyExample, InProcessSession } from './lspSession';
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

  test("a document left open in a removed folder leaves the index: links no longer resolve to it", async () => {
    const folder = { uri: pathToFileURL(other).href, name: 'other' };
    await session.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [folder], removed: [] } });
    const there = `${folder.uri}/notes/open-there.md`;
    await session.open(there, '# Open in the other folder\n');
    await session.diagnosticsOf(there, 1);
    const here = await session.openFile('notes/links-there.md', 'See [[open-there]].\n');
    await session.diagnosticsOf(here, undefined, (d) => d.length === 0);

    await session.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [folder] } });
    assert.deepEqual(codes(await session.diagnosticsOf(here, undefined, (d) => d.length > 0)), ['broken-wiki-link']);
    assert.deepEqual(await session.connection.sendRequest<SymbolInformation[]>('workspace/symbol', { query: 'Open in the other' }), []);
  });
});

/** The file system workspace, with the Markdown files of one folder read only once `open` is called; it records what it did when. */
class GatedWorkspace extends NodeWorkspace {
  readonly events: string[] = [];
  open!: () => void;
  private readonly gate = new Promise<void>((resolve) => (this.open = resolve));

  constructor(
    roots: readonly string[],
    log: (message: string) => void,
    private readonly gated: string,
  ) {
    super(roots, log);
  }

  override async readFile(uri: string, maxBytes?: number): Promise<FileText | undefined> {
    if (isInside(uri, this.gated) && isMarkdownUri(uri)) {
      await this.gate;
      this.events.push('read');
    }
    return super.readFile(uri, maxBytes);
  }

  override setRoots(roots: readonly string[]): void {
    this.events.push('roots changed');
    super.setRoots(roots);
  }
}

describe('a folder added while the workspace is being indexed', () => {
  test('is indexed once the indexing is done, and links are never checked against a half-built index', async () => {
    const other = mkdtempSync(join(tmpdir(), 'rca-other-'));
    writeFileSync(join(other, 'added-later.md'), '# Added while indexing\n');
    let workspace!: GatedWorkspace;
    const root = copyExample();
    const session = await InProcessSession.start({ root, indexing: true }, { createWorkspace: (roots, log) => (workspace = new GatedWorkspace(roots, log, pathToFileURL(root).href)) });
    try {
      const uri = session.uri('notes/links-while-indexing.md');
      await session.open(uri, 'See [[2025-07-30-previous-incident]].\n');
      const folder = { uri: pathToFileURL(other).href, name: 'other' };
      await session.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [folder], removed: [] } });
      // Answered after the notification was handled: the change has been taken in.
      await session.connection.sendRequest('workspace/symbol', { query: 'x' });
      workspace.open();

      await session.until(() => session.logs.some((l) => l.startsWith('Workspace folders changed')), 'the folder change');
      assert.ok(workspace.events.includes('read'));
      assert.ok(workspace.events.indexOf('roots changed') > workspace.events.lastIndexOf('read'), workspace.events.join(', '));
      const symbols = await session.connection.sendRequest<SymbolInformation[]>('workspace/symbol', { query: 'Added while indexing' });
      assert.deepEqual(symbols.map((s) => s.location.uri), [`${folder.uri}/added-later.md`]);
      assert.deepEqual(session.publications.filter((p) => p.uri === uri && p.diagnostics.length > 0), []);
    } finally {
      await session.close();
      rmSync(root, { recursive: true, force: true });
      rmSync(other, { recursive: true, force: true });
    }
  });
});

describe('answers about the whole workspace, asked while it is being indexed', () => {
  test('the dashboard and linting the workspace wait for the indexing, then count every file', async () => {
    let workspace!: GatedWorkspace;
    const root = copyExample();
    const session = await InProcessSession.start({ root, indexing: true }, { createWorkspace: (roots, log) => (workspace = new GatedWorkspace(roots, log, pathToFileURL(root).href)) });
    try {
      let opened = false;
      const answeredAfterOpening = <T>(answer: Promise<T>) => answer.then((value) => ({ value, opened }));
      const report = answeredAfterOpening(session.connection.sendRequest<Report>(DASHBOARD_REQUEST.method, { filter: {} }));
      const lint = answeredAfterOpening(session.connection.sendRequest<LintWorkspaceResult>(LINT_WORKSPACE_REQUEST.method, {}));
      // Answered after both requests were taken in: an answer from the index being built would have come first.
      await session.connection.sendRequest('workspace/symbol', { query: 'x' });
      opened = true;
      workspace.open();
      assert.deepEqual(await report.then(({ value, opened }) => ({ incidents: value.incidents.length, opened })), { incidents: 5, opened: true });
      assert.deepEqual(await lint.then(({ value, opened }) => ({ files: value.files, opened })), { files: 16, opened: true });
    } finally {
      await session.close();
      rmSync(root, { recursive: true, force: true });
    }
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

describe('two workspace folders, each with its own catalog and settings', () => {
  let session: InProcessSession;
  let other: string;
  let otherUri: string;
  const catalog = 'services:\n  - name: billing\n    owner: Payments\n    runbook: runbooks/billing.md\nteams:\n  - Payments\n';
  const rca = '---\ntitle: Outage\nseverity: \nservices: [billing, recommendation-engine]\n---\n';
  before(async () => {
    other = mkdtempSync(join(tmpdir(), 'rca-other-'));
    otherUri = pathToFileURL(other).href;
    mkdirSync(join(other, 'runbooks'));
    writeFileSync(join(other, 'runbooks', 'billing.md'), '# Billing runbook\n');
    writeFileSync(join(other, 'services.yaml'), catalog);
    const otherSettings = { catalog: 'services.yaml', severities: ['SEV1', 'SEV2'], requiredSections: ['What happened'], codeLens: { enabled: false } };
    session = await InProcessSession.start({ folders: [other], settings: {}, folderSettings: { [otherUri]: otherSettings } });
  });
  after(async () => {
    await session.close();
    rmSync(other, { recursive: true, force: true });
  });

  const unknownServices = (diagnostics: readonly Diagnostic[]) => diagnostics.filter((d) => d.code === 'unknown-service').map((d) => String(d.message));
  const request = <T>(method: string, uri: string, position: { line: number; character: number }) => session.connection.sendRequest<T>(method, { textDocument: { uri }, position });

  test("an RCA's services are checked against its own folder's catalog", async () => {
    const here = await session.openFile('rca/services-here.md', rca);
    assert.deepEqual(unknownServices(await session.diagnosticsOf(here)), ['Service "billing" is not in the catalog']);
    const there = `${otherUri}/rca/services-there.md`;
    await session.open(there, rca);
    assert.deepEqual(unknownServices(await session.diagnosticsOf(there, 1)), ['Service "recommendation-engine" is not in the catalog']);
  });

  test("a service hover shows the owner and runbook from the RCA's folder's catalog", async () => {
    const there = `${otherUri}/rca/hover-there.md`;
    await session.open(there, rca);
    const hover = await request<Hover>('textDocument/hover', there, { line: 3, character: 13 });
    const { value } = hover.contents as MarkupContent;
    assert.match(value, /Owner: Payments/);
    assert.ok(value.includes(`Runbook: [runbooks/billing.md](${otherUri}/runbooks/billing.md)`), value);
  });

  test("completion offers the folder's catalog services and its own severities", async () => {
    const items = async (uri: string, line: number, character: number) => (await request<CompletionList>('textDocument/completion', uri, { line, character })).items;
    const labels = async (uri: string, line: number, character: number) => (await items(uri, line, character)).map((i) => i.label);
    // The RCAs above name billing, so both folders offer it; only the other folder's catalog knows its owner.
    const billing = async (uri: string) => (await items(uri, 3, 11)).find((i) => i.label === 'billing')?.detail ?? '';
    const here = session.uri('rca/complete-here.md');
    const there = `${otherUri}/rca/complete-there.md`;
    await session.open(here, rca);
    await session.open(there, rca);
    assert.deepEqual(await labels(there, 2, 10), ['SEV1', 'SEV2']);
    assert.deepEqual(await labels(here, 2, 10), ['P1', 'P2', 'P3', 'P4']);
    assert.match(await billing(there), /owner Payments/);
    assert.doesNotMatch(await billing(here), /owner/);
  });

  test('the code lens switch is read per folder', async () => {
    const seed = readFileSync(join(EXAMPLE, SEED_PATH), 'utf8');
    const there = `${otherUri}/rca/lens-there.md`;
    await session.open(there, seed);
    await session.openFile(SEED_PATH);
    const lenses = (uri: string) => session.connection.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.equal((await lenses(session.uri(SEED_PATH))).length, 1);
    assert.deepEqual(await lenses(there), []);
  });

  test("a folder's catalog file has its own diagnostics, and its RCAs follow it as it is typed", async () => {
    const catalogUri = `${otherUri}/services.yaml`;
    await session.open(catalogUri, catalog.replace('runbooks/billing.md', 'runbooks/missing.md'));
    assert.deepEqual(codes(await session.diagnosticsOf(catalogUri, 1)), ['catalog-runbook-missing']);
    const there = `${otherUri}/rca/typed-there.md`;
    await session.open(there, rca);
    await session.diagnosticsOf(there, 1);
    await session.connection.sendNotification('textDocument/didChange', { textDocument: { uri: catalogUri, version: 2 }, contentChanges: [{ text: 'services:\n  - name: recommendation-engine\n' }] });
    assert.deepEqual(codes(await session.diagnosticsOf(catalogUri, 2)), []);
    assert.deepEqual(unknownServices(await session.diagnosticsOf(there, 1, (d) => unknownServices(d).length === 1 && /billing/.test(unknownServices(d)[0]))), ['Service "billing" is not in the catalog']);
    await session.connection.sendNotification('textDocument/didClose', { textDocument: { uri: catalogUri } });
  });

  test("New RCA in a folder offers that folder's services and severities and follows its template settings", async () => {
    const choices = await session.connection.sendRequest<NewRcaChoices>(NEW_RCA_CHOICES_REQUEST.method, { folder: otherUri });
    assert.deepEqual(choices.severities.map((s) => s.name), ['SEV1', 'SEV2']);
    assert.match(choices.services.find((s) => s.name === 'billing')?.detail ?? '', /owner Payments/);
    const created = (folder?: string) => session.connection.sendRequest<NewRcaResult>(NEW_RCA_REQUEST.method, { title: 'Outage', service: undefined, severity: undefined, folder });
    const there = (await created(otherUri)).text;
    assert.match(there, /^severity: SEV2$/m);
    assert.match(there, /^## What happened$/m);
    assert.doesNotMatch(there, /^## Summary$/m);
    assert.match((await created()).text, /^## Summary$/m);
  });
});
