// The WASM build's benchmark, in Node: `classify` from pkg/ (wasm-bindgen --target web, wasm-opt -Oz)
// on the snapshots `cargo bench` wrote, with the same harness (warm-up, batches of at least
// MIN_SAMPLE_MS, SAMPLES rounds, median and p10-p90), then one table beside the native figures of
// target/bench-native.json; its own figures go to target/bench-wasm.json. `make bench` runs both;
// docs/performance.md explains the figures.
//
// A WASM call is what the extension's background pays per page: the snapshot converted from a JS
// object into Rust (serde-wasm-bindgen), classification, the report converted back. "Input
// conversion" times the first part alone: the same snapshot without a URL, which the core rejects
// as soon as it has been converted.
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { classify, initSync } from '../pkg/disclosure_lens.js';

const WARM_UP_MS = 500;
const MIN_SAMPLE_MS = 25;
const SAMPLES = 101;

const root = new URL('../', import.meta.url);
const read = (path) => readFileSync(new URL(path, root));
initSync({ module: read('pkg/disclosure_lens_bg.wasm') });
const native = JSON.parse(read('target/bench-native.json'));

/** Milliseconds per call of `run`, in batches sized during a warm-up; SAMPLES rounds over all cases. */
function measure(cases) {
  const timeBatch = (run, batch) => {
    const start = performance.now();
    for (let i = 0; i < batch; i++) run();
    return performance.now() - start;
  };
  const batches = cases.map((run) => {
    const warmUp = performance.now();
    let batch = 1;
    for (;;) {
      const took = timeBatch(run, batch);
      if (took < MIN_SAMPLE_MS) batch *= 2;
      else if (performance.now() - warmUp >= WARM_UP_MS) return batch;
    }
  });
  const perCall = cases.map(() => []);
  for (let round = 0; round < SAMPLES; round++) {
    cases.forEach((run, i) => perCall[i].push(timeBatch(run, batches[i]) / batches[i]));
  }
  return perCall.map((samples, i) => {
    samples.sort((a, b) => a - b);
    const at = (q) => samples[Math.round((samples.length - 1) * q)];
    return { median: at(0.5), p10: at(0.1), p90: at(0.9), batch: batches[i] };
  });
}

const ms = (x) => (x < 1 ? `${(x * 1e3).toFixed(1)}µs` : `${x.toFixed(2)}ms`);
const show = (s) => `${ms(s.median)} (${ms(s.p10)}-${ms(s.p90)})`;
const ratio = (x) => `${x.toFixed(2)}x`;

const rows = native.sizes.map((size) => {
  const snapshot = JSON.parse(read(size.snapshot));
  const outcome = classify(snapshot);
  if (!outcome.ok) throw new Error(`${size.name}: ${outcome.error.message}`);
  const { page_kind: kind, sessions } = outcome.value;
  if (kind !== size.page_kind || sessions.length !== size.sessions) {
    throw new Error(`${size.name}: WASM says ${kind} with ${sessions.length} sessions, native ${size.page_kind} with ${size.sessions}`);
  }
  const unaddressed = { ...snapshot, url: '' };
  const [wasm, conversion] = measure([() => classify(snapshot), () => classify(unaddressed)]);
  return {
    size,
    wasm,
    conversion,
    mbPerS: size.text_bytes / 1e3 / wasm.median,
    overNative: wasm.median / size.classify.median_ms,
    overNativeP10: wasm.p10 / size.classify.p10_ms,
  };
});

const { machine } = native;
console.log(`classify, native and WASM (Node ${process.version}, ${cpus()[0]?.model ?? machine.cpu}, ${machine.cores} cores)`);
const columns = [
  ['size', 8], ['nodes', 6], ['native', 10], ['native MB/s', 11], ['/bare scan', 10], ['x10 rules', 9],
  ['WASM (p10-p90)', 26], ['WASM MB/s', 9], ['WASM/native', 11], ['at p10', 6], ['input conversion', 16],
];
const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(columns[i][1]) : String(c).padStart(columns[i][1]))).join('  ');
console.log(line(columns.map(([name]) => name)));
for (const { size, wasm, conversion, mbPerS, overNative, overNativeP10 } of rows) {
  console.log(line([
    size.name,
    size.nodes,
    ms(size.classify.median_ms),
    size.mb_per_s.toFixed(1),
    ratio(size.classify_over_bare_scan),
    ratio(size.rules_x10_over_normal),
    show(wasm),
    mbPerS.toFixed(1),
    ratio(overNative),
    ratio(overNativeP10),
    `${((conversion.median / wasm.median) * 100).toFixed(0)}% of WASM`,
  ]));
}
console.log(`medians of ${SAMPLES} samples (native: ${native.samples}); MB/s of text (UTF-8 bytes of title, node texts, aria-labels);`);
console.log('"at p10": the ratio of the fastest tenths, steadier than the medians when the two runs met different loads');

const timing = (s) => ({ median_ms: s.median, p10_ms: s.p10, p90_ms: s.p90, calls_per_sample: s.batch });
const figures = rows.map(({ size, wasm, conversion, mbPerS, overNative, overNativeP10 }) => ({
  name: size.name,
  classify: timing(wasm),
  input_conversion: timing(conversion),
  mb_per_s: mbPerS,
  wasm_over_native: overNative,
  wasm_over_native_p10: overNativeP10,
}));
writeFileSync(new URL('target/bench-wasm.json', root), `${JSON.stringify({ node: process.version, samples: SAMPLES, sizes: figures }, null, 2)}\n`);
console.log('wrote target/bench-wasm.json');
