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
//   tabsAt(url) -> [tab]         the tabs showing url (every tab without it)
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
//   atPhone(fn, { mobile })      fn() with every tab it opens (or reloads) a phone's screen, PHONE: 390 CSS px
//                                wide; with mobile, a phone's user agent too (before the page loads).
//                                Chromium: the viewport, or CDP's device metrics, user agent and touch;
//                                Firefox: the window (it stays at least 500 px wide) and the page zoomed
//                                in until it is 390 CSS px wide, the user agent by pref
//   asPrinted(fn)                fn() with the current tab laid out for print media (Chromium: CDP's
//                                emulated media; Firefox: the tab's browsing context's medium override)
//   pdf() -> Buffer              the current tab printed on US Letter paper (Chromium: Page.printToPDF;
//                                Firefox: WebDriver's Print Page)
//   axe(include) -> { violations: ["id (nodes) help: target"], passes }  axe-core in the current tab
//   extensionUrl(path), openExtensionPage(path), openPopup(url) -> { tabId }
//   report(url, accept, ms), inExtensionPage(fn, arg)
//   reports(), userState(), badge(url), tabIds(), scriptTab(tabId)  read from an extension page
//   clickToolbarButton() -> inPopup(expression)  the user's click on the toolbar button for the current
//                                tab (grants activeTab); the expression's value in the popup that opened
//   extractor                    the package's extract.js (after protocol.js), to run in a page
//   stopBackground() -> state after, backgroundState() -> 'running' | 'stopped'
//   update()                     loads the extension again from disk, as an update would (its pages close)
//   restart()                    Chromium only: restarts the browser on the same profile (geckodriver
//                                deletes a Firefox profile when its session ends)
//   requests()                   every request the audit saw
//   unexpectedRequests()         every request that was not for a served fixture page
//   closeTab(), resetTabs() (all but a blank one), resetStorage({ session }), close()
//
// `suiteFor(kind, { reset, timeout })` registers a wrapper's node:test hooks (launch, close, reset after
// each test) and gives the driver a suite runs on.
import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before } from 'node:test';
import { clickInWarning, focusInWarning, inWarnings as chromiumInWarnings, launchChromium, scrollToWarning, waitForWarnings, warnings } from './chromium-harness.mjs';
import { LAUNCH_TIMEOUT_MS, POLL_MS, axe, launchFirefox } from './firefox-harness.mjs';
import { clickToolbarButton } from './firefox-toolbar.mjs';
import { BUILD, STRICT_CSP, tabIdForUrlInExtension } from './support.mjs';
import { KEY } from './webdriver.mjs';

/** How long a launch may take: Firefox's start is slow on a busy machine; a hung one still fails. */
export { LAUNCH_TIMEOUT_MS };

/** A phone's screen, in CSS px: what `atPhone` gives a tab. */
export const PHONE = Object.freeze({ width: 390, height: 844 });

/** A phone's user agent (Chrome on Android): `atPhone(fn, { mobile: true })` gives it to the pages. */
export const PHONE_USER_AGENT = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36';

/** How long one test may take in each browser (node:test's option): a hung Firefox fails the test instead of stalling the run. */
const TEST_TIMEOUT_MS = { chromium: undefined, firefox: 60000 };

/**
 * Registers the node:test hooks of a wrapper that runs a suite in `kind`: the browser launched before
 * the tests and closed after them, and after each test what `reset` lists put back: 'tabs' (every tab
 * but a blank one closed), 'storage' (the user's choices forgotten: storage.local), 'session' (the
 * stored reports too: storage.session). `onLaunch(driver)` runs once the browser runs. Returns
 * `{ driver, options }`: the driver (filled in once the browser runs) and the per-test options
 * (`timeout`, Firefox's by default) to give the suite.
 */
export function suiteFor(kind, { reset = ['tabs'], timeout = TEST_TIMEOUT_MS[kind], onLaunch } = {}) {
  // The name now: suites put it in their tests' names.
  const driver = { name: kind };
  // One hook: node 20 runs a file's top-level `before` hooks side by side, so a second one would not see the browser.
  before(async () => {
    Object.assign(driver, await launch(kind));
    onLaunch?.(driver);
  }, { timeout: LAUNCH_TIMEOUT_MS });
  after(() => driver.close?.());
  if (reset.length > 0) {
    afterEach(async () => {
      if (reset.includes('tabs')) await driver.resetTabs();
      if (reset.includes('storage') || reset.includes('session')) await driver.resetStorage({ session: reset.includes('session') });
    }, { timeout });
  }
  return { driver, options: { timeout } };
}

/** The extension directory each browser loads. */
export const PACKAGE = { chromium: BUILD('chrome'), firefox: BUILD('firefox') };

export async function launch(kind) {
  if (!(kind in PACKAGE)) throw new Error(`no driver for ${kind}`);
  const driver = await (kind === 'chromium' ? chromiumDriver() : firefoxDriver());
  return { ...driver, ...fromExtensionPages(driver), extractor: extractorSource(kind) };
}

/** The page extractor as the content script runs it (protocol.js then extract.js), from `kind`'s package: for tests that run it in a page. */
export const extractorSource = (kind) => ['protocol.js', 'extract.js'].map((file) => readFileSync(join(PACKAGE[kind], file), 'utf8')).join('\n');

/** What the driver reads from an extension page, the same in both browsers (`browser` in Firefox, `chrome` in Chromium). */
function fromExtensionPages(driver) {
  return {
    /** Every report the background stored (storage.session). */
    reports: () => driver.inExtensionPage(async () => Object.values(await (globalThis.browser ?? globalThis.chrome).storage.session.get(null))),
    /** What the user chose (dismissed warnings, silenced sites...), as stored. */
    userState: () => driver.inExtensionPage(async () => (await (globalThis.browser ?? globalThis.chrome).storage.local.get('state')).state ?? { dismissed: [], silencedSites: [] }),
    /** The badge's text on the tab showing `url`. */
    badge: (url) =>
      driver.inExtensionPage(async ([find, u]) => {
        const tabId = await new Function(`return (${find})`)()(u); // eslint-disable-line no-new-func
        return (globalThis.browser ?? globalThis.chrome).action.getBadgeText({ tabId });
      }, [tabIdForUrlInExtension.toString(), url]),
    /** The ids of every tab but the extension page's own. */
    tabIds: () =>
      driver.inExtensionPage(async () => {
        const api = globalThis.browser ?? globalThis.chrome;
        const own = await api.tabs.getCurrent();
        return (await api.tabs.query({})).map((t) => t.id).filter((id) => id !== own.id);
      }),
    /** null if an extension page may run a script in tab `tabId`, else the browser's error. */
    scriptTab: (tabId) =>
      driver.inExtensionPage(async (id) => {
        try {
          await (globalThis.browser ?? globalThis.chrome).scripting.executeScript({ target: { tabId: id }, func: () => document.title });
          return null;
        } catch (error) {
          return error.message;
        }
      }, tabId),
  };
}

/** The keys `press` knows, by their names in Playwright and in WebDriver. */
const KEYS = { Tab: KEY.TAB, Enter: KEY.ENTER, Space: KEY.SPACE };

async function chromiumDriver() {
  let browser = await launchChromium();
  let page;
  /** Dialogs the pages opened, dismissed at once (Chromium would otherwise wait for an answer). */
  const dialogs = [];
  /** While `atPhone` runs, its options; and the CDP sessions holding a tab's phone emulation (it ends when they detach). */
  let phone = null;
  const emulations = [];
  /** Makes tab `p` a phone's screen, while `atPhone` runs: before its page loads, for the user agent. */
  const fitPhone = async (p) => {
    if (!phone) return;
    if (!phone.mobile) return p.setViewportSize(PHONE);
    const cdp = await browser.context.newCDPSession(p);
    await cdp.send('Emulation.setDeviceMetricsOverride', { width: PHONE.width, height: PHONE.height, deviceScaleFactor: 2, mobile: true });
    await cdp.send('Emulation.setUserAgentOverride', { userAgent: PHONE_USER_AGENT });
    await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true });
    emulations.push(cdp);
  };
  const newPage = async () => {
    page = await browser.context.newPage();
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      dialog.dismiss();
    });
    await fitPhone(page);
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
    tabsAt: async (url) => browser.context.pages().filter((p) => url === undefined || p.url() === url),
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
    async atPhone(fn, { mobile = false } = {}) {
      phone = { mobile };
      try {
        return await fn();
      } finally {
        phone = null;
        for (const cdp of emulations.splice(0)) await cdp.detach().catch(() => {});
      }
    },
    async asPrinted(fn) {
      await page.emulateMedia({ media: 'print' });
      try {
        return await fn();
      } finally {
        await page.emulateMedia({ media: null });
      }
    },
    pdf: () => page.pdf({ format: 'Letter' }),
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
      await fitPhone(page);
      return { tabId };
    },
    report: (url, accept, timeoutMs) => browser.waitForReport(url, accept, timeoutMs),
    inExtensionPage: (fn, arg) => browser.inExtensionPage(fn, arg),
    clickToolbarButton: () => browser.clickToolbarButton(page),
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
    resetStorage: ({ session = false } = {}) => browser.inExtensionPage((all) => Promise.all([chrome.storage.local.clear(), all && chrome.storage.session.clear()]), session),
    close: () => browser.context.close(),
  };
}

async function firefoxDriver() {
  const firefox = await launchFirefox();
  const { session } = firefox;
  /** While `atPhone` runs, its options. */
  let phone = null;
  /**
   * Makes the current tab's page a phone's width, while `atPhone` runs (the window already is PHONE's
   * size): Firefox keeps a window at least 500 px wide, so the page is zoomed in until it is 390 CSS px
   * wide. Zoom is per tab (site-specific zoom is off while `atPhone` runs); setting it again is harmless.
   */
  const fitPhone = async () => {
    if (!phone) return;
    const unzoomed = await session.execute(() => innerWidth * (window.devicePixelRatio || 1));
    await firefox.inChrome((zoom) => (Services.wm.getMostRecentWindow('navigator:browser').gBrowser.selectedBrowser.fullZoom = zoom), unzoomed / PHONE.width);
    const now = await session.execute(() => innerWidth);
    // Zoom steps round: within 2 px of a phone's width.
    if (Math.abs(now - PHONE.width) > 2) throw new Error(`the page is ${now} CSS px wide, not a phone's ${PHONE.width}`);
  };
  /** `step()`, then the current tab fitted to a phone while `atPhone` runs; step's value. */
  const fitted = async (step) => {
    const value = await step();
    await fitPhone();
    return value;
  };
  return {
    name: 'firefox',
    browser: firefox,
    open: (url, html, { csp = true, sameTab = false } = {}) =>
      fitted(async () => {
        if (!sameTab) await firefox.openTab();
        return firefox.serve(url, html, { csp: csp ? STRICT_CSP : null });
      }),
    openFixture: (path, { csp = true } = {}) =>
      fitted(async () => {
        await firefox.openTab();
        return firefox.openFixture(path, { csp: csp ? STRICT_CSP : null });
      }),
    navigate: (url) => session.navigate(url).catch(() => {}),
    currentTab: () => session.windowHandle(),
    /** WebDriver tells a tab's address only while it is current: each is visited, the current tab made current again. */
    async tabsAt(url) {
      const current = await session.windowHandle();
      const found = [];
      for (const handle of await session.windowHandles()) {
        await session.switchTo(handle);
        if (url === undefined || (await session.currentUrl()) === url) found.push(handle);
      }
      await session.switchTo(current);
      return found;
    },
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
    reload: () => fitted(() => session.refresh()),
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
    async atPhone(fn, { mobile = false } = {}) {
      const before = await session.windowRect();
      await firefox.inChrome((userAgent) => {
        // Zoom per tab, never remembered for the site: the other tests see the pages at 100 %.
        Services.prefs.setBoolPref('browser.zoom.siteSpecific', false);
        if (userAgent) Services.prefs.setStringPref('general.useragent.override', userAgent);
      }, mobile ? PHONE_USER_AGENT : null);
      await session.setWindowRect(PHONE);
      phone = { mobile };
      try {
        return await fn();
      } finally {
        phone = null;
        await firefox.inChrome(() => {
          for (const tab of Services.wm.getMostRecentWindow('navigator:browser').gBrowser.browsers) tab.fullZoom = 1;
          Services.prefs.clearUserPref('general.useragent.override');
          Services.prefs.clearUserPref('browser.zoom.siteSpecific');
        });
        await session.setWindowRect({ width: before.width, height: before.height });
      }
    },
    async asPrinted(fn) {
      const medium = (value) => firefox.inChrome((m) => (Services.wm.getMostRecentWindow('navigator:browser').gBrowser.selectedBrowser.browsingContext.mediumOverride = m), value);
      await medium('print');
      try {
        return await fn();
      } finally {
        await medium('');
      }
    },
    // WebDriver's Print Page takes the paper's size in cm: US Letter.
    pdf: async () => Buffer.from(await session.cmd('POST', '/print', { page: { width: 21.59, height: 27.94 } }), 'base64'),
    axe: (include = null) => axe(session, include),
    extensionUrl: firefox.extensionUrl,
    openExtensionPage: (path) =>
      fitted(async () => {
        await firefox.openTab();
        await session.navigate(firefox.extensionUrl(path));
      }),
    openPopup: (url) =>
      fitted(async () => {
        const { tabId } = await firefox.openPopup(url);
        return { tabId };
      }),
    report: (url, accept, timeoutMs) => firefox.waitForReport(url, accept, timeoutMs),
    inExtensionPage: (fn, arg) => firefox.inExtensionPage(fn, arg),
    clickToolbarButton: () => clickToolbarButton(firefox),
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
    resetStorage: ({ session: all = false } = {}) => firefox.inExtensionPage((everything) => Promise.all([browser.storage.local.clear(), everything && browser.storage.session.clear()]), all),
    close: () => firefox.close(),
  };
}

/** Where a suite's screenshots go: test-output/<browser>-<name>.png. */
export const shot = (OUT, driver, name) => join(OUT, `${driver.name}-${name}.png`);
