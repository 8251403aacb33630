// End to end in real Chromium: the built Chrome package loaded unpacked, fixture pages served at the
// platforms' real addresses (request routing) with a strict CSP, and every request audited.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { launchChromium, scrollToWarning } from './chromium-harness.mjs';
import { OUT, recordTimings } from './support.mjs';

let browser;
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser?.context.close();
});
const openFixture = (...args) => browser.openFixture(...args);
test('the warning appears on Facebook\'s "Where you\'re logged in" page despite a strict CSP', async () => {
  const { page, fx, warnings } = await openFixture('facebook/sessions-en.html');
  const texts = warnings.flatMap((w) => w.texts);
  assert.ok(
    texts.includes('Facebook keeps login IP addresses and times. Legal processes that reach this record: subpoena, court order. Needs no judge: subpoena.'),
    `warning texts in the page: ${JSON.stringify(texts)}`,
  );
  assert.deepEqual(texts, fx.report.findings.map((f) => f.text), 'the page shows exactly what the CLI reports');
  await scrollToWarning(page);
  await page.screenshot({ path: join(OUT, 'chromium-facebook-sessions-en.png') });
  await page.close();
});

test('the popup shows the report of the tab, and the badge counts its warnings', async () => {
  const { page, fx } = await openFixture('facebook/sessions-en.html');
  const { popup, tabId } = await browser.openPopup(fx.url);
  assert.equal(await popup.textContent('#platform'), 'Facebook');
  const shown = await popup.$$eval('#findings li p', (ps) => ps.map((p) => p.textContent));
  assert.deepEqual(shown, fx.report.findings.map((f) => f.text));
  const badge = await popup.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId);
  assert.equal(badge, String(fx.report.findings.length));
  await popup.setViewportSize({ width: 420, height: 480 });
  await popup.screenshot({ path: join(OUT, 'chromium-popup.png') });
  await popup.close();
  await page.close();
});

test('after the service worker is stopped, the next page is still classified', async () => {
  const page = await browser.context.newPage();
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  const { warnings, fx } = await openFixture('facebook/sessions-es.html', page);
  const texts = warnings.flatMap((w) => w.texts);
  assert.deepEqual(texts, fx.report.findings.map((f) => f.text));
  assert.match(texts[0], /^Facebook guarda /);
  await page.close();
});

test('time from navigation to warning (in-page, ms since navigation start)', async () => {
  const times = [];
  for (let run = 0; run < 7; run++) {
    const { page, warnings } = await openFixture('facebook/sessions-en.html');
    times.push(Math.min(...warnings.map((w) => w.renderedAt)));
    await page.close();
  }
  assert.ok(times.every((t) => Number.isFinite(t) && t > 0));
  recordTimings('chromium', 'navigation to warning', times);
});

test('no request left the browser except to the fixture pages', () => {
  const unexpected = browser.requests.filter((url) => !browser.served.has(url));
  assert.deepEqual(unexpected, []);
  assert.ok(browser.requests.length > 0, 'the audit saw the fixture requests');
});
