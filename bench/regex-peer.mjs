// The regex-per-phrase peer: how most extensions would classify a page, written honestly with ALL the
// phrases of rules/*.toml (page kinds, setting labels, every session and time word list), to compare
// the WASM core with (issue 10, target 4).
//
// Per page: the text (title, every element's text and aria-label) is folded once (accents removed),
// then every phrase is one case-insensitive RegExp with `\b` on its word-character ends, counted over
// the whole text; the page kind is the kind with most hits. Per element: an IPv4/IPv6 RegExp and a
// date/time RegExp on its text (session rows), and on each switch or checkbox its label tested against
// every setting's phrases. It does less than the core (no row grouping, no findings, no report), so a
// ratio against it flatters the peer, not the core.
import { readFileSync } from 'node:fs';
import { parse as parseToml } from 'smol-toml';
import { path } from './lib.mjs';

const fold = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function phraseRegExp(phrase) {
  const folded = fold(phrase);
  const start = /^\w/.test(folded) ? '\\b' : '';
  const end = /\w$/.test(folded) ? '\\b' : '';
  return new RegExp(`${start}${escape(folded)}${end}`, 'gi');
}

/** Every string in every list inside `value` (nested lists included). */
const stringsIn = (value) =>
  Array.isArray(value) ? value.flatMap(stringsIn) : value && typeof value === 'object' ? Object.values(value).flatMap(stringsIn) : typeof value === 'string' ? [value] : [];

/** The rules as the peer uses them: RegExps by kind, by setting, and the session word lists. */
export function loadRules() {
  const read = (name) => parseToml(readFileSync(path(`rules/${name}.toml`), 'utf8'));
  const pages = read('pages');
  const settings = read('settings');
  const sessions = read('sessions');
  const kinds = pages.kinds.map((k) => ({ kind: k.kind, res: stringsIn(k.phrases).map(phraseRegExp) }));
  const settingRules = settings.settings.map((s) => ({ id: s.id, res: stringsIn(s.phrases).map(phraseRegExp) }));
  // Only the lists: `date_order` is a setting of the language, not a phrase.
  const sessionWords = Object.values(sessions).flatMap(({ date_order: _order, ...lists }) => stringsIn(lists)).map(phraseRegExp);
  const phrases = kinds.reduce((n, k) => n + k.res.length, 0) + settingRules.reduce((n, s) => n + s.res.length, 0) + sessionWords.length;
  return { kinds, settings: settingRules, sessionWords, phrases };
}

const IP = /\b(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\b|\b(?:[0-9a-f]{1,4}:){1,7}(?::|[0-9a-f]{1,4})(?::[0-9a-f]{1,4})*\b/i;
const MONTHS = 'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|enero|ene|febrero|marzo|abril|abr|mayo|junio|julio|agosto|ago|septiembre|setiembre|octubre|noviembre|diciembre|dic';
const DATE = new RegExp(
  `\\b(?:(?:${MONTHS})\\.? \\d{1,2}(?:, \\d{4})?|\\d{1,2} (?:de )?(?:${MONTHS})(?: (?:de )?\\d{4})?|\\d{1,2}/\\d{1,2}/\\d{2,4}|\\d+ (?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?) ago|hace \\d+ (?:segundos?|minutos?|horas?|dias?|semanas?|mes(?:es)?|anos?)|yesterday|ayer|today|hoy|active now|activo ahora)\\b`,
  'i',
);

const count = (re, text) => {
  re.lastIndex = 0;
  let n = 0;
  while (re.exec(text) !== null) n++;
  return n;
};

/** Classifies one snapshot the regex way: `{ kind, words, ipNodes, dateNodes, settings }`. */
export function classifyWithRegexes(snapshot, rules) {
  const texts = [snapshot.title ?? ''];
  for (const node of snapshot.nodes) {
    if (node.text) texts.push(node.text);
    if (node.label) texts.push(node.label);
  }
  const text = fold(texts.join('\n'));
  let kind = 'unknown';
  let best = 0;
  for (const k of rules.kinds) {
    const hits = k.res.reduce((n, re) => n + count(re, text), 0);
    if (hits > best) [kind, best] = [k.kind, hits];
  }
  const words = rules.sessionWords.reduce((n, re) => n + count(re, text), 0);
  let ipNodes = 0;
  let dateNodes = 0;
  const settings = [];
  for (const node of snapshot.nodes) {
    if (node.text) {
      const t = fold(node.text);
      if (IP.test(t)) ipNodes++;
      if (DATE.test(t)) dateNodes++;
    }
    const control = node.role === 'switch' || node.input_type === 'checkbox';
    const label = control && (node.label ?? node.text);
    if (label) {
      const l = fold(label);
      const setting = rules.settings.find((s) => s.res.some((re) => count(re, l) > 0));
      if (setting) settings.push({ id: setting.id, on: node.checked === true });
    }
  }
  return { kind, words, ipNodes, dateNodes, settings };
}
