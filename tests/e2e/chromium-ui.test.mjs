// What the user sees (ui-basics.mjs) in real Chromium: the built Chrome package loaded unpacked.
import { after, afterEach, before, test } from 'node:test';
import { launch } from './browsers.mjs';
import { uiBasicsTests } from './ui-basics.mjs';

const driver = {};
before(async () => Object.assign(driver, await launch('chromium')));
after(() => driver.close?.());
// Every test starts from a fresh state: no dismissals, no progress, default settings.
afterEach(async () => {
  await driver.resetTabs();
  await driver.resetStorage();
});

uiBasicsTests(test, driver);
