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
//   node bench/mutation.mjs [pairs] [every-ms]      (make bench-mutation)
import { readFileSync } from 'node:fs';
import { launchChromium } from '../tests/e2e/chromium-harness.mjs';
import { EXTENSION, GECKO_ID, launchFirefox } from '../tests/e2e/firefox-harness.mjs';
import { machine, path, progress, ratioSpread, showRatio, spread, writeResults } from './lib.mjs';

const PAIRS = Number(process.argv[2] ?? 5);
const EVERY_MS = Number(process.argv[3] ?? 50);
/** Past document_idle, the content script's gate and its rechecks (1 s, 3 s). */
const SETTLE_MS = 4000;
const MEASURE_MS = 6000;
const html = readFileSync(path('tests/fixtures/hostile/page-feed.html'), 'utf8');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs in the page: fills the main thread with 1 ms chunks for `measureMs`; resolves to the wall time,
 * the time inside the chunks and the page's mutations meanwhile.
 */
function measureInPage(measureMs) {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const start = performance.now();
    const mutations0 = window.mutations;
    let inside = 0;
    channel.port1.onmessage = () => {
      const chunkStart = performance.now();
      let now = chunkStart;
      while (now - chunkStart < 1) now = performance.now();
      inside += now - chunkStart;
      if (now - start < measureMs) channel.port2.postMessage(null);
      else resolve({ wall: now - start, inside, mutations: window.mutations - mutations0 });
    };
    channel.port2.postMessage(null);
  });
}

/** Every measurement as the page gave it, per browser: { with: [{ wall, inside, mutations }], without: [...] }. */
const samples = {};
const lostPerMutation = (browser, which, sample) => {
  samples[browser] ??= { with: [], without: [] };
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
  // A page served without a CSP, so its script runs.
  ff.served.set(url, { html, csp: null });
  const figures = { with: [], without: [] };
  let installed = true;
  const setInstalled = async (wanted) => {
    if (wanted === installed) return;
    if (wanted) await session.installTemporaryAddon(EXTENSION);
    else await session.cmd('POST', '/moz/addon/uninstall', { id: GECKO_ID });
    installed = wanted;
  };
  try {
    for (let pair = 0; pair < PAIRS; pair++) {
      const order = pair % 2 === 0 ? ['with', 'without'] : ['without', 'with'];
      for (const which of order) {
        await setInstalled(which === 'with');
        await session.navigate('about:blank');
        await session.navigate(url);
        await sleep(SETTLE_MS);
        figures[which].push(lostPerMutation('firefox', which, await session.executeAsync(measureInPage, MEASURE_MS)));
      }
      progress(`firefox pair ${pair + 1}/${PAIRS}: ${figures.with.at(-1).toFixed(3)} / ${figures.without.at(-1).toFixed(3)} ms`);
    }
  } finally {
    await setInstalled(true).catch(() => {});
    await ff.close();
  }
  return figures;
}

const rows = [];
const raw = {};
const loadBefore = machine().load;
for (const [name, run] of Object.entries({ chromium, firefox })) {
  const figures = await run();
  raw[name] = figures;
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
