// The basic suite (basics.mjs) in real Firefox ESR: the built Firefox package installed as a temporary add-on.
import { test } from 'node:test';
import { basicTests } from './basics.mjs';
import { suiteFor } from './browsers.mjs';

const { driver, options } = suiteFor('firefox');
basicTests(test, driver, options);
