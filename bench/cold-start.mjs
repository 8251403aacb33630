// The first classify of a freshly loaded module, with and without warmUp() before it (issue 10: a
// cold worker's first call cost nine times a warm one). One Node process per sample, round-robin:
// load the module, then warmUp() or not, then the first classify of the typical page and a second.
// With another checkout, its module's first call (no warm-up) is sampled too, its snapshot passed as
// that checkout's background passes it (a JSON string or an object).
//
//   node bench/cold-start.mjs [samples] [other checkout]
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCore } from './core.mjs';
import { path, spread } from './lib.mjs';

if (process.argv[2] === '--sample') {
  // One sample: `--sample <pkg dir> <cold|warm> <json|object>`.
  const [dir, warm, crossing] = process.argv.slice(3);
  const { core } = await loadCore(dir);
  await import('../extension/protocol.js');
  const snapshot = JSON.parse(readFileSync(path('target/bench/corpus.json'), 'utf8')).typical[0];
  const argument = (s) => (crossing === 'json' ? globalThis.DisclosureLens.snapshotJson(s) : s);
  let t = performance.now();
  if (warm === 'warm') core.warmUp();
  const warmUp = performance.now() - t;
  t = performance.now();
  core.classify(argument({ ...snapshot, url: `${snapshot.url}#first` }));
  const first = performance.now() - t;
  t = performance.now();
  core.classify(argument({ ...snapshot, url: `${snapshot.url}#second` }));
  console.log(JSON.stringify({ warmUp, first, second: performance.now() - t }));
  process.exit(0);
}

const samples = Number(process.argv[2] ?? 7);
const other = process.argv[3];
/**
 * How `checkout`'s module takes the snapshot: one JSON string since its protocol.js has
 * `snapshotJson` (the branch lean-core), a JS object before.
 */
function crossingOf(checkout) {
  const protocol = join(checkout, 'extension/protocol.js');
  return existsSync(protocol) && readFileSync(protocol, 'utf8').includes('function snapshotJson') ? 'json' : 'object';
}
const cases = [
  ['this, cold', path('pkg'), 'cold', 'json'],
  ['this, after warmUp()', path('pkg'), 'warm', 'json'],
  ...(other ? [['other, cold', join(other, 'pkg'), 'cold', crossingOf(other)]] : []),
];
const results = new Map(cases.map(([name]) => [name, []]));
for (let i = 0; i < samples; i++) {
  for (const [name, ...args] of cases) {
    results.get(name).push(JSON.parse(execFileSync(process.execPath, [path('bench/cold-start.mjs'), '--sample', ...args], { encoding: 'utf8' })));
  }
}
const ms = (values) => JSON.stringify(spread(values), (_, v) => (typeof v === 'number' ? Math.round(v * 10) / 10 : v));
for (const [name, rows] of results) {
  console.log(`${name}: first ${ms(rows.map((r) => r.first))}, second ${ms(rows.map((r) => r.second))}, warm-up ${ms(rows.map((r) => r.warmUp))}`);
}
