// From a data-download page to the archive page, in real Chromium: where the core offers it
// (`offer_archive`, as `dlens scan --json` reports it), the banner has a line and a button, in the
// page's language; a real click opens the extension's archive page in a new tab, and a click the page
// makes with a script does not (the archive page is not web-accessible: the background opens it).
// The twin of archive-link-firefox.test.mjs.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ARCHIVE_HEADING, DATA_DOWNLOAD, DATA_DOWNLOAD_ES, OFFER_BUTTON, OFFER_BUTTON_ES, OFFER_EN, SESSIONS, clickOfferFromScript, readOffer } from './archive-link.mjs';
import { clickInWarning, inFirstWarning, inWarnings, launchChromium, waitForWarnings } from './chromium-harness.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

let browser;
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser?.context.close();
});

const archiveTabs = () => browser.context.pages().filter((p) => p.url() === browser.extensionUrl('archive.html'));

test(`${DATA_DOWNLOAD}: a real click on the offer opens the archive page, a script's click does not`, async () => {
  const { page, fx } = await browser.openFixture(DATA_DOWNLOAD);
  assert.equal(fx.report.offer_archive, true, 'the CLI offers the archive page here (else the test proves nothing)');
  assert.deepEqual((await inWarnings(page, readOffer)).filter(Boolean), [OFFER_EN]);

  assert.ok(await inFirstWarning(page, clickOfferFromScript), 'the script reached the button');
  await sleep(500);
  assert.equal(archiveTabs().length, 0, 'a synthetic click opened the archive page');

  await clickInWarning(page, OFFER_BUTTON);
  for (let i = 0; i < 200 && archiveTabs().length === 0; i++) await sleep(50);
  // Had the script's click sent a request after all, its tab would be here too by now.
  await sleep(500);
  const opened = archiveTabs();
  assert.equal(opened.length, 1, 'one archive tab, opened by the real click');
  await opened[0].waitForSelector('#pick');
  assert.equal(await opened[0].locator('h1').textContent(), ARCHIVE_HEADING);
  await opened[0].close();
});

test(`${DATA_DOWNLOAD_ES}: the offer speaks Spanish`, async () => {
  const { page, fx } = await browser.openFixture(DATA_DOWNLOAD_ES);
  assert.equal(fx.report.language, 'es');
  const offers = (await inWarnings(page, readOffer)).filter(Boolean);
  assert.deepEqual(offers.map((o) => o.button), [OFFER_BUTTON_ES]);
});

test(`${SESSIONS}: no offer where the core makes none`, async () => {
  const { page, fx, warnings } = await browser.openFixture(SESSIONS);
  assert.equal(fx.report.offer_archive, false);
  assert.ok(warnings.length > 0, 'the page has warnings (else the test proves nothing)');
  assert.deepEqual((await inWarnings(page, readOffer)).filter(Boolean), []);
});

// Last: it leaves dismissals behind, cleared at its end.
test(`${DATA_DOWNLOAD}: with every warning dismissed, the offer stays, in a banner of its own`, async () => {
  const { page, fx } = await browser.openFixture(DATA_DOWNLOAD);
  assert.ok(fx.report.findings.length > 0, 'the page has warnings to dismiss (else the test proves nothing)');
  for (const { id } of fx.report.findings) {
    await clickInWarning(page, `[data-finding="${id}"] button.dismiss`);
    await waitForWarnings(page, (list) => !list.some((w) => w.findings.includes(id)));
  }
  const list = await waitForWarnings(page, (list) => list.length > 0 && list.every((w) => w.findings.length === 0));
  assert.equal(list.filter((w) => w.role === 'banner').length, 1, 'one banner');
  assert.deepEqual((await inWarnings(page, readOffer)).filter(Boolean), [OFFER_EN]);
  await browser.inExtensionPage(() => chrome.storage.local.clear());
});
