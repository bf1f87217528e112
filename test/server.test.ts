// The built language server over a real stdio JSON-RPC session.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import { LspSession } from './lspSession';
import { SEED_PATH } from './support';

const DURATION_LINE = 7; // `duration_minutes: 72` in the seed

describe('push diagnostics', () => {
  let session: LspSession;
  let uri: string;
  let text: string;
  before(async () => {
    session = await LspSession.start();
    uri = session.uri(SEED_PATH);
    text = readFileSync(join(session.rootPath, SEED_PATH), 'utf8');
  });
  after(() => session.close());

  test('indexing reports $/progress begin and end, and logs the file count', () => {
    assert.equal(session.progress[0].kind, 'begin');
    assert.equal(session.progress.at(-1)!.kind, 'end');
    assert.ok(session.logs.some((l) => /Indexed 16 Markdown files/.test(l)), session.logs.join('\n'));
  });

  test('a seed RCA has no problems', async () => {
    await session.open(uri, text);
    assert.deepEqual(await session.diagnosticsOf(uri, 1), []);
  });

  test('an incremental edit is applied and diagnosed on the offending token', async () => {
    const edit = { range: { start: { line: DURATION_LINE, character: 18 }, end: { line: DURATION_LINE, character: 20 } }, text: '80' };
    await session.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [edit] });
    const diagnostics = await session.diagnosticsOf(uri, 2);
    const duration = diagnostics.find((d) => d.code === 'duration-mismatch');
    assert.ok(duration, JSON.stringify(diagnostics));
    assert.deepEqual(duration.range, edit.range);
    assert.equal(duration.source, 'rca');
    assert.equal(duration.severity, 1);
    assert.match(duration.codeDescription!.href, /README\.md#duration-mismatch$/);
    assert.match(String(duration.message), /80.*72 minutes/);
  });

  test('undoing the edit clears the diagnostics', async () => {
    const edit = { range: { start: { line: DURATION_LINE, character: 18 }, end: { line: DURATION_LINE, character: 20 } }, text: '72' };
    await session.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [edit] });
    assert.deepEqual(await session.diagnosticsOf(uri, 3), []);
  });

  test('creating and deleting a linked file on disk updates the open document that links to it', async () => {
    const note = session.uri('notes/postmortem-process.md');
    const linking = `${text}\nSee [[postmortem-process]].\n`;
    await session.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 4 }, contentChanges: [{ text: linking }] });
    const broken = await session.diagnosticsOf(uri, 4);
    assert.deepEqual(broken.map((d) => d.code), ['broken-wiki-link']);

    const path = join(session.rootPath, 'notes', 'postmortem-process.md');
    writeFileSync(path, '# Postmortem process\n');
    session.forget(uri);
    await session.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: note, type: 1 }] });
    assert.deepEqual(await session.diagnosticsOf(uri), []);

    unlinkSync(path);
    session.forget(uri);
    await session.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: note, type: 3 }] });
    assert.deepEqual((await session.diagnosticsOf(uri)).map((d) => d.code), ['broken-wiki-link']);
  });

  test('a changed catalog on disk re-checks open documents', async () => {
    await session.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 5 }, contentChanges: [{ text }] });
    await session.diagnosticsOf(uri, 5);
    const catalogPath = join(session.rootPath, '.rca', 'catalog.yaml');
    const catalog = readFileSync(catalogPath, 'utf8');
    writeFileSync(catalogPath, catalog.replace('  - name: billing-api\n    owner: Backend Team\n', ''));
    session.forget(uri);
    await session.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: session.uri('.rca/catalog.yaml'), type: 2 }] });
    const diagnostics = await session.diagnosticsOf(uri);
    assert.deepEqual(diagnostics.map((d) => d.code), ['unknown-service']);
    assert.deepEqual(diagnostics[0].range, { start: { line: 4, character: 34 }, end: { line: 4, character: 45 } });
    writeFileSync(catalogPath, catalog);
  });

  test('closing a document clears its diagnostics', async () => {
    session.forget(uri);
    await session.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    assert.deepEqual(await session.diagnosticsOf(uri), []);
  });
});

describe('pull diagnostics and configuration', () => {
  let session: LspSession;
  before(async () => {
    session = await LspSession.start({ pull: true, settings: { rules: { 'summary-mismatch': 'off' } } });
  });
  after(() => session.close());

  test('textDocument/diagnostic returns the document report, with settings from workspace/configuration applied', async () => {
    const uri = session.uri(SEED_PATH);
    const text = readFileSync(join(session.rootPath, SEED_PATH), 'utf8').replace('duration_minutes: 72', 'duration_minutes: 90');
    await session.open(uri, text);
    const report = await session.connection.sendRequest<{ kind: string; items: { code: string }[] }>('textDocument/diagnostic', { textDocument: { uri } });
    assert.equal(report.kind, 'full');
    // summary-mismatch would fire too (72 in the summary), but the settings turned it off.
    assert.deepEqual(report.items.map((d) => d.code), ['duration-mismatch']);
  });

  test('files created and deleted on disk update the index, and the server asks the client to pull again', async () => {
    const runbook = join(session.rootPath, 'runbooks', 'runbook-billing-api.md');
    const note = session.uri('notes/billing.md');
    const pull = () => session.connection.sendRequest<{ items: { code: string; message: string }[] }>('textDocument/diagnostic', { textDocument: { uri: note } });
    writeFileSync(runbook, '# billing-api Runbook\n');
    await session.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: session.uri('runbooks/runbook-billing-api.md'), type: 1 }] });
    await session.open(note, 'See [[runbook-billing-api]] and [[runbook-checkout]].\n');
    assert.deepEqual((await pull()).items.map((d) => d.message), ['No file named "runbook-checkout" in the workspace']);
    assert.ok(session.logs.includes(`File events: created ${session.uri('runbooks/runbook-billing-api.md')}`), session.logs.join('\n'));

    const refreshes = session.refreshCount;
    unlinkSync(runbook);
    await session.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: session.uri('runbooks/runbook-billing-api.md'), type: 3 }] });
    await session.until(() => session.refreshCount > refreshes, 'workspace/diagnostic/refresh');
    assert.deepEqual((await pull()).items.map((d) => d.message), ['No file named "runbook-billing-api" in the workspace', 'No file named "runbook-checkout" in the workspace']);
  });

  test('a batch of file events asks the client to pull once, and not for files no open document links to', async () => {
    const session = await LspSession.start({ pull: true, settings: {}, initializationOptions: { extensionClient: true } });
    try {
      const notes = join(session.rootPath, 'notes');
      const names = Array.from({ length: 40 }, (_, i) => `batch-${i}`);
      const events = (files: string[], type: number) => session.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: files.map((name) => ({ uri: session.uri(`notes/${name}.md`), type })) });
      // The server tells an extension client the index's size once file events settle, after any refresh they caused.
      const indexed = (size: number) => session.until(() => session.otherNotifications.some((n) => n.method === 'rca/indexStatus' && (n.params as { indexed: number }).indexed === size), `an index of ${size} files`);
      await indexed(16);
      for (const name of [...names, 'barrier', 'unopened-target']) writeFileSync(join(notes, `${name}.md`), `# ${name}\n`);
      // A closed note links to one of them: its removal concerns no open document.
      writeFileSync(join(notes, 'unopened-linker.md'), '# Unopened\n\nSee [[unopened-target]].\n');
      await events([...names, 'barrier', 'unopened-target', 'unopened-linker'], 1);
      await indexed(16 + names.length + 3);
      // The log names the first few events of a batch and counts the rest.
      assert.ok(session.logs.includes(`File events: ${names.slice(0, 3).map((name) => `created ${session.uri(`notes/${name}.md`)}`).join(', ')} and ${names.length} more`), session.logs.join('\n'));
      const note = session.uri('notes/batch-linker.md');
      await session.open(note, `# Batch\n\n${[...names, 'barrier'].map((name) => `[[${name}]]`).join(' ')}\n`);
      const broken = async () => (await session.connection.sendRequest<{ items: { code: string }[] }>('textDocument/diagnostic', { textDocument: { uri: note } })).items.filter((d) => d.code === 'broken-wiki-link').length;
      assert.equal(await broken(), 0);

      const before = session.refreshCount;
      const remove = async (files: string[]) => {
        for (const name of files) unlinkSync(join(notes, `${name}.md`));
        const size = session.otherNotifications.filter((n) => n.method === 'rca/indexStatus').length;
        await events(files, 3);
        await session.until(() => session.otherNotifications.filter((n) => n.method === 'rca/indexStatus').length > size, 'the index status after the files went');
      };
      await remove(names);
      assert.equal(session.refreshCount, before + 1);
      await remove(['unopened-target']);
      assert.equal(session.refreshCount, before + 1);
      await remove(['barrier']);
      assert.equal(session.refreshCount, before + 2);
      assert.equal(await broken(), names.length + 1);
    } finally {
      await session.close();
    }
  });

  test('a changed setting applies without a restart', async () => {
    session.settings = { rules: {} };
    const refreshes = session.refreshCount;
    await session.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await session.until(() => session.refreshCount > refreshes, 'a refresh after the settings change');
    const report = await session.connection.sendRequest<{ items: { code: string }[] }>('textDocument/diagnostic', { textDocument: { uri: session.uri(SEED_PATH) } });
    assert.deepEqual(report.items.map((d) => d.code).sort(), ['duration-mismatch', 'summary-mismatch']);
  });

  test('a cancelled request is answered (result or RequestCancelled) and the server stays up', async () => {
    const source = new CancellationTokenSource();
    const pending = session.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri: session.uri(SEED_PATH) } }, source.token);
    source.cancel();
    await pending.then(
      (report) => assert.equal((report as { kind: string }).kind, 'full'),
      (error: { code: number }) => assert.equal(error.code, -32800),
    );
    const report = await session.connection.sendRequest<{ kind: string }>('textDocument/diagnostic', { textDocument: { uri: session.uri(SEED_PATH) } });
    assert.equal(report.kind, 'full');
  });

  test('diagnostics for a document the server never saw are empty, not an error', async () => {
    const report = await session.connection.sendRequest<{ items: unknown[] }>('textDocument/diagnostic', { textDocument: { uri: session.uri('nowhere.md') } });
    assert.deepEqual(report.items, []);
  });
});

describe('references to a hub note, as partial results', () => {
  let session: LspSession;
  let root: string;
  const LINKING_FILES = 30;
  const LINKS_PER_FILE = 100;
  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'rca-hub-'));
    mkdirSync(join(root, 'notes'));
    writeFileSync(join(root, 'notes', 'hub.md'), '# Hub\n\n## Part\n');
    const spellings = ['[[hub]]', '[[Hub|the hub]]', '[[notes/hub#Part]]', '[[hub#part]]'];
    for (let f = 0; f < LINKING_FILES; f++) {
      const lines = Array.from({ length: LINKS_PER_FILE }, (_, i) => `- ${spellings[(f + i) % spellings.length]} and [[elsewhere]]`);
      writeFileSync(join(root, `links-${String(f).padStart(2, '0')}.md`), `# Links ${f}\n\n${lines.join('\n')}\n`);
    }
    session = await LspSession.start({ root });
    await session.openFile('notes/hub.md');
  });
  after(async () => {
    await session.close();
    rmSync(root, { recursive: true, force: true });
  });

  test('with a partialResultToken the locations come in batches, the first small, whose union is the full answer; the answer itself is empty', async () => {
    const params = { context: { includeDeclaration: true } };
    const full = await session.request<unknown[]>('textDocument/references', 'notes/hub.md', { line: 1, character: 0 }, params);
    assert.equal(full.length, 1 + LINKING_FILES * LINKS_PER_FILE);
    const answer = await session.request<unknown[]>('textDocument/references', 'notes/hub.md', { line: 1, character: 0 }, { ...params, partialResultToken: 'hub-references' });
    assert.deepEqual(answer, []);
    const batches = session.partialResults.filter((p) => p.token === 'hub-references').map((p) => p.value);
    assert.ok(batches.length >= 3, `${batches.length} batches`);
    assert.ok(batches[0].length < batches[1].length, `first batch ${batches[0].length}, then ${batches[1].length}`);
    assert.deepEqual(batches.flat(), full);
  });

  test('on a heading: the links to it, in batches too', async () => {
    const full = await session.request<unknown[]>('textDocument/references', 'notes/hub.md', { line: 2, character: 4 }, { context: { includeDeclaration: false } });
    assert.equal(full.length, (LINKING_FILES * LINKS_PER_FILE) / 2);
    await session.request('textDocument/references', 'notes/hub.md', { line: 2, character: 4 }, { context: { includeDeclaration: false }, partialResultToken: 42 });
    assert.deepEqual(session.partialResults.filter((p) => p.token === 42).flatMap((p) => p.value), full);
  });
});

describe('rca.maxFiles leaves files out: the editor is told', () => {
  const LIMITED = /^RCA: Indexing 3 of 16 Markdown files \(rca\.maxFiles\); links to the others are not checked\. Raise rca\.maxFiles to index them all\.$/;

  test('another editor: one window/showMessage naming the setting, and no rca/* notification', async () => {
    const session = await LspSession.start({ settings: { maxFiles: 3 } });
    try {
      await session.until(() => session.shown.some((m) => LIMITED.test(m)), 'the message');
      await session.openFile(SEED_PATH);
      assert.equal(session.shown.filter((m) => LIMITED.test(m)).length, 1);
      assert.deepEqual(session.messageRequests, []);
      assert.deepEqual(session.otherNotifications, []);
    } finally {
      await session.close();
    }
  });

  test('the VS Code extension: a message with Open Settings, which sends rca/openSettings when chosen, and rca/indexStatus for the status bar', async () => {
    const session = await LspSession.start({ settings: { maxFiles: 3 }, initializationOptions: { extensionClient: true }, messageAction: 'Open Settings' });
    try {
      await session.until(() => session.otherNotifications.some((n) => n.method === 'rca/openSettings'), 'rca/openSettings');
      assert.deepEqual(session.messageRequests, [{ message: session.messageRequests[0].message, actions: ['Open Settings'] }]);
      assert.match(session.messageRequests[0].message, LIMITED);
      assert.deepEqual(session.otherNotifications, [
        { method: 'rca/indexStatus', params: { indexed: 3, limited: 'Indexing 3 of 16 Markdown files (rca.maxFiles); links to the others are not checked' } },
        { method: 'rca/openSettings', params: { setting: 'rca.maxFiles' } },
      ]);
      assert.deepEqual(session.shown, []);
    } finally {
      await session.close();
    }
  });

  test('under the limit: no message, and rca/indexStatus says nothing was left out, again once files changed on disk are indexed', async () => {
    const session = await LspSession.start({ settings: {}, initializationOptions: { extensionClient: true } });
    try {
      await session.until(() => session.otherNotifications.length > 0, 'rca/indexStatus');
      assert.deepEqual(session.otherNotifications, [{ method: 'rca/indexStatus', params: { indexed: 16 } }]);
      assert.deepEqual(session.messageRequests, []);
      assert.deepEqual(session.shown, []);
      // Two files pulled in (the dashboard refreshes on it).
      for (const name of ['pulled-1.md', 'pulled-2.md']) writeFileSync(join(session.rootPath, 'notes', name), `# ${name}\n`);
      await session.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: ['pulled-1.md', 'pulled-2.md'].map((name) => ({ uri: session.uri(`notes/${name}`), type: 1 })) });
      const statuses = () => session.otherNotifications.filter((n) => n.method === 'rca/indexStatus');
      await session.until(() => statuses().length > 1, 'rca/indexStatus after the files changed');
      assert.deepEqual(statuses().slice(1), [{ method: 'rca/indexStatus', params: { indexed: 18 } }]);
    } finally {
      await session.close();
    }
  });
});
