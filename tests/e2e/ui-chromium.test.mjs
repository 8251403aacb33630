// What a worried user meets (ui-layout.mjs) in real Chromium: the built Chrome package loaded unpacked.
import { test } from 'node:test';
import { suiteFor } from './browsers.mjs';
import { uiLayoutTests } from './ui-layout.mjs';

const { driver, options } = suiteFor('chromium', { reset: ['tabs', 'storage'] });
uiLayoutTests(test, driver, options);
