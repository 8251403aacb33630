//! A saved page, read by the CLI's HTML reader (`html.rs`) and classified, at a platform address.
#![no_main]

use disclosure_lens::{classify, html, Options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: {
        // Parse the embedded knowledge base and build the rules once, before any input is timed.
        let _ = disclosure_lens::Classifier::builtin();
        let _ = disclosure_lens::kb::knowledge_base();
    },
    |data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let snapshot = html::snapshot_from_html(&text, Some("https://www.facebook.com/settings?tab=security"));
    let _ = classify(snapshot, &Options::default());
});
