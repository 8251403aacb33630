// The basic suite (basics.mjs) in real Chromium: the built Chrome package loaded unpacked.
import { test } from 'node:test';
import { basicTests } from './basics.mjs';
import { suiteFor } from './browsers.mjs';

const { driver, options } = suiteFor('chromium');
basicTests(test, driver, options);
