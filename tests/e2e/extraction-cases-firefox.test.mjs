// The extraction cases (extraction-cases.mjs) in real Firefox ESR, against build/firefox's extract.js.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { EXTENSION, LAUNCH_TIMEOUT_MS, launchFirefox } from './firefox-harness.mjs';
import { extractionCaseTests } from './extraction-cases.mjs';

/** A hung browser fails the test instead of stalling the run. */
const TEST_TIMEOUT_MS = 60000;

let firefox;
before(async () => {
  firefox = await launchFirefox();
  await firefox.openTab();
}, { timeout: LAUNCH_TIMEOUT_MS });
after(async () => {
  await firefox?.close();
});

extractionCaseTests(test, {
  name: 'firefox',
  extractor: ['protocol.js', 'extract.js'].map((f) => readFileSync(join(EXTENSION, f), 'utf8')).join('\n'),
  // Served without a CSP: the extractor is run in the page with `new Function`.
  open: (url, html) => firefox.serve(url, html, { csp: null }),
  inPage: (fn, arg) => firefox.session.execute(fn, arg),
}, { timeout: TEST_TIMEOUT_MS });
