// "What you can do" (next-step.mjs) in real Chromium.
import { test } from 'node:test';
import { suiteFor } from './browsers.mjs';
import { nextStepTests } from './next-step.mjs';

const { driver, options } = suiteFor('chromium', { reset: [] });
nextStepTests(test, driver, options);
