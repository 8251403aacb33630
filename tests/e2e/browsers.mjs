// One driver over the two harnesses (chromium-harness.mjs: Playwright and CDP; firefox-harness.mjs:
// WebDriver and geckodriver), so that a suite is written once (X.mjs) and run in each browser by a
// wrapper of a few lines (X-chromium.test.mjs, X-firefox.test.mjs): `suite(test, await launch(kind))`.
//
// The driver has one current tab, as a person looking at the screen does: `open`, `openFixture`,
// `openExtensionPage` and `openPopup` open a new tab and make it current; everything else acts on it.
//
//   name                         'chromium' or 'firefox'
//   open(url, html, { csp, sameTab }) -> url   serves html at url (strict CSP unless csp: false); the
//                                address the browser shows (Firefox adds the fixture server's port)
//   openFixture(path, { csp })   -> { fx, url, warnings }: a fixture at its real address, once warned
//   navigate(url)                goes to any address in the current tab (errors ignored: for the audit)
//   currentTab() -> tab, switchTo(tab)  the current tab, and making a tab current again
//   warnings(), waitForWarnings(predicate, ms), inWarnings(fn, ...args), scrollToWarning()
//   inPage(fn, arg)              fn(arg) in the current tab (may be async, may be its source); its JSON result
//   waitInPage(fn, arg, ms)      polls fn(arg) in the current tab until truthy; its value
//   press(key), pressTab()       a real key press: 'Tab', 'Enter' or 'Space'
//   click(selector)              a real click on the first element matching selector
//   clickInWarning(selector), focusInWarning(selector)  the same inside the first warning that has it
//   select(selector, value)      chooses an <option> as a user would
//   reload()                     reloads the current tab
//   dialog()                     the text of a dialog (alert…) the current tab opened, dismissed; or null
//   screenshot(path, { width, height, fullPage })  the current tab's viewport (or whole page), at
//                                that size when given (the other side kept), put back after
//   atSize({ width, height }, fn) fn() with the current tab at that size (Firefox: its window), put back after
//   axe(include) -> { violations: ["id (nodes) help: target"], passes }  axe-core in the current tab
//   extensionUrl(path), openExtensionPage(path), openPopup(url) -> { tabId }
//   report(url, accept, ms), inExtensionPage(fn, arg)
//   stopBackground() -> state after, backgroundState() -> 'running' | 'stopped'
//   update()                     loads the extension again from disk, as an update would (its pages close)
//   restart()                    Chromium only: restarts the browser on the same profile (geckodriver
//                                deletes a Firefox profile when its session ends)
//   requests()                   every request the audit saw
//   unexpectedRequests()         every request that was not for a served fixture page
//   closeTab(), resetTabs() (all but a blank one), resetStorage(), close()
import AxeBuilder from '@axe-core/playwright';
import { join } from 'node:path';
import { clickInWarning, focusInWarning, inWarnings as chromiumInWarnings, launchChromium, scrollToWarning, waitForWarnings, warnings } from './chromium-harness.mjs';
import { LAUNCH_TIMEOUT_MS, POLL_MS, axe, launchFirefox } from './firefox-harness.mjs';
import { BUILD, STRICT_CSP } from './support.mjs';
import { KEY } from './webdriver.mjs';

/** How long a launch may take: Firefox's start is slow on a busy machine; a hung one still fails. */
export { LAUNCH_TIMEOUT_MS };

/** The extension directory each browser loads. */
export const PACKAGE = { chromium: BUILD('chrome'), firefox: BUILD('firefox') };

export function launch(kind) {
  if (kind === 'chromium') return chromiumDriver();
  if (kind === 'firefox') return firefoxDriver();
  throw new Error(`no driver for ${kind}`);
}

/** The keys `press` knows, by their names in Playwright and in WebDriver. */
const KEYS = { Tab: KEY.TAB, Enter: KEY.ENTER, Space: KEY.SPACE };

async function chromiumDriver() {
  let browser = await launchChromium();
  let page;
  /** Dialogs the pages opened, dismissed at once (Chromium would otherwise wait for an answer). */
  const dialogs = [];
  const newPage = async () => {
    page = await browser.context.newPage();
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      dialog.dismiss();
    });
    return page;
  };
  return {
    name: 'chromium',
    browser, // the one launched: restart() makes another
    async open(url, html, { csp = true, sameTab = false } = {}) {
      if (!sameTab || !page) await newPage();
      await browser.serve(page, url, html, { csp });
      return url;
    },
    async openFixture(path, { csp = true } = {}) {
      const opened = await browser.openFixture(path, await newPage(), { csp });
      return { ...opened, url: opened.fx.url };
    },
    navigate: async (url) => (page ?? (await newPage())).goto(url).catch(() => {}),
    currentTab: () => page,
    async switchTo(tab) {
      page = tab;
      await page.bringToFront();
    },
    warnings: () => warnings(page),
    waitForWarnings: (predicate, timeoutMs) => waitForWarnings(page, predicate, timeoutMs),
    inWarnings: (fn, ...args) => chromiumInWarnings(page, fn, ...args),
    scrollToWarning: () => scrollToWarning(page),
    // A function's source (a string) runs as that function, as WebDriver runs it in Firefox.
    inPage: (fn, arg) => (typeof fn === 'string' ? page.evaluate(`(${fn})(${JSON.stringify(arg ?? null)})`) : page.evaluate(fn, arg)),
    waitInPage: async (fn, arg, timeoutMs = 10000) => (await page.waitForFunction(fn, arg, { timeout: timeoutMs, polling: POLL_MS })).jsonValue(),
    press: (key) => page.keyboard.press(key),
    pressTab: () => page.keyboard.press('Tab'),
    click: (selector) => page.click(selector),
    clickInWarning: (selector) => clickInWarning(page, selector),
    focusInWarning: (selector) => focusInWarning(page, selector),
    select: (selector, value) => page.selectOption(selector, value),
    reload: () => page.reload(),
    dialog: async () => {
      // A dialog event reaches the test a moment after the page opened it.
      for (let i = 0; i < 20 && dialogs.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      return dialogs.shift() ?? null;
    },
    async atSize({ width, height }, fn) {
      const before = page.viewportSize();
      await page.setViewportSize({ width: width ?? before.width, height: height ?? before.height });
      try {
        return await fn();
      } finally {
        await page.setViewportSize(before);
      }
    },
    screenshot(path, { width, height, fullPage = false } = {}) {
      const take = () => page.screenshot({ path, fullPage });
      return width || height ? this.atSize({ width, height }, take) : take();
    },
    async axe(include = null) {
      const builder = new AxeBuilder({ page });
      const result = await (include ? builder.include(include) : builder).analyze();
      return { violations: result.violations.map((v) => `${v.id} (${v.nodes.length}) ${v.help}: ${v.nodes[0]?.target}`), passes: result.passes.length };
    },
    extensionUrl: (path) => browser.extensionUrl(path),
    async openExtensionPage(path) {
      await newPage();
      await page.goto(browser.extensionUrl(path));
    },
    async openPopup(url) {
      const { popup, tabId } = await browser.openPopup(url);
      page = popup;
      return { tabId };
    },
    report: (url, accept, timeoutMs) => browser.waitForReport(url, accept, timeoutMs),
    inExtensionPage: (fn, arg) => browser.inExtensionPage(fn, arg),
    async stopBackground() {
      const cdp = await browser.context.newCDPSession(page ?? (await newPage()));
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
      await cdp.detach();
      return this.backgroundState();
    },
    /** Whether the extension's service worker runs: the browser lists a target for it only then. */
    async backgroundState() {
      const session = await browser.context.browser().newBrowserCDPSession();
      try {
        const { targetInfos } = await session.send('Target.getTargets');
        const running = targetInfos.some((t) => t.type === 'service_worker' && t.url.startsWith(browser.extensionUrl('')));
        return running ? 'running' : 'stopped';
      } finally {
        await session.detach().catch(() => {});
      }
    },
    requests: () => browser.requests,
    unexpectedRequests: () => browser.requests.filter((url) => !browser.served.has(url)),
    /** Closes the current tab. */
    async closeTab() {
      await page?.close();
      page = undefined;
    },
    /** Closes every tab but the first, blank one (closing the last tab would close the window: slow). */
    async resetTabs() {
      for (const p of browser.context.pages().slice(1)) await p.close();
      page = undefined;
    },
    update: async () => {
      await browser.reloadExtension();
      page = undefined;
    },
    async restart() {
      await browser.context.close();
      browser = await launchChromium({ profile: browser.profile });
      page = undefined;
    },
    resetStorage: () => browser.inExtensionPage(() => chrome.storage.local.clear()),
    close: () => browser.context.close(),
  };
}

async function firefoxDriver() {
  const firefox = await launchFirefox();
  const { session } = firefox;
  return {
    name: 'firefox',
    browser: firefox,
    async open(url, html, { csp = true, sameTab = false } = {}) {
      if (!sameTab) await firefox.openTab();
      return firefox.serve(url, html, { csp: csp ? STRICT_CSP : null });
    },
    async openFixture(path, { csp = true } = {}) {
      await firefox.openTab();
      return firefox.openFixture(path, { csp: csp ? STRICT_CSP : null });
    },
    navigate: (url) => session.navigate(url).catch(() => {}),
    currentTab: () => session.windowHandle(),
    switchTo: (tab) => session.switchTo(tab),
    warnings: () => firefox.warnings(),
    waitForWarnings: (predicate, timeoutMs) => firefox.waitForWarnings(predicate, timeoutMs),
    inWarnings: (fn, ...args) => firefox.inWarnings(fn, ...args),
    scrollToWarning: () => firefox.scrollToWarning(),
    inPage: (fn, arg) => session.executeAsync(fn, arg),
    waitInPage: (fn, arg, timeoutMs) => firefox.waitFor(fn, [arg], timeoutMs),
    press: (key) => session.pressKeys(KEYS[key]),
    pressTab: () => session.pressKeys(KEY.TAB),
    click: (selector) => session.clickOn(selector),
    clickInWarning: (selector) => firefox.clickInWarning(selector),
    async focusInWarning(selector) {
      const focused = await firefox.inWarnings((root, sel) => (root.querySelector(sel)?.focus(), root.activeElement !== null), selector);
      if (!focused.some(Boolean)) throw new Error(`no warning has ${selector}`);
    },
    select: (selector, value) => session.clickOn(`${selector} option[value="${value}"]`),
    reload: () => session.refresh(),
    async dialog() {
      let text = null;
      // A dialog opened from a timer shows a moment later.
      for (let i = 0; i < 20 && text === null; i++) {
        text = await session.alertText();
        if (text === null) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
      if (text !== null) await session.dismissAlert();
      return text;
    },
    /** The window is sized, not the viewport: WebDriver has no viewport size. */
    async atSize({ width, height }, fn) {
      const before = await session.windowRect();
      await session.setWindowRect({ width: width ?? before.width, height: height ?? before.height });
      try {
        return await fn();
      } finally {
        await session.setWindowRect({ width: before.width, height: before.height });
      }
    },
    screenshot(path, { width, height, fullPage = false } = {}) {
      const take = () => (fullPage ? session.fullPageScreenshot(path) : session.screenshot(path));
      return width || height ? this.atSize({ width, height }, take) : take();
    },
    axe: (include = null) => axe(session, include),
    extensionUrl: firefox.extensionUrl,
    async openExtensionPage(path) {
      await firefox.openTab();
      await session.navigate(firefox.extensionUrl(path));
    },
    async openPopup(url) {
      const { tabId } = await firefox.openPopup(url);
      return { tabId };
    },
    report: (url, accept, timeoutMs) => firefox.waitForReport(url, accept, timeoutMs),
    inExtensionPage: (fn, arg) => firefox.inExtensionPage(fn, arg),
    stopBackground: () => firefox.backgroundState({ stop: true }),
    backgroundState: () => firefox.backgroundState(),
    /** The fixture server's requests for anything not served, and whatever reached the audit proxy. */
    requests: () => firefox.requests,
    unexpectedRequests: () => [...firefox.requests.filter((url) => !firefox.served.has(url)), ...firefox.escaped],
    /** Installs the add-on again from the same directory; the home tab becomes current. */
    update: () => firefox.reinstallAddon(),
    restart: () => {
      throw new Error('geckodriver deletes the Firefox profile when its session ends: nothing to restart on');
    },
    closeTab: async () => firefox.closeTab(await session.windowHandle()),
    resetTabs: () => firefox.closeOtherTabs(),
    resetStorage: () => firefox.resetStorage(),
    close: () => firefox.close(),
  };
}

/** Where a suite's screenshots go: test-output/<browser>-<name>.png. */
export const shot = (OUT, driver, name) => join(OUT, `${driver.name}-${name}.png`);
