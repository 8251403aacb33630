// The platform's own figure under a warning (figures.mjs) in real Firefox ESR.
import { test } from 'node:test';
import { suiteFor } from './browsers.mjs';
import { figuresTests } from './figures.mjs';

const { driver, options } = suiteFor('firefox', { reset: ['tabs', 'storage'], timeout: 30000 });
figuresTests(test, driver, options);
