// The printable report in the reader's language, in Spanish and in English: it names who answers legal
// process in that language, gives the review date and each source's "text as of" date in words (as the
// core words them in the knowledge-base export, never an ISO date in prose), and the words before a
// list of several processes agree with it ("Procesos legales que las alcanzan:"). Written once, run in
// both browsers by report-page-chromium.test.mjs and report-page-firefox.test.mjs (driver: browsers.mjs).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './support.mjs';

const kb = JSON.parse(execFileSync(join(ROOT, 'target', 'release', 'dlens'), ['kb', '--json'], { encoding: 'utf8', maxBuffer: 64 << 20 }));
const messages = (language) => JSON.parse(readFileSync(join(ROOT, 'extension', '_locales', language, 'messages.json'), 'utf8'));
const ISO_DATE = /\b\d{4}-\d{2}-\d{2}\b/;
// Platforms whose operator has words to translate around the company names, and one without.
const CHOSEN = ['facebook', 'whatsapp', 'x', 'signal'];

/** Runs in the report page: each chosen platform's operator line, its source links and its rows' texts. */
function readSections() {
  return [...document.querySelectorAll('section.platform:not([hidden])')].map((s) => ({
    id: s.dataset.platform,
    operator: s.querySelector('p.operator')?.textContent ?? '',
    sources: [...s.querySelectorAll('tbody a')].map((a) => a.textContent),
    rows: Object.fromEntries([...s.querySelectorAll('tbody tr')].map((tr) => [tr.dataset.record, tr.textContent])),
  }));
}

export function reportLanguageTests(test, driver, options = {}) {
  async function chooseLanguage(language) {
    await driver.openExtensionPage('options.html');
    await driver.waitInPage(() => document.querySelector('#platforms input') !== null);
    await driver.select('#language', language);
    await driver.waitInPage(() => document.getElementById('saved').textContent !== '');
  }

  for (const language of ['es', 'en']) {
    test(`the report names the operator and dates the sources in words, in ${language}`, options, async () => {
      await chooseLanguage(language);
      await driver.openExtensionPage(`report.html?${CHOSEN.map((p) => `platform=${p}`).join('&')}`);
      await driver.waitInPage(() => document.body.dataset.ready === 'true');
      const shown = await driver.inPage(readSections);
      assert.deepEqual(shown.map((s) => s.id).sort(), [...CHOSEN].sort(), 'the chosen platforms are shown');
      const other = language === 'es' ? 'en' : 'es';
      const asOf = messages(language).reportSourceAsOf.message.split('$DATE$')[0];
      for (const section of shown) {
        const platform = kb.find((p) => p.id === section.id);
        assert.ok(section.operator.startsWith(`${platform.operator[language]} · `), `${section.id}: ${section.operator}`);
        if (platform.operator[other] !== platform.operator[language]) assert.ok(!section.operator.includes(platform.operator[other]), `${section.id}: not in the other language`);
        assert.ok(section.operator.includes(platform.reviewed_text[language]), `${section.id}: the review date in words: ${section.operator}`);
        assert.doesNotMatch(section.operator, ISO_DATE);
        assert.ok(section.sources.length > 0, `${section.id} cites sources`);
        for (const link of section.sources) {
          assert.ok(link.includes(`(${asOf}`), `${section.id}: ${link}`);
          assert.doesNotMatch(link.slice(link.lastIndexOf(`(${asOf}`)), ISO_DATE, `${section.id}: ${link}`);
        }
        // The date shown is the date of the text (as_of), not the day it was read.
        for (const record of platform.records.filter((r) => r.jurisdiction === 'US')) {
          for (const source of record.sources) assert.ok(section.sources.some((l) => l.endsWith(`(${asOf}${source.as_of_text[language]})`)), `${section.id}: ${source.title} as of ${source.as_of}`);
        }
      }
      // Facebook's login IPs: the platform names several processes, and the words before them agree.
      const facebook = shown.find((s) => s.id === 'facebook');
      const several = language === 'es' ? 'Procesos legales que las alcanzan: ' : 'Legal processes that reach this record: ';
      assert.ok(facebook.rows.login_ip_log.includes(several), facebook.rows.login_ip_log);
    });
  }
}
