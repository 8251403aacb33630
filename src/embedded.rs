//! Reading the core's data: the knowledge base, the rules and the figures that `build.rs` compiles,
//! each in the compact binary form (`crate::compact`), deflated, in one data file
//! (`crate::data_file`).
//!
//! Compact, so that the module carries no JSON reader for its own data: it reads JSON only for the
//! snapshot and options it is handed (`src/wasm.rs`). Deflated, because the form is mostly text
//! that repeats (the same words in every platform's facts) and the inflater costs less code than
//! deflate saves data (docs/performance.md, "The branch kb-compact"). Where the file comes from is
//! the one thing that differs by target: native builds embed it; a WebAssembly module is handed it
//! once, by [`load`], so that the extension ships it once beside both of its modules instead of
//! inside each (docs/performance.md, "The data file").

use crate::compact::{self, Compact};
use crate::data_file;

/// One part of the data file.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Part {
    KnowledgeBase,
    Rules,
    Figures,
}

impl Part {
    /// The start of the error when the part cannot be read.
    fn unreadable(self) -> &'static str {
        match self {
            Self::KnowledgeBase => "the embedded knowledge base is unreadable",
            Self::Rules => "the embedded rules are unreadable",
            Self::Figures => "the compiled-in figures are unreadable",
        }
    }
}

/// The data file this build wrote, embedded (native builds only: `dlens data` writes it out).
#[cfg(not(target_arch = "wasm32"))]
pub const DATA_FILE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/disclosure_lens_data.bin"));

#[cfg(not(target_arch = "wasm32"))]
fn current() -> Result<&'static [u8], String> {
    Ok(DATA_FILE)
}

#[cfg(target_arch = "wasm32")]
include!(concat!(env!("OUT_DIR"), "/data_fingerprint.rs"));

/// The data file handed to this module by [`load`].
#[cfg(target_arch = "wasm32")]
static LOADED: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();

#[cfg(target_arch = "wasm32")]
fn current() -> Result<&'static [u8], String> {
    LOADED.get().map(Vec::as_slice).ok_or_else(|| {
        "the core's data file was not loaded: call loadData with pkg/disclosure_lens_data.bin first"
            .to_owned()
    })
}

/// Hands this module its data file, before any call that reads it. Only the file the module was
/// built with is taken (by its fingerprint): another build's facts must not be read as this one's.
/// Loading the same file again changes nothing.
#[cfg(target_arch = "wasm32")]
pub fn load(file: Vec<u8>) -> Result<(), String> {
    if data_file::fingerprint(&file) != BUILT_WITH {
        return Err(format!(
            "this data file ({} bytes) is not the one this module was built with",
            file.len()
        ));
    }
    data_file::unpack(&file)?;
    // Already set means the same file (same fingerprint) was loaded before.
    let _ = LOADED.set(file);
    Ok(())
}

/// Whether the data file can be read. Callers that keep what they read (in a `OnceLock`) ask this
/// first, so that a call made before [`load`] is answered with the error without it being kept: the
/// module works once the file is loaded.
pub(crate) fn ensure_loaded() -> Result<(), String> {
    current().map(|_| ())
}

/// Reads `part` of the data file as `T`. The file was written by `build.rs` from the same types, so
/// this fails only on a build bug or a file not loaded; the error is a value all the same: what was
/// read, then why.
pub(crate) fn read<T: Compact>(part: Part) -> Result<T, String> {
    let unreadable = |why: String| format!("{}: {why}", part.unreadable());
    let parts = data_file::unpack(current()?).map_err(unreadable)?;
    let deflated = match part {
        Part::KnowledgeBase => parts.knowledge_base,
        Part::Rules => parts.rules,
        Part::Figures => parts.figures,
    };
    read_deflated(deflated, part.unreadable())
}

/// Inflates `deflated` and reads the compact form inside as `T`; on failure, `unreadable`, then why.
pub(crate) fn read_deflated<T: Compact>(deflated: &[u8], unreadable: &str) -> Result<T, String> {
    let unreadable = |why: String| format!("{unreadable}: {why}");
    let bytes =
        miniz_oxide::inflate::decompress_to_vec(deflated).map_err(|e| unreadable(e.to_string()))?;
    compact::from_bytes(&bytes).map_err(|e| unreadable(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_corrupt_blob_is_an_error_value_saying_what_was_read() {
        let error = read_deflated::<Vec<String>>(
            b"\xff\xfe not deflate",
            "the embedded rules are unreadable",
        )
        .unwrap_err();
        assert!(
            error.starts_with("the embedded rules are unreadable"),
            "{error}"
        );
        let cut_short = miniz_oxide::deflate::compress_to_vec(&[2, 1, b'a'], 10);
        let error =
            read_deflated::<Vec<String>>(&cut_short, "the embedded knowledge base is unreadable")
                .unwrap_err();
        assert_eq!(
            error,
            "the embedded knowledge base is unreadable: the data ends early (byte 3)"
        );
    }

    #[test]
    fn what_build_rs_deflates_reads_back() {
        let value = vec!["a".to_owned(), "b".to_owned()];
        let deflated = miniz_oxide::deflate::compress_to_vec(&compact::to_bytes(&value), 10);
        assert_eq!(
            read_deflated::<Vec<String>>(&deflated, "unreadable").unwrap(),
            value
        );
    }
}
