//! The knowledge base compiled into the crate: what each platform keeps, which legal process reaches
//! it, and the sources that say so.
//!
//! The data lives in `kb/*.toml` (reviewed like code); `build.rs` turns it into a deflated compact
//! form (`crate::compact`) in the core's data file, read once, on first use (`crate::embedded`).
//! Lookups by id are the only way the rest of the core reads legal facts: code never states one
//! itself.

mod export;
pub mod model;
mod validate;

use std::sync::OnceLock;

use crate::report::Basis;
pub use export::{export, for_pages, matrix_markdown};
pub use model::*;
pub use validate::{validate, Problem, Rule};

/// The embedded knowledge base, read on first use.
///
/// It was written by `build.rs` from the same types, so reading only fails on a build bug; the
/// error is still returned as a value so that no caller can panic because of it.
pub fn knowledge_base() -> Result<&'static KnowledgeBase, String> {
    static KB: OnceLock<Result<KnowledgeBase, String>> = OnceLock::new();
    crate::embedded::ensure_loaded()?;
    KB.get_or_init(|| crate::embedded::read(crate::embedded::Part::KnowledgeBase))
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

    /// The pronoun that stands for a noun phrase of `grammar` in `lang` (`{it}` in templates).
    pub fn pronoun(&self, lang: &str, grammar: Grammar) -> Option<&str> {
        self.pronouns.get(lang)?.get(&grammar).map(String::as_str)
    }

    pub fn process(&self, id: &str) -> Option<&ProcessKind> {
        self.processes.iter().find(|p| p.id == id)
    }

    pub fn jurisdiction(&self, id: &str) -> Option<&Jurisdiction> {
        self.jurisdictions.iter().find(|j| j.id == id)
    }

    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }

    /// The law's floor for `record` in `jurisdiction`: of the `[[law]]` entries whose process belongs
    /// to that jurisdiction and reaches the record by statute, those with the lowest bar (a process no
    /// judge signs before one a judge must sign), in vocabulary order.
    pub fn law_floor(&self, record: &str, jurisdiction: &str) -> Vec<(&LawEntry, &ProcessKind)> {
        let reaching: Vec<(&LawEntry, &ProcessKind)> = self
            .law
            .iter()
            .filter(|entry| entry.record == record)
            .filter_map(|entry| self.process(&entry.process).map(|p| (entry, p)))
            .filter(|(_, p)| p.jurisdiction == jurisdiction)
            .collect();
        let lowest = reaching.iter().map(|(e, p)| e.judge(p).bar()).min();
        reaching
            .into_iter()
            .filter(|(e, p)| Some(e.judge(p).bar()) == lowest)
            .collect()
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

impl JudgeRole {
    /// How much a process needs before a platform is asked: no judge (0), a judge for some data (1),
    /// a judge always (2). The law's floor is the lowest; severity follows it.
    pub fn bar(self) -> u8 {
        match self {
            JudgeRole::Never => 0,
            JudgeRole::Depends => 1,
            JudgeRole::Always => 2,
        }
    }
}

impl Platform {
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }

    /// The platform's entry for requests from `jurisdiction`, if it has one.
    pub fn jurisdiction(&self, id: &str) -> Option<&PlatformJurisdiction> {
        self.jurisdictions.iter().find(|j| j.id == id)
    }

    /// The platform's fact about `record` in `jurisdiction`, if the knowledge base has one.
    pub fn fact(&self, record: &str, jurisdiction: &str) -> Option<&Fact> {
        self.facts
            .iter()
            .find(|f| f.record == record && f.jurisdiction == jurisdiction)
    }
}

/// What the knowledge base says about one record of one platform in one jurisdiction: what the
/// platform keeps, which processes it names, and the law's floor where that applies. Findings, the
/// matrix and the JSON export all read it, so the three say the same.
#[derive(Debug, Clone)]
pub struct Reach<'a> {
    /// What the platform keeps: the jurisdiction's own fact, else the record's fact for another
    /// jurisdiction (what a platform keeps does not depend on who asks; which process reaches it does).
    pub fact: &'a Fact,
    /// The processes the platform names for this jurisdiction; empty when it does not say.
    pub stated: Vec<&'a ProcessKind>,
    /// The law's floor, where it is shown: the record can be reached (kept, readable), the platform
    /// names nothing or only processes that need more, and the law's reach is not unclear.
    pub law: Vec<(&'a LawEntry, &'a ProcessKind)>,
    /// The platform's entry for this jurisdiction, when it says the law's reach is unclear there.
    pub unclear: Option<&'a PlatformJurisdiction>,
    /// The law's floor that would be shown but for `unclear`.
    pub withheld: Vec<(&'a LawEntry, &'a ProcessKind)>,
}

impl<'a> Reach<'a> {
    /// What `platform` keeps of `record` and who can get it in `jurisdiction`; `None` when the
    /// knowledge base has nothing to say about it there: no fact about the record in this
    /// jurisdiction, and no fact elsewhere that the law's floor here could apply to.
    pub fn of(
        kb: &'a KnowledgeBase,
        platform: &'a Platform,
        record: &str,
        jurisdiction: &str,
    ) -> Option<Self> {
        let own = platform.fact(record, jurisdiction);
        let fact = own.or_else(|| platform.facts.iter().find(|f| f.record == record))?;
        let v = &kb.vocabulary;
        let stated: Vec<&ProcessKind> = own
            .iter()
            .flat_map(|f| &f.processes)
            .filter_map(|id| v.process(id))
            .collect();
        let unclear = platform
            .jurisdiction(jurisdiction)
            .filter(|j| j.law_applies == LawApplies::Unclear);
        let reachable =
            fact.kept != Kept::No && !(fact.encrypted == Encryption::EndToEnd && stated.is_empty());
        let floor = v.law_floor(record, jurisdiction);
        let below_stated = |floor: &[(&LawEntry, &ProcessKind)]| {
            let stated_bar = stated.iter().map(|p| p.judge.bar()).min();
            let floor_bar = floor.iter().map(|(e, p)| e.judge(p).bar()).min();
            match (stated_bar, floor_bar) {
                (None, _) => true,
                (Some(stated), Some(floor)) => floor < stated,
                (Some(_), None) => false,
            }
        };
        let applicable = if reachable && below_stated(&floor) {
            floor
        } else {
            Vec::new()
        };
        let (law, withheld) = match unclear {
            None => (applicable, Vec::new()),
            Some(_) => (Vec::new(), applicable),
        };
        // Another jurisdiction's fact says what is kept, never who can get it here: without a fact of
        // its own, the record has something to say here only through the law's floor (or that the
        // floor is withheld because the law's reach is unclear).
        if own.is_none() && law.is_empty() && withheld.is_empty() {
            return None;
        }
        Some(Self {
            fact,
            stated,
            law,
            unclear,
            withheld,
        })
    }

    /// Whose word the answer rests on: the law's, when the platform names no process and the law's
    /// floor speaks; otherwise the platform's.
    pub fn basis(&self) -> Basis {
        if self.stated.is_empty() && !self.law.is_empty() {
            Basis::Law
        } else {
            Basis::Platform
        }
    }

    /// The lowest bar among the processes the answer names (the platform's, else the law's floor):
    /// what severity follows. `None`: no process reaches the record that we know of.
    pub fn lowest_judge(&self) -> Option<JudgeRole> {
        let judges: Vec<JudgeRole> = match self.basis() {
            Basis::Platform => self.stated.iter().map(|p| p.judge).collect(),
            Basis::Law => self.law.iter().map(|(e, p)| e.judge(p)).collect(),
        };
        judges.into_iter().min_by_key(|j| j.bar())
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

    /// The compact form reads back every field of what build.rs read from the TOML files, compared
    /// through `Debug`, which (unlike the JSON export) leaves nothing out.
    #[test]
    fn the_embedded_knowledge_base_is_the_toml_files_read_back() {
        let read = |path: &std::path::Path| std::fs::read_to_string(path).unwrap();
        let mut paths: Vec<_> = std::fs::read_dir("kb/platforms")
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
            .collect();
        paths.sort();
        let from_toml = KnowledgeBase {
            vocabulary: toml::from_str(&read("kb/vocabulary.toml".as_ref())).unwrap(),
            platforms: paths
                .iter()
                .map(|path| toml::from_str(&read(path)).unwrap())
                .collect(),
        };
        assert!(from_toml.platforms.len() > 10);
        let embedded = format!("{:#?}", knowledge_base().unwrap());
        let expected = format!("{from_toml:#?}");
        let same = embedded
            .lines()
            .zip(expected.lines())
            .position(|(a, b)| a != b);
        assert_eq!(
            (same, embedded.len()),
            (None, expected.len()),
            "first differing line"
        );
    }

    /// The problems of rule family `rule` whose place starts with `place`, one line each.
    fn problems(rule: Rule, place: &str) -> String {
        validate(knowledge_base().unwrap())
            .iter()
            .filter(|p| p.rule == rule && p.place.starts_with(place))
            .map(|p| format!("- {p}\n"))
            .collect()
    }

    #[test]
    fn the_embedded_knowledge_base_holds_together() {
        let problems = problems(Rule::Consistency, "");
        assert!(problems.is_empty(), "knowledge base problems:\n{problems}");
    }

    #[test]
    fn every_vocabulary_source_is_dated_and_every_link_is_https() {
        let problems = problems(Rule::Provenance, "vocabulary.toml");
        assert!(problems.is_empty(), "vocabulary.toml:\n{problems}");
    }

    #[test]
    fn every_platform_source_is_dated_and_every_link_is_https() {
        let problems = problems(Rule::Provenance, "platforms/");
        assert!(problems.is_empty(), "platform files:\n{problems}");
    }

    /// Accounts shared with another platform: their settings and help pages live on that platform's
    /// hosts (hosts belong to one platform each), so a checklist link may point there.
    const SHARED_ACCOUNTS: [(&str, &str); 3] = [
        ("messenger", "facebook"), // a Messenger account is a Facebook (Meta) account
        ("threads", "instagram"),  // a Threads profile is an Instagram account
        ("youtube", "google"),     // a YouTube account is a Google account
    ];

    /// Sign-in and account pages a platform's users reach, which must be recognised as that platform.
    const KNOWN_ACCOUNT_PAGES: [(&str, &str); 3] = [
        (
            "microsoft",
            "https://login.microsoftonline.com/common/oauth2/v2.0/authorize",
        ),
        ("amazon", "https://www.amazon.co.uk/gp/css/homepage.html"),
        ("amazon", "https://www.amazon.com.mx/gp/css/homepage.html"),
    ];

    #[test]
    fn checklist_links_and_known_account_pages_fall_under_the_platforms_hosts() {
        let kb = knowledge_base().unwrap();
        let host_of = |url: &str| {
            crate::url::PageUrl::parse(url)
                .map(|u| u.host)
                .unwrap_or_default()
        };
        let mut wrong: Vec<String> = Vec::new();
        for platform in &kb.platforms {
            let allowed: Vec<&str> = std::iter::once(platform.id.as_str())
                .chain(
                    SHARED_ACCOUNTS
                        .iter()
                        .filter(|(id, _)| *id == platform.id)
                        .map(|(_, owner)| *owner),
                )
                .collect();
            for step in &platform.checklist {
                let found = kb
                    .platform_for_host(&host_of(&step.url))
                    .map(|p| p.id.as_str());
                if !found.is_some_and(|id| allowed.contains(&id)) {
                    wrong.push(format!(
                        "- {}: checklist {} links to {} (recognised as {})\n",
                        platform.id,
                        step.id,
                        step.url,
                        found.unwrap_or("no platform")
                    ));
                }
            }
        }
        for (id, url) in KNOWN_ACCOUNT_PAGES {
            let found = kb.platform_for_host(&host_of(url)).map(|p| p.id.as_str());
            if found != Some(id) {
                wrong.push(format!(
                    "- {id}: account page {url} is recognised as {}\n",
                    found.unwrap_or("no platform")
                ));
            }
        }
        assert!(
            wrong.is_empty(),
            "add these hosts to the platform's `hosts`:\n{}",
            wrong.concat()
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
        assert_eq!(id("www.amazon.com.example"), None);
        assert_eq!(id("amazon.com.evil"), None);
        assert!(facebook
            .hosts
            .iter()
            .all(|h| kb.platform_for_host(h).map(|p| &p.id) == Some(&facebook.id)));
    }
}
