// What the extension pages (popup, options, printable report) share: the user's state, the knowledge
// base and the interface strings in the user's chosen language.
import './protocol.js';
import './storage.js';
import './dom.js';

const { api, MESSAGE, send, translate } = globalThis.DisclosureLens;
export const Storage = globalThis.DisclosureLensStorage;
export const { element, addOnce } = globalThis.DisclosureLensDom;
export { api, MESSAGE, send };

/** The language to show: the user's choice, else `fallback` (e.g. the page's), else the browser's. */
export function chooseLanguage(setting, fallback) {
  if (setting !== 'auto') return setting;
  const candidates = [fallback, api.i18n.getUILanguage()].filter(Boolean).map((tag) => tag.slice(0, 2).toLowerCase());
  return candidates.find((lang) => Storage.LANGUAGES.includes(lang) && lang !== 'auto') ?? 'en';
}

/**
 * Loads what a page needs. `problem` is set when the stored state could not be read (it was reset, and
 * the unreadable copy kept) or belongs to a newer version of the extension (left untouched).
 */
export async function loadContext({ languageFallback } = {}) {
  const { state, problem } = await Storage.load(api.storage.local);
  const language = chooseLanguage(state.settings.language, languageFallback);
  const [kbAnswer, stringsAnswer] = await Promise.all([send(MESSAGE.GET_KNOWLEDGE_BASE), send(MESSAGE.GET_STRINGS, { language })]);
  if (!kbAnswer.ok) throw new Error(kbAnswer.error?.message ?? 'no knowledge base');
  const strings = stringsAnswer.ok ? stringsAnswer.value : {};
  const kb = kbAnswer.value;
  const t = (key, ...substitutions) => translate(strings, key, ...substitutions);
  /** A knowledge-base text in the chosen language, falling back to the first the vocabulary lists. */
  const text = (map) => map?.[language] ?? map?.[kb.vocabulary.languages[0]] ?? '';
  return { state, problem, language, kb, t, text };
}

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
