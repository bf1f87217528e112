// The requests the server is answering, as background work waits for them (see server/src/requestsInProgress.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RequestsInProgress } from '../server/src/requestsInProgress';

/** Whether `promise` has settled once the microtasks queued now have run. */
async function settled(promise: Promise<void>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

test('none() resolves at once with no request, and once the last of several requests ends', async () => {
  const requests = new RequestsInProgress();
  assert.equal(await settled(requests.none()), true);
  requests.begin();
  requests.begin();
  const waiting = requests.none();
  assert.equal(await settled(waiting), false);
  requests.end();
  assert.equal(await settled(waiting), false);
  requests.end();
  assert.equal(await settled(waiting), true);
  // A later request holds a new waiter, not one already let on.
  requests.begin();
  assert.equal(await settled(requests.none()), false);
});

test('close() lets every waiter on, and nothing waits after it', async () => {
  const requests = new RequestsInProgress();
  requests.begin();
  const waiting = [requests.none(), requests.none()];
  requests.close();
  assert.deepEqual(await Promise.all(waiting.map(settled)), [true, true]);
  assert.equal(await settled(requests.none()), true);
});
