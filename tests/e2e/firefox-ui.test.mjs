// What the user sees (ui-basics.mjs) in real Firefox ESR: the built Firefox package installed as a temporary add-on.
import { after, afterEach, before, test } from 'node:test';
import { LAUNCH_TIMEOUT_MS, launch } from './browsers.mjs';
import { uiBasicsTests } from './ui-basics.mjs';

/** A hung browser fails the test instead of stalling the run. */
const TEST_TIMEOUT_MS = 30000;

const driver = {};
before(async () => Object.assign(driver, await launch('firefox')), { timeout: LAUNCH_TIMEOUT_MS });
after(() => driver.close?.());
// Every test starts from a fresh state: one blank tab, no dismissals, no progress, default settings.
afterEach(async () => {
  await driver.resetTabs();
  await driver.resetStorage();
}, { timeout: TEST_TIMEOUT_MS });

uiBasicsTests(test, driver, { timeout: TEST_TIMEOUT_MS });
