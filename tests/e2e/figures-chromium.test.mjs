// The platform's own figure under a warning (figures.mjs) in real Chromium.
import { test } from 'node:test';
import { suiteFor } from './browsers.mjs';
import { figuresTests } from './figures.mjs';

const { driver, options } = suiteFor('chromium', { reset: ['tabs', 'storage'] });
figuresTests(test, driver, options);
