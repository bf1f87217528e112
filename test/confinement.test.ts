// Nothing outside the workspace folders is read, indexed, shown, renamed or
// created: symbolic links are followed to their real paths and kept inside,
// events and open documents from outside are ignored, hovers show text as text,
// and names a webview, the catalog or a rename hands in are confined.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CodeAction, Hover, WorkspaceEdit } from 'vscode-languageserver-protocol';
import MarkdownIt from 'markdown-it';
import { parseWebviewMessage } from '../client/src/webview/messages';
import { computedHover } from '../server/src/features/computedHover';
import { parseCatalog } from '../server/src/core/catalog';
import { fileNameProblem } from '../server/src/core/uri';
import { NodeWorkspace, pathToUri } from '../server/src/nodeWorkspace';
import { LspSession } from './lspSession';
import { indexedService, marked, uriOf } from './support';

const SECRET = 'root:x:0:0:secret-marker';

/** outside/ (a secret, a folder) and ws/ with links into both, and one inside link. */
function makeWorkspace(): { dir: string; root: string; outside: string } {
  const dir = mkdtempSync(join(tmpdir(), 'rca-confine-'));
  const outside = join(dir, 'outside');
  const root = join(dir, 'ws');
  mkdirSync(join(outside, 'folder'), { recursive: true });
  mkdirSync(join(root, 'notes'), { recursive: true });
  mkdirSync(join(root, 'runbooks'));
  writeFileSync(join(outside, 'secret.md'), `${SECRET}\n`);
  writeFileSync(join(outside, 'folder', 'hidden.md'), `# Hidden\n\n${SECRET}\n`);
  writeFileSync(join(root, 'runbooks', 'db.md'), '# Database runbook\n\nPromote the replica.\n');
  symlinkSync(join(outside, 'secret.md'), join(root, 'notes', 'passwd.md'));
  symlinkSync(join(outside, 'folder'), join(root, 'linked'));
  symlinkSync(join(root, 'runbooks', 'db.md'), join(root, 'notes', 'alias.md'));
  return { dir, root, outside };
}

describe('NodeWorkspace reads only inside its folders', () => {
  let ws: ReturnType<typeof makeWorkspace>;
  before(() => (ws = makeWorkspace()));
  after(() => rmSync(ws.dir, { recursive: true, force: true }));

  // Where the system names an open file's path (Linux's /proc) it is checked on the file opened; elsewhere its path is resolved first.
  for (const namesDescriptors of [true, false]) {
    test(`a link to a file outside, or a path through a linked folder, is not read; a link inside is (${namesDescriptors ? 'with' : 'without'} /proc)`, async () => {
      const logs: string[] = [];
      const workspace = new NodeWorkspace([pathToUri(ws.root)], (m) => logs.push(m));
      (workspace as unknown as { namesDescriptors: boolean }).namesDescriptors = namesDescriptors;
      assert.equal(await workspace.readFile(pathToUri(join(ws.root, 'notes', 'passwd.md'))), undefined);
      assert.equal(await workspace.readFile(pathToUri(join(ws.root, 'linked', 'hidden.md'))), undefined);
      assert.equal(await workspace.readFile(pathToUri(join(ws.outside, 'secret.md'))), undefined);
      assert.equal(await workspace.readFile(`${pathToUri(ws.root)}/../outside/secret.md`), undefined);
      const runbook = '# Database runbook\n\nPromote the replica.\n';
      assert.equal((await workspace.readFile(pathToUri(join(ws.root, 'runbooks', 'db.md'))))?.text, runbook);
      assert.equal((await workspace.readFile(pathToUri(join(ws.root, 'notes', 'alias.md'))))?.text, runbook);
      assert.ok(logs.some((l) => /passwd\.md: it leads outside the workspace folders/.test(l)), logs.join('\n'));
      assert.ok(logs.some((l) => /hidden\.md: it leads outside the workspace folders/.test(l)), logs.join('\n'));
    });
  }
});

describe('over stdio, in a workspace with links leading outside', () => {
  let ws: ReturnType<typeof makeWorkspace>;
  let session: LspSession;
  const INDEX = 'index.md';
  const indexText = '# Index\n\n[[passwd]] [[hidden]] [[alias]] [[secret]] [[other]] [[opened]] [[images]]\n';
  /** Links of the index that resolve to nothing, as the server sees them now. */
  const brokenLinks = async () => (await session.diagnosticsOf(await session.openFile(INDEX, indexText))).filter((d) => d.code === 'broken-wiki-link').length;

  before(async () => {
    ws = makeWorkspace();
    writeFileSync(join(ws.root, INDEX), indexText);
    writeFileSync(join(ws.root, 'notes', 'images.md'), '# Images\n\n![tracker](https://example.com/t.png) <img src="https://example.com/i.png"> [site](https://example.com)\n');
    session = await LspSession.start({ root: ws.root, edits: true });
  });
  after(async () => {
    await session.close();
    rmSync(ws.dir, { recursive: true, force: true });
  });

  test('a file linked to outside is not indexed nor shown in hover; a link inside is', async () => {
    // passwd, hidden, secret, other and opened; alias and images resolve.
    assert.equal(await brokenLinks(), 5);
    const hover = await session.request<Hover>('textDocument/hover', INDEX, { line: 2, character: 4 });
    assert.doesNotMatch(JSON.stringify(hover), /secret-marker/);
    const alias = await session.request<Hover>('textDocument/hover', INDEX, { line: 2, character: 26 });
    assert.match((alias.contents as { value: string }).value, /Promote the replica/);
  });

  test('watched-file events for paths outside the folders, or through a linked folder, are ignored', async () => {
    writeFileSync(join(ws.outside, 'other.md'), '# Other\n');
    const before = await brokenLinks();
    await session.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [
        { uri: pathToUri(join(ws.outside, 'other.md')), type: 1 },
        { uri: pathToUri(join(ws.outside, 'secret.md')), type: 2 },
        { uri: pathToUri(join(ws.root, 'linked', 'hidden.md')), type: 1 },
      ],
    });
    assert.equal(await brokenLinks(), before);
  });

  test('a document open from outside is not indexed, renamed, nor used to create files', async () => {
    const opened = pathToUri(join(ws.outside, 'opened.md'));
    const before = await brokenLinks();
    await session.open(opened, '# Opened\n\nSee [[brand-new]] and [[db]].\n');
    await session.diagnosticsOf(opened, 1);
    assert.equal(await brokenLinks(), before);
    const actions = await session.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: opened },
      range: { start: { line: 2, character: 6 }, end: { line: 2, character: 6 } },
      context: { diagnostics: (await session.diagnosticsOf(opened, 1)).filter((d) => d.code === 'broken-wiki-link') },
    });
    assert.deepEqual(actions.filter((a) => /^Create/.test(a.title)), []);
    // Moving a workspace file out of the folders rewrites no link to point there.
    const moved = await session.connection.sendRequest<WorkspaceEdit | null>('workspace/willRenameFiles', { files: [{ oldUri: pathToUri(join(ws.root, 'runbooks', 'db.md')), newUri: pathToUri(join(ws.outside, 'database.md')) }] });
    assert.equal(moved, null);
  });

  test('a link hover shows the target text as text: no images, HTML or links are rendered', async () => {
    const hover = await session.request<Hover>('textDocument/hover', INDEX, { line: 2, character: 68 });
    const value = (hover.contents as { value: string }).value;
    // Rendered as an editor renders Markdown with HTML allowed: the target's image, HTML and link are characters.
    const html = new MarkdownIt({ html: true }).render(value);
    assert.match(html, /tracker/);
    assert.doesNotMatch(html, /<img|<a /);
  });
});

describe('names handed in from outside the server are confined', () => {
  const folders = ['file:///ws'];
  const reveal = (uri: string) => parseWebviewMessage({ type: 'reveal', uri, line: 0 }, folders);

  test('a webview may reveal only a normalized Markdown URI inside a workspace folder', () => {
    assert.deepEqual(reveal('file:///ws/notes/Runbook%20(DB).md'), { type: 'reveal', uri: 'file:///ws/notes/Runbook%20%28DB%29.md', line: 0 });
    for (const uri of [
      'file:///ws/../../etc/x.md',
      'file:///ws/notes/%2e%2e/%2e%2e/etc/x.md',
      'file://host/share/x.md',
      'file://host/ws/x.md',
      'file:///ws/a\u0000.md',
      'file:///ws/a%00.md',
      'file:///ws2/x.md',
      'file:///ws',
    ]) {
      assert.equal(reveal(uri), undefined, uri);
    }
    assert.equal(parseWebviewMessage({ type: 'reveal', uri: 'file:///ws/a.md', line: 0 }, []), undefined);
  });

  test('a catalog runbook path leading outside the workspace is not a hover link', async () => {
    const { service } = await indexedService({});
    const hover = (runbook: string) => {
      const catalog = parseCatalog(`services:\n  - name: db-proxy\n    runbook: ${runbook}\n`);
      const { text, ranges } = marked('---\nservices: [⟦db-proxy⟧]\n---\n');
      const doc = service.openDocument(uriOf('rca/x.md'), 1, text);
      return computedHover(doc, ranges[0].start, { settings: service.settings, catalog, index: service.index, catalogRoot: service.workspace.roots[0] })!.contents;
    };
    assert.match(hover('runbooks/db.md'), /Runbook: \[runbooks\/db\.md\]\(file:\/\/\/ws\/runbooks\/db\.md\)/);
    for (const outside of ['../../../../etc/passwd', 'runbooks/../../etc/passwd']) {
      const value = hover(outside);
      assert.doesNotMatch(value, /\]\(/, outside);
      assert.match(value, /outside the workspace/, outside);
    }
  });

  test('file names with NUL, slashes, Windows device names, a trailing dot or space or half a surrogate pair are refused with a reason', () => {
    for (const name of ['a\u0000b', 'a/b', '..\\x', 'CON', 'nul', 'aux.md', 'Com1', 'lpt9.txt', 'name.', 'name ', '', '..', 'a\ud800m', '\udc00x', 'x\ud83d']) {
      assert.ok(fileNameProblem(name), JSON.stringify(name));
    }
    for (const name of ['Runbook (DB)', 'console', 'auxiliary', 'a.b', 'café', 'fire 🔥']) assert.equal(fileNameProblem(name), undefined, name);
  });

  test('rename refuses such names; a create-file fix is not offered for them', async () => {
    const session = await LspSession.start({ edits: true });
    try {
      await session.openFile('notes/x.md', '# X\n\n[[runbook-recommendation-engine]] [[CON]] [[aux.md]]\n');
      for (const newName of ['a\u0000b', 'CON', 'aux', 'x.', '../../etc/x']) {
        await assert.rejects(session.request('textDocument/rename', 'notes/x.md', { line: 2, character: 4 }, { newName }), /is not a valid file name: /, JSON.stringify(newName));
      }
      const diagnostics = (await session.diagnosticsOf(session.uri('notes/x.md'), 1)).filter((d) => d.code === 'broken-wiki-link');
      assert.equal(diagnostics.length, 2);
      for (const d of diagnostics) {
        const actions = await session.connection.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: session.uri('notes/x.md') }, range: d.range, context: { diagnostics: [d] } });
        assert.deepEqual(actions.filter((a) => /^Create/.test(a.title)).map((a) => a.title), [], JSON.stringify(d.message));
      }
    } finally {
      await session.close();
    }
  });
});
