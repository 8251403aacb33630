//! The export reader's WebAssembly face: a page hands it an export as a whole zip, or file by file
//! (after unpacking a folder or a zip itself, e.g. with the browser's `DecompressionStream`), then
//! asks for the report. Answers are `{ ok, value }` or `{ ok: false, error }` like every export of
//! the core (`crate::wasm`); nothing throws.
//!
//! ```js
//! const session = new ArchiveSession();
//! for (const file of files) if (session.wants(file.path)) session.addFile(file.path, bytes);
//!                           else session.skip(file.path, 'not read');
//! const { ok, value } = session.report({ jurisdiction: 'EU', language: 'es' });
//! ```

use wasm_bindgen::prelude::*;

use super::{read_zip, ArchiveError, ArchiveReader, Reading};
use crate::report::CoreError;
use crate::wasm::{answer, read};
use crate::Options;

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
        self.reader.wants(path).map(|reading| {
            match reading {
                Reading::Stream => "stream",
                Reading::Tree => "tree",
            }
            .to_owned()
        })
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

    /// Lists a file the page did not read.
    pub fn skip(&mut self, path: &str, reason: &str) {
        self.reader.skip(path, reason);
    }

    /// Reads a whole zip held in memory. `{ ok: false }` when it is not a readable zip.
    #[wasm_bindgen(js_name = addZip)]
    pub fn add_zip(&mut self, bytes: &[u8]) -> JsValue {
        answer(read_zip(std::io::Cursor::new(bytes), &mut self.reader).map_err(core_error))
    }

    /// The report so far, in the jurisdiction and language of `options` (`{ jurisdiction, language }`).
    pub fn report(&self, options: JsValue) -> JsValue {
        let result = if options.is_undefined() || options.is_null() {
            Ok(Options::default())
        } else {
            read::<Options>(options, "options")
        };
        answer(result.and_then(|options| self.reader.report(&options).map_err(core_error)))
    }
}

fn core_error(error: ArchiveError) -> CoreError {
    CoreError {
        code: error.code,
        message: error.message,
    }
}
