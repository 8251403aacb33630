// A long list of sessions (issue 10, target 2: no long task on a large page): the markers under its
// rows are drawn in short tasks, the page running between them, and every row still gets its marker.
// Written once, run in both real browsers by the hostile-page suites through browsers.mjs.
import assert from 'node:assert/strict';
import { accountPage } from '../../bench/pages.mjs';

/**
 * Runs in the page, first thing: a heartbeat (a MessageChannel message that posts the next) counts the
 * page's own tasks, and an observer notes, per delivery, how many elements pinned like the warnings'
 * hosts (inline `!important`, docs/hostile-pages.md) were added and how many beats had run by then.
 * One delivery means one task drew every marker.
 */
const WATCH = `<script>
window.drawnBatches = [];
let beats = 0;
const heartbeat = new MessageChannel();
heartbeat.port1.onmessage = () => { beats++; if (!window.stopBeating) heartbeat.port2.postMessage(null); };
heartbeat.port2.postMessage(null);
new MutationObserver((records) => {
  const hosts = records.flatMap((r) => [...r.addedNodes]).filter((n) => n.nodeType === 1 && (n.getAttribute('style') ?? '').includes('!important')).length;
  if (hosts > 0) window.drawnBatches.push({ hosts, beats });
}).observe(document, { childList: true, subtree: true });
</script>`;

export function longListTests(test, driver, options = {}) {
  // Hundreds of warnings drawn and then read back through their shadow roots: slower than the other tests.
  const slow = { ...options, timeout: Math.max(options.timeout ?? 0, 240000) };
  test('the markers of a long list of sessions are drawn in short tasks, each row still marked', slow, async () => {
    const page = accountPage(6000);
    const url = await driver.open(page.url, page.html({ head: WATCH }), { csp: false });
    const report = await driver.report(url, (r) => r.sessions.length > 0);
    const rows = report.sessions.length;
    assert.ok(rows > 200, `${rows} session rows`);
    const markers = (list) => list.filter((w) => w.role === 'marker' && w.rowText !== null && w.setting === null);
    await driver.waitForWarnings((list) => markers(list).length === rows, 180000);
    const batches = await driver.inPage(() => {
      window.stopBeating = true;
      return window.drawnBatches;
    });
    assert.ok(batches.length > 1, `drawn in ${batches.length} task(s): ${JSON.stringify(batches)}`);
    const [first, last] = [batches[0], batches.at(-1)];
    assert.ok(last.beats > first.beats, `the page ran between the first and the last markers (${JSON.stringify(batches)})`);
    assert.equal(batches.reduce((sum, b) => sum + b.hosts, 0) >= rows, true, 'every row got its marker, once');
  });
}
