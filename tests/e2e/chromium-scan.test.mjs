// "Scan this page" (scan.mjs) in real Chromium.
import { test } from 'node:test';
import { suiteFor } from './browsers.mjs';
import { scanTests } from './scan.mjs';

const { driver, options } = suiteFor('chromium');
scanTests(test, driver, options);
