// The platform's own figure under a warning, in real Chromium: on Google's devices page the subpoena
// warning shows Google's subpoena figure exactly as `dlens scan --json` words it, with its source.
import { after, before, test } from 'node:test';
import { inWarnings, launchChromium } from './chromium-harness.mjs';
import { FIXTURE, assertFigureBesideTheWarning, readFigures } from './figures-support.mjs';

let browser;
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser?.context.close();
});

test(`the figure and its source appear under Google's subpoena warning on ${FIXTURE}`, async () => {
  const { page, fx } = await browser.openFixture(FIXTURE);
  assertFigureBesideTheWarning(fx.report, await inWarnings(page, readFigures));
});
