// The printable report: every platform's records in the user's chosen jurisdiction, as the core's
// knowledge-base export decided them (what the warning says, on whose word, which processes with their
// statutes, what is kept), with their sources, and the user's checklist progress. Nothing here words
// a legal fact of its own: an answer the export lacks belongs in src/kb/export.rs.
import { element, loadContext, localize, progress, progressBar } from './pages.js';
import './figure.js'; // after pages.js, which loads dom.js

function processesView({ kb, text }, jurisdiction) {
  return element(
    'dl',
    {},
    kb.vocabulary.processes
      .filter((p) => p.jurisdiction === jurisdiction)
      .flatMap((p) => [element('dt', { text: `${text(p.name)} (${text(p.statute)})` }), element('dd', { text: text(p.about) })]),
  );
}

/** Each source with the date of the text the facts were read from, in the core's words. */
function sourceLinks({ t, text }, sources) {
  return sources.map((s) => element('a', { href: s.url, text: `${s.title} (${t('reportSourceAsOf', text(s.as_of_text))})` }));
}

function recordRow(context, record) {
  const { t, text, kb } = context;
  const process = (id) => kb.vocabulary.processes.find((p) => p.id === id);
  const recordName = text(kb.vocabulary.records.find((r) => r.id === record.id)?.name) || record.id;
  const named = record.processes.map((id) => element('li', { class: 'platform-process', text: `${text(process(id)?.name) || id} (${text(process(id)?.statute)})` }));
  const law = record.law.map((l) => element('li', { class: 'law-process', text: `${t('reportBasis_law')}: ${text(process(l.process)?.name) || l.process} (${text(l.statute)}): ${text(l.scope)}` }));
  return element('tr', { 'data-record': record.id, 'data-basis': record.basis, 'data-kept': record.kept }, [
    element('th', { scope: 'row' }, [element('span', { text: recordName }), ...(record.scope ? [element('span', { class: 'scope', text: ` (${text(record.scope)})` })] : [])]),
    // data-label: each cell's column heading, shown above it when the table is one column (paper, phones).
    element('td', { class: 'kept', 'data-label': t('reportKept'), text: t(`reportKept_${record.kept}`) }),
    element('td', { class: 'says', 'data-label': t('reportSays') }, [element('strong', { class: `basis basis-${record.basis}`, text: t(`reportBasis_${record.basis}`) }), element('p', { text: text(record.text) })]),
    element('td', { 'data-label': t('reportProcess') }, [element('ul', { class: 'processes' }, [...named, ...law])]),
    element('td', { 'data-label': t('reportDetail'), text: [text(record.detail), text(record.retention)].filter(Boolean).join(' ') }),
    element('td', { 'data-label': t('whySources') }, sourceLinks(context, [...record.sources, ...record.law.flatMap((l) => l.sources)])),
  ]);
}

function platformView(context, platform, jurisdiction) {
  const { t, text, state } = context;
  const records = platform.records.filter((r) => r.jurisdiction === jurisdiction);
  const steps = platform.checklist.map((step) => {
    const doneOn = state.checklist[platform.id]?.[step.id];
    return element('li', { class: doneOn ? 'done' : '' }, [
      element('strong', { text: `${doneOn ? '☑' : '☐'} ${text(step.title)}` }),
      element('span', { text: ` ${text(step.how)} ` }),
      element('a', { href: step.url, text: step.url }),
    ]);
  });
  const table =
    records.length > 0
      ? element('table', {}, [
          element('thead', {}, [
            element('tr', {}, ['reportRecord', 'reportKept', 'reportSays', 'reportProcess', 'reportDetail', 'whySources'].map((k) => element('th', { scope: 'col', text: t(k) }))),
          ]),
          element('tbody', {}, records.map((r) => recordRow(context, r))),
        ])
      : element('p', { class: 'no-records', text: t('reportNoRecords') });
  return element('section', { class: 'platform', 'data-platform': platform.id }, [
    element('h2', { text: platform.name }),
    element('p', { class: 'muted operator', text: `${text(platform.operator)} · ${t('whyReviewed', text(platform.reviewed_text))}` }),
    progressBar(t, progress(state, platform), t('progressOf', platform.name)),
    table,
    ...platform.figures.filter((f) => f.jurisdiction === jurisdiction && (jurisdiction !== 'EU' || f.country === (state.settings.memberState ?? ''))).map((f) => globalThis.DisclosureLensFigure.figureTableView(f, text)),
    element('h3', { text: t('whyNotice') }),
    element('p', { text: text(platform.notice.text) }),
    element('h3', { text: t('popupChecklist', platform.name) }),
    element('ul', { class: 'steps' }, steps),
  ]);
}

/**
 * A box per platform: only the chosen platforms are shown and printed. The popup opens the report with
 * its tab's platform chosen (`?platform=`); opened otherwise, none is, and the prompt asks for a choice.
 */
function choosePlatforms({ kb }, sections) {
  const chosen = new Set(new URLSearchParams(location.search).getAll('platform'));
  const fieldset = document.getElementById('choose');
  const prompt = document.getElementById('choose-prompt');
  const show = () => {
    for (const section of sections) section.hidden = !chosen.has(section.dataset.platform);
    prompt.hidden = chosen.size > 0;
  };
  fieldset.append(
    ...kb.platforms.map((p) => {
      const id = `choose-${p.id}`;
      const box = element('input', { type: 'checkbox', id, checked: chosen.has(p.id) });
      box.addEventListener('change', () => {
        if (box.checked) chosen.add(p.id);
        else chosen.delete(p.id);
        show();
      });
      return element('span', { class: 'check' }, [box, element('label', { for: id, text: p.name })]);
    }),
  );
  show();
}

async function main() {
  const context = await loadContext();
  const { t, text, kb, state } = context;
  const { jurisdiction } = state.settings;
  localize(t, context.language);
  const name = text(kb.vocabulary.jurisdictions.find((j) => j.id === jurisdiction)?.name) || jurisdiction;
  document.getElementById('jurisdiction').textContent = t('reportJurisdiction', name);
  document.getElementById('print').addEventListener('click', () => window.print());
  document.getElementById('processes').append(processesView(context, jurisdiction));
  const sections = kb.platforms.map((p) => platformView(context, p, jurisdiction));
  document.getElementById('platforms').append(...sections);
  choosePlatforms(context, sections);
  document.body.dataset.ready = 'true';
}

main();
