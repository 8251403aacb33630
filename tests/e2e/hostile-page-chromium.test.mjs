// The hostile-page suite in real Chromium (tests in hostile-page.mjs), plus what only Chromium can
// drive here: the old content script's cleanup after an update, and the per-mutation cost measured
// with CDP's own task counters (bench/mutation.mjs measures it in both browsers from the page).
// "Scan this page" reads once: scan.mjs, in both browsers.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { suiteFor } from './browsers.mjs';
import { hostilePageTests, sleep } from './hostile-page.mjs';
import { longListTests } from './long-list.mjs';
import { OUT, ROOT, fixture, median } from './support.mjs';

const { driver, options } = suiteFor('chromium', { reset: ['tabs', 'storage'] });
hostilePageTests(test, driver, options);
longListTests(test, driver, options);

test('after the extension is reloaded (an update), the old content script removes its warnings', async () => {
  const fx = fixture('facebook/sessions-en.html');
  await driver.open(fx.url, fx.html, { csp: false });
  await driver.waitForWarnings((list) => list.some((w) => w.role === 'banner'));
  await driver.browser.reloadExtension();
  // Chromium does not inject the new copy into open tabs: whatever is left is the orphan's.
  const left = await driver.waitForWarnings((list) => list.length === 0, 5000).catch(() => null);
  assert.deepEqual(left ?? (await driver.warnings()), [], 'the orphaned script took its warnings away');
});

test('per-mutation cost on a feed page of a supported host, with and without the extension (measured)', async () => {
  const html = readFileSync(join(ROOT, 'tests', 'fixtures', 'hostile', 'page-feed.html'), 'utf8');
  const { browser } = driver;
  const summary = {};
  // A post every 50 ms, and every 500 ms (past the 400 ms debounce, so a watching script re-reads).
  for (const every of [50, 500]) {
    // The same page at Facebook's address (the content script runs there) and at an address no
    // content script matches, alternately in the same browser run.
    const places = { with: `https://www.facebook.com/?every=${every}`, without: `https://feed.example/?every=${every}` };
    // ScriptDuration: main-thread script time of the page's renderer, the content script's included;
    // TaskDuration: all main-thread tasks (layout and paint too).
    const script = { with: [], without: [] };
    const tasks = { with: [], without: [] };
    for (let round = 0; round < 3; round++) {
      for (const [which, url] of Object.entries(places)) {
        const page = await browser.context.newPage();
        await browser.serve(page, url, html, { csp: false });
        const cdp = await browser.context.newCDPSession(page);
        await cdp.send('Performance.enable');
        await sleep(4000); // past document_idle, the gate and its rechecks (1 s, 3 s)
        const metric = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
        const [m0, n0] = [await metric(), await page.evaluate(() => window.mutations)];
        await sleep(8000);
        const [m1, n1] = [await metric(), await page.evaluate(() => window.mutations)];
        script[which].push(((m1.ScriptDuration - m0.ScriptDuration) * 1000) / (n1 - n0));
        tasks[which].push(((m1.TaskDuration - m0.TaskDuration) * 1000) / (n1 - n0));
        await cdp.detach();
        await page.close();
      }
    }
    const ratio = median(script.with) / median(script.without);
    const taskRatio = median(tasks.with) / median(tasks.without);
    summary[`every ${every} ms`] = { scriptMsPerMutation: script, taskMsPerMutation: tasks, ratio, taskRatio };
    console.log(`# chromium, a post every ${every} ms: script time per mutation with the extension ${median(script.with).toFixed(3)} ms, without ${median(script.without).toFixed(3)} ms: ratio ${ratio.toFixed(2)} (all main-thread tasks: ratio ${taskRatio.toFixed(2)})`);
    assert.ok(script.with.every((v) => Number.isFinite(v) && v > 0));
  }
  writeFileSync(join(OUT, 'hostile-mutation-cost-chromium.json'), `${JSON.stringify(summary, null, 2)}\n`);
});
