// A minimal W3C WebDriver client for geckodriver, over fetch: only what the Firefox suite uses.
// No npm WebDriver client is needed, and nothing here downloads a driver or a browser.
import { execFileSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** The key under which WebDriver returns element references. */
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

/** WebDriver's codes for keys that are not characters. */
export const KEY = Object.freeze({ TAB: '\uE004', SPACE: '\uE00D', ENTER: '\uE007' });

/** A free TCP port on the loopback interface. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Checks the version a browser binary reports with `--version` ("Mozilla Firefox 140.12.0esr") against
 * `minimum` ("140.0"); returns the version, or throws "<name> ≥ 140 needed, found 128.14.0esr (<binary>)"
 * followed by `hint`, so that a run on an older browser says what it needs instead of failing later.
 */
export function requireBrowserVersion({ name, binary, minimum, hint = '' }) {
  const needed = `${name} ≥ ${minimum.replace(/\.0$/, '')} needed`;
  let reported;
  try {
    reported = execFileSync(binary, ['--version'], { encoding: 'utf8', timeout: 60000, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    throw new Error(`${needed}, but ${binary} --version failed: ${error.message.split('\n')[0]}. ${hint}`.trim());
  }
  const version = /(\d+)\.(\d+)[\w.]*/.exec(reported);
  if (!version) throw new Error(`${needed}, but ${binary} --version said ${JSON.stringify(reported.trim())}. ${hint}`.trim());
  const [major, minor = 0] = minimum.split('.').map(Number);
  const [found, foundMajor, foundMinor] = [version[0], Number(version[1]), Number(version[2])];
  if (foundMajor < major || (foundMajor === major && foundMinor < minor)) {
    throw new Error(`${needed}, found ${found} (${binary}). ${hint}`.trim());
  }
  return found;
}

/**
 * Starts geckodriver on a free loopback port, in a process group of its own (so that stopping it also
 * stops the Firefox it started). `--allow-system-access` lets sessions open moz-extension:// pages.
 * Returns { url, stop, output }.
 */
export async function startGeckodriver({ binary = process.env.GECKODRIVER || 'geckodriver', env = {}, timeoutMs = 10000 } = {}) {
  const port = await freePort();
  const child = spawn(binary, ['--host', '127.0.0.1', '--port', String(port), '--allow-system-access'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const collect = (chunk) => {
    output += chunk;
    if (output.length > 200000) output = output.slice(-100000);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let spawnError = null;
  child.once('error', (error) => {
    spawnError = error;
  });

  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    // The whole group: geckodriver and any Firefox it left behind.
    const signalGroup = (signal) => {
      try {
        process.kill(-child.pid, signal);
      } catch {
        /* already gone */
      }
    };
    signalGroup('SIGTERM');
    const done = await Promise.race([exited.then(() => true), sleep(3000).then(() => false)]);
    signalGroup('SIGKILL');
    if (!done) await Promise.race([exited, sleep(2000)]);
  };

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (spawnError) throw new Error(`could not start geckodriver (${binary}): ${spawnError.message}`);
    if (child.exitCode !== null) throw new Error(`geckodriver exited with ${child.exitCode}:\n${output}`);
    try {
      const status = await (await fetch(`${url}/status`)).json();
      if (status?.value?.ready !== undefined) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`geckodriver did not answer on ${url} within ${timeoutMs} ms:\n${output}`);
    }
    await sleep(50);
  }
  return { url, stop, output: () => output };
}

export class WebDriverError extends Error {
  constructor(method, path, status, value) {
    super(`${method} ${path}: ${status} ${value?.error ?? ''}: ${value?.message ?? JSON.stringify(value)}`);
    this.error = value?.error;
  }
}

/** No command may take longer (page loads and scripts have their own, shorter WebDriver timeouts). */
const COMMAND_TIMEOUT_MS = 45000;

async function call(base, method, path, body) {
  const response = await fetch(`${base}${path}`, {
    method,
    signal: AbortSignal.timeout(COMMAND_TIMEOUT_MS),
    headers: body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new WebDriverError(method, path, response.status, { message: text });
  }
  if (!response.ok) throw new WebDriverError(method, path, response.status, parsed.value);
  return parsed.value;
}

/** A script for execute/sync or execute/async: the function is called with the arguments (and, async, the callback last). */
const scriptOf = (fn) => `return (${fn}).apply(null, arguments);`;

export class Session {
  /**
   * New Firefox session. `firefox` is moz:firefoxOptions ({ binary, args, prefs, ... }).
   * Insecure (self-signed) certificates are accepted: the fixture server makes its own.
   */
  static async create(driverUrl, { firefox, timeouts = { script: 20000, pageLoad: 20000, implicit: 0 } } = {}) {
    const value = await call(driverUrl, 'POST', '/session', {
      capabilities: {
        alwaysMatch: {
          browserName: 'firefox',
          acceptInsecureCerts: true,
          pageLoadStrategy: 'normal',
          timeouts,
          'moz:firefoxOptions': firefox,
        },
      },
    });
    return new Session(driverUrl, value.sessionId, value.capabilities);
  }

  constructor(driverUrl, id, capabilities) {
    this.base = `${driverUrl}/session/${id}`;
    this.id = id;
    this.capabilities = capabilities;
  }

  cmd(method, path, body) {
    return call(this.base, method, path, body);
  }

  navigate(url) {
    return this.cmd('POST', '/url', { url });
  }

  /** Reloads the current page and waits for it to load. */
  refresh() {
    return this.cmd('POST', '/refresh', {});
  }

  currentUrl() {
    return this.cmd('GET', '/url');
  }

  /** Runs `fn(...args)` in the current browsing context and returns its (JSON) result. */
  execute(fn, ...args) {
    return this.cmd('POST', '/execute/sync', { script: scriptOf(fn), args });
  }

  /** Runs `fn(...args)`, which may be async or return a promise; its resolved value is returned. */
  executeAsync(fn, ...args) {
    const script = `const done = arguments[arguments.length - 1];
      Promise.resolve().then(() => (${fn}).apply(null, [...arguments].slice(0, -1)))
        .then((value) => done({ ok: true, value }), (error) => done({ ok: false, error: String(error?.stack ?? error) }));`;
    return this.cmd('POST', '/execute/async', { script, args }).then((answer) => {
      if (!answer?.ok) throw new Error(`script failed in the browser: ${answer?.error}`);
      return answer.value;
    });
  }

  /** Element references for a CSS selector (possibly none). */
  async findElements(selector) {
    const found = await this.cmd('POST', '/elements', { using: 'css selector', value: selector });
    return found.map((ref) => ref[ELEMENT]);
  }

  elementText(elementId) {
    return this.cmd('GET', `/element/${elementId}/text`);
  }

  /**
   * The element that `fn(...args)` returns in the page, as a reference for other commands: reaches
   * into open shadow roots, which CSS selectors from outside cannot.
   */
  async elementBy(fn, ...args) {
    const ref = await this.execute(fn, ...args);
    if (!ref?.[ELEMENT]) throw new Error(`no element from ${fn}`);
    return ref[ELEMENT];
  }

  /** Clicks an element as a user would (for an <option>, selects it and fires input and change). */
  click(elementId) {
    return this.cmd('POST', `/element/${elementId}/click`, {});
  }

  /** Clicks the first element matching `selector`. */
  async clickOn(selector) {
    const [id] = await this.findElements(selector);
    if (id === undefined) throw new Error(`nothing matches ${selector}`);
    return this.click(id);
  }

  /**
   * Presses and releases each key in turn on the focused element, as a keyboard would: `KEY.TAB`,
   * `KEY.SPACE`, or any single character.
   */
  async pressKeys(...keys) {
    const actions = keys.flatMap((value) => [{ type: 'keyDown', value }, { type: 'keyUp', value }]);
    await this.cmd('POST', '/actions', { actions: [{ type: 'key', id: 'keyboard', actions }] });
    await this.cmd('DELETE', '/actions');
  }

  /** The rendered text of every element matching `selector`. */
  async texts(selector) {
    const ids = await this.findElements(selector);
    return Promise.all(ids.map((id) => this.elementText(id)));
  }

  /** Saves a PNG of the viewport. */
  async screenshot(path) {
    const base64 = await this.cmd('GET', '/screenshot');
    writeFileSync(path, Buffer.from(base64, 'base64'));
  }

  /** Saves a PNG of the whole document, beyond the viewport (a geckodriver extension). */
  async fullPageScreenshot(path) {
    const base64 = await this.cmd('GET', '/moz/screenshot/full');
    writeFileSync(path, Buffer.from(base64, 'base64'));
  }

  /** The text of the user prompt (alert, confirm, prompt) open in the current tab, or null when there is none. */
  async alertText() {
    try {
      return await this.cmd('GET', '/alert/text');
    } catch (error) {
      if (error.error === 'no such alert') return null;
      throw error;
    }
  }

  dismissAlert() {
    return this.cmd('POST', '/alert/dismiss', {});
  }

  windowHandle() {
    return this.cmd('GET', '/window');
  }

  /** The handles of every open tab. */
  windowHandles() {
    return this.cmd('GET', '/window/handles');
  }

  /** Opens a new tab and returns its handle (the current context does not change). */
  async newTab() {
    const { handle } = await this.cmd('POST', '/window/new', { type: 'tab' });
    return handle;
  }

  switchTo(handle) {
    return this.cmd('POST', '/window', { handle });
  }

  /** Closes the current tab; switch to another one afterwards. */
  closeTab() {
    return this.cmd('DELETE', '/window');
  }

  windowRect() {
    return this.cmd('GET', '/window/rect');
  }

  setWindowRect(rect) {
    return this.cmd('POST', '/window/rect', rect);
  }

  /** 'content' (web pages, the default) or 'chrome' (Firefox's privileged scope; needs --allow-system-access). */
  setContext(context) {
    return this.cmd('POST', '/moz/context', { context });
  }

  /** Installs an add-on (a directory or an .xpi) for the session only; returns its id. */
  installTemporaryAddon(path) {
    return this.cmd('POST', '/moz/addon/install', { path, temporary: true });
  }

  /** Ends the session; geckodriver then stops Firefox and removes the profile. */
  async delete() {
    await call(this.base, 'DELETE', '');
  }
}
