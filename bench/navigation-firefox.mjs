// Navigation -> warning against its floor in real Firefox (issue 10, target 1): the twin of
// bench/navigation.mjs, warm background only.
//
// Two Firefox sessions side by side: one with build/firefox, one with the floor add-on (the same
// one-line content script at `document_end`, written into a temp dir). The page is the same
// sessions-en fixture with one image held SLOW_IMAGE_MS, served over HTTPS at Facebook's address
// from a loopback server as the end-to-end suite does (its certificate and prefs, from
// tests/e2e/firefox-harness.mjs). Each navigation goes through about:blank to a new fragment;
// the figure is when the page's own observer saw the warning's host (or the floor's element) added
// (SHOWN_WATCH_SCRIPT in bench/lib.mjs; ms since navigation start). Rounds
// alternate the order; a figure is the median of per-round ratios real / floor.
//
// With a second argument, a third session runs that other build of the extension (e.g. main's
// build/firefox copied aside) in the same rounds: its own row against the floor, and a row real / other.
//
//   node bench/navigation-firefox.mjs [rounds] [other build/firefox]
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXTENSION, POLL_MS, firefoxPrefs, makeCertificate, waitForFunctionInPage } from '../tests/e2e/firefox-harness.mjs';
import { STRICT_CSP, fixture } from '../tests/e2e/support.mjs';
import { Session, startGeckodriver } from '../tests/e2e/webdriver.mjs';
import { FLOOR_CONTENT_SCRIPT, SHOWN_WATCH_SCRIPT, progress, ratioSpread, showRatio, spread, writeResults } from './lib.mjs';

const ROUNDS = Number(process.argv[2] ?? 15);
const OTHER = process.argv[3];
const SLOW_IMAGE_MS = 300;
const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/lib/firefox-esr/firefox-esr';
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

const tempDir = mkdtempSync(join(tmpdir(), 'dlens-bench-firefox-nav-'));
const floorDir = join(tempDir, 'floor-addon');
mkdirSync(floorDir);
const real = JSON.parse(readFileSync(join(EXTENSION, 'manifest.json'), 'utf8'));
writeFileSync(
  join(floorDir, 'manifest.json'),
  JSON.stringify({
    manifest_version: 3,
    name: 'floor',
    version: '1',
    content_scripts: [{ matches: real.content_scripts.flatMap((s) => s.matches), js: ['floor.js'], run_at: 'document_end' }],
    browser_specific_settings: { gecko: { id: 'floor@bench.disclosure-lens.org', data_collection_permissions: { required: ['none'] } } },
  }),
);
writeFileSync(join(floorDir, 'floor.js'), FLOOR_CONTENT_SCRIPT);

const sessions = fixture('facebook/sessions-en.html');
const slowPage = sessions.html
  .replace('<head>', '<head><script src="/bench/watch.js"></script>')
  .replace('</body>', '<img src="/bench/slow-image.png" alt=""></body>');
const server = createHttpsServer(makeCertificate(tempDir), (request, response) => {
  const url = new URL(request.url, 'https://www.facebook.com');
  if (url.pathname === '/bench/watch.js') {
    response.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' }).end(SHOWN_WATCH_SCRIPT);
  } else if (url.pathname === '/bench/slow-image.png') {
    setTimeout(() => response.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'no-store' }).end(PNG), SLOW_IMAGE_MS);
  } else if (`${url.pathname}${url.search}` === `${new URL(sessions.url).pathname}${new URL(sessions.url).search}`) {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': STRICT_CSP, 'cache-control': 'no-store' }).end(slowPage);
  } else {
    response.writeHead(404).end();
  }
});
// Everything else Firefox tries goes to this refusing proxy (the suite's audit proxy, without the audit).
const refuse = createHttpServer((request, response) => response.writeHead(403).end());
refuse.on('connect', (request, socket) => socket.end('HTTP/1.1 403 Forbidden\r\n\r\n'));
const listen = (s) => new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve(s.address().port)));
const [fixturePort, auditPort] = await Promise.all([listen(server), listen(refuse)]);
const url = new URL(sessions.url);
url.port = String(fixturePort);

async function launch(addon, name) {
  const dir = join(tempDir, name);
  mkdirSync(dir);
  const geckodriver = await startGeckodriver({ env: { MOZ_DISABLE_NONLOCAL_CONNECTIONS: '1', TMPDIR: dir } });
  const session = await Session.create(geckodriver.url, { firefox: { binary: FIREFOX, args: ['-headless'], prefs: firefoxPrefs({ fixturePort, auditPort, addonUuid: randomUUID() }) } });
  await session.installTemporaryAddon(addon);
  return { session, geckodriver };
}

/** Goes through about:blank to `href` and returns when the warning (or the floor's element) was added. */
async function navigate({ session }, href) {
  await session.navigate('about:blank');
  await session.navigate(href);
  return session.executeAsync(`(timeoutMs, intervalMs) => (${waitForFunctionInPage})(() => window.__shownAt, [], timeoutMs, intervalMs)`, 60000, POLL_MS);
}

const browsers = [];
try {
  browsers.push(await launch(EXTENSION, 'real'), await launch(floorDir, 'floor'));
  if (OTHER) browsers.push(await launch(OTHER, 'other'));
  const [realBrowser, floorBrowser, otherBrowser] = browsers;
  const cases = {
    real: (round) => navigate(realBrowser, `${url.href}#real-${round}`),
    floor: (round) => navigate(floorBrowser, `${url.href}#floor-${round}`),
    ...(OTHER ? { other: (round) => navigate(otherBrowser, `${url.href}#other-${round}`) } : {}),
  };
  const names = Object.keys(cases);
  for (const run of Object.values(cases)) for (let i = 0; i < 2; i++) await run(-1 - i);
  const times = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    // The order rotates: each case goes first, second (and third) equally often.
    const order = names.map((_, i) => names[(i + round) % names.length]);
    for (const name of order) times[name].push(await cases[name](round));
  }
  const rows = [
    { target: '1', what: 'firefox: navigation -> warning / floor, warm background', ratio: ratioSpread(times.real, times.floor), numerator_ms: spread(times.real), denominator_ms: spread(times.floor), note: `sessions-en + one image held ${SLOW_IMAGE_MS} ms` },
    ...(OTHER
      ? [
          { target: '1', what: 'firefox: the other build, navigation -> warning / floor', ratio: ratioSpread(times.other, times.floor), numerator_ms: spread(times.other), denominator_ms: spread(times.floor), note: OTHER },
          { target: '1', what: 'firefox: navigation -> warning, this build / the other', ratio: ratioSpread(times.real, times.other), numerator_ms: spread(times.real), denominator_ms: spread(times.other), note: OTHER },
        ]
      : []),
  ];
  for (const row of rows) progress(`${row.what}: ${showRatio(row.ratio)}`);
  writeResults('navigation-firefox', {
    rows,
    method: `Firefox ${browsers[0].session.capabilities.browserVersion}: ${names.length} sessions (${names.join(", ")}) side by side; ${ROUNDS} rounds in rotating order after 2 untimed of each; median of per-round ratios (p10-p90)`,
  });
} finally {
  for (const { session, geckodriver } of browsers) {
    await session.delete().catch(() => {});
    await geckodriver.stop();
  }
  server.close();
  refuse.close();
  rmSync(tempDir, { recursive: true, force: true });
}
