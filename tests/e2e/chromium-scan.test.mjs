// Sites the knowledge base does not list: nothing reads them until the user asks. The toolbar button
// (activeTab) and the popup's "Scan this page" read that one tab; without that click, the extension
// cannot touch the page at all.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchChromium, warnings } from './chromium-harness.mjs';
import { expectedPage, fixture } from './support.mjs';

const UNKNOWN_SESSIONS = 'unknown/active-sessions-en.html';

let browser;
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser?.context.close();
});

/** Opens a fixture on a host outside the knowledge base: no content script runs there. */
async function openUnknownSite(path) {
  const fx = fixture(path);
  browser.served.set(fx.url, fx.html);
  const page = await browser.context.newPage();
  await page.goto(fx.url);
  return { page, fx };
}

test('without a click, the extension neither reads nor can read a site it does not know', async () => {
  const probe = await browser.context.newPage();
  await probe.goto(browser.extensionUrl('options.html'));
  const tabIds = async () => (await probe.evaluate(() => chrome.tabs.query({}))).map((t) => t.id);
  const before = await tabIds();
  const { page, fx } = await openUnknownSite(UNKNOWN_SESSIONS);
  const [tabId] = (await tabIds()).filter((id) => !before.includes(id));
  await page.waitForTimeout(1000); // a declared content script would have reported by now
  const stored = await probe.evaluate(() => chrome.storage.session.get(null));
  assert.equal(Object.values(stored).some((r) => r?.url === fx.url), false, 'no report for the page');
  assert.deepEqual(await warnings(page), []);
  const refused = await probe.evaluate(async (id) => {
    try {
      await chrome.scripting.executeScript({ target: { tabId: id }, func: () => document.title });
      return null;
    } catch (error) {
      return error.message;
    }
  }, tabId);
  assert.match(refused ?? '', /Cannot access/, 'scripting the page without the user\'s click is refused');
  await page.close();
  await probe.close();
});

test('"Scan this page" from the toolbar popup reads the sessions of an unknown site', async () => {
  const { page } = await openUnknownSite(UNKNOWN_SESSIONS);
  const expected = expectedPage(UNKNOWN_SESSIONS);
  const inPopup = await browser.clickToolbarButton(page);
  const waitFor = async (expression) => {
    for (let i = 0; i < 200; i++) {
      if (await inPopup(expression)) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`popup never satisfied ${expression}`);
  };
  await waitFor(`document.querySelector('#scan') !== null`);
  await inPopup(`document.querySelector('#scan').click()`);
  await waitFor(`document.querySelector('#subpoena-view') !== null`);
  const shown = await inPopup(`({
    platform: document.querySelector('#platform').textContent,
    kind: document.querySelector('#page-kind').textContent,
    view: [...document.querySelectorAll('#subpoena-view dd')].map((d) => d.textContent),
  })`);
  assert.equal(shown.platform, 'Not a platform Disclosure Lens knows');
  assert.equal(shown.kind, "Where you're logged in");
  assert.equal(shown.view[0], String(expected.sessions.length), 'the session count of the page');
  assert.equal(shown.view[1], String(new Set(expected.sessions.map((s) => s.ip).filter(Boolean)).size));
  await page.close();
});
