// The extraction cases (extraction-cases.mjs) in real Chromium, against build/chrome's extract.js.
import { test } from 'node:test';
import { suiteFor } from './browsers.mjs';
import { extractionCaseTests } from './extraction-cases.mjs';

const { driver, options } = suiteFor('chromium', { reset: [] });
extractionCaseTests(test, driver, options);
