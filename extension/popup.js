// The toolbar popup: the report for one tab (what the background decided is shown there), that
// platform's checklist, progress on every platform, and the dismissed warnings and silenced sites.
// The tab is the active one, or the `tab` query parameter (end-to-end tests open the popup in a tab
// of its own, where the active tab is the popup itself).
import { MESSAGE, Storage, api, choicesView, element, loadContext, newTabLink, showProblem, localize, progress, progressBar, send, stepLink } from './pages.js';
import './figure.js'; // after pages.js, which loads dom.js

/** The content scripts the manifest declares for the sites it knows, in load order: a scan injects the same. */
const contentScripts = () => api.runtime.getManifest().content_scripts.flatMap((entry) => entry.js ?? []);
/** How long to wait for the report of a page scanned on request. */
const SCAN_TIMEOUT_MS = 10000;

async function reportedTabId() {
  const given = new URLSearchParams(location.search).get('tab');
  if (given !== null) return Number(given);
  const [active] = await api.tabs.query({ active: true, currentWindow: true });
  return active?.id;
}

function reportView({ t }, { report, shown }) {
  const facts = element('dl', {}, [
    element('dt', { text: t('popupPlatform') }),
    element('dd', { id: 'platform', text: report.platform_name || t('platformUnknown') }),
    element('dt', { text: t('popupPage') }),
    element('dd', { id: 'page-kind', text: t(`pageKind_${report.page_kind}`) }),
  ]);
  const view = report.subpoena_view;
  const summary = view
    ? [
        element('p', { text: t('viewShownTitle') }),
        element('dl', { id: 'subpoena-view' }, globalThis.DisclosureLens.shownCounts(t, view).flatMap(([label, value]) => [element('dt', { text: label }), element('dd', { text: value })])),
      ]
    : [];
  const findings = report.findings.filter((f) => shown.findings.includes(f.id)).map((finding) =>
    element('li', { class: 'finding', 'data-severity': finding.severity }, [
      element('h3', { text: finding.title }),
      element('p', { text: finding.text }),
      ...globalThis.DisclosureLensFigure.figureView(finding.figure),
      // The link says where it goes: the source's title and its site.
      ...finding.sources.map((s) => newTabLink(s.url, `${t('sourceLink', s.title)} (${new URL(s.url).host})`)),
    ]),
  );
  // A page whose records the knowledge base has no facts for in the chosen jurisdiction says so in the
  // core's words: an empty list must never read as "no risk".
  const heading = findings.length > 0 || !report.no_facts
    ? element('h3', { text: findings.length > 0 ? t('popupFindings') : t('popupNoFindings') })
    : element('p', { id: 'no-facts', text: report.no_facts });
  const silenced = shown.silenced ? [element('p', { id: 'silenced-here', text: t('popupSilenced') })] : [];
  // The core read only the start of the page: what follows may be incomplete.
  const partial = report.partial ? [element('p', { id: 'partial', text: t('partialPage') })] : [];
  // The first screen: the one thing to do and the verdict on this page; the page's facts and counts after them.
  return [...partial, ...nextStepView(t, report), heading, ...silenced, element('ul', { id: 'findings' }, findings), facts, ...summary];
}

/** The first thing to do about this page, on the popup's first screen; the checklist below has the rest. */
function nextStepView(t, report) {
  const [step] = report.next_steps;
  if (!step) return [];
  return [
    element('div', { id: 'next-step', 'data-step': step.id }, [
      element('h3', { text: t('nextStepsTitle') }),
      element('p', {}, [element('strong', { text: step.title })]),
      element('p', { text: step.how }),
      element('p', { class: 'muted', text: t('nextStepLimits', step.limits) }),
      stepLink(t, step),
    ]),
  ];
}

/**
 * On a site the knowledge base does not list, nothing reads the page until the user asks: the button
 * injects the content scripts into this one tab (activeTab), and the popup waits for the report.
 */
function scanOffer(context, tabId) {
  const { t } = context;
  const note = element('p', { id: 'status', text: t('popupNoReport') });
  const button = element('button', { type: 'button', id: 'scan', text: t('scanPage') });
  button.addEventListener('click', async () => {
    button.disabled = true;
    note.textContent = t('scanRunning');
    try {
      await api.scripting.executeScript({ target: { tabId }, files: contentScripts() });
    } catch (error) {
      note.textContent = t('scanRefused', String(error?.message ?? error));
      button.disabled = false;
      return;
    }
    const tabReport = await waitForReport(tabId);
    if (tabReport) note.replaceWith(...reportView(context, tabReport));
    else note.textContent = t('scanNoAnswer');
    button.remove();
  });
  return [note, button];
}

async function waitForReport(tabId) {
  const deadline = Date.now() + SCAN_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const answer = await send(MESSAGE.GET_REPORT, { tabId });
    if (answer.ok && answer.value) return answer.value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return null;
}

function stepView(context, scope, platform, step, onChange) {
  const { t, text, state } = context;
  const id = `${scope}-${platform.id}-${step.id}`;
  const checkbox = element('input', { type: 'checkbox', id, checked: Boolean(state.checklist[platform.id]?.[step.id]), 'data-step': step.id });
  checkbox.addEventListener('change', () => onChange(platform, step, checkbox.checked));
  return element('li', { class: 'step' }, [
    element('div', { class: 'step-head' }, [checkbox, element('label', { for: id, text: text(step.title) })]),
    element('p', { text: text(step.how) }),
    element('p', { class: 'muted', text: `${t('stepDoneWhen')} ${text(step.done_when)}` }),
    element('p', { class: 'muted', text: `${t('stepLimits')} ${text(step.limits)}` }),
    stepLink(t, step),
  ]);
}

/**
 * One platform's checklist, collapsed under a summary with `title` and the platform's progress.
 * `scope` keeps element ids unique when one platform's checklist shows twice.
 */
function checklistView(context, scope, platform, title, onChange) {
  const { t } = context;
  return element('details', { 'data-platform': platform.id }, [
    element('summary', scope === 'tab' ? { id: 'checklist-heading' } : {}, [element('span', { class: 'name', text: title }), progressBar(t, progress(context.state, platform), t('progressOf', platform.name))]),
    element('ul', { class: 'steps' }, platform.checklist.map((step) => stepView(context, scope, platform, step, onChange))),
  ]);
}

function allPlatformsView(context, onChange) {
  const items = context.kb.platforms.map((platform) => element('li', {}, [checklistView(context, 'all', platform, platform.name, onChange)]));
  return [element('ul', { class: 'platforms' }, items)];
}

async function main() {
  const tabId = await reportedTabId();
  const getReport = () => (tabId === undefined ? { ok: true, value: null } : send(MESSAGE.GET_REPORT, { tabId }));
  const answer = await getReport();
  const report = answer.ok ? answer.value?.report ?? null : null;
  const context = await loadContext({ pageLanguage: report?.language });
  const { t, kb } = context;
  localize(t, context.language);
  showProblem(context);

  const tabSection = document.getElementById('tab');
  const tabHeading = tabSection.firstElementChild;
  const showTab = ({ ok, value, error }) => {
    const status = element('p', { id: 'status' });
    if (!ok) status.textContent = t('popupError', error?.message ?? '');
    else if (value === null) return tabSection.replaceChildren(tabHeading, ...scanOffer(context, tabId));
    else return tabSection.replaceChildren(tabHeading, ...reportView(context, value));
    return tabSection.replaceChildren(tabHeading, status);
  };
  showTab(answer);

  const platform = kb.platforms.find((p) => p.id === report?.platform);
  // The printable report opens with this tab's platform chosen.
  if (platform) document.getElementById('open-report').search = new URLSearchParams({ platform: platform.id }).toString();
  const render = () => {
    if (platform) {
      // Collapsed, with the progress in view: the first screen is the page's next step and verdict.
      const section = document.getElementById('checklist');
      section.replaceChildren(checklistView(context, 'tab', platform, t('popupChecklist', platform.name), onChange));
      section.hidden = false;
    }
    const all = document.getElementById('all');
    all.replaceChildren(all.firstElementChild, ...allPlatformsView(context, onChange));
    document.getElementById('choices').replaceWith(choicesView(context));
  };
  const onChange = async (changed, step, done) => {
    const focused = document.activeElement?.id;
    const { state } = await Storage.update(api.storage.local, (s) => {
      s.checklist[changed.id] ??= {};
      if (done) s.checklist[changed.id][step.id] = new Date().toISOString().slice(0, 10);
      else delete s.checklist[changed.id][step.id];
    });
    context.state = state;
    const open = [...document.querySelectorAll('details[open]')].map((d) => d.closest('section').id + ' ' + d.dataset.platform);
    render();
    for (const key of open) {
      const [section, id] = key.split(' ');
      document.querySelector(`#${section} details[data-platform="${id}"]`)?.setAttribute('open', '');
    }
    if (focused) document.getElementById(focused)?.focus();
  };
  render();
  // A restored warning or site shows again here at once, as it does in the page.
  api.storage.onChanged.addListener(async (changes, area) => {
    if (area !== 'local' || !changes[Storage.KEY]) return;
    context.state = Storage.normalize(changes[Storage.KEY].newValue).state;
    document.getElementById('choices').replaceWith(choicesView(context));
    if (report !== null) showTab(await getReport());
  });
  tabSection.dataset.ready = 'true';
}

main();
