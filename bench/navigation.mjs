// Navigation -> warning against its floor, in real Chromium (issue 10, target 1), and the longest
// task the content script causes on a 20,000-element page (target 2).
//
// Two browsers of the same Chromium run side by side, each with one extension:
// - the real one: build/chrome as `make packages` builds it;
// - the floor: a minimal MV3 extension, written by this script into a temp dir, whose one-line
//   content script inserts an element at `document_end` (same match patterns as the real one).
// The page is tests/fixtures/pages/facebook/sessions-en.html at its real address, under the strict
// CSP of the end-to-end suite, with one image that the route handler holds SLOW_IMAGE_MS before
// answering: a real page's late subresource, which `document_idle` waits for. Each navigation opens
// a new tab; the time is when the page's own observer saw the warning's host (or the floor's
// element) added: SHOWN_WATCH_SCRIPT in bench/lib.mjs, ms since navigation start.
//
// Per round, in an order that rotates: floor; real with a warm worker; real with a cold worker
// (CDP ServiceWorker.stopAllWorkers first, and the worker's target seen gone). Figures: per-round ratios
// real/floor.
//
// Longest task: both browsers open the generated 20,000-element page (bench/pages.mjs) at Facebook's
// address; a page script keeps a heartbeat going from DOMContentLoaded on (HEARTBEAT_SCRIPT); after
// the warning (or the floor's element) and a quiet second, the longest gap between beats is the
// longest task after DOMContentLoaded: the extension's doing, the page runs nothing else then. The
// same page without the heartbeat is loaded again under a Chromium trace (tracedLongestTask): the
// longest main-thread task after DOMContentLoaded, its wall time and its thread time, which a loaded
// machine does not inflate.
//
// The gate closed: the same heartbeat on a generated 20,000-element news feed at Facebook's address
// with three headings (feedPage), where the extension has nothing to say, for FEED_WATCH_MS after
// DOMContentLoaded (the gate's first question, its rechecks at 1 s and 3 s, the looks every 2 s): the
// longest gap, and the time in gaps over BUSY_GAP_MS (the main-thread time others took; on a loaded
// machine it counts the other processes' time too). Then the same feed without the heartbeat, where
// the page runs no script of its own, for the same time: the renderer's main-thread script time and
// task time (CDP Performance.getMetrics ScriptDuration and TaskDuration, the content script's
// included), which are the extension's and the browser's and little else. The real extension must
// draw nothing there.
//
// OLD_EXTENSION=<another build/chrome, e.g. main's>: a third browser with it, and the heartbeat parts
// alternate real, old and floor in one run, with per-round ratios real / old.
//
//   node bench/navigation.mjs [rounds] [heartbeat rounds]     (rounds 0: the heartbeat parts only)
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { STRICT_CSP, fixture } from '../tests/e2e/support.mjs';
import { FLOOR_CONTENT_SCRIPT, SHOWN_WATCH_SCRIPT, path, progress, ratioSpread, showRatio, spread, writeResults } from './lib.mjs';
import { accountPage, feedPage } from './pages.mjs';

const ROUNDS = Number(process.argv[2] ?? 15);
const LONG_TASK_ROUNDS = Number(process.argv[3] ?? 3);
const OLD = process.env.OLD_EXTENSION;
const FEED_WATCH_MS = 10000;
const BUSY_GAP_MS = 2;
const SLOW_IMAGE_MS = 300;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium';
const REAL = path('build/chrome');
// The smallest valid PNG (1x1).
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
// A heartbeat from DOMContentLoaded on: a MessageChannel message that posts the next one. The longest
// gap between two beats is the longest time anything held the page's main thread (Chromium's
// longtask observer did not list the content script's tasks in this setup: it listed none while the
// warning took seconds to appear).
const HEARTBEAT_SCRIPT = `window.__longest = { gap: 0, at: 0 };
window.__busy = 0;
document.addEventListener('DOMContentLoaded', () => {
  const channel = new MessageChannel();
  let last = performance.now();
  const until = last + 30000;
  channel.port1.onmessage = () => {
    const now = performance.now();
    if (now - last > window.__longest.gap) window.__longest = { gap: now - last, at: last };
    if (now - last > ${BUSY_GAP_MS}) window.__busy += now - last;
    last = now;
    if (now < until && !window.__stopHeartbeat) channel.port2.postMessage(0);
  };
  channel.port2.postMessage(0);
});`;

/** The floor extension: a manifest and a one-line content script, in a temp dir. */
function writeFloor(dir) {
  const real = JSON.parse(readFileSync(join(REAL, 'manifest.json'), 'utf8'));
  const matches = real.content_scripts.flatMap((s) => s.matches);
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({ manifest_version: 3, name: 'floor', version: '1', content_scripts: [{ matches, js: ['floor.js'], run_at: 'document_end' }] }),
  );
  writeFileSync(join(dir, 'floor.js'), FLOOR_CONTENT_SCRIPT);
}

const sessions = fixture('facebook/sessions-en.html');
const slowPage = sessions.html
  .replace('<head>', '<head><script src="/bench/watch.js"></script>')
  .replace('</body>', `<img src="/bench/slow-image.png" alt=""></body>`);
const big = accountPage(20000);
const bigPage = big.html({ head: '<script src="/bench/watch.js"></script><script src="/bench/heartbeat.js"></script>' });
const quietBigPage = big.html({ head: '<script src="/bench/watch.js"></script>' });
const feed = feedPage(20000);
const feedHtml = feed.html({ head: '<script src="/bench/watch.js"></script><script src="/bench/heartbeat.js"></script>' });
const quietFeedHtml = feed.html({ head: '<script src="/bench/watch.js"></script>' });

async function launch(extension, profile) {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      `--disable-extensions-except=${extension}`,
      `--load-extension=${extension}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
    ],
  });
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === 'chrome-extension:') return route.continue();
    const csp = { 'content-security-policy': STRICT_CSP, 'cache-control': 'no-store' };
    if (url.pathname === '/bench/slow-image.png') {
      await new Promise((resolve) => setTimeout(resolve, SLOW_IMAGE_MS));
      return route.fulfill({ status: 200, contentType: 'image/png', headers: { 'cache-control': 'no-store' }, body: PNG });
    }
    if (url.pathname === '/bench/watch.js') return route.fulfill({ status: 200, contentType: 'text/javascript', headers: csp, body: SHOWN_WATCH_SCRIPT });
    if (url.pathname === '/bench/heartbeat.js') return route.fulfill({ status: 200, contentType: 'text/javascript', headers: csp, body: HEARTBEAT_SCRIPT });
    if (url.searchParams.get('bench') === 'big-traced') return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', headers: csp, body: quietBigPage });
    if (url.searchParams.get('quiet') === '1') return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', headers: csp, body: quietFeedHtml });
    if (url.searchParams.get('bench') === 'feed') return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', headers: csp, body: feedHtml });
    if (url.searchParams.get('bench') === 'big') return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', headers: csp, body: bigPage });
    if (url.href.split('#')[0] === sessions.url) return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', headers: csp, body: slowPage });
    return route.abort('blockedbyclient');
  });
  return context;
}

/** Opens `url` in a new tab and returns when the warning (or the floor's element) was added to it. */
async function navigate(context, url) {
  const page = await context.newPage();
  try {
    await page.goto(url, { waitUntil: 'commit' });
    return (await page.waitForFunction(() => window.__shownAt, null, { timeout: 60000 })).jsonValue();
  } finally {
    await page.close();
  }
}

/** Stops the extension's service worker over CDP and waits until the browser lists it no more. */
async function stopWorker(context, control) {
  const browser = await context.browser().newBrowserCDPSession();
  const workers = async () => (await browser.send('Target.getTargets')).targetInfos.filter((t) => t.type === 'service_worker' && t.url.startsWith('chrome-extension://'));
  if ((await workers()).length === 0) throw new Error('the real extension has no running service worker to stop');
  const cdp = await context.newCDPSession(control);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  const deadline = Date.now() + 10000;
  while ((await workers()).length > 0) {
    if (Date.now() > deadline) throw new Error('the service worker did not stop');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await Promise.all([cdp.detach(), browser.detach()]);
}

/** The longest gap in the heartbeat of the 20,000-element page, once the warning (or the floor's element) is there and a second has passed. */
async function longestTask(context, round) {
  const page = await context.newPage();
  try {
    await page.goto(`${big.url}&bench=big#round-${round}`);
    await page.waitForFunction(() => window.__shownAt, null, { timeout: 120000 });
    await page.waitForTimeout(1000);
    return await page.evaluate(() => {
      window.__stopHeartbeat = true;
      return window.__longest.gap;
    });
  } finally {
    await page.close();
  }
}

/**
 * The longest main-thread task after DOMContentLoaded on the 20,000-element page (no heartbeat), from a
 * Chromium trace: the longest in wall time and the longest in thread time (the CPU time of the page's
 * main thread in a task). The thread time is what a task itself cost; on a loaded machine the wall
 * time also counts the time other processes held the core. Tasks are the scheduler's `ThreadControllerImpl::RunTask`
 * events of the renderer's main thread that parsed the page, from its `MarkDOMContent` on, until the
 * warning (or the floor's element) and a quiet second: the page's frames (style, layout, paint) and
 * the content script's tasks alike.
 */
async function tracedLongestTask(context, round) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value));
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  try {
    await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline'] }, transferMode: 'ReportEvents' });
    await page.goto(`${big.url}&bench=big-traced#traced-${round}`);
    await page.waitForFunction(() => window.__shownAt, null, { timeout: 120000 });
    await page.waitForTimeout(1000);
    await cdp.send('Tracing.end');
    await complete;
  } finally {
    await page.close();
  }
  const parse = events.find((e) => e.name === 'ParseHTML' && String(e.args?.beginData?.url).includes('bench=big-traced'));
  const domReady = events.find((e) => e.name === 'MarkDOMContent' && e.pid === parse?.pid && e.tid === parse?.tid);
  if (!parse || !domReady) throw new Error('the trace has no parse or DOMContentLoaded of the 20,000-element page');
  // Complete events only: a task still running when the trace ended has no duration.
  const tasks = events.filter((e) => e.name === 'ThreadControllerImpl::RunTask' && e.ph === 'X' && e.pid === parse.pid && e.tid === parse.tid && e.ts >= domReady.ts);
  // Chromium leaves the thread time out of some tasks of a microsecond or so: it is at most their wall time.
  return { wall: Math.max(...tasks.map((e) => e.dur)) / 1000, thread: Math.max(...tasks.map((e) => e.tdur ?? e.dur)) / 1000 };
}

/**
 * The 20,000-element feed, where the gate stays closed: after FEED_WATCH_MS, the longest heartbeat gap
 * and the time in gaps over BUSY_GAP_MS since DOMContentLoaded. `drawsNothing`: throws if the page got a warning.
 */
async function closedGate(context, round, drawsNothing) {
  const page = await context.newPage();
  try {
    await page.goto(`${feed.url}#round-${round}`);
    await new Promise((resolve) => setTimeout(resolve, FEED_WATCH_MS));
    const seen = await page.evaluate(() => {
      window.__stopHeartbeat = true;
      return { gap: window.__longest.gap, busy: window.__busy, shown: window.__shownAt };
    });
    if (drawsNothing && seen.shown !== null) throw new Error('the extension drew on the feed, where its gate should stay closed');
    return { ...seen, ...(await quietMetrics(context, round)) };
  } finally {
    await page.close();
  }
}

/** The quiet feed (no page script but the watcher): the main-thread script and task time, in ms, over FEED_WATCH_MS. */
async function quietMetrics(context, round) {
  const page = await context.newPage();
  try {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const read = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    const before = await read();
    await page.goto(`${feed.url}&quiet=1#round-${round}`);
    await new Promise((resolve) => setTimeout(resolve, FEED_WATCH_MS));
    const after = await read();
    return { script: (after.ScriptDuration - before.ScriptDuration) * 1000, tasks: (after.TaskDuration - before.TaskDuration) * 1000 };
  } finally {
    await page.close();
  }
}

const floorDir = mkdtempSync(join(tmpdir(), 'dlens-bench-floor-'));
const profiles = [mkdtempSync(join(tmpdir(), 'dlens-bench-real-')), mkdtempSync(join(tmpdir(), 'dlens-bench-floorprofile-')), mkdtempSync(join(tmpdir(), 'dlens-bench-old-'))];
writeFloor(floorDir);
const real = await launch(REAL, profiles[0]);
const floor = await launch(floorDir, profiles[1]);
const old = OLD ? await launch(OLD, profiles[2]) : null;
try {
  if (!real.serviceWorkers()[0]) await real.waitForEvent('serviceworker');
  if (old && !old.serviceWorkers()[0]) await old.waitForEvent('serviceworker');
  const control = await real.newPage();
  const cases = {
    floor: (round) => navigate(floor, `${sessions.url}#floor-${round}`),
    warm: (round) => navigate(real, `${sessions.url}#warm-${round}`),
    cold: async (round) => {
      await stopWorker(real, control);
      return navigate(real, `${sessions.url}#cold-${round}`);
    },
  };
  // Warm-up: each case twice, untimed.
  const times = { floor: [], warm: [], cold: [] };
  if (ROUNDS > 0) for (const run of Object.values(cases)) for (let i = 0; i < 2; i++) await run(-1 - i);
  const orders = [['floor', 'warm', 'cold'], ['warm', 'cold', 'floor'], ['cold', 'floor', 'warm']];
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of orders[round % 3]) times[name].push(await cases[name](round));
  }
  // The heartbeat parts: real, old (when given) and floor, in an order that rotates.
  const browsers = { real, floor, ...(old ? { old } : {}) };
  const names = Object.keys(browsers);
  const longest = { real: [], floor: [], old: [] };
  const traced = { real: [], floor: [], old: [] };
  const closed = { real: [], floor: [], old: [] };
  for (let round = 0; round < LONG_TASK_ROUNDS; round++) {
    const order = names.map((_, i) => names[(i + round) % names.length]);
    for (const name of order) longest[name].push(await longestTask(browsers[name], round));
    for (const name of order) traced[name].push(await tracedLongestTask(browsers[name], round));
    for (const name of order) closed[name].push(await closedGate(browsers[name], round, name !== 'floor'));
    progress(`heartbeat round ${round + 1}/${LONG_TASK_ROUNDS}: ` + order.map((n) => { const c = closed[n].at(-1); const t = traced[n].at(-1); return `${n} ${longest[n].at(-1).toFixed(0)} ms (traced: wall ${t.wall.toFixed(1)} ms, thread ${t.thread.toFixed(1)} ms), closed ${c.gap.toFixed(0)} ms (busy ${c.busy.toFixed(0)}, script ${c.script.toFixed(1)}, tasks ${c.tasks.toFixed(0)} ms)`; }).join('; '));
  }
  const tracedWall = (name) => traced[name].map((t) => t.wall);
  const tracedThread = (name) => traced[name].map((t) => t.thread);
  const gaps = (name) => closed[name].map((c) => c.gap);
  const busy = (name) => closed[name].map((c) => c.busy);
  const script = (name) => closed[name].map((c) => c.script);
  const tasks = (name) => closed[name].map((c) => c.tasks);
  const rows = [
    ...(ROUNDS > 0
      ? [
          { target: '1', what: 'chromium: navigation -> warning / floor, warm worker', ratio: ratioSpread(times.warm, times.floor), numerator_ms: spread(times.warm), denominator_ms: spread(times.floor), note: `sessions-en + one image held ${SLOW_IMAGE_MS} ms` },
          { target: '1', what: 'chromium: navigation -> warning / floor, cold worker', ratio: ratioSpread(times.cold, times.floor), numerator_ms: spread(times.cold), denominator_ms: spread(times.floor), note: 'ServiceWorker.stopAllWorkers before each' },
          { target: '1', what: 'chromium: floor, navigation -> element', value: spread(times.floor), unit: 'ms', note: 'one-line content script at document_end' },
        ]
      : []),
    { target: '2', what: 'chromium: longest task after DOMContentLoaded, real extension, 20,000 elements', value: spread(longest.real), unit: 'ms', note: `longest heartbeat gap; ${LONG_TASK_ROUNDS} loads` },
    { target: '2', what: 'chromium: the same with the floor extension', value: spread(longest.floor), unit: 'ms', note: 'the page and the browser alone' },
    { target: '2', what: 'chromium: longest main-thread task after DOMContentLoaded (trace), real extension, 20,000 elements', value: spread(tracedWall('real')), unit: 'ms', note: 'RunTask wall time; no heartbeat' },
    { target: '2', what: 'chromium: the same, longest in thread time, real extension', value: spread(tracedThread('real')), unit: 'ms', note: 'CPU time of the main thread in one task: steadier under load' },
    { target: '2', what: 'chromium: the same (trace, wall), floor extension', value: spread(tracedWall('floor')), unit: 'ms', note: 'the page and the browser alone' },
    { target: '2', what: 'chromium: the same (trace, thread time), floor extension', value: spread(tracedThread('floor')), unit: 'ms', note: 'the page and the browser alone' },
    { target: '2', what: 'chromium: longest task, gate closed, 20,000-element feed, real extension', value: spread(gaps('real')), unit: 'ms', note: `longest heartbeat gap in ${FEED_WATCH_MS / 1000} s after DOMContentLoaded` },
    { target: '2', what: 'chromium: the same with the floor extension', value: spread(gaps('floor')), unit: 'ms', note: 'the page and the browser alone' },
    { target: '2', what: 'chromium: main-thread time taken, gate closed, 20,000-element feed, real extension', value: spread(busy('real')), unit: 'ms', note: `heartbeat gaps over ${BUSY_GAP_MS} ms, summed, ${FEED_WATCH_MS / 1000} s` },
    { target: '2', what: 'chromium: the same with the floor extension', value: spread(busy('floor')), unit: 'ms', note: 'the page and the browser alone' },
    { target: '2', what: 'chromium: main-thread script time, gate closed, quiet 20,000-element feed, real extension', value: spread(script('real')), unit: 'ms', note: `CDP ScriptDuration over ${FEED_WATCH_MS / 1000} s from navigation` },
    { target: '2', what: 'chromium: the same with the floor extension', value: spread(script('floor')), unit: 'ms', note: 'its one line, and the watcher' },
    { target: '2', what: 'chromium: main-thread task time, gate closed, quiet 20,000-element feed, real extension', value: spread(tasks('real')), unit: 'ms', note: `CDP TaskDuration over ${FEED_WATCH_MS / 1000} s from navigation` },
    { target: '2', what: 'chromium: the same with the floor extension', value: spread(tasks('floor')), unit: 'ms', note: 'parsing, style, layout, paint' },
    ...(old
      ? [
          { target: '2', what: 'chromium: longest task, 20,000 elements, gate open: real / old', ratio: ratioSpread(longest.real, longest.old), numerator_ms: spread(longest.real), denominator_ms: spread(longest.old), note: `old: ${OLD}` },
          { target: '2', what: 'chromium: longest main-thread task (trace, thread time), 20,000 elements: real / old', ratio: ratioSpread(tracedThread('real'), tracedThread('old')), numerator_ms: spread(tracedThread('real')), denominator_ms: spread(tracedThread('old')), note: 'per-round ratios' },
          { target: '2', what: 'chromium: longest task, gate closed, 20,000-element feed: real / old', ratio: ratioSpread(gaps('real'), gaps('old')), numerator_ms: spread(gaps('real')), denominator_ms: spread(gaps('old')), note: 'per-round ratios' },
          { target: '2', what: 'chromium: main-thread time taken, gate closed, feed: real / old', ratio: ratioSpread(busy('real'), busy('old')), numerator_ms: spread(busy('real')), denominator_ms: spread(busy('old')), note: 'per-round ratios' },
          { target: '2', what: 'chromium: main-thread script time, gate closed, quiet feed: real / old', ratio: ratioSpread(script('real'), script('old')), numerator_ms: spread(script('real')), denominator_ms: spread(script('old')), note: 'per-round ratios' },
          { target: '2', what: 'chromium: main-thread task time, gate closed, quiet feed: real / old', ratio: ratioSpread(tasks('real'), tasks('old')), numerator_ms: spread(tasks('real')), denominator_ms: spread(tasks('old')), note: 'per-round ratios' },
        ]
      : []),
  ];
  for (const r of rows) progress(`${r.what}: ${r.ratio ? showRatio(r.ratio) : `${r.value.median.toFixed(0)} ms (${r.value.p10.toFixed(0)}-${r.value.p90.toFixed(0)})`}`);
  writeResults('navigation-chromium', {
    rows,
    method: `Chromium ${real.browser()?.version() ?? ''}: two browsers (real, floor) side by side; ${ROUNDS} rounds of floor/warm/cold in rotating order after 2 untimed of each; median of per-round ratios (p10-p90)`,
  });
} finally {
  await Promise.allSettled([real.close(), floor.close(), old?.close()]);
  for (const dir of [floorDir, ...profiles]) rmSync(dir, { recursive: true, force: true });
}
