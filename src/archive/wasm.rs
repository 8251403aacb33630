//! The export reader's WebAssembly face: a page hands it an export file by file, after reading a
//! folder or a zip's directory itself (extension/export-files.js), then asks for the report. Answers
//! are `{ ok, value }` or `{ ok: false, error }` like every export of the core (`crate::wasm`);
//! nothing throws.
//!
//! ```js
//! const session = new ArchiveSession();
//! for (const file of files)
//!   if (session.consider(file.path, file.size, compressedSize))
//!     session.readFile(file.path, { next: () => nextBytes() }, deflated);
//! const { ok, value } = session.report({ jurisdiction: 'EU', language: 'es' });
//! ```
//!
//! `consider` lists every file it turns down (unknown, a refused name, too large, a zip bomb) itself,
//! so the page decides nothing about a file. `readFile` pulls the file's bytes from the page as its
//! format reads them, a chunk at a time, and inflates a zip entry's deflated bytes itself: neither
//! side ever holds a whole file, whatever its size (a page that collected each file before handing
//! it over held a 100 MB file twice, in JavaScript and in WASM memory; docs/archive-formats.md). It
//! takes no whole zip: a zip reader would be a fifth of the module's bytes (docs/performance.md).

use std::io::{self, Read};

use wasm_bindgen::prelude::*;

use super::{consider, ArchiveError, ArchiveReader, Reading, Why};
use crate::report::CoreError;
use crate::wasm::{answer, property, read_options};

/// One export being read.
#[wasm_bindgen]
pub struct ArchiveSession {
    reader: ArchiveReader,
}

impl Default for ArchiveSession {
    fn default() -> Self {
        Self::new()
    }
}

#[wasm_bindgen]
impl ArchiveSession {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Self {
        Self {
            reader: ArchiveReader::default(),
        }
    }

    /// `"stream"` or `"tree"` when the file at `path` (as named inside the export) is one to read,
    /// `undefined` otherwise: the page reads only those.
    pub fn wants(&self, path: &str) -> Option<String> {
        self.reader.wants(path).map(reading_name)
    }

    /// Like `wants`, for a file `declared` bytes long once decompressed and `compressed` bytes as
    /// stored: `undefined` when it is not to be read, and then it is already listed (skipped,
    /// refused or failed, with the reason).
    pub fn consider(&mut self, path: &str, declared: f64, compressed: f64) -> Option<String> {
        consider(&mut self.reader, path, declared as u64, compressed as u64).map(reading_name)
    }

    /// Reads one file of the export, pulling its bytes from `source` (`source.next()`: its next
    /// bytes as a `Uint8Array`, empty at its end; synchronous, and it may throw). `deflated`: the
    /// bytes are a raw deflate stream (a zip entry's), inflated here. A throw, or a broken deflate
    /// stream, is an error for that file, listed with the reason.
    #[wasm_bindgen(js_name = readFile)]
    pub fn read_file(&mut self, path: &str, source: &FileSource, deflated: bool) {
        let pulled = Pulled {
            source,
            chunk: Vec::new(),
            at: 0,
        };
        if deflated {
            self.reader
                .add_file(path, &mut flate2::read::DeflateDecoder::new(pulled));
        } else {
            self.reader.add_file(path, &mut { pulled });
        }
    }

    /// Lists a file the reader wanted as one the page could not open (encrypted, or compressed
    /// another way than stored or deflate); `detail` says why.
    pub fn fail(&mut self, path: &str, detail: &str) {
        self.reader
            .fail(path, Why::NotDecompressed(detail.to_owned()));
    }

    /// The report so far, in the jurisdiction and language of `options` (`{ jurisdiction, language }`).
    pub fn report(&self, options: JsValue) -> JsValue {
        answer(
            read_options(&options)
                .and_then(|options| self.reader.report(&options).map_err(core_error)),
        )
    }
}

#[wasm_bindgen]
extern "C" {
    /// A file's bytes as the page gives them: `{ next() }`.
    pub type FileSource;
    #[wasm_bindgen(method, catch)]
    fn next(this: &FileSource) -> Result<Vec<u8>, JsValue>;
}

/// A [`FileSource`] as a reader: one chunk held at a time.
struct Pulled<'a> {
    source: &'a FileSource,
    chunk: Vec<u8>,
    at: usize,
}

impl Read for Pulled<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.at == self.chunk.len() {
            self.chunk = self
                .source
                .next()
                .map_err(|thrown| io::Error::other(message_of(&thrown)))?;
            self.at = 0;
        }
        let n = buf.len().min(self.chunk.len() - self.at);
        buf[..n].copy_from_slice(&self.chunk[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// What a thrown JS value says: its `message` (an `Error`), or itself if it is a string.
fn message_of(thrown: &JsValue) -> String {
    thrown
        .as_string()
        .or_else(|| property(thrown, "message").ok()?.as_string())
        .unwrap_or_else(|| "an error without a message".to_owned())
}

fn reading_name(reading: Reading) -> String {
    match reading {
        Reading::Stream => "stream",
        Reading::Tree => "tree",
    }
    .to_owned()
}

fn core_error(error: ArchiveError) -> CoreError {
    CoreError {
        code: error.code,
        message: error.message,
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;
    use crate::wasm::test_data::from_js;

    const X_ZIP: &[u8] = include_bytes!("../../tests/fixtures/archives/x.zip");

    #[wasm_bindgen(inline_js = "
        export function chunked(bytes, size) {
            let at = 0;
            return { next() { const chunk = bytes.slice(at, at + size); at += chunk.length; return chunk; } };
        }
        export function throwing(message) {
            return { next() { throw new Error(message); } };
        }")]
    extern "C" {
        /// `bytes` given `size` at a time.
        fn chunked(bytes: Vec<u8>, size: usize) -> FileSource;
        /// A source whose first read throws.
        fn throwing(message: &str) -> FileSource;
    }

    /// The same export read natively as a whole zip (`read_zip`, as `dlens archive` does) and pulled
    /// entry by entry as the page does: each entry's stored bytes, deflated, a few at a time.
    #[wasm_bindgen_test]
    fn an_export_pulled_entry_by_entry_reads_as_the_whole_zip() {
        crate::wasm::test_data::data_loaded();
        let mut native = ArchiveReader::default();
        crate::archive::read_zip(std::io::Cursor::new(X_ZIP), &mut native).unwrap();
        let whole = serde_json::to_value(native.report(&Default::default()).unwrap()).unwrap();
        assert_eq!(whole["logins"], 4, "{whole}");

        let mut session = ArchiveSession::new();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(X_ZIP)).unwrap();
        for index in 0..zip.len() {
            let mut entry = zip.by_index_raw(index).unwrap();
            let name = entry.name().to_owned();
            let (declared, compressed) = (entry.size() as f64, entry.compressed_size() as f64);
            let deflated = entry.compression() == zip::CompressionMethod::Deflated;
            if session.consider(&name, declared, compressed).is_some() {
                let mut stored = Vec::new();
                entry.read_to_end(&mut stored).unwrap();
                session.read_file(&name, &chunked(stored, 7), deflated);
            }
        }
        let one_by_one = from_js(session.report(JsValue::UNDEFINED));
        assert_eq!(one_by_one["ok"], true, "{one_by_one}");
        assert_eq!(one_by_one["value"], whole);
    }

    #[wasm_bindgen_test]
    fn garbage_and_failing_sources_come_back_as_answers_not_panics() {
        crate::wasm::test_data::data_loaded();
        let mut session = ArchiveSession::new();
        session.read_file(
            "data/ip-audit.js",
            &chunked(b"\xff\xfe window.YTD = [{".to_vec(), 3),
            false,
        );
        session.read_file(
            "data/ip-audit-part2.js",
            &chunked(b"not deflate".to_vec(), 4),
            true,
        );
        session.read_file(
            "data/ip-audit-part3.js",
            &throwing("the file went away"),
            false,
        );
        let report = from_js(session.report(JsValue::UNDEFINED));
        assert_eq!(report["ok"], true, "{report}");
        let errors = report["value"]["errors"].as_array().unwrap();
        assert_eq!(errors.len(), 3, "{report}");
        assert!(errors[2]["message"]
            .as_str()
            .is_some_and(|m| m.contains("the file went away")));
        let empty = from_js(ArchiveSession::new().report(JsValue::UNDEFINED));
        assert_eq!(empty["error"]["code"], "unrecognised");
    }
}
