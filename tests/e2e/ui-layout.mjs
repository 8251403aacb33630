// What a worried user meets (issue 11), written once and run in real Chromium (ui-chromium.test.mjs)
// and real Firefox ESR (ui-firefox.test.mjs) through browsers.mjs: "Why am I seeing this?" opens below
// its button and is reached by Tab; session markers never sit inside the row's link; the row of counts
// says what it counts; the popup's first screen holds the next step and the verdict; the options
// explain each choice. The probes run in the page (ui-probes.mjs).
import assert from 'node:assert/strict';
import { shot } from './browsers.mjs';
import { OUT, expectedPage } from './support.mjs';
import { CONTROL, countsRow, focusWhy, popupLayout, rowMarker, whyState } from './ui-probes.mjs';

/** The toolbar popup's width and largest height: what "the first screen" means there (pages.css: 360 to 440 px wide). */
const POPUP = { width: 420, height: 600 };

export function uiLayoutTests(test, driver, { timeout } = {}) {
  /** `fn(root, ...args)` in the first warning where it returns something. */
  const inFirstWarning = async (fn, ...args) => (await driver.inWarnings(fn, ...args)).find(Boolean) ?? null;

  test('"Why am I seeing this?" opens below its button, says "Hide" while open, and Tab goes on to the source', { timeout }, async () => {
    await driver.openFixture('facebook/sessions-en.html');
    assert.ok(await inFirstWarning(focusWhy), 'a "Why" button has focus');
    const closed = await inFirstWarning(whyState);
    assert.deepEqual([closed.expanded, closed.label], ['false', 'Why am I seeing this?']);
    await driver.press('Enter');
    const open = await inFirstWarning(whyState);
    assert.equal(open.expanded, 'true');
    assert.equal(open.label, 'Hide the explanation');
    assert.equal(open.top, closed.top, 'the button stays where it was');
    assert.ok(open.detailsTop >= open.bottom, `the explanation (top ${open.detailsTop}) opens below the button (bottom ${open.bottom})`);
    await driver.press('Tab');
    const next = await inFirstWarning(whyState);
    assert.deepEqual(next.focused, { tag: 'a', text: open.firstSource, inDetails: true }, 'Tab from the button reaches the source link');
    await inFirstWarning(focusWhy);
    await driver.press('Enter');
    const again = await inFirstWarning(whyState);
    assert.deepEqual([again.expanded, again.label, again.detailsTop], ['false', 'Why am I seeing this?', null]);
  });

  test('session markers sit under their rows, never inside a link: clicking one opens nothing', { timeout }, async () => {
    const fixturePath = 'x/sessions-en.html';
    const expected = expectedPage(fixturePath);
    const { url } = await driver.openFixture(fixturePath);
    const markers = (await driver.inWarnings(rowMarker, CONTROL)).filter(Boolean);
    assert.equal(markers.length, expected.sessions.length, 'one marker per session row');
    for (const [i, row] of expected.sessions.entries()) {
      assert.equal(markers[i].insideControl, false, `marker ${i} is outside every link and button`);
      assert.ok(markers[i].rowText.includes(row.device) && markers[i].rowText.includes(row.time), `marker ${i} follows the row of ${row.device}, ${row.time}`);
    }
    await driver.clickInWarning('.chip:not([data-setting])');
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(await driver.inPage(() => location.href), url, "the click on the marker did not follow the row's link");
  });

  for (const [fixturePath, title, notShown] of [
    ['facebook/sessions-en.html', 'What this page lets you see (the platform may keep more than it shows):', 'not shown on this page, which does not mean the platform does not keep them'],
    ['facebook/sessions-es.html', 'Lo que esta página te deja ver (la plataforma puede guardar más de lo que muestra):', 'no se muestra en esta página, lo que no quiere decir que la plataforma no lo guarde'],
  ]) {
    test(`the row of counts on ${fixturePath} says it counts what the page shows, and that what it does not show may still be kept`, { timeout }, async () => {
      const { fx } = await driver.openFixture(fixturePath);
      const row = await inFirstWarning(countsRow);
      assert.equal(row.title, title);
      assert.equal(fx.report.subpoena_view.ips, 0, 'the fixture shows no IP addresses');
      assert.ok(Object.values(row.counts).includes(notShown), `a figure the page does not show: ${JSON.stringify(row.counts)}`);
    });
  }

  test('the popup\'s first screen holds the next step and the verdict; the rest is collapsed, said once, and every link names its site', { timeout }, async () => {
    const { url } = await driver.openFixture('facebook/sessions-en.html');
    await driver.openPopup(url);
    await driver.atSize(POPUP, async () => {
      const layout = await driver.inPage(popupLayout);
      console.log(`# popup height on ${url}: ${layout.height} px`);
      assert.ok(layout.nextStepBottom !== null && layout.nextStepBottom <= POPUP.height, `the next step's link ends at ${layout.nextStepBottom} px`);
      assert.ok(layout.verdictBottom !== null && layout.verdictBottom <= POPUP.height, `the first warning's title ends at ${layout.verdictBottom} px`);
      assert.equal(layout.open, 0, 'every checklist starts collapsed');
      assert.deepEqual(layout.progressOutsideSummaries, [], 'progress only per platform, beside its name (no total across platforms)');
      assert.deepEqual(layout.headings.filter((h, i) => layout.headings.indexOf(h) !== i), [], 'no heading is said twice');
      assert.deepEqual(layout.links.filter((l) => !l.text.includes(l.host)), [], 'every link says which site it opens');
      await driver.screenshot(shot(OUT, driver, 'popup-first-en'));
    });
  });

  test('the options explain each choice in one sentence and list the dismissed warnings and silenced sites', { timeout }, async () => {
    await driver.openFixture('facebook/sessions-en.html');
    await driver.clickInWarning('[data-finding] button.dismiss');
    await driver.openExtensionPage('options.html');
    await driver.waitInPage(() => document.querySelector('#dismissed li') !== null);
    const hints = await driver.inPage(() =>
      ['language', 'jurisdiction', 'platforms'].map((id) => {
        const described = document.getElementById(id).getAttribute('aria-describedby');
        return [id, described ? document.getElementById(described)?.textContent ?? '' : ''];
      }),
    );
    for (const [id, hint] of hints) assert.match(hint, /^[A-Z][^.;]*[^.]*\.$/, `the ${id} choice is explained: "${hint}"`);
    assert.equal(await driver.inPage(() => document.querySelectorAll('#dismissed li').length), 1, 'the dismissed warning is listed, with a way back');
    assert.match(await driver.inPage(() => document.getElementById('silenced').textContent), /\S/, 'the silenced sites have their place');
    await driver.screenshot(shot(OUT, driver, 'options-en'), { fullPage: true });
  });
}
