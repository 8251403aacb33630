// Does a change to the module keep every answer? This checkout's pkg/ against another pkg/ dir, each
// loaded in this process: `classify` of every page of target/bench/corpus.json (bench/corpus.mjs:
// every fixture page, as `dlens snapshot` gives it) under each option set below, `gate` of each
// page's URL, `knowledgeBase()`, and `warmUp()`. Prints the number of answers compared and exits 1
// on the first that differs (JSON text of both answers, compared whole).
//
//   node bench/same-answers.mjs <other pkg dir>
import { readFileSync } from 'node:fs';
import { loadCore } from './core.mjs';
import { path } from './lib.mjs';

const other = process.argv[2];
if (!other) throw new Error('usage: node bench/same-answers.mjs <other pkg dir>');
await import('../extension/protocol.js');

const cores = { this: (await loadCore(path('pkg'))).core, other: (await loadCore(other)).core };

// The option sets the extension sends, in both languages and both jurisdictions, with and without a
// clock (relative times placed, dates given their year).
const NOW = Date.UTC(2026, 11, 3, 15, 0);
const OPTION_SETS = [
  undefined,
  { language: 'es', ui_language: 'es' },
  { language: 'en', jurisdiction: 'EU', member_state: 'DE', now: NOW, utc_offset_minutes: 60 },
  { ui_language: 'es', jurisdiction: 'US', now: NOW, utc_offset_minutes: -300 },
];

const { corpus } = JSON.parse(readFileSync(path('target/bench/corpus.json'), 'utf8'));
const questions = [['warmUp', (c) => c.warmUp()], ['knowledgeBase', (c) => c.knowledgeBase()]];
for (const snapshot of corpus) {
  const json = globalThis.DisclosureLens.snapshotJson(snapshot);
  questions.push([`gate ${snapshot.url}`, (c) => c.gate({ url: snapshot.url, title: snapshot.title, lang: snapshot.lang })]);
  for (const options of OPTION_SETS) {
    questions.push([`classify ${snapshot.url} ${JSON.stringify(options)}`, (c) => c.classify(json, options)]);
  }
}
for (const [what, ask] of questions) {
  const [mine, theirs] = [ask(cores.this), ask(cores.other)].map((answer) => JSON.stringify(answer));
  if (mine !== theirs) {
    console.error(`DIFFERENT: ${what}\nthis:  ${mine.slice(0, 2000)}\nother: ${theirs.slice(0, 2000)}`);
    process.exit(1);
  }
}
const classified = corpus.length * OPTION_SETS.length;
console.log(`same answers: ${questions.length} of ${questions.length} (${corpus.length} pages × ${OPTION_SETS.length} option sets = ${classified} classify, ${corpus.length} gate, knowledgeBase, warmUp)`);
