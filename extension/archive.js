// The archive page: the user picks a platform's data export (its .zip or its unpacked folder); a
// worker (archive.worker.js) reads it with the core, and this page shows the core's report — the
// counts, a timeline, the addresses, places and devices by frequency, and which legal process
// reaches the record, in the user's jurisdiction, with sources and the platform's own figures, and
// what to do next. Every figure and sentence is the core's (in the reader's language, the reasons a
// file was skipped included); this page only formats dates and numbers for the language and draws the
// timeline (filling in the months without logins, scaled to the busiest, which its summary names).
// Nothing is stored: the report lives in this page until "Forget it", which also stops a reading.
import { api, element, loadContext, localize, newTabLink, stepLink } from './pages.js';
import './figure.js'; // after pages.js, which loads dom.js

/**
 * The data-export core's module and data file, read once from the extension's own files and handed to
 * each reading's worker (archive.worker.js), which has no `runtime.getURL` and fetches nothing.
 */
const coreFiles = Promise.all(
  ['pkg/disclosure_lens_archive_bg.wasm', 'pkg/disclosure_lens_data.bin'].map((path) => fetch(api.runtime.getURL(path)).then((response) => response.arrayBuffer())),
).then(([module, data]) => ({ module, data }));

/** Rows shown per table on screen; a printed page shows fewer (archive.css). */
const TABLE_ROWS = 100;
const SVG = 'http://www.w3.org/2000/svg';

const context = await loadContext();
const { t, language, kb, text, state } = context;
const { jurisdiction } = state.settings;
const options = { jurisdiction, language, member_state: state.settings.memberState ?? null, now: Date.now() };
const number = new Intl.NumberFormat(language);
const dateTime = new Intl.DateTimeFormat(language, { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' });
const monthName = new Intl.DateTimeFormat(language, { month: 'long', year: 'numeric', timeZone: 'UTC' });
const when = (rfc3339) => (rfc3339 ? `${dateTime.format(new Date(rfc3339))} UTC` : t('archiveNone'));
const monthLabel = (month) => monthName.format(new Date(`${month}-01T00:00:00Z`));

const $ = (id) => document.getElementById(id);
let worker = null;

/** Stops a reading in progress; its worker, and the core's memory with it, are gone. */
function stopReading() {
  worker?.terminate();
  worker = null;
  $('reading').hidden = true;
  busy(false);
}

/**
 * While the core makes the report from what it read, the bar has no value to show: it goes
 * indeterminate and the region says it is busy, rather than sitting at 100%.
 */
function busy(working) {
  if (working) {
    $('progress').removeAttribute('value');
    $('reading').setAttribute('aria-busy', 'true');
  } else {
    $('reading').removeAttribute('aria-busy');
  }
}

function read(source) {
  stopReading();
  $('result').replaceChildren();
  $('print').hidden = true;
  $('progress').removeAttribute('value');
  $('reading').hidden = false;
  $('status').textContent = t('archiveReading', '0');
  worker = new Worker(new URL('archive.worker.js', import.meta.url), { type: 'module' });
  worker.onmessage = ({ data }) => {
    if (data.reading === null) {
      busy(true);
      $('status').textContent = t('archiveReporting');
      return;
    }
    // The status names the file being read (the worker says so before any of its bytes); the bar
    // shows how much of the export is read.
    if (data.reading !== undefined) {
      $('status').textContent = t('archiveReadingFile', data.reading);
      return;
    }
    if (data.progress) {
      const { done, total } = data.progress;
      $('progress').value = total > 0 ? Math.min(done / total, 1) : 0;
      return;
    }
    stopReading();
    show(data.answer);
  };
  worker.onerror = (event) => {
    stopReading();
    show({ ok: false, error: { code: 'failed', message: event.message } });
  };
  // Handed over once the core's files are read, unless this reading was stopped or replaced meanwhile.
  const reading = worker;
  coreFiles.then(
    (core) => worker === reading && reading.postMessage({ ...source, options, core }),
    (error) => {
      if (worker !== reading) return;
      stopReading();
      show({ ok: false, error: { code: 'failed', message: String(error?.message ?? error) } });
    },
  );
}

function show(answer) {
  if (!answer.ok) {
    const key = { unreadable: 'archiveUnreadable', unrecognised: 'archiveUnrecognised' }[answer.error.code] ?? 'archiveFailed';
    $('status').textContent = t(key);
    // The worker's own messages are string names; the core's are already in the reader's language.
    const detail = answer.error.key ? t(answer.error.key) : answer.error.message;
    $('result').replaceChildren(element('p', { class: 'detail', text: detail }));
    return;
  }
  const report = answer.value;
  $('status').textContent = t('archiveDone', report.platform_name, number.format(report.read.length));
  $('result').replaceChildren(platformView(report));
  $('print').hidden = false;
}

function platformView(report) {
  // [label, what is shown, the core's value (data-value: the same figure, unformatted), its name]
  const figures = [
    ['archiveLogins', number.format(report.logins), report.logins, 'logins'],
    ['archiveIps', number.format(report.ips), report.ips, 'ips'],
    ['archivePlaces', number.format(report.places.length), report.places.length, 'places'],
    ['archiveDevices', number.format(report.devices.length), report.devices.length, 'devices'],
    ['archiveFirst', when(report.first), report.first ?? '', 'first'],
    ['archiveLast', when(report.last), report.last ?? '', 'last'],
    ['archiveWithoutIp', number.format(report.without_ip), report.without_ip, 'without-ip'],
  ];
  return element('section', { class: 'platform', 'aria-labelledby': 'platform-heading' }, [
    element('h2', { id: 'platform-heading', text: report.platform_name }),
    element('dl', { id: 'figures' }, figures.flatMap(([key, shown, value, name]) => [element('dt', { text: t(key) }), element('dd', { 'data-figure': name, 'data-value': value, text: shown })])),
    element('p', { class: 'muted', text: t('archiveCounted') }),
    timelineView(report.by_month),
    findingsView(report),
    nextStepsView(report),
    rankedTable('addresses', t('archiveAddresses'), [t('archiveIp'), t('archiveLoginsColumn'), t('archiveFirst'), t('archiveLast'), t('archivePlaces')], report.addresses, (a) => [
      a.ip,
      number.format(a.logins),
      when(a.first),
      when(a.last),
      a.places.join('; '),
    ]),
    rankedTable('places', t('archivePlaces'), [t('archivePlace'), t('archiveLoginsColumn')], report.places, (p) => [p.name, number.format(p.logins)]),
    rankedTable('devices', t('archiveDevices'), [t('archiveDevice'), t('archiveLoginsColumn')], report.devices, (d) => [d.name, number.format(d.logins)]),
    filesView(report),
  ]);
}

/** Every month from the first login's to the last's (months without logins included), with its count. */
function months(byMonth) {
  if (byMonth.length === 0) return [];
  const counts = new Map(byMonth.map((m) => [m.month, m.logins]));
  const [firstYear, firstMonth] = byMonth[0].month.split('-').map(Number);
  const [lastYear, lastMonth] = byMonth.at(-1).month.split('-').map(Number);
  const all = [];
  for (let index = firstYear * 12 + firstMonth - 1; index <= lastYear * 12 + lastMonth - 1; index += 1) {
    const month = `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
    all.push({ month, logins: counts.get(month) ?? 0 });
  }
  return all;
}

function svg(name, attributes, children = []) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  node.append(...children);
  return node;
}

/**
 * Logins per month as bars (one per month, a year label under each January and the first month),
 * described in words for screen readers, with the same numbers as a table per year and month.
 */
function timelineView(byMonth) {
  const all = months(byMonth);
  const heading = element('h3', { id: 'timeline-heading', text: t('archiveTimeline') });
  if (all.length === 0) return element('section', { id: 'timeline' }, [heading, element('p', { text: t('archiveNone') })]);
  const busiest = byMonth.reduce((a, b) => (b.logins > a.logins ? b : a));
  const summary = t('archiveTimelineSummary', monthLabel(all[0].month), monthLabel(all.at(-1).month), monthLabel(busiest.month), number.format(busiest.logins));
  const [width, height, bottom] = [720, 160, 20];
  const barWidth = width / all.length;
  const scale = (height - bottom - 4) / busiest.logins;
  const bars = all.flatMap((m, i) => {
    const barHeight = m.logins * scale;
    const x = i * barWidth;
    const bar = svg('rect', { x: x + barWidth * 0.1, y: height - bottom - barHeight, width: Math.max(barWidth * 0.8, 1), height: barHeight, class: 'bar' }, [svg('title', {}, [`${monthLabel(m.month)}: ${number.format(m.logins)}`])]);
    const year = i === 0 || m.month.endsWith('-01') ? [svg('text', { x, y: height - 4, class: 'year' }, [m.month.slice(0, 4)])] : [];
    return [bar, ...year];
  });
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': 'timeline-heading timeline-summary', class: 'chart' }, [
    svg('line', { x1: 0, x2: width, y1: height - bottom, y2: height - bottom, class: 'axis' }),
    ...bars,
  ]);
  const rows = byMonth.map((m) => element('tr', {}, [element('th', { scope: 'row', text: monthLabel(m.month) }), element('td', { text: number.format(m.logins) })]));
  return element('section', { id: 'timeline', 'aria-labelledby': 'timeline-heading' }, [
    heading,
    element('p', { id: 'timeline-summary', text: summary }),
    chart,
    element('details', { class: 'no-print' }, [
      element('summary', { text: t('archiveTimelineTable') }),
      element('table', { id: 'timeline-table' }, [
        element('caption', { text: t('archiveTimeline') }),
        element('thead', {}, [element('tr', {}, [element('th', { scope: 'col', text: t('archiveMonth') }), element('th', { scope: 'col', text: t('archiveLoginsColumn') })])]),
        element('tbody', {}, rows),
      ]),
    ]),
  ]);
}

/** A table of `items`, most frequent first as the core ranked them, the first TABLE_ROWS of them. */
function rankedTable(id, title, columns, items, cells) {
  const shown = items.slice(0, TABLE_ROWS);
  const more = items.length > shown.length ? [element('p', { class: 'muted', text: t('archiveMore', number.format(items.length - shown.length)) })] : [];
  const body =
    items.length === 0
      ? [element('p', { text: t('archiveNone') })]
      : [
          element('table', { id }, [
            element('thead', {}, [element('tr', {}, columns.map((c) => element('th', { scope: 'col', text: c })))]),
            element('tbody', {}, shown.map((item) => element('tr', {}, cells(item).map((c, i) => element(i === 0 ? 'th' : 'td', i === 0 ? { scope: 'row', text: c } : { text: c }))))),
          ]),
          ...more,
        ];
  return element('section', { class: 'ranked', 'aria-labelledby': `${id}-heading` }, [element('h3', { id: `${id}-heading`, text: title }), ...body]);
}

function findingsView(report) {
  const jurisdictionName = text(kb.vocabulary.jurisdictions.find((j) => j.id === report.jurisdiction)?.name) || report.jurisdiction;
  const findings = report.findings.map((finding) =>
    element('li', { class: 'finding', 'data-severity': finding.severity }, [
      element('h4', { text: finding.title }),
      element('p', { text: finding.text }),
      element('dl', {}, finding.why.processes.flatMap((p) => [element('dt', { text: `${p.name} (${p.statute})` }), element('dd', { text: p.about })])),
      ...(finding.why.detail ? [element('p', { text: finding.why.detail })] : []),
      ...finding.sources.map((s) => newTabLink(s.url, t('sourceLink', s.title))),
      ...globalThis.DisclosureLensFigure.figureView(finding.figure),
    ]),
  );
  return element('section', { id: 'findings', 'aria-labelledby': 'findings-heading' }, [
    element('h3', { id: 'findings-heading', text: t('archiveFindings') }),
    element('p', { class: 'muted', text: t('reportJurisdiction', jurisdictionName) }),
    ...(report.no_facts ? [element('p', { text: report.no_facts })] : []),
    element('ul', {}, findings),
  ]);
}

/** What to do next: the platform's checklist steps for these records, each with what it does not do. */
function nextStepsView(report) {
  const steps = report.next_steps.map((step) =>
    element('li', { class: 'step', 'data-step': step.id }, [
      element('h4', { text: step.title }),
      element('p', { text: step.how }),
      element('p', { class: 'limits', text: t('nextStepLimits', step.limits) }),
      ...(step.same_site ? [stepLink(t, step)] : []),
    ]),
  );
  return element('section', { id: 'next-steps', 'aria-labelledby': 'next-steps-heading' }, [
    element('h3', { id: 'next-steps-heading', text: t('archiveNextSteps') }),
    ...(steps.length > 0 ? [element('ul', {}, steps)] : [element('p', { text: t('archiveNone') })]),
    ...(report.logout_note ? [element('p', { class: 'limits', id: 'logout-note', text: report.logout_note })] : []),
  ]);
}

function filesView(report) {
  const list = (items) => element('ul', { class: 'files' }, items.map(([path, why]) => element('li', {}, [element('code', { text: path }), ` — ${why}`])));
  const skipped = report.skipped.length + report.skipped_unlisted;
  return element('section', { id: 'files', class: 'no-print', 'aria-labelledby': 'files-heading' }, [
    element('h3', { id: 'files-heading', text: t('archiveFiles') }),
    element('details', {}, [element('summary', { text: t('archiveRead', number.format(report.read.length)) }), element('ul', { class: 'files' }, report.read.map((p) => element('li', {}, [element('code', { text: p })])))]),
    element('details', { id: 'skipped' }, [element('summary', { text: t('archiveSkipped', number.format(skipped)) }), list(report.skipped.map((s) => [s.path, s.reason]))]),
    ...(report.errors.length > 0
      ? [element('details', { id: 'errors', open: '' }, [element('summary', { text: t('archiveErrors', number.format(report.errors.length)) }), list(report.errors.map((e) => [e.path, e.message]))])]
      : []),
  ]);
}

/** Clears everything this page holds: the reading, the report, the picked files. */
function forget() {
  stopReading();
  $('result').replaceChildren();
  $('print').hidden = true;
  $('zip').value = '';
  $('folder').value = '';
  $('status').textContent = t('archiveForgotten');
}

localize(t, language);
$('zip').addEventListener('change', (event) => {
  const [zip] = event.target.files;
  if (zip) read({ zip });
});
$('folder').addEventListener('change', (event) => {
  // Paths inside the export, as `dlens archive FOLDER` names them: without the picked folder's own name.
  const folder = [...event.target.files].map((file) => ({ path: file.webkitRelativePath.split('/').slice(1).join('/') || file.name, file }));
  if (folder.length > 0) read({ folder });
});
$('cancel').addEventListener('click', () => {
  stopReading();
  $('status').textContent = t('archiveCancelled');
});
$('forget').addEventListener('click', forget);
$('print').addEventListener('click', () => window.print());
document.body.dataset.ready = 'true';
