// "What you can do", in real Chromium: on a session page the banner lists, under its findings, the
// steps the core decided (exactly as `dlens scan --json` reports them), with the logout note, a link
// only to the platform's own pages, reachable with the Tab key; the popup shows the first step on
// its first screen, above the findings.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { inWarnings, launchChromium } from './chromium-harness.mjs';

const FIXTURE = 'facebook/sessions-en.html';
/** The height of Chrome's largest popup: what "above the fold" means there. */
const POPUP_MAX_HEIGHT = 600;

let browser;
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser?.context.close();
});

/** Runs in the page with a warning's shadow root: its "What you can do" section, or null. */
function readNextSteps(root) {
  const next = root.querySelector('.next');
  if (!next) return null;
  const findings = [...root.querySelectorAll('[data-finding]')];
  return {
    heading: next.querySelector('h2')?.textContent ?? null,
    afterFindings: findings.every((f) => f.compareDocumentPosition(next) & Node.DOCUMENT_POSITION_FOLLOWING),
    note: next.querySelector('.logout-note')?.textContent ?? null,
    steps: [...next.querySelectorAll('li[data-step]')].map((li) => ({
      id: li.getAttribute('data-step'),
      title: li.querySelector('h3')?.textContent ?? null,
      link: li.querySelector('h3 a')?.getAttribute('href') ?? null,
      how: li.querySelector('.how')?.textContent ?? null,
      limits: li.querySelector('.limits')?.textContent ?? null,
    })),
  };
}

/** Runs in the page with a warning's shadow root: the step whose link has the focus, or null. */
const focusedStepLink = (root) => (root.activeElement?.localName === 'a' ? root.activeElement.closest('li[data-step]')?.getAttribute('data-step') ?? null : null);

test(`the banner lists the core's next steps for ${FIXTURE}, the popup the first`, async () => {
  const { page, fx } = await browser.openFixture(FIXTURE);
  const expected = fx.report.next_steps;
  assert.ok(expected.length > 0, 'the CLI reports next steps for this page (else the test proves nothing)');
  assert.ok(fx.report.logout_note, 'the CLI reports the logout note on a session page');

  const sections = (await inWarnings(page, readNextSteps)).filter(Boolean);
  assert.equal(sections.length, 1, 'one "What you can do" list on the page, in one banner');
  const [shown] = sections;
  assert.equal(shown.heading, 'What you can do');
  assert.ok(shown.afterFindings, 'under the findings');
  assert.equal(shown.note, fx.report.logout_note);
  assert.deepEqual(
    shown.steps,
    expected.map((s) => ({ id: s.id, title: s.title, link: s.same_site ? s.url : null, how: s.how, limits: `What it does not do: ${s.limits}` })),
  );

  // Keyboard: Tab from the top of the page reaches the first step's link.
  const linked = expected.find((s) => s.same_site);
  if (linked) {
    await page.evaluate(() => document.activeElement?.blur());
    let reached = null;
    for (let i = 0; i < 60 && reached === null; i++) {
      await page.keyboard.press('Tab');
      reached = (await inWarnings(page, focusedStepLink)).find(Boolean) ?? null;
    }
    assert.equal(reached, linked.id, 'the step link is reachable with Tab');
  }

  const { popup } = await browser.openPopup(fx.url);
  const first = popup.locator('#next-step');
  assert.equal(await first.getAttribute('data-step'), expected[0].id);
  const text = await first.textContent();
  for (const part of [expected[0].title, expected[0].how, expected[0].limits]) assert.ok(text.includes(part), `the popup's step shows "${part}"`);
  assert.equal(await first.locator('a').getAttribute('href'), expected[0].url);
  const box = await first.boundingBox();
  assert.ok(box && box.y + box.height <= POPUP_MAX_HEIGHT, `the first step ends within the popup's first ${POPUP_MAX_HEIGHT} px (ends at ${box && box.y + box.height})`);
  const beforeFindings = await popup.evaluate(() => Boolean(document.getElementById('next-step').compareDocumentPosition(document.getElementById('findings')) & Node.DOCUMENT_POSITION_FOLLOWING));
  assert.ok(beforeFindings, 'above the findings');
});
