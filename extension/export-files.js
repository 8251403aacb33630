// The files of a data export, as the archive page's worker hands them to the core: from the export's
// zip, whose central directory is read here (zip64 included), or from its unpacked folder. The core
// pulls each wanted file's bytes a chunk at a time as it reads the file, and inflates a zip entry
// itself (src/archive/wasm.rs), so no whole file is held on either side. The core's module reads
// no zip directory itself, which keeps a zip reader out of its bytes (docs/performance.md, size). Used by archive.worker.js, and in Node by
// bench/archive-wasm.mjs and tests/js/export-files.test.mjs, so that what they measure and test is
// this very code.

const SIGNATURE = { END: 0x06054b50, END64_LOCATOR: 0x07064b50, END64: 0x06064b50, ENTRY: 0x02014b50, LOCAL: 0x04034b50 };
/** The end-of-directory record, with its longest comment. */
const END_SEARCH = 0xffff + 22;
const METHOD = { STORED: 0, DEFLATE: 8 };
const ENCRYPTED = 1;
const UTF8_NAME = 1 << 11;
/** A central directory larger than this is refused (about a million entries). */
const MAX_DIRECTORY_BYTES = 256 << 20;

/** A zip whose directory cannot be read; `key` names the page's string that says why. */
export class Unreadable extends Error {
  constructor(key) {
    super(key);
    this.key = key;
  }
}

/** Bytes `start` to `end` of `blob`, read by `readSync`, as a DataView. */
function view(readSync, blob, start, end) {
  const bytes = readSync(blob, start, end);
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
const u16 = (v, at) => v.getUint16(at, true);
const u32 = (v, at) => v.getUint32(at, true);
const u64 = (v, at) => Number(v.getBigUint64(at, true));

/** The zip's entries from its central directory (zip64 included): name, sizes, method, where its data starts. */
function zipEntries(readSync, file) {
  const tailStart = Math.max(0, file.size - END_SEARCH);
  const tail = view(readSync, file, tailStart, file.size);
  let end = -1;
  for (let at = tail.byteLength - 22; at >= 0; at -= 1) {
    if (u32(tail, at) === SIGNATURE.END) {
      end = at;
      break;
    }
  }
  if (end < 0) throw new Unreadable('archiveZipNoDirectory');
  let count = u16(tail, end + 10);
  let size = u32(tail, end + 12);
  let offset = u32(tail, end + 16);
  if (end >= 20 && u32(tail, end - 20) === SIGNATURE.END64_LOCATOR) {
    const at = u64(tail, end - 20 + 8);
    const end64 = view(readSync, file, at, at + 56);
    if (end64.byteLength < 56 || u32(end64, 0) !== SIGNATURE.END64) throw new Unreadable('archiveZipBroken');
    [count, size, offset] = [u64(end64, 32), u64(end64, 40), u64(end64, 48)];
  }
  if (offset + size > file.size) throw new Unreadable('archiveZipPastEnd');
  if (size > MAX_DIRECTORY_BYTES) throw new Unreadable('archiveZipTooLarge');
  const directory = view(readSync, file, offset, offset + size);
  const names = new TextDecoder('utf-8');
  const latin = new TextDecoder('latin1');
  const entries = [];
  let at = 0;
  for (let index = 0; index < count; index += 1) {
    if (at + 46 > directory.byteLength || u32(directory, at) !== SIGNATURE.ENTRY) throw new Unreadable('archiveZipBroken');
    const flags = u16(directory, at + 8);
    const nameLength = u16(directory, at + 28);
    const extraEnd = at + 46 + nameLength + u16(directory, at + 30);
    if (extraEnd > directory.byteLength) throw new Unreadable('archiveZipBroken');
    const entry = {
      name: (flags & UTF8_NAME ? names : latin).decode(new Uint8Array(directory.buffer, directory.byteOffset + at + 46, nameLength)),
      flags,
      method: u16(directory, at + 10),
      compressed: u32(directory, at + 20),
      declared: u32(directory, at + 24),
      local: u32(directory, at + 42),
    };
    // The zip64 extra field holds, in this order, each size or offset that is 0xffffffff above.
    for (let extra = at + 46 + nameLength; extra + 4 <= extraEnd; extra += 4 + u16(directory, extra + 2)) {
      if (u16(directory, extra) !== 1) continue;
      let field = extra + 4;
      for (const key of ['declared', 'compressed', 'local']) {
        if (entry[key] === 0xffffffff && field + 8 <= extraEnd) {
          entry[key] = u64(directory, field);
          field += 8;
        }
      }
    }
    entries.push(entry);
    at = extraEnd + u16(directory, at + 32);
  }
  return entries;
}

/** The largest piece of a file read at once: what either side holds of a file while the core reads it. */
const CHUNK_BYTES = 1 << 20;

/**
 * Bytes `start` to `end` of `blob`, read synchronously: the core pulls a file's bytes while it
 * reads the file (`ArchiveSession.readFile`), so that no whole file is ever held, and only a
 * worker's `FileReaderSync` reads a `File` without waiting. Node, which has none, passes its own.
 */
export function fileReaderSync(blob, start, end) {
  return new Uint8Array(new FileReaderSync().readAsArrayBuffer(blob.slice(start, end)));
}

/** Bytes `start` to `end` of `blob` as the core pulls them: `{ next() }`, a chunk at a time, empty at the end. */
function pulled(readSync, blob, start, end, onBytes) {
  let at = start;
  return {
    next() {
      if (at >= end) return new Uint8Array(0);
      const chunk = readSync(blob, at, Math.min(end, at + CHUNK_BYTES));
      at = chunk.byteLength > 0 ? at + chunk.byteLength : end;
      onBytes(chunk.byteLength);
      return chunk;
    },
  };
}

/** One zip entry opened for the core: `{ source, deflated }`; throws when it cannot be read (encrypted, another method, no local header). */
function openEntry(readSync, zip, entry, onBytes) {
  if (entry.flags & ENCRYPTED) throw new Error('encrypted');
  if (entry.method !== METHOD.STORED && entry.method !== METHOD.DEFLATE) throw new Error(`compression method ${entry.method} (only stored and deflate are read)`);
  const local = view(readSync, zip, entry.local, entry.local + 30);
  if (local.byteLength < 30 || u32(local, 0) !== SIGNATURE.LOCAL) throw new Error('its local header is missing');
  const start = entry.local + 30 + u16(local, 26) + u16(local, 28);
  return { source: pulled(readSync, zip, start, start + entry.compressed, onBytes), deflated: entry.method === METHOD.DEFLATE };
}

/**
 * Hands `session` (the core's `ArchiveSession`) every file of the export that it wants; `files` are
 * `{ path, declared, compressed, open(onBytes) }`. `notify` hears `{ reading: path }` as the core
 * starts reading a file, then `{ progress: { done, total } }` (compressed bytes of the wanted files
 * read so far) as it pulls the file's bytes.
 */
export function readAll(session, files, notify = () => {}) {
  const total = files.filter((f) => session.wants(f.path)).reduce((sum, f) => sum + f.compressed, 0);
  let done = 0;
  const onBytes = (n) => {
    done += n;
    notify({ progress: { done, total } });
  };
  for (const file of files) {
    if (!session.consider(file.path, file.declared, file.compressed)) continue;
    let opened;
    try {
      opened = file.open(onBytes);
    } catch (error) {
      session.fail(file.path, error.message);
      continue;
    }
    notify({ reading: file.path });
    session.readFile(file.path, opened.source, opened.deflated);
  }
}

/** The files of a zip (a `File` or any `Blob`), without its folders' own entries; `readSync` reads its bytes. */
export function zipFiles(zip, readSync = fileReaderSync) {
  return zipEntries(readSync, zip)
    .filter((entry) => !entry.name.endsWith('/'))
    .map((entry) => ({ path: entry.name, declared: entry.declared, compressed: entry.compressed, open: (onBytes) => openEntry(readSync, zip, entry, onBytes) }));
}

/** The files of an unpacked export, `[{ path, file }]`, in the order of their paths; `readSync` reads their bytes. */
export function folderFiles(folder, readSync = fileReaderSync) {
  return [...folder]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map(({ path, file }) => ({ path, declared: file.size, compressed: file.size, open: (onBytes) => ({ source: pulled(readSync, file, 0, file.size, onBytes), deflated: false }) }));
}
