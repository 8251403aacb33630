// The snapshot-path suite (snapshot-path.mjs) in real Chromium.
import { test } from 'node:test';
import { suiteFor } from './browsers.mjs';
import { snapshotPathTests } from './snapshot-path.mjs';

const { driver, options } = suiteFor('chromium', { reset: ['tabs', 'storage'] });
snapshotPathTests(test, driver, options);
