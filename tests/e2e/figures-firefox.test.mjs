// The twin of figures-chromium.test.mjs, in real Firefox ESR.
import { after, before, test } from 'node:test';
import { LAUNCH_TIMEOUT_MS, launchFirefox } from './firefox-harness.mjs';
import { FIXTURE, assertFigureBesideTheWarning, readFigures } from './figures-support.mjs';

/** A hung browser fails the test instead of stalling the run. */
const TEST_TIMEOUT_MS = 30000;

let firefox;
before(async () => {
  firefox = await launchFirefox();
}, { timeout: LAUNCH_TIMEOUT_MS });
after(async () => {
  await firefox?.close();
});

test(`the figure and its source appear under Google's subpoena warning on ${FIXTURE}`, { timeout: TEST_TIMEOUT_MS }, async () => {
  const tab = await firefox.openTab();
  try {
    const { fx } = await firefox.openFixture(FIXTURE);
    assertFigureBesideTheWarning(fx.report, await firefox.inWarnings(readFigures));
  } finally {
    await firefox.closeTab(tab);
  }
});
