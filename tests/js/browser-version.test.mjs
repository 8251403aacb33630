// The end-to-end run says which browser version it needs when an older one is installed
// (webdriver.mjs requireBrowserVersion, used by the Firefox harness and `make test-e2e`).
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { requireBrowserVersion } from '../e2e/webdriver.mjs';

const dir = mkdtempSync(join(tmpdir(), 'dlens-browser-version-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A stand-in browser binary whose `--version` prints `output`. */
function browserSaying(output) {
  const path = join(dir, `firefox-${Math.random().toString(36).slice(2)}`);
  writeFileSync(path, `#!/bin/sh\necho '${output}'\n`);
  chmodSync(path, 0o755);
  return path;
}

const check = (binary) => requireBrowserVersion({ name: 'Firefox ESR', binary, minimum: '140.0', hint: 'Install a newer one.' });

test('a browser at or above the minimum passes and its version is returned', () => {
  assert.equal(check(browserSaying('Mozilla Firefox 140.12.0esr')), '140.12.0esr');
  assert.equal(check(browserSaying('Mozilla Firefox 153.8.0esr')), '153.8.0esr');
});

test('an older browser fails with what is needed and what was found', () => {
  const old = browserSaying('Mozilla Firefox 128.14.0esr');
  assert.throws(() => check(old), { message: `Firefox ESR ≥ 140 needed, found 128.14.0esr (${old}). Install a newer one.` });
  assert.throws(() => requireBrowserVersion({ name: 'Firefox', binary: browserSaying('Mozilla Firefox 142.0'), minimum: '142.1' }), /Firefox ≥ 142\.1 needed, found 142\.0/);
});

test('a missing or unreadable browser fails with the same need', () => {
  assert.throws(() => check(join(dir, 'no-such-firefox')), /^Error: Firefox ESR ≥ 140 needed, but .*no-such-firefox --version failed/);
  assert.throws(() => check(browserSaying('no version here')), /Firefox ESR ≥ 140 needed, but .* said "no version here"/);
});
