// The basic suite (basics.mjs) in real Chromium: the built Chrome package loaded unpacked.
import { after, afterEach, before, test } from 'node:test';
import { basicTests } from './basics.mjs';
import { launch } from './browsers.mjs';

const driver = {};
before(async () => Object.assign(driver, await launch('chromium')));
after(() => driver.close?.());
afterEach(() => driver.resetTabs());

basicTests(test, driver);
