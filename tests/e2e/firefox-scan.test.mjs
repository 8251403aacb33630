// "Scan this page" in real Firefox ESR: the suite in scan.mjs. The toolbar click is a WebDriver click
// on the add-on's button in the browser's own window (firefox-toolbar.mjs), which grants activeTab as
// the user's click does.
import { after, afterEach, before, test } from 'node:test';
import { LAUNCH_TIMEOUT_MS, launchFirefox } from './firefox-harness.mjs';
import { clickToolbarButton } from './firefox-toolbar.mjs';
import { scanTests } from './scan.mjs';

/** A hung browser fails the test instead of stalling the run. */
const TEST_TIMEOUT_MS = 60000;

let firefox;
before(async () => {
  firefox = await launchFirefox();
}, { timeout: LAUNCH_TIMEOUT_MS });
after(async () => {
  await firefox?.close();
});
afterEach(async () => {
  await firefox.closeOtherTabs();
}, { timeout: TEST_TIMEOUT_MS });

scanTests(
  test,
  {
    name: 'firefox',
    refusal: /Missing host permission/,
    async openUnknown(fx) {
      await firefox.openTab();
      return firefox.serve(fx.url, fx.html);
    },
    navigate: (url, html) => firefox.serve(url, html),
    tabIds: () =>
      firefox.inExtensionPage(async () => {
        const own = await browser.tabs.getCurrent();
        return (await browser.tabs.query({})).map((t) => t.id).filter((id) => id !== own.id);
      }),
    scriptTab: (tabId) =>
      firefox.inExtensionPage(async (id) => {
        try {
          await browser.scripting.executeScript({ target: { tabId: id }, func: () => document.title });
          return null;
        } catch (error) {
          return error.message;
        }
      }, tabId),
    clickToolbarButton: () => clickToolbarButton(firefox),
    inPage: (fn, arg) => firefox.session.execute(fn, arg),
    reports: () => firefox.inExtensionPage(async () => Object.values(await browser.storage.session.get(null))),
    report: (url, accept, timeoutMs) => firefox.waitForReport(url, accept, timeoutMs),
    warnings: () => firefox.warnings(),
  },
  { timeout: TEST_TIMEOUT_MS },
);
