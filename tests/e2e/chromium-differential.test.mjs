// The differential suite (differential.mjs) in real Chromium.
import { after, before, test } from 'node:test';
import { launch } from './browsers.mjs';
import { differentialTests } from './differential.mjs';

const driver = {};
before(async () => Object.assign(driver, await launch('chromium')));
after(() => driver.close?.());

differentialTests(test, driver);
