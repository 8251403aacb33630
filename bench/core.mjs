// Loads a built core in Node as the extension does: the module, then its data file
// (src/data_file.rs). A build from before the data file (another checkout's pkg/, for a side-by-side
// figure) embeds its data and has no `loadData`: it is loaded as it was.
import { readFileSync } from 'node:fs';
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
