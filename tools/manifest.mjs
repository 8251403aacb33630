// Writes the extension manifest for one browser from one source: this file.
//
//   node tools/manifest.mjs chrome|firefox KB.json > manifest.json
//
// KB.json is `dlens kb --json`; the content script runs only on the hosts the knowledge base lists,
// so the extension asks for no permission on any other site.
import { readFileSync } from 'node:fs';

export const GECKO_ID = 'disclosure-lens@disclosure-lens.org';

/** The content scripts, in load order; the popup injects the same list on demand (popup.js). */
export const CONTENT_SCRIPTS = ['protocol.js', 'dom.js', 'figure.js', 'extract.js', 'content.js'];

/** The extension pages' and background's CSP. */
export const EXTENSION_PAGES_CSP = "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'; connect-src 'self'";

/**
 * Match patterns for where the content scripts run. A platform with `account_hosts` (kb/platforms/*.toml:
 * where its account, session, privacy... pages live) gets exactly those hosts, `https://host/*`; any
 * other platform every host and its subdomains, `https://*.host/*`, which also matches `host` itself.
 * The Rust side checks that every known account page and checklist page is matched
 * (`Platform::content_script_runs_on`, tests/account_hosts.rs).
 */
export function hostPatterns(platforms) {
  const patterns = platforms.flatMap((platform) =>
    platform.account_hosts ? platform.account_hosts.map((host) => `https://${host}/*`) : platform.hosts.map((host) => `https://*.${host}/*`),
  );
  return [...new Set(patterns)].sort();
}

/**
 * When each browser injects the declared content scripts; content.js starts its work once the DOM is
 * parsed either way. document_idle would also wait for slow images and scripts (Chromium: the load
 * event, or 200 ms after DOMContentLoaded), and the warning with them (docs/performance.md).
 * - Firefox: document_start, and content.js waits for DOMContentLoaded itself, with a capture
 *   listener on the window added before any page script. Firefox runs document_end scripts when it
 *   hears DOMContentLoaded in the page, so a page that stopped the event on the window kept the
 *   extension from running at all (tests/e2e/hostile-page.mjs).
 * - Chromium: document_end, already within about 1.1x of a one-line floor injected there; at
 *   document_start the five scripts' first run would come before the page's own parsing, for nothing.
 */
const RUN_AT = { chrome: 'document_end', firefox: 'document_start' };

export function manifest(browser, platforms, version) {
  const matches = hostPatterns(platforms);
  const common = {
    manifest_version: 3,
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    version,
    default_locale: 'en',
    // storage: the per-tab reports (session) and the user's settings and checklist (local).
    // activeTab + scripting: on a site the knowledge base does not list, the popup's "Scan this page"
    // reads that one tab, once, when the user asks; no permission for all sites is needed.
    permissions: ['storage', 'activeTab', 'scripting'],
    action: { default_popup: 'popup.html', default_title: '__MSG_extName__' },
    options_ui: { page: 'options.html', open_in_tab: true },
    content_scripts: [
      {
        matches,
        js: CONTENT_SCRIPTS,
        run_at: RUN_AT[browser],
      },
    ],
    // MV3 forbids WebAssembly unless 'wasm-unsafe-eval' is allowed; nothing else is loosened.
    // connect-src 'self': the background and the extension pages can fetch only the extension's own
    // files, so "sends nothing" is enforced by the browser, not just kept by the code.
    content_security_policy: { extension_pages: EXTENSION_PAGES_CSP },
  };
  switch (browser) {
    case 'chrome':
      // 121: the first Chrome with module service workers and storage.session as used here.
      return { ...common, minimum_chrome_version: '121', background: { service_worker: 'background.js', type: 'module' } };
    case 'firefox':
      return {
        ...common,
        // Firefox runs the same module as a background script (it has no MV3 service workers).
        background: { scripts: ['background.js'], type: 'module' },
        // Firefox reads data_collection_permissions from 140 on desktop (140 is the ESR Debian 12 ships)
        // and from 142 on Android; gecko_android gives Android its own minimum, the rest of gecko
        // applies to both (https://extensionworkshop.com/documentation/develop/firefox-builtin-data-consent/).
        browser_specific_settings: {
          gecko: {
            id: GECKO_ID,
            strict_min_version: '140.0',
            data_collection_permissions: { required: ['none'] },
          },
          gecko_android: { strict_min_version: '142.0' },
        },
      };
    default:
      throw new Error(`unknown browser ${JSON.stringify(browser)}: use chrome or firefox`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [browser, kbPath] = process.argv.slice(2);
  const platforms = JSON.parse(readFileSync(kbPath, 'utf8'));
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`${JSON.stringify(manifest(browser, platforms, version), null, 2)}\n`);
}
