// Every interface string exists in English and Spanish, and every defined string is used.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';

const dir = new URL('../../extension/', import.meta.url);
const messages = (lang) => JSON.parse(readFileSync(new URL(`_locales/${lang}/messages.json`, dir), 'utf8'));
const en = messages('en');
const es = messages('es');
const sources = readdirSync(dir)
  .filter((f) => /\.(js|html)$/.test(f))
  .map((f) => readFileSync(new URL(f, dir), 'utf8'))
  .join('\n');
const manifestSource = readFileSync(new URL('../../tools/manifest.mjs', import.meta.url), 'utf8');

/** Keys named in the code: as a quoted string ('key', data-i18n="key"), as __MSG_key__, or by prefix (t(`prefix_${...}`)). */
const used = new Set([...`${sources}\n${manifestSource}`.matchAll(/['"](\w+)['"]|__MSG_(\w+)__/g)].map((m) => (m[1] ?? m[2]).replace(/^__MSG_(\w+)__$/, '$1')));
const prefixes = [...sources.matchAll(/\bt\(`(\w+)\$\{/g)].map((m) => m[1]);
const isUsed = (key) => used.has(key) || prefixes.some((p) => key.startsWith(p));

test('English and Spanish define the same keys, none empty', () => {
  assert.deepEqual(Object.keys(es).sort(), Object.keys(en).sort());
  for (const [key, entry] of [...Object.entries(en), ...Object.entries(es)]) assert.ok(entry.message.trim(), key);
});

test('placeholders match between languages', () => {
  for (const key of Object.keys(en)) assert.deepEqual(Object.keys(es[key].placeholders ?? {}), Object.keys(en[key].placeholders ?? {}), key);
});

test('every key the code looks up is defined', () => {
  const lookedUp = [...sources.matchAll(/\bt\('(\w+)'|data-i18n="(\w+)"/g)].map((m) => m[1] ?? m[2]);
  for (const key of lookedUp) assert.ok(key in en, `missing key ${key}`);
});

test('every defined key is used', () => {
  const unused = Object.keys(en).filter((key) => !isUsed(key));
  assert.deepEqual(unused, []);
});
