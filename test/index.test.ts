// The workspace index: link resolution, backlinks, removal, headings by text or slug.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { resolveWikiLink } from '../server/src/core/links';
import { parseDocument } from '../server/src/core/parse';
import { rcaSummary } from '../server/src/core/service';
import { DEFAULT_SETTINGS } from '../server/src/core/settings';
import { isCalendarDate } from '../shared/calendarDay';
import { ActionItemReader, compareRecency, copyActionItem, findIndexedHeading, normalizeTarget, packActionItems, unpackActionItems, WorkspaceIndex, type IndexedActionItem } from '../server/src/core/workspaceIndex';
import { fuzzyScore } from '../server/src/core/fuzzy';
import { NONE } from '../server/src/core/workspace';
import { indexSnapshot } from './indexFixtures';
import { seededRandom } from './support';

const ROOT = 'file:///ws';
const uri = (path: string) => `${ROOT}/${path}`;

const FILES: Record<string, string> = {
  'notes/Runbook-DB.md': '# Runbook DB\n\n## Failover Steps\n\n### Step 2: Promote (replica)\n',
  'rca/2025/2025-03-01-db-outage.md': [
    '---',
    'title: "DB outage"',
    'date: 2025-03-01',
    'services: [db-proxy, billing-api]',
    'tags: [rca]',
    '---',
    '# 2025-03-01 - DB outage',
    '',
    'See [[runbook-db#Failover Steps]] and [[notes/Runbook-DB|the runbook]] and [[Index]].',
    '',
    '## Summary',
    '',
  ].join('\n'),
  'notes/index.md': '# Index\n\n[[RUNBOOK-DB.md]] [[2025-03-01-db-outage]]\n',
  'a/index.md': '# A index\n',
  'deep/x/Leaf.md': '# Leaf\n\n[[nowhere]]\n',
};

function buildIndex(files: Record<string, string> = FILES): WorkspaceIndex {
  const index = new WorkspaceIndex({ roots: [ROOT] });
  for (const [path, text] of Object.entries(files)) {
    const doc = parseDocument(uri(path), 0, text, DEFAULT_SETTINGS);
    index.update(doc, doc.frontMatter ? rcaSummary(doc) : undefined);
  }
  return index;
}

const uris = (entries: readonly { uri: string }[]) => entries.map((e) => e.uri).sort();

describe('WorkspaceIndex.resolve', () => {
  const index = buildIndex();

  test('by basename, ignoring case', () => {
    assert.deepEqual(uris(index.resolve('Runbook-DB')), [uri('notes/Runbook-DB.md')]);
    assert.deepEqual(uris(index.resolve('runbook-db')), [uri('notes/Runbook-DB.md')]);
    assert.deepEqual(uris(index.resolve('  RUNBOOK-DB ')), [uri('notes/Runbook-DB.md')]);
    assert.deepEqual(uris(index.resolve('leaf')), [uri('deep/x/Leaf.md')]);
  });

  test('by folder/name and name.md', () => {
    assert.deepEqual(uris(index.resolve('notes/Runbook-DB')), [uri('notes/Runbook-DB.md')]);
    assert.deepEqual(uris(index.resolve('NOTES/runbook-db.md')), [uri('notes/Runbook-DB.md')]);
    assert.deepEqual(uris(index.resolve('Runbook-DB.md')), [uri('notes/Runbook-DB.md')]);
    assert.deepEqual(uris(index.resolve('x/leaf')), [uri('deep/x/Leaf.md')]);
    assert.deepEqual(uris(index.resolve('deep/x/leaf')), [uri('deep/x/Leaf.md')]);
    assert.deepEqual(uris(index.resolve('./notes/index')), [uri('notes/index.md')]);
    assert.deepEqual(index.resolve('other/Runbook-DB'), []);
    assert.deepEqual(index.resolve('eep/x/leaf'), [], 'a folder name must match whole');
    assert.deepEqual(index.resolve('missing'), []);
  });

  test('duplicate basenames return both; a folder picks one', () => {
    assert.deepEqual(uris(index.resolve('index')), [uri('a/index.md'), uri('notes/index.md')]);
    assert.deepEqual(uris(index.resolve('a/index')), [uri('a/index.md')]);
    assert.equal(index.basenameCount('index'), 2);
  });

  test('resolveWikiLink: missing, ambiguous, file with heading', () => {
    const from = index.get(uri('rca/2025/2025-03-01-db-outage.md'))!;
    assert.deepEqual(resolveWikiLink({ target: 'nope', heading: undefined }, from, index), { kind: 'missing' });
    assert.equal(resolveWikiLink({ target: 'index', heading: undefined }, from, index).kind, 'ambiguous');
    const resolved = resolveWikiLink({ target: 'runbook-db', heading: 'failover-steps' }, from, index);
    assert.equal(resolved.kind, 'file');
    if (resolved.kind === 'file') {
      assert.equal(resolved.uri, uri('notes/Runbook-DB.md'));
      assert.equal(resolved.relativePath, 'notes/Runbook-DB.md');
      assert.equal(resolved.heading?.text, 'Failover Steps');
    }
    const self = resolveWikiLink({ target: '', heading: 'Summary' }, from, index);
    assert.equal(self.kind === 'file' && self.uri, from.uri);
    assert.equal(self.kind === 'file' && self.heading?.line, 10);
  });

  test('normalizeTarget', () => {
    assert.equal(normalizeTarget(' ./Notes\\Runbook-DB.md '), 'notes/runbook-db');
    assert.equal(normalizeTarget('/A.MD'), 'a');
  });
});

describe('WorkspaceIndex entries', () => {
  test('links and headings are indexed with positions', () => {
    const index = buildIndex();
    const entry = index.get(uri('rca/2025/2025-03-01-db-outage.md'))!;
    assert.equal(entry.relativePath, 'rca/2025/2025-03-01-db-outage.md');
    assert.equal(entry.name, '2025-03-01-db-outage');
    assert.equal(entry.date, '2025-03-01');
    assert.deepEqual(entry.linkKeys.slice().sort(), ['index', 'runbook-db']);
    assert.deepEqual(
      entry.links.map((l) => [l.line, l.target, l.targetStart, l.heading, l.headingStart]),
      [
        [8, 'runbook-db', 6, 'Failover Steps', 17],
        [8, 'notes/Runbook-DB', 40, undefined, -1],
        [8, 'Index', 77, undefined, -1],
      ],
    );
    assert.deepEqual(entry.rca?.services, ['db-proxy', 'billing-api']);
  });

  test('linkersOf: the files whose links name a basename', () => {
    const index = buildIndex();
    assert.deepEqual([...index.linkersOf(uri('notes/Runbook-DB.md'))].sort(), [uri('notes/index.md'), uri('rca/2025/2025-03-01-db-outage.md')]);
    // By basename: a file of the same name elsewhere is linked by the same links.
    assert.deepEqual([...index.linkersOf(uri('other/folder/runbook-db.md'))].sort(), [uri('notes/index.md'), uri('rca/2025/2025-03-01-db-outage.md')]);
    assert.deepEqual([...index.linkersOf(uri('rca/2025/2025-03-01-db-outage.md'))], [uri('notes/index.md')]);
    assert.deepEqual([...index.linkersOf(uri('deep/x/Leaf.md'))], []);
    assert.deepEqual([...index.linkersOf(uri('nowhere.md'))], [uri('deep/x/Leaf.md')]);
  });

  test('remove cleans every map', () => {
    const index = buildIndex();
    const rca = uri('rca/2025/2025-03-01-db-outage.md');
    assert.equal(index.remove(rca), true);
    assert.equal(index.remove(rca), false, 'already gone');
    assert.equal(index.get(rca), undefined);
    assert.equal(index.size, Object.keys(FILES).length - 1);
    assert.deepEqual(index.resolve('2025-03-01-db-outage'), []);
    assert.deepEqual(index.byBasename('2025-03-01-db-outage'), []);
    assert.equal(index.basenameCount('2025-03-01-db-outage'), 0);
    assert.deepEqual([...index.linkersOf(uri('notes/Runbook-DB.md'))], [uri('notes/index.md')]);
    assert.deepEqual([...index.linkersOf(uri('notes/index.md'))], []);
    assert.equal(index.headingTexts().has('Summary'), false);
    assert.equal(index.services().has('db-proxy'), false);
    assert.equal(index.services().size, 0);

    // Removing the other linker leaves no backlinks to the runbook.
    index.remove(uri('notes/index.md'));
    assert.deepEqual([...index.linkersOf(uri('notes/Runbook-DB.md'))], []);
    assert.deepEqual(uris(index.resolve('index')), [uri('a/index.md')]);
    assert.equal(index.headingTexts().has('Index'), false);
    assert.equal(index.headingTexts().has('A index'), true);
  });

  test('update replaces an entry: old links and headings go', () => {
    const index = buildIndex();
    const path = 'notes/index.md';
    const doc = parseDocument(uri(path), 2, '# Index v2\n\n[[Leaf]]\n', DEFAULT_SETTINGS);
    index.update(doc, undefined);
    assert.deepEqual([...index.linkersOf(uri('notes/Runbook-DB.md'))], [uri('rca/2025/2025-03-01-db-outage.md')]);
    assert.deepEqual([...index.linkersOf(uri('deep/x/Leaf.md'))], [uri(path)]);
    assert.equal(index.headingTexts().has('Index'), false);
    assert.equal(index.headingTexts().has('Index v2'), true);
    assert.equal(index.size, Object.keys(FILES).length);
    assert.ok(index.get(uri(path))!.touched > 0, 'a replaced entry is touched');
  });
});

describe('packed action items', () => {
  test('unpack gives back what was packed, tabs and line breaks in cells as spaces, through 2,000 random tables', () => {
    const random = seededRandom(7);
    const pieces = ['', ' ', 'P1', 'SRE', '2025-01-02', '~~Done~~', '✅', '\t', '\n', '\r\n', 'a|b', 'Ünïcode 🚀', '#12'];
    const cell = () => Array.from({ length: Math.floor(random() * 4) }, () => pieces[Math.floor(random() * pieces.length)]).join('');
    for (let run = 0; run < 2_000; run++) {
      const items: IndexedActionItem[] = Array.from({ length: Math.floor(random() * 5) }, (_, k) => ({ line: k * 3 + 1, priority: cell(), owner: cell(), due: cell(), status: cell(), ticket: cell(), action: cell() }));
      const clean = (text: string) => text.replace(/[\t\n\r]/g, ' ');
      const expected = items.map((i) => ({ line: i.line, priority: clean(i.priority), owner: clean(i.owner), due: clean(i.due), status: clean(i.status), ticket: clean(i.ticket), action: clean(i.action) }));
      assert.deepEqual(unpackActionItems(packActionItems(items)), expected);
    }
  });

  test('a reader refills its fields row by row, starts over on other rows, and reads none of an empty string', () => {
    const reader = new ActionItemReader().start('4\tP1\tSRE\t\t\t\tFix it\n9\tP2\tDBA\t2025-01-02\tDone\t#7\tAdd alert');
    const read: IndexedActionItem[] = [];
    while (reader.next()) read.push(copyActionItem(reader));
    assert.deepEqual(read.map((i) => [i.line, i.owner, i.action]), [[4, 'SRE', 'Fix it'], [9, 'DBA', 'Add alert']]);
    assert.equal(reader.next(), false, 'nothing after the last row');
    reader.start('12\tP3\tOps\t\t\t\tPatch');
    assert.ok(reader.next());
    assert.deepEqual(copyActionItem(reader), { line: 12, priority: 'P3', owner: 'Ops', due: '', status: '', ticket: '', action: 'Patch' });
    assert.equal(reader.start('').next(), false);
  });

  test('a row short of fields (a foreign cache) gives empty ones, never undefined', () => {
    assert.deepEqual(unpackActionItems('4\tP1\n7'), [
      { line: 4, priority: 'P1', owner: '', due: '', status: '', ticket: '', action: '' },
      { line: 7, priority: '', owner: '', due: '', status: '', ticket: '', action: '' },
    ]);
  });
});

describe('findIndexedHeading', () => {
  const index = buildIndex();
  const entry = index.get(uri('notes/Runbook-DB.md'))!;

  test('by text, ignoring case and surrounding spaces', () => {
    assert.equal(findIndexedHeading(entry, 'Failover Steps')?.line, 2);
    assert.equal(findIndexedHeading(entry, '  failover STEPS ')?.line, 2);
    assert.equal(findIndexedHeading(entry, 'Step 2: Promote (replica)')?.level, 3);
  });

  test('by slug', () => {
    assert.equal(findIndexedHeading(entry, 'failover-steps')?.text, 'Failover Steps');
    assert.equal(findIndexedHeading(entry, 'step-2-promote-replica')?.line, 4);
    assert.equal(findIndexedHeading(entry, 'runbook-db')?.level, 1);
  });

  test('position of the heading text', () => {
    const h = findIndexedHeading(entry, 'failover-steps')!;
    assert.equal(h.character, 3);
    assert.equal(h.text, 'Failover Steps');
  });

  test('no match', () => {
    assert.equal(findIndexedHeading(entry, 'Failover'), undefined);
    assert.equal(findIndexedHeading(entry, 'failover steps-'), undefined);
    assert.equal(findIndexedHeading(entry, ''), undefined);
  });
});

describe('index lookups kept through random edits', () => {
  /** What the service hover used to compute by reading every RCA: the history recomputed from the entries. */
  function recomputed(index: WorkspaceIndex, name: string) {
    const wanted = name.trim().toLowerCase();
    const rcas = [...index.all()].flatMap((e) => (e.rca?.services.some((s) => s.trim().toLowerCase() === wanted) ? [e.rca] : []));
    if (rcas.length === 0) return undefined;
    const dates = rcas.map((r) => r.date).filter((d): d is string => d !== undefined && isCalendarDate(d)).sort();
    const durations = rcas.map((r) => r.durationMinutes).filter((d): d is number => d !== undefined && Number.isFinite(d)).sort((a, b) => a - b);
    const middle = durations.length >> 1;
    return {
      incidents: rcas.length,
      lastDate: dates.at(-1),
      medianDuration: durations.length === 0 ? undefined : durations.length % 2 ? durations[middle] : (durations[middle - 1] + durations[middle]) / 2,
    };
  }

  const SERVICES = ['billing-api', 'Billing-API', ' billing-api ', 'db-proxy', 'auth', 'AUTH'];
  const DATES = ['2025-03-01', '2025-03-01', '2024-12-31', '2025-02-30', 'soon', '2026-01-15'];
  const DURATIONS = ['42', '42', '7', '0', '-3', '.nan', '.inf', 'long'];

  function randomRca(random: () => number): string {
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
    const services = Array.from({ length: Math.floor(random() * 4) }, () => JSON.stringify(pick(SERVICES)));
    const lines = ['---', `services: [${services.join(', ')}]`, 'tags: [rca]'];
    if (random() < 0.8) lines.push(`date: ${pick(DATES)}`);
    if (random() < 0.8) lines.push(`duration_minutes: ${pick(DURATIONS)}`);
    return [...lines, '---', '# RCA', ''].join('\n');
  }

  test('service histories equal the ones recomputed from every RCA through 3,000 random adds, changes and deletes', () => {
    randomEdits(0x5e7, 3000, (index, step) => {
      for (const name of SERVICES) assert.deepEqual(index.serviceHistory(name), recomputed(index, name), `step ${step}, ${name}`);
    });
  });

  test('search rows: one per entry, in recency order, their columns theirs, after each of 3,000 random adds, changes and deletes', () => {
    randomEdits(0x5ea, 3000, (index, step) => {
      // Asked for now and then: rows of new files wait to be merged in between.
      if (step % 7 !== 0) return;
      const expected = [...index.all()].sort(compareRecency).map((e) => e.uri);
      assert.deepEqual(index.searchRows().map((row) => row.entry.uri), expected, `step ${step}`);
      // A scan reads a row by its columns: one whose name matches is never passed over.
      for (const query of ['1', '12', '3']) {
        const visited = new Set<string>();
        index.scanSearchRows(query, 'name', () => 0, (row) => void visited.add(row.entry.uri), NONE);
        for (const entry of index.all()) if (fuzzyScore(query, entry.key) > 0) assert.ok(visited.has(entry.uri), `step ${step}: "${query}" passed over ${entry.key}`);
      }
    });
  });

  for (const files of [40, 600]) {
    test(`lookups made a few entries at a time after edits, or when first read, equal lookups read after every edit, and what the entries say (${files} files)`, () => {
      const random = seededRandom(0x100c + files);
      const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
      // Action items, links and headings besides the random RCAs' services and dates.
      const actionItems = () =>
        `\n## Action Items\n\n| Priority | Action | Owner | Due Date | Status |\n|---|---|---|---|---|\n| P1 | Fix it | ${pick(['SRE', 'DBA'])} | ${pick(['2025-02-01', 'soon'])} | ${pick(['Done', 'Open'])} |\n\n## Notes\n\n[[${Math.floor(random() * files)}#Notes]]\n`;
      const eager = new WorkspaceIndex({ roots: [ROOT] });
      const lazy = new WorkspaceIndex({ roots: [ROOT] });
      // At 600 files the headings, tag and teams most RCAs share are kept by file number (see OwnerTable).
      for (let step = 0; step < files * 50; step++) {
        const path = `rca/${Math.floor(random() * files)}.md`;
        const r = random();
        const doc = r < 0.2 ? undefined : parseDocument(uri(path), random() < 0.5 ? 0 : step, r < 0.3 ? '# A note\n\n[[1]]\n' : randomRca(random) + actionItems(), DEFAULT_SETTINGS);
        for (const index of [eager, lazy]) {
          if (doc === undefined) index.remove(uri(path));
          else index.update(doc, doc.frontMatter ? rcaSummary(doc) : undefined);
        }
        eager.services();
        if (random() < 0.1) lazy.prepareLookups(Math.floor(random() * 4));
        // Now and then read at once, as a request would.
        if (random() < 0.01) lazy.teams();
      }
      assert.ok(eager.teams().size > 1 && eager.headingTexts().has('Notes') && eager.linkersOf(uri('rca/1.md')).size > 0);
      assert.deepEqual(indexSnapshot(lazy), indexSnapshot(eager));
      // Headings (an RCA's title is not one), services and tags as the entries list them.
      const owners = (pairs: [string, string][]) => {
        const byKey = new Map<string, Set<string>>();
        for (const [key, owner] of pairs) byKey.set(key, (byKey.get(key) ?? new Set()).add(owner));
        return byKey;
      };
      const listed = (lookup: ReadonlyMap<string, { keys(): Iterable<string> }>) => new Map([...lookup].map(([key, table]) => [key, new Set(table.keys())]));
      const entries = [...eager.all()];
      assert.deepEqual(listed(eager.headingTexts()), owners(entries.flatMap((e) => e.headings.filter((h) => h.level > 1 || !e.rca).map((h): [string, string] => [h.text, e.uri]))));
      assert.deepEqual(listed(eager.services()), owners(entries.flatMap((e) => (e.rca?.services ?? []).map((name): [string, string] => [name, e.uri]))));
      assert.deepEqual(listed(eager.tags()), owners(entries.flatMap((e) => (e.rca?.tags ?? []).map((tag): [string, string] => [tag, e.uri]))));
    });
  }

  /** Random RCAs (and notes) added, replaced as if edited or changed on disk, and deleted, `check`ed after each step. */
  function randomEdits(seed: number, steps: number, check: (index: WorkspaceIndex, step: number) => void): void {
    const random = seededRandom(seed);
    const index = new WorkspaceIndex({ roots: [ROOT] });
    const paths = Array.from({ length: 40 }, (_, i) => `rca/${i}.md`);
    for (let step = 0; step < steps; step++) {
      const path = paths[Math.floor(random() * paths.length)];
      const r = random();
      if (r < 0.2) index.remove(uri(path));
      else {
        // Now and then a file stops being an RCA: a note keeps no summary. Version 0 is a file read from disk.
        const text = r < 0.3 ? '# A note\n' : randomRca(random);
        const doc = parseDocument(uri(path), random() < 0.5 ? 0 : step, text, DEFAULT_SETTINGS);
        index.update(doc, doc.frontMatter ? rcaSummary(doc) : undefined);
      }
      check(index, step);
    }
  }
});
