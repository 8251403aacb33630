//! Structured snapshots (fuzz/structured.rs decodes them): trees of the elements, roles and words
//! classification looks for, at platform addresses, with deep nesting, long texts and odd Unicode.
#![no_main]

#[path = "../structured.rs"]
mod structured;

use disclosure_lens::{classify, Options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: {
        // Parse the embedded knowledge base and build the rules once, before any input is timed.
        let _ = disclosure_lens::Classifier::builtin();
        let _ = disclosure_lens::kb::knowledge_base();
    },
    |page: structured::Page| {
    let _ = classify(structured::snapshot(page), &Options::default());
});
