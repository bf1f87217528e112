// The search machinery behind `[[` completion and workspace symbols: the scores,
// the character-mask prefilter, the bounded best-first list, and the index's
// search rows kept in recency order as files are read, edited and removed. The
// fast paths are held to brute force: the same answers, only without the scans.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { charMask, fuzzyScore, mayMatch, PAIRS_SIZE, ScanQuery, scoreBound, SHAPE_SIZE, TopK, writePairs, writeShape } from '../server/src/core/fuzzy';
import { parseDocument } from '../server/src/core/parse';
import { rcaSummary } from '../server/src/core/service';
import { DEFAULT_SETTINGS } from '../server/src/core/settings';
import { compareRecency, mayScoreMoreWithDate, titleOf, WorkspaceIndex, type IndexEntry, type SearchRow } from '../server/src/core/workspaceIndex';
import { linkCompletion, MAX_FILE_ITEMS } from '../server/src/features/linkCompletion';
import { HEADINGS_PER_TEXT, workspaceSymbols } from '../server/src/features/symbols';
import type { CompletionList } from 'vscode-languageserver-types';
import { MAX_WORKSPACE_SYMBOLS } from '../server/src/features/symbols';
import { NONE } from '../server/src/core/workspace';
import { indexedService, ROOT, RUNS, seededRandom, uriOf } from './support';

/** An RCA's score in workspace symbols, as a full sort ranks it: the best of its title, its title without the date and its file name. */
const symbolScore = (query: string, row: SearchRow) => Math.max(fuzzyScore(query, row.title), fuzzyScore(query, row.undatedTitle), fuzzyScore(query, row.key));

const lowerText = fc.string({ unit: fc.constantFrom(...'abcdez019-/ .é'), maxLength: 12 });

describe('fuzzyScore and charMask', () => {
  test('a prefix beats a word start beats a substring beats a scattered match; no match is 0', () => {
    const prefix = fuzzyScore('cache', 'cache-storm');
    const wordStart = fuzzyScore('cache', 'big-cache-storm');
    const inside = fuzzyScore('cache', 'bigcachestorm');
    const scattered = fuzzyScore('cache', 'c-a-c-h-e-storm');
    assert.ok(prefix > wordStart && wordStart > inside && inside > scattered && scattered > 0, `${prefix} ${wordStart} ${inside} ${scattered}`);
    assert.equal(fuzzyScore('cache', 'ecahc'), 0);
    assert.equal(fuzzyScore('', 'anything'), 1);
  });

  test('the mask never rejects a text the query matches', () => {
    fc.assert(
      fc.property(lowerText, lowerText, (query, text) => {
        if (fuzzyScore(query, text) > 0) assert.ok(mayMatch(charMask(query), charMask(text)), `${query} in ${text}`);
      }),
      { numRuns: RUNS * 20 },
    );
  });

  test('a query with no character of a date part scores no higher on a dated title than on the title without its date', () => {
    const datePart = fc.tuple(fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true }), fc.constantFrom('', ' ', ' - ', ' — ', ': ', '-', '  –  ')).map(([day, separator]) => day.toISOString().slice(0, 10) + separator);
    const text = fc.string({ unit: fc.constantFrom(...'abcdez019-/ .é:–'), maxLength: 16 });
    fc.assert(
      fc.property(text, datePart, text, (query, date, rest) => {
        if (mayScoreMoreWithDate(query)) return;
        assert.ok(fuzzyScore(query, date + rest) <= fuzzyScore(query, rest), `${query} in ${date + rest}`);
      }),
      { numRuns: RUNS * 50 },
    );
    assert.ok(mayScoreMoreWithDate('2024') && mayScoreMoreWithDate('cache d') && mayScoreMoreWithDate('x:') && !mayScoreMoreWithDate('latency'));
  });

  test("a shape's bound is at least the score of every query on each of its texts", () => {
    fc.assert(
      fc.property(lowerText.filter((q) => q !== ''), fc.array(lowerText, { minLength: 1, maxLength: 3 }), (query, texts) => {
        const shapes = new Int32Array(SHAPE_SIZE);
        writeShape(shapes, 0, texts);
        const bound = scoreBound(query.charCodeAt(0), shapes, 0);
        for (const text of texts) assert.ok(bound >= fuzzyScore(query, text), `${query} in ${JSON.stringify(texts)}: ${bound} < ${fuzzyScore(query, text)}`);
      }),
      { numRuns: RUNS * 50 },
    );
  });

  test('a pair mask never rejects a text holding the query; where it rejects, the scattered bound holds for each text', () => {
    fc.assert(
      fc.property(lowerText.filter((q) => q !== ''), fc.array(lowerText, { minLength: 1, maxLength: 3 }), (query, texts) => {
        const columns = new Int32Array(SHAPE_SIZE + PAIRS_SIZE);
        writeShape(columns, 0, texts);
        writePairs(columns, SHAPE_SIZE, texts);
        const scan = new ScanQuery(query);
        if (texts.some((text) => text.includes(query))) assert.ok(scan.mayBeIn(columns, SHAPE_SIZE), `${query} in ${JSON.stringify(texts)}`);
        if (!scan.mayBeIn(columns, SHAPE_SIZE)) {
          const bound = scan.scatteredBound(columns, 0, columns, SHAPE_SIZE);
          for (const text of texts) assert.ok(bound >= fuzzyScore(query, text), `${query} in ${JSON.stringify(texts)}: ${bound} < ${fuzzyScore(query, text)}`);
        }
      }),
      { numRuns: RUNS * 50 },
    );
  });

  test('a pair mask rejects a query whose pairs of characters a text lacks; the scattered bound counts only the runs and word starts the text has', () => {
    const columnsOf = (text: string) => {
      const columns = new Int32Array(SHAPE_SIZE + PAIRS_SIZE);
      writeShape(columns, 0, [text]);
      writePairs(columns, SHAPE_SIZE, [text]);
      return columns;
    };
    const loadTest = columnsOf('2025-01-01 - load test failure');
    assert.equal(new ScanQuery('late').mayBeIn(loadTest, SHAPE_SIZE), false);
    assert.equal(new ScanQuery('late').mayBeIn(columnsOf('api latency'), SHAPE_SIZE), true);
    assert.equal(new ScanQuery('l').mayBeIn(loadTest, SHAPE_SIZE), true, 'a single character has no pair');
    // No run, and words start with l and t only: below the 4q(q+3) = 112 a scattered match of four characters can score.
    const bound = new ScanQuery('late').scatteredBound(loadTest, 0, loadTest, SHAPE_SIZE);
    assert.ok(bound >= fuzzyScore('late', '2025-01-01 - load test failure') && bound < 112 - 30, String(bound));
  });

  test('a shape bounds a query by where its first character can be: first, at a word start, after the date', () => {
    const bound = (query: string, ...texts: string[]) => {
      const shapes = new Int32Array(SHAPE_SIZE);
      writeShape(shapes, 0, texts);
      return scoreBound(query.charCodeAt(0), shapes, 0);
    };
    const dated = '2024-01-01-disk-full';
    assert.equal(bound('d', dated), fuzzyScore('d', dated), 'the first word after the date');
    assert.ok(bound('c', dated) < fuzzyScore('c', '2024-01-01-cache'), 'no word starts with c');
    assert.ok(bound('i', dated) < fuzzyScore('i', 'disk'), 'no text starts with i');
    assert.equal(bound('d', 'disk', dated), fuzzyScore('d', 'disk'), 'a text starting with it');
  });

  test('the mask rejects a query with a letter or digit the text lacks', () => {
    assert.equal(mayMatch(charMask('dns'), charMask('cache-storm')), false);
    assert.equal(mayMatch(charMask('7'), charMask('2025-01-01')), false);
    assert.equal(mayMatch(charMask('c-s'), charMask('cache-storm')), true);
  });
});

describe('TopK', () => {
  test('keeps what a full sort keeps, in the same order, whatever the arrival order', () => {
    const byValueThenId = (a: [number, number], b: [number, number]) => b[0] - a[0] || a[1] - b[1];
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 300 }), fc.integer({ min: 1, max: 40 }), (values, capacity) => {
        const items = values.map((v, i): [number, number] => [v, i]);
        const best = new TopK(capacity, byValueThenId);
        for (const item of items) best.add(item);
        assert.deepEqual(best.values(), [...items].sort(byValueThenId).slice(0, capacity));
        assert.equal(best.worst, items.length < capacity ? undefined : best.values().at(-1));
      }),
      { numRuns: RUNS * 5 },
    );
  });
});

/** A small RCA or note whose date and title come from the generator. */
function fileText(kind: 'rca' | 'note', day: number, title: string): string {
  const date = `2025-01-${String(1 + (day % 28)).padStart(2, '0')}`;
  if (kind === 'note') return `# ${title}\n\n## Shared\n`;
  return `---\ntitle: "${date} - ${title}"\ndate: ${date}\ntags: [rca]\n---\n\n# ${date} - ${title}\n\n## Shared\n`;
}

type Operation = { kind: 'read' | 'edit'; file: number; day: number; title: string; note: boolean } | { kind: 'remove'; file: number } | { kind: 'search' };

const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({ kind: fc.constantFrom('read' as const, 'edit' as const), file: fc.nat({ max: 11 }), day: fc.nat({ max: 5 }), title: fc.constantFrom('Cache Storm', 'DNS failure', 'Page', 'cache'), note: fc.boolean() }),
  fc.record({ kind: fc.constant('remove' as const), file: fc.nat({ max: 11 }) }),
  fc.record({ kind: fc.constant('search' as const) }),
);

describe('WorkspaceIndex.searchRows', () => {
  test('stays in compareRecency order, one current row per entry, through reads, edits, removals and searches', () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 60 }), (operations) => {
        const index = new WorkspaceIndex({ roots: [ROOT] });
        let version = 1;
        const check = () => {
          const rows = index.searchRows();
          const expected = [...index.all()].sort(compareRecency);
          assert.deepEqual(rows.map((r) => r.entry.uri), expected.map((e) => e.uri));
          for (const [i, row] of rows.entries()) {
            assert.equal(row.entry, expected[i], 'the row is of the current entry');
            assert.equal(row.title, titleOf(row.entry).toLowerCase());
            assert.equal(row.key, row.entry.key);
          }
        };
        for (const op of operations) {
          if (op.kind === 'search') check();
          else if (op.kind === 'remove') index.remove(`${ROOT}/f${op.file}.md`);
          else {
            // Read from disk: version 0 (touched only when it replaces an entry); edited: a new version.
            const doc = parseDocument(`${ROOT}/f${op.file}.md`, op.kind === 'read' ? 0 : ++version, fileText(op.note ? 'note' : 'rca', op.day, op.title), DEFAULT_SETTINGS);
            index.update(doc, op.note ? undefined : rcaSummary(doc));
          }
        }
        check();
      }),
      { numRuns: RUNS * 5 },
    );
  });
});

/** Files numbered so that their dates repeat, with `## Shared` everywhere and `## Rare` in a few. */
function workspaceFiles(count: number, rare: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < count; i++) {
    const date = `2024-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 27)).padStart(2, '0')}`;
    const extra = i < rare ? '\n## Rare\n' : '';
    files[`rca/${date}-incident-${i}.md`] = `---\ntitle: "${date} - Incident ${i} in cache-${i % 7}"\ndate: ${date}\ntags: [rca]\n---\n\n# ${date} - Incident ${i}\n\n## Shared\n${extra}`;
  }
  return files;
}

describe('search results equal brute force', () => {
  test('completion after [[ ranks every file by score, then recency, whatever the query', async () => {
    const { service } = await indexedService(workspaceFiles(260, 0));
    // Edited files come first on ties: touch a few.
    for (const i of [3, 200, 77]) {
      const entry = [...service.index.all()][i];
      service.openDocument(entry.uri, 2, `# Touched ${i}\n`);
    }
    const doc = service.openDocument(uriOf('notes/typing.md'), 1, 'See [[\n');
    for (const query of ['', 'c', 'ca', 'cache-3', 'inc 1', 'touched', 'zz', '2024-0']) {
      const text = `See [[${query}\n`;
      const typing = service.openDocument(doc.uri, 10 + query.length, text);
      const list = linkCompletion(typing, { line: 0, character: text.length - 1 }, service) as CompletionList;
      const scored = [...service.index.all()]
        .filter((e) => e.uri !== doc.uri)
        .map((entry) => ({ entry, score: Math.max(fuzzyScore(query, entry.key), query === '' ? 0 : fuzzyScore(query, titleOf(entry).toLowerCase()) >> 1) }))
        .filter((c) => c.score > 0)
        .sort((a, b) => b.score - a.score || compareRecency(a.entry, b.entry));
      assert.deepEqual(
        list.items.map((i) => i.labelDetails?.description),
        scored.slice(0, MAX_FILE_ITEMS).map((c) => c.entry.relativePath),
        `query "${query}"`,
      );
      assert.equal(list.isIncomplete, scored.length > MAX_FILE_ITEMS, `query "${query}"`);
    }
  });

  test(`workspace symbols: a heading most files share lists its ${HEADINGS_PER_TEXT} most recent files, a rare one all of its files`, async () => {
    // 400 files: `Shared` (400 owners) is found by walking the files most recent first, `Rare` (30) by ranking its owners.
    const { service } = await indexedService(workspaceFiles(400, 30));
    const recent = (heading: string) =>
      [...service.index.all()]
        .filter((e) => e.headings.some((h) => h.text === heading))
        .sort(compareRecency)
        .map((e) => e.uri);
    const located = (name: string) => workspaceSymbols(name.toLowerCase(), service).filter((s) => s.name === name).map((s) => s.location.uri);
    assert.deepEqual(located('Shared'), recent('Shared').slice(0, HEADINGS_PER_TEXT));
    assert.deepEqual(located('Rare'), recent('Rare').slice(0, HEADINGS_PER_TEXT));
    assert.equal(recent('Rare').length, 30);
  });
});

describe('search results equal brute force over a few thousand files', () => {
  const words = ['cache', 'cart', 'dns', 'deploy', 'db', 'queue', 'café', 'überlast', 'auth', 'x9'];
  const folders = ['rca/2023', 'rca/2024', 'notes/sre', 'notes/db-team', 'runbooks'];
  const queries = [
    ...'abcdeklqrsuxyz0123479'.split(''),
    ...['', ' ', '-', '/', 'é', 'ü', 'ca', 'cac', 'cache', 'cache d', 'de', 'dep', 'x9', '2024', '2024-0', 'caf', 'café', 'über', 'zz'],
    ...['rca/', 'rca/2024/', 'notes/s', 'runbooks/ca', 'db-team/d'],
  ];

  test('completion after [[ and workspace symbols rank as a full sort does, for any query', async () => {
    const random = seededRandom(11);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
    const files: Record<string, string> = {};
    for (let i = 0; i < 2500; i++) {
      const folder = pick(folders);
      const date = `${folder.endsWith('2023') ? 2023 : 2024}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 27)).padStart(2, '0')}`;
      const [a, b] = [pick(words), pick(words)];
      const name = folder.startsWith('rca') ? `${date}-${a}-${b}-${i}` : `${a}-${b}${i % 3 === 0 ? '' : `-${i}`}`;
      const title = `${folder.startsWith('rca') ? `${date} - ` : ''}${a[0].toUpperCase()}${a.slice(1)} ${b} ${i % 5 === 0 ? 'É' : ''}${i}`;
      files[`${folder}/${name}.md`] = folder.startsWith('rca') ? `---\ntitle: "${title}"\ndate: ${date}\n---\n\n# ${title}\n` : `# ${title}\n`;
    }
    const { service } = await indexedService(files);
    // Edited files come first on ties.
    for (const [n, entry] of [...service.index.all()].entries()) if (n % 97 === 0) service.openDocument(entry.uri, 2, files[entry.relativePath]);
    const typing = uriOf('notes/typing.md');
    const rows = new Map(service.index.searchRows().map((row) => [row.entry, row]));
    const ranked = (entries: readonly IndexEntry[], score: (e: IndexEntry) => number) =>
      entries
        .map((entry) => ({ entry, score: score(entry) }))
        .filter((c) => c.score > 0)
        .sort((a, b) => b.score - a.score || compareRecency(a.entry, b.entry));
    let version = 10;
    for (const query of queries) {
      const text = `See [[${query}\n`;
      const doc = service.openDocument(typing, ++version, text);
      const list = linkCompletion(doc, { line: 0, character: text.length - 1 }, service) as CompletionList;
      const typed = query.trim();
      const others = [...service.index.all()].filter((e) => e.uri !== typing);
      const files = typed === '' ? [...others].sort(compareRecency).map((entry) => ({ entry })) : ranked(others, (e) => Math.max(fuzzyScore(typed, typed.includes('/') ? e.pathKey : e.key), fuzzyScore(typed, titleOf(e).toLowerCase()) >> 1));
      assert.deepEqual(list.items.map((i) => i.labelDetails?.description), files.slice(0, MAX_FILE_ITEMS).map((c) => c.entry.relativePath), `completion of "${query}"`);
      assert.equal(list.isIncomplete, files.length > MAX_FILE_ITEMS, `completion of "${query}" incomplete`);
      const rcas = ranked(others.filter((e) => e.rca), (e) => {
        return symbolScore(typed.toLowerCase(), rows.get(e)!);
      });
      const symbols = workspaceSymbols(query, service, NONE, { headings: false });
      assert.deepEqual(symbols.map((s) => s.location.uri), rcas.slice(0, MAX_WORKSPACE_SYMBOLS).map((c) => c.entry.uri), `symbols of "${query}"`);
    }
    // The bound passes over rows the mask lets through: above 700, only names with a word starting with e are read.
    const visited = (floor: number) => {
      let count = 0;
      service.index.scanSearchRows('e', 'name', () => floor, () => {
        count++;
      }, NONE);
      return count;
    };
    assert.ok(visited(700) < visited(0) / 2, `${visited(700)} of ${visited(0)}`);
  });
});

describe('workspace symbols with services and headings equal brute force', () => {
  test('RCAs, services and headings rank as one full sort, ties between them included', async () => {
    // Undated titles, headings and service names drawn from one small vocabulary, so that an RCA, a
    // heading and a service often score the same and meet at the list's last place.
    const words = ['cache', 'cart', 'dns', 'deploy', 'queue'];
    const random = seededRandom(5);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
    const phrase = (i: number) => `${pick(words)} ${pick(words)} ${i % 7}`;
    const files: Record<string, string> = {};
    for (let i = 0; i < 900; i++) {
      const date = `2024-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 27)).padStart(2, '0')}`;
      if (i % 3 === 0) {
        files[`notes/note-${i}.md`] = `# ${phrase(i)}\n\n## ${phrase(i + 1)}\n\n## ${phrase(i + 2)}\n`;
        continue;
      }
      const title = `${date} - ${phrase(i)}`;
      // `api-gray` and `api-blue` score the same everywhere, and have the same latest RCA.
      const services = [pick(words), `${pick(words)}-api`, i % 5 === 0 ? 'Cache-API' : 'dns-api', ...(i % 4 === 0 ? ['api-gray', 'api-blue'] : [])];
      files[`rca/${date}-${i}.md`] = `---\ntitle: "${title}"\ndate: ${date}\nservices: [${services.join(', ')}]\n---\n\n# ${title}\n\n## ${phrase(i + 3)}\n`;
    }
    const { service } = await indexedService(files);
    const entries = [...service.index.all()];
    const rows = new Map(service.index.searchRows().map((row) => [row.entry, row]));
    interface Expected {
      score: number;
      rank: number;
      entry: IndexEntry;
      line: number;
      service?: string;
      name: string;
    }
    const byRelevance = (a: Expected, b: Expected) => b.score - a.score || a.rank - b.rank || compareRecency(a.entry, b.entry) || a.line - b.line || (a.service ?? '').localeCompare(b.service ?? '');
    const brute = (query: string): string[] => {
      const q = query.trim().toLowerCase();
      const found: Expected[] = [];
      for (const entry of entries.filter((e) => e.rca)) {
        const score = symbolScore(q, rows.get(entry)!);
        if (score > 0) found.push({ score, rank: 0, entry, line: -1, name: titleOf(entry) });
      }
      // A service at its most recent RCA; names differing in case are one, the best of them.
      const services = new Map<string, Expected>();
      for (const name of new Set(entries.flatMap((e) => e.rca?.services ?? []))) {
        const score = fuzzyScore(q, name.toLowerCase());
        if (score === 0) continue;
        const [latest] = entries.filter((e) => e.rca?.services.includes(name)).sort(compareRecency);
        const candidate = { score, rank: 1, entry: latest, line: -1, service: name, name };
        const seen = services.get(name.toLowerCase());
        if (!seen || byRelevance(candidate, seen) < 0) services.set(name.toLowerCase(), candidate);
      }
      found.push(...services.values());
      // A heading text (not an RCA's title) in its HEADINGS_PER_TEXT most recent files.
      const listed = (entry: IndexEntry) => entry.headings.filter((h) => h.level > 1 || !entry.rca);
      for (const text of q === '' ? [] : new Set(entries.flatMap((e) => listed(e).map((h) => h.text)))) {
        const score = fuzzyScore(q, text.toLowerCase());
        if (score === 0) continue;
        const owners = entries.filter((e) => listed(e).some((h) => h.text === text)).sort(compareRecency).slice(0, HEADINGS_PER_TEXT);
        for (const entry of owners) for (const h of listed(entry)) if (h.text === text) found.push({ score, rank: 2, entry, line: h.line, name: text });
      }
      return found
        .sort(byRelevance)
        .slice(0, MAX_WORKSPACE_SYMBOLS)
        .map((c) => `${c.name} @ ${c.entry.relativePath}${c.line >= 0 ? `:${c.line}` : ''}`);
    };
    let tiesAtTheEnd = 0;
    for (const query of ['', 'c', 'ca', 'cache', 'cache c', 'd', 'de', 'dns', 'q', 'queue d', 'e', 'a', 'api', 'api-', 'cache-api', 'r', 'z', '3', 'ct', 'cdq']) {
      const symbols = workspaceSymbols(query, service).map((s) => `${s.name} @ ${s.containerName?.replace(/^service · latest RCA /, '')}${s.kind === 15 ? `:${s.location.range.start.line}` : ''}`);
      const expected = brute(query);
      assert.deepEqual(symbols, expected, `symbols of "${query}"`);
      if (expected.length === MAX_WORKSPACE_SYMBOLS && !expected.at(-1)!.includes('@ rca/')) tiesAtTheEnd++;
    }
    // The list often ends with a service or heading, where an RCA of the same score goes before it.
    assert.ok(tiesAtTheEnd >= 3, `${tiesAtTheEnd} lists end with a service or heading`);
  });
});

describe('search results equal brute force as the index changes', () => {
  const words = ['cache', 'cart', 'dns', 'deploy', 'db', 'queue'];
  // Titles dated as people write them: "date - ", "date: ", with an en dash, with nothing between.
  const separators = [' - ', ': ', ' – ', '', ' '];
  function rcaText(random: () => number, i: number): { path: string; text: string } {
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
    const date = `2024-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 27)).padStart(2, '0')}`;
    const [a, b] = [pick(words), pick(words)];
    const title = `${date}${pick(separators)}${a[0].toUpperCase()}${a.slice(1)} ${b} ${i}`;
    return { path: `rca/${date}-${a}-${b}-${i}.md`, text: `---\ntitle: "${title}"\ndate: ${date}\n---\n\n# ${title}\n\n## Zz\n` };
  }
  const brute = (entries: readonly IndexEntry[], score: (e: IndexEntry) => number) =>
    entries
      .map((entry) => ({ entry, score: score(entry) }))
      .filter((c) => c.score > 0)
      .sort((a, b) => b.score - a.score || compareRecency(a.entry, b.entry));

  test('completion after [[ and workspace symbols, through edits, removals and new files', async () => {
    const random = seededRandom(7);
    const files: Record<string, string> = {};
    for (let i = 0; i < 450; i++) {
      const { path, text } = rcaText(random, i);
      files[path] = text;
    }
    const { service } = await indexedService(files);
    const typing = uriOf('notes/typing.md');
    let version = 1;
    let next = 450;
    const check = (step: string) => {
      for (const query of ['c', 'ca', 'cache', 'd', 'de', 'q', 'b', '2024-0', 'cart d', 'x']) {
        const text = `See [[${query}\n`;
        const doc = service.openDocument(typing, ++version, text);
        const list = linkCompletion(doc, { line: 0, character: text.length - 1 }, service) as CompletionList;
        const files = brute([...service.index.all()].filter((e) => e.uri !== typing), (e) => Math.max(fuzzyScore(query, e.key), fuzzyScore(query, titleOf(e).toLowerCase()) >> 1));
        assert.deepEqual(list.items.map((i) => i.labelDetails?.description), files.slice(0, MAX_FILE_ITEMS).map((c) => c.entry.relativePath), `${step}: completion of "${query}"`);
        assert.equal(list.isIncomplete, files.length > MAX_FILE_ITEMS, `${step}: completion of "${query}" incomplete`);
        const rcas = brute([...service.index.all()].filter((e) => e.rca), (e) => symbolScore(query, service.index.searchRows().find((r) => r.entry === e)!));
        assert.deepEqual(workspaceSymbols(query, service).map((s) => s.location.uri), rcas.slice(0, MAX_WORKSPACE_SYMBOLS).map((c) => c.entry.uri), `${step}: symbols of "${query}"`);
      }
    };
    check('indexed');
    for (let step = 0; step < 24; step++) {
      const uris = [...service.index.all()].filter((e) => e.uri !== typing).map((e) => e.uri);
      const uri = uris[Math.floor(random() * uris.length)];
      const op = step % 3;
      if (op === 0) {
        // Edited in the editor: its row moves to the front.
        service.openDocument(uri, ++version, rcaText(random, next++).text);
      } else if (op === 1) {
        service.index.remove(uri);
      } else {
        // A file read for the first time: merged into the rows.
        const { path, text } = rcaText(random, next++);
        const doc = parseDocument(uriOf(path), 0, text, DEFAULT_SETTINGS);
        service.index.update(doc, rcaSummary(doc));
      }
      check(`step ${step} (${['edit', 'remove', 'new file'][op]})`);
    }
  });
});

describe('a scan narrows as its query grows', () => {
  const titles = ['Cache storm', 'Cart outage', 'DNS failure', 'Deploy rollback', 'Queue backlog', 'Latency spike', 'Tale of a slow DB', 'Stale TLS certificate'];
  function workspace(count: number): Record<string, string> {
    const files: Record<string, string> = {};
    for (let i = 0; i < count; i++) {
      const date = `2024-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 27)).padStart(2, '0')}`;
      const title = `${date} - ${titles[i % titles.length]} ${i}`;
      files[`rca/${date}-${i}.md`] = `---\ntitle: "${title}"\ndate: ${date}\ntags: [rca]\n---\n\n# ${title}\n`;
    }
    return files;
  }
  const bruteSymbols = (service: Awaited<ReturnType<typeof indexedService>>['service'], query: string) =>
    service.index
      .searchRows()
      .filter((row) => row.rca)
      .map((row) => ({ row, score: symbolScore(query, row) }))
      .filter((c) => c.score > 0)
      .sort((a, b) => b.score - a.score || compareRecency(a.row.entry, b.row.entry))
      .slice(0, MAX_WORKSPACE_SYMBOLS)
      .map((c) => c.row.entry.uri);

  test('workspace symbols typed a character at a time list what a full sort lists, reading only the rows the last query left', async () => {
    const { service } = await indexedService(workspace(600));
    let read = 0;
    const scan = (query: string) => {
      read = 0;
      service.index.scanSearchRows(query, 'symbol', () => 0, (row) => {
        read++;
        return Math.max(fuzzyScore(query, row.title), fuzzyScore(query, row.key)) > 0;
      }, NONE);
      return read;
    };
    for (const word of ['latency', 'deploy', 'cart', '2024-03', 'cache x']) {
      for (let n = 1; n <= word.length; n++) {
        const query = word.slice(0, n);
        assert.deepEqual(workspaceSymbols(query, service, NONE, { headings: false }).map((s) => s.location.uri), bruteSymbols(service, query), `symbols of "${query}"`);
      }
    }
    // "Tale of a slow DB" has every letter of "late" but not in order: a fresh scan reads it,
    // one after "lat" (which ruled it out) does not.
    scan('q');
    const fresh = scan('late');
    scan('lat');
    const narrowed = scan('late');
    const holdLat = service.index.searchRows().filter((row) => mayMatch(charMask('late'), charMask(row.title + row.entry.pathKey)) && Math.max(fuzzyScore('lat', row.title), fuzzyScore('lat', row.key)) > 0).length;
    assert.ok(narrowed < fresh, `${narrowed} of ${fresh}`);
    assert.equal(narrowed, holdLat);
  });

  // A hang guard, not a timing: bounding every row over the whole query took 12 s a megabyte at 2,000 files.
  test('a query of 4 MB is answered: the scattered bound stops where it saturates', { timeout: 20_000 }, async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 2000; i++) files[`rca/2024/f-${i}.md`] = `---\ntitle: "2024-01-01 - Cache storm ${i}"\ndate: 2024-01-01\ntags: [rca]\n---\n\n# x\n`;
    const { service } = await indexedService(files);
    // Every row has c and s but not the pair cs: each is bounded, none read.
    assert.deepEqual(workspaceSymbols('cs'.repeat(2_000_000), service, NONE, { headings: false }), []);
    const columns = new Int32Array(SHAPE_SIZE + PAIRS_SIZE);
    writeShape(columns, 0, ['cache storm']);
    writePairs(columns, SHAPE_SIZE, ['cache storm']);
    assert.equal(new ScanQuery('cs'.repeat(2_000_000)).scatteredBound(columns, 0, columns, SHAPE_SIZE), 500 - 'cache storm'.length);
  });

  test('a change to the rows starts the next scan over: a file edited to match is found', async () => {
    const files = workspace(300);
    const { service } = await indexedService(files);
    const [path] = Object.keys(files).filter((p) => files[p].includes('Cart outage'));
    assert.equal(workspaceSymbols('queu', service).some((s) => s.location.uri === uriOf(path)), false);
    service.openDocument(uriOf(path), 2, files[path].replaceAll('Cart outage', 'Queue overflow'));
    assert.deepEqual(workspaceSymbols('queue', service, NONE, { headings: false }).map((s) => s.location.uri), bruteSymbols(service, 'queue'));
    assert.ok(workspaceSymbols('queue', service).some((s) => s.location.uri === uriOf(path)));
  });

  test('removals that cut the rows start the next scan over, even when the last removal made the cut', async () => {
    const files = workspace(300);
    const { service } = await indexedService(files);
    assert.ok(workspaceSymbols('c', service, NONE, { headings: false }).length > 0);
    // Rows are cut once removed files pass an eighth of them: removing the 38th of 300 cuts all 38 at once.
    const cartOutages = Object.keys(files).filter((p) => files[p].includes('Cart outage'));
    for (const path of cartOutages.slice(0, 38)) service.index.remove(uriOf(path));
    for (const query of ['ca', 'car', 'cart']) {
      assert.deepEqual(workspaceSymbols(query, service, NONE, { headings: false }).map((s) => s.location.uri), bruteSymbols(service, query), `symbols of "${query}"`);
    }
  });
});

// The index entries a test sees are whole: titleOf is what completion and symbols show.
test('titleOf: the RCA title, else the first # heading, else the file name', () => {
  const entry = (rcaTitle: string | undefined, title: string | undefined) => ({ rca: rcaTitle === undefined ? undefined : ({ title: rcaTitle } as IndexEntry['rca']), title, name: 'file-name' });
  assert.equal(titleOf(entry(' Outage ', 'Heading')), 'Outage');
  assert.equal(titleOf(entry('', 'Heading')), 'Heading');
  assert.equal(titleOf(entry(undefined, undefined)), 'file-name');
});
