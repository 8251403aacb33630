// The extension's scripts only extract, transport and render: which platform, record or legal process
// a page is about is the core's data. A script that names one (e.g. picks a finding by the record id
// 'login_ip_log') has made a decision the knowledge base should make, and this test fails.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';

const root = new URL('../../', import.meta.url);
/** build/kb.json: `dlens kb --json`, every platform with its records, their processes and the law's floor. */
const kb = JSON.parse(readFileSync(new URL('build/kb.json', root), 'utf8'));

/** Every platform, record and process id the knowledge base exports, each with what it is. */
export function knowledgeBaseIds(platforms) {
  const ids = new Map();
  for (const platform of platforms) {
    ids.set(platform.id, 'platform');
    for (const record of platform.records) {
      ids.set(record.id, 'record');
      for (const process of record.processes) ids.set(process, 'process');
      for (const law of record.law) ids.set(law.process, 'process');
    }
  }
  return ids;
}

/** The ids `source` names as a whole string literal ('id', "id" or `id`), with what each is. */
export function namedIds(source, ids) {
  return [...source.matchAll(/(['"`])([\w-]+)\1/g)].map((m) => m[2]).filter((literal) => ids.has(literal)).map((id) => `${id} (${ids.get(id)})`);
}

test('the knowledge base export lists platforms, records and processes to look for', () => {
  const kinds = new Set(knowledgeBaseIds(kb).values());
  assert.deepEqual([...kinds].sort(), ['platform', 'process', 'record']);
});

test('a script that names a record id is caught', () => {
  const ids = knowledgeBaseIds(kb);
  const [record] = [...ids].find(([, kind]) => kind === 'record');
  assert.deepEqual(namedIds(`const SESSION_RECORD = '${record}';`, ids), [`${record} (record)`]);
});

for (const file of readdirSync(new URL('extension/', root)).filter((f) => f.endsWith('.js'))) {
  test(`extension/${file} names no platform, record or process id`, () => {
    const source = readFileSync(new URL(`extension/${file}`, root), 'utf8');
    assert.deepEqual(namedIds(source, knowledgeBaseIds(kb)), []);
  });
}
