// What the end-to-end suites share: the built packages, the fixture pages with their real addresses,
// the CLI as the oracle of what the extension must show, and where evidence goes.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';
import { parse as parseToml } from 'smol-toml';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BUILD = (browser) => join(ROOT, 'build', browser);
/** Screenshots and timings; git-ignored. */
export const OUT = join(ROOT, 'test-output');
mkdirSync(OUT, { recursive: true });

/**
 * Copies a screenshot a test took (under OUT) to docs/screenshots/<docPath>, only when the run was asked
 * to refresh the docs' images (UPDATE_SCREENSHOTS=1): an ordinary run leaves the tracked files alone.
 */
export function publishScreenshot(taken, docPath) {
  if (process.env.UPDATE_SCREENSHOTS !== '1') return;
  const to = join(ROOT, 'docs', 'screenshots', docPath);
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(taken, to);
}

/** The number of pages of a PDF: its page objects, in the file or in its compressed object streams (Firefox's). */
export function pdfPages(pdf) {
  const raw = pdf.toString('latin1');
  const streams = [...raw.matchAll(/stream\r?\n/g)].map((m) => {
    const start = m.index + m[0].length;
    try {
      return inflateSync(pdf.subarray(start, raw.indexOf('endstream', start))).toString('latin1');
    } catch {
      return ''; // not a deflated stream
    }
  });
  return [raw, ...streams].join('\n').match(/\/Type\s*\/Page\b(?!s)/g)?.length ?? 0;
}

/** The header of facebook.com-like pages: it blocks inline script, inline style and WebAssembly in the page. */
export const STRICT_CSP = "default-src 'self'; script-src 'self'";

/**
 * A fixture page: its HTML, and the report the CLI makes of it (which includes its real address),
 * read at `now` (RFC 3339, e.g. a report's `subpoena_view.as_of`) when given, else at the current time.
 */
export function fixture(relativePath, now) {
  const path = join(ROOT, 'tests', 'fixtures', 'pages', relativePath);
  const html = readFileSync(path, 'utf8');
  const at = now ? ['--now', now] : [];
  const json = execFileSync(join(ROOT, 'target', 'release', 'dlens'), ['scan', '--json', ...at, path], { encoding: 'utf8' });
  const report = JSON.parse(json);
  return { path, html, url: report.url, report };
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Records a measurement for the run's summary (test-output/timings-<browser>.json) and prints it. */
export function recordTimings(browser, name, values) {
  const summary = { name, runs: values, median: median(values), min: Math.min(...values), max: Math.max(...values) };
  writeFileSync(join(OUT, `timings-${browser}.json`), `${JSON.stringify(summary, null, 2)}\n`);
  console.log(`# ${browser}: ${name}: median ${summary.median} ms over ${values.length} runs (min ${summary.min}, max ${summary.max})`);
}

/**
 * Reads one warning, given its shadow root (closed: the harnesses reach it through CDP in Chromium and
 * WebDriver in Firefox, never through the page). Runs in the page. What it shows and where it sits:
 * its role (banner or marker), when it appeared (ms since navigation start), its findings' ids and
 * texts, its whole text, the text of the row a marker follows, the banner's subpoena view
 * (label -> figure), a marker's setting and wording and the state of the switch before it, how many
 * elements that could load or run something (img, script, iframe) it contains, and whether it can be
 * seen (no hidden or transparent ancestor, not of zero size).
 */
export function readWarning(root) {
  const host = root.host;
  const role = root.querySelector('.banner') ? 'banner' : 'marker';
  const box = host.getBoundingClientRect();
  return {
    role,
    renderedAt: Number(root.querySelector('[data-rendered-at]')?.getAttribute('data-rendered-at')),
    findings: [...root.querySelectorAll('[data-finding]')].map((s) => s.getAttribute('data-finding')),
    texts: [...root.querySelectorAll('.text')].map((p) => p.textContent),
    text: [...root.children].filter((c) => c.localName !== 'style').map((c) => c.textContent).join(''),
    rowText: role === 'marker' ? host.previousElementSibling?.textContent ?? null : null,
    view: Object.fromEntries([...root.querySelectorAll('.view dl > div')].map((d) => [d.querySelector('dt').textContent, d.querySelector('dd').textContent])),
    setting: root.querySelector('[data-setting]')?.getAttribute('data-setting') ?? null,
    chip: root.querySelector('.chip')?.textContent ?? null,
    beside: host.previousElementSibling?.getAttribute('aria-checked') ?? null,
    markupInside: root.querySelectorAll('img, script, iframe').length,
    visible: host.isConnected && host.checkVisibility({ opacityProperty: true, visibilityProperty: true }) && box.width > 0 && box.height > 0,
  };
}

/**
 * Runs in the page, with a warning's shadow root: scrolls the element matching `selector` into view
 * and returns the centre of its box (where a real click lands), or null when the warning has none.
 */
export function centreOfInWarning(root, selector) {
  const el = root.querySelector(selector);
  if (!el) return null;
  el.scrollIntoView({ block: 'center' });
  const box = el.getBoundingClientRect();
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/**
 * Runs in the page, with a warning's shadow root: puts an OPEN copy of the warning beside it, marked
 * `data-axe-copy`, for axe-core, which cannot enter closed shadow roots. Same styles, same tree.
 */
export function openCopyOfWarning(root) {
  const copy = document.createElement(root.host.localName);
  copy.style.cssText = root.host.style.cssText;
  copy.setAttribute('data-axe-copy', '');
  copy.attachShadow({ mode: 'open' }).append(...[...root.childNodes].map((n) => n.cloneNode(true)));
  root.host.after(copy);
  return true;
}

/** How many different non-empty values. */
export const distinct = (values) => new Set(values.filter((v) => v !== '')).size;

/** Runs in an extension page: the tab id whose stored report is for `url`. */
export async function tabIdForUrlInExtension(url) {
  const api = globalThis.browser ?? globalThis.chrome;
  const stored = await api.storage.session.get(null);
  const entry = Object.entries(stored).find(([key, report]) => key.startsWith('report:') && report?.url === url);
  return entry ? Number(entry[0].slice('report:'.length)) : null;
}

/** The expectation for a fixture page, from its directory's expected.toml. */
export function expectedPage(relativePath) {
  const [dir, file] = relativePath.split('/');
  const expected = parseToml(readFileSync(join(ROOT, 'tests', 'fixtures', 'pages', dir, 'expected.toml'), 'utf8'));
  const page = expected.page.find((p) => p.file === file);
  if (!page) throw new Error(`${relativePath} has no entry in its expected.toml`);
  return { sessions: [], settings: [], ...page };
}
