// The differential suite (differential.mjs) in real Firefox ESR. The pages are served on the fixture
// server's port (firefox-harness.mjs): the live snapshot's address carries it, the CLI's does not.
import { test } from 'node:test';
import { suiteFor } from './browsers.mjs';
import { differentialTests } from './differential.mjs';

const { driver, options } = suiteFor('firefox', { reset: [], timeout: 600000 });
differentialTests(test, driver, options);
