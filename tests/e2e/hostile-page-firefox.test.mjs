// The hostile-page suite in real Firefox ESR (tests in hostile-page.mjs). "Scan this page" reads once
// and does not outlive its page: scan.mjs, run here by firefox-scan.test.mjs (the toolbar button is
// clicked in the browser's own window: firefox-toolbar.mjs). The per-mutation cost is measured in
// both browsers from the page by bench/mutation.mjs (`make bench-mutation`); the Chromium suite also
// reads CDP's task counters, which WebDriver has no equivalent of.
import { test } from 'node:test';
import { suiteFor } from './browsers.mjs';
import { hostilePageTests } from './hostile-page.mjs';
import { longListTests } from './long-list.mjs';

const { driver, options } = suiteFor('firefox', { reset: ['tabs', 'storage'] });
hostilePageTests(test, driver, options);
longListTests(test, driver, options);
