// The counts of what a page shows (extension/protocol.js `shownCounts`), which the in-page banner and
// the popup both list: the same rows in the same order, and a zero worded as "not shown on this page",
// never as 0 (which would read as "the platform keeps none").
import assert from 'node:assert/strict';
import { test } from 'node:test';
import '../../extension/protocol.js';

const { shownCounts } = globalThis.DisclosureLens;
const t = (key) => `<${key}>`;

test('the four counts, in order, each labelled', () => {
  assert.deepEqual(shownCounts(t, { sessions: 3, ips: 2, places: 1, devices: 4, span: 'ignored here' }), [
    ['<viewSessions>', '3'],
    ['<viewIps>', '2'],
    ['<viewPlaces>', '1'],
    ['<viewDevices>', '4'],
  ]);
});

test('a zero says the page does not show it', () => {
  assert.deepEqual(
    shownCounts(t, { sessions: 5, ips: 0, places: 0, devices: 1 }).map(([, value]) => value),
    ['5', '<viewNotShownHere>', '<viewNotShownHere>', '1'],
  );
});
