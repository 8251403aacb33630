// One reading of a data export by the archive page's WASM build, in Node: the whole zip handed to
// `ArchiveSession.addZip`, then the report. Prints `{ ms, wasmMemoryBytes, logins }` as JSON; run by
// bench/archive.mjs in a process of its own, so that its peak resident memory is this reading's.
//
//   node bench/archive-wasm.mjs EXPORT.zip
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { ArchiveSession } from '../pkg/disclosure_lens_archive.js';
import { loadCore } from './core.mjs';

const { exports: wasm } = await loadCore(new URL('../pkg', import.meta.url).pathname, 'disclosure_lens_archive');
const bytes = readFileSync(process.argv[2]);
const start = performance.now();
const session = new ArchiveSession();
const read = session.addZip(bytes);
const answer = session.report({ jurisdiction: 'US', language: 'en' });
const ms = performance.now() - start;
if (!read.ok || !answer.ok) throw new Error(JSON.stringify(read.ok ? answer.error : read.error));
// Linear memory never shrinks: its size now is the most the reading took inside WASM.
console.log(JSON.stringify({ ms, wasmMemoryBytes: wasm.memory.buffer.byteLength, logins: answer.value.logins }));
