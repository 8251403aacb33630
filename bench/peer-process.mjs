// One classifier in a Node process of its own (benchmarking.md: V8 shares inline caches and its RegExp
// cache across a process, so each peer runs alone). Driven by bench/peers.mjs over stdin/stdout, one
// line each way:
//
//   node bench/peer-process.mjs wasm|wasm-unaddressed|wasm-text|wasm-text-unaddressed|regex
//   > calibrate <set> <ms> < <passes per batch>   (batches of at least <ms>, after a warm-up of 500 ms)
//   > run <set> <passes>   < <ms per pass> <on-CPU ms per pass>   (a pass = every page of the set
//                                                 classified once; on-CPU: this thread's run time from
//                                                 /proc/thread-self/schedstat, which leaves out the time
//                                                 it waited for a core on a loaded machine)
//
// Sets are the snapshots of target/bench/corpus.json (bench/corpus.mjs). Each page comes in COPIES
// copies that differ only in the URL's fragment, used in turn, so no cache can stand in for work.
// - wasm: `classify(snapshotJson(snapshot))` of pkg/: the snapshot object written as one JSON
//   string (extension/protocol.js) and classified, both inside the timed call: the whole way from
//   the page's object to a report (the content script writes the text, the background classifies it);
// - wasm-text: `classify(text)`, the text written outside the clock: the background's call alone;
// - wasm-unaddressed, wasm-text-unaddressed: the same with the URL emptied, which the core rejects
//   right after reading the snapshot into Rust values: the conversion alone (plus a small error
//   answer), JSON.stringify included or not;
// - regex: bench/regex-peer.mjs.
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import '../extension/protocol.js';
import { classify } from '../pkg/disclosure_lens.js';
import { loadCore } from './core.mjs';
import { calibrate, onCpuMs, path, timeBatch } from './lib.mjs';
import { classifyWithRegexes, loadRules } from './regex-peer.mjs';

const COPIES = 4;
const { snapshotJson } = globalThis.DisclosureLens;
const peer = process.argv[2];
const sets = JSON.parse(readFileSync(path('target/bench/corpus.json'), 'utf8'));
const fromText = peer.startsWith('wasm-text');
const unaddressed = peer.endsWith('-unaddressed');
const copies = (snapshots) =>
  snapshots.flatMap((s) =>
    Array.from({ length: COPIES }, (_, k) => {
      const copy = { ...s, url: unaddressed ? '' : `${s.url.split('#')[0]}#copy-${k}` };
      return fromText ? snapshotJson(copy) : copy;
    }),
  );

let classifyOne;
if (peer === 'regex') {
  const rules = loadRules();
  classifyOne = (s) => classifyWithRegexes(s, rules);
} else if (['wasm', 'wasm-unaddressed', 'wasm-text', 'wasm-text-unaddressed'].includes(peer)) {
  await loadCore(path('pkg'));
  classifyOne = (s) => {
    const outcome = classify(fromText ? s : snapshotJson(s));
    if (outcome.ok === unaddressed) throw new Error(`${peer}: unexpected answer: ${JSON.stringify(outcome.error ?? outcome.value?.page_kind)}`);
    return outcome;
  };
} else {
  throw new Error(`unknown peer ${peer}: wasm, wasm-unaddressed, wasm-text, wasm-text-unaddressed or regex`);
}

/** A pass: one page classified per page of the set, each time the next copy of it. */
const passes = new Map();
function passOf(name) {
  if (!passes.has(name)) {
    const pages = sets[name];
    if (!pages) throw new Error(`no set ${name} in target/bench/corpus.json`);
    const all = copies(pages);
    let turn = 0;
    passes.set(name, () => {
      const copy = turn++ % COPIES;
      for (let i = copy; i < all.length; i += COPIES) classifyOne(all[i]);
    });
  }
  return passes.get(name);
}

const lines = createInterface({ input: process.stdin });
const answer = (value) => process.stdout.write(`${value}\n`);
answer(`ready ${peer}`);
for await (const line of lines) {
  const [command, set, number] = line.trim().split(' ');
  if (command === 'calibrate') answer(calibrate(passOf(set), { minMs: Number(number) }));
  else if (command === 'run') {
    const passes = Number(number);
    const cpuBefore = onCpuMs();
    const wall = timeBatch(passOf(set), passes);
    answer(`${wall / passes} ${(onCpuMs() - cpuBefore) / passes}`);
  }
  else if (command === 'quit') break;
  else throw new Error(`unknown command ${line}`);
}
process.exit(0);
