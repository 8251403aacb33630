// The background: the only place the WebAssembly core runs (a strict page CSP blocks it in content
// scripts in Chromium). One source for Chrome's module service worker and Firefox's background script.
//
// Listeners are registered synchronously at the top level, so a restarted service worker still gets
// the message that woke it; each awaits `ready` before touching the core.
import init, { classify } from './pkg/disclosure_lens.js';
import './protocol.js';

const { api, MESSAGE } = globalThis.DisclosureLens;

const ready = init({ module_or_path: api.runtime.getURL('pkg/disclosure_lens_bg.wasm') });

/** Reports are kept per tab in session storage, so they survive a service-worker restart but not the browser. */
const reportKey = (tabId) => `report:${tabId}`;

const failure = (code, message) => ({ ok: false, error: { code, message } });

async function handle(message, sender) {
  switch (message?.type) {
    case MESSAGE.CLASSIFY: {
      const tabId = sender.tab?.id;
      if (tabId === undefined) return failure('bad_request', 'Only a page can ask for its own report.');
      await ready;
      const outcome = classify(message.snapshot, { ui_language: api.i18n.getUILanguage() });
      if (!outcome?.ok) return outcome ?? failure('internal', 'The core gave no answer.');
      await api.storage.session.set({ [reportKey(tabId)]: outcome.value });
      await showCount(tabId, outcome.value.findings.length);
      return outcome;
    }
    case MESSAGE.GET_REPORT: {
      const key = reportKey(message.tabId);
      const stored = await api.storage.session.get(key);
      return { ok: true, value: stored[key] ?? null };
    }
    default:
      return failure('bad_request', `Unknown message type ${JSON.stringify(message?.type)}.`);
  }
}

async function showCount(tabId, count) {
  await api.action.setBadgeText({ tabId, text: count > 0 ? String(count) : '' });
  if (count > 0) await api.action.setBadgeBackgroundColor({ tabId, color: '#b3261e' });
}

api.runtime.onMessage.addListener((message, sender, sendResponse) => {
  handle(message, sender).then(sendResponse, (error) => sendResponse(failure('internal', String(error?.message ?? error))));
  return true;
});

// A tab that starts loading a new page no longer shows the old report.
api.tabs.onUpdated.addListener((tabId, change) => {
  if (change.status !== 'loading') return;
  api.storage.session.remove(reportKey(tabId));
  api.action.setBadgeText({ tabId, text: '' });
});
api.tabs.onRemoved.addListener((tabId) => api.storage.session.remove(reportKey(tabId)));
