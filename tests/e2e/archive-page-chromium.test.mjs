// The archive page in real Chromium (the shared body: archive-page.mjs). Files are picked through
// the page's own inputs with Playwright's setInputFiles (CDP DOM.setFileInputFiles).
import AxeBuilder from '@axe-core/playwright';
import { launchChromium } from './chromium-harness.mjs';
import { archivePageTests } from './archive-page.mjs';

archivePageTests('chromium', async () => {
  const browser = await launchChromium();
  let page = null;
  return {
    async open() {
      await page?.close();
      page = await browser.context.newPage();
      await page.goto(browser.extensionUrl('archive.html'));
      await page.waitForSelector('body[data-ready="true"]');
    },
    run: (fn, ...args) => page.evaluate(`(${fn})(...${JSON.stringify(args)})`),
    pick: (selector, path) => page.setInputFiles(selector, path),
    click: (selector) => page.click(selector),
    axe: async () => (await new AxeBuilder({ page }).analyze()).violations.map((v) => `${v.id} (${v.nodes.length}) ${v.help}`),
    pdf: () => page.pdf({ format: 'A4' }),
    escaped: () => [...browser.requests],
    screenshot: (path) => page.screenshot({ path, fullPage: true }),
    close: () => browser.context.close(),
  };
});
