// Wiki-link navigation over real stdio sessions with the built server, on a
// workspace built in a temp dir: nested folders, duplicate basenames, case
// differences, escaped pipes in tables. Rename tests apply the returned
// WorkspaceEdit to the files and compare them byte for byte.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type {
  CodeAction,
  CompletionList,
  DocumentLink,
  DocumentSymbol,
  Hover,
  Location,
  LocationLink,
  Position,
  SymbolInformation,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { LineIndex } from '../server/src/core/text';
import { LspSession } from './lspSession';

// ---------------------------------------------------------------------------
// The workspace

const RCA_2025 = 'rca/2025/2025-03-01-db-outage.md';
const RCA_2024 = 'rca/2024/2024-11-02-cache-storm.md';
const RUNBOOK = 'notes/Runbook-DB.md';
const INDEX = 'notes/index.md';
const LEAF = 'deep/a/b/c/leaf.md';

const FILES: Record<string, string> = {
  [RCA_2025]: `---
title: "2025-03-01 - Database outage"
date: 2025-03-01
severity: P1
services: [db-proxy, billing-api]
tags: [rca]
status: resolved
duration_minutes: 30
author: SRE
---

# 2025-03-01 - Database outage

## Summary

The primary database failed over. See [[Runbook-DB#Failover]].

## Timeline

| Time (UTC) | Event |
|------------|-------|
| 10:00 | Alert triggered |
| 10:30 | Incident resolved |

## Root Cause

A bad config push. Compare [[2024-11-02-cache-storm|the cache storm]].
`,
  [RCA_2024]: `---
title: "2024-11-02 - Cache storm"
date: 2024-11-02
severity: P2
services: [cache]
tags: [rca]
status: resolved
duration_minutes: 10
author: SRE
---

# 2024-11-02 - Cache storm

## Root Cause

Expired keys. Later: [[2025-03-01-db-outage#root-cause|later outage]].
`,
  [RUNBOOK]: `# Database runbook

## Failover

Promote the replica.

## Restore

See [[#Failover]] first.
`,
  'notes/setup.md': '# Notes setup\n',
  'archive/setup.md': '# Archived setup\n',
  [INDEX]: `# Index

- [[runbook-db]] and [[RUNBOOK-DB#failover|fail over]]
- [[notes/setup]] vs [[setup]]
- [[2025-03-01-db-outage#Root Cause|why]]
- \`[[runbook-db]]\` in code and \\[[runbook-db]] escaped

| Page | Note |
|------|------|
| [[runbook-db\\|DB runbook]] | escaped pipe |
| [[Runbook-DB#Failover\\|fail over]] | heading and escaped pipe |

## Local Heading

Back to [[#local heading]].
`,
  [LEAF]: '# Leaf\r\n\r\n[[Runbook-DB.md]] and [[notes/Runbook-DB|rb]]\r\n',
};
const BULK = 250;
for (let i = 1; i <= BULK; i++) FILES[`bulk/page-${String(i).padStart(3, '0')}.md`] = `# Page ${i}\n`;

function buildWorkspace(): string {
  const root = mkdtempSync(join(tmpdir(), 'rca-nav-'));
  for (const [path, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

/** The position of the `n`-th occurrence of `needle` in a file, plus `offset` characters. */
function at(path: string, needle: string, offset = 0, n = 0): Position {
  const text = FILES[path];
  let index = -1;
  for (let i = 0; i <= n; i++) {
    index = text.indexOf(needle, index + 1);
    assert.notEqual(index, -1, `${needle} not in ${path}`);
  }
  return new LineIndex(text).positionAt(index + offset);
}

function lineOf(path: string, needle: string): number {
  return at(path, needle).line;
}

function relativeOf(client: LspSession, uri: string): string {
  return uri.startsWith(`${client.rootUri}/`) ? decodeURIComponent(uri.slice(client.rootUri.length + 1)) : uri;
}

/** Applies a WorkspaceEdit to the files on disk, in order, as an editor would. */
function applyEdit(edit: WorkspaceEdit): void {
  const pathOf = (uri: string) => fileURLToPath(uri);
  const applyText = (uri: string, edits: readonly TextEdit[]) => {
    const path = pathOf(uri);
    const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
    const lines = new LineIndex(text);
    const sorted = edits.map((e) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), text: e.newText })).sort((a, b) => b.start - a.start);
    for (let i = 1; i < sorted.length; i++) assert.ok(sorted[i].end <= sorted[i - 1].start, 'overlapping edits');
    let out = text;
    for (const e of sorted) out = out.slice(0, e.start) + e.text + out.slice(e.end);
    writeFileSync(path, out);
  };
  for (const [uri, edits] of Object.entries(edit.changes ?? {})) applyText(uri, edits);
  for (const change of edit.documentChanges ?? []) {
    if (!('kind' in change)) applyText(change.textDocument.uri, change.edits as TextEdit[]);
    else if (change.kind === 'rename') {
      assert.ok(!existsSync(pathOf(change.newUri)), `${change.newUri} exists`);
      mkdirSync(dirname(pathOf(change.newUri)), { recursive: true });
      renameSync(pathOf(change.oldUri), pathOf(change.newUri));
    } else if (change.kind === 'create') {
      mkdirSync(dirname(pathOf(change.uri)), { recursive: true });
      if (!existsSync(pathOf(change.uri))) writeFileSync(pathOf(change.uri), '');
    }
  }
}

/** Every file under root, by relative path. */
function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(join(dir, entry.name), rel);
      else out[rel] = readFileSync(join(dir, entry.name), 'utf8');
    }
  };
  walk(root, '');
  return out;
}

/** The workspace's files with some replaced (undefined: removed). */
function expectFiles(changes: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = { ...FILES };
  for (const [path, text] of Object.entries(changes)) {
    if (text === undefined) delete out[path];
    else out[path] = text;
  }
  return out;
}

function assertFiles(root: string, expected: Record<string, string>): void {
  const actual = snapshot(root);
  assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort());
  for (const [path, text] of Object.entries(expected)) assert.equal(actual[path], text, `${path} differs`);
}

// ---------------------------------------------------------------------------
// Read-only features: one session over one workspace

describe('navigation over stdio', () => {
  let root: string;
  let client: LspSession;
  before(async () => {
    root = buildWorkspace();
    client = await LspSession.start({ root, edits: true });
    for (const path of [INDEX, RUNBOOK, RCA_2025, LEAF]) await client.openFile(path);
  });
  after(async () => {
    await client.close();
    rmSync(root, { recursive: true, force: true });
  });

  const definitionOf = (path: string, needle: string, offset = 3, n = 0) => client.request<LocationLink[]>('textDocument/definition', path, at(path, needle, offset, n));

  test('diagnostics: the ambiguous [[setup]] is reported, case differences and escaped pipes resolve', async () => {
    const diagnostics = await client.diagnosticsOf(client.uri(INDEX));
    assert.deepEqual(diagnostics.map((d) => [d.code, d.range.start.line]), [['ambiguous-wiki-link', 3]]);
    assert.deepEqual(await client.diagnosticsOf(client.uri(LEAF)), []);
  });

  test('definition: a link to a file whose name differs in case goes to the file', async () => {
    const [link] = await definitionOf(INDEX, '[[runbook-db]]');
    assert.equal(relativeOf(client, link.targetUri), RUNBOOK);
    assert.deepEqual(link.targetSelectionRange, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
    assert.deepEqual(link.originSelectionRange, { start: at(INDEX, '[[runbook-db]]'), end: at(INDEX, '[[runbook-db]]', 14) });
  });

  test('definition: [[target#heading]] (by text or slug) goes to the heading line', async () => {
    for (const [needle, n] of [['[[RUNBOOK-DB#failover', 0], ['[[Runbook-DB#Failover\\|', 0]] as const) {
      const [link] = await definitionOf(INDEX, needle, 14, n);
      assert.equal(relativeOf(client, link.targetUri), RUNBOOK, needle);
      assert.deepEqual(link.targetSelectionRange, { start: { line: 2, character: 3 }, end: { line: 2, character: 11 } }, needle);
    }
    await client.openFile(RCA_2024);
    const [slug] = await client.request<LocationLink[]>('textDocument/definition', RCA_2024, at(RCA_2024, '#root-cause'));
    assert.equal(relativeOf(client, slug.targetUri), RCA_2025);
    assert.equal(slug.targetRange.start.line, lineOf(RCA_2025, '## Root Cause'));
  });

  test('definition: [[#heading]] stays in the file; folder/name and name.md resolve', async () => {
    const [local] = await definitionOf(INDEX, '[[#local heading]]');
    assert.equal(relativeOf(client, local.targetUri), INDEX);
    assert.equal(local.targetRange.start.line, lineOf(INDEX, '## Local Heading'));
    const targets = await Promise.all([definitionOf(LEAF, '[[Runbook-DB.md]]'), definitionOf(LEAF, '[[notes/Runbook-DB|rb]]'), definitionOf(INDEX, '[[notes/setup]]')]);
    assert.deepEqual(targets.map(([l]) => relativeOf(client, l.targetUri)), [RUNBOOK, RUNBOOK, 'notes/setup.md']);
  });

  test('definition: an ambiguous name offers both files; code spans and escaped links are not links', async () => {
    const both = await definitionOf(INDEX, '[[setup]]');
    assert.deepEqual(both.map((l) => relativeOf(client, l.targetUri)).sort(), ['archive/setup.md', 'notes/setup.md']);
    assert.deepEqual(await definitionOf(INDEX, '`[[runbook-db]]`', 4), []);
    assert.deepEqual(await definitionOf(INDEX, '\\[[runbook-db]]', 4), []);
  });

  test('definition: Location[] for a client without linkSupport', async () => {
    const plain = await LspSession.start({ root, edits: true, definitionLinks: false });
    try {
      await plain.openFile(INDEX);
      const locations = await plain.request<Location[]>('textDocument/definition', INDEX, at(INDEX, '[[runbook-db]]', 3));
      assert.equal(relativeOf(plain, locations[0].uri), RUNBOOK);
      assert.ok(locations[0].range && !('targetUri' in locations[0]));
    } finally {
      await plain.close();
    }
  });

  test('document links: every resolved link, with #L<line> for headings', async () => {
    const links = await client.request<DocumentLink[]>('textDocument/documentLink', INDEX);
    const shown = links.map((l) => [l.range.start.line, relativeOf(client, l.target!)]);
    assert.deepEqual(shown, [
      [2, RUNBOOK],
      [2, `${RUNBOOK}#L3`],
      [3, 'notes/setup.md'],
      [4, `${RCA_2025}#L${lineOf(RCA_2025, '## Root Cause') + 1}`],
      [9, RUNBOOK],
      [10, `${RUNBOOK}#L3`],
      [14, `${INDEX}#L${lineOf(INDEX, '## Local Heading') + 1}`],
    ]);
    // The clickable text is the target (and heading), not the alias or the escaped pipe.
    const table = links[4];
    assert.deepEqual(table.range, { start: at(INDEX, 'runbook-db\\|'), end: at(INDEX, 'runbook-db\\|', 10) });
  });

  const locations = (list: Location[]) => list.map((l) => `${relativeOf(client, l.uri)}:${l.range.start.line}:${l.range.start.character}`).sort();
  const RUNBOOK_BACKLINKS = [
    `${LEAF}:2:0`,
    `${LEAF}:2:22`,
    `${INDEX}:10:2`,
    `${INDEX}:2:2`,
    `${INDEX}:2:21`,
    `${INDEX}:9:2`,
    `${RUNBOOK}:8:4`,
    `${RCA_2025}:${lineOf(RCA_2025, 'See [[')}:38`,
  ].sort();

  test('references on a link: every link to the file, whatever its case, path or escapes', async () => {
    const found = await client.request<Location[]>('textDocument/references', INDEX, at(INDEX, '[[runbook-db]]', 4), { context: { includeDeclaration: false } });
    assert.deepEqual(locations(found), RUNBOOK_BACKLINKS);
  });

  test('references anywhere in a file without a link: its backlinks; with the declaration', async () => {
    const found = await client.request<Location[]>('textDocument/references', RUNBOOK, at(RUNBOOK, 'Promote'), { context: { includeDeclaration: true } });
    assert.deepEqual(locations(found), [...RUNBOOK_BACKLINKS, `${RUNBOOK}:0:0`].sort());
  });

  test('references on a heading, or on a link #heading: the links to that heading', async () => {
    const expected = [`${INDEX}:10:2`, `${INDEX}:2:21`, `${RUNBOOK}:8:4`, `${RCA_2025}:${lineOf(RCA_2025, 'See [[')}:38`].sort();
    const onHeading = await client.request<Location[]>('textDocument/references', RUNBOOK, at(RUNBOOK, 'Failover'), { context: { includeDeclaration: false } });
    assert.deepEqual(locations(onHeading), expected);
    const onLinkHeading = await client.request<Location[]>('textDocument/references', INDEX, at(INDEX, '#failover', 3), { context: { includeDeclaration: false } });
    assert.deepEqual(locations(onLinkHeading), expected);
    const slugRefs = await client.request<Location[]>('textDocument/references', RCA_2025, at(RCA_2025, '## Root Cause', 4), { context: { includeDeclaration: false } });
    assert.deepEqual(locations(slugRefs), [`${INDEX}:4:2`, `${RCA_2024}:${lineOf(RCA_2024, 'Later:')}:21`].sort());
  });

  test('prepareRename: the link target, a link heading, a heading; refused elsewhere', async () => {
    const onTarget = await client.request<{ range: unknown; placeholder: string }>('textDocument/prepareRename', INDEX, at(INDEX, '[[runbook-db]]', 4));
    assert.deepEqual(onTarget, { range: { start: at(INDEX, 'runbook-db'), end: at(INDEX, 'runbook-db', 10) }, placeholder: 'Runbook-DB' });
    const onHeading = await client.request<{ placeholder: string }>('textDocument/prepareRename', INDEX, at(INDEX, '#failover', 2));
    assert.equal(onHeading.placeholder, 'failover');
    const heading = await client.request<{ placeholder: string }>('textDocument/prepareRename', RUNBOOK, at(RUNBOOK, 'Restore'));
    assert.equal(heading.placeholder, 'Restore');
    await assert.rejects(client.request('textDocument/prepareRename', RUNBOOK, at(RUNBOOK, 'Promote')), /wiki-link\]\] or a heading/);
    await assert.rejects(client.request('textDocument/prepareRename', INDEX, at(INDEX, '[[setup]]', 3)), /matches 2 files/);
  });

  test('completion after [[: fuzzy ranked files with RCA details, case kept, closing ]] added', async () => {
    await client.openFile('notes/scratch.md', 'See [[db\n');
    const list = await client.request<CompletionList>('textDocument/completion', 'notes/scratch.md', { line: 0, character: 8 });
    const [first, second] = list.items;
    assert.equal(first.label, 'Runbook-DB');
    assert.deepEqual(first.textEdit, { range: { start: { line: 0, character: 6 }, end: { line: 0, character: 8 } }, newText: 'Runbook-DB]]' });
    assert.equal(second.label, '2025-03-01-db-outage');
    // The date once, though the title starts with it.
    assert.equal(second.detail, '2025-03-01 · P1 · Database outage');
    assert.equal(list.isIncomplete, false);
  });

  test('completion after [[: duplicate basenames are qualified; recency breaks ties; the closing ]] is replaced, not doubled', async () => {
    await client.openFile('notes/scratch.md', 'See [[setup]]\n');
    const untouched = await client.request<CompletionList>('textDocument/completion', 'notes/scratch.md', { line: 0, character: 11 });
    assert.deepEqual(untouched.items.map((i) => i.label).slice(0, 2), ['archive/setup', 'notes/setup']);
    assert.deepEqual(untouched.items[1].textEdit, { range: { start: { line: 0, character: 6 }, end: { line: 0, character: 13 } }, newText: 'notes/setup]]' });
    await client.openFile('notes/setup.md');
    const touched = await client.request<CompletionList>('textDocument/completion', 'notes/scratch.md', { line: 0, character: 11 });
    assert.deepEqual(touched.items.map((i) => i.label).slice(0, 2), ['notes/setup', 'archive/setup']);
  });

  test('completion after [[: at most 100 items, isIncomplete when there are more', async () => {
    await client.openFile('notes/scratch.md', 'See [[page\n');
    const list = await client.request<CompletionList>('textDocument/completion', 'notes/scratch.md', { line: 0, character: 10 });
    assert.equal(list.items.length, 100);
    assert.equal(list.isIncomplete, true);
    await client.openFile('notes/scratch.md', 'See [[\n');
    const all = await client.request<CompletionList>('textDocument/completion', 'notes/scratch.md', { line: 0, character: 6 });
    assert.equal(all.items.length, 100);
    assert.equal(all.isIncomplete, true);
    // Touched files come first: the ones this session opened.
    assert.ok(all.items.slice(0, 5).some((i) => i.label === 'notes/setup'), all.items.slice(0, 5).map((i) => i.label).join());
  });

  test('completion after [[target#: the target\'s headings, fuzzy filtered', async () => {
    await client.openFile('notes/scratch.md', 'See [[runbook-db#\n[[runbook-db#fa\n[[#\n');
    const all = await client.request<CompletionList>('textDocument/completion', 'notes/scratch.md', { line: 0, character: 17 });
    assert.deepEqual(all.items.map((i) => i.label), ['Database runbook', 'Failover', 'Restore']);
    assert.equal(all.items[1].textEdit!.newText, 'Failover]]');
    const some = await client.request<CompletionList>('textDocument/completion', 'notes/scratch.md', { line: 1, character: 15 });
    assert.deepEqual(some.items.map((i) => i.label), ['Failover']);
    assert.deepEqual((some.items[0].textEdit as TextEdit).range, { start: { line: 1, character: 13 }, end: { line: 1, character: 15 } });
  });

  test('completion after |: the target\'s title as alias, also after \\| in a table', async () => {
    await client.openFile('notes/scratch.md', 'See [[2025-03-01-db-outage|\n| [[Runbook-DB#Failover\\|]] |\n');
    const rca = await client.request<CompletionList>('textDocument/completion', 'notes/scratch.md', { line: 0, character: 27 });
    assert.equal(rca.items[0].label, '2025-03-01 - Database outage');
    assert.equal(rca.items[0].textEdit!.newText, '2025-03-01 - Database outage]]');
    const table = await client.request<CompletionList>('textDocument/completion', 'notes/scratch.md', { line: 1, character: 25 });
    assert.equal(table.items[0].label, 'Database runbook');
    assert.deepEqual(table.items[0].textEdit, { range: { start: { line: 1, character: 25 }, end: { line: 1, character: 27 } }, newText: 'Database runbook]]' });
  });

  test('no completion outside links or in code', async () => {
    await client.openFile('notes/scratch.md', 'See [[a]] b\n`[[x`\n```\n[[y\n```\n');
    for (const position of [{ line: 0, character: 11 }, { line: 1, character: 4 }, { line: 3, character: 3 }]) {
      const list = await client.request<CompletionList | null>('textDocument/completion', 'notes/scratch.md', position);
      assert.ok(list === null || list.items.length === 0, JSON.stringify(position));
    }
  });

  test('hover on a link: title, front matter summary and the linked section', async () => {
    const hover = await client.request<Hover>('textDocument/hover', INDEX, at(INDEX, '[[2025-03-01-db-outage', 4));
    const value = (hover.contents as { value: string }).value;
    assert.match(value, /\*\*2025-03-01 - Database outage\*\*/);
    assert.match(value, /`rca\/2025\/2025-03-01-db-outage\.md`/);
    assert.match(value, /2025-03-01 · severity P1 · resolved · 30 min · db-proxy, billing-api/);
    assert.match(value, /## Root Cause\n\nA bad config push\./);
    const note = await client.request<Hover>('textDocument/hover', INDEX, at(INDEX, '[[runbook-db]]', 4));
    assert.match((note.contents as { value: string }).value, /\*\*Database runbook\*\*[\s\S]*## Failover\n\nPromote the replica\./);
    assert.equal(await client.request('textDocument/hover', INDEX, at(INDEX, '# Index', 3)), null);
  });

  test('document symbols: sections and timeline events', async () => {
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', RCA_2025);
    const shape = (s: DocumentSymbol): unknown => (s.children?.length ? [s.name, s.children.map(shape)] : s.name);
    assert.deepEqual(symbols.map(shape), [['2025-03-01 - Database outage', ['Summary', ['Timeline', ['10:00 Alert triggered', '10:30 Incident resolved']], 'Root Cause']]]);
    const timeline = symbols[0].children![1];
    assert.equal(timeline.children![0].kind, 24);
    assert.equal(timeline.range.end.line, lineOf(RCA_2025, '## Root Cause') - 1);
  });

  test('workspace symbols: RCAs by title, services, headings; fuzzy and capped', async () => {
    const query = (q: string) => client.connection.sendRequest<SymbolInformation[]>('workspace/symbol', { query: q });
    const db = await query('database');
    assert.deepEqual(db.slice(0, 2).map((s) => [s.name, s.kind]), [['2025-03-01 - Database outage', 1], ['Database runbook', 15]]);
    const service = await query('db-proxy');
    assert.deepEqual(service.map((s) => [s.name, s.kind, relativeOf(client, s.location.uri)]), [['db-proxy', 2, RCA_2025]]);
    const fuzzy = await query('dbout');
    assert.equal(fuzzy[0].name, '2025-03-01 - Database outage');
    const heading = await query('failov');
    assert.deepEqual(heading.map((s) => [s.name, relativeOf(client, s.location.uri), s.location.range.start.line]), [['Failover', RUNBOOK, 2]]);
    const capped = await query('page');
    assert.equal(capped.length, 200);
  });

  test('quick fixes: did you mean, create a note, qualify an ambiguous link', async () => {
    const text = 'See [[runbok-db]], [[brand-new-page#Intro]] and [[setup]].\n';
    const uri = await client.openFile('notes/fixes.md', text);
    const diagnostics = await client.diagnosticsOf(uri);
    const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 60 } },
      context: { diagnostics },
    });
    assert.deepEqual(actions.map((a) => a.title), [
      'Did you mean [[Runbook-DB]]?',
      'Create notes/runbok-db.md',
      'Create notes/brand-new-page.md',
      'Link to archive/setup.md ([[archive/setup]])',
      'Link to notes/setup.md ([[notes/setup]])',
    ]);
    const didYouMean = actions[0];
    assert.equal(didYouMean.isPreferred, true);
    assert.equal(didYouMean.diagnostics?.[0].code, 'broken-wiki-link');
    const create = actions.find((a) => a.title === 'Create notes/brand-new-page.md')!;
    const changes = create.edit!.documentChanges!;
    assert.deepEqual(changes[0], { kind: 'create', uri: client.uri('notes/brand-new-page.md'), options: { overwrite: false, ignoreIfExists: true } });
    assert.equal((changes[1] as { edits: TextEdit[] }).edits[0].newText, '# Brand new page\n\n## Intro\n');
    const [qualify] = (actions[3].edit!.documentChanges![0] as { edits: TextEdit[] }).edits;
    assert.deepEqual(qualify, { range: { start: { line: 0, character: text.indexOf('setup') }, end: { line: 0, character: text.indexOf('setup') + 5 } }, newText: 'archive/setup' });
    const [fix] = (didYouMean.edit!.documentChanges![0] as { edits: TextEdit[] }).edits;
    assert.equal(fix.newText, 'Runbook-DB');
  });
});

// ---------------------------------------------------------------------------
// Edits: a fresh workspace and session per test, the edit applied to disk

describe('rename over stdio, applied and compared byte for byte', () => {
  let root: string;
  let client: LspSession;
  const fresh = async () => {
    root = buildWorkspace();
    client = await LspSession.start({ root, edits: true });
  };
  const done = async () => {
    await client.close();
    rmSync(root, { recursive: true, force: true });
  };

  test('renaming a file from a link renames it and rewrites every link, keeping aliases, headings, .md, folders and \\|', async () => {
    await fresh();
    try {
      await client.openFile(INDEX);
      const edit = await client.request<WorkspaceEdit>('textDocument/rename', INDEX, at(INDEX, '[[runbook-db]]', 4), { newName: 'database-runbook' });
      const rename = edit.documentChanges!.at(-1)!;
      assert.deepEqual(rename, { kind: 'rename', oldUri: client.uri(RUNBOOK), newUri: client.uri('notes/database-runbook.md'), options: { overwrite: false, ignoreIfExists: false } });
      const indexEdit = edit.documentChanges!.find((c) => 'textDocument' in c && c.textDocument.uri === client.uri(INDEX)) as { textDocument: { version: number | null } };
      assert.equal(indexEdit.textDocument.version, 1);
      applyEdit(edit);
      assertFiles(
        root,
        expectFiles({
          [RUNBOOK]: undefined,
          'notes/database-runbook.md': FILES[RUNBOOK],
          [RCA_2025]: FILES[RCA_2025].replace('[[Runbook-DB#Failover]]', '[[database-runbook#Failover]]'),
          [INDEX]: `# Index

- [[database-runbook]] and [[database-runbook#failover|fail over]]
- [[notes/setup]] vs [[setup]]
- [[2025-03-01-db-outage#Root Cause|why]]
- \`[[runbook-db]]\` in code and \\[[runbook-db]] escaped

| Page | Note |
|------|------|
| [[database-runbook\\|DB runbook]] | escaped pipe |
| [[database-runbook#Failover\\|fail over]] | heading and escaped pipe |

## Local Heading

Back to [[#local heading]].
`,
          [LEAF]: '# Leaf\r\n\r\n[[database-runbook.md]] and [[notes/database-runbook|rb]]\r\n',
        }),
      );
    } finally {
      await done();
    }
  });

  test('renaming to a name another folder has qualifies the links that would become ambiguous', async () => {
    await fresh();
    try {
      await client.openFile(RCA_2025);
      const edit = await client.request<WorkspaceEdit>('textDocument/rename', RCA_2025, at(RCA_2025, '[[2024-11-02', 4), { newName: 'leaf' });
      applyEdit(edit);
      assertFiles(
        root,
        expectFiles({
          [RCA_2024]: undefined,
          'rca/2024/leaf.md': FILES[RCA_2024],
          [RCA_2025]: FILES[RCA_2025].replace('[[2024-11-02-cache-storm|the cache storm]]', '[[2024/leaf|the cache storm]]'),
        }),
      );
    } finally {
      await done();
    }
  });

  test('rename refuses a name that exists in the folder, or that is not a file name', async () => {
    await fresh();
    try {
      await client.openFile(INDEX);
      await assert.rejects(client.request('textDocument/rename', INDEX, at(INDEX, '[[runbook-db]]', 4), { newName: 'setup' }), /notes\/setup\.md already exists/);
      await assert.rejects(client.request('textDocument/rename', INDEX, at(INDEX, '[[runbook-db]]', 4), { newName: 'a|b' }), /not a valid file name/);
    } finally {
      await done();
    }
  });

  test('renaming a heading rewrites [[file#Heading]] links by text, by slug, and [[#Heading]]', async () => {
    await fresh();
    try {
      await client.openFile(RCA_2025);
      const edit = await client.request<WorkspaceEdit>('textDocument/rename', RCA_2025, at(RCA_2025, '## Root Cause', 5), { newName: 'Root Causes' });
      applyEdit(edit);
      assertFiles(
        root,
        expectFiles({
          [RCA_2025]: FILES[RCA_2025].replace('## Root Cause', '## Root Causes'),
          [RCA_2024]: FILES[RCA_2024].replace('#root-cause|', '#root-causes|'),
          [INDEX]: FILES[INDEX].replace('#Root Cause|why', '#Root Causes|why'),
        }),
      );
    } finally {
      await done();
    }
  });

  test('renaming a heading from a link, with escaped pipes and a same-file link', async () => {
    await fresh();
    try {
      await client.openFile(INDEX);
      const edit = await client.request<WorkspaceEdit>('textDocument/rename', INDEX, at(INDEX, '#Failover\\|', 3), { newName: 'Fail over' });
      applyEdit(edit);
      assertFiles(
        root,
        expectFiles({
          [RUNBOOK]: FILES[RUNBOOK].replace('## Failover', '## Fail over').replace('[[#Failover]]', '[[#Fail over]]'),
          [RCA_2025]: FILES[RCA_2025].replace('[[Runbook-DB#Failover]]', '[[Runbook-DB#Fail over]]'),
          [INDEX]: FILES[INDEX].replace('[[RUNBOOK-DB#failover|', '[[RUNBOOK-DB#Fail over|').replace('[[Runbook-DB#Failover\\|', '[[Runbook-DB#Fail over\\|'),
        }),
      );
    } finally {
      await done();
    }
  });

  test('workspace/willRenameFiles: moving a file rewrites only the links that name its folder', async () => {
    await fresh();
    try {
      const edit = await client.connection.sendRequest<WorkspaceEdit>('workspace/willRenameFiles', { files: [{ oldUri: client.uri(RUNBOOK), newUri: client.uri('ops/Runbook-DB.md') }] });
      applyEdit(edit);
      renameSync(join(root, RUNBOOK), join(root, 'notes', 'moved.tmp'));
      mkdirSync(join(root, 'ops'));
      renameSync(join(root, 'notes', 'moved.tmp'), join(root, 'ops', 'Runbook-DB.md'));
      assertFiles(root, expectFiles({ [RUNBOOK]: undefined, 'ops/Runbook-DB.md': FILES[RUNBOOK], [LEAF]: FILES[LEAF].replace('[[notes/Runbook-DB|rb]]', '[[ops/Runbook-DB|rb]]') }));
    } finally {
      await done();
    }
  });

  test('workspace/willRenameFiles: renaming a file and moving a folder', async () => {
    await fresh();
    try {
      const edit = await client.connection.sendRequest<WorkspaceEdit>('workspace/willRenameFiles', {
        files: [
          { oldUri: client.uri(RCA_2024), newUri: client.uri('rca/2024/2024-11-02-cache-stampede.md') },
          { oldUri: client.uri('notes'), newUri: client.uri('docs') },
        ],
      });
      applyEdit(edit);
      renameSync(join(root, RCA_2024), join(root, 'rca/2024/2024-11-02-cache-stampede.md'));
      renameSync(join(root, 'notes'), join(root, 'docs'));
      const moved = (path: string) => path.replace(/^notes\//, 'docs/');
      const expected: Record<string, string | undefined> = {
        [RCA_2024]: undefined,
        'rca/2024/2024-11-02-cache-stampede.md': FILES[RCA_2024],
        [RCA_2025]: FILES[RCA_2025].replace('[[2024-11-02-cache-storm|', '[[2024-11-02-cache-stampede|'),
        [LEAF]: FILES[LEAF].replace('[[notes/Runbook-DB|rb]]', '[[docs/Runbook-DB|rb]]'),
      };
      for (const path of Object.keys(FILES)) if (path.startsWith('notes/')) (expected[path] = undefined), (expected[moved(path)] = FILES[path]);
      expected[moved(INDEX)] = FILES[INDEX].replace('[[notes/setup]]', '[[docs/setup]]');
      assertFiles(root, expectFiles(expected));
    } finally {
      await done();
    }
  });

  test('a quick fix creates an RCA from the template under an RCA folder', async () => {
    await fresh();
    try {
      const uri = await client.openFile(RCA_2025, `${FILES[RCA_2025]}\nNext: [[2025-04-01-api-latency]].\n`);
      const diagnostics = await client.diagnosticsOf(uri);
      const broken = diagnostics.filter((d) => d.code === 'broken-wiki-link');
      assert.equal(broken.length, 1);
      const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: broken[0].range, context: { diagnostics } });
      const create = actions.find((a) => a.title.startsWith('Create'))!;
      assert.equal(create.title, 'Create rca/2025/2025-04-01-api-latency.md from the RCA template');
      applyEdit(create.edit!);
      const created = readFileSync(join(root, 'rca/2025/2025-04-01-api-latency.md'), 'utf8');
      assert.match(created, /^---\ntitle: "2025-04-01 - Api latency"\ndate: 2025-04-01\n/);
      assert.match(created, /\n# 2025-04-01 - Api latency\n\n## Summary\n/);
      // The template is a valid RCA skeleton: no errors once the editor opens it.
      const opened = await client.openFile('rca/2025/2025-04-01-api-latency.md', created);
      const problems = await client.diagnosticsOf(opened);
      assert.deepEqual(problems.filter((d) => d.severity === 1), [], JSON.stringify(problems));
    } finally {
      await done();
    }
  });
});
