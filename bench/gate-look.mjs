// The closed gate's look at the headings (content.js `firstHeadings`) on the generated
// 20,000-element pages (bench/pages.mjs) in real Chromium: main's walk in script, one native query of
// the four selectors, and what content.js does now (the browser's tag lists and one role query,
// merged). The feed has three headings and the account page three, so the walk goes to the end.
// Per page, each way on a fresh tab: the first look (cold, as the content script's first), then the
// mean of 20 looks (as the closed gate's looks every 2 s while the page does not change), then 20
// looks each after a DOM change (as on a feed that grows). ROUNDS tabs per way, in rotating order.
//
// OLD_EXTENSION=<another build/chrome, e.g. main's>: also the content scripts' first evaluation,
// this checkout's extension/ against that build, alternated in fresh tabs of each page: compiling
// the five files (new Function) and running their top level, which asks the gate (the first look
// and the password field; the message itself never answers here: a stand-in `chrome.runtime`).
// In the page's world, not the isolated one: the same work, not the same world.
//
//   node bench/gate-look.mjs [rounds]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { progress, ratioSpread, showRatio, showTime, spread } from './lib.mjs';
import { accountPage, feedPage } from './pages.mjs';

const ROUNDS = Number(process.argv[2] ?? 11);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium';
const WAYS = ['walk', 'query', 'lists'];
const CONTENT_SCRIPTS = ['protocol.js', 'dom.js', 'figure.js', 'extract.js', 'content.js'];
const sources = (dir) => CONTENT_SCRIPTS.map((file) => readFileSync(join(dir, file), 'utf8'));

/** Runs in a fresh page: compiles and runs the content scripts' sources; ms for each. */
function firstEvaluation(files) {
  globalThis.chrome = { runtime: { id: 'bench', sendMessage: () => new Promise(() => {}), onMessage: { addListener() {} }, getURL: (p) => p } };
  let compile = 0;
  let run = 0;
  for (const source of files) {
    let start = performance.now();
    const script = new Function(source); // eslint-disable-line no-new-func
    compile += performance.now() - start;
    start = performance.now();
    script();
    run += performance.now() - start;
  }
  return { compile, run, total: compile + run };
}

/** Runs in a fresh page: the timings of one way of looking, and the headings it found (their text). */
function timeLook(way) {
  const GATE_HEADINGS = 20;
  const root = document.body;
  const looks = {
    walk: () => {
      const isHeading = (el) => /^h[1-3]$/.test(el.localName) || el.getAttribute('role') === 'heading';
      const found = [];
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT);
      for (let el = walker.nextNode(); el && found.length < GATE_HEADINGS; el = walker.nextNode()) if (isHeading(el)) found.push(el);
      return found;
    },
    query: () => {
      const all = root.querySelectorAll('h1, h2, h3, [role="heading"]');
      const found = [];
      for (let i = 0; i < all.length && i < GATE_HEADINGS; i++) found.push(all[i]);
      return found;
    },
    lists: () => {
      const found = new Set();
      const takeFirst = (list) => {
        for (let i = 0, el; i < GATE_HEADINGS && (el = list[i]); i++) found.add(el);
      };
      for (const tag of ['h1', 'h2', 'h3']) takeFirst(root.getElementsByTagNameNS('*', tag));
      takeFirst(root.querySelectorAll('[role="heading"]'));
      return [...found].sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1)).slice(0, GATE_HEADINGS);
    },
  };
  const look = looks[way];
  let start = performance.now();
  const found = look();
  const cold = performance.now() - start;
  start = performance.now();
  for (let i = 0; i < 20; i++) look();
  const warm = (performance.now() - start) / 20;
  start = performance.now();
  for (let i = 0; i < 20; i++) {
    root.append(document.createElement('span'));
    look();
  }
  const changed = (performance.now() - start) / 20;
  return { cold, warm, changed, found: found.map((el) => el.textContent) };
}

const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
try {
  for (const [name, page] of [['feed', feedPage(20000)], ['account page', accountPage(20000)]]) {
    const html = page.html();
    const times = Object.fromEntries(WAYS.map((w) => [w, { cold: [], warm: [], changed: [] }]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const way of WAYS.map((_, i) => WAYS[(i + round) % WAYS.length])) {
        const tab = await browser.newPage();
        await tab.setContent(html);
        const r = await tab.evaluate(timeLook, way);
        await tab.close();
        times[way].found ??= JSON.stringify(r.found);
        if (times[way].found !== times.walk.found && times.walk.found) throw new Error(`${name}: ${way} found other headings than the walk`);
        for (const k of ['cold', 'warm', 'changed']) times[way][k].push(r[k]);
      }
    }
    for (const k of ['cold', 'warm', 'changed']) {
      progress(`${name}, look, ${k}: walk ${showTime(spread(times.walk[k]))}; query ${showTime(spread(times.query[k]))}, / walk ${showRatio(ratioSpread(times.query[k], times.walk[k]))}; lists ${showTime(spread(times.lists[k]))}, / walk ${showRatio(ratioSpread(times.lists[k], times.walk[k]))}`);
    }
    if (!process.env.OLD_EXTENSION) continue;
    const builds = { new: sources(new URL('../extension/', import.meta.url).pathname), old: sources(process.env.OLD_EXTENSION) };
    const evaluations = { new: [], old: [] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const which of round % 2 ? ['old', 'new'] : ['new', 'old']) {
        const tab = await browser.newPage();
        await tab.setContent(html);
        evaluations[which].push(await tab.evaluate(firstEvaluation, builds[which]));
        await tab.close();
      }
    }
    const of = (which, k) => evaluations[which].map((e) => e[k]);
    progress(`${name}, first evaluation (compile + top level): new ${showTime(spread(of('new', 'total')))} (compile ${showTime(spread(of('new', 'compile')))}), old ${showTime(spread(of('old', 'total')))} (compile ${showTime(spread(of('old', 'compile')))}), new / old ${showRatio(ratioSpread(of('new', 'total'), of('old', 'total')))}`);
  }
} finally {
  await browser.close();
}
