// What the extension remembers, in storage.local, and the only code that reads or writes it: the
// user's settings, checklist progress, dismissed warnings and silenced sites.
//
// The stored value is versioned. Reading never throws: data that cannot be understood is kept aside
// under BACKUP_KEY (so nothing is lost), replaced by defaults, and reported to the caller. Data from a
// newer version of the extension is left untouched and not overwritten.
// The background and the extension pages import it (`import './storage.js'`) for the one global it
// defines, `DisclosureLensStorage`. Content scripts never load it: the background reads and writes
// for them, and closes storage to them where the browser allows (background.js).
'use strict';

(() => {
  const KEY = 'state';
  const BACKUP_KEY = 'state-unreadable-backup';
  const VERSION = 1;

  function defaults() {
    return {
      version: VERSION,
      settings: { language: 'auto', jurisdiction: 'US', disabledPlatforms: [] },
      // platform id -> step id -> ISO date it was checked off
      checklist: {},
      // finding ids the user dismissed
      dismissed: [],
      // host names where the user asked for no warnings
      silencedSites: [],
    };
  }

  const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
  const isStringList = (v) => Array.isArray(v) && v.every((s) => typeof s === 'string');

  /**
   * Checks a stored value. Returns `{ state, problem, readOnly }`: `problem` is null when the value was
   * sound; `readOnly` when it comes from a newer version and must not be overwritten.
   */
  function normalize(raw) {
    if (raw === undefined) return { state: defaults(), problem: null, readOnly: false };
    if (!isObject(raw) || !Number.isInteger(raw.version)) return { state: defaults(), problem: 'unreadable', readOnly: false };
    if (raw.version > VERSION) return { state: defaults(), problem: 'newer_version', readOnly: true };
    const { settings, checklist, dismissed, silencedSites } = raw;
    const sound =
      raw.version === VERSION &&
      isObject(settings) &&
      // 'auto' or a language tag; which languages there are is the knowledge base's (the core chooses).
      typeof settings.language === 'string' &&
      typeof settings.jurisdiction === 'string' &&
      isStringList(settings.disabledPlatforms) &&
      isObject(checklist) &&
      Object.values(checklist).every((steps) => isObject(steps) && Object.values(steps).every((d) => typeof d === 'string')) &&
      isStringList(dismissed) &&
      isStringList(silencedSites);
    return sound ? { state: raw, problem: null, readOnly: false } : { state: defaults(), problem: 'unreadable', readOnly: false };
  }

  /**
   * Reads the state. A value that cannot be used is backed up and reset; a newer one is left alone.
   * The problem is reported for as long as the backup is kept, so whichever page the user opens next
   * tells them, even when the background met the bad data first (classifying a page).
   */
  async function load(area) {
    let stored;
    try {
      stored = await area.get([KEY, BACKUP_KEY]);
    } catch {
      stored = { [KEY]: null };
    }
    const raw = stored[KEY];
    const result = normalize(raw);
    if (result.problem === 'unreadable') {
      await area.set({ [BACKUP_KEY]: raw ?? null, [KEY]: result.state });
      return result;
    }
    if (result.problem === null && BACKUP_KEY in stored) return { ...result, problem: 'unreadable' };
    return result;
  }

  /** Deletes the copy of unreadable data, when the user asks to. */
  async function forgetBackup(area) {
    await area.remove(BACKUP_KEY);
  }

  /** Applies `change(state)` to the stored state and saves it, unless it belongs to a newer version. */
  async function update(area, change) {
    const { state, readOnly } = await load(area);
    if (readOnly) return { state, saved: false };
    const next = structuredClone(state);
    change(next);
    await area.set({ [KEY]: next });
    return { state: next, saved: true };
  }

  /**
   * `load(area)` kept in memory: read once, then again only after the stored state changed. For the
   * background, which reads the state for every page it classifies: a read of storage.local cost
   * about 4 ms of Firefox's ~70 ms from navigation to warning (docs/performance.md). `forget()` must
   * be called whenever `area` changes (storage.onChanged) or is written; a background that was stopped
   * starts with nothing kept and reads again, so what it uses is never older than what is stored.
   * A read under way when a change comes is not kept, nor one that failed: the next `load()` reads again.
   */
  function keptLoader(area) {
    let kept = null;
    return Object.freeze({
      load() {
        if (kept === null) {
          const reading = load(area);
          kept = reading;
          // A read that fails (a quota error while saving a repaired state) is not kept: the next
          // load tries again instead of failing until the next change.
          reading.catch(() => {
            if (kept === reading) kept = null;
          });
        }
        return kept;
      },
      forget() {
        kept = null;
      },
    });
  }

  globalThis.DisclosureLensStorage = Object.freeze({ KEY, BACKUP_KEY, VERSION, defaults, normalize, load, update, forgetBackup, keptLoader });
})();
