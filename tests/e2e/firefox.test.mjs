// End to end in real Firefox ESR through geckodriver: the built Firefox package installed as a temporary
// add-on, fixture pages served at the platforms' real addresses (DNS forced to a loopback HTTPS server
// with a self-signed certificate) with a strict CSP, and every request audited (firefox-harness.mjs).
//
// The twin of chromium.test.mjs.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { LAUNCH_TIMEOUT_MS, launchFirefox } from './firefox-harness.mjs';
import { OUT, recordTimings } from './support.mjs';

/** A hung browser fails the test instead of stalling the run. */
const TEST_TIMEOUT_MS = 30000;

let firefox;
let session;

before(async () => {
  firefox = await launchFirefox();
  ({ session } = firefox);
}, { timeout: LAUNCH_TIMEOUT_MS });

after(async () => {
  await firefox?.close();
});

const openTab = () => firefox.openTab();
const closeTab = (handle) => firefox.closeTab(handle);
const openFixture = (relativePath) => firefox.openFixture(relativePath);
const backgroundState = (options) => firefox.backgroundState(options);

test('the warning appears on Facebook\'s "Where you\'re logged in" page despite a strict CSP', { timeout: TEST_TIMEOUT_MS }, async () => {
  const tab = await openTab();
  try {
    const { fx, warnings } = await openFixture('facebook/sessions-en.html');
    const texts = warnings.flatMap((w) => w.texts);
    assert.ok(
      texts.includes('Facebook keeps login IP addresses and times. Legal processes that reach this record: subpoena, court order. Needs no judge: subpoena.'),
      `warning texts in the page: ${JSON.stringify(texts)}`,
    );
    assert.deepEqual(texts, fx.report.findings.map((f) => f.text), 'the page shows exactly what the CLI reports');
    await firefox.scrollToWarning();
    await session.screenshot(join(OUT, 'firefox-facebook-sessions-en.png'));
  } finally {
    await closeTab(tab);
  }
});

test('the popup shows the report of the tab, and the badge counts its warnings', { timeout: TEST_TIMEOUT_MS }, async () => {
  const page = await openTab();
  let popup;
  try {
    const { fx, url } = await openFixture('facebook/sessions-en.html');
    let tabId;
    ({ handle: popup, tabId } = await firefox.openPopup(url));
    assert.deepEqual(await session.texts('#platform'), ['Facebook']);
    assert.deepEqual(await session.texts('#findings li p'), fx.report.findings.map((f) => f.text));
    const badge = await session.executeAsync((id) => (globalThis.browser ?? globalThis.chrome).action.getBadgeText({ tabId: id }), tabId);
    assert.equal(badge, String(fx.report.findings.length));
    const { width, height } = await session.windowRect();
    await session.setWindowRect({ width: 420, height: 480 });
    await session.screenshot(join(OUT, 'firefox-popup.png'));
    await session.setWindowRect({ width, height });
  } finally {
    if (popup) await closeTab(popup);
    await closeTab(page);
  }
});

test('after the background script is stopped, the next page is still classified', { timeout: TEST_TIMEOUT_MS }, async () => {
  assert.equal(await backgroundState({ stop: true }), 'stopped');
  const tab = await openTab();
  try {
    // The same address as the English page: the server now answers it with the Spanish one.
    const { warnings, fx } = await openFixture('facebook/sessions-es.html');
    const texts = warnings.flatMap((w) => w.texts);
    assert.deepEqual(texts, fx.report.findings.map((f) => f.text));
    assert.match(texts[0], /^Facebook guarda /);
    assert.equal(await backgroundState(), 'running', 'the background runs again');
  } finally {
    await closeTab(tab);
  }
});

test('time from navigation to warning (in-page, ms since navigation start)', { timeout: 2 * TEST_TIMEOUT_MS }, async () => {
  const times = [];
  for (let run = 0; run < 7; run++) {
    const tab = await openTab();
    try {
      const { warnings } = await openFixture('facebook/sessions-en.html');
      times.push(Math.min(...warnings.map((w) => w.renderedAt)));
    } finally {
      await closeTab(tab);
    }
  }
  assert.ok(times.every((t) => Number.isFinite(t) && t > 0), `times: ${times}`);
  recordTimings('firefox', 'navigation to warning', times);
});

test('no request left the browser except to the fixture pages', { timeout: TEST_TIMEOUT_MS }, async () => {
  const { requests, served, escaped } = firefox;
  const unexpected = requests.filter((url) => !served.has(url));
  assert.deepEqual(unexpected, [], 'the fixture server got only fixture requests');
  assert.deepEqual(escaped, [], 'nothing else was reached');
  assert.ok(requests.length > 0, 'the audit saw the fixture requests');
  // The audit can see: a request to any other address lands in the audit proxy's log.
  await session.navigate('https://tracker.example/pixel').catch(() => {});
  assert.deepEqual(escaped, ['CONNECT tracker.example:443']);
});
