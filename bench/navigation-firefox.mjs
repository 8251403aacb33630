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
// alternate the order; a figure is the median of per-round ratios real / floor. Beside it, the same
// ratio of the page's own DOMContentLoaded: what the content scripts cost the page before it is
// parsed (it caught content.js using the extension API at load at document_start: docs/performance.md).
//
// With a second argument, a third session runs that other build of the extension (e.g. main's
// build/firefox copied aside) in the same rounds: its own row against the floor, and a row real / other.
//
// `--stages` runs copies of the builds with marks added to content.js and background.js (see
// `withStageMarks`) and prints where each build's time goes, stage by stage (medians, p10-p90):
// content script start, the gate's look and round trip, extraction, the CLASSIFY trip (on the page
// thread, to the background, the background's handler, back) and the render. Stage times are measured
// inside one navigation, so they are steadier than the end-to-end ratio on a loaded machine; the
// marks add a little work, so use the ratios of a run without `--stages`. `--elements=N` serves the
// generated N-element account page (bench/pages.mjs) instead of the sessions fixture.
//
//   node bench/navigation-firefox.mjs [rounds] [other build/firefox] [--stages] [--elements=N]
import { randomUUID } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXTENSION, POLL_MS, firefoxPrefs, makeCertificate, waitForFunctionInPage } from '../tests/e2e/firefox-harness.mjs';
import { STRICT_CSP, fixture } from '../tests/e2e/support.mjs';
import { Session, startGeckodriver } from '../tests/e2e/webdriver.mjs';
import { FLOOR_CONTENT_SCRIPT, SHOWN_WATCH_SCRIPT, progress, ratioSpread, showRatio, spread, writeResults } from './lib.mjs';
import { accountPage } from './pages.mjs';

const flags = process.argv.slice(2).filter((a) => a.startsWith('--'));
const [rounds, OTHER] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const ROUNDS = Number(rounds ?? 15);
const STAGES = flags.includes('--stages');
const ELEMENTS = Number(flags.find((f) => f.startsWith('--elements='))?.split('=')[1] ?? 0);
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

/**
 * A copy of the extension at `dir` whose content script records when each stage ends (performance.now()
 * and Date.now(), to compare with the background's clock) and whose background says, in its CLASSIFY
 * answer, when it received the request and how long it worked on it. The content script writes the
 * marks into `data-dl-timing` on the root element once the warning is drawn. Fails if a place to mark
 * is not found (content.js or background.js changed).
 */
function withStageMarks(dir, name) {
  const copy = join(tempDir, `stages-${name}`);
  cpSync(dir, copy, { recursive: true });
  const edit = (file, edits) => {
    let text = readFileSync(join(copy, file), 'utf8');
    for (const [find, replace] of edits) {
      if (!find.test(text)) throw new Error(`--stages: ${find} not found in ${file} of ${dir}`);
      text = text.replace(find, replace);
    }
    writeFileSync(join(copy, file), text);
  };
  edit('content.js', [
    [/^( {2}const scanOnce = \(\) => scan\(\);)$/m, "  const T = { start: performance.now() };\n  const mark = (k) => { T[k] ??= performance.now(); T[k + '_d'] ??= Date.now(); };\n$1"],
    [/^( {4}const answer = await send\(MESSAGE\.GATE, \{ page \}\);)$/m, "    mark('gateSend');\n$1\n    mark('gateAnswer');"],
    [/^( {6}const \{ \w+, elements \} = await takeSnapshotInChunks\(document, hosts\);)$/m, "      mark('extractStart');\n$1\n      mark('extracted');"],
    [/^ {6}const answer = await (send\(MESSAGE\.CLASSIFY, [^\n]*\));$/m, "      const sending = $1;\n      mark('sent');\n      const answer = await sending;\n      mark('classifyAnswer');\n      T.bg ??= answer.value?.timing;"],
    [/^( {6}show\(answer\.value\);)$/m, "$1\n      mark('rendered');\n      document.documentElement.setAttribute('data-dl-timing', JSON.stringify(T));"],
  ]);
  edit('background.js', [
    [
      /^( {2})handle\(message, sender\)\.then\(sendResponse,/m,
      "$1const received = Date.now();\n$1const began = performance.now();\n$1handle(message, sender).then((answer) => {\n$1  if (message?.type === 'classify' && answer?.value) answer.value.timing = { received, busy: performance.now() - began, answered: Date.now() };\n$1  sendResponse(answer);\n$1},",
    ],
  ]);
  return copy;
}

/** Per build, the median (p10-p90) of each stage, in ms, from the marks of `withStageMarks`. */
function stageTable(marks) {
  const stages = {
    'content script start (since navigation start)': (t) => t.start,
    'the gate: look (title, headings)': (t) => t.gateSend - t.start,
    'the gate: round trip': (t) => t.gateAnswer - t.gateSend,
    'extraction (takeSnapshotInChunks)': (t) => t.extracted - t.extractStart,
    'CLASSIFY: on the page thread (JSON, send())': (t) => t.sent - t.extracted,
    'CLASSIFY: to the background (Date.now)': (t) => t.bg.received - t.sent_d,
    "CLASSIFY: the background's handler": (t) => t.bg.busy,
    'CLASSIFY: back to the page (Date.now)': (t) => t.classifyAnswer_d - t.bg.answered,
    'CLASSIFY: whole trip': (t) => t.classifyAnswer - t.extracted,
    'render (first task)': (t) => t.rendered - t.classifyAnswer,
  };
  return Object.fromEntries(Object.entries(stages).map(([stage, of]) => [stage, spread(marks.map(of))]));
}

const generated = ELEMENTS ? accountPage(ELEMENTS) : null;
const sessions = generated ? { url: generated.url, html: generated.html() } : fixture('facebook/sessions-en.html');
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

/**
 * Goes through about:blank to `href` and returns when the warning (or the floor's element) was added
 * (`shown`) and when the page's own DOMContentLoaded began (`domReady`), both in ms since navigation
 * start: a content script that ran before the page was parsed would show in the second; with
 * `--stages`, pushes the page's stage marks to `marks`.
 */
async function navigate({ session }, href, marks) {
  await session.navigate('about:blank');
  await session.navigate(href);
  const shown = await session.executeAsync(`(timeoutMs, intervalMs) => (${waitForFunctionInPage})(() => window.__shownAt, [], timeoutMs, intervalMs)`, 60000, POLL_MS);
  const domReady = await session.execute(`() => performance.getEntriesByType('navigation')[0].domContentLoadedEventStart`);
  if (STAGES && marks) {
    const timing = await session.executeAsync(`(timeoutMs, intervalMs) => (${waitForFunctionInPage})(() => document.documentElement.getAttribute('data-dl-timing'), [], timeoutMs, intervalMs)`, 60000, POLL_MS);
    marks.push(JSON.parse(timing));
  }
  return { shown, domReady };
}

const browsers = [];
try {
  browsers.push(await launch(STAGES ? withStageMarks(EXTENSION, 'real') : EXTENSION, 'real'), await launch(floorDir, 'floor'));
  if (OTHER) browsers.push(await launch(STAGES ? withStageMarks(OTHER, 'other') : OTHER, 'other'));
  const [realBrowser, floorBrowser, otherBrowser] = browsers;
  const marks = { real: [], other: [] };
  const cases = {
    real: (round) => navigate(realBrowser, `${url.href}#real-${round}`, round >= 0 ? marks.real : null),
    floor: (round) => navigate(floorBrowser, `${url.href}#floor-${round}`),
    ...(OTHER ? { other: (round) => navigate(otherBrowser, `${url.href}#other-${round}`, round >= 0 ? marks.other : null) } : {}),
  };
  const names = Object.keys(cases);
  for (const run of Object.values(cases)) for (let i = 0; i < 2; i++) await run(-1 - i);
  const times = Object.fromEntries(names.map((name) => [name, []]));
  const domReady = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    // The order rotates: each case goes first, second (and third) equally often.
    const order = names.map((_, i) => names[(i + round) % names.length]);
    for (const name of order) {
      const seen = await cases[name](round);
      times[name].push(seen.shown);
      domReady[name].push(seen.domReady);
    }
  }
  const rows = [
    { target: '1', what: 'firefox: navigation -> warning / floor, warm background', ratio: ratioSpread(times.real, times.floor), numerator_ms: spread(times.real), denominator_ms: spread(times.floor), note: `${ELEMENTS ? `${ELEMENTS}-element page` : 'sessions-en'} + one image held ${SLOW_IMAGE_MS} ms` },
    { target: '1', what: "firefox: the page's own DOMContentLoaded / floor's", ratio: ratioSpread(domReady.real, domReady.floor), numerator_ms: spread(domReady.real), denominator_ms: spread(domReady.floor), note: 'what the content scripts cost the page before it is parsed' },
    ...(OTHER
      ? [
          { target: '1', what: 'firefox: the other build, navigation -> warning / floor', ratio: ratioSpread(times.other, times.floor), numerator_ms: spread(times.other), denominator_ms: spread(times.floor), note: OTHER },
          { target: '1', what: 'firefox: navigation -> warning, this build / the other', ratio: ratioSpread(times.real, times.other), numerator_ms: spread(times.real), denominator_ms: spread(times.other), note: OTHER },
          { target: '1', what: "firefox: the page's own DOMContentLoaded, this build / the other", ratio: ratioSpread(domReady.real, domReady.other), numerator_ms: spread(domReady.real), denominator_ms: spread(domReady.other), note: OTHER },
        ]
      : []),
  ];
  for (const row of rows) progress(`${row.what}: ${showRatio(row.ratio)}`);
  const stages = STAGES ? Object.fromEntries(Object.entries(marks).filter(([, m]) => m.length).map(([name, m]) => [name, stageTable(m)])) : undefined;
  for (const [name, table] of Object.entries(stages ?? {})) {
    progress(`stages, ${name === 'real' ? 'this build' : OTHER}:`);
    for (const [stage, s] of Object.entries(table)) progress(`  ${stage.padEnd(48)} ${s.median.toFixed(1).padStart(7)} (${s.p10.toFixed(1)}-${s.p90.toFixed(1)})`);
  }
  // A run with marks or another page is not the table's figure: its results go beside it.
  writeResults(`navigation-firefox${STAGES ? '-stages' : ''}${ELEMENTS ? `-${ELEMENTS}` : ''}`, {
    rows,
    method: `Firefox ${browsers[0].session.capabilities.browserVersion}: ${names.length} sessions (${names.join(', ')}) side by side; ${ROUNDS} rounds in rotating order after 2 untimed of each; median of per-round ratios (p10-p90)${STAGES ? '; with stage marks (--stages)' : ''}${ELEMENTS ? `; the ${ELEMENTS}-element page` : ''}`,
    stages,
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
