// Clicking the add-on's toolbar button in real Firefox, as the user does, so that Firefox grants
// activeTab for the current tab and opens the real popup; then running code in that popup. The twin of
// chromium-harness.mjs's clickToolbarButton (CDP Extensions.triggerAction).
//
// The button is browser chrome, out of reach of WebDriver's content context: the harness's session
// may switch to the chrome context (geckodriver runs with --allow-system-access). There, Firefox puts
// an add-on's button in the unified extensions panel by default: the test clicks the panel's toolbar
// button (#unified-extensions-button), then the add-on's button in it (`<widget id>-BAP`), with WebDriver
// Element Click, i.e. a real click that Firefox treats as the user's.
//
// The popup is a remote <browser> in that panel; WebDriver cannot switch into it ("no such frame"), so
// code runs in it through a frame script (its message manager), which evaluates an expression in the
// popup page and sends back its value, as Chromium's Runtime.evaluate does.
import { GECKO_ID } from '../../tools/manifest.mjs';

/** Firefox's id for the add-on's widgets: the add-on id, lower case, other characters as `_`. */
const WIDGET = GECKO_ID.toLowerCase().replace(/[^a-z0-9_-]/g, '_');
const POPUP_BROWSER = '.webextension-popup-browser';
const POLL_MS = 50;

async function findOne(session, selector) {
  const found = await session.cmd('POST', '/elements', { using: 'css selector', value: selector });
  return found.length > 0 ? Object.values(found[0])[0] : null;
}

async function waitForOne(session, selector, timeoutMs = 10000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const id = await findOne(session, selector);
    if (id) return id;
    if (Date.now() > deadline) throw new Error(`no ${selector} in Firefox's window`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Runs `fn` with the session in the chrome context, and puts it back in the content context. */
async function inChrome(session, fn) {
  await session.setContext('chrome');
  try {
    return await fn();
  } finally {
    await session.setContext('content');
  }
}

/**
 * In the chrome window: loads a frame script into the popup's browser that evaluates `expression` in
 * the popup page (a sandbox whose prototype is the page's window, without Xrays: the page's own
 * objects), awaits it, and answers `{ value }` or `{ error }`.
 */
function evaluateInPopupFromChrome(selector, expression, done) {
  const popup = document.querySelector(selector);
  if (!popup?.messageManager) return done({ error: 'the popup is not open' });
  const reply = `dlens-test:popup:${Math.random()}`;
  const listener = ({ data }) => {
    popup.messageManager.removeMessageListener(reply, listener);
    done(data);
  };
  popup.messageManager.addMessageListener(reply, listener);
  const script = `(${(expression, reply) => {
    const sandbox = Components.utils.Sandbox(content, { sandboxPrototype: content, wantXrays: false });
    Promise.resolve()
      .then(() => Components.utils.evalInSandbox(expression, sandbox))
      .then((value) => sendAsyncMessage(reply, { value: JSON.parse(JSON.stringify(value ?? null)) }))
      .catch((error) => sendAsyncMessage(reply, { error: String(error?.message ?? error) }));
  }})(${JSON.stringify(expression)}, ${JSON.stringify(reply)})`;
  popup.messageManager.loadFrameScript(`data:,${encodeURIComponent(script)}`, false);
}

/**
 * Clicks the add-on's toolbar button for the current tab of `firefox` (a launchFirefox() result), which
 * grants activeTab there and opens the popup. Returns `evaluate(expression)` in that popup, which
 * resolves to the expression's (awaited, JSON) value.
 */
export async function clickToolbarButton(firefox) {
  const { session } = firefox;
  await inChrome(session, async () => {
    await session.click(await waitForOne(session, '#unified-extensions-button'));
    await session.click(await waitForOne(session, `#${WIDGET}-BAP`));
    await waitForOne(session, POPUP_BROWSER);
  });
  return async (expression) => {
    // A frame script loaded while the popup's browser is still being set up can be dropped with it, and
    // its answer never comes (once in a full CI run: WebDriver's script timeout, 20 s, on the popup's
    // first check; the same test passed alone four times). Asked again once, in the popup as it is now.
    for (let attempt = 1; ; attempt++) {
      try {
        const answer = await inChrome(session, () => session.executeAsync(`(selector, expression) => new Promise((done) => (${evaluateInPopupFromChrome})(selector, expression, done))`, POPUP_BROWSER, expression));
        if (answer.error) throw new Error(`in the popup: ${answer.error}`);
        return answer.value;
      } catch (error) {
        if (attempt === 2 || !/script timeout/.test(error.message)) throw error;
      }
    }
  };
}
