//! Text helpers for matching: one canonical form for phrases and page text (so that "Dónde" matches
//! "donde" and a typographic apostrophe matches a straight one), word boundaries, tokens and slugs.

/// Lower-cases, removes accents from Latin letters, and straightens quotes. Keeps everything else.
/// Works character by character, so `fold(a + b) == fold(a) + fold(b)`.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while !rest.is_empty() {
        // Runs of ASCII, most of any page, are lower-cased as bytes: the same result as the
        // character path below, without its per-character iterator.
        let ascii = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        let (run, after) = rest.split_at(ascii);
        let start = out.len();
        out.push_str(run);
        out[start..].make_ascii_lowercase();
        let mut chars = after.chars();
        if let Some(c) = chars.next() {
            fold_char(c, &mut out);
        }
        rest = chars.as_str();
    }
    out
}

/// [`fold`] of one character, pushed onto `out`.
fn fold_char(c: char, out: &mut String) {
    for lower in c.to_lowercase() {
        out.push(match lower {
            'á' | 'à' | 'ä' | 'â' | 'ã' | 'å' => 'a',
            'é' | 'è' | 'ë' | 'ê' => 'e',
            'í' | 'ì' | 'ï' | 'î' => 'i',
            'ó' | 'ò' | 'ö' | 'ô' | 'õ' => 'o',
            'ú' | 'ù' | 'ü' | 'û' => 'u',
            'ñ' => 'n',
            'ç' => 'c',
            '\u{2018}' | '\u{2019}' | '\u{02bc}' => '\'',
            '\u{201c}' | '\u{201d}' => '"',
            '\u{00a0}' => ' ',
            other => other,
        });
    }
}

/// Whether `haystack[start..end]` is a whole-word match: no letter, digit, hyphen or slash touches
/// either end. Hyphens and slashes join words into names: "DESKTOP-7QK2M4N" is not the word
/// "desktop", and "r/privacy" not the word "privacy".
pub fn is_whole_word(haystack: &str, start: usize, end: usize) -> bool {
    let joins = |c: char| c.is_alphanumeric() || c == '-' || c == '/';
    let before = haystack.get(..start).and_then(|s| s.chars().next_back());
    let after = haystack.get(end..).and_then(|s| s.chars().next());
    !before.is_some_and(joins) && !after.is_some_and(joins)
}

/// A run of letters and digits in a folded text. Digits joined by `:` `/` `-` `.` stay one token, so
/// "9:14", "11/21/26" and "2026-11-14" are single numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    /// Only digits and the joining marks.
    pub numeric: bool,
}

/// The tokens of `s`, in order.
pub fn tokens(s: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut chars = s.char_indices().peekable();
    while let Some((start, first)) = chars.next() {
        if !first.is_alphanumeric() {
            continue;
        }
        let mut numeric = first.is_ascii_digit();
        let mut previous = first;
        let mut end = start + first.len_utf8();
        while let Some(&(at, c)) = chars.peek() {
            let after = at + c.len_utf8();
            let digit_joint = matches!(c, ':' | '/' | '-' | '.')
                && previous.is_ascii_digit()
                && s.get(after..)
                    .and_then(|rest| rest.chars().next())
                    .is_some_and(|next| next.is_ascii_digit());
            if !(c.is_alphanumeric() || digit_joint) {
                break;
            }
            numeric &= c.is_ascii_digit() || digit_joint;
            previous = c;
            end = after;
            chars.next();
        }
        out.push(Token {
            start,
            end,
            numeric,
        });
    }
    out
}

/// How many words `s` has: runs of anything but white space.
pub fn word_count(s: &str) -> usize {
    if !s.is_ascii() {
        return s.split_whitespace().count();
    }
    // The same count for ASCII text, byte by byte: its white space is what `char::is_whitespace`
    // says, the vertical tab (0x0B) included, unlike `u8::is_ascii_whitespace`.
    let space = |b: u8| b == b' ' || (b'\t'..=b'\r').contains(&b);
    let mut words = 0;
    let mut in_word = false;
    for b in s.bytes() {
        let starts = !space(b) && !in_word;
        words += usize::from(starts);
        in_word = !space(b);
    }
    words
}

/// A stable id made from a label: folded, runs of anything but letters and digits as one `_`, at
/// most `max` characters. "Who can see your posts?" -> "who_can_see_your_posts".
pub fn slug(label: &str, max: usize) -> String {
    let mut out = String::new();
    let mut chars = 0;
    for c in fold(label).chars() {
        if c.is_alphanumeric() {
            out.push(c);
            chars += 1;
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
            chars += 1;
        }
        if chars >= max {
            break;
        }
    }
    out.trim_end_matches('_').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_removes_case_accents_and_curly_quotes() {
        assert_eq!(fold("Dónde INICIASTE Sesión"), "donde iniciaste sesion");
        assert_eq!(
            fold("Where you\u{2019}re logged in"),
            "where you're logged in"
        );
        assert_eq!(fold("Año"), "ano");
    }

    #[test]
    fn folding_ascii_runs_gives_what_folding_each_character_gives() {
        let mixed = "Where YOU\u{2019}RE Logged In · İstanbul, TÜRKİYE\u{00a0}ÑANDÚ 9:14 PM Σ";
        let by_character: String = mixed
            .chars()
            .map(|c| {
                let mut one = String::new();
                fold_char(c, &mut one);
                one
            })
            .collect();
        assert_eq!(fold(mixed), by_character);
        assert_eq!(fold("ABC"), "abc");
        assert_eq!(fold(""), "");
    }

    #[test]
    fn whole_words_only() {
        let s = "devices and subdevices";
        assert!(is_whole_word(s, 0, 7));
        assert!(!is_whole_word(s, 15, 22));
        let host = "desktop-7qk2m4n";
        assert!(!is_whole_word(host, 0, 7));
        assert!(!is_whole_word("r/privacy", 2, 9));
    }

    #[test]
    fn tokens_keep_clock_times_and_dates_whole() {
        let s = "nov 28, 2026, 9:14 pm 11/21/26 2026-11-14 moto g84 5g 10.9.40";
        let words: Vec<(&str, bool)> = tokens(s)
            .iter()
            .map(|t| (&s[t.start..t.end], t.numeric))
            .collect();
        assert_eq!(
            words,
            [
                ("nov", false),
                ("28", true),
                ("2026", true),
                ("9:14", true),
                ("pm", false),
                ("11/21/26", true),
                ("2026-11-14", true),
                ("moto", false),
                ("g84", false),
                ("5g", false),
                ("10.9.40", true),
            ]
        );
        assert!(tokens("· – ,").is_empty());
    }

    #[test]
    fn ascii_words_are_counted_as_split_whitespace_counts_them() {
        for s in [
            "",
            " ",
            "one",
            "  two words ",
            "a\tb\nc\x0bd\x0ce\rf\x1cg",
            "Chrome on Windows · 2 hours ago",
        ] {
            assert_eq!(word_count(s), s.split_whitespace().count(), "{s:?}");
        }
    }

    #[test]
    fn slugs_are_stable_ids() {
        assert_eq!(
            slug("Who can see your future posts?", 60),
            "who_can_see_your_future_posts"
        );
        assert_eq!(slug("  Cronología (beta) ", 60), "cronologia_beta");
        assert_eq!(slug("abcdefgh", 4), "abcd");
        assert_eq!(slug("¿?", 10), "");
    }
}
