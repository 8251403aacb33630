//! The export reader's WebAssembly face: a page hands it an export file by file, after unpacking a
//! folder or a zip itself (extension/export-files.js: the browser's `DecompressionStream` inflates),
//! then asks for the report. It takes no whole zip: the page never needs one read here, and a zip
//! reader would be a fifth of the module's bytes (docs/performance.md, size). Answers are `{ ok, value }` or `{ ok: false, error }` like every export of
//! the core (`crate::wasm`); nothing throws.
//!
//! ```js
//! const session = new ArchiveSession();
//! for (const file of files)
//!   if (session.consider(file.path, file.size, compressedSize)) session.addFile(file.path, bytes);
//! const { ok, value } = session.report({ jurisdiction: 'EU', language: 'es' });
//! ```
//!
//! `consider` lists every file it turns down (unknown, a refused name, too large, a zip bomb) itself,
//! so the page decides nothing about a file.

use wasm_bindgen::prelude::*;

use super::{consider, ArchiveError, ArchiveReader, Reading, Why};
use crate::report::CoreError;
use crate::wasm::{answer, read_options};

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

    /// The most bytes of this file the reader will read; a page need not read more.
    pub fn cap(&self, path: &str) -> f64 {
        self.reader
            .wants(path)
            .map_or(0.0, |r| self.reader.cap(r) as f64)
    }

    /// Reads one file of the export.
    #[wasm_bindgen(js_name = addFile)]
    pub fn add_file(&mut self, path: &str, bytes: &[u8]) {
        self.reader.add_file(path, &mut &bytes[..]);
    }

    /// Lists a file the reader wanted as one the page could not decompress; `detail` is the
    /// browser's message.
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

    /// The same export read natively as a whole zip (`read_zip`, as `dlens archive` does) and handed
    /// over file by file as the page does.
    #[wasm_bindgen_test]
    fn an_export_handed_over_file_by_file_reads_as_the_whole_zip() {
        crate::wasm::test_data::data_loaded();
        let mut native = ArchiveReader::default();
        crate::archive::read_zip(std::io::Cursor::new(X_ZIP), &mut native).unwrap();
        let whole = serde_json::to_value(native.report(&Default::default()).unwrap()).unwrap();
        assert_eq!(whole["logins"], 4, "{whole}");

        let mut session = ArchiveSession::new();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(X_ZIP)).unwrap();
        for index in 0..zip.len() {
            let mut entry = zip.by_index(index).unwrap();
            let name = entry.name().to_owned();
            let (declared, compressed) = (entry.size() as f64, entry.compressed_size() as f64);
            if session.consider(&name, declared, compressed).is_some() {
                let mut bytes = Vec::new();
                entry.read_to_end(&mut bytes).unwrap();
                session.add_file(&name, &bytes);
            }
        }
        let one_by_one = from_js(session.report(JsValue::UNDEFINED));
        assert_eq!(one_by_one["ok"], true, "{one_by_one}");
        for key in [
            "logins",
            "ips",
            "first",
            "last",
            "addresses",
            "read",
            "skipped",
        ] {
            assert_eq!(one_by_one["value"][key], whole[key], "{key}");
        }
    }

    #[wasm_bindgen_test]
    fn garbage_comes_back_as_an_answer_not_a_panic() {
        crate::wasm::test_data::data_loaded();
        let mut session = ArchiveSession::new();
        session.add_file("data/ip-audit.js", b"\xff\xfe window.YTD = [{");
        let report = from_js(session.report(JsValue::UNDEFINED));
        assert_eq!(report["ok"], true, "{report}");
        assert_eq!(report["value"]["errors"].as_array().map(Vec::len), Some(1));
        let empty = from_js(ArchiveSession::new().report(JsValue::UNDEFINED));
        assert_eq!(empty["error"]["code"], "unrecognised");
    }
}
