// The requests the server is answering, as background work waits for them (see server/src/requestsInProgress.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RequestsInProgress, type Timer } from '../server/src/requestsInProgress';

/** Whether `promise` has settled once the microtasks queued now have run. */
async function settled(promise: Promise<void>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

/** A timer run by hand: `elapse()` runs what is due, as the quiet time running out would. */
function manualTimer(): { timer: Timer; pending: () => number; elapse: () => void; asked: number[] } {
  let due: (() => void)[] = [];
  const asked: number[] = [];
  return {
    asked,
    timer: (run, ms) => {
      asked.push(ms);
      due.push(run);
      return () => (due = due.filter((r) => r !== run));
    },
    pending: () => due.length,
    elapse: () => {
      const running = due;
      due = [];
      for (const run of running) run();
    },
  };
}

test('none() resolves at once with no request, and once the last of several requests ends and the quiet time after it runs out', async () => {
  const clock = manualTimer();
  const requests = new RequestsInProgress(clock.timer, 10);
  assert.equal(await settled(requests.none()), true);
  requests.begin();
  requests.begin();
  const waiting = requests.none();
  assert.equal(await settled(waiting), false);
  requests.end();
  assert.equal(await settled(waiting), false);
  assert.equal(clock.pending(), 0, 'no quiet time while a request is in progress');
  requests.end();
  // The answer is still to be written, and the editor's next request may come.
  assert.equal(await settled(waiting), false);
  assert.equal(await settled(requests.none()), false);
  assert.deepEqual(clock.asked, [10]);
  clock.elapse();
  assert.equal(await settled(waiting), true);
  assert.equal(await settled(requests.none()), true);
  // A later request holds a new waiter, not one already let on.
  requests.begin();
  assert.equal(await settled(requests.none()), false);
});

test('a request begun in the quiet time holds the waiters until it ends and a new quiet time runs out', async () => {
  const clock = manualTimer();
  const requests = new RequestsInProgress(clock.timer, 10);
  requests.begin();
  const waiting = requests.none();
  requests.end();
  requests.begin();
  assert.equal(clock.pending(), 0, 'the quiet time is cancelled');
  clock.elapse();
  assert.equal(await settled(waiting), false);
  requests.end();
  assert.equal(clock.pending(), 1);
  clock.elapse();
  assert.equal(await settled(waiting), true);
});

test('close() lets every waiter on, and nothing waits after it', async () => {
  const clock = manualTimer();
  const requests = new RequestsInProgress(clock.timer, 10);
  requests.begin();
  const waiting = [requests.none(), requests.none()];
  requests.close();
  assert.deepEqual(await Promise.all(waiting.map(settled)), [true, true]);
  assert.equal(await settled(requests.none()), true);
  requests.end();
  assert.equal(clock.pending(), 0, 'no quiet time after close()');
  assert.equal(await settled(requests.none()), true);
});
