// The twin of figures-chromium.test.mjs, in real Firefox ESR.
import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import { LAUNCH_TIMEOUT_MS, axe as runAxe, launchFirefox } from './firefox-harness.mjs';
import { FIXTURE, LANGUAGES, assertFigureBesideTheWarning, emptyAFigureSourceLink, listViolations, openFiguresAndWhy, openFiguresInPage, readFigures } from './figures-support.mjs';
import { openCopyOfWarning } from './support.mjs';

/** A hung browser fails the test instead of stalling the run. */
const TEST_TIMEOUT_MS = 30000;

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
  await firefox.resetStorage();
}, { timeout: TEST_TIMEOUT_MS });

test(`the figure and its source appear under Google's subpoena warning on ${FIXTURE}`, { timeout: TEST_TIMEOUT_MS }, async () => {
  const tab = await firefox.openTab();
  try {
    const { fx } = await firefox.openFixture(FIXTURE);
    assertFigureBesideTheWarning(fx.report, await firefox.inWarnings(readFigures));
  } finally {
    await firefox.closeTab(tab);
  }
});

/** axe-core's violations in the current tab (only inside `include` when given), as strings; throws if axe checked nothing. */
async function axe(include = null) {
  const result = await runAxe(session, include);
  assert.ok(result.passes > 0, 'axe checked something');
  return result.violations;
}

for (const [language, whyLabel] of LANGUAGES) {
  test(`axe finds no violations in the figure beside the warning ("Why" open), the popup's figure and the report's figures table, in ${language}`, { timeout: 90000 }, async () => {
    await firefox.openTab();
    await session.navigate(firefox.extensionUrl('options.html'));
    // The change listener is added in the same task that fills the platform switches.
    await firefox.waitFor(() => document.querySelector('#platforms input') !== null);
    await session.clickOn(`#language option[value="${language}"]`);
    await firefox.waitFor(() => document.getElementById('saved').textContent !== '');

    await firefox.openTab();
    const { url, fx } = await firefox.openFixture(FIXTURE);
    await firefox.waitForWarnings((list) => list.some((w) => w.text.includes(whyLabel)));
    const opened = (await firefox.inWarnings(openFiguresAndWhy)).reduce((a, b) => a + b, 0);
    assert.ok(opened > 0, 'a warning shows a figure');
    // axe cannot enter closed shadow roots: it checks open copies of the warnings, same tree and styles.
    await firefox.inWarnings(openCopyOfWarning);
    const results = { warnings: await axe('[data-axe-copy]') };

    await firefox.openPopup(url);
    assert.ok((await session.execute(openFiguresInPage)).lines > 0, 'the popup shows a figure');
    results.popup = await axe();

    await session.navigate(firefox.extensionUrl(`report.html?platform=${fx.report.platform}`));
    await firefox.waitFor(() => document.body.dataset.ready === 'true');
    assert.ok((await session.execute(openFiguresInPage)).tables > 0, 'the report shows a figures table');
    results.report = await axe();

    assert.equal(await session.execute(() => document.documentElement.lang), language);
    assert.deepEqual(listViolations(results), []);
    // The check can fail: a figures table's source link left without text is caught.
    await session.execute(emptyAFigureSourceLink);
    assert.ok((await axe()).some((v) => v.startsWith('link-name')), 'axe reports the emptied link');
  });
}
