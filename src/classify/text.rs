//! Text folding for matching: one canonical form for phrases and page text, so that "Dónde" matches
//! "donde" and a typographic apostrophe matches a straight one.

/// Lower-cases, removes accents from Latin letters, and straightens quotes. Keeps everything else.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
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
    out
}

/// Whether `haystack[start..end]` is a whole-word match: no letter or digit touches either end.
pub fn is_whole_word(haystack: &str, start: usize, end: usize) -> bool {
    let before = haystack[..start].chars().next_back();
    let after = haystack[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
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
    fn whole_words_only() {
        let s = "devices and subdevices";
        assert!(is_whole_word(s, 0, 7));
        assert!(!is_whole_word(s, 15, 22));
    }
}
