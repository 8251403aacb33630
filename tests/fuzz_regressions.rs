//! Inputs the fuzzers found (fuzz/, docs/fuzzing.md), replayed through the same paths as their
//! targets: every file under `tests/fixtures/fuzz/<target>/`. None crashed; these were the slowest
//! of their corpus, kept so that a change that makes them panic, or breaks the bounds on what
//! they produce, fails here. Speed itself is measured by `make fuzz`, not asserted.

// `cfg(fuzzing)`, set by cargo fuzz, is unknown here: in fuzz/structured.rs only the fuzz build
// derives `Arbitrary`.
#![allow(unexpected_cfgs)]

use std::fs;
use std::path::PathBuf;

use disclosure_lens::snapshot::{Node, PageSnapshot, MAX_NODES, MAX_TEXT_PER_NODE};
use disclosure_lens::{classify, html, Options, PageKind, Report};

fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz")
        .join(target);
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no inputs in {}", dir.display());
    files
        .into_iter()
        .map(|path| {
            let bytes = fs::read(&path).unwrap();
            (path, bytes)
        })
        .collect()
}

fn assert_bounded(snapshot: &PageSnapshot, what: &str) {
    assert!(snapshot.nodes.len() <= MAX_NODES, "{what}");
    for node in &snapshot.nodes {
        for text in [Some(&node.text), node.label.as_ref(), node.value.as_ref()]
            .into_iter()
            .flatten()
        {
            assert!(text.chars().count() <= MAX_TEXT_PER_NODE, "{what}");
        }
    }
}

#[test]
fn saved_pages_found_by_the_html_fuzzer() {
    for (path, bytes) in inputs("html") {
        let what = path.display().to_string();
        let snapshot = html::snapshot_from_html(
            &String::from_utf8_lossy(&bytes),
            Some("https://www.facebook.com/settings?tab=security"),
        );
        assert_bounded(&snapshot, &what);
        classify(snapshot, &Options::default()).unwrap_or_else(|e| panic!("{what}: {}", e.message));
    }
}

#[path = "support/serde_snapshot.rs"]
mod serde_snapshot;

#[test]
fn snapshots_found_by_the_json_fuzzer() {
    /// The other shape the target reads (there the snapshot is its raw text; here it is written
    /// again from the value, the same snapshot).
    #[derive(serde::Deserialize)]
    struct Call {
        snapshot: serde_json::Value,
        #[serde(default)]
        options: Options,
    }
    for (path, bytes) in inputs("snapshot_json") {
        // A bare snapshot, `{ snapshot, options }`, or JSON that is neither (then refused with a
        // message). Both readers must agree (the hand-written one and serde_json's); classifying
        // errors are values: a malformed snapshot gives one, never a panic.
        let text = String::from_utf8_lossy(&bytes);
        if let Some(snapshot) = serde_snapshot::read_alike(&text) {
            let _ = classify(snapshot, &Options::default());
        } else if let Ok(call) = serde_json::from_str::<Call>(&text) {
            let snapshot = call.snapshot.to_string();
            if let Some(snapshot) = serde_snapshot::read_alike(&snapshot) {
                let _ = classify(snapshot, &call.options);
            }
        } else {
            let refused = PageSnapshot::from_json(&text).unwrap_err();
            assert!(!refused.to_string().is_empty(), "{}", path.display());
        }
    }
}

#[path = "../fuzz/structured.rs"]
mod structured;

use structured::{FuzzNode, Page};

/// Where `item` is in one of the decoder's lists: what an input byte picks it with.
fn at(list: &[&str], item: &str) -> u8 {
    list.iter().position(|x| *x == item).expect("in the list") as u8
}

/// 60 known words, in the decoder's order (a text cut to 500 characters by the snapshot's bounds).
fn dense_words() -> Vec<u8> {
    (0..structured::WORDS.len() as u8)
        .cycle()
        .take(60)
        .collect()
}

/// The text of [`dense_words`].
fn dense_text() -> String {
    structured::WORDS
        .iter()
        .cycle()
        .take(60)
        .copied()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The structured target's page at `url` (one of its addresses) made of `nodes`.
fn decoded(url: &str, nodes: Vec<FuzzNode>) -> PageSnapshot<'static> {
    structured::snapshot(Page {
        url: at(structured::URLS, url),
        nodes,
        ..Page::default()
    })
}

/// `count` nodes, each the child of the one before, all of the same `tag`.
fn chain(count: usize, tag: &str, text: impl Fn(usize) -> String) -> Vec<Node<'static>> {
    (0..count)
        .map(|i| Node {
            tag: tag.to_owned().into(),
            parent: i.checked_sub(1).map(|p| p as u32),
            text: text(i).into(),
            ..Node::default()
        })
        .collect()
}

fn report_of(url: &str, nodes: Vec<Node>) -> Report {
    let snapshot = PageSnapshot {
        url: url.into(),
        nodes,
        ..PageSnapshot::default()
    };
    classify(snapshot, &Options::default()).expect("a report")
}

/// What these reports are checked on: kind, partial, and each session and setting in short.
fn summary(report: &Report) -> (PageKind, bool, usize, usize, Vec<String>) {
    let findings = report.findings.iter().map(|f| f.id.clone()).collect();
    (
        report.page_kind,
        report.partial,
        report.sessions.len(),
        report.settings.len(),
        findings,
    )
}

/// The slowest structured input of the first fuzzing run (docs/fuzzing.md): 10,201 `<option>`
/// elements in one chain, each text dense in known phrases. Took 1.1 s in the fuzz build, as much
/// as the scan of every text, repeated or not; the same text is now scanned once.
#[test]
fn a_chain_of_options_dense_in_known_phrases() {
    let snapshot = decoded(
        "https://myaccount.google.com/device-activity",
        vec![FuzzNode {
            tag: at(structured::TAGS, "option"),
            words: dense_words(),
            repeat: u8::MAX,
            chain: true,
            ..FuzzNode::default()
        }],
    );
    assert_eq!(snapshot.nodes.len(), 10_201);
    let report = classify(snapshot, &Options::default()).expect("a report");
    assert_eq!(
        summary(&report),
        (
            PageKind::Sessions,
            true,
            0,
            0,
            vec!["google.login_ip_log".into(), "google.device_info".into()]
        )
    );
}

/// The same chain with every text different (a number in front), so that nothing is shared.
#[test]
fn a_chain_of_distinct_texts_dense_in_known_phrases() {
    let text = dense_text();
    let report = report_of(
        "https://myaccount.google.com/device-activity",
        chain(10_201, "option", |i| format!("{i} {text}")),
    );
    assert_eq!(
        summary(&report),
        (
            PageKind::Sessions,
            true,
            0,
            0,
            vec!["google.login_ip_log".into(), "google.device_info".into()]
        )
    );
}

/// A chain of radio buttons, each in the group of the one before: every button's label is looked
/// for in the nodes before it and in its group.
#[test]
fn a_chain_of_radio_buttons_dense_in_known_phrases() {
    let snapshot = decoded(
        "https://myaccount.google.com/device-activity",
        vec![FuzzNode {
            tag: at(structured::TAGS, "div"),
            role: Some(at(structured::ROLES, "radio")),
            words: dense_words(),
            repeat: u8::MAX,
            chain: true,
            ..FuzzNode::default()
        }],
    );
    let report = classify(snapshot, &Options::default()).expect("a report");
    let (kind, partial, sessions, settings, _) = summary(&report);
    assert_eq!(
        (kind, partial, sessions, settings),
        (PageKind::Sessions, true, 0, 0)
    );
}

/// Fieldsets and legends nested 20,000 deep, every fourth node a radio button: each group's legend
/// is searched for only where the group holds one.
#[test]
fn fieldsets_and_legends_nested_with_radio_buttons() {
    let mut nodes = chain(20_000, "fieldset", |i| {
        format!("{i} Where you're logged in")
    });
    nodes[0].tag = "body".into();
    nodes[0].text = "".into();
    for (i, node) in nodes.iter_mut().enumerate().skip(1) {
        if i % 2 == 1 {
            node.tag = "legend".into();
        }
        if i % 4 == 1 {
            node.tag = "input".into();
            node.input_type = Some("radio".into());
        }
    }
    let report = report_of("https://www.facebook.com/settings?tab=security", nodes);
    let (kind, partial, sessions, settings, _) = summary(&report);
    assert_eq!(
        (kind, partial, sessions, settings),
        (PageKind::Sessions, false, 0, 5_000)
    );
}

/// The input: 20,000 switches with 500-character labels and values (276 ms to classify
/// before labels and values counted toward the total text).
#[test]
fn twenty_thousand_switches_with_long_labels() {
    let long = "l".repeat(MAX_TEXT_PER_NODE);
    let mut nodes = vec![Node {
        tag: "body".into(),
        ..Node::default()
    }];
    nodes.extend((1..MAX_NODES).map(|_| Node {
        tag: "div".into(),
        parent: Some(0),
        role: Some("switch".into()),
        label: Some(long.clone().into()),
        value: Some(long.clone().into()),
        checked: Some(true),
        ..Node::default()
    }));
    let report = report_of("https://www.facebook.com/settings?tab=security", nodes);
    let (kind, partial, sessions, settings, _) = summary(&report);
    assert_eq!(
        (kind, partial, sessions, settings),
        (PageKind::Sessions, true, 0, 1_000)
    );
}

/// The slowest structured input (fuzz target snapshot_structured): 8,881 `<option>` elements, each
/// "192.168.1.1 Chrome on Windows", in 1,021 chains (each node's parent 1,021 nodes before it).
/// It took 306 M instructions to classify, 78 M now (docs/fuzzing.md).
#[test]
fn many_session_like_options_in_chains() {
    let snapshot = decoded(
        "https://myaccount.google.com/device-activity",
        vec![FuzzNode {
            tag: at(structured::TAGS, "option"),
            parent_back: 1_021,
            words: vec![
                at(structured::WORDS, "192.168.1.1"),
                at(structured::WORDS, "Chrome on Windows"),
            ],
            repeat: 222,
            ..FuzzNode::default()
        }],
    );
    assert_eq!(snapshot.nodes.len(), 8_881);
    assert_eq!(snapshot.nodes[0].text, "192.168.1.1 Chrome on Windows");
    let report = classify(snapshot, &Options::default()).expect("a report");
    assert!(report.sessions.len() <= 8_881);
}
