// Takes a PageSnapshot of the live DOM: the same extraction rules as src/html.rs (documented on
// `snapshot::Node` in src/snapshot.rs), so the live page and the saved page classify the same.
// Plain DOM reads only: no WebAssembly here (a strict page CSP would block it in Chromium).
//
// Bounded before work: no string longer than MAX_RAW_TEXT_PER_NODE is ever read out of a text node,
// an attribute or an option, so a 50 MB text node costs what a 4,000-character one does.
// Bounded in time: the content script reads with `takeSnapshotInChunks`, in tasks of a few
// milliseconds, and reads again if the page changed in between (docs/performance.md).
'use strict';

(() => {
  const { LIMITS, SKIPPED_TAGS } = globalThis.DisclosureLens;
  const skippedTags = new Set(SKIPPED_TAGS);
  const MAX_RAW = LIMITS.MAX_RAW_TEXT_PER_NODE;

  // Most text needs no change: any white space but a lone inner space is the sign it does. A test is
  // much cheaper than a replace that changes nothing.
  const NEEDS_COLLAPSE = /[^\S ]| {2}|^ | $/;
  const collapse = (s) => (NEEDS_COLLAPSE.test(s) ? s.replace(/\s+/g, ' ').trim() : s);

  /** `s` cut to `max` code points (as the Rust side counts characters); shorter than `s` if it cut. */
  function cut(s, max) {
    if (s.length <= max) return s;
    let points = 0;
    let end = 0;
    for (const point of s) {
      if (points === max) return s.slice(0, end);
      points++;
      end += point.length;
    }
    return s;
  }

  // Set by rawCut when it leaves text out, taken (and cleared) by the walk right after the element or
  // field it read, so that the snapshot says it is not whole, as html.rs does
  // (tests/fixtures/extraction-cases.json). JavaScript runs one call at a time, so interleaved walks
  // cannot take each other's cut.
  let rawCutLeftTextOut = false;
  function takeRawCut() {
    const cutHappened = rawCutLeftTextOut;
    rawCutLeftTextOut = false;
    return cutHappened;
  }

  /** `s` cut to MAX_RAW UTF-16 code units, without a lone high surrogate left at the cut. */
  function rawCut(s) {
    if (s.length <= MAX_RAW) return s;
    rawCutLeftTextOut = true;
    const code = s.charCodeAt(MAX_RAW - 1);
    return s.slice(0, code >= 0xd800 && code <= 0xdbff ? MAX_RAW - 1 : MAX_RAW);
  }

  /** The data of text node `node`, read no further than `room` code units. */
  const readText = (node, room) => (node.length > room ? node.substringData(0, room) : node.data);

  // Node types, written out: in Firefox every read of `Node.TEXT_NODE` goes through an Xray wrapper.
  const ELEMENT_NODE = 1;
  const TEXT_NODE = 3;

  /** An element's own text, raw: its direct text nodes joined, read no further than MAX_RAW + 1 code units. */
  function ownRawText(el) {
    let raw = '';
    for (let node = el.firstChild; node !== null && raw.length <= MAX_RAW; node = node.nextSibling) {
      if (node.nodeType === TEXT_NODE) raw += readText(node, MAX_RAW + 1 - raw.length);
    }
    return raw;
  }

  /** All the text `el` contains, read no further than MAX_RAW code units, white space collapsed. */
  function boundedText(el) {
    let raw = '';
    const walker = el.ownerDocument.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node !== null && raw.length <= MAX_RAW; node = walker.nextNode()) raw += readText(node, MAX_RAW + 1 - raw.length);
    return collapse(rawCut(raw));
  }

  /**
   * Every attribute the rules read. An element that matches none of these selectors reads as one
   * without attributes, so one native query per snapshot replaces five attribute reads per element.
   */
  const READ_ATTRIBUTES = '[hidden],[aria-hidden],[role],[aria-label],[aria-checked],input[type]';

  /** Whether `el`, an element with an attribute the rules read, is left out with all it contains. */
  const isHidden = (el, tag) =>
    el.hasAttribute('hidden') ||
    el.getAttribute('aria-hidden')?.trim().toLowerCase() === 'true' ||
    (tag === 'input' && el.getAttribute('type')?.trim().toLowerCase() === 'hidden');

  /**
   * Adds to `node` (the node of `el`, its text already set) what the attributes and form state say,
   * its strings cut by `limit`; returns the length of the strings it added (label and value).
   * Attributes are read only when the element has one the rules read (`attributed`), each with one call.
   */
  function describeRest(el, node, attributed, limit) {
    const { tag } = node;
    if (attributed) {
      const role = el.getAttribute('role')?.trim().toLowerCase();
      if (role) node.role = role;
      const ariaLabel = el.getAttribute('aria-label');
      const label = ariaLabel === null ? '' : collapse(rawCut(ariaLabel));
      if (label) node.label = limit(label);
    }
    if (tag === 'input') node.input_type = attributed ? (el.getAttribute('type') ?? 'text').trim().toLowerCase() : 'text';
    const ariaChecked = attributed ? el.getAttribute('aria-checked')?.trim() : undefined;
    if (ariaChecked === 'true' || ariaChecked === 'false') node.checked = ariaChecked === 'true';
    else if (node.input_type === 'checkbox' || node.input_type === 'radio') node.checked = el.checked;
    if (tag === 'select') {
      const chosen = el.selectedOptions?.[0] ?? el.options?.[0];
      if (chosen) node.value = limit(boundedText(chosen));
    }
    return (node.label?.length ?? 0) + (node.value?.length ?? 0);
  }

  /** Nodes (elements and text) between two looks at the clock: reading it per node would cost more than it saves. */
  const CLOCK_EVERY = 64;

  /**
   * The walk that makes a snapshot, resumable: `step(until)` walks until done or until the clock
   * (performance.now()) passes `until`, and says whether it is done; `result()` is then
   * `{ snapshot, elements }`.
   *
   * One walk in document order over elements and text nodes alike (`firstChild` / `nextSibling`), so
   * an element's own text is gathered from the text nodes the walk meets among its children rather
   * than by a second pass over them; without recursion on deep pages. An element's node is made
   * when the walk enters it (its index is its place in document order) and finished when the walk
   * leaves it: then its text is whole. The open elements are kept in arrays indexed by depth,
   * reused from element to element.
   */
  function extraction(doc, skip) {
    const nodes = [];
    const elements = [];
    let truncated = false;
    // Text, label and value of every finished node, in UTF-16 code units: past MAX_TOTAL_TEXT, the
    // strings of the node that crossed it and of every later one are dropped at the end (`result`).
    let textSize = 0;
    const limitTo = (max) => (s) => {
      const kept = cut(s, max);
      truncated ||= kept.length !== s.length;
      return kept;
    };
    const limitField = limitTo(LIMITS.MAX_FIELD);
    const limitNodeText = limitTo(LIMITS.MAX_TEXT_PER_NODE);
    const root = doc.body ?? null;
    // The elements with an attribute the rules read, in document order: the walk meets them in the
    // same order, so one comparison with the next of them tells whether an element has one. Those
    // inside a skipped element are passed over when it is skipped.
    const attributed = root === null ? [] : Array.from(root.querySelectorAll(READ_ATTRIBUTES));
    if (root?.matches(READ_ATTRIBUTES)) attributed.unshift(root);
    let nextAttributed = 0;
    // The open elements, outermost first: each one's element, node index, raw text so far, and
    // whether it has an attribute the rules read. `depth` of them are open.
    const openElements = [];
    const openIndexes = [];
    const openTexts = [];
    const openAttributed = [];
    let depth = 0;
    let next = root; // the node to look at next; null: done

    /** Finishes the innermost open element's node: its text (now whole), attributes and form state. */
    function closeElement() {
      depth--;
      const node = nodes[openIndexes[depth]];
      const raw = openTexts[depth];
      if (raw !== '') {
        const text = collapse(rawCut(raw));
        if (text) textSize += (node.text = limitNodeText(text)).length;
      }
      const { tag } = node;
      if (openAttributed[depth] || tag === 'input' || tag === 'select') textSize += describeRest(openElements[depth], node, openAttributed[depth], limitNodeText);
      truncated ||= takeRawCut();
    }

    function step(until) {
      // Another reader may have cut text since the last step (the gate's look calls boundedText).
      takeRawCut();
      let n = next;
      let sinceClock = 0;
      while (n !== null) {
        if (++sinceClock === CLOCK_EVERY) {
          sinceClock = 0;
          if (performance.now() > until) break;
        }
        const type = n.nodeType;
        if (type === TEXT_NODE) {
          // A text node of the innermost open element (the walk enters no other).
          const raw = openTexts[depth - 1];
          if (raw.length <= MAX_RAW) openTexts[depth - 1] = raw + readText(n, MAX_RAW + 1 - raw.length);
        } else if (type === ELEMENT_NODE) {
          const tag = n.localName;
          const hasRead = attributed[nextAttributed] === n;
          if (hasRead) nextAttributed++;
          if (skippedTags.has(tag) || skip?.has(n) || (hasRead && isHidden(n, tag))) {
            while (nextAttributed < attributed.length && n.contains(attributed[nextAttributed])) nextAttributed++;
          } else if (nodes.length === LIMITS.MAX_NODES) {
            // Full: the open elements' own text is read whole from their children, as if the walk had gone on.
            truncated = true;
            for (let d = 0; d < depth; d++) openTexts[d] = ownRawText(openElements[d]);
            while (depth > 0) closeElement();
            n = null;
            break;
          } else {
            openElements[depth] = n;
            openIndexes[depth] = nodes.length;
            openTexts[depth] = '';
            openAttributed[depth] = hasRead;
            nodes.push(depth === 0 ? { tag } : { tag, parent: openIndexes[depth - 1] });
            elements.push(n);
            depth++;
            const first = n.firstChild;
            if (first !== null) {
              n = first;
              continue;
            }
            closeElement();
          }
        }
        // Done with `n` and all it contains: on to the node after it, leaving (and finishing) each
        // element whose last child it was.
        for (;;) {
          if (n === root) {
            n = null;
            break;
          }
          const sibling = n.nextSibling;
          if (sibling !== null) {
            n = sibling;
            break;
          }
          n = openElements[depth - 1];
          closeElement();
        }
      }
      next = n;
      return next === null;
    }

    function result() {
      if (textSize > LIMITS.MAX_TOTAL_TEXT) {
        // In document order, as the limit is defined: the node that takes the total past it, and
        // every later one, keep their shape but lose their strings.
        let total = 0;
        let full = false;
        for (const node of nodes) {
          const size = (node.text?.length ?? 0) + (node.label?.length ?? 0) + (node.value?.length ?? 0);
          full ||= total + size > LIMITS.MAX_TOTAL_TEXT;
          if (full && size > 0) {
            delete node.text;
            delete node.label;
            delete node.value;
            truncated = true;
          } else {
            total += size;
          }
        }
      }
      takeRawCut();
      const snapshot = {
        url: limitField(doc.location?.href ?? ''),
        lang: limitField(rawCut(doc.documentElement?.getAttribute('lang') ?? '').trim()),
        title: limitField(collapse(rawCut(doc.title ?? ''))),
        nodes,
        truncated,
      };
      snapshot.truncated ||= takeRawCut();
      return { snapshot, elements };
    }

    return { step, result };
  }

  /**
   * Returns `{ snapshot, elements }`: the snapshot to send, and the element of each node by index, so
   * the report's node numbers can be turned back into places in the page. Elements in `skip` (a Set or
   * WeakSet: the extension's own warnings) are left out with all they contain. In one task.
   */
  function takeSnapshot(doc, skip) {
    const run = extraction(doc, skip);
    run.step(Infinity);
    return run.result();
  }

  /** Lets the page run (input, rendering, its own tasks): a message task, which hidden tabs do not throttle. */
  function yieldToPage() {
    const { port1, port2 } = new MessageChannel();
    return new Promise((resolve) => {
      port1.onmessage = resolve;
      port2.postMessage(null);
    });
  }

  /**
   * Whether a mutation record is only the extension adding or removing its own warnings (the hosts in
   * `skip`): the content script's observer does not re-read the page for those either.
   */
  const onlyOurs = (record, skip) =>
    record.type === 'childList' && [...record.addedNodes, ...record.removedNodes].every((node) => skip?.has(node));

  /**
   * The same snapshot as `takeSnapshot`, read in tasks of about `budgetMs` each with the page let run
   * between them, so that a large page is not held for one long task. A snapshot must be of one page,
   * not a mix of two: if the page changes between two tasks (a mutation other than our own warnings,
   * or an input or change event: a switch's `checked` has no mutation), what was read is thrown away
   * and the page read again. The last of `attempts` reads of a page that never holds still is done in
   * one task: a long task is better than never reading it.
   */
  async function takeSnapshotInChunks(doc, skip, { budgetMs = 8, attempts = 3 } = {}) {
    for (let attempt = 1; attempt < attempts; attempt++) {
      const run = extraction(doc, skip);
      if (run.step(performance.now() + budgetMs)) return run.result();
      let changed = false;
      const watch = new MutationObserver((records) => {
        changed ||= records.some((record) => !onlyOurs(record, skip));
      });
      const touched = () => {
        changed = true;
      };
      // Watching starts only when a second task is needed; nothing can change the page within one.
      watch.observe(doc, { childList: true, subtree: true, characterData: true, attributes: true });
      doc.addEventListener('input', touched, true);
      doc.addEventListener('change', touched, true);
      let done = false;
      try {
        while (!done) {
          await yieldToPage();
          changed ||= watch.takeRecords().some((record) => !onlyOurs(record, skip));
          if (changed) break;
          done = run.step(performance.now() + budgetMs);
        }
      } finally {
        watch.disconnect();
        doc.removeEventListener('input', touched, true);
        doc.removeEventListener('change', touched, true);
      }
      if (done) return run.result();
    }
    return takeSnapshot(doc, skip);
  }

  globalThis.DisclosureLensExtract = Object.freeze({ takeSnapshot, takeSnapshotInChunks, boundedText, yieldToPage, onlyOurs });
})();
