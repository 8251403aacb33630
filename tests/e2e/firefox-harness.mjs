// Real Firefox ESR through geckodriver, with the built Firefox package installed as a temporary add-on,
// fixture pages served at the platforms' real addresses under a strict CSP, and an audit of every
// request. The twin of chromium-harness.mjs.
//
// Firefox cannot route requests from the test like Playwright does, so:
// - every host name resolves to 127.0.0.1 (network.dns.forceResolve), and the fixture server listens
//   there on a free port with a self-signed certificate for the platform hosts; match patterns ignore
//   ports, so https://www.facebook.com:<port>/... is a real Facebook address for the add-on;
// - a proxy auto-config sends every other request (any other port, any scheme) to an audit proxy that
//   records it and refuses it, and MOZ_DISABLE_NONLOCAL_CONNECTIONS makes any non-loopback connection fail.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GECKO_ID } from '../../tools/manifest.mjs';
import { BUILD, ROOT, STRICT_CSP, centreOfInWarning, fixture, readWarning, tabIdForUrlInExtension } from './support.mjs';
import { Session, requireBrowserVersion, startGeckodriver } from './webdriver.mjs';

export { GECKO_ID };
export const EXTENSION = BUILD('firefox');
const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/lib/firefox-esr/firefox-esr';
/** Poll interval for anything waited on (the WebDriver default of 500 ms would blur the timings). */
export const POLL_MS = 50;
/** Starting Firefox takes 3–4 s on an idle machine, far longer on a busy one; a hung start still fails. */
export const LAUNCH_TIMEOUT_MS = 60000;

/** The hosts of the add-on's content-script match patterns: the certificate covers them all. */
function platformHosts() {
  const manifest = JSON.parse(readFileSync(join(EXTENSION, 'manifest.json'), 'utf8'));
  const patterns = manifest.content_scripts.flatMap((script) => script.matches);
  return [...new Set(patterns.map((pattern) => /^https:\/\/\*\.([^/]+)\/\*$/.exec(pattern)?.[1]).filter(Boolean))];
}

/** A self-signed certificate for the platform hosts, valid two days. */
export function makeCertificate(dir) {
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

/**
 * Firefox prefs: DNS forced to loopback, every request but the fixture server's sent to the audit proxy,
 * the background services that would call home turned off, and the add-on's UUID fixed.
 */
export function firefoxPrefs({ fixturePort, auditPort, addonUuid }) {
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
    'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: addonUuid }),
  };
}

/** WebDriver's errors for an element or shadow root no longer in the page. */
const GONE = ['stale element reference', 'detached shadow root', 'no such element'];

/** Where a warning's host can be: elements without child nodes (its content is in its shadow root). */
const EMPTY_ELEMENTS = 'body *:empty:not(input, img, br, hr, svg, svg *, source, track, wbr)';

/** Runs in the page: resolves when `selector` matches, polling every `intervalMs`. */
export function waitForSelectorInPage(selector, timeoutMs, intervalMs) {
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

/** Runs in the page: resolves with the value of `predicate(...args)` once it is truthy, polling every `intervalMs`. */
export function waitForFunctionInPage(predicate, args, timeoutMs, intervalMs) {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const check = async () => {
      let value;
      try {
        value = await predicate(...args);
      } catch (error) {
        reject(error);
        return;
      }
      if (value) resolve(value);
      else if (performance.now() - start > timeoutMs) reject(new Error(`still false after ${timeoutMs} ms: ${predicate}`));
      else setTimeout(check, intervalMs);
    };
    check();
  });
}

/** axe-core's source, run in a tab by WebDriver (neither the page's nor the extension's CSP applies to WebDriver's scripts). */
const AXE_SOURCE = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/**
 * axe-core in the session's current tab, on the elements matching `include` or the whole document:
 * `{ violations: ["id (nodes) help: first target"], passes: number of rules passed }`. A failure of axe
 * itself is a violation, never an empty list. The one axe runner of the Firefox suites.
 */
export function axe(session, include = null) {
  const script = `const done = arguments[arguments.length - 1];
    const module = undefined, exports = undefined, define = undefined;
    ${AXE_SOURCE}
    const context = arguments[0] ? { include: [[arguments[0]]] } : document;
    axe.run(context).then(
      (r) => done({ violations: r.violations.map((v) => v.id + ' (' + v.nodes.length + ') ' + v.help + ': ' + v.nodes[0]?.target), passes: r.passes.length }),
      (e) => done({ violations: ['axe failed: ' + e], passes: 0 }));`;
  return session.cmd('POST', '/execute/async', { script, args: [include] });
}

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

/**
 * The Firefox this suite drives must be one that installs the add-on: at least the package's
 * strict_min_version. Returns its version; throws "Firefox ESR ≥ 140 needed, found …" otherwise.
 */
export function checkFirefoxVersion() {
  if (!existsSync(join(EXTENSION, 'manifest.json'))) throw new Error(`${EXTENSION} is missing: run make packages`);
  const manifest = JSON.parse(readFileSync(join(EXTENSION, 'manifest.json'), 'utf8'));
  return requireBrowserVersion({
    name: 'Firefox ESR',
    binary: FIREFOX,
    minimum: manifest.browser_specific_settings.gecko.strict_min_version,
    hint: 'Install a newer firefox-esr (Debian 12: apt-get update && apt-get install firefox-esr), or set FIREFOX_PATH to one.',
  });
}

/**
 * Starts the fixture server, the audit proxy, geckodriver and Firefox, and installs the add-on.
 * Returns the session and what the tests share; `close()` ends it all.
 */
export async function launchFirefox() {
  checkFirefoxVersion();
  const tempDir = mkdtempSync(join(tmpdir(), 'dlens-firefox-'));
  const addonUuid = randomUUID();
  /** url (with the fixture server's port) -> { html, csp } of the fixture currently served there. */
  const served = new Map();
  /** Every request the fixture server received: https://<Host header><path>. */
  const requests = [];
  /** Every request that reached the audit proxy: anything Firefox tried to reach but the fixture server. */
  const escaped = [];
  let fixtureServer;
  let auditProxy;
  let geckodriver;
  let session;

  const shutdown = async () => {
    try {
      await session?.delete();
    } catch (error) {
      console.error(`# could not end the Firefox session: ${error.message}`);
    }
    await geckodriver?.stop();
    await Promise.all([close(fixtureServer), close(auditProxy)]);
    rmSync(tempDir, { recursive: true, force: true });
  };

  try {
    fixtureServer = createHttpsServer(makeCertificate(tempDir), (request, response) => {
      const url = `https://${request.headers.host}${request.url}`;
      requests.push(url);
      const page = request.method === 'GET' ? served.get(url) : undefined;
      if (page === undefined) {
        response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not a fixture\n');
        return;
      }
      response
        .writeHead(200, {
          'content-type': 'text/html; charset=utf-8',
          ...(page.csp ? { 'content-security-policy': page.csp } : {}),
          'cache-control': 'no-store',
        })
        .end(page.html);
    });
    const fixturePort = await listen(fixtureServer);

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
      // geckodriver makes the Firefox profile under TMPDIR: inside our temp dir, removed by close().
      env: { MOZ_DISABLE_NONLOCAL_CONNECTIONS: '1', TMPDIR: tempDir },
    });
    session = await Session.create(geckodriver.url, {
      firefox: { binary: FIREFOX, args: ['-headless'], prefs: firefoxPrefs({ fixturePort, auditPort, addonUuid }) },
    });
    const addonId = await session.installTemporaryAddon(EXTENSION);
    if (addonId !== GECKO_ID) throw new Error(`the add-on was installed as ${addonId}, not ${GECKO_ID}`);
    const homeTab = await session.windowHandle();

    /** The fixture's real address, on the fixture server's port. */
    const withPort = (url) => {
      const u = new URL(url);
      u.port = String(fixturePort);
      return u.href;
    };
    const extensionUrl = (path) => `moz-extension://${addonUuid}/${path}`;

    /** Waits in the current tab until `predicate(...args)` (run in the page) is truthy; returns its value. */
    // The predicate goes into the script's source (WebDriver arguments are JSON): no eval in the page.
    const waitFor = (predicate, args = [], timeoutMs = 10000) =>
      session.executeAsync(`(args, timeoutMs, intervalMs) => (${waitForFunctionInPage})(${predicate}, args, timeoutMs, intervalMs)`, args, timeoutMs, POLL_MS);

    /** Opens a new tab and makes it the current one. */
    async function openTab() {
      const handle = await session.newTab();
      await session.switchTo(handle);
      return handle;
    }

    /** Closes the tab `handle` and comes back to the home tab. */
    async function closeTab(handle) {
      await session.switchTo(handle);
      await session.closeTab();
      await session.switchTo(homeTab);
    }

    /**
     * Runs `fn(root, ...args)` in the current tab for the shadow root of each of the extension's
     * warnings, in document order, and returns the results. The roots are closed: the page cannot
     * reach them; WebDriver can (Get Element Shadow Root answers closed roots too, and a shadow root
     * reference passed to a script arrives as the root itself). The hosts are found among the elements
     * with no child nodes (a host's content is all in its shadow root); any of those with a shadow
     * root is taken for the extension's (the fixture pages make none; the hostile ones that do make
     * empty ones).
     */
    async function inWarnings(fn, ...args) {
      // A re-render between two commands detaches the hosts read so far: read them all again.
      for (let attempt = 1; ; attempt++) {
        try {
          return await inWarningsOnce(fn, args);
        } catch (error) {
          if (attempt === 5 || !GONE.includes(error.error)) throw error;
        }
      }
    }

    /** The shadow roots of the elements that may host a warning (see inWarnings), as WebDriver references, in document order. */
    async function warningRoots() {
      const candidates = await session.execute((selector) => [...document.querySelectorAll(selector)], EMPTY_ELEMENTS);
      const roots = [];
      for (const candidate of candidates) {
        try {
          roots.push(await session.cmd('GET', `/element/${Object.values(candidate)[0]}/shadow`));
        } catch (error) {
          if (error.error !== 'no such shadow root') throw error;
        }
      }
      return roots;
    }

    async function inWarningsOnce(fn, args) {
      const results = [];
      for (const root of await warningRoots()) results.push(await session.execute(fn, root, ...args));
      return results;
    }

    /** What each of the extension's warnings in the current tab shows (support.mjs readWarning). */
    const warnings = () => inWarnings(readWarning);

    /** Polls `warnings()` every POLL_MS until `predicate(list)` holds; returns the list. */
    async function waitForWarnings(predicate = (list) => list.length > 0, timeoutMs = 15000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const list = await warnings();
        if (predicate(list)) return list;
        if (Date.now() > deadline) throw new Error(`the warnings never satisfied ${predicate}: ${JSON.stringify(list.map((w) => [w.role, w.findings, w.visible]))}`);
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    }

    /** A real click (WebDriver Element Click: trusted events) on the first element of a warning matching `selector`. */
    async function clickInWarning(selector) {
      for (const root of await warningRoots()) {
        const found = await session.cmd('POST', `/shadow/${Object.values(root)[0]}/elements`, { using: 'css selector', value: selector });
        if (found.length > 0) return session.click(Object.values(found[0])[0]);
      }
      throw new Error(`no warning has ${selector}`);
    }

    /** Scrolls the first banner into the middle of the view (for screenshots). */
    const scrollToWarning = async () => (await inWarnings(centreOfInWarning, '.banner')).find(Boolean);

    /**
     * Opens a fixture at its real address in the current tab and waits for the extension's warning.
     * The page is served with the strict CSP unless `csp` says otherwise (`null`: no CSP at all).
     */
    async function openFixture(relativePath, { csp = STRICT_CSP } = {}) {
      const fx = fixture(relativePath);
      const url = await serve(fx.url, fx.html, { csp });
      return { fx, url, warnings: await waitForWarnings() };
    }

    /** Serves `html` at `url` (on the fixture server's port; `csp: null` for none) and opens it in the current tab; returns the address. */
    async function serve(address, html, { csp = STRICT_CSP } = {}) {
      const url = withPort(address);
      served.set(url, { html, csp });
      await session.navigate(url);
      return url;
    }

    /**
     * Opens the popup for the tab showing `url` in a new tab (made current), as the toolbar button
     * would, and waits until it has rendered everything. Returns `{ handle, tabId }`.
     */
    async function openPopup(url) {
      const handle = await openTab();
      await session.navigate(extensionUrl('popup.html'));
      // The stored report's url is the page's, port included.
      const tabId = await session.executeAsync(tabIdForUrlInExtension, url);
      if (tabId === null) throw new Error(`no report stored for ${url}`);
      await session.navigate(extensionUrl(`popup.html?tab=${tabId}`));
      await session.executeAsync(waitForSelectorInPage, '#tab[data-ready]', 10000, POLL_MS);
      return { handle, tabId };
    }

    /**
     * Waits until the background has stored a report for the tab showing `url` (the page has been
     * scanned), and returns it. Looks from an extension page in a tab of its own; the current tab stays
     * current.
     */
    async function waitForReport(url, accept = () => true, timeoutMs = 15000) {
      const current = await session.windowHandle();
      await openTab();
      try {
        await session.navigate(extensionUrl('options.html'));
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          // Every tab's report for that address (a closed tab's may linger for a moment); `accept` runs here.
          const reports = await session.executeAsync(async (u) => Object.values(await (globalThis.browser ?? globalThis.chrome).storage.session.get(null)).filter((r) => r?.url === u), url);
          const report = reports.find(accept);
          if (report) return report;
          if (Date.now() > deadline) throw new Error(`no report${accept.length ? ' that satisfies ' + accept : ''} was stored for ${url} within ${timeoutMs} ms`);
          await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        }
      } finally {
        await session.closeTab();
        await session.switchTo(current);
      }
    }

    /** Runs `fn(...args)` in an extension page (options.html in a tab of its own), then closes it. */
    async function inExtensionPage(fn, ...args) {
      const current = await session.windowHandle();
      await openTab();
      try {
        await session.navigate(extensionUrl('options.html'));
        return await session.executeAsync(fn, ...args);
      } finally {
        await session.closeTab();
        await session.switchTo(current);
      }
    }

    /** Closes every tab but the home tab, which is left blank and current. */
    async function closeOtherTabs() {
      for (const handle of await session.windowHandles()) {
        if (handle === homeTab) continue;
        await session.switchTo(handle);
        await session.closeTab();
      }
      await session.switchTo(homeTab);
      await session.navigate('about:blank');
    }

    /** Forgets what the user chose (settings, checklist, dismissals, silenced sites): storage.local cleared. */
    function resetStorage() {
      return inExtensionPage(() => (globalThis.browser ?? globalThis.chrome).storage.local.clear());
    }

    /**
     * Installs the add-on again from the same directory, as an update does (about:debugging's Reload
     * does the same): the background restarts, storage.session is emptied, storage.local is kept.
     * Extension pages open in tabs are closed by Firefox; the home tab becomes current.
     */
    async function reinstallAddon() {
      const id = await session.installTemporaryAddon(EXTENSION);
      if (id !== GECKO_ID) throw new Error(`the reinstalled add-on has a new id ${id}`);
      await session.switchTo(homeTab);
    }

    /**
     * Runs `fn(...args)` (may be async) in Firefox's own privileged (chrome) context, where `Services`
     * reaches the prefs and the tabs' browsers; geckodriver's --allow-system-access permits it.
     */
    async function inChrome(fn, ...args) {
      await session.setContext('chrome');
      try {
        return await session.executeAsync(fn, ...args);
      } finally {
        await session.setContext('content');
      }
    }

    /** The add-on's background state, after stopping it first if `stop`. */
    const backgroundState = ({ stop = false } = {}) => inChrome(backgroundStateInChrome, GECKO_ID, stop);

    return {
      session,
      addonUuid,
      homeTab,
      served,
      requests,
      escaped,
      withPort,
      extensionUrl,
      waitFor,
      openTab,
      closeTab,
      openFixture,
      serve,
      inWarnings,
      warnings,
      waitForWarnings,
      clickInWarning,
      scrollToWarning,
      openPopup,
      waitForReport,
      inExtensionPage,
      closeOtherTabs,
      resetStorage,
      reinstallAddon,
      inChrome,
      backgroundState,
      close: shutdown,
    };
  } catch (error) {
    await shutdown();
    throw error;
  }
}
