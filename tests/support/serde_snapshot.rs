//! The snapshot's JSON as serde_json read it before src/snapshot/json.rs: the derived `Deserialize`
//! of `PageSnapshot` and `Node` as it was (the same fields with the same attributes), kept as the
//! reference that the hand-written reader must agree with (tests/robustness.rs and the fuzz target
//! `snapshot_json`). Not part of the crate: nothing else reads a snapshot this way.

use std::borrow::Cow;

use disclosure_lens::snapshot::{Node, PageSnapshot, MAX_NODES};
use serde::Deserialize;

/// Reads `text` with both readers and panics unless they agree: both refuse it, or both read the
/// same snapshot and borrow the same strings from the text. Past `MAX_NODES + 1` nodes only the
/// first `MAX_NODES + 1` are compared: the hand-written reader keeps no more (src/snapshot/json.rs).
pub fn read_alike(text: &str) -> Option<PageSnapshot<'_>> {
    let shown = || text.chars().take(3_000).collect::<String>();
    match (PageSnapshot::from_json(text), read(text)) {
        (Ok(ours), Ok(mut serde)) => {
            serde.nodes.truncate(MAX_NODES + 1);
            assert_eq!(ours, serde, "{}", shown());
            assert_eq!(
                borrowed_strings(&ours),
                borrowed_strings(&serde),
                "{}",
                shown()
            );
            Some(ours)
        }
        (Err(error), Err(_)) => {
            assert!(error.offset <= text.len(), "{error}: {}", shown());
            assert!(error.to_string().contains(" at byte "), "{error}");
            None
        }
        (ours, serde) => panic!(
            "the readers disagree: ours {:?}, serde's {:?}, on {:?}",
            ours.map(|_| "read"),
            serde.map(|_| "read"),
            shown()
        ),
    }
}

/// Whether each string of `snapshot` is borrowed from its text, in order.
fn borrowed_strings(snapshot: &PageSnapshot) -> Vec<bool> {
    let is_borrowed = |s: &Cow<str>| matches!(s, Cow::Borrowed(_));
    let mut all = vec![
        is_borrowed(&snapshot.url),
        is_borrowed(&snapshot.lang),
        is_borrowed(&snapshot.title),
    ];
    for node in &snapshot.nodes {
        all.extend([is_borrowed(&node.tag), is_borrowed(&node.text)]);
        let optional = [&node.role, &node.label, &node.input_type, &node.value];
        all.extend(optional.into_iter().flatten().map(is_borrowed));
    }
    all
}

/// The text read as serde_json read it into `PageSnapshot`.
pub fn read(text: &str) -> Result<PageSnapshot<'_>, serde_json::Error> {
    serde_json::from_str::<Snapshot>(text).map(Snapshot::into_snapshot)
}

#[derive(Deserialize)]
struct Snapshot<'a> {
    #[serde(borrow)]
    url: Cow<'a, str>,
    #[serde(default, borrow)]
    lang: Cow<'a, str>,
    #[serde(default, borrow)]
    title: Cow<'a, str>,
    #[serde(default, borrow)]
    nodes: Vec<SnapshotNode<'a>>,
    #[serde(default)]
    truncated: bool,
}

#[derive(Deserialize)]
struct SnapshotNode<'a> {
    #[serde(borrow)]
    tag: Cow<'a, str>,
    #[serde(default)]
    parent: Option<u32>,
    #[serde(default, borrow)]
    text: Cow<'a, str>,
    #[serde(default, borrow, deserialize_with = "borrowed")]
    role: Option<Cow<'a, str>>,
    #[serde(default, borrow, deserialize_with = "borrowed")]
    label: Option<Cow<'a, str>>,
    #[serde(default, borrow, deserialize_with = "borrowed")]
    input_type: Option<Cow<'a, str>>,
    #[serde(default)]
    checked: Option<bool>,
    #[serde(default, borrow, deserialize_with = "borrowed")]
    value: Option<Cow<'a, str>>,
}

/// An optional string, borrowed: serde borrows a `Cow<str>` field, but reads one inside an `Option`
/// as an owned copy.
fn borrowed<'de: 'a, 'a, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Cow<'a, str>>, D::Error> {
    #[derive(Deserialize)]
    struct Borrowed<'a>(#[serde(borrow)] Cow<'a, str>);
    Ok(Option::<Borrowed>::deserialize(deserializer)?.map(|Borrowed(s)| s))
}

impl<'a> Snapshot<'a> {
    fn into_snapshot(self) -> PageSnapshot<'a> {
        PageSnapshot {
            url: self.url,
            lang: self.lang,
            title: self.title,
            nodes: self
                .nodes
                .into_iter()
                .map(|node| Node {
                    tag: node.tag,
                    parent: node.parent,
                    text: node.text,
                    role: node.role,
                    label: node.label,
                    input_type: node.input_type,
                    checked: node.checked,
                    value: node.value,
                })
                .collect(),
            truncated: self.truncated,
        }
    }
}
