// The toolbar popup: the report for one tab. The tab is the active one, or the `tab` query parameter
// (end-to-end tests open the popup in a tab of its own, where the active tab is the popup itself).
import './protocol.js';
import { localize, t } from './i18n.js';

const { api, MESSAGE, send } = globalThis.DisclosureLens;

async function reportedTabId() {
  const given = new URLSearchParams(location.search).get('tab');
  if (given !== null) return Number(given);
  const [active] = await api.tabs.query({ active: true, currentWindow: true });
  return active?.id;
}

function element(tag, props = {}, children = []) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'text') el.textContent = value;
    else el.setAttribute(key, value);
  }
  el.append(...children);
  return el;
}

function reportView(report) {
  const platform = report.platform_name || t('platformUnknown');
  const facts = element('dl', {}, [
    element('dt', { text: t('popupPlatform') }),
    element('dd', { id: 'platform', text: platform }),
    element('dt', { text: t('popupPage') }),
    element('dd', { id: 'page-kind', text: t(`pageKind_${report.page_kind}`) }),
  ]);
  const findings = report.findings.map((finding) =>
    element('li', { class: 'finding', 'data-severity': finding.severity }, [
      element('h3', { text: finding.title }),
      element('p', { text: finding.text }),
      ...finding.sources.map((s) => element('a', { href: s.url, target: '_blank', rel: 'noopener noreferrer', text: t('sourceLink', s.title) })),
    ]),
  );
  const heading = element('h2', { text: findings.length > 0 ? t('popupFindings') : t('popupNoFindings') });
  return [facts, heading, element('ul', { id: 'findings' }, findings)];
}

async function main() {
  localize();
  const status = document.getElementById('status');
  const tabId = await reportedTabId();
  const answer = tabId === undefined ? { ok: true, value: null } : await send(MESSAGE.GET_REPORT, { tabId });
  if (!answer.ok) {
    status.textContent = t('popupError', answer.error?.message ?? '');
    return;
  }
  if (answer.value === null) {
    status.textContent = t('popupNoReport');
    return;
  }
  document.getElementById('report').replaceChildren(...reportView(answer.value));
}

main();
