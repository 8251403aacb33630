// What the extension pages (popup, options, printable report, archive page) share: the user's state,
// the knowledge base and the interface strings in the user's chosen language.
import './protocol.js';
import './storage.js';
import './dom.js';

const { api, MESSAGE, send, translate } = globalThis.DisclosureLens;
export const Storage = globalThis.DisclosureLensStorage;
export const { element, newTabLink, addOnce } = globalThis.DisclosureLensDom;
export { api, MESSAGE, send };

/**
 * Loads what a page needs. `problem` is set when the stored state could not be read (it was reset, and
 * the unreadable copy kept) or belongs to a newer version of the extension (left untouched). The
 * language is the core's choice, as for a report: the user's, else `pageLanguage` (the language of the
 * page a report is about), else the browser's.
 */
export async function loadContext({ pageLanguage } = {}) {
  const { state, problem } = await Storage.load(api.storage.local);
  const [kbAnswer, stringsAnswer] = await Promise.all([send(MESSAGE.GET_KNOWLEDGE_BASE), send(MESSAGE.GET_STRINGS, { pageLanguage: pageLanguage ?? null })]);
  if (!kbAnswer.ok) throw new Error(kbAnswer.error?.message ?? 'no knowledge base');
  if (!stringsAnswer.ok) throw new Error(stringsAnswer.error?.message ?? 'no interface strings');
  const { language, strings } = stringsAnswer.value;
  const kb = kbAnswer.value;
  const t = (key, ...substitutions) => translate(strings, key, ...substitutions);
  /** A knowledge-base text in the chosen language, falling back to the first the vocabulary lists. */
  const text = (map) => map?.[language] ?? map?.[kb.vocabulary.languages[0]] ?? '';
  return { state, problem, language, kb, t, text };
}

/**
 * An option for each language the knowledge base is written in, named in its own words and, when that
 * is not the page's language, in the page's: "Español (Spanish)".
 */
export function languageOptions({ kb, language }) {
  const nameIn = (inLanguage, code) => new Intl.DisplayNames([inLanguage], { type: 'language' }).of(code);
  return kb.vocabulary.languages.map((code) => {
    const own = nameIn(code, code);
    const capitalised = own.charAt(0).toLocaleUpperCase(code) + own.slice(1);
    return element('option', { value: code, text: code === language ? capitalised : `${capitalised} (${nameIn(language, code)})` });
  });
}

/** The link to a checklist step's page, named by the site it opens ("Open on facebook.com"). */
export const stepLink = (t, step) => newTabLink(step.url, t('nextStepOpen', new URL(step.url).host));

/** Fills every element that has a data-i18n attribute with the string it names, and sets the page language. */
export function localize(t, language) {
  document.documentElement.lang = language;
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
}

/** Shows a stored-data problem in the page's #problem element, with a way to delete the unreadable copy. */
export function showProblem({ problem, t }) {
  if (!problem) return;
  const box = document.getElementById('problem');
  const message = element('span', { text: t(problem === 'newer_version' ? 'problemNewerVersion' : 'problemUnreadable') });
  const forget = element('button', {
    type: 'button',
    text: t('problemForget'),
    onclick: async () => {
      await Storage.forgetBackup(api.storage.local);
      box.hidden = true;
    },
  });
  box.replaceChildren(message, ...(problem === 'unreadable' ? [' ', forget] : []));
  box.hidden = false;
}

/** Progress through a platform's checklist: `{ done, total }`. */
export function progress(state, platform) {
  const done = platform.checklist.filter((step) => state.checklist[platform.id]?.[step.id]).length;
  return { done, total: platform.checklist.length };
}

/** A labelled progress bar. */
export function progressBar(t, { done, total }, label) {
  return element('div', { class: 'progress' }, [
    element('progress', { max: total, value: done, 'aria-label': label }),
    element('span', { text: t('progressCount', done, total) }),
  ]);
}

/** A readable name for a finding id (`platform.record`), from the knowledge base; the id itself otherwise. */
function findingName({ kb, text }, id) {
  const [platformId, recordId] = id.split('.');
  const platform = kb.platforms.find((p) => p.id === platformId);
  const record = kb.vocabulary.records.find((r) => r.id === recordId);
  return platform && record ? `${platform.name}: ${text(record.name)}` : id;
}

/**
 * The warnings the user dismissed and the sites they silenced, each with a button that brings it back.
 * Restoring saves at once; every open tab follows (the background sends it what to show).
 */
export function choicesView(context) {
  const { t, state } = context;
  const restore = (name, change) =>
    element('button', { type: 'button', class: 'restore', text: t('choicesRestore'), 'aria-label': t('choicesRestoreNamed', name), onclick: () => Storage.update(api.storage.local, change) });
  const item = (attribute, value, name, change) => element('li', { [attribute]: value }, [element('span', { text: name }), ' ', restore(name, change)]);
  const list = (id, items, none) => (items.length > 0 ? element('ul', { id, class: 'choices' }, items) : element('p', { id, class: 'muted', text: none }));
  const dismissed = state.dismissed.map((id) =>
    item('data-dismissed', id, findingName(context, id), (s) => {
      s.dismissed = s.dismissed.filter((d) => d !== id);
    }),
  );
  const silenced = state.silencedSites.map((host) =>
    item('data-silenced', host, host, (s) => {
      s.silencedSites = s.silencedSites.filter((h) => h !== host);
    }),
  );
  return element('section', { id: 'choices', 'aria-labelledby': 'choices-heading' }, [
    element('h2', { id: 'choices-heading', text: t('choicesTitle') }),
    element('h3', { text: t('choicesDismissed') }),
    list('dismissed', dismissed, t('choicesNoneDismissed')),
    element('h3', { text: t('choicesSilenced') }),
    list('silenced', silenced, t('choicesNoneSilenced')),
  ]);
}
