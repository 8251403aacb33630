//! Reading the texts of a page for what a session row is made of: each short text, or each part of
//! it, becomes an anchor (an IP address, a time, a place, a device, a current- or ended-session
//! mark, or a short free text). Grouping anchors into rows is the parent module's job.

use std::net::IpAddr;

use crate::classify::phrases::{Hit, Meaning, PageText, Scanned};
use crate::classify::rules::DateOrder;
use crate::classify::text::{fold, word_count};
use crate::classify::time;
use crate::classify::tree::Tree;

/// Longer texts are prose, not parts of a row.
pub(super) const MAX_ANCHOR_CHARS: usize = 120;
/// The longest text taken as a possible model name when no device word is found.
const MAX_FREE_CHARS: usize = 40;
const MAX_FREE_WORDS: usize = 5;
const MAX_DEVICE_WORDS: usize = 8;
/// A current- or ended-session mark is a short label, not a sentence that mentions "this device".
pub(super) const MAX_MARK_WORDS: usize = 6;
/// Separators between the parts of one text ("Houston, TX · 2 hours ago"); each starts with a space.
const SEPARATORS: [&str; 6] = [" · ", " • ", " | ", " - ", " – ", " — "];
/// The first byte of each separator's mark, after its space: `·` is C2 B7 in UTF-8; `•`, `–` and
/// `—` start with E2 (a test checks the list against `SEPARATORS`).
const SEPARATOR_STARTS: [u8; 4] = [0xc2, 0xe2, b'|', b'-'];

/// What a short text, or one part of it, is. Longer texts that are none of these are no anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Field {
    /// `leading`: the text starts with the device word.
    Device {
        leading: bool,
    },
    Place,
    Ip,
    Time,
    Current,
    Ended,
    /// Short text that is none of the above: a model code, a label, a button.
    Free,
}

#[derive(Debug, Clone)]
pub(super) struct Anchor {
    pub(super) field: Field,
    /// The exact visible text.
    pub(super) text: String,
    pub(super) time: Option<time::Time>,
}

/// The anchors of every node, with each node's slice. A text repeated on many nodes is read once
/// and its nodes share the slice.
pub(super) struct Anchors {
    all: Vec<Anchor>,
    /// `all[start..end]` are node `i`'s anchors, for `(start, end) = ranges[i]`.
    ranges: Vec<(usize, usize)>,
}

impl Anchors {
    pub(super) fn read(tree: &Tree, text: &PageText, order: DateOrder) -> Self {
        let mut all = Vec::new();
        let mut ranges = Vec::with_capacity(tree.len());
        // By text id (ids are dense: indices of the page's distinct texts).
        let mut read_before: Vec<Option<(usize, usize)>> = Vec::new();
        for (index, node) in tree.nodes.iter().enumerate() {
            let chrome = tree.places.get(index).is_some_and(|p| p.chrome);
            let (Some(scanned), Some(id)) = (text.text(index), text.text_id(index)) else {
                ranges.push((0, 0));
                continue;
            };
            if chrome || node.text.is_empty() || node.text.chars().count() > MAX_ANCHOR_CHARS {
                ranges.push((0, 0));
                continue;
            }
            let id = id as usize;
            if read_before.len() <= id {
                read_before.resize(id + 1, None);
            }
            let range = *read_before[id].get_or_insert_with(|| {
                let start = all.len();
                read_text(&node.text, scanned, order, &mut all);
                (start, all.len())
            });
            ranges.push(range);
        }
        Self { all, ranges }
    }

    pub(super) fn of(&self, node: usize) -> &[Anchor] {
        self.ranges
            .get(node)
            .and_then(|&(start, end)| self.all.get(start..end))
            .unwrap_or_default()
    }
}

/// Pushes the anchors of one text onto `out`: one per part, or one device name when every part
/// names a device ("Windows · Chrome").
fn read_text(original: &str, scanned: &Scanned, order: DateOrder, out: &mut Vec<Anchor>) {
    let start = out.len();
    let ascii = original.is_ascii();
    for (part_start, part_end) in parts(original)
        .into_iter()
        .flat_map(|range| split_leading_ip(original, range))
        .flatten()
    {
        let Some(part) = original.get(part_start..part_end) else {
            continue;
        };
        // Folding keeps ASCII byte for byte: only other text moves the offsets.
        let folded = if ascii {
            Some((part_start, part_end))
        } else {
            original.get(..part_start).map(|before| {
                let folded_start = fold(before).len();
                (folded_start, folded_start + fold(part).len())
            })
        };
        let Some((folded_start, folded_end)) = folded else {
            continue;
        };
        if let Some((field, time)) = read_part(part, scanned, folded_start, folded_end, order) {
            out.push(Anchor {
                field,
                text: part.to_owned(),
                time,
            });
        }
    }
    let parts = out.get(start..).unwrap_or_default();
    let one_device = parts.len() > 1
        && matches!(
            parts.first(),
            Some(Anchor {
                field: Field::Device { .. },
                ..
            })
        )
        && parts
            .iter()
            .all(|a| matches!(a.field, Field::Device { .. } | Field::Free));
    if let Some(field) = parts.first().map(|a| a.field).filter(|_| one_device) {
        out.truncate(start);
        out.push(Anchor {
            field,
            text: original.trim().to_owned(),
            time: None,
        });
    }
}

/// Byte ranges of the parts of `text` between separators, trimmed, non-empty. One pass over the
/// text's spaces: every separator starts with one.
fn parts(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (at, _) in text.match_indices(' ') {
        // The closing space of the separator before starts no other.
        if at < start {
            continue;
        }
        let rest = text.get(at..).unwrap_or_default();
        // Most spaces are between words: the byte after them starts no separator's mark.
        let may_separate = rest
            .as_bytes()
            .get(1)
            .is_some_and(|b| SEPARATOR_STARTS.contains(b));
        let Some(separator) = SEPARATORS
            .iter()
            .filter(|_| may_separate)
            .find(|sep| rest.starts_with(**sep))
        else {
            continue;
        };
        out.extend(trimmed(text, start, at));
        start = at + separator.len();
    }
    out.extend(trimmed(text, start, text.len()));
    out
}

/// `start..end` without surrounding white space, `None` when nothing is left.
fn trimmed(text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let slice = text.get(start..end)?;
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    (lead + trail < slice.len()).then(|| (start + lead, end - trail))
}

/// "203.0.113.45 Houston, United States" is an address and a place: splits such a part in two.
fn split_leading_ip(text: &str, (start, end): (usize, usize)) -> [Option<(usize, usize)>; 2] {
    let part = text.get(start..end).unwrap_or_default();
    match part.split_once(char::is_whitespace) {
        Some((first, _)) if parse_ip(first).is_some() => {
            let ip_end = start + first.len();
            [Some((start, ip_end)), trimmed(text, ip_end, end)]
        }
        _ => [Some((start, end)), None],
    }
}

fn read_part(
    part: &str,
    scanned: &Scanned,
    folded_start: usize,
    folded_end: usize,
    order: DateOrder,
) -> Option<(Field, Option<time::Time>)> {
    let hits: Vec<Hit> = scanned
        .hits_within(folded_start, folded_end)
        .map(|h| Hit {
            start: h.start - folded_start,
            end: h.end - folded_start,
            ..*h
        })
        .collect();
    let has = |meaning: Meaning| hits.iter().any(|h| h.meaning == meaning);
    let words = word_count(part);
    if parse_ip(part).is_some() {
        return Some((Field::Ip, None));
    }
    let folded = scanned
        .folded
        .get(folded_start..folded_end)
        .unwrap_or_default();
    if let Some(time) = time::read(folded, &hits, order) {
        return Some((Field::Time, Some(time)));
    }
    let field = if words <= MAX_MARK_WORDS && has(Meaning::Ended) {
        Field::Ended
    } else if words <= MAX_MARK_WORDS && has(Meaning::Current) {
        Field::Current
    } else if is_place(part, &hits) {
        Field::Place
    } else if words <= MAX_DEVICE_WORDS && has(Meaning::Device) {
        Field::Device {
            leading: hits
                .iter()
                .any(|h| h.meaning == Meaning::Device && h.start == 0),
        }
    } else if words <= MAX_FREE_WORDS && part.chars().count() <= MAX_FREE_CHARS {
        Field::Free
    } else {
        return None;
    };
    Some((field, None))
}

/// An IPv4 or IPv6 address, as the whole text.
fn parse_ip(text: &str) -> Option<IpAddr> {
    let text = text
        .trim()
        .trim_end_matches([',', ';'])
        .trim_start_matches('[')
        .trim_end_matches(']');
    // Addresses are written with hexadecimal digits, dots and colons only: any other character
    // rules the text out before the parser tries both forms.
    if !text
        .bytes()
        .all(|b| b.is_ascii_hexdigit() || b == b'.' || b == b':')
    {
        return None;
    }
    let ip: IpAddr = text.parse().ok()?;
    (!ip.is_unspecified()).then_some(ip)
}

/// "City, Region, Country": two to five comma-separated names, each capitalised, without digits,
/// and not a company ("Comcast Cable Communications, LLC") or a device.
fn is_place(text: &str, hits: &[Hit]) -> bool {
    if hits
        .iter()
        .any(|h| matches!(h.meaning, Meaning::NotPlace | Meaning::Device))
    {
        return false;
    }
    let mut names = text.split(',').map(str::trim);
    (2..=5).contains(&names.clone().count())
        && names.all(|name| {
            name.chars().next().is_some_and(char::is_uppercase)
                && word_count(name) <= 5
                && name
                    .chars()
                    .all(|c| c.is_alphabetic() || " .'’-()".contains(c))
        })
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<(Field, String)> {
        let scanned = Scanned::new_for_test(text);
        let mut anchors = Vec::new();
        read_text(text, &scanned, DateOrder::MonthDayYear, &mut anchors);
        anchors.into_iter().map(|a| (a.field, a.text)).collect()
    }

    #[test]
    fn texts_are_split_into_what_they_show() {
        let device = Field::Device { leading: true };
        assert_eq!(
            read("Houston, Texas, United States · 2 hours ago"),
            [
                (Field::Place, "Houston, Texas, United States".into()),
                (Field::Time, "2 hours ago".into())
            ]
        );
        assert_eq!(
            read("203.0.113.45 Houston, United States"),
            [
                (Field::Ip, "203.0.113.45".into()),
                (Field::Place, "Houston, United States".into())
            ]
        );
        assert_eq!(
            read("198.51.100.23 – Ciudad de México, México")[1],
            (Field::Place, "Ciudad de México, México".into())
        );
        assert_eq!(
            read("Windows · Chrome"),
            [(device, "Windows · Chrome".into())]
        );
        assert_eq!(
            read("Olivia’s iPhone"),
            [(Field::Device { leading: false }, "Olivia’s iPhone".into())]
        );
        assert_eq!(
            read("DESKTOP-7QK2M4N"),
            [(Field::Free, "DESKTOP-7QK2M4N".into())]
        );
        assert_eq!(read("Your current session")[0].0, Field::Current);
        assert_eq!(read("Signed out")[0].0, Field::Ended);
    }

    #[test]
    fn parts_are_cut_at_every_separator_once() {
        let cut = |t: &'static str| {
            parts(t)
                .into_iter()
                .map(|(s, e)| &t[s..e])
                .collect::<Vec<_>>()
        };
        assert_eq!(cut("a · b | c"), ["a", "b", "c"]);
        assert_eq!(cut("a · - b"), ["a", "- b"]);
        assert_eq!(cut(" · a —  b  "), ["a", "b"]);
        assert_eq!(cut("a-b – c|d"), ["a-b", "c|d"]);
        assert!(cut("").is_empty());
        for separator in SEPARATORS {
            assert!(
                SEPARATOR_STARTS.contains(&separator.as_bytes()[1]),
                "{separator}"
            );
        }
    }

    #[test]
    fn places_are_capitalised_names_not_companies_or_sentences() {
        let place = |t: &str| read(t).first().map(|(f, _)| *f) == Some(Field::Place);
        assert!(place("Puebla, Pue., México"));
        assert!(place("Frankfurt am Main, Hesse, Germany"));
        assert!(!place("Comcast Cable Communications, LLC"));
        assert!(!place("Bookmarks, history, and other settings"));
        assert!(!place("Telegram Web A 10.9.40, Windows 10"));
        assert_eq!(parse_ip("2001:db8::1").map(|ip| ip.is_ipv6()), Some(true));
        assert_eq!(parse_ip("1.2.3"), None);
        assert_eq!(parse_ip("::"), None);
        assert!(parse_ip("[::ffff:192.0.2.1],").is_some());
        assert_eq!(parse_ip("192.0.2.1 "), parse_ip("192.0.2.1"));
    }
}
