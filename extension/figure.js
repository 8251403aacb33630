// How often it really happens (issue 15): a finding's transparency figure as the core worded it
// (src/classify/figure.rs), and the printable report's table of a platform's figures (src/kb/export.rs).
// Nothing is worded, computed or compared here: the sentence, the period before, what it means and
// the source all come from the core. Its text goes in <div>s and its table rows straight in <table>
// (no <tbody>): the pages' own paragraphs and record rows stay the only `li p` and `tbody tr`.
// A classic script (content scripts cannot import modules): it defines `DisclosureLensFigure`; the
// extension pages import it for that.
'use strict';

(() => {
  const { element, newTabLink } = globalThis.DisclosureLensDom;

  const link = (url, text) => newTabLink(url, text, { class: 'figure-source' });

  /** A finding's figure: the sentence, then, on request, the period before, what it means and the source. */
  function figureView(figure) {
    if (!figure) return [];
    const more = [
      ...(figure.previous ? [element('div', { class: 'figure-previous', text: figure.previous })] : []),
      ...(figure.meaning ? [element('div', { class: 'figure-meaning', text: figure.meaning })] : []),
      ...(figure.source ? [element('div', {}, [link(figure.source.url, figure.source_text)])] : []),
    ];
    return [
      element('div', { class: 'figure', 'data-figure': figure.kind }, [
        element('div', { class: 'figure-text' }, [element('small', { text: figure.text })]),
        ...(more.length > 0
          ? [element('details', {}, [element('summary', {}, [element('small', { text: figure.more })]), element('div', { class: 'figure-more' }, more)])]
          : []),
      ]),
    ];
  }

  /** The report page's table of one platform's figures for one requesting country; `text` picks the language. */
  function figureTableView(table, text) {
    if (table.rows.length === 0) return element('p', { class: 'figure-none', text: text(table.none) });
    return element('div', { class: 'figure-table', 'data-country': table.country }, [
      element('table', {}, [
        element('caption', { text: text(table.caption) }),
        element('thead', {}, [element('tr', {}, table.columns.map((c) => element('th', { scope: 'col', text: text(c) })))]),
        ...table.rows.map((row) => element('tr', {}, [element('th', { scope: 'row', text: text(row.period) }), ...[row.label, row.requests, text(row.share)].map((cell) => element('td', { text: cell }))])),
      ]),
      element('p', { class: 'muted', text: text(table.meaning) }),
      element('ul', { class: 'figure-sources' }, table.sources.map((s) => element('li', {}, [link(s.url, `${s.title} (${s.read})`)]))),
    ]);
  }

  globalThis.DisclosureLensFigure = Object.freeze({ figureView, figureTableView });
})();
