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
