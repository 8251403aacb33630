//! Inputs the fuzzers found (fuzz/, docs/fuzzing.md), replayed through the same paths as their
//! targets: every file under `tests/fixtures/fuzz/<target>/`. None crashed; these were the slowest
//! of their corpus, kept so that a change that makes them panic, or breaks the bounds on what
//! they produce, fails here. Speed itself is measured by `make fuzz`, not asserted.

use std::fs;
use std::path::PathBuf;

use disclosure_lens::snapshot::{Node, PageSnapshot, MAX_NODES, MAX_TEXT_PER_NODE};
use disclosure_lens::{classify, html, Options};

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

#[test]
fn snapshots_found_by_the_json_fuzzer() {
    /// The other shape the target reads.
    #[derive(serde::Deserialize)]
    struct Call {
        snapshot: PageSnapshot,
        #[serde(default)]
        options: Options,
    }
    for (path, bytes) in inputs("snapshot_json") {
        // A bare snapshot, `{ snapshot, options }`, or JSON that is neither (then refused with a
        // message). Classifying errors are values: a malformed snapshot gives one, never a panic.
        if let Ok(snapshot) = serde_json::from_slice::<PageSnapshot>(&bytes) {
            let _ = classify(snapshot, &Options::default());
        } else if let Ok(call) = serde_json::from_slice::<Call>(&bytes) {
            let _ = classify(call.snapshot, &call.options);
        } else {
            let refused = serde_json::from_slice::<PageSnapshot>(&bytes).unwrap_err();
            assert!(!refused.to_string().is_empty(), "{}", path.display());
        }
    }
}

/// The slowest structured input (fuzz target snapshot_structured): 8,881 `<option>` elements, each
/// "192.168.1.1 Chrome on Windows", in 1,021 chains (each node's parent 1,021 nodes before it).
/// It classifies, slowly (docs/fuzzing.md): about 0.4 to 1.3 s in the fuzz build on a loaded machine.
#[test]
fn many_session_like_options_in_chains() {
    let nodes: Vec<Node> = (0..8_881)
        .map(|i: usize| Node {
            tag: "option".into(),
            parent: i.checked_sub(1_021).map(|p| p as u32),
            text: "192.168.1.1 Chrome on Windows".into(),
            ..Node::default()
        })
        .collect();
    let snapshot = PageSnapshot {
        url: "https://myaccount.google.com/device-activity".into(),
        nodes,
        ..PageSnapshot::default()
    };
    let report = classify(snapshot, &Options::default()).expect("a report");
    assert!(report.sessions.len() <= 8_881);
}
