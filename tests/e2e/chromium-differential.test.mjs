// The live page and the saved page must agree: for every fixture, the snapshot the content script's
// extractor takes in real Chromium equals the one `dlens snapshot` builds from the same HTML, and the
// report the extension stored equals `dlens scan`'s.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { launchChromium } from './chromium-harness.mjs';
import { ROOT, fixture } from './support.mjs';

const PAGES = join(ROOT, 'tests', 'fixtures', 'pages');
const fixtures = readdirSync(PAGES)
  .flatMap((dir) => readdirSync(join(PAGES, dir)).filter((f) => f.endsWith('.html')).map((f) => `${dir}/${f}`))
  .sort();
const extractor = ['protocol.js', 'extract.js'].map((f) => readFileSync(join(ROOT, 'extension', f), 'utf8')).join('\n');

let browser;
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser?.context.close();
});

/** The parts of a report both sides must agree on. */
const comparable = (r) => ({
  platform: r.platform,
  page_kind: r.page_kind,
  sessions: r.sessions,
  settings: r.settings,
  findings: r.findings.map((f) => [f.id, f.anchor, f.text]),
  subpoena_view: r.subpoena_view,
});

test(`live and saved snapshots and reports agree on all ${fixtures.length} fixtures`, async () => {
  const page = await browser.context.newPage();
  let reportsCompared = 0;
  const notOnAPlatform = [];
  for (const path of fixtures) {
    const fx = fixture(path);
    browser.served.set(fx.url, fx.html);
    await page.goto(fx.url);
    const cli = JSON.parse(execFileSync(join(ROOT, 'target', 'release', 'dlens'), ['snapshot', join(PAGES, path)], { encoding: 'utf8' }));

    if (fx.report.platform === 'unknown') {
      // The content script runs only on the knowledge base's hosts: compare the snapshots alone.
      notOnAPlatform.push(path);
    } else {
      // The stored report for this page; the previous page's was removed when this one started loading.
      const storedReport = await browser.waitForReport(fx.url);
      // Relative times are read against the scan time: the CLI reads the page at the extension's.
      const asOf = storedReport.subpoena_view?.as_of;
      assert.ok(asOf || !storedReport.subpoena_view, `${path}: the background gives the core no scan time (options.now)`);
      const cliReport = asOf ? fixture(path, asOf).report : fx.report;
      assert.deepEqual(comparable(storedReport), comparable(cliReport), `${path}: the extension's report differs from the CLI's`);
      reportsCompared++;
    }
    const live = await page.evaluate(`(() => { ${extractor}; return globalThis.DisclosureLensExtract.takeSnapshot(document).snapshot; })()`);
    assert.deepEqual({ ...live, url: cli.url }, cli, `${path}: the live snapshot differs from the CLI's`);
    assert.equal(live.url, fx.url);
  }
  console.log(`# ${fixtures.length} snapshots equal; ${reportsCompared} reports equal; ${notOnAPlatform.length} pages on hosts outside the knowledge base (snapshots only): ${notOnAPlatform.join(', ')}`);
  assert.equal(reportsCompared + notOnAPlatform.length, fixtures.length);
});
