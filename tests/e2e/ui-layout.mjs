// What a worried user meets (issue 11), written once and run in real Chromium (ui-chromium.test.mjs)
// and real Firefox ESR (ui-firefox.test.mjs) through browsers.mjs: "Why am I seeing this?" opens below
// its button and is reached by Tab; session markers never sit inside the row's link; the row of counts
// says what it counts; the popup's first screen holds the next step and the verdict; the options
// explain each choice; axe finds nothing in either language at a phone's width (where the screenshots
// of docs/screenshots are taken); the report prints only the chosen platforms, one column on paper;
// the mobile sites, on a phone, get the desktop sites' warnings within the screen's width. The probes
// run in the page (ui-probes.mjs); what each browser does to be a phone or to print is the driver's.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { PHONE, shot } from './browsers.mjs';
import { OUT, expectedPage, fixture, openCopyOfWarning, pdfPages, publishScreenshot } from './support.mjs';
import { CONTROL, MOBILE_FIXTURES, countsRow, fitsWidth, focusWhy, popupLayout, rowMarker, whyState } from './ui-probes.mjs';

/** The toolbar popup's width and largest height: what "the first screen" means there (pages.css: 360 to 440 px wide). */
const POPUP = { width: 420, height: 600 };

/** The languages the phone-width check runs in: the "Why" button's label and the options' "saved" line in each. */
const LANGUAGES = [
  ['en', 'Why am I seeing this?', 'Saved.'],
  ['es', '¿Por qué veo esto?', 'Guardado.'],
];

/** Runs in the report: the platforms whose section is shown. */
const shownPlatforms = () => [...document.querySelectorAll('section.platform')].filter((s) => !s.hidden).map((s) => s.dataset.platform);

/** Runs in the report: whether the prompt to choose a platform can be seen. */
const promptShown = () => document.getElementById('choose-prompt').checkVisibility();

/** Runs in the report: how wide its content, its narrowest table cell and legal term are, its sources' texts, and whether the chooser shows. */
function paperLayout() {
  const width = (el) => el.getBoundingClientRect().width;
  const cells = [...document.querySelectorAll('section.platform:not([hidden]) td')];
  return {
    content: width(document.querySelector('#platforms')),
    narrowestCell: Math.min(...cells.map(width)),
    narrowestTerm: Math.min(...[...document.querySelectorAll('#processes dd')].map(width)),
    sources: [...document.querySelectorAll('section.platform:not([hidden]) td a')].map((a) => a.textContent),
    chooserShown: document.getElementById('choose').checkVisibility(),
  };
}

/** How each source of the report says what its date is. */
const SOURCE_DATE = /\(text as of [A-Z][a-z]+ \d{1,2}, \d{4}\)$/;

export function uiLayoutTests(test, driver, { timeout } = {}) {
  /** `fn(root, ...args)` in the first warning where it returns something. */
  const inFirstWarning = async (fn, ...args) => (await driver.inWarnings(fn, ...args)).find(Boolean) ?? null;
  /** The phone-width check opens five pages twice over: three tests' time. */
  const slow = timeout && timeout * 3;

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

  for (const [language, whyLabel, saved] of LANGUAGES) {
    test(`axe finds no violations in the banner, the open "Why", the popup, the options and the report, in ${language}, 390 px wide`, { timeout: slow }, async () => {
      const results = {};
      const langs = {};
      /** Takes a screenshot under OUT; with UPDATE_SCREENSHOTS=1 it is also the docs' (docs/screenshots, Firefox's in firefox/). */
      const screenshot = async (name, options) => {
        const path = join(OUT, `${driver.name}-${name}-${language}-390.png`);
        await driver.screenshot(path, options);
        publishScreenshot(path, `${driver.name === 'chromium' ? '' : `${driver.name}/`}${name}-${language}-390.png`);
      };
      await driver.atPhone(async () => {
        await driver.openExtensionPage('options.html');
        // The change listener is added in the same task that fills the platform switches.
        await driver.waitInPage(() => document.querySelector('#platforms input') !== null);
        await driver.select('#language', language);
        await driver.waitInPage((text) => document.getElementById('saved').textContent === text, saved);
        await driver.reload();
        await driver.waitInPage(() => document.querySelector('#platforms input') !== null);
        results.options = await driver.axe();
        await screenshot('options', { fullPage: true });

        const { url, fx } = await driver.openFixture('facebook/sessions-en.html');
        await driver.waitForWarnings((list) => list.some((w) => w.text.includes(whyLabel)));
        await driver.scrollToWarning();
        await screenshot('banner');
        assert.ok(await inFirstWarning(focusWhy), 'a "Why" button has focus');
        await driver.press('Enter');
        // The button at the top of the screen, its explanation under it.
        await inFirstWarning((root) => (root.querySelector('button.why[aria-expanded="true"]')?.scrollIntoView({ block: 'start' }), true));
        await screenshot('why');
        // axe cannot enter closed shadow roots: it checks open copies of the warnings (the "Why" open), same tree and styles.
        await driver.inWarnings(openCopyOfWarning);
        results.inPage = await driver.axe('[data-axe-copy]');

        await driver.openPopup(url);
        await driver.inPage(() => (document.querySelector('#checklist details').open = true));
        results.popup = await driver.axe();
        await driver.inPage(() => (document.querySelector('#checklist details').open = false));
        await screenshot('popup');
        langs.popup = await driver.inPage(() => document.documentElement.lang);

        await driver.openExtensionPage(`report.html?platform=${fx.report.platform}`);
        await driver.waitInPage(() => document.body.dataset.ready === 'true');
        results.report = await driver.axe();
        langs.report = await driver.inPage(() => document.documentElement.lang);
        await driver.asPrinted(() => screenshot('report-print'));
      });

      assert.deepEqual(langs, { popup: language, report: language });
      assert.deepEqual(Object.entries(results).flatMap(([where, r]) => r.violations.map((v) => `${where}: ${v}`)), []);
      for (const [where, r] of Object.entries(results)) assert.ok(r.passes > 0, `axe ran on the ${where}`);
      // The check can fail: an image without a text alternative is caught.
      await driver.inPage(() => document.querySelector('main').append(document.createElement('img')));
      assert.ok((await driver.axe()).violations.some((v) => v.startsWith('image-alt')), 'axe reports a violation put there');
    });
  }

  test("the printable report shows and prints only the chosen platforms, one column on paper, and says what each source's date is", { timeout }, async () => {
    const { url, fx } = await driver.openFixture('facebook/sessions-en.html');
    await driver.openPopup(url);
    const href = await driver.inPage(() => document.getElementById('open-report').getAttribute('href'));
    assert.ok(href.endsWith(`/report.html?platform=${fx.report.platform}`), `the popup's link opens the report on its tab's platform: ${href}`);

    await driver.openExtensionPage('report.html');
    await driver.waitInPage(() => document.body.dataset.ready);
    assert.deepEqual(await driver.inPage(shownPlatforms), [], 'opened on its own, the report shows no platform until one is chosen');
    assert.equal(await driver.inPage(promptShown), true, 'and asks for a choice');
    await driver.click('#choose input');
    assert.equal((await driver.inPage(shownPlatforms)).length, 1);
    assert.equal(await driver.inPage(promptShown), false);

    await driver.openExtensionPage(href.slice(href.lastIndexOf('/') + 1));
    await driver.waitInPage(() => document.body.dataset.ready);
    assert.deepEqual(await driver.inPage(shownPlatforms), [fx.report.platform]);
    const paper = await driver.asPrinted(() => driver.inPage(paperLayout));
    assert.ok(paper.narrowestCell >= paper.content - 1, `on paper every cell is the page's width (${paper.narrowestCell} of ${paper.content} px)`);
    assert.ok(paper.narrowestTerm >= paper.content - 1, `the legal terms too (${paper.narrowestTerm} of ${paper.content} px)`);
    assert.equal(paper.chooserShown, false, 'the choice is not printed');
    assert.ok(paper.sources.length > 0 && paper.sources.every((s) => SOURCE_DATE.test(s)), `each source says what its date is: ${paper.sources[0]}`);
    const chosenPages = pdfPages(await driver.pdf());
    await driver.inPage(() => document.querySelectorAll('#choose input:not(:checked)').forEach((box) => box.click()));
    const allPages = pdfPages(await driver.pdf());
    console.log(`# ${driver.name}: printed report, Letter: ${chosenPages} pages for ${fx.report.platform}, ${allPages} for every platform`);
    assert.ok(chosenPages > 0 && chosenPages < allPages, `${chosenPages} pages for one platform, ${allPages} for all`);
  });

  for (const [mobilePath, desktopPath] of MOBILE_FIXTURES) {
    test(`on a phone (390 px, mobile user agent), ${mobilePath} gets the same warnings as ${desktopPath}, within the screen's width`, { timeout }, async () => {
      await driver.atPhone(
        async () => {
          const { fx } = await driver.openFixture(mobilePath);
          const desktop = fixture(desktopPath);
          assert.notEqual(fx.url, desktop.url, 'served at the mobile address');
          const list = await driver.waitForWarnings((l) => l.filter((w) => w.role === 'marker').length === desktop.report.sessions.length);
          assert.deepEqual(list.flatMap((w) => w.findings), desktop.report.findings.map((f) => f.id), 'the same warnings as on the desktop site');
          const widths = await driver.inWarnings(fitsWidth);
          assert.match(widths[0].userAgent, /Mobile/);
          // Firefox's page is zoomed to a phone's width, and zoom steps round: within 2 px of it.
          assert.ok(Math.abs(widths[0].viewport - PHONE.width) <= 2, `the viewport is a phone's: ${widths[0].viewport} px`);
          for (const w of widths) assert.ok(w.left >= 0 && w.right <= w.viewport, `a warning within the ${w.viewport} px screen: ${w.left}..${w.right}`);
          await driver.scrollToWarning();
          await driver.screenshot(shot(OUT, driver, `${mobilePath.replace(/\//g, '-').replace('.html', '')}-390`));
        },
        { mobile: true },
      );
    });
  }
}
