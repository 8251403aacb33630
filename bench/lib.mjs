// What every benchmark of bench/ shares: the spread of a list of samples, per-round ratios, batch
// sizing, the machine's load, and where results go (target/bench/results/<part>.json, which
// bench/table.mjs prints as one table). docs/performance.md explains the method.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';

export const ROOT = new URL('../', import.meta.url);
export const path = (relative) => new URL(relative, ROOT).pathname;
export const RESULTS = path('target/bench/results/');

/** Median and the 10th and 90th percentiles (nearest rank) of `values`. */
export function spread(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => sorted[Math.round((sorted.length - 1) * q)];
  return { median: at(0.5), p10: at(0.1), p90: at(0.9), n: sorted.length };
}

/** The spread of the per-round ratios `numerator[i] / denominator[i]` (rounds paired, never pooled). */
export function ratioSpread(numerator, denominator) {
  if (numerator.length !== denominator.length) throw new Error('ratios need paired rounds');
  return spread(numerator.map((x, i) => x / denominator[i]));
}

/** Milliseconds for `batch` calls of `run`. */
export function timeBatch(run, batch) {
  const start = performance.now();
  for (let i = 0; i < batch; i++) run(i);
  return performance.now() - start;
}

/** This thread's time on a CPU so far, in ms (Linux: the first field of /proc/thread-self/schedstat, ns). */
export const onCpuMs = () => Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;

/** Doubles the batch until one takes at least `minMs`, for at least `warmUpMs` in all: the warm-up. */
export function calibrate(run, { minMs = 25, warmUpMs = 500 } = {}) {
  const start = performance.now();
  let batch = 1;
  for (;;) {
    const took = timeBatch(run, batch);
    if (took < minMs) batch *= 2;
    else if (performance.now() - start >= warmUpMs) return batch;
  }
}

/** The machine as the results record it: load averages at the time of the call. */
export function machine() {
  return { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, load: loadavg().map((l) => Number(l.toFixed(2))), node: process.version };
}

/**
 * Writes one part's rows for bench/table.mjs. A row: `{ target, what, ratio: spread, unit?, note }`
 * where `ratio` is a spread of per-round ratios, or `value` a spread of plain figures with a `unit`.
 */
export function writeResults(part, { rows, method, extra = {} }) {
  mkdirSync(RESULTS, { recursive: true });
  const result = { part, date: new Date().toISOString(), machine: machine(), method, rows, ...extra };
  writeFileSync(`${RESULTS}${part}.json`, `${JSON.stringify(result, null, 2)}\n`);
  return result;
}

export const readJson = (relative) => JSON.parse(readFileSync(path(relative), 'utf8'));

export const ms = (x) => (x < 1 ? `${(x * 1e3).toFixed(1)}µs` : x < 1000 ? `${x.toFixed(x < 10 ? 2 : 1)}ms` : `${(x / 1e3).toFixed(2)}s`);
// A ratio whose denominator read 0 is Infinity, which JSON stores as null.
export const times = (x) => (Number.isFinite(x) ? `${x.toFixed(2)}x` : 'inf');
export const showRatio = (s) => `${times(s.median)} (${times(s.p10)}-${times(s.p90)})`;
export const showTime = (s) => `${ms(s.median)} (${ms(s.p10)}-${ms(s.p90)})`;

/** Logs a progress line on stderr (the table goes to stdout). */
export const progress = (...parts) => console.error('#', ...parts);

// --- Navigation -> warning, seen from the page -------------------------------------------------------
// The warning's host carries no attribute or mark a page could look for (docs/hostile-pages.md) but its
// inline style, pinned with `!important`; the floor extension's element is made the same way. This
// script, served in the page's <head>, notes when the first such element is added: the same test for
// the real extension and the floor, made by the page itself (ms since navigation start).
export const SHOWN_WATCH_SCRIPT = `window.__shownAt = null;
new MutationObserver((records, observer) => {
  for (const record of records) for (const node of record.addedNodes) {
    if (node.nodeType === 1 && (node.getAttribute('style') ?? '').includes('!important')) {
      window.__shownAt = performance.now();
      observer.disconnect();
      return;
    }
  }
}).observe(document, { childList: true, subtree: true });`;

/** The floor's one-line content script: an element pinned like the warning's host, at `document_end`. */
export const FLOOR_CONTENT_SCRIPT = "const e = document.createElement('div'); e.style.cssText = 'display: block !important'; document.documentElement.append(e);\n";
