// Extraction against its floor (issue 10, target 2), in real Chromium and real Firefox: the
// extension's own extract.js (from build/chrome, with the protocol.js it reads its limits from)
// against a bare TreeWalker that reads every text node, on generated account pages of 5,000 and
// 20,000 elements (bench/pages.mjs). Beside them, the least element walk: every element recorded as
// its tag and parent with its own text, nothing else, the least any snapshot costs; it says how much
// of extract.js's distance from the TreeWalker no extractor could close.
//
// The page is served from a loopback server with the scripts and a small harness; each case is
// timed where it runs (performance.now(), the page cross-origin isolated for a fine clock), so the
// driver's round trips are not counted. Both cases always run in the same world:
// - `--world=page` (the default): the page's own world, as <script> tags;
// - `--world=content`: a content script's world, as the extension's content script reads the page
//   (an isolated world in Chromium; Xray wrappers in Firefox, where every DOM call costs more): the
//   scripts are a bench extension's content scripts, and the page asks them to run a case by
//   postMessage, the answer coming back the same way (outside the timed part).
// - first run: a fresh load of the page for each case, then one call: compiled code and DOM
//   wrappers are cold, as when the content script runs on a page; the order rotates by round;
// - warm: on one load, after three untimed calls of each, rounds of all cases in rotating order,
//   each case repeated to at least 20 ms per sample;
// - longest task (Chromium): PerformanceObserver 'longtask' entries during the first-run extraction
//   of each page (each call runs in a task of its own), for takeSnapshot (one task) and
//   for takeSnapshotInChunks (what the content script calls: tasks of a few ms, the page let run
//   between them), each on a fresh load;
// - the snapshot's JSON text: snapshotJson (protocol.js, what the content script sends) of a
//   snapshot taken just before, the writing alone timed, warm.
//
//   node bench/extraction.mjs [rounds] [chromium|firefox ...] [--world=page|content] [--other=DIR]
//
// `--other=DIR` times DIR/extract.js (another build, e.g. main's, /work/wt/main-build/chrome) in the
// same runs, alternated with this one: a case `other`, its row against the walk and a row this /
// other. EXTRACT_JS=path times another extract.js in place of build/chrome's.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { Session, startGeckodriver } from '../tests/e2e/webdriver.mjs';
import { path, progress, ratioSpread, showRatio, spread, writeResults } from './lib.mjs';
import { accountPage } from './pages.mjs';

const args = process.argv.slice(2);
const option = (name) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const positional = args.filter((a) => !a.startsWith('--'));
const ROUNDS = Number(positional.find((a) => /^\d+$/.test(a)) ?? 11);
const BROWSERS = positional.filter((a) => !/^\d+$/.test(a));
const WORLD = option('world') ?? 'page';
if (!['page', 'content'].includes(WORLD)) throw new Error(`--world=page or --world=content, not ${WORLD}`);
const OTHER = option('other');
const SIZES = [5000, 20000];
const WARM_MIN_MS = 20;
const CASES = OTHER ? ['extract', 'other', 'elements', 'walk'] : ['extract', 'elements', 'walk'];
/** The cases of round `round`, rotated so that each comes first as often as the others. */
const inOrder = (round) => CASES.map((_, i) => CASES[(i + round) % CASES.length]);

/**
 * The cases, in the world they run in: `run.time(name, repeat)` and `run.chunked()`. In the page's
 * world they are `globalThis.__benchRun`; in a content script they answer the page's postMessage
 * requests ('dlens-bench:' + JSON) with 'dlens-bench-answer:' + JSON.
 */
const CASES_SCRIPT = `'use strict';
(() => {
  const cases = {
    extract: () => globalThis.DisclosureLensExtract.takeSnapshot(document).snapshot.nodes.length,
    other: () => globalThis.DisclosureLensExtractOther.takeSnapshot(document).snapshot.nodes.length,
    walk: () => {
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      let chars = 0;
      while (walker.nextNode()) chars += walker.currentNode.data.length;
      return chars;
    },
    // The least walk that records what any snapshot must: every element as its tag and its parent's
    // index, and each element's own text; no attributes, no form state, no limits, no clock.
    elements: () => {
      const root = document.body;
      const nodes = [{ tag: root.localName, text: '' }];
      const open = [0];
      let node = root.firstChild;
      while (node !== null) {
        const type = node.nodeType;
        if (type === 3) nodes[open[open.length - 1]].text += node.data;
        else if (type === 1) {
          nodes.push({ tag: node.localName, parent: open[open.length - 1], text: '' });
          const first = node.firstChild;
          if (first !== null) {
            open.push(nodes.length - 1);
            node = first;
            continue;
          }
        }
        while (node !== root && node.nextSibling === null) {
          node = node.parentNode;
          open.pop();
        }
        node = node === root ? null : node.nextSibling;
      }
      return nodes.length;
    },
  };
  const run = {
    time(name, repeat) {
      const timed = cases[name];
      let sink = 0;
      const start = performance.now();
      for (let i = 0; i < repeat; i++) sink += timed();
      const end = performance.now();
      return { ms: (end - start) / repeat, start, end, sink, isolated: crossOriginIsolated };
    },
    // The snapshot's JSON text as the content script writes it (protocol.js snapshotJson, one task):
    // only the writing is timed.
    json() {
      const { snapshot } = globalThis.DisclosureLensExtract.takeSnapshot(document);
      const start = performance.now();
      const text = globalThis.DisclosureLens.snapshotJson(snapshot);
      return { ms: performance.now() - start, chars: text.length };
    },
    async chunked() {
      const start = performance.now();
      const { snapshot } = await globalThis.DisclosureLensExtract.takeSnapshotInChunks(document);
      return { ms: performance.now() - start, start, end: performance.now(), sink: snapshot.nodes.length };
    },
  };
  if (${WORLD === 'content'}) {
    document.documentElement.setAttribute('data-bench-ready', '');
    window.addEventListener('message', async (event) => {
      if (typeof event.data !== 'string' || !event.data.startsWith('dlens-bench:')) return;
      const { id, what, args } = JSON.parse(event.data.slice('dlens-bench:'.length));
      const value = await run[what](...args);
      window.postMessage('dlens-bench-answer:' + JSON.stringify({ id, value }), '*');
    });
  } else {
    globalThis.__benchRun = (what, ...args) => run[what](...args);
  }
})();`;

/** The page's side: longtask entries, and `window.__bench`, which the driver calls. */
const PAGE_SCRIPT = `'use strict';
(() => {
  const longTasks = [];
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) longTasks.push({ start: e.startTime, duration: e.duration }); })
      .observe({ type: 'longtask', buffered: true });
  } catch { /* Firefox has no longtask entries */ }
  const answers = new Map();
  let lastId = 0;
  window.addEventListener('message', (event) => {
    if (typeof event.data !== 'string' || !event.data.startsWith('dlens-bench-answer:')) return;
    const { id, value } = JSON.parse(event.data.slice('dlens-bench-answer:'.length));
    answers.get(id)?.(value);
    answers.delete(id);
  });
  /** Runs a case where the cases are, in a task of its own (as a content script's run is). */
  const call = (what, ...args) =>
    ${WORLD === 'content'}
      ? new Promise((resolve) => {
          const id = ++lastId;
          answers.set(id, resolve);
          window.postMessage('dlens-bench:' + JSON.stringify({ id, what, args }), '*');
        })
      : new Promise((resolve) => setTimeout(() => resolve(globalThis.__benchRun(what, ...args))));
  window.__bench = {
    time: (name, repeat) => call('time', name, repeat),
    json: () => call('json'),
    // After two frames and 200 ms, so that the fresh page's own layout and paint (a long task of
    // their own on 20,000 elements) are over and not counted against the chunks.
    chunked: () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => resolve(call('chunked')), 200)))),
    longTasks: () => longTasks.slice(),
  };
})();`;

const ours = readFileSync(process.env.EXTRACT_JS ?? path('build/chrome/extract.js'), 'utf8');
/** Scripts of the cases' world, in order. The other build's extract.js answers to another name. */
const caseScripts = {
  'protocol.js': readFileSync(path('build/chrome/protocol.js'), 'utf8'),
  'extract.js': ours,
  ...(OTHER && { 'other.js': readFileSync(join(OTHER, 'extract.js'), 'utf8').replace('globalThis.DisclosureLensExtract =', 'globalThis.DisclosureLensExtractOther =') }),
  'cases.js': CASES_SCRIPT,
};
if (OTHER && !caseScripts['other.js'].includes('DisclosureLensExtractOther')) throw new Error(`${OTHER}/extract.js does not define DisclosureLensExtract as expected`);
/** Whether this extract.js reads in chunks (an older one, given by EXTRACT_JS, may not). */
const CHUNKED = ours.includes('takeSnapshotInChunks');
const pageScripts = WORLD === 'content' ? { 'page.js': PAGE_SCRIPT } : { 'page.js': PAGE_SCRIPT, ...caseScripts };
const scripts = Object.fromEntries(Object.entries(pageScripts).map(([name, text]) => [`/${name}`, text]));
const pages = Object.fromEntries(SIZES.map((n) => [n, accountPage(n)]));
const head = Object.keys(scripts).map((src) => `<script src="${src}"></script>`).join('');

/** For `--world=content`: a bench extension whose content scripts are the cases' scripts (a temp dir). */
function benchExtension() {
  const dir = mkdtempSync(join(tmpdir(), 'dlens-bench-extraction-ext-'));
  for (const [name, text] of Object.entries(caseScripts)) writeFileSync(join(dir, name), text);
  const manifest = {
    manifest_version: 3,
    name: 'extraction bench',
    version: '1',
    content_scripts: [{ matches: ['http://127.0.0.1/*'], js: Object.keys(caseScripts), run_at: 'document_end' }],
    browser_specific_settings: { gecko: { id: 'extraction@bench.disclosure-lens.org', data_collection_permissions: { required: ['none'] } } },
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}
const extensionDir = WORLD === 'content' ? benchExtension() : null;

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

/** Chromium: `load(url)` opens the page in a fresh tab, `run(js)` evaluates in it (in the page's world). */
async function chromiumDriver() {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium';
  const flags = ['--no-sandbox', '--disable-gpu'];
  let profile = null;
  let browser = null; // the browser launched for a page-world run; a persistent context is its own
  let context;
  let version;
  if (extensionDir) {
    profile = mkdtempSync(join(tmpdir(), 'dlens-bench-chromium-'));
    context = await chromium.launchPersistentContext(profile, { executablePath, headless: true, args: [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`, ...flags] });
    version = context.browser()?.version() ?? 'unknown version';
  } else {
    browser = await chromium.launch({ executablePath, headless: true, args: flags });
    context = await browser.newContext();
    version = browser.version();
  }
  let page = null;
  const driver = {
    name: 'chromium',
    version,
    async load(url) {
      await page?.close();
      page = await context.newPage();
      await page.goto(url);
      await contentScriptReady(driver);
    },
    run: (fn, ...a) => page.evaluate(`(${fn})(...${JSON.stringify(a)})`),
    async close() {
      await context.close();
      // Closing a context leaves its browser running, which kept this process alive after its results.
      await browser?.close();
      if (profile) rmSync(profile, { recursive: true, force: true });
    },
  };
  return driver;
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
  if (extensionDir) await session.installTemporaryAddon(extensionDir);
  const driver = {
    name: 'firefox',
    version: session.capabilities.browserVersion,
    async load(url) {
      await session.navigate(url);
      await contentScriptReady(driver);
    },
    // `window` inside `fn` is the page's own (the script runs behind Xray wrappers otherwise).
    run: (fn, ...a) => session.executeAsync(`function () { const window = globalThis.wrappedJSObject ?? globalThis; return (${fn}).apply(null, arguments); }`, ...a),
    async close() {
      await session.delete().catch(() => {});
      await geckodriver.stop();
      rmSync(tempDir, { recursive: true, force: true });
    },
  };
  return driver;
}

/** With `--world=content`: waits until the bench extension's content scripts have run in the loaded page. */
async function contentScriptReady(driver) {
  if (!extensionDir) return;
  for (let waited = 0; !(await driver.run(() => document.documentElement.hasAttribute('data-bench-ready'))); waited += 20) {
    if (waited > 10000) throw new Error(`${driver.name}: the bench extension's content scripts did not run`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// Run in the page (by the driver).
const timeCase = (name, repeat) => window.__bench.time(name, repeat);
const timeChunked = () => window.__bench.chunked();
const timeJson = () => window.__bench.json();
const longTasksIn = (start, end) => window.__bench.longTasks().filter((t) => t.start + t.duration > start && t.start < end);

async function measure(driver) {
  const rows = [];
  const world = WORLD === 'content' ? ", content script's world" : '';
  const samples = () => Object.fromEntries(CASES.map((name) => [name, []]));
  for (const size of SIZES) {
    const url = `${base}/page-${size}.html`;
    const first = samples();
    const longest = [];
    const longestChunked = [];
    for (let round = 0; round < ROUNDS; round++) {
      if (driver.name === 'chromium' && CHUNKED) {
        await driver.load(`${url}?round=${round}&case=chunked`);
        const result = await driver.run(timeChunked);
        await new Promise((resolve) => setTimeout(resolve, 50));
        const tasks = await driver.run(longTasksIn, result.start, result.end);
        longestChunked.push(Math.max(0, ...tasks.map((t) => t.duration)));
      }
      for (const name of inOrder(round)) {
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
    for (const name of CASES) {
      for (let i = 0; i < 3; i++) await driver.run(timeCase, name, 1);
      const once = (await driver.run(timeCase, name, 1)).ms;
      repeat[name] = Math.max(1, Math.ceil(WARM_MIN_MS / Math.max(once, 0.01)));
    }
    const warm = samples();
    for (let round = 0; round < ROUNDS * 2; round++) {
      for (const name of inOrder(round)) warm[name].push((await driver.run(timeCase, name, repeat[name])).ms);
    }
    const json = [];
    for (let i = 0; i < ROUNDS; i++) json.push(await driver.run(timeJson));
    const label = `${size.toLocaleString('en')} elements${world}`;
    const before = rows.length;
    const compare = (numerator, denominator, what) => {
      rows.push({ target: '2', what: `${driver.name}: ${what}, first run, ${label}`, ratio: ratioSpread(first[numerator], first[denominator]), numerator_ms: spread(first[numerator]), denominator_ms: spread(first[denominator]), note: 'fresh page load per case' });
      rows.push({ target: '2', what: `${driver.name}: ${what}, warm, ${label}`, ratio: ratioSpread(warm[numerator], warm[denominator]), numerator_ms: spread(warm[numerator]), denominator_ms: spread(warm[denominator]), note: `repeated x${repeat[numerator]} / x${repeat[denominator]} per sample` });
    };
    compare('extract', 'walk', 'extract.js / TreeWalker');
    compare('elements', 'walk', 'the least element walk / TreeWalker');
    compare('extract', 'elements', 'extract.js / the least element walk');
    if (OTHER) {
      compare('other', 'walk', 'other extract.js / TreeWalker');
      compare('extract', 'other', 'extract.js / other extract.js');
    }
    rows.push({ target: '2', what: `${driver.name}: the snapshot's JSON text in one task (snapshotJson), warm, ${label}`, value: spread(json.map((j) => j.ms)), unit: 'ms', note: `${json[0].chars.toLocaleString('en')} characters` });
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
      writeResults(`extraction-${name}${WORLD === 'content' ? '-content' : ''}${OTHER ? '-other' : ''}`, {
        rows: await measure(driver),
        method: `${driver.name} ${driver.version}; cases in the ${WORLD === 'content' ? "content script's" : "page's"} world${OTHER ? `; other build: ${OTHER}` : ''}; generated pages (bench/pages.mjs: ${SIZES.map((n) => `${n} -> ${pages[n].elements} elements`).join(', ')}); ${ROUNDS} first-run rounds and ${ROUNDS * 2} warm rounds per size; median of per-round ratios (p10-p90)`,
      });
    } finally {
      await driver.close();
    }
  }
} finally {
  server.close();
  if (extensionDir) rmSync(extensionDir, { recursive: true, force: true });
}
