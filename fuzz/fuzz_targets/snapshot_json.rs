//! A snapshot's JSON text, as the WASM face receives it from the background script (`wasm.rs` reads
//! it with `PageSnapshot::from_json`): whatever the page made the content script send. The
//! hand-written reader must agree with the serde_json reading it replaced
//! (tests/support/serde_snapshot.rs): both refuse the text, or both read the same snapshot, which is
//! then classified. `{ "snapshot": …, "options": … }` classifies its snapshot with those options.
#![no_main]

use disclosure_lens::{classify, Options};
use libfuzzer_sys::fuzz_target;

#[path = "../../tests/support/serde_snapshot.rs"]
mod serde_snapshot;

#[derive(serde::Deserialize)]
struct Call<'a> {
    #[serde(borrow)]
    snapshot: &'a serde_json::value::RawValue,
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
    // The core takes a string: the background's JavaScript string, copied into WASM memory as UTF-8.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Some(snapshot) = serde_snapshot::read_alike(text) {
        let _ = classify(snapshot, &Options::default());
    } else if let Ok(call) = serde_json::from_str::<Call>(text) {
        if let Some(snapshot) = serde_snapshot::read_alike(call.snapshot.get()) {
            let _ = classify(snapshot, &call.options);
        }
    }
});
