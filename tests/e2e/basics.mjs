// The basic end-to-end suite, written once and run in both real browsers by chromium.test.mjs and
// firefox.test.mjs (the driver: browsers.mjs): the built package loaded as a user would, fixture pages
// served at the platforms' real addresses with a strict CSP, and every request audited.
import assert from 'node:assert/strict';
import { shot } from './browsers.mjs';
import { OUT, recordTimings } from './support.mjs';

const SESSIONS_EN = 'facebook/sessions-en.html';

export function basicTests(test, driver, options = {}) {
  const t = (name, fn) => test(name, options, fn);

  t('the warning appears on Facebook\'s "Where you\'re logged in" page despite a strict CSP', async () => {
    const { fx, warnings } = await driver.openFixture(SESSIONS_EN);
    const texts = warnings.flatMap((w) => w.texts);
    assert.ok(
      texts.includes('Facebook keeps login IP addresses and times. Legal processes that reach this record: subpoena, court order. Needs no judge: subpoena.'),
      `warning texts in the page: ${JSON.stringify(texts)}`,
    );
    assert.deepEqual(texts, fx.report.findings.map((f) => f.text), 'the page shows exactly what the CLI reports');
    await driver.scrollToWarning();
    await driver.screenshot(shot(OUT, driver, 'facebook-sessions-en'));
  });

  t('the popup shows the report of the tab, and the badge counts its warnings', async () => {
    const { fx, url } = await driver.openFixture(SESSIONS_EN);
    const { tabId } = await driver.openPopup(url);
    const shown = await driver.inPage(() => ({
      platform: document.getElementById('platform').textContent,
      findings: [...document.querySelectorAll('#findings li p')].map((p) => p.textContent),
    }));
    assert.deepEqual(shown, { platform: 'Facebook', findings: fx.report.findings.map((f) => f.text) });
    const badge = await driver.inPage((id) => (globalThis.browser ?? globalThis.chrome).action.getBadgeText({ tabId: id }), tabId);
    assert.equal(badge, String(fx.report.findings.length));
    await driver.screenshot(shot(OUT, driver, 'popup'), { width: 420, height: 480 });
  });

  t('after the background is stopped, the next page is still classified', async () => {
    assert.equal(await driver.stopBackground(), 'stopped');
    // The same address as the English page: the Spanish one is served there now.
    const { warnings, fx } = await driver.openFixture('facebook/sessions-es.html');
    const texts = warnings.flatMap((w) => w.texts);
    assert.deepEqual(texts, fx.report.findings.map((f) => f.text));
    assert.match(texts[0], /^Facebook guarda /);
    assert.equal(await driver.backgroundState(), 'running', 'the background runs again');
  });

  t('time from navigation to warning (in-page, ms since navigation start)', async () => {
    const times = [];
    for (let run = 0; run < 7; run++) {
      const { warnings } = await driver.openFixture(SESSIONS_EN);
      times.push(Math.min(...warnings.map((w) => w.renderedAt)));
      await driver.closeTab();
    }
    assert.ok(times.every((time) => Number.isFinite(time) && time > 0), `times: ${times}`);
    recordTimings(driver.name, 'navigation to warning', times);
  });

  t('no request left the browser except to the fixture pages', async () => {
    assert.deepEqual(driver.unexpectedRequests(), []);
    assert.ok(driver.requests().length > 0, 'the audit saw the fixture requests');
    // The audit can see: a request to any other address is recorded (and refused).
    await driver.navigate('https://tracker.example/pixel');
    const seen = driver.unexpectedRequests();
    assert.equal(seen.length, 1, `the audit saw the tracker request once: ${JSON.stringify(seen)}`);
    assert.match(seen[0], /tracker\.example/);
  });
}
