// The generated manifests ask for the least the extension needs, and each browser gets what it reads.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { CONTENT_SCRIPTS, GECKO_ID, hostPatterns, manifest } from '../../tools/manifest.mjs';

const platforms = JSON.parse(readFileSync(new URL('../../build/kb.json', import.meta.url), 'utf8'));
const cargoVersion = readFileSync(new URL('../../Cargo.toml', import.meta.url), 'utf8').match(/^version = "(.+)"$/m)[1];
const chrome = manifest('chrome', platforms, cargoVersion);
const firefox = manifest('firefox', platforms, cargoVersion);

test('permissions: storage, and activeTab + scripting for scans the user asks for; content scripts only on the knowledge base hosts', () => {
  for (const m of [chrome, firefox]) {
    assert.deepEqual(m.permissions, ['storage', 'activeTab', 'scripting']);
    assert.equal(m.host_permissions, undefined);
    assert.equal(m.optional_permissions, undefined);
    const matches = m.content_scripts.flatMap((c) => c.matches);
    assert.deepEqual(matches, hostPatterns(platforms));
    assert.ok(matches.every((p) => /^https:\/\/(\*\.)?[a-z0-9.-]+\/\*$/.test(p)), 'no wildcard hosts, no paths, no http');
    assert.ok(matches.includes('https://*.facebook.com/*'));
  }
});

/** Whether a match pattern of the form `https://[*.]host/*` matches the URL (as the browser does). */
function matchesUrl(pattern, url) {
  const host = new URL(url).hostname;
  const [, wildcard, patternHost] = pattern.match(/^https:\/\/(\*\.)?([^/]+)\/\*$/);
  return url.startsWith('https://') && (host === patternHost || (wildcard !== undefined && host.endsWith(`.${patternHost}`)));
}

test('platforms without account_hosts get every host and its subdomains; the others exactly their account hosts', () => {
  const patterns = hostPatterns(platforms);
  for (const p of platforms) {
    const own = p.account_hosts ? p.account_hosts.map((h) => `https://${h}/*`) : p.hosts.map((h) => `https://*.${h}/*`);
    for (const pattern of own) assert.ok(patterns.includes(pattern), `${p.id}: ${pattern}`);
  }
  assert.equal(new Set(patterns).size, patterns.length);
  assert.ok(platforms.length >= 20);
});

test('the content scripts run on account pages and not on the mail, documents or search of the same companies', () => {
  const patterns = hostPatterns(platforms);
  const runsOn = (url) => patterns.some((p) => matchesUrl(p, url));
  // Single-page apps that reach their settings in place keep the whole host.
  for (const url of [
    'https://myaccount.google.com/device-activity',
    'https://accounts.google.com/v3/signin/challenge/pwd',
    'https://takeout.google.com/',
    'https://www.youtube.com/',
    'https://www.youtube.com/feed/history',
    'https://github.com/torvalds/linux',
    'https://github.com/settings/sessions',
    'https://account.microsoft.com/privacy/activity-history',
    'https://account.apple.com/account/manage/section/devices',
    'https://www.amazon.com/hz/privacy-central/data-requests/preview.html',
    'https://www.amazon.de/gp/css/homepage.html',
    'https://www.facebook.com/',
    'https://es-la.facebook.com/settings?tab=security',
    'https://x.com/home',
  ]) assert.ok(runsOn(url), `runs on ${url}`);
  for (const url of [
    'https://mail.google.com/mail/u/0/#inbox',
    'https://docs.google.com/document/d/1/edit',
    'https://www.google.com/search?q=x',
    'https://gmail.com/',
    'https://www.icloud.com/mail',
    'https://www.apple.com/shop',
    'https://gist.github.com/someone/1',
    'https://youtu.be/Xk3v9Qp2LmA',
    'https://music.youtube.com/',
    'https://www.bing.com/search?q=x',
    'https://aws.amazon.com/',
    'http://myaccount.google.com/',
  ]) assert.ok(!runsOn(url), `does not run on ${url}`);
});

test('WebAssembly is allowed on extension pages, nothing else is loosened, and nothing can be sent', () => {
  for (const m of [chrome, firefox]) {
    const csp = m.content_security_policy.extension_pages;
    const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...sources]) => [name, sources]));
    assert.deepEqual(directives['script-src'], ["'self'", "'wasm-unsafe-eval'"]);
    assert.deepEqual(directives['object-src'], ["'self'"]);
    // "Sends nothing", enforced: connections only to the extension's own files (or none at all).
    assert.ok(["'self'", "'none'"].includes(directives['connect-src']?.join(' ')), `connect-src: ${directives['connect-src']}`);
    assert.equal(directives['default-src'], undefined, 'no default-src that could loosen connect-src');
    assert.equal(m.web_accessible_resources, undefined);
  }
});

test('Chrome gets a module service worker; Firefox a background script, its id and no data collection', () => {
  assert.deepEqual(chrome.background, { service_worker: 'background.js', type: 'module' });
  assert.equal(chrome.minimum_chrome_version, '121');
  assert.equal(chrome.browser_specific_settings, undefined);
  assert.deepEqual(firefox.background, { scripts: ['background.js'], type: 'module' });
  assert.equal(firefox.browser_specific_settings.gecko.id, GECKO_ID);
  // Desktop from ESR 140 (Debian 12's), Android from 142: the first releases that read
  // data_collection_permissions there.
  assert.equal(firefox.browser_specific_settings.gecko.strict_min_version, '140.0');
  assert.deepEqual(firefox.browser_specific_settings.gecko_android, { strict_min_version: '142.0' });
  assert.deepEqual(firefox.browser_specific_settings.gecko.data_collection_permissions, { required: ['none'] });
});

test('the extension version is the crate version', () => {
  const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  assert.equal(version, cargoVersion);
});

test('an unknown browser is refused', () => {
  assert.throws(() => manifest('safari', platforms, '1.0.0'), /unknown browser/);
});

test("the popup's scan injects the manifest's content scripts, not a list of its own", () => {
  const popup = readFileSync(new URL('../../extension/popup.js', import.meta.url), 'utf8');
  assert.match(popup, /files: contentScripts\(\)/);
  assert.match(popup, /getManifest\(\)\.content_scripts/);
  for (const script of CONTENT_SCRIPTS) assert.ok(!popup.includes(`'${script}'`), `popup.js names ${script}`);
  for (const m of [chrome, firefox]) assert.deepEqual(m.content_scripts.flatMap((entry) => entry.js), CONTENT_SCRIPTS);
});

test('content scripts never wait for slow images: Chromium injects them at document_end, Firefox at document_start', () => {
  assert.deepEqual(chrome.content_scripts.map((c) => c.run_at), ['document_end']);
  // content.js then starts its work at DOMContentLoaded (hostile-page.mjs: a page cannot stop it).
  assert.deepEqual(firefox.content_scripts.map((c) => c.run_at), ['document_start']);
});
