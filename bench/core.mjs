// Loads a built core in Node as the extension does: the module, then its data file
// (src/data_file.rs). A build from before the data file (another checkout's pkg/, for a side-by-side
// figure) embeds its data and has no `loadData`: it is loaded as it was. And files on disk as the
// archive page's code (extension/export-files.js) takes them: a Blob, and a synchronous reader of it,
// which Node lacks (the page's worker has FileReaderSync).
import { closeSync, openAsBlob, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `{ core, exports }`: the initialised module `<dir>/<name>.js` (default: the background's core) and
 * its WebAssembly instance's exports (its memory).
 */
export async function loadCore(dir, name = 'disclosure_lens') {
  const core = await import(join(dir, `${name}.js`));
  const exports = core.initSync({ module: readFileSync(join(dir, `${name}_bg.wasm`)) });
  if (core.loadData) {
    const loaded = core.loadData(readFileSync(join(dir, 'disclosure_lens_data.bin')));
    if (!loaded.ok) throw new Error(`${dir}: ${loaded.error.message}`);
  }
  return { core, exports };
}

/** Where each Blob made by `diskBlob` is on disk. */
const blobPaths = new WeakMap();

/** The file at `path` as a Blob (its bytes are read when asked, not now). */
export async function diskBlob(path) {
  const blob = await openAsBlob(path);
  blobPaths.set(blob, path);
  return blob;
}

/** Bytes `start` to `end` of a Blob made by `diskBlob`, read synchronously: export-files.js's `readSync` in Node. */
export function diskReadSync(blob, start, end) {
  const bytes = Buffer.alloc(Math.max(0, end - start));
  const fd = openSync(blobPaths.get(blob), 'r');
  try {
    return bytes.subarray(0, readSync(fd, bytes, 0, bytes.length, start));
  } finally {
    closeSync(fd);
  }
}
