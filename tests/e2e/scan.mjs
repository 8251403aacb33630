// "Scan this page", written once for both browsers (chromium-scan.test.mjs, firefox-scan.test.mjs):
// sites the knowledge base does not list are read only when the user asks. The toolbar button
// (activeTab) and the popup's "Scan this page" read that one tab, once; without that click, the
// extension cannot touch the page at all, and what it read does not outlive the page.
//
// The driver is browsers.mjs's. The toolbar click is, in Chromium, CDP's Extensions.triggerAction
// (chromium-harness.mjs); in Firefox, a WebDriver click on the add-on's button in the browser's own
// window (firefox-toolbar.mjs): both grant activeTab as the user's click does.
import assert from 'node:assert/strict';
import { expectedPage, fixture } from './support.mjs';

const UNKNOWN_SESSIONS = 'unknown/active-sessions-en.html';
/** What each browser says when an extension page's script is refused for lack of host permission. */
const REFUSAL = { chromium: /Cannot access/, firefox: /Missing host permission/ };
/** Opens a fixture in a new tab, made current; returns its address. */
const openUnknown = (driver, fx) => driver.open(fx.url, fx.html);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Clicks the toolbar button and "Scan this page" in the popup that opens; returns the popup's evaluate. */
async function scanFromPopup(driver) {
  const inPopup = await driver.clickToolbarButton();
  await waitInPopup(inPopup, `document.querySelector('#scan') !== null`);
  await inPopup(`document.querySelector('#scan').click()`);
  return inPopup;
}

async function waitInPopup(inPopup, expression) {
  for (let i = 0; i < 200; i++) {
    if (await inPopup(expression)) return;
    await sleep(50);
  }
  throw new Error(`popup never satisfied ${expression}`);
}

export function scanTests(test, driver, options = {}) {
  const t = (name, fn) => test(`${driver.name}: ${name}`, options, fn);

  t('without a click, the extension neither reads nor can read a site it does not know', async () => {
    const before = await driver.tabIds();
    const url = await openUnknown(driver, fixture(UNKNOWN_SESSIONS));
    const [tabId] = (await driver.tabIds()).filter((id) => !before.includes(id));
    assert.ok(Number.isInteger(tabId), 'the new tab is found');
    await sleep(1000); // a declared content script would have reported by now
    assert.equal((await driver.reports()).some((r) => r?.url === url), false, 'no report for the page');
    assert.deepEqual(await driver.warnings(), []);
    assert.match((await driver.scriptTab(tabId)) ?? 'allowed', REFUSAL[driver.name], "scripting the page without the user's click is refused");
  });

  t('"Scan this page" from the toolbar popup reads the sessions of an unknown site', async () => {
    await openUnknown(driver, fixture(UNKNOWN_SESSIONS));
    const expected = expectedPage(UNKNOWN_SESSIONS);
    const inPopup = await scanFromPopup(driver);
    await waitInPopup(inPopup, `document.querySelector('#subpoena-view') !== null`);
    const shown = await inPopup(`({
      platform: document.querySelector('#platform').textContent,
      kind: document.querySelector('#page-kind').textContent,
      view: [...document.querySelectorAll('#subpoena-view dd')].map((d) => d.textContent),
    })`);
    assert.equal(shown.platform, 'Not a platform Disclosure Lens knows');
    assert.equal(shown.kind, "Where you're logged in");
    assert.equal(shown.view[0], String(expected.sessions.length), 'the session count of the page');
    assert.equal(shown.view[1], String(new Set(expected.sessions.map((s) => s.ip).filter(Boolean)).size));
  });

  t('"Scan this page" reads the page once and watches nothing', async () => {
    const fx = fixture(UNKNOWN_SESSIONS);
    const url = await openUnknown(driver, fx);
    await scanFromPopup(driver);
    const rows = expectedPage(UNKNOWN_SESSIONS).sessions.length;
    const first = await driver.report(url, (r) => r.sessions.length === rows);
    // The page changes after the scan: a watching script would read it again within about 2 s
    // (the debounce and its max-wait).
    await driver.inPage(() => {
      const main = document.querySelector('main') ?? document.body;
      main.append(Object.assign(document.createElement('h2'), { textContent: 'Your devices' }));
      [...main.querySelectorAll('li, tr')].at(-1)?.remove();
    });
    await sleep(3000);
    const later = await driver.report(url);
    assert.deepEqual(later.sessions, first.sessions, 'the report is the one read on request, not a re-read');
  });

  t('what a scan read does not outlive its page', async () => {
    const url = await openUnknown(driver, fixture(UNKNOWN_SESSIONS));
    await scanFromPopup(driver);
    await driver.report(url);
    const next = fixture('unknown/active-sessions-en.html');
    const elsewhere = new URL('/somewhere-else', url).href;
    await driver.open(elsewhere, next.html, { sameTab: true });
    await sleep(1000);
    const left = (await driver.reports()).filter((r) => r?.url === url);
    assert.deepEqual(left, [], 'the report of the page left is gone');
    assert.equal((await driver.reports()).some((r) => r?.url === elsewhere), false, 'the new page is not read without a new click');
    // The toolbar popup of the new page offers a scan again: no old report is shown for it.
    const inPopup = await driver.clickToolbarButton();
    await waitInPopup(inPopup, `document.querySelector('#scan') !== null`);
  });
}
