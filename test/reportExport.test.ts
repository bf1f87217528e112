// The dashboard's export and `rca report` write the report in pieces: the pieces must
// join to the very text one JSON.stringify (or the CSV) would have made.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildReport } from '../server/src/features/report';
import { reportCsvLines } from '../shared/csv';
import { prettyJsonParts, reportExportPieces } from '../shared/reportExport';
import { exampleFiles, indexedService, RUNS, seededRandom } from './support';

const joined = (parts: Iterable<string>) => [...parts].join('');

/** A random tree of plain data: arrays and objects of any size (some past the size written whole), awkward strings and numbers, and members JSON leaves out. */
function randomValue(random: () => number, depth = 0): unknown {
  const pick = <T>(choices: readonly T[]) => choices[Math.floor(random() * choices.length)];
  // Large collections only at the top, small ones a few levels down: a few thousand values a tree.
  const kind = depth >= 4 ? 'leaf' : depth >= 1 ? pick(['leaf', 'leaf', 'array', 'object']) : pick(['leaf', 'array', 'object', 'big array', 'object with a big array']);
  const members = (n: number) => Array.from({ length: n }, () => randomValue(random, depth + 1));
  switch (kind) {
    case 'array':
      return members(Math.floor(random() * 4));
    case 'big array':
      return members(60 + Math.floor(random() * 20));
    case 'object':
    case 'object with a big array': {
      const object: Record<string, unknown> = {};
      for (const key of ['a', 'b"q', '', 'line\nbreak', '0', '__proto__x'].slice(0, 1 + Math.floor(random() * 6))) object[key] = randomValue(random, depth + 1);
      if (kind === 'object with a big array') object.rows = members(65 + Math.floor(random() * 10));
      return object;
    }
    default:
      return pick<unknown>(['', 'plain', 'quote " and \\ backslash', 'new\nline\r\n', '\u2028\u2029', '🔥 監視', '\u0000\u001f', 0, -0, 1.5e300, NaN, Infinity, -7, true, false, null, undefined, () => 1, Symbol('s'), []]);
  }
}

describe('report export in pieces', () => {
  test('prettyJsonParts joins to JSON.stringify(value, null, 2) over random trees of plain data', () => {
    const random = seededRandom(7);
    let large = 0;
    for (let run = 0; run < Math.max(RUNS, 200); run++) {
      const value = { top: randomValue(random), list: Array.from({ length: 70 + (run % 5) }, () => randomValue(random, 2)) };
      const parts = [...prettyJsonParts(value)];
      if (parts.length > 1) large++;
      assert.equal(parts.join(''), JSON.stringify(value, null, 2), `run ${run}`);
    }
    assert.ok(large > 0, 'large collections were written member by member');
    // Arrays and objects at the top, large or not, empty or not.
    for (const value of [[], {}, [undefined, () => 1], { a: undefined }, Array.from({ length: 100 }, (_, i) => (i % 2 ? undefined : [])), { rows: Array.from({ length: 100 }, () => ({})) }, Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, undefined]))]) {
      assert.equal(joined(prettyJsonParts(value)), JSON.stringify(value, null, 2));
    }
  });

  test('long members make shorter runs: a part is at most 1 MB, or one member longer than that', () => {
    // Incidents whose titles grow from nothing to a megabyte and back, as a hostile workspace could write them.
    const lengths = [0, 10, 100, 1000, 20_000, 300_000, 1_000_000, 300_000, 5, 5, 5];
    const incidents = Array.from({ length: 400 }, (_, i) => ({ title: 'x'.repeat(lengths[Math.floor(i / 37)] ?? 0), n: i }));
    const report = { incidents };
    const parts = [...prettyJsonParts(report)];
    assert.equal(parts.join(''), JSON.stringify(report, null, 2));
    const longestMember = Math.max(...incidents.map((i) => JSON.stringify(i, null, 2).length));
    // Indented by two more spaces a line than on their own: a few characters more.
    for (const part of parts) assert.ok(part.length <= Math.max(1 << 20, longestMember + 100), `${part.length}`);
    assert.ok(parts.some((part) => part.length > longestMember), 'the megabyte titles each make a part');
    // Short members still go a hundred to a part.
    const short = [...prettyJsonParts({ incidents: Array.from({ length: 1000 }, (_, n) => ({ n })) })];
    assert.ok(short.length < 30, `${short.length}`);
  });

  test("a report's export is JSON.stringify(report, null, 2) and a line break, or its CSV, in pieces of about the length asked", async () => {
    const { service } = await indexedService(exampleFiles());
    const one = buildReport(service.index.all(), {}, '2025-09-01');
    // A report past the size written whole: the example's incidents many times over, with their owners' items.
    const many = { ...one, incidents: Array.from({ length: 1000 }, (_, i) => ({ ...one.incidents[i % one.incidents.length], title: `Incident ${i}` })), owners: one.owners.map((o) => ({ ...o, items: Array.from({ length: 100 }, () => o.items).flat() })) };
    for (const report of [one, many]) {
      const pieces = [...reportExportPieces(report, 'json', 4096)];
      assert.equal(pieces.join(''), `${JSON.stringify(report, null, 2)}\n`);
      const csv = [...reportExportPieces(report, 'csv', 4096)];
      assert.equal(csv.join(''), joined(reportCsvLines(report)));
      assert.equal(csv.join('').split('\r\n').length, report.incidents.length + 2, 'a header, a row per incident, and the last line break');
      // Every piece but the last reaches the length asked, and passes it by less than one part (a CSV row).
      const longestPart = Math.max(...[...prettyJsonParts(report)].map((part) => part.length));
      for (const piece of pieces.slice(0, -1)) assert.ok(piece.length >= 4096 && piece.length < 4096 + longestPart, `${piece.length}`);
      for (const piece of csv.slice(0, -1)) assert.ok(piece.length >= 4096 && piece.length < 4096 + 1000, `${piece.length}`);
    }
    // The large report's parts: runs of incidents and of an owner's items, each well under the whole.
    const parts = [...prettyJsonParts(many)];
    assert.ok(parts.length > 20 && Math.max(...parts.map((part) => part.length)) < JSON.stringify(many, null, 2).length / 5, `${parts.length}`);
    // No incidents: the CSV is its header line.
    assert.deepEqual([...reportExportPieces({ ...one, incidents: [] }, 'csv')], [joined(reportCsvLines({ ...one, incidents: [] }))]);
    assert.match(joined(reportCsvLines({ ...one, incidents: [] })), /^date,title,[^\r\n]*\r\n$/);
  });
});
