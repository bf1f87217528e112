// What tests of the index share: a workspace that exercises it, and all it holds as one comparable value.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after } from 'node:test';
import { OwnerTable } from '../server/src/core/ownerTable';
import { COLUMNS_PER_ROW, type WorkspaceIndex } from '../server/src/core/workspaceIndex';
import { REPO } from './support';

/** Makes temporary folders, each removed once the test file that asked for them has run. */
export function temporaryFolders(): (prefix: string) => string {
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  return (prefix) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
}

/**
 * Writes into `root` a generated workspace of `n` RCAs (a fifth with defects) and
 * notes that exercise what the index keeps: setext headings, fragments, aliases,
 * odd names and bytes, ordinary links, a tagged RCA with action items.
 */
export function writeIndexWorkspace(root: string, n: number): string {
  const generated = spawnSync(process.execPath, [join(REPO, 'bench', 'generate.mjs'), '--out', root, '--n', String(n), '--seed', '5', '--broken', '0.2'], { encoding: 'utf8' });
  assert.equal(generated.status, 0, generated.stderr);
  const write = (path: string, text: string | Buffer) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  write('notes/setext.md', 'Title\n=====\n\nSub part\n---\n\nSee [[#Sub part]] and [[setext#Title|here]] and [[ missing # Nowhere ]].\n');
  write('notes/empty.md', '');
  write('notes/no headings.md', 'just [[runbook-billing-api]] prose, [[x\\|y]] in a row\n');
  write('notes/odd #name%.md', '# Odd\n\n[[notes/setext#sub-part]]\n');
  write('notes/bom.md', '\uFEFF# With a BOM\n\n[[empty]]\n');
  write('notes/latin1.md', Buffer.from([0x23, 0x20, 0xe9, 0x74, 0xe9, 0x0a, 0x5b, 0x5b, 0x62, 0x6f, 0x6d, 0x5d, 0x5d, 0x0a]));
  write(
    'rca/tagged-note.md',
    '---\ntags: [rca]\ntitle: "Tagged"\nservices: [billing-api, ghost]\nauthor: SRE\n---\n# Tagged\n\n## Action Items\n\n' +
      '| Priority | Action | Owner | Due Date | Status |\n|---|---|---|---|---|\n| P1 | Fix it | SRE | 2025-02-01 | Done |\n| P2 | ~~Old~~ | Ops | 2025-03-01 | Open |\n',
  );
  write(
    'notes/ordinary.md',
    '# Ordinary\n\nSee [setext](setext.md#sub-part), [top](/notes/bom.md), [tagged](../rca/tagged-note.md "a title"), [self](#ordinary),\n' +
      '[missing](missing.md#x), ![pic](pic.png), [odd](odd%20%23name%25.md), [enc](<no headings.md>), [ref][r], [[setext]] and [out](https://example.com/a.md).\n\n[r]: empty.md#nothing\n',
  );
  return root;
}

/**
 * Everything the index holds, in one comparable value: every field of it (entries
 * whole, search rows, owners, service histories, shared strings and their counts,
 * action item marks), so a part a restored entry lacks shows. Maps and sets compare
 * in any order. Left out: how many changes it has seen,
 * its listeners and the folders it reads.
 */
export function indexSnapshot(index: WorkspaceIndex) {
  index.searchRows();
  // The lookups made with every entry in them, whichever were made already.
  index.services();
  const { changes, actionItemChanges, actionItemListeners, folders, columns, numbers, ...state } = index as unknown as Record<string, unknown>;
  assert.equal(typeof changes, 'number');
  assert.equal(typeof actionItemChanges, 'number');
  assert.ok(actionItemListeners);
  assert.ok(folders);
  // File numbers are an identity, given in the order files come: each entry's names its file, and no other number is in use.
  const fileNumbers = numbers as { uriOf(n: number): string; capacity: number };
  const entries = state.entries as Map<string, { number: number }>;
  for (const [uri, entry] of entries) assert.equal(fileNumbers.uriOf(entry.number), uri);
  assert.equal(Array.from({ length: fileNumbers.capacity }, (_, n) => fileNumbers.uriOf(n)).filter((uri) => uri !== undefined).length, entries.size);
  // Owner tables by what they hold, not by their form, which depends on the order of adds and removes.
  for (const [name, value] of Object.entries(state)) {
    if (value instanceof Map && [...value.values()].some((owners) => owners instanceof OwnerTable)) {
      state[name] = new Map([...value].map(([key, owners]: [string, OwnerTable<unknown>]) => [key, new Map(owners)]));
    }
  }
  // The search columns as far as rows use them: past that, room to grow.
  return withoutFileNumbers({ ...state, columns: (columns as Int32Array).slice(0, (state.rows as unknown[]).length * COLUMNS_PER_ROW) });
}

/** A copy of `value` whose index entries (wherever they are held) lack their file numbers. */
function withoutFileNumbers(value: unknown, copies = new Map<object, unknown>()): unknown {
  if (typeof value !== 'object' || value === null || ArrayBuffer.isView(value)) return value;
  if (copies.has(value)) return copies.get(value);
  if (value instanceof Map) {
    const copy = new Map();
    copies.set(value, copy);
    for (const [key, item] of value) copy.set(key, withoutFileNumbers(item, copies));
    return copy;
  }
  if (value instanceof Set) {
    const copy = new Set();
    copies.set(value, copy);
    for (const item of value) copy.add(withoutFileNumbers(item, copies));
    return copy;
  }
  const copy: Record<string, unknown> = Array.isArray(value) ? [] : Object.create(Object.getPrototypeOf(value));
  copies.set(value, copy);
  const isEntry = 'headingValues' in value;
  for (const [key, item] of Object.entries(value)) if (!(isEntry && key === 'number')) copy[key] = withoutFileNumbers(item, copies);
  return copy;
}

