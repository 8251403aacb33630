// "What you can do", written once and run in both browsers (next-step-chromium.test.mjs,
// next-step-firefox.test.mjs; the driver: browsers.mjs): on a session page the banner lists, under its
// findings, the steps the core decided (exactly as `dlens scan --json` reports them), with the logout
// note, a link only to the platform's own pages, reachable with the Tab key; the popup shows the first
// step on its first screen, above the findings.
import assert from 'node:assert/strict';

const FIXTURE = 'facebook/sessions-en.html';
/** The height of Chrome's largest popup: what "above the fold" means there. */
const POPUP_MAX_HEIGHT = 600;

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

/** Runs in the popup: its first step as shown. */
function readPopupStep() {
  const first = document.getElementById('next-step');
  const box = first.getBoundingClientRect();
  return {
    id: first.getAttribute('data-step'),
    text: first.textContent,
    link: first.querySelector('a')?.getAttribute('href') ?? null,
    bottom: box.y + box.height,
    beforeFindings: Boolean(first.compareDocumentPosition(document.getElementById('findings')) & Node.DOCUMENT_POSITION_FOLLOWING),
  };
}

export function nextStepTests(test, driver, options = {}) {
  test(`the banner lists the core's next steps for ${FIXTURE}, the popup the first`, options, async () => {
    const { fx, url } = await driver.openFixture(FIXTURE);
    const expected = fx.report.next_steps;
    assert.ok(expected.length > 0, 'the CLI reports next steps for this page (else the test proves nothing)');
    assert.ok(fx.report.logout_note, 'the CLI reports the logout note on a session page');

    const sections = (await driver.inWarnings(readNextSteps)).filter(Boolean);
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
      await driver.inPage(() => document.activeElement?.blur());
      let reached = null;
      for (let i = 0; i < 60 && reached === null; i++) {
        await driver.pressTab();
        reached = (await driver.inWarnings(focusedStepLink)).find(Boolean) ?? null;
      }
      assert.equal(reached, linked.id, 'the step link is reachable with Tab');
    }

    await driver.openPopup(url);
    const first = await driver.inPage(readPopupStep);
    assert.equal(first.id, expected[0].id);
    for (const part of [expected[0].title, expected[0].how, expected[0].limits]) assert.ok(first.text.includes(part), `the popup's step shows "${part}"`);
    assert.equal(first.link, expected[0].url);
    assert.ok(first.bottom <= POPUP_MAX_HEIGHT, `the first step ends within the popup's first ${POPUP_MAX_HEIGHT} px (ends at ${first.bottom})`);
    assert.ok(first.beforeFindings, 'above the findings');
  });
}
