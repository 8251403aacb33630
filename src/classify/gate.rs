//! The gate: could this page be one the core has something to say about? Asked by the content
//! script before it reads anything, from what costs little to know: the address, the title, the first
//! few headings (single-page apps such as Telegram Web or WhatsApp Web open their settings without
//! changing either) and whether a password field is on the page.
//!
//! It reads the same data as classification and nothing else: the URL rules and the page-kind
//! phrases of `rules/pages.toml`, and the structure rule that a password field makes a sign-in form.
//! It is generous on purpose — a page it lets through is then read and classified in full — and it
//! must never close on a page whose report would warn (a corpus test checks every fixture).

use serde::{Deserialize, Serialize};

use super::kind::url_kind;
use super::phrases::Meaning;
use super::text::fold;
use super::Classifier;
use crate::kb::knowledge_base;
use crate::report::{CoreError, ErrorCode, PageKind};
use crate::snapshot::MAX_FIELD;
use crate::url::PageUrl;

/// The most headings the gate reads, and the most characters of each.
pub const MAX_GATE_HEADINGS: usize = 20;
pub const MAX_GATE_HEADING: usize = 200;

/// What the content script knows about a page before reading it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct GateInput {
    pub url: String,
    #[serde(default)]
    pub title: String,
    /// The text of the first `h1`–`h3` and `role="heading"` elements, in document order.
    #[serde(default)]
    pub headings: Vec<String>,
    /// The page has an `<input type="password">`.
    #[serde(default)]
    pub password_field: bool,
}

/// The gate's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Gate {
    /// Read and classify the page, and watch it for changes.
    pub open: bool,
    /// The host belongs to a platform of the knowledge base (where the content script is declared).
    pub known: bool,
}

impl Classifier {
    /// The gate for one page: open when the platform's address rules name a kind of page other than
    /// `other`, when the title or a heading holds a page-kind phrase (a kind other than `other`), or
    /// when the page has a password field.
    pub fn gate(&self, input: &GateInput) -> Result<Gate, CoreError> {
        let kb = knowledge_base().map_err(|message| CoreError {
            code: ErrorCode::KnowledgeBase,
            message,
        })?;
        let url = PageUrl::parse(cut(&input.url, MAX_FIELD));
        let platform = url.as_ref().and_then(|u| kb.platform_for_host(&u.host));
        let by_url = url
            .as_ref()
            .and_then(|u| url_kind(&self.rules.urls, u, platform.map(|p| p.id.as_str())))
            .is_some_and(|kind| kind != PageKind::Other);
        let names_a_page = |text: &str| {
            let folded = fold(text);
            !folded.is_empty()
                && self.phrases.find(&folded).iter().any(
                    |hit| matches!(hit.meaning, Meaning::Kind(kind) if kind != PageKind::Other),
                )
        };
        let by_text = names_a_page(cut(&input.title, MAX_FIELD))
            || input
                .headings
                .iter()
                .take(MAX_GATE_HEADINGS)
                .any(|h| names_a_page(cut(h, MAX_GATE_HEADING)));
        Ok(Gate {
            open: input.password_field || by_url || by_text,
            known: platform.is_some(),
        })
    }
}

/// The gate for one page with the compiled-in rules.
pub fn gate(input: &GateInput) -> Result<Gate, CoreError> {
    Classifier::builtin()
        .map_err(|message| CoreError {
            code: ErrorCode::KnowledgeBase,
            message,
        })?
        .gate(input)
}

/// At most `max` characters of `s`.
fn cut(s: &str, max: usize) -> &str {
    s.char_indices().nth(max).map_or(s, |(end, _)| &s[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open(url: &str, title: &str, password_field: bool) -> Gate {
        gate(&GateInput {
            url: url.into(),
            title: title.into(),
            headings: Vec::new(),
            password_field,
        })
        .unwrap()
    }

    #[test]
    fn account_addresses_and_titles_open_it() {
        let sessions = open(
            "https://www.facebook.com/settings?tab=security",
            "Facebook",
            false,
        );
        assert_eq!(
            sessions,
            Gate {
                open: true,
                known: true
            }
        );
        assert!(
            open(
                "https://www.facebook.com/x",
                "Where you're logged in",
                false
            )
            .open
        );
        assert!(open("https://www.facebook.com/x", "Privacidad | Facebook", false).open);
        assert!(
            open("https://www.facebook.com/", "Facebook", true).open,
            "a sign-in form"
        );
        let settings_panel = GateInput {
            url: "https://web.telegram.org/a/".into(),
            title: "Telegram Web".into(),
            headings: vec!["Chats".into(), "Active sessions".into()],
            password_field: false,
        };
        assert!(gate(&settings_panel).unwrap().open);
    }

    #[test]
    fn feeds_and_help_pages_keep_it_closed() {
        assert_eq!(
            open("https://www.facebook.com/", "Facebook", false),
            Gate {
                open: false,
                known: true
            }
        );
        assert!(
            !open(
                "https://www.youtube.com/watch?v=1",
                "A cat video - YouTube",
                false
            )
            .open
        );
        // A help article's address is `other`, whatever its title mentions... unless the title names a page.
        assert!(
            !open(
                "https://www.facebook.com/help/123",
                "Facebook Help Centre",
                false
            )
            .open
        );
    }

    #[test]
    fn unknown_hosts_and_garbage_are_answered() {
        assert_eq!(
            open("https://news.example/", "News", false),
            Gate {
                open: false,
                known: false
            }
        );
        assert_eq!(
            open("not a url", "", false),
            Gate {
                open: false,
                known: false
            }
        );
        let long = "security ".repeat(10_000);
        assert!(open("https://news.example/", &long, false).open);
    }
}
