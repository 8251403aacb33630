// One reading of a data export by the archive page's WASM build, in Node, the way the page's worker
// reads it (extension/export-files.js): the zip's directory read in JavaScript, each wanted entry's
// bytes pulled by the core a chunk at a time and inflated there, then the report. Prints `{ ms, wasmMemoryBytes, logins }` as JSON; run by bench/archive.mjs in a process of
// its own, so that its peak resident memory is this reading's.
//
//   node bench/archive-wasm.mjs EXPORT.zip
import { performance } from 'node:perf_hooks';
import { readAll, zipFiles } from '../extension/export-files.js';
import { ArchiveSession } from '../pkg/disclosure_lens_archive.js';
import { diskBlob, diskReadSync, loadCore } from './core.mjs';

const { exports: wasm } = await loadCore(new URL('../pkg', import.meta.url).pathname, 'disclosure_lens_archive');
const zip = await diskBlob(process.argv[2]);
const start = performance.now();
const session = new ArchiveSession();
readAll(session, zipFiles(zip, diskReadSync));
const answer = session.report({ jurisdiction: 'US', language: 'en' });
const ms = performance.now() - start;
if (!answer.ok) throw new Error(JSON.stringify(answer.error));
// Linear memory never shrinks: its size now is the most the reading took inside WASM.
console.log(JSON.stringify({ ms, wasmMemoryBytes: wasm.memory.buffer.byteLength, logins: answer.value.logins }));
