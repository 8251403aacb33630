// What a worried user meets, in real Firefox ESR (issue 11): the tests written once (ui-layout.mjs),
// then those still written per browser: the report prints the chosen platforms; the mobile sites at a
// phone's width; axe finds nothing in either language. The twin of ui-chromium.test.mjs; the probes
// are shared (ui-probes.mjs).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, afterEach, before, test } from 'node:test';
import { LAUNCH_TIMEOUT_MS, launch } from './browsers.mjs';
import { axe } from './firefox-harness.mjs';
import { OUT, fixture, openCopyOfWarning } from './support.mjs';
import { uiLayoutTests } from './ui-layout.mjs';
import { MOBILE_FIXTURES, PHONE_USER_AGENT, fitsWidth, focusWhy } from './ui-probes.mjs';
import { KEY } from './webdriver.mjs';

/** A hung browser fails the test instead of stalling the run. */
const TEST_TIMEOUT_MS = 30000;
/** A phone's screen. */
const PHONE = { width: 390, height: 844 };

const driver = {};
/** The harness under the driver (firefox-harness.mjs) and its WebDriver session, for the tests below that need Firefox's own tools. */
let firefox;
let session;
before(async () => {
  Object.assign(driver, await launch('firefox'));
  firefox = driver.browser;
  ({ session } = firefox);
}, { timeout: LAUNCH_TIMEOUT_MS });
after(() => driver.close?.());
afterEach(async () => {
  await firefox.closeOtherTabs();
  await firefox.resetStorage();
}, { timeout: TEST_TIMEOUT_MS });

/** `fn(root, ...args)` in the first warning where it returns something. */
const inFirstWarning = async (fn, ...args) => (await firefox.inWarnings(fn, ...args)).find(Boolean) ?? null;

uiLayoutTests(test, driver, { timeout: TEST_TIMEOUT_MS });

test('the printable report opens on the popup\'s platform, shows only the chosen ones, and says what each source\'s date is', { timeout: TEST_TIMEOUT_MS }, async () => {
  await firefox.openTab();
  const { url, fx } = await firefox.openFixture('facebook/sessions-en.html');
  await firefox.openPopup(url);
  const href = await session.execute(() => document.getElementById('open-report').getAttribute('href'));
  assert.ok(href.endsWith(`/report.html?platform=${fx.report.platform}`), `the popup's link opens the report on its tab's platform: ${href}`);
  await session.navigate(href);
  const shown = await firefox.waitFor(() => document.body.dataset.ready && [...document.querySelectorAll('section.platform')].filter((s) => !s.hidden).map((s) => s.dataset.platform));
  assert.deepEqual(shown, [fx.report.platform]);
  const sources = await session.execute(() => [...document.querySelectorAll('section.platform:not([hidden]) td a')].map((a) => a.textContent));
  assert.ok(sources.length > 0 && sources.every((s) => /\(text as of [A-Z][a-z]+ \d{1,2}, \d{4}\)$/.test(s)), `each source says what its date is: ${sources[0]}`);
  await session.navigate(firefox.extensionUrl('report.html'));
  const none = await firefox.waitFor(() => document.body.dataset.ready && { shown: [...document.querySelectorAll('section.platform')].filter((s) => !s.hidden).length, prompt: !document.getElementById('choose-prompt').hidden });
  assert.deepEqual(none, { shown: 0, prompt: true });
});

/** Runs `fn(...args)` in the browser's own (chrome) context, which geckodriver's --allow-system-access permits. */
async function inBrowserChrome(fn, ...args) {
  await session.cmd('POST', '/moz/context', { context: 'chrome' });
  try {
    return await session.execute(fn, ...args);
  } finally {
    await session.cmd('POST', '/moz/context', { context: 'content' });
  }
}

for (const [mobilePath, desktopPath] of MOBILE_FIXTURES) {
  test(`on a phone (390 px, mobile user agent), ${mobilePath} gets the same warnings as ${desktopPath}, within the screen's width`, { timeout: TEST_TIMEOUT_MS }, async () => {
    await firefox.openTab();
    const { width, height } = await session.windowRect();
    await inBrowserChrome((ua) => Services.prefs.setStringPref('general.useragent.override', ua), PHONE_USER_AGENT);
    await session.setWindowRect({ width: PHONE.width, height: PHONE.height });
    try {
      const { fx } = await firefox.openFixture(mobilePath);
      // Firefox keeps a window at least 500 px wide: zoomed in, its page is 390 CSS px wide, as a phone's screen is.
      const inner = await session.execute(() => innerWidth);
      await inBrowserChrome((zoom) => (Services.wm.getMostRecentWindow('navigator:browser').gBrowser.selectedBrowser.fullZoom = zoom), inner / PHONE.width);
      const desktop = fixture(desktopPath);
      assert.notEqual(fx.url, desktop.url, 'served at the mobile address');
      const list = await firefox.waitForWarnings((l) => l.filter((w) => w.role === 'marker').length === desktop.report.sessions.length);
      assert.deepEqual(list.flatMap((w) => w.findings), desktop.report.findings.map((f) => f.id), 'the same warnings as on the desktop site');
      const widths = await firefox.inWarnings(fitsWidth);
      assert.match(widths[0].userAgent, /Mobile/);
      // Zoom steps round: within 2 px of a phone's width.
      assert.ok(Math.abs(widths[0].viewport - PHONE.width) <= 2, `the viewport is a phone's: ${widths[0].viewport} px`);
      for (const w of widths) assert.ok(w.left >= 0 && w.right <= w.viewport, `a warning within the ${w.viewport} px screen: ${w.left}..${w.right}`);
      await firefox.scrollToWarning();
      await session.screenshot(join(OUT, `firefox-${mobilePath.replace(/\//g, '-').replace('.html', '')}-390.png`));
    } finally {
      await inBrowserChrome(() => {
        Services.prefs.clearUserPref('general.useragent.override');
        Services.wm.getMostRecentWindow('navigator:browser').gBrowser.selectedBrowser.fullZoom = 1;
      });
      await session.setWindowRect({ width, height });
    }
  });
}

/**
 * Makes the current tab's page 390 CSS px wide, as a phone's screen is (the window is already PHONE's
 * size): a window Firefox keeps wider (500 px, seen in the mobile tests) has its page zoomed in; zoom is per tab.
 */
async function atPhoneWidth() {
  const inner = await session.execute(() => innerWidth * (window.devicePixelRatio || 1));
  await inBrowserChrome((zoom) => (Services.wm.getMostRecentWindow('navigator:browser').gBrowser.selectedBrowser.fullZoom = zoom), inner / PHONE.width);
  const now = await session.execute(() => innerWidth);
  assert.ok(Math.abs(now - PHONE.width) <= 2, `the page is a phone's width: ${now} px`);
}

/** axe-core's violations in the current tab, on the elements matching `include` or the whole document. */
const axeViolations = (include = null) => axe(session, include);

for (const [language, whyLabel, saved] of [['en', 'Why am I seeing this?', 'Saved.'], ['es', '¿Por qué veo esto?', 'Guardado.']]) {
  // The screenshots of docs/screenshots/firefox are taken here, as ui-chromium.test.mjs takes Chromium's.
  test(`axe finds no violations in the banner, the open "Why", the popup, the options and the report, in ${language}, 390 px wide`, { timeout: 90000 }, async () => {
    const results = {};
    const shot = (name) => join(OUT, `firefox-${name}-${language}-390.png`);
    const { width, height } = await session.windowRect();
    await session.setWindowRect(PHONE);
    // Zoom per tab, never remembered for the site: the other tests see the pages at 100 %.
    await inBrowserChrome(() => Services.prefs.setBoolPref('browser.zoom.siteSpecific', false));
    try {
      await firefox.openTab();
      await session.navigate(firefox.extensionUrl('options.html'));
      // The change listener is added in the same task that fills the platform switches.
      await firefox.waitFor(() => document.querySelector('#platforms input') !== null);
      await session.clickOn(`#language option[value="${language}"]`);
      await firefox.waitFor((text) => document.getElementById('saved').textContent === text, [saved]);
      await session.refresh();
      await firefox.waitFor(() => document.querySelector('#platforms input') !== null);
      await atPhoneWidth();
      results.options = await axeViolations();
      await session.fullPageScreenshot(shot('options'));

      await firefox.openTab();
      const { url, fx } = await firefox.openFixture('facebook/sessions-en.html');
      await atPhoneWidth();
      await firefox.waitForWarnings((list) => list.some((w) => w.text.includes(whyLabel)));
      await firefox.scrollToWarning();
      await session.screenshot(shot('banner'));
      assert.ok(await inFirstWarning(focusWhy));
      await session.pressKeys(KEY.ENTER);
      // The button at the top of the screen, its explanation under it.
      await inFirstWarning((root) => (root.querySelector('button.why[aria-expanded="true"]')?.scrollIntoView({ block: 'start' }), true));
      await session.screenshot(shot('why'));
      // axe cannot enter closed shadow roots: it checks open copies of the warnings (the "Why" open), same tree and styles.
      await firefox.inWarnings(openCopyOfWarning);
      results.inPage = await axeViolations('[data-axe-copy]');

      await firefox.openPopup(url);
      await atPhoneWidth();
      await session.execute(() => (document.querySelector('#checklist details').open = true));
      results.popup = await axeViolations();
      await session.execute(() => (document.querySelector('#checklist details').open = false));
      await session.screenshot(shot('popup'));
      await session.navigate(firefox.extensionUrl(`report.html?platform=${fx.report.platform}`));
      await firefox.waitFor(() => document.body.dataset.ready === 'true');
      await atPhoneWidth();
      results.report = await axeViolations();
      await inBrowserChrome(() => (Services.wm.getMostRecentWindow('navigator:browser').gBrowser.selectedBrowser.browsingContext.mediumOverride = 'print'));
      await session.screenshot(shot('report-print'));
      await inBrowserChrome(() => (Services.wm.getMostRecentWindow('navigator:browser').gBrowser.selectedBrowser.browsingContext.mediumOverride = ''));
    } finally {
      await inBrowserChrome(() => Services.prefs.clearUserPref('browser.zoom.siteSpecific'));
      await session.setWindowRect({ width, height });
    }

    assert.equal(await session.execute(() => document.documentElement.lang), language);
    assert.deepEqual(Object.entries(results).flatMap(([where, r]) => r.violations.map((v) => `${where}: ${v}`)), []);
    for (const [where, r] of Object.entries(results)) assert.ok(r.passes > 0, `axe ran on the ${where}`);
    // The check can fail: an image without a text alternative is caught.
    await session.execute(() => document.querySelector('main').append(document.createElement('img')));
    assert.ok((await axeViolations()).violations.some((v) => v.startsWith('image-alt')), 'axe reports a violation put there');
  });
}
