//! The extension's JavaScript repeats a few constants of the core (it cannot import Rust). This test
//! keeps the two in step, so the live page and the CLI cut a page at the same place.

use disclosure_lens::snapshot::{
    MAX_FIELD, MAX_NODES, MAX_RAW_TEXT_PER_NODE, MAX_TEXT_PER_NODE, MAX_TOTAL_TEXT, SKIPPED_TAGS,
};

const PROTOCOL_JS: &str = include_str!("../extension/protocol.js");

fn js_number(name: &str) -> usize {
    let line = PROTOCOL_JS
        .lines()
        .find(|line| line.trim_start().starts_with(&format!("{name}:")))
        .unwrap_or_else(|| panic!("protocol.js defines no {name}"));
    let digits: String = line
        .split(':')
        .nth(1)
        .unwrap_or_default()
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    digits
        .parse()
        .unwrap_or_else(|_| panic!("protocol.js {name} is not a number: {line}"))
}

#[test]
fn snapshot_limits_match() {
    assert_eq!(js_number("MAX_NODES"), MAX_NODES);
    assert_eq!(js_number("MAX_TEXT_PER_NODE"), MAX_TEXT_PER_NODE);
    assert_eq!(js_number("MAX_RAW_TEXT_PER_NODE"), MAX_RAW_TEXT_PER_NODE);
    assert_eq!(js_number("MAX_TOTAL_TEXT"), MAX_TOTAL_TEXT);
    assert_eq!(js_number("MAX_FIELD"), MAX_FIELD);
}

#[test]
fn skipped_tags_match() {
    let line = PROTOCOL_JS
        .lines()
        .find(|l| l.contains("const SKIPPED_TAGS"))
        .expect("protocol.js defines SKIPPED_TAGS");
    let js_tags: Vec<&str> = line.split('\'').skip(1).step_by(2).collect();
    assert_eq!(js_tags, SKIPPED_TAGS);
}
