// Takes a PageSnapshot of the live DOM: the same extraction rules as src/html.rs (documented on
// `snapshot::Node` in src/snapshot.rs), so the live page and the saved page classify the same.
// Plain DOM reads only: no WebAssembly here (a strict page CSP would block it in Chromium).
//
// Bounded before work: no string longer than MAX_RAW_TEXT_PER_NODE is ever read out of a text node,
// an attribute or an option, so a 50 MB text node costs what a 4,000-character one does.
'use strict';

(() => {
  const { LIMITS, SKIPPED_TAGS } = globalThis.DisclosureLens;
  const skippedTags = new Set(SKIPPED_TAGS);
  const MAX_RAW = LIMITS.MAX_RAW_TEXT_PER_NODE;

  const collapse = (s) => s.replace(/\s+/g, ' ').trim();

  /** Cuts to `max` code points (as the Rust side counts characters); reports whether it cut. */
  function cut(s, max) {
    if (s.length <= max) return [s, false];
    let points = 0;
    let end = 0;
    for (const point of s) {
      if (points === max) return [s.slice(0, end), true];
      points++;
      end += point.length;
    }
    return [s, false];
  }

  /** `s` cut to MAX_RAW UTF-16 code units, without a lone high surrogate left at the cut. */
  function rawCut(s) {
    if (s.length <= MAX_RAW) return s;
    const code = s.charCodeAt(MAX_RAW - 1);
    return s.slice(0, code >= 0xd800 && code <= 0xdbff ? MAX_RAW - 1 : MAX_RAW);
  }

  /**
   * The text nodes of `el` joined in order, reading no more than MAX_RAW code units: its direct ones
   * (an element's own text), or all it contains when `deep` (an option's text).
   */
  function rawText(el, deep) {
    let raw = '';
    const walker = el.ownerDocument.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = deep ? walker.nextNode() : el.firstChild; node && raw.length <= MAX_RAW; node = deep ? walker.nextNode() : node.nextSibling) {
      if (node.nodeType !== Node.TEXT_NODE) continue;
      const room = MAX_RAW + 1 - raw.length;
      raw += node.length > room ? node.substringData(0, room) : node.data;
    }
    return rawCut(raw);
  }

  function isSkipped(el, skip) {
    const tag = el.localName;
    return (
      skippedTags.has(tag) ||
      skip?.has(el) ||
      el.hasAttribute('hidden') ||
      el.getAttribute('aria-hidden')?.trim().toLowerCase() === 'true' ||
      (tag === 'input' && el.getAttribute('type')?.trim().toLowerCase() === 'hidden')
    );
  }

  function describe(el, parent) {
    const tag = el.localName;
    const node = { tag };
    if (parent !== null) node.parent = parent;
    const text = collapse(rawText(el, false));
    if (text) node.text = text;
    const role = el.getAttribute('role')?.trim().toLowerCase();
    if (role) node.role = role;
    const label = el.hasAttribute('aria-label') ? collapse(rawCut(el.getAttribute('aria-label'))) : '';
    if (label) node.label = label;
    if (tag === 'input') node.input_type = (el.getAttribute('type') ?? 'text').trim().toLowerCase();
    const ariaChecked = el.getAttribute('aria-checked')?.trim();
    if (ariaChecked === 'true' || ariaChecked === 'false') node.checked = ariaChecked === 'true';
    else if (node.input_type === 'checkbox' || node.input_type === 'radio') node.checked = el.checked;
    if (tag === 'select') {
      const chosen = el.selectedOptions?.[0] ?? el.options?.[0];
      if (chosen) node.value = collapse(rawText(chosen, true));
    }
    return node;
  }

  const STRINGS = ['text', 'label', 'value'];

  /**
   * Returns `{ snapshot, elements }`: the snapshot to send, and the element of each node by index, so
   * the report's node numbers can be turned back into places in the page. Elements in `skip` (a Set or
   * WeakSet: the extension's own warnings) are left out with all they contain.
   */
  function takeSnapshot(doc, skip) {
    const nodes = [];
    const elements = [];
    let truncated = false;
    let totalText = 0;
    let textFull = false;
    const limitField = (s) => {
      const [kept, wasCut] = cut(s, LIMITS.MAX_FIELD);
      truncated ||= wasCut;
      return kept;
    };
    // Explicit stack, children pushed in reverse: document order without recursion on deep pages.
    const stack = doc.body ? [[doc.body, null]] : [];
    while (stack.length > 0) {
      const [el, parent] = stack.pop();
      if (isSkipped(el, skip)) continue;
      if (nodes.length === LIMITS.MAX_NODES) {
        truncated = true;
        break;
      }
      const node = describe(el, parent);
      let size = 0;
      for (const field of STRINGS) {
        if (node[field] === undefined) continue;
        const [kept, wasCut] = cut(node[field], LIMITS.MAX_TEXT_PER_NODE);
        node[field] = kept;
        truncated ||= wasCut;
        size += kept.length;
      }
      // Text, label and value all count; past the total, this node and every later one keep their
      // shape but lose their strings.
      textFull ||= totalText + size > LIMITS.MAX_TOTAL_TEXT;
      if (textFull && size > 0) {
        for (const field of STRINGS) delete node[field];
        truncated = true;
      } else {
        totalText += size;
      }
      const index = nodes.length;
      nodes.push(node);
      elements.push(el);
      const children = el.children;
      for (let i = children.length - 1; i >= 0; i--) stack.push([children[i], index]);
    }
    const snapshot = {
      url: limitField(doc.location?.href ?? ''),
      lang: limitField(rawCut(doc.documentElement?.getAttribute('lang') ?? '').trim()),
      title: limitField(collapse(rawCut(doc.title ?? ''))),
      nodes,
      truncated,
    };
    return { snapshot, elements };
  }

  /** All the text `el` contains, read no further than MAX_RAW code units, white space collapsed. */
  const boundedText = (el) => collapse(rawText(el, true));

  globalThis.DisclosureLensExtract = Object.freeze({ takeSnapshot, boundedText });
})();
