// Instructions per WASM classify call, for callgrind (stable on a shared machine, unlike the clock):
// loads a pkg/ dir as the extension does (bench/core.mjs), writes COPIES copies of each page of a set
// of target/bench/corpus.json as JSON text (fragments differ; outside what is counted per call),
// classifies WARM_UP times, then N more. Run it twice under callgrind, with N = 0 and N = 300; the
// difference of the totals / 300 is one call, as the background makes it (the answer's JSON.parse
// included). For one pkg against another (docs/performance.md, "The branch wasm-boundary"):
//
//   valgrind --tool=callgrind --smc-check=all-non-file node bench/call-instructions.mjs <pkg dir> typical 300
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import '../extension/protocol.js';
import { loadCore } from './core.mjs';
import { path } from './lib.mjs';

const COPIES = 8;
const WARM_UP = 300;
const [dir, set, n] = process.argv.slice(2);
if (!dir || !set || n === undefined) throw new Error('usage: node bench/call-instructions.mjs <pkg dir> <set> <calls>');
const { core } = await loadCore(resolve(dir));
const pages = JSON.parse(readFileSync(path('target/bench/corpus.json'), 'utf8'))[set];
const texts = [];
for (let k = 0; k < COPIES; k++) for (const page of pages) texts.push(globalThis.DisclosureLens.snapshotJson({ ...page, url: `${page.url.split('#')[0]}#copy-${k}` }));
let next = 0;
function call() {
  const answer = core.classify(texts[next++ % texts.length]);
  if (!answer?.ok) throw new Error(`unexpected answer: ${JSON.stringify(answer?.error)}`);
}
for (let k = 0; k < WARM_UP + Number(n); k++) call();
