// The stored state is checked before use: sound data is kept, unreadable data is reported and
// replaced, data from a newer version is left alone. (Reading and writing real storage, with the
// backup, is tested in the browser: tests/e2e.)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import '../../extension/storage.js';

const Storage = globalThis.DisclosureLensStorage;

test('nothing stored yet gives the defaults and no problem', () => {
  assert.deepEqual(Storage.normalize(undefined), { state: Storage.defaults(), problem: null, readOnly: false });
});

test('a sound state is kept as it is', () => {
  const state = Storage.defaults();
  state.checklist.facebook = { 'review-sessions': '2026-11-29' };
  state.dismissed.push('facebook.login_ip_log');
  state.settings.language = 'es';
  assert.deepEqual(Storage.normalize(state), { state, problem: null, readOnly: false });
});

test('unreadable states are reported and replaced by the defaults', () => {
  const broken = [
    null,
    'garbage',
    [],
    { version: '1' },
    { ...Storage.defaults(), settings: { language: 42, jurisdiction: 'US', disabledPlatforms: [] } },
    { ...Storage.defaults(), checklist: { facebook: { step: 42 } } },
    { ...Storage.defaults(), dismissed: 'all' },
    { ...Storage.defaults(), version: 0 },
  ];
  for (const raw of broken) {
    const result = Storage.normalize(raw);
    assert.equal(result.problem, 'unreadable', JSON.stringify(raw));
    assert.deepEqual(result.state, Storage.defaults());
    assert.equal(result.readOnly, false);
  }
});

test('a state from a newer version is not used and must not be overwritten', () => {
  const result = Storage.normalize({ version: Storage.VERSION + 1, anything: true });
  assert.equal(result.problem, 'newer_version');
  assert.equal(result.readOnly, true);
});

/** A storage area in memory that counts its reads; `gate` (a promise) holds the next read until it settles. */
function countingArea(initial) {
  const data = { ...initial };
  const area = {
    reads: 0,
    gate: null,
    async get(keys) {
      area.reads++;
      const snapshot = structuredClone(data);
      if (area.gate) await area.gate;
      return Object.fromEntries(keys.filter((k) => k in snapshot).map((k) => [k, snapshot[k]]));
    },
    async set(values) {
      Object.assign(data, structuredClone(values));
    },
  };
  return area;
}

test('the kept loader reads storage once, and again only after forget()', async () => {
  const area = countingArea({ [Storage.KEY]: Storage.defaults() });
  const kept = Storage.keptLoader(area);
  assert.equal((await kept.load()).state.settings.language, 'auto');
  await kept.load();
  await kept.load();
  assert.equal(area.reads, 1, 'one read for three loads');
  const changed = Storage.defaults();
  changed.settings.language = 'es';
  await area.set({ [Storage.KEY]: changed });
  assert.equal((await kept.load()).state.settings.language, 'auto', 'kept until told of the change');
  kept.forget();
  assert.equal((await kept.load()).state.settings.language, 'es');
  assert.equal(area.reads, 2);
});

test('a read under way when the state changes is not kept', async () => {
  const area = countingArea({ [Storage.KEY]: Storage.defaults() });
  const kept = Storage.keptLoader(area);
  let release;
  area.gate = new Promise((resolve) => {
    release = resolve;
  });
  const early = kept.load();
  const changed = Storage.defaults();
  changed.silencedSites.push('www.facebook.com');
  await area.set({ [Storage.KEY]: changed });
  kept.forget();
  area.gate = null;
  release();
  assert.deepEqual((await early).state.silencedSites, [], 'the early read saw the old state');
  assert.deepEqual((await kept.load()).state.silencedSites, ['www.facebook.com'], 'the next load reads again');
});

test('a read that failed is not kept: the next load reads again', async () => {
  let failing = true;
  const area = {
    get: async () => ({ [Storage.KEY]: 'not a state' }),
    set: async () => {
      if (failing) throw new Error('QuotaExceededError');
    },
  };
  const kept = Storage.keptLoader(area);
  await assert.rejects(kept.load(), /Quota/);
  failing = false;
  assert.equal((await kept.load()).problem, 'unreadable', 'read again, not the kept failure');
});

test('a kept loader of a fresh start (a restarted background) reads what is stored now', async () => {
  const area = countingArea({ [Storage.KEY]: Storage.defaults() });
  await Storage.keptLoader(area).load();
  const changed = Storage.defaults();
  changed.settings.jurisdiction = 'EU';
  await area.set({ [Storage.KEY]: changed });
  assert.equal((await Storage.keptLoader(area).load()).state.settings.jurisdiction, 'EU');
});
