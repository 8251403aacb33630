//! The named extraction cases (tests/fixtures/extraction-cases.json) against `html.rs`: the same
//! table the browsers run against `extract.js` (tests/e2e/extraction-cases*.mjs), so both extractors
//! answer to one spec. A case marked `differs` documents a known disagreement: html.rs must give
//! `expect`, and `extract_js` must say something else (the browser tests assert that part).

use disclosure_lens::html::snapshot_from_html;
use serde_json::Value;

const CASES: &str = include_str!("fixtures/extraction-cases.json");
/// Where every case is served in the browser tests.
const URL: &str = "https://extraction-cases.test/";

/// `text` with every `{{TEXT*N}}` replaced by TEXT repeated N times, innermost first.
fn expand(text: &str) -> String {
    let mut text = text.to_owned();
    while let Some(close) = text.find("}}") {
        let open = text[..close]
            .rfind("{{")
            .unwrap_or_else(|| panic!("a '}}}}' without '{{{{' at byte {close}"));
        let (unit, times) = text[open + 2..close]
            .rsplit_once('*')
            .expect("a repeat is {{TEXT*N}}");
        let times: usize = times.parse().expect("a repeat count");
        text = format!(
            "{}{}{}",
            &text[..open],
            unit.repeat(times),
            &text[close + 2..]
        );
    }
    text
}

/// The page a case's fragment is served as, in the browsers as here.
fn page(fragment: &str) -> String {
    format!("<!doctype html><html><head><title>case</title></head><body>{fragment}</body></html>")
}

/// `s` cut to a readable length for a failure message: some expected texts are 1,000 characters.
fn short(s: String) -> String {
    match s.char_indices().nth(400) {
        Some((end, _)) => format!("{}…", &s[..end]),
        None => s,
    }
}

/// What `expect` says that `snapshot` does not, one line each.
fn mismatches(expect: &Value, snapshot: &Value) -> Vec<String> {
    let nodes = snapshot["nodes"].as_array().expect("nodes");
    let mut wrong = Vec::new();
    if expect["truncated"] != snapshot["truncated"] {
        wrong.push(format!(
            "truncated: expected {}, got {}",
            expect["truncated"], snapshot["truncated"]
        ));
    }
    if let Some(expected) = expect.get("nodes") {
        if expected != &snapshot["nodes"] {
            wrong.push(format!(
                "nodes: expected {expected}\n  got {}",
                snapshot["nodes"]
            ));
        }
    }
    if let Some(count) = expect.get("count") {
        let got = nodes.len() - 1;
        if count.as_u64() != Some(got as u64) {
            wrong.push(format!("count: expected {count}, got {got}"));
        }
    }
    for (index, expected) in expect
        .get("at")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let got = index.parse::<usize>().ok().and_then(|i| nodes.get(i));
        if got != Some(expected) {
            wrong.push(format!("node {index}: expected {expected}, got {got:?}"));
        }
    }
    if !["nodes", "count"].iter().any(|k| expect.get(k).is_some()) {
        wrong.push("the case expects neither nodes nor a count".into());
    }
    wrong
}

#[test]
fn html_rs_gives_every_case_its_expected_snapshot() {
    let table: Value = serde_json::from_str(&expand(CASES)).expect("valid JSON");
    let cases = table["cases"].as_array().expect("a list of cases");
    let mut failures = Vec::new();
    for case in cases {
        let name = case["name"].as_str().expect("a name");
        let differs = case.get("differs").and_then(Value::as_str);
        let extract_js = case.get("extract_js");
        assert_eq!(
            differs.is_some(),
            extract_js.is_some(),
            "{name}: a case says why the extractors differ (differs) exactly when it says what the browsers give (extract_js)"
        );
        if let Some(browsers) = extract_js {
            assert_ne!(
                browsers, &case["expect"],
                "{name}: marked differs but expects the same"
            );
        }
        let html = page(case["html"].as_str().expect("html"));
        let snapshot = serde_json::to_value(snapshot_from_html(&html, Some(URL))).unwrap();
        for wrong in mismatches(&case["expect"], &snapshot) {
            failures.push(short(format!("{name}: {wrong}")));
        }
    }
    let differing = cases.iter().filter(|c| c.get("differs").is_some()).count();
    println!(
        "{} cases, {} of them with a known difference from extract.js",
        cases.len(),
        differing
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn repeats_expand_innermost_first() {
    assert_eq!(expand("<{{a*3}}>"), "<aaa>");
    assert_eq!(expand("{{[{{b*2}}]*2}}"), "[bb][bb]");
    assert_eq!(expand("no repeat"), "no repeat");
}
