// The background against hostile pages and abused content scripts, in real Firefox ESR: the twin of
// hostile-bg-chromium.test.mjs on firefox-harness.mjs. Code runs in the content-script world through
// scripting.executeScript from an extension page (Firefox runs it in the content script's own sandbox).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { suiteFor } from './browsers.mjs';
import { FLOOD, MAX_STORED_REPORT_BYTES, assertFloodWaitedFor, classifyOnceInContentWorld, floodAnswersInContentWorld, floodClassifyInContentWorld, forgeRequestsInContentWorld, badgeText, jsonBytes } from './hostile-bg-support.mjs';
import { fixture, tabIdForUrlInExtension } from './support.mjs';

const SESSIONS = 'facebook/sessions-en.html';

/** The harness under the driver (firefox-harness.mjs) and its WebDriver session: these tests drive them themselves. */
let firefox;
let session;
const { options } = suiteFor('firefox', { reset: ['tabs', 'session'], onLaunch: (driver) => ({ session } = firefox = driver.browser) });

/**
 * Runs `fn(arg)` in the content-script world of the tab showing `url`; then, when given, `next(nextArg)`
 * in the tab showing `nextUrl` at once (both from one extension page, so nothing slows the second).
 * Returns the last result.
 */
function inContentWorld(url, fn, arg = null, { nextUrl, next, nextArg = null } = {}) {
  const script = `async (url, arg, nextUrl, nextArg) => {
    const run = async (u, func, a) => {
      const tab = (await browser.tabs.query({})).find((t) => t.url === u);
      if (!tab) throw new Error('no tab shows ' + u);
      const [injection] = await browser.scripting.executeScript({ target: { tabId: tab.id }, func, args: [a] });
      return injection.result;
    };
    const first = await run(url, ${fn}, arg);
    return nextUrl ? run(nextUrl, ${next}, nextArg) : first;
  }`;
  return firefox.inExtensionPage(script, url, arg, nextUrl ?? null, nextArg);
}

const badgeOf = (tabId) => firefox.inExtensionPage((id) => browser.action.getBadgeText({ tabId: id }), tabId);
const tabIdFor = (url) => firefox.inExtensionPage(tabIdForUrlInExtension, url);

/** Whether the warnings show exactly the findings `ids`. */
const sameIds = (list, ids) => JSON.stringify([...new Set(list.flatMap((w) => w.findings))].sort()) === JSON.stringify([...ids].sort());

/** Opens the flooding page (served without a CSP, so its script runs) in a new tab. */
async function openFlood() {
  const flood = FLOOD();
  const url = firefox.withPort(flood.url);
  firefox.served.set(url, { html: flood.html, csp: null });
  await firefox.openTab();
  await session.navigate(url);
  return url;
}

test('a content script cannot read another tab\'s report, the session store, or act for another site', options, async () => {
  await firefox.openTab();
  const { url: other } = await firefox.openFixture(SESSIONS);
  const otherTabId = await tabIdFor(other);
  await firefox.openTab();
  const { url } = await firefox.openFixture('facebook/privacy-en.html');
  const answers = await inContentWorld(url, forgeRequestsInContentWorld, otherTabId);
  assert.equal(answers.otherReport.ok, false, `another tab's report was given: ${JSON.stringify(answers.otherReport).slice(0, 200)}`);
  assert.equal(answers.otherReport.error.code, 'forbidden');
  assert.equal(answers.knowledgeBase.error?.code, 'forbidden');
  assert.equal(answers.session, 'absent', 'Firefox gives content scripts no storage.session');
  // Firefox cannot close storage.local to content scripts (setAccessLevel is for storage.session only).
  console.log(`# firefox: storage.local read from a content script: ${Array.isArray(answers.local) ? 'readable' : answers.local}`);
  for (const key of ['silenceAnotherHost', 'dismissUnknown', 'dismissNotAString', 'snapshotOfAnotherSite', 'noType', 'openArchiveNotOffered', 'openArchiveElsewhere']) {
    assert.equal(answers[key].ok, false, `${key}: ${JSON.stringify(answers[key])}`);
    assert.ok(answers[key].error.message.length > 0, `${key} has a clear error`);
  }
  const { state } = await firefox.inExtensionPage(() => browser.storage.local.get('state'));
  assert.deepEqual([state?.dismissed ?? [], state?.silencedSites ?? []], [[], []]);
});

test('a user who switched Facebook off sees no count on the badge, no warning, and the popup says so', options, async () => {
  await firefox.inExtensionPage(async () => {
    const { state } = await browser.storage.local.get('state');
    const next = state ?? { version: 1, settings: { language: 'auto', jurisdiction: 'US', disabledPlatforms: [] }, checklist: {}, dismissed: [], silencedSites: [] };
    next.settings.disabledPlatforms = ['facebook'];
    await browser.storage.local.set({ state: next });
  });
  const page = await firefox.openTab();
  const fx = fixture(SESSIONS);
  const url = firefox.withPort(fx.url);
  firefox.served.set(url, { html: fx.html, csp: null });
  await session.navigate(url);
  await firefox.waitForReport(url);
  assert.equal(await badgeOf(await tabIdFor(url)), '', 'no count for a platform the user switched off');
  await firefox.openPopup(url);
  assert.equal((await session.findElements('#findings li')).length, 0);
  assert.equal((await session.findElements('#silenced-here')).length, 1);
  // Read last, so that a warning drawn from the classification's answer has had time to appear.
  await session.switchTo(page);
  assert.deepEqual(await firefox.warnings(), [], 'no warning in the page');
});

test('dismissals and silenced sites are listed in the popup and the options, and each can be restored', options, async () => {
  const page = await firefox.openTab();
  const { url, fx } = await firefox.openFixture(SESSIONS);
  const all = fx.report.findings.map((f) => f.id);
  // A real click (WebDriver Element Click): the content script ignores synthetic ones.
  await firefox.clickInWarning('[data-finding="facebook.login_ip_log"] button.dismiss');
  await firefox.waitForWarnings((list) => sameIds(list, all.filter((id) => id !== 'facebook.login_ip_log')));
  const tabId = await tabIdFor(url);
  assert.equal(await badgeOf(tabId), badgeText(all.length - 1), 'the badge counts what is shown');

  const options = await firefox.openTab();
  await session.navigate(firefox.extensionUrl('options.html'));
  await firefox.waitFor(() => document.querySelector('#dismissed li[data-dismissed="facebook.login_ip_log"] button') !== null);
  await session.clickOn('#dismissed li[data-dismissed="facebook.login_ip_log"] button');
  await session.switchTo(page);
  await firefox.waitForWarnings((list) => list.some((w) => w.findings.includes('facebook.login_ip_log')));
  assert.equal(await badgeOf(tabId), String(all.length));

  await firefox.clickInWarning('button.silence');
  await firefox.waitForWarnings((list) => list.length === 0);
  await session.switchTo(options);
  await firefox.waitFor((host) => document.querySelector(`#silenced li[data-silenced="${host}"] button`) !== null, [new URL(url).hostname]);
  await session.clickOn(`#silenced li[data-silenced="${new URL(url).hostname}"] button`);
  await session.switchTo(page);
  const shown = (await firefox.waitForWarnings()).flatMap((w) => w.findings);
  assert.deepEqual(shown.sort(), [...all].sort());
});

test('a page that floods labels gets a bounded report, and a genuine Facebook tab its warning', options, async () => {
  const url = await openFlood();
  const report = await firefox.waitForReport(url, () => true, 30000);
  console.log(`# the flooding page's stored report: ${jsonBytes(report)} bytes, ${report.settings.length} settings, partial: ${report.partial}`);
  assert.ok(jsonBytes(report) <= MAX_STORED_REPORT_BYTES, `the stored report takes ${jsonBytes(report)} bytes`);
  assert.notEqual(await badgeOf(await tabIdFor(url)), '', 'the hostile page still gets its badge');
  await firefox.openTab();
  const { warnings, fx } = await firefox.openFixture(SESSIONS);
  assert.deepEqual(warnings.flatMap((w) => w.texts), fx.report.findings.map((f) => f.text));
});

test('when the report cannot be stored (quota), the warning is still drawn and the badge set', options, async () => {
  // Fill storage.session to its quota, less a few bytes, and check that the quota is in force.
  const quota = await firefox.inExtensionPage(async () => {
    const q = browser.storage.session.QUOTA_BYTES ?? 10 * 1024 * 1024;
    await browser.storage.session.set({ filler: 'f'.repeat(q - 1024) });
    try {
      await browser.storage.session.set({ probe: 'p'.repeat(64 * 1024) });
      return `no quota at ${q} bytes`;
    } catch (error) {
      await browser.storage.session.remove('probe');
      return `refused: ${error.message}`;
    }
  });
  assert.match(quota, /^refused/, 'the session store is full');
  await firefox.openTab();
  const { url, fx, warnings } = await firefox.openFixture(SESSIONS);
  assert.deepEqual(warnings.flatMap((w) => w.texts), fx.report.findings.map((f) => f.text));
  const tabId = await firefox.inExtensionPage((u) => browser.tabs.query({}).then((tabs) => tabs.find((t) => t.url === u).id), url);
  assert.equal(await badgeOf(tabId), badgeText(fx.report.findings.length));
  // The report lives in memory instead: a dismissal is still accepted and applied.
  const [first] = fx.report.findings;
  await firefox.clickInWarning(`[data-finding="${first.id}"] button.dismiss`);
  await firefox.waitForWarnings((list) => sameIds(list, fx.report.findings.map((f) => f.id).filter((id) => id !== first.id)));
  assert.equal(await badgeOf(tabId), badgeText(fx.report.findings.length - 1));
});

test('one tab flooding the background delays another tab by at most one classification', options, async () => {
  await firefox.openTab();
  const { url: hostile } = await firefox.openFixture('facebook/privacy-en.html');
  await firefox.openTab();
  const { url } = await firefox.openFixture(SESSIONS);
  const genuine = await inContentWorld(hostile, floodClassifyInContentWorld, 12, { nextUrl: url, next: classifyOnceInContentWorld });
  // Let the flood drain, then count the flood's classifications that finished while the genuine tab waited.
  const answers = await inContentWorld(hostile, floodAnswersInContentWorld, 12);
  assertFloodWaitedFor(answers, genuine);
});

test('a report finished after its tab navigated away is discarded, and the badge cleared', options, async () => {
  await firefox.openTab();
  const { url, fx } = await firefox.openFixture(SESSIONS);
  const tabId = await tabIdFor(url);
  assert.equal(await badgeOf(tabId), String(fx.report.findings.length));
  const elsewhere = firefox.withPort('https://news.example/article');
  firefox.served.set(elsewhere, { html: '<!doctype html><title>News</title><p>An article.</p>', csp: null });
  // The tab leaves as soon as the slow classifications are asked for.
  await firefox.inExtensionPage(`async (url, elsewhere) => {
    const tab = (await browser.tabs.query({})).find((t) => t.url === url);
    await browser.scripting.executeScript({ target: { tabId: tab.id }, func: ${floodClassifyInContentWorld}, args: [6] });
    await browser.tabs.update(tab.id, { url: elsewhere });
  }`, url, elsewhere);
  await new Promise((resolve) => setTimeout(resolve, 3000));
  assert.equal(await badgeOf(tabId), '', 'no badge on the page the tab now shows');
  assert.deepEqual(await firefox.inExtensionPage((id) => browser.storage.session.get(`report:${id}`), tabId), {}, 'no report kept for the tab');
});

test('extension pages cannot send anything: the CSP refuses connections to other origins', options, async () => {
  const before = firefox.requests.length;
  const target = firefox.withPort('https://www.facebook.com/collect');
  const outcome = await firefox.inExtensionPage(async (u) => {
    const violations = [];
    document.addEventListener('securitypolicyviolation', (event) => violations.push(event.violatedDirective));
    let fetched;
    try {
      await fetch(u);
      fetched = 'sent';
    } catch (error) {
      fetched = `refused: ${error.message}`;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    return { fetched, violations };
  }, target);
  assert.match(outcome.fetched, /^refused/);
  assert.ok(outcome.violations.includes('connect-src'), `violations: ${outcome.violations}`);
  assert.deepEqual(firefox.requests.slice(before).filter((u) => u === target), [], 'the request never reached the server');
});
