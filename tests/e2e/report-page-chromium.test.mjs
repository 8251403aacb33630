// The printable report, in both languages, and the partial-page notice (report-page.mjs, report-language.mjs) in real Chromium.
import { after, afterEach, before, test } from 'node:test';
import { launch } from './browsers.mjs';
import { reportLanguageTests } from './report-language.mjs';
import { reportPageTests } from './report-page.mjs';

const driver = {};
before(async () => Object.assign(driver, await launch('chromium')));
after(() => driver.close?.());
afterEach(async () => {
  await driver.resetTabs();
  await driver.resetStorage();
});

reportPageTests(test, driver);
reportLanguageTests(test, driver);
