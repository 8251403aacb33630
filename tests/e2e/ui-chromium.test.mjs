// What a worried user meets, in real Chromium (issue 11): "Why am I seeing this?" opens below its
// button and is reached by Tab; session markers never sit inside the row's link; the row of counts
// says what it counts; the popup's first screen holds the next step and the verdict; the options
// explain each choice; axe finds nothing in either language at a phone's width, and the screenshots
// of docs/screenshots are taken here. The twin of ui-firefox.test.mjs; the probes are shared (ui-probes.mjs).
import AxeBuilder from '@axe-core/playwright';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, afterEach, before, test } from 'node:test';
import { clickInWarning, inFirstWarning, inWarnings, launchChromium, scrollToWarning, waitForWarnings } from './chromium-harness.mjs';
import { OUT, expectedPage, fixture, openCopyOfWarning } from './support.mjs';
import { CONTROL, MOBILE_FIXTURES, PHONE_USER_AGENT, countsRow, fitsWidth, focusWhy, popupLayout, rowMarker, whyState } from './ui-probes.mjs';

/** Chrome's largest popup: what "the first screen" means there (pages.css: 360 to 440 px wide). */
const POPUP = { width: 420, height: 600 };

let browser;
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser?.context.close();
});
// Every test starts from a fresh state: no dismissals, no progress, default settings.
afterEach(async () => {
  for (const page of browser.context.pages()) await page.close();
  await browser.inExtensionPage(() => chrome.storage.local.clear());
});

test('"Why am I seeing this?" opens below its button, says "Hide" while open, and Tab goes on to the source', async () => {
  const { page } = await browser.openFixture('facebook/sessions-en.html');
  assert.ok(await inFirstWarning(page, focusWhy), 'a "Why" button has focus');
  const closed = await inFirstWarning(page, whyState);
  assert.equal(closed.expanded, 'false');
  assert.equal(closed.label, 'Why am I seeing this?');
  await page.keyboard.press('Enter');
  const open = await inFirstWarning(page, whyState);
  assert.equal(open.expanded, 'true');
  assert.equal(open.label, 'Hide the explanation');
  assert.equal(open.top, closed.top, 'the button stays where it was');
  assert.ok(open.detailsTop >= open.bottom, `the explanation (top ${open.detailsTop}) opens below the button (bottom ${open.bottom})`);
  await page.keyboard.press('Tab');
  const next = await inFirstWarning(page, whyState);
  assert.deepEqual(next.focused, { tag: 'a', text: open.firstSource, inDetails: true }, 'Tab from the button reaches the source link');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Enter');
  const again = await inFirstWarning(page, whyState);
  assert.deepEqual([again.expanded, again.label, again.detailsTop], ['false', 'Why am I seeing this?', null]);
});

test('session markers sit under their rows, never inside a link: clicking one opens nothing', async () => {
  const fixturePath = 'x/sessions-en.html';
  const expected = expectedPage(fixturePath);
  const { page, fx } = await browser.openFixture(fixturePath);
  const markers = (await inWarnings(page, rowMarker, CONTROL)).filter(Boolean);
  assert.equal(markers.length, expected.sessions.length, 'one marker per session row');
  for (const [i, session] of expected.sessions.entries()) {
    assert.equal(markers[i].insideControl, false, `marker ${i} is outside every link and button`);
    assert.ok(markers[i].rowText.includes(session.device) && markers[i].rowText.includes(session.time), `marker ${i} follows the row of ${session.device}, ${session.time}`);
  }
  const point = await inFirstWarning(page, (root) => {
    const chip = root.querySelector('.chip:not([data-setting])');
    if (!chip) return null;
    chip.scrollIntoView({ block: 'center' });
    const box = chip.getBoundingClientRect();
    return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  });
  await page.mouse.click(point.x, point.y);
  await page.waitForTimeout(500);
  assert.equal(page.url(), fx.url, 'the click on the marker did not follow the row\'s link');
});

for (const [fixturePath, title, notShown] of [
  ['facebook/sessions-en.html', 'What this page lets you see (the platform may keep more than it shows):', 'not shown on this page, which does not mean the platform does not keep them'],
  ['facebook/sessions-es.html', 'Lo que esta página te deja ver (la plataforma puede guardar más de lo que muestra):', 'no se muestra en esta página, lo que no quiere decir que la plataforma no lo guarde'],
]) {
  test(`the row of counts on ${fixturePath} says it counts what the page shows, and that what it does not show may still be kept`, async () => {
    const { page, fx } = await browser.openFixture(fixturePath);
    const row = await inFirstWarning(page, countsRow);
    assert.equal(row.title, title);
    const figures = Object.values(row.counts);
    assert.equal(fx.report.subpoena_view.ips, 0, 'the fixture shows no IP addresses');
    assert.ok(figures.includes(notShown), `a figure the page does not show: ${JSON.stringify(row.counts)}`);
  });
}

test('the popup\'s first screen holds the next step and the verdict; the rest is collapsed, said once, and every link names its site', async () => {
  const { fx } = await browser.openFixture('facebook/sessions-en.html');
  const { popup } = await browser.openPopup(fx.url);
  await popup.setViewportSize(POPUP);
  const layout = await popup.evaluate(popupLayout);
  console.log(`# popup height on ${fx.url}: ${layout.height} px`);
  assert.ok(layout.nextStepBottom !== null && layout.nextStepBottom <= POPUP.height, `the next step's link ends at ${layout.nextStepBottom} px`);
  assert.ok(layout.verdictBottom !== null && layout.verdictBottom <= POPUP.height, `the first warning's title ends at ${layout.verdictBottom} px`);
  assert.equal(layout.open, 0, 'every checklist starts collapsed');
  assert.deepEqual(layout.progressOutsideSummaries, [], 'progress only per platform, beside its name (no total across platforms)');
  const repeated = layout.headings.filter((h, i) => layout.headings.indexOf(h) !== i);
  assert.deepEqual(repeated, [], 'no heading is said twice');
  const vague = layout.links.filter((l) => !l.text.includes(l.host));
  assert.deepEqual(vague, [], 'every link says which site it opens');
  await popup.screenshot({ path: join(OUT, 'chromium-popup-first-en.png') });
});

test('the options explain each choice in one sentence and list the dismissed warnings and silenced sites', async () => {
  const { page } = await browser.openFixture('facebook/sessions-en.html');
  await clickInWarning(page, '[data-finding] button.dismiss');
  const options = await browser.context.newPage();
  await options.goto(browser.extensionUrl('options.html'));
  await options.waitForSelector('#dismissed li');
  const hints = await options.evaluate(() =>
    ['language', 'jurisdiction', 'platforms'].map((id) => {
      const described = document.getElementById(id).getAttribute('aria-describedby');
      return [id, described ? document.getElementById(described)?.textContent ?? '' : ''];
    }),
  );
  for (const [id, hint] of hints) assert.match(hint, /^[A-Z][^.;]*[^.]*\.$/, `the ${id} choice is explained: "${hint}"`);
  assert.equal(await options.locator('#dismissed li').count(), 1, 'the dismissed warning is listed, with a way back');
  assert.match(await options.locator('#silenced').textContent(), /\S/, 'the silenced sites have their place');
  await options.screenshot({ path: join(OUT, 'chromium-options-en.png'), fullPage: true });
});

/** A phone's width: the screenshots and the accessibility check are made at it. */
const PHONE = { width: 390, height: 844 };

for (const [language, whyLabel] of [['en', 'Why am I seeing this?'], ['es', '¿Por qué veo esto?']]) {
  test(`axe finds no violations in the banner, the open "Why", the popup, the options and the report, in ${language}, 390 px wide`, async () => {
    const options = await browser.context.newPage();
    await options.setViewportSize(PHONE);
    await options.goto(browser.extensionUrl('options.html'));
    await options.waitForSelector('#platforms input', { state: 'attached' });
    await options.selectOption('#language', language);
    await options.waitForFunction(() => document.getElementById('saved').textContent !== '');
    await options.reload();
    await options.waitForSelector('#platforms input', { state: 'attached' });

    const page = await browser.context.newPage();
    await page.setViewportSize(PHONE);
    const { fx } = await browser.openFixture('facebook/sessions-en.html', page);
    await waitForWarnings(page, (list) => list.some((w) => w.text.includes(whyLabel)));
    await scrollToWarning(page);
    await page.screenshot({ path: join(OUT, `chromium-banner-${language}-390.png`) });
    assert.ok(await inFirstWarning(page, focusWhy));
    await page.keyboard.press('Enter');
    // The button at the top of the screen, its explanation under it.
    await inFirstWarning(page, (root) => (root.querySelector('button.why[aria-expanded="true"]')?.scrollIntoView({ block: 'start' }), true));
    await page.screenshot({ path: join(OUT, `chromium-why-${language}-390.png`) });

    const results = {};
    // axe cannot enter closed shadow roots: it checks open copies of the warnings (the "Why" open), same tree and styles.
    await inWarnings(page, openCopyOfWarning);
    results.inPage = await new AxeBuilder({ page }).include('[data-axe-copy]').analyze();
    const { popup } = await browser.openPopup(fx.url);
    await popup.setViewportSize(PHONE);
    await popup.locator('#checklist details').evaluate((d) => (d.open = true));
    results.popup = await new AxeBuilder({ page: popup }).analyze();
    await popup.locator('#checklist details').evaluate((d) => (d.open = false));
    await popup.screenshot({ path: join(OUT, `chromium-popup-${language}-390.png`) });
    results.options = await new AxeBuilder({ page: options }).analyze();
    await options.screenshot({ path: join(OUT, `chromium-options-${language}-390.png`), fullPage: true });
    const report = await browser.context.newPage();
    await report.setViewportSize(PHONE);
    await report.goto(browser.extensionUrl(`report.html?platform=${fx.report.platform}`));
    await report.waitForSelector('body[data-ready]');
    results.report = await new AxeBuilder({ page: report }).analyze();
    await report.emulateMedia({ media: 'print' });
    await report.screenshot({ path: join(OUT, `chromium-report-print-${language}-390.png`) });

    assert.equal(await popup.evaluate(() => document.documentElement.lang), language);
    const violations = Object.entries(results).flatMap(([where, r]) => r.violations.map((v) => `${where}: ${v.id} (${v.nodes.length}) ${v.help}: ${v.nodes[0]?.target}`));
    assert.deepEqual(violations, []);
    assert.ok(results.inPage.passes.length > 0, 'axe looked inside the warnings');
  });
}

/** How many pages a PDF has. */
const pdfPages = (pdf) => pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length ?? 0;

test('the printable report shows and prints only the chosen platforms, one column on paper, and says what each source\'s date is', async () => {
  const { fx } = await browser.openFixture('facebook/sessions-en.html');
  const { popup } = await browser.openPopup(fx.url);
  const href = await popup.locator('#open-report').getAttribute('href');
  assert.ok(href.endsWith(`/report.html?platform=${fx.report.platform}`), `the popup's link opens the report on its tab's platform: ${href}`);
  const shownIn = (page) => page.$$eval('section.platform', (all) => all.filter((s) => !s.hidden).map((s) => s.dataset.platform));

  const blank = await browser.context.newPage();
  await blank.goto(browser.extensionUrl('report.html'));
  await blank.waitForSelector('body[data-ready]');
  assert.deepEqual(await shownIn(blank), [], 'opened on its own, the report shows no platform until one is chosen');
  assert.equal(await blank.locator('#choose-prompt').isVisible(), true, 'and asks for a choice');
  await blank.locator('#choose input').first().check();
  assert.equal((await shownIn(blank)).length, 1);
  assert.equal(await blank.locator('#choose-prompt').isVisible(), false);

  const report = await browser.context.newPage();
  await report.goto(href);
  await report.waitForSelector('body[data-ready]');
  assert.deepEqual(await shownIn(report), [fx.report.platform]);
  await report.emulateMedia({ media: 'print' });
  const paper = await report.evaluate(() => {
    const width = (el) => el.getBoundingClientRect().width;
    const content = width(document.querySelector('#platforms'));
    const cells = [...document.querySelectorAll('section.platform:not([hidden]) td')];
    return {
      content,
      narrowestCell: Math.min(...cells.map(width)),
      narrowestTerm: Math.min(...[...document.querySelectorAll('#processes dd')].map(width)),
      sources: [...document.querySelectorAll('section.platform:not([hidden]) td a')].map((a) => a.textContent),
      chooserShown: document.getElementById('choose').checkVisibility(),
    };
  });
  assert.ok(paper.narrowestCell >= paper.content - 1, `on paper every cell is the page's width (${paper.narrowestCell} of ${paper.content} px)`);
  assert.ok(paper.narrowestTerm >= paper.content - 1, `the legal terms too (${paper.narrowestTerm} of ${paper.content} px)`);
  assert.equal(paper.chooserShown, false, 'the choice is not printed');
  assert.ok(paper.sources.length > 0 && paper.sources.every((s) => /\(text as of [A-Z][a-z]+ \d{1,2}, \d{4}\)$/.test(s)), `each source says what its date is: ${paper.sources[0]}`);
  const chosenPages = pdfPages(await report.pdf({ format: 'Letter' }));
  await report.evaluate(() => document.querySelectorAll('#choose input:not(:checked)').forEach((box) => box.click()));
  const allPages = pdfPages(await report.pdf({ format: 'Letter' }));
  console.log(`# printed report, Letter: ${chosenPages} pages for ${fx.report.platform}, ${allPages} for every platform`);
  assert.ok(chosenPages > 0 && chosenPages < allPages);
});

for (const [mobilePath, desktopPath] of MOBILE_FIXTURES) {
  test(`on a phone (390 px, mobile user agent), ${mobilePath} gets the same warnings as ${desktopPath}, within the screen's width`, async () => {
    const page = await browser.context.newPage();
    // A phone, before the page loads: its width, its touch screen and its user agent.
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Emulation.setDeviceMetricsOverride', { width: PHONE.width, height: PHONE.height, deviceScaleFactor: 2, mobile: true });
    await cdp.send('Emulation.setUserAgentOverride', { userAgent: PHONE_USER_AGENT });
    await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true });
    const { fx } = await browser.openFixture(mobilePath, page);
    const desktop = fixture(desktopPath);
    assert.notEqual(fx.url, desktop.url, 'served at the mobile address');
    const list = await waitForWarnings(page, (l) => l.filter((w) => w.role === 'marker').length === desktop.report.sessions.length);
    assert.deepEqual(list.flatMap((w) => w.findings), desktop.report.findings.map((f) => f.id), 'the same warnings as on the desktop site');
    const widths = await inWarnings(page, fitsWidth);
    assert.match(widths[0].userAgent, /Mobile/);
    for (const w of widths) assert.ok(w.left >= 0 && w.right <= w.viewport, `a warning within the ${w.viewport} px screen: ${w.left}..${w.right}`);
    await scrollToWarning(page);
    await page.screenshot({ path: join(OUT, `chromium-${mobilePath.replace(/\//g, '-').replace('.html', '')}-390.png`) });
    await cdp.detach();
  });
}
