//! Pages that try to break the classifier: hostile text, enormous and deep pages, pages caught half
//! rendered, and random snapshots. Each must give a report (partial where the page was cut), never a
//! panic, and in time that grows with the page.

use std::time::{Duration, Instant};

use disclosure_lens::report::PageKind;
use disclosure_lens::snapshot::{Node, MAX_NODES, MAX_TEXT_PER_NODE};
use disclosure_lens::{classify, html, Options, PageSnapshot, Report};

/// Far above what these pages take in a debug build; here to catch a quadratic step, not to time.
const TIME_LIMIT: Duration = Duration::from_secs(10);

fn node(tag: &str, parent: Option<u32>, text: &str) -> Node<'static> {
    Node {
        tag: tag.to_owned().into(),
        parent,
        text: text.to_owned().into(),
        ..Node::default()
    }
}

fn run(snapshot: PageSnapshot) -> Report {
    let started = Instant::now();
    let report = classify(snapshot, &Options::default()).expect("a report, not an error");
    let took = started.elapsed();
    assert!(took < TIME_LIMIT, "classify took {took:?}");
    report
}

/// A session list: `ul` at index 1, one `li` per row with device, place, IP and time.
fn session_list(url: &str, rows: &[[&str; 4]]) -> PageSnapshot<'static> {
    let mut nodes = vec![node("body", None, ""), node("ul", Some(0), "")];
    for row in rows {
        let li = nodes.len() as u32;
        nodes.push(node("li", Some(1), ""));
        nodes.extend(row.iter().map(|text| node("span", Some(li), text)));
    }
    PageSnapshot {
        url: url.to_owned().into(),
        lang: "en".into(),
        title: "Active sessions".into(),
        nodes,
        truncated: false,
    }
}

#[test]
fn markup_and_script_in_session_rows_stay_text() {
    let report = run(session_list(
        "https://app.example/settings/sessions",
        &[
            [
                "Chrome on Windows \"><img src=x onerror=alert(1)>",
                "Portland, OR, United States",
                "203.0.113.7",
                "Active now",
            ],
            [
                "Firefox on Linux",
                "<script>alert(2)</script>",
                "198.51.100.9",
                "2 hours ago\u{202e}\u{0000}",
            ],
            [
                "İPHONE \u{0130}\u{0130}\u{0130} ǅ ﬃ",
                "Seattle, WA, United States",
                "2001:db8::1",
                "Yesterday",
            ],
        ],
    ));
    assert_eq!(report.page_kind, PageKind::Sessions);
    assert_eq!(report.sessions.len(), 3);
    assert_eq!(
        report.sessions[0].device,
        "Chrome on Windows \"><img src=x onerror=alert(1)>"
    );
    // The unreadable place takes its column's field, verbatim.
    assert_eq!(report.sessions[1].location, "<script>alert(2)</script>");
    assert_eq!(report.sessions[2].ip, "2001:db8::1");
    let json = serde_json::to_string(&report).unwrap();
    assert!(json.contains("<script>alert(2)</script>"), "kept as data");
}

#[test]
fn the_hostile_fixture_reads_like_its_plain_twin() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/pages");
    let read = |file: &str| {
        let html = std::fs::read_to_string(format!("{dir}/{file}")).unwrap();
        let url = "https://www.facebook.com/settings?tab=security";
        run(html::snapshot_from_html(&html, Some(url)))
    };
    let hostile = read("hostile/sessions-markup-en.html");
    let plain = read("facebook/sessions-en.html");
    assert_eq!(hostile.page_kind, plain.page_kind);
    assert_eq!(hostile.sessions.len(), plain.sessions.len());
    assert_eq!(hostile.subpoena_view.unwrap().sessions, 5);
}

#[test]
fn an_enormous_page_gives_a_partial_report_in_time() {
    let row = [
        "Chrome on Windows",
        "Houston, TX, United States",
        "198.51.100.23",
        "Nov 28, 2026, 9:14 PM",
    ];
    let rows = vec![row; MAX_NODES / 4];
    let mut snapshot = session_list("https://app.example/settings/sessions", &rows);
    // Over a megabyte of text, past every limit.
    let filler = "x".repeat(MAX_TEXT_PER_NODE);
    snapshot
        .nodes
        .extend((0..5_000).map(|_| node("p", Some(0), &filler)));
    let text: usize = snapshot.nodes.iter().map(|n| n.text.len()).sum();
    assert!(text > 1_000_000, "the page holds {text} bytes of text");
    let report = run(snapshot);
    assert!(report.partial);
    assert_eq!(report.page_kind, PageKind::Sessions);
    assert!(report.sessions.len() > 1_000);
    let view = report.subpoena_view.unwrap();
    assert_eq!((view.ips, view.places, view.devices), (1, 1, 1));
}

#[test]
fn a_page_nested_twenty_thousand_deep_is_linear() {
    let mut nodes = vec![node("body", None, "")];
    for i in 1..MAX_NODES {
        let text = match i % 4 {
            0 => "iPhone 15 Pro",
            1 => "Houston, TX, United States",
            2 => "2 hours ago",
            _ => "203.0.113.5",
        };
        nodes.push(node("div", Some(i as u32 - 1), text));
    }
    let report = run(PageSnapshot {
        url: "https://deep.example/".into(),
        nodes,
        ..Default::default()
    });
    assert!(!report.partial);
    // One chain is at most one row: no list, no siblings.
    assert!(report.sessions.len() <= 1);
}

#[test]
fn a_page_caught_half_rendered_reports_what_is_there() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/pages");
    let html = std::fs::read_to_string(format!("{dir}/facebook/sessions-en.html")).unwrap();
    let full = html::snapshot_from_html(&html, None);
    // The list has rendered two of its rows when the page is read.
    let cut = full
        .nodes
        .iter()
        .position(|n| n.text == "Mac")
        .expect("the third row's device");
    let mut half = full.clone();
    half.nodes.truncate(cut);
    half.truncated = true;
    let report = run(half);
    assert!(report.partial);
    assert_eq!(report.page_kind, PageKind::Sessions);
    assert_eq!(report.sessions.len(), 2);

    // A skeleton: the structure is there, the text is not yet.
    let mut skeleton = full;
    for node in &mut skeleton.nodes {
        node.text = "".into();
    }
    let report = run(skeleton);
    assert!(report.sessions.is_empty());
    assert_eq!(
        report.page_kind,
        PageKind::Sessions,
        "from the address alone"
    );
}

/// A small deterministic generator (xorshift), so a failure can be replayed.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const TEXTS: &[&str] = &[
    "",
    "iPhone 15 Pro",
    "Chrome · Windows",
    "Houston, TX, United States",
    "203.0.113.45 – Monterrey, Mexico",
    "2001:db8::1",
    "2 hours ago",
    "hace 3 días",
    "Mar 3 at 9:14 PM",
    "11/09/26",
    "99/99/9999 99:99",
    "Active now",
    "This device",
    "Signed out",
    "Where you're logged in",
    "Privacy",
    "Log in",
    "a · · - – —",
    " · ",
    "İİİ ß ǅ ﬃ Ⅻ",
    "\u{202e}\u{200b}\u{0000}",
    "<script>alert(1)</script>",
    "9:99 PM 25:61",
    ",,,,",
    "Ciudad de México, México · en línea",
    "a.m. p. m.",
    "4294967296 days ago",
];
const TAGS: &[&str] = &[
    "div", "li", "ul", "h2", "label", "input", "select", "option", "a", "nav", "legend", "fieldset",
];
const ROLES: &[&str] = &[
    "",
    "switch",
    "radio",
    "radiogroup",
    "listitem",
    "heading",
    "navigation",
    "button",
    "checkbox",
    "row",
];
const INPUTS: &[&str] = &["", "checkbox", "radio", "password", "text"];

fn random_snapshot(random: &mut Random) -> PageSnapshot<'static> {
    let count = 1 + random.below(300);
    let nodes = (0..count)
        .map(|i| {
            let mut n = node(
                random.pick(TAGS),
                (i > 0).then(|| random.below(i) as u32),
                &random.pick(TEXTS).repeat(1 + random.below(3)),
            );
            n.role = Some(random.pick(ROLES))
                .filter(|r| !r.is_empty())
                .map(Into::into);
            n.input_type = Some(random.pick(INPUTS))
                .filter(|r| !r.is_empty())
                .map(Into::into);
            n.label = Some(random.pick(TEXTS).into()).filter(|_| random.below(4) == 0);
            n.checked = [None, Some(true), Some(false)][random.below(3)];
            n.value = Some(random.pick(TEXTS).into()).filter(|_| random.below(4) == 0);
            n
        })
        .collect();
    let urls = [
        "https://www.facebook.com/settings?tab=security",
        "https://x.com/settings/sessions",
        "https://unknown.example/login",
        "not a url",
    ];
    PageSnapshot {
        url: urls[random.below(urls.len())].into(),
        lang: ["en", "es-MX", "", "zz"][random.below(4)].into(),
        title: random.pick(TEXTS).into(),
        nodes,
        truncated: false,
    }
}

#[test]
fn random_snapshots_never_panic() {
    let mut random = Random(0x9e37_79b9_7f4a_7c15);
    let (mut with_sessions, mut with_settings) = (0, 0);
    for _ in 0..400 {
        let report = run(random_snapshot(&mut random));
        assert!(report.subpoena_view.is_none() || report.page_kind == PageKind::Sessions);
        with_sessions += usize::from(!report.sessions.is_empty());
        with_settings += usize::from(!report.settings.is_empty());
    }
    // The generator reaches the session and settings readers, not only the early exits.
    assert!(
        with_sessions > 10 && with_settings > 10,
        "{with_sessions} {with_settings}"
    );
}

// --- The snapshot's JSON text: the hand-written reader (src/snapshot/json.rs) against serde_json ---

#[path = "support/serde_snapshot.rs"]
mod serde_snapshot;

/// Every saved page under tests/fixtures, in order.
fn fixture_pages() -> Vec<std::path::PathBuf> {
    fn walk(dir: &std::path::Path, pages: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, pages);
            } else if path.extension().is_some_and(|e| e == "html") {
                pages.push(path);
            }
        }
    }
    let mut pages = Vec::new();
    walk(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"),
        &mut pages,
    );
    pages.sort();
    pages
}

/// The snapshot of each fixture page, as `dlens snapshot` makes it.
fn fixture_snapshots() -> Vec<PageSnapshot<'static>> {
    fixture_pages()
        .iter()
        .map(|path| {
            let page = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
            html::snapshot_from_html(
                &page,
                Some("https://www.facebook.com/settings?tab=security"),
            )
        })
        .collect()
}

#[test]
fn every_fixture_snapshot_reads_as_serde_json_read_it() {
    let snapshots = fixture_snapshots();
    assert!(snapshots.len() >= 110, "{} pages", snapshots.len());
    for snapshot in &snapshots {
        // As the content script writes it (one line) and as `dlens snapshot` prints it.
        for text in [
            serde_json::to_string(snapshot).unwrap(),
            serde_json::to_string_pretty(snapshot).unwrap(),
        ] {
            assert!(serde_snapshot::read_alike(&text).is_some());
            assert_eq!(&PageSnapshot::from_json(&text).unwrap(), snapshot);
        }
    }
}

/// Writes `value` as JSON, varied as a writer may vary it and as an attacker may break it: keys in
/// any order, a key twice, unknown keys with nested values, a record as an array of its values,
/// values of other types, strings with every kind of escape (rarely a lone surrogate or a raw
/// control character), white space anywhere. Each change that may break the snapshot happens with
/// odds of 1 in `odds` (never if 0).
fn write_varied(value: &serde_json::Value, odds: usize, random: &mut Random, out: &mut String) {
    let breaks = |random: &mut Random| odds != 0 && random.below(odds) == 0;
    use serde_json::Value;
    let space = |random: &mut Random, out: &mut String| {
        if random.below(8) == 0 {
            out.push_str([" ", "\n", "\t", "\r\n  "][random.below(4)]);
        }
    };
    space(random, out);
    if breaks(random) {
        out.push_str(random.pick(&[
            "null",
            "0",
            "-1",
            "4294967296",
            "1.5e3",
            "\"x\"",
            "true",
            "[]",
            "{}",
            "[{\"k\":[null,{}]}]",
        ]));
        space(random, out);
        return;
    }
    match value {
        Value::String(s) => write_string(s, odds, random, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_varied(item, odds, random, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            let order: &[&str] = if map.contains_key("url") {
                &["url", "lang", "title", "nodes", "truncated"]
            } else {
                &[
                    "tag",
                    "parent",
                    "text",
                    "role",
                    "label",
                    "input_type",
                    "checked",
                    "value",
                ]
            };
            if random.below(30) == 0 {
                // As an array of its values in field order, the last ones left out or one too many.
                let count = 1 + random.below(order.len()) + usize::from(breaks(random));
                out.push('[');
                for (i, key) in order.iter().cycle().take(count).enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    match map.get(*key) {
                        Some(value) => write_varied(value, odds, random, out),
                        None => out.push_str(match *key {
                            "nodes" => "[]",
                            "truncated" => "false",
                            "lang" | "title" | "text" => "\"\"",
                            _ => "null",
                        }),
                    }
                }
                out.push(']');
            } else {
                let mut entries: Vec<(&str, &Value)> =
                    map.iter().map(|(k, v)| (k.as_str(), v)).collect();
                // The written order (url, nodes… as JavaScript writes them), or shuffled.
                entries.sort_by_key(|(key, _)| order.iter().position(|k| k == key));
                if random.below(4) == 0 {
                    for i in (1..entries.len()).rev() {
                        entries.swap(i, random.below(i + 1));
                    }
                }
                if breaks(random) && !entries.is_empty() {
                    let again = entries[random.below(entries.len())];
                    entries.push(again);
                }
                if breaks(random) && !entries.is_empty() {
                    entries.remove(random.below(entries.len()));
                }
                let unknown = serde_json::json!({"deep": [[[{"a": [1, -2.5e-3, true, null, "\u{0}"]}]]], "n": 0});
                if random.below(10) == 0 {
                    entries.insert(random.below(entries.len() + 1), ("extra", &unknown));
                }
                out.push('{');
                for (i, (key, value)) in entries.into_iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    space(random, out);
                    write_string(key, odds, random, out);
                    space(random, out);
                    out.push(':');
                    write_varied(value, odds, random, out);
                }
                out.push('}');
            }
        }
        other => out.push_str(&other.to_string()),
    }
    space(random, out);
}

/// Writes `s` as a JSON string, each character as it is or escaped in one of JSON's ways; with odds
/// of 1 in `odds`, a control character is left raw or a broken escape is added.
fn write_string(s: &str, odds: usize, random: &mut Random, out: &mut String) {
    let breaks = |random: &mut Random| odds != 0 && random.below(odds) == 0;
    use std::fmt::Write;
    out.push('"');
    let escaping = random.below(4) == 0;
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 && !breaks(random) => {
                write!(out, "\\u{:04x}", c as u32).unwrap()
            }
            c if escaping && random.below(3) == 0 => match random.below(4) {
                0 if c == '/' || c == '\n' => out.push_str(if c == '/' { "\\/" } else { "\\n" }),
                _ => {
                    let mut units = [0u16; 2];
                    for unit in c.encode_utf16(&mut units) {
                        write!(out, "\\u{unit:04X}").unwrap();
                    }
                }
            },
            c => out.push(c),
        }
    }
    if breaks(random) {
        out.push_str(random.pick(&["\\ud83d", "\\ude00", "\\ud83d\\u0041", "\\x", "\\u12"]));
    }
    out.push('"');
}

/// Breaks `text` at the byte level: a byte changed, a cut, a slice doubled or removed, a token put in.
fn break_bytes(text: &str, random: &mut Random) -> String {
    let mut bytes = text.as_bytes().to_vec();
    let at = random.below(bytes.len() + 1);
    match random.below(5) {
        0 if at < bytes.len() => bytes[at] = b"{}[],:\"\\ 0-.eun1tfa"[random.below(19)],
        1 => bytes.truncate(at),
        2 => {
            let end = (at + random.below(40)).min(bytes.len());
            let slice = bytes[at..end].to_vec();
            bytes.splice(at..at, slice);
        }
        3 => {
            let end = (at + random.below(40)).min(bytes.len());
            bytes.drain(at..end);
        }
        _ => {
            let token = random.pick(&[
                "null",
                ",",
                "\"parent\":7",
                "[",
                "}",
                "\\u00e9",
                "\"\"",
                "1e9",
            ]);
            bytes.splice(at..at, token.bytes());
        }
    }
    // A change inside a multi-byte character gives no text at all: what the core takes is a string.
    String::from_utf8_lossy(&bytes).into_owned()
}

#[test]
fn mutated_snapshot_texts_read_as_serde_json_read_them() {
    let mut random = Random(0x2545_f491_4f6c_dd1d);
    let mut seeds: Vec<serde_json::Value> = fixture_snapshots()
        .iter()
        .step_by(6)
        .map(|s| serde_json::to_value(s).unwrap())
        .collect();
    seeds.extend((0..40).map(|_| serde_json::to_value(random_snapshot(&mut random)).unwrap()));
    let (mut read, mut refused) = (0, 0);
    for round in 0..3_000 {
        let seed = &seeds[round % seeds.len()];
        // Half the texts only as a writer may vary them; the others with about one break each.
        let values = seed["nodes"].as_array().map_or(1, Vec::len) * 4 + 4;
        let odds = [0, values][random.below(2)];
        let mut text = String::new();
        write_varied(seed, odds, &mut random, &mut text);
        if random.below(3) == 0 {
            text = break_bytes(&text, &mut random);
        }
        if serde_snapshot::read_alike(&text).is_some() {
            read += 1;
        } else {
            refused += 1;
        }
    }
    // Both outcomes are exercised, not only one.
    assert!(
        read > 600 && refused > 600,
        "{read} read, {refused} refused"
    );
}
