// What a worried user meets (ui-layout.mjs) in real Firefox ESR: the built Firefox package installed as a temporary add-on.
import { test } from 'node:test';
import { suiteFor } from './browsers.mjs';
import { uiLayoutTests } from './ui-layout.mjs';

const { driver, options } = suiteFor('firefox', { reset: ['tabs', 'storage'], timeout: 30000 });
uiLayoutTests(test, driver, options);
