// The background's classification order (extension/scheduler.js), driven step by step: each classify
// call ends only when the test says so, so the order tabs are served in is exact, not timed.
// (The real-browser check of the same promise: tests/e2e/hostile-bg-*.test.mjs, "one tab flooding".)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createScheduler } from '../../extension/scheduler.js';

/** Lets every pending promise callback run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/**
 * A scheduler whose classify calls wait for `finish()`. `served` lists the tab of each call started;
 * `answers` every answer given, per tab, in order; `onServe(tabId)` is told of each call as it starts.
 */
function harness({ onServe = () => {} } = {}) {
  const served = [];
  const answers = new Map();
  let running = null;
  const scheduler = createScheduler({
    serve: (tabId, job) => {
      served.push(tabId);
      onServe(tabId);
      return new Promise((resolve, reject) => {
        running = { tabId, job, resolve, reject };
      });
    },
    superseded: () => ({ ok: false, code: 'superseded' }),
    failed: (error) => ({ ok: false, code: 'internal', message: error.message }),
    pause: () => Promise.resolve(),
  });
  const submit = (tabId, job) => {
    const answer = scheduler.submit(tabId, job);
    answer.then((value) => answers.set(tabId, [...(answers.get(tabId) ?? []), value]));
    return answer;
  };
  /** Ends the running call with the job it was given, or with `outcome` (an Error rejects). */
  const finish = async (outcome) => {
    await settle();
    assert.ok(running, 'a classify call is running');
    const call = running;
    running = null;
    if (outcome instanceof Error) call.reject(outcome);
    else call.resolve(outcome ?? { ok: true, value: call.job });
    await settle();
  };
  return { scheduler, submit, finish, served, answers, running: () => running };
}

/** Flooding tabs: `rounds` calls, each flooder sending `burst` new snapshots per call. */
async function flood(h, flooders, { rounds, burst }) {
  for (let round = 0; round < rounds; round += 1) {
    for (let i = 0; i < burst; i += 1) for (const tab of flooders) h.submit(tab, `${tab}:${round}:${i}`);
    await h.finish();
  }
}

test('two flooding tabs: a genuine tab is served after at most the one call already running', async () => {
  // The genuine request arrives at each point of the flood in turn, and after it was served once already.
  for (let arrival = 0; arrival < 6; arrival += 1) {
    const h = harness();
    const flooders = [1, 2];
    if (arrival % 2 === 1) h.submit(3, 'served before');
    await flood(h, flooders, { rounds: arrival + 1, burst: 3 });
    for (const tab of flooders) h.submit(tab, `${tab}:late`);
    const startedBefore = h.served.length;
    const servedBefore = h.served.filter((t) => t === 3).length;
    h.submit(3, 'genuine');
    await flood(h, flooders, { rounds: 3, burst: 3 });
    assert.equal(servedBefore, arrival % 2);
    const genuineCall = h.served.findIndex((t, i) => t === 3 && i >= startedBefore);
    assert.ok(genuineCall >= 0, `arrival ${arrival}: not served within three calls: ${h.served.join(',')}`);
    // Calls that started after the genuine request arrived and before it was served: none, so it waited
    // only for the call that was already running when it came.
    assert.deepEqual(h.served.slice(startedBefore, genuineCall), [], `arrival ${arrival}: served ${h.served.join(',')}`);
    await h.finish();
    assert.deepEqual(h.answers.get(3).at(-1), { ok: true, value: 'genuine' });
  }
});

test('while a tab waits, every other tab is served at most once, however often it resends', async () => {
  // For each tab waiting, the number of calls started when it began to wait (a resend keeps its place).
  const waitingSince = new Map();
  // Checked as each call starts (inside the scheduler's call, so noted here and asserted at the end).
  const overtaken = [];
  const h = harness({ onServe: (tab) => checkServed(tab) });
  const send = (tab, job) => {
    if (!waitingSince.has(tab)) waitingSince.set(tab, h.served.length);
    h.submit(tab, job);
  };
  function checkServed(tab) {
    const since = waitingSince.get(tab);
    waitingSince.delete(tab);
    const meanwhile = h.served.slice(since, -1);
    for (const other of new Set(meanwhile)) {
      if (meanwhile.filter((t) => t === other).length > 1) overtaken.push(`tab ${tab} waited through calls of ${meanwhile.join(',')}`);
    }
  }
  // Tabs 1–3 resend five times per call; tab 4 every third call, tab 5 every seventh.
  for (let round = 0; round < 40; round += 1) {
    for (const tab of [1, 2, 3]) for (let i = 0; i < 5; i += 1) send(tab, `${tab}:${round}:${i}`);
    if (round % 3 === 0) send(4, `4:${round}`);
    if (round % 7 === 0) send(5, `5:${round}`);
    await h.finish();
  }
  assert.deepEqual(overtaken, []);
  for (const tab of [1, 2, 3, 4, 5]) assert.ok(h.served.filter((t) => t === tab).length >= 5, `tab ${tab} was served ${h.served.join(',')}`);
});

test('a tab that keeps resending is still served, with its newest snapshot; the older ones are answered at once', async () => {
  const h = harness();
  h.submit(1, 'first'); // starts at once
  const older = [h.submit(2, 'a'), h.submit(2, 'b')];
  const newest = h.submit(2, 'c');
  await settle();
  assert.deepEqual(await Promise.all(older), [{ ok: false, code: 'superseded' }, { ok: false, code: 'superseded' }]);
  await h.finish();
  await h.finish();
  assert.deepEqual(await newest, { ok: true, value: 'c' });
  assert.deepEqual(h.served, [1, 2]);
});

test('resending does not move a tab ahead of one that was waiting', async () => {
  const h = harness();
  h.submit(1, 'x'); // running
  h.submit(2, 'y'); // waiting, never served
  h.submit(3, 'z'); // waiting, never served, came later
  for (let i = 0; i < 10; i += 1) h.submit(3, `z${i}`);
  await h.finish();
  await h.finish();
  await h.finish();
  assert.deepEqual(h.served, [1, 2, 3]);
});

test('a tab that closes or navigates while waiting is answered, and the others are still served', async () => {
  const h = harness();
  h.submit(1, 'running');
  const closing = h.submit(2, 'closing');
  const navigating = h.submit(3, 'navigating');
  h.submit(4, 'stays');
  h.scheduler.close(2, { ok: false, code: 'closed' });
  h.scheduler.cancel(3, { ok: false, code: 'navigated' });
  assert.deepEqual(await closing, { ok: false, code: 'closed' });
  assert.deepEqual(await navigating, { ok: false, code: 'navigated' });
  await h.finish();
  await h.finish();
  assert.deepEqual(h.served, [1, 4]);
  assert.equal(h.running(), null, 'nothing left to run');
  // A navigated tab keeps its turn: sent again, it waits behind a tab not served since.
  h.submit(1, 'again'); // starts at once: nothing else waits
  h.submit(4, 'again');
  h.submit(3, 'again');
  await h.finish();
  await h.finish();
  await h.finish();
  assert.deepEqual(h.served.slice(2), [1, 3, 4]);
});

test('a failing classify call is answered with the failure, and the next tab is still served', async () => {
  const h = harness();
  const failing = h.submit(1, 'breaks');
  const next = h.submit(2, 'fine');
  await h.finish(new Error('the core gave up'));
  assert.deepEqual(await failing, { ok: false, code: 'internal', message: 'the core gave up' });
  await h.finish();
  assert.deepEqual(await next, { ok: true, value: 'fine' });
  // And after a failure with nothing waiting, a later request starts a new run.
  const later = h.submit(1, 'later');
  await h.finish();
  assert.deepEqual(await later, { ok: true, value: 'later' });
});

test('a classify call that throws before it returns a promise is answered too', async () => {
  const scheduler = createScheduler({
    serve: (tabId) => {
      if (tabId === 1) throw new Error('synchronous');
      return Promise.resolve({ ok: true, value: tabId });
    },
    superseded: () => ({ ok: false, code: 'superseded' }),
    failed: (error) => ({ ok: false, code: 'internal', message: error.message }),
    pause: () => Promise.resolve(),
  });
  const answers = await Promise.all([scheduler.submit(1, null), scheduler.submit(2, null)]);
  assert.deepEqual(answers, [{ ok: false, code: 'internal', message: 'synchronous' }, { ok: true, value: 2 }]);
});

test('an answer given early is sent at once, and the next call waits until the call ends', async () => {
  const started = [];
  let endFirst;
  const scheduler = createScheduler({
    serve: (tabId, job, answer) => {
      started.push(tabId);
      answer({ ok: true, value: job });
      return tabId === 1 ? new Promise((resolve) => (endFirst = resolve)) : Promise.resolve('ignored: answered already');
    },
    superseded: () => ({ ok: false, code: 'superseded' }),
    failed: (error) => ({ ok: false, code: 'internal', message: error.message }),
    pause: () => Promise.resolve(),
  });
  const first = scheduler.submit(1, 'first');
  const second = scheduler.submit(2, 'second');
  assert.deepEqual(await first, { ok: true, value: 'first' }, 'answered while its call still runs');
  await settle();
  assert.deepEqual(started, [1], 'the next call has not started');
  endFirst('late value, not sent');
  assert.deepEqual(await second, { ok: true, value: 'second' });
  assert.deepEqual(started, [1, 2]);
});
