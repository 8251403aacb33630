// Extraction against its floor (issue 10, target 2), in real Chromium and real Firefox: the
// extension's own extract.js (from build/chrome, with the protocol.js it reads its limits from)
// against a bare TreeWalker that reads every text node, on generated account pages of 5,000 and
// 20,000 elements (bench/pages.mjs).
//
// The page is served from a loopback server with the two scripts and a small harness; each case is
// timed inside the page (performance.now(), cross-origin isolated for a fine clock), so the driver's
// round trips are not counted. Both run in the page's own world: a content script's isolated world
// (Chromium) or Xray wrappers (Firefox) can only add to extract.js's side.
// - first run: a fresh load of the page for each case, then one call: compiled code and DOM
//   wrappers are cold, as when the content script runs on a page; the order alternates by round;
// - warm: on one load, after three untimed calls of each, rounds of (extract, walk) alternating, each
//   case repeated to at least 20 ms per sample;
// - longest task (Chromium): PerformanceObserver 'longtask' entries during the first-run extraction
//   of each page (each call runs in a setTimeout task of its own), for takeSnapshot (one task) and
//   for takeSnapshotInChunks (what the content script calls: tasks of a few ms, the page let run
//   between them), each on a fresh load.
//
//   node bench/extraction.mjs [rounds] [chromium|firefox ...]
//
// EXTRACT_JS=path times another extract.js in place of build/chrome's (an older one, to compare).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { Session, startGeckodriver } from '../tests/e2e/webdriver.mjs';
import { path, progress, ratioSpread, showRatio, spread, writeResults } from './lib.mjs';
import { accountPage } from './pages.mjs';

const args = process.argv.slice(2);
const ROUNDS = Number(args.find((a) => /^\d+$/.test(a)) ?? 11);
const BROWSERS = args.filter((a) => !/^\d+$/.test(a));
const SIZES = [5000, 20000];
const WARM_MIN_MS = 20;

const HARNESS = `'use strict';
(() => {
  const longTasks = [];
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) longTasks.push({ start: e.startTime, duration: e.duration }); })
      .observe({ type: 'longtask', buffered: true });
  } catch { /* Firefox has no longtask entries */ }
  const cases = {
    extract: () => globalThis.DisclosureLensExtract.takeSnapshot(document).snapshot.nodes.length,
    walk: () => {
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      let chars = 0;
      while (walker.nextNode()) chars += walker.currentNode.data.length;
      return chars;
    },
  };
  window.__bench = {
    // In a task of its own, as a content script's run is (and the longtask observer sees it).
    time: (name, repeat) => new Promise((resolve) => setTimeout(() => {
      const run = cases[name];
      let sink = 0;
      const start = performance.now();
      for (let i = 0; i < repeat; i++) sink += run();
      const end = performance.now();
      resolve({ ms: (end - start) / repeat, start, end, sink, isolated: crossOriginIsolated });
    })),
    // The content script's way: in chunks, from a task of its own; resolves when the snapshot is whole.
    // After two frames and 200 ms, so that the fresh page's own layout and paint (a long task of
    // their own on 20,000 elements) are over and not counted against the chunks.
    chunked: () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(async () => {
      const start = performance.now();
      const { snapshot } = await globalThis.DisclosureLensExtract.takeSnapshotInChunks(document);
      resolve({ ms: performance.now() - start, start, end: performance.now(), sink: snapshot.nodes.length });
    }, 200)))),
    longTasks: () => longTasks.slice(),
  };
})();`;

const scripts = {
  '/protocol.js': readFileSync(path('build/chrome/protocol.js'), 'utf8'),
  '/extract.js': readFileSync(process.env.EXTRACT_JS ?? path('build/chrome/extract.js'), 'utf8'),
  '/harness.js': HARNESS,
};
/** Whether this extract.js reads in chunks (an older one, given by EXTRACT_JS, may not). */
const CHUNKED = scripts['/extract.js'].includes('takeSnapshotInChunks');
const pages = Object.fromEntries(SIZES.map((n) => [n, accountPage(n)]));
const head = Object.keys(scripts).map((src) => `<script src="${src}"></script>`).join('');

const server = createServer((request, response) => {
  const url = new URL(request.url, 'http://127.0.0.1');
  const isolation = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp', 'cache-control': 'no-store' };
  const size = /^\/page-(\d+)\.html$/.exec(url.pathname)?.[1];
  if (size && pages[size]) return response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...isolation }).end(pages[size].html({ head }));
  if (scripts[url.pathname]) return response.writeHead(200, { 'content-type': 'text/javascript', ...isolation }).end(scripts[url.pathname]);
  return response.writeHead(404).end();
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;

/** Chromium (no extension): `load(url)` opens the page in a fresh tab, `run(js)` evaluates in it. */
async function chromiumDriver() {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  let page = null;
  return {
    name: 'chromium',
    version: browser.version(),
    async load(url) {
      await page?.close();
      page = await browser.newPage();
      await page.goto(url);
    },
    run: (fn, ...a) => page.evaluate(`(${fn})(...${JSON.stringify(a)})`),
    close: () => browser.close(),
  };
}

/** Firefox through geckodriver: the same, in one tab; page globals are reached through wrappedJSObject. */
async function firefoxDriver() {
  const tempDir = mkdtempSync(join(tmpdir(), 'dlens-bench-firefox-'));
  const geckodriver = await startGeckodriver({ env: { MOZ_DISABLE_NONLOCAL_CONNECTIONS: '1', TMPDIR: tempDir } });
  const prefs = {
    // A clock of microseconds, as Chromium's when cross-origin isolated; the default rounds to 1 ms or more.
    'privacy.reduceTimerPrecision': false,
    'services.settings.server': 'http://127.0.0.1:9/v1',
    'app.update.disabledForTesting': true,
    'toolkit.telemetry.enabled': false,
    'datareporting.policy.dataSubmissionEnabled': false,
    'browser.safebrowsing.update.enabled': false,
    'network.captive-portal-service.enabled': false,
    'network.connectivity-service.enabled': false,
  };
  const session = await Session.create(geckodriver.url, { firefox: { binary: process.env.FIREFOX_PATH ?? '/usr/lib/firefox-esr/firefox-esr', args: ['-headless'], prefs } });
  return {
    name: 'firefox',
    version: session.capabilities.browserVersion,
    load: (url) => session.navigate(url),
    // `window` inside `fn` is the page's own (the script runs behind Xray wrappers otherwise).
    run: (fn, ...a) => session.executeAsync(`function () { const window = globalThis.wrappedJSObject ?? globalThis; return (${fn}).apply(null, arguments); }`, ...a),
    async close() {
      await session.delete().catch(() => {});
      await geckodriver.stop();
      rmSync(tempDir, { recursive: true, force: true });
    },
  };
}

// Run in the page (by the driver).
const timeCase = (name, repeat) => window.__bench.time(name, repeat);
const timeChunked = () => window.__bench.chunked();
const longTasksIn = (start, end) => window.__bench.longTasks().filter((t) => t.start + t.duration > start && t.start < end);

async function measure(driver) {
  const rows = [];
  for (const size of SIZES) {
    const url = `${base}/page-${size}.html`;
    const first = { extract: [], walk: [] };
    let longest = [];
    const longestChunked = [];
    for (let round = 0; round < ROUNDS; round++) {
      if (driver.name === 'chromium' && CHUNKED) {
        await driver.load(`${url}?round=${round}&case=chunked`);
        const result = await driver.run(timeChunked);
        await new Promise((resolve) => setTimeout(resolve, 50));
        const tasks = await driver.run(longTasksIn, result.start, result.end);
        longestChunked.push(Math.max(0, ...tasks.map((t) => t.duration)));
      }
      for (const name of round % 2 ? ['walk', 'extract'] : ['extract', 'walk']) {
        await driver.load(`${url}?round=${round}&case=${name}`);
        const result = await driver.run(timeCase, name, 1);
        if (!result.isolated) throw new Error(`${driver.name}: the page is not cross-origin isolated; the clock would be coarse`);
        first[name].push(result.ms);
        if (name === 'extract' && driver.name === 'chromium') {
          // Entries are delivered after the task ends.
          await new Promise((resolve) => setTimeout(resolve, 50));
          const tasks = await driver.run(longTasksIn, result.start, result.end);
          longest.push(Math.max(0, ...tasks.map((t) => t.duration)));
        }
      }
    }
    await driver.load(`${url}?warm`);
    const repeat = {};
    for (const name of ['extract', 'walk']) {
      for (let i = 0; i < 3; i++) await driver.run(timeCase, name, 1);
      const once = (await driver.run(timeCase, name, 1)).ms;
      repeat[name] = Math.max(1, Math.ceil(WARM_MIN_MS / Math.max(once, 0.01)));
    }
    const warm = { extract: [], walk: [] };
    for (let round = 0; round < ROUNDS * 2; round++) {
      for (const name of round % 2 ? ['walk', 'extract'] : ['extract', 'walk']) warm[name].push((await driver.run(timeCase, name, repeat[name])).ms);
    }
    const label = `${size.toLocaleString('en')} elements`;
    const before = rows.length;
    rows.push({ target: '2', what: `${driver.name}: extract.js / TreeWalker, first run, ${label}`, ratio: ratioSpread(first.extract, first.walk), numerator_ms: spread(first.extract), denominator_ms: spread(first.walk), note: 'fresh page load per case' });
    rows.push({ target: '2', what: `${driver.name}: extract.js / TreeWalker, warm, ${label}`, ratio: ratioSpread(warm.extract, warm.walk), numerator_ms: spread(warm.extract), denominator_ms: spread(warm.walk), note: `repeated x${repeat.extract} / x${repeat.walk} per sample` });
    if (longest.length) rows.push({ target: '2', what: `${driver.name}: longest task during takeSnapshot (one task), first run, ${label}`, value: spread(longest), unit: 'ms', note: 'PerformanceObserver longtask (> 50 ms; 0 = none)' });
    if (longestChunked.length) rows.push({ target: '2', what: `${driver.name}: longest task during takeSnapshotInChunks, first run, ${label}`, value: spread(longestChunked), unit: 'ms', note: 'what content.js calls; longtask (> 50 ms; 0 = none)' });
    progress(rows.slice(before).map((r) => `${r.what}: ${r.ratio ? showRatio(r.ratio) : `${r.value.median.toFixed(1)} ms`}`).join('\n# '));
  }
  return rows;
}

try {
  for (const name of BROWSERS.length ? BROWSERS : ['chromium', 'firefox']) {
    const driver = await (name === 'chromium' ? chromiumDriver() : firefoxDriver());
    try {
      writeResults(`extraction-${name}`, {
        rows: await measure(driver),
        method: `${driver.name} ${driver.version}; generated pages (bench/pages.mjs: ${SIZES.map((n) => `${n} -> ${pages[n].elements} elements`).join(', ')}); ${ROUNDS} first-run rounds and ${ROUNDS * 2} warm rounds per size; median of per-round ratios (p10-p90)`,
      });
    } finally {
      await driver.close();
    }
  }
} finally {
  server.close();
}
