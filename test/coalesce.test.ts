// The edit coalescer: a cheap document is analysed on the next turn, each
// keystroke at once; a costly one waits as long as its last analysis took
// (capped), so a burst is analysed once, for its last change.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, mock, test } from 'node:test';
import { EditCoalescer } from '../server/src/coalesce';

const URI = 'file:///ws/rca/big.md';

/** A coalescer whose analyses cost `cost` ms on a fake clock, and the log of what it settled. */
function coalescer(cost: number) {
  let clock = 0;
  const settled: string[] = [];
  let turns: (() => void)[] = [];
  const edits = new EditCoalescer(
    (uri) => {
      settled.push(uri);
      clock += cost;
    },
    () => new Promise<void>((resolve) => turns.push(resolve)),
    150,
    () => clock,
  );
  /** Runs the host's next turn. */
  const nextTurn = async () => {
    const due = turns;
    turns = [];
    for (const resume of due) resume();
    await Promise.resolve();
  };
  return { edits, settled, nextTurn };
}

beforeEach(() => mock.timers.enable({ apis: ['setTimeout'] }));
afterEach(() => mock.timers.reset());

test('a cheap document is analysed on the next turn after each change, without a timer', async () => {
  const { edits, settled, nextTurn } = coalescer(0.5);
  edits.settleNow(URI);
  edits.changed(URI);
  assert.equal(settled.length, 1);
  await nextTurn();
  assert.equal(settled.length, 2);
  edits.changed(URI);
  await nextTurn();
  assert.equal(settled.length, 3);
});

test('changes within one turn are analysed once', async () => {
  const { edits, settled, nextTurn } = coalescer(0.5);
  edits.changed(URI);
  edits.changed(URI);
  edits.changed(URI);
  await nextTurn();
  assert.deepEqual(settled, [URI]);
});

test('a costly document waits as long as its last analysis took, and a burst is analysed once', async () => {
  const { edits, settled, nextTurn } = coalescer(40);
  edits.settleNow(URI);
  for (let i = 0; i < 10; i++) {
    edits.changed(URI);
    await nextTurn();
    mock.timers.tick(30);
  }
  assert.equal(settled.length, 1, 'no analysis while keystrokes come faster than one analysis');
  mock.timers.tick(9);
  assert.equal(settled.length, 1);
  mock.timers.tick(1);
  assert.equal(settled.length, 2);
});

test('the wait is capped', async () => {
  const { edits, settled } = coalescer(5000);
  edits.settleNow(URI);
  edits.changed(URI);
  mock.timers.tick(149);
  assert.equal(settled.length, 1);
  mock.timers.tick(1);
  assert.equal(settled.length, 2);
});

test('whoever waits for a settled document resumes after its analysis, or when it closes', async () => {
  const { edits, settled, nextTurn } = coalescer(40);
  edits.settleNow(URI);
  edits.changed(URI);
  const order: string[] = [];
  const waited = edits.settled(URI).then(() => order.push(`resumed after ${settled.length} analyses`));
  mock.timers.tick(40);
  await waited;
  assert.deepEqual(order, ['resumed after 2 analyses']);

  edits.changed(URI);
  const closed = edits.settled(URI).then(() => order.push('resumed on close'));
  edits.forget(URI);
  await closed;
  await nextTurn();
  mock.timers.tick(1000);
  assert.equal(settled.length, 2, 'a closed document is not analysed');
  assert.deepEqual(order, ['resumed after 2 analyses', 'resumed on close']);
});
