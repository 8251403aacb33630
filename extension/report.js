// The printable report: every platform's facts with their sources, and the user's checklist progress.
import { element, loadContext, localize, progress, progressBar } from './pages.js';

function processesView({ kb, text }) {
  return element(
    'dl',
    {},
    kb.vocabulary.processes.flatMap((p) => [element('dt', { text: `${text(p.name)} (${p.statute})` }), element('dd', { text: text(p.about) })]),
  );
}

function platformView(context, platform) {
  const { t, text, kb, state } = context;
  const processName = (id) => text(kb.vocabulary.processes.find((p) => p.id === id)?.name) || id;
  const recordName = (id) => text(kb.vocabulary.records.find((r) => r.id === id)?.name) || id;
  const reachText = (fact) => {
    if (fact.processes.length > 0) return fact.processes.map(processName).join(', ');
    return t(fact.encrypted === 'end_to_end' ? 'reportEndToEnd' : 'whyNotStated');
  };
  const sourceById = new Map(platform.sources.map((s) => [s.id, s]));
  const sourceLinks = (ids) => ids.map((id) => sourceById.get(id)).filter(Boolean).map((s) => element('a', { href: s.url, text: `${s.title} (${s.read})` }));
  const rows = platform.facts.map((fact) =>
    element('tr', {}, [
      element('th', { scope: 'row', text: recordName(fact.record) }),
      element('td', { text: reachText(fact) }),
      element('td', { text: [text(fact.detail), text(fact.retention)].filter(Boolean).join(' ') }),
      element('td', {}, sourceLinks(fact.sources)),
    ]),
  );
  const steps = platform.checklist.map((step) => {
    const doneOn = state.checklist[platform.id]?.[step.id];
    return element('li', { class: doneOn ? 'done' : '' }, [
      element('strong', { text: `${doneOn ? '☑' : '☐'} ${text(step.title)}` }),
      element('span', { text: ` ${text(step.how)} ` }),
      element('a', { href: step.url, text: step.url }),
    ]);
  });
  return element('section', { class: 'platform', 'data-platform': platform.id }, [
    element('h2', { text: platform.name }),
    element('p', { class: 'muted', text: `${platform.operator} · ${t('whyReviewed', platform.reviewed)}` }),
    progressBar(t, progress(state, platform), t('progressOf', platform.name)),
    element('table', {}, [
      element('thead', {}, [element('tr', {}, ['reportRecord', 'reportProcess', 'reportDetail', 'whySources'].map((k) => element('th', { scope: 'col', text: t(k) })))]),
      element('tbody', {}, rows),
    ]),
    element('h3', { text: t('whyNotice') }),
    element('p', { text: text(platform.notice.text) }),
    element('h3', { text: t('popupChecklist', platform.name) }),
    element('ul', { class: 'steps' }, steps),
  ]);
}

async function main() {
  const context = await loadContext();
  localize(context.t, context.language);
  document.getElementById('print').addEventListener('click', () => window.print());
  document.getElementById('processes').append(processesView(context));
  document.getElementById('platforms').append(...context.kb.platforms.map((p) => platformView(context, p)));
  document.body.dataset.ready = 'true';
}

main();
