// Reading a data export, native (`dlens archive --json`) against the archive page's WASM build (in
// Node, bench/archive-wasm.mjs): time and peak memory per 100 MB of decompressed export, on the
// synthetic exports of tests/fixtures/archives/bench.py (written to target/archive-bench/ if missing).
// Rounds alternate native and WASM after a warm-up; the per-round ratio WASM / native is the figure
// (docs/performance.md). Native time is the whole process; WASM time is the page's way inside the
// process (module compiled beforehand): the zip read by extension/export-files.js, each wanted file
// pulled by the core a chunk at a time and inflated there, then the report. Peak memory: resident set (GNU time) of each process, and the
// WASM linear memory at the end (it never shrinks, so it is that reading's peak inside WASM).
//
//   node bench/archive.mjs [rounds]          (make bench-archive)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { RESULTS, machine, path, ratioSpread, spread } from './lib.mjs';

const ROUNDS = Number(process.argv[2] ?? 5);
const EXPORTS = ['google', 'facebook', 'discord'].map((name) => ({ name, zip: path(`target/archive-bench/${name}.zip`) }));
const DLENS = path('target/release/dlens');
const MB = 1e6;

// bench.py's own generators (same exports as its native figures).
for (const { name, zip } of EXPORTS.filter((e) => !existsSync(e.zip))) {
  mkdirSync(path('target/archive-bench'), { recursive: true });
  execFileSync('python3', ['-c', `import sys, pathlib; sys.path.insert(0, sys.argv[1]); import bench; bench.${name}(pathlib.Path(sys.argv[2]))`, path('tests/fixtures/archives'), zip], { stdio: 'inherit' });
}

/** Seconds and peak resident kB of one process, from GNU time; its stdout. */
function timed(command, args) {
  const run = spawnSync('/usr/bin/time', ['-f', '%e %M', command, ...args], { encoding: 'utf8', maxBuffer: 256 << 20 });
  if (run.status !== 0) throw new Error(`${command} ${args.join(' ')}: ${run.stderr}`);
  const [seconds, kb] = run.stderr.trim().split('\n').at(-1).split(' ').map(Number);
  return { seconds, peakMb: kb / 1000, stdout: run.stdout };
}

const inflatedMb = (zip) => Number(execFileSync('python3', ['-c', 'import sys, zipfile; print(sum(i.file_size for i in zipfile.ZipFile(sys.argv[1]).infolist()))', zip], { encoding: 'utf8' })) / MB;

const rows = [];
for (const { name, zip } of EXPORTS) {
  const per100 = 100 / inflatedMb(zip);
  const native = () => timed(DLENS, ['archive', '--json', zip]);
  const wasm = () => {
    const run = timed(process.execPath, [path('bench/archive-wasm.mjs'), zip]);
    return { ...run, ...JSON.parse(run.stdout) };
  };
  const nativeLogins = JSON.parse(native().stdout).logins;
  const warm = wasm();
  if (warm.logins !== nativeLogins) throw new Error(`${name}: WASM counted ${warm.logins} logins, native ${nativeLogins}`);
  const runs = Array.from({ length: ROUNDS }, () => [native(), wasm()]);
  const nativeS = runs.map(([n]) => n.seconds * per100);
  const wasmS = runs.map(([, w]) => (w.ms / 1000) * per100);
  rows.push({
    target: 'archive',
    what: `${name} export (${inflatedMb(zip).toFixed(0)} MB decompressed): WASM / native time`,
    ratio: ratioSpread(wasmS, nativeS),
    numerator_ms: spread(wasmS.map((s) => s * 1000)),
    denominator_ms: spread(nativeS.map((s) => s * 1000)),
    note: `per 100 MB: native ${spread(nativeS).median.toFixed(2)} s, peak ${Math.max(...runs.map(([n]) => n.peakMb)).toFixed(0)} MB RSS; ` +
      `WASM ${spread(wasmS).median.toFixed(2)} s, peak ${Math.max(...runs.map(([, w]) => w.peakMb)).toFixed(0)} MB RSS (Node), ` +
      `${(Math.max(...runs.map(([, w]) => w.wasmMemoryBytes)) / MB).toFixed(0)} MB linear memory`,
  });
}

for (const row of rows) console.log(`${row.what}: ${row.ratio.median.toFixed(2)}x (${row.ratio.p10.toFixed(2)}-${row.ratio.p90.toFixed(2)}); ${row.note}`);
mkdirSync(RESULTS, { recursive: true });
writeFileSync(`${RESULTS}archive.json`, `${JSON.stringify({ part: 'archive', date: new Date().toISOString(), machine: machine(), method: `${ROUNDS} alternated rounds after a warm-up`, rows }, null, 2)}\n`);
