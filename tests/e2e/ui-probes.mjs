// In-page probes for the interface tests of both browsers (ui-layout.mjs, ui-basics.mjs).
// Each runs in the page with one warning's closed shadow root (the harnesses reach it through CDP or
// WebDriver) and returns plain data.

/** Links, buttons and other controls: a marker inside one would act as part of it. */
export const CONTROL = 'a[href], button, summary, label, select, textarea, input, [role="link"], [role="button"], [role="tab"], [role="menuitem"], [role="option"]';

/**
 * Where the first "Why am I seeing this?" button of a warning is (in document coordinates), what it says
 * and whether its explanation sits below it; null in a warning without one.
 */
export function whyState(root) {
  const button = root.querySelector('button.why');
  if (!button) return null;
  const details = root.getElementById(button.getAttribute('aria-controls'));
  const box = button.getBoundingClientRect();
  const focused = root.activeElement;
  return {
    top: Math.round(box.top + scrollY),
    bottom: Math.round(box.bottom + scrollY),
    label: button.textContent,
    expanded: button.getAttribute('aria-expanded'),
    detailsTop: details.hidden ? null : Math.round(details.getBoundingClientRect().top + scrollY),
    firstSource: details.querySelector('a')?.textContent ?? null,
    focused: focused ? { tag: focused.localName, text: focused.textContent, inDetails: details.contains(focused) } : null,
  };
}

/** Focuses the first "Why am I seeing this?" button of a warning; true when there is one. */
export function focusWhy(root) {
  const button = root.querySelector('button.why');
  button?.focus();
  return Boolean(button) && root.activeElement === button;
}

/** A session row's marker (a chip that is not about a switch): whether it sits inside a control, and the text of the row before it. */
export function rowMarker(root, control) {
  const chip = root.querySelector('.chip');
  if (!chip || chip.hasAttribute('data-setting')) return null;
  const host = root.host;
  return { insideControl: host.parentElement?.closest(control) !== null, rowText: host.previousElementSibling?.textContent ?? '' };
}

/** The banner's row of counts: its title and each label with its figure; null in a warning without one. */
export function countsRow(root) {
  const view = root.querySelector('.view');
  if (!view) return null;
  return {
    title: view.querySelector('.view-title').textContent,
    counts: Object.fromEntries([...view.querySelectorAll('dl > div')].map((d) => [d.querySelector('dt').textContent, d.querySelector('dd').textContent])),
  };
}

/**
 * Runs in the popup: where its first screen ends and what is on it, its headings, its links, its
 * progress figures and which of its sections are open.
 */
export function popupLayout() {
  const bottom = (el) => (el ? Math.round(el.getBoundingClientRect().bottom + scrollY) : null);
  return {
    height: document.documentElement.scrollHeight,
    nextStepBottom: bottom(document.querySelector('#next-step a')),
    verdictBottom: bottom(document.querySelector('#findings li h3')),
    headings: [...document.querySelectorAll('h1, h2, h3, summary .name')].map((h) => h.textContent),
    links: [...document.querySelectorAll('a[href^="https://"]')].map((a) => ({ text: a.textContent, host: new URL(a.href).host })),
    progressOutsideSummaries: [...document.querySelectorAll('.progress')].filter((p) => !p.closest('summary')).map((p) => p.textContent),
    open: document.querySelectorAll('details[open]').length,
  };
}

/** The mobile sites' session lists, served at their real addresses, and their desktop twins (opened with a phone's user agent: browsers.mjs PHONE_USER_AGENT). */
export const MOBILE_FIXTURES = [
  ['facebook/sessions-mobile-en.html', 'facebook/sessions-en.html'],
  ['x/sessions-mobile-en.html', 'x/sessions-en.html'],
];

/** Runs in the page: whether a warning fits the viewport's width (nothing to scroll sideways to read it). */
export function fitsWidth(root) {
  const box = root.host.getBoundingClientRect();
  return { left: Math.round(box.left), right: Math.round(box.right), viewport: innerWidth, userAgent: navigator.userAgent };
}
