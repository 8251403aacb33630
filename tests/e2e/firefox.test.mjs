// The basic suite (basics.mjs) in real Firefox ESR: the built Firefox package installed as a temporary add-on.
import { after, afterEach, before, test } from 'node:test';
import { basicTests } from './basics.mjs';
import { LAUNCH_TIMEOUT_MS, launch } from './browsers.mjs';

/** A hung browser fails the test instead of stalling the run. */
const TEST_TIMEOUT_MS = 60000;

const driver = {};
before(async () => Object.assign(driver, await launch('firefox')), { timeout: LAUNCH_TIMEOUT_MS });
after(() => driver.close?.());
afterEach(() => driver.resetTabs(), { timeout: TEST_TIMEOUT_MS });

basicTests(test, driver, { timeout: TEST_TIMEOUT_MS });
