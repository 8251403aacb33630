//! Bounds saved HTML before html5ever parses it, as browsers bound the DOM they build.
//!
//! html5ever's tree builder scans its stack of open elements for every tag, and its tokenizer
//! checks every attribute of a tag against the ones before it: 500 KB of nested `<div>` took 38 s
//! to parse, and one tag with 100,000 attributes 45 s. Chromium stops nesting at a depth of 512; we
//! do the same here, on the markup, with one linear pass that knows just enough HTML to find tags
//! (comments, quoted attribute values, raw-text elements such as `<script>`):
//!
//! - a start tag that would open an element deeper than `MAX_DEPTH` is left out, with its end tag,
//!   so its content joins its parent's;
//! - a tag keeps its first `MAX_ATTRIBUTES` attributes.
//!
//! The depth is counted on a model of the parser's stack: elements whose end tag is optional
//! (`p`, `li`, `td`, ...) and void ones are not counted, as they cannot nest in themselves, and an
//! end tag closes every element above the one it names. A page within both limits passes through
//! untouched (no copy).

use std::borrow::Cow;
use std::collections::HashMap;

/// The deepest element kept, counted in elements whose end tag is required (Chromium: 512).
pub const MAX_DEPTH: usize = 512;
/// The most attributes kept per tag.
pub const MAX_ATTRIBUTES: usize = 64;

/// Elements that never have content.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param",
    "source", "track", "wbr",
];
/// Elements whose end tag may be left out: the parser closes them when a sibling starts, so they
/// do not nest in themselves.
const OPTIONAL_END: &[&str] = &[
    "html", "head", "body", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead",
    "tbody", "tfoot", "colgroup", "caption", "rb", "rt", "rtc", "rp",
];
/// Elements whose content is text up to their own end tag: they cannot nest.
const RAW_TEXT: &[&str] = &[
    "script", "style", "xmp", "iframe", "noembed", "noframes", "noscript", "textarea", "title",
];
/// HTML start tags that end SVG or MathML content: the parser closes the foreign elements first.
const BREAKS_OUT_OF_FOREIGN: &[&str] = &[
    "b",
    "big",
    "blockquote",
    "body",
    "br",
    "center",
    "code",
    "dd",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "font",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "hr",
    "i",
    "img",
    "li",
    "listing",
    "menu",
    "meta",
    "nobr",
    "ol",
    "p",
    "pre",
    "ruby",
    "s",
    "small",
    "span",
    "strong",
    "strike",
    "sub",
    "sup",
    "table",
    "tt",
    "u",
    "ul",
    "var",
];

/// `html` within `MAX_DEPTH` and `MAX_ATTRIBUTES`, and whether anything was left out.
pub fn bound_markup(html: &str) -> (Cow<'_, str>, bool) {
    let mut scan = Scan {
        html,
        bytes: html.as_bytes(),
        at: 0,
        copied: 0,
        out: None,
        open: Vec::new(),
        foreign: Vec::new(),
        left_out: HashMap::new(),
    };
    scan.run();
    match scan.out {
        None => (Cow::Borrowed(html), false),
        Some(mut out) => {
            out.push_str(&html[scan.copied..]);
            (Cow::Owned(out), true)
        }
    }
}

struct Scan<'a> {
    html: &'a str,
    bytes: &'a [u8],
    at: usize,
    /// `html[..copied]` is in `out` (or unchanged, while `out` is `None`).
    copied: usize,
    /// The bounded markup, from the first change on.
    out: Option<String>,
    /// Names of the counted open elements, innermost last.
    open: Vec<String>,
    /// Positions in `open` of the `svg` and `math` elements, where `/>` closes an element.
    foreign: Vec<usize>,
    /// Start tags left out, by name, whose end tags are still to come.
    left_out: HashMap<String, usize>,
}

/// A tag found at `start..end`.
struct Tag {
    name: String,
    end: usize,
    /// Where the attribute that exceeds `MAX_ATTRIBUTES` begins, if one does.
    excess_attributes_at: Option<usize>,
    self_closing: bool,
}

impl Scan<'_> {
    fn run(&mut self) {
        while let Some(offset) = memchr(b'<', &self.bytes[self.at..]) {
            let start = self.at + offset;
            let rest = &self.bytes[start..];
            if rest.starts_with(b"<!--") {
                self.at = comment_end(self.bytes, start + 4);
            } else if rest.starts_with(b"<!") || rest.starts_with(b"<?") {
                self.at = find(self.bytes, start, b">").map_or(self.bytes.len(), |i| i + 1);
            } else if rest.starts_with(b"</") && rest.get(2).is_some_and(u8::is_ascii_alphabetic) {
                let tag = self.tag(start + 2);
                self.end_tag(start, tag);
            } else if rest.get(1).is_some_and(u8::is_ascii_alphabetic) {
                let tag = self.tag(start + 1);
                if !self.start_tag(start, &tag) {
                    return;
                }
            } else {
                self.at = start + 1;
            }
        }
    }

    /// Handles a start tag; false when the rest of the document is text (`<plaintext>`).
    fn start_tag(&mut self, start: usize, tag: &Tag) -> bool {
        let name = tag.name.as_str();
        if BREAKS_OUT_OF_FOREIGN.contains(&name) {
            if let Some(&outermost) = self.foreign.first() {
                self.close_from(outermost);
            }
        }
        // `<div/>` opens a div: the slash closes only SVG and MathML elements.
        let foreign = !self.foreign.is_empty() || matches!(name, "svg" | "math");
        let closes_itself = tag.self_closing && foreign;
        let counted = !(closes_itself
            || VOID.contains(&name)
            || OPTIONAL_END.contains(&name)
            || RAW_TEXT.contains(&name));
        if counted && self.open.len() == MAX_DEPTH {
            *self.left_out.entry(tag.name.clone()).or_default() += 1;
            self.replace(start, tag.end, "");
        } else {
            if counted {
                if matches!(name, "svg" | "math") {
                    self.foreign.push(self.open.len());
                }
                self.open.push(tag.name.clone());
            }
            if let Some(cut) = tag.excess_attributes_at {
                let close = if tag.self_closing { "/>" } else { ">" };
                self.replace(cut, tag.end, close);
            }
        }
        self.at = tag.end;
        if name == "plaintext" {
            return false;
        }
        if RAW_TEXT.contains(&name) {
            self.at = raw_text_end(self.bytes, tag.end, name);
        }
        true
    }

    fn end_tag(&mut self, start: usize, tag: Tag) {
        if let Some(count) = self.left_out.get_mut(&tag.name).filter(|n| **n > 0) {
            *count -= 1;
            self.replace(start, tag.end, "");
        } else if let Some(depth) = self.open.iter().rposition(|open| *open == tag.name) {
            self.close_from(depth);
        }
        self.at = tag.end;
    }

    /// Closes the open element at `depth` and every one inside it.
    fn close_from(&mut self, depth: usize) {
        self.open.truncate(depth);
        while self.foreign.last().is_some_and(|&at| at >= depth) {
            self.foreign.pop();
        }
    }

    /// Reads the tag whose name starts at `at`, up to and including its `>`.
    fn tag(&self, at: usize) -> Tag {
        let bytes = self.bytes;
        let mut i = at;
        while i < bytes.len() && !is_space(bytes[i]) && bytes[i] != b'/' && bytes[i] != b'>' {
            i += 1;
        }
        let name = self.html[at..i].to_ascii_lowercase();
        let mut attributes = 0;
        let mut excess_attributes_at = None;
        let mut self_closing = false;
        loop {
            while i < bytes.len() && is_space(bytes[i]) {
                i += 1;
            }
            match bytes.get(i) {
                None => break,
                Some(b'>') => {
                    i += 1;
                    break;
                }
                Some(b'/') => {
                    self_closing = bytes.get(i + 1) == Some(&b'>');
                    i += 1;
                    continue;
                }
                Some(_) => {}
            }
            self_closing = false;
            attributes += 1;
            if attributes > MAX_ATTRIBUTES && excess_attributes_at.is_none() {
                excess_attributes_at = Some(i);
            }
            // The name (it may begin with `=`), then an optional value.
            i += 1;
            while i < bytes.len() && !is_space(bytes[i]) && !matches!(bytes[i], b'/' | b'>' | b'=')
            {
                i += 1;
            }
            let mut j = i;
            while j < bytes.len() && is_space(bytes[j]) {
                j += 1;
            }
            if bytes.get(j) != Some(&b'=') {
                continue;
            }
            i = j + 1;
            while i < bytes.len() && is_space(bytes[i]) {
                i += 1;
            }
            match bytes.get(i) {
                Some(&quote @ (b'"' | b'\'')) => {
                    i = find(bytes, i + 1, &[quote]).map_or(bytes.len(), |q| q + 1);
                }
                _ => {
                    while i < bytes.len() && !is_space(bytes[i]) && bytes[i] != b'>' {
                        i += 1;
                    }
                }
            }
        }
        Tag {
            name,
            end: i,
            excess_attributes_at,
            self_closing,
        }
    }

    /// Puts `with` in place of `html[start..end]`.
    fn replace(&mut self, start: usize, end: usize, with: &str) {
        let out = self
            .out
            .get_or_insert_with(|| String::with_capacity(self.html.len()));
        out.push_str(&self.html[self.copied..start]);
        out.push_str(with);
        self.copied = end;
    }
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|&b| b == needle)
}

/// The index of the first `needle` in `bytes` at or after `from`.
fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| from + i)
}

/// Where a comment whose text starts at `from` ends: after `-->` or `--!>`; `<!-->` and `<!--->`
/// are whole comments.
fn comment_end(bytes: &[u8], from: usize) -> usize {
    let rest = &bytes[from.min(bytes.len())..];
    if rest.starts_with(b">") {
        return from + 1;
    }
    if rest.starts_with(b"->") {
        return from + 2;
    }
    let mut i = from;
    while let Some(dashes) = find(bytes, i, b"--") {
        match bytes.get(dashes + 2) {
            Some(b'>') => return dashes + 3,
            Some(b'!') if bytes.get(dashes + 3) == Some(&b'>') => return dashes + 4,
            _ => i = dashes + 1,
        }
    }
    bytes.len()
}

/// Where the text of a raw-text element `name` that starts at `from` ends: at its end tag.
fn raw_text_end(bytes: &[u8], from: usize, name: &str) -> usize {
    let mut i = from;
    while let Some(offset) = bytes.get(i..).and_then(|rest| memchr(b'<', rest)) {
        let start = i + offset;
        let after_name = start + 2 + name.len();
        let closes = bytes.get(start + 1) == Some(&b'/')
            && bytes
                .get(start + 2..after_name)
                .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()))
            && bytes
                .get(after_name)
                .is_none_or(|&b| is_space(b) || b == b'/' || b == b'>');
        if closes {
            return start;
        }
        i = start + 1;
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_within_the_limits_is_not_copied() {
        let page = r#"<!doctype html><!-- <div><div> --><html><body><ul><li>a<li>b</ul>
            <script>if (a < b) { "<div>" }</script><p>x<p>y<svg><path d="M0 0"/></svg>
            <div title='a > b' hidden>z</div><br><img src=x.png></body></html>"#;
        let (bounded, changed) = bound_markup(page);
        assert!(matches!(bounded, Cow::Borrowed(_)) && !changed);
    }

    #[test]
    fn nesting_stops_at_the_limit_and_the_end_tags_of_what_was_left_out_go_too() {
        let deep =
            "<div>".repeat(MAX_DEPTH + 100) + "x" + &"</div>".repeat(MAX_DEPTH + 100) + "<p>after";
        let (bounded, changed) = bound_markup(&deep);
        assert!(changed);
        let expected = "<div>".repeat(MAX_DEPTH) + "x" + &"</div>".repeat(MAX_DEPTH) + "<p>after";
        assert_eq!(bounded, expected);
    }

    #[test]
    fn elements_that_close_themselves_do_not_count_as_nesting() {
        let list = "<ul>".to_owned() + &"<li>item".repeat(MAX_DEPTH * 2) + "</ul>";
        assert!(!bound_markup(&list).1);
        // An end tag closes what was left open inside its element.
        let icons = "<span><b><i></span>".repeat(MAX_DEPTH);
        assert!(!bound_markup(&icons).1);
        let drawings = "<svg><g/><path/></svg>".repeat(MAX_DEPTH);
        assert!(!bound_markup(&drawings).1);
    }

    #[test]
    fn a_slash_does_not_close_an_html_element() {
        for page in [
            "<div/>".repeat(MAX_DEPTH + 1),
            "<svg>".to_owned() + &"<div/>".repeat(MAX_DEPTH + 1),
        ] {
            assert!(bound_markup(&page).1, "{}", &page[..20]);
        }
    }

    #[test]
    fn script_text_stays_script_text_however_deep() {
        let deep = "<div>".repeat(MAX_DEPTH) + "<script>let a = '<div>';</script>";
        let (bounded, changed) = bound_markup(&deep);
        assert!(!changed, "{}", &bounded[bounded.len() - 40..]);
    }

    #[test]
    fn a_tag_keeps_its_first_attributes() {
        let many: String = (0..MAX_ATTRIBUTES + 10)
            .map(|i| format!(" a{i}=\"{i} > x\""))
            .collect();
        let page = format!("<div{many}>text</div>");
        let (bounded, changed) = bound_markup(&page);
        let kept: String = (0..MAX_ATTRIBUTES)
            .map(|i| format!(" a{i}=\"{i} > x\""))
            .collect();
        assert!(changed);
        assert_eq!(bounded, format!("<div{kept} >text</div>"));
    }
}
