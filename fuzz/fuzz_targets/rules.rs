//! Classifier rules from outside the build (`Classifier::new` takes any `Rules`, e.g. the
//! benchmark's x10 set), as JSON: building the phrase automaton and classifying a page with it.
#![no_main]

use disclosure_lens::classify::Rules;
use disclosure_lens::{html, Classifier, Options};
use libfuzzer_sys::fuzz_target;

const PAGE: &str = include_str!("../../tests/fixtures/pages/facebook/sessions-en.html");

fuzz_target!(
    init: {
        // Parse the embedded knowledge base and build the rules once, before any input is timed.
        let _ = disclosure_lens::Classifier::builtin();
        let _ = disclosure_lens::kb::knowledge_base();
    },
    |data: &[u8]| {
    let Ok(rules) = serde_json::from_slice::<Rules>(data) else {
        return;
    };
    let classifier = Classifier::new(rules);
    let snapshot = html::snapshot_from_html(PAGE, Some("https://www.facebook.com/settings?tab=security"));
    let _ = classifier.classify(snapshot, &Options::default());
});
