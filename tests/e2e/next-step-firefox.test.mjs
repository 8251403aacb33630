// "What you can do" (next-step.mjs) in real Firefox ESR.
import { test } from 'node:test';
import { suiteFor } from './browsers.mjs';
import { nextStepTests } from './next-step.mjs';

const { driver, options } = suiteFor('firefox', { reset: [] });
nextStepTests(test, driver, options);
