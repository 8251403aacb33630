//! Structured snapshots: trees of the elements, roles and words classification looks for, at
//! platform addresses, with deep nesting, long texts and odd Unicode. Reaches further into the
//! classifier than raw JSON, whose mutations are mostly rejected by the parser.
#![no_main]

use arbitrary::Arbitrary;
use disclosure_lens::snapshot::{Node, PageSnapshot};
use disclosure_lens::{classify, Options};
use libfuzzer_sys::fuzz_target;

const URLS: &[&str] = &[
    "https://www.facebook.com/settings?tab=security",
    "https://accountscenter.instagram.com/password_and_security/login_activity",
    "https://myaccount.google.com/device-activity",
    "https://x.com/settings/sessions",
    "https://github.com/settings/sessions",
    "https://takeout.google.com/",
    "https://bank.example/login",
];
const TAGS: &[&str] = &[
    "div", "span", "p", "h1", "h2", "li", "ul", "table", "tr", "td", "button", "a", "input",
    "select", "option", "label", "nav", "header", "article", "main", "time", "b", "section",
];
const ROLES: &[&str] = &[
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
const INPUTS: &[&str] = &["checkbox", "radio", "password", "text", "hidden", "submit"];
/// Words the rules know, so that texts hit phrases, devices and times.
const WORDS: &[&str] = &[
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

#[derive(Arbitrary, Debug)]
struct Page {
    url: u8,
    path: String,
    lang: String,
    title: String,
    nodes: Vec<FuzzNode>,
    truncated: bool,
}

#[derive(Arbitrary, Debug)]
struct FuzzNode {
    tag: u8,
    /// How far back the parent is; 0 makes a root, 1 the node before.
    parent_back: u16,
    words: Vec<u8>,
    text: String,
    role: Option<u8>,
    label: Option<String>,
    input: Option<u8>,
    checked: Option<bool>,
    value: Option<String>,
    /// Copies of this node, each the parent of the next: deep chains and long lists cheaply.
    repeat: u8,
    chain: bool,
}

fn pick<'a>(list: &[&'a str], i: u8) -> &'a str {
    list[usize::from(i) % list.len()]
}

fuzz_target!(
    init: {
        // Parse the embedded knowledge base and build the rules once, before any input is timed.
        let _ = disclosure_lens::Classifier::builtin();
        let _ = disclosure_lens::kb::knowledge_base();
    },
    |page: Page| {
    let mut nodes: Vec<Node> = Vec::new();
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
                text: text.clone(),
                role: fuzz.role.map(|r| pick(ROLES, r).into()),
                label: fuzz.label.clone(),
                input_type: fuzz.input.map(|i| pick(INPUTS, i).into()),
                checked: fuzz.checked,
                value: fuzz.value.clone(),
            });
        }
    }
    let snapshot = PageSnapshot {
        url: format!("{}{}", pick(URLS, page.url), page.path),
        lang: page.lang,
        title: page.title,
        nodes,
        truncated: page.truncated,
    };
    let _ = classify(snapshot, &Options::default());
});
