// What keeps the content script cheap on pages where it has nothing to say, written once and run in
// both real browsers by page-cost-chromium.test.mjs and page-cost-firefox.test.mjs (browsers.mjs).
//
// While the gate is closed the content script looks at the title and the first headings again every
// few seconds (content.js `lookAgain`), with one native query rather than a walk of the page; the
// warnings' visibility is checked after the browser's own layout (`afterLayout`), which the
// hostile-page suite's hidden-warning attacks cover. What changes when, and why: docs/performance.md,
// "The page's cost where the gate is closed".
import assert from 'node:assert/strict';
import { sleep } from './hostile-page.mjs';
import { fixture } from './support.mjs';

/** Past the gate's first question and its rechecks (content.js GATE_RECHECKS_MS: 1 s, 3 s). */
const PAST_RECHECKS_MS = 4000;
/** Two looks of the closed gate (content.js LOOK_INTERVAL_MS, 2 s, while the look does not change). */
const TWO_LOOKS_MS = 4500;
/** Rows of text with no heading in front of the panel: the headings the gate reads come at the page's end. */
const FILLER_ROWS = 3000;

/**
 * The sessions page's body as a panel a single-page app opens in place, its h1-h3 made
 * `<div role="${role}">` (as Telegram Web and WhatsApp Web draw theirs).
 */
function panel(role) {
  return sessionsBody().replace(/<h([1-3])([^>]*)>/g, `<div role="${role}" aria-level="$1"$2>`).replace(/<\/h[1-3]>/g, '</div>');
}

/** What the sessions page's <body> holds. */
function sessionsBody() {
  const { html } = fixture('facebook/sessions-en.html');
  return html.slice(html.indexOf('>', html.search(/<body/i)) + 1, html.search(/<\/body>/i));
}

export function pageCostTests(test, driver, options = {}) {
  test('a panel opened in place at the end of a long page opens the gate; its headings are role="heading", exactly', options, async () => {
    const feed = fixture('facebook/feed-en.html');
    const filler = '<div><span>A post about lunch, and what came after it.</span></div>'.repeat(FILLER_ROWS);
    const url = await driver.open(feed.url, feed.html.replace(/<\/body>/i, `${filler}</body>`), { csp: false });
    await sleep(PAST_RECHECKS_MS);
    // The panel, its headings' role in another case: an attribute value the gate (and the core, which
    // reads the role as written) does not take for "heading". Nothing the gate reads changed.
    await driver.inPage((html) => {
      const opened = document.createElement('div');
      opened.innerHTML = html;
      document.body.append(opened);
    }, panel('Heading'));
    await sleep(TWO_LOOKS_MS);
    assert.equal((await driver.reports()).some((r) => r.url === url), false, 'role="Heading" is no heading: the gate stayed closed, the page was not read');
    assert.deepEqual(await driver.warnings(), []);
    // The same headings as role="heading": the next look sees them, past the rows before them.
    await driver.inPage(() => {
      for (const el of document.querySelectorAll('[role="Heading"]')) el.setAttribute('role', 'heading');
    });
    await driver.waitForWarnings((list) => list.some((w) => w.role === 'banner'), 8000);
    const report = await driver.report(url, () => true, 5000);
    assert.equal(report.page_kind, 'sessions');
  });

  test('the gate reads the first twenty headings in document order, of either kind', options, async () => {
    const feed = fixture('facebook/feed-en.html');
    // Twenty role="heading" rows that name no page, then the sessions panel, whose headings are h1 and h2.
    const rows = Array.from({ length: 20 }, (_, i) => `<div role="heading" aria-level="3" class="row">Friend ${i}</div>`).join('');
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Facebook</title></head><body>${rows}${sessionsBody()}</body></html>`;
    const url = await driver.open(feed.url, html, { csp: false });
    await sleep(PAST_RECHECKS_MS);
    assert.equal((await driver.reports()).some((r) => r.url === url), false, 'the panel\'s headings come 21st and later: the gate stayed closed');
    // Without the rows, the panel's headings are the first: the next look opens the gate.
    await driver.inPage(() => {
      for (const row of document.querySelectorAll('.row')) row.remove();
    });
    await driver.waitForWarnings((list) => list.some((w) => w.role === 'banner'), 8000);
    assert.equal((await driver.report(url, () => true, 5000)).page_kind, 'sessions');
  });
}
