// Fills every element that has a data-i18n attribute with the _locales message it names, as text.
import './protocol.js';

const { api } = globalThis.DisclosureLens;

export const t = (key, ...substitutions) => api.i18n.getMessage(key, substitutions) || key;

export function localize(root = document) {
  document.documentElement.lang = api.i18n.getUILanguage();
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
}
