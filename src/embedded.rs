//! Reading the data that `build.rs` compiles into the crate: the knowledge base and the rules, each
//! as JSON deflated at build time.
//!
//! Deflated, because the JSON text was most of the WebAssembly module's bytes (docs/performance.md);
//! JSON, because serde_json is in the module anyway to read the snapshot (`src/wasm.rs`) and it reads
//! every serde attribute of the models, which a non-self-describing binary format could not.

use serde::de::DeserializeOwned;

/// Inflates `deflated` and parses the JSON inside as `T`. Both were written by `build.rs` from the
/// same types, so this fails only on a build bug; the error is a value all the same: `unreadable`
/// (which says what was read), then why.
pub(crate) fn read<T: DeserializeOwned>(deflated: &[u8], unreadable: &str) -> Result<T, String> {
    let unreadable = |why: String| format!("{unreadable}: {why}");
    let json =
        miniz_oxide::inflate::decompress_to_vec(deflated).map_err(|e| unreadable(e.to_string()))?;
    serde_json::from_slice(&json).map_err(|e| unreadable(e.to_string()))
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
        let not_json = miniz_oxide::deflate::compress_to_vec(b"{", 10);
        let error = read::<Vec<String>>(&not_json, "the embedded knowledge base is unreadable")
            .unwrap_err();
        assert!(
            error.starts_with("the embedded knowledge base is unreadable"),
            "{error}"
        );
    }

    #[test]
    fn what_build_rs_deflates_reads_back() {
        let deflated = miniz_oxide::deflate::compress_to_vec(br#"["a","b"]"#, 10);
        assert_eq!(
            read::<Vec<String>>(&deflated, "unreadable").unwrap(),
            ["a", "b"]
        );
    }
}
