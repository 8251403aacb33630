// The named extraction cases (tests/fixtures/extraction-cases.json) against the packaged extract.js,
// written once and run in both real browsers by extraction-cases-chromium.test.mjs and
// extraction-cases-firefox.test.mjs; tests/extraction_cases.rs runs the same table against html.rs.
//
// Each case's fragment is served as a whole page at an address outside the knowledge base (so the
// content script stays out), parsed by the browser's own parser, and read by the packaged extractor
// in the page. A case marked `differs` must give its `extract_js` (a known difference from html.rs,
// reported, not fixed here: extract.js is another branch's file); every other case its `expect`.
//
// The driver is browsers.mjs's: every case in one tab, served without a CSP (the extractor is run in
// the page with `new Function`).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './support.mjs';

/** `text` with every `{{TEXT*N}}` replaced by TEXT repeated N times, innermost first (as in extraction_cases.rs). */
export function expand(text) {
  for (let close = text.indexOf('}}'); close !== -1; close = text.indexOf('}}')) {
    const open = text.lastIndexOf('{{', close);
    if (open === -1) throw new Error(`a '}}' without '{{' at ${close}`);
    const body = text.slice(open + 2, close);
    const star = body.lastIndexOf('*');
    const times = Number(body.slice(star + 1));
    if (star === -1 || !Number.isInteger(times)) throw new Error(`a repeat is {{TEXT*N}}: ${body.slice(0, 40)}`);
    text = text.slice(0, open) + body.slice(0, star).repeat(times) + text.slice(close + 2);
  }
  return text;
}

export const CASES = JSON.parse(expand(readFileSync(join(ROOT, 'tests', 'fixtures', 'extraction-cases.json'), 'utf8'))).cases;

/** The page a case's fragment is served as, in Rust as here. */
const page = (fragment) => `<!doctype html><html><head><title>case</title></head><body>${fragment}</body></html>`;

/** Runs the extractor (its source) in the page on the page's document; the snapshot. */
function snapshotInPage(source) {
  const scope = {};
  new Function('globalThis', source)(scope); // eslint-disable-line no-new-func
  return scope.DisclosureLensExtract.takeSnapshot(document).snapshot;
}

export function extractionCaseTests(test, driver, options = {}) {
  CASES.forEach((c, index) => {
    test(c.differs ? `${c.name} (known difference)` : c.name, options, async () => {
      await driver.open(`https://extraction-cases.test/${index}`, page(c.html), { csp: false, sameTab: true });
      const snapshot = await driver.inPage(snapshotInPage, driver.extractor);
      const expect = c.extract_js ?? c.expect;
      const why = c.differs ? `; a known difference from html.rs: ${c.differs}` : '';
      assert.equal(snapshot.truncated, expect.truncated, `truncated${why}`);
      if (expect.nodes) assert.deepEqual(snapshot.nodes, expect.nodes, `nodes${why}`);
      if (expect.count !== undefined) assert.equal(snapshot.nodes.length - 1, expect.count, 'nodes after body');
      for (const [at, node] of Object.entries(expect.at ?? {})) assert.deepEqual(snapshot.nodes[Number(at)], node, `node ${at}`);
      assert.ok(expect.nodes || expect.count !== undefined, 'the case expects nodes or a count');
    });
  });
}
