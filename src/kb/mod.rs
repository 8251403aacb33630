//! The knowledge base compiled into the crate: what each platform keeps, which legal process reaches
//! it, and the sources that say so.
//!
//! The data lives in `kb/*.toml` (reviewed like code); `build.rs` turns it into JSON that is embedded
//! here and parsed once, on first use. Lookups by id are the only way the rest of the core reads legal
//! facts: code never states one itself.

mod export;
pub mod model;
mod validate;

use std::sync::OnceLock;

pub use export::{export, matrix_markdown};
pub use model::*;
pub use validate::{validate, Problem};

const KB_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/kb.json"));

/// The embedded knowledge base, parsed on first use.
///
/// The JSON was written by `build.rs` from the same types, so parsing only fails on a build bug; the
/// error is still returned as a value so that no caller can panic because of it.
pub fn knowledge_base() -> Result<&'static KnowledgeBase, String> {
    static KB: OnceLock<Result<KnowledgeBase, String>> = OnceLock::new();
    KB.get_or_init(|| {
        serde_json::from_str(KB_JSON)
            .map_err(|e| format!("the embedded knowledge base is unreadable: {e}"))
    })
    .as_ref()
    .map_err(Clone::clone)
}

impl KnowledgeBase {
    pub fn platform(&self, id: &str) -> Option<&Platform> {
        self.platforms.iter().find(|p| p.id == id)
    }

    /// The platform serving `host`: the one listing the host itself or, failing that, the longest
    /// listed parent domain (so `accountscenter.instagram.com` is Instagram, not a shorter match).
    ///
    /// Only listed hosts count: a country storefront (`amazon.com.mx`) may be run by another company
    /// under other law, and the extension's content script does not run there either.
    pub fn platform_for_host(&self, host: &str) -> Option<&Platform> {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        self.platforms
            .iter()
            .flat_map(|p| p.hosts.iter().map(move |h| (p, h)))
            .filter(|(_, h)| {
                host == h.as_str()
                    || host
                        .strip_suffix(h.as_str())
                        .is_some_and(|rest| rest.ends_with('.'))
            })
            .max_by_key(|(_, h)| h.len())
            .map(|(p, _)| p)
    }
}

impl Vocabulary {
    pub fn record(&self, id: &str) -> Option<&RecordKind> {
        self.records.iter().find(|r| r.id == id)
    }

    pub fn process(&self, id: &str) -> Option<&ProcessKind> {
        self.processes.iter().find(|p| p.id == id)
    }

    /// The template `name` in `lang`, falling back to the first language.
    pub fn template(&self, name: &str, lang: &str) -> &str {
        self.templates
            .get(name)
            .map(|text| self.text(text, lang))
            .unwrap_or_default()
    }

    /// `text` in `lang`, falling back to the first language the vocabulary lists.
    pub fn text<'a>(&self, text: &'a Text, lang: &str) -> &'a str {
        text.get(lang)
            .or_else(|| {
                self.languages
                    .first()
                    .and_then(|fallback| text.get(fallback))
            })
            .map(String::as_str)
            .unwrap_or_default()
    }
}

impl Platform {
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }

    /// The platform's fact about `record` in `jurisdiction`, if the knowledge base has one.
    pub fn fact(&self, record: &str, jurisdiction: &str) -> Option<&Fact> {
        self.facts
            .iter()
            .find(|f| f.record == record && f.jurisdiction == jurisdiction)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_knowledge_base_loads() {
        let kb = knowledge_base().expect("embedded knowledge base parses");
        assert!(!kb.vocabulary.records.is_empty());
    }

    #[test]
    fn the_embedded_knowledge_base_follows_every_rule() {
        let kb = knowledge_base().unwrap();
        let problems = validate(kb);
        assert!(
            problems.is_empty(),
            "knowledge base problems:\n{}",
            problems
                .iter()
                .map(|p| format!("- {p}\n"))
                .collect::<String>()
        );
    }

    #[test]
    fn hosts_match_themselves_and_subdomains_but_not_lookalikes() {
        let kb = knowledge_base().unwrap();
        let facebook = kb
            .platform("facebook")
            .expect("facebook is in the knowledge base");
        let id = |host: &str| kb.platform_for_host(host).map(|p| p.id.as_str());
        assert_eq!(id("facebook.com"), Some("facebook"));
        assert_eq!(id("WWW.Facebook.com."), Some("facebook"));
        assert_eq!(id("notfacebook.com"), None);
        assert_eq!(id("facebook.com.evil.example"), None);
        assert_eq!(id("www.amazon.com.mx"), None);
        assert_eq!(id("amazon.com.evil"), None);
        assert!(facebook
            .hosts
            .iter()
            .all(|h| kb.platform_for_host(h).map(|p| &p.id) == Some(&facebook.id)));
    }
}
