// Real Chromium with the built Chrome package, fixture pages served at the platforms' real addresses
// (request routing) under a strict CSP, and an audit of every http(s) request.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { BUILD, HOST_TAG, STRICT_CSP, fixture, readWarningsInPage, tabIdForUrlInExtension } from './support.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium';

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
    served.set(fx.url, fx.html);
    if (csp) withoutCsp.delete(fx.url);
    else withoutCsp.add(fx.url);
    await tab.goto(fx.url);
    await tab.waitForSelector(HOST_TAG, { state: 'attached', timeout: 15000 });
    const warnings = await tab.evaluate(readWarningsInPage, HOST_TAG);
    return { page: tab, fx, warnings };
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
  async function waitForReport(url) {
    const probe = await context.newPage();
    await probe.goto(extensionUrl('options.html'));
    const deadline = Date.now() + 15000;
    try {
      while (Date.now() < deadline) {
        const report = await probe.evaluate(async (u) => Object.values(await chrome.storage.session.get(null)).find((r) => r?.url === u) ?? null, url);
        if (report) return report;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`no report was stored for ${url}`);
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

  return { context, profile, clickToolbarButton, served, requests, extensionUrl, openFixture, openPopup, reloadExtension, waitForReport };
}
