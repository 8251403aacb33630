//! `PageSnapshot`: the plain-data description of a page that every front end hands to the core.
//!
//! The content script builds one from the live DOM; the CLI builds the same from saved HTML
//! (`crate::html`). Both follow the same extraction rules, written once here as doc comments, so that
//! the same page gives the same snapshot. A snapshot carries only what classification may use: text,
//! ARIA roles and states, input types, the tree shape and the URL. Never CSS classes or ids, which
//! platforms hash and change.

use std::borrow::Cow;

use serde::Serialize;

mod json;
pub use json::SnapshotJsonError;

/// The most elements a snapshot holds; extractors stop there and set `truncated`.
pub const MAX_NODES: usize = 20_000;
/// The most characters of direct text kept per element.
pub const MAX_TEXT_PER_NODE: usize = 500;
/// The most of an element's raw text (its direct text nodes, an `aria-label`, an option's text) an
/// extractor reads, in UTF-16 code units, before collapsing white space: a page cannot make the
/// extractor work on a 50 MB text node.
pub const MAX_RAW_TEXT_PER_NODE: usize = 4_000;
/// The most text a whole snapshot holds, in UTF-16 code units (as JavaScript counts), counting every
/// node's `text`, `label` and `value`; past it, extractors keep the elements but drop their strings.
pub const MAX_TOTAL_TEXT: usize = 1_000_000;
/// The longest URL, title or language tag kept.
pub const MAX_FIELD: usize = 2_048;

/// Elements an extractor skips, with everything inside them: they hold no visible text.
pub const SKIPPED_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "math", "iframe", "head",
];

/// What a page showed when it was read.
///
/// Its JSON text (what `dlens snapshot` prints and the content script sends) is written with serde
/// and read with [`PageSnapshot::from_json`] (src/snapshot/json.rs). Its strings borrow from that
/// text wherever it holds them as they are (no escape to undo): reading a snapshot then makes no
/// allocation per string, which was a large part of the WASM call (docs/performance.md, "The branch
/// core-convert"). A snapshot built natively (`crate::html`) owns its strings:
/// `PageSnapshot<'static>`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PageSnapshot<'a> {
    /// The page's address.
    pub url: Cow<'a, str>,
    /// The `lang` attribute of `<html>`, e.g. `es-MX`; empty when absent.
    pub lang: Cow<'a, str>,
    /// The document title.
    pub title: Cow<'a, str>,
    /// The body's elements in document order (pre-order), `body` itself first.
    pub nodes: Vec<Node<'a>>,
    /// Whether the extractor stopped at a limit, so the snapshot covers only the start of the page.
    pub truncated: bool,
}

/// One element of the page. Extraction rules:
/// - every element under `<body>` in document order, except `SKIPPED_TAGS` and elements with the
///   `hidden` attribute or `aria-hidden="true"` (and their descendants);
/// - `text` is the element's own text nodes joined in order, read only up to
///   `MAX_RAW_TEXT_PER_NODE` UTF-16 code units (a lone high surrogate left at the cut is dropped),
///   then white space collapsed to single spaces and trimmed, then cut to `MAX_TEXT_PER_NODE`
///   characters; `label` (`aria-label`) and `value` get the same three steps;
/// - `text`, `label` and `value` each count toward `MAX_TOTAL_TEXT`: the node whose strings would take
///   the total past it, and every later node, keep their tag, parent, role, input type and checked
///   state but lose their strings, and `truncated` is set;
/// - `checked` is `aria-checked` ("true"/"false") when present, else an `<input>`'s checkedness for
///   checkboxes and radios;
/// - `value` is, for a `<select>`, the text of the option it shows: the last one marked `selected`, else
///   its first option that is not disabled (tests/fixtures/extraction-cases.json).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Node<'a> {
    /// Lower-case tag name.
    pub tag: Cow<'a, str>,
    /// Index of the parent element in `PageSnapshot::nodes`; `None` for the first node.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<u32>,
    #[serde(skip_serializing_if = "str::is_empty")]
    pub text: Cow<'a, str>,
    /// The `role` attribute.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<Cow<'a, str>>,
    /// The `aria-label` attribute.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<Cow<'a, str>>,
    /// The `type` attribute of an `<input>`, lower-case.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input_type: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checked: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<Cow<'a, str>>,
}

/// Why a snapshot cannot be read at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SnapshotError {
    MissingUrl,
    /// A node names a parent that is not before it, which would make the tree a loop.
    BadParent {
        node: usize,
        parent: u32,
    },
}

impl std::fmt::Display for SnapshotError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::MissingUrl => write!(f, "the snapshot has no URL; give the page's address"),
            Self::BadParent { node, parent } => write!(
                f,
                "node {node} names parent {parent}, which is not an earlier node; nodes must be in document order"
            ),
        }
    }
}

impl PageSnapshot<'_> {
    /// The same snapshot owning its strings, to keep beyond the text it was read from.
    pub fn into_owned(self) -> PageSnapshot<'static> {
        let owned = |s: Option<Cow<'_, str>>| s.map(|s| Cow::Owned(s.into_owned()));
        PageSnapshot {
            url: self.url.into_owned().into(),
            lang: self.lang.into_owned().into(),
            title: self.title.into_owned().into(),
            nodes: self
                .nodes
                .into_iter()
                .map(|node| Node {
                    tag: node.tag.into_owned().into(),
                    parent: node.parent,
                    text: node.text.into_owned().into(),
                    role: owned(node.role),
                    label: owned(node.label),
                    input_type: owned(node.input_type),
                    checked: node.checked,
                    value: owned(node.value),
                })
                .collect(),
            truncated: self.truncated,
        }
    }

    /// Brings a snapshot from any source within the limits, and rejects one whose shape is broken.
    ///
    /// Oversized parts are cut, not refused, and `truncated` is set: a huge page still gets a
    /// (partial) report. The per-node and total text limits apply as the extraction rules on [`Node`]
    /// say; tag, role and input type, short in every real page, are cut to `MAX_FIELD`.
    pub fn into_bounded(mut self) -> Result<Self, SnapshotError> {
        if self.url.trim().is_empty() {
            return Err(SnapshotError::MissingUrl);
        }
        for field in [&mut self.url, &mut self.lang, &mut self.title] {
            self.truncated |= cut_chars(field, MAX_FIELD);
        }
        if self.nodes.len() > MAX_NODES {
            self.nodes.truncate(MAX_NODES);
            self.truncated = true;
        }
        let mut total_text = 0;
        let mut over_total = false;
        for (index, node) in self.nodes.iter_mut().enumerate() {
            if let Some(parent) = node.parent {
                if parent as usize >= index {
                    return Err(SnapshotError::BadParent {
                        node: index,
                        parent,
                    });
                }
            }
            for field in [
                Some(&mut node.tag),
                node.role.as_mut(),
                node.input_type.as_mut(),
            ]
            .into_iter()
            .flatten()
            {
                self.truncated |= cut_chars(field, MAX_FIELD);
            }
            if !over_total {
                for field in [
                    Some(&mut node.text),
                    node.label.as_mut(),
                    node.value.as_mut(),
                ]
                .into_iter()
                .flatten()
                {
                    self.truncated |= cut_chars(field, MAX_TEXT_PER_NODE);
                }
                let size: usize = [Some(&node.text), node.label.as_ref(), node.value.as_ref()]
                    .into_iter()
                    .flatten()
                    .map(|s| utf16_len(s))
                    .sum();
                over_total = total_text + size > MAX_TOTAL_TEXT;
                if !over_total {
                    total_text += size;
                }
            }
            if over_total {
                node.text = Cow::Borrowed("");
                node.label = None;
                node.value = None;
                self.truncated = true;
            }
        }
        Ok(self)
    }
}

/// Cuts `s` to at most `max` characters; true when it cut. A borrowed string stays borrowed.
fn cut_chars(s: &mut Cow<'_, str>, max: usize) -> bool {
    // No more bytes than `max`: no more characters either, nothing to count.
    if s.len() <= max {
        return false;
    }
    match s.char_indices().nth(max) {
        Some((byte, _)) => {
            match s {
                Cow::Borrowed(text) => *text = &text[..byte],
                Cow::Owned(text) => text.truncate(byte),
            }
            true
        }
        None => false,
    }
}

/// The length of `s` in UTF-16 code units, as JavaScript counts it.
fn utf16_len(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.encode_utf16().count()
    }
}

/// Collapses runs of white space to one space and trims, as extractors do to text.
pub fn collapse_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(parent: Option<u32>, text: &str) -> Node<'_> {
        Node {
            tag: "div".into(),
            parent,
            text: text.into(),
            ..Node::default()
        }
    }

    #[test]
    fn a_snapshot_without_url_is_an_error() {
        let err = PageSnapshot::default().into_bounded().unwrap_err();
        assert_eq!(err, SnapshotError::MissingUrl);
        assert!(err.to_string().contains("give the page's address"));
    }

    #[test]
    fn a_parent_after_its_child_is_an_error_not_a_loop() {
        let snapshot = PageSnapshot {
            url: "https://x.example/".into(),
            nodes: vec![node(None, ""), node(Some(1), "")],
            ..Default::default()
        };
        assert_eq!(
            snapshot.into_bounded().unwrap_err(),
            SnapshotError::BadParent { node: 1, parent: 1 }
        );
    }

    /// A valid snapshot of `nodes`, brought within the limits.
    fn bounded(nodes: Vec<Node>) -> PageSnapshot {
        let snapshot = PageSnapshot {
            url: "https://x.example/".into(),
            nodes,
            ..Default::default()
        };
        snapshot.into_bounded().expect("a valid snapshot")
    }

    #[test]
    fn oversized_snapshots_are_cut_and_marked_partial() {
        let long = "é".repeat(MAX_TEXT_PER_NODE + 10);
        let mut nodes = vec![node(None, &long)];
        nodes.extend((0..MAX_NODES + 5).map(|_| node(Some(0), "x")));
        let bounded = bounded(nodes);
        assert!(bounded.truncated);
        assert_eq!(bounded.nodes.len(), MAX_NODES);
        assert_eq!(bounded.nodes[0].text.chars().count(), MAX_TEXT_PER_NODE);
    }

    fn switch<'a>(label: &'a str, value: &'a str) -> Node<'a> {
        Node {
            tag: "div".into(),
            parent: Some(0),
            role: Some("switch".into()),
            label: Some(label.into()),
            checked: Some(true),
            value: Some(value.into()),
            ..Node::default()
        }
    }

    /// UTF-16 code units of every node's text, label and value.
    fn total_strings(snapshot: &PageSnapshot) -> usize {
        snapshot
            .nodes
            .iter()
            .flat_map(|n| [Some(&n.text), n.label.as_ref(), n.value.as_ref()])
            .flatten()
            .map(|s| s.encode_utf16().count())
            .sum()
    }

    #[test]
    fn labels_and_values_count_toward_the_total() {
        // 20,000 switches with 500-character labels and values: 20 M characters if labels escaped.
        let long = "l".repeat(MAX_TEXT_PER_NODE);
        let mut nodes = vec![node(None, "")];
        nodes.extend((1..MAX_NODES).map(|_| switch(&long, &long)));
        let bounded = bounded(nodes);
        assert!(bounded.truncated);
        let total = total_strings(&bounded);
        assert!(total <= MAX_TOTAL_TEXT, "{total}");
        assert!(
            total > MAX_TOTAL_TEXT - 2 * MAX_TEXT_PER_NODE,
            "the limit is filled, not undercut: {total}"
        );
        // Past the limit, a node keeps what classification needs besides strings.
        let last = bounded.nodes.last().unwrap();
        assert_eq!((last.label.as_ref(), last.value.as_ref()), (None, None));
        assert_eq!(
            (last.role.as_deref(), last.checked, &*last.tag, last.parent),
            (Some("switch"), Some(true), "div", Some(0))
        );
    }

    #[test]
    fn past_the_total_every_later_node_loses_its_strings() {
        // A node too large for what is left, then a small one: the small one loses its text too.
        let mut nodes = vec![node(None, "")];
        let text = "t".repeat(MAX_TEXT_PER_NODE);
        let fill = MAX_TOTAL_TEXT / MAX_TEXT_PER_NODE - 1;
        nodes.extend((0..fill).map(|_| node(Some(0), &text)));
        nodes.push(switch(&text, &text));
        nodes.push(node(Some(0), "short"));
        let bounded = bounded(nodes);
        assert!(bounded.truncated);
        assert_eq!(
            bounded.nodes[fill].text.len(),
            MAX_TEXT_PER_NODE,
            "the last node that fits keeps its text"
        );
        assert_eq!(bounded.nodes[fill + 1].label, None);
        assert_eq!(bounded.nodes[fill + 2].text, "");
    }

    #[test]
    fn a_snapshot_within_every_limit_is_unchanged() {
        let nodes = vec![
            node(None, "Where you're logged in"),
            switch("Location history", "On"),
        ];
        let snapshot = PageSnapshot {
            url: "https://x.example/".into(),
            nodes,
            ..Default::default()
        };
        assert_eq!(snapshot.clone().into_bounded().unwrap(), snapshot);
    }

    #[test]
    fn tags_and_roles_are_cut_to_the_field_limit() {
        let mut huge = node(None, "");
        huge.role = Some("r".repeat(MAX_FIELD * 10).into());
        let bounded = bounded(vec![huge]);
        assert!(bounded.truncated);
        assert_eq!(
            bounded.nodes[0].role.as_deref().map(str::len),
            Some(MAX_FIELD)
        );
    }

    #[test]
    fn strings_are_borrowed_from_the_json_unless_escaped() {
        let json = r#"{"url":"https://x.example/","nodes":[{"tag":"body"},{"tag":"p","parent":0,"text":"say \"hi\"","role":"note"}]}"#;
        let snapshot = PageSnapshot::from_json(json).unwrap();
        assert!(matches!(snapshot.url, Cow::Borrowed("https://x.example/")));
        assert!(matches!(snapshot.nodes[1].tag, Cow::Borrowed("p")));
        assert!(matches!(
            snapshot.nodes[1].role,
            Some(Cow::Borrowed("note"))
        ));
        // An escape must be undone, so that string is a copy, with the escape undone.
        assert!(matches!(&snapshot.nodes[1].text, Cow::Owned(text) if text == "say \"hi\""));
        // Cutting a borrowed string keeps it borrowed.
        let long = format!(
            r#"{{"url":"https://x.example/","nodes":[{{"tag":"p","text":"{}"}}]}}"#,
            "a".repeat(MAX_TEXT_PER_NODE + 1)
        );
        let snapshot = PageSnapshot::from_json(&long).unwrap();
        let bounded = snapshot.into_bounded().unwrap();
        assert!(bounded.truncated);
        assert!(
            matches!(&bounded.nodes[0].text, Cow::Borrowed(text) if text.len() == MAX_TEXT_PER_NODE)
        );
    }

    #[test]
    fn total_text_is_capped() {
        let text = "a".repeat(MAX_TEXT_PER_NODE);
        let count = MAX_TOTAL_TEXT / MAX_TEXT_PER_NODE + 10;
        let nodes = (0..count)
            .map(|i| node(if i == 0 { None } else { Some(0) }, &text))
            .collect();
        let bounded = bounded(nodes);
        let total: usize = bounded.nodes.iter().map(|n| n.text.len()).sum();
        assert!(bounded.truncated && total <= MAX_TOTAL_TEXT);
    }
}
