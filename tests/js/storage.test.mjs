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
