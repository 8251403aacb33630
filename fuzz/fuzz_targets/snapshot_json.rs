//! A snapshot and options as JSON, as the WASM face receives them from the background script
//! (`wasm.rs` reads them with serde): whatever the page made the content script send.
#![no_main]

use disclosure_lens::{classify, Options, PageSnapshot};
use libfuzzer_sys::fuzz_target;

#[derive(serde::Deserialize)]
struct Call<'a> {
    #[serde(borrow)]
    snapshot: PageSnapshot<'a>,
    #[serde(default)]
    options: Options,
}

fuzz_target!(
    init: {
        // Parse the embedded knowledge base and build the rules once, before any input is timed.
        let _ = disclosure_lens::Classifier::builtin();
        let _ = disclosure_lens::kb::knowledge_base();
    },
    |data: &[u8]| {
    // A bare snapshot, or `{ snapshot, options }`.
    if let Ok(snapshot) = serde_json::from_slice::<PageSnapshot>(data) {
        let _ = classify(snapshot, &Options::default());
    } else if let Ok(call) = serde_json::from_slice::<Call>(data) {
        let _ = classify(call.snapshot, &call.options);
    }
});
