// Builds DOM with calls only (never innerHTML), for the content script and the extension pages alike:
// page-derived text can only ever become text.
// A classic script (content scripts cannot import modules): it defines `DisclosureLensDom`.
'use strict';

(() => {
  /**
   * `element('a', { href, text: 'Source', onclick }, [children])`: `text` sets textContent, `on<event>`
   * adds a listener, anything else is an attribute (`hidden: ''` makes a boolean attribute).
   */
  function element(tag, props = {}, children = []) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'text') el.textContent = value;
      else if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
      else el.setAttribute(key, value === true ? '' : String(value));
    }
    el.append(...children);
    return el;
  }

  /**
   * A link that opens in a new tab, giving the page it opens no hold on this one (no `window.opener`)
   * and no referrer: every link to a source or a platform's page is made here.
   */
  const newTabLink = (href, text, props = {}) => element('a', { ...props, href, target: '_blank', rel: 'noopener noreferrer', text });

  /** Adds `item` to `list` unless it is there already. */
  function addOnce(list, item) {
    if (!list.includes(item)) list.push(item);
  }

  globalThis.DisclosureLensDom = Object.freeze({ element, newTabLink, addOnce });
})();
