// What the user sees, written once and run in real Chromium (chromium-ui.test.mjs) and real Firefox
// ESR (firefox-ui.test.mjs) through browsers.mjs: markers beside the right rows, the banner's figures,
// the explanations, dismissals and silenced sites remembered, the checklist kept across an extension
// update (and, in Chromium, a browser restart), the language switch, hostile pages, corrupted storage,
// accessibility and the keyboard.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { shot } from './browsers.mjs';
import { OUT, ROOT, distinct, expectedPage, fixture, openCopyOfWarning } from './support.mjs';

/** The toolbar popup's width, for the popup screenshots (pages.css: 360 to 440 px). */
const POPUP_WIDTH = 420;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The ids of the findings the warnings show, in order. */
const findingsIn = (list) => list.flatMap((w) => w.findings);

/** How many markers sit on rows. */
const markerCount = (list) => list.filter((w) => w.role === 'marker').length;

/** Runs in an extension page: whether the checklist step `id` of Facebook is stored as done. */
const stepStored = (id) => (globalThis.browser ?? chrome).storage.local.get('state').then(({ state }) => Boolean(state?.checklist?.facebook?.[id]));

/** Runs in the popup: the progress line once it says one step is done, else false. */
const oneStepDone = () => {
  const text = document.querySelector('#checklist .progress span')?.textContent ?? '';
  return /^1 of \d+ done$/.test(text) && text;
};

/** Runs in the options page: true once its change listener is there (added with the platform switches). */
const optionsReady = () => document.querySelector('#platforms input') !== null;

export function uiBasicsTests(test, driver, { timeout } = {}) {
  for (const fixturePath of ['facebook/sessions-en.html', 'x/access-history-en.html']) {
    test(`markers sit on every session row and the banner counts what ${fixturePath} shows`, { timeout }, async () => {
      const expected = expectedPage(fixturePath);
      await driver.openFixture(fixturePath);
      const ui = await driver.warnings();
      const markers = ui.filter((h) => h.role === 'marker');
      assert.equal(markers.length, expected.sessions.length, 'one marker per session row');
      for (const [i, row] of expected.sessions.entries()) {
        assert.ok(markers[i].rowText.includes(row.device) && markers[i].rowText.includes(row.time), `marker ${i} follows the row of ${row.device}, ${row.time}`);
      }
      const banner = ui.find((h) => Object.keys(h.view).length > 0);
      assert.ok(banner, 'a banner with the subpoena view');
      assert.equal(banner.role, 'banner');
      // A count of zero says the page does not show it, and that the platform may keep it all the same.
      const shown = (n) => (n > 0 ? String(n) : 'not shown on this page, which does not mean the platform does not keep them');
      assert.equal(banner.view.Sessions, shown(expected.sessions.length));
      assert.equal(banner.view['IP addresses'], shown(distinct(expected.sessions.map((s) => s.ip))));
      assert.equal(banner.view.Places, shown(distinct(expected.sessions.map((s) => s.location))));
      assert.equal(banner.view.Devices, shown(distinct(expected.sessions.map((s) => s.device))));
      if (fixturePath === 'facebook/sessions-en.html') {
        await driver.scrollToWarning();
        await driver.screenshot(shot(OUT, driver, 'page-en'));
      }
    });
  }

  test('switches that create records carry a marker worded for their state', { timeout }, async () => {
    const { fx } = await driver.openFixture('google/activity-controls-en.html');
    const markers = (await driver.warnings()).filter((w) => w.role === 'marker').map((w) => ({ setting: w.setting, text: w.chip, beside: w.beside }));
    const expected = fx.report.settings.filter((s) => s.marker);
    assert.deepEqual(markers.map((m) => [m.setting, m.text]), expected.map((s) => [s.id, s.marker]));
    for (const m of markers) assert.equal(m.beside, m.text.startsWith('On:') ? 'true' : 'false', `${m.setting}: the marker's wording matches the switch beside it`);
    assert.ok(markers.some((m) => m.text.startsWith('Off:')) && markers.some((m) => m.text.startsWith('On:')));
  });

  test('a single-page app that re-renders its list gets its markers back', { timeout }, async () => {
    await driver.openFixture('facebook/sessions-en.html');
    const shown = markerCount(await driver.warnings());
    assert.ok(shown > 0);
    // As React does: the list is replaced by a fresh copy (shadow roots are not copied), and our markers inside it are gone.
    await driver.inPage(() => {
      const main = document.querySelector('[role="main"], main') ?? document.body;
      main.replaceWith(main.cloneNode(true));
    });
    assert.equal(markerCount(await driver.warnings()), 0);
    await driver.waitForWarnings((list) => markerCount(list) === shown, 10000);
  });

  test('a single-page app that navigates is classified again at its new address', { timeout }, async () => {
    await driver.openFixture('facebook/sessions-en.html');
    const next = fixture('facebook/privacy-en.html');
    // The new address on the page's own origin (in Firefox, the fixture server's port).
    const url = await driver.inPage(([html, path]) => {
      const fresh = new DOMParser().parseFromString(html, 'text/html');
      history.pushState({}, '', path);
      document.title = fresh.title;
      document.body.replaceWith(document.adoptNode(fresh.body));
      return location.href;
    }, [next.html, new URL(next.url).pathname + new URL(next.url).search]);
    const report = await driver.report(url);
    assert.equal(report.page_kind, next.report.page_kind);
    assert.deepEqual(report.settings, next.report.settings);
  });

  test('"Why am I seeing this?" opens the explanation with the source, by keyboard', { timeout }, async () => {
    await driver.openFixture('facebook/sessions-en.html');
    await driver.focusInWarning('button.why');
    await driver.press('Enter');
    const opened = (await driver.inWarnings((root) => {
      const details = root.querySelector('.details:not([hidden])');
      if (!details) return null;
      details.scrollIntoView({ block: 'center' });
      return { expanded: root.querySelector('button.why').getAttribute('aria-expanded'), text: details.textContent, links: details.querySelectorAll('a[href^="https://"]').length };
    })).find(Boolean);
    assert.equal(opened?.expanded, 'true');
    assert.match(opened.text, /Subpoena \(18 U\.S\.C\. 2703\(c\)\(2\)\)/);
    assert.match(opened.text, /Facts reviewed on [A-Z][a-z]+ \d{1,2}, \d{4}\./);
    assert.ok(opened.links > 0, 'a link to the source');
    await driver.screenshot(shot(OUT, driver, 'why-en'));
  });

  // Google's device list: two warnings, so that after the reload the one left shows when rendering is
  // done (on a page whose only warning is dismissed, nothing would tell "dismissed" from "not yet drawn").
  test('a dismissed warning stays dismissed after a reload; the others stay', { timeout }, async () => {
    const DISMISSED = 'google.login_ip_log';
    const { url } = await driver.openFixture('google/devices-en.html');
    const shown = await driver.warnings();
    const before = findingsIn(shown);
    assert.ok(before.includes(DISMISSED) && before.length > 1, `findings in the page: ${before}`);
    assert.ok(markerCount(shown) > 0, 'the session rows have markers');
    // A real click on the button inside the (closed) shadow root.
    await driver.clickInWarning(`[data-finding="${DISMISSED}"] button.dismiss`);
    await driver.waitForWarnings((list) => !findingsIn(list).includes(DISMISSED));

    await driver.reload();
    const report = await driver.report(url);
    assert.ok(report.findings.some((f) => f.id === DISMISSED), 'the page is still found to have it: only the warning is hidden');
    // The content script renders what the background answered in one go: once a warning is back, all are.
    const after = await driver.waitForWarnings((list) => list.length > 0);
    assert.deepEqual(findingsIn(after), before.filter((id) => id !== DISMISSED));
    assert.equal(markerCount(after), 0, 'its row markers went with it');
  });

  test('"Don\'t show on this site" removes every warning, also after a reload', { timeout }, async () => {
    const { url } = await driver.openFixture('facebook/sessions-en.html');
    await driver.clickInWarning('button.silence');
    await driver.waitForWarnings((list) => list.length === 0);
    await driver.reload();
    await driver.report(url);
    await sleep(200); // rendering follows the stored report within a frame or two
    assert.deepEqual(await driver.warnings(), []);
  });

  test('the checklist works by keyboard alone and survives an extension update (and, in Chromium, a browser restart)', { timeout: timeout && timeout * 2 }, async () => {
    const { url } = await driver.openFixture('facebook/sessions-en.html');
    await driver.openPopup(url);
    const { stepId, boxId } = await driver.inPage(() => {
      const box = document.querySelector('#checklist input[type=checkbox]');
      return { stepId: box.dataset.step, boxId: box.id };
    });
    const focusedId = () => driver.inPage(() => document.activeElement?.id ?? null);
    // Tab from the top of the page to the collapsed checklist, open it with Enter, Tab to its first box, then press Space.
    for (let i = 0; i < 40 && (await focusedId()) !== 'checklist-heading'; i++) await driver.press('Tab');
    await driver.press('Enter');
    for (let i = 0; i < 10 && (await focusedId()) !== boxId; i++) await driver.press('Tab');
    assert.equal(await focusedId(), boxId, 'the checklist is reachable with Tab');
    await driver.press('Space');
    await driver.waitInPage(stepStored, stepId);
    assert.match(await driver.waitInPage(oneStepDone), /^1 of \d+ done$/);
    assert.equal(await focusedId(), boxId, 'focus stays on the box after the checklist re-renders');
    await driver.screenshot(shot(OUT, driver, 'popup-checklist-en'), { width: POPUP_WIDTH, fullPage: true });

    const kept = async () => {
      await driver.openFixture('facebook/sessions-en.html');
      await driver.openPopup(url);
      return driver.inPage((id) => document.querySelector(`#checklist input[data-step="${id}"]`)?.checked, stepId);
    };
    // Load the extension again from disk, as an update would. storage.session, which is emptied when
    // an extension restarts, carries a probe to show the restart really happened.
    await driver.inExtensionPage(() => (globalThis.browser ?? chrome).storage.session.set({ 'probe:before-update': true }));
    await driver.update();
    assert.deepEqual(await driver.inExtensionPage(() => (globalThis.browser ?? chrome).storage.session.get('probe:before-update')), {}, 'the extension restarted');
    assert.equal(await kept(), true, 'kept across an update');
    assert.match(await driver.inPage(() => document.querySelector('#checklist .progress span').textContent), /^1 of \d+ done$/);

    // Firefox cannot be restarted on the same profile here: geckodriver deletes it when its session ends.
    if (driver.name === 'chromium') {
      await driver.restart();
      assert.equal(await kept(), true, 'kept across a browser restart');
    }
  });

  test('a report kept for a tab that has closed does not stop the open tabs from following a change of settings', { timeout }, async () => {
    const { url } = await driver.openFixture('facebook/sessions-en.html');
    const page = await driver.currentTab();
    // What a scan that ends after its tab closed leaves behind: a report for a tab id the browser does
    // not have (not 0, which the badge API reads as "no tab"). It comes first in key order (Chromium
    // lists keys sorted; its tab ids have nine digits) and in insertion order (Firefox).
    const kept = await driver.inExtensionPage(async (pageUrl) => {
      const area = (globalThis.browser ?? chrome).storage.session;
      const [[key, report]] = Object.entries(await area.get(null)).filter(([, r]) => r?.url === pageUrl);
      await area.remove(key);
      await area.set({ 'report:1000000000': report });
      await area.set({ [key]: report });
      return Object.keys(await area.get(null)).filter((k) => k.startsWith('report:')).length;
    }, url);
    assert.equal(kept, 2, 'the closed tab\'s report and the open tab\'s');

    // Facebook off, then on again: each save updates what each tab shows, and its badge.
    await driver.openExtensionPage('options.html');
    await driver.waitInPage(optionsReady);
    for (const off of [true, false]) {
      await driver.click('#platform-facebook');
      await driver.waitInPage((wanted) => document.getElementById('platform-facebook').checked === !wanted, off);
      await driver.waitInPage(() => document.getElementById('saved').textContent === 'Saved.');
      await sleep(300); // the background's update of the open tabs follows the stored change
    }

    await driver.switchTo(page);
    await driver.waitForWarnings((list) => list.length > 0 && list.some((w) => w.role === 'banner'));
    const dropped = await driver.inExtensionPage(async () => !('report:1000000000' in (await (globalThis.browser ?? chrome).storage.session.get(null))));
    assert.ok(dropped, "the closed tab's report is dropped");
  });

  test('switching the language in the options applies to an open page without a reload', { timeout }, async () => {
    const { url } = await driver.openFixture('facebook/sessions-en.html');
    const page = await driver.currentTab();
    const renderedAt = (await driver.warnings())[0].renderedAt;
    const navigationStart = await driver.inPage(() => performance.timeOrigin);

    await driver.openExtensionPage('options.html');
    await driver.waitInPage(optionsReady);
    await driver.select('#language', 'es');
    await driver.waitInPage(() => document.getElementById('saved').textContent === 'Guardado.');

    await driver.switchTo(page);
    const ui = await driver.waitForWarnings((list) => list.some((h) => /Facebook guarda/.test(h.text)));
    assert.ok(ui.some((h) => h.text.includes('¿Por qué veo esto?')), 'the buttons too are in Spanish');
    assert.ok(!ui.some((h) => /Facebook keeps|Why am I seeing this/.test(h.text)), 'nothing is left in English');
    assert.equal(await driver.inPage(() => performance.timeOrigin), navigationStart, 'the page was not reloaded');
    assert.notEqual(ui[0].renderedAt, renderedAt, 'the warnings were rendered again');
    await driver.scrollToWarning();
    await driver.screenshot(shot(OUT, driver, 'page-es'));

    await driver.openPopup(url);
    assert.equal(await driver.inPage(() => document.getElementById('tab-heading').textContent), 'Esta página');
    assert.equal(await driver.inPage(() => document.documentElement.lang), 'es');
    assert.equal(await driver.inPage(() => document.getElementById('checklist').hidden), false, 'the checklist is shown');
    await driver.screenshot(shot(OUT, driver, 'popup-es'), { width: POPUP_WIDTH, fullPage: true });
  });

  test('a hostile page: markup and script in session texts are shown as text only', { timeout }, async () => {
    const requestsBefore = driver.requests().length;
    // Served without a CSP: if the extension ever made elements from page text, the page would load and run them.
    const { url } = await driver.openFixture('hostile/sessions-markup-en.html', { csp: false });
    const ui = await driver.warnings();
    assert.ok(ui.length > 0, 'the warnings are shown');
    assert.equal(ui.reduce((n, h) => n + h.markupInside, 0), 0, 'no element made from page text');
    const span = ui.map((h) => h.view['Time span']).find(Boolean);
    assert.ok(span?.includes('<img src=x onerror=alert(3)>'), `the time shown as text: ${span}`);
    // An <img src=x> made from the text would have asked the server for /x and, failing, run its onerror.
    await sleep(250);
    assert.deepEqual(driver.requests().slice(requestsBefore), [url], 'the page itself was the only request');
    assert.equal(await driver.dialog(), null, 'no dialog opened');
    // The check can see a dialog when there is one.
    await driver.inPage(() => void setTimeout(() => alert('probe'), 0));
    assert.equal(await driver.dialog(), 'probe', 'the dialog check does catch an alert');
  });

  test('unreadable stored data is reported, kept aside and reset', { timeout }, async () => {
    const { url } = await driver.openFixture('facebook/sessions-en.html');
    await driver.inExtensionPage(() => (globalThis.browser ?? chrome).storage.local.set({ state: '{"version": broken' }));
    await driver.openPopup(url);
    await driver.waitInPage(() => document.querySelector('#problem:not([hidden])') !== null);
    assert.match(await driver.inPage(() => document.getElementById('problem').textContent), /could not be read/);
    const stored = await driver.inPage(() => (globalThis.browser ?? chrome).storage.local.get(null));
    assert.equal(stored['state-unreadable-backup'], '{"version": broken');
    assert.equal(stored.state.version, 1);
    await driver.click('#problem button');
    assert.equal(await driver.inPage(() => document.getElementById('problem').hidden), true);
    const after = await driver.inPage(() => (globalThis.browser ?? chrome).storage.local.get(null));
    assert.equal('state-unreadable-backup' in after, false, 'deleted only when the user asked');
  });

  test('axe finds no accessibility violations in the popup, options, report and in-page warnings', { timeout: timeout && timeout * 2 }, async () => {
    const { url } = await driver.openFixture('facebook/sessions-en.html');
    const results = {};
    // axe cannot enter closed shadow roots: it checks open copies of the warnings, same tree and styles.
    await driver.inWarnings(openCopyOfWarning);
    results.inPage = await driver.axe('[data-axe-copy]');
    await driver.openPopup(url);
    await driver.inPage(() => (document.querySelector('#all details').open = true));
    results.popup = await driver.axe();
    for (const name of ['options', 'report']) {
      await driver.openExtensionPage(`${name}.html`);
      await sleep(300); // the page fills itself from storage after it loads
      results[name] = await driver.axe();
      if (name === 'report') await driver.screenshot(shot(OUT, driver, 'report-en'));
    }
    const violations = Object.entries(results).flatMap(([where, r]) => r.violations.map((v) => `${where}: ${v}`));
    assert.deepEqual(violations, []);
    for (const [where, r] of Object.entries(results)) assert.ok(r.passes > 0, `axe looked at the ${where}`);
  });

  test('where the chosen jurisdiction has no facts for what the page shows, the popup says so, never "No warnings"', { timeout }, async () => {
    await driver.openExtensionPage('options.html');
    await driver.waitInPage(optionsReady);
    await driver.select('#jurisdiction', 'UK');
    await driver.waitInPage(async () => (await (globalThis.browser ?? chrome).storage.local.get('state')).state?.settings?.jurisdiction === 'UK');
    const fx = fixture('amazon/activity-en.html');
    const expected = JSON.parse(execFileSync(join(ROOT, 'target', 'release', 'dlens'), ['scan', '--json', '--jurisdiction', 'UK', fx.path], { encoding: 'utf8' }));
    assert.equal(expected.findings.length, 0, 'the fixture still has no UK facts: pick another for this test');
    assert.ok(expected.no_facts, 'the core says it has no facts');
    // Opened, not openFixture: with no facts there is no warning to wait for.
    const url = await driver.open(fx.url, fx.html);
    await driver.report(url);
    await driver.openPopup(url);
    assert.equal(await driver.inPage(() => document.getElementById('no-facts').textContent), expected.no_facts);
    assert.equal(await driver.inPage(() => document.body.innerText.includes('No warnings for this page.')), false);
  });
}
