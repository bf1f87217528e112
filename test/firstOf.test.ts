// The bounded selection behind the Action Items view's rows and the dashboard's owner lists:
// the first values as a stable sort orders them, whatever order they are added in.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FirstOf } from '../server/src/core/firstOf';
import { seededRandom } from './support';

interface Value {
  readonly rank: number;
  readonly added: number;
}

describe('FirstOf', () => {
  test('the first of 1,000 random runs, ties in the order added, the rest counted, at every size', () => {
    const random = seededRandom(11);
    const byRank = (a: Value, b: Value) => a.rank - b.rank;
    for (let run = 0; run < 1_000; run++) {
      const size = [0, 1, 3, 10, Infinity][run % 5];
      // Few ranks, so that ties are many.
      const values: Value[] = Array.from({ length: Math.floor(random() * 60) }, (_, added) => ({ rank: Math.floor(random() * 8), added }));
      const first = new FirstOf(size, byRank, (value) => ({ ...value }));
      for (const value of values) first.add(value);
      const expected = [...values].sort(byRank).slice(0, size);
      assert.deepEqual(first.take(), { first: expected, more: values.length - expected.length });
      assert.equal(first.added, values.length);
    }
  });

  test('keeps what `keep` makes: one object refilled for every value is copied', () => {
    const refilled = { rank: 0, added: 0 };
    const first = new FirstOf(2, (a: Value, b: Value) => a.rank - b.rank, (value) => ({ ...value }));
    for (const [added, rank] of [5, 3, 9, 1].entries()) {
      Object.assign(refilled, { rank, added });
      first.add(refilled);
    }
    assert.deepEqual(first.take().first, [{ rank: 1, added: 3 }, { rank: 3, added: 1 }]);
  });
});
