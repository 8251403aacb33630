// The background: the only place the WebAssembly core runs (a strict page CSP blocks it in content
// scripts in Chromium). One source for Chrome's module service worker and Firefox's background script.
//
// It trusts no message: every request is checked for who sent it (a tab's content script, about that
// tab only; or one of the extension's own pages) and for its shape, and refused with an error value
// otherwise. A content script's tab id and host name come from the browser's `sender`, never from its
// message; only the extension's own pages may name a tab (GET_REPORT).
//
// Listeners are registered synchronously at the top level, so a restarted service worker still gets
// the message that woke it; each awaits `ready` before touching the core.
import init, { chooseLanguage, classify, gate, knowledgeBase, loadData, warmUp } from './pkg/disclosure_lens.js';
import './protocol.js';
import './storage.js';
import './dom.js';
import { createScheduler } from './scheduler.js';

const { api, MESSAGE } = globalThis.DisclosureLens;
const Storage = globalThis.DisclosureLensStorage;
const { addOnce } = globalThis.DisclosureLensDom;

// The module, then its data file (the knowledge base, rules and figures), fetched side by side from
// the extension's own files: the package holds the data once, beside both modules (src/data_file.rs).
const ready = Promise.all([
  init({ module_or_path: api.runtime.getURL('pkg/disclosure_lens_bg.wasm') }),
  fetch(api.runtime.getURL('pkg/disclosure_lens_data.bin')).then((response) => response.arrayBuffer()),
]).then(([, data]) => {
  const loaded = loadData(new Uint8Array(data));
  if (!loaded.ok) throw new Error(loaded.error.message);
});
// A cold first classify cost about nine times a warm one (reading the knowledge base, building the
// rules' automaton, first-run code): pay it once the module is loaded, in a task of its own, so the
// gate that a waking message may be waiting for answers first.
// A module that failed to load is answered by every listener that awaits `ready`.
ready.then(() => setTimeout(warmUp, 0)).catch(() => {});

/** Reports are kept per tab in session storage, so they survive a service-worker restart but not the browser. */
const reportKey = (tabId) => `report:${tabId}`;
const REPORT_PREFIX = reportKey('');
/** The most a tab's stored report may take (UTF-8 bytes of its JSON); past it, the page's own rows are left out. */
const MAX_STORED_REPORT_BYTES = 1024 * 1024;
/** The longest finding id a DISMISS may name (ids are `platform.record`). */
const MAX_FINDING_ID = 200;

const failure = (code, message) => ({ ok: false, error: { code, message } });

/** The _locales tables, by language (one the core chose), read once from the extension's own files. */
const stringTables = new Map();
async function strings(language) {
  if (!stringTables.has(language)) {
    const response = await fetch(api.runtime.getURL(`_locales/${language}/messages.json`));
    stringTables.set(language, await response.json());
  }
  return stringTables.get(language);
}

/**
 * What the user sees of `report`: the one decision behind the page's warnings, the badge count and
 * the popup. Nothing is shown on a silenced site or a platform the user switched off; dismissed
 * warnings are left out.
 */
function decideShown(report, state) {
  const host = hostOf(report.url);
  const silenced = state.silencedSites.includes(host) || state.settings.disabledPlatforms.includes(report.platform);
  const findings = silenced ? [] : report.findings.map((f) => f.id).filter((id) => !state.dismissed.includes(id));
  return { silenced, findings };
}

/** `url` parsed, or null when it is not one: senders' and snapshots' addresses are not trusted to parse. */
function parsedUrl(url) {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

const hostOf = (url) => parsedUrl(url)?.hostname ?? '';

/** The tab's toolbar badge: how many findings its page shows. */
async function showCount(tabId, shown) {
  const count = shown.findings.length;
  try {
    await api.action.setBadgeText({ tabId, text: count > 0 ? String(count) : '' });
    if (count > 0) await api.action.setBadgeBackgroundColor({ tabId, color: '#b3261e' });
  } catch {
    // The tab closed while its page was being classified, and its report was stored after the close
    // dropped the old one: nothing to show there, nothing to keep; the other tabs are updated all the same.
    forgetReport(tabId);
  }
}

// --- Who may ask what --------------------------------------------------------------------------------

const extensionOrigin = new URL(api.runtime.getURL('')).origin;

/** A page of this extension (popup, options, report, archive), wherever it is open. */
function fromExtensionPage(sender) {
  const url = parsedUrl(sender.url);
  return sender.id === api.runtime.id && url !== null && url.hostname !== '' && url.origin === extensionOrigin;
}

/** This extension's content script in the top frame of a tab, in a document that is still shown. */
function fromContentScript(sender) {
  return (
    sender.id === api.runtime.id &&
    Number.isInteger(sender.tab?.id) &&
    sender.tab.id >= 0 &&
    (sender.frameId ?? 0) === 0 &&
    // Chrome says when a message comes from a page being left or kept in the back-forward cache.
    (sender.documentLifecycle ?? 'active') === 'active' &&
    /^https?:$/.test(parsedUrl(sender.url)?.protocol ?? '')
  );
}

const isPlainObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Every request: who may send it and which fields it has. `fields` maps a field name to a check that
 * returns an error text, or null when the value is sound; no other field is accepted.
 */
const REQUESTS = {
  [MESSAGE.CLASSIFY]: {
    from: fromContentScript,
    // Its page is checked once the core has read it (classifyForTab): the address is inside the text.
    fields: { snapshot: (v) => (typeof v === 'string' ? null : 'snapshot must be the JSON text of a snapshot') },
  },
  [MESSAGE.DISMISS]: {
    from: fromContentScript,
    fields: { findingId: (v) => (typeof v === 'string' && v.length > 0 && v.length <= MAX_FINDING_ID ? null : 'findingId must be a short string') },
  },
  [MESSAGE.SILENCE_SITE]: { from: fromContentScript, fields: {} },
  [MESSAGE.OPEN_ARCHIVE]: { from: fromContentScript, fields: {} },
  [MESSAGE.GATE]: {
    from: fromContentScript,
    fields: { page: (v) => (isPlainObject(v) && typeof v.url === 'string' ? null : 'page must be an object with a url') },
  },
  [MESSAGE.GET_REPORT]: {
    from: fromExtensionPage,
    fields: { tabId: (v) => (Number.isInteger(v) && v >= 0 ? null : 'tabId must be a tab id') },
  },
  [MESSAGE.GET_KNOWLEDGE_BASE]: { from: fromExtensionPage, fields: {} },
  [MESSAGE.GET_STRINGS]: {
    from: fromExtensionPage,
    fields: { pageLanguage: (v) => (v === null || v === undefined || (typeof v === 'string' && v.length <= 35) ? null : 'pageLanguage must be a language tag or null') },
  },
};

/** Null when `message` may be handled, else the failure to answer. */
function refusal(message, sender) {
  if (!isPlainObject(message)) return failure('bad_request', 'A request must be an object with a type.');
  const request = Object.hasOwn(REQUESTS, message.type) ? REQUESTS[message.type] : undefined;
  if (!request) return failure('bad_request', `Unknown message type ${JSON.stringify(String(message.type)).slice(0, 80)}.`);
  if (!request.from(sender)) return failure('forbidden', `A ${message.type} request is not accepted from this sender.`);
  for (const key of Object.keys(message)) {
    if (key !== 'type' && !Object.hasOwn(request.fields, key)) return failure('bad_request', `A ${message.type} request has no field ${JSON.stringify(key).slice(0, 80)}.`);
  }
  for (const [key, check] of Object.entries(request.fields)) {
    const problem = check(message[key]);
    if (problem) return failure('bad_request', `${message.type}: ${problem}.`);
  }
  return null;
}

// --- Classification: one at a time, fair between tabs ------------------------------------------------

/**
 * Each tab's navigation count, bumped when the tab starts showing another document: a report computed
 * for a document the tab has left is thrown away.
 */
const navigations = new Map();
const navigationOf = (tabId) => navigations.get(tabId) ?? 0;

/**
 * The latest snapshot each tab sent (its JSON text), for classifying it again when the language or law
 * changes. Only of a page within every limit, and no longer than such a page writes, so what stays in
 * memory is bounded; a page cut at a limit keeps its report in the old language until its next scan.
 */
const lastSnapshots = new Map();
/**
 * The longest JSON text a page within every limit writes: at most 1,000,000 characters of text, each
 * at most 6 once escaped (`\u0001`), and 20,000 nodes' names, numbers and punctuation.
 */
const MAX_KEPT_SNAPSHOT_CHARS = 8 * 1024 * 1024;

function keepSnapshot(tabId, snapshot, report) {
  if (report.partial || snapshot.length > MAX_KEPT_SNAPSHOT_CHARS) lastSnapshots.delete(tabId);
  else lastSnapshots.set(tabId, snapshot);
}

const scheduler = createScheduler({
  serve: classifyForTab,
  superseded: () => failure('superseded', 'A newer snapshot of this page replaced this one.'),
  failed: (error) => failure('internal', String(error?.message ?? error)),
});

/**
 * The user's choices, read from storage.local once and kept (Storage.keptLoader): every page's
 * classification needs them, and reading them each time was a read of IndexedDB in Firefox. Forgotten
 * at every change (storage.onChanged below) and after each write of our own (`remember`). The pages'
 * requests (GET_REPORT, GET_STRINGS) read storage itself: a page that has just saved a choice asks at
 * once, possibly before this background hears of the change.
 */
const userState = Storage.keptLoader(api.storage.local);

/** The core's options from the user's settings. */
function coreOptions(state) {
  return {
    language: state.settings.language === 'auto' ? null : state.settings.language,
    ui_language: api.i18n.getUILanguage(),
    jurisdiction: state.settings.jurisdiction,
    member_state: state.settings.memberState ?? null,
    // The scan time, on the reader's clock: relative and yearless session times are placed against it.
    now: Date.now(),
    utc_offset_minutes: -new Date().getTimezoneOffset(),
  };
}

async function classifyForTab(tabId, { snapshot, origin, navigation }, answer) {
  await ready;
  const { state } = await userState.load();
  const outcome = classify(snapshot, coreOptions(state));
  if (!outcome?.ok) return outcome ?? failure('internal', 'The core gave no answer.');
  const report = outcome.value;
  // The page is described at its own origin: a snapshot cannot speak for another site.
  if (parsedUrl(report.url)?.origin !== origin) return failure('forbidden', 'A snapshot must be of the page that sends it.');
  if (navigation !== navigationOf(tabId)) return failure('navigated', 'The tab has left this page.');
  keepSnapshot(tabId, snapshot, report);
  const shown = decideShown(report, state);
  // The page's warning does not wait for the report to be stored nor for the badge (about 5 ms in
  // Firefox); until it is stored, the report is read from `reportsBeingStored`. The next classification
  // does: a tab that floods the background cannot pile up stores.
  answer({ ok: true, value: { report, strings: await strings(report.language), shown } });
  await publish(tabId, navigation, report, shown).catch((error) => console.warn(`Disclosure Lens: the report of tab ${tabId} could not be kept:`, error?.message ?? error));
  return undefined;
}

/** Reports that storage.session refused (quota), kept in memory instead while the background runs. */
const unstoredReports = new Map();
/** Each tab's report from when it is made until storage.session holds it. */
const reportsBeingStored = new Map();

/** Stores the tab's report and sets its badge, unless the tab has left the page meanwhile. */
async function publish(tabId, navigation, report, shown) {
  reportsBeingStored.set(tabId, report);
  try {
    // A task later: the answer is on its way before the store copies the report.
    await new Promise((resolve) => setTimeout(resolve, 0));
    await keepReport(tabId, report);
  } finally {
    if (reportsBeingStored.get(tabId) === report) reportsBeingStored.delete(tabId);
  }
  // The tab may have navigated while the report was stored.
  if (navigation !== navigationOf(tabId)) {
    unstoredReports.delete(tabId);
    await api.storage.session.remove(reportKey(tabId));
    return;
  }
  await showCount(tabId, shown);
}

/**
 * Stores the tab's report for the popup. A report too large to keep whole loses the page's own rows
 * (the popup does not show them); a store that fails (quota) is logged, the report kept in memory,
 * and the warning drawn anyway.
 */
async function keepReport(tabId, report) {
  const bytes = new TextEncoder().encode(JSON.stringify(report)).length;
  const kept = bytes <= MAX_STORED_REPORT_BYTES ? report : { ...report, sessions: [], settings: [], partial: true };
  try {
    await api.storage.session.set({ [reportKey(tabId)]: kept });
    unstoredReports.delete(tabId);
  } catch (error) {
    console.warn(`Disclosure Lens: the report of tab ${tabId} could not be stored:`, error?.message ?? error);
    unstoredReports.set(tabId, kept);
    await api.storage.session.remove(reportKey(tabId)).catch(() => {});
  }
}

// --- Requests ----------------------------------------------------------------------------------------

async function handle(message, sender) {
  const refused = refusal(message, sender);
  if (refused) return refused;
  switch (message.type) {
    case MESSAGE.CLASSIFY:
      return scheduler.submit(sender.tab.id, { snapshot: message.snapshot, origin: parsedUrl(sender.url)?.origin, navigation: navigationOf(sender.tab.id) });
    case MESSAGE.DISMISS: {
      const report = await storedReport(sender.tab.id);
      if (!report?.findings.some((f) => f.id === message.findingId)) return failure('bad_request', 'That warning is not shown in this tab.');
      return remember((state) => addOnce(state.dismissed, message.findingId));
    }
    case MESSAGE.GATE:
      // The core's cheap look (address, title, headings, a password field): whether the page is
      // worth reading at all. The content script extracts and observes only when it opens.
      await ready;
      return gate(message.page);
    case MESSAGE.SILENCE_SITE: {
      const host = hostOf(sender.url);
      return remember((state) => addOnce(state.silencedSites, host));
    }
    case MESSAGE.OPEN_ARCHIVE: {
      const report = await storedReport(sender.tab.id);
      if (!report?.offer_archive) return failure('bad_request', 'This tab offers no archive page.');
      await api.tabs.create({ url: api.runtime.getURL('archive.html'), openerTabId: sender.tab.id });
      return { ok: true, value: null };
    }
    case MESSAGE.GET_REPORT: {
      const report = await storedReport(message.tabId);
      if (!report) return { ok: true, value: null };
      const { state } = await Storage.load(api.storage.local);
      return { ok: true, value: { report, shown: decideShown(report, state) } };
    }
    case MESSAGE.GET_KNOWLEDGE_BASE:
      await ready;
      return knowledgeBase();
    case MESSAGE.GET_STRINGS: {
      await ready;
      const { state } = await Storage.load(api.storage.local);
      const chosen = chooseLanguage(coreOptions(state), message.pageLanguage ?? null);
      if (!chosen?.ok) return chosen ?? failure('internal', 'The core gave no answer.');
      return { ok: true, value: { language: chosen.value, strings: await strings(chosen.value) } };
    }
    default:
      return failure('bad_request', 'Unhandled message type.');
  }
}

async function storedReport(tabId) {
  if (reportsBeingStored.has(tabId)) return reportsBeingStored.get(tabId);
  const stored = await api.storage.session.get(reportKey(tabId));
  return stored[reportKey(tabId)] ?? unstoredReports.get(tabId) ?? null;
}

/** Every tab's report, stored, being stored or kept in memory: [tabId, report] pairs. */
async function allReports() {
  const stored = await api.storage.session.get(null);
  const reports = new Map(
    Object.entries(stored)
      .filter(([key]) => key.startsWith(REPORT_PREFIX))
      .map(([key, report]) => [Number(key.slice(REPORT_PREFIX.length)), report]),
  );
  for (const [tabId, report] of [...unstoredReports, ...reportsBeingStored]) reports.set(tabId, report);
  return [...reports];
}

async function remember(change) {
  const { saved } = await Storage.update(api.storage.local, change);
  userState.forget();
  return saved ? { ok: true, value: null } : failure('read_only', 'Settings from a newer version of the extension are left untouched.');
}

api.runtime.onMessage.addListener((message, sender, sendResponse) => {
  handle(message, sender).then(sendResponse, (error) => sendResponse(failure('internal', String(error?.message ?? error))));
  return true;
});

// --- When the user's choices change, every tab follows ----------------------------------------------

api.storage.onChanged.addListener((changes, area) => {
  if (area !== 'local') return;
  if (changes[Storage.KEY] || changes[Storage.BACKUP_KEY]) userState.forget();
  if (!changes[Storage.KEY]) return;
  const before = Storage.normalize(changes[Storage.KEY].oldValue).state.settings;
  const after = Storage.normalize(changes[Storage.KEY].newValue).state.settings;
  // A member state never chosen is stored as absent, and as null once the options page has saved.
  const reclassify = before.language !== after.language || before.jurisdiction !== after.jurisdiction || (before.memberState ?? null) !== (after.memberState ?? null);
  showEverywhere(reclassify).catch((error) => console.warn('Disclosure Lens: could not update the open tabs:', error?.message ?? error));
});

/** Sends each tab with a report what it now shows (SHOW), and sets its badge; a new language or law needs a new report. */
async function showEverywhere(reclassify) {
  const { state } = await userState.load();
  for (const [tabId, report] of await allReports()) {
    const snapshot = lastSnapshots.get(tabId);
    if (reclassify && snapshot) {
      const answer = await scheduler.submit(tabId, { snapshot, origin: parsedUrl(report.url)?.origin, navigation: navigationOf(tabId) });
      if (answer.ok) await tellTab(tabId, answer.value);
      continue;
    }
    if (reclassify) {
      // No snapshot kept (the worker restarted, or the page was cut at a limit): the page reads itself again.
      await tellTab(tabId, { report: null });
      continue;
    }
    const shown = decideShown(report, state);
    await showCount(tabId, shown);
    await tellTab(tabId, { report, strings: await strings(report.language), shown });
  }
}

async function tellTab(tabId, value) {
  try {
    await api.tabs.sendMessage(tabId, { type: MESSAGE.SHOW, ...value }, { frameId: 0 });
  } catch {
    // No content script listens there any more (the tab navigated or closed): nothing to update.
  }
}

// --- A tab that shows another page, or closes, no longer shows the old report -----------------------

/** Drops what the background keeps of the tab's last report. */
function forgetReport(tabId) {
  lastSnapshots.delete(tabId);
  unstoredReports.delete(tabId);
  reportsBeingStored.delete(tabId);
  api.storage.session.remove(reportKey(tabId));
}

api.tabs.onUpdated.addListener((tabId, change) => {
  if (change.status !== 'loading') return;
  navigations.set(tabId, navigationOf(tabId) + 1);
  forgetReport(tabId);
  scheduler.cancel(tabId, failure('navigated', 'The tab has left this page.'));
  api.action.setBadgeText({ tabId, text: '' });
});
api.tabs.onRemoved.addListener((tabId) => {
  navigations.delete(tabId);
  forgetReport(tabId);
  scheduler.close(tabId, failure('navigated', 'The tab is closed.'));
});

// Content scripts cannot read the reports (Chrome's default for storage.session, made explicit here;
// Firefox does not offer storage.session to content scripts at all), nor the user's choices where the
// browser lets storage.local be closed to them (Chrome; Firefox cannot, so there the background's
// message checks are the only guard). The content script needs neither: the background answers it.
for (const area of [api.storage.session, api.storage.local]) {
  Promise.resolve(area.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' })).catch((error) => console.warn('Disclosure Lens: could not close storage to content scripts:', error?.message ?? error));
}
