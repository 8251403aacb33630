// The differential suite (differential.mjs) in real Firefox ESR. The pages are served on the fixture
// server's port (firefox-harness.mjs): the live snapshot's address carries it, the CLI's does not.
import { after, before, test } from 'node:test';
import { LAUNCH_TIMEOUT_MS, launch } from './browsers.mjs';
import { differentialTests } from './differential.mjs';

const driver = {};
before(async () => Object.assign(driver, await launch('firefox')), { timeout: LAUNCH_TIMEOUT_MS });
after(() => driver.close?.());

differentialTests(test, driver, { timeout: 600000 });
