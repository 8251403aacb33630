// The snapshot's way from the page to the core, written once and run in both real browsers by
// snapshot-path-chromium.test.mjs and snapshot-path-firefox.test.mjs through browsers.mjs:
// - the content script writes the snapshot's JSON text itself, in its own world: a page that rewrites
//   JSON and the prototypes in its world changes nothing the core reads;
// - the background keeps the user's choices in memory (storage.js `keptLoader`): a choice written
//   while it runs applies to the next page, and so does one written while it was stopped.
import assert from 'node:assert/strict';
import { hostilePage } from './hostile-page.mjs';

/** The stored state with `change` applied to the defaults (storage.js's format, version 1). */
function stateWith(change) {
  const state = { version: 1, settings: { language: 'auto', jurisdiction: 'US', disabledPlatforms: [] }, checklist: {}, dismissed: [], silencedSites: [] };
  change(state);
  return state;
}

const writeState = (driver, state) => driver.inExtensionPage((s) => (globalThis.browser ?? globalThis.chrome).storage.local.set({ state: s }), state);

export function snapshotPathTests(test, driver, options = {}) {
  const t = (name, fn) => test(name, options, fn);

  t('a page that rewrites JSON and the prototypes in its own world gets the CLI\'s warnings', async () => {
    const page = hostilePage('facebook/sessions-en.html', 'tamper-json');
    const url = await driver.open(page.url, page.html, { csp: false });
    const warnings = await driver.waitForWarnings((list) => list.some((w) => w.role === 'banner'));
    assert.equal(await driver.inPage(() => window.attack.results.tampered), true, 'the page\'s JSON was rewritten');
    assert.deepEqual(warnings.flatMap((w) => w.texts), page.fx.report.findings.map((f) => f.text));
    const report = await driver.report(url);
    assert.equal(report.sessions.length, page.fx.report.sessions.length, 'every session row was read');
  });

  t('a choice written while the background runs applies to the next page; so does one written while it was stopped', async () => {
    await driver.openFixture('facebook/sessions-en.html');
    await writeState(driver, stateWith((s) => (s.settings.language = 'es')));
    const spanish = await driver.openFixture('facebook/sessions-en.html');
    assert.match(spanish.warnings.flatMap((w) => w.texts)[0], /^Facebook guarda /, 'the new language is used at once');

    assert.equal(await driver.stopBackground(), 'stopped');
    await writeState(driver, stateWith((s) => (s.settings.language = 'en')));
    const english = await driver.openFixture('facebook/sessions-en.html');
    assert.deepEqual(english.warnings.flatMap((w) => w.texts), english.fx.report.findings.map((f) => f.text), 'a restarted background reads the choice made while it was stopped');
  });
}
