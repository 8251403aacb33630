// In real Chromium: the printable report renders what the core's knowledge-base export decided (the
// warning's own sentence, on whose word, the law's processes with their statutes, "not kept"), for the
// chosen jurisdiction only; and a page too large to read whole says so in the banner and the popup.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, test } from 'node:test';
import { launchChromium, waitForWarnings, warnings } from './chromium-harness.mjs';
import { ROOT, fixture } from './support.mjs';

const kb = JSON.parse(execFileSync(join(ROOT, 'target', 'release', 'dlens'), ['kb', '--json'], { encoding: 'utf8', maxBuffer: 64 << 20 }));
const en = JSON.parse(readFileSync(join(ROOT, 'extension', '_locales', 'en', 'messages.json'), 'utf8'));
const records = kb.flatMap((platform) => platform.records.map((record) => ({ platform: platform.id, ...record })));
/** The statutes of the law's floor shown in `jurisdiction`. */
const statutes = (jurisdiction) => new Set(records.filter((r) => r.jurisdiction === jurisdiction).flatMap((r) => r.law.map((l) => l.statute.en)));

let browser;
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser?.context.close();
});
afterEach(async () => {
  for (const page of browser.context.pages()) await page.close();
  await browser.inExtensionPage(() => chrome.storage.local.clear());
});

/** The report page's rows as the user sees them, keyed `platform/record`. */
async function openReport() {
  const page = await browser.context.newPage();
  await page.goto(browser.extensionUrl('report.html'));
  await page.waitForSelector('body[data-ready="true"]');
  const rows = await page.$$eval('section.platform tbody tr', (trs) =>
    trs.map((tr) => ({
      key: `${tr.closest('section').dataset.platform}/${tr.dataset.record}`,
      basis: tr.dataset.basis,
      kept: tr.dataset.kept,
      label: tr.querySelector('.basis')?.textContent,
      keptText: tr.querySelector('.kept')?.textContent,
      text: tr.textContent,
    })),
  );
  return { page, rows: new Map(rows.map((r) => [r.key, r])), all: rows, text: await page.textContent('main') };
}

async function chooseJurisdiction(id) {
  const page = await browser.context.newPage();
  await page.goto(browser.extensionUrl('options.html'));
  await page.waitForSelector(`#jurisdiction option[value="${id}"]`, { state: 'attached' });
  await page.selectOption('#jurisdiction', id);
  await page.waitForFunction(() => document.getElementById('saved').textContent !== '');
  await page.close();
}

test('the report shows the law\'s floor with its statute, labelled as law, where the platform names no process (US)', async () => {
  const { rows, all, text } = await openReport();
  const onLaw = records.filter((r) => r.jurisdiction === 'US' && r.basis === 'law');
  assert.ok(onLaw.length > 0, 'the knowledge base has US records on the law\'s word');
  for (const record of onLaw) {
    const row = rows.get(`${record.platform}/${record.id}`);
    assert.ok(row, `${record.platform}/${record.id} is in the report`);
    assert.equal(row.basis, 'law');
    assert.equal(row.label, en.reportBasis_law.message, 'labelled as the law, not the platform');
    assert.ok(row.text.includes(record.text.en), `${record.platform}/${record.id} shows the warning's own sentence`);
    for (const law of record.law) assert.ok(row.text.includes(law.statute.en), `${record.platform}/${record.id} names ${law.statute.en}`);
  }
  assert.notEqual(en.reportBasis_law.message, en.reportBasis_platform.message);
  assert.ok(all.every((r) => r.label === en[`reportBasis_${r.basis}`].message), 'every row says on whose word it rests');

  const notKept = records.filter((r) => r.jurisdiction === 'US' && r.kept === 'no');
  assert.ok(notKept.length > 0, 'the knowledge base has US records the platform says it does not keep');
  for (const record of notKept) assert.equal(rows.get(`${record.platform}/${record.id}`)?.keptText, en.reportKept_no.message);

  // Only US processes: no statute that only another jurisdiction's law names.
  const us = statutes('US');
  for (const other of ['EU', 'UK']) for (const statute of statutes(other)) if (!us.has(statute)) assert.ok(!text.includes(statute), `${statute} (${other}) is not in the US report`);
  assert.equal(all.length, records.filter((r) => r.jurisdiction === 'US').length, 'one row per US record');
});

test('with EU chosen, the report shows the EU records and none of the US-only statutes', async () => {
  await chooseJurisdiction('EU');
  const { rows, all, text } = await openReport();
  const eu = records.filter((r) => r.jurisdiction === 'EU');
  assert.ok(eu.length > 0);
  assert.equal(all.length, eu.length, 'one row per EU record');
  for (const record of eu) assert.ok(rows.get(`${record.platform}/${record.id}`)?.text.includes(record.text.en), `${record.platform}/${record.id}`);
  const euStatutes = statutes('EU');
  for (const statute of statutes('US')) if (!euStatutes.has(statute)) assert.ok(!text.includes(statute), `${statute} (US) is not in the EU report`);
});

/** The session page, followed by more elements than a snapshot holds (LIMITS.MAX_NODES = 20,000). */
function tooLarge(fx) {
  return fx.html.replace(/<\/body>/i, `${'<p>more</p>'.repeat(25000)}</body>`);
}

test('a page too large to read whole says so in the banner and the popup; a whole page does not', async () => {
  const partial = en.partialPage.message;
  const fx = fixture('facebook/sessions-en.html');
  const whole = await browser.openFixture('facebook/sessions-en.html');
  assert.ok(whole.warnings.every((w) => !w.text.includes(partial)), 'no notice on a page read whole');
  const wholePopup = await browser.openPopup(fx.url);
  assert.equal(await wholePopup.popup.$('#partial'), null);
  await whole.page.close();
  await wholePopup.popup.close();

  const page = await browser.context.newPage();
  await browser.serve(page, fx.url, tooLarge(fx));
  await browser.waitForReport(fx.url, (r) => r.partial === true);
  const banners = await waitForWarnings(page, (list) => list.some((w) => w.role === 'banner' && w.text.includes(partial)));
  assert.equal(banners.filter((w) => w.text.includes(partial)).length, 1, 'the notice shows once, in the first banner');
  assert.ok((await warnings(page)).some((w) => w.role === 'marker'), 'the start of the page is still read: its session rows are marked');
  const { popup } = await browser.openPopup(fx.url);
  assert.equal(await popup.textContent('#partial'), partial);
});
