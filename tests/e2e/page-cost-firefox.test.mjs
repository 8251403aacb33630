// The page-cost suite in real Firefox ESR (tests in page-cost.mjs).
import { test } from 'node:test';
import { suiteFor } from './browsers.mjs';
import { pageCostTests } from './page-cost.mjs';

const { driver, options } = suiteFor('firefox', { reset: ['tabs', 'storage'] });
pageCostTests(test, driver, options);
