// The page-cost suite in real Chromium (tests in page-cost.mjs).
import { test } from 'node:test';
import { suiteFor } from './browsers.mjs';
import { pageCostTests } from './page-cost.mjs';

const { driver, options } = suiteFor('chromium', { reset: ['tabs', 'storage'] });
pageCostTests(test, driver, options);
