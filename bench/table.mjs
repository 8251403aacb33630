// Prints the results of the benchmark parts (target/bench/results/*.json) as one table, by target of
// issue 10, with each figure's spread and the load the machine was under when it was measured.
//
//   node bench/table.mjs
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { RESULTS, ms, path, showRatio } from './lib.mjs';

const GOALS = {
  1: 'navigation -> warning, warm worker, slow subresource: <= 1.3x the floor; cold beside it',
  2: 'extraction <= 3x a bare TreeWalker at 5,000 and 20,000 elements; no task > 50 ms at 20,000',
  3: 'input conversion <= 25% of a classify call; WASM / native <= 2.0 (typical page)',
  4: 'regex-per-phrase peer / WASM core >= 10x over the corpus, >= 2x on the small page',
  5: '.wasm <= 400,000 B after wasm-opt',
  native: 'context: the native benchmark (cargo bench), ratios of medians over the same rounds',
};

const parts = existsSync(RESULTS) ? readdirSync(RESULTS).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(`${RESULTS}${f}`, 'utf8'))) : [];
const rows = parts.flatMap((part) => part.rows.map((row) => ({ ...row, part })));

const nativePath = path('target/bench-native.json');
if (existsSync(nativePath)) {
  const native = JSON.parse(readFileSync(nativePath, 'utf8'));
  for (const size of native.sizes) {
    rows.push({ target: 'native', what: `native classify / bare automaton scan, ${size.name} (${size.nodes} nodes)`, ratioOfMedians: size.classify_over_bare_scan, note: `classify ${ms(size.classify.median_ms)} (${ms(size.classify.p10_ms)}-${ms(size.classify.p90_ms)})`, part: { machine: native.machine, date: null } });
    rows.push({ target: 'native', what: `native classify, rules x10 / normal, ${size.name}`, ratioOfMedians: size.rules_x10_over_normal, note: `${native.phrases_x10} phrases`, part: { machine: native.machine, date: null } });
  }
}

const figure = (row) => {
  if (row.ratio) return showRatio(row.ratio);
  if (row.ratioOfMedians) return `${row.ratioOfMedians.toFixed(2)}x`;
  const v = row.value;
  if (row.unit === 'B') return `${row.value.toLocaleString('en')} B${row.value2 ? ` / ${row.value2.toLocaleString('en')} B` : ''}`;
  return `${ms(v.median)} (${ms(v.p10)}-${ms(v.p90)})`;
};
const times = (row) => (row.numerator_ms ? `${ms(row.numerator_ms.median)} / ${ms(row.denominator_ms.median)}` : '');
const load = (row) => (row.part.machine?.load ? row.part.machine.load[0].toFixed(1) : '');

const widths = [74, 28, 22, 5];
const line = (cells) => cells.map((c, i) => (i < widths.length ? (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i])) : c)).join('  ');
console.log(line(['figure', 'median (p10-p90)', 'medians (a / b)', 'load', 'how']));
for (const target of Object.keys(GOALS)) {
  const group = rows.filter((r) => r.target === target);
  console.log(`\n[${target}] ${GOALS[target]}`);
  if (group.length === 0) console.log('  (not measured in this run: see make bench-* targets)');
  for (const row of group) console.log(line([`  ${row.what}`, figure(row), times(row), load(row), row.note ?? '']));
}
const dates = parts.map((p) => p.date).filter(Boolean).sort();
console.log(`\nratios: median of per-round ratios (p10-p90); "medians (a / b)": the two sides' own medians; load: 1-min load average when the part ended`);
if (dates.length) console.log(`measured ${dates[0]} to ${dates.at(-1)}; methods: ${parts.map((p) => `${p.part}: ${p.method}`).join('; ')}`);
