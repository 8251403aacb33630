// "What you can do" (next-step.mjs) in real Firefox ESR.
import { after, before, test } from 'node:test';
import { LAUNCH_TIMEOUT_MS, launch } from './browsers.mjs';
import { nextStepTests } from './next-step.mjs';

const driver = {};
before(async () => Object.assign(driver, await launch('firefox')), { timeout: LAUNCH_TIMEOUT_MS });
after(() => driver.close?.());

nextStepTests(test, driver, { timeout: 60000 });
