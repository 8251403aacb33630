// The printable report and the partial-page notice (report-page.mjs) in real Firefox ESR.
import { after, afterEach, before, test } from 'node:test';
import { LAUNCH_TIMEOUT_MS, launch } from './browsers.mjs';
import { reportPageTests } from './report-page.mjs';

const driver = {};
before(async () => Object.assign(driver, await launch('firefox')), { timeout: LAUNCH_TIMEOUT_MS });
after(() => driver.close?.());
afterEach(async () => {
  await driver.resetTabs();
  await driver.resetStorage();
}, { timeout: 60000 });

reportPageTests(test, driver, { timeout: 60000 });
