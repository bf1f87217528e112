// One file, one identity: every spelling of a file's URI (the editor's, Node's,
// any client's) names one index entry, and files whose names hold URI syntax
// (`#`, `?`, `%`) are indexed and checked like any other.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { Diagnostic, LocationLink } from 'vscode-languageserver-protocol';
import { childUris, isInside, normalizeUri, pathInside } from '../shared/uri';
import { RcaService } from '../server/src/core/service';
import { RULE_SETS } from '../server/src/rules';
import { NodeWorkspace, pathToUri, uriToPath } from '../server/src/nodeWorkspace';
import { URI, Utils } from 'vscode-uri';
import { LspSession } from './lspSession';
import { MemoryWorkspace, REPO } from './support';

/** Spellings of one file's URI, each group naming one file. */
const SPELLINGS: readonly (readonly string[])[] = [
  ['file:///ws/Runbook%20%28DB%29.md', 'file:///ws/Runbook%20(DB).md', 'file:///ws/Runbook%20%28DB).md'],
  ['file:///ws/a%2Bb.md', 'file:///ws/a+b.md', 'file:///ws/a%2bb.md'],
  ['file:///ws/50%25.md', 'file:///ws/50%25.md'],
  ['file:///ws/a%23b.md', 'file:///ws/a%23b.md'],
  ['file:///ws/caf%C3%A9.md', 'file:///ws/café.md', 'file:///ws/caf%c3%a9.md'],
  ['file:///ws/%7Eme.md', 'file:///ws/~me.md', 'file:///ws/%7eme.md'],
  ['file:///c%3A/ws/a.md', 'file:///C:/ws/a.md', 'file:///c:/ws/a.md', 'file:///C%3A/ws/a.md', 'file:///C%3a/ws/a.md'],
];

describe('normalizeUri', () => {
  test('every spelling of a file gives one URI, which is its own normal form', () => {
    for (const group of SPELLINGS) {
      const forms = new Set(group.map(normalizeUri));
      assert.equal(forms.size, 1, `${group.join(' | ')} → ${[...forms].join(' | ')}`);
      const [form] = forms;
      assert.equal(normalizeUri(form), form);
    }
    // Distinct files stay distinct: `%23` is a `#` in the name, a raw `#` starts a fragment.
    assert.notEqual(normalizeUri('file:///ws/a%23b.md'), normalizeUri('file:///ws/a#b.md'));
    assert.notEqual(normalizeUri('file:///ws/a%2Bb.md'), normalizeUri('file:///ws/a%20b.md'));
  });

  test('a path made into a URI is already in normal form, whatever its characters', () => {
    for (const name of ['Runbook (DB).md', 'a#b.md', 'q?.md', '100%.md', 'a+b c.md', 'café ☕.md', "it's [x] {y}.md", 'a%41.md']) {
      const uri = pathToUri(`/ws/${name}`);
      assert.equal(normalizeUri(uri), uri, name);
      // Node's spelling of the same path is the same file.
      assert.equal(normalizeUri(pathToFileURL(`/ws/${name}`).href), uri, name);
    }
  });

  test("paths and file URIs convert and normalize as vscode-uri converts them, plain ones included (which are taken without it)", () => {
    // Every path and URI of up to 6 characters after the root from an alphabet of plain and special characters, in a fixed pseudo-random order.
    const alphabet = ['a', 'Z', '9', '/', '.', '_', '-', '~', '%', ':', ' ', '#', '?', '@', '+', '\\', 'é', 'C:'];
    let seed = 7;
    const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 16) % alphabet.length;
    for (let i = 0; i < 20_000; i++) {
      const tail = Array.from({ length: i % 7 }, next).map((c) => alphabet[c]).join('');
      const path = `/${tail}`;
      let expected: string | undefined;
      try {
        expected = URI.file(path).toString();
      } catch {
        expected = undefined;
      }
      if (expected !== undefined) assert.equal(pathToUri(path), expected, path);
      const uri = `file:///${tail}`;
      let local: string | undefined;
      try {
        const { fsPath } = URI.parse(uri, true);
        local = fsPath.startsWith('/') ? fsPath : undefined;
      } catch {
        local = undefined;
      }
      assert.equal(uriToPath(uri), local, uri);
      // Plain URIs are taken as they are, without vscode-uri: it must agree.
      let normal: string;
      try {
        normal = URI.parse(uri).toString();
      } catch {
        normal = uri;
      }
      assert.equal(normalizeUri(uri), normal, uri);
    }
  });

  test('text that is not a URI is left as it is', () => {
    for (const text of ['not a uri', '', 'file:////x.md', '/ws/a.md']) assert.equal(normalizeUri(text), text);
    assert.equal(normalizeUri('untitled:Untitled-1'), 'untitled:Untitled-1');
  });
});

describe('isInside', () => {
  test('below the folder, in any spelling', () => {
    assert.ok(isInside('file:///ws/notes/a.md', 'file:///ws'));
    assert.ok(isInside('file:///ws/notes/a.md', 'file:///ws/'));
    assert.ok(isInside('file:///C:/ws/a.md', 'file:///c%3A/ws'));
    assert.ok(isInside('file:///ws/Runbook%20(DB).md', 'file:///ws'));
  });

  test('not the folder itself, a sibling with the same prefix, another host or scheme, dot segments or NUL', () => {
    for (const uri of [
      'file:///ws',
      'file:///ws/',
      'file:///ws2/a.md',
      'file:///etc/passwd',
      'file:///ws/../etc/passwd',
      'file:///ws/notes/../../etc/x.md',
      'file:///ws/%2E%2E/%2e%2e/etc/x.md',
      'file:///ws/./a.md',
      'file:///ws/a\\..\\..\\x.md',
      'file://host/ws/a.md',
      'file:///ws/a%00.md',
      'untitled:/ws/a.md',
      'not a uri',
    ]) {
      assert.equal(isInside(uri, 'file:///ws'), false, uri);
    }
  });
});

describe('pathInside', () => {
  test("answers alike for a URI spelled from the folder's text and for one that must be parsed", () => {
    // `file:///w%73` is `file:///ws` spelled otherwise: a URI starting with one folder's text is parsed for the other.
    const spellings = [
      ['file:///ws', 'file:///w%73/'],
      ['file:///c%3A/ws', 'file:///C:/ws'],
      ['file://Host/ws', 'file://host/w%73'],
    ];
    const pieces = ['a', 'B', '.md', '/', '//', '.', '..', '%', '%2F', '%2e', '%00', '\\', '?', '#', ' ', '(', 'é', '%C3%A9', '\0'];
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648) >>> 8) % n;
    for (const [folder, other] of spellings) {
      const stems = [folder, other, `${folder}/`, `${other.replace(/\/$/, '')}/`, folder.toUpperCase(), `${folder}x`];
      for (let i = 0; i < 3000; i++) {
        let uri = stems[random(stems.length)];
        for (let n = random(6); n >= 0; n--) uri += pieces[random(pieces.length)];
        assert.equal(pathInside(uri, folder), pathInside(uri, other), uri);
      }
    }
    assert.equal(pathInside('file:///ws/notes/a%20b.md', 'file:///ws'), 'notes/a b.md');
    assert.equal(pathInside('file:///ws/notes/a b.md', 'file:///ws/'), 'notes/a b.md');
  });
});

describe('childUris', () => {
  test("spells each entry's URI as vscode-uri's joinPath does, plain names too (which are joined without it)", () => {
    const folders = ['file:///ws', 'file:///ws/', 'file:///ws//notes', 'file:///C:/ws', 'file:///ws/a%20b', 'vscode-vfs://github/owner/repo/docs', 'memfs:/', 'memfs:/ws?query=1', 'memfs:/ws#top', 'file://server/share/ws'];
    const names = ['a.md', 'Runbook (DB).md', 'a+b.md', '50%.md', 'a#b.md', 'a?b.md', 'café.md', '~me.md', 'c:x.md', 'C:', '.', '..', '.hidden', 'with space', 'a_b-c.d~e'];
    for (const folder of folders) {
      const expected = names.map((name) => Utils.joinPath(URI.parse(folder), name).toString());
      assert.deepEqual(childUris(folder, names), expected, folder);
    }
  });
});

describe('the index keeps one entry per file, however its URI is spelled', () => {
  test('opening under each spelling of an indexed file adds no second entry and links stay unambiguous', async () => {
    const files: Record<string, string> = {};
    for (const [uri] of SPELLINGS.filter((g) => g[0].startsWith('file:///ws/'))) files[normalizeUri(uri)] = '# A note\n';
    const workspace = new MemoryWorkspace();
    for (const [uri, text] of Object.entries(files)) workspace.files.set(uri, text);
    const service = new RcaService(workspace, RULE_SETS);
    await service.indexWorkspace();
    const size = service.index.size;
    assert.equal(size, Object.keys(files).length);
    for (const group of SPELLINGS.filter((g) => g[0].startsWith('file:///ws/'))) {
      for (const spelling of group) {
        const doc = service.openDocument(spelling, 2, '# A note, edited\n');
        assert.equal(doc.uri, normalizeUri(group[0]), spelling);
        assert.equal(service.index.size, size, spelling);
        assert.equal(service.getOpenDocument(spelling), doc);
      }
      const name = service.index.get(normalizeUri(group[0]))!.name;
      assert.equal(service.index.resolve(name).length, 1, name);
      for (const spelling of group) await service.closeDocument(spelling);
      assert.equal(service.getOpenDocument(group[0]), undefined);
      assert.equal(service.index.size, size);
    }
  });

  test('a Windows drive letter in either case and encoding is one file', async () => {
    const workspace = new MemoryWorkspace({}, ['file:///C:/ws']);
    workspace.files.set('file:///c%3A/ws/Runbook.md', '# Runbook\n');
    const service = new RcaService(workspace, RULE_SETS);
    await service.indexWorkspace();
    for (const spelling of SPELLINGS.at(-1)!.map((s) => s.replace('/a.md', '/Runbook.md'))) {
      service.openDocument(spelling, 1, '# Runbook\n');
      assert.equal(service.index.size, 1, spelling);
    }
    assert.equal(service.index.get('file:///c%3A/ws/Runbook.md')?.relativePath, 'Runbook.md');
  });

  test('files whose names hold spaces, brackets, #, ?, %, + and non-ASCII are listed, read and indexed from disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rca-names-'));
    try {
      const names = ['Runbook (DB)', 'a#b', 'q?', '100%', 'a+b c', 'café ☕', 'x%41'];
      mkdirSync(join(dir, 'notes'));
      for (const name of names) writeFileSync(join(dir, 'notes', `${name}.md`), `# ${name}\n`);
      const service = new RcaService(new NodeWorkspace([pathToUri(dir)]), RULE_SETS);
      await service.indexWorkspace();
      assert.deepEqual([...service.index.all()].map((e) => e.name).sort(), [...names].sort());
      for (const name of names) {
        const [entry] = service.index.resolve(name);
        assert.equal(entry?.relativePath, `notes/${name}.md`, name);
        // The editor's spelling and Node's name the indexed file.
        for (const uri of [normalizeUri(entry.uri), pathToFileURL(join(dir, 'notes', `${name}.md`)).href]) {
          service.openDocument(uri, 1, `# ${name}\n`);
          assert.equal(service.index.size, names.length, uri);
          assert.equal(service.index.resolve(name).length, 1, uri);
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('over stdio: a file opened under the editor\'s spelling of its URI', () => {
  let session: LspSession;
  let root: string;
  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'rca-identity-'));
    mkdirSync(join(root, 'notes'));
    writeFileSync(join(root, 'notes', 'Runbook (DB).md'), '# Runbook (DB)\n\n## Failover\n\nPromote the replica.\n');
    writeFileSync(join(root, 'notes', 'index.md'), '# Index\n\nSee [[Runbook (DB)]] and [[Runbook (DB)#Failover]].\n');
    session = await LspSession.start({ root });
  });
  after(async () => {
    await session.close();
    rmSync(root, { recursive: true, force: true });
  });

  test('[[Runbook (DB)]] is not ambiguous and definition returns one target', async () => {
    // VS Code encodes brackets; Node's file URLs do not.
    const editorUri = normalizeUri(session.uri('notes/Runbook (DB).md'));
    assert.match(editorUri, /Runbook%20%28DB%29\.md$/);
    await session.open(editorUri, '# Runbook (DB)\n\n## Failover\n\nPromote the replica.\n');
    await session.diagnosticsOf(editorUri, 1);
    const index = session.uri('notes/index.md');
    await session.open(index, '# Index\n\nSee [[Runbook (DB)]] and [[Runbook (DB)#Failover]].\n');
    const diagnostics: Diagnostic[] = await session.diagnosticsOf(index, 1);
    assert.deepEqual(diagnostics.map((d) => d.code), []);
    const targets = await session.connection.sendRequest<LocationLink[]>('textDocument/definition', { textDocument: { uri: index }, position: { line: 2, character: 8 } });
    assert.deepEqual(targets.map((t) => t.targetUri), [editorUri]);
  });
});

describe('rca-lint', () => {
  test('checks files whose names hold # and ?', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rca-lint-names-'));
    try {
      writeFileSync(join(dir, 'a#b.md'), '# A\n\nSee [[nowhere]].\n');
      writeFileSync(join(dir, 'q?.md'), '# Q\n\nSee [[elsewhere]].\n');
      const result = spawnSync(process.execPath, [join(REPO, 'dist', 'cli.js')], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
      assert.equal(result.status, 1, result.stderr);
      const lines = result.stdout.trim().split('\n');
      assert.deepEqual(lines.slice(0, -1).map((l) => `${l.split(':')[0]} ${l.split(' ')[1]}`).sort(), ['a#b.md broken-wiki-link', 'q?.md broken-wiki-link']);
      assert.match(lines.at(-1)!, /^2 files checked: 2 problems/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
