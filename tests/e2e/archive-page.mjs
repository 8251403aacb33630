// The archive page (extension/archive.html) in a real browser, one body for both: the test picks a
// fixture export with the page's own file input (CDP in Chromium, WebDriver's file upload in Firefox),
// and the page must show what `dlens archive --json` says of the same file — its counts, its timeline
// (drawn, with a text alternative), its tables, its findings with their figures, and what to do next
// — with no accessibility violation, no request leaving the browser, and nothing left behind after
// "Forget it"; in Spanish, every string it shows is Spanish (the reasons a file was skipped too).
//
// `archivePageTests(name, launch)` registers the tests; `launch()` gives a driver:
//   open()                    a new tab on archive.html, once the page is ready
//   run(fn, ...args)          fn(...args) in that page (may be async), its JSON result
//   pick(selector, path)      sets a file input to a file (or a folder, for the folder input)
//   click(selector)           a user's click
//   axe()                     axe-core's violations in the page, as "id (nodes) help: first target"
//   pdf()                     the page printed (@media print), as PDF bytes
//   escaped()                 every request that left the browser (the harness's audit)
//   screenshot(path), close()
// Firefox: geckodriver refuses a folder for a file input, so its folder test is a TODO (see below).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { OUT, ROOT, pdfPages, publishScreenshot } from './support.mjs';

const ARCHIVES = join(ROOT, 'tests', 'fixtures', 'archives');
const messages = (lang) => JSON.parse(readFileSync(join(ROOT, 'extension', '_locales', lang, 'messages.json'), 'utf8'));
const en = messages('en');
const es = messages('es');

/** What the CLI says of a fixture export: the page must show the same. */
function expected(path, lang = 'en') {
  return JSON.parse(execFileSync(join(ROOT, 'target', 'release', 'dlens'), ['archive', '--json', '--jurisdiction', 'US', '--lang', lang, path], { encoding: 'utf8', maxBuffer: 64 << 20 }));
}

/** Runs in the page: sets the interface language the extension pages use (`auto` puts it back). */
async function setLanguage(language) {
  const api = globalThis.browser ?? globalThis.chrome;
  await globalThis.DisclosureLensStorage.update(api.storage.local, (state) => {
    state.settings.language = language;
  });
  return true;
}

/**
 * Runs in the page: waits until the status says `status` (the core reading a file), and says what the
 * page shows then (the status, whether the region is hidden).
 */
function whileStatusIs(status, timeoutMs) {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const check = () => {
      const shown = document.getElementById('status').textContent;
      if (shown === status) resolve({ status: shown, hidden: document.getElementById('reading').hidden });
      else if (performance.now() - start > timeoutMs) reject(new Error(`never "${status}": ${shown}`));
      else setTimeout(check, 5);
    };
    check();
  });
}

/** Runs in the page: waits until a reading has ended (a report, or a message that it could not be read). */
function waitForResult(timeoutMs) {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const check = () => {
      const reading = getComputedStyle(document.getElementById('reading')).display !== 'none';
      if (!reading && document.getElementById('status').textContent !== '') resolve(true);
      else if (performance.now() - start > timeoutMs) reject(new Error(`no result after ${timeoutMs} ms: ${document.getElementById('status').textContent}`));
      else setTimeout(check, 50);
    };
    check();
  });
}

/**
 * A Google Takeout whose access log is `rows` distinct logins (documentation-range IPs): large enough
 * that reading it takes seconds, so that Cancel can be pressed during the reading.
 */
function largeExport(rows) {
  const path = join(mkdtempSync(join(tmpdir(), 'dlens-archive-')), 'takeout-large.zip');
  const script = `import sys, zipfile, datetime
rows = ["Gaia ID,Activity Timestamp,IP Address,Activity Country,Activity Region,Activity City,User Agent String,Product Name\\n"]
for i in range(int(sys.argv[2])):
    t = datetime.datetime(2015, 1, 1) + datetime.timedelta(seconds=i * 613)
    rows.append(f"1,{t:%Y-%m-%d %H:%M:%S} UTC,203.0.113.{i % 256},ES,Madrid,Madrid,Browser {i % 7},Gmail\\n")
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("Takeout/Access Log Activity/Activities - A list of Google services accessed by.csv", "".join(rows))`;
  execFileSync('python3', ['-c', script, path, String(rows)]);
  return path;
}

/** Runs in the page: what it shows, as data. */
function shown() {
  const all = (selector, fn) => [...document.querySelectorAll(selector)].map(fn);
  const rows = (id) => all(`#${id} tbody tr`, (tr) => [...tr.children].map((cell) => cell.textContent));
  const chart = document.querySelector('#timeline svg');
  return {
    status: document.getElementById('status').textContent,
    heading: document.querySelector('#result h2')?.textContent ?? null,
    figures: Object.fromEntries(all('#figures dd[data-figure]', (dd) => [dd.dataset.figure, { value: dd.dataset.value, text: dd.textContent }])),
    chart: chart && { role: chart.getAttribute('role'), labelledBy: chart.getAttribute('aria-labelledby'), bars: chart.querySelectorAll('rect.bar').length },
    timelineSummary: document.getElementById('timeline-summary')?.textContent ?? null,
    timelineRows: rows('timeline-table'),
    addresses: rows('addresses'),
    places: rows('places'),
    devices: rows('devices'),
    findings: all('#findings li.finding h4', (h) => h.textContent),
    sources: all('#findings li.finding > a', (a) => a.href),
    figures_text: all('#findings li.finding .figure-text', (f) => f.textContent),
    nextSteps: all('#next-steps li.step h4', (h) => h.textContent),
    stepLimits: all('#next-steps li.step .limits', (p) => p.textContent),
    logoutNote: document.getElementById('logout-note')?.textContent ?? null,
    skipped: all('#skipped li code', (c) => c.textContent),
    skippedText: all('#skipped li', (li) => li.textContent),
    detail: document.querySelector('#result .detail')?.textContent ?? null,
    i18n: all('[data-i18n]', (node) => [node.dataset.i18n, node.textContent]),
    result: document.getElementById('result').childElementCount,
  };
}

/** Runs in the page: every place the page could have kept something. */
async function whatIsKept() {
  const api = globalThis.browser ?? globalThis.chrome;
  return {
    local: await api.storage.local.get(null),
    session: await api.storage.session.get(null),
    localStorage: localStorage.length,
    sessionStorage: sessionStorage.length,
    indexedDB: (await indexedDB.databases?.())?.map((d) => d.name) ?? [],
    caches: await caches.keys(),
    inputs: [...document.querySelectorAll('input[type=file]')].map((i) => i.files.length),
  };
}

/** Months from the first to the last of `byMonth`, as the page draws them (one bar each, empty months too). */
function monthsSpanned(byMonth) {
  const index = (m) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7));
  return index(byMonth.at(-1).month) - index(byMonth[0].month) + 1;
}

/**
 * `noFolderPick`: why this browser's driver cannot pick a folder, if it cannot; the folder test then
 * still runs, reported as a TODO with that reason instead of failing the suite.
 */
export function archivePageTests(browserName, launch, { noFolderPick } = {}) {
  let driver;
  before(async () => {
    driver = await launch();
  });
  after(async () => {
    await driver?.close();
  });

  for (const name of ['facebook.zip', 'x.zip', 'x-sign-up.zip', 'instagram-2020.zip', 'google.zip', 'tiktok.zip']) {
    test(`${browserName}: ${name} shows what dlens archive --json says of it`, async () => {
      const cli = expected(join(ARCHIVES, name));
      await driver.open();
      await driver.pick('#zip', join(ARCHIVES, name));
      await driver.run(waitForResult, 30000);
      const page = await driver.run(shown);
      assert.equal(page.heading, cli.platform_name);
      assert.equal(page.status, en.archiveDone.message.replace('$PLATFORM$', cli.platform_name).replace('$COUNT$', String(cli.read.length)));
      const figure = (key) => page.figures[key].value;
      assert.equal(Number(figure('logins')), cli.logins);
      assert.equal(Number(figure('ips')), cli.ips);
      assert.equal(Number(figure('places')), cli.places.length);
      assert.equal(Number(figure('devices')), cli.devices.length);
      assert.equal(figure('first'), cli.first);
      assert.equal(figure('last'), cli.last);
      assert.equal(Number(figure('without-ip')), cli.without_ip);
      assert.match(page.figures.first.text, new RegExp(cli.first.slice(0, 4)), 'the first login is written out, with its year');

      assert.deepEqual(page.chart, { role: 'img', labelledBy: 'timeline-heading timeline-summary', bars: monthsSpanned(cli.by_month) });
      assert.ok(page.timelineSummary.length > 0, 'the timeline is described in words');
      assert.deepEqual(page.timelineRows.map((r) => Number(r[1])), cli.by_month.map((m) => m.logins), 'the table beside the chart has the same counts');
      assert.deepEqual(page.addresses.map((r) => [r[0], Number(r[1])]), cli.addresses.slice(0, 100).map((a) => [a.ip, a.logins]));
      assert.deepEqual(page.places.map((r) => [r[0], Number(r[1])]), cli.places.slice(0, 100).map((p) => [p.name, p.logins]));
      assert.deepEqual(page.devices.map((r) => [r[0], Number(r[1])]), cli.devices.slice(0, 100).map((d) => [d.name, d.logins]));
      assert.deepEqual(page.findings, cli.findings.map((f) => f.title));
      assert.ok(cli.findings.length > 0, 'the fixture has findings to compare');
      assert.deepEqual(page.sources, cli.findings.flatMap((f) => f.sources.map((s) => s.url)));
      assert.deepEqual(page.figures_text, cli.findings.flatMap((f) => (f.figure ? [f.figure.text] : [])), 'each finding shows its figure');
      assert.deepEqual(page.nextSteps, cli.next_steps.map((s) => s.title));
      assert.ok(cli.next_steps.length > 0, 'the fixture has next steps to compare');
      assert.deepEqual(page.stepLimits, cli.next_steps.map((s) => en.nextStepLimits.message.replace('$LIMITS$', s.limits)));
      assert.equal(page.logoutNote, cli.logout_note);
      assert.deepEqual(page.skipped, cli.skipped.map((s) => s.path));
      assert.deepEqual(page.skippedText, cli.skipped.map((s) => `${s.path} — ${s.reason}`));
    });
  }

  test(`${browserName}: the unpacked folder reads like the zip`, noFolderPick ? { todo: noFolderPick } : {}, async () => {
    const cli = expected(join(ARCHIVES, 'facebook-folder'));
    await driver.open();
    await driver.pick('#folder', join(ARCHIVES, 'facebook-folder'));
    await driver.run(waitForResult, 30000);
    const page = await driver.run(shown);
    assert.equal(Number(page.figures.logins.value), cli.logins);
    assert.equal(Number(page.figures.ips.value), cli.ips);
    assert.equal(page.figures.first.value, cli.first);
    assert.equal(page.figures.last.value, cli.last);
    assert.deepEqual(page.findings, cli.findings.map((f) => f.title));
  });

  test(`${browserName}: a file that is not a zip, or is cut short, says so`, async () => {
    for (const name of ['not-a-zip.zip', 'truncated.zip']) {
      await driver.open();
      await driver.pick('#zip', join(ARCHIVES, name));
      await driver.run(waitForResult, 30000);
      const page = await driver.run(shown);
      assert.equal(page.status, en.archiveUnreadable.message, name);
      assert.equal(page.heading, null, name);
    }
    await driver.open();
    await driver.pick('#zip', join(ARCHIVES, 'unrecognised.zip'));
    await driver.run(waitForResult, 30000);
    assert.equal((await driver.run(shown)).status, en.archiveUnrecognised.message);
  });

  test(`${browserName}: Cancel stops a reading: no report comes after it`, async () => {
    const large = largeExport(400000);
    await driver.open();
    await driver.pick('#zip', large);
    // While the core reads the file, the page names it.
    const reading = en.archiveReadingFile.message.replace('$FILE$', 'Takeout/Access Log Activity/Activities - A list of Google services accessed by.csv');
    assert.deepEqual(await driver.run(whileStatusIs, reading, 30000), { status: reading, hidden: false });
    await driver.click('#cancel');
    await driver.run(() => new Promise((resolve) => setTimeout(resolve, 3000)));
    const page = await driver.run(shown);
    assert.equal(page.status, en.archiveCancelled.message);
    assert.equal(page.result, 0, 'the cancelled reading never reported');
  });

  test(`${browserName}: in Spanish, every string the page shows is Spanish, the core's reasons too`, async () => {
    await driver.open();
    await driver.run(setLanguage, 'es');
    try {
      await driver.open();
      const cli = expected(join(ARCHIVES, 'facebook.zip'), 'es');
      await driver.pick('#zip', join(ARCHIVES, 'facebook.zip'));
      await driver.run(waitForResult, 30000);
      const page = await driver.run(shown);
      assert.equal(page.status, es.archiveDone.message.replace('$PLATFORM$', cli.platform_name).replace('$COUNT$', String(cli.read.length)));
      for (const [key, text] of page.i18n) assert.equal(text, es[key].message, key);
      assert.deepEqual(page.skippedText, cli.skipped.map((s) => `${s.path} — ${s.reason}`));
      assert.ok(cli.skipped.every((s) => !s.reason.includes(' not ')), 'the reasons are in Spanish');
      assert.deepEqual(page.findings, cli.findings.map((f) => f.title));
      assert.deepEqual(page.nextSteps, cli.next_steps.map((s) => s.title));
      assert.deepEqual(page.stepLimits, cli.next_steps.map((s) => es.nextStepLimits.message.replace('$LIMITS$', s.limits)));
      assert.match(page.figures.first.text, /de 2021/, 'dates are written in Spanish');

      await driver.open();
      await driver.pick('#zip', join(ARCHIVES, 'facebook-html.zip'));
      await driver.run(waitForResult, 30000);
      const html = await driver.run(shown);
      assert.equal(html.status, es.archiveUnrecognised.message);
      assert.match(html.detail, /HTML.*"Formato: JSON"/, 'a Meta export in HTML: the core says to ask for JSON, and how');

      await driver.open();
      await driver.pick('#zip', join(ARCHIVES, 'not-a-zip.zip'));
      await driver.run(waitForResult, 30000);
      assert.equal((await driver.run(shown)).detail, es.archiveZipNoDirectory.message);
    } finally {
      await driver.run(setLanguage, 'auto');
    }
  });

  test(`${browserName}: the printed summary is one page`, async () => {
    await driver.open();
    await driver.pick('#zip', join(ARCHIVES, 'facebook.zip'));
    await driver.run(waitForResult, 30000);
    const pdf = await driver.pdf();
    writeFileSync(join(OUT, `${browserName}-archive-print.pdf`), pdf);
    assert.equal(pdfPages(pdf), 1);
  });

  test(`${browserName}: axe finds no violations, nothing leaves the browser, and "Forget it" leaves nothing behind`, async () => {
    await driver.open();
    const before = await driver.run(whatIsKept);
    await driver.pick('#zip', join(ARCHIVES, 'facebook.zip'));
    await driver.run(waitForResult, 30000);
    await driver.run(() => {
      for (const details of document.querySelectorAll('details')) details.open = true;
    });
    assert.deepEqual(await driver.axe(), []);
    const screenshot = join(OUT, `${browserName}-archive-en.png`);
    await driver.screenshot(screenshot);
    publishScreenshot(screenshot, `archive-${browserName}.png`);

    await driver.click('#forget');
    const page = await driver.run(shown);
    assert.equal(page.result, 0, 'the report is gone from the page');
    assert.equal(page.status, en.archiveForgotten.message);
    const kept = await driver.run(whatIsKept);
    assert.deepEqual(kept.inputs, [0, 0], 'the picked file is no longer held by the page');
    assert.deepEqual({ ...kept, inputs: null }, { ...before, inputs: null }, 'nothing was stored by reading an export');
    assert.deepEqual([kept.localStorage, kept.sessionStorage, kept.indexedDB, kept.caches], [0, 0, [], []]);
    assert.deepEqual(driver.escaped(), [], 'no request left the browser');
  });
}
