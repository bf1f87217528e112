// The server as the web worker runs it: startServer over a ClientWorkspace,
// reading a virtual workspace (a github.dev URI) through the client, whose
// answers come from the client's own FileServer over an in-memory file system.
// The same checks as inProcess.test.ts, and what reading through the client adds:
// batched reads, the folders it skips, the size limit, file events.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Connection } from 'vscode-languageserver';
import type { CompletionList, Hover, LocationLink } from 'vscode-languageserver-protocol';
import { convertInSlices, FileServer } from '../client/src/fileServer';
import { ClientWorkspace } from '../server/src/clientWorkspace';
import { RcaService } from '../server/src/core/service';
import { DEFAULT_SETTINGS } from '../server/src/core/settings';
import { RULE_SETS } from '../server/src/rules';
import type { ServerHost } from '../server/src/server';
import { READ_FILES_REQUEST } from '../shared/protocol';
import { URI, Utils } from 'vscode-uri';
import { InProcessSession, type SessionOptions } from './lspSession';
import { MemoryEditorFiles } from './memoryEditor';
import { exampleFiles, filesUnder, MemoryWorkspace, REPO, SEED_PATH } from './support';

/** A repository as github.dev opens it. */
const VIRTUAL_ROOT = 'vscode-vfs://github/acme/incidents';
const RUNBOOK = 'runbooks/runbook-recommendation-engine.md';

const clientReadHost = (connection: Connection): ServerHost => ({
  createWorkspace: (roots, log) => new ClientWorkspace(connection, roots, log, () => new Promise((resolve) => setImmediate(resolve))),
});

/** A session whose server reads `editor` through the client; the root on disk only supplies the texts tests open. */
async function start(editor: MemoryEditorFiles, options: SessionOptions = {}): Promise<InProcessSession> {
  return InProcessSession.start({ rootUri: editor.root, files: new FileServer(editor), ...options }, clientReadHost);
}

describe('the server reading through the client', () => {
  let full: InProcessSession;
  let partial: InProcessSession;
  let fullFiles: MemoryEditorFiles;
  let partialFiles: MemoryEditorFiles;
  before(async () => {
    const example = exampleFiles();
    fullFiles = new MemoryEditorFiles(VIRTUAL_ROOT, example);
    const { [RUNBOOK]: _removed, ...withoutRunbook } = example;
    partialFiles = new MemoryEditorFiles(VIRTUAL_ROOT, withoutRunbook, true);
    [full, partial] = await Promise.all([start(fullFiles), start(partialFiles)]);
  });
  after(async () => {
    await full.close();
    await partial.close();
  });

  test('each server answers from the files its client serves', async () => {
    const inFull = await full.openFile(SEED_PATH);
    const inPartial = await partial.openFile(SEED_PATH);
    assert.equal(inFull, `${VIRTUAL_ROOT}/${SEED_PATH}`);
    assert.deepEqual(await full.diagnosticsOf(inFull), []);
    assert.deepEqual((await partial.diagnosticsOf(inPartial)).map((d) => d.code), ['broken-wiki-link']);
    const markdown = Object.keys(exampleFiles()).filter((path) => path.endsWith('.md'));
    assert.ok(full.logs.some((l) => l.startsWith(`Indexed ${markdown.length} Markdown files in `)), full.logs.join('\n'));
  });

  test('F12 on a wiki-link, hover and completion', async () => {
    const lines = readFileSync(join(full.rootPath, SEED_PATH), 'utf8').split('\n');
    const runbookLine = lines.findIndex((l) => l.startsWith('- [[runbook-recommendation-engine'));
    const targets = await full.request<LocationLink[]>('textDocument/definition', SEED_PATH, { line: runbookLine, character: 6 });
    assert.deepEqual(targets.map((t) => t.targetUri), [`${VIRTUAL_ROOT}/${RUNBOOK}`]);
    const hover = await full.request<Hover | null>('textDocument/hover', SEED_PATH, { line: 7, character: 19 });
    assert.match((hover!.contents as { value: string }).value, /72/);
    // The link preview reads the target through the client.
    const linkHover = await full.request<Hover | null>('textDocument/hover', SEED_PATH, { line: runbookLine, character: 6 });
    assert.match((linkHover!.contents as { value: string }).value, /Runbook/i);
    const completion = await full.request<CompletionList>('textDocument/completion', SEED_PATH, { line: runbookLine, character: 10 });
    assert.ok(completion.items.some((item) => item.label === 'runbook-recommendation-engine'), completion.items.map((i) => i.label).join(', '));
  });

  test('a file the client reports created is read and resolves the broken link', async () => {
    const uri = partialFiles.write(RUNBOOK, fullFiles.files.get(`${VIRTUAL_ROOT}/${RUNBOOK}`)!);
    const seed = partial.uri(SEED_PATH);
    await partial.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 1 }] });
    assert.deepEqual(await partial.diagnosticsOf(seed, undefined, (d) => d.length === 0), []);
  });
});

describe('what the client serves', () => {
  test("a file system whose search waits for a provider that never comes is walked (VS Code's search waits without end on an extension's file system)", async () => {
    const editor = new MemoryEditorFiles(VIRTUAL_ROOT, exampleFiles(), 'never');
    const found = await new FileServer(editor, 50).findMarkdownFiles({ folder: VIRTUAL_ROOT });
    assert.deepEqual(found.sort(), Object.keys(exampleFiles()).filter((path) => path.endsWith('.md')).map((path) => editor.uri(path)).sort());
  });

  test("the walk keeps to the folder: entries named '..', '.', '' or with a slash are passed over; names with spaces, # and () are spelled as joinPath spells them", async () => {
    const names = ['..', '.', '', 'a/../../etc.md', '/etc.md', 'x (1).md', 'a#b.md', 'weird\u2028line.md'];
    const editor = {
      searchMarkdownFiles: async () => [],
      readDirectory: async (folder: string) => (folder === VIRTUAL_ROOT ? names.map((name) => ({ name, kind: 'file' as const })) : []),
      stat: async () => undefined,
      readFile: async () => new Uint8Array(),
      inWorkspace: () => true,
    };
    const found = await new FileServer(editor, 50).findMarkdownFiles({ folder: VIRTUAL_ROOT });
    assert.deepEqual(found, ['x (1).md', 'a#b.md', 'weird\u2028line.md'].map((name) => Utils.joinPath(URI.parse(VIRTUAL_ROOT), name).toString()));
  });

  test('skipped folders, files over rca.maxFileSize and files outside the workspace are not read', async () => {
    const tree = {
      ...exampleFiles(),
      'node_modules/pkg/readme.md': '# dependency',
      '.git/notes.md': '# git',
      '.obsidian/workspace.md': '# hidden',
      '.rca/notes.md': '# kept: the catalog folder is read',
      'rca/2025/huge.md': `# huge\n${'x'.repeat(5000)}`,
    };
    for (const searchable of [false, true]) {
      const editor = new MemoryEditorFiles(VIRTUAL_ROOT, tree, searchable);
      const session = await start(editor, { settings: { maxFileSize: 4000 } });
      try {
        const read = new Set(editor.reads.map((uri) => uri.slice(VIRTUAL_ROOT.length + 1)));
        assert.ok(read.has('.rca/notes.md') && read.has(SEED_PATH), [...read].join(', '));
        for (const path of ['node_modules/pkg/readme.md', '.git/notes.md', '.obsidian/workspace.md', 'rca/2025/huge.md']) assert.ok(!read.has(path), `${path} read (search: ${searchable})`);
        assert.ok(session.logs.some((l) => /^Skipped vscode-vfs:.*huge\.md: 50\d\d bytes is over the 4000-byte limit/.test(l)), session.logs.join('\n'));
        const files = new FileServer(editor);
        assert.deepEqual(await files.readFiles({ files: [{ uri: 'vscode-vfs://github/acme/other/secret.md' }, { uri: `${VIRTUAL_ROOT}/rca/missing.md` }] }), [
          { skipped: 'it is outside the workspace folders' },
          { missing: true },
        ]);
      } finally {
        await session.close();
      }
    }
  });
});

describe('convertInSlices', () => {
  test('converts every item in order, drops those without a value, and lets the thread go between slices', async () => {
    const items = Array.from({ length: 12_001 }, (_, i) => i);
    let timerRan = false;
    setTimeout(() => (timerRan = true), 0);
    const ranBefore: boolean[] = [];
    const converted = await convertInSlices(items, (i) => {
      ranBefore[i] = timerRan;
      return i % 3 === 0 ? undefined : `item ${i}`;
    });
    assert.deepEqual(converted, items.filter((i) => i % 3 !== 0).map((i) => `item ${i}`));
    // A timer due meanwhile ran before the last slice: the 100,000 files of a search do not hold the editor up.
    assert.equal(ranBefore[0], false);
    assert.equal(ranBefore[12_000], true);
  });
});

describe('a 1,000-RCA virtual workspace', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'rca-client-read-'));
    const generated = spawnSync(process.execPath, [join(REPO, 'bench', 'generate.mjs'), '--out', dir, '--n', '1000', '--seed', '5'], { encoding: 'utf8' });
    assert.equal(generated.status, 0, generated.stderr);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('is read in batches, with progress', { timeout: 120_000 }, async () => {
    const { 'defects.json': _defects, ...tree } = filesUnder(dir);
    const markdown = Object.keys(tree).filter((path) => path.endsWith('.md')).length;
    const editor = new MemoryEditorFiles(VIRTUAL_ROOT, tree);
    const files = new FileServer(editor);
    let requests = 0;
    const counting = { findMarkdownFiles: files.findMarkdownFiles.bind(files), readFiles: (params: Parameters<FileServer['readFiles']>[0]) => (requests++, files.readFiles(params)) } as FileServer;
    const session = await InProcessSession.start({ rootUri: VIRTUAL_ROOT, files: counting }, clientReadHost);
    try {
      assert.equal(editor.reads.filter((uri) => uri.endsWith('.md')).length, markdown, 'each Markdown file read once');
      assert.ok(session.logs.some((l) => l.startsWith(`Indexed ${markdown} Markdown files in `)), session.logs.join('\n'));
      // A request per hundred files (and the catalog's), not one per file.
      assert.ok(requests <= Math.ceil(markdown / 100) + 2, `${requests} ${READ_FILES_REQUEST.method} requests for ${markdown} files`);
      assert.ok(session.progress.filter((p) => p.kind === 'report').length >= Math.floor(markdown / 200), 'progress reported');
    } finally {
      await session.close();
    }
  });
});

test('while indexing, the next hundred files are read before the first hundred are indexed: reading overlaps parsing', async () => {
  const workspace = new MemoryWorkspace(Object.fromEntries(Array.from({ length: 250 }, (_, i) => [`notes/note-${i}.md`, `# Note ${i}\n`])));
  const events: ('read' | 'indexed')[] = [];
  const read = workspace.readFile.bind(workspace);
  workspace.readFile = (uri, maxBytes) => {
    if (uri.endsWith('.md')) events.push('read');
    return read(uri, maxBytes);
  };
  await new RcaService(workspace, RULE_SETS, DEFAULT_SETTINGS).indexWorkspace(undefined, () => events.push('indexed'));
  // Two batches asked for, then the first indexed; the third asked for only then: one batch ahead at most.
  assert.deepEqual(events.slice(0, 300), [...Array<string>(200).fill('read'), ...Array<string>(100).fill('indexed')]);
  assert.equal(events.slice(300).filter((e) => e === 'read').length, 50);
  assert.equal(events.length, 500);
});
