// Real Chromium with the built Chrome package, fixture pages served at the platforms' real addresses
// (request routing) under a strict CSP, and an audit of every http(s) request.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { BUILD, STRICT_CSP, centreOfInWarning, fixture, readWarning, tabIdForUrlInExtension } from './support.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `fn(root, ...args)` in `page` for the shadow root of each of the extension's warnings, in
 * document order, and returns the results. The roots are closed: the page cannot reach them, and
 * neither can Playwright's selectors; CDP can (DOM.getDocument with `pierce` lists closed roots).
 * Any shadow root that is not the browser's own is taken for the extension's (the fixture pages make
 * none; the hostile ones that do make empty ones): open roots too, so that the same tests read an
 * extension that still used open ones.
 */
export const inWarnings = (page, fn, ...args) => eachWarning(page, fn, args, false);

/** `fn(root, ...args)` for the extension's warnings in document order, until one returns a truthy value: that value, or null. */
export const inFirstWarning = async (page, fn, ...args) => (await eachWarning(page, fn, args, true)).find(Boolean) ?? null;

async function eachWarning(page, fn, args, untilTruthy) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
    const closed = []; // or open: see above
    const walk = (node) => {
      for (const shadow of node.shadowRoots ?? []) {
        if (shadow.shadowRootType !== 'user-agent') closed.push(shadow.backendNodeId);
      }
      for (const child of node.children ?? []) walk(child);
    };
    walk(root);
    const results = [];
    for (const backendNodeId of closed) {
      const { object } = await cdp.send('DOM.resolveNode', { backendNodeId });
      const { result, exceptionDetails } = await cdp.send('Runtime.callFunctionOn', {
        objectId: object.objectId,
        functionDeclaration: `function (...args) { return (${fn})(this, ...args); }`,
        arguments: args.map((value) => ({ value })),
        returnByValue: true,
        awaitPromise: true,
      });
      if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
      results.push(result.value);
      if (untilTruthy && result.value) break;
    }
    return results;
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/** What each of the extension's warnings in `page` shows (support.mjs readWarning). */
export const warnings = (page) => inWarnings(page, readWarning);

/** Polls `warnings(page)` every 50 ms until `predicate(list)` holds; returns the list. */
export async function waitForWarnings(page, predicate = (list) => list.length > 0, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const list = await warnings(page);
    if (predicate(list)) return list;
    if (Date.now() > deadline) throw new Error(`the warnings never satisfied ${predicate}: ${JSON.stringify(list.map((w) => [w.role, w.findings, w.visible]))}`);
    await sleep(50);
  }
}

/** A real, trusted click (mouse events from the browser) on the first element of a warning matching `selector`. */
export async function clickInWarning(page, selector) {
  const point = await inFirstWarning(page, centreOfInWarning, selector);
  if (!point) throw new Error(`no warning has ${selector}`);
  await page.mouse.click(point.x, point.y);
}

/** Scrolls the first banner into the middle of the view (for screenshots). */
export const scrollToWarning = (page) => inFirstWarning(page, centreOfInWarning, '.banner');

/** Focuses the first element of a warning matching `selector`, for keyboard tests. */
export async function focusInWarning(page, selector) {
  const focused = await inFirstWarning(page, (root, sel) => (root.querySelector(sel)?.focus(), root.activeElement !== null), selector);
  if (!focused) throw new Error(`no warning has ${selector}`);
}

/** Launches Chromium with the extension; `profile` reuses a profile directory, as a browser restart would. */
export async function launchChromium({ profile = mkdtempSync(join(tmpdir(), 'dlens-chromium-')) } = {}) {
  const extension = BUILD('chrome');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      `--disable-extensions-except=${extension}`,
      `--load-extension=${extension}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
      // Lets a test reload the unpacked extension over CDP, as an update would.
      '--enable-unsafe-extension-debugging',
    ],
  });
  /** url -> html of the fixture currently served there. */
  const served = new Map();
  /** Every http(s) request any part of the browser made, the extension's service worker included. */
  const requests = [];
  /** Addresses served without a CSP, so that markup injected into the page could run if it ever got in. */
  const withoutCsp = new Set();
  context.on('request', (request) => {
    if (/^https?:/.test(request.url())) requests.push(request.url());
  });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('chrome-extension://')) return route.continue();
    const html = served.get(url);
    if (html === undefined) return route.abort('blockedbyclient');
    const headers = withoutCsp.has(url) ? {} : { 'content-security-policy': STRICT_CSP };
    return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', headers, body: html });
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  const extensionUrl = (path) => `chrome-extension://${extensionId}/${path}`;

  /**
   * Opens a fixture at its real address (in `page`, or a new tab) and waits for the extension's
   * warning. `csp: false` serves it without the strict CSP.
   */
  async function openFixture(relativePath, page, { csp = true } = {}) {
    const tab = page ?? (await context.newPage());
    const fx = fixture(relativePath);
    await serve(tab, fx.url, fx.html, { csp });
    return { page: tab, fx, warnings: await waitForWarnings(tab) };
  }

  /** Serves `html` at `url` (with the strict CSP unless `csp` is false) and opens it in `page`. */
  async function serve(page, url, html, { csp = true } = {}) {
    served.set(url, html);
    if (csp) withoutCsp.delete(url);
    else withoutCsp.add(url);
    await page.goto(url);
  }

  /** Opens the popup for the tab showing `url`, as the toolbar button would. */
  async function openPopup(url) {
    const popup = await context.newPage();
    await popup.goto(extensionUrl('popup.html'));
    const tabId = await popup.evaluate(tabIdForUrlInExtension, url);
    if (tabId === null) throw new Error(`no report stored for ${url}`);
    await popup.goto(extensionUrl(`popup.html?tab=${tabId}`));
    await popup.waitForSelector('#all .platforms');
    return { popup, tabId };
  }

  /** Loads the unpacked extension again from disk, as an update does, and waits for its new worker. */
  async function reloadExtension() {
    const restarted = context.waitForEvent('serviceworker', { timeout: 15000 });
    const session = await context.browser().newBrowserCDPSession();
    const { id } = await session.send('Extensions.loadUnpacked', { path: extension });
    if (id !== extensionId) throw new Error(`the reloaded extension has a new id ${id}`);
    await restarted;
  }

  /** Waits until the background has stored a report for the tab showing `url` (the page has been scanned), and returns it. */
  async function waitForReport(url, accept = () => true, timeoutMs = 15000) {
    const probe = await context.newPage();
    await probe.goto(extensionUrl('options.html'));
    const deadline = Date.now() + timeoutMs;
    try {
      while (Date.now() < deadline) {
        // Every tab's report for that address: a closed tab's may linger for a moment.
        const reports = await probe.evaluate(async (u) => Object.values(await chrome.storage.session.get(null)).filter((r) => r?.url === u), url);
        const report = reports.find(accept);
        if (report) return report;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`no report${accept.length ? ' that satisfies ' + accept : ''} was stored for ${url} within ${timeoutMs} ms`);
    } finally {
      await probe.close();
    }
  }

  /** Runs `fn(...args)` in an extension page (options.html in a tab of its own), then closes it. */
  async function inExtensionPage(fn, arg) {
    const probe = await context.newPage();
    try {
      await probe.goto(extensionUrl('options.html'));
      return await probe.evaluate(fn, arg);
    } finally {
      await probe.close();
    }
  }

  /**
   * Clicks the toolbar button for `page`'s tab, as the user would (CDP Extensions.triggerAction), which
   * grants activeTab and opens the real popup. Returns `evaluate(expression)` in that popup.
   */
  async function clickToolbarButton(page) {
    const session = await context.browser().newBrowserCDPSession();
    const { targetInfos } = await session.send('Target.getTargets', { filter: [{ type: 'tab' }] });
    const tab = targetInfos.find((t) => t.url === page.url());
    if (!tab) throw new Error(`no tab target for ${page.url()}`);
    await session.send('Extensions.triggerAction', { id: extensionId, targetId: tab.targetId });
    const popupUrl = extensionUrl('popup.html');
    let popup;
    for (let i = 0; i < 100 && !popup; i++) {
      const { targetInfos: all } = await session.send('Target.getTargets');
      popup = all.find((t) => t.url === popupUrl);
      if (!popup) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    if (!popup) throw new Error('the toolbar popup did not open');
    // Playwright does not list extension popups as pages: talk to it through the browser session.
    const { sessionId } = await session.send('Target.attachToTarget', { targetId: popup.targetId, flatten: false });
    const pending = new Map();
    let nextId = 1;
    session.on('Target.receivedMessageFromTarget', (event) => {
      const message = JSON.parse(event.message);
      pending.get(message.id)?.(message);
      pending.delete(message.id);
    });
    return async (expression) => {
      const id = nextId++;
      const answered = new Promise((resolve) => pending.set(id, resolve));
      const params = { expression, awaitPromise: true, returnByValue: true };
      await session.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method: 'Runtime.evaluate', params }) });
      const { result, error } = await answered;
      if (error) throw new Error(error.message);
      if (result.exceptionDetails) throw new Error(result.exceptionDetails.exception?.description ?? result.exceptionDetails.text);
      return result.result.value;
    };
  }

  return { context, profile, clickToolbarButton, served, requests, extensionUrl, openFixture, serve, openPopup, reloadExtension, waitForReport, inExtensionPage };
}
