// From a data-download page to the archive page (archive-link.mjs) in real Chromium.
import { test } from 'node:test';
import { archiveLinkTests } from './archive-link.mjs';
import { suiteFor } from './browsers.mjs';

// The last test dismisses every warning: storage is cleared after each.
const { driver, options } = suiteFor('chromium', { reset: ['tabs', 'storage'] });
archiveLinkTests(test, driver, options);
