// The archive page's reader. It runs in a worker so that the page stays responsive and Cancel stops
// it at once (the page terminates the worker, and with it the core's memory). It reads the zip's
// central directory itself (export-files.js) and hands the core (its own build with the export
// reader, pkg/disclosure_lens_archive*) one file at a time, which the core pulls a chunk at a time
// (read with FileReaderSync: the worker may block) and inflates. The core decides which files to
// read (`consider`, which also lists the rest) and what they say (src/archive/wasm.rs).
//
// Messages in: `{ zip: File, options, core }` or `{ folder: [{ path, file }], options, core }`, one per
// worker; `core` is `{ module, data }`, the bytes of the core's module and of its data file.
// Messages out: `{ reading: path }` as the core starts reading a file (`{ reading: null }`: while it
// makes the report), `{ progress: { done, total } }` (bytes of the wanted files read so far), then
// `{ answer }`, the core's `{ ok, value | error }` (a zip this worker cannot open: `error.key`, the
// name of the page's string that says why).
import { folderFiles, readAll, Unreadable, zipFiles } from './export-files.js';
import init, { ArchiveSession, loadData } from './pkg/disclosure_lens_archive.js';

/**
 * Loads the core from the bytes of its module and data file (src/data_file.rs), which the page read
 * from the extension's own files with `runtime.getURL` (archive.js): a worker has no runtime API, and
 * this one fetches nothing.
 */
async function loadCore({ module, data }) {
  await init({ module_or_path: module });
  const loaded = loadData(new Uint8Array(data));
  if (!loaded.ok) throw new Error(loaded.error.message);
}

addEventListener('message', async ({ data }) => {
  let answer;
  try {
    await loadCore(data.core);
    const session = new ArchiveSession();
    readAll(session, data.zip ? zipFiles(data.zip) : folderFiles(data.folder), postMessage);
    postMessage({ reading: null });
    answer = session.report(data.options);
    session.free();
  } catch (error) {
    answer = error instanceof Unreadable ? { ok: false, error: { code: 'unreadable', key: error.key, message: error.message } } : { ok: false, error: { code: 'failed', message: String(error?.message ?? error) } };
  }
  postMessage({ answer });
});
