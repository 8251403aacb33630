// The archive page in real Firefox (the shared body: archive-page.mjs). Files are picked through
// the page's own inputs with WebDriver's file upload (Element Send Keys with the file's path).
import { POLL_MS, axe, launchFirefox, waitForSelectorInPage } from './firefox-harness.mjs';
import { archivePageTests } from './archive-page.mjs';

archivePageTests('firefox', async () => {
  const firefox = await launchFirefox();
  const { session } = firefox;
  return {
    async open() {
      await session.navigate(firefox.extensionUrl('archive.html'));
      await session.executeAsync(waitForSelectorInPage, 'body[data-ready="true"]', 10000, POLL_MS);
    },
    run: (fn, ...args) => session.executeAsync(fn, ...args),
    async pick(selector, path) {
      const [input] = await session.findElements(selector);
      await session.cmd('POST', `/element/${input}/value`, { text: path });
    },
    click: (selector) => session.clickOn(selector),
    // The extension page's CSP forbids adding a script; WebDriver's own scripts run regardless.
    axe: async () => (await axe(session)).violations,
    pdf: async () => Buffer.from(await session.cmd('POST', '/print', { page: { width: 21, height: 29.7 } }), 'base64'),
    escaped: () => [...firefox.escaped, ...firefox.requests],
    screenshot: (path) => session.fullPageScreenshot(path),
    close: () => firefox.close(),
  };
}, { noFolderPick: 'geckodriver 0.37.1 refuses a folder for <input webkitdirectory> ("File not found"); the folder path is tested in Chromium' });
