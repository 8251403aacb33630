// "What you can do" (next-step.mjs) in real Chromium.
import { after, before, test } from 'node:test';
import { launch } from './browsers.mjs';
import { nextStepTests } from './next-step.mjs';

const driver = {};
before(async () => Object.assign(driver, await launch('chromium')));
after(() => driver.close?.());

nextStepTests(test, driver);
