//! A platform file as contributors write it (`kb/platforms/<id>.toml`, read into the model as
//! `build.rs` does), added to the compiled-in knowledge base, checked by `validate` and rendered as
//! the matrix and the export the extension reads. Seeds: the real platform files.
#![no_main]

use disclosure_lens::kb::{export, knowledge_base, matrix_markdown, validate, Platform};
use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: {
        // Parse the embedded knowledge base and build the rules once, before any input is timed.
        let _ = disclosure_lens::Classifier::builtin();
        let _ = disclosure_lens::kb::knowledge_base();
    },
    |data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(platform) = toml::from_str::<Platform>(text) else {
        return;
    };
    let mut kb = knowledge_base().expect("the embedded knowledge base").clone();
    kb.platforms.retain(|p| p.id != platform.id);
    kb.platforms.push(platform);
    let _ = validate(&kb);
    let _ = matrix_markdown(&kb);
    let _ = serde_json::to_string(&export(&kb));
});
