// "Scan this page" (scan.mjs) in real Firefox ESR.
import { test } from 'node:test';
import { suiteFor } from './browsers.mjs';
import { scanTests } from './scan.mjs';

const { driver, options } = suiteFor('firefox');
scanTests(test, driver, options);
