// The extraction cases (extraction-cases.mjs) in real Chromium, against build/chrome's extract.js.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { launchChromium } from './chromium-harness.mjs';
import { extractionCaseTests } from './extraction-cases.mjs';
import { BUILD } from './support.mjs';

let browser;
let page;
before(async () => {
  browser = await launchChromium();
  page = await browser.context.newPage();
});
after(async () => {
  await browser?.context.close();
});

extractionCaseTests(test, {
  name: 'chromium',
  extractor: ['protocol.js', 'extract.js'].map((f) => readFileSync(join(BUILD('chrome'), f), 'utf8')).join('\n'),
  // Served without the strict CSP: the extractor is run in the page with `new Function`.
  open: (url, html) => browser.serve(page, url, html, { csp: false }),
  inPage: (fn, arg) => page.evaluate(fn, arg),
});
