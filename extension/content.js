// The content script: snapshots the page, asks the background for the report, and shows the warnings
// in the page. It only extracts, transports and renders; every judgement comes from the core.
//
// Warnings live in a shadow root and are built with DOM calls: page text is only ever set as text, and
// styles go in a <style> element made with createElement, which a strict page CSP still allows.
'use strict';

(() => {
  const { api, MESSAGE, HOST_TAG, send } = globalThis.DisclosureLens;
  const { takeSnapshot } = globalThis.DisclosureLensExtract;
  const t = (key, ...substitutions) => api.i18n.getMessage(key, substitutions);

  /** Re-scan at most this often while a single-page app keeps changing the DOM. */
  const RESCAN_INTERVAL_MS = 1500;
  /** Wait for the DOM to settle this long after the last change before re-scanning. */
  const SETTLE_MS = 400;

  const STYLE = `
    :host { all: initial; display: block; margin: 8px 0; }
    .warning { font: 14px/1.45 system-ui, sans-serif; color: #1d1d1f; background: #fff8e5;
      border: 1px solid #c98a00; border-left-width: 4px; border-radius: 6px; padding: 10px 12px; }
    .brand { font-weight: 600; font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: #7a5200; margin: 0 0 4px; }
    h2 { font-size: 15px; margin: 0 0 2px; }
    p { margin: 0 0 6px; }
    a { color: #0b57d0; }
    @media (prefers-color-scheme: dark) {
      .warning { color: #f5f5f7; background: #2b2410; border-color: #e0a526; }
      .brand { color: #f0c060; }
      a { color: #8ab4f8; }
    }
  `;

  function element(tag, props = {}, children = []) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (key === 'text') el.textContent = value;
      else el.setAttribute(key, value);
    }
    el.append(...children);
    return el;
  }

  function findingView(finding) {
    const sources = finding.sources.map((source) =>
      element('a', { href: source.url, target: '_blank', rel: 'noopener noreferrer', text: t('sourceLink', source.title) }),
    );
    return element('section', { class: 'finding', 'data-finding': finding.id }, [
      element('h2', { text: finding.title }),
      element('p', { class: 'text', text: finding.text }),
      ...sources.map((link) => element('p', {}, [link])),
    ]);
  }

  /** Where a warning goes: before its anchor element, else at the top of the page's main region. */
  function placeFor(finding, elements) {
    const anchor = finding.anchor === null || finding.anchor === undefined ? null : elements[finding.anchor];
    if (anchor?.isConnected) return anchor;
    return document.querySelector('main, [role="main"]')?.firstElementChild ?? document.body.firstElementChild;
  }

  function clearWarnings() {
    for (const host of document.querySelectorAll(HOST_TAG)) host.remove();
  }

  function render(report, elements) {
    clearWarnings();
    const byPlace = new Map();
    for (const finding of report.findings) {
      const place = placeFor(finding, elements);
      if (!place) continue;
      if (!byPlace.has(place)) byPlace.set(place, []);
      byPlace.get(place).push(finding);
    }
    for (const [place, findings] of byPlace) {
      const host = document.createElement(HOST_TAG);
      const root = host.attachShadow({ mode: 'open' });
      root.append(
        element('style', { text: STYLE }),
        element('div', { class: 'warning', role: 'note', 'aria-label': t('extName'), lang: report.language }, [
          element('p', { class: 'brand', text: t('extName') }),
          ...findings.map(findingView),
        ]),
      );
      // When the warning appeared, in ms since navigation started: read by the end-to-end timings.
      host.dataset.renderedAt = String(Math.round(performance.now()));
      place.before(host);
    }
  }

  let scanning = false;
  let lastScan = 0;
  let pending = null;

  async function scan() {
    if (scanning) return schedule();
    scanning = true;
    lastScan = Date.now();
    try {
      const { snapshot, elements } = takeSnapshot(document);
      const answer = await send(MESSAGE.CLASSIFY, { snapshot });
      if (answer.ok) render(answer.value, elements);
      else console.warn('Disclosure Lens:', answer.error?.message);
    } finally {
      scanning = false;
    }
  }

  /** Debounced and rate-limited: a page that changes constantly costs one scan per interval. */
  function schedule() {
    clearTimeout(pending);
    const wait = Math.max(SETTLE_MS, RESCAN_INTERVAL_MS - (Date.now() - lastScan));
    pending = setTimeout(scan, wait);
  }

  // Our own insertions and removals must not trigger a re-scan, or rendering would loop.
  const isOurs = (node) => node.localName === HOST_TAG;
  const ownChange = (mutation) =>
    mutation.target.closest?.(HOST_TAG) ||
    (mutation.type === 'childList' && [...mutation.addedNodes, ...mutation.removedNodes].every(isOurs));
  new MutationObserver((mutations) => {
    if (!mutations.every(ownChange)) schedule();
  }).observe(document.documentElement, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['aria-checked', 'checked', 'hidden', 'aria-hidden'] });

  scan();
})();
