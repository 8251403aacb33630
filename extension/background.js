// The background: the only place the WebAssembly core runs (a strict page CSP blocks it in content
// scripts in Chromium). One source for Chrome's module service worker and Firefox's background script.
//
// Listeners are registered synchronously at the top level, so a restarted service worker still gets
// the message that woke it; each awaits `ready` before touching the core.
import init, { classify, gate, knowledgeBase } from './pkg/disclosure_lens.js';
import './protocol.js';
import './storage.js';

const { api, MESSAGE } = globalThis.DisclosureLens;
const Storage = globalThis.DisclosureLensStorage;

const ready = init({ module_or_path: api.runtime.getURL('pkg/disclosure_lens_bg.wasm') });

/** Reports are kept per tab in session storage, so they survive a service-worker restart but not the browser. */
const reportKey = (tabId) => `report:${tabId}`;

const failure = (code, message) => ({ ok: false, error: { code, message } });

/** The _locales tables, by language, read once from the extension's own files. */
const stringTables = new Map();
async function strings(language) {
  const lang = Storage.LANGUAGES.includes(language) && language !== 'auto' ? language : 'en';
  if (!stringTables.has(lang)) {
    const response = await fetch(api.runtime.getURL(`_locales/${lang}/messages.json`));
    stringTables.set(lang, await response.json());
  }
  return stringTables.get(lang);
}

/**
 * What the page, the badge and the popup show of `report`, given what the user chose: the ONE place
 * that decides it. (hostile-page's minimal version of the contract; hostile-bg owns this file.)
 */
function shownFor(report, state) {
  const host = URL.canParse(report.url) ? new URL(report.url).hostname : '';
  const silenced = state.silencedSites.includes(host) || state.settings.disabledPlatforms.includes(report.platform);
  return { silenced, findings: silenced ? [] : report.findings.filter((f) => !state.dismissed.includes(f.id)).map((f) => f.id) };
}

/** Tells every tab with a report what it now shows, after the user's choices changed. */
async function pushShown(rescan) {
  const { state } = await Storage.load(api.storage.local);
  const stored = await api.storage.session.get(null);
  for (const [key, report] of Object.entries(stored)) {
    if (!key.startsWith('report:') || !report) continue;
    const tabId = Number(key.slice('report:'.length));
    const shown = shownFor(report, state);
    await showCount(tabId, shown.findings.length);
    const message = rescan ? { type: MESSAGE.SHOW, report: null } : { type: MESSAGE.SHOW, report, strings: await strings(report.language), shown };
    api.tabs.sendMessage(tabId, message).catch(() => {});
  }
}

async function classifyForTab(snapshot, tabId) {
  await ready;
  const { state } = await Storage.load(api.storage.local);
  const { settings } = state;
  const options = {
    language: settings.language === 'auto' ? null : settings.language,
    ui_language: api.i18n.getUILanguage(),
    jurisdiction: settings.jurisdiction,
  };
  const outcome = classify(snapshot, options);
  if (!outcome?.ok) return outcome ?? failure('internal', 'The core gave no answer.');
  const report = outcome.value;
  await api.storage.session.set({ [reportKey(tabId)]: report });
  const shown = shownFor(report, state);
  await showCount(tabId, shown.findings.length);
  return { ok: true, value: { report, strings: await strings(report.language), shown } };
}

async function handle(message, sender) {
  switch (message?.type) {
    case MESSAGE.CLASSIFY: {
      const tabId = sender.tab?.id;
      if (tabId === undefined) return failure('bad_request', 'Only a page can ask for its own report.');
      return classifyForTab(message.snapshot, tabId);
    }
    case MESSAGE.GATE: {
      if (sender.tab?.id === undefined) return failure('bad_request', 'Only a page can ask the gate.');
      await ready;
      return gate(message.page);
    }
    case MESSAGE.DISMISS:
    case MESSAGE.SILENCE_SITE: {
      const report = (await api.storage.session.get(reportKey(sender.tab?.id)))[reportKey(sender.tab?.id)];
      if (!report) return failure('bad_request', 'Only a page with a report can dismiss or silence.');
      const host = new URL(report.url).hostname;
      await Storage.update(api.storage.local, (state) => {
        const [list, item] = message.type === MESSAGE.DISMISS ? [state.dismissed, String(message.findingId)] : [state.silencedSites, host];
        if (!list.includes(item)) list.push(item);
      });
      return { ok: true, value: null };
    }
    case MESSAGE.GET_REPORT: {
      const key = reportKey(message.tabId);
      const stored = await api.storage.session.get(key);
      return { ok: true, value: stored[key] ?? null };
    }
    case MESSAGE.GET_KNOWLEDGE_BASE:
      await ready;
      return knowledgeBase();
    case MESSAGE.GET_STRINGS:
      return { ok: true, value: await strings(message.language) };
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
// The user's choices changed (in a page, the popup or the options): every tab shows what they now say;
// a new language or jurisdiction needs new reports, which the pages make by reading themselves again.
api.storage.onChanged.addListener((changes, area) => {
  if (area !== 'local' || !changes[Storage.KEY]) return;
  const before = Storage.normalize(changes[Storage.KEY].oldValue).state.settings;
  const after = Storage.normalize(changes[Storage.KEY].newValue).state.settings;
  pushShown(before.language !== after.language || before.jurisdiction !== after.jurisdiction);
});
