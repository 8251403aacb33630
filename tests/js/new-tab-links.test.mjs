// Every link the extension opens in a new tab (a source, a platform's page) is made by dom.js
// `newTabLink`, which gives the page it opens no `window.opener` and no referrer: a script that sets
// `target: '_blank'` itself could forget `rel`, so none may.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';

const dir = new URL('../../extension/', import.meta.url);
const scripts = readdirSync(dir).filter((name) => name.endsWith('.js'));

test('dom.js makes new-tab links with noopener and noreferrer', () => {
  assert.match(readFileSync(new URL('dom.js', dir), 'utf8'), /newTabLink = .*target: '_blank', rel: 'noopener noreferrer'/);
});

for (const name of scripts.filter((n) => n !== 'dom.js')) {
  test(`extension/${name} opens no link in a new tab but through newTabLink`, () => {
    assert.doesNotMatch(readFileSync(new URL(name, dir), 'utf8'), /_blank|noopener/);
  });
}
