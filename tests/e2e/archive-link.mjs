// From a data-download page to the archive page, written once and run in real Chromium
// (archive-link-chromium.test.mjs) and real Firefox ESR (archive-link-firefox.test.mjs) through
// browsers.mjs: where the core offers it (`offer_archive`, as `dlens scan --json` reports it), the
// banner has a line and a button, in the page's language; a real click (Chromium: mouse events; Firefox:
// WebDriver's Element Click) opens the extension's archive page in a new tab, and a click the page
// makes with a script does not (the archive page is not web-accessible: the background opens it).
import assert from 'node:assert/strict';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A data-download page in each language, and a page of another kind. */
const DATA_DOWNLOAD = 'facebook/dyi-en.html';
const DATA_DOWNLOAD_ES = 'facebook/dyi-es.html';
const SESSIONS = 'facebook/sessions-en.html';

/** What the offer says, in English (extension/_locales/en). */
const OFFER_EN = {
  line: 'When your download is ready, Disclosure Lens can read it and show you what in it legal process could reach. It is read on this computer: nothing is sent anywhere.',
  button: 'Read your export here, on this computer',
};
/** The button, in Spanish (extension/_locales/es). */
const OFFER_BUTTON_ES = 'Lee tu exportación aquí, en esta computadora';
/** The archive page's heading, to know it opened. */
const ARCHIVE_HEADING = 'Your data export, as legal process would see it';
/** The selector of the offer's button inside a warning. */
const OFFER_BUTTON = '.archive-offer button';

/** Runs in the page with a warning's shadow root: its offer of the archive page, or null. */
function readOffer(root) {
  const offer = root.querySelector('.archive-offer');
  if (!offer) return null;
  return { line: offer.querySelector('p')?.textContent ?? null, button: offer.querySelector('button')?.textContent ?? null };
}

/** Runs in the page with a warning's shadow root: clicks the offer's button from script, as a page could (isTrusted false). */
function clickOfferFromScript(root) {
  const button = root.querySelector('.archive-offer button');
  if (!button) return false;
  button.click();
  button.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
  return true;
}

export function archiveLinkTests(test, driver, options = {}) {
  test(`${DATA_DOWNLOAD}: a real click on the offer opens the archive page, a script's click does not`, options, async () => {
    const { fx } = await driver.openFixture(DATA_DOWNLOAD);
    assert.equal(fx.report.offer_archive, true, 'the CLI offers the archive page here (else the test proves nothing)');
    assert.deepEqual((await driver.inWarnings(readOffer)).filter(Boolean), [OFFER_EN]);
    const archive = driver.extensionUrl('archive.html');
    const tabsBefore = (await driver.tabsAt()).length;

    assert.ok((await driver.inWarnings(clickOfferFromScript)).some(Boolean), 'the script reached the button');
    await sleep(500);
    assert.equal((await driver.tabsAt()).length, tabsBefore, 'a synthetic click opened a tab');
    assert.deepEqual(await driver.tabsAt(archive), [], 'a synthetic click opened the archive page');

    await driver.clickInWarning(OFFER_BUTTON);
    for (let i = 0; i < 200 && (await driver.tabsAt(archive)).length === 0; i++) await sleep(50);
    // Had the script's click sent a request after all, its tab would be here too by now.
    await sleep(500);
    const opened = await driver.tabsAt(archive);
    assert.equal(opened.length, 1, 'one archive tab, opened by the real click');
    assert.equal((await driver.tabsAt()).length, tabsBefore + 1, 'and no other tab');
    await driver.switchTo(opened[0]);
    await driver.waitInPage(() => document.querySelector('#pick') !== null);
    assert.equal(await driver.inPage(() => document.querySelector('h1')?.textContent), ARCHIVE_HEADING);
  });

  test(`${DATA_DOWNLOAD_ES}: the offer speaks Spanish`, options, async () => {
    const { fx } = await driver.openFixture(DATA_DOWNLOAD_ES);
    assert.equal(fx.report.language, 'es');
    const offers = (await driver.inWarnings(readOffer)).filter(Boolean);
    assert.deepEqual(offers.map((o) => o.button), [OFFER_BUTTON_ES]);
  });

  test(`${SESSIONS}: no offer where the core makes none`, options, async () => {
    const { fx, warnings } = await driver.openFixture(SESSIONS);
    assert.equal(fx.report.offer_archive, false);
    assert.ok(warnings.length > 0, 'the page has warnings (else the test proves nothing)');
    assert.deepEqual((await driver.inWarnings(readOffer)).filter(Boolean), []);
  });

  test(`${DATA_DOWNLOAD}: with every warning dismissed, the offer stays, in a banner of its own`, options, async () => {
    const { fx } = await driver.openFixture(DATA_DOWNLOAD);
    assert.ok(fx.report.findings.length > 0, 'the page has warnings to dismiss (else the test proves nothing)');
    for (const { id } of fx.report.findings) {
      await driver.clickInWarning(`[data-finding="${id}"] button.dismiss`);
      await driver.waitForWarnings((list) => !list.some((w) => w.findings.includes(id)));
    }
    const list = await driver.waitForWarnings((list) => list.length > 0 && list.every((w) => w.findings.length === 0));
    assert.equal(list.filter((w) => w.role === 'banner').length, 1, 'one banner');
    assert.deepEqual((await driver.inWarnings(readOffer)).filter(Boolean), [OFFER_EN]);
  });
}
