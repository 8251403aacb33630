// Where extract.js spends its time: a CPU profile (CDP Profiler, 100 µs sampling) of five warm
// takeSnapshot calls on the generated 20,000-element page in Chromium, printed as self time per
// function. A diagnosis for docs/performance.md, not a figure of the table.
//
//   node bench/profile-extract.mjs
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { path } from './lib.mjs';
import { accountPage } from './pages.mjs';

const CALLS = 5;
const scripts = ['protocol.js', 'extract.js'].map((file) => readFileSync(path(`build/chrome/${file}`), 'utf8')).join('\n');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage();
  await page.route('**/*', (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: accountPage(20000).html({ tail: `<script>${scripts}</script>` }) }));
  await page.goto('http://127.0.0.1:9/profile');
  const takeSnapshot = () => globalThis.DisclosureLensExtract.takeSnapshot(document).snapshot.nodes.length;
  await page.evaluate(takeSnapshot);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  for (let i = 0; i < CALLS; i++) await page.evaluate(takeSnapshot);
  const { profile } = await cdp.send('Profiler.stop');
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  profile.samples.forEach((id, i) => {
    const { functionName, url, lineNumber } = nodes.get(id).callFrame;
    const key = url ? `${functionName || '(anonymous)'} (extract.js line ${lineNumber + 1 - scripts.split('\n').findIndex((l) => l.includes('Takes a PageSnapshot'))})` : functionName || '(anonymous, outside extract.js)';
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  // The profiler also samples the gaps between the calls.
  self.delete('(idle)');
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  console.log(`self time over ${CALLS} warm takeSnapshot calls, 20,000 elements (${(total / 1e3).toFixed(0)} ms sampled)`);
  for (const [name, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`${((100 * us) / total).toFixed(1).padStart(5)}%  ${name}`);
} finally {
  await browser.close();
}
