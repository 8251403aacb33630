// The printable report and the partial-page notice (report-page.mjs) in real Chromium.
import { after, afterEach, before, test } from 'node:test';
import { launch } from './browsers.mjs';
import { reportPageTests } from './report-page.mjs';

const driver = {};
before(async () => Object.assign(driver, await launch('chromium')));
after(() => driver.close?.());
afterEach(async () => {
  await driver.resetTabs();
  await driver.resetStorage();
});

reportPageTests(test, driver);
