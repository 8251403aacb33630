// "Scan this page" in real Chromium: the suite in scan.mjs. The toolbar click is CDP's
// Extensions.triggerAction (chromium-harness.mjs), which grants activeTab as the user's click does.
import { after, afterEach, before, test } from 'node:test';
import { launchChromium, warnings } from './chromium-harness.mjs';
import { scanTests } from './scan.mjs';

let browser;
let page;
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser?.context.close();
});
afterEach(async () => {
  for (const p of browser.context.pages()) await p.close();
});

scanTests(test, {
  name: 'chromium',
  refusal: /Cannot access/,
  async openUnknown(fx) {
    browser.served.set(fx.url, fx.html);
    page = await browser.context.newPage();
    await page.goto(fx.url);
    return fx.url;
  },
  async navigate(url, html) {
    browser.served.set(url, html);
    await page.goto(url);
  },
  tabIds: () =>
    browser.inExtensionPage(async () => {
      const own = await chrome.tabs.getCurrent();
      return (await chrome.tabs.query({})).map((t) => t.id).filter((id) => id !== own.id);
    }),
  scriptTab: (tabId) =>
    browser.inExtensionPage(async (id) => {
      try {
        await chrome.scripting.executeScript({ target: { tabId: id }, func: () => document.title });
        return null;
      } catch (error) {
        return error.message;
      }
    }, tabId),
  clickToolbarButton: () => browser.clickToolbarButton(page),
  inPage: (fn, arg) => page.evaluate(fn, arg),
  reports: () => browser.inExtensionPage(async () => Object.values(await chrome.storage.session.get(null))),
  report: (url, accept, timeoutMs) => browser.waitForReport(url, accept, timeoutMs),
  warnings: () => warnings(page),
});
