// The index's owner tables: a Map for keys few files share, a bit per file number
// for keys much of the workspace shares, with the same answers in either form.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FileNumbers, OwnerTable } from '../server/src/core/ownerTable';
import { seededRandom } from './support';

const uri = (n: number) => `file:///ws/rca/${n}.md`;

/** Numbers for `count` files, each file's number its own index. */
function numbered(count: number): FileNumbers {
  const byUri = new Map<string, number>();
  const numbers = new FileNumbers((u) => byUri.get(u));
  for (let i = 0; i < count; i++) byUri.set(uri(i), numbers.take(uri(i)));
  return numbers;
}

function assertSame<V>(table: OwnerTable<V>, expected: Map<string, V>, files: number, context: string): void {
  assert.equal(table.size, expected.size, context);
  assert.deepEqual(new Map(table), expected, context);
  assert.deepEqual(new Set(table.keys()), new Set(expected.keys()), context);
  const visited = new Map<string, V>();
  table.forEach((value, uri) => {
    assert.ok(!visited.has(uri), `${context}: ${uri} visited twice`);
    visited.set(uri, value);
  });
  assert.deepEqual(visited, expected, `${context}: forEach`);
  for (let i = 0; i < files; i++) {
    assert.equal(table.has(uri(i)), expected.has(uri(i)), `${context}: has ${i}`);
    assert.equal(table.get(uri(i)), expected.get(uri(i)), `${context}: get ${i}`);
  }
}

describe('OwnerTable', () => {
  test('answers as a Map would through random adds, value changes and removes that take it from few owners to most files and back', () => {
    const files = 3000;
    const numbers = numbered(files);
    const random = seededRandom(0x0aa1);
    // Shared values (a set's `true`, a team's shared due day) and values each its own.
    const values = [[1], [2], [3]] as const;
    for (const [name, value] of [['one value', () => values[0]], ['values that differ', () => values[Math.floor(random() * 3)]]] as const) {
      const table = new OwnerTable<readonly number[]>(numbers);
      const expected = new Map<string, readonly number[]>();
      // Grow to most files, shrink to a few, grow again: both forms, and the switches between them.
      for (const [target, steps] of [[2500, 6000], [10, 8000], [1200, 4000]] as const) {
        for (let step = 0; step < steps; step++) {
          const n = Math.floor(random() * files);
          if (random() < (expected.size < target ? 0.3 : 0.7)) {
            assert.equal(table.delete(n, uri(n)), expected.get(uri(n)), `${name}: delete ${n}`);
            expected.delete(uri(n));
          } else {
            const v = value();
            table.set(n, uri(n), v);
            expected.set(uri(n), v);
          }
        }
        assertSame(table, expected, files, `${name}, toward ${target} owners`);
      }
    }
  });

  test('keeps owners by file number once many files share the key, by URI again when few do', () => {
    const numbers = numbered(1000);
    const table = new OwnerTable(numbers);
    // Owners added from the highest number down: a Map lists them in that order, the dense form by number.
    for (let n = 999; n >= 500; n--) table.set(n, uri(n), true);
    const listed = [...table.keys()];
    assert.deepEqual(listed, Array.from({ length: 500 }, (_, i) => uri(500 + i)), 'listed by number: dense');
    // A bit per file costs less than a Map's entry for two owners: the Map comes back at one.
    for (let n = 999; n >= 502; n--) table.delete(n, uri(n));
    table.set(7, uri(7), true);
    assert.deepEqual([...table.keys()], [uri(7), uri(500), uri(501)], 'still by number with three');
    table.delete(7, uri(7));
    table.delete(501, uri(501));
    table.set(7, uri(7), true);
    assert.deepEqual([...table.keys()], [uri(500), uri(7)], 'listed as added: a Map again');
  });

  test('a number freed by a removed file goes to the next file', () => {
    const byUri = new Map<string, number>();
    const numbers = new FileNumbers((u) => byUri.get(u));
    const a = numbers.take(uri(1));
    const b = numbers.take(uri(2));
    assert.deepEqual([a, b, numbers.capacity], [0, 1, 2]);
    numbers.release(a);
    assert.equal(numbers.take(uri(3)), a);
    assert.equal(numbers.uriOf(a), uri(3));
    assert.equal(numbers.capacity, 2);
  });
});
