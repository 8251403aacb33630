// The platform's own figure under a warning, written once and run in real Chromium
// (figures-chromium.test.mjs) and real Firefox ESR (figures-firefox.test.mjs) through browsers.mjs: on
// Google's devices page the subpoena warning shows Google's subpoena figure (extension/figure.js)
// exactly as `dlens scan --json` words it, with its source; axe finds nothing in the figure line (its
// "Why" and details open), the popup's figure line and the report's figures table, in English and Spanish.
import assert from 'node:assert/strict';
import { openCopyOfWarning } from './support.mjs';

/** The page and the warning whose figure is checked: Google's devices page, a subpoena warning. */
const FIXTURE = 'google/devices-en.html';

/** Runs in the page with a warning's shadow root: each finding's figure as shown, its details opened. */
function readFigures(root) {
  const seen = (el) => Boolean(el) && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  return [...root.querySelectorAll('[data-finding]')].map((section) => {
    const figure = section.querySelector('.figure');
    const finding = section.getAttribute('data-finding');
    if (!figure) return { finding, kind: null };
    const text = figure.querySelector('.figure-text');
    const warningText = section.querySelector('.text');
    const details = figure.querySelector('details');
    if (details) details.open = true;
    const link = figure.querySelector('a.figure-source');
    return {
      finding,
      kind: figure.getAttribute('data-figure'),
      text: text?.textContent ?? null,
      textVisible: seen(text),
      underWarningText: Boolean(warningText && warningText.compareDocumentPosition(figure) & Node.DOCUMENT_POSITION_FOLLOWING),
      link: link?.getAttribute('href') ?? null,
      linkText: link?.textContent ?? null,
      linkVisible: seen(link),
    };
  });
}

/** `shown`: readFigures' results of every warning; `report`: the CLI's report of the same page. */
function assertFigureBesideTheWarning(report, shown) {
  const expected = report.findings.find((f) => f.figure?.kind === 'by_process' && f.figure.text.includes('“Subpoenas”'));
  assert.ok(expected, `the CLI gives a finding of ${FIXTURE} Google's subpoena figure (else the test proves nothing)`);
  const line = shown.flat().find((f) => f.finding === expected.id);
  assert.ok(line, `the warning ${expected.id} is on the page: ${JSON.stringify(shown)}`);
  assert.equal(line.kind, 'by_process');
  assert.equal(line.text, expected.figure.text);
  assert.match(line.text, /28,622 requests that it counts as “Subpoenas”; Google produced some data for 89% of them\.$/);
  assert.ok(line.textVisible, 'the figure is visible');
  assert.ok(line.underWarningText, 'under the warning text');
  assert.equal(line.link, expected.figure.source.url);
  assert.equal(line.linkText, expected.figure.source_text);
  assert.ok(line.linkVisible, 'the source link is visible once the details are open');
}

/** The two languages the figures are checked in, with the "Why" button's label in each. */
const LANGUAGES = [['en', 'Why am I seeing this?'], ['es', '¿Por qué veo esto?']];

/**
 * Runs in the page with a warning's shadow root: in every warning that shows a figure, opens "Why"
 * (a plain click: the toggle needs no trusted event) and the figure's "More about this figure", so
 * that axe sees them open. Returns how many figures it opened.
 */
function openFiguresAndWhy(root) {
  const sections = [...root.querySelectorAll('[data-finding]')].filter((s) => s.querySelector('.figure'));
  for (const section of sections) {
    const why = section.querySelector('button.why');
    if (why?.getAttribute('aria-expanded') !== 'true') why?.click();
    for (const details of section.querySelectorAll('.figure details')) details.open = true;
  }
  return sections.length;
}

/** Runs in the popup or the report: opens every figure's details; how many figure lines and tables are shown. */
function openFiguresInPage() {
  for (const details of document.querySelectorAll('.figure details')) details.open = true;
  const shown = (selector) => [...document.querySelectorAll(selector)].filter((el) => el.getClientRects().length > 0).length;
  return { lines: shown('.figure'), tables: shown('.figure-table table') };
}

/** Runs in the report: empties the first shown source link of a figures table (axe must then complain). */
function emptyAFigureSourceLink() {
  const link = [...document.querySelectorAll('.figure-sources a')].find((a) => a.getClientRects().length > 0);
  link.textContent = '';
  return true;
}

/** axe's violations, as `where: rule (nodes) help`, from `{ where: [violation strings] }`. */
const listViolations = (results) => Object.entries(results).flatMap(([where, list]) => list.map((v) => `${where}: ${v}`));

export function figuresTests(test, driver, { timeout } = {}) {
  /** axe's violations in the current tab (only inside `include` when given), as strings; throws if axe checked nothing. */
  const axe = async (include = null) => {
    const result = await driver.axe(include);
    assert.ok(result.passes > 0, 'axe checked something');
    return result.violations;
  };

  test(`the figure and its source appear under Google's subpoena warning on ${FIXTURE}`, { timeout }, async () => {
    const { fx } = await driver.openFixture(FIXTURE);
    assertFigureBesideTheWarning(fx.report, await driver.inWarnings(readFigures));
  });

  for (const [language, whyLabel] of LANGUAGES) {
    // Four pages, axe on three: three tests' time.
    test(`axe finds no violations in the figure beside the warning ("Why" open), the popup's figure and the report's figures table, in ${language}`, { timeout: timeout && timeout * 3 }, async () => {
      await driver.openExtensionPage('options.html');
      // The change listener is added in the same task that fills the platform switches.
      await driver.waitInPage(() => document.querySelector('#platforms input') !== null);
      await driver.select('#language', language);
      await driver.waitInPage(() => document.getElementById('saved').textContent !== '');

      const { url, fx } = await driver.openFixture(FIXTURE);
      await driver.waitForWarnings((list) => list.some((w) => w.text.includes(whyLabel)));
      const opened = (await driver.inWarnings(openFiguresAndWhy)).reduce((a, b) => a + b, 0);
      assert.ok(opened > 0, 'a warning shows a figure');
      // axe cannot enter closed shadow roots: it checks open copies of the warnings, same tree and styles.
      await driver.inWarnings(openCopyOfWarning);
      const results = { warnings: await axe('[data-axe-copy]') };

      await driver.openPopup(url);
      assert.ok((await driver.inPage(openFiguresInPage)).lines > 0, 'the popup shows a figure');
      results.popup = await axe();

      await driver.openExtensionPage(`report.html?platform=${fx.report.platform}`);
      await driver.waitInPage(() => document.body.dataset.ready === 'true');
      assert.ok((await driver.inPage(openFiguresInPage)).tables > 0, 'the report shows a figures table');
      results.report = await axe();

      assert.equal(await driver.inPage(() => document.documentElement.lang), language);
      assert.deepEqual(listViolations(results), []);
      // The check can fail: a figures table's source link left without text is caught.
      await driver.inPage(emptyAFigureSourceLink);
      assert.ok((await axe()).some((v) => v.startsWith('link-name')), 'axe reports the emptied link');
    });
  }
}
