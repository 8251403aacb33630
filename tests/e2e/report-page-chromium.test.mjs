// The printable report, in both languages, and the partial-page notice (report-page.mjs, report-language.mjs) in real Chromium.
import { test } from 'node:test';
import { suiteFor } from './browsers.mjs';
import { reportLanguageTests } from './report-language.mjs';
import { reportPageTests } from './report-page.mjs';

const { driver, options } = suiteFor('chromium', { reset: ['tabs', 'storage'] });
reportPageTests(test, driver, options);
reportLanguageTests(test, driver, options);
