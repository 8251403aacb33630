// The printable report, in both languages, and the partial-page notice (report-page.mjs, report-language.mjs) in real Firefox ESR.
import { after, afterEach, before, test } from 'node:test';
import { LAUNCH_TIMEOUT_MS, launch } from './browsers.mjs';
import { reportLanguageTests } from './report-language.mjs';
import { reportPageTests } from './report-page.mjs';

const driver = {};
before(async () => Object.assign(driver, await launch('firefox')), { timeout: LAUNCH_TIMEOUT_MS });
after(() => driver.close?.());
afterEach(async () => {
  await driver.resetTabs();
  await driver.resetStorage();
}, { timeout: 60000 });

reportPageTests(test, driver, { timeout: 60000 });
reportLanguageTests(test, driver, { timeout: 60000 });
