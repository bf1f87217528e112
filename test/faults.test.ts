// Faults at the server level, over a real stdio session: hostile files on disk,
// requests about nothing, positions nowhere, stale edits, broken JSON-RPC, a
// throwing handler, 100,000 files. The server answers every request (with an
// error where due) and stays up.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { copyExample, LspSession } from './lspSession';
import { SEED_PATH, seedText } from './support';

/** The requests an editor sends about a position, each with its params. */
function positionRequests(uri: string, position: { line: number; character: number }): [string, object][] {
  const textDocument = { uri };
  const range = { start: position, end: position };
  return [
    ['textDocument/definition', { textDocument, position }],
    ['textDocument/references', { textDocument, position, context: { includeDeclaration: true } }],
    ['textDocument/hover', { textDocument, position }],
    ['textDocument/completion', { textDocument, position }],
    ['textDocument/prepareRename', { textDocument, position }],
    ['textDocument/rename', { textDocument, position, newName: 'x' }],
    ['textDocument/documentSymbol', { textDocument }],
    ['textDocument/documentLink', { textDocument }],
    ['textDocument/codeLens', { textDocument }],
    ['textDocument/inlayHint', { textDocument, range }],
    ['textDocument/codeAction', { textDocument, range, context: { diagnostics: [] } }],
    ['rca/metrics', { uri }],
  ];
}

/** Answered: a result, or an error response, but an answer. */
async function answered(session: LspSession, method: string, params: object): Promise<'result' | 'error'> {
  try {
    await session.connection.sendRequest(method, params);
    return 'result';
  } catch (error) {
    assert.equal(typeof (error as { code?: unknown }).code, 'number', `${method}: ${String(error)}`);
    return 'error';
  }
}

describe('a workspace of hostile files', () => {
  let session: LspSession;
  let root: string;
  before(async () => {
    root = copyExample();
    mkdirSync(join(root, 'odd'));
    // Latin-1 bytes that are not UTF-8, a 10 MB file, a folder symlink loop, a dangling link, a named pipe.
    writeFileSync(join(root, 'odd', 'latin1.md'), Buffer.from('# Caf\xe9 \xff\xfe [[runbook-order-service]]\n', 'latin1'));
    writeFileSync(join(root, 'odd', 'huge.md'), `# Huge\n${'x'.repeat(100)}\n`.repeat(100_000));
    symlinkSync(join(root, 'odd'), join(root, 'odd', 'loop'));
    symlinkSync(join(root, 'nowhere.md'), join(root, 'odd', 'dangling.md'));
    if (spawnSync('mkfifo', [join(root, 'odd', 'pipe')]).status === 0) symlinkSync(join(root, 'odd', 'pipe'), join(root, 'odd', 'pipe.md'));
    session = await LspSession.start({ root });
  });
  after(async () => {
    await session.close();
    rmSync(root, { recursive: true, force: true });
  });

  test('indexing finishes: no hang on the pipe or the loop, the huge file skipped with its reason', () => {
    assert.ok(session.logs.some((l) => /Skipped .*huge\.md: \d+ bytes is over the 1000000-byte limit \(rca\.maxFileSize\)/.test(l)), session.logs.join('\n'));
    assert.ok(session.logs.some((l) => /Indexed \d+ Markdown files/.test(l)));
  });

  test('the non-UTF-8 file is read (with replacement characters) and its link resolves', async () => {
    const uri = session.uri('odd/latin1.md');
    const runbook = await session.openFile('runbooks/runbook-order-service.md');
    // Line 1 is blank: references there are the file's backlinks.
    const result = await session.connection.sendRequest<unknown[]>('textDocument/references', { textDocument: { uri: runbook }, position: { line: 1, character: 0 }, context: { includeDeclaration: false } });
    assert.ok((result as { uri: string }[]).some((r) => r.uri === uri), JSON.stringify(result));
  });

  test('every request about a file nobody opened, or a URI of nothing, is answered', async () => {
    for (const uri of [session.uri('rca/never-opened.md'), 'untitled:Untitled-1', 'file:///%E0%A4%A.md', 'not a uri']) {
      for (const [method, params] of positionRequests(uri, { line: 0, character: 0 })) await answered(session, method, params);
    }
  });

  test('positions past the end, negative or huge, on an open RCA: answered, no error', async () => {
    const uri = await session.openFile(SEED_PATH);
    for (const position of [{ line: 5000, character: 0 }, { line: 3, character: 10_000 }, { line: -1, character: -5 }, { line: 2 ** 31, character: 2 ** 31 }]) {
      for (const [method, params] of positionRequests(uri, position)) {
        const outcome = await answered(session, method, params);
        // Rename may refuse ("nothing to rename here"): that is an answer too.
        if (!/rename/i.test(method)) assert.equal(outcome, 'result', `${method} at ${JSON.stringify(position)}`);
      }
    }
  });

  test('a 10 MB document opened in the editor gets diagnostics', { timeout: 60_000 }, async () => {
    const uri = session.uri('odd/huge-open.md');
    const text = seedText() + `\n${'word '.repeat(20)}\n`.repeat(100_000);
    assert.ok(text.length > 10_000_000);
    await session.open(uri, text);
    const diagnostics = await session.diagnosticsOf(uri, 1);
    assert.ok(Array.isArray(diagnostics));
  });

  test('stale and unknown didChange, didClose of nothing, unknown notifications: the server stays up', async () => {
    const uri = await session.openFile(SEED_PATH);
    const edit = (version: number) => ({ textDocument: { uri, version }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '' }] });
    await session.connection.sendNotification('textDocument/didChange', edit(1));
    await session.connection.sendNotification('textDocument/didChange', { textDocument: { uri: session.uri('nope.md'), version: 7 }, contentChanges: [{ text: 'x' }] });
    await session.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 99 }, contentChanges: [{ range: { start: { line: 9999, character: 0 }, end: { line: 99999, character: 5 } }, text: 'tail' }] });
    await session.connection.sendNotification('textDocument/didClose', { textDocument: { uri: session.uri('never.md') } });
    await session.connection.sendNotification('rca/noSuchNotification', { x: 1 });
    assert.equal(await answered(session, 'textDocument/hover', { textDocument: { uri }, position: { line: 7, character: 2 } }), 'result');
  });

  test('a handler that throws on malformed params answers with an error; the next request is served', async () => {
    assert.equal(await answered(session, 'rca/metrics', null as unknown as object), 'error');
    assert.equal(await answered(session, 'rca/dashboard', { filter: 'everything' }), 'result');
    assert.equal(await answered(session, 'textDocument/definition', { textDocument: null }), 'error');
    assert.equal(await answered(session, 'rca/noSuchRequest', {}), 'error');
    assert.equal(await answered(session, 'workspace/symbol', { query: 'cache' }), 'result');
  });

  test('malformed JSON-RPC on the wire is answered with a parse error, and the session goes on', async () => {
    const garbage = '{"jsonrpc": "2.0", "id": 99, "method": ';
    session.process.stdin.write(`Content-Length: ${Buffer.byteLength(garbage)}\r\n\r\n${garbage}`);
    session.process.stdin.write('Content-Length: 2\r\n\r\n[]');
    assert.equal(await answered(session, 'workspace/symbol', { query: 'runbook' }), 'result');
    assert.equal(session.process.exitCode, null);
  });
});

describe('files deleted while indexing', () => {
  test('indexing finishes and the deleted files are simply gone', { timeout: 60_000 }, async () => {
    const root = mkdtempSync(join(tmpdir(), 'rca-vanishing-'));
    mkdirSync(join(root, 'notes'));
    for (let i = 0; i < 3000; i++) writeFileSync(join(root, 'notes', `n${i}.md`), `# Note ${i}\n\nSee [[n${(i + 1) % 3000}]].\n`);
    const starting = LspSession.start({ root });
    // Deleted while the server lists and reads them.
    rmSync(join(root, 'notes'), { recursive: true, force: true });
    const session = await starting;
    try {
      assert.equal(await answered(session, 'workspace/symbol', { query: 'note' }), 'result');
      assert.equal(session.process.exitCode, null);
    } finally {
      await session.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('100,000 files', () => {
  test('indexing stops at rca.maxFiles, RCAs first, says so, and memory stays bounded', { timeout: 600_000 }, async () => {
    const root = mkdtempSync(join(tmpdir(), 'rca-100k-'));
    const rca = join(root, 'rca');
    mkdirSync(rca);
    writeFileSync(join(rca, 'incident.md'), seedText());
    for (let folder = 0; folder < 100; folder++) {
      const dir = join(root, 'notes', String(folder));
      mkdirSync(dir, { recursive: true });
      for (let i = 0; i < 1000; i++) writeFileSync(join(dir, `note-${folder}-${i}.md`), `# Note ${folder}-${i}\n`);
    }
    const session = await LspSession.start({ root, settings: { maxFiles: 20_000 } });
    try {
      assert.ok(session.logs.some((l) => /Indexing 20000 of 100001 Markdown files \(rca\.maxFiles\)/.test(l)), session.logs.slice(0, 5).join('\n'));
      // And in the editor.
      await session.until(() => session.shown.some((m) => /Indexing 20000 of 100001 Markdown files \(rca\.maxFiles\)/.test(m)), 'the message');
      // The RCA made the cut: its definition works.
      const symbols = await session.connection.sendRequest<{ name: string }[]>('workspace/symbol', { query: 'Cache Invalidation' });
      assert.ok(symbols.some((s) => /Cache Invalidation Bug/.test(s.name)), JSON.stringify(symbols.slice(0, 3)));
      const rss = Number(/VmHWM:\s+(\d+) kB/.exec(spawnSync('cat', [`/proc/${session.process.pid}/status`], { encoding: 'utf8' }).stdout)![1]) / 1024;
      assert.ok(rss < 400, `peak RSS ${rss.toFixed(0)} MB`);
    } finally {
      await session.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
