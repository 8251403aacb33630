// Where the main thread's time goes after DOMContentLoaded on the 20,000-element account page
// (bench/pages.mjs) with one build of the extension loaded in Chromium: each load under a trace,
// then the page's own frames (tasks with a layout and a pre-paint) before the warning is drawn, the
// frames after it (what the extension's drawing costs the page) and the longest script task after
// DOMContentLoaded, each with its thread time and what it is made of. A diagnostic beside
// bench/navigation.mjs (issue 10, target 2): it told that the frames after the warning goes in are
// the page laid out again, not the extension's script (docs/performance.md, "Where target 2's
// floors are").
//
//   node bench/frames.mjs [build dir, default build/chrome] [loads, default 4]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { STRICT_CSP } from '../tests/e2e/support.mjs';
import { SHOWN_WATCH_SCRIPT, path, spread } from './lib.mjs';
import { accountPage } from './pages.mjs';

const EXTENSION = process.argv[2] ?? path('build/chrome');
const LOADS = Number(process.argv[3] ?? 4);
const PHASES = ['UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint', 'v8.callFunction', 'EvaluateScript', 'MinorGC', 'MajorGC'];
const big = accountPage(20000);
const html = big.html({ head: '<script src="/bench/watch.js"></script>' });

const profile = mkdtempSync(join(tmpdir(), 'dlens-frames-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium',
  headless: true,
  args: [`--disable-extensions-except=${EXTENSION}`, `--load-extension=${EXTENSION}`, '--no-sandbox', '--disable-gpu', '--no-first-run', '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1'],
});
await context.route('**/*', async (route) => {
  const url = new URL(route.request().url());
  if (url.protocol === 'chrome-extension:') return route.continue();
  const headers = { 'content-security-policy': STRICT_CSP, 'cache-control': 'no-store' };
  if (url.pathname === '/bench/watch.js') return route.fulfill({ status: 200, contentType: 'text/javascript', headers, body: SHOWN_WATCH_SCRIPT });
  if (url.href.split('#')[0] === big.url) return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', headers, body: html });
  return route.abort('blockedbyclient');
});

/**
 * One load: `drawnAt`, when the warning went in, and the main thread's tasks from the start of the
 * page's parsing, each `{ at, thread, phases }`; `at` and `drawnAt` in ms after DOMContentLoaded.
 */
async function load(round) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const events = [];
  let drawnAt;
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value));
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  try {
    await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8'] }, transferMode: 'ReportEvents' });
    await page.goto(`${big.url}#frames-${round}`);
    await page.waitForFunction(() => window.__shownAt, null, { timeout: 120000 });
    // When the warning went in, in ms after DOMContentLoaded (the trace's MarkDOMContent).
    drawnAt = await page.evaluate(() => window.__shownAt - performance.getEntriesByType('navigation')[0].domContentLoadedEventStart);
    await page.waitForTimeout(1500);
    await cdp.send('Tracing.end');
    await complete;
  } finally {
    await page.close();
  }
  const parse = events.find((e) => e.name === 'ParseHTML' && String(e.args?.beginData?.url).includes(big.url));
  const ready = events.find((e) => e.name === 'MarkDOMContent' && e.pid === parse?.pid && e.tid === parse?.tid);
  if (!parse || !ready) throw new Error('the trace has no parse or DOMContentLoaded of the page');
  const main = events.filter((e) => e.pid === parse.pid && e.tid === parse.tid && e.ph === 'X');
  const tasks = main.filter((e) => e.name === 'ThreadControllerImpl::RunTask' && e.ts >= parse.ts).sort((a, b) => a.ts - b.ts);
  return { drawnAt, tasks: tasks.map((task) => {
    const phases = {};
    for (const e of main) {
      if (e !== task && PHASES.includes(e.name) && e.ts >= task.ts && e.ts + e.dur <= task.ts + task.dur) phases[e.name] = (phases[e.name] ?? 0) + e.dur / 1000;
    }
    return { at: (task.ts - ready.ts) / 1000, thread: (task.tdur ?? task.dur) / 1000, phases };
  }) };
}

const show = (task) => `${task.thread.toFixed(1)} ms at ${task.at.toFixed(0)} ms (${Object.entries(task.phases).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')})`;
const figures = { page: [], frames: [], longestDrawing: [], framesTime: [], longestScript: [] };
await new Promise((resolve) => setTimeout(resolve, 1500)); // the extension's worker starts
for (let round = 0; round < LOADS; round++) {
  const { drawnAt, tasks } = await load(round);
  const frames = tasks.filter((t) => (t.phases.Layout ?? 0) > 0 && (t.phases.PrePaint ?? 0) > 0);
  // A frame that starts after the task that drew the warning began is the drawing's (the watcher
  // sees the warning in the same task, so its time falls inside that task).
  const drawingTask = tasks.findLast((t) => t.at <= drawnAt);
  const isAfterDrawing = (t) => t.at > (drawingTask?.at ?? drawnAt);
  const pages = frames.filter((t) => !isAfterDrawing(t));
  const drawing = frames.filter(isAfterDrawing);
  const scripts = tasks.filter((t) => t.at >= 0 && (t.phases['v8.callFunction'] ?? 0) + (t.phases.EvaluateScript ?? 0) > t.thread / 2);
  const longest = (list) => list.reduce((a, t) => (t.thread > a.thread ? t : a), { thread: 0, at: 0, phases: {} });
  figures.page.push(longest(pages).thread);
  figures.frames.push(drawing.length);
  figures.framesTime.push(drawing.reduce((sum, t) => sum + t.thread, 0));
  figures.longestDrawing.push(longest(drawing).thread);
  figures.longestScript.push(longest(scripts).thread);
  console.log(`load ${round + 1}: the warning drawn ${drawnAt.toFixed(0)} ms after DOMContentLoaded; the page's own longest frame before it ${show(longest(pages))}`);
  console.log(`  frames after the drawing: ${drawing.length}, ${figures.framesTime.at(-1).toFixed(0)} ms in all: ${drawing.map(show).join('; ')}`);
  console.log(`  the longest script task after DOMContentLoaded: ${show(longest(scripts))}`);
}
await context.close();
rmSync(profile, { recursive: true, force: true });
const ms = (values) => { const s = spread(values); return `${s.median.toFixed(1)} (${s.p10.toFixed(1)}-${s.p90.toFixed(1)})`; };
console.log(`\n${EXTENSION}, ${LOADS} loads, median (p10-p90), thread time in ms:`);
console.log(`  the page's own longest frame before the warning   ${ms(figures.page)}`);
console.log(`  the longest frame after the warning is drawn     ${ms(figures.longestDrawing)}`);
console.log(`  frames after the warning is drawn                ${ms(figures.frames)} frames, ${ms(figures.framesTime)} ms in all`);
console.log(`  the longest script task after DOMContentLoaded   ${ms(figures.longestScript)}`);
