//! The structured-snapshot decoder, written once: the fuzz target `snapshot_structured` decodes its
//! input with it, and `tests/fuzz_regressions.rs` rebuilds the inputs it found with it. Included by
//! both with `#[path]`; `Page` derives `Arbitrary` only in the fuzz build (cargo fuzz sets
//! `cfg(fuzzing)`), so the crate's tests need no `arbitrary`.
//!
//! Trees of the elements, roles and words classification looks for, at platform addresses, with
//! deep nesting, long texts and odd Unicode: reaches further into the classifier than raw JSON,
//! whose mutations are mostly rejected by the parser.

use disclosure_lens::snapshot::{Node, PageSnapshot};

pub const URLS: &[&str] = &[
    "https://www.facebook.com/settings?tab=security",
    "https://accountscenter.instagram.com/password_and_security/login_activity",
    "https://myaccount.google.com/device-activity",
    "https://x.com/settings/sessions",
    "https://github.com/settings/sessions",
    "https://takeout.google.com/",
    "https://bank.example/login",
];
pub const TAGS: &[&str] = &[
    "div", "span", "p", "h1", "h2", "li", "ul", "table", "tr", "td", "button", "a", "input",
    "select", "option", "label", "nav", "header", "article", "main", "time", "b", "section",
];
pub const ROLES: &[&str] = &[
    "switch",
    "checkbox",
    "radio",
    "row",
    "cell",
    "list",
    "listitem",
    "heading",
    "button",
    "navigation",
    "article",
    "menu",
    "banner",
    "radiogroup",
    "table",
    "link",
];
pub const INPUTS: &[&str] = &["checkbox", "radio", "password", "text", "hidden", "submit"];
/// Words the rules know, so that texts hit phrases, devices and times.
pub const WORDS: &[&str] = &[
    "Where you're logged in",
    "Active now",
    "iPhone",
    "Chrome on Windows",
    "Mexico City, Mexico",
    "192.168.1.1",
    "2001:db8::1",
    "Mar 3 at 9:14 PM",
    "hace 2 horas",
    "Location History",
    "Security",
    "Privacidad",
    "This device",
    "Log out",
    "11/21/26",
    "yesterday",
    "ago",
    "·",
    "•",
    "Sesión actual",
    "Download your information",
    "Was this helpful?",
    "On",
    "Off",
];

#[cfg_attr(fuzzing, derive(arbitrary::Arbitrary))]
#[derive(Debug, Default)]
pub struct Page {
    pub url: u8,
    pub path: String,
    pub lang: String,
    pub title: String,
    pub nodes: Vec<FuzzNode>,
    pub truncated: bool,
}

#[cfg_attr(fuzzing, derive(arbitrary::Arbitrary))]
#[derive(Debug, Default)]
pub struct FuzzNode {
    pub tag: u8,
    /// How far back the parent is; 0 makes a root, 1 the node before.
    pub parent_back: u16,
    pub words: Vec<u8>,
    pub text: String,
    pub role: Option<u8>,
    pub label: Option<String>,
    pub input: Option<u8>,
    pub checked: Option<bool>,
    pub value: Option<String>,
    /// Copies of this node, each the parent of the next: deep chains and long lists cheaply.
    pub repeat: u8,
    pub chain: bool,
}

fn pick<'a>(list: &[&'a str], i: u8) -> &'a str {
    list[usize::from(i) % list.len()]
}

/// The snapshot `page` stands for: each node's words and text, repeated and chained as it says.
pub fn snapshot(page: Page) -> PageSnapshot<'static> {
    let mut nodes: Vec<Node<'static>> = Vec::new();
    for fuzz in page.nodes {
        let mut text: String = fuzz
            .words
            .iter()
            .map(|&w| pick(WORDS, w))
            .collect::<Vec<_>>()
            .join(" ");
        text.push_str(&fuzz.text);
        for copy in 0..=usize::from(fuzz.repeat) * 40 {
            let index = nodes.len();
            let parent = if copy > 0 && fuzz.chain {
                Some(index as u32 - 1)
            } else {
                let back = usize::from(fuzz.parent_back);
                (back > 0 && back <= index).then(|| (index - back) as u32)
            };
            nodes.push(Node {
                tag: pick(TAGS, fuzz.tag).into(),
                parent,
                text: text.clone().into(),
                role: fuzz.role.map(|r| pick(ROLES, r).into()),
                label: fuzz.label.clone().map(Into::into),
                input_type: fuzz.input.map(|i| pick(INPUTS, i).into()),
                checked: fuzz.checked,
                value: fuzz.value.clone().map(Into::into),
            });
        }
    }
    PageSnapshot {
        url: format!("{}{}", pick(URLS, page.url), page.path).into(),
        lang: page.lang.into(),
        title: page.title.into(),
        nodes,
        truncated: page.truncated,
    }
}
