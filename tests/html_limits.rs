//! The CLI's HTML reader applies the extraction limits of the content script (CONTRACT: one text-limit
//! rule): texts read up to `MAX_RAW_TEXT_PER_NODE`, collapsed, cut to `MAX_TEXT_PER_NODE`, the cut
//! marked `truncated`; and markup nested past the browser's depth is bounded before parsing.

use std::process::Command;

use disclosure_lens::html::snapshot_from_html;
use disclosure_lens::snapshot::{MAX_RAW_TEXT_PER_NODE, MAX_TEXT_PER_NODE};
use disclosure_lens::PageSnapshot;

const URL: &str = "https://x.example/";

/// `dlens snapshot` of `html`, as the CLI prints it.
fn dlens_snapshot(html: &str) -> PageSnapshot<'static> {
    let dir = std::env::temp_dir().join(format!("dlens-html-limits-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("page.html");
    std::fs::write(&file, html).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_dlens"))
        .args(["snapshot", "--url", URL])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("dlens snapshot prints UTF-8");
    PageSnapshot::from_json(&text)
        .expect("dlens snapshot prints a snapshot")
        .into_owned()
}

#[test]
fn dlens_snapshot_cuts_a_600_character_paragraph_to_500_and_says_so() {
    let page = format!("<html><body><p>{}</p></body></html>", "é".repeat(600));
    let snapshot = dlens_snapshot(&page);
    let paragraph = snapshot.nodes.iter().find(|n| n.tag == "p").unwrap();
    assert_eq!(paragraph.text.chars().count(), MAX_TEXT_PER_NODE);
    assert!(snapshot.truncated);

    let short = dlens_snapshot("<html><body><p>short</p></body></html>");
    assert!(!short.truncated);
}

#[test]
fn white_space_is_collapsed_after_the_raw_cut() {
    // 4,000 spaces, then a word: the word lies past the raw limit, so the text is empty.
    let page = format!("<body><p>{}word</p>", " ".repeat(MAX_RAW_TEXT_PER_NODE));
    let s = snapshot_from_html(&page, Some(URL));
    assert_eq!(s.nodes[1].text, "");
    assert!(s.truncated);
    // Within the limit, the same collapses to the word.
    let page = format!("<body><p>{}word</p>", " ".repeat(MAX_RAW_TEXT_PER_NODE - 4));
    let s = snapshot_from_html(&page, Some(URL));
    assert_eq!((&*s.nodes[1].text, s.truncated), ("word", false));
}

#[test]
fn a_character_that_straddles_the_raw_limit_is_left_out() {
    // 3,999 units, then an emoji of two: JavaScript would keep a lone high surrogate and drop it.
    let page = format!("<body><p>{}😀</p>", "a".repeat(MAX_RAW_TEXT_PER_NODE - 1));
    let s = snapshot_from_html(&page, Some(URL));
    assert!(!s.nodes[1].text.contains('😀'));
}

#[test]
fn labels_and_option_texts_are_read_and_cut_like_texts() {
    let long = "x ".repeat(MAX_RAW_TEXT_PER_NODE);
    let page = format!(
        r#"<body><div role="switch" aria-label="{long}">a</div><select><option>{long}</option></select>"#
    );
    let s = snapshot_from_html(&page, Some(URL));
    let label = s.nodes[1].label.as_deref().unwrap();
    let value = s.nodes[2].value.as_deref().unwrap();
    assert_eq!(label.chars().count(), MAX_TEXT_PER_NODE);
    assert_eq!(value.chars().count(), MAX_TEXT_PER_NODE);
    assert!(s.truncated);
}

#[test]
fn a_page_without_an_address_is_still_bounded_and_keeps_none() {
    let page = format!("<body><p>{}</p>", "a".repeat(600));
    let s = snapshot_from_html(&page, None);
    assert_eq!(s.url, "");
    assert_eq!(s.nodes[1].text.len(), MAX_TEXT_PER_NODE);
}

/// Depth of node `index`: how many ancestors it has.
fn depth(s: &PageSnapshot, mut index: usize) -> usize {
    let mut depth = 0;
    while let Some(parent) = s.nodes[index].parent {
        index = parent as usize;
        depth += 1;
    }
    depth
}

#[test]
fn nesting_past_the_browser_limit_is_flattened_and_marked() {
    // 500 KB of nested <div>: 38 s in html5ever before the markup was bounded.
    let page = "<body>".to_owned() + &"<div>".repeat(100_000) + "deep text";
    let s = snapshot_from_html(&page, Some(URL));
    let deepest = (0..s.nodes.len()).map(|i| depth(&s, i)).max().unwrap();
    assert!(deepest <= 512 + 1, "depth {deepest}");
    assert!(s.truncated);
    assert_eq!(s.nodes.last().unwrap().text, "deep text");
}

#[test]
fn a_tag_with_too_many_attributes_keeps_the_first() {
    let attributes: String = (0..100_000).map(|i| format!(" data-a{i}")).collect();
    let page = format!(r#"<body><div role="switch"{attributes} aria-label="late">text</div>"#);
    let s = snapshot_from_html(&page, Some(URL));
    assert_eq!(s.nodes[1].role.as_deref(), Some("switch"));
    assert_eq!(s.nodes[1].label, None);
    assert!(s.truncated);
}
