// The content script: asks the core's gate whether the page could be one it has something to say
// about, and only then snapshots the page, asks the background for the report, and shows the
// warnings beside the rows and switches they are about. It only extracts, transports and renders;
// every judgement and every fact comes from the core, and what is shown is what the background says.
//
// The page is an adversary (docs/hostile-pages.md):
// - warnings live in CLOSED shadow roots on plain <div>/<span> hosts (no custom element name to
//   pre-empt, no attribute or mark on a page where nothing is shown); the hosts are known by a
//   WeakSet, which the extractor skips;
// - the hosts' styles are pinned with !important, inline and from inside the shadow root; a warning
//   removed, moved out or hidden is drawn again where it can be seen, at most MAX_REPAIRS_PER_MINUTE
//   times, after which the badge and the popup are the source of truth;
// - only trusted clicks dismiss or silence, and they are messages to the background, which decides;
// - re-reading cannot be starved (a debounce with a maximum wait) nor stopped (the observer is on
//   the document, and the address is compared on a timer whatever the page does to its DOM).
//
// Warnings are built with DOM calls: page text is only ever set as text, and styles go in a <style>
// element made with createElement, which a strict page CSP still allows.
'use strict';

(() => {
  // Declared and injected on demand share one isolated world. A second run is the popup's "Scan this
  // page" on a page whose declared script is already here (its gate may have kept it idle): read once.
  if (globalThis.DisclosureLensContent) {
    globalThis.DisclosureLensContent.scanOnce();
    return;
  }
  const { api, MESSAGE, LIMITS, send, shownCounts, snapshotJson, translate } = globalThis.DisclosureLens;
  const { takeSnapshotInChunks, boundedText, yieldToPage, onlyOurs } = globalThis.DisclosureLensExtract;
  const { element, newTabLink } = globalThis.DisclosureLensDom;

  /** Re-scan at most this often while a single-page app keeps changing the DOM. */
  const RESCAN_INTERVAL_MS = 1500;
  /** Wait for the DOM to settle this long after the last change before re-scanning... */
  const SETTLE_MS = 400;
  /** ...but never longer than this after the first change not yet read: a ticking page is still read. */
  const MAX_WAIT_MS = 2000;
  /** How often the address is compared with the last one. */
  const ADDRESS_CHECK_MS = 250;
  /**
   * While the gate is closed, how often the title and headings are looked at again (src/classify/gate.rs):
   * every 2 s at first, then, each time they changed and the gate stayed closed (a feed's headings
   * change all the time), twice as long, up to 32 s; back to 2 s at each navigation.
   */
  const LOOK_INTERVAL_MS = 2000;
  const MAX_LOOK_INTERVAL_MS = 32000;
  /** The headings the gate reads: as many, and as long, as MAX_GATE_HEADINGS and MAX_GATE_HEADING. */
  const GATE_HEADINGS = 20;
  const GATE_HEADING_LENGTH = 200;
  /** After a load or a navigation the gate is asked again at these delays: titles and sign-in forms come late. */
  const GATE_RECHECKS_MS = [1000, 3000];
  /** How often the warnings shown are checked: still in the page, visible, styles untouched. */
  const GUARD_CHECK_MS = 500;
  /** At most this many repairs a minute; past it the page wins the pixels and the badge and popup speak. */
  const MAX_REPAIRS_PER_MINUTE = 6;
  /**
   * Session-row markers are drawn in tasks of about this long, the page let run between them: a list of
   * hundreds of sessions is not one long task (885 rows were one task of 1.4-1.9 s at load 20, bench/navigation.mjs).
   */
  const RENDER_BUDGET_MS = 8;

  /**
   * The hosts' own styles: inline with !important, which no stylesheet of the page overrides. Only
   * what places and shows the host: text spacing is left to the user's own stylesheets (WCAG 1.4.12),
   * and inside the shadow root `.root { all: initial }` starts from nothing the page set.
   */
  const PINNED =
    'visibility: visible !important; opacity: 1 !important; transform: none !important; filter: none !important; ' +
    'clip-path: none !important; mask: none !important; content-visibility: visible !important; pointer-events: auto !important; ' +
    'float: none !important; width: auto !important; height: auto !important; min-width: 0 !important; max-width: none !important; ' +
    'max-height: none !important; overflow: visible !important;';
  const HOST_STYLE = {
    banner: `${PINNED} display: block !important; position: static !important; margin: 8px 0 !important;`,
    marker: `${PINNED} display: inline-block !important; position: static !important; margin: 2px 6px !important; vertical-align: middle !important;`,
    // A session row's marker: a line of its own under the row, never inside the row's text or link.
    rowMarker: `${PINNED} display: block !important; position: static !important; margin: 2px 0 6px !important;`,
    // Where a banner goes when its place in the page is hidden: on top of the page, in view.
    fixed: `${PINNED} display: block !important; position: fixed !important; top: 8px !important; left: 8px !important; right: 8px !important; z-index: 2147483647 !important; max-height: 80vh !important; overflow: auto !important;`,
  };

  // Inside the shadow root: important declarations of the inner context win over the page's, even
  // over an inline style the page writes on the host.
  const hostRule = (display) => `
    :host { display: ${display} !important; visibility: visible !important; opacity: 1 !important;
      transform: none !important; filter: none !important; clip-path: none !important; mask: none !important;
      content-visibility: visible !important; pointer-events: auto !important; }`;
  const STYLE = `
    .root { all: initial; display: block; }
    .root.marker { display: inline-block; }
    * { box-sizing: border-box; }
    .banner { font: 14px/1.45 system-ui, sans-serif; color: #1d1d1f; background: #fff8e5;
      border: 1px solid #a86f00; border-left-width: 4px; border-radius: 6px; padding: 10px 12px; }
    .brand { font-weight: 700; font-size: 12px; letter-spacing: .04em; color: #6b4500; margin: 0 0 6px; }
    .view { margin: 0 0 8px; }
    .partial { margin: 0 0 8px; font-weight: 600; }
    .view dl { display: flex; flex-wrap: wrap; gap: 2px 14px; margin: 4px 0 0; }
    .view dt { font-weight: 600; } .view dd { margin: 0 0 0 4px; }
    .view div { display: flex; }
    .finding { border-top: 1px solid #e3c98a; padding-top: 6px; margin-top: 6px; }
    h2 { font-size: 15px; margin: 0 0 2px; }
    p { margin: 0 0 6px; }
    .details { background: #fffdf6; border-radius: 4px; padding: 6px 8px; margin: 4px 0; }
    .details[hidden] { display: none; }
    .details h3 { font-size: 13px; margin: 6px 0 2px; }
    .details ul { margin: 0; padding-left: 18px; }
    .next, .archive-offer { border-top: 1px solid #e3c98a; padding-top: 6px; margin-top: 6px; }
    .next ol { margin: 0; padding-left: 20px; } .next h3 { font-size: 13px; margin: 4px 0 2px; }
    button { font: inherit; font-size: 13px; color: #1d1d1f; background: #fff; border: 1px solid #8a6d2f;
      border-radius: 4px; padding: 2px 8px; margin: 0 6px 0 0; cursor: pointer; }
    button:focus-visible, a:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
    a { color: #0b57d0; }
    .chip { display: inline-block; max-width: 36em; font: 12px/1.3 system-ui, sans-serif; color: #5c1a00; background: #ffe9dc;
      border: 1px solid #c2410c; border-radius: 10px; padding: 1px 8px; }
    @media (prefers-color-scheme: dark) {
      .banner { color: #f5f5f7; background: #2b2410; border-color: #e0a526; }
      .brand { color: #f0c060; } .finding, .next, .archive-offer { border-color: #5a4a20; }
      .details { background: #1f1a0c; }
      button { color: #f5f5f7; background: #3a3018; border-color: #e0a526; }
      a { color: #8ab4f8; }
      .chip { color: #ffd9c7; background: #3d1d0c; border-color: #f08c5a; }
    }
    @media (prefers-reduced-motion: reduce) { * { transition: none !important; animation: none !important; } }
  `;

  /** Every host element the extension made: the extractor skips them, the observer knows them. */
  const hosts = new WeakSet();
  /** What is drawn now: host element -> `{ role, style }`, `style` being the inline style it must keep. */
  const drawn = new Map();
  /** Which drawing is current: a newer render or a clear ends the row markers still being drawn. */
  let drawing = 0;
  let strings = null;
  let lastReport = null;
  /** What the background says is shown: `{ silenced, findings: [ids] }`. */
  let shown = null;
  let lastElements = [];
  let nextId = 0;

  const t = (key, ...substitutions) => translate(strings, key, ...substitutions);

  /** Runs `action` for a real click only: a page script's synthetic click (isTrusted false) does nothing. */
  const onTrustedClick = (action) => (event) => {
    if (event.isTrusted) action();
  };

  /** A host element with a closed shadow root; `role` is banner, marker (beside a switch) or rowMarker (under a session row). */
  function host(role, lang, children) {
    const h = document.createElement(role === 'marker' ? 'span' : 'div');
    h.style.cssText = HOST_STYLE[role];
    const root = h.attachShadow({ mode: 'closed' });
    // When the warning appeared, in ms since navigation started: read by the end-to-end timings.
    const wrapper = element('div', { class: `root ${role}`, lang, 'data-rendered-at': Math.round(performance.now()) }, children);
    root.append(element('style', { text: hostRule(role === 'marker' ? 'inline-block' : 'block') + STYLE }), wrapper);
    hosts.add(h);
    drawn.set(h, { role, style: h.style.cssText });
    return h;
  }

  function whyView(finding, id) {
    const why = finding.why;
    const part = (heading, ...content) => [element('h3', { text: heading }), ...content];
    const processes = why.processes.length
      ? element('ul', {}, why.processes.map((p) => element('li', { text: `${p.name} (${p.statute}): ${p.about}` })))
      : element('p', { text: why.no_processes });
    return element('div', { class: 'details', id, hidden: true }, [
      ...part(t('whyRecord'), element('p', { text: why.record })),
      ...(why.detail ? part(t('whyDetail'), element('p', { text: why.detail })) : []),
      ...part(t('whyProcess'), processes),
      ...(why.retention ? part(t('whyRetention'), element('p', { text: why.retention })) : []),
      ...part(t('whyNotice'), element('p', { text: why.notice })),
      ...part(
        t('whySources'),
        element('ul', {}, finding.sources.map((s) => element('li', {}, [newTabLink(s.url, s.title)]))),
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
      toggle.textContent = t(open ? 'whyHide' : 'whyButton');
      details.hidden = !open;
    });
    const dismiss = element('button', { type: 'button', class: 'dismiss', text: t('dismiss'), onclick: onTrustedClick(() => send(MESSAGE.DISMISS, { findingId: finding.id })) });
    return element('section', { class: 'finding', 'data-finding': finding.id, 'data-severity': finding.severity }, [
      element('h2', { text: finding.title }),
      element('p', { class: 'text', text: finding.text }),
      ...globalThis.DisclosureLensFigure.figureView(finding.figure),
      // The explanation opens below its button, which stays where it was, and comes next in the Tab order.
      element('p', { class: 'actions' }, [toggle]),
      details,
      element('p', { class: 'actions' }, [dismiss]),
    ]);
  }

  /** "What this page shows the platform keeps about your logins": the subpoena view, as the page states it. */
  function sessionsSummary(report) {
    const view = report.subpoena_view;
    const item = ([label, value]) => element('div', {}, [element('dt', { text: label }), element('dd', { text: value })]);
    // The core words the span ("from March 3, 2026 to now"), one moment once.
    const span = view.span ? [item([t('viewSpan'), view.span])] : [];
    return element('div', { class: 'view' }, [
      element('p', { class: 'view-title', text: t('viewShownTitle') }),
      element('dl', {}, [...shownCounts(t, view).map(item), ...span]),
    ]);
  }

  /** "What you can do": the core's next steps, a link only to the platform's own pages, and the logout note. */
  function nextStepsView(report) {
    const item = (step) =>
      element('li', { 'data-step': step.id }, [
        element('h3', {}, [
          step.same_site ? newTabLink(step.url, step.title) : element('span', { text: step.title }),
        ]),
        element('p', { class: 'how', text: step.how }),
        element('p', { class: 'limits', text: t('nextStepLimits', step.limits) }),
      ]);
    return element('section', { class: 'next' }, [
      element('h2', { text: t('nextStepsTitle') }),
      ...(report.logout_note ? [element('p', { class: 'logout-note', text: report.logout_note })] : []),
      ...(report.next_steps.length > 0 ? [element('ol', {}, report.next_steps.map(item))] : []),
    ]);
  }

  /**
   * On a page where the core offers it: the way to the archive page, which reads the export the user
   * downloads here. The background opens it; a page cannot link to the extension's own pages.
   */
  function archiveOfferView() {
    const open = element('button', { type: 'button', text: t('archiveOfferButton'), onclick: onTrustedClick(() => send(MESSAGE.OPEN_ARCHIVE)) });
    return element('section', { class: 'archive-offer' }, [element('p', { text: t('archiveOfferLine') }), element('p', {}, [open])]);
  }

  /**
   * `first`: the first banner on the page, which says when the core read only the page's start and
   * carries the offer of the archive page.
   */
  function banner(report, findings, withSummary, withNextSteps, first) {
    const silence = element('button', { type: 'button', class: 'silence', text: t('silenceSite'), onclick: onTrustedClick(() => send(MESSAGE.SILENCE_SITE)) });
    return host('banner', report.language, [
      element('div', { class: 'banner', role: 'region', 'aria-label': t('extName') }, [
        element('p', { class: 'brand', text: t('extName') }),
        ...(first && report.partial ? [element('p', { class: 'partial', text: t('partialPage') })] : []),
        ...(withSummary ? [sessionsSummary(report)] : []),
        ...findings.map(findingView),
        ...(withNextSteps ? [nextStepsView(report)] : []),
        ...(first && report.offer_archive ? [archiveOfferView()] : []),
        element('p', {}, [silence]),
      ]),
    ]);
  }

  /** What a click activates: nothing the extension adds may sit inside one. */
  const CONTROL = 'a[href], button, summary, label, select, textarea, input, [role="link"], [role="button"], [role="tab"], [role="menuitem"], [role="option"], [onclick]';

  /** The outermost link, button or other control that `el` is or is inside, or null. */
  function outermostControl(el) {
    let outermost = null;
    for (let control = el.closest(CONTROL); control; control = control.parentElement?.closest(CONTROL) ?? null) outermost = control;
    return outermost;
  }

  const elementAt = (node) => (node === null || node === undefined ? null : lastElements[node]) ?? null;
  const mainRegion = () => document.querySelector('main, [role="main"]') ?? document.body;

  /** Whether `h` is in the page and could be seen: no hidden or transparent ancestor, not of zero size. */
  function visible(h) {
    if (!h.isConnected) return false;
    if (typeof h.checkVisibility === 'function' && !h.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return false;
    const box = h.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  }

  /**
   * Runs `task` once the browser has laid the page out for its next frame, when reading a box costs
   * nothing: read right after drawing, it forced the layout of the whole page inside the extension's
   * task (docs/performance.md, "Where the 78 ms on the 20,000-element page go"). A hidden tab draws no
   * frames, and there the check waits until the tab is shown.
   */
  const afterLayout = (task) => requestAnimationFrame(() => setTimeout(task, 0));

  /** The drawing whose banners were last placed where they can be seen; until it is the current one, the guard waits. */
  let placed = 0;

  /** Moves each banner of this drawing whose place the page hides, once the page is laid out. */
  function placeBannersAfterLayout() {
    const current = drawing;
    afterLayout(() => {
      if (current !== drawing) return;
      for (const [h, entry] of drawn) if (entry.role === 'banner') placeVisibly(h, entry);
      placed = current;
    });
  }

  /** A banner whose place the page hides goes to the top of the body, else on top of the page. */
  function placeVisibly(h, entry) {
    if (visible(h)) return;
    if (document.body) {
      document.body.prepend(h);
      if (visible(h)) return;
    }
    h.style.cssText = HOST_STYLE.fixed;
    entry.style = h.style.cssText;
    document.documentElement.append(h);
  }

  function clearWarnings() {
    drawing++;
    for (const h of drawn.keys()) h.remove();
    drawn.clear();
  }

  function render() {
    clearWarnings();
    const report = lastReport;
    if (!report || !strings || !shown || shown.silenced) return;
    const findings = report.findings.filter((f) => shown.findings.includes(f.id));
    // The core says which finding every session row carries.
    const sessionFinding = findings.find((f) => f.id === report.session_finding);
    const hasSessions = report.subpoena_view !== null && report.sessions.length > 0;

    // Findings grouped by the element they belong beside; unanchored ones go at the top of the main region.
    const groups = new Map();
    for (const finding of findings) {
      const anchor = elementAt(finding.anchor);
      const place = anchor?.isConnected ? anchor : mainRegion()?.firstElementChild;
      if (!place) continue;
      if (!groups.has(place)) groups.set(place, []);
      groups.get(place).push(finding);
    }
    let summaryShown = false;
    // The steps go under the findings of the first banner only: one list, said once.
    let withNextSteps = report.next_steps.length > 0 || Boolean(report.logout_note);
    let bannersShown = 0;
    for (const [place, group] of groups) {
      const withSummary = hasSessions && !summaryShown && group.includes(sessionFinding);
      summaryShown ||= withSummary;
      place.before(banner(report, group, withSummary, withNextSteps, bannersShown++ === 0));
      withNextSteps = false;
    }
    // With every warning dismissed, the offer of the archive page still gets a banner of its own.
    if (bannersShown === 0 && report.offer_archive) mainRegion()?.firstElementChild?.before(banner(report, [], false, false, true));

    // A marker beside each known switch that creates records, worded for its state.
    for (const setting of report.settings) {
      const control = elementAt(setting.node);
      if (!setting.marker || !control?.isConnected) continue;
      (outermostControl(control) ?? control).after(host('marker', report.language, [element('span', { class: 'chip', role: 'note', 'data-setting': setting.id, text: setting.marker })]));
    }

    placeBannersAfterLayout();
    if (hasSessions && sessionFinding) markSessionRows(report, sessionFinding.marker);
  }

  /**
   * A marker under every session row: what the platform keeps from that login. It goes after the row,
   * never into it: inside, it would break the row's text, and inside a link a click on it would open the
   * session. Drawn in tasks of RENDER_BUDGET_MS; a newer drawing ends this one.
   */
  async function markSessionRows(report, text) {
    const current = drawing;
    let deadline = performance.now() + RENDER_BUDGET_MS;
    for (const session of report.sessions) {
      if (performance.now() > deadline) {
        await yieldToPage();
        if (current !== drawing) return;
        deadline = performance.now() + RENDER_BUDGET_MS;
      }
      const row = elementAt(session.node);
      if (!row?.isConnected) continue;
      (outermostControl(row) ?? row).after(host('rowMarker', report.language, [element('span', { class: 'chip', role: 'note', text })]));
    }
  }

  /** Takes what the background says (a CLASSIFY answer or a SHOW push) and draws it. */
  function show(value) {
    ({ report: lastReport, strings, shown } = value);
    render();
  }

  // --- Keeping the warnings in view -----------------------------------------------------------------

  let guardTimer = null;
  /** When each repair of this page happened (ms); cleared when the address changes. */
  let repairs = [];
  let gaveUp = false;

  const broken = (h, { role, style }) => !h.isConnected || h.style.cssText !== style || (role === 'banner' && !visible(h));

  /** Whether the page removed, restyled or hid a warning; run every GUARD_CHECK_MS, so it copies nothing. */
  function anyBroken() {
    for (const [h, entry] of drawn) if (broken(h, entry)) return true;
    return false;
  }

  /**
   * Draws the warnings again if the page removed, restyled or hid one; bounded, then gives up. Not
   * before the current drawing's banners are placed: one not placed yet is not broken.
   */
  function guard() {
    if (gaveUp || placed !== drawing || !anyBroken()) return;
    const now = Date.now();
    repairs = repairs.filter((at) => now - at < 60000);
    if (repairs.length >= MAX_REPAIRS_PER_MINUTE) {
      // No fight loop: the page owns its pixels; the toolbar badge and the popup still tell the user.
      gaveUp = true;
      console.warn('Disclosure Lens: this page keeps hiding the warnings; see the toolbar button.');
      return;
    }
    repairs.push(now);
    render();
  }

  let guardQueued = false;

  /** The guard, after the next layout (see afterLayout); once however often it is asked meanwhile. */
  function guardAfterLayout() {
    if (guardQueued) return;
    guardQueued = true;
    afterLayout(() => {
      guardQueued = false;
      guard();
    });
  }

  // --- Reading the page, and re-reading it when it changes -------------------------------------------

  let watching = false;
  let scanning = false;
  let lastScan = 0;
  let firstUnread = null;
  let pending = null;

  async function scan() {
    if (retired) return;
    if (scanning) return schedule();
    scanning = true;
    lastScan = Date.now();
    firstUnread = null;
    clearTimeout(pending);
    pending = null;
    try {
      // In tasks of a few milliseconds; a page that changed in between is read again (extract.js).
      const { snapshot, elements } = await takeSnapshotInChunks(document, hosts);
      // As the JSON text the core reads, written here with this world's JSON (the page cannot reach
      // it): a string crosses to the background at the cost of a copy, an object is cloned node by node.
      const answer = await send(MESSAGE.CLASSIFY, { snapshot: snapshotJson(snapshot) });
      if (retireIfOrphaned(answer)) return;
      if (!answer.ok) {
        console.warn('Disclosure Lens:', answer.error?.message);
        return;
      }
      lastElements = elements;
      show(answer.value);
    } finally {
      scanning = false;
    }
  }

  /** Debounced, rate-limited, and with a maximum wait: a page that changes constantly is still read. */
  function schedule() {
    const now = Date.now();
    firstUnread ??= now;
    clearTimeout(pending);
    const settled = Math.max(SETTLE_MS, RESCAN_INTERVAL_MS - (now - lastScan));
    const wait = Math.min(settled, Math.max(0, firstUnread + MAX_WAIT_MS - now));
    pending = setTimeout(scan, wait);
  }

  const isDrawn = (node) => drawn.has(node);
  // Our own insertions and removals must not trigger a re-scan, or rendering would loop; the page
  // removing one of ours calls for a repair instead.
  const observer = new MutationObserver((mutations) => {
    let pageChanged = false;
    let oursRemoved = false;
    for (const mutation of mutations) {
      if (onlyOurs(mutation, hosts)) oursRemoved ||= [...mutation.removedNodes].some(isDrawn);
      else pageChanged = true;
    }
    if (oursRemoved) guardAfterLayout();
    if (pageChanged) schedule();
  });

  function startWatching() {
    watching = true;
    // On the document, not its root element: a page that replaces <html> is still watched.
    observer.observe(document, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['aria-checked', 'checked', 'hidden', 'aria-hidden'] });
    guardTimer = setInterval(guardAfterLayout, GUARD_CHECK_MS);
  }

  function stopWatching() {
    watching = false;
    observer.disconnect();
    clearInterval(guardTimer);
    clearTimeout(pending);
    pending = null;
    firstUnread = null;
  }

  // --- The gate ---------------------------------------------------------------------------------------

  /**
   * The first GATE_HEADINGS headings inside the body (or the root element), in document order, as
   * src/classify/gate.rs and tests/gate.rs take them: the elements whose local name is h1, h2 or h3
   * (as written: `getElementsByTagNameNS('*', …)` compares it exactly) and those whose role attribute is
   * "heading" (an attribute selector on `role` compares its value case-sensitively).
   *
   * The first GATE_HEADINGS of each kind, merged: the tag lists are the browser's own, kept while the
   * page does not change and read only as far as needed, and the role query is one native pass. A walk
   * in script with a test per element cost the whole page on a page with few headings, every 2 s
   * while the gate is closed (docs/performance.md, "The page's cost where the gate is closed").
   */
  function firstHeadings() {
    const root = document.body ?? document.documentElement;
    if (!root) return [];
    const found = new Set();
    const takeFirst = (list) => {
      for (let i = 0, el; i < GATE_HEADINGS && (el = list[i]); i++) found.add(el);
    };
    for (const tag of ['h1', 'h2', 'h3']) takeFirst(root.getElementsByTagNameNS('*', tag));
    takeFirst(root.querySelectorAll('[role="heading"]'));
    const inDocumentOrder = (a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1);
    return [...found].sort(inDocumentOrder).slice(0, GATE_HEADINGS);
  }

  /** What the gate reads besides the address: the title and the first headings. A bounded look. */
  function look() {
    const headings = firstHeadings();
    return {
      title: document.title.slice(0, LIMITS.MAX_FIELD),
      headings: headings.map((h) => boundedText(h).slice(0, GATE_HEADING_LENGTH)),
    };
  }

  let lastLook = '';

  /** The core's gate for the page as it is now; open (and known) when the background cannot answer. */
  async function askGate() {
    const seen = look();
    lastLook = JSON.stringify(seen);
    const page = { url: location.href, ...seen, password_field: document.querySelector('input[type="password" i]') !== null };
    const answer = await send(MESSAGE.GATE, { page });
    if (retireIfOrphaned(answer)) return { open: false, known: false };
    return answer.ok ? answer.value : { open: true, known: true };
  }

  /** Reads and watches the page while the gate is open; otherwise does nothing but the address check. */
  async function regate(gate) {
    const { open } = gate ?? (await askGate());
    if (retired) return;
    if (open) {
      if (!watching) startWatching();
      await scan();
    } else if (watching || lastReport) {
      stopWatching();
      forget();
    }
  }

  /**
   * The page moved on to one the gate does not let through: the warnings go, and the report stored for
   * the tab is replaced by one made from the address and title alone, which warns of nothing.
   */
  function forget() {
    clearWarnings();
    lastReport = null;
    const title = document.title.slice(0, LIMITS.MAX_FIELD);
    send(MESSAGE.CLASSIFY, { snapshot: snapshotJson({ url: location.href, lang: '', title, nodes: [], truncated: false }) });
  }

  let lastAddress = location.href;
  let rechecks = [];

  /** After a load or navigation: ask now (or use `gate`, already asked), and again a little later. */
  function gateSoon(gate) {
    for (const timer of rechecks) clearTimeout(timer);
    rechecks = GATE_RECHECKS_MS.map((ms) => setTimeout(() => watching || regate(), ms));
    return regate(gate);
  }

  /** A constant-time check, whatever the page does to its DOM: a new address is a navigation. */
  function checkAddress() {
    if (location.href === lastAddress) return;
    lastAddress = location.href;
    lookEvery = LOOK_INTERVAL_MS;
    repairs = [];
    gaveUp = false;
    gateSoon();
  }

  let lookEvery = LOOK_INTERVAL_MS;

  /** While the gate is closed: a new title or heading (a panel opened in place) asks the gate again. */
  async function lookAgain() {
    if (retired) return;
    if (!watching && JSON.stringify(look()) !== lastLook) {
      await regate();
      if (!watching) lookEvery = Math.min(lookEvery * 2, MAX_LOOK_INTERVAL_MS);
    }
    setTimeout(lookAgain, lookEvery);
  }

  // --- After the extension is reloaded, updated or removed ------------------------------------------

  /** How often this copy checks that its extension is still there. */
  const RUNTIME_CHECK_MS = 1000;
  let retired = false;
  let addressTimer = null;
  let runtimeTimer = null;

  /**
   * Whether this copy lost its extension: after a reload or update the old content script keeps
   * running (Chromium) with `runtime.id` undefined, and its messages throw "Extension context
   * invalidated". Its warnings would stay, unanswerable and out of date.
   */
  function orphaned() {
    try {
      return !api.runtime?.id;
    } catch {
      return true;
    }
  }

  /** An orphan removes its warnings, observers and timers, and does nothing more. */
  function retireIfOrphaned(answer) {
    if (retired || !(orphaned() || /context invalidated/i.test(answer?.error?.message ?? ''))) return retired;
    retired = true;
    stopWatching();
    clearWarnings();
    lastReport = null;
    clearInterval(addressTimer);
    clearInterval(runtimeTimer);
    for (const timer of rechecks) clearTimeout(timer);
    globalThis.navigation?.removeEventListener('currententrychange', checkAddress);
    removeEventListener('popstate', checkAddress);
    return true;
  }

  /** Only the extension itself can reach a content script's runtime.onMessage: accept SHOW, from it. */
  const listenForShow = () => api.runtime.onMessage.addListener((message, sender) => {
    if (message?.type !== MESSAGE.SHOW || sender.id !== api.runtime.id) return;
    // No report: the user changed the language or jurisdiction, and the page must be read again.
    if (message.report === null) {
      if (watching) scan();
      else if (lastReport) {
        clearWarnings();
        lastReport = null;
      }
      return;
    }
    if (lastReport) show(message);
  });

  const scanOnce = () => scan();
  globalThis.DisclosureLensContent = Object.freeze({ scanOnce });

  /**
   * Resolves when the page's DOM is parsed: at once if it is (Chromium's document_end, the popup's
   * injection on demand), else at DOMContentLoaded. Firefox injects the declared scripts at
   * document_start (tools/manifest.mjs), before any page script, so this capture listener on `window`
   * is the first to hear the event: a page's own listener cannot stop it from reaching us.
   */
  const domParsed = () =>
    new Promise((resolve) => {
      if (document.readyState === 'loading') addEventListener('DOMContentLoaded', resolve, { capture: true, once: true });
      else resolve();
    });

  (async () => {
    // The SHOW listener is added only now: in Firefox (document_start) adding it at load put most of
    // the scripts' first run, the extension API's first use, before the page's own parsing, and the
    // page's DOMContentLoaded about 15 ms later (docs/performance.md, "The branch firefox-nav").
    await domParsed();
    listenForShow();
    runtimeTimer = setInterval(() => retireIfOrphaned(), RUNTIME_CHECK_MS);
    const gate = await askGate();
    if (retired) return;
    // The declared script runs only on the knowledge base's hosts; elsewhere this is the popup's
    // "Scan this page", which reads the page once and watches nothing.
    if (!gate.known) return scanOnce();
    addressTimer = setInterval(checkAddress, ADDRESS_CHECK_MS);
    setTimeout(lookAgain, LOOK_INTERVAL_MS);
    globalThis.navigation?.addEventListener('currententrychange', checkAddress);
    addEventListener('popstate', checkAddress);
    gateSoon(gate);
  })();
})();
