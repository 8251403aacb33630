// End to end in real Firefox ESR through geckodriver: the built Firefox package installed as a temporary
// add-on, fixture pages served at the platforms' real addresses (DNS forced to a loopback HTTPS server
// with a self-signed certificate) with a strict CSP, and every request audited.
//
// The twin of chromium.test.mjs. Firefox cannot route requests from the test like Playwright does, so:
// - every host name resolves to 127.0.0.1 (network.dns.forceResolve), and the fixture server listens
//   there on a free port; match patterns ignore ports, so https://www.facebook.com:<port>/... is a real
//   Facebook address for the add-on;
// - a proxy auto-config sends every other request (any other port, any scheme) to an audit proxy that
//   records it and refuses it, and MOZ_DISABLE_NONLOCAL_CONNECTIONS makes any non-loopback connection fail.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { GECKO_ID } from '../../tools/manifest.mjs';
import { BUILD, HOST_TAG, OUT, STRICT_CSP, fixture, readWarningsInPage, recordTimings, tabIdForUrlInExtension } from './support.mjs';
import { Session, startGeckodriver } from './webdriver.mjs';

const EXTENSION = BUILD('firefox');
const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/lib/firefox-esr/firefox-esr';
const ADDON_UUID = randomUUID();
/** Poll interval for anything waited on (the WebDriver default of 500 ms would blur the timings). */
const POLL_MS = 50;
/** A hung browser fails the test instead of stalling the run. */
const TEST_TIMEOUT_MS = 30000;

let tempDir;
let fixtureServer;
let fixturePort;
let auditProxy;
let geckodriver;
let session;
/** The tab the session started with; tests open their own tabs and come back here. */
let homeTab;
/** url (with the fixture server's port) -> html of the fixture currently served there. */
const served = new Map();
/** Every request the fixture server received: https://<Host header><path>. */
const requests = [];
/** Every request that reached the audit proxy: anything Firefox tried to reach but the fixture server. */
const escaped = [];

/** The hosts of the add-on's content-script match patterns: the certificate covers them all. */
function platformHosts() {
  const manifest = JSON.parse(readFileSync(join(EXTENSION, 'manifest.json'), 'utf8'));
  const patterns = manifest.content_scripts.flatMap((script) => script.matches);
  return [...new Set(patterns.map((pattern) => /^https:\/\/\*\.([^/]+)\/\*$/.exec(pattern)?.[1]).filter(Boolean))];
}

/** A self-signed certificate for the platform hosts, valid two days. */
function makeCertificate(dir) {
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  const names = platformHosts().flatMap((host) => [`DNS:*.${host}`, `DNS:${host}`]);
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert,
    '-subj', '/CN=www.facebook.com', '-addext', `subjectAltName=${names.join(',')}`, '-days', '2',
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  return { key: readFileSync(key), cert: readFileSync(cert) };
}

const listen = (server) =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server.address().port));
  });

const close = (server) =>
  new Promise((resolve) => {
    if (!server?.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections?.();
  });

/** The fixture's real address, on the fixture server's port. */
function withPort(url) {
  const u = new URL(url);
  u.port = String(fixturePort);
  return u.href;
}

/**
 * Firefox prefs: DNS forced to loopback, every request but the fixture server's sent to the audit proxy,
 * the background services that would call home turned off, and the add-on's UUID fixed.
 */
function firefoxPrefs(auditPort) {
  const pac = `function FindProxyForURL(url, host) {
    return url.indexOf('https://' + host + ':${fixturePort}/') === 0 ? 'DIRECT' : 'PROXY 127.0.0.1:${auditPort}';
  }`;
  return {
    'network.dns.forceResolve': '127.0.0.1',
    'network.trr.mode': 5,
    'network.proxy.type': 2,
    'network.proxy.autoconfig_url': `data:application/x-ns-proxy-autoconfig,${encodeURIComponent(pac)}`,
    // Loopback addresses too go through the auto-config (Firefox skips it for them by default).
    'network.proxy.allow_hijacking_localhost': true,
    'network.proxy.failover_direct': false,
    'services.settings.server': 'http://127.0.0.1:9/v1',
    'app.update.disabledForTesting': true,
    'toolkit.telemetry.enabled': false,
    'datareporting.policy.dataSubmissionEnabled': false,
    'extensions.update.enabled': false,
    'browser.safebrowsing.update.enabled': false,
    'network.captive-portal-service.enabled': false,
    'network.connectivity-service.enabled': false,
    // Firefox fetches /favicon.ico of every page without an icon link: a browser feature, not the add-on's.
    'browser.chrome.site_icons': false,
    'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: ADDON_UUID }),
  };
}

before(async () => {
  if (!existsSync(join(EXTENSION, 'manifest.json'))) throw new Error(`${EXTENSION} is missing: run make packages`);
  tempDir = mkdtempSync(join(tmpdir(), 'dlens-firefox-'));

  fixtureServer = createHttpsServer(makeCertificate(tempDir), (request, response) => {
    const url = `https://${request.headers.host}${request.url}`;
    requests.push(url);
    const html = request.method === 'GET' ? served.get(url) : undefined;
    if (html === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not a fixture\n');
      return;
    }
    response
      .writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': STRICT_CSP,
        'cache-control': 'no-store',
      })
      .end(html);
  });
  fixturePort = await listen(fixtureServer);

  auditProxy = createHttpServer((request, response) => {
    escaped.push(`${request.method} ${request.url}`);
    response.writeHead(403).end();
  });
  auditProxy.on('connect', (request, socket) => {
    escaped.push(`CONNECT ${request.url}`);
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  auditProxy.on('upgrade', (request, socket) => {
    escaped.push(`UPGRADE ${request.url}`);
    socket.destroy();
  });
  const auditPort = await listen(auditProxy);

  geckodriver = await startGeckodriver({
    // geckodriver makes the Firefox profile under TMPDIR: inside our temp dir, removed in `after`.
    env: { MOZ_DISABLE_NONLOCAL_CONNECTIONS: '1', TMPDIR: tempDir },
  });
  session = await Session.create(geckodriver.url, {
    firefox: { binary: FIREFOX, args: ['-headless'], prefs: firefoxPrefs(auditPort) },
  });
  const addonId = await session.installTemporaryAddon(EXTENSION);
  assert.equal(addonId, GECKO_ID);
  homeTab = await session.windowHandle();
}, { timeout: TEST_TIMEOUT_MS });

after(async () => {
  try {
    await session?.delete();
  } catch (error) {
    console.error(`# could not end the Firefox session: ${error.message}`);
  }
  await geckodriver?.stop();
  await Promise.all([close(fixtureServer), close(auditProxy)]);
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
});

/** Runs in the page: resolves when `selector` matches, polling every `intervalMs`. */
function waitForSelectorInPage(selector, timeoutMs, intervalMs) {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const check = () => {
      if (document.querySelector(selector)) resolve(true);
      else if (performance.now() - start > timeoutMs) reject(new Error(`no ${selector} after ${timeoutMs} ms`));
      else setTimeout(check, intervalMs);
    };
    check();
  });
}

/** Opens a new tab and makes it the current one. */
async function openTab() {
  const handle = await session.newTab();
  await session.switchTo(handle);
  return handle;
}

async function closeTab(handle) {
  await session.switchTo(handle);
  await session.closeTab();
  await session.switchTo(homeTab);
}

/** Opens a fixture at its real address in the current tab and waits for the extension's warning. */
async function openFixture(relativePath) {
  const fx = fixture(relativePath);
  const url = withPort(fx.url);
  served.set(url, fx.html);
  await session.navigate(url);
  await session.executeAsync(waitForSelectorInPage, HOST_TAG, 15000, POLL_MS);
  const warnings = await session.execute(readWarningsInPage, HOST_TAG);
  return { fx, url, warnings };
}

test('the warning appears on Facebook\'s "Where you\'re logged in" page despite a strict CSP', { timeout: TEST_TIMEOUT_MS }, async () => {
  const tab = await openTab();
  try {
    const { fx, warnings } = await openFixture('facebook/sessions-en.html');
    const texts = warnings.flatMap((w) => w.texts);
    assert.ok(
      texts.includes('Facebook keeps login IP addresses and times. Legal process that reaches it: subpoena, court order. A subpoena needs no judge.'),
      `warning texts in the page: ${JSON.stringify(texts)}`,
    );
    assert.deepEqual(texts, fx.report.findings.map((f) => f.text), 'the page shows exactly what the CLI reports');
    await session.execute((tag) => document.querySelector(tag).scrollIntoView({ block: 'center' }), HOST_TAG);
    await session.screenshot(join(OUT, 'firefox-facebook-sessions-en.png'));
  } finally {
    await closeTab(tab);
  }
});

test('the popup shows the report of the tab, and the badge counts its warnings', { timeout: TEST_TIMEOUT_MS }, async () => {
  const page = await openTab();
  const popup = await session.newTab();
  try {
    const { fx, url } = await openFixture('facebook/sessions-en.html');
    await session.switchTo(popup);
    await session.navigate(`moz-extension://${ADDON_UUID}/popup.html`);
    // The stored report's url is the page's, port included.
    const tabId = await session.executeAsync(tabIdForUrlInExtension, url);
    assert.notEqual(tabId, null, 'the background stored a report for the page\'s tab');
    await session.navigate(`moz-extension://${ADDON_UUID}/popup.html?tab=${tabId}`);
    await session.executeAsync(waitForSelectorInPage, '#findings', 10000, POLL_MS);
    assert.deepEqual(await session.texts('#platform'), ['Facebook']);
    assert.deepEqual(await session.texts('#findings li p'), fx.report.findings.map((f) => f.text));
    const badge = await session.executeAsync((id) => (globalThis.browser ?? globalThis.chrome).action.getBadgeText({ tabId: id }), tabId);
    assert.equal(badge, String(fx.report.findings.length));
    const { width, height } = await session.windowRect();
    await session.setWindowRect({ width: 420, height: 480 });
    await session.screenshot(join(OUT, 'firefox-popup.png'));
    await session.setWindowRect({ width, height });
  } finally {
    await closeTab(popup);
    await closeTab(page);
  }
});

/**
 * Runs in Firefox's privileged (chrome) context: the add-on's background state ('running', 'stopped', ...),
 * after stopping the background first if `stop`. Extension#terminateBackground is what Firefox's own tests
 * use to suspend an event page, as Firefox does by itself after it has been idle.
 */
async function backgroundStateInChrome(addonId, stop) {
  const extension = globalThis.WebExtensionPolicy.getByID(addonId)?.extension;
  if (!extension) throw new Error(`add-on ${addonId} is not running`);
  if (stop) {
    if (typeof extension.terminateBackground !== 'function') throw new Error('this Firefox has no Extension#terminateBackground');
    await extension.terminateBackground({ disableResetIdleForTest: true });
  }
  return extension.backgroundState;
}

async function backgroundState({ stop = false } = {}) {
  await session.setContext('chrome');
  try {
    return await session.executeAsync(backgroundStateInChrome, GECKO_ID, stop);
  } finally {
    await session.setContext('content');
  }
}

test('after the background script is stopped, the next page is still classified', { timeout: TEST_TIMEOUT_MS }, async () => {
  assert.equal(await backgroundState({ stop: true }), 'stopped');
  const tab = await openTab();
  try {
    // The same address as the English page: the server now answers it with the Spanish one.
    const { warnings, fx } = await openFixture('facebook/sessions-es.html');
    const texts = warnings.flatMap((w) => w.texts);
    assert.deepEqual(texts, fx.report.findings.map((f) => f.text));
    assert.match(texts[0], /^Facebook guarda /);
    assert.equal(await backgroundState(), 'running', 'the background runs again');
  } finally {
    await closeTab(tab);
  }
});

test('time from navigation to warning (in-page, ms since navigation start)', { timeout: 2 * TEST_TIMEOUT_MS }, async () => {
  const times = [];
  for (let run = 0; run < 7; run++) {
    const tab = await openTab();
    try {
      const { warnings } = await openFixture('facebook/sessions-en.html');
      times.push(Math.min(...warnings.map((w) => w.renderedAt)));
    } finally {
      await closeTab(tab);
    }
  }
  assert.ok(times.every((t) => Number.isFinite(t) && t > 0), `times: ${times}`);
  recordTimings('firefox', 'navigation to warning', times);
});

test('no request left the browser except to the fixture pages', { timeout: TEST_TIMEOUT_MS }, async () => {
  const unexpected = requests.filter((url) => !served.has(url));
  assert.deepEqual(unexpected, [], 'the fixture server got only fixture requests');
  assert.deepEqual(escaped, [], 'nothing else was reached');
  assert.ok(requests.length > 0, 'the audit saw the fixture requests');
  // The audit can see: a request to any other address lands in the audit proxy's log.
  await session.navigate('https://tracker.example/pixel').catch(() => {});
  assert.deepEqual(escaped, ['CONNECT tracker.example:443']);
});
