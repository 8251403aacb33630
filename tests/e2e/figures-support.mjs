// Shared by figures-chromium.test.mjs and figures-firefox.test.mjs: reading the transparency figure
// under each warning (extension/figure.js) and comparing it with what `dlens scan --json` decided.
import assert from 'node:assert/strict';

/** The page and the warning whose figure is checked: Google's devices page, a subpoena warning. */
export const FIXTURE = 'google/devices-en.html';

/** Runs in the page with a warning's shadow root: each finding's figure as shown, its details opened. */
export function readFigures(root) {
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
export function assertFigureBesideTheWarning(report, shown) {
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
export const LANGUAGES = [['en', 'Why am I seeing this?'], ['es', '¿Por qué veo esto?']];

/**
 * Runs in the page with a warning's shadow root: in every warning that shows a figure, opens "Why"
 * (a plain click: the toggle needs no trusted event) and the figure's "More about this figure", so
 * that axe sees them open. Returns how many figures it opened.
 */
export function openFiguresAndWhy(root) {
  const sections = [...root.querySelectorAll('[data-finding]')].filter((s) => s.querySelector('.figure'));
  for (const section of sections) {
    const why = section.querySelector('button.why');
    if (why?.getAttribute('aria-expanded') !== 'true') why?.click();
    for (const details of section.querySelectorAll('.figure details')) details.open = true;
  }
  return sections.length;
}

/** Runs in the popup or the report: opens every figure's details; how many figure lines and tables are shown. */
export function openFiguresInPage() {
  for (const details of document.querySelectorAll('.figure details')) details.open = true;
  const shown = (selector) => [...document.querySelectorAll(selector)].filter((el) => el.getClientRects().length > 0).length;
  return { lines: shown('.figure'), tables: shown('.figure-table table') };
}

/** Runs in the report: empties the first shown source link of a figures table (axe must then complain). */
export function emptyAFigureSourceLink() {
  const link = [...document.querySelectorAll('.figure-sources a')].find((a) => a.getClientRects().length > 0);
  link.textContent = '';
  return true;
}

/** axe's violations, as `where: rule (nodes) help`, from `{ where: [violation strings] }`. */
export const listViolations = (results) => Object.entries(results).flatMap(([where, list]) => list.map((v) => `${where}: ${v}`));
