//! Reading the data that `build.rs` compiles into the crate: the knowledge base, the rules and the
//! figures, each in the compact binary form (`crate::compact`), deflated at build time.
//!
//! Compact, so that the module carries no JSON reader for its own data: it reads JSON only for the
//! snapshot and options it is handed (`src/wasm.rs`). Deflated, because the form is mostly text
//! that repeats (the same words in every platform's facts) and the inflater costs less code than
//! deflate saves data (docs/performance.md, "The branch kb-compact").

use crate::compact::{self, Compact};

/// Inflates `deflated` and reads the compact form inside as `T`. Both were written by `build.rs`
/// from the same types, so this fails only on a build bug; the error is a value all the same:
/// `unreadable` (which says what was read), then why.
pub(crate) fn read<T: Compact>(deflated: &[u8], unreadable: &str) -> Result<T, String> {
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
        let error =
            read::<Vec<String>>(b"\xff\xfe not deflate", "the embedded rules are unreadable")
                .unwrap_err();
        assert!(
            error.starts_with("the embedded rules are unreadable"),
            "{error}"
        );
        let cut_short = miniz_oxide::deflate::compress_to_vec(&[2, 1, b'a'], 10);
        let error = read::<Vec<String>>(&cut_short, "the embedded knowledge base is unreadable")
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
        assert_eq!(read::<Vec<String>>(&deflated, "unreadable").unwrap(), value);
    }
}
