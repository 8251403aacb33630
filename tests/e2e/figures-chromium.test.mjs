// The platform's own figure under a warning, in real Chromium: on Google's devices page the subpoena
// warning shows Google's subpoena figure exactly as `dlens scan --json` words it, with its source;
// axe finds nothing in the figure line (its "Why" and details open), the popup's figure line and the
// report's figures table, in English and Spanish.
import AxeBuilder from '@axe-core/playwright';
import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import { inWarnings, launchChromium, waitForWarnings } from './chromium-harness.mjs';
import { FIXTURE, LANGUAGES, assertFigureBesideTheWarning, emptyAFigureSourceLink, listViolations, openFiguresAndWhy, openFiguresInPage, readFigures } from './figures-support.mjs';
import { openCopyOfWarning } from './support.mjs';

let browser;
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser?.context.close();
});
afterEach(async () => {
  for (const page of browser.context.pages()) await page.close();
  await browser.inExtensionPage(() => chrome.storage.local.clear());
});

test(`the figure and its source appear under Google's subpoena warning on ${FIXTURE}`, async () => {
  const { page, fx } = await browser.openFixture(FIXTURE);
  assertFigureBesideTheWarning(fx.report, await inWarnings(page, readFigures));
});

/** axe's violations on `page` (only inside `include` when given), as strings; throws if axe checked nothing. */
async function axe(page, include = null) {
  const builder = new AxeBuilder({ page });
  const result = await (include ? builder.include(include) : builder).analyze();
  assert.ok(result.passes.length > 0, 'axe checked something');
  return result.violations.map((v) => `${v.id} (${v.nodes.length}) ${v.help}: ${v.nodes[0]?.target}`);
}

for (const [language, whyLabel] of LANGUAGES) {
  test(`axe finds no violations in the figure beside the warning ("Why" open), the popup's figure and the report's figures table, in ${language}`, async () => {
    const options = await browser.context.newPage();
    await options.goto(browser.extensionUrl('options.html'));
    await options.waitForSelector('#platforms input', { state: 'attached' });
    await options.selectOption('#language', language);
    await options.waitForFunction(() => document.getElementById('saved').textContent !== '');

    const page = await browser.context.newPage();
    const { fx } = await browser.openFixture(FIXTURE, page);
    await waitForWarnings(page, (list) => list.some((w) => w.text.includes(whyLabel)));
    const opened = (await inWarnings(page, openFiguresAndWhy)).reduce((a, b) => a + b, 0);
    assert.ok(opened > 0, 'a warning shows a figure');
    // axe cannot enter closed shadow roots: it checks open copies of the warnings, same tree and styles.
    await inWarnings(page, openCopyOfWarning);
    const results = { warnings: await axe(page, '[data-axe-copy]') };

    const { popup } = await browser.openPopup(fx.url);
    assert.ok((await popup.evaluate(openFiguresInPage)).lines > 0, 'the popup shows a figure');
    results.popup = await axe(popup);

    const report = await browser.context.newPage();
    await report.goto(browser.extensionUrl(`report.html?platform=${fx.report.platform}`));
    await report.waitForSelector('body[data-ready]');
    assert.ok((await report.evaluate(openFiguresInPage)).tables > 0, 'the report shows a figures table');
    results.report = await axe(report);

    assert.equal(await report.evaluate(() => document.documentElement.lang), language);
    assert.deepEqual(listViolations(results), []);
    // The check can fail: a figures table's source link left without text is caught.
    await report.evaluate(emptyAFigureSourceLink);
    assert.ok((await axe(report)).some((v) => v.startsWith('link-name')), 'axe reports the emptied link');
  });
}
