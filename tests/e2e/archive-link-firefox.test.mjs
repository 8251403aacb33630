// From a data-download page to the archive page, in real Firefox ESR: the twin of
// archive-link-chromium.test.mjs, on firefox-harness.mjs (a real click is WebDriver's Element Click).
import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import { ARCHIVE_HEADING, DATA_DOWNLOAD, DATA_DOWNLOAD_ES, OFFER_BUTTON, OFFER_BUTTON_ES, OFFER_EN, SESSIONS, clickOfferFromScript, readOffer } from './archive-link.mjs';
import { LAUNCH_TIMEOUT_MS, POLL_MS, launchFirefox, waitForSelectorInPage } from './firefox-harness.mjs';

/** A hung browser fails the test instead of stalling the run. */
const TEST_TIMEOUT_MS = 30000;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

let firefox;
let session;
before(async () => {
  firefox = await launchFirefox();
  ({ session } = firefox);
}, { timeout: LAUNCH_TIMEOUT_MS });
after(async () => {
  await firefox?.close();
});
afterEach(async () => {
  await firefox.closeOtherTabs();
}, { timeout: TEST_TIMEOUT_MS });

test(`${DATA_DOWNLOAD}: a real click on the offer opens the archive page, a script's click does not`, { timeout: TEST_TIMEOUT_MS }, async () => {
  const { fx } = await firefox.openFixture(DATA_DOWNLOAD);
  assert.equal(fx.report.offer_archive, true, 'the CLI offers the archive page here (else the test proves nothing)');
  assert.deepEqual((await firefox.inWarnings(readOffer)).filter(Boolean), [OFFER_EN]);
  const page = await session.windowHandle();
  const tabsBefore = await session.windowHandles();

  assert.ok((await firefox.inWarnings(clickOfferFromScript)).some(Boolean), 'the script reached the button');
  await sleep(500);
  assert.deepEqual(await session.windowHandles(), tabsBefore, 'a synthetic click opened a tab');

  await firefox.clickInWarning(OFFER_BUTTON);
  let added = [];
  for (let i = 0; i < 200 && added.length === 0; i++) {
    await sleep(POLL_MS);
    added = (await session.windowHandles()).filter((h) => !tabsBefore.includes(h));
  }
  // Had the script's click sent a request after all, its tab would be here too by now.
  await sleep(500);
  added = (await session.windowHandles()).filter((h) => !tabsBefore.includes(h));
  assert.equal(added.length, 1, 'one new tab, opened by the real click');
  await session.switchTo(added[0]);
  await session.executeAsync(waitForSelectorInPage, '#pick', 10000, POLL_MS);
  assert.equal(await session.currentUrl(), firefox.extensionUrl('archive.html'));
  assert.equal(await session.execute(() => document.querySelector('h1')?.textContent), ARCHIVE_HEADING);
  await session.switchTo(page);
});

test(`${DATA_DOWNLOAD_ES}: the offer speaks Spanish`, { timeout: TEST_TIMEOUT_MS }, async () => {
  const { fx } = await firefox.openFixture(DATA_DOWNLOAD_ES);
  assert.equal(fx.report.language, 'es');
  const offers = (await firefox.inWarnings(readOffer)).filter(Boolean);
  assert.deepEqual(offers.map((o) => o.button), [OFFER_BUTTON_ES]);
});

test(`${SESSIONS}: no offer where the core makes none`, { timeout: TEST_TIMEOUT_MS }, async () => {
  const { fx, warnings } = await firefox.openFixture(SESSIONS);
  assert.equal(fx.report.offer_archive, false);
  assert.ok(warnings.length > 0, 'the page has warnings (else the test proves nothing)');
  assert.deepEqual((await firefox.inWarnings(readOffer)).filter(Boolean), []);
});
