// The differential suite (differential.mjs) in real Chromium.
import { test } from 'node:test';
import { suiteFor } from './browsers.mjs';
import { differentialTests } from './differential.mjs';

const { driver, options } = suiteFor('chromium', { reset: [] });
differentialTests(test, driver, options);
