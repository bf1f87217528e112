// The index kept between sessions: a start from it gives the index a start from
// scratch gives, after files changed, were added or removed in between, and a
// damaged, cut, foreign or hostile stored index is read as none.
import assert from 'node:assert/strict';
import { readFileSync, rmSync, unlinkSync, utimesSync, writeFileSync, readdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { build } from 'esbuild';
import { ChangedWhileStored, IndexWriter, INDEX_STATE, readIndex, storedIndexText, type FileFacts } from '../server/src/core/persistedIndex';
import { RcaService } from '../server/src/core/service';
import { RequestsInProgress } from '../server/src/requestsInProgress';
import { NodeWorkspace, pathToUri, stateFiles } from '../server/src/nodeWorkspace';
import { RULE_SETS } from '../server/src/rules';
import { packHeadings, packLinks, unpackHeadings, unpackLinks } from '../server/src/core/workspaceIndex';
import { LspSession } from './lspSession';
import { indexSnapshot as snapshot, temporaryFolders, writeIndexWorkspace } from './indexFixtures';
import { REPO, RUNS, seededRandom } from './support';

const ENGINE = 'test-engine';

const tempDir = temporaryFolders();

/** A generated workspace with notes that exercise what the index keeps. */
function workspace(): string {
  return writeIndexWorkspace(tempDir('rca-persist-'), 150);
}

function service(root: string, state?: string): RcaService {
  const ws = new NodeWorkspace([pathToUri(root).replace(/\/$/, '')], () => {}, state === undefined ? undefined : stateFiles(state));
  return new RcaService(ws, RULE_SETS, undefined, undefined, state === undefined ? undefined : { engine: ENGINE });
}

async function indexed(root: string, state?: string): Promise<RcaService> {
  const s = service(root, state);
  await s.indexWorkspace();
  await s.saveIndex();
  return s;
}

const storedText = (state: string) => readFileSync(join(state, `${INDEX_STATE}.json`), 'utf8');

describe('persisted index', () => {
  test('a start from the stored index equals a start from scratch, before and after files change between sessions', async () => {
    const root = workspace();
    const state = tempDir('rca-state-');
    const changed = join(root, 'notes', 'setext.md');
    // A round modification time, to change the file later under the same size and time.
    utimesSync(changed, 1_000_000, 1_000_000);
    const cold = await indexed(root, state);
    assert.deepEqual(snapshot(cold.index), snapshot((await indexed(root)).index));
    // What the stored entries must carry: ordinary links (resolved), RCAs with services, action items, tags.
    const entries = [...cold.index.all()];
    assert.ok(entries.find((e) => e.relativePath === 'notes/ordinary.md')!.links.filter((l) => l.uri !== undefined).length >= 6);
    assert.ok(entries.some((e) => e.rca && e.rca.services.length > 0 && e.rca.actionItems !== '' && e.rca.tags.length > 0));
    assert.ok([...cold.index.actionItemMarks().values()].some((n) => n > 0));
    assert.ok(storedText(state).length > 0);

    // No Markdown file was read to make the second index: every one came from the stored facts.
    const warm = service(root, state);
    let reads = 0;
    const read = warm.workspace.readFile.bind(warm.workspace);
    warm.workspace.readFile = (uri, max) => (reads += uri.endsWith('.md') ? 1 : 0, read(uri, max));
    // And the stored index was read a line at a time, never as one text (100,000 files' is a hundred megabytes).
    warm.workspace.readState = () => assert.fail('the stored index was read whole');
    await warm.indexWorkspace();
    assert.equal(reads, 0);
    assert.deepEqual(snapshot(warm.index), snapshot(cold.index));

    // Between sessions: one file edited, one added, one removed, one replaced by a file of the same size and time.
    const rcas = readdirSync(join(root, 'rca', '2025')).sort();
    writeFileSync(join(root, 'rca', '2025', rcas[0]), readFileSync(join(root, 'rca', '2025', rcas[0]), 'utf8').replace('## Summary', '## Summary\n\nSee [[setext#Title]].\n\n### New heading'));
    unlinkSync(join(root, 'rca', '2025', rcas[1]));
    writeFileSync(join(root, 'notes', 'added.md'), '# Added\n\n[[odd #name%]]\n');
    const before = readFileSync(changed, 'utf8');
    const same = before.replace('Sub part', 'Sub pert');
    assert.equal(same.length, before.length);
    writeFileSync(changed, same);
    utimesSync(changed, 1_000_000, 1_000_000);

    const fresh = snapshot((await indexed(root)).index);
    const next = service(root, state);
    // The start takes the stored index as it was, without looking at the files…
    await next.indexWorkspace();
    assert.equal(reads, 0);
    assert.deepEqual(snapshot(next.index), snapshot(cold.index));
    // …then looks at them: the edited, added and removed files are as they are now; the file changed
    // under the same size and time is taken from the stored index until its text is read…
    await next.reconcileStoredIndex();
    const entry = (path: string) => next.index.get(pathToUri(join(root, path)));
    assert.ok(entry('notes/added.md'));
    assert.equal(entry(`rca/2025/${rcas[1]}`), undefined);
    assert.ok(entry(`rca/2025/${rcas[0]}`)!.headings.some((h) => h.text === 'New heading'));
    assert.ok(entry('notes/setext.md')!.headings.some((h) => h.text === 'Sub part'));
    assert.notDeepEqual(snapshot(next.index), fresh);
    await next.verifyStoredFiles();
    // …then it is indexed again.
    assert.deepEqual(snapshot(next.index), fresh);
    await next.saveIndex();
    assert.deepEqual(snapshot((await indexed(root, state)).index), fresh);
  });

  test('a file opened while the index is written leaves nothing stored; the next save stores the index whole', async () => {
    const root = workspace();
    const state = tempDir('rca-state-');
    const s = service(root, state);
    const write = s.workspace.writeState!.bind(s.workspace);
    let opened: string | undefined;
    // The file last written is opened once the header is written.
    s.workspace.writeState = (name, text) =>
      write(name, typeof text === 'string' ? text : (async function* () {
        for await (const piece of text) {
          yield piece;
          if (opened !== undefined) continue;
          opened = [...s.index.all()].at(-1)!.uri;
          s.openDocument(opened, 1, '# Opened\n');
        }
      })());
    await s.indexWorkspace();
    await s.saveIndex();
    assert.ok(opened);
    assert.throws(() => storedText(state), /ENOENT/);
    await s.saveIndex();
    const stored = readIndex(storedText(state), ENGINE)!;
    assert.equal(stored.size, s.index.size - 1);
    assert.equal(stored.has(opened), false);
  });

  test('storing waits between files while requests are in progress, and goes on once none is', async () => {
    const root = workspace();
    const state = tempDir('rca-state-');
    const requests = new RequestsInProgress();
    let waits = 0;
    const ws = new NodeWorkspace([pathToUri(root).replace(/\/$/, '')], () => {}, stateFiles(state));
    const s = new RcaService(ws, RULE_SETS, undefined, undefined, { engine: ENGINE, idle: () => (waits++, requests.none()) });
    await s.indexWorkspace();
    requests.begin();
    let stored = false;
    const saving = s.saveIndex().then(() => (stored = true));
    // Held at the first file: only ending the request lets it on, however long it waits.
    while (waits === 0 && !stored) await new Promise((resolve) => setImmediate(resolve));
    for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
    assert.equal(waits, 1);
    assert.equal(stored, false);
    assert.throws(() => storedText(state), /ENOENT/);
    requests.end();
    await saving;
    assert.equal(waits, s.index.size);
    assert.equal(readIndex(storedText(state), ENGINE)!.size, s.index.size);
  });

  test('reading again the files of a stored index waits between files while requests are in progress', async () => {
    const root = workspace();
    const state = tempDir('rca-state-');
    await indexed(root, state);
    const requests = new RequestsInProgress();
    let waits = 0;
    let reads = 0;
    const ws = new NodeWorkspace([pathToUri(root).replace(/\/$/, '')], () => {}, stateFiles(state));
    const read = ws.readFile.bind(ws);
    ws.readFile = (uri, max) => (reads += uri.endsWith('.md') ? 1 : 0, read(uri, max));
    const s = new RcaService(ws, RULE_SETS, undefined, undefined, { engine: ENGINE, idle: () => (waits++, requests.none()) });
    await s.indexWorkspace();
    assert.equal(reads, 0, 'the start took the stored index');
    requests.begin();
    let verified = false;
    const verifying = s.verifyStoredFiles().then(() => (verified = true));
    // Held after the first file: only ending the request lets it on.
    while (waits === 0 && !verified) await new Promise((resolve) => setImmediate(resolve));
    for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual({ waits, reads, verified }, { waits: 1, reads: 1, verified: false });
    requests.end();
    await verifying;
    const files = [...s.index.all()].filter((entry) => entry.uri.endsWith('.md')).length;
    assert.deepEqual({ waits, reads }, { waits: files, reads: files });
  });

  test('settings that change what the index holds make every file read again', async () => {
    const root = workspace();
    const state = tempDir('rca-state-');
    await indexed(root, state);
    const other = new RcaService(new NodeWorkspace([pathToUri(root).replace(/\/$/, '')], () => {}, stateFiles(state)), RULE_SETS, { ...(await indexed(root)).settings, files: ['notes/**'] }, undefined, { engine: ENGINE });
    await other.indexWorkspace();
    const scratch = new RcaService(new NodeWorkspace([pathToUri(root).replace(/\/$/, '')]), RULE_SETS, other.settings);
    await scratch.indexWorkspace();
    assert.deepEqual(snapshot(other.index), snapshot(scratch.index));
  });

  test('an index stored by another engine is not read', async () => {
    const root = workspace();
    const state = tempDir('rca-state-');
    await indexed(root, state);
    assert.ok(readIndex(storedText(state), ENGINE));
    assert.equal(readIndex(storedText(state), 'another-engine'), undefined);
  });

  test('a stored row is taken only for a Markdown file of the workspace, and only until the files are looked at', async () => {
    const root = workspace();
    const state = tempDir('rca-state-');
    const fresh = snapshot((await indexed(root, state)).index);
    const [header, ...rows] = storedText(state).split('\n');
    const end = rows.indexOf('"end"');
    // The first file's row again under other names, after the last row: the strings it names are listed by then.
    const moved = (to: string) => JSON.stringify([to, ...(JSON.parse(rows[0]) as unknown[]).slice(1, 8), []]);
    const outside = pathToUri(join(tempDir('rca-elsewhere-'), 'secret.md'));
    const gone = pathToUri(join(root, 'notes', 'gone.md'));
    const added = [moved(outside), moved(`${pathToUri(root)}/notes/not-markdown.txt`), moved(gone)];
    writeFileSync(join(state, `${INDEX_STATE}.json`), [header.replace(/"files":(\d+)/, (_, n) => `"files":${Number(n) + added.length}`), ...rows.slice(0, end), ...added, ...rows.slice(end)].join('\n'));
    const s = service(root, state);
    await s.indexWorkspace();
    assert.equal(s.index.get(outside), undefined);
    assert.equal([...s.index.all()].some((e) => !e.uri.endsWith('.md')), false);
    assert.ok(s.index.get(gone), 'taken until the files are looked at');
    const taken = s.index.size;
    // Cancelled while listing (the server shutting down), it drops nothing the listing did not reach.
    const list = s.workspace.listMarkdownFiles.bind(s.workspace);
    const token = { isCancellationRequested: false };
    s.workspace.listMarkdownFiles = async (t) => ((token.isCancellationRequested = true), (await list(t)).slice(0, 1));
    await s.reconcileStoredIndex(token);
    assert.ok(s.index.get(gone));
    assert.equal(s.index.size, taken);
    s.workspace.listMarkdownFiles = list;
    await s.reconcileStoredIndex();
    assert.equal(s.index.get(gone), undefined);
    assert.deepEqual(snapshot(s.index), fresh);
  });

  test('a damaged, cut, foreign or hostile stored index is read as none, never trusted in part, and stored anew', async () => {
    const root = workspace();
    const state = tempDir('rca-state-');
    const fresh = snapshot((await indexed(root, state)).index);
    const valid = storedText(state);
    const random = seededRandom(17);
    const damaged = [
      '',
      'null',
      '[]',
      '{"format":"rca-author index 1"}',
      Buffer.from(Array.from({ length: 4096 }, () => Math.floor(random() * 256))).toString('latin1'),
      valid.slice(0, Math.floor(valid.length / 2)),
      valid.slice(0, valid.length - 3),
      valid.replace(/"files":(\d+)/, (_, n) => `"files":${Number(n) + 1}`),
      valid.replace(/"files":(\d+)/, (_, n) => `"files":${Number(n) - 1}`),
      valid.replace('\n', '\n[1,2]\n'),
    ];
    for (const text of damaged) {
      writeFileSync(join(state, `${INDEX_STATE}.json`), text);
      const s = await indexed(root, state);
      assert.deepEqual(snapshot(s.index), fresh);
      assert.ok(readIndex(storedText(state), ENGINE), 'stored anew');
    }
  });
});

describe('the engine key', () => {
  test('hashes every module of the repository the core and the rules import, shared ones included', async () => {
    const listed = spawnSync(process.execPath, ['--input-type=module', '-e', "import { engineSources } from './scripts/engineSources.mjs'; console.log(JSON.stringify(engineSources()))"], { cwd: REPO, encoding: 'utf8' });
    assert.equal(listed.status, 0, listed.stderr);
    const sources = new Set(JSON.parse(listed.stdout) as string[]);
    // What a bundle of the core and rules takes in, as esbuild resolves it.
    const entryPoints = ['server/src/core', 'server/src/rules'].flatMap((dir) => readdirSync(join(REPO, dir)).map((f) => join(REPO, dir, f)));
    const { metafile } = await build({ entryPoints, bundle: true, write: false, outdir: 'out', platform: 'neutral', packages: 'external', metafile: true, logLevel: 'silent', absWorkingDir: REPO });
    const reached = Object.keys(metafile.inputs);
    assert.ok(reached.includes('shared/wikiLink.ts') && reached.includes('shared/uri.ts'));
    assert.deepEqual(reached.filter((file) => !sources.has(file)), []);
  });
});

describe('the language server', () => {
  test('stores its index in the client\'s storage folder at shutdown and starts from it, with what changed in between', async () => {
    const root = workspace();
    writeFileSync(join(root, 'notes', 'linker.md'), '# Linker\n\n[[setext#Sub part]]\n');
    const storage = tempDir('rca-storage-');
    const initializationOptions = { storageUri: pathToFileURL(storage).href };
    const first = await LspSession.start({ root, initializationOptions });
    await first.close();
    assert.ok(readIndex(storedText(storage), RCA_ENGINE), 'stored by this engine');

    // While no server ran: a linked file deleted, a linked heading renamed.
    rmSync(join(root, 'notes', 'empty.md'));
    writeFileSync(join(root, 'notes', 'setext.md'), 'Title\n=====\n\nOther part\n---\n');
    const second = await LspSession.start({ root, initializationOptions });
    try {
      // The start answers from the stored index, then looks at the files and checks open documents again.
      const codes = async (path: string, expected: string[]) => (await second.diagnosticsOf(await second.openFile(path), undefined, (d) => d.length === expected.length)).map((d) => d.code);
      assert.deepEqual(await codes('notes/bom.md', ['broken-wiki-link']), ['broken-wiki-link']);
      assert.deepEqual(await codes('notes/linker.md', ['broken-heading-link']), ['broken-heading-link']);
    } finally {
      await second.close();
    }
  });
});

describe('readIndex', () => {
  const writer = new IndexWriter(ENGINE);
  const headings = [
    { level: 1, text: 'Title', line: 0, character: 2 },
    { level: 2, text: 'Sub', line: 3, character: 3 },
  ];
  const links = [
    { line: 5, start: 0, end: 12, target: 'a/b', targetStart: 2, heading: 'Sub', headingStart: 6 },
    { line: 6, start: 0, end: 7, target: 'c', targetStart: 2, heading: undefined, headingStart: -1 },
    { line: 7, start: 4, end: 20, target: 'd%20e.md', targetStart: 5, heading: 'x', headingStart: 14, uri: 'file:///ws/d%20e.md' },
  ];
  const rca = { title: 'T', date: '2025-01-02', severity: 'P1', status: undefined, author: 'SRE', services: ['a'], tags: ['rca'], durationMinutes: 5, timeToResolve: undefined, timeToMitigate: 3, impactStart: '2025-01-01 23:58', timeToDetect: 4, timeToAcknowledge: 6, timeToIdentify: undefined, timeToRecover: 9, customerImpactMinutes: undefined, usersAffected: undefined, revenueImpact: 12.5, actionItems: '1\tP1\tSRE\t2025-01-09\tFix' };
  writer.add('file:///ws/a.md', { stamp: { size: 10, mtime: 1.5 }, hash: 7, settings: 's', headings: packHeadings(headings), links: packLinks(links), rca });
  writer.add('file:///ws/b.md', { stamp: { size: 0, mtime: 0 }, hash: 0, settings: 's', headings: [], links: [], rca: undefined });
  const valid = writer.finish();
  interface Parts {
    // Rows are changed in place, anywhere.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    files: any[];
    [key: string]: unknown;
  }
  /** The stored text as one value (the header with its file lines as `files`), and back: what the cases below change. */
  const parts = (text: string): Parts => {
    const lines = text.trim().split('\n').map((line) => JSON.parse(line));
    return { ...lines[0], files: lines.slice(1, -1) };
  };
  const storedOf = ({ files, ...header }: Parts) => `${[JSON.stringify({ ...header, files: files.length }), ...files.map((f) => JSON.stringify(f)), '"end"'].join('\n')}\n`;
  assert.equal(storedOf(parts(valid)), valid);

  test('written in pieces, the text is the one written whole; files that changed meanwhile end it', async () => {
    const files: [string, FileFacts][] = [
      ['file:///ws/a.md', { stamp: { size: 10, mtime: 1.5 }, hash: 7, settings: 's', headings: packHeadings(headings), links: packLinks(links), rca }],
      ['file:///ws/b.md', { stamp: { size: 0, mtime: 0 }, hash: 0, settings: 's', headings: [], links: [], rca: undefined }],
    ];
    const text = async (settings: string[], count: number, given = files) => {
      let whole = '';
      for await (const piece of storedIndexText(ENGINE, settings, count, (async function* () { yield* given; })())) whole += piece;
      return whole;
    };
    assert.equal(await text(['s'], 2), valid);
    await assert.rejects(text(['other'], 2), ChangedWhileStored);
    await assert.rejects(text(['s'], 3), ChangedWhileStored);
    await assert.rejects(text(['s'], 1), ChangedWhileStored);
  });

  test('reads back what was written', () => {
    const read = readIndex(valid, ENGINE)!;
    const a = read.get('file:///ws/a.md')!;
    assert.deepEqual({ ...a, headings: unpackHeadings(a.headings), links: unpackLinks(a.links) }, { stamp: { size: 10, mtime: 1.5 }, hash: 7, settings: 's', headings, links, rca });
    // Packed as the index packs them, to be taken over as they are.
    assert.deepEqual([a.headings, a.links], [packHeadings(headings), packLinks(links)]);
    assert.deepEqual(read.get('file:///ws/b.md')?.headings, []);
  });

  test('a value of another type anywhere makes the whole of it unread', () => {
    const random = seededRandom(23);
    // No field takes a value of another JSON type: a number where a string was, a string where a number was (null is a missing title or figure).
    const otherThan = (value: unknown): unknown[] => [typeof value === 'number' ? 'x' : 7, true, {}, [], { __proto__: { polluted: 1 } }, typeof value === 'number' ? 'a'.repeat(1000) : -7.5];
    const leaves: (string | number)[][] = [];
    const walk = (value: unknown, path: (string | number)[]) => {
      if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, i]));
      else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
      else leaves.push(path);
    };
    walk(parts(valid), []);
    for (let run = 0; run < RUNS * 20; run++) {
      const copy = parts(valid);
      const path = leaves[Math.floor(random() * leaves.length)];
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      let parent: any = copy;
      for (const key of path.slice(0, -1)) parent = parent[key];
      const key = path.at(-1)!;
      const choices = otherThan(parent[key]);
      const replacement = choices[Math.floor(random() * choices.length)];
      // A missing title or figure (null) may become a string or a number: a valid one, not damage.
      if (parent[key] === null && (typeof replacement === 'string' || typeof replacement === 'number')) continue;
      parent[key] = replacement;
      assert.equal(readIndex(storedOf(copy), ENGINE), undefined, `${JSON.stringify(path)} = ${JSON.stringify(replacement)}`);
    }
  });

  test('counts out of range are refused', () => {
    const rows = parts(valid);
    const row = rows.files[0];
    // size, hash, settings index; a heading's text (a string's number), line, and level with its character; a link's start and target (a string's number).
    const places: [number, number | undefined][] = [[1, undefined], [3, undefined], [4, undefined], [5, 0], [5, 1], [5, 2], [6, 1], [6, 3]];
    for (const [at, inner] of places) {
      for (const bad of [-1, 1.5, 2 ** 60, 1e308]) {
        const copy = structuredClone(row);
        if (inner === undefined) copy[at] = bad;
        else copy[at][inner] = bad;
        assert.equal(readIndex(storedOf({ ...rows, files: [copy] }), ENGINE), undefined, `${at}/${inner} = ${bad}`);
      }
    }
    // A string's number names one listed by its row or an earlier one.
    const beyond = structuredClone(row);
    beyond[5][0] = beyond[8].length;
    assert.equal(readIndex(storedOf({ ...rows, files: [beyond] }), ENGINE), undefined, 'a string not listed yet');
    // A heading's level (its packed value modulo 8) is 1 to 6.
    for (const packed of [7, 8, 7 + 8 * 3]) {
      const level = structuredClone(row);
      level[5][2] = packed;
      assert.equal(readIndex(storedOf({ ...rows, files: [level] }), ENGINE), undefined, String(packed));
    }
  });

  test('extra or missing items in a row, strides that do not divide, and cut text are refused', () => {
    const rows = parts(valid);
    const variants: Parts[] = [
      { ...rows, files: [[...rows.files[0], 1]] },
      { ...rows, files: [rows.files[0].slice(0, 7)] },
      { ...rows, files: [[...rows.files[0].slice(0, 5), ['Title', 0], ...rows.files[0].slice(6)]] },
      { ...rows, files: [[...rows.files[0].slice(0, 6), [5, 0, 12, 'a', 2, null, 3, null], rows.files[0][7]]] },
      { ...rows, files: [[...rows.files[0].slice(0, 6), [5, 0, 12, 'a', 2, null, -1], rows.files[0][7]]] },
      { ...rows, files: [[...rows.files[0].slice(0, 4), 99, ...rows.files[0].slice(5)]] },
      { ...rows, files: [[...rows.files[0].slice(0, 7), [...rows.files[0][7], 'extra']]] },
      { ...rows, settings: [1] },
    ];
    for (const variant of variants) assert.equal(readIndex(storedOf(variant), ENGINE), undefined, JSON.stringify(variant).slice(0, 200));
    const random = seededRandom(29);
    for (let run = 0; run < RUNS * 5; run++) {
      const cut = Math.floor(random() * (valid.length - 1));
      assert.equal(readIndex(valid.slice(0, cut), ENGINE), undefined);
      const bytes = Buffer.from(valid);
      bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      // Never throws, whatever a byte became.
      readIndex(bytes.toString('utf8'), ENGINE);
    }
  });
});
