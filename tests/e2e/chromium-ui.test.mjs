// What the user sees (ui-basics.mjs) in real Chromium: the built Chrome package loaded unpacked.
import { test } from 'node:test';
import { suiteFor } from './browsers.mjs';
import { uiBasicsTests } from './ui-basics.mjs';

// Every test starts from a fresh state: no dismissals, no progress, default settings.
const { driver, options } = suiteFor('chromium', { reset: ['tabs', 'storage'] });
uiBasicsTests(test, driver, options);
