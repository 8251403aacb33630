// The archive page's way of reading an export (extension/export-files.js: the zip's directory read
// in JavaScript, each wanted file pulled by the page's WASM build a chunk at a time) against the
// command line's (`dlens archive --json`: the zip crate, natively), on every fixture export: the same
// report, or both refusing the zip. Node's Blob and a synchronous file read stand in for the
// browser's File and FileReaderSync; the archive page tests (tests/e2e/archive-page.mjs) run the same
// code in the browsers.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { diskBlob, diskReadSync, loadCore } from '../../bench/core.mjs';
import { folderFiles, readAll, Unreadable, zipFiles } from '../../extension/export-files.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const FIXTURES = `${ROOT}tests/fixtures/archives/`;
const { core } = await loadCore(`${ROOT}pkg`, 'disclosure_lens_archive');

/** The page's reading of `zip`: the core's answer, or `{ unreadable: key }` when the zip cannot be opened. */
async function pageReading(zip) {
  let files;
  try {
    files = zipFiles(await diskBlob(zip), diskReadSync);
  } catch (error) {
    if (error instanceof Unreadable) return { unreadable: error.key };
    throw error;
  }
  return coreReading(files);
}

/** The core's answer for the files of an export, handed over as the worker does. */
function coreReading(files) {
  const session = new core.ArchiveSession();
  readAll(session, files);
  const answer = session.report(undefined);
  session.free();
  return answer;
}

/**
 * Exports with entries the page's worker refuses itself (it reads stored and deflated entries only),
 * in its own words, where the command line's zip crate words it its own way: the same files fail,
 * and the page says why with these words.
 */
const REFUSED_BY_THE_PAGE = { 'bzip2.zip': 'compression method 12 (only stored and deflate are read)' };

/** A report with each failed file's message left out. */
function withoutFailureWords(report) {
  return { ...report, errors: report.errors.map((error) => error.path) };
}

function cliReading(zip) {
  const run = spawnSync(`${ROOT}target/release/dlens`, ['archive', '--json', zip], { encoding: 'utf8' });
  return { status: run.status, report: run.status === 0 ? JSON.parse(run.stdout) : null, stderr: run.stderr };
}

for (const name of readdirSync(FIXTURES).filter((f) => f.endsWith('.zip'))) {
  test(`${name}: the page's reading is the command line's`, async () => {
    const page = await pageReading(FIXTURES + name);
    const cli = cliReading(FIXTURES + name);
    if (cli.status === 0) {
      assert.equal(page.ok, true, JSON.stringify(page));
      const words = REFUSED_BY_THE_PAGE[name];
      if (words) {
        assert.deepEqual(withoutFailureWords(page.value), withoutFailureWords(cli.report));
        assert.ok(page.value.errors.length > 0 && page.value.errors.every((error) => error.message.includes(words)), JSON.stringify(page.value.errors));
      } else {
        assert.deepEqual(page.value, cli.report);
      }
    } else {
      assert.ok(page.unreadable || page.ok === false, `${name}: the command line refused it (${cli.stderr.trim()}), the page read ${JSON.stringify(page)}`);
    }
  });
}

test("an unpacked folder: the page's reading is the command line's", async () => {
  const root = `${FIXTURES}facebook-folder`;
  // As archive.js names a picked folder's files: their paths inside it, in any order.
  const paths = readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name).slice(root.length + 1))
    .reverse();
  const folder = await Promise.all(paths.map(async (path) => ({ path, file: await diskBlob(join(root, path)) })));
  const page = coreReading(folderFiles(folder, diskReadSync));
  const cli = cliReading(root);
  assert.equal(cli.status, 0, cli.stderr);
  assert.equal(page.ok, true, JSON.stringify(page));
  assert.ok(page.value.logins > 0);
  assert.deepEqual(page.value, cli.report);
});
