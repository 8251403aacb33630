// Takes a PageSnapshot of the live DOM: the same extraction rules as src/html.rs (documented on
// `snapshot::Node` in src/snapshot.rs), so the live page and the saved page classify the same.
// Plain DOM reads only: no WebAssembly here (a strict page CSP would block it in Chromium).
'use strict';

(() => {
  const { LIMITS, SKIPPED_TAGS, HOST_TAG } = globalThis.DisclosureLens;
  const skippedTags = new Set([...SKIPPED_TAGS, HOST_TAG]);

  const collapse = (s) => s.replace(/\s+/g, ' ').trim();

  /** Cuts to `max` code points (as the Rust side counts characters); reports whether it cut. */
  function cut(s, max) {
    if (s.length <= max) return [s, false];
    const points = Array.from(s);
    return points.length <= max ? [s, false] : [points.slice(0, max).join(''), true];
  }

  function isSkipped(el) {
    const tag = el.localName;
    return (
      skippedTags.has(tag) ||
      el.hasAttribute('hidden') ||
      el.getAttribute('aria-hidden')?.trim().toLowerCase() === 'true' ||
      (tag === 'input' && el.getAttribute('type')?.trim().toLowerCase() === 'hidden')
    );
  }

  function describe(el, parent) {
    const tag = el.localName;
    const node = { tag };
    if (parent !== null) node.parent = parent;
    let own = '';
    for (const child of el.childNodes) if (child.nodeType === Node.TEXT_NODE) own += child.data;
    const text = collapse(own);
    if (text) node.text = text;
    const role = el.getAttribute('role')?.trim().toLowerCase();
    if (role) node.role = role;
    const label = el.hasAttribute('aria-label') ? collapse(el.getAttribute('aria-label')) : '';
    if (label) node.label = label;
    if (tag === 'input') node.input_type = (el.getAttribute('type') ?? 'text').trim().toLowerCase();
    const ariaChecked = el.getAttribute('aria-checked')?.trim();
    if (ariaChecked === 'true' || ariaChecked === 'false') node.checked = ariaChecked === 'true';
    else if (node.input_type === 'checkbox' || node.input_type === 'radio') node.checked = el.checked;
    if (tag === 'select') {
      const chosen = el.selectedOptions?.[0] ?? el.options?.[0];
      if (chosen) node.value = collapse(chosen.textContent);
    }
    return node;
  }

  /**
   * Returns `{ snapshot, elements }`: the snapshot to send, and the element of each node by index, so
   * the report's node numbers can be turned back into places in the page.
   */
  function takeSnapshot(doc) {
    const nodes = [];
    const elements = [];
    let truncated = false;
    let totalText = 0;
    const limitField = (s) => {
      const [kept, wasCut] = cut(s, LIMITS.MAX_FIELD);
      truncated ||= wasCut;
      return kept;
    };
    // Explicit stack, children pushed in reverse: document order without recursion on deep pages.
    const stack = doc.body ? [[doc.body, null]] : [];
    while (stack.length > 0) {
      const [el, parent] = stack.pop();
      if (isSkipped(el)) continue;
      if (nodes.length === LIMITS.MAX_NODES) {
        truncated = true;
        break;
      }
      const node = describe(el, parent);
      for (const field of ['text', 'label', 'value']) {
        if (node[field] === undefined) continue;
        const [kept, wasCut] = cut(node[field], LIMITS.MAX_TEXT_PER_NODE);
        node[field] = kept;
        truncated ||= wasCut;
      }
      totalText += node.text?.length ?? 0;
      if (totalText > LIMITS.MAX_TOTAL_TEXT) {
        delete node.text;
        truncated = true;
      }
      const index = nodes.length;
      nodes.push(node);
      elements.push(el);
      const children = el.children;
      for (let i = children.length - 1; i >= 0; i--) stack.push([children[i], index]);
    }
    const snapshot = {
      url: limitField(doc.location?.href ?? ''),
      lang: limitField(doc.documentElement?.getAttribute('lang')?.trim() ?? ''),
      title: limitField(collapse(doc.title ?? '')),
      nodes,
      truncated,
    };
    return { snapshot, elements };
  }

  globalThis.DisclosureLensExtract = Object.freeze({ takeSnapshot });
})();
