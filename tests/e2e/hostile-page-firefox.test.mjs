// The hostile-page suite in real Firefox ESR (tests in hostile-page.mjs). "Scan this page" and the
// per-mutation cost are measured in Chromium only (hostile-page-chromium.test.mjs), for now:
// - "Scan this page" on a site outside the knowledge base injects with scripting.executeScript,
//   which needs activeTab there (the add-on has no other permission for that origin), and Firefox
//   grants activeTab only on the user's click on the toolbar button, which is browser chrome, not a
//   page WebDriver can click. An extension page making the popup's executeScript call has neither
//   host permission nor activeTab for that tab (not tried: Firefox's documented rule). What could do it: the harness already runs code in the chrome context
//   (firefox-harness.mjs, backgroundStateInChrome); clicking the add-on's toolbar widget there, or the
//   Extension's tabManager.addActiveTabPermission(tab) that the click calls, then the popup. Not
//   written yet.
// - The per-mutation cost in Chromium is CDP's Performance.getMetrics (ScriptDuration, TaskDuration)
//   of the page's renderer; WebDriver has no such counter for Firefox, and a page-side heartbeat
//   would measure something else (the longest gap, not the total script time).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, test } from 'node:test';
import { EXTENSION, LAUNCH_TIMEOUT_MS, launchFirefox } from './firefox-harness.mjs';
import { hostilePageTests } from './hostile-page.mjs';
import { longListTests } from './long-list.mjs';
import { tabIdForUrlInExtension } from './support.mjs';

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
  await firefox.resetStorage();
}, { timeout: TEST_TIMEOUT_MS });

const driver = {
  name: 'firefox',
  extractor: ['protocol.js', 'extract.js'].map((f) => readFileSync(join(EXTENSION, f), 'utf8')).join('\n'),
  async open(url, html) {
    await firefox.openTab();
    return firefox.serve(url, html, { csp: null });
  },
  warnings: () => firefox.warnings(),
  waitForWarnings: (predicate, timeoutMs) => firefox.waitForWarnings(predicate, timeoutMs),
  inPage: (fn, arg) => firefox.session.execute(fn, arg),
  report: (url, accept, timeoutMs) => firefox.waitForReport(url, accept, timeoutMs),
  reports: () => firefox.inExtensionPage(async () => Object.values(await browser.storage.session.get(null))),
  userState: () => firefox.inExtensionPage(async () => (await browser.storage.local.get('state')).state ?? { dismissed: [], silencedSites: [] }),
  badge: (url) =>
    firefox.inExtensionPage(
      async (find, u) => browser.action.getBadgeText({ tabId: await new Function(`return (${find})`)()(u) }), // eslint-disable-line no-new-func
      tabIdForUrlInExtension.toString(),
      url,
    ),
};

hostilePageTests(test, driver, { timeout: TEST_TIMEOUT_MS });
longListTests(test, driver, { timeout: TEST_TIMEOUT_MS });
