// The printable report renders what the core's knowledge-base export decided (the warning's own
// sentence, on whose word, the law's processes with their statutes, "not kept"), for the chosen
// jurisdiction only; and a page too large to read whole says so in the banner and the popup.
// Written once, run in both browsers by report-page-chromium.test.mjs and report-page-firefox.test.mjs
// (the driver: browsers.mjs; each test starts from no open tab and cleared storage.local).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, fixture } from './support.mjs';

const kb = JSON.parse(execFileSync(join(ROOT, 'target', 'release', 'dlens'), ['kb', '--json'], { encoding: 'utf8', maxBuffer: 64 << 20 }));
const en = JSON.parse(readFileSync(join(ROOT, 'extension', '_locales', 'en', 'messages.json'), 'utf8'));
const records = kb.flatMap((platform) => platform.records.map((record) => ({ platform: platform.id, ...record })));
/** The statutes of the law's floor shown in `jurisdiction`. */
const statutes = (jurisdiction) => new Set(records.filter((r) => r.jurisdiction === jurisdiction).flatMap((r) => r.law.map((l) => l.statute.en)));

/** Runs in the report page: its rows as the user sees them, and its whole text. */
function readReport() {
  const rows = [...document.querySelectorAll('section.platform tbody tr')].map((tr) => ({
    key: `${tr.closest('section').dataset.platform}/${tr.dataset.record}`,
    basis: tr.dataset.basis,
    kept: tr.dataset.kept,
    label: tr.querySelector('.basis')?.textContent,
    keptText: tr.querySelector('.kept')?.textContent,
    text: tr.textContent,
  }));
  return { rows, text: document.querySelector('main').textContent };
}

/** The session page, followed by more elements than a snapshot holds (LIMITS.MAX_NODES = 20,000). */
const tooLarge = (fx) => fx.html.replace(/<\/body>/i, `${'<p>more</p>'.repeat(25000)}</body>`);

export function reportPageTests(test, driver, options = {}) {
  const t = (name, fn) => test(name, options, fn);

  /** The report page's rows, keyed `platform/record`. */
  async function openReport() {
    await driver.openExtensionPage('report.html');
    await driver.waitInPage(() => document.body.dataset.ready === 'true');
    const { rows, text } = await driver.inPage(readReport);
    return { rows: new Map(rows.map((r) => [r.key, r])), all: rows, text };
  }

  async function chooseJurisdiction(id) {
    await driver.openExtensionPage('options.html');
    await driver.waitInPage((value) => document.querySelector(`#jurisdiction option[value="${value}"]`) !== null, id);
    await driver.select('#jurisdiction', id);
    await driver.waitInPage(() => document.getElementById('saved').textContent !== '');
  }

  t('the report shows the law\'s floor with its statute, labelled as law, where the platform names no process (US)', async () => {
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

  t('with EU chosen, the report shows the EU records and none of the US-only statutes', async () => {
    await chooseJurisdiction('EU');
    const { rows, all, text } = await openReport();
    const eu = records.filter((r) => r.jurisdiction === 'EU');
    assert.ok(eu.length > 0);
    assert.equal(all.length, eu.length, 'one row per EU record');
    for (const record of eu) assert.ok(rows.get(`${record.platform}/${record.id}`)?.text.includes(record.text.en), `${record.platform}/${record.id}`);
    const euStatutes = statutes('EU');
    for (const statute of statutes('US')) if (!euStatutes.has(statute)) assert.ok(!text.includes(statute), `${statute} (US) is not in the EU report`);
  });

  t('a page too large to read whole says so in the banner and the popup; a whole page does not', async () => {
    const partial = en.partialPage.message;
    const fx = fixture('facebook/sessions-en.html');
    const whole = await driver.openFixture('facebook/sessions-en.html');
    assert.ok(whole.warnings.every((w) => !w.text.includes(partial)), 'no notice on a page read whole');
    await driver.openPopup(whole.url);
    assert.equal(await driver.inPage(() => document.getElementById('partial')), null);
    // Closed, so that the popup below finds the large page's tab, the only one at that address.
    await driver.resetTabs();

    const url = await driver.open(fx.url, tooLarge(fx));
    await driver.report(url, (r) => r.partial === true);
    const banners = await driver.waitForWarnings((list) => list.some((w) => w.role === 'banner' && w.text.includes(partial)));
    assert.equal(banners.filter((w) => w.text.includes(partial)).length, 1, 'the notice shows once, in the first banner');
    assert.ok((await driver.warnings()).some((w) => w.role === 'marker'), 'the start of the page is still read: its session rows are marked');
    await driver.openPopup(url);
    assert.equal(await driver.inPage(() => document.getElementById('partial')?.textContent), partial);
  });
}
