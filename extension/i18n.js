// Fills every element marked `data-i18n="key"` with the message `key` from _locales, as text.
import './protocol.js';

const { api } = globalThis.DisclosureLens;

export const t = (key, ...substitutions) => api.i18n.getMessage(key, substitutions) || key;

export function localize(root = document) {
  document.documentElement.lang = api.i18n.getUILanguage();
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
}
