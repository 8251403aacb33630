//! The content script runs on every known account page: each fixture page of a knowledge-base
//! platform (tests/fixtures/pages/*/expected.toml, the pages at their real addresses) is on a host
//! where the manifest's match patterns inject it (`account_hosts`, or the platform's hosts and their
//! subdomains). The checklist's pages are checked by the knowledge base's own validation.

use std::fs;
use std::path::Path;

use disclosure_lens::kb::knowledge_base;
use serde::Deserialize;

#[derive(Deserialize)]
struct Expected {
    page: Vec<Page>,
}

#[derive(Deserialize)]
struct Page {
    file: String,
    url: String,
    platform: String,
}

#[test]
fn every_fixture_page_of_a_platform_gets_the_content_script() {
    let kb = knowledge_base().expect("the embedded knowledge base loads");
    let pages = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pages");
    let mut checked = 0;
    let mut missed = Vec::new();
    for dir in fs::read_dir(&pages).expect("tests/fixtures/pages exists") {
        let expected_path = dir.expect("readable entry").path().join("expected.toml");
        let Ok(text) = fs::read_to_string(&expected_path) else {
            continue;
        };
        let expected: Expected = toml::from_str(&text).expect("expected.toml parses");
        for page in expected.page {
            let Some(platform) = kb.platforms.iter().find(|p| p.id == page.platform) else {
                continue; // "unknown": a site outside the knowledge base
            };
            let host = page
                .url
                .split("://")
                .nth(1)
                .and_then(|rest| rest.split(['/', '?', ':']).next())
                .unwrap_or("");
            checked += 1;
            if !platform.content_script_runs_on(host) {
                missed.push(format!("{}: {}", page.file, page.url));
            }
        }
    }
    assert!(
        checked >= 90,
        "only {checked} fixture pages of platforms found"
    );
    assert!(
        missed.is_empty(),
        "the content script would not run on: {missed:#?}"
    );
}
