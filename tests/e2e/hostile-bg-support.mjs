// What the background's hostile-page tests share in both browsers: the hostile fixtures, and code that
// runs inside the extension's content-script world, as a compromised or abused content script would.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './support.mjs';

/** The most a tab's stored report may take (background.js MAX_STORED_REPORT_BYTES). */
export const MAX_STORED_REPORT_BYTES = 1024 * 1024;

/** A hostile fixture (tests/fixtures/hostile/bg-*.html) and the address it is served at. */
export function hostileFixture(name, url) {
  return { html: readFileSync(join(ROOT, 'tests', 'fixtures', 'hostile', name), 'utf8'), url };
}

/** The flooding page, on a Facebook address: every Facebook page gets the content script. */
export const FLOOD = () => hostileFixture('bg-flood-labels.html', 'https://www.facebook.com/settings/?tab=flood');

/**
 * Runs in a content script's world: every request a content script could forge, and what the
 * background answered. `otherTabId` is a tab whose report the content script must not get.
 */
export async function forgeRequestsInContentWorld(otherTabId) {
  const api = globalThis.browser ?? globalThis.chrome;
  const ask = (message) => api.runtime.sendMessage(message).catch((error) => ({ thrown: String(error?.message ?? error) }));
  const read = async (area) => {
    try {
      return area ? Object.keys(await area.get(null)) : 'absent';
    } catch (error) {
      return `refused: ${error.message}`;
    }
  };
  return {
    session: await read(api.storage.session),
    local: await read(api.storage.local),
    otherReport: await ask({ type: 'get-report', tabId: otherTabId }),
    knowledgeBase: await ask({ type: 'get-knowledge-base' }),
    silenceAnotherHost: await ask({ type: 'silence-site', host: 'www.instagram.com' }),
    dismissUnknown: await ask({ type: 'dismiss', findingId: 'instagram.login_ip_log' }),
    dismissNotAString: await ask({ type: 'dismiss', findingId: { toString: 1 } }),
    snapshotOfAnotherSite: await ask({ type: 'classify', snapshot: JSON.stringify({ url: 'https://www.instagram.com/session/login_activity/', nodes: [{ tag: 'body' }] }) }),
    noType: await ask({ snapshot: {} }),
    // The page is no data-download page: the core offered no archive page there.
    openArchiveNotOffered: await ask({ type: 'open-archive' }),
    openArchiveElsewhere: await ask({ type: 'open-archive', url: 'https://example.com/' }),
  };
}

/**
 * Runs in a content script's world: sends `count` copies of a heavy snapshot of this page without
 * waiting, and records when each answer came back (Date.now) and whether it was a classification.
 */
export function floodClassifyInContentWorld(count) {
  const api = globalThis.browser ?? globalThis.chrome;
  const long = 'x'.repeat(480);
  const nodes = [{ tag: 'body' }];
  // 2,000 rows of text: within the limits, slow enough to classify that a queue forms.
  for (let i = 1; i < 2000; i++) nodes.push({ tag: 'div', parent: 0, text: `Row ${i} ${long}`, role: 'switch', checked: true, label: `Switch ${i} ${long}` });
  const snapshot = JSON.stringify({ url: location.href, lang: 'en', title: document.title, nodes, truncated: false });
  globalThis.floodAnswers = [];
  for (let i = 0; i < count; i++) {
    api.runtime.sendMessage({ type: 'classify', snapshot }).then(
      (answer) => globalThis.floodAnswers.push({ at: Date.now(), ok: answer?.ok === true, code: answer?.error?.code ?? null }),
      (error) => globalThis.floodAnswers.push({ at: Date.now(), ok: false, code: String(error) }),
    );
  }
  return count;
}

/** Runs in a content script's world: classifies this page once more and says when it was sent and answered. */
export async function classifyOnceInContentWorld() {
  const api = globalThis.browser ?? globalThis.chrome;
  const { snapshot } = globalThis.DisclosureLensExtract.takeSnapshot(document);
  const sent = Date.now();
  const answer = await api.runtime.sendMessage({ type: 'classify', snapshot: JSON.stringify(snapshot) });
  return { sent, answered: Date.now(), ok: answer?.ok === true, code: answer?.error?.code ?? null };
}

/** Runs in a content script's world, after floodClassifyInContentWorld(n): the flood's answers, once all `n` are in. */
export async function floodAnswersInContentWorld(n) {
  while (globalThis.floodAnswers.length < n) await new Promise((resolve) => setTimeout(resolve, 50));
  return globalThis.floodAnswers;
}

/**
 * Checks the flood's `answers` against the `genuine` tab's classification (classifyOnceInContentWorld):
 * it was answered, after at most one classification of the flood, and the flood's older snapshots were dropped.
 */
export function assertFloodWaitedFor(answers, genuine) {
  assert.ok(genuine.ok, `the genuine tab was classified: ${JSON.stringify(genuine)}`);
  // While the genuine request waits, one flood classification may run; one more may have finished
  // just before the request reached the background, its answer still on its way back to the page.
  // Without the per-tab queue, 11 of the 12 were answered in that window (in both browsers).
  // The exact order (at most the one running call before the genuine tab): tests/js/scheduler.test.mjs.
  const answeredMeanwhile = answers.filter((a) => a.ok && a.at > genuine.sent && a.at < genuine.answered).length;
  assert.ok(answeredMeanwhile <= 2, `the genuine tab waited while ${answeredMeanwhile} of the flood's classifications were answered`);
  assert.ok(answers.filter((a) => a.code === 'superseded').length > 0, 'older snapshots of the flooding tab were dropped');
}

/** UTF-8 bytes of a value's JSON. */
export const jsonBytes = (value) => Buffer.byteLength(JSON.stringify(value), 'utf8');

/** The badge for `count` warnings shown: empty when none. */
export const badgeText = (count) => (count > 0 ? String(count) : '');
