// The background against hostile pages and abused content scripts, in real Chromium: who may ask what,
// one decision of what is shown (page, badge, popup), the user's way back from a dismissal, bounded
// reports, fairness between tabs, badges that do not outlive their page, and "sends nothing" enforced
// by the extension pages' CSP. The twin of hostile-bg-firefox.test.mjs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { suiteFor } from './browsers.mjs';
import { clickInWarning, waitForWarnings, warnings } from './chromium-harness.mjs';
import { FLOOD, MAX_STORED_REPORT_BYTES, assertFloodWaitedFor, classifyOnceInContentWorld, floodAnswersInContentWorld, floodClassifyInContentWorld, forgeRequestsInContentWorld, badgeText, jsonBytes } from './hostile-bg-support.mjs';
import { fixture, tabIdForUrlInExtension } from './support.mjs';

const SESSIONS = 'facebook/sessions-en.html';

/** The harness under the driver (chromium-harness.mjs): these tests drive Playwright pages and CDP themselves. */
let browser;
suiteFor('chromium', { reset: ['tabs', 'session'], onLaunch: (driver) => (browser = driver.browser) });

/** An extension page to look from (options.html in a tab of its own). */
async function extensionPage() {
  const page = await browser.context.newPage();
  await page.goto(browser.extensionUrl('options.html'));
  return page;
}

/** Runs `fn(arg)` in the extension's content-script world of `page` (the isolated world Chromium names after the extension). */
async function inContentWorld(page, fn, arg) {
  const cdp = await browser.context.newCDPSession(page);
  const contexts = [];
  cdp.on('Runtime.executionContextCreated', ({ context }) => contexts.push(context));
  await cdp.send('Runtime.enable');
  const ours = (c) => c.auxData?.type === 'isolated' && c.origin === browser.extensionUrl('').replace(/\/$/, '');
  for (let i = 0; i < 100 && !contexts.some(ours); i++) await new Promise((resolve) => setTimeout(resolve, 20));
  const world = contexts.find(ours);
  if (!world) throw new Error('no content-script world in the page');
  const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
    contextId: world.id,
    expression: `(${fn})(${JSON.stringify(arg)})`,
    awaitPromise: true,
    returnByValue: true,
  });
  await cdp.detach();
  if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
  return result.value;
}

const badgeOf = (probe, tabId) => probe.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId);

/** Whether the warnings show exactly the findings `ids`. */
const sameIds = (list, ids) => JSON.stringify([...new Set(list.flatMap((w) => w.findings))].sort()) === JSON.stringify([...ids].sort());

test('a content script cannot read another tab\'s report, the session store, or act for another site', async () => {
  const { fx } = await browser.openFixture(SESSIONS);
  const probe = await extensionPage();
  const otherTabId = await probe.evaluate(tabIdForUrlInExtension, fx.url);
  const { page } = await browser.openFixture('facebook/privacy-en.html');
  const answers = await inContentWorld(page, forgeRequestsInContentWorld, otherTabId);
  assert.equal(answers.otherReport.ok, false, `another tab's report was given: ${JSON.stringify(answers.otherReport).slice(0, 200)}`);
  assert.equal(answers.otherReport.error.code, 'forbidden');
  assert.equal(answers.knowledgeBase.error?.code, 'forbidden', 'extension-page requests are refused to content scripts');
  assert.match(String(answers.session), /^refused/, 'storage.session is closed to content scripts');
  assert.match(String(answers.local), /^refused/, 'storage.local is closed to content scripts');
  for (const key of ['silenceAnotherHost', 'dismissUnknown', 'dismissNotAString', 'snapshotOfAnotherSite', 'noType', 'openArchiveNotOffered', 'openArchiveElsewhere']) {
    assert.equal(answers[key].ok, false, `${key}: ${JSON.stringify(answers[key])}`);
    assert.ok(answers[key].error.message.length > 0, `${key} has a clear error`);
  }
  const { state } = await probe.evaluate(() => chrome.storage.local.get('state'));
  assert.deepEqual([state?.dismissed ?? [], state?.silencedSites ?? []], [[], []], 'nothing was dismissed or silenced');
});

test('a user who switched Facebook off sees no count on the badge, no warning, and the popup says so', async () => {
  const options = await extensionPage();
  await options.locator('#platform-facebook').uncheck();
  await options.waitForFunction(() => chrome.storage.local.get('state').then(({ state }) => state?.settings.disabledPlatforms.includes('facebook')));
  const page = await browser.context.newPage();
  const fx = fixture(SESSIONS);
  browser.served.set(fx.url, fx.html);
  await page.goto(fx.url);
  await browser.waitForReport(fx.url);
  const tabId = await options.evaluate(tabIdForUrlInExtension, fx.url);
  assert.equal(await badgeOf(options, tabId), '', 'no count for a platform the user switched off');
  const { popup } = await browser.openPopup(fx.url);
  assert.equal(await popup.locator('#findings li').count(), 0);
  assert.equal(await popup.locator('#silenced-here').count(), 1);
  // Read last, so that a warning drawn from the classification's answer has had time to appear.
  assert.deepEqual(await warnings(page), [], 'no warning in the page');
});

test('dismissals and silenced sites are listed in the popup and the options, and each can be restored', async () => {
  const { page, fx } = await browser.openFixture(SESSIONS);
  const all = fx.report.findings.map((f) => f.id);
  // A real click: the content script ignores synthetic ones.
  await clickInWarning(page, '[data-finding="facebook.login_ip_log"] button.dismiss');
  const rest = all.filter((id) => id !== 'facebook.login_ip_log').sort();
  await waitForWarnings(page, (list) => sameIds(list, rest));
  const { popup, tabId } = await browser.openPopup(fx.url);
  assert.equal(await badgeOf(popup, tabId), badgeText(all.length - 1), 'the badge counts what is shown');
  await popup.waitForSelector('#dismissed li[data-dismissed="facebook.login_ip_log"]');

  const options = await extensionPage();
  const restore = options.locator('#dismissed li[data-dismissed="facebook.login_ip_log"] button');
  assert.match(await restore.getAttribute('aria-label'), /Facebook/);
  await restore.click();
  // The page shows it again without a reload: the background sent it what to show.
  await waitForWarnings(page, (list) => list.some((w) => w.findings.includes('facebook.login_ip_log')));
  await popup.waitForSelector('#dismissed:not(ul)');
  assert.equal(await badgeOf(popup, tabId), String(all.length));

  await clickInWarning(page, 'button.silence');
  await waitForWarnings(page, (list) => list.length === 0);
  await options.waitForSelector('#silenced li[data-silenced="www.facebook.com"]');
  assert.equal(await badgeOf(popup, tabId), '');
  await popup.locator('#silenced li[data-silenced="www.facebook.com"] button').click();
  const shown = (await waitForWarnings(page)).flatMap((w) => w.findings);
  assert.deepEqual(shown.sort(), [...all].sort());
});

test('a page that floods labels gets a bounded report, and a genuine Facebook tab its warning', async () => {
  const flood = FLOOD();
  browser.served.set(flood.url, flood.html);
  // Served without a CSP, so that its script runs.
  await browser.context.route(flood.url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: flood.html }));
  const hostile = await browser.context.newPage();
  await hostile.goto(flood.url);
  const report = await browser.waitForReport(flood.url);
  console.log(`# the flooding page's stored report: ${jsonBytes(report)} bytes, ${report.settings.length} settings, partial: ${report.partial}`);
  assert.ok(jsonBytes(report) <= MAX_STORED_REPORT_BYTES, `the stored report takes ${jsonBytes(report)} bytes`);
  const probe = await extensionPage();
  const hostileTab = await probe.evaluate(tabIdForUrlInExtension, flood.url);
  assert.notEqual(await badgeOf(probe, hostileTab), '', 'the hostile page still gets its badge');
  const { warnings, fx } = await browser.openFixture(SESSIONS);
  assert.deepEqual(warnings.flatMap((w) => w.texts), fx.report.findings.map((f) => f.text));
});

test('when the report cannot be stored (quota), the warning is still drawn and the badge set', async () => {
  const probe = await extensionPage();
  // Fill storage.session to its quota, less a few bytes.
  await probe.evaluate(async () => {
    const quota = chrome.storage.session.QUOTA_BYTES;
    await chrome.storage.session.set({ filler: 'f'.repeat(quota - 1024) });
  });
  const { page, fx, warnings } = await browser.openFixture(SESSIONS);
  assert.deepEqual(warnings.flatMap((w) => w.texts), fx.report.findings.map((f) => f.text));
  const tabId = await probe.evaluate(() => chrome.tabs.query({}).then((tabs) => tabs.at(-1).id));
  assert.equal(await badgeOf(probe, tabId), String(fx.report.findings.length));
  // The report lives in memory instead: a dismissal is still accepted and applied.
  const [first] = fx.report.findings;
  await clickInWarning(page, `[data-finding="${first.id}"] button.dismiss`);
  await waitForWarnings(page, (list) => sameIds(list, fx.report.findings.map((f) => f.id).filter((id) => id !== first.id)));
  assert.equal(await badgeOf(probe, tabId), badgeText(fx.report.findings.length - 1));
  await page.close();
});

test('one tab flooding the background delays another tab by at most one classification', async () => {
  const { page: hostile } = await browser.openFixture('facebook/privacy-en.html');
  const { page } = await browser.openFixture(SESSIONS);
  await inContentWorld(hostile, floodClassifyInContentWorld, 12);
  const genuine = await inContentWorld(page, classifyOnceInContentWorld);
  // Let the flood drain, then count the flood's classifications that finished while the genuine tab waited.
  const answers = await inContentWorld(hostile, floodAnswersInContentWorld, 12);
  assertFloodWaitedFor(answers, genuine);
});

test('a report finished after its tab navigated away is discarded, and the badge cleared', async () => {
  const { page, fx } = await browser.openFixture(SESSIONS);
  const probe = await extensionPage();
  const tabId = await probe.evaluate(tabIdForUrlInExtension, fx.url);
  assert.equal(await badgeOf(probe, tabId), String(fx.report.findings.length));
  // A slow classification is under way when the tab leaves for a site the extension does not read.
  const elsewhere = 'https://news.example/article';
  browser.served.set(elsewhere, '<!doctype html><title>News</title><p>An article.</p>');
  await inContentWorld(page, floodClassifyInContentWorld, 6);
  await page.goto(elsewhere);
  await page.waitForTimeout(3000);
  assert.equal(await badgeOf(probe, tabId), '', 'no badge on the page the tab now shows');
  const stored = await probe.evaluate((id) => chrome.storage.session.get(`report:${id}`), tabId);
  assert.deepEqual(stored, {}, 'no report kept for the tab');
});

test('extension pages cannot send anything: the CSP refuses connections to other origins', async () => {
  const probe = await extensionPage();
  const outcome = await probe.evaluate(async () => {
    const violations = [];
    document.addEventListener('securitypolicyviolation', (event) => violations.push(event.violatedDirective));
    let fetched;
    try {
      await fetch('https://www.facebook.com/collect');
      fetched = 'sent';
    } catch (error) {
      fetched = `refused: ${error.message}`;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    return { fetched, violations };
  });
  assert.match(outcome.fetched, /^refused/);
  assert.ok(outcome.violations.includes('connect-src'), `violations: ${outcome.violations}`);
  assert.ok(!browser.requests.includes('https://www.facebook.com/collect'), 'the request never left');
});
