// The hostile-page suite (issue 9, page side), written once and run in both real browsers by
// hostile-page-chromium.test.mjs and hostile-page-firefox.test.mjs through browsers.mjs.
//
// Every attack is a page script (tests/fixtures/hostile/page-*.html) appended to a copy of a corpus
// page, served at the platform's real address WITHOUT a CSP so that the script runs, as the
// platform's own scripts or an attacker's page on a supported host would. The test triggers the
// attack in the page's own world, then reads the warnings the way a person sees them (through the
// closed shadow roots, from outside the page: see the harnesses) and what the background stored.
//
// The driver is browsers.mjs's; the attacked pages are opened with `driver.open(url, html, { csp: false })`.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, fixture } from './support.mjs';

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const SESSIONS = 'facebook/sessions-en.html';
/** content.js MAX_REPAIRS_PER_MINUTE. */
const MAX_REPAIRS_PER_MINUTE = 6;

/** A corpus page with the attack scripts `names` (page-<name>.html) appended: `{ url, html, fx }`. */
export function hostilePage(corpusPath, ...names) {
  const fx = fixture(corpusPath);
  const scripts = ['common', ...names].map((name) => readFileSync(join(ROOT, 'tests', 'fixtures', 'hostile', `page-${name}.html`), 'utf8'));
  const html = fx.html.replace(/<\/body>/i, `${scripts.join('\n')}</body>`);
  if (html === fx.html) throw new Error(`${corpusPath} has no </body>`);
  return { url: fx.url, html, fx };
}

const banners = (list) => list.filter((w) => w.role === 'banner');
const texts = (list) => list.flatMap((w) => w.texts);

/** Opens `corpusPath` with the attacks and waits for its warnings; returns `{ url, fx, before }`. */
async function openAttacked(driver, corpusPath, ...names) {
  const page = hostilePage(corpusPath, ...names);
  const url = await driver.open(page.url, page.html, { csp: false });
  const before = await driver.waitForWarnings((list) => banners(list).length > 0);
  return { url, fx: page.fx, before };
}

export function hostilePageTests(test, driver, options = {}) {
  const t = (name, fn) => test(name, options, fn);

  t('synthetic clicks of a page script neither dismiss nor silence', async () => {
    const { before } = await openAttacked(driver, SESSIONS, 'synthetic-clicks');
    await driver.inPage(() => window.attack.clickEverything());
    await sleep(1000);
    const clicked = await driver.inPage(() => window.attack.results.clicked);
    assert.ok(clicked > 0, 'the attack clicked something');
    const { dismissed, silencedSites } = await driver.userState();
    assert.deepEqual({ dismissed, silencedSites }, { dismissed: [], silencedSites: [] }, 'nothing was dismissed or silenced');
    assert.deepEqual(texts(await driver.warnings()), texts(before), 'every warning is still shown');
  });

  t('a page can neither read nor reword the warnings', async () => {
    const { fx } = await openAttacked(driver, SESSIONS, 'read-and-reword');
    await driver.inPage(() => window.attack.readAndReword());
    const { stolen, hostText } = await driver.inPage(() => window.attack.results);
    assert.deepEqual(stolen, [], 'no shadow root of ours is reachable from the page');
    assert.doesNotMatch(hostText, /Facebook keeps|Disclosure Lens|subpoena/i, 'the hosts carry no readable text or attribute');
    await sleep(500);
    assert.deepEqual(texts(await driver.warnings()), fx.report.findings.map((f) => f.text), 'the wording is the core\'s');
  });

  t('a page that defines the old custom element name first still gets its warnings', async () => {
    const { fx, before } = await openAttacked(driver, SESSIONS, 'predefine-tag');
    assert.deepEqual(texts(before), fx.report.findings.map((f) => f.text));
  });

  t('a page that stops DOMContentLoaded (window and document, capture and bubble) still gets its warnings', async () => {
    const { fx, before } = await openAttacked(driver, SESSIONS, 'stop-dom-content-loaded');
    assert.ok((await driver.inPage(() => window.attack.results.stopped)) > 0, 'the page stopped the event');
    assert.deepEqual(texts(before), fx.report.findings.map((f) => f.text));
  });

  t('a warning the page removes is put back', async () => {
    const { before } = await openAttacked(driver, SESSIONS, 'remove');
    await driver.inPage(() => window.attack.removeStrangers());
    assert.ok((await driver.inPage(() => window.attack.results.removed)) > 0, 'the attack removed something');
    const after = await driver.waitForWarnings((list) => texts(list).length === texts(before).length, 5000);
    assert.deepEqual(texts(after), texts(before));
  });

  t('a page that keeps removing the warnings gets a bounded number of re-inserts, then the badge speaks', async () => {
    const { url, fx } = await openAttacked(driver, SESSIONS, 'remove');
    await driver.inPage(() => window.attack.keepRemoving());
    // Each repair draws every host again (banner and markers): the page removes them all each time.
    const hostsPerRender = (await driver.inPage(() => window.attack.results.removed)) || 1;
    await sleep(4000);
    const removed = await driver.inPage(() => window.attack.results.removed);
    await sleep(2000);
    assert.equal(await driver.inPage(() => window.attack.results.removed), removed, 'the extension stopped re-inserting: no fight loop');
    assert.ok(removed <= hostsPerRender * (MAX_REPAIRS_PER_MINUTE + 2), `at most ${MAX_REPAIRS_PER_MINUTE} repairs (removed ${removed}, ${hostsPerRender} a render)`);
    const report = await driver.report(url);
    assert.equal(report.findings.length, fx.report.findings.length, 'the report behind the badge and popup is intact');
    assert.equal(await driver.badge(url), String(fx.report.findings.length), 'the badge still counts the warnings');
  });

  for (const attack of ['stylesheet', 'inlineStyle', 'ancestorDisplay', 'ancestorOpacity', 'ancestorZeroSize']) {
    t(`a warning hidden by the page (${attack}) is shown again`, async () => {
      await openAttacked(driver, SESSIONS, 'hide');
      await driver.inPage((name) => window.attack.hide[name](), attack);
      const after = await driver.waitForWarnings((list) => banners(list).some((w) => w.visible && w.texts.length > 0), 5000);
      assert.ok(banners(after).some((w) => w.visible));
    });
  }

  t('a 50 MB text node and labels past the limit are cut before any work', async () => {
    const { url } = await openAttacked(driver, SESSIONS, 'huge-text');
    /** Median time (ms) of three snapshots by the packaged extractor, run in the page; and the last one. */
    const timeSnapshots = () =>
      driver.inPage((source) => {
        const scope = {};
        new Function('globalThis', source)(scope); // eslint-disable-line no-new-func
        const times = [];
        let snapshot;
        for (let i = 0; i < 3; i++) {
          const start = performance.now();
          ({ snapshot } = scope.DisclosureLensExtract.takeSnapshot(document));
          times.push(performance.now() - start);
        }
        const size = snapshot.nodes.reduce((n, node) => n + (node.text?.length ?? 0) + (node.label?.length ?? 0) + (node.value?.length ?? 0), 0);
        return { median: times.sort((a, b) => a - b)[1], size, truncated: snapshot.truncated };
      }, driver.extractor);
    const plain = await timeSnapshots();
    await driver.inPage(() => window.attack.addHugeText());
    const huge = await timeSnapshots();
    const ratio = huge.median / Math.max(plain.median, 0.1);
    console.log(`# ${driver.name}: snapshot with a 50 MB text node / without: ${huge.median.toFixed(1)} / ${plain.median.toFixed(1)} ms = ${ratio.toFixed(2)}x`);
    assert.ok(ratio < 10, `the 50 MB text node costs ${ratio.toFixed(1)} times a plain snapshot`);
    await driver.inPage(() => window.attack.addLongLabels());
    const labelled = await timeSnapshots();
    assert.ok(labelled.size <= 1000000, `text, labels and values together stay within MAX_TOTAL_TEXT: ${labelled.size}`);
    assert.equal(labelled.truncated, true);
    // And the extension itself still classifies the page.
    const report = await driver.report(url, (r) => r.partial === true, 10000);
    assert.ok(report.findings.length > 0);
  });

  t('a large page is read in short tasks; a change between two of them means a new read, never a mixed snapshot', async () => {
    // A page the gate keeps closed: the content script neither reads nor draws there, so the only
    // changes are the test's.
    const feed = fixture('facebook/feed-en.html');
    await driver.open(feed.url, feed.html, { csp: false });
    const result = await driver.inPage(async (source) => {
      const scope = {};
      new Function('globalThis', source)(scope); // eslint-disable-line no-new-func
      const { takeSnapshot, takeSnapshotInChunks } = scope.DisclosureLensExtract;
      // 15,000 more elements (under MAX_NODES): the first and the last say which version of the page they belong to.
      const rows = document.createElement('div');
      for (let i = 0; i < 15000; i++) rows.append(Object.assign(document.createElement('p'), { textContent: i === 0 || i === 14999 ? 'version 1' : `row ${i}` }));
      // First in the page: the first of them is read in the first task, the last in a later one.
      document.body.prepend(rows);
      const versions = (snapshot) => snapshot.nodes.filter((n) => /^version /.test(n.text ?? '')).map((n) => n.text);
      // Tasks the page ran while the snapshot was being read.
      let pageTasks = 0;
      const channel = new MessageChannel();
      let counting = true;
      channel.port1.onmessage = () => {
        pageTasks++;
        if (counting) channel.port2.postMessage(null);
      };
      channel.port2.postMessage(null);
      const chunked = await takeSnapshotInChunks(document, undefined, { budgetMs: 1 });
      counting = false;
      const whole = takeSnapshot(document).snapshot;
      // The page changes both ends at once, in its first task after the first part was read.
      setTimeout(() => {
        rows.firstChild.textContent = 'version 2';
        rows.lastChild.textContent = 'version 2';
      });
      const changed = (await takeSnapshotInChunks(document, undefined, { budgetMs: 1 })).snapshot;
      // A page that changes in every task is still read (the last attempt in one task).
      let ticking = true;
      const tick = () => {
        rows.children[1].textContent = String(performance.now());
        if (ticking) setTimeout(tick);
      };
      tick();
      const restless = (await takeSnapshotInChunks(document, undefined, { budgetMs: 1 })).snapshot;
      ticking = false;
      return { same: JSON.stringify(chunked.snapshot) === JSON.stringify(whole), pageTasks, nodes: whole.nodes.length, versions: versions(changed), restless: restless.nodes.length };
    }, driver.extractor);
    assert.equal(result.same, true, 'the snapshot read in parts equals the one read in one task');
    assert.ok(result.pageTasks > 2, `the page ran between the parts (${result.pageTasks} tasks)`);
    assert.ok(result.nodes > 15000 && result.nodes < 20000, `${result.nodes} nodes`);
    assert.deepEqual(result.versions, ['version 2', 'version 2'], 'one version of the page, the new one');
    assert.equal(result.restless, result.nodes);
  });

  t('a page that changes every 50 ms is still re-read', async () => {
    const { url, fx } = await openAttacked(driver, SESSIONS, 'ticking');
    const rows = fx.report.sessions.length;
    await driver.report(url, (r) => r.sessions.length === rows);
    await driver.inPage(() => window.attack.dropLastRow());
    const report = await driver.report(url, (r) => r.sessions.length === rows - 1, 6000);
    assert.equal(report.sessions.length, rows - 1);
  });

  t('a navigation that changes only the address is followed', async () => {
    const { url } = await openAttacked(driver, SESSIONS, 'navigate-silently');
    const next = new URL('/settings?tab=privacy', url).href;
    await driver.inPage((u) => window.attack.navigateSilently(u), next);
    const report = await driver.report(next, () => true, 6000);
    assert.equal(report.url, next);
  });

  t('replacing the root element does not stop re-reading', async () => {
    const { url, fx } = await openAttacked(driver, SESSIONS, 'replace-root');
    const rows = fx.report.sessions.length;
    await driver.inPage(() => window.attack.replaceRootWithoutLastRow());
    await driver.report(url, (r) => r.sessions.length === rows - 1, 6000);
    await driver.waitForWarnings((list) => list.filter((w) => w.role === 'marker').length === rows - 1, 6000);
    await driver.inPage(() => window.attack.dropLastRow());
    const report = await driver.report(url, (r) => r.sessions.length === rows - 2, 6000);
    assert.equal(report.sessions.length, rows - 2);
  });

  t('a feed page of a supported host is neither read nor watched', async () => {
    const feed = fixture('facebook/feed-en.html');
    assert.equal(feed.report.findings.length, 0, 'the core has nothing to say about the feed');
    const url = await driver.open(feed.url, feed.html, { csp: false });
    await sleep(2000);
    assert.equal((await driver.reports()).some((r) => r.url === url), false, 'the page was not read (no report)');
    assert.deepEqual(await driver.warnings(), []);
    // The same tab moving on to its sessions list, as a single-page app does: read at once.
    const next = fixture(SESSIONS);
    await driver.inPage(([html, u]) => {
      const fresh = new DOMParser().parseFromString(html, 'text/html');
      history.pushState({}, '', u);
      document.title = fresh.title;
      document.body.replaceWith(document.adoptNode(fresh.body));
    }, [next.html, new URL(new URL(next.url).pathname + new URL(next.url).search, url).href]);
    const report = await driver.report(new URL(new URL(next.url).pathname + new URL(next.url).search, url).href, () => true, 6000);
    assert.equal(report.page_kind, 'sessions');
    await driver.waitForWarnings((list) => banners(list).length > 0, 5000);
  });
}
