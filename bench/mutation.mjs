// Per-mutation cost of the extension on a page it has nothing to say about (issue 9, point 6), measured
// the same way in real Chromium and real Firefox: by the page itself, with and without the extension,
// in the same browser run.
//
// The page is tests/fixtures/hostile/page-feed.html (2,000 posts, one added and one removed every
// EVERY_MS) at Facebook's address, where the content script runs. While it mutates, a script in the
// page fills the main thread with 1 ms chunks of its own work, one chunk per task (MessageChannel),
// for MEASURE_MS; what it did not get is the main-thread time taken by everything else (the page's own
// mutations, style, layout, and any content script): lost = wall time - time inside its chunks. The
// figure is lost time per mutation; "without" is the same page with no extension:
// - Chromium: the page at an address no content script matches (feed.example), same browser;
// - Firefox: the add-on uninstalled for that measurement and installed again (the fixture server's
//   certificate covers only the add-on's hosts, all of whose subdomains it matches).
// Pairs alternate their order; a browser's figure is the median of per-pair ratios with / without.
//
// OLD_BUILD=<a copy of another checkout's build/, e.g. main's>: in Firefox, a third arm with that
// build's add-on in each round, on the mutating feed and on a static 20,000-element feed with three
// headings (bench/pages.mjs feedPage, the gate closed: the looks of the closed gate are all the
// extension does there), where the figure is the main-thread time lost per second and the longest
// gap between two of the page's chunks; ratios new / old per round.
//
//   node bench/mutation.mjs [pairs] [every-ms]      (make bench-mutation)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from '../tests/e2e/chromium-harness.mjs';
import { EXTENSION, GECKO_ID, launchFirefox } from '../tests/e2e/firefox-harness.mjs';
import { machine, path, progress, ratioSpread, showRatio, spread, writeResults } from './lib.mjs';
import { feedPage } from './pages.mjs';

const PAIRS = Number(process.argv[2] ?? 5);
const EVERY_MS = Number(process.argv[3] ?? 50);
/** Past document_idle, the content script's gate and its rechecks (1 s, 3 s). */
const SETTLE_MS = 4000;
const MEASURE_MS = 6000;
const html = readFileSync(path('tests/fixtures/hostile/page-feed.html'), 'utf8');
const OLD_FIREFOX = process.env.OLD_BUILD ? join(process.env.OLD_BUILD, 'firefox') : null;
const bigFeed = feedPage(20000);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs in the page: fills the main thread with 1 ms chunks for `measureMs`; resolves to the wall time,
 * the time inside the chunks, the longest gap between two chunks and the page's mutations meanwhile.
 */
function measureInPage(measureMs) {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const start = performance.now();
    const mutations0 = window.mutations ?? 0;
    let inside = 0;
    let longest = 0;
    let lastEnd = start;
    channel.port1.onmessage = () => {
      const chunkStart = performance.now();
      longest = Math.max(longest, chunkStart - lastEnd);
      let now = chunkStart;
      while (now - chunkStart < 1) now = performance.now();
      inside += now - chunkStart;
      lastEnd = now;
      if (now - start < measureMs) channel.port2.postMessage(null);
      else resolve({ wall: now - start, inside, longest, mutations: (window.mutations ?? 0) - mutations0 });
    };
    channel.port2.postMessage(null);
  });
}

/** Every measurement as the page gave it, per browser: { with: [{ wall, inside, mutations }], without: [...] }. */
const samples = {};
const lostPerMutation = (browser, which, sample) => {
  samples[browser] ??= { with: [], without: [], old: [] };
  samples[browser][which].push(sample);
  return (sample.wall - sample.inside) / sample.mutations;
};

async function chromium() {
  const browser = await launchChromium();
  const places = { with: `https://www.facebook.com/?every=${EVERY_MS}`, without: `https://feed.example/?every=${EVERY_MS}` };
  const figures = { with: [], without: [] };
  try {
    for (let pair = 0; pair < PAIRS; pair++) {
      const order = pair % 2 === 0 ? ['with', 'without'] : ['without', 'with'];
      for (const which of order) {
        const page = await browser.context.newPage();
        await browser.serve(page, places[which], html, { csp: false });
        await sleep(SETTLE_MS);
        figures[which].push(lostPerMutation('chromium', which, await page.evaluate(measureInPage, MEASURE_MS)));
        await page.close();
      }
      progress(`chromium pair ${pair + 1}/${PAIRS}: ${figures.with.at(-1).toFixed(3)} / ${figures.without.at(-1).toFixed(3)} ms lost per mutation`);
    }
  } finally {
    await browser.context.close();
  }
  return figures;
}

async function firefox() {
  const ff = await launchFirefox();
  const { session } = ff;
  const url = ff.withPort(`https://www.facebook.com/?every=${EVERY_MS}`);
  const feedUrl = ff.withPort(bigFeed.url);
  // A page served without a CSP, so its script runs.
  ff.served.set(url, { html, csp: null });
  ff.served.set(feedUrl, { html: bigFeed.html(), csp: null });
  const figures = { with: [], without: [], old: [] };
  const staticFeed = { with: [], without: [], old: [] };
  /** The add-on installed now: 'with' (this checkout's), 'old' (OLD_BUILD's) or 'without'. */
  let installed = 'with';
  const install = async (wanted) => {
    if (wanted === installed) return;
    if (installed !== 'without') await session.cmd('POST', '/moz/addon/uninstall', { id: GECKO_ID });
    if (wanted !== 'without') await session.installTemporaryAddon(wanted === 'old' ? OLD_FIREFOX : EXTENSION);
    installed = wanted;
  };
  const arms = OLD_FIREFOX ? ['with', 'without', 'old'] : ['with', 'without'];
  try {
    for (let pair = 0; pair < PAIRS; pair++) {
      const order = arms.map((_, i) => arms[(i + pair) % arms.length]);
      for (const which of order) {
        await install(which);
        await session.navigate('about:blank');
        await session.navigate(url);
        await sleep(SETTLE_MS);
        figures[which].push(lostPerMutation('firefox', which, await session.executeAsync(measureInPage, MEASURE_MS)));
        if (!OLD_FIREFOX) continue;
        await session.navigate(feedUrl);
        await sleep(SETTLE_MS);
        const sample = await session.executeAsync(measureInPage, MEASURE_MS);
        staticFeed[which].push({ lostPerSecond: ((sample.wall - sample.inside) / sample.wall) * 1000, longest: sample.longest });
      }
      progress(`firefox pair ${pair + 1}/${PAIRS}: ` + arms.map((a) => `${a} ${figures[a].at(-1).toFixed(3)} ms` + (OLD_FIREFOX ? ` (static feed: ${staticFeed[a].at(-1).lostPerSecond.toFixed(1)} ms/s lost, longest ${staticFeed[a].at(-1).longest.toFixed(1)} ms)` : '')).join('; '));
    }
  } finally {
    await install('with').catch(() => {});
    await ff.close();
  }
  return { ...figures, staticFeed };
}

const rows = [];
const raw = {};
const loadBefore = machine().load;
const browsers = process.env.BROWSERS ? process.env.BROWSERS.split(',') : ['chromium', 'firefox'];
for (const [name, run] of Object.entries({ chromium, firefox }).filter(([n]) => browsers.includes(n))) {
  const figures = await run();
  raw[name] = figures;
  if (figures.old?.length) {
    const { staticFeed } = figures;
    const pick = (which, key) => staticFeed[which].map((s) => s[key]);
    rows.push(
      { target: 'no measurable work per DOM change on a page with nothing to say', what: `${name}: lost per mutation, this checkout / OLD_BUILD`, ratio: ratioSpread(figures.with, figures.old), note: `with ${spread(figures.with).median.toFixed(3)} ms, old ${spread(figures.old).median.toFixed(3)} ms per mutation` },
      { target: '2', what: `${name}: gate closed, static 20,000-element feed: main-thread time lost per second, this checkout / OLD_BUILD`, ratio: ratioSpread(pick('with', 'lostPerSecond'), pick('old', 'lostPerSecond')), note: `with ${spread(pick('with', 'lostPerSecond')).median.toFixed(1)}, old ${spread(pick('old', 'lostPerSecond')).median.toFixed(1)}, without ${spread(pick('without', 'lostPerSecond')).median.toFixed(1)} ms/s` },
      { target: '2', what: `${name}: gate closed, static 20,000-element feed: longest gap, this checkout / OLD_BUILD`, ratio: ratioSpread(pick('with', 'longest'), pick('old', 'longest')), note: `with ${spread(pick('with', 'longest')).median.toFixed(1)}, old ${spread(pick('old', 'longest')).median.toFixed(1)}, without ${spread(pick('without', 'longest')).median.toFixed(1)} ms` },
    );
    for (const r of rows.slice(-3)) console.log(`${r.what}: ${showRatio(r.ratio)}; ${r.note}`);
  }
  const ratio = ratioSpread(figures.with, figures.without);
  rows.push({
    target: 'no measurable work per DOM change on a page with nothing to say',
    what: `${name}: main-thread time lost per mutation, with / without the extension (a post every ${EVERY_MS} ms)`,
    ratio,
    note: `with ${spread(figures.with).median.toFixed(3)} ms, without ${spread(figures.without).median.toFixed(3)} ms per mutation (medians)`,
  });
  console.log(`${name}: ${showRatio(ratio)} with / without; ${rows.at(-1).note}; load ${machine().load.join(' ')}`);
}
writeResults('mutation', {
  rows,
  method: `page-side: 1 ms chunks of the page's own work for ${MEASURE_MS} ms while the feed mutates every ${EVERY_MS} ms; lost = wall - chunk time, per mutation; ${PAIRS} alternating pairs per browser`,
  extra: { lostMsPerMutation: raw, samples, loadBefore },
});
