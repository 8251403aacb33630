// The snapshots the Node and native peers classify, written to target/bench/corpus.json:
// - small: facebook/login-en (a sign-in page, ~100 elements);
// - typical: facebook/sessions-en (a session list, ~500 elements);
// - corpus: every fixture page of tests/fixtures/pages (the 108 pages of the end-to-end and corpus tests).
// Each is `dlens snapshot <page>`: what the CLI, and the live extraction, give the core.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { path } from './lib.mjs';

const PAGES = path('tests/fixtures/pages/');
const snapshot = (relative) => JSON.parse(execFileSync(path('target/release/dlens'), ['snapshot', `${PAGES}${relative}`], { encoding: 'utf8', maxBuffer: 64 << 20 }));

export function writeCorpus() {
  const all = readdirSync(PAGES, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => readdirSync(`${PAGES}${d.name}`).filter((f) => f.endsWith('.html')).map((f) => `${d.name}/${f}`))
    .sort();
  const sets = { small: [snapshot('facebook/login-en.html')], typical: [snapshot('facebook/sessions-en.html')], corpus: all.map(snapshot) };
  mkdirSync(path('target/bench'), { recursive: true });
  writeFileSync(path('target/bench/corpus.json'), JSON.stringify(sets));
  return Object.fromEntries(Object.entries(sets).map(([name, pages]) => [name, { pages: pages.length, nodes: pages.reduce((n, p) => n + p.nodes.length, 0) }]));
}
