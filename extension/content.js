// The content script: snapshots the page, asks the background for the report, and shows the warnings
// in the page, beside the rows and switches they are about. It only extracts, transports and renders;
// every judgement and every fact comes from the core.
//
// Warnings live in shadow roots and are built with DOM calls: page text is only ever set as text, and
// styles go in a <style> element made with createElement, which a strict page CSP still allows.
'use strict';

(() => {
  // Declared and injected on demand (the popup's "Scan this page") share one isolated world: run once.
  if (globalThis.DisclosureLensContentLoaded) return;
  globalThis.DisclosureLensContentLoaded = true;
  const { api, MESSAGE, HOST_TAG, send, translate } = globalThis.DisclosureLens;
  const { takeSnapshot } = globalThis.DisclosureLensExtract;
  const { element } = globalThis.DisclosureLensDom;

  /** Re-scan at most this often while a single-page app keeps changing the DOM. */
  const RESCAN_INTERVAL_MS = 1500;
  /** Wait for the DOM to settle this long after the last change before re-scanning. */
  const SETTLE_MS = 400;
  /** The record whose finding is marked on every session row. */
  const SESSION_RECORD = 'login_ip_log';

  const STYLE = `
    :host { all: initial; }
    :host([data-role="banner"]) { display: block; margin: 8px 0; }
    :host([data-role="marker"]) { display: inline-block; margin: 2px 6px; vertical-align: middle; }
    * { box-sizing: border-box; }
    .banner { font: 14px/1.45 system-ui, sans-serif; color: #1d1d1f; background: #fff8e5;
      border: 1px solid #a86f00; border-left-width: 4px; border-radius: 6px; padding: 10px 12px; }
    .brand { font-weight: 700; font-size: 12px; letter-spacing: .04em; color: #6b4500; margin: 0 0 6px; }
    .view { margin: 0 0 8px; }
    .view dl { display: flex; flex-wrap: wrap; gap: 2px 14px; margin: 4px 0 0; }
    .view dt { font-weight: 600; } .view dd { margin: 0 0 0 4px; }
    .view div { display: flex; }
    .finding { border-top: 1px solid #e3c98a; padding-top: 6px; margin-top: 6px; }
    h2 { font-size: 15px; margin: 0 0 2px; }
    p { margin: 0 0 6px; }
    .details { background: #fffdf6; border-radius: 4px; padding: 6px 8px; margin: 4px 0; }
    .details h3 { font-size: 13px; margin: 6px 0 2px; }
    .details ul { margin: 0; padding-left: 18px; }
    button { font: inherit; font-size: 13px; color: #1d1d1f; background: #fff; border: 1px solid #8a6d2f;
      border-radius: 4px; padding: 2px 8px; margin: 0 6px 0 0; cursor: pointer; }
    button:focus-visible, a:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
    a { color: #0b57d0; }
    .chip { display: inline-block; max-width: 36em; font: 12px/1.3 system-ui, sans-serif; color: #5c1a00; background: #ffe9dc;
      border: 1px solid #c2410c; border-radius: 10px; padding: 1px 8px; }
    @media (prefers-color-scheme: dark) {
      .banner { color: #f5f5f7; background: #2b2410; border-color: #e0a526; }
      .brand { color: #f0c060; } .finding { border-color: #5a4a20; }
      .details { background: #1f1a0c; }
      button { color: #f5f5f7; background: #3a3018; border-color: #e0a526; }
      a { color: #8ab4f8; }
      .chip { color: #ffd9c7; background: #3d1d0c; border-color: #f08c5a; }
    }
    @media (prefers-reduced-motion: reduce) { * { transition: none !important; animation: none !important; } }
  `;

  let strings = null;
  let lastReport = null;
  let lastElements = [];
  /** What the background decided to show: `{ silenced, findings: [ids] }`. */
  let shown = null;
  let nextId = 0;

  const t = (key, ...substitutions) => translate(strings, key, ...substitutions);

  /** A host element in the page with its own shadow root and styles. */
  function host(role, lang, children) {
    const h = document.createElement(HOST_TAG);
    h.dataset.role = role;
    const root = h.attachShadow({ mode: 'open' });
    const wrapper = element('div', { lang }, children);
    root.append(element('style', { text: STYLE }), wrapper);
    // When the warning appeared, in ms since navigation started: read by the end-to-end timings.
    h.dataset.renderedAt = String(Math.round(performance.now()));
    return h;
  }

  function whyView(finding, id) {
    const why = finding.why;
    const part = (heading, ...content) => [element('h3', { text: heading }), ...content];
    const processes = why.processes.length
      ? element('ul', {}, why.processes.map((p) => element('li', { text: `${p.name} (${p.statute}): ${p.about}` })))
      : element('p', { text: t('whyNotStated') });
    return element('div', { class: 'details', id, hidden: true }, [
      ...part(t('whyRecord'), element('p', { text: why.record })),
      ...(why.detail ? part(t('whyDetail'), element('p', { text: why.detail })) : []),
      ...part(t('whyProcess'), processes),
      ...(why.retention ? part(t('whyRetention'), element('p', { text: why.retention })) : []),
      ...part(t('whyNotice'), element('p', { text: why.notice })),
      ...part(
        t('whySources'),
        element('ul', {}, finding.sources.map((s) => element('li', {}, [element('a', { href: s.url, target: '_blank', rel: 'noopener noreferrer', text: s.title })]))),
      ),
      element('p', { text: t('whyReviewed', why.reviewed) }),
    ]);
  }

  function findingView(finding) {
    const detailsId = `dl-why-${nextId++}`;
    const details = whyView(finding, detailsId);
    const toggle = element('button', { type: 'button', class: 'why', 'aria-expanded': 'false', 'aria-controls': detailsId, text: t('whyButton') });
    toggle.addEventListener('click', () => {
      const open = toggle.getAttribute('aria-expanded') !== 'true';
      toggle.setAttribute('aria-expanded', String(open));
      details.hidden = !open;
    });
    const dismiss = element('button', { type: 'button', class: 'dismiss', text: t('dismiss'), onclick: (event) => event.isTrusted && send(MESSAGE.DISMISS, { findingId: finding.id }) });
    return element('section', { class: 'finding', 'data-finding': finding.id, 'data-severity': finding.severity }, [
      element('h2', { text: finding.title }),
      element('p', { class: 'text', text: finding.text }),
      details,
      element('p', { class: 'actions' }, [toggle, dismiss]),
    ]);
  }

  /** "What this page shows the platform keeps about your logins": the subpoena view, as the page states it. */
  function sessionsSummary(report) {
    const view = report.subpoena_view;
    // A zero means the page does not show it, not that the platform does not keep it.
    const count = (n) => (n > 0 ? String(n) : t('viewNotShown'));
    const item = (label, value) => element('div', {}, [element('dt', { text: label }), element('dd', { text: value })]);
    const span = view.first && view.last ? [item(t('viewSpan'), t('viewFromTo', view.first, view.last))] : [];
    return element('div', { class: 'view' }, [
      element('p', { class: 'view-title', text: t('viewTitle', report.platform_name) }),
      element('dl', {}, [
        item(t('viewSessions'), count(view.sessions)),
        item(t('viewIps'), count(view.ips)),
        item(t('viewPlaces'), count(view.places)),
        item(t('viewDevices'), count(view.devices)),
        ...span,
      ]),
    ]);
  }

  function banner(report, findings, withSummary) {
    const silence = element('button', { type: 'button', class: 'silence', text: t('silenceSite'), onclick: (event) => event.isTrusted && send(MESSAGE.SILENCE_SITE) });
    return host('banner', report.language, [
      element('div', { class: 'banner', role: 'region', 'aria-label': t('extName') }, [
        element('p', { class: 'brand', text: t('extName') }),
        ...(withSummary ? [sessionsSummary(report)] : []),
        ...findings.map(findingView),
        element('p', {}, [silence]),
      ]),
    ]);
  }

  const elementAt = (node) => (node === null || node === undefined ? null : lastElements[node]) ?? null;
  const mainRegion = () => document.querySelector('main, [role="main"]') ?? document.body;

  function clearWarnings() {
    for (const h of document.querySelectorAll(HOST_TAG)) h.remove();
  }

  function render() {
    clearWarnings();
    const report = lastReport;
    if (!report || !strings || !shown || shown.silenced) return;
    const findings = report.findings.filter((f) => shown.findings.includes(f.id));
    const sessionFinding = findings.find((f) => f.records.includes(SESSION_RECORD));
    const hasSessions = report.subpoena_view !== null && report.sessions.length > 0;

    // Findings grouped by the element they belong beside; unanchored ones go at the top of the main region.
    const groups = new Map();
    for (const finding of findings) {
      const anchor = elementAt(finding.anchor);
      const place = anchor?.isConnected ? anchor : mainRegion().firstElementChild;
      if (!place) continue;
      if (!groups.has(place)) groups.set(place, []);
      groups.get(place).push(finding);
    }
    let summaryShown = false;
    for (const [place, group] of groups) {
      const withSummary = hasSessions && !summaryShown && group.includes(sessionFinding);
      summaryShown ||= withSummary;
      place.before(banner(report, group, withSummary));
    }

    // A marker beside each known switch that creates records, worded for its state.
    for (const setting of report.settings) {
      const control = elementAt(setting.node);
      if (!setting.marker || !control?.isConnected) continue;
      control.after(host('marker', report.language, [element('span', { class: 'chip', role: 'note', 'data-setting': setting.id, text: setting.marker })]));
    }

    // A marker on every session row: what the platform keeps from that login.
    if (hasSessions && sessionFinding) {
      for (const session of report.sessions) {
        const row = elementAt(session.node);
        if (!row?.isConnected) continue;
        const text = sessionFinding.marker;
        row.append(host('marker', report.language, [element('span', { class: 'chip', role: 'note', text })]));
      }
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
      if (!answer.ok) {
        console.warn('Disclosure Lens:', answer.error?.message);
        return;
      }
      ({ report: lastReport, strings, shown } = answer.value);
      lastElements = elements;
      render();
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

  // The user's choices changed (a dismissal, a silenced site, the language): the background sends
  // what to show now. Only the extension itself can send this.
  api.runtime.onMessage.addListener((message, sender) => {
    if (sender.id !== api.runtime.id || sender.tab || message?.type !== MESSAGE.SHOW) return;
    ({ report: lastReport, strings, shown } = message);
    render();
  });

  scan();
})();
