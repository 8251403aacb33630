// Classifiers side by side, each in a process of its own, alternating round by round (issue 10,
// targets 3 and 4):
// - regex peer / WASM core, over the fixture corpus and on the small page; and regex peer / native
//   core over the corpus, the ceiling a WASM build of the same core could reach;
// - conversion share: WASM classify with the URL emptied (rejected right after the snapshot is read
//   into Rust values) / WASM classify, on the typical and the small page: of the background's call,
//   which takes the JSON text the content script wrote; and, beside it, with the writing of the text
//   counted too (bench/peer-process.mjs's peers);
// - WASM / native on the typical page: the native core is the benchmark binary of benches/classify.rs
//   run as a peer (`cargo bench --bench classify -- --peer`), speaking the same line protocol; the
//   background's call, and beside it with the writing of the text.
// Every WASM call is timed until the background holds its answer as a JS object: the module writes
// the answer as JSON text and the call's own `JSON.parse` makes the object (src/wasm.rs), so the
// parse is inside the timed call, as it is inside the background's.
//
// Each comparison starts two fresh processes; both warm up and size their batches (at least BATCH_MS),
// then ROUNDS rounds time one batch of each, the order swapped every round; the other process waits
// meanwhile. A figure is the median of the per-round ratios, with p10-p90. Before timing anything,
// this process checks how often the regex peer names the same page kind as the core (untimed).
//
//   node bench/peers.mjs [rounds]
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import '../extension/protocol.js';
import { classify } from '../pkg/disclosure_lens.js';
import { loadCore } from './core.mjs';
import { writeCorpus } from './corpus.mjs';
import { path, progress, ratioSpread, showRatio, spread, writeResults } from './lib.mjs';
import { classifyWithRegexes, loadRules } from './regex-peer.mjs';

const ROUNDS = Number(process.argv[2] ?? 41);
/** A batch lasts at least this long: on a loaded machine, shorter samples are mostly scheduling noise. */
const BATCH_MS = 100;

/** A peer process: `ask(line)` sends one command and resolves with its one-line answer. */
function start(name) {
  const command = name === 'native' ? ['cargo', ['bench', '--quiet', '--bench', 'classify', '--', '--peer']] : [process.execPath, [path('bench/peer-process.mjs'), name]];
  const child = spawn(command[0], command[1], { cwd: path('.'), stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const waiting = [];
  lines.on('line', (line) => waiting.shift()?.resolve(line));
  child.on('exit', (code) => {
    for (const w of waiting.splice(0)) w.reject(new Error(`${name} exited with ${code}`));
  });
  const next = () => new Promise((resolve, reject) => waiting.push({ resolve, reject }));
  const ready = next().then((line) => {
    if (!line.startsWith('ready')) throw new Error(`${name} said ${line}`);
  });
  return {
    name,
    ready,
    async ask(line) {
      const answer = next();
      child.stdin.write(`${line}\n`);
      return answer;
    },
    quit() {
      child.stdin.end('quit\n');
      return new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

/**
 * Times `a` and `b` on `set` in alternating rounds; returns their per-pass times (ms) by round: wall
 * clock (`a`, `b`) and on-CPU (`aCpu`, `bCpu`).
 */
async function compare(aName, bName, set) {
  const a = start(aName);
  const b = start(bName);
  await Promise.all([a.ready, b.ready]);
  // Sequential: one process works while the other waits.
  const batchA = Number(await a.ask(`calibrate ${set} ${BATCH_MS}`));
  const batchB = Number(await b.ask(`calibrate ${set} ${BATCH_MS}`));
  const times = { a: [], b: [], aCpu: [], bCpu: [] };
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? [a, b] : [b, a];
    for (const peer of order) {
      const side = peer === a ? 'a' : 'b';
      const [wall, cpu] = (await peer.ask(`run ${set} ${peer === a ? batchA : batchB}`)).split(' ').map(Number);
      times[side].push(wall);
      times[`${side}Cpu`].push(cpu);
    }
  }
  await Promise.all([a.quit(), b.quit()]);
  progress(`${aName} / ${bName} on ${set}: ${showRatio(ratioSpread(times.a, times.b))}, on-CPU ${showRatio(ratioSpread(times.aCpu, times.bCpu))}`);
  return { ...times, batches: [batchA, batchB] };
}

const corpus = writeCorpus();
progress('corpus:', JSON.stringify(corpus));

/** On how many corpus pages the regex peer's page kind is the core's. */
async function kindAgreement() {
  await loadCore(path('pkg'));
  const rules = loadRules();
  const pages = JSON.parse(readFileSync(path('target/bench/corpus.json'), 'utf8')).corpus;
  const same = pages.filter((page) => classifyWithRegexes(page, rules).kind === classify(globalThis.DisclosureLens.snapshotJson(page)).value.page_kind).length;
  return { same, pages: pages.length, phrases: rules.phrases };
}
const agreement = await kindAgreement();
progress(`regex peer: ${agreement.phrases} phrases; its page kind is the core's on ${agreement.same} of ${agreement.pages} corpus pages`);
const rows = [];
/** Two rows per comparison: wall clock, and on-CPU time (steadier when the machine is shared). */
const add = (target, what, { a, b, aCpu, bCpu }, note) => {
  rows.push({ target, what, ratio: ratioSpread(a, b), numerator_ms: spread(a), denominator_ms: spread(b), note });
  rows.push({ target, what: `  the same, on-CPU time`, ratio: ratioSpread(aCpu, bCpu), numerator_ms: spread(aCpu), denominator_ms: spread(bCpu), note: 'each thread\'s run time (/proc/thread-self/schedstat)' });
};

// [target, what, numerator peer, denominator peer, set, note], each compared in its own pair of processes.
const COMPARISONS = [
  ['4', `regex peer / WASM core, fixture corpus (${corpus.corpus.pages} pages, one pass)`, 'regex', 'wasm', 'corpus', `each in its own Node process; > 1: the core is faster; peer's page kind = core's on ${agreement.same}/${agreement.pages}`],
  ['4', 'regex peer / WASM core, small page (facebook/login-en)', 'regex', 'wasm', 'small', 'each in its own Node process; > 1: the core is faster'],
  ['4', '  regex peer / native core, fixture corpus: the most a WASM build of this core could show', 'regex', 'native', 'corpus', 'Node process vs the cargo bench binary as a peer; the native call reads no JSON and writes none'],
  ['3', "input conversion / the background's classify call, typical page (facebook/sessions-en)", 'wasm-text-unaddressed', 'wasm-text', 'typical', 'conversion = the call with the URL emptied (rejected once read: the copy into WASM memory + serde_json); the JSON text written outside the clock, as the content script writes it'],
  ['3', "input conversion / the background's classify call, small page", 'wasm-text-unaddressed', 'wasm-text', 'small', 'as above'],
  ['3', "  the same with the JSON text's writing counted (page object to report), typical page", 'wasm-unaddressed', 'wasm', 'typical', 'JSON.stringify (now in the content script) + copy + serde_json / stringify + the call'],
  ['3', "WASM (the background's call) / native classify, typical page", 'wasm-text', 'native', 'typical', 'Node process vs the cargo bench binary as a peer; the JSON text written outside the clock; the answer\'s JSON.parse inside the call'],
  ['3', "  the same with the JSON text's writing counted", 'wasm', 'native', 'typical', 'JSON.stringify + the call / native'],
];
for (const [target, what, a, b, set, note] of COMPARISONS) add(target, what, await compare(a, b, set), note);

writeResults('peers', {
  rows,
  method: `each comparison: two fresh processes, warm-up >= 500 ms and batches >= ${BATCH_MS} ms each, ${ROUNDS} alternating rounds; median of per-round ratios (p10-p90)`,
  extra: { corpus, regex_peer_kind_agreement: agreement },
});
