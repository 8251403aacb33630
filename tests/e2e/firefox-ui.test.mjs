// What the user sees, in real Firefox ESR: markers beside the right rows, the banner's figures, a
// dismissal remembered across a reload, the checklist kept across an add-on update, the language
// switch, a hostile page shown as text, and screenshots in both languages. The twin of
// chromium-ui.test.mjs, on firefox-harness.mjs.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, afterEach, before, test } from 'node:test';
import { LAUNCH_TIMEOUT_MS, POLL_MS, launchFirefox } from './firefox-harness.mjs';
import { OUT, distinct, expectedPage } from './support.mjs';
import { KEY } from './webdriver.mjs';

/** A hung browser fails the test instead of stalling the run. */
const TEST_TIMEOUT_MS = 30000;
/** The toolbar popup's width, for the popup screenshots (pages.css: 360 to 440 px). */
const POPUP_WIDTH = 420;

let firefox;
let session;

before(async () => {
  firefox = await launchFirefox();
  ({ session } = firefox);
}, { timeout: LAUNCH_TIMEOUT_MS });

after(async () => {
  await firefox?.close();
});

// Every test starts from a fresh state: one blank tab, no dismissals, no progress, default settings.
afterEach(async () => {
  await firefox.closeOtherTabs();
  await firefox.resetStorage();
}, { timeout: TEST_TIMEOUT_MS });

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The ids of the findings the warnings show, in order. */
const findingsIn = (list) => list.flatMap((w) => w.findings);

/** How many markers sit on rows. */
const markerCount = (list) => list.filter((w) => w.role === 'marker').length;

/** Scrolls the banner with the subpoena view (else the first warning) to the middle of the viewport. */
const scrollWarningIntoView = async () =>
  (await firefox.inWarnings((root) => root.querySelector('.view') !== null && (root.host.scrollIntoView({ block: 'center' }), true))).some(Boolean) || firefox.scrollToWarning();

/** A PNG of the whole popup (current tab) at the toolbar popup's width. */
async function popupScreenshot(name) {
  const { width, height } = await session.windowRect();
  await session.setWindowRect({ width: POPUP_WIDTH, height });
  try {
    await session.fullPageScreenshot(join(OUT, name));
  } finally {
    await session.setWindowRect({ width, height });
  }
}

for (const fixturePath of ['facebook/sessions-en.html', 'x/access-history-en.html']) {
  test(`markers sit on every session row and the banner counts what ${fixturePath} shows`, { timeout: TEST_TIMEOUT_MS }, async () => {
    const expected = expectedPage(fixturePath);
    await firefox.openTab();
    await firefox.openFixture(fixturePath);
    const ui = await firefox.warnings();
    const markers = ui.filter((h) => h.role === 'marker');
    assert.equal(markers.length, expected.sessions.length, 'one marker per session row');
    for (const [i, row] of expected.sessions.entries()) {
      assert.ok(markers[i].rowText.includes(row.device) && markers[i].rowText.includes(row.time), `marker ${i} follows the row of ${row.device}, ${row.time}`);
    }
    const banner = ui.find((h) => Object.keys(h.view).length > 0);
    assert.ok(banner, 'a banner with the subpoena view');
    assert.equal(banner.role, 'banner');
    // A count of zero says the page does not show it, and that the platform may keep it all the same.
    const shown = (n) => (n > 0 ? String(n) : 'not shown on this page, which does not mean the platform does not keep them');
    assert.equal(banner.view.Sessions, shown(expected.sessions.length));
    assert.equal(banner.view['IP addresses'], shown(distinct(expected.sessions.map((s) => s.ip))));
    assert.equal(banner.view.Places, shown(distinct(expected.sessions.map((s) => s.location))));
    assert.equal(banner.view.Devices, shown(distinct(expected.sessions.map((s) => s.device))));
    if (fixturePath === 'facebook/sessions-en.html') {
      await scrollWarningIntoView();
      await session.screenshot(join(OUT, 'firefox-page-en.png'));
    }
  });
}

// Google's device list: two warnings, so that after the reload the one left shows when rendering is
// done (on a page whose only warning is dismissed, nothing would tell "dismissed" from "not yet drawn").
test('a dismissed warning stays dismissed after a reload; the others stay', { timeout: TEST_TIMEOUT_MS }, async () => {
  const DISMISSED = 'google.login_ip_log';
  await firefox.openTab();
  const { url } = await firefox.openFixture('google/devices-en.html');
  const shown = await firefox.warnings();
  const before = findingsIn(shown);
  assert.ok(before.includes(DISMISSED) && before.length > 1, `findings in the page: ${before}`);
  assert.ok(markerCount(shown) > 0, 'the session rows have markers');
  // A real click on the button inside the (closed) shadow root.
  await firefox.clickInWarning(`[data-finding="${DISMISSED}"] button.dismiss`);
  await firefox.waitForWarnings((list) => !findingsIn(list).includes(DISMISSED));

  await session.refresh();
  const report = await firefox.waitForReport(url);
  assert.ok(report.findings.some((f) => f.id === DISMISSED), 'the page is still found to have it: only the warning is hidden');
  // The content script renders what the background answered in one go: once a warning is back, all are.
  const after = await firefox.waitForWarnings();
  assert.deepEqual(findingsIn(after), before.filter((id) => id !== DISMISSED));
  assert.equal(markerCount(after), 0, 'its row markers went with it');
});

test('the checklist works by keyboard alone and survives an add-on update', { timeout: TEST_TIMEOUT_MS }, async () => {
  const page = await firefox.openTab();
  const { url } = await firefox.openFixture('facebook/sessions-en.html');
  await firefox.openPopup(url);
  const { stepId, boxId } = await session.execute(() => {
    const box = document.querySelector('#checklist input[type=checkbox]');
    return { stepId: box.dataset.step, boxId: box.id };
  });
  const focusedId = () => session.execute(() => document.activeElement?.id ?? null);
  // Tab from the top of the page to the collapsed checklist, open it with Enter, Tab to its first box, then press Space.
  for (let i = 0; i < 40 && (await focusedId()) !== 'checklist-heading'; i++) await session.pressKeys(KEY.TAB);
  await session.pressKeys(KEY.ENTER);
  for (let i = 0; i < 10 && (await focusedId()) !== boxId; i++) await session.pressKeys(KEY.TAB);
  assert.equal(await focusedId(), boxId, 'the checklist is reachable with Tab');
  await session.pressKeys(KEY.SPACE);
  await firefox.waitFor(
    (id) => browser.storage.local.get('state').then(({ state }) => Boolean(state?.checklist?.facebook?.[id])),
    [stepId],
  );
  const progress = await firefox.waitFor(() => {
    const text = document.querySelector('#checklist .progress span')?.textContent ?? '';
    return /^1 of \d+ done$/.test(text) && text;
  });
  assert.match(progress, /^1 of \d+ done$/);
  assert.equal(await focusedId(), boxId, 'focus stays on the box after the checklist re-renders');
  await popupScreenshot('firefox-popup-en.png');

  // Install the add-on again from the same directory, as an update would. storage.session, which
  // Firefox empties when an add-on restarts, carries a probe to show the restart really happened.
  await firefox.inExtensionPage(() => browser.storage.session.set({ 'probe:before-update': true }));
  await firefox.reinstallAddon();
  assert.deepEqual(await firefox.inExtensionPage(() => browser.storage.session.get('probe:before-update')), {}, 'the add-on restarted');

  await session.switchTo(page);
  await firefox.openFixture('facebook/sessions-en.html');
  await firefox.openPopup(url);
  const kept = await session.execute((id) => document.querySelector(`#checklist input[data-step="${id}"]`)?.checked, stepId);
  assert.equal(kept, true, 'kept across an update');
  assert.match(await session.execute(() => document.querySelector('#checklist .progress span').textContent), /^1 of \d+ done$/);
});

test('switching the language in the options applies to an open page without a reload', { timeout: TEST_TIMEOUT_MS }, async () => {
  const page = await firefox.openTab();
  const { url } = await firefox.openFixture('facebook/sessions-en.html');
  const renderedAt = (await firefox.warnings())[0].renderedAt;
  const navigationStart = await session.execute(() => performance.timeOrigin);

  await firefox.openTab();
  await session.navigate(firefox.extensionUrl('options.html'));
  // The change listener is added in the same task that fills the platform switches.
  await firefox.waitFor(() => document.querySelector('#platforms input') !== null);
  await session.clickOn('#language option[value="es"]');
  await firefox.waitFor(() => document.getElementById('saved').textContent === 'Guardado.');

  await session.switchTo(page);
  const ui = await firefox.waitForWarnings((list) => list.some((h) => /Facebook guarda/.test(h.text)));
  assert.ok(ui.some((h) => h.text.includes('¿Por qué veo esto?')), 'the buttons too are in Spanish');
  assert.ok(!ui.some((h) => /Facebook keeps|Why am I seeing this/.test(h.text)), 'nothing is left in English');
  assert.equal(await session.execute(() => performance.timeOrigin), navigationStart, 'the page was not reloaded');
  assert.notEqual(ui[0].renderedAt, renderedAt, 'the warnings were rendered again');
  await scrollWarningIntoView();
  await session.screenshot(join(OUT, 'firefox-page-es.png'));

  await firefox.openPopup(url);
  assert.deepEqual(await session.texts('#tab-heading'), ['Esta página']);
  assert.equal(await session.execute(() => document.documentElement.lang), 'es');
  assert.equal(await session.execute(() => document.getElementById('checklist').hidden), false, 'the checklist is shown');
  await popupScreenshot('firefox-popup-es.png');
});

test('a hostile page: markup and script in session texts are shown as text only', { timeout: TEST_TIMEOUT_MS }, async () => {
  await firefox.openTab();
  const requestsBefore = firefox.requests.length;
  // Served without a CSP: if the add-on ever made elements from page text, the page would load and run them.
  const { url } = await firefox.openFixture('hostile/sessions-markup-en.html', { csp: null });
  const ui = await firefox.warnings();
  assert.ok(ui.length > 0, 'the warnings are shown');
  assert.equal(ui.reduce((n, h) => n + h.markupInside, 0), 0, 'no element made from page text');
  const span = ui.map((h) => h.view['Time span']).find(Boolean);
  assert.ok(span?.includes('<img src=x onerror=alert(3)>'), `the time shown as text: ${span}`);
  // An <img src=x> made from the text would have asked the server for /x and, failing, run its onerror.
  await sleep(250);
  assert.deepEqual(firefox.requests.slice(requestsBefore), [url], 'the page itself was the only request');
  assert.equal(await session.alertText(), null, 'no dialog opened');

  // The check can see a dialog when there is one.
  await session.execute(() => setTimeout(() => alert('probe'), 0));
  let probe = null;
  for (let i = 0; i < 100 && probe === null; i++) {
    probe = await session.alertText();
    if (probe === null) await sleep(POLL_MS);
  }
  assert.equal(probe, 'probe');
  await session.dismissAlert();
});
