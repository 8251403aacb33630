// What a worried user meets, in real Chromium (issue 11): the tests written once (ui-layout.mjs), then
// those still written per browser: axe finds nothing in either language at a phone's width (and the
// screenshots of docs/screenshots are taken there), the printed report, and the mobile pages. The twin
// of ui-firefox.test.mjs; the probes are shared (ui-probes.mjs).
import AxeBuilder from '@axe-core/playwright';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, afterEach, before, test } from 'node:test';
import { launch } from './browsers.mjs';
import { inFirstWarning, inWarnings, scrollToWarning, waitForWarnings } from './chromium-harness.mjs';
import { OUT, fixture, openCopyOfWarning } from './support.mjs';
import { uiLayoutTests } from './ui-layout.mjs';
import { MOBILE_FIXTURES, PHONE_USER_AGENT, fitsWidth, focusWhy } from './ui-probes.mjs';

const driver = {};
/** The harness under the driver (chromium-harness.mjs), for the tests below that need Chromium's own tools. */
let browser;
before(async () => {
  Object.assign(driver, await launch('chromium'));
  browser = driver.browser;
});
after(() => driver.close?.());
// Every test starts from a fresh state: no dismissals, no progress, default settings.
afterEach(async () => {
  for (const page of browser.context.pages()) await page.close();
  await browser.inExtensionPage(() => chrome.storage.local.clear());
});

uiLayoutTests(test, driver);

/** A phone's width: the screenshots and the accessibility check are made at it. */
const PHONE = { width: 390, height: 844 };

for (const [language, whyLabel] of [['en', 'Why am I seeing this?'], ['es', '¿Por qué veo esto?']]) {
  test(`axe finds no violations in the banner, the open "Why", the popup, the options and the report, in ${language}, 390 px wide`, async () => {
    const options = await browser.context.newPage();
    await options.setViewportSize(PHONE);
    await options.goto(browser.extensionUrl('options.html'));
    await options.waitForSelector('#platforms input', { state: 'attached' });
    await options.selectOption('#language', language);
    await options.waitForFunction(() => document.getElementById('saved').textContent !== '');
    await options.reload();
    await options.waitForSelector('#platforms input', { state: 'attached' });

    const page = await browser.context.newPage();
    await page.setViewportSize(PHONE);
    const { fx } = await browser.openFixture('facebook/sessions-en.html', page);
    await waitForWarnings(page, (list) => list.some((w) => w.text.includes(whyLabel)));
    await scrollToWarning(page);
    await page.screenshot({ path: join(OUT, `chromium-banner-${language}-390.png`) });
    assert.ok(await inFirstWarning(page, focusWhy));
    await page.keyboard.press('Enter');
    // The button at the top of the screen, its explanation under it.
    await inFirstWarning(page, (root) => (root.querySelector('button.why[aria-expanded="true"]')?.scrollIntoView({ block: 'start' }), true));
    await page.screenshot({ path: join(OUT, `chromium-why-${language}-390.png`) });

    const results = {};
    // axe cannot enter closed shadow roots: it checks open copies of the warnings (the "Why" open), same tree and styles.
    await inWarnings(page, openCopyOfWarning);
    results.inPage = await new AxeBuilder({ page }).include('[data-axe-copy]').analyze();
    const { popup } = await browser.openPopup(fx.url);
    await popup.setViewportSize(PHONE);
    await popup.locator('#checklist details').evaluate((d) => (d.open = true));
    results.popup = await new AxeBuilder({ page: popup }).analyze();
    await popup.locator('#checklist details').evaluate((d) => (d.open = false));
    await popup.screenshot({ path: join(OUT, `chromium-popup-${language}-390.png`) });
    results.options = await new AxeBuilder({ page: options }).analyze();
    await options.screenshot({ path: join(OUT, `chromium-options-${language}-390.png`), fullPage: true });
    const report = await browser.context.newPage();
    await report.setViewportSize(PHONE);
    await report.goto(browser.extensionUrl(`report.html?platform=${fx.report.platform}`));
    await report.waitForSelector('body[data-ready]');
    results.report = await new AxeBuilder({ page: report }).analyze();
    await report.emulateMedia({ media: 'print' });
    await report.screenshot({ path: join(OUT, `chromium-report-print-${language}-390.png`) });

    assert.equal(await popup.evaluate(() => document.documentElement.lang), language);
    const violations = Object.entries(results).flatMap(([where, r]) => r.violations.map((v) => `${where}: ${v.id} (${v.nodes.length}) ${v.help}: ${v.nodes[0]?.target}`));
    assert.deepEqual(violations, []);
    assert.ok(results.inPage.passes.length > 0, 'axe looked inside the warnings');
  });
}

/** How many pages a PDF has. */
const pdfPages = (pdf) => pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length ?? 0;

test('the printable report shows and prints only the chosen platforms, one column on paper, and says what each source\'s date is', async () => {
  const { fx } = await browser.openFixture('facebook/sessions-en.html');
  const { popup } = await browser.openPopup(fx.url);
  const href = await popup.locator('#open-report').getAttribute('href');
  assert.ok(href.endsWith(`/report.html?platform=${fx.report.platform}`), `the popup's link opens the report on its tab's platform: ${href}`);
  const shownIn = (page) => page.$$eval('section.platform', (all) => all.filter((s) => !s.hidden).map((s) => s.dataset.platform));

  const blank = await browser.context.newPage();
  await blank.goto(browser.extensionUrl('report.html'));
  await blank.waitForSelector('body[data-ready]');
  assert.deepEqual(await shownIn(blank), [], 'opened on its own, the report shows no platform until one is chosen');
  assert.equal(await blank.locator('#choose-prompt').isVisible(), true, 'and asks for a choice');
  await blank.locator('#choose input').first().check();
  assert.equal((await shownIn(blank)).length, 1);
  assert.equal(await blank.locator('#choose-prompt').isVisible(), false);

  const report = await browser.context.newPage();
  await report.goto(href);
  await report.waitForSelector('body[data-ready]');
  assert.deepEqual(await shownIn(report), [fx.report.platform]);
  await report.emulateMedia({ media: 'print' });
  const paper = await report.evaluate(() => {
    const width = (el) => el.getBoundingClientRect().width;
    const content = width(document.querySelector('#platforms'));
    const cells = [...document.querySelectorAll('section.platform:not([hidden]) td')];
    return {
      content,
      narrowestCell: Math.min(...cells.map(width)),
      narrowestTerm: Math.min(...[...document.querySelectorAll('#processes dd')].map(width)),
      sources: [...document.querySelectorAll('section.platform:not([hidden]) td a')].map((a) => a.textContent),
      chooserShown: document.getElementById('choose').checkVisibility(),
    };
  });
  assert.ok(paper.narrowestCell >= paper.content - 1, `on paper every cell is the page's width (${paper.narrowestCell} of ${paper.content} px)`);
  assert.ok(paper.narrowestTerm >= paper.content - 1, `the legal terms too (${paper.narrowestTerm} of ${paper.content} px)`);
  assert.equal(paper.chooserShown, false, 'the choice is not printed');
  assert.ok(paper.sources.length > 0 && paper.sources.every((s) => /\(text as of [A-Z][a-z]+ \d{1,2}, \d{4}\)$/.test(s)), `each source says what its date is: ${paper.sources[0]}`);
  const chosenPages = pdfPages(await report.pdf({ format: 'Letter' }));
  await report.evaluate(() => document.querySelectorAll('#choose input:not(:checked)').forEach((box) => box.click()));
  const allPages = pdfPages(await report.pdf({ format: 'Letter' }));
  console.log(`# printed report, Letter: ${chosenPages} pages for ${fx.report.platform}, ${allPages} for every platform`);
  assert.ok(chosenPages > 0 && chosenPages < allPages);
});

for (const [mobilePath, desktopPath] of MOBILE_FIXTURES) {
  test(`on a phone (390 px, mobile user agent), ${mobilePath} gets the same warnings as ${desktopPath}, within the screen's width`, async () => {
    const page = await browser.context.newPage();
    // A phone, before the page loads: its width, its touch screen and its user agent.
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Emulation.setDeviceMetricsOverride', { width: PHONE.width, height: PHONE.height, deviceScaleFactor: 2, mobile: true });
    await cdp.send('Emulation.setUserAgentOverride', { userAgent: PHONE_USER_AGENT });
    await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true });
    const { fx } = await browser.openFixture(mobilePath, page);
    const desktop = fixture(desktopPath);
    assert.notEqual(fx.url, desktop.url, 'served at the mobile address');
    const list = await waitForWarnings(page, (l) => l.filter((w) => w.role === 'marker').length === desktop.report.sessions.length);
    assert.deepEqual(list.flatMap((w) => w.findings), desktop.report.findings.map((f) => f.id), 'the same warnings as on the desktop site');
    const widths = await inWarnings(page, fitsWidth);
    assert.match(widths[0].userAgent, /Mobile/);
    for (const w of widths) assert.ok(w.left >= 0 && w.right <= w.viewport, `a warning within the ${w.viewport} px screen: ${w.left}..${w.right}`);
    await scrollToWarning(page);
    await page.screenshot({ path: join(OUT, `chromium-${mobilePath.replace(/\//g, '-').replace('.html', '')}-390.png`) });
    await cdp.detach();
  });
}
