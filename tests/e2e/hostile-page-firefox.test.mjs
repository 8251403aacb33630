// The hostile-page suite in real Firefox ESR (tests in hostile-page.mjs). "Scan this page" reads once
// and does not outlive its page: scan.mjs, run here by firefox-scan.test.mjs (the toolbar button is
// clicked in the browser's own window: firefox-toolbar.mjs). The per-mutation cost is measured in
// both browsers from the page by bench/mutation.mjs (`make bench-mutation`); the Chromium suite also
// reads CDP's task counters, which WebDriver has no equivalent of.
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
