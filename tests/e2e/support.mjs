// What the end-to-end suites share: the built packages, the fixture pages with their real addresses,
// the CLI as the oracle of what the extension must show, and where evidence goes.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseToml } from 'smol-toml';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BUILD = (browser) => join(ROOT, 'build', browser);
/** Screenshots and timings; git-ignored. */
export const OUT = join(ROOT, 'test-output');
mkdirSync(OUT, { recursive: true });

/** The header of facebook.com-like pages: it blocks inline script, inline style and WebAssembly in the page. */
export const STRICT_CSP = "default-src 'self'; script-src 'self'";

/** The tag of the extension's warnings in a page (protocol.js HOST_TAG). */
export const HOST_TAG = 'disclosure-lens-warning';

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
 * Reads the warnings in the page: for each host element, its `renderedAt` time and its findings' texts.
 * Runs in the page; shadow roots are open, so the page can read them as a person would see them.
 */
export function readWarningsInPage(hostTag) {
  return [...document.querySelectorAll(hostTag)].map((host) => ({
    renderedAt: Number(host.dataset.renderedAt),
    texts: [...host.shadowRoot.querySelectorAll('.text')].map((p) => p.textContent),
    findings: [...host.shadowRoot.querySelectorAll('[data-finding]')].map((s) => s.dataset.finding),
  }));
}

/**
 * Runs in the page: what each of our hosts shows, and where it sits: its role, its text, the text of
 * the row a marker sits on, the banner's subpoena view (label -> figure) and how many elements that
 * could load or run something (img, script, iframe) it contains.
 */
export function readUi(hostTag) {
  return [...document.querySelectorAll(hostTag)].map((host) => ({
    role: host.dataset.role,
    text: host.shadowRoot.textContent,
    rowText: host.dataset.role === 'marker' ? host.parentElement.textContent : null,
    view: Object.fromEntries([...host.shadowRoot.querySelectorAll('.view dl > div')].map((d) => [d.querySelector('dt').textContent, d.querySelector('dd').textContent])),
    markupInside: host.shadowRoot.querySelectorAll('img, script, iframe').length,
  }));
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
