// What the user sees (ui-basics.mjs) in real Firefox ESR: the built Firefox package installed as a temporary add-on.
import { test } from 'node:test';
import { suiteFor } from './browsers.mjs';
import { uiBasicsTests } from './ui-basics.mjs';

// Every test starts from a fresh state: one blank tab, no dismissals, no progress, default settings.
const { driver, options } = suiteFor('firefox', { reset: ['tabs', 'storage'], timeout: 30000 });
uiBasicsTests(test, driver, options);
