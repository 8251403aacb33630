// End to end in real Chromium: the built Chrome package loaded unpacked, fixture pages served at the
// platforms' real addresses (request routing) with a strict CSP, and every request audited.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { BUILD, HOST_TAG, OUT, STRICT_CSP, fixture, readWarningsInPage, recordTimings, tabIdForUrlInExtension } from './support.mjs';

const EXTENSION = BUILD('chrome');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium';

let context;
let extensionId;
/** url -> html of the fixture currently served there. */
const served = new Map();
/** Every http(s) request any part of the browser made, the extension's service worker included. */
const requests = [];

before(async () => {
  context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'dlens-chromium-')), {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      `--disable-extensions-except=${EXTENSION}`,
      `--load-extension=${EXTENSION}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
    ],
  });
  context.on('request', (request) => {
    if (/^https?:/.test(request.url())) requests.push(request.url());
  });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('chrome-extension://')) return route.continue();
    const html = served.get(url);
    if (html === undefined) return route.abort('blockedbyclient');
    return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', headers: { 'content-security-policy': STRICT_CSP }, body: html });
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  extensionId = new URL(worker.url()).host;
});

after(async () => {
  await context?.close();
});

/** Opens a fixture at its real address and waits for the extension's warning. */
async function openFixture(relativePath, page) {
  const page_ = page ?? (await context.newPage());
  const fx = fixture(relativePath);
  served.set(fx.url, fx.html);
  await page_.goto(fx.url);
  await page_.waitForSelector(HOST_TAG, { state: 'attached', timeout: 15000 });
  const warnings = await page_.evaluate(readWarningsInPage, HOST_TAG);
  return { page: page_, fx, warnings };
}

test('the warning appears on Facebook\'s "Where you\'re logged in" page despite a strict CSP', async () => {
  const { page, fx, warnings } = await openFixture('facebook/sessions-en.html');
  const texts = warnings.flatMap((w) => w.texts);
  assert.ok(
    texts.includes('Facebook keeps login IP addresses and times. Legal process that reaches it: subpoena, court order. A subpoena needs no judge.'),
    `warning texts in the page: ${JSON.stringify(texts)}`,
  );
  assert.deepEqual(texts, fx.report.findings.map((f) => f.text), 'the page shows exactly what the CLI reports');
  await page.locator(HOST_TAG).first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(OUT, 'chromium-facebook-sessions-en.png') });
  await page.close();
});

test('the popup shows the report of the tab, and the badge counts its warnings', async () => {
  const { page, fx } = await openFixture('facebook/sessions-en.html');
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  const tabId = await popup.evaluate(tabIdForUrlInExtension, fx.url);
  assert.notEqual(tabId, null, 'the background stored a report for the page\'s tab');
  await popup.goto(`chrome-extension://${extensionId}/popup.html?tab=${tabId}`);
  await popup.waitForSelector('#findings');
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
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
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
  const unexpected = requests.filter((url) => !served.has(url));
  assert.deepEqual(unexpected, []);
  assert.ok(requests.length > 0, 'the audit saw the fixture requests');
});
