// The extraction cases (extraction-cases.mjs) in real Firefox ESR, against build/firefox's extract.js.
import { test } from 'node:test';
import { suiteFor } from './browsers.mjs';
import { extractionCaseTests } from './extraction-cases.mjs';

const { driver, options } = suiteFor('firefox', { reset: [] });
extractionCaseTests(test, driver, options);
