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
