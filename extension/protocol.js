// The one message protocol between the content script, the background and the extension pages, and
// the snapshot limits every extractor follows.
//
// A classic script on purpose: content scripts cannot be ES modules, so this file defines one global,
// `DisclosureLens`, and module pages load it with a bare `import './protocol.js'`.
'use strict';

(() => {
  const api = globalThis.browser ?? globalThis.chrome;

  /** Message types. Every request is `{ type, ...fields }`; every answer is `{ ok, value }` or `{ ok: false, error }`. */
  const MESSAGE = Object.freeze({
    /**
     * content -> background: `{ snapshot }` of the sender's own page, as its JSON text (`snapshotJson`);
     * answers `{ report, strings, shown }` and records the report for the sender's tab.
     */
    CLASSIFY: 'classify',
    /** extension page -> background: `{ tabId }`; answers `{ report, shown }` for that tab, or `null`. */
    GET_REPORT: 'get-report',
    /** extension page -> background: answers `{ vocabulary, platforms, eu_member_states }`, `platforms` as `dlens kb --json`. */
    GET_KNOWLEDGE_BASE: 'get-knowledge-base',
    /**
     * extension page -> background: `{ pageLanguage }` (or null); answers `{ language, strings }`: the
     * language the core chooses, as for a report on such a page, and its interface strings (_locales table).
     */
    GET_STRINGS: 'get-strings',
    /** content -> background: `{ findingId }`; the user dismissed that warning (trusted click only). */
    DISMISS: 'dismiss',
    /** content -> background: `{}`; the user silenced this site; the background takes the host from the sender. */
    SILENCE_SITE: 'silence-site',
    /**
     * content -> background: `{}`; the user asked to read their export (trusted click only): the
     * background opens the archive page in a new tab, if the core offered it for the sender's tab.
     * The page itself is not web-accessible, so a page cannot link to it (nor detect the extension).
     */
    OPEN_ARCHIVE: 'open-archive',
    /** background -> content (tabs.sendMessage): `{ report, strings, shown }` after the user's choices change. */
    SHOW: 'show',
    /** content -> background: `{ page: { url, title, headings, password_field } }`; answers the core's gate, `{ open, known }`. */
    GATE: 'gate',
  });

  /**
   * The limits of a snapshot. They must equal the constants in src/snapshot.rs (a Rust test compares
   * them), so the live page and the CLI cut a page at the same place.
   */
  const LIMITS = Object.freeze({
    MAX_NODES: 20000,
    MAX_TEXT_PER_NODE: 500,
    MAX_RAW_TEXT_PER_NODE: 4000,
    MAX_TOTAL_TEXT: 1000000,
    MAX_FIELD: 2048,
  });

  /** Elements skipped with all they contain; must equal SKIPPED_TAGS in src/snapshot.rs. */
  const SKIPPED_TAGS = Object.freeze(['script', 'style', 'noscript', 'template', 'svg', 'math', 'iframe', 'head']);

  /**
   * Looks up `key` in a _locales table (the messages.json format, loaded for the user's chosen
   * language rather than the browser's), filling `$NAME$` placeholders from `substitutions`.
   */
  function translate(table, key, ...substitutions) {
    const entry = table?.[key];
    if (!entry) return key;
    return entry.message.replace(/\$(\w+)\$/g, (whole, name) => {
      const content = entry.placeholders?.[name.toLowerCase()]?.content ?? whole;
      return content.replace(/\$(\d)/g, (_, n) => String(substitutions[Number(n) - 1] ?? ''));
    });
  }

  /**
   * The counts of what the page shows (a report's `subpoena_view`) as `[label, value]` pairs worded with
   * `t` (a key -> text function), in the order the banner and the popup list them. A zero means the page
   * does not show it, not that the platform does not keep it, and says so.
   */
  function shownCounts(t, view) {
    const count = (n) => (n > 0 ? String(n) : t('viewNotShownHere'));
    return [['viewSessions', view.sessions], ['viewIps', view.ips], ['viewPlaces', view.places], ['viewDevices', view.devices]].map(([key, n]) => [t(key), count(n)]);
  }

  /** Sends a request and always resolves with an answer object, never rejects. */
  async function send(type, fields = {}) {
    try {
      const answer = await api.runtime.sendMessage({ type, ...fields });
      return answer ?? { ok: false, error: { code: 'no_answer', message: 'The extension did not answer.' } };
    } catch (error) {
      return { ok: false, error: { code: 'unreachable', message: String(error?.message ?? error) } };
    }
  }

  /** A JSON escape of a UTF-16 surrogate (`\ud800`–`\udfff`), as JSON.stringify writes a lone one. */
  const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

  /**
   * The snapshot as the core's `classify` takes it: one JSON string (reading it in the core is much
   * cheaper than converting the object across the boundary: docs/performance.md), written by the
   * content script, which sends it to the background as it is. A page can put a
   * lone surrogate in its text, which JSON.stringify writes as an escape that the core's JSON reader
   * refuses; only then is the snapshot written again with each string made well formed (U+FFFD for
   * the lone half, as the object conversion did), so no page can blind the core that way.
   */
  function snapshotJson(snapshot) {
    const json = JSON.stringify(snapshot);
    if (!SURROGATE_ESCAPE.test(json)) return json;
    return JSON.stringify(snapshot, (_, value) => (typeof value === 'string' ? value.toWellFormed() : value));
  }

  globalThis.DisclosureLens = Object.freeze({ api, MESSAGE, LIMITS, SKIPPED_TAGS, send, shownCounts, snapshotJson, translate });
})();
